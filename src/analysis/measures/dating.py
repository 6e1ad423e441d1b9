"""Dating statements: counts by article publication date and by the times their sentences
mention, what could not be dated, and dates rolled up to stay readable. Tables only."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

import pandas as pd

from analysis.errors import require_frame_columns
from analysis.text.timex import TimeMention, extract_time_mentions, resolve_mention

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

__all__ = ["coarsen_dates", "readable_time", "statements_by_article_date", "statements_by_mentioned_time",
           "undated_summary"]

_DATE_COLUMNS = ["published_sort", "published_precision", "published"]


def statements_by_article_date(statements: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Count statements by their article's publication date, at the precision the articles have.

    Columns: published_sort, published_precision, published (as written), speaker_bloc,
    n (distinct sentences), n_statements, n_articles. Only dated articles appear (precision
    other than `none`); `undated_summary` counts the rest. Rows sort by `published_sort`, so
    days without a year (`--08-08`) come first, then by bloc.
    """
    require_frame_columns(statements, ["article_id", "sentence_no", "speaker_bloc"], "statements")
    require_frame_columns(articles, ["article_id", *_DATE_COLUMNS], "articles")
    columns = [*_DATE_COLUMNS, "speaker_bloc", "n", "n_statements", "n_articles"]
    frame = statements.merge(articles[["article_id", *_DATE_COLUMNS]], on="article_id", how="inner")
    frame = frame[frame["published_precision"] != "none"]
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c.startswith("n") else "object") for c in columns})
    keys = [*_DATE_COLUMNS, "speaker_bloc"]
    grouped = frame.groupby(keys)
    distinct = frame.drop_duplicates([*keys, "article_id", "sentence_no"]).groupby(keys)
    table = pd.DataFrame({
        "n": distinct.size(),
        "n_statements": grouped.size(),
        "n_articles": grouped["article_id"].nunique(),
    }).reset_index()
    return table.sort_values(["published_sort", "speaker_bloc"])[columns].reset_index(drop=True)


_MENTION_COLUMNS = [
    "article_id", "sentence_no", "speaker", "speaker_bloc", "target_bloc", "relation", "topic",
    "mention_start", "mention_end", "mention", "value", "precision", "kind", "mod",
    "resolved", "resolved_precision", "mention_label", "time_label",
]


def statements_by_mentioned_time(
    statements: pd.DataFrame, sentences: pd.DataFrame, articles: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Pair each statement with every time its sentence mentions (one row per pair).

    Columns: article_id, sentence_no, speaker, speaker_bloc, target_bloc, relation, topic,
    mention_start/mention_end (offsets in the raw article text), mention (the span), value,
    precision, kind, mod, and resolved/resolved_precision (relative values resolved with the
    article's `published_sort` when `articles` is given and its date allows, else empty).
    A statement whose sentence mentions no time has no row (see `undated_summary`).
    For readers: `mention_label` merges spellings that differ only in case or spacing ("Last
    year", "last  year") under the most frequent one, and `time_label` is a readable time:
    the resolved value when there is one, else the value in words ("this year (article
    undated)", "March, year unknown"), never a raw code such as `year+0`.
    Assumption (documented best effort): a time mentioned in a statement's sentence dates it.
    """
    require_frame_columns(statements, ["article_id", "sentence_no", "speaker", "speaker_bloc", "target_bloc",
                          "relation", "topic"], "statements")
    require_frame_columns(sentences, ["article_id", "sentence_no", "start", "text"], "sentences")
    published = {} if articles is None else dict(zip(articles["article_id"], articles["published_sort"],
                                                     strict=True))
    mentions = _sentence_mentions(_statement_sentences(statements, sentences))
    rows = []
    for st in statements.itertuples(index=False):
        for mention in mentions.get((st.article_id, int(st.sentence_no)), []):
            resolved = resolve_mention(mention.value, mention.precision, published.get(st.article_id, ""))
            rows.append((st.article_id, int(st.sentence_no), st.speaker, st.speaker_bloc, st.target_bloc,
                         st.relation, st.topic, mention.start, mention.end, mention.text, mention.value,
                         mention.precision, mention.kind, mention.mod, *resolved,
                         " ".join(mention.text.split()), readable_time(resolved[0] or mention.value,
                                                                       bool(resolved[0]))))
    table = pd.DataFrame(rows, columns=_MENTION_COLUMNS)
    table["mention_label"] = _merged_spellings(table["mention_label"])
    return table.sort_values(["article_id", "sentence_no", "mention_start", "speaker"]).reset_index(drop=True)


def _merged_spellings(mentions: pd.Series) -> pd.Series:
    """Map each mention to the most frequent spelling among those equal up to case (ties: sorted first)."""
    if mentions.empty:
        return mentions
    keys = mentions.str.casefold()
    counts = pd.DataFrame({"key": keys, "text": mentions}).value_counts().reset_index(name="n")
    best = counts.sort_values(["key", "n", "text"], ascending=[True, False, True]).drop_duplicates("key")
    return keys.map(dict(zip(best["key"], best["text"], strict=True)))


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_UNITS = {"D": "day", "W": "week", "M": "month", "Y": "year"}


def readable_time(value: str, resolved: bool = False) -> str:
    """Say a time value in words: `2023-05` stays, `year-1` → "last year (article undated)",
    `--03` → "March, year unknown", `tuesday` → "a Tuesday, date unknown", `P3Y before 2020` →
    "3 years before 2020". `resolved` values are dates already and keep their form."""
    if resolved or re.fullmatch(r"\d{4}(-\d{2}){0,2}|FY\d{4}", value):
        return _readable_period(value) if value.startswith("P") else value
    if match := re.fullmatch(r"(year|quarter|month|week|day)([+-]\d+)(?:-(\d{2}))?", value):
        month = f"{_MONTHS[int(match[3]) - 1]} of " if match[3] else ""
        return f"{month}{_relative(match[1], int(match[2]))} (article undated)"
    if match := re.fullmatch(r"FY([+-]\d+)", value):
        return {0: "this fiscal year", -1: "last fiscal year", 1: "next fiscal year"}.get(
            int(match[1]), f"fiscal year {match[1]}") + " (article undated)"
    if match := re.fullmatch(r"--(\d{2})(?:-(\d{2}))?", value):
        day = f" {int(match[2])}" if match[2] else ""
        return f"{_MONTHS[int(match[1]) - 1]}{day}, year unknown"
    if value in _WEEKDAYS:
        return f"a {value.capitalize()} (article undated)"
    if value.startswith("P"):
        return _readable_period(value)
    return value


def _relative(unit: str, shift: int) -> str:
    """Say a shift of whole units from the article's date: "this week", "last year", "3 days ago"."""
    if unit == "day":
        return {0: "today", -1: "yesterday", 1: "tomorrow"}.get(shift, _shifted(unit, shift))
    return {0: f"this {unit}", -1: f"last {unit}", 1: f"next {unit}"}.get(shift, _shifted(unit, shift))


def _shifted(unit: str, shift: int) -> str:
    return f"{abs(shift)} {unit}s {'ago' if shift < 0 else 'ahead'}"


def _readable_period(value: str) -> str:
    match = re.fullmatch(r"P(\d+)([DWMY]) (.+?) (\S+)", value)
    if not match:
        return value
    n, unit = int(match[1]), _UNITS[match[2]]
    anchor = readable_time(match[4]).removesuffix(" (article undated)")
    return f"{n} {unit}{'s' if n != 1 else ''} {match[3]} {anchor}"


def _statement_sentences(statements: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Return the sentences that hold a statement (the only ones whose times are needed)."""
    wanted = statements[["article_id", "sentence_no"]].drop_duplicates().astype({"sentence_no": "int64"})
    return sentences.astype({"sentence_no": "int64"}).merge(wanted, on=["article_id", "sentence_no"])


def _sentence_mentions(sentences: pd.DataFrame) -> dict[tuple[str, int], list[TimeMention]]:
    """Extract mentions per sentence, shifted to raw-text offsets."""
    found: dict[tuple[str, int], list[TimeMention]] = {}
    columns = (sentences[c].tolist() for c in ("article_id", "sentence_no", "start", "text"))
    for article_id, sentence_no, start, text in zip(*columns, strict=True):
        shift = int(start)
        found[(article_id, int(sentence_no))] = [
            replace(m, start=m.start + shift, end=m.end + shift) for m in _mentions_of_sentence(text)
        ]
    return found


@lru_cache(maxsize=1 << 20)
def _mentions_of_sentence(text: str) -> tuple[TimeMention, ...]:
    """Time mentions of one sentence, remembered: the report asks for them twice."""
    return tuple(extract_time_mentions(text))


def undated_summary(
    statements: pd.DataFrame, articles: pd.DataFrame, sentences: pd.DataFrame
) -> pd.DataFrame:
    """Count what could not be dated: articles without a date, and statements by dating route.

    Columns: item, n, of (the total it is a part of). Items: articles without a publication
    date; statements in undated articles; statements whose sentence mentions no time;
    statements with neither an article date nor a mentioned time.
    """
    require_frame_columns(articles, ["article_id", "published_precision"], "articles")
    undated_ids = set(articles.loc[articles["published_precision"] == "none", "article_id"])
    keys = statements[["article_id", "sentence_no"]].astype({"sentence_no": int})
    mentions = _sentence_mentions(_statement_sentences(statements, sentences))
    no_mention = [not mentions.get((a, s)) for a, s in keys.itertuples(index=False)]
    in_undated = keys["article_id"].isin(undated_ids).tolist()
    n_statements = len(statements)
    rows = [
        ("articles without a publication date", len(undated_ids), len(articles)),
        ("statements in undated articles", sum(in_undated), n_statements),
        ("statements whose sentence mentions no time", sum(no_mention), n_statements),
        ("statements with neither",
         sum(a and b for a, b in zip(in_undated, no_mention, strict=True)), n_statements),
    ]
    return pd.DataFrame(rows, columns=["item", "n", "of"])



_MAX_BARS = 24  # more dates than this are rolled up (day → month → year) to stay readable


def coarsen_dates(by_date: pd.DataFrame, max_bars: int = _MAX_BARS) -> pd.DataFrame:
    """Roll `statements_by_article_date` up until at most `max_bars` dates remain (if it can).

    Days become months (a day without a year, `--08-08`, becomes a month without a year,
    `--08`), then months become years; `published` becomes the period. Counts add up
    exactly, since each article has one date.
    """
    frame = by_date
    for step in _ROLL_UPS:
        if len(frame.drop_duplicates(["published_sort", "published_precision"])) <= max_bars:
            break
        frame = _roll_up(frame, step)
    return frame


# Each step maps a precision to the coarser one and how many characters of the date it keeps.
_ROLL_UPS = (
    {"day": ("month", 7), "month_day": ("month_no_year", 4)},
    {"day": ("year", 4), "month": ("year", 4)},
)


def _roll_up(frame: pd.DataFrame, step: dict[str, tuple[str, int]]) -> pd.DataFrame:
    frame = frame.copy()
    for precision, (coarser, width) in step.items():
        rows = frame["published_precision"] == precision
        frame.loc[rows, "published_sort"] = frame.loc[rows, "published_sort"].str[:width]
        frame.loc[rows, "published"] = frame.loc[rows, "published_sort"]
        frame.loc[rows, "published_precision"] = coarser
    keys = [*_DATE_COLUMNS, "speaker_bloc"]
    frame = frame.groupby(keys, as_index=False)[["n", "n_statements", "n_articles"]].sum()
    return frame.sort_values(["published_sort", "speaker_bloc"]).reset_index(drop=True)
