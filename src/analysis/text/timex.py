"""Time expressions in text: find dates, periods and relative times, and resolve them against
an article's publication date. No tables, no figures."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from analysis.text.multiscan import PatternSet

__all__ = ["TimeMention", "extract_time_mentions", "resolve_mention"]

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty": 20, "thirty": 30,
}
_RELATIVE_STEP = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}

# Month names are matched capitalised (so "may" the verb is not a month); other words ignore case.
_MONTH = r"(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December" \
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_WEEKDAY = r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?P<y>(?:19|20)\d{2})(?![\d,.]\d)"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?![\d:])"
_PREPOSITION = r"(?i:in|on|since|by|until|during|from|before|after|of)"
_LEAD = r"(?:(?i:(?:earlier|later|early|late|mid)\s+)?" + _PREPOSITION + r"\s+)?"
_REL = r"(?P<rel>(?i:last|this|next|past|previous|coming))"
_NUM = r"(?P<n>\d{1,3}|(?i:" + "|".join(_NUMBER_WORDS) + r"))"


@dataclass(frozen=True)
class TimeMention:
    """One time expression: offsets in the text, its normalised value and precision.

    `kind` is `absolute` (a calendar value such as `2023-09-29`) or `relative` (needs the
    article's date: `year-1` for "last year", `thursday` for "on Thursday").
    """

    start: int
    end: int
    text: str
    value: str
    precision: str
    kind: str
    mod: str = ""


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _number(token: str) -> int:
    return int(token) if token.isdigit() else _NUMBER_WORDS[token.lower()]


def _relative_year(rel: str) -> str:
    step = _RELATIVE_STEP[rel.lower()]
    return f"year{step:+d}"


def _full_date(m: re.Match[str]) -> tuple[str, str, str]:
    return f"{m['y']}-{_month(m['mon']):02d}-{int(m['d']):02d}", "day", "absolute"


def _month_day(m: re.Match[str]) -> tuple[str, str, str]:
    return f"--{_month(m['mon']):02d}-{int(m['d']):02d}", "month_day", "absolute"


def _month_year(m: re.Match[str]) -> tuple[str, str, str]:
    return f"{m['y']}-{_month(m['mon']):02d}", "month", "absolute"


def _month_relative_year(m: re.Match[str]) -> tuple[str, str, str]:
    return f"{_relative_year(m['rel'])}-{_month(m['mon']):02d}", "month", "relative"


def _month_only(m: re.Match[str]) -> tuple[str, str, str]:
    return f"--{_month(m['mon']):02d}", "month_no_year", "absolute"


def _fiscal_year(m: re.Match[str]) -> tuple[str, str, str]:
    year = m["y"] or m["fy"] or m["fy2"]
    year = year if len(year) == 4 else "20" + year
    return f"FY{year}", "fiscal_year", "absolute"


def _relative_fiscal(m: re.Match[str]) -> tuple[str, str, str]:
    return f"FY{_RELATIVE_STEP[m['rel'].lower()]:+d}", "fiscal_year", "relative"


def _decade(m: re.Match[str]) -> tuple[str, str, str]:
    return f"{m['dec']}s", "decade", "absolute"


def _year(m: re.Match[str]) -> tuple[str, str, str]:
    return m["y"], "year", "absolute"


def _relative_unit(m: re.Match[str]) -> tuple[str, str, str]:
    unit = m["unit"].lower()
    return f"{unit}{_RELATIVE_STEP[m['rel'].lower()]:+d}", unit, "relative"


def _ago(m: re.Match[str]) -> tuple[str, str, str]:
    unit = m["unit"].lower().rstrip("s")
    return f"{unit}-{_number(m['n'])}", unit, "relative"


def _deictic_day(m: re.Match[str]) -> tuple[str, str, str]:
    step = {"yesterday": -1, "today": 0, "tomorrow": 1}[m["deixis"].lower()]
    return f"day{step:+d}", "day", "relative"


def _weekday(m: re.Match[str]) -> tuple[str, str, str]:
    return m["wd"].lower(), "weekday", "relative"


# (pattern, normaliser), tried all together; overlaps are resolved longest first.
_PATTERNS: tuple[tuple[re.Pattern[str], object], ...] = tuple(
    (re.compile(r"\b" + pattern), handler)
    for pattern, handler in [
        (_LEAD + r"(?:" + _WEEKDAY.replace("wd", "wd0") + r",?\s+)?" + _MONTH + r"\s+" + _DAY
         + r",?\s+" + _YEAR, _full_date),
        (_LEAD + r"(?P<d>[0-3]?\d)\s+" + _MONTH + r",?\s+" + _YEAR, _full_date),
        (_LEAD + _MONTH + r"\s+" + _DAY + r"(?!,?\s+(?:19|20)\d{2})", _month_day),
        (_LEAD + _MONTH + r",?\s+(?i:of\s+)?" + _YEAR, _month_year),
        (_LEAD + _MONTH + r"\s+(?i:of\s+)?" + _REL + r"(?i:\s+year)\b", _month_relative_year),
        (_LEAD + r"(?P<mon>January|February|March|April|June|July|August|September|October|November"
         r"|December)\b", _month_only),
        (r"(?i:(?:earlier|later|early|late|mid)\s+)?(?i:in|on|since|by|until|during|from|before|after)\s+"
         r"(?P<mon>May|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?(?![\w])", _month_only),
        (_LEAD + r"(?i:the\s+)?(?:" + _YEAR + r"\s+(?i:fiscal|financial)\s+year"
         r"|(?i:fiscal|financial)\s+(?i:year\s+)?" + _YEAR.replace("?P<y>", "?P<fy>")
         + r"|FY\s?(?P<fy2>\d{2}|\d{4}))\b", _fiscal_year),
        (_LEAD + r"(?i:the\s+)?" + _REL + r"\s+(?i:fiscal|financial)\s+year\b", _relative_fiscal),
        (_LEAD + r"(?i:the\s+)?(?:(?P<mod>(?i:early|mid|late))[\s-]+)?(?P<dec>(?:19|20)\d0)(?:’|')?s\b",
         _decade),
        (r"(?i:(?:earlier|later|early|late|mid)\s+)?(?i:in|since|by|until|during|from|before|after|of)\s+"
         + _YEAR + r"\b", _year),
        (r"(?i:(?:earlier|later)\s+)?" + _REL + r"\s+(?P<unit>(?i:year|month|week))\b", _relative_unit),
        (_NUM + r"\s+(?P<unit>(?i:years|months|weeks|days|year|month|week|day))\s+(?i:ago)\b", _ago),
        (r"(?P<deixis>(?i:yesterday|today|tomorrow))\b", _deictic_day),
        (r"(?:(?i:on|last|next|this)\s+)?" + _WEEKDAY + r"\b", _weekday),
    ]
)
_SCANNER = PatternSet([pattern for pattern, _ in _PATTERNS], r"\b")  # all patterns in one pass
# Every pattern above needs one of these (checked in tests): a cheap test that skips the rest.
_MAY_HOLD_TIME = re.compile(r"\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|day|week|month|year|tomorrow"
                            r"|ago|fiscal|financial|fy", re.IGNORECASE)
_LINKS = ("before", "to", "ending", "ended", "until", "through", "of", "since", "after")
_PERIOD_PREFIX = re.compile(
    r"\b(?i:(?:in|during|over|for)\s+)?(?i:the\s+)?(?P<edge>(?i:first|last|past|previous|final)\s+)?"
    + _NUM + r"\s+(?P<unit>(?i:days|weeks|months|years))\s+"
    r"(?:(?P<link>(?i:" + "|".join(_LINKS) + r"))\s+)?"
)


def extract_time_mentions(text: str, start: int = 0, end: int | None = None) -> list[TimeMention]:
    """Find time expressions in `text[start:end]` (usually one sentence) with offsets into `text`.

    Recognised (best effort, English news style): full dates ("on September 29, 2023",
    "Tuesday, March 21, 2023"), days without a year ("March 22", value `--03-22`), months
    ("in March" → `--03`, precision `month_no_year`; "April 2023"; "September last year" →
    `year-1-09`), years ("in 2019"), decades ("in the early 2000s" → `2000s`, mod `early`),
    fiscal years ("the 2023 fiscal year" → `FY2023`; "this fiscal year" → `FY+0`), relative
    expressions ("last year" → `year-1`, "this week" → `week+0`, "two years ago" → `year-2`),
    weekdays ("on Thursday" → `thursday`, precision `weekday`, kind relative) and periods
    built on another mention ("in the 12 months before September last year" → `P12M before
    year-1-09`, "the first five months of the 2023 fiscal year" → `P5M first of FY2023`,
    precision `period`). A leading preposition ("in", "on", "Earlier in") is part of the span.
    Bare four-digit numbers are not taken as years. Overlapping candidates keep the longest.
    """
    end = len(text) if end is None else end
    if not _MAY_HOLD_TIME.search(text, start, end):
        return []  # no digit, month, weekday or time word: no pattern can match
    return _every_mention(text, start, end)


def _every_mention(text: str, start: int, end: int) -> list[TimeMention]:
    found = sorted(_SCANNER.finditer(text, start, end), key=lambda item: (item[0], item[1].start()))
    candidates = [_mention(text, match, _PATTERNS[index][1]) for index, match in found]
    mentions = _longest_first([c for c in candidates if c is not None])
    return _merge_periods(text, mentions, start)


def _mention(text: str, match: re.Match[str], handler: object) -> TimeMention | None:
    try:
        value, precision, kind = handler(match)  # type: ignore[operator]
    except (KeyError, ValueError):
        return None
    mod = (match.groupdict().get("mod") or "").lower()
    span = text[match.start() : match.end()]
    return TimeMention(match.start(), match.end(), span, value, precision, kind, mod)


def _longest_first(candidates: Iterable[TimeMention]) -> list[TimeMention]:
    kept: list[TimeMention] = []
    for cand in sorted(candidates, key=lambda c: (-(c.end - c.start), c.start)):
        if all(cand.end <= k.start or cand.start >= k.end for k in kept):
            kept.append(cand)
    return sorted(kept, key=lambda c: c.start)


def _merge_periods(text: str, mentions: list[TimeMention], start: int) -> list[TimeMention]:
    """Join "the 12 months before" + a following mention into one `period` mention."""
    merged: list[TimeMention] = []
    previous_end = start
    for mention in mentions:
        prefix = _period_prefix(text, previous_end, mention.start)
        link = _period_link(prefix, mention)
        if prefix is None or not link:
            merged.append(mention)
        else:
            unit = prefix["unit"][0].upper()
            edge = (prefix["edge"] or "").strip().lower()
            link = "first of" if edge == "first" and link == "of" else link
            value = f"P{_number(prefix['n'])}{unit} {link} {mention.value}"
            merged.append(TimeMention(prefix.start(), mention.end, text[prefix.start() : mention.end], value,
                                      "period", mention.kind))
        previous_end = mention.end
    return merged


def _period_link(prefix: re.Match[str] | None, mention: TimeMention) -> str:
    """Return the word linking a period to its anchor ("before", "of"), from the prefix or the mention."""
    if prefix is None:
        return ""
    if prefix["link"]:
        return prefix["link"].lower()
    first = mention.text.split(maxsplit=1)[0].lower()
    return first if first in _LINKS else ""


def _period_prefix(text: str, lower: int, mention_start: int) -> re.Match[str] | None:
    """Return a period prefix that ends exactly where the mention starts, if there is one."""
    for match in _PERIOD_PREFIX.finditer(text, max(lower, mention_start - 60), mention_start):
        if match.end() == mention_start:
            return match
    return None


# --------------------------------------------------------------------------- resolving


def resolve_mention(value: str, precision: str, published_sort: str) -> tuple[str, str]:
    """Resolve a relative value against an article's date; return `(value, precision)` or `("", "")`.

    "year-1" needs the publication year; "--03" (month without year) takes the publication
    year, or the year before when the month lies after the publication month; "thursday"
    takes the latest such weekday on or before a full publication date. Absolute values with
    a year are returned unchanged; anything else that cannot be resolved gives `("", "")`.
    """
    year = published_sort[:4] if re.match(r"^\d{4}", published_sort) else ""
    if match := re.fullmatch(r"(P\d+[DWMY] [a-z ]+?) (\S+)", value):
        anchor, _ = resolve_mention(match[2], "", published_sort)
        return (f"{match[1]} {anchor}", "period") if anchor else ("", "")
    if match := re.fullmatch(r"year([+-]\d+)(-\d{2})?", value):
        if not year:
            return "", ""
        resolved = str(int(year) + int(match[1]))
        return (resolved + match[2], "month") if match[2] else (resolved, "year")
    if match := re.fullmatch(r"--(\d{2})", value):
        return _resolve_month(int(match[1]), published_sort)
    if value in _WEEKDAYS:
        return _resolve_weekday(value, published_sort)
    if re.match(r"^(\d{4}|FY\d{4})", value):
        return value, precision
    return "", ""


def _resolve_month(month: int, published_sort: str) -> tuple[str, str]:
    match = re.match(r"^(\d{4})-(\d{2})", published_sort)
    if not match:
        return "", ""
    year = int(match[1]) - (1 if month > int(match[2]) else 0)
    return f"{year}-{month:02d}", "month"


def _resolve_weekday(weekday: str, published_sort: str) -> tuple[str, str]:
    try:
        published = dt.date.fromisoformat(published_sort)
    except ValueError:
        return "", ""
    back = (published.weekday() - _WEEKDAYS.index(weekday)) % 7
    return (published - dt.timedelta(days=back)).isoformat(), "day"
