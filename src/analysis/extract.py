"""Extract codebook statements from article text with cue lexicons, per sentence, with offsets.

For each sentence: find actor references (aliases, resolved pronouns and roles), work out
who is speaking (a quotation's speaker, reported speech, or the narrator), then read each
cue from `data/cues.yaml` to get the relation, the speaker and the target. Every statement
keeps the exact evidence span and records in `rule` which cue and attribution fired.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from analysis.actors import Ontology
from analysis.attribution import (
    Quote,
    Ref,
    ReferenceTracker,
    SpeechAct,
    attribute_quote,
    find_quotes,
    find_speech_acts,
    quote_at,
)
from analysis.mentions import MentionFinder
from analysis.resources import load_yaml
from analysis.statements import STATEMENT_COLUMNS, sort_statements

__all__ = ["Cue", "SentenceSpan", "extract_article", "extract_statements", "load_cues"]

_CLAUSE_END = re.compile(r"[,;:.!?”\"]|\s[–—]\s| but | while | whereas ")
_NEGATION_WINDOW = 25
_TARGET_WINDOW = 140


@dataclass(frozen=True)
class Cue:
    """One cue of the lexicon: a relation, where speaker and target sit, and a default topic."""

    cue_id: str
    relation: str
    kind: str
    pattern: re.Pattern[str]
    topic: str


@dataclass(frozen=True)
class SentenceSpan:
    """A body sentence of the article (from the sentences table)."""

    sentence_no: int
    paragraph_no: int
    start: int
    end: int


@dataclass(frozen=True)
class _Lexicon:
    cues: tuple[Cue, ...]
    negation: re.Pattern[str]
    hedge: re.Pattern[str]
    topics: tuple[tuple[str, re.Pattern[str]], ...]


@lru_cache(maxsize=1)
def load_cues() -> _Lexicon:
    """Load and compile the cue lexicon shipped with the package."""
    raw = load_yaml("cues.yaml")
    cues = tuple(
        Cue(f"{c['relation']}.{c['type']}.{i:02d}", c["relation"], c["type"],
            re.compile(rf"(?<![\w-])(?:{c['pattern']})(?![\w])", re.IGNORECASE), c.get("topic", "other"))
        for i, c in enumerate(raw["cues"], start=1)
    )
    topics = tuple((name, re.compile(p, re.IGNORECASE)) for name, p in raw["topics"].items())
    return _Lexicon(cues, re.compile(raw["negations"], re.IGNORECASE),
                    re.compile(raw["hedges"], re.IGNORECASE), topics)


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
        if quote is not None and quote.speaker:
            return quote.speaker, "quote", quote.how, quote.start
        acts = [a for a in self.acts if a.verb_end <= offset or a.how == "reported:according"]
        if acts:
            act = acts[-1]
            return act.speaker, "reported", act.how, act.verb_end
        return self.narrator, "narrator", "narrator", self.span.start

    def before(self, offset: int, floor: int) -> list[Ref]:
        return [r for r in self.refs if floor <= r.start and r.end <= offset]

    def after(self, offset: int, limit: int = _TARGET_WINDOW) -> list[Ref]:
        return [r for r in self.refs if offset <= r.start <= offset + limit]


class _ArticleExtractor:
    """Extract statements from one article, sentence by sentence."""

    def __init__(self, article_id: str, text: str, narrator: str, ontology: Ontology,
                 finder: MentionFinder) -> None:
        self.article_id = article_id
        self.text = text
        self.narrator = narrator
        self.ontology = ontology
        self.tracker = ReferenceTracker(text, ontology, finder)
        self.lexicon = load_cues()
        self.claims_against: dict[str, str] = {}  # bloc -> last actor accusing or pressing it
        self.last_quote_speaker = ""

    def run(self, sentences: Sequence[SentenceSpan]) -> list[list]:
        records: list[list] = []
        for paragraph in _paragraphs(sentences):
            records.extend(self._paragraph(paragraph))
        return records

    def _paragraph(self, sentences: list[SentenceSpan]) -> Iterable[list]:
        start, end = sentences[0].start, sentences[-1].end
        quote_spans = find_quotes(self.text, start, end)
        sentence_refs = {}
        quotes: list[Quote] = [Quote(s, e, None, "") for s, e in quote_spans]
        for sentence in sentences:
            sentence_refs[sentence.sentence_no] = self.tracker.refs_in(
                sentence.start, sentence.end, sentence.sentence_no, quotes)
        all_refs = [r for refs in sentence_refs.values() for r in refs]
        quotes = self._attribute_quotes(quote_spans, all_refs, start, end)
        for sentence in sentences:
            refs = self._with_first_person(sentence_refs[sentence.sentence_no], sentence, quotes)
            acts = find_speech_acts(self.text, sentence.start, sentence.end, refs, quotes)
            context = _SentenceContext(sentence, refs, quotes, acts, self.narrator)
            yield from self._sentence(context)

    def _attribute_quotes(self, spans: list[tuple[int, int]], refs: list[Ref], start: int,
                          end: int) -> list[Quote]:
        quotes = []
        for span in spans:
            speaker, how = attribute_quote(self.text, span, refs, end)
            if not speaker and span[0] == start and self.last_quote_speaker:
                speaker, how = self.last_quote_speaker, "quote:continued"
            if speaker:
                self.last_quote_speaker = speaker
            quotes.append(Quote(span[0], span[1], speaker or None, how))
        if not spans:
            self.last_quote_speaker = ""
        return quotes

    def _with_first_person(self, refs: list[Ref], sentence: SentenceSpan, quotes: list[Quote]) -> list[Ref]:
        extra = self.tracker._first_person(sentence.start, sentence.end, quotes,
                                           [(r.start, r.end) for r in refs])
        return sorted(refs + extra, key=lambda r: (r.start, r.end))

    def _sentence(self, context: _SentenceContext) -> Iterable[list]:
        seen: set[tuple[str, str, str, str]] = set()
        for statement in self._statements(context):
            key = (statement.speaker, statement.target, statement.relation, statement.topic)
            if key in seen or self._is_meaningless(statement):
                continue
            seen.add(key)
            if statement.relation in ("accuse", "demand", "threaten"):
                self.claims_against[self.ontology.bloc(statement.target)] = statement.speaker
            yield self._record(context, statement)

    def _is_meaningless(self, statement: _Statement) -> bool:
        if statement.speaker == statement.target and not statement.rule.startswith(
                f"{statement.relation}.self"):
            return True
        return self.ontology.bloc(statement.target) == "MEDIA"

    def _statements(self, context: _SentenceContext) -> Iterable[_Statement]:
        for cue, match in self._cue_matches(context.span):
            if not self._is_negated(match, context.span.start):
                yield from self._read_cue(cue, match, context)

    def _cue_matches(self, span: SentenceSpan) -> list[tuple[Cue, re.Match[str]]]:
        """Return cue matches in text order; where cues overlap, the longest one wins."""
        found = [(cue, m) for cue in self.lexicon.cues
                 for m in cue.pattern.finditer(self.text, span.start, span.end)]
        found.sort(key=lambda cm: (-(cm[1].end() - cm[1].start()), cm[1].start(), cm[0].cue_id))
        kept: list[tuple[Cue, re.Match[str]]] = []
        for cue, match in found:
            if all(match.end() <= m.start() or m.end() <= match.start() for _, m in kept):
                kept.append((cue, match))
        return sorted(kept, key=lambda cm: (cm[1].start(), cm[0].cue_id))

    def _is_negated(self, match: re.Match[str], floor: int) -> bool:
        window = self.text[max(floor, match.start() - _NEGATION_WINDOW):match.start()]
        window = re.split(r"[,;:.]", window)[-1]
        return bool(self.lexicon.negation.search(window)) and "not" not in match.group().lower()

    def _read_cue(self, cue: Cue, match: re.Match[str], context: _SentenceContext) -> Iterable[_Statement]:
        reader = {
            "agent": self._agent, "subject": self._subject, "object": self._object,
            "mutual": self._mutual, "self": self._self,
        }[cue.kind]
        yield from reader(cue, match, context)

    # ------------------------------------------------------------ cue readers

    def _agent(self, cue: Cue, match: re.Match[str], context: _SentenceContext) -> Iterable[_Statement]:
        speaker, voice, how, scope = context.voice_at(match.start())
        agents = [r for r in context.before(match.start(), scope) if not r.is_place]
        if agents:
            agent = agents[-1]
            speaker = agent.actor_id
            voice = "quote" if voice == "quote" else "reported"
            how = f"agent:{agent.how}"
        elif voice == "narrator":
            return
        target = self._target_after(cue, match, context, speaker)
        if target is None:
            return
        yield self._statement(cue, match, context, speaker, target, voice, how)

    def _target_after(self, cue: Cue, match: re.Match[str], context: _SentenceContext,
                      speaker: str) -> Ref | None:
        if cue.relation == "deny":
            return self._deny_target(match, context, speaker)
        # the object may sit inside the cue ("asked X for help"), so look from just after its start
        for ref in context.after(match.start() + 1):
            if not ref.is_place and ref.actor_id != speaker and ref.how != "first-person":
                return ref
        return None

    def _deny_target(self, match: re.Match[str], context: _SentenceContext, speaker: str) -> Ref | None:
        bloc = self.ontology.bloc(speaker)
        for ref in context.after(match.end(), limit=60):
            if not ref.is_place and self.ontology.bloc(ref.actor_id) not in (bloc, "MEDIA"):
                return ref
        claimant = self.claims_against.get(bloc)
        if claimant and claimant != speaker:
            return Ref(match.start(), match.end(), claimant, "", "claimant")
        return None

    def _subject(self, cue: Cue, match: re.Match[str], context: _SentenceContext) -> Iterable[_Statement]:
        speaker, voice, how, scope = context.voice_at(match.start())
        subjects = [r for r in context.before(match.start(), scope) if not r.is_place]
        if not subjects or match.start() - subjects[-1].end > 60:
            return
        target = subjects[-1]
        if target.how == "first-person":
            root = self._bloc_root_of(speaker)  # "we must do more": the speaker's own side
            target = Ref(target.start, target.end, root, target.surface, "first-person")
        yield self._statement(cue, match, context, speaker, target, voice, how)

    def _object(self, cue: Cue, match: re.Match[str], context: _SentenceContext) -> Iterable[_Statement]:
        speaker, voice, how, _ = context.voice_at(match.start())
        targets = [r for r in context.after(match.end(), limit=40) if r.how == "alias"]
        if not targets or self.ontology.kind(targets[0].actor_id) not in ("country", "organisation"):
            return
        yield self._statement(cue, match, context, speaker, targets[0], voice, how)

    def _mutual(self, cue: Cue, match: re.Match[str], context: _SentenceContext) -> Iterable[_Statement]:
        named = {}
        for ref in context.refs:
            if ref.how == "alias" and self.ontology.kind(ref.actor_id) == "country":
                named.setdefault(ref.actor_id, ref)
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
        left = min(match.start(), target.start if target.how != "claimant" else match.start())
        right = max(match.end(), target.end if target.how != "claimant" else match.end())
        clause_start = self._clause_start(span.start, left)
        clause_end = _CLAUSE_END.search(self.text, right, span.end)
        end = clause_end.start() if clause_end else span.end
        piece = self.text[clause_start:end]
        trimmed_start = clause_start + (len(piece) - len(piece.lstrip(" “\"‘(")))
        trimmed_end = clause_start + len(piece.rstrip())
        return (trimmed_start, trimmed_end) if trimmed_end > trimmed_start else (match.start(), match.end())

    def _clause_start(self, floor: int, left: int) -> int:
        window = self.text[floor:left]
        cut = max(window.rfind(","), window.rfind(";"), window.rfind(":"), window.rfind("“"))
        return floor + cut + 1 if cut >= 0 else floor

    def _topic(self, evidence: str, context: _SentenceContext, cue: Cue) -> str:
        sentence = self.text[context.span.start:context.span.end]
        for scope in (evidence, sentence):
            for topic, pattern in self.lexicon.topics:
                if pattern.search(scope):
                    return topic
        return cue.topic

    def _record(self, context: _SentenceContext, statement: _Statement) -> list:
        return [
            self.article_id, context.span.sentence_no, statement.speaker, statement.target,
            statement.relation, statement.topic, statement.voice,
            self.text[statement.start:statement.end], statement.start, statement.end,
            self.ontology.bloc(statement.speaker), self.ontology.bloc(statement.target), "auto",
            statement.rule,
        ]


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
                    ontology: Ontology, finder: MentionFinder | None = None) -> pd.DataFrame:
    """Extract the statements of one article; `sentences` are its body sentences in order."""
    finder = finder or MentionFinder(ontology)
    records = _ArticleExtractor(article_id, text, narrator, ontology, finder).run(sentences)
    return sort_statements(pd.DataFrame(records, columns=STATEMENT_COLUMNS))


def extract_statements(texts: dict[str, str], sentences: pd.DataFrame, narrators: dict[str, str],
                       ontology: Ontology) -> pd.DataFrame:
    """Extract statements from many articles (texts and sentences keyed by article_id)."""
    finder = MentionFinder(ontology)
    frames = []
    for article_id, group in sentences.sort_values(["article_id", "sentence_no"]).groupby("article_id"):
        spans = [SentenceSpan(int(r.sentence_no), int(r.paragraph_no), int(r.start), int(r.end))
                 for r in group.itertuples(index=False)]
        frames.append(extract_article(str(article_id), texts[str(article_id)], spans,
                                      narrators[str(article_id)], ontology, finder))
    if not frames:
        return pd.DataFrame(columns=STATEMENT_COLUMNS)
    return sort_statements(pd.concat(frames, ignore_index=True))
