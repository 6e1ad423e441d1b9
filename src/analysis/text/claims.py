"""Numeric claims in text: figures with their quantity, unit, scope and period, by sentence.
The comparison across outlets is in `analysis.measures.facts`."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd

from analysis.resources import load_yaml
from analysis.text.clauses import clause_rule
from analysis.text.timex import TimeMention, extract_time_mentions

__all__ = ["CLAIM_COLUMNS", "claim_records", "claims_lexicon", "extract_numeric_claims"]

CLAIM_COLUMNS = [
    "article_id", "sentence_no", "start", "end", "evidence", "quantity", "value_low", "value_high",
    "unit", "comparator", "scope", "period", "period_value", "place",
]
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


# --------------------------------------------------------------------------- lexicon


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class _Lexicon:
    raw: dict[str, Any]
    atom: re.Pattern[str]
    comparator: re.Pattern[str]
    comparator_names: dict[str, str]
    potency: re.Pattern[str]
    times: re.Pattern[str]
    currency_noun: re.Pattern[str]
    count_noun: re.Pattern[str]
    noun_info: dict[str, dict[str, Any]]
    death_after: re.Pattern[str]
    death_before: re.Pattern[str]
    drug: re.Pattern[str]
    seizure: re.Pattern[str]
    frequency: list[tuple[str, re.Pattern[str]]]
    scopes: dict[str, list[tuple[str, re.Pattern[str]]]]
    place: re.Pattern[str]
    place_names: dict[str, str]


@lru_cache(maxsize=1)
def claims_lexicon() -> _Lexicon:
    raw = load_yaml("quantities.yaml")
    words = _alternation(raw["number_words"])
    atom = re.compile(
        r"(?<![\w.,:$])(?<![A-Za-z]-)(?:(?P<cur>" + _alternation(raw["currency_prefixes"]) + r")\s?)?"
        r"(?:(?P<vague>(?i:" + _alternation(raw["vague"]) + r"))|(?P<num>" + _DIGITS + r")|(?P<word>(?i:"
        + words + r")))(?:\s?(?P<scale>(?i:" + _alternation(raw["scales"]) + r"))\b)?"
        r"(?:\s?(?P<pct>%)|\s+(?P<pctw>(?i:percent|per cent))\b)?(?![\w]|[.,]\d|:\d|-[A-Za-z])"
    )
    comparator_names = {s.lower(): name for name, surfaces in raw["comparators"].items() for s in surfaces}
    nouns = {n.lower(): entry for entry in raw["count_nouns"] for n in entry["nouns"]}
    refs = _alternation(raw["potency_references"])
    places = {alias: name for name, aliases in raw["places"].items() for alias in aliases}
    return _Lexicon(
        raw=raw,
        atom=atom,
        comparator=re.compile(r"(?i:\b(?P<comp>" + _alternation(comparator_names) + r"))\s+$"),
        comparator_names=comparator_names,
        potency=re.compile(r"^\s*-?\s*(?i:times)\s+(?P<mid>(?:[\w-]+\s+){0,3}?)(?i:than|as)\s+(?:[\w-]+\s+)?"
                           r"(?P<ref>(?i:" + refs + r"))\b"),
        times=re.compile(r"^\s*-?\s*(?i:times)\b(?P<mid>(?:\s+[\w-]+){0,3})"),
        currency_noun=re.compile(r"^(?:\s+of)?(?:\s+(?:US|U\.S\.|American))?\s+(?P<noun>(?i:"
                                 + _alternation(raw["currency_nouns"]) + r"))\b"),
        count_noun=re.compile(r"^(?:\s+of(?:\s+the)?)?(?P<mid>(?:\s+[A-Za-z][\w’'-]*){0,3}?)\s+(?P<noun>(?i:"
                              + _alternation(nouns) + r"))\b"),
        noun_info=nouns,
        death_after=re.compile(raw["death_cues_after"], re.I),
        death_before=re.compile(raw["death_cues_before"], re.I),
        drug=re.compile(raw["drug_cues"], re.I),
        seizure=re.compile(raw["seizure_cues"], re.I),
        frequency=[(label, re.compile(r"\b(?:" + "|".join(p) + r")\b", re.I))
                   for label, p in raw["frequencies"].items()],
        scopes={q: [(label, re.compile(r"\b(?:" + "|".join(p) + r")\b", re.I)) for label, p in labels.items()]
                for q, labels in raw["scopes"].items()},
        place=re.compile(r"\b(?:in|across|within|throughout)\s+(?:the\s+)?(?P<place>"
                         + _alternation(places) + r")(?![\w])"),
        place_names=places,
    )


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class _Figure:
    """A number, range or ratio found in a sentence (local offsets), before its unit is read."""

    start: int
    end: int
    low: float
    high: float
    currency: str = ""
    percent: bool = False
    small_word: bool = False
    maybe_year: bool = False


def _atom_value(match: re.Match[str], lex: _Lexicon) -> tuple[float, float] | None:
    if match["vague"]:
        low, high = lex.raw["vague"][match["vague"].lower()]
        return float(low), float(high)
    if match["num"]:
        value = float(match["num"].replace(",", ""))
    else:
        value = float(lex.raw["number_words"][match["word"].lower()])
    return value, value


def _atom(match: re.Match[str], lex: _Lexicon) -> _Figure | None:
    """Turn one atom match into a figure, applying its scale; drop one-letter scales without currency."""
    values = _atom_value(match, lex)
    if values is None:
        return None
    end, scale = match.end(), 1.0
    currency = lex.raw["currency_prefixes"][match["cur"]] if match["cur"] else ""
    percent = bool(match["pct"] or match["pctw"])
    if match["scale"] and len(match["scale"]) <= 2 and not currency:
        # "10 m" is not "10 million": a one-letter scale needs a currency sign.
        end, percent = max(match.end(g) for g in ("num", "word", "vague")), False
    elif match["scale"]:
        scale = float(lex.raw["scales"][match["scale"].lower()])
    word = match["word"] or ""
    small = bool(word) and values[0] <= lex.raw["small_word_max"] and scale == 1.0 and not percent
    year = bool(match["num"]) and re.fullmatch(r"(19|20)\d{2}", match["num"]) is not None and scale == 1.0 \
        and not (percent or currency)
    return _Figure(match.start(), end, values[0] * scale, values[1] * scale, currency, percent, small, year)


def _find_figures(sentence: str, masks: list[tuple[int, int]], lex: _Lexicon) -> list[_Figure]:
    """Find number atoms outside masked spans (time mentions), then join ranges and ratios."""
    atoms = []
    for match in lex.atom.finditer(sentence):
        if any(match.start() < m_end and m_start < match.end() for m_start, m_end in masks):
            continue
        figure = _atom(match, lex)
        if figure is not None:
            atoms.append(figure)
    return _join_atoms(sentence, atoms)


_RANGE_GAP = re.compile(r"\s*(?:to|-|–|—)\s*", re.I)
_AND_GAP = re.compile(r"\s+and\s+", re.I)
_RATIO_GAP = re.compile(r"\s+(?:in|out of)\s+", re.I)
_BETWEEN = re.compile(r"\b(?:between|from)\s+$", re.I)


def _join_atoms(sentence: str, atoms: list[_Figure]) -> list[_Figure]:
    figures: list[_Figure] = []
    index = 0
    while index < len(atoms):
        first = atoms[index]
        second = atoms[index + 1] if index + 1 < len(atoms) else None
        joined = _join_pair(sentence, first, second) if second is not None else None
        figures.append(joined or first)
        index += 2 if joined else 1
    return figures


def _join_pair(sentence: str, first: _Figure, second: _Figure) -> _Figure | None:
    """Join "30 to 50", "between 30 and 50" (a range) or "eight in 10" (a ratio, as a percent)."""
    gap = sentence[first.end : second.start]
    between = _BETWEEN.search(sentence, 0, first.start)
    if _RANGE_GAP.fullmatch(gap) or (between and _AND_GAP.fullmatch(gap)):
        scale = second.low / _unscaled(sentence, second) if first.low == _unscaled(sentence, first) else 1.0
        start = between.start() if between else first.start
        return _Figure(start, second.end, first.low * scale, second.high, first.currency or second.currency,
                       first.percent or second.percent)
    plain = not (first.percent or second.percent or first.currency or second.currency)
    if _RATIO_GAP.fullmatch(gap) and plain and 0 < first.low <= second.low and first.low == first.high:
        share = round(100 * first.low / second.low, 2)
        return _Figure(first.start, second.end, share, share, percent=True)
    return None


def _unscaled(sentence: str, figure: _Figure) -> float:
    """Return the bare number written in a figure (without its scale word), or its value."""
    match = re.search(_DIGITS, sentence[figure.start : figure.end])
    return float(match.group().replace(",", "")) if match else figure.low


# --------------------------------------------------------------------------- units


@dataclass(frozen=True)
class _Reading:
    """What a figure counts: its unit and quantity, how far its evidence reaches, and a noun scope."""

    unit: str
    quantity: str
    end: int
    noun: str = ""


def _read_unit(sentence: str, figure: _Figure, lex: _Lexicon) -> _Reading | None:
    """Read the unit after a figure: potency, percent, money, a count noun, or nothing."""
    tail = sentence[figure.end :]
    if match := lex.potency.match(tail):
        unit = lex.raw["potency_references"][match["ref"].lower()]
        return _Reading(unit, "potency", figure.end + match.end())
    if match := lex.times.match(tail):
        potent = any(w.lower() in lex.raw["potency_words"] for w in match["mid"].split())
        return _Reading("times", "potency" if potent else "other", figure.end + match.start("mid"))
    if figure.percent:
        return _Reading("percent", "percent_share", figure.end)
    if match := lex.currency_noun.match(tail):
        return _Reading(lex.raw["currency_nouns"][match["noun"].lower()], "money", figure.end + match.end())
    if figure.currency:
        return _Reading(figure.currency, "money", figure.end)
    return _read_count_noun(sentence, figure, lex)


def _read_count_noun(sentence: str, figure: _Figure, lex: _Lexicon) -> _Reading | None:
    match = lex.count_noun.match(sentence[figure.end :])
    stops = set(lex.raw["noun_phrase_stops"])
    if match is None or any(w.lower() in stops for w in match["mid"].split()):
        return None
    entry = lex.noun_info[match["noun"].lower()]
    end = figure.end + match.end()
    unit, quantity = entry["unit"], entry["quantity"]
    if unit in ("people", "overdoses") and _death_nearby(sentence, figure.start, end, lex):
        unit, quantity = "deaths", "deaths"
    if quantity == "deaths":
        quantity = "overdose_deaths" if lex.drug.search(sentence) else "other"
    if entry.get("needs_seizure_cue") and not lex.seizure.search(sentence):
        quantity = "other"
    noun = match["noun"].lower() if entry.get("noun_scope") and unit == "people" else ""
    return _Reading(unit, quantity, end, noun)


def _death_nearby(sentence: str, start: int, end: int, lex: _Lexicon) -> bool:
    before = sentence[max(0, start - 40) : start]
    return bool(lex.death_after.search(sentence[end : end + 50]) or lex.death_before.search(before))


def _keep(figure: _Figure, reading: _Reading | None, sentence: str, comparator: str, lex: _Lexicon) -> bool:
    """Drop what is not a figure: bare years, bare small numbers, referential "the two countries"."""
    if reading is None:
        return not figure.maybe_year and not figure.small_word and (figure.low >= 10 or bool(comparator))
    if figure.small_word and not comparator:
        previous = re.findall(r"[\w’']+", sentence[: figure.start])[-1:]
        if previous and previous[0].lower() in lex.raw["referential_determiners"]:
            return False
        return not re.match(r"\s+of\b", sentence[figure.end :], re.I)
    return True


# --------------------------------------------------------------------------- context


def _comparator(sentence: str, start: int, lex: _Lexicon) -> tuple[str, int]:
    """Return the normalised comparator before a figure and where it starts (or `("", start)`)."""
    match = lex.comparator.search(sentence, max(0, start - 30), start)
    if match is None:
        return "", start
    return lex.comparator_names[match["comp"].lower()], match.start()


@dataclass(frozen=True)
class _Period:
    start: int
    end: int
    text: str
    value: str


_PERIOD_LEAD = re.compile(
    r"^(?:(?:earlier|later)\s+)?(?:in|on|during|over|for|from)\s+(?:the\s+(?=\d))?", re.I
)


def _period_candidates(sentence: str, mentions: list[TimeMention], lex: _Lexicon) -> list[_Period]:
    found = [_Period(m.start, m.end, _PERIOD_LEAD.sub("", m.text), m.value)
             for m in mentions if m.precision != "weekday"]
    for label, pattern in lex.frequency:
        found += [_Period(m.start(), m.end(), m.group(), label) for m in pattern.finditer(sentence)]
    return sorted(found, key=lambda p: p.start)


def _choose_period(
    sentence: str, candidates: list[_Period], start: int, end: int, limit: int
) -> _Period | None:
    """Take the first period after the figure in the same clause, else the nearest one before it.

    "After" stops at the next figure and at a comma, semicolon or dash ("…heroin, also … next
    year's election" gives no period); "before" may cross them ("In 2022, 68% …").
    """
    limit = _clause_limit(sentence, end, limit)
    after = [p for p in candidates if end <= p.start < limit and p.start - end <= 90]
    if after:
        return after[0]
    before = [p for p in candidates if p.end <= start]
    return before[-1] if before else None


def _clause_limit(sentence: str, end: int, limit: int) -> int:
    """Return where the figure's clause ends: the next figure or clause boundary (`text.clauses`)."""
    return clause_rule().end(sentence, end, max(end, min(limit, len(sentence))))


def _choose_place(sentence: str, end: int, limit: int, lex: _Lexicon) -> str:
    """Return the place named by "in (the) <place>" after the figure, in its clause."""
    window = sentence[: min(_clause_limit(sentence, end, limit), end + lex.raw["place_window"])]
    match = lex.place.search(window, end)
    return lex.place_names[match["place"]] if match else ""


_SHARE_OF = re.compile(
    r"^\s+(?:out\s+of\s+|of\s+)?(?:the\s+)?(?:[\d,.]+\s+)?(?P<words>(?:[A-Za-z][\w’'-]*\s*){1,3})"
)


def _share_of(sentence: str, end: int, lex: _Lexicon) -> str:
    """Return what a percent is a share of: up to three words after it ("of the fentanyl consumed").

    Stops at a stop word or after a count noun, so "eight in 10 swing-state voters said" gives
    "swing-state voters". A specific phrase keeps unlike shares from being compared.
    """
    match = _SHARE_OF.match(sentence[end:])
    if match is None:
        return ""
    words: list[str] = []
    for word in match["words"].split():
        if word.lower() in lex.raw["noun_phrase_stops"]:
            break
        words.append(word.lower())
        if word.lower() in lex.noun_info:
            break
    return " ".join(words)


def _choose_scope(sentence: str, quantity: str, start: int, end: int, lex: _Lexicon) -> str:
    """Take the scope cue nearest to the figure (within the scope window); the longer cue wins a tie."""
    best: tuple[int, int, str] | None = None
    for label, pattern in lex.scopes.get(quantity, []):
        for match in pattern.finditer(sentence):
            distance = max(start - match.end(), match.start() - end, 0)
            if distance <= lex.raw["scope_window"]:
                key = (distance, -(match.end() - match.start()), label)
                best = key if best is None or key < best else best
    return best[2] if best else ""


# --------------------------------------------------------------------------- extraction


def extract_numeric_claims(article_id: str, text: str, sentences: pd.DataFrame) -> pd.DataFrame:
    """Find the numeric claims of one article, sentence by sentence.

    `sentences` is the sentences table (rows of other articles are ignored); each row's
    `text` must equal `text[start:end]`. Returns one row per figure with columns
    `CLAIM_COLUMNS`: article_id, sentence_no, start, end (offsets in `text`; `evidence ==
    text[start:end]`, from the comparator to the unit, e.g. "about 50 times more potent than
    heroin"), quantity (overdose_deaths, potency, money, guns, count_countries,
    count_companies, count_people, seizures, percent_share or other), value_low, value_high
    (equal unless a range: "30 to 50 times" → 30, 50; "tens of thousands" → 10,000–99,999;
    ratios such as "eight in 10" become percents, 80), unit (deaths, times_heroin,
    times_morphine, usd, guns, countries, companies, people, percent, …, empty when none),
    comparator ("more than", "at least", "about", "nearly", "up to", "less than" or ""),
    scope (the nearest scope cue for that quantity, e.g. "synthetic opioids"; for people the
    noun, e.g. "migrants"), period (the time mention or frequency after the figure, else the
    nearest one before it, leading preposition dropped: "2022", "last year", "every year";
    weekdays are reporting dates, not periods), period_value (its normalised value, e.g.
    `year-1`, `a year`) and place ("United States" when "in the US" follows).
    Numbers inside time expressions, bare years, bare numbers under 10, and spelled-out small
    numbers used as references ("the two countries") are not claims.
    """
    rows = sentences[sentences["article_id"] == article_id].sort_values("sentence_no")
    frame = pd.DataFrame(claim_records(article_id, text, rows.itertuples(index=False)), columns=CLAIM_COLUMNS)
    types = {"sentence_no": int, "start": int, "end": int, "value_low": float, "value_high": float}
    return frame.astype(types)


def claim_records(article_id: str, text: str, sentences: Iterable[Any]) -> list[tuple[Any, ...]]:
    """Return one article's claims as tuples in `CLAIM_COLUMNS` order (see `extract_numeric_claims`).

    `sentences` are rows with `sentence_no`, `start`, `end` and `text` attributes, in order
    (sentences-table rows or `corpus.SentenceRow`s); the engine calls this without pandas.
    """
    claims: list[tuple[Any, ...]] = []
    for row in sentences:
        start, end = int(row.start), int(row.end)
        if text[start:end] != row.text:
            raise ValueError(f"sentence {row.sentence_no} of {article_id} does not match the text at "
                             f"[{start}:{end}]; expected the sentences table of this article")
        claims += [(article_id, int(row.sentence_no), *c) for c in _sentence_claims(row.text, start)]
    return claims


def _sentence_claims(sentence: str, offset: int) -> list[tuple[Any, ...]]:
    """Return the claims of one sentence as tuples (CLAIM_COLUMNS without article_id, sentence_no)."""
    lex = claims_lexicon()
    if not lex.atom.search(sentence):
        return []  # no number at all: nothing to read (and no need to find time mentions)
    mentions = extract_time_mentions(sentence)
    figures = _find_figures(sentence, [(m.start, m.end) for m in mentions], lex)
    periods = _period_candidates(sentence, mentions, lex)
    found = []
    for index, figure in enumerate(figures):
        comparator, start = _comparator(sentence, figure.start, lex)
        reading = _read_unit(sentence, figure, lex)
        if not _keep(figure, reading, sentence, comparator, lex):
            continue
        reading = reading or _Reading("", "other", figure.end)
        limit = figures[index + 1].start if index + 1 < len(figures) else len(sentence)
        found.append(_claim_tuple(sentence, offset, figure, reading, comparator, start, limit, periods, lex))
    return found


def _claim_tuple(sentence: str, offset: int, figure: _Figure, reading: _Reading, comparator: str, start: int,
                 limit: int, periods: list[_Period], lex: _Lexicon) -> tuple[Any, ...]:
    period = _choose_period(sentence, periods, start, reading.end, limit)
    scope = reading.noun or _choose_scope(sentence, reading.quantity, start, reading.end, lex)
    if reading.quantity == "percent_share":
        scope = _share_of(sentence, reading.end, lex) or scope
    place = _choose_place(sentence, reading.end, limit, lex)
    return (offset + start, offset + reading.end, sentence[start : reading.end], reading.quantity,
            figure.low, figure.high, reading.unit, comparator, scope,
            period.text if period else "", period.value if period else "", place)
