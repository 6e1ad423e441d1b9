"""One article job: read, parse, extract and count one raw file, from the cache when it can.

The unit of work is one raw file: read, parse, extract statements and numeric claims,
count unresolved names. Its result depends only on the file's bytes, its narrator and
the code version (package code, lexicons and ontology), so it is cached under that key
and reused when nothing it depends on changed. Cache entries are written atomically:
an interrupted build leaves only complete entries behind.

A statements-only job (`python -m analysis extract`) computes just the statements and
the article fields its skip decisions read (language, title); it neither reads nor writes
the cache, whose entries hold full results.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from analysis.build.cache import code_version, entry_path, read_entry, write_entry
from analysis.ontology import Ontology, load_ontology
from analysis.text.baseline import baseline_records
from analysis.text.claims import claim_records
from analysis.text.extract import SentenceSpan, extract_records
from analysis.text.induce import induce_actors, induced_rows, with_known_surnames
from analysis.text.language import detect_language
from analysis.text.mentions import MentionFinder, article_unresolved
from analysis.text.parse import (
    ParsedArticle,
    WorkLimitExceeded,
    check_line_limit,
    check_sentence_limit,
    decode_article,
    parse_article,
)

__all__ = ["MAX_ARTICLE_BYTES", "ArticleJob", "ArticleResult", "process_article", "rare_garbage_collection",
           "read_cache_entry"]

# News articles are tens of kilobytes; a file past this size is a dump, not an article.
MAX_ARTICLE_BYTES = 5_000_000


@dataclass(frozen=True)
class ArticleJob:
    """One file to process: where it is, who narrates it, and where the cache lives."""

    path: str
    narrator: str
    ontology_path: str | None
    cache_dir: str | None
    max_bytes: int = MAX_ARTICLE_BYTES
    statements_only: bool = False  # only statements and article fields (no claims, actors, tables), uncached


@dataclass
class ArticleResult:
    """What one file became. `skip_reason` is set instead of the tables for skipped files."""

    file_name: str
    article_id: str
    sha256: str = ""
    skip_reason: str = ""
    skip_detail: str = ""
    cache_status: str = ""  # hit, miss or error (an unreadable entry, recomputed)
    article: dict = field(default_factory=dict)
    sentences: list[tuple] = field(default_factory=list)
    boilerplate: list[tuple] = field(default_factory=list)
    statements: list[list] = field(default_factory=list)
    claims: list[tuple] = field(default_factory=list)
    unresolved: list[tuple] = field(default_factory=list)
    baseline: list[list] = field(default_factory=list)
    induced: list[tuple] = field(default_factory=list)  # open-vocabulary actors (`induced_actors`)


@contextmanager
def rare_garbage_collection() -> Iterator[None]:
    """Run Python's cycle collector rarely while articles are processed (restored afterwards).

    Processing allocates millions of small, acyclic objects (rows, matches, spans) and keeps
    the results; with the default thresholds the collector keeps rescanning them (about a
    tenth of `extract`'s time). Reference counting still frees everything.
    """
    previous = gc.get_threshold()
    gc.set_threshold(100_000, 50, 1000)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


@lru_cache(maxsize=8)
def _ontology_and_finder(ontology_path: str | None) -> tuple[Ontology, MentionFinder]:
    ontology = load_ontology(ontology_path)
    return ontology, MentionFinder(ontology)


def _cache_path(job: ArticleJob, sha256: str) -> Path | None:
    """Key an entry by everything the result depends on: file name, bytes, narrator, code version."""
    if not job.cache_dir or job.statements_only:
        return None
    code = code_version(job.ontology_path)
    return entry_path(job.cache_dir, Path(job.path).name, sha256, job.narrator, code)


def process_article(job: ArticleJob) -> ArticleResult:
    """Process one file, from the cache when an entry for its bytes and the code exists."""
    path = Path(job.path)
    size = path.stat().st_size
    if size > job.max_bytes:
        return ArticleResult(path.name, path.stem, skip_reason="too_large",
                             skip_detail=f"{size:,} bytes, over the {job.max_bytes:,}-byte limit")
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    result = ArticleResult(path.name, path.stem, sha)
    if not data:
        result.skip_reason, result.skip_detail = "empty", "0 bytes"
        return result
    text = decode_article(data, path)
    if not text.lstrip("\ufeff").strip():
        result.skip_reason, result.skip_detail = "whitespace_only", f"{len(data)} bytes"
        return result
    cache = _cache_path(job, sha)
    cache_status = ""
    if cache is not None and cache.exists():
        cached = _result_from_record(read_entry(cache), path.name, sha)
        if cached is not None:
            cached.cache_status = "hit"
            return cached
        cache_status = "error"
    result = _process_text(job, path, text, sha)
    result.cache_status = cache_status or "miss"
    if cache is not None:
        write_entry(cache, {name: getattr(result, name) for name in _RESULT_FIELDS})
    return result


def _process_text(job: ArticleJob, path: Path, text: str, sha: str) -> ArticleResult:
    try:
        return _process_within_limits(job, path, text, sha)
    except WorkLimitExceeded as limit:
        return ArticleResult(path.name, path.stem, sha, skip_reason="too_slow", skip_detail=limit.detail)


def _process_within_limits(job: ArticleJob, path: Path, text: str, sha: str) -> ArticleResult:
    ontology, finder = _ontology_and_finder(job.ontology_path)
    check_line_limit(text)
    parsed = parse_article(path.stem, text, sha, path.name)
    result = ArticleResult(path.name, path.stem, sha)
    if not parsed.sentences:
        result.skip_reason, result.skip_detail = "no_body", "no body text after boilerplate"
        return result
    sentences = parsed.sentence_rows()
    check_sentence_limit(sentences)
    spans = [SentenceSpan(s.sentence_no, s.paragraph_no, s.start, s.end) for s in sentences]
    mentions = with_known_surnames(text, finder.find(text), ontology)
    induced, induced_mentions = induce_actors(text, mentions, ontology)  # once: extraction reads them too
    result.statements = extract_records(parsed.article_id, text, spans, job.narrator, ontology, finder,
                                        mentions, (induced, induced_mentions))
    result.article = _article_fields(parsed)
    if job.statements_only:
        return result
    result.claims = claim_records(parsed.article_id, text, sentences)
    result.induced = induced_rows(parsed.article_id, induced)
    covered = sorted([*mentions, *induced_mentions], key=lambda m: (m.start, m.end))
    result.unresolved = article_unresolved(sentences, covered)
    result.baseline = baseline_records(sentences, ontology, mentions)
    result.sentences = [tuple(s) for s in sentences]
    result.boilerplate = [(parsed.article_id, ln.line_no, ln.start, ln.end, kind, ln.text)
                          for ln, kind in parsed.boilerplate_lines]
    return result


def _article_fields(parsed: ParsedArticle) -> dict:
    body = " ".join(s.text for s in parsed.sentences)
    return {
        "title": parsed.title, "title_start": parsed.title_start, "title_end": parsed.title_end,
        "language_detected": detect_language(body), "n_chars": len(parsed.text),
        "n_body_chars": sum(s.end - s.start for s in parsed.sentences),
        "n_lines": sum(1 for ln in parsed.lines if not ln.is_blank),
        "n_boilerplate_lines": len(parsed.line_kinds),
        "n_paragraphs": len({s.paragraph_no for s in parsed.sentences}),
        "n_sentences": len(parsed.sentences),
    }


# A cache record holds a result's identity and article fields, then its row lists (the cache
# status is not stored). Rows of these lists are tuples in a result; JSON gives lists back.
_SCALAR_FIELDS = ("file_name", "article_id", "sha256", "skip_reason", "skip_detail", "article")
_ROW_FIELDS = ("sentences", "boilerplate", "statements", "claims", "unresolved", "baseline", "induced")
_RESULT_FIELDS = _SCALAR_FIELDS + _ROW_FIELDS
_TUPLE_ROWS = ("sentences", "boilerplate", "claims", "unresolved", "induced")


def _result_from_record(record: object, file_name: str, sha256: str) -> ArticleResult | None:
    if not isinstance(record, dict) or set(record) != set(_RESULT_FIELDS):
        return None
    if (record["file_name"], record["sha256"]) != (file_name, sha256):
        return None  # an entry for another article (or planted under this key)
    if not isinstance(record["article"], dict):
        return None
    rows = {name: record[name] for name in _ROW_FIELDS}
    if not all(isinstance(v, list) and all(isinstance(r, list) for r in v) for v in rows.values()):
        return None
    for name in _TUPLE_ROWS:
        rows[name] = [tuple(r) for r in rows[name]]
    fields = {name: record[name] for name in _SCALAR_FIELDS}
    return ArticleResult(**fields, **rows)


def read_cache_entry(path: Path, file_name: str, sha256: str) -> ArticleResult | None:
    """Read a cached result for this file (None when missing, corrupt or another article's)."""
    return _result_from_record(read_entry(path), file_name, sha256)
