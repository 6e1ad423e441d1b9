"""Score statements against a gold standard at three levels, beside a naive baseline.

Levels (the codebook's agreement rules, plus evidence):
- `bloc`: sets of (article, speaker bloc, target bloc, relation);
- `grounded`: the bloc key plus evidence spans overlapping by at least one character,
  matched one to one, greedily in text order;
- `strict`: sets of (article, speaker, target, relation, topic).

The baseline counts every ordered pair of distinct blocs named in one sentence as an
`accuse`, with the sentence as evidence; it is scored the same way.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from analysis.actors import Ontology
from analysis.mentions import Mention, MentionFinder
from analysis.schemas import RELATIONS
from analysis.statements import STATEMENT_COLUMNS, sort_statements

__all__ = ["LEVELS", "Score", "baseline_statements", "evaluate", "score_level"]

LEVELS = ("bloc", "grounded", "strict")
ALL_RELATIONS = "all"


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 with their support."""

    n_gold: int
    n_pred: int
    n_match: int

    @property
    def precision(self) -> float:
        return self.n_match / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return self.n_match / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _bloc_keys(frame: pd.DataFrame) -> set[tuple]:
    return set(zip(frame["article_id"], frame["speaker_bloc"], frame["target_bloc"], frame["relation"],
                   strict=True))


def _strict_keys(frame: pd.DataFrame) -> set[tuple]:
    return set(zip(frame["article_id"], frame["speaker"], frame["target"], frame["relation"],
                   frame["topic"], strict=True))


def _set_score(gold: set[tuple], pred: set[tuple]) -> Score:
    return Score(len(gold), len(pred), len(gold & pred))


def _keyed_spans(frame: pd.DataFrame) -> list[tuple[tuple, int, int]]:
    """Return (bloc key, start, end) per statement, in text order (plain lists: fast to iterate)."""
    ordered = frame.sort_values(["article_id", "start", "end"])
    keys = zip(*(ordered[c].tolist() for c in ("article_id", "speaker_bloc", "target_bloc", "relation")),
               strict=True)
    return list(zip(keys, ordered["start"].tolist(), ordered["end"].tolist(), strict=True))


def _grounded_score(gold: pd.DataFrame, pred: pd.DataFrame) -> Score:
    """Match gold to predictions one to one, in text order, on bloc key and overlapping spans."""
    candidates: dict[tuple, list[tuple[int, int, int]]] = {}
    for ident, (key, start, end) in enumerate(_keyed_spans(pred)):
        candidates.setdefault(key, []).append((int(start), int(end), ident))
    used: set[int] = set()
    matches = 0
    for key, gold_start, gold_end in _keyed_spans(gold):
        for start, end, ident in candidates.get(key, []):
            if ident not in used and start < gold_end and gold_start < end:
                used.add(ident)
                matches += 1
                break
    return Score(len(gold), len(pred), matches)


def score_level(gold: pd.DataFrame, pred: pd.DataFrame, level: str) -> Score:
    """Score predictions against gold at one level."""
    if level == "bloc":
        return _set_score(_bloc_keys(gold), _bloc_keys(pred))
    if level == "strict":
        return _set_score(_strict_keys(gold), _strict_keys(pred))
    if level == "grounded":
        return _grounded_score(gold, pred)
    raise ValueError(f"unknown level {level!r}: expected one of {', '.join(LEVELS)}")


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Use Python objects for the key columns: iterating Arrow-backed strings is slow."""
    keys = ["article_id", "speaker", "target", "relation", "topic", "speaker_bloc", "target_bloc"]
    return frame.astype({c: object for c in keys if c in frame.columns})


def evaluate(gold: pd.DataFrame, methods: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Score each method on the gold's articles: every level, all relations and each relation.

    Returns columns level, relation, method, precision, recall, f1, n_gold, n_pred, n_match.
    """
    gold = _plain(gold)
    methods = {name: _plain(pred) for name, pred in methods.items()}
    articles = set(gold["article_id"])
    rows = []
    for method, pred in methods.items():
        pred = pred[pred["article_id"].isin(articles)]
        for level in LEVELS:
            for relation in (ALL_RELATIONS, *RELATIONS):
                g = gold if relation == ALL_RELATIONS else gold[gold["relation"] == relation]
                p = pred if relation == ALL_RELATIONS else pred[pred["relation"] == relation]
                score = score_level(g, p, level)
                rows.append((level, relation, method, score.precision, score.recall, score.f1,
                             score.n_gold, score.n_pred, score.n_match))
    columns = ["level", "relation", "method", "precision", "recall", "f1", "n_gold", "n_pred", "n_match"]
    return pd.DataFrame(rows, columns=columns)


def baseline_statements(sentences: pd.DataFrame, ontology: Ontology,
                        mentions: Sequence[Mention] | None = None) -> pd.DataFrame:
    """Return the naive baseline: every ordered pair of blocs named in a sentence is an accuse.

    `mentions` may pass the alias mentions already found in the sentences' article
    (offsets into its text; one article only), instead of searching each sentence again.
    """
    records = baseline_records(sentences.itertuples(index=False), ontology, mentions)
    return sort_statements(pd.DataFrame(records, columns=STATEMENT_COLUMNS))


def baseline_records(sentences: Iterable[Any], ontology: Ontology,
                     mentions: Sequence[Mention] | None = None) -> list[list]:
    """Return the baseline's statements as rows (see `baseline_statements`).

    `sentences` are sentences-table rows (attributes article_id, sentence_no, start, end, text).
    """
    finder = MentionFinder(ontology) if mentions is None else None
    starts = [m.start for m in mentions] if mentions is not None else []
    records = []
    for row in sentences:
        found = (finder.find(row.text) if finder
                 else mentions[bisect.bisect_left(starts, row.start):bisect.bisect_left(starts, row.end)])
        blocs = _blocs_named(found, ontology)
        for speaker_bloc in blocs:
            for target_bloc in blocs:
                if speaker_bloc != target_bloc:
                    records.append(_baseline_record(row, speaker_bloc, target_bloc, ontology))
    return records


def _blocs_named(mentions: Iterable, ontology: Ontology) -> list[str]:
    return sorted({ontology.bloc(m.actor_id) for m in mentions} - {"MEDIA"})


def _baseline_record(row, speaker_bloc: str, target_bloc: str, ontology: Ontology) -> list:
    return [
        row.article_id, int(row.sentence_no), ontology.bloc_root(speaker_bloc),
        ontology.bloc_root(target_bloc), "accuse", "other", "narrator", row.text,
        int(row.start), int(row.end), speaker_bloc, target_bloc, "auto", "baseline:co-mention",
    ]
