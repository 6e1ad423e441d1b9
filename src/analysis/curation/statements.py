"""Statement files: validate curated rows, attach sentences and blocs, combine sources."""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.codebook import RELATIONS, STATEMENT_COLUMNS, STATEMENT_SOURCES, TOPICS, VOICES, sort_statements
from analysis.errors import InputError
from analysis.ontology import Ontology
from analysis.store.csvfile import read_csv_rows, unneutralise

__all__ = [
    "CURATED_COLUMNS",
    "REVIEW_ONLY_COLUMNS",
    "STATUSES",
    "CuratedLoad",
    "SentenceIndex",
    "combine_statements",
    "load_curated",
    "read_statement_csv",
    "validate_statement_rows",
]

CURATED_COLUMNS = [
    "article_id", "speaker", "target", "relation", "topic", "voice", "start", "end", "evidence",
    "status", "reviewed_by", "note",
]
REQUIRED_COLUMNS = [
    "article_id", "speaker", "target", "relation", "topic", "voice", "start", "end", "evidence",
]
STATUSES = ("accepted", "corrected", "rejected")
# The columns a review export adds: a file with them has neutralised text cells (see review.py).
REVIEW_ONLY_COLUMNS = ("source", "rule", "sentence")
EXTRACT_ONLY_COLUMNS = ("source", "rule")  # `python -m analysis extract`'s output


class SentenceIndex:
    """Find the sentence that holds a span, per article, by binary search on start offsets."""

    def __init__(self, sentences: pd.DataFrame) -> None:
        self._starts: dict[str, list[int]] = {}
        self._rows: dict[str, list[tuple[int, int, int]]] = {}
        for article_id, group in sentences.sort_values(["article_id", "start"]).groupby("article_id"):
            rows = list(zip(group["start"], group["end"], group["sentence_no"], strict=True))
            self._rows[str(article_id)] = rows
            self._starts[str(article_id)] = [r[0] for r in rows]

    def sentence_of(self, article_id: str, start: int, end: int) -> int:
        """Return the number of the sentence containing `start`, or 0 when none does."""
        starts = self._starts.get(article_id)
        if not starts:
            return 0
        index = bisect.bisect_right(starts, start) - 1
        if index < 0:
            return 0
        s_start, s_end, number = self._rows[article_id][index]
        return int(number) if s_start <= start < s_end else 0


def read_statement_csv(path: str | Path) -> list[tuple[int, dict[str, str]]]:
    """Read a statements CSV into (line number, row) pairs; fail clearly on missing columns."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "statements file not found")
    columns, rows = read_csv_rows(path, REQUIRED_COLUMNS)
    if set(REVIEW_ONLY_COLUMNS) <= set(columns) or set(EXTRACT_ONLY_COLUMNS) <= set(columns):
        # a review export or the extractor's output: undo their formula neutralising
        return [(line, {k: unneutralise(v or "") for k, v in row.items() if k}) for line, row in rows]
    return [(line, {k: (v or "") for k, v in row.items() if k}) for line, row in rows]


def validate_statement_rows(
    path: str | Path,
    rows: list[tuple[int, dict[str, str]]],
    texts: Mapping[str, str],
    ontology: Ontology,
) -> list[InputError]:
    """Return one error per bad row (file:line, field, expected, found); rows for unknown articles pass."""
    problems = []
    for line, row in rows:
        if row.get("article_id", "") not in texts:
            continue
        problem = _row_problem(path, line, row, texts[row["article_id"]], ontology)
        if problem is not None:
            problems.append(problem)
    return problems


def _row_problem(path: str | Path, line: int, row: dict[str, str], text: str,
                 ontology: Ontology) -> InputError | None:
    for column in ("speaker", "target"):
        if row[column] not in ontology:
            return InputError(path, "unknown actor", line=line, field=column,
                              expected="an actor_id of the ontology", found=row[column])
    for column, allowed in (("relation", RELATIONS), ("topic", TOPICS), ("voice", VOICES)):
        if row[column] not in allowed:
            return InputError(path, f"unknown {column}", line=line, field=column,
                              expected=" | ".join(allowed), found=row[column])
    status = row.get("status", "") or "accepted"
    if status not in STATUSES:
        return InputError(path, "unknown status", line=line, field="status",
                          expected=" | ".join(STATUSES), found=status)
    return _offset_problem(path, line, row, text)


def _offset_problem(path: str | Path, line: int, row: dict[str, str], text: str) -> InputError | None:
    try:
        start, end = int(row["start"]), int(row["end"])
    except ValueError:
        return InputError(path, "offsets are not integers", line=line, field="start/end",
                          found=f"{row['start']}:{row['end']}")
    if not (0 <= start < end <= len(text)) or text[start:end] != row["evidence"]:
        found = text[start:end] if 0 <= start < end <= len(text) else f"offsets {start}:{end}"
        return InputError(path, "offsets don't slice the evidence", line=line, field="evidence",
                          expected=row["evidence"][:60], found=found[:60])
    return None


@dataclass
class CuratedLoad:
    """Curated statements ready for analysis, plus what was left out and why."""

    statements: pd.DataFrame
    n_rows: int = 0
    n_rejected: int = 0
    n_outside_corpus: int = 0
    n_duplicates: int = 0  # rows identical to an earlier row, counted once
    outside_articles: list[str] = field(default_factory=list)
    covered_articles: set[str] = field(default_factory=set)


def load_curated(
    path: str | Path,
    texts: Mapping[str, str],
    sentences: pd.DataFrame,
    ontology: Ontology,
) -> CuratedLoad:
    """Load curated statements; fail on the first bad row, ignore (and count) other articles' rows."""
    rows = read_statement_csv(path)
    problems = validate_statement_rows(path, rows, texts, ontology)
    if problems:
        first = problems[0]
        if len(problems) > 1:
            first.problem += f" (and {len(problems) - 1} more bad rows; run `python -m analysis validate`)"
        raise InputError(first.path, first.problem, line=first.line, field=first.field,
                         expected=first.expected, found=first.found)
    index = SentenceIndex(sentences)
    outside = sorted({r["article_id"] for _, r in rows if r["article_id"] not in texts})
    inside = [(line, r) for line, r in rows if r["article_id"] in texts]
    kept = [r for _, r in _drop_duplicates(path, inside)]
    accepted = [r for r in kept if (r.get("status") or "accepted") != "rejected"]
    records = [_statement_record(r, index, ontology, "curated", "") for r in accepted]
    return CuratedLoad(
        statements=sort_statements(pd.DataFrame(records, columns=STATEMENT_COLUMNS)),
        n_rows=len(rows),
        n_rejected=len(kept) - len(accepted),
        n_outside_corpus=len(rows) - len(inside),
        n_duplicates=len(inside) - len(kept),
        outside_articles=outside,
        covered_articles={r["article_id"] for r in kept},
    )


# A statement's identity, as the codebook defines it: one per sentence (here: span), speaker,
# target, relation and topic. Two topics for one span are two statements.
DUPLICATE_KEY = ("article_id", "start", "end", "speaker", "target", "relation", "topic")


_Rows = list[tuple[int, dict[str, str]]]


def _drop_duplicates(path: str | Path, rows: _Rows) -> _Rows:
    """Keep the first of rows identical in every curated column; two rows for the same statement
    (article, span, speaker, target, relation, topic) that disagree elsewhere are an error."""
    first: dict[tuple, tuple[int, dict[str, str]]] = {}
    unique = []
    for line, row in rows:
        key = tuple(row.get(c, "") for c in DUPLICATE_KEY)
        if key not in first:
            first[key] = (line, row)
            unique.append((line, row))
            continue
        earlier_line, earlier = first[key]
        differing = [c for c in CURATED_COLUMNS if (earlier.get(c) or "") != (row.get(c) or "")]
        if differing:
            raise InputError(path, f"duplicate of line {earlier_line} that disagrees on {differing[0]}",
                             line=line, field=differing[0], expected=earlier.get(differing[0]) or "",
                             found=row.get(differing[0]) or "")
    return unique


def _statement_record(row: Mapping[str, str], index: SentenceIndex, ontology: Ontology,
                      source: str, rule: str) -> list:
    start, end = int(row["start"]), int(row["end"])
    return [
        row["article_id"], index.sentence_of(row["article_id"], start, end), row["speaker"],
        row["target"], row["relation"], row["topic"], row["voice"], row["evidence"], start, end,
        ontology.bloc(row["speaker"]), ontology.bloc(row["target"]), source, rule,
    ]


def combine_statements(
    curated: pd.DataFrame, auto: pd.DataFrame, source: str, covered: set[str] | None = None
) -> pd.DataFrame:
    """Choose the report's statements: curated, auto, or combined.

    In `combined`, curated statements win for every article the curated file covers
    (`covered`, default: the articles with a curated statement); auto fills the rest.
    """
    if source not in STATEMENT_SOURCES:
        raise ValueError(f"unknown statements source {source!r}: expected {', '.join(STATEMENT_SOURCES)}")
    if source == "curated":
        return sort_statements(curated.copy())
    if source == "auto":
        return sort_statements(auto.copy())
    covered = set(curated["article_id"]) if covered is None else covered
    rest = auto[~auto["article_id"].isin(covered)]
    return sort_statements(pd.concat([curated, rest], ignore_index=True))
