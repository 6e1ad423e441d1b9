"""Process articles one by one, with a per-article cache, locally or on a Dask cluster.

The unit of work is one raw file: read, parse, extract statements and numeric claims,
count unresolved names. Its result depends only on the file's bytes, its narrator and
the code version (package code, lexicons and ontology), so it is cached under that key
and reused when nothing it depends on changed. Cache entries are written atomically:
an interrupted build leaves only complete entries behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from analysis.actors import Ontology, load_ontology
from analysis.atomic import write_bytes_atomically
from analysis.corpus import ParsedArticle, decode_article, parse_article
from analysis.evaluate import baseline_records
from analysis.extract import SentenceSpan, extract_records
from analysis.facts import claim_records
from analysis.faults import stop_point
from analysis.language import detect_language
from analysis.mentions import MentionFinder, article_unresolved

__all__ = ["ArticleJob", "ArticleResult", "code_version", "process_article", "run_jobs"]

ENGINES = ("local", "dask")
# News articles are tens of kilobytes; a file past this size is a dump, not an article.
MAX_ARTICLE_BYTES = 5_000_000
CACHE_SUFFIX = ".json.z"
CACHE_MAGIC = b"blame-report-cache-1 "


@dataclass(frozen=True)
class ArticleJob:
    """One file to process: where it is, who narrates it, and where the cache lives."""

    path: str
    narrator: str
    ontology_path: str | None
    cache_dir: str | None
    max_bytes: int = MAX_ARTICLE_BYTES


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


@lru_cache(maxsize=8)
def code_version(ontology_path: str | None = None) -> str:
    """Hash the package's code and data files (and a custom ontology): the cache's code key."""
    digest = hashlib.sha256()
    root = Path(str(resources.files("analysis")))
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".csv", ".yaml")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    if ontology_path:
        digest.update(Path(ontology_path).read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=8)
def _ontology_and_finder(ontology_path: str | None) -> tuple[Ontology, MentionFinder]:
    ontology = load_ontology(ontology_path)
    return ontology, MentionFinder(ontology)


def _cache_path(job: ArticleJob, sha256: str) -> Path | None:
    """Key an entry by everything the result depends on: id, bytes, narrator, code version."""
    if not job.cache_dir:
        return None
    parts = (Path(job.path).name, sha256, job.narrator, code_version(job.ontology_path))
    key = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return Path(job.cache_dir) / key[:2] / f"{key}{CACHE_SUFFIX}"


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
        cached = read_cache_entry(cache, path.name, sha)
        if cached is not None:
            cached.cache_status = "hit"
            return cached
        cache_status = "error"
    result = _process_text(job, path, text, sha)
    result.cache_status = cache_status or "miss"
    if cache is not None:
        _write_cache(cache, result)
    return result


def _process_text(job: ArticleJob, path: Path, text: str, sha: str) -> ArticleResult:
    ontology, finder = _ontology_and_finder(job.ontology_path)
    parsed = parse_article(path.stem, text, sha, path.name)
    result = ArticleResult(path.name, path.stem, sha)
    if not parsed.sentences:
        result.skip_reason, result.skip_detail = "no_body", "no body text after boilerplate"
        return result
    sentences = parsed.sentence_rows()
    spans = [SentenceSpan(s.sentence_no, s.paragraph_no, s.start, s.end) for s in sentences]
    mentions = finder.find(text)
    result.statements = extract_records(parsed.article_id, text, spans, job.narrator, ontology, finder,
                                        mentions)
    result.claims = claim_records(parsed.article_id, text, sentences)
    result.unresolved = article_unresolved(sentences, mentions)
    result.baseline = baseline_records(sentences, ontology, mentions)
    result.article = _article_fields(parsed)
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


_RESULT_FIELDS = ("file_name", "article_id", "sha256", "skip_reason", "skip_detail", "article",
                  "sentences", "boilerplate", "statements", "claims", "unresolved", "baseline")
_TUPLE_ROWS = ("sentences", "boilerplate", "claims", "unresolved")


def encode_cache_entry(result: ArticleResult) -> bytes:
    """Serialise a result as data (JSON, compressed), behind a magic line and its payload's SHA-256."""
    record = {name: getattr(result, name) for name in _RESULT_FIELDS}
    payload = zlib.compress(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)
    return CACHE_MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload


def read_cache_entry(path: Path, file_name: str, sha256: str) -> ArticleResult | None:
    """Read an entry; any failure (unreadable, wrong magic or checksum, other article) is None."""
    try:
        data = path.read_bytes()
        header, _, payload = data.partition(b"\n")
        checksum = hashlib.sha256(payload).hexdigest().encode()
        if not header.startswith(CACHE_MAGIC) or header[len(CACHE_MAGIC):] != checksum:
            return None
        record = json.loads(zlib.decompress(payload).decode("utf-8"))
        return _result_from_record(record, file_name, sha256)
    except (OSError, ValueError, TypeError, KeyError, zlib.error):
        return None


def _result_from_record(record: dict, file_name: str, sha256: str) -> ArticleResult | None:
    if not isinstance(record, dict) or set(record) != set(_RESULT_FIELDS):
        return None
    if (record["file_name"], record["sha256"]) != (file_name, sha256):
        return None  # an entry for another article (or planted under this key)
    if not isinstance(record["article"], dict):
        return None
    rows = {name: record[name] for name in _RESULT_FIELDS[6:]}
    if not all(isinstance(v, list) and all(isinstance(r, list) for r in v) for v in rows.values()):
        return None
    for name in _TUPLE_ROWS:
        rows[name] = [tuple(r) for r in rows[name]]
    fields = {name: record[name] for name in _RESULT_FIELDS[:6]}
    return ArticleResult(**fields, **rows)


def _write_cache(path: Path, result: ArticleResult) -> None:
    """Write a cache entry atomically, so an interrupted build leaves only complete entries.

    Entries are checked on read, so they are not flushed to disk one by one (a torn entry
    after a power cut is a miss).
    """
    write_bytes_atomically(path, encode_cache_entry(result), durable=False)


def run_jobs(jobs: Sequence[ArticleJob], engine: str = "local", scheduler: str | None = None,
             partitions: int | None = None, workers: int | None = None) -> list[ArticleResult]:
    """Process every job with the local engine or with Dask; results come back in job order.

    The local engine uses `workers` processes (default: one per core) once there are
    enough articles to pay for starting them, and this process alone otherwise.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: expected one of {', '.join(ENGINES)}")
    if engine == "dask":
        return _run_dask(jobs, scheduler, partitions)
    workers = workers or os.cpu_count() or 1
    if workers == 1 or len(jobs) < _MIN_JOBS_FOR_WORKERS:
        return _collect_results(process_article(job) for job in jobs)
    return _run_processes(jobs, workers)


def _collect_results(results: Iterable[ArticleResult]) -> list[ArticleResult]:
    """Gather results in order (with a test stop point after each one)."""
    collected = []
    for n, result in enumerate(results, start=1):
        collected.append(result)
        stop_point("article", n)
    return collected


_MIN_JOBS_FOR_WORKERS = 64
_CHUNK = 16


def _run_processes(jobs: Sequence[ArticleJob], workers: int) -> list[ArticleResult]:
    executor = ProcessPoolExecutor(max_workers=workers)
    try:
        results = _collect_results(executor.map(process_article, jobs, chunksize=_CHUNK))
    except BaseException:
        executor.shutdown(wait=False, cancel_futures=True)  # Ctrl-C: stop handing out work
        raise
    executor.shutdown()
    return results


def _run_dask(jobs: Sequence[ArticleJob], scheduler: str | None,
              partitions: int | None) -> list[ArticleResult]:
    import dask.bag as db

    bag = db.from_sequence(list(jobs), npartitions=partitions or max(1, min(len(jobs), 64)))
    mapped = bag.map(process_article)
    if scheduler:
        from distributed import Client

        with Client(scheduler) as client:
            return list(client.compute(mapped).result())
    return list(mapped.compute(scheduler="processes"))


def cache_counts(results: Iterable[ArticleResult]) -> dict[str, int]:
    """Count cache hits and misses among processed (not skipped) results.

    `errors` counts the misses whose entry existed but could not be read (corrupt, tampered
    or from another article); they are among the misses.
    """
    processed = [r for r in results if not r.skip_reason]
    hits = sum(1 for r in processed if r.cache_status == "hit")
    errors = sum(1 for r in processed if r.cache_status == "error")
    return {"hits": hits, "misses": len(processed) - hits, "errors": errors}
