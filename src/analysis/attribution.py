"""Who speaks in a sentence: quotations and their speakers, reported speech, references.

Works on one article at a time and keeps offsets into the raw text. Rules and word
lists live in `data/cues.yaml` and `data/references.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from analysis.actors import Ontology
from analysis.mentions import MentionFinder
from analysis.resources import load_yaml

__all__ = ["Quote", "Ref", "ReferenceTracker", "find_quotes", "find_speech_acts", "SpeechAct"]

_MIN_QUOTE_WORDS = 4  # shorter quotes are scare quotes or titles, not speech
_QUOTE = re.compile(r"“[^“”]*(?:”|$)|\"[^\"\n]*(?:\"|$)")
_ATTRIBUTION_GAP = 60  # characters between a quote and its attribution


@dataclass(frozen=True)
class Ref:
    """A reference to an actor in the text: an alias, a resolved pronoun or role, or "we"/"I"."""

    start: int
    end: int
    actor_id: str
    surface: str
    how: str  # alias | person-ref | organisation-ref | first-person
    is_place: bool = False


@dataclass(frozen=True)
class Quote:
    """A quotation (speech, not a scare quote) and who said it, when known."""

    start: int
    end: int
    speaker: str | None
    how: str


@dataclass(frozen=True)
class SpeechAct:
    """Reported speech: a speaker, the verb's end and the span of what they said."""

    speaker: str
    verb_start: int
    verb_end: int
    scope_end: int
    how: str


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, re.Pattern[str]]:
    cues = load_yaml("cues.yaml")
    refs = load_yaml("references.yaml")
    return {
        # case-sensitive: news writes speech verbs in lower case, and "the United States" is no verb
        "speech": re.compile(rf"\b{cues['speech_verbs']}\b"),
        "according": re.compile(rf"\b{cues['according_to']}\b", re.IGNORECASE),
        "person": re.compile(refs["person"], re.IGNORECASE),
        "organisation": re.compile(refs["organisation"], re.IGNORECASE),
        "first_person": re.compile(refs["first_person"]),
        "place": re.compile(refs["place_prepositions"], re.IGNORECASE),
    }


def reference_window() -> int:
    """Return how many sentences back a pronoun or role may refer."""
    return int(load_yaml("references.yaml")["window"])


class ReferenceTracker:
    """Resolve actor references sentence by sentence, remembering recent persons and organisations."""

    def __init__(self, text: str, ontology: Ontology, finder: MentionFinder) -> None:
        self.text = text
        self.ontology = ontology
        self.finder = finder
        self.recent_person: tuple[str, int] | None = None
        self.recent_organisation: tuple[str, int] | None = None
        self.window = reference_window()

    def refs_in(self, start: int, end: int, sentence_index: int, quotes: list[Quote]) -> list[Ref]:
        """Return the sentence's references in text order, then remember its actors."""
        lexicon = _lexicon()
        refs = [self._alias_ref(m.start, m.end, m.actor_id, m.surface, start)
                for m in self.finder.find(self.text, start, end)]
        taken = [(r.start, r.end) for r in refs]
        refs += self._resolved(lexicon["person"], start, end, sentence_index, self.recent_person,
                               "person-ref", taken, quotes)
        refs += self._resolved(lexicon["organisation"], start, end, sentence_index,
                               self.recent_organisation, "organisation-ref", taken, quotes)
        refs += self._first_person(start, end, quotes, taken)
        refs.sort(key=lambda r: (r.start, r.end))
        self._remember(refs, sentence_index)
        return refs

    def _alias_ref(self, start: int, end: int, actor_id: str, surface: str, sentence_start: int) -> Ref:
        before = self.text[max(sentence_start, start - 20):start]
        is_place = bool(_lexicon()["place"].search(before)) and self.ontology.kind(actor_id) == "country"
        return Ref(start, end, actor_id, surface, "alias", is_place)

    def _resolved(self, pattern: re.Pattern[str], start: int, end: int, sentence_index: int,
                  recent: tuple[str, int] | None, how: str, taken: list[tuple[int, int]],
                  quotes: list[Quote]) -> list[Ref]:
        if recent is None or sentence_index - recent[1] > self.window:
            return []
        found = []
        for match in pattern.finditer(self.text, start, end):
            overlaps = any(s < match.end() and match.start() < e for s, e in taken)
            if not overlaps and _quote_at(quotes, match.start()) is None:
                found.append(Ref(match.start(), match.end(), recent[0], match.group(), how))
        return found

    def _first_person(self, start: int, end: int, quotes: list[Quote],
                      taken: list[tuple[int, int]]) -> list[Ref]:
        found = []
        for match in _lexicon()["first_person"].finditer(self.text, start, end):
            quote = _quote_at(quotes, match.start())
            overlaps = any(s < match.end() and match.start() < e for s, e in taken)
            if quote is not None and quote.speaker and not overlaps:
                found.append(Ref(match.start(), match.end(), quote.speaker, match.group(), "first-person"))
        return found

    def _remember(self, refs: list[Ref], sentence_index: int) -> None:
        for ref in refs:
            if ref.how != "alias":
                continue
            kind = self.ontology.kind(ref.actor_id)
            if kind == "person":
                self.recent_person = (ref.actor_id, sentence_index)
            elif kind in ("organisation",):
                self.recent_organisation = (ref.actor_id, sentence_index)


def _quote_at(quotes: list[Quote], offset: int) -> Quote | None:
    return next((q for q in quotes if q.start <= offset < q.end), None)


def quote_at(quotes: list[Quote], offset: int) -> Quote | None:
    """Return the quotation containing an offset, if any."""
    return _quote_at(quotes, offset)


def find_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Return spans of quotations of at least a few words in `text[start:end]` (a paragraph)."""
    spans = []
    for match in _QUOTE.finditer(text, start, end):
        if len(match.group().split()) >= _MIN_QUOTE_WORDS:
            spans.append((match.start(), match.end()))
    return spans


def attribute_quote(text: str, span: tuple[int, int], refs: list[Ref], paragraph_end: int) -> tuple[str, str]:
    """Find a quotation's speaker: an attribution after it, or one ending just before it.

    Returns (actor id, how) or ("", "") when the quote is unattributed.
    """
    speech = _lexicon()["speech"]
    after = text[span[1]:min(paragraph_end, span[1] + _ATTRIBUTION_GAP)]
    verb = speech.search(after)
    if verb is not None:
        candidates = [r for r in refs if span[1] <= r.start <= span[1] + _ATTRIBUTION_GAP
                      and r.how != "first-person"]
        if candidates:
            return candidates[0].actor_id, "quote:after"
    before_start = max(0, span[0] - 160)
    before = text[before_start:span[0]]
    verbs = list(speech.finditer(before))
    if verbs and re.search(r"[:,]?\s*$", before[verbs[-1].end():]) and len(before) - verbs[-1].end() < 40:
        verb_at = before_start + verbs[-1].start()
        candidates = [r for r in refs if before_start <= r.start < verb_at and r.how != "first-person"]
        if candidates:
            return candidates[-1].actor_id, "quote:before"
    return "", ""


def find_speech_acts(text: str, start: int, end: int, refs: list[Ref],
                     quotes: list[Quote]) -> list[SpeechAct]:
    """Return reported speech in a sentence: "X said (that) …" and "according to X, …"."""
    lexicon = _lexicon()
    acts = []
    for match in lexicon["speech"].finditer(text, start, end):
        inside_name = any(r.start <= match.start() < r.end for r in refs)
        if inside_name or _quote_at(quotes, match.start()) is not None:
            continue
        subject = [r for r in refs if start <= r.start < match.start() and not r.is_place
                   and r.how != "first-person" and match.start() - r.end <= 90]
        if subject:
            acts.append(SpeechAct(subject[-1].actor_id, match.start(), match.end(), end, "reported:verb"))
    for match in lexicon["according"].finditer(text, start, end):
        named = [r for r in refs if match.end() <= r.start <= match.end() + 40 and not r.is_place]
        if named:
            acts.append(SpeechAct(named[0].actor_id, start, start, end, "reported:according"))
    return acts
