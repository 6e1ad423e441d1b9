"""Framing: which topic groups each bloc, each narrator and each quoted voice talks about."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from analysis.report import plural  # noqa: E402
from analysis.resources import load_yaml  # noqa: E402
from analysis.schemas import BLOCS  # noqa: E402

__all__ = [
    "TOPIC_GROUP_COLOURS",
    "assign_topic_groups",
    "framing_caveats",
    "narrator_vs_quoted",
    "plot_topic_shares",
    "topic_group_order",
    "topic_shares_by_bloc",
]

# Okabe–Ito (colourblind-safe), one colour per topic group, in display order.
TOPIC_GROUP_COLOURS = {
    "supply_side": "#E69F00",
    "consumption": "#56B4E9",
    "weapons": "#000000",
    "sovereignty": "#D55E00",
    "cooperation": "#009E73",
    "other": "#BBBBBB",
}
_SENTENCE_KEY = ["article_id", "sentence_no"]


@lru_cache(maxsize=1)
def _topic_groups() -> tuple[tuple[str, ...], dict[str, str], dict[str, str]]:
    raw = load_yaml("topic_groups.yaml")
    order = tuple(group["id"] for group in raw["groups"])
    by_topic = {topic: group["id"] for group in raw["groups"] for topic in group["topics"]}
    labels = {group["id"]: group["label"] for group in raw["groups"]}
    return order, by_topic, labels


def topic_group_order() -> tuple[str, ...]:
    """Return the topic-group ids in display order (from `topic_groups.yaml`)."""
    return _topic_groups()[0]


def _require(frame: pd.DataFrame, columns: Iterable[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks column(s) {', '.join(missing)}; expected the {name} table")


def assign_topic_groups(statements: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of the statements with a `topic_group` column (unlisted topics go to `other`)."""
    _require(statements, ["topic"], "statements")
    by_topic = _topic_groups()[1]
    frame = statements.copy()
    frame["topic_group"] = frame["topic"].map(lambda t: by_topic.get(t, "other")).astype(str)
    return frame


def _shares(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Count distinct sentences per (keys, topic_group) on a full grid, with the key's total and share.

    `n` counts distinct (article_id, sentence_no) pairs; `n_total` is the sum of `n` over the
    groups of one key, so shares sum to 1 (a sentence carrying two topic groups counts once in each).
    """
    order = list(topic_group_order())
    distinct = frame.drop_duplicates([*keys, "topic_group", *_SENTENCE_KEY])
    grouped = distinct.groupby([*keys, "topic_group"])
    counts = pd.DataFrame({"n": grouped.size(), "n_articles": grouped["article_id"].nunique()})
    key_values = frame[keys].drop_duplicates()
    grid = key_values.merge(pd.DataFrame({"topic_group": order}), how="cross")
    table = grid.merge(counts.reset_index(), on=[*keys, "topic_group"], how="left")
    table[["n", "n_articles"]] = table[["n", "n_articles"]].fillna(0).astype(int)
    table["n_total"] = table.groupby(keys)["n"].transform("sum").astype(int)
    table["share"] = table["n"] / table["n_total"].where(table["n_total"] > 0)
    table["topic_group"] = pd.Categorical(table["topic_group"], categories=order, ordered=True)
    return table


def topic_shares_by_bloc(statements: pd.DataFrame) -> pd.DataFrame:
    """Return each speaker bloc's topic-group shares as a long table.

    Columns: speaker_bloc, topic_group, n (distinct sentences of that bloc in that group),
    n_articles (distinct articles behind `n`), n_bloc (the bloc's sentence-group pairs, the sum
    of `n`, so shares sum to 1), share (n / n_bloc). Every bloc that speaks gets a row for every
    group, zeros included. Rows follow the bloc order of the codebook, then the group order.
    """
    _require(statements, ["article_id", "sentence_no", "speaker_bloc", "topic"], "statements")
    columns = ["speaker_bloc", "topic_group", "n", "n_articles", "n_bloc", "share"]
    if statements.empty:
        return pd.DataFrame({c: pd.Series(dtype="float" if c == "share" else "object") for c in columns})
    table = _shares(assign_topic_groups(statements), ["speaker_bloc"]).rename(columns={"n_total": "n_bloc"})
    bloc_rank = {bloc: i for i, bloc in enumerate(BLOCS)}
    table["_rank"] = table["speaker_bloc"].map(lambda b: bloc_rank.get(b, len(BLOCS)))
    table = table.sort_values(["_rank", "speaker_bloc", "topic_group"]).drop(columns="_rank")
    table["topic_group"] = table["topic_group"].astype(str)
    return table[columns].reset_index(drop=True)


def narrator_vs_quoted(statements: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Compare, per outlet, the narrator's topic-group shares with those of the voices it quotes.

    The narrator voice is the outlet's own; the quoted voices are `quote` and `reported`
    (from `topic_groups.yaml`). Columns: outlet, n_articles (the outlet's articles in the
    articles table, with or without statements), voice_group (`narrator` or `quoted`),
    topic_group, n (distinct sentences), n_voice (sum of `n` for that outlet and voice group),
    share (n / n_voice; empty when n_voice is 0). Every outlet of the articles table appears,
    with a full grid of voice groups and topic groups, so an absent voice shows as zeros.
    Raises ValueError when a statement's article is not in the articles table.
    """
    _require(statements, ["article_id", "sentence_no", "voice", "topic"], "statements")
    _require(articles, ["article_id", "outlet"], "articles")
    unknown = sorted(set(statements["article_id"]) - set(articles["article_id"]))
    if unknown:
        raise ValueError("statements refer to articles missing from the articles table: "
                         + ", ".join(unknown))
    raw = load_yaml("topic_groups.yaml")
    voice_group = {raw["narrator_voice"]: "narrator", **{v: "quoted" for v in raw["quoted_voices"]}}
    frame = assign_topic_groups(statements).merge(articles[["article_id", "outlet"]], on="article_id")
    frame["voice_group"] = frame["voice"].map(voice_group)
    frame = frame.dropna(subset=["voice_group"])
    outlets = articles.groupby("outlet")["article_id"].nunique().rename("n_articles").reset_index()
    grid = outlets.merge(pd.DataFrame({"voice_group": ["narrator", "quoted"]}), how="cross")
    grid = grid.merge(pd.DataFrame({"topic_group": list(topic_group_order())}), how="cross")
    counts = _counts(frame, ["outlet", "voice_group", "topic_group"])
    table = grid.merge(counts, on=["outlet", "voice_group", "topic_group"], how="left")
    table["n"] = table["n"].fillna(0).astype(int)
    table["n_voice"] = table.groupby(["outlet", "voice_group"])["n"].transform("sum").astype(int)
    table["share"] = table["n"] / table["n_voice"].where(table["n_voice"] > 0)
    table["topic_group"] = pd.Categorical(table["topic_group"], categories=topic_group_order(), ordered=True)
    table = table.sort_values(["outlet", "voice_group", "topic_group"])
    table["topic_group"] = table["topic_group"].astype(str)
    columns = ["outlet", "n_articles", "voice_group", "topic_group", "n", "n_voice", "share"]
    return table[columns].reset_index(drop=True)


def _counts(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    distinct = frame.drop_duplicates([*keys, *_SENTENCE_KEY])
    return distinct.groupby(keys).size().rename("n").reset_index()


def framing_caveats(comparison: pd.DataFrame, min_sentences: int = 5) -> list[str]:
    """Return sentences that warn where the framing figures rest on thin evidence.

    Takes the output of `narrator_vs_quoted`. Says, per outlet (sorted): when its figures rest
    on one article ("scmp's figures rest on one article."), when a voice group has no
    statements at all, and when a voice group rests on fewer than `min_sentences` sentences.
    """
    _require(comparison, ["outlet", "n_articles", "voice_group", "n_voice"], "comparison")
    caveats: list[str] = []
    per_voice = comparison.drop_duplicates(["outlet", "voice_group"]).sort_values(["outlet", "voice_group"])
    for outlet, rows in per_voice.groupby("outlet", sort=True):
        n_articles = int(rows["n_articles"].iloc[0])
        if n_articles == 1:
            caveats.append(f"{outlet}'s figures rest on one article.")
        for row in rows.itertuples(index=False):
            caveats.extend(_voice_caveat(str(outlet), str(row.voice_group), int(row.n_voice), min_sentences))
    return caveats


def _voice_caveat(outlet: str, voice_group: str, n_voice: int, min_sentences: int) -> list[str]:
    who = "its narrator" if voice_group == "narrator" else "the voices it quotes"
    if n_voice == 0:
        return [f"{outlet} has no coded statements from {who}, so there is no share to compare."]
    if n_voice < min_sentences:
        return [f"{outlet}'s shares for {who} rest on {plural(n_voice, 'sentence')} only."]
    return []


def plot_topic_shares(shares: pd.DataFrame) -> plt.Figure:
    """Draw stacked horizontal bars of topic-group shares per speaker bloc, with n in the labels.

    Takes the output of `topic_shares_by_bloc`. Each bar is one bloc (label `US (n=12)`, n =
    the bloc's sentence-group pairs); segments follow the group order, in an Okabe–Ito palette.
    An empty table gives a figure that says there is nothing to show.
    """
    fig, ax = plt.subplots(figsize=(8, 1.2 + 0.5 * max(1, shares["speaker_bloc"].nunique())))
    ax.set_xlabel("Share of the bloc's statement sentences, by topic group")
    ax.set_ylabel("Speaker bloc")
    ax.set_xlim(0, 1)
    if shares.empty or shares["n_bloc"].sum() == 0:
        ax.text(0.5, 0.5, "No statements to show", ha="center", va="center", transform=ax.transAxes)
        ax.set_yticks([])
        return fig
    blocs = list(dict.fromkeys(shares["speaker_bloc"]))
    n_bloc = shares.drop_duplicates("speaker_bloc").set_index("speaker_bloc")["n_bloc"]
    left = pd.Series(0.0, index=blocs)
    _, _, labels = _topic_groups()
    for group in topic_group_order():
        part = shares[shares["topic_group"] == group].set_index("speaker_bloc")["share"]
        part = part.reindex(blocs).fillna(0.0)
        colour = TOPIC_GROUP_COLOURS.get(group, "#999999")
        ax.barh(range(len(blocs)), part.values, left=left.values, color=colour, edgecolor="white",
                label=labels.get(group, group))
        left += part
    ax.set_yticks(range(len(blocs)), [f"{b} (n={int(n_bloc[b])})" for b in blocs])
    ax.invert_yaxis()
    ax.legend(title="Topic group", bbox_to_anchor=(1.02, 1), loc="upper left", frameon=False)
    ax.set_title("What each bloc talks about (share of its statement sentences)")
    fig.tight_layout()
    return fig
