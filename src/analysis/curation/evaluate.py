"""Score statements against a gold standard with three kinds of match, beside a naive baseline.

Matches (the codebook's agreement rules, plus evidence):
- `bloc`: sets of (article, speaker bloc, target bloc, relation);
- `grounded`: the bloc key plus evidence spans overlapping by at least one character,
  matched one to one, greedily in text order;
- `strict`: sets of (article, speaker, target, relation, topic).

The co-mention baseline (`analysis.text.baseline`) is scored the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from analysis.codebook import RELATIONS

__all__ = ["MATCHES", "Score", "evaluate", "grounded_pairs", "score_match"]

MATCHES = ("bloc", "grounded", "strict")  # how statements are matched (not graph levels)
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


_BLOC_KEY = ("article_id", "speaker_bloc", "target_bloc", "relation")


def _keyed_spans(frame: pd.DataFrame, key: Sequence[str]) -> list[tuple[tuple, int, int, int]]:
    """Return (key, start, end, row position) per statement, in text order (plain lists: fast)."""
    ordered = frame.reset_index(drop=True).sort_values(["article_id", "start", "end"], kind="mergesort")
    keys = zip(*(ordered[c].tolist() for c in key), strict=True)
    spans = (ordered["start"].tolist(), ordered["end"].tolist(), ordered.index.tolist())
    return list(zip(keys, *spans, strict=True))


def grounded_pairs(gold: pd.DataFrame, pred: pd.DataFrame,
                   key: Sequence[str] = _BLOC_KEY) -> list[tuple[int, int]]:
    """Match gold to predictions one to one, in text order, on `key` and overlapping spans.

    Returns (gold row position, prediction row position) pairs.
    """
    candidates: dict[tuple, list[tuple[int, int, int]]] = {}
    for ident, (value, start, end, position) in enumerate(_keyed_spans(pred, key)):
        candidates.setdefault(value, []).append((int(start), int(end), ident, position))
    used: set[int] = set()
    pairs = []
    for value, gold_start, gold_end, gold_position in _keyed_spans(gold, key):
        for start, end, ident, position in candidates.get(value, []):
            if ident not in used and start < gold_end and gold_start < end:
                used.add(ident)
                pairs.append((gold_position, position))
                break
    return pairs


def _grounded_score(gold: pd.DataFrame, pred: pd.DataFrame) -> Score:
    """Match gold to predictions one to one, in text order, on bloc key and overlapping spans."""
    return Score(len(gold), len(pred), len(grounded_pairs(gold, pred)))


def score_match(gold: pd.DataFrame, pred: pd.DataFrame, match: str) -> Score:
    """Score predictions against gold with one kind of match."""
    if match == "bloc":
        return _set_score(_bloc_keys(gold), _bloc_keys(pred))
    if match == "strict":
        return _set_score(_strict_keys(gold), _strict_keys(pred))
    if match == "grounded":
        return _grounded_score(gold, pred)
    raise ValueError(f"unknown match {match!r}: expected one of {', '.join(MATCHES)}")


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Use Python objects for the key columns: iterating Arrow-backed strings is slow."""
    keys = ["article_id", "speaker", "target", "relation", "topic", "speaker_bloc", "target_bloc"]
    return frame.astype({c: object for c in keys if c in frame.columns})


def evaluate(gold: pd.DataFrame, methods: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Score each method on the gold's articles: every kind of match, all relations and each relation.

    Returns columns match, relation, method, precision, recall, f1, n_gold, n_pred, n_match.
    """
    gold = _plain(gold)
    methods = {name: _plain(pred) for name, pred in methods.items()}
    articles = set(gold["article_id"])
    rows = []
    for method, pred in methods.items():
        pred = pred[pred["article_id"].isin(articles)]
        for match in MATCHES:
            for relation in (ALL_RELATIONS, *RELATIONS):
                g = gold if relation == ALL_RELATIONS else gold[gold["relation"] == relation]
                p = pred if relation == ALL_RELATIONS else pred[pred["relation"] == relation]
                score = score_match(g, p, match)
                rows.append((match, relation, method, score.precision, score.recall, score.f1,
                             score.n_gold, score.n_pred, score.n_match))
    columns = ["match", "relation", "method", "precision", "recall", "f1", "n_gold", "n_pred", "n_match"]
    return pd.DataFrame(rows, columns=columns)
