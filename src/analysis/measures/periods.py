"""Blame dynamics over time: who blames whom per period, the main ties and the frames per period,
before and after a cut (the 2025 tariff threats), each with leave-one-article-out robustness.

Periods come from each article's publication date at the precision the metadata gives: a
year needs a year, a month needs a month (an article dated by its year only is counted in
`YYYY-??`), and `cut` splits at the start of a year. Undated articles (no year)
are left out and counted by `period_coverage`'s caller. Statements are counted as rows (one
per speaker, target, relation and topic of a span). Tables only: no prose, no figures.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from analysis.codebook import NEGATIVE_RELATIONS, POSITIVE_RELATIONS
from analysis.errors import require_frame_columns
from analysis.measures.framing import assign_topic_groups, topic_group_order

__all__ = [
    "CUT_YEAR",
    "PERIOD_KINDS",
    "assign_periods",
    "cut_labels",
    "frames_by_period",
    "frame_shifts",
    "main_ties",
    "period_coverage",
    "periods_leave_one_article_out",
    "tie_shifts",
    "ties_by_period",
]

PERIOD_KINDS = ("year", "month", "cut")
# The tariff threats made in fentanyl's name were announced in late 2024 and imposed in 2025;
# cutting at 1 January 2025 keeps every article dated by its year alone on one side.
CUT_YEAR = 2025
MONTH_UNKNOWN = "??"  # `2024-??`: dated by its year only (sorts after the year's months)
_DATED = ("year", "month", "day")
_TIE = ["speaker_bloc", "target_bloc"]


def cut_labels(cut_year: int = CUT_YEAR) -> tuple[str, str]:
    """The two `cut` period labels, earlier first (they sort in time order): `before 2025`, `from 2025`."""
    return f"before {cut_year}", f"from {cut_year}"


def _period_of(precision: str, published_sort: str, kind: str, cut_year: int) -> str | None:
    if precision not in _DATED:
        return None
    year = published_sort[:4]
    if kind == "year":
        return year
    if kind == "month":
        return published_sort[:7] if precision in ("month", "day") else f"{year}-{MONTH_UNKNOWN}"
    before, after = cut_labels(cut_year)
    return before if int(year) < cut_year else after


def assign_periods(articles: pd.DataFrame, kind: str = "year", cut_year: int = CUT_YEAR) -> pd.DataFrame:
    """Map each dated article to its period. Columns: article_id, period (sorted by period, id)."""
    if kind not in PERIOD_KINDS:
        raise ValueError(f"parameter kind: expected one of {', '.join(PERIOD_KINDS)}, found {kind!r}")
    require_frame_columns(articles, ["article_id", "published_precision", "published_sort"], "articles")
    dates = zip(articles["article_id"], articles["published_precision"], articles["published_sort"],
                strict=True)
    rows = [(a, _period_of(p, s, kind, cut_year)) for a, p, s in dates]
    frame = pd.DataFrame([r for r in rows if r[1] is not None], columns=["article_id", "period"])
    return frame.sort_values(["period", "article_id"]).reset_index(drop=True)


def _with_periods(statements: pd.DataFrame, articles: pd.DataFrame, kind: str, cut_year: int) -> pd.DataFrame:
    require_frame_columns(statements, ["article_id", "relation", "topic", *_TIE], "statements")
    return statements.merge(assign_periods(articles, kind, cut_year), on="article_id", how="inner")


def period_coverage(articles: pd.DataFrame, statements: pd.DataFrame, kind: str = "year",
                    min_articles: int = 2, cut_year: int = CUT_YEAR) -> pd.DataFrame:
    """Articles, outlets and statements per period; periods with fewer than `min_articles` are thin.

    For `year`, every year from the first to the last dated one appears, empty years included.
    Columns: period, n_articles, n_outlets, n_statements, is_thin.
    """
    require_frame_columns(articles, ["outlet"], "articles")
    periods = assign_periods(articles, kind, cut_year).merge(articles[["article_id", "outlet"]],
                                                             on="article_id")
    counts = statements.groupby("article_id").size()
    periods["n"] = periods["article_id"].map(counts).fillna(0).astype("int64")
    grouped = periods.groupby("period")
    table = pd.DataFrame({"n_articles": grouped.size(), "n_outlets": grouped["outlet"].nunique(),
                          "n_statements": grouped["n"].sum()})
    if kind == "year" and len(table):
        years = [str(y) for y in range(int(table.index.min()), int(table.index.max()) + 1)]
        table = table.reindex(years, fill_value=0)
    table = table.rename_axis("period").reset_index().astype({c: "int64" for c in table.columns})
    table["is_thin"] = table["n_articles"] < min_articles
    return table


def ties_by_period(statements: pd.DataFrame, articles: pd.DataFrame, kind: str = "year",
                   cut_year: int = CUT_YEAR) -> pd.DataFrame:
    """Blame and support between speaker and target blocs per period (self-ties included).

    Columns: period, speaker_bloc, target_bloc, n_blame (accuse, deny, demand, threaten),
    n_support (appeal, cooperate, praise), n_articles (articles behind the tie), share_blame
    (n_blame over the period's blame). Sorted by period, then n_blame descending, then the tie.
    """
    frame = _with_periods(statements, articles, kind, cut_year)
    columns = ["period", *_TIE, "n_blame", "n_support", "n_articles", "share_blame"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame["blame"] = frame["relation"].isin(NEGATIVE_RELATIONS).astype("int64")
    frame["support"] = frame["relation"].isin(POSITIVE_RELATIONS).astype("int64")
    grouped = frame.groupby(["period", *_TIE])
    table = pd.DataFrame({"n_blame": grouped["blame"].sum(), "n_support": grouped["support"].sum(),
                          "n_articles": grouped["article_id"].nunique()}).reset_index()
    total = table.groupby("period")["n_blame"].transform("sum")
    table["share_blame"] = (table["n_blame"] / total.where(total > 0)).fillna(0.0)
    table = table.sort_values(["period", "n_blame", *_TIE], ascending=[True, False, True, True])
    return table[columns].reset_index(drop=True)


def main_ties(ties: pd.DataFrame, top: int = 3) -> pd.DataFrame:
    """The `top` blame ties of each period (ties with blame only), with their rank from 1."""
    shown = ties[ties["n_blame"] > 0].copy()
    shown["rank"] = shown.groupby("period").cumcount() + 1
    return shown[shown["rank"] <= top].reset_index(drop=True)


def frames_by_period(statements: pd.DataFrame, articles: pd.DataFrame, kind: str = "cut",
                     cut_year: int = CUT_YEAR) -> pd.DataFrame:
    """Topic-group shares of all statements per period, on a full grid of groups.

    Columns: period, topic_group, n, n_period, share (n over the period's statements).
    """
    frame = assign_topic_groups(_with_periods(statements, articles, kind, cut_year))
    columns = ["period", "topic_group", "n", "n_period", "share"]
    if frame.empty:
        return pd.DataFrame(columns=columns)
    order = list(topic_group_order())
    counts = frame.groupby(["period", "topic_group"]).size()
    grid = pd.MultiIndex.from_product([sorted(frame["period"].unique()), order],
                                      names=["period", "topic_group"])
    table = counts.reindex(grid, fill_value=0).rename("n").reset_index()
    table["n_period"] = table.groupby("period")["n"].transform("sum")
    table["share"] = table["n"] / table["n_period"]
    return table[columns].astype({"n": "int64", "n_period": "int64"})


# --------------------------------------------------------------------------- robustness


Measure = Callable[[pd.DataFrame, pd.DataFrame], pd.Series]


def periods_leave_one_article_out(statements: pd.DataFrame, articles: pd.DataFrame,
                                  measure: Measure) -> pd.DataFrame:
    """Recompute a measure with each article left out in turn; report its range per finding.

    `measure(statements, articles)` returns a Series of numbers indexed by finding. Columns:
    finding (the index, as is), value (all articles), loao_min, loao_max, and most_influential
    (the article whose removal moves the value most; ties: the first article id). A finding
    missing without an article counts as 0 there.
    """
    full = measure(statements, articles)
    ids = sorted(articles["article_id"])
    runs = {a: measure(statements[statements["article_id"] != a], articles[articles["article_id"] != a])
            .reindex(full.index, fill_value=0) for a in ids}
    if not runs:
        lows = highs = full
        influential = pd.Series("", index=full.index)
    else:
        table = pd.DataFrame(runs, index=full.index).astype("float64")
        lows, highs = table.min(axis=1), table.max(axis=1)
        influential = table.sub(full.astype("float64"), axis=0).abs().idxmax(axis=1)
    return pd.DataFrame({"finding": list(full.index), "value": full.to_numpy(), "loao_min": lows.to_numpy(),
                         "loao_max": highs.to_numpy(), "most_influential": influential.to_numpy()})


def _tie_measure(kind: str, cut_year: int, column: str) -> Measure:
    def measure(statements: pd.DataFrame, articles: pd.DataFrame) -> pd.Series:
        ties = ties_by_period(statements, articles, kind, cut_year)
        return ties.set_index(["period", *_TIE])[column]
    return measure


def _is_first(kind: str, cut_year: int) -> Measure:
    def measure(statements: pd.DataFrame, articles: pd.DataFrame) -> pd.Series:
        ranked = main_ties(ties_by_period(statements, articles, kind, cut_year), top=1)
        return pd.Series(1, index=pd.MultiIndex.from_frame(ranked[["period", *_TIE]]), dtype="int64")
    return measure


def tie_shifts(statements: pd.DataFrame, articles: pd.DataFrame, kind: str = "cut", top: int = 3,
               cut_year: int = CUT_YEAR) -> pd.DataFrame:
    """The main blame ties per period with counts, shares and leave-one-article-out robustness.

    Columns: period, speaker_bloc, target_bloc, rank, n_blame, share_blame, n_articles,
    n_blame_min / n_blame_max (over leave-one-article-out runs), share_min / share_max, and
    stays_first (in how many of the period's leave-one-out runs the tie is still first; only
    for rank 1, else 0) of n_runs (the period's articles).
    """
    ties = ties_by_period(statements, articles, kind, cut_year)
    ranked = main_ties(ties, top)
    key = ["period", *_TIE]
    counts = _loao_frame(statements, articles, _tie_measure(kind, cut_year, "n_blame"), key, "n_blame")
    shares = _loao_frame(statements, articles, _tie_measure(kind, cut_year, "share_blame"), key, "share")
    table = ranked.merge(counts, on=key, how="left").merge(shares, on=key, how="left")
    firsts = _stays_first(statements, articles, kind, cut_year)
    table = table.merge(firsts, on="period", how="left")
    table["stays_first"] = table["stays_first"].where(table["rank"] == 1, 0).fillna(0).astype("int64")
    table["n_runs"] = table["n_runs"].fillna(0).astype("int64")
    return table[[*key, "rank", "n_blame", "share_blame", "n_articles", "n_blame_min", "n_blame_max",
                  "share_min", "share_max", "stays_first", "n_runs"]].reset_index(drop=True)


def _loao_frame(statements: pd.DataFrame, articles: pd.DataFrame, measure: Measure, key: list[str],
                name: str) -> pd.DataFrame:
    loao = periods_leave_one_article_out(statements, articles, measure)
    frame = pd.DataFrame(list(loao["finding"]), columns=key)
    frame[f"{name}_min"], frame[f"{name}_max"] = loao["loao_min"].to_numpy(), loao["loao_max"].to_numpy()
    return frame


def _stays_first(statements: pd.DataFrame, articles: pd.DataFrame, kind: str, cut_year: int) -> pd.DataFrame:
    """Per period: in how many runs leaving out one of its articles its first tie stays first."""
    periods = assign_periods(articles, kind, cut_year)
    first = main_ties(ties_by_period(statements, articles, kind, cut_year), top=1)
    rows = []
    for row in first.itertuples(index=False):
        members = sorted(periods.loc[periods["period"] == row.period, "article_id"])
        kept = 0
        for article_id in members:
            rest = main_ties(ties_by_period(statements[statements["article_id"] != article_id],
                                            articles[articles["article_id"] != article_id], kind, cut_year),
                             top=1)
            again = rest[rest["period"] == row.period]
            kept += int(len(again) == 1 and (again["speaker_bloc"].iloc[0], again["target_bloc"].iloc[0])
                        == (row.speaker_bloc, row.target_bloc))
        rows.append((row.period, kept, len(members)))
    return pd.DataFrame(rows, columns=["period", "stays_first", "n_runs"])


def frame_shifts(statements: pd.DataFrame, articles: pd.DataFrame, kind: str = "cut",
                 cut_year: int = CUT_YEAR) -> pd.DataFrame:
    """Topic-group shares per period with their leave-one-article-out range.

    Columns: period, topic_group, n, n_period, share, share_min, share_max.
    """
    frames = frames_by_period(statements, articles, kind, cut_year)

    def measure(s: pd.DataFrame, a: pd.DataFrame) -> pd.Series:
        return frames_by_period(s, a, kind, cut_year).set_index(["period", "topic_group"])["share"]

    loao = _loao_frame(statements, articles, measure, ["period", "topic_group"], "share")
    return frames.merge(loao, on=["period", "topic_group"], how="left")
