"""Tables, sentences and the coverage figure of the section "Blame over time" (notebook 05b).

The measures are `analysis.measures.periods`; every number here is computed from them. With
many ties or outlets, the rarer ones are grouped (`group_rare`) and the table says so.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from analysis.measures import periods as pm  # noqa: E402
from analysis.measures.framing import topic_group_labels  # noqa: E402
from analysis.measures.grouping import group_rare  # noqa: E402
from analysis.report.display import plural  # noqa: E402

__all__ = ["MAIN_TIE_WIDTHS", "MIN_ARTICLES", "coverage_table", "describe_coverage", "describe_cut",
           "describe_shifts", "frame_table", "main_tie_table", "plot_coverage", "ties_by_year_table"]

MIN_ARTICLES = 2  # a period with fewer articles is marked thin
MAIN_TIE_WIDTHS = (2.2, 0.4, 3.0, 0.7, 0.8, 0.8, 1.0, 1.4, 0.8)  # `main_tie_table`: the tie on one line
_ARROW = "→"


def _tie(speaker: str, target: str) -> str:
    return f"{speaker} {_ARROW} {target}"


def _range(low: float, high: float, percent: bool = False) -> str:
    if percent:
        return f"{low:.0%}" if round(low, 2) == round(high, 2) else f"{low * 100:.0f}–{high:.0%}"
    return f"{int(low)}" if low == high else f"{int(low)}–{int(high)}"


def coverage_table(articles: pd.DataFrame, statements: pd.DataFrame, kind: str = "year") -> pd.DataFrame:
    """Articles, outlets and statements per period, with thin periods marked."""
    table = pm.period_coverage(articles, statements, kind, MIN_ARTICLES)
    return pd.DataFrame({"Period": table["period"], "Articles": table["n_articles"],
                         "Outlets": table["n_outlets"], "Statements": table["n_statements"],
                         "Coverage": ["thin" if t else "" for t in table["is_thin"]]})


def describe_coverage(articles: pd.DataFrame, statements: pd.DataFrame) -> str:
    """Say how many articles are placed in time, which years are thin, and what is left out."""
    years = pm.period_coverage(articles, statements, "year", MIN_ARTICLES)
    dated = int(years["n_articles"].sum())
    thin = years.loc[years["is_thin"], "period"].tolist()
    text = (f"{plural(dated, 'article')} of {len(articles):,} have a publication year and are placed in "
            f"time; {plural(len(articles) - dated, 'article')} without one are left out of this section.")
    if len(years):
        text += f" Years covered: {years['period'].iloc[0]} to {years['period'].iloc[-1]}."
    if thin:
        text += (f" Thin years (fewer than {plural(MIN_ARTICLES, 'article')}): {', '.join(thin)}; "
                 "read their figures as anecdotes, not trends.")
    return text


def plot_coverage(articles: pd.DataFrame, statements: pd.DataFrame) -> plt.Figure:
    """Statements per year (thin years hatched) above the articles per month across the years."""
    years = pm.period_coverage(articles, statements, "year", MIN_ARTICLES)
    months = pm.assign_periods(articles, "month")
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(6.5, 4.2), height_ratios=[3, 2])
    if years.empty:
        top.text(0.5, 0.5, "No article has a publication year.", ha="center", va="center",
                 transform=top.transAxes)
        return fig
    x = range(len(years))
    bars = top.bar(x, years["n_statements"], color="#4D4D4D")
    for bar, thin, n in zip(bars, years["is_thin"], years["n_articles"], strict=True):
        if thin:
            bar.set_facecolor("#FFFFFF")
            bar.set_edgecolor("#4D4D4D")
            bar.set_hatch("///")
        top.text(bar.get_x() + bar.get_width() / 2, bar.get_height(), f"{n} art.", ha="center",
                 va="bottom", fontsize=6.5)
    top.set_xticks(list(x), years["period"], fontsize=7)
    top.set_ylabel("Statements (n)", fontsize=8)
    top.set_title(f"Statements per year (hatched: thin, fewer than {MIN_ARTICLES} articles)", fontsize=9)
    _month_strip(bottom, months, [int(y) for y in years["period"]])
    fig.tight_layout()
    return fig


def _month_strip(ax: plt.Axes, months: pd.DataFrame, years: list[int]) -> None:
    """One dot per article at its month; articles dated by year only sit mid-year as hollow dots."""
    counts: dict[float, int] = {}
    for period in months["period"]:
        year, month = period.split("-")
        position = int(year) + (0.5 if month == pm.MONTH_UNKNOWN else (int(month) - 0.5) / 12)
        counts[position] = counts.get(position, 0) + 1
        hollow = month == pm.MONTH_UNKNOWN
        ax.scatter([position], [counts[position]], s=18, facecolors="none" if hollow else "#4D4D4D",
                   edgecolors="#4D4D4D", linewidths=0.8)
    ax.set_xlim(min(years), max(years) + 1)
    ax.set_xticks([y + 0.5 for y in years], [str(y) for y in years], fontsize=7)
    ax.set_xticks(list(range(min(years), max(years) + 2)), minor=True)
    ax.grid(axis="x", which="minor", color="#DDDDDD")
    ax.set_yticks([])
    ax.set_ylim(0, max(counts.values(), default=1) + 1)
    ax.set_title("Articles by month (hollow: month unknown, placed mid-year)", fontsize=9)


def ties_by_year_table(statements: pd.DataFrame, articles: pd.DataFrame, keep: int = 8) -> pd.DataFrame:
    """Blame statements per tie and year, the `keep` heaviest ties shown, the others grouped."""
    ties = pm.ties_by_period(statements, articles, "year")
    ties = ties[ties["n_blame"] > 0]
    if ties.empty:
        return pd.DataFrame(columns=["Tie"])
    frame = pd.DataFrame({"tie": [_tie(s, t) for s, t in zip(ties["speaker_bloc"], ties["target_bloc"],
                                                               strict=True)],
                          "period": ties["period"], "n": ties["n_blame"]})
    grouped = group_rare(frame, "tie", "n", keep=keep, other="other ties")
    table = grouped.pivot_table(index="tie", columns="period", values="n", aggfunc="sum", fill_value=0)
    order = list(dict.fromkeys(grouped["tie"]))
    table = table.reindex(order)
    table["All"] = table.sum(axis=1)
    return table.reset_index().rename(columns={"tie": "Tie"}).rename_axis(columns=None)


def main_tie_table(statements: pd.DataFrame, articles: pd.DataFrame, kind: str, top: int) -> pd.DataFrame:
    """The main blame ties per period, with counts, shares and their leave-one-article-out ranges."""
    table = pm.tie_shifts(statements, articles, kind, top)
    return pd.DataFrame({
        "Period": table["period"], "Rank": table["rank"],
        "Tie": [_tie(s, t) for s, t in zip(table["speaker_bloc"], table["target_bloc"], strict=True)],
        "Blame (n)": table["n_blame"], "Share of blame": [f"{s:.0%}" for s in table["share_blame"]],
        "Articles": table["n_articles"],
        "n, one article left out": [_range(lo, hi) for lo, hi in
                                    zip(table["n_blame_min"], table["n_blame_max"], strict=True)],
        "Share, one left out": [_range(lo, hi, True) for lo, hi in zip(table["share_min"], table["share_max"],
                                                                        strict=True)],
        "Stays first": [f"{k} of {n}" if r == 1 else "" for k, n, r in
                        zip(table["stays_first"], table["n_runs"], table["rank"], strict=True)],
    })


def describe_cut(articles: pd.DataFrame, statements: pd.DataFrame) -> str:
    """Say where the cut is and how many dated articles and statements fall on each side."""
    sides = pm.period_coverage(articles, statements, "cut", MIN_ARTICLES).set_index("period")
    parts = [f"{side.capitalize()}: {plural(int(sides.loc[side, 'n_articles']), 'article')} "
             f"({plural(int(sides.loc[side, 'n_statements']), 'statement')})"
             for side in pm.cut_labels() if side in sides.index]
    return f"The cut is 1 January {pm.CUT_YEAR}. " + (". ".join(parts) + "." if parts else
                                                      "No article is dated on either side.")


def describe_shifts(statements: pd.DataFrame, articles: pd.DataFrame) -> list[str]:
    """One sentence per side of the cut: the main blame tie, its count, share and robustness."""
    table = pm.tie_shifts(statements, articles, "cut", top=1)
    sentences = []
    for row in table.itertuples(index=False):
        total = round(row.n_blame / row.share_blame) if row.share_blame else 0
        robust = ("it stays first whichever article is left out" if row.stays_first == row.n_runs else
                  f"it stays first in {row.stays_first} of the {row.n_runs} runs that leave one of the "
                  "period's articles out")
        tie = _tie(row.speaker_bloc, row.target_bloc)
        sentences.append(f"{row.period.capitalize()}, the main blame tie is **{tie}**: {row.n_blame:,} of "
                         f"{plural(total, 'blame statement')} ({row.share_blame:.0%}), "
                         f"from {plural(int(row.n_articles), 'article')}; {robust} (count "
                         f"{_range(row.n_blame_min, row.n_blame_max)}).")
    if not sentences:
        sentences.append("No dated article carries a blame statement, so no tie can be followed in time.")
    return sentences


def frame_table(statements: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Topic-group shares before and after the cut as 'share (n)', with the leave-one-out range."""
    table = pm.frame_shifts(statements, articles, "cut")
    if table.empty:
        return pd.DataFrame(columns=["Topic group"])
    labels = topic_group_labels()
    table["cell"] = [f"{s:.0%} ({n}); {_range(lo, hi, True)}" for s, n, lo, hi in
                     zip(table["share"], table["n"], table["share_min"], table["share_max"], strict=True)]
    wide = table.pivot(index="topic_group", columns="period", values="cell")
    wide = wide.reindex([g for g in labels if g in wide.index])
    totals = table.groupby("period")["n_period"].first()
    wide.columns = [f"{p} (n={totals[p]:,})" for p in wide.columns]
    wide.index = [labels[g] for g in wide.index]
    return wide.rename_axis("Topic group").reset_index()
