"""Who speaks in a sentence: quotations and their speakers, reported speech, references.

Works on one article at a time and keeps offsets into the raw text. Rules and word
lists live in `data/cues.yaml` and `data/references.yaml`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from analysis.ontology import Ontology
from analysis.resources import load_yaml
from analysis.text.clauses import clause_rule
from analysis.text.induce import Induced, induce_actors, with_known_surnames
from analysis.text.inflect import forms_pattern
from analysis.text.mentions import Mention, MentionFinder, mentions_within
from analysis.text.multiscan import PatternSet

__all__ = [
    "Quote", "Ref", "ReferenceTracker", "SpeechAct", "find_quotes", "find_speech_acts", "may_refer",
    "speech_pattern",
]

_MIN_QUOTE_WORDS = 4  # shorter quotes are scare quotes or titles, not speech
_QUOTE = re.compile(r"“[^“”]*(?:”|$)|\"[^\"\n]*(?:\"|$)")
_NEXT_QUOTE = re.compile(r"[“\"]|\Z")
_ATTRIBUTION_GAP = 60  # characters between a quote and its attribution
_SPEECH_VERB_GAP = 40  # characters between a speech verb and the quote it introduces ("said on Monday:")
# A personal name right before a speech verb ("…, Jane Roe said") or right after it ("says Jane Roe").
_UNKNOWN_NAME_BEFORE = re.compile(r"\b[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+)+(?:,[^,]{0,50},)?\s+$")
_UNKNOWN_NAME_AFTER = re.compile(r"\s+[A-Z][a-z’'-]+(?:\s+[A-Z][a-z’'-]+)+\b")
# a clause after "…, X said": the verb has its own complement, it is no trailing attribution
_CLAUSE_IN_TAIL = re.compile(r"\b(?:that|is|are|was|were|has|have|had|will|would|must|should|can|could|may|"
                             r"might)\b")
_TRAILING_GAP = 5  # between the verb and the speaker of "…, says X" (" the ")
_VERB_TO_QUOTE = re.compile(rf"[^.!?“”\"]{{0,{_SPEECH_VERB_GAP}}}?[:,]?\s*")


@dataclass(frozen=True)
class Ref:
    """A reference to an actor in the text: an alias, a resolved pronoun or role, or "we"/"I"."""

    start: int
    end: int
    actor_id: str
    surface: str
    how: str  # alias | person-ref | organisation-ref | first-person | group
    is_place: bool = False
    possessive: bool = False  # "Mexico’s refusal": a modifier, rarely the agent
    oblique: bool = False  # after a preposition ("the letter from X"): not a subject
    person: str = ""  # an induced person (their office is `actor_id`): a person for pronouns


@dataclass(frozen=True)
class Quote:
    """A quotation (speech, not a scare quote) and who said it, when known."""

    start: int
    end: int
    speaker: str | None
    how: str
    scope_start: int = -1  # where the speaker's words begin, when before the quote mark (else `start`)


@dataclass(frozen=True)
class SpeechAct:
    """Reported speech: a speaker and the span [scope_start, scope_end) of what they said."""

    speaker: str
    verb_start: int
    verb_end: int
    scope_end: int
    how: str
    scope_start: int = -1  # defaults to verb_end

    def covers(self, offset: int) -> bool:
        """Return whether a claim at `offset` is part of what the speaker said."""
        start = self.verb_end if self.scope_start < 0 else self.scope_start
        return start <= offset < self.scope_end


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, Any]:
    """The reference and speech lexicons, compiled: patterns by name, plus the epithets (a pattern
    per bloc) and their key words (a tuple)."""
    cues = load_yaml("cues.yaml")
    refs = load_yaml("references.yaml")
    return {
        # case-sensitive: news writes speech verbs in lower case, and "the United States" is no verb
        "speech": re.compile(rf"\b{forms_pattern(**cues['speech_verbs'])}\b"),
        "according": re.compile(rf"\b{cues['according_to']}\b", re.IGNORECASE),
        "person": re.compile(refs["person"], re.IGNORECASE),
        "organisation": re.compile(refs["organisation"], re.IGNORECASE),
        "group_pronoun": re.compile(refs["group_pronoun"], re.IGNORECASE),
        "epithets": {bloc: re.compile(pattern, re.IGNORECASE) for bloc, pattern in refs["epithets"].items()},
        "epithet_keys": tuple(refs["epithet_keys"]),
        "first_person": re.compile(refs["first_person"]),
        "it_subject": re.compile(refs["it_subject"]),
        "place": re.compile(refs["place_prepositions"], re.IGNORECASE),
        "people_in": re.compile(refs["people_in"], re.IGNORECASE),
        "oblique": re.compile(refs["oblique_prepositions"], re.IGNORECASE),
        "possessive": re.compile(r"['’]s?(?!\w)"),
        "group": re.compile(refs["group"], re.IGNORECASE),
        "relative": re.compile(refs["relative_clause"]),
        "trailing": re.compile(cues["trailing_attribution"], re.IGNORECASE),
        "continued": re.compile(cues["continued_predicate"], re.IGNORECASE),
        # "Officials said …", "…, authorities said": a visible speaker of no known side
        "collective": re.compile(rf"\b(?:{refs['collective_people']}|it|they)\s+(?:[a-z]+\s+){{0,2}}$",
                                 re.IGNORECASE),
    }


@lru_cache(maxsize=1)
def _speech_scanner() -> PatternSet:
    """The speech verbs behind an index of their first characters (the matches of `finditer`)."""
    speech = _lexicon()["speech"]
    return PatternSet([speech], r"\b" if speech.pattern.startswith(r"\b") else "", whole_prefixes=True)


def speech_pattern() -> re.Pattern[str]:
    """The speech verbs (every inflection of the lexicon's lemmas), case-sensitive."""
    return _lexicon()["speech"]


def may_refer(text: str, start: int, end: int) -> bool:
    """Tell whether `text[start:end]` holds a pronoun, role noun, group reference or "we"."""
    lexicon = _lexicon()
    return any(lexicon[key].search(text, start, end)
               for key in ("person", "organisation", "group", "group_pronoun", "first_person"))


def reference_window() -> int:
    """Return how many sentences back a pronoun or role may refer."""
    return int(load_yaml("references.yaml")["window"])


_PRONOUN_GENDER = {"she": "she", "her": "she", "he": "he", "him": "he", "his": "he"}


class ReferenceTracker:
    """Resolve actor references sentence by sentence, remembering recent persons and organisations."""

    def __init__(self, text: str, ontology: Ontology, finder: MentionFinder,
                 mentions: list[Mention] | None = None, induced: Induced | None = None) -> None:
        """`induced`: `induce_actors` of these mentions, when the caller has it (else found here)."""
        self.text = text
        self.ontology = ontology
        self.finder = finder
        self.recent_person: tuple[str, int] | None = None
        self.recent_gendered: dict[str, tuple[str, int]] = {}  # "she" / "he" -> (actor, sentence)
        self.women = frozenset(load_yaml("references.yaml")["female_persons"])
        self.recent_organisation: tuple[str, int] | None = None
        self.recent_group: tuple[str, int] | None = None  # the last cartels or suppliers named
        self.recent_blocs: list[str] = []  # country blocs, most recently named last
        self.last_subject: tuple[str, int] | None = None  # an organisation or country opening a sentence
        self.window = reference_window()
        # one pass over the article; sentences take slices
        aliases = with_known_surnames(text, finder.find(text), ontology) if mentions is None else mentions
        self.induced, extra = induce_actors(text, aliases, ontology) if induced is None else induced
        self.mentions = sorted([*aliases, *extra], key=lambda m: (m.start, m.end)) if extra else aliases
        self._mention_starts = [m.start for m in self.mentions]

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """Return the alias mentions lying wholly inside `text[start:end]`."""
        return mentions_within(self.mentions, start, end, self._mention_starts)

    def refs_in(self, start: int, end: int, sentence_index: int, quotes: list[Quote]) -> list[Ref]:
        """Return the sentence's references in text order, then remember its actors."""
        lexicon = _lexicon()
        refs = [self._alias_ref(m.start, m.end, m.actor_id, m.surface, start, m.person)
                for m in self.mentions_in(start, end)]
        taken = [(r.start, r.end) for r in refs]
        refs += self._resolved(lexicon["person"], start, end, sentence_index, self.recent_person,
                               "person-ref", taken, quotes, self._persons(refs))
        refs += self._resolved(lexicon["organisation"], start, end, sentence_index,
                               self.recent_organisation, "organisation-ref", taken, quotes,
                               self._organisations(refs))
        refs += self._group_pronouns(start, end, sentence_index, taken, quotes, refs)
        refs += self._first_person(start, end, quotes, taken)
        refs += self._group_refs(start, end, taken)
        refs += self._epithets(start, end, taken)
        refs += self._it_subject(start, end, sentence_index, taken)
        refs.sort(key=lambda r: (r.start, r.end))
        self._remember(refs, sentence_index)
        self._remember_subject(refs, start, sentence_index)
        return refs

    def _group_pronouns(self, start: int, end: int, sentence_index: int, taken: list[tuple[int, int]],
                        quotes: list[Quote], refs: list[Ref]) -> list[Ref]:
        """ "them"/"whom": the cartels or suppliers named in this sentence or the one before."""
        recent = self.recent_group
        if recent is not None and sentence_index - recent[1] > 1:
            recent = None
        groups = [r for r in refs if self.ontology.kind(r.actor_id) == "group"]
        return self._resolved(_lexicon()["group_pronoun"], start, end, sentence_index, recent,
                              "group-ref", taken, quotes, groups)

    def _it_subject(self, start: int, end: int, sentence_index: int,
                    taken: list[tuple[int, int]]) -> list[Ref]:
        """ "China rejected the report. It said …": "It" opening a sentence is the last one's subject."""
        if self.last_subject is None or sentence_index - self.last_subject[1] != 1:
            return []  # no subject in the sentence before
        sentence = self.text[start:end]
        lead = len(sentence) - len(sentence.lstrip(" “\"‘("))
        match = _lexicon()["it_subject"].match(self.text, start + lead, end)
        if match is None:
            return []
        if any(s < match.end() and match.start() < e for s, e in taken):
            return []
        return [Ref(match.start(), match.end(), self.last_subject[0], match.group(), "it-ref")]

    def _remember_subject(self, refs: list[Ref], start: int, sentence_index: int) -> None:
        """Remember the sentence's first subject-like reference when it is an organisation or a country."""
        subject = next((r for r in refs if _is_subject(r) and r.how in ("alias", "it-ref")), None)
        kind = self.ontology.kind(subject.actor_id) if subject is not None else ""
        if subject is not None and kind in ("organisation", "country") and subject.start - start <= 40:
            self.last_subject = (subject.actor_id, sentence_index)

    def _group_refs(self, start: int, end: int, taken: list[tuple[int, int]]) -> list[Ref]:
        """Resolve "the two countries", "both sides" to the countries most recently named."""
        if len(self.recent_blocs) < 2:
            return []  # every group names two or three of them
        found = []
        for match in _lexicon()["group"].finditer(self.text, start, end):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            size = 3 if "three" in match.group().lower() else 2
            if len(self.recent_blocs) < size:
                continue
            for bloc in self.recent_blocs[-size:]:
                found.append(Ref(match.start(), match.end(), self.ontology.bloc_root(bloc),
                                 match.group(), "group"))
        return found

    def _epithets(self, start: int, end: int, taken: list[tuple[int, int]]) -> list[Ref]:
        """ "the Asian nation", "its northern neighbour": the country, when the article has named it."""
        found: list[Ref] = []
        lowered = self.text[start:end].lower()
        if not any(key in lowered for key in _lexicon()["epithet_keys"]):
            return found
        for bloc, pattern in _lexicon()["epithets"].items():
            if bloc not in self.recent_blocs:
                continue
            for match in pattern.finditer(self.text, start, end):
                if not any(s < match.end() and match.start() < e for s, e in taken):
                    before = self.text[max(start, match.start() - 20):match.start()]
                    found.append(Ref(match.start(), match.end(), self.ontology.bloc_root(bloc), match.group(),
                                     "epithet", is_place=bool(_lexicon()["place"].search(before)),
                                     oblique=bool(_lexicon()["oblique"].search(before))))
        return found

    def _alias_ref(self, start: int, end: int, actor_id: str, surface: str, sentence_start: int,
                   person: str = "") -> Ref:
        lexicon = _lexicon()
        before = self.text[max(sentence_start, start - 20):start]
        is_place = (self.ontology.kind(actor_id) == "country" and bool(lexicon["place"].search(before))
                    and not lexicon["people_in"].search(before))
        possessive = bool(lexicon["possessive"].match(self.text, end))
        oblique = bool(lexicon["oblique"].search(before)) and not lexicon["relative"].match(self.text, end)
        return Ref(start, end, actor_id, surface, "alias", is_place, possessive, oblique, person)

    def _organisations(self, refs: list[Ref]) -> list[Ref]:
        """The sentence's named organisations: "the ministry" after one of them is that one."""
        return [r for r in refs if self.ontology.kind(r.actor_id) == "organisation"]

    def _resolved(self, pattern: re.Pattern[str], start: int, end: int, sentence_index: int,
                  recent: tuple[str, int] | None, how: str, taken: list[tuple[int, int]],
                  quotes: list[Quote], in_sentence: Sequence[Ref] = ()) -> list[Ref]:
        if (recent is None or sentence_index - recent[1] > self.window) and not in_sentence:
            return []
        found = []
        for match in pattern.finditer(self.text, start, end):
            overlaps = any(s < match.end() and match.start() < e for s, e in taken)
            earlier = [r for r in in_sentence if r.end <= match.start()]
            who = self._antecedent(match, how, earlier, recent, quotes, sentence_index)
            if who is None or sentence_index - who[1] > self.window:
                continue
            if not overlaps and _quote_at(quotes, match.start()) is None:
                before = self.text[max(start, match.start() - 20):match.start()]
                possessive = match.group().lower() in ("his", "her", "its", "their")
                # "them"/"whom" are object forms: never a verb's subject
                oblique = how == "group-ref" or bool(_lexicon()["oblique"].search(before))
                found.append(Ref(match.start(), match.end(), who[0], match.group(), how,
                                 possessive=possessive, oblique=oblique))
        return found

    def _antecedent(self, match: re.Match[str], how: str, earlier: list[Ref], recent: tuple[str, int] | None,
                    quotes: list[Quote], sentence_index: int) -> tuple[str, int] | None:
        """Who a reference stands for: an actor of its sentence before it, else the one remembered."""
        if how == "person-ref":
            person = self._sentence_person(match, earlier, quotes)
            if person is not None:
                return person.actor_id, sentence_index
            return self._pronoun_antecedent(match.group(), recent) if recent is not None else None
        return (earlier[-1].actor_id, sentence_index) if earlier else recent

    def _sentence_person(self, match: re.Match[str], earlier: list[Ref], quotes: list[Quote]) -> Ref | None:
        """The person of the sentence a pronoun or role noun stands for ("Trump renewed his threat",
        "Graham said he agreed"): of its gender, on the same side of a quotation mark (a person
        named inside a quotation is no antecedent outside it), the subject first, else the last."""
        inside = _quote_at(quotes, match.start())
        fitting = [r for r in self._fitting(match.group(), earlier) if _quote_at(quotes, r.start) == inside]
        subjects = [r for r in fitting if not r.possessive and not r.oblique]
        return subjects[0] if subjects else fitting[-1] if fitting else None

    def _persons(self, refs: list[Ref]) -> list[Ref]:
        """The sentence's named persons (known or induced)."""
        return [r for r in refs if r.person or self.ontology.kind(r.actor_id) == "person"]

    def _fitting(self, word: str, persons: list[Ref]) -> list[Ref]:
        """The persons a pronoun may stand for: of its gender when it has one (either if unknown)."""
        gender = _PRONOUN_GENDER.get(word.lower())
        if gender is None:
            return persons
        return [r for r in persons if r.person or (r.actor_id in self.women) == (gender == "she")]

    def _pronoun_antecedent(self, word: str, recent: tuple[str, int]) -> tuple[str, int] | None:
        """ "she"/"her" → the last woman, "he"/"him"/"his" → the last man; a role noun → the last person."""
        gender = _PRONOUN_GENDER.get(word.lower())
        return recent if gender is None else self.recent_gendered.get(gender)

    def _first_person(self, start: int, end: int, quotes: list[Quote],
                      taken: list[tuple[int, int]]) -> list[Ref]:
        if not any(q.speaker for q in quotes):
            return []  # "we" and "I" are found only inside a quotation with a speaker
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
            kind = "person" if ref.person else self.ontology.kind(ref.actor_id)
            if kind == "person":
                self._remember_person(ref, sentence_index)
            elif kind in ("organisation",):
                self.recent_organisation = (ref.actor_id, sentence_index)
            elif kind == "group":
                self.recent_group = (ref.actor_id, sentence_index)
            self._remember_bloc(ref.actor_id)
        subject = _salient_person(refs, self.ontology)
        if subject is not None:  # the sentence's subject outranks a later mention ("… echoing X’s view")
            self._remember_person(subject, sentence_index)

    def _remember_person(self, ref: Ref, sentence_index: int) -> None:
        """Remember a person for role nouns, and for the pronouns of their gender (both if unknown)."""
        self.recent_person = (ref.actor_id, sentence_index)
        known = not ref.person and self.ontology.kind(ref.actor_id) == "person"
        genders = ("she",) if ref.actor_id in self.women else ("he",) if known else ("she", "he")
        for gender in genders:
            self.recent_gendered[gender] = (ref.actor_id, sentence_index)

    def _remember_bloc(self, actor_id: str) -> None:
        bloc = self.ontology.bloc(actor_id)
        if self.ontology.kind(self.ontology.bloc_root(bloc)) != "country":
            return
        if bloc in self.recent_blocs:
            self.recent_blocs.remove(bloc)
        self.recent_blocs.append(bloc)


def _salient_person(refs: list[Ref], ontology: Ontology) -> Ref | None:
    """Return the first person named as a subject (not a possessive or after a preposition)."""
    for ref in refs:
        is_person = ref.how == "person-ref" or (
            ref.how == "alias" and (bool(ref.person) or ontology.kind(ref.actor_id) == "person"))
        if is_person and not ref.possessive and not ref.oblique:
            return ref
    return None


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


def attribute_quote(text: str, span: tuple[int, int], refs: list[Ref],
                    paragraph_end: int) -> tuple[str, str, int]:
    """Find a quotation's speaker: an attribution after it, or one ending just before it.

    Returns (actor id, how, scope start) or ("", "", -1) when the quote is unattributed. The
    scope start is where the speaker's words begin when the quote continues a reported clause
    ("X said that Mexico “is governed by …”": from after "said"), else -1 (the quote mark).
    """
    speech = _lexicon()["speech"]
    after = text[span[1]:min(paragraph_end, span[1] + _ATTRIBUTION_GAP)]
    after = after[:_NEXT_QUOTE.search(after).start()]  # the attribution ends where the next quote opens
    verb = speech.search(after)
    if verb is not None:
        candidates = [r for r in refs if span[1] <= r.start <= span[1] + len(after)
                      and r.how not in ("first-person", "group-ref")]
        if candidates:
            before = _attribution_before(text, span, refs, speech)
            if before[0] == candidates[0].actor_id:  # "X said that Y “…,” he added": X's words from "said"
                return before
            return candidates[0].actor_id, "quote:after", -1
    return _attribution_before(text, span, refs, speech)


def _attribution_before(text: str, span: tuple[int, int], refs: list[Ref],
                        speech: re.Pattern[str]) -> tuple[str, str, int]:
    """A speaker ending just before a quotation ("X said:", "X said that the government “…")."""
    before_start = max(0, span[0] - 160)
    before = text[before_start:span[0]]
    verbs = list(speech.finditer(before))
    # "X said:", "X told reporters on Monday:", "X said that the government “…"
    if verbs and re.fullmatch(_VERB_TO_QUOTE, before[verbs[-1].end():]):
        verb_at = before_start + verbs[-1].start()
        candidates = [r for r in refs if before_start <= r.start < verb_at and r.how != "first-person"]
        subjects = [r for r in candidates if not r.oblique and not r.possessive] or candidates
        if subjects:
            return subjects[-1].actor_id, "quote:before", before_start + verbs[-1].end()
    return "", "", -1


def find_speech_acts(text: str, start: int, end: int, refs: list[Ref],
                     quotes: list[Quote]) -> list[SpeechAct]:
    """Return reported speech in a sentence: "X said (that) …", "…, X said." and "according to X, …"."""
    lexicon = _lexicon()
    acts: list[SpeechAct] = []
    for _, match in _speech_scanner().finditer(text, start, end):
        inside_name = any(r.start <= match.start() < r.end for r in refs)
        if inside_name or _quote_at(quotes, match.start()) is not None:
            continue
        act = _trailing_act(text, match, start, end, refs) or _verb_act(text, match, start, end, refs, acts)
        if act is not None:
            acts.append(act)
    for match in lexicon["according"].finditer(text, start, end):
        # "from X's point of view": X, inside the phrase; "according to X": the actor after it
        inside = [r for r in refs if match.start() <= r.start and r.end <= match.end()]
        named = inside or [r for r in refs if match.end() <= r.start <= match.end() + 40 and not r.is_place]
        if named:
            acts.append(SpeechAct(named[0].actor_id, start, start, end, "reported:according"))
    headline = _headline_act(text, start, end, refs)
    if headline is not None and not _quote_at(quotes, headline.verb_end):
        acts.append(headline)
    return acts


_HEADLINE_COLON = re.compile(r"\s*:\s+")


def _headline_act(text: str, start: int, end: int, refs: list[Ref]) -> SpeechAct | None:
    """ "Roe: Beijing is to blame": an actor opening the sentence, then a colon, says the rest."""
    if not refs:
        return None
    sentence = text[start:end]
    lead = len(sentence) - len(sentence.lstrip(" “\"‘'"))
    first = next((r for r in refs if r.start == start + lead and _is_subject(r)), None)
    colon = _HEADLINE_COLON.match(text, first.end) if first is not None else None
    if colon is None or colon.end() >= end:
        return None
    return SpeechAct(first.actor_id, first.start, colon.end(), end, "reported:headline")


def _is_subject(ref: Ref) -> bool:
    return not ref.is_place and not ref.oblique and not ref.possessive and ref.how != "first-person"


def _verb_act(text: str, match: re.Match[str], start: int, end: int, refs: list[Ref],
              earlier: list[SpeechAct]) -> SpeechAct | None:
    """ "X said (that) …": the speaker is the subject before the verb; what follows is theirs."""
    lexicon = _lexicon()
    scope_end = clause_rule().end(text, match.end(), end, strong_only=True)
    if lexicon["continued"].search(text[max(start, match.start() - 30):match.start()]):
        # "… and said", "…, arguing that", "by insisting": the sentence's subject keeps speaking
        subjects = [r for r in refs if start <= r.start < match.start() and _is_subject(r)]
        speaker = earlier[-1].speaker if earlier else (subjects[0].actor_id if subjects else "")
        if not speaker:
            return None
        return SpeechAct(speaker, match.start(), match.end(), scope_end, "reported:continued")
    before = [r for r in refs if start <= r.start < match.start() and not r.is_place
              and r.how != "first-person" and match.start() - r.end <= 90]
    subjects = [r for r in before if not r.oblique] or before
    if not subjects:
        head = text[max(start, match.start() - 60):match.start()]
        if _UNKNOWN_NAME_BEFORE.search(head) or lexicon["collective"].search(head) or _role_speaker("", head):
            # "Jane Roe said …": a named speaker the ontology cannot resolve is never the narrator
            return SpeechAct("", match.start(), match.end(), scope_end, "reported:unknown")
        return None
    return SpeechAct(subjects[-1].actor_id, match.start(), match.end(), scope_end, "reported:verb")


# what may follow the speaker of "…, said X": when and where ("on Monday", "in an interview with reporters")
_TRAILING_REST = re.compile(
    r"(?:\s+(?:on|in|at|with|by|for|last|this|earlier|later|during|after|before|to|a|an|the|its|his|her|"
    r"statement|interview|briefing|conference|press|news|reporters|week|month|year|told|\w+day))*[\s.!?”\"’']*",
    re.IGNORECASE)


def _says_name(text: str, verb: re.Match[str], ref: Ref, end: int) -> bool:
    """ "…, says X." / "…, said X on Monday.": a finite verb, the name right after it, little after that."""
    if verb.group().endswith("ing") or ref.is_place or not 0 <= ref.start - verb.end() <= _TRAILING_GAP:
        return False
    return bool(_TRAILING_REST.fullmatch(text, ref.end, end))


def _role_speaker(tail: str, head: str) -> bool:
    """ "…, the spokesperson said." / "The official said …": a role noun nobody resolved speaks."""
    person = _lexicon()["person"]
    words = head.rstrip().split()
    last = " ".join(words[-4:])
    return bool(person.match(tail.strip()) or any(m.end() == len(last) for m in person.finditer(last)))


def _trailing_act(text: str, match: re.Match[str], start: int, end: int, refs: list[Ref]) -> SpeechAct | None:
    """ "…, X said." or "…, says X.": the attribution at the end covers the sentence before it."""
    lexicon = _lexicon()
    tail = text[match.end():end]
    head = text[start:match.start()]
    comma = max(head.rfind(","), head.rfind("”"))
    if comma < 0 or not lexicon["trailing"].fullmatch(tail) or match.start() - (start + comma) > 70:
        return None
    named = [r for r in refs if start + comma < r.start and r.end <= match.start() and not r.is_place]
    if named and (any(match.end() <= r.start < end for r in refs) or _CLAUSE_IN_TAIL.search(tail)):
        return None  # "In a statement, Roe said Beijing failed …": the verb has its own complement
    named = named or [r for r in refs if _says_name(text, match, r, end)]
    if not named:
        head = text[start + comma:match.start()]
        if (_UNKNOWN_NAME_AFTER.match(tail) or _UNKNOWN_NAME_BEFORE.search(head)
                or lexicon["collective"].search(head) or _role_speaker(tail, head)):
            return SpeechAct("", match.start(), match.end(), start + comma, "reported:unknown",
                             scope_start=start)
        return None
    return SpeechAct(named[0].actor_id, match.start(), match.end(), start + comma, "reported:trailing",
                     scope_start=start)
