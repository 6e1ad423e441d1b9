"""Extract codebook statements from article text with cue lexicons, per sentence, with offsets.

For each sentence: find actor references (aliases, resolved pronouns and roles), work out
who is speaking (a quotation's speaker, reported speech, or the narrator), then read each
cue from `data/cues.yaml` to get the relation, the speaker and the target. Every statement
keeps the exact evidence span and records in `rule` which cue and attribution fired.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

import pandas as pd

from analysis.codebook import STATEMENT_COLUMNS, STATEMENT_SORT_KEY, sort_statements
from analysis.ontology import Ontology
from analysis.resources import load_yaml
from analysis.text.clauses import clause_rule
from analysis.text.induce import Induced
from analysis.text.inflect import forms_pattern, inflections
from analysis.text.mentions import Mention, MentionFinder
from analysis.text.multiscan import PatternSet
from analysis.text.parse import WorkLimitExceeded
from analysis.text.speakers import (
    Quote,
    Ref,
    ReferenceTracker,
    SpeechAct,
    attribute_quote,
    find_quotes,
    find_speech_acts,
    may_refer,
    quote_at,
    speech_pattern,
)

__all__ = [
    "Cue", "CueScanner", "SentenceSpan", "extract_article", "extract_records", "extract_statements",
    "family_pattern", "inflections", "load_cues",
]

_CONTEXT_ONLY_KINDS = frozenset({"partner"})  # cues whose target can come from earlier sentences
# What a denial's complement cancels: a claim ("denied that Y is the source"). A demand, threat
# or offer that is dismissed ("shrugged off Trump's pledge to slap tariffs") was still made.
_DENIABLE = frozenset({"accuse"})
_REFUSAL = re.compile(r"\b(?:won[’']t|will not|would not|no longer|refus(?:e|es|ed|ing) to)\b", re.IGNORECASE)
_TO_PLACE = re.compile(r"\b(?:to|from|on|against)\s+(?:the\s+)?\Z")
_INTO_PLACE = re.compile(r"\b(?:in|inside|into|within)\s+(?:the\s+)?\Z")
# an accusation of the demand in a country is of the country ("blames domestic demand in the US")
_DEMAND_IN = re.compile(r"\b(?:demand|consumption|addiction|appetite|market|users)\s+(?:in|within)\s+"
                        r"(?:the\s+)?\Z")
_RECIPIENT = re.compile(r"\s+to\s+(?:the\s+)?")  # "offered help to the United States": the side helped
_INTO_GAP = 12  # a military threat reaches a place named right after it ("strikes in Mexico")
_PASSIVE_AUX = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:(?:also|then|later|allegedly|reportedly|"
                          r"formally|recently|previously)\s+)?\Z", re.IGNORECASE)
_PREPOSITION_CUE = re.compile(r"(?:against|targeting|to|on)\b")
_NOUN_GAP = re.compile(r"[’']s?(?:\s+[\w-]+){1,3}\s+")  # "'s joint efforts ": the possessive's noun
_NO_OBJECT = re.compile(r"\s+(?:of|for|with)\b")
_SENTENCE_FULL_STOP = re.compile(r"[a-z0-9%)\]’”]\.$")  # "… on Monday." but not "the U.S."
_THAT_COMPLEMENT = re.compile(r"\s+that\b", re.IGNORECASE)
_NEGATION_WINDOW = 25
_CLAUSE_PUNCTUATION = re.compile(r"[,;:.]")  # a negation reaches a cue only within its clause
# a condition ("if Mexico does not stop …"), not an elliptical one ("if necessary")
_CONDITION = re.compile(r"\b(?:[Ii]f(?!\s+(?:necessary|needed|required|possible|so|not|at all)\b)|"
                        r"[Uu]nless)\b")
_PRESUPPOSED = re.compile(r"\b(?:continu(?:e|es|ed)|keeps?|kept|goes on|go on) (?:to |on )?", re.IGNORECASE)
_HYPOTHETICAL = frozenset({"accuse", "praise", "deny"})  # not asserted inside a condition
_ADDRESSED = re.compile(r"\b(?:told|tells|telling|assured|assures|informed|informs|promised|promises|"
                        r"wrote to|writes to)\s+(?:the\s+)?\Z")
_RESPONDING = re.compile(r"\b(?:respond\w* to|in (?:response|reply) to|react\w* to|repl\w* to|answer\w*|"
                         r"rebutt\w*|hit(?:ting)? back at)\s+(?:the\s+)?\Z", re.IGNORECASE)
_RELATIVE_GAP = 40  # "whom U.S. officials accuse": from the relative pronoun to its verb
_RECEIVED_GAP = 12  # "faces criticism from (the) X": how far after the cue its agent may start
_CONTINUED_GAP = 80  # between a quote's end and the next quote: its attribution ("she said at …")
_TARGET_WINDOW = 140


@dataclass(frozen=True)
class Cue:
    """One cue of the lexicon: a relation, where speaker and target sit, and a default topic."""

    cue_id: str
    relation: str
    kind: str
    pattern: re.Pattern[str]
    topic: str
    targets: frozenset[str] = frozenset()  # blocs the target may belong to (empty: any)
    window: int = 15  # object cues: how far after the cue the target may start
    inside: bool = False  # object cues: the target sits inside the cue ("a US problem")
    nominal: bool = False  # a noun ("X's accusation against Y"): the agent modifies it, right before it
    verbal: bool = False  # a verb family ("X called the talks productive"): its subject speaks
    reciprocal: bool = False  # a symmetric act ("X met Y"): the target does it to the agent as well


@dataclass(frozen=True)
class SentenceSpan:
    """A body sentence of the article (from the sentences table)."""

    sentence_no: int
    paragraph_no: int
    start: int
    end: int


# The seeds' busiest sentence has 8 cue matches; an article with a sentence past this is `too_slow`.
MAX_CUE_MATCHES_PER_SENTENCE = 100
_CUE_LEFT = r"(?<![\w-])"  # every cue starts on a word boundary


class CueScanner:
    """Find the matches of many cues in one pass (see `analysis.text.multiscan`), as if each cue
    ran its own `finditer`."""

    def __init__(self, cues: Sequence[Cue], whole_prefixes: bool = False) -> None:
        """`whole_prefixes`: the C-level search checks the cues' whole prefixes (for a few cues)."""
        self.cues = tuple(cues)
        self._patterns = PatternSet([cue.pattern for cue in self.cues], _CUE_LEFT,
                                    whole_prefixes=whole_prefixes)

    def finditer(self, text: str, start: int, end: int) -> list[tuple[Cue, re.Match[str]]]:
        """Return (cue, match) for every cue's matches in `text[start:end]`, by position."""
        return [(self.cues[index], match) for index, match in self._patterns.finditer(text, start, end)]


@dataclass(frozen=True)
class _Lexicon:
    cues: tuple[Cue, ...]
    sentence_scanner: CueScanner  # cues read within their sentence
    context_scanner: CueScanner  # cues that read earlier sentences too (partnerships)
    negation: re.Pattern[str]
    hedge: re.Pattern[str]
    topics: tuple[tuple[str, re.Pattern[str]], ...]
    coordination: re.Pattern[str]
    continued: re.Pattern[str]  # "…, and accused": a predicate without a subject of its own
    appeal_complement: re.Pattern[str]  # "to work together": what turns a demand into an appeal
    obligation: re.Pattern[str]  # "needs to" right before a cooperation cue: the cooperation is asked for
    topic_scanner: PatternSet | None = None  # the topics in one pass (None: one search per topic)


def family_pattern(family: dict) -> str:
    """The regex of a cue family: every inflection of its lemmas but the `exclude`d forms (a form
    that is mostly a noun: "a sentence"), then its `after` pattern."""
    forms = forms_pattern(family["lemmas"], exclude=family.get("exclude", ()), pos=family.get("pos", "VERB"))
    return f"{forms}{family.get('after', '')}"


@lru_cache(maxsize=1)
def load_cues() -> _Lexicon:
    """Load and compile the cue lexicon shipped with the package."""
    raw = load_yaml("cues.yaml")
    entries = [*raw["cues"], *({**f, "pattern": family_pattern(f)} if "lemmas" in f else f
                               for f in raw.get("families", ()))]
    cues = tuple(
        Cue(f"{c['relation']}.{c['type']}.{i:02d}", c["relation"], c["type"],
            re.compile(rf"{_CUE_LEFT}(?:{c['pattern']})(?![\w])", re.IGNORECASE), c.get("topic", "other"),
            frozenset(c.get("targets", ())), int(c.get("window", 15)), bool(c.get("inside", False)),
            c.get("pos") == "NOUN", "lemmas" in c and c.get("pos", "VERB") == "VERB",
            bool(c.get("reciprocal", False)))
        for i, c in enumerate(entries, start=1)
    )
    topics = tuple((name, re.compile(p, re.IGNORECASE)) for name, p in raw["topics"].items())
    in_sentence = CueScanner([c for c in cues if c.kind not in _CONTEXT_ONLY_KINDS])
    in_context = CueScanner([c for c in cues if c.kind in _CONTEXT_ONLY_KINDS], whole_prefixes=True)  # a few
    return _Lexicon(cues, in_sentence, in_context, re.compile(raw["negations"], re.IGNORECASE),
                    re.compile(raw["hedges"], re.IGNORECASE), topics,
                    re.compile(raw["coordination"], re.IGNORECASE),
                    re.compile(raw["continued_predicate"], re.IGNORECASE),
                    re.compile(raw["appeal_complement"], re.IGNORECASE),
                    re.compile(raw["obligation"], re.IGNORECASE), _topic_scanner(topics))


def _topic_scanner(topics: Sequence[tuple[str, re.Pattern[str]]]) -> PatternSet | None:
    """The topics behind a prefix index, when they all start on a word boundary."""
    try:
        return PatternSet([pattern for _, pattern in topics], r"\b")
    except ValueError:
        return None


@lru_cache(maxsize=1)
def _passive_by() -> re.Pattern[str]:
    """ "rejected by Beijing", "welcomed by officials in Washington": what precedes a passive's agent."""
    people = load_yaml("references.yaml")["collective_people"]
    people_of = rf"(?:[\w-]+\s+){{0,2}}?(?:{people})\s+(?:in|from|of)\s+(?:the\s+)?"
    return re.compile(rf"\s+by\s+(?:the\s+)?(?:{people_of})?")


_BY = re.compile(r"\s+by\s+")
_AFTER_BY = re.compile(r"\bby\s+(?:the\s+)?(?:\w+\s+)?$")


@dataclass
class _Statement:
    speaker: str
    target: str
    relation: str
    topic: str
    voice: str
    start: int
    end: int
    rule: str


class _SentenceContext:
    """What one sentence offers a cue: its span, references, quotes and reported speech."""

    def __init__(self, span: SentenceSpan, refs: list[Ref], quotes: list[Quote],
                 acts: list[SpeechAct], narrator: str) -> None:
        self.span = span
        self.refs = refs
        self.quotes = quotes
        self.acts = acts
        self.narrator = narrator

    def voice_at(self, offset: int) -> tuple[str, str, str, int]:
        """Return (speaker, voice, how, scope start) for a claim made at an offset."""
        quote = quote_at(self.quotes, offset)
        if quote is not None:  # a quotation with no visible speaker has none: nothing is coded
            scope = quote.start if quote.scope_start < 0 else quote.scope_start
            return quote.speaker or "", "quote", quote.how or "quote:unattributed", scope
        acts = [a for a in self.acts if a.covers(offset) or a.how == "reported:according"]
        if acts:
            act = max(acts, key=lambda a: a.verb_end if a.scope_start < 0 else a.scope_start)
            return act.speaker, "reported", act.how, act.verb_end if act.scope_start < 0 else act.scope_start
        return self.narrator, "narrator", "narrator", self.span.start

    def act_at(self, offset: int) -> SpeechAct | None:
        """Return the reported speech that a claim at `offset` belongs to, if any."""
        if quote_at(self.quotes, offset) is not None:
            return None
        acts = [a for a in self.acts if a.covers(offset)]
        return max(acts, key=lambda a: a.verb_end, default=None)

    def before(self, offset: int, floor: int) -> list[Ref]:
        return [r for r in self.refs if floor <= r.start and r.end <= offset]

    def after(self, offset: int, limit: int = _TARGET_WINDOW) -> list[Ref]:
        return [r for r in self.refs if offset <= r.start <= offset + limit]


class _ArticleExtractor:
    """Extract statements from one article, sentence by sentence."""

    def __init__(self, article_id: str, text: str, narrator: str, ontology: Ontology,
                 finder: MentionFinder, mentions: list[Mention] | None = None,
                 induced: Induced | None = None) -> None:
        self.article_id = article_id
        self.text = text
        self.narrator = narrator
        self.ontology = ontology
        self.tracker = ReferenceTracker(text, ontology, finder, mentions, induced)
        self.lexicon = load_cues()
        self.claims_against: dict[str, str] = {}  # bloc -> last actor accusing or pressing it
        self.last_claimant: str = ""  # the last actor (not the outlet) accusing or pressing anyone
        self._denier = ""  # who made the last denial in the sentence being read
        self._denied_by = ""  # the denier when the cue being read sits inside the denial's complement
        self._conditions: list[tuple[int, int]] = []  # the conditions ("if …") of the sentence being read
        self.last_quote_speaker = ""
        self._matches_by_sentence: dict[int, list[tuple[Cue, re.Match[str]]]] = {}
        self._quote_spans: dict[int, list[tuple[int, int]]] = {}  # quotations per paragraph
        self._topics_named: dict[str, str] = {}  # evidence or sentence text -> its first topic
        self._blocs_named: tuple[str, ...] = ()  # the countries named when the paragraph being read was read

    def run(self, sentences: Sequence[SentenceSpan]) -> list[list]:
        records: list[list] = []
        self._quote_spans = {number: find_quotes(self.text, start, end)
                             for number, (start, end) in _paragraph_spans(sentences).items()}
        self._matches_by_sentence = self._scan_cues(sentences)
        for number, matches in self._matches_by_sentence.items():
            if len(matches) > MAX_CUE_MATCHES_PER_SENTENCE:
                raise WorkLimitExceeded(f"sentence {number} has {len(matches):,} cue matches, over the "
                                        f"limit of {MAX_CUE_MATCHES_PER_SENTENCE}")
        held: _ReadParagraph | None = None  # a paragraph whose last quotation runs on into the next
        for paragraph in _paragraphs(sentences):
            read = self._read_paragraph(paragraph)
            if held is not None:
                records.extend(self._paragraph_statements(_carried_over(held, read)))
                held = None
            if _quote_runs_on(read):
                held = read
            else:
                records.extend(self._paragraph_statements(read))
        if held is not None:
            records.extend(self._paragraph_statements(held))
        return records

    def _read_paragraph(self, sentences: list[SentenceSpan]) -> _ReadParagraph:
        """A paragraph's references and attributed quotations (the tracker reads paragraphs in order)."""
        start, end = sentences[0].start, sentences[-1].end
        quote_spans = self._quote_spans.get(sentences[0].paragraph_no, [])
        sentence_refs = {}
        quotes: list[Quote] = [Quote(s, e, None, "") for s, e in quote_spans]
        for sentence in sentences:
            sentence_refs[sentence.sentence_no] = self.tracker.refs_in(
                sentence.start, sentence.end, sentence.sentence_no, quotes)
        all_refs = [r for refs in sentence_refs.values() for r in refs]
        quotes = self._attribute_quotes(quote_spans, all_refs, start, end)
        return _ReadParagraph(sentences, sentence_refs, quotes, tuple(self.tracker.recent_blocs))

    def _paragraph_statements(self, read: _ReadParagraph) -> Iterable[list]:
        self._blocs_named = read.recent_blocs
        for sentence in read.sentences:
            if not self._matches_by_sentence.get(sentence.sentence_no):
                continue  # every statement reads a cue: a sentence without one offers none
            refs = self._with_first_person(read.refs[sentence.sentence_no], sentence, read.quotes)
            acts = find_speech_acts(self.text, sentence.start, sentence.end, refs, read.quotes)
            context = _SentenceContext(sentence, refs, read.quotes, acts, self.narrator)
            yield from self._sentence(context)

    def _attribute_quotes(self, spans: list[tuple[int, int]], refs: list[Ref], start: int,
                          end: int) -> list[Quote]:
        quotes: list[Quote] = []
        for span in spans:
            speaker, how, scope_start = attribute_quote(self.text, span, refs, end)
            if not speaker and span[0] == start and self.last_quote_speaker:
                speaker, how = self.last_quote_speaker, "quote:continued"
            if not speaker and quotes and self._continues(quotes[-1], span[0]):
                speaker, how = quotes[-1].speaker or "", "quote:continued"
            if speaker:
                self.last_quote_speaker = speaker
            quotes.append(Quote(span[0], span[1], speaker or None, how, scope_start))
        if not spans:
            self.last_quote_speaker = ""
        return quotes

    def _continues(self, previous: Quote, start: int) -> bool:
        """ "“…,” she said. “…”": a quote right after the previous one's attribution has its speaker."""
        gap = self.text[previous.end:start]
        return (previous.how == "quote:after" and len(gap) <= _CONTINUED_GAP and ":" not in gap
                and bool(speech_pattern().search(gap)))

    def _with_first_person(self, refs: list[Ref], sentence: SentenceSpan, quotes: list[Quote]) -> list[Ref]:
        extra = self.tracker._first_person(sentence.start, sentence.end, quotes,
                                           [(r.start, r.end) for r in refs])
        return sorted(refs + extra, key=lambda r: (r.start, r.end)) if extra else refs  # refs are in order

    def _sentence(self, context: _SentenceContext) -> Iterable[list]:
        seen: set[tuple[str, str, str, str]] = set()
        for statement in self._statements(context):
            key = (statement.speaker, statement.target, statement.relation, statement.topic)
            if key in seen or self._is_meaningless(statement):
                continue
            seen.add(key)
            self._remember_claim(statement)
            yield self._record(context, statement)

    def _remember_claim(self, statement: _Statement) -> None:
        """Remember who accused or pressed whom, for later denials that do not name the claimant."""
        if statement.relation not in ("accuse", "demand", "threaten"):
            return
        if self.ontology.bloc(statement.speaker) == "MEDIA":
            return
        target_bloc = self.ontology.bloc(statement.target)
        if target_bloc != self.ontology.bloc(statement.speaker):
            self.claims_against[target_bloc] = statement.speaker
            self.last_claimant = statement.speaker

    @staticmethod
    def _has_speaker(cue: Cue, context: _SentenceContext, match: re.Match[str]) -> bool:
        """Whether the claim has a speaker to give it to: a known one, or the agent a verb names
        inside reported speech ("Mexico blamed Washington, officials said": Mexico blames)."""
        speaker, voice, _, _ = context.voice_at(match.start())
        return bool(speaker) or (cue.kind == "agent" and not cue.nominal and voice == "reported")

    def _is_meaningless(self, statement: _Statement) -> bool:
        if statement.speaker == statement.target and not statement.rule.startswith(
                f"{statement.relation}.self"):
            return True
        if statement.relation == "appeal" and self.ontology.bloc(statement.speaker) == self.ontology.bloc(
                statement.target):
            return True  # "Li said Beijing and Washington should work together": asked of Washington
        return self.ontology.bloc(statement.target) == "MEDIA"

    def _statements(self, context: _SentenceContext) -> Iterable[_Statement]:
        denied_until, self._denier, requested_until = -1, "", -1
        self._conditions = self._conditional_spans(context.span)
        for cue, match in self._cue_matches(context.span, context.refs):
            if cue.relation in _HYPOTHETICAL and self._in_condition(match.start()):
                continue  # "If Beijing fails to act, …": a condition, not a claim
            if cue.relation in _DENIABLE and match.start() < denied_until and not cue.nominal:
                continue  # "X denied that Y is the source": the denied claim is not asserted
            if cue.relation in ("cooperate", "appeal") and match.start() < requested_until:
                continue  # "urged both sides to resume dialogue": the cooperation asked for is not done
            if self._is_negated(match, context.span.start):
                if cue.relation != "cooperate" or not self._is_refusal(match, context.span.start):
                    continue
                cue = replace(cue, relation="threaten")  # "China won't help the US": cooperation withheld
            if not self._has_speaker(cue, context, match):
                continue  # an unattributed quotation, or a named speaker the ontology cannot resolve
            if cue.relation == "demand" and self._asks_cooperation(match, context.span.end):
                cue = replace(cue, relation="appeal")  # "urged both sides to resume dialogue"
            if cue.relation == "cooperate" and cue.kind == "agent" and self.lexicon.obligation.search(
                    self.text, max(context.span.start, match.start() - 25), match.start()):
                cue = replace(cue, relation="appeal", kind="subject")  # "X needs to work with Y": asked of X
            if cue.relation in ("demand", "appeal") and cue.kind == "agent":
                requested_until = clause_rule().end(self.text, match.end(), context.span.end)
                requests = list(self._read_cue(cue, match, context))
                if requests and context.voice_at(match.end())[1] == "narrator":
                    # "China urged the US to stop shifting blame": the complement is China's words
                    context.acts.append(SpeechAct(requests[0].speaker, match.start(), match.end(),
                                                  requested_until, "reported:request"))
                yield from requests
                continue
            if cue.relation != "deny":
                self._denied_by = self._denier if match.start() < denied_until else ""
                yield from self._read_cue(cue, match, context)
                continue
            denied_until = self._deny_scope_end(match, context.span.end)
            denials = list(self._read_cue(cue, match, context))
            self._denier = denials[0].speaker if denials else ""
            yield from denials

    def _conditional_spans(self, span: SentenceSpan) -> list[tuple[int, int]]:
        """The conditions of a sentence ("If Mexico does not stop the flow, …"): "if"/"unless" to the
        end of its clause."""
        rule = clause_rule()
        return [(m.start(), rule.end(self.text, m.end(), span.end))
                for m in _CONDITION.finditer(self.text, span.start, span.end)]

    def _in_condition(self, offset: int) -> bool:
        """Inside a condition that is not presupposed ("if X continues to …" says X does it)."""
        return any(s <= offset < e and not _PRESUPPOSED.search(self.text, s, e) for s, e in self._conditions)

    def _condition_target(self, match: re.Match[str], context: _SentenceContext, who: str) -> Ref | None:
        """The side a conditional threat or demand is aimed at: the first other side in its condition."""
        bloc = self.ontology.bloc(who)
        for start, end in self._conditions:
            for ref in context.refs:
                if start <= ref.start < end and not ref.is_place and ref.how != "first-person" \
                        and self.ontology.bloc(ref.actor_id) not in (bloc, "MEDIA"):
                    return ref
        return None

    def _asks_cooperation(self, match: re.Match[str], limit: int) -> bool:
        """A demand whose complement is cooperation itself ("urged X to work together") is an appeal."""
        end = clause_rule().end(self.text, match.end(), limit)
        return bool(self.lexicon.appeal_complement.search(self.text, match.start(), end))

    def _deny_scope_end(self, match: re.Match[str], limit: int) -> int:
        """A denial's complement runs to the end of its clause."""
        return clause_rule().end(self.text, match.end(), limit)

    def _scan_cues(self, sentences: Sequence[SentenceSpan]) -> dict[int, list[tuple[Cue, re.Match[str]]]]:
        """Run every cue once over the article's body and file each match under its sentence.

        One pass per cue over the body is much cheaper than one per sentence. Only stretches
        of sentences that could hold a statement are scanned: a statement needs a target,
        so a sentence with no actor name, pronoun, role noun, group reference or quotation
        is skipped. A match that runs past the end of its sentence is dropped, as a
        per-sentence search would.
        """
        by_sentence: dict[int, list[tuple[Cue, re.Match[str]]]] = {s.sentence_no: [] for s in sentences}
        candidates = list(_runs([s for s in sentences if self._may_hold_statement(s)], sentences))
        everything = list(_runs(list(sentences), sentences))
        # a partnership cue finds its sides in earlier sentences, so it reads every sentence
        for scanner, runs in ((self.lexicon.sentence_scanner, candidates),
                              (self.lexicon.context_scanner, everything)):
            for run, last in runs:
                starts = [s.start for s in run]
                for cue, match in scanner.finditer(self.text, run[0].start, last):
                    index = bisect.bisect_right(starts, match.start()) - 1
                    if index >= 0 and match.end() <= run[index].end:
                        by_sentence[run[index].sentence_no].append((cue, match))
        return by_sentence

    def _may_hold_statement(self, sentence: SentenceSpan) -> bool:
        if self.tracker.mentions_in(sentence.start, sentence.end):
            return True
        if self._in_quote(sentence):
            return True
        return may_refer(self.text, sentence.start, sentence.end)

    def _in_quote(self, sentence: SentenceSpan) -> bool:
        return any(s < sentence.end and sentence.start < e
                   for s, e in self._quote_spans.get(sentence.paragraph_no, []))

    def _cue_matches(self, span: SentenceSpan, refs: Sequence[Ref] = ()) -> list[tuple[Cue, re.Match[str]]]:
        """Return cue matches in text order; where cues overlap, the longest one wins. An owner cue
        without its owner right before it ("the production of fentanyl") competes with no other."""
        matches = self._matches_by_sentence.get(span.sentence_no, [])
        ends = {r.end for r in refs} if any(cue.kind == "owner" for cue, _ in matches) else set()
        found = [(cue, match) for cue, match in matches
                 if cue.kind != "owner" or ends & set(range(match.start() - 3, match.start() + 1))]
        found.sort(key=lambda cm: (-(cm[1].end() - cm[1].start()), cm[1].start(), cm[0].cue_id))
        kept: list[tuple[Cue, re.Match[str]]] = []
        for cue, match in found:
            if all(match.end() <= m.start() or m.end() <= match.start() for _, m in kept):
                kept.append((cue, match))
        return sorted(kept, key=lambda cm: (cm[1].start(), cm[0].cue_id))

    def _is_negated(self, match: re.Match[str], floor: int) -> bool:
        window = self.text[max(floor, match.start() - _NEGATION_WINDOW):match.start()]
        window = _CLAUSE_PUNCTUATION.split(window)[-1]
        return bool(self.lexicon.negation.search(window)) and "not" not in match.group().lower()

    def _is_refusal(self, match: re.Match[str], floor: int) -> bool:
        """A negation that withholds future cooperation ("will no longer cooperate", "won't help")."""
        window = self.text[max(floor, match.start() - _NEGATION_WINDOW):match.start()]
        return bool(_REFUSAL.search(_CLAUSE_PUNCTUATION.split(window)[-1]))

    def _read_cue(self, cue: Cue, match: re.Match[str], context: _SentenceContext) -> Iterable[_Statement]:
        reader = {
            "agent": self._agent, "subject": self._subject, "object": self._object,
            "mutual": self._mutual, "self": self._self, "claim": self._claim, "partner": self._partner,
            "joint": self._joint, "passive": self._received, "owner": self._owner,
        }[cue.kind]
        yield from reader(cue, match, context)

    # ------------------------------------------------------------ cue readers

    def _agent(self, cue: Cue, match: re.Match[str], context: _SentenceContext) -> Iterable[_Statement]:
        speaker, voice, how, scope = context.voice_at(match.start())
        passive = self._passive_agent(match, context)
        if passive is not None:
            yield from self._passive(cue, match, context, passive, voice)
            return
        if not cue.nominal and self._is_passive(match):
            return  # "Liu was sentenced to death": the subject undergoes the act, nobody named does it
        relative = None if cue.nominal else self._relative_object(match, context)
        if relative is not None:  # "the cartels, whom he accuses of …"
            yield from self._relative_clause(cue, match, context, relative)
            return
        agents = self._noun_owner(match, context) or self._agents_before(match.start(), scope, context)
        if cue.nominal:  # "Trump's threat of tariffs", "US pressure on Mexico": the modifier acts
            modifiers = [r for r in context.refs if 0 <= match.start() - r.end <= 3 and not r.is_place]
            agents = self._coordinated(modifiers[-1], context.refs) if modifiers else []
            if not agents:
                return
        if agents:
            voice = "quote" if voice == "quote" else "reported"
        elif voice == "narrator" or not speaker:
            return  # no agent, and nobody visible to give the claim to
        else:
            agents = [Ref(match.start(), match.start(), speaker, "", how.split(":")[0])]
        for agent in agents:
            who = agent.actor_id
            agent_how = f"agent:{agent.how}" if agent.end > agent.start or agent.how == "group" else how
            content = cue.nominal and match.group().lower().endswith("that")  # "X's claim that it …"
            target = None if content and self._denied_by else self._target_after(cue, match, context, who)
            if target is None and cue.relation in ("threaten", "demand"):
                target = self._condition_target(match, context, who)  # "If X does not stop …, we will …"
            if target is None and cue.nominal and self._denied_by and self._denied_by != who:
                # "Y rejected X's claims": the claim answered by the denial targets the denier
                target = Ref(match.start(), match.end(), self._denied_by, "", "denier")
            if target is not None:
                for each in self._coordinated_targets(cue, target, context, who):
                    yield self._statement(cue, match, context, who, each, voice, agent_how)
                    if cue.reciprocal:  # "X met Y": Y met X as well
                        yield self._statement(cue, match, context, each.actor_id, agent, voice,
                                              "agent:reciprocal")
            elif cue.relation == "cooperate":  # "X and Y agreed to …": joint action, every ordered pair
                others = [o for o in agents if self.ontology.bloc(o.actor_id) != self.ontology.bloc(who)]
                for other in others or self._addressee(match, context, who)[:1]:
                    yield self._statement(cue, match, context, who, other, voice,
                                          "agent:joint" if others else "agent:addressee")

    def _relative_clause(self, cue: Cue, match: re.Match[str], context: _SentenceContext,
                         target: Ref) -> Iterable[_Statement]:
        """ "X, whom Y accuses of …": Y (between the pronoun and the verb, else the reported
        speaker) acts on X."""
        speaker, voice, how, _ = context.voice_at(match.start())
        agents = [r for r in context.refs if target.end <= r.start and r.end <= match.start()
                  and not r.is_place and not r.possessive]
        if agents:
            who, how = agents[-1].actor_id, f"agent:{agents[-1].how}"
        elif voice != "narrator" and speaker:
            who = speaker
        else:
            return
        if self.ontology.bloc(who) != self.ontology.bloc(target.actor_id) and self._allowed(cue, target):
            voice = "quote" if voice == "quote" else "reported"
            yield self._statement(cue, match, context, who, target, voice, how)

    def _relative_object(self, match: re.Match[str], context: _SentenceContext) -> Ref | None:
        """ "…, whom he accuses of …": a relative "whom" shortly before the verb is its object."""
        for ref in reversed(context.refs):
            if ref.end <= match.start() and ref.how == "group-ref" and ref.surface.lower() == "whom":
                gap = self.text[ref.end:match.start()]
                return ref if len(gap) <= _RELATIVE_GAP and not _CLAUSE_PUNCTUATION.search(gap) else None
        return None

    def _addressee(self, match: re.Match[str], context: _SentenceContext, who: str) -> list[Ref]:
        """Whom an offer without an object is made to: the other side told of it ("Xi told Biden that
        China was willing to cooperate")."""
        bloc = self.ontology.bloc(who)
        return [r for r in context.refs if r.end <= match.start() and not r.is_place
                and _ADDRESSED.search(self.text, max(0, r.start - 20), r.start)
                and self.ontology.bloc(r.actor_id) not in (bloc, "MEDIA", "CARTELS", "SUPPLIERS")][-1:]

    def _noun_owner(self, match: re.Match[str], context: _SentenceContext) -> list[Ref]:
        """A cue that is a noun's preposition ("Mexico's efforts against the cartels"): its owner acts."""
        if not _PREPOSITION_CUE.match(match.group()):
            return []
        owners = [r for r in context.refs if r.possessive and 0 < match.start() - r.end <= 30
                  and _NOUN_GAP.fullmatch(self.text, r.end, match.start())]
        return owners[-1:]

    def _coordinated_targets(self, cue: Cue, target: Ref, context: _SentenceContext,
                             speaker: str) -> list[Ref]:
        """The target with the actors coordinated with it ("blamed China and Mexico"), as the cue allows."""
        if target.how in ("claimant", "denier", "partner"):
            return [target]
        group = self._coordinated(target, context.refs)
        own = self.ontology.bloc(speaker)  # a group ("both sides") names each side but the speaker's

        def joins(r: Ref) -> bool:
            later = r.start > target.start or (
                r.start == target.start and self.ontology.bloc(r.actor_id) != own)
            return later and r.actor_id != speaker and self._allowed(cue, r) and not r.is_place

        return [r for r in group if r is target or joins(r)]

    def _is_passive(self, match: re.Match[str]) -> bool:
        """A participle after a form of "be" ("was sentenced", "were accused")."""
        first = match.group().split()[0].lower() if match.group().strip() else ""
        if not first.endswith(("ed", "held")):
            return False
        if " " not in match.group().strip() and _NO_OBJECT.match(self.text, match.end()):
            return True  # "a company accused of laundering": no object between the verb and "of"
        return bool(_PASSIVE_AUX.search(self.text, max(0, match.start() - 30), match.start()))

    def _passive_agent(self, match: re.Match[str], context: _SentenceContext) -> Ref | None:
        """ "a claim rejected by Mexican officials", "China was accused by Washington": who follows "by"."""
        by = _passive_by().match(self.text, match.end())
        if by is None:
            return None
        name_from = _BY.match(self.text, match.end()).end()  # type: ignore[union-attr]
        # a name may carry its article ("by the State Department"), which "by" has then read
        return next((r for r in context.refs if name_from <= r.start <= by.end() and r.end > by.end()
                     and not r.is_place), None)

    def _passive(self, cue: Cue, match: re.Match[str], context: _SentenceContext, agent: Ref,
                 voice: str) -> Iterable[_Statement]:
        """A passive cue: the agent after "by" acts on the subject before the cue (a denial: the claimant)."""
        voice = "quote" if voice == "quote" else "reported"
        if cue.relation == "deny":
            target = self._deny_target(match, context, agent.actor_id)
        else:
            floor = clause_rule().start(self.text, context.span.start, match.start(), strong_only=True)
            named = [r for r in context.before(match.start(), floor) if not r.is_place]
            # the subject, else its owner ("Beijing's move was welcomed by …", "the move by Beijing …")
            before = [r for r in named if not r.possessive and not r.oblique] or named
            target = before[-1] if before else None
        if target is not None and self.ontology.bloc(target.actor_id) != self.ontology.bloc(agent.actor_id):
            yield self._statement(cue, match, context, agent.actor_id, target, voice, "agent:passive")

    def _owner(self, cue: Cue, match: re.Match[str], context: _SentenceContext) -> Iterable[_Statement]:
        """ "Mexican production of fentanyl", "Chinese-made pills": the modifier right before the cue."""
        speaker, voice, how, _ = context.voice_at(match.start())
        owners = [r for r in context.refs if 0 <= match.start() - r.end <= 3 and not r.is_place
                  and r.how in ("alias", "group")]
        if owners and self.ontology.kind(owners[-1].actor_id) != "person":
            yield self._statement(cue, match, context, speaker, owners[-1], voice, how)

    def _received(self, cue: Cue, match: re.Match[str], context: _SentenceContext) -> Iterable[_Statement]:
        """ "Beijing faces accusations from Washington": the actor right after the cue acts on the subject."""
        voice = context.voice_at(match.start())[1]
        agent = next((r for r in context.after(match.end(), limit=_RECEIVED_GAP) if not r.is_place), None)
        if agent is not None:
            yield from self._passive(cue, match, context, agent, voice)

    def _agents_before(self, offset: int, scope: int, context: _SentenceContext) -> list[Ref]:
        """The agent of a verb: the nearest subject-like reference before it, with its coordinates."""
        floor = clause_rule().start(self.text, scope, offset, strong_only=True)
        before = [r for r in context.before(offset, floor) if not r.is_place]
        subjects = [r for r in before if not r.possessive and not r.oblique]
        if subjects and self.lexicon.continued.search(self.text, max(floor, offset - 30), offset):
            subjects = self._previous_subject(offset, floor, subjects) or subjects
        act = context.act_at(offset)
        if not subjects and act is not None and act.verb_start > context.span.start:
            return self._agents_before(act.verb_start, context.span.start, context)  # "X said it agreed to"
        subjects = subjects or before
        return self._coordinated(subjects[-1], context.refs) if subjects else []

    def _previous_subject(self, offset: int, floor: int, subjects: list[Ref]) -> list[Ref]:
        """ "X denied that it helps Y, and accused Z": a predicate without its own subject takes
        the subject opening the clause before it (the first subject after that clause's start)."""
        rule = clause_rule()
        end = rule.start(self.text, floor, offset)
        if end <= floor:  # "Li denied that Beijing … and blamed X": no boundary, the clause's opening subject
            return subjects[:1]
        while end > floor:
            start = rule.start(self.text, floor, max(floor, end - 1))
            opening = [r for r in subjects if start <= r.start < end]
            if opening:
                return opening[:1]
            end = start
        return []

    def _coordinated(self, head: Ref, refs: list[Ref]) -> list[Ref]:
        """Return `head` with the references coordinated with it ("Mexico, the US and China")."""
        group = [r for r in refs if (r.start, r.end) == (head.start, head.end)]
        ordered = [r for r in refs if r.how != "first-person"]
        index = ordered.index(head) if head in ordered else -1
        for step in (-1, 1):
            k = index
            while 0 <= k + step < len(ordered) and index >= 0:
                left, right = (ordered[k + step], ordered[k]) if step < 0 else (ordered[k], ordered[k + step])
                if (left.start, left.end) == (right.start, right.end):
                    k += step
                    continue
                joined = self.lexicon.coordination.fullmatch(self.text, left.end, right.start)
                if not joined or ordered[k + step].possessive:
                    break
                group.append(ordered[k + step])
                k += step
        unique: dict[str, Ref] = {}
        for ref in sorted(group, key=lambda r: r.start):
            unique.setdefault(ref.actor_id, ref)
        return list(unique.values())

    def _target_after(self, cue: Cue, match: re.Match[str], context: _SentenceContext,
                      speaker: str) -> Ref | None:
        if cue.relation == "deny":
            return self._deny_target(match, context, speaker)
        speaker_bloc = self.ontology.bloc(speaker)
        friendly = cue.relation in ("cooperate", "praise", "appeal")
        # the object may sit inside the cue ("asked X for help"), so look from just after its start
        reach = clause_rule().object_end(self.text, match.end(), context.span.end)
        for ref in context.after(match.start() + 1):
            if ref.start >= reach:
                break  # "criticised the plan, echoing X’s complaint": X is not criticised
            before = (self.text, max(0, ref.start - 8), ref.start)
            near = cue.topic == "sovereignty" and ref.start - match.end() <= _INTO_GAP  # "strikes in Mexico"
            addressed = (cue.relation == "threaten" and bool(_TO_PLACE.search(*before)
                                                             or (near and _INTO_PLACE.search(*before)))
                         or cue.relation == "accuse"
                         and bool(_DEMAND_IN.search(self.text, max(0, ref.start - 30), ref.start))
                         or cue.relation == "cooperate"
                         and bool(_RECIPIENT.fullmatch(self.text, match.end(), ref.start)))
            if ref.is_place and not addressed:
                continue  # "cut aid to Mexico" targets Mexico; "trafficking into the US" does not
            if ref.actor_id == speaker or ref.how == "first-person":
                continue
            if friendly and self.ontology.bloc(ref.actor_id) == speaker_bloc:
                continue  # "hailed US-Mexico cooperation": the partner, not the speaker's own side
            if self._allowed(cue, ref):
                return ref
        return None

    def _allowed(self, cue: Cue, ref: Ref) -> bool:
        return not cue.targets or self.ontology.bloc(ref.actor_id) in cue.targets

    def _deny_target(self, match: re.Match[str], context: _SentenceContext, speaker: str) -> Ref | None:
        """Whose claim is denied: an actor named in the clause, else the last one accusing the speaker."""
        bloc = self.ontology.bloc(speaker)
        clause_end = self._deny_scope_end(match, context.span.end)
        content = bool(_THAT_COMPLEMENT.match(self.text, match.end()))  # "denied that Y …": Y is denied
        for ref in context.after(match.end(), limit=60):
            if not content and ref.start < clause_end and self._is_claimant(ref, bloc):
                return ref
        floor = self._clause_start(context.span.start, match.start())
        owners = [r for r in context.before(match.start(), floor)
                  if (r.possessive or 0 <= match.start() - r.end <= 1) and self._is_claimant(r, bloc)]
        if owners:  # "responded to X’s letter by dismissing its claims", "the US accusation lacks evidence"
            return owners[-1]
        answered = [r for r in context.before(match.start(), context.span.start) if self._is_claimant(r, bloc)
                    and _RESPONDING.search(self.text, max(0, r.start - 25), r.start)]
        if answered:  # "Responding to Roe, Li said the claims were groundless"
            return answered[-1]
        claimant = self.claims_against.get(bloc) or self.last_claimant
        if claimant and self.ontology.bloc(claimant) != bloc:
            return Ref(match.start(), match.end(), claimant, "", "claimant")
        # nobody has accused the speaker yet: the next other actor named ("denied it and blamed X")
        return next((r for r in context.after(match.end(), limit=60)
                     if self._is_claimant(r, bloc) and not (content and r.start < clause_end)), None)

    def _is_claimant(self, ref: Ref, speaker_bloc: str) -> bool:
        return not ref.is_place and self.ontology.bloc(ref.actor_id) not in (speaker_bloc, "MEDIA")

    def _claim(self, cue: Cue, match: re.Match[str], context: _SentenceContext) -> Iterable[_Statement]:
        """A predicate said by the voice's speaker ("there is no such trafficking", "X is not the source")."""
        speaker, voice, how, _ = context.voice_at(match.start())
        if voice == "narrator":
            return
        target = self._target_after(cue, match, context, speaker)
        if target is not None:
            yield self._statement(cue, match, context, speaker, target, voice, how)

    def _partner(self, cue: Cue, match: re.Match[str], context: _SentenceContext) -> Iterable[_Statement]:
        """Praise of or a call for a partnership: the target is each other side of it.

        The other sides are the actors of other blocs named in the sentence, else the countries
        named last (one for a speaker, the last two for the narrator).
        """
        speaker, voice, how, _ = context.voice_at(match.start())
        subject = self._partner_subject(match, context) if voice == "narrator" and cue.verbal else None
        if subject is not None:  # "Rubio called the cooperation historic": Rubio speaks, not the outlet
            speaker, voice, how = subject.actor_id, "reported", f"agent:{subject.how}"
        bloc = self.ontology.bloc(speaker)
        partners = [r for r in context.refs if not r.is_place and r.how != "first-person"
                    and self.ontology.bloc(r.actor_id) not in (bloc, "MEDIA")]
        if not partners:
            recent = [b for b in self._blocs_named if b != bloc][-(2 if voice == "narrator" else 1):]
            partners = [Ref(match.start(), match.end(), self.ontology.bloc_root(b), "", "partner")
                        for b in recent]
        if cue.relation == "praise":
            partners = partners[:1]
        for partner in partners:
            yield self._statement(cue, match, context, speaker, partner, voice, how)

    def _partner_subject(self, match: re.Match[str], context: _SentenceContext) -> Ref | None:
        """The subject of a narrated partnership verb ("Rubio called the talks productive"), if one is
        named before it in its clause."""
        floor = clause_rule().start(self.text, context.span.start, match.start(), strong_only=True)
        subjects = [r for r in context.before(match.start(), floor)
                    if not r.is_place and not r.possessive and not r.oblique]
        if not subjects or self.ontology.bloc(subjects[-1].actor_id) == "MEDIA":
            return None
        return subjects[-1]

    def _joint(self, cue: Cue, match: re.Match[str], context: _SentenceContext) -> Iterable[_Statement]:
        """Joint action of coordinated agents ("X and Y seek to curb …"): every ordered pair."""
        _, voice, _, scope = context.voice_at(match.start())
        agents = self._agents_before(match.start(), scope, context)
        voice = "quote" if voice == "quote" else "reported"
        for agent in agents:
            for other in agents:
                if self.ontology.bloc(other.actor_id) != self.ontology.bloc(agent.actor_id):
                    yield self._statement(cue, match, context, agent.actor_id, other, voice, "joint")

    def _subject(self, cue: Cue, match: re.Match[str], context: _SentenceContext) -> Iterable[_Statement]:
        speaker, voice, how, scope = context.voice_at(match.start())
        before = [r for r in context.before(match.start(), scope) if not r.is_place]
        if cue.targets:  # a restricted cue needs a true subject, not "the fight against cartels"
            before = [r for r in before if not r.oblique and not r.possessive]
        # "Mexico's extradition of the cartel leaders was a step": not inside a prepositional phrase,
        # but a passive's agent is ("the chemicals used by Mexican cartels to produce the drug")
        subjects = [r for r in before if not r.oblique or self._after_by(r)] or before
        if not subjects or match.start() - subjects[-1].end > 60:
            return
        for target in self._coordinated(subjects[-1], context.refs):
            if target.how == "first-person":
                root = self._bloc_root_of(speaker)  # "we must do more": the speaker's own side
                target = Ref(target.start, target.end, root, target.surface, "first-person")
            if self._allowed(cue, target):
                yield self._statement(cue, match, context, speaker, target, voice, how)

    def _after_by(self, ref: Ref) -> bool:
        """A reference right after "by" ("used by Mexican cartels"): a passive's agent."""
        return bool(_AFTER_BY.search(self.text, max(0, ref.start - 25), ref.start))

    def _object(self, cue: Cue, match: re.Match[str], context: _SentenceContext) -> Iterable[_Statement]:
        speaker, voice, how, _ = context.voice_at(match.start())
        start = match.start() if cue.inside else match.end()
        targets = [r for r in context.after(start, limit=cue.window) if r.how in ("alias", "group")]
        if not targets or self.ontology.kind(targets[0].actor_id) == "person":
            return
        for target in self._coordinated(targets[0], context.refs):
            if self._allowed(cue, target):
                yield self._statement(cue, match, context, speaker, target, voice, how)

    def _mutual(self, cue: Cue, match: re.Match[str], context: _SentenceContext) -> Iterable[_Statement]:
        named = {}
        for ref in context.refs:  # one side per country bloc: its country, else its first organisation
            if ref.how not in ("alias", "group") or ref.is_place:
                continue
            root = self.ontology.bloc_root(self.ontology.bloc(ref.actor_id))
            if self.ontology.kind(root) != "country":
                continue
            if self.ontology.kind(ref.actor_id) == "country" or root not in named:
                named[root] = ref
        named = {ref.actor_id: ref for ref in named.values()}
        for speaker in named:
            for target in named:
                if speaker != target:
                    yield self._statement(cue, match, context, speaker, named[target], "reported",
                                          "mutual")

    def _self(self, cue: Cue, match: re.Match[str], context: _SentenceContext) -> Iterable[_Statement]:
        speaker, voice, how, scope = context.voice_at(match.start())
        agents = [r for r in context.before(match.start(), scope) if not r.is_place]
        if voice == "narrator":
            if not agents:
                return
            speaker, voice, how = agents[-1].actor_id, "reported", "agent:self"
        root = self._bloc_root_of(speaker)
        target = Ref(match.start(), match.end(), root, "", "self")
        yield self._statement(cue, match, context, speaker, target, voice, how)

    def _bloc_root_of(self, actor_id: str) -> str:
        return self.ontology.roll_up(actor_id, "bloc")

    # ------------------------------------------------------------ assembling

    def _statement(self, cue: Cue, match: re.Match[str], context: _SentenceContext, speaker: str,
                   target: Ref, voice: str, how: str) -> _Statement:
        start, end = self._evidence_span(context, match, target)
        evidence = self.text[start:end]
        topic = self._topic(evidence, context, cue)
        hedged = "+hedged" if self.lexicon.hedge.search(evidence) else ""
        rule = f"{cue.cue_id}|{how}|target:{target.how}{hedged}"
        return _Statement(speaker, target.actor_id, cue.relation, topic, voice, start, end, rule)

    def _evidence_span(self, context: _SentenceContext, match: re.Match[str], target: Ref) -> tuple[int, int]:
        span = context.span
        named = target.how not in ("claimant", "denier")
        left = min(match.start(), target.start if named else match.start())
        right = max(match.end(), target.end if named else match.end())
        clause_start = self._clause_start(span.start, left)
        end = clause_rule().end(self.text, right, span.end)
        piece = self.text[clause_start:end]
        trimmed_start = clause_start + (len(piece) - len(piece.lstrip(" “\"‘(")))
        kept = piece.rstrip()
        if _SENTENCE_FULL_STOP.search(kept):  # the sentence's full stop is not part of the claim
            kept = kept[:-1]
        trimmed_end = clause_start + len(kept)
        return (trimmed_start, trimmed_end) if trimmed_end > trimmed_start else (match.start(), match.end())

    def _clause_start(self, floor: int, left: int) -> int:
        return clause_rule().start(self.text, floor, left)

    def _topic(self, evidence: str, context: _SentenceContext, cue: Cue) -> str:
        sentence = self.text[context.span.start:context.span.end]
        return self._first_topic(evidence) or self._first_topic(sentence) or cue.topic

    def _first_topic(self, scope: str) -> str:
        """The first topic of the lexicon named in `scope` ("" for none), remembered per scope text."""
        found = self._topics_named.get(scope)
        if found is None:
            found = self._search_topics(scope)
            self._topics_named[scope] = found
        return found

    def _search_topics(self, scope: str) -> str:
        topics, scanner = self.lexicon.topics, self.lexicon.topic_scanner
        if scanner is None:
            return next((topic for topic, pattern in topics if pattern.search(scope)), "")
        index = scanner.first_index(scope)
        return topics[index][0] if index >= 0 else ""

    def _record(self, context: _SentenceContext, statement: _Statement) -> list:
        return [
            self.article_id, context.span.sentence_no, statement.speaker, statement.target,
            statement.relation, statement.topic, statement.voice,
            self.text[statement.start:statement.end], statement.start, statement.end,
            self.ontology.bloc(statement.speaker), self.ontology.bloc(statement.target), "auto",
            statement.rule,
        ]


@dataclass
class _ReadParagraph:
    """A paragraph read by the reference tracker: its sentences, their references, its quotations."""

    sentences: list[SentenceSpan]
    refs: dict[int, list[Ref]]
    quotes: list[Quote]
    recent_blocs: tuple[str, ...]  # the countries named so far, most recent last, when it was read


def _quote_runs_on(read: _ReadParagraph) -> bool:
    """The paragraph ends inside an unattributed quotation with no closing mark (news style: a quote
    going on in the next paragraph opens it again and closes only at its end)."""
    if not read.quotes:
        return False
    final = read.quotes[-1]
    return final.speaker is None and final.end >= read.sentences[-1].end


def _carried_over(held: _ReadParagraph, following: _ReadParagraph) -> _ReadParagraph:
    """The held paragraph with its last quotation given the speaker of the quotation that opens the
    next paragraph, when the next paragraph opens with one that is attributed."""
    first = following.quotes[0] if following.quotes else None
    if first is None or first.start != following.sentences[0].start or first.speaker is None:
        return held
    final = held.quotes[-1]
    quotes = [*held.quotes[:-1], replace(final, speaker=first.speaker, how="quote:runs-on")]
    return replace(held, quotes=quotes)


def _paragraph_spans(sentences: Sequence[SentenceSpan]) -> dict[int, tuple[int, int]]:
    spans: dict[int, tuple[int, int]] = {}
    for sentence in sentences:
        start, end = spans.get(sentence.paragraph_no, (sentence.start, sentence.end))
        spans[sentence.paragraph_no] = (min(start, sentence.start), max(end, sentence.end))
    return spans


def _runs(candidates: list[SentenceSpan],
          sentences: Sequence[SentenceSpan]) -> Iterable[tuple[list[SentenceSpan], int]]:
    """Group candidate sentences into runs of neighbours: (the run's sentences, its end offset)."""
    position = {s.sentence_no: i for i, s in enumerate(sentences)}
    run: list[SentenceSpan] = []
    for sentence in candidates:
        if run and position[sentence.sentence_no] != position[run[-1].sentence_no] + 1:
            yield run, run[-1].end
            run = []
        run.append(sentence)
    if run:
        yield run, run[-1].end


def _paragraphs(sentences: Sequence[SentenceSpan]) -> Iterable[list[SentenceSpan]]:
    current: list[SentenceSpan] = []
    for sentence in sentences:
        if current and sentence.paragraph_no != current[-1].paragraph_no:
            yield current
            current = []
        current.append(sentence)
    if current:
        yield current


def extract_article(article_id: str, text: str, sentences: Sequence[SentenceSpan], narrator: str,
                    ontology: Ontology, finder: MentionFinder | None = None,
                    mentions: list[Mention] | None = None) -> pd.DataFrame:
    """Extract the statements of one article; `sentences` are its body sentences in order.

    `mentions` may pass the article's alias mentions (`with_known_surnames` of `finder.find(text)`)
    when the caller already has them.
    """
    records = extract_records(article_id, text, sentences, narrator, ontology, finder, mentions)
    return pd.DataFrame(records, columns=STATEMENT_COLUMNS)


_SORT_KEYS = tuple(STATEMENT_COLUMNS.index(c) for c in STATEMENT_SORT_KEY)


def extract_records(article_id: str, text: str, sentences: Sequence[SentenceSpan], narrator: str,
                    ontology: Ontology, finder: MentionFinder | None = None,
                    mentions: list[Mention] | None = None, induced: Induced | None = None) -> list[list]:
    """Extract one article's statements as rows (`STATEMENT_COLUMNS`) in canonical order.

    The order is that of `sort_statements`, reached without pandas (the engine's path).
    `induced` is `induce_actors` of `mentions`, when the caller has already found it.
    """
    finder = finder or MentionFinder(ontology)
    extractor = _ArticleExtractor(article_id, text, narrator, ontology, finder, mentions, induced)
    records = extractor.run(sentences)
    return sorted(records, key=lambda r: tuple(r[i] for i in _SORT_KEYS))


def extract_statements(texts: dict[str, str], sentences: pd.DataFrame, narrators: dict[str, str],
                       ontology: Ontology) -> pd.DataFrame:
    """Extract statements from many articles (texts and sentences keyed by article_id)."""
    finder = MentionFinder(ontology)
    records: list[list] = []
    for article_id, group in sentences.sort_values(["article_id", "sentence_no"]).groupby("article_id"):
        spans = [SentenceSpan(int(r.sentence_no), int(r.paragraph_no), int(r.start), int(r.end))
                 for r in group.itertuples(index=False)]
        extractor = _ArticleExtractor(str(article_id), texts[str(article_id)], narrators[str(article_id)],
                                      ontology, finder)
        records.extend(extractor.run(spans))
    if not records:
        return pd.DataFrame(columns=STATEMENT_COLUMNS)
    return sort_statements(pd.DataFrame(records, columns=STATEMENT_COLUMNS))
