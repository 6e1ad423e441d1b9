"""Framing: which topic groups each bloc, each narrator and each quoted voice talks about.
Tables only; the figure is in `analysis.report.figures`, the caveats in `analysis.report.framing_time`."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from analysis.codebook import BLOCS
from analysis.errors import require_frame_columns
from analysis.resources import load_yaml

__all__ = [
    "accusation_statements",
    "assign_topic_groups",
    "denial_statements",
    "narrator_vs_quoted",
    "topic_group_labels",
    "topic_group_order",
    "topic_shares_by_bloc",
]

_SENTENCE_KEY = ["article_id", "sentence_no"]


@lru_cache(maxsize=1)
def _topic_groups() -> tuple[tuple[str, ...], dict[str, str], dict[str, str]]:
    raw = load_yaml("topic_groups.yaml")
    order = tuple(group["id"] for group in raw["groups"])
    by_topic = {topic: group["id"] for group in raw["groups"] for topic in group["topics"]}
    labels = {group["id"]: group["label"] for group in raw["groups"]}
    return order, by_topic, labels


def topic_group_labels() -> dict[str, str]:
    """Display label of each topic group."""
    return _topic_groups()[2]


def topic_group_order() -> tuple[str, ...]:
    """Return the topic-group ids in display order (from `topic_groups.yaml`)."""
    return _topic_groups()[0]


def assign_topic_groups(statements: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of the statements with a `topic_group` column (unlisted topics go to `other`)."""
    require_frame_columns(statements, ["topic"], "statements")
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


def accusation_statements(statements: pd.DataFrame) -> pd.DataFrame:
    """Return the accusations a bloc makes against other blocs: the base for what it blames others for."""
    require_frame_columns(statements, ["relation", "speaker_bloc", "target_bloc"], "statements")
    chosen = (statements["relation"] == "accuse") & (statements["speaker_bloc"] != statements["target_bloc"])
    return statements[chosen].reset_index(drop=True)


def denial_statements(statements: pd.DataFrame) -> pd.DataFrame:
    """Return the denials: the base for what each bloc rejects responsibility for."""
    require_frame_columns(statements, ["relation"], "statements")
    return statements[statements["relation"] == "deny"].reset_index(drop=True)


def topic_shares_by_bloc(statements: pd.DataFrame) -> pd.DataFrame:
    """Return each speaker bloc's topic-group shares as a long table.

    The base is the statements given: pass `accusation_statements(...)` for what each bloc
    blames others for, `denial_statements(...)` for what it denies; all relations mixed would
    count a denial of supply as supply-side framing.

    Columns: speaker_bloc, topic_group, n (distinct sentences of that bloc in that group),
    n_articles (distinct articles behind `n`), n_bloc (the bloc's sentence-group pairs, the sum
    of `n`, so shares sum to 1), share (n / n_bloc). Every bloc that speaks gets a row for every
    group, zeros included. Rows follow the bloc order of the codebook, then the group order.
    """
    require_frame_columns(statements, ["article_id", "sentence_no", "speaker_bloc", "topic"], "statements")
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
    require_frame_columns(statements, ["article_id", "sentence_no", "voice", "topic"], "statements")
    require_frame_columns(articles, ["article_id", "outlet"], "articles")
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


