"""Turn a raw folder into the corpus tables: articles, sentences, boilerplate, statements, skips.

Each file is processed on its own (`analysis.build.jobs`); this module joins the results
with metadata.csv, drops duplicates and non-English articles (counted as skips), and
assembles the tables in a fixed order.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from analysis.build.cache import cache_counts
from analysis.build.executors import RunInfo, early_workers, run_batches, run_jobs
from analysis.build.jobs import MAX_ARTICLE_BYTES, ArticleJob, ArticleResult
from analysis.build.metadata import ArticleMeta, read_metadata
from analysis.codebook import STATEMENT_COLUMNS, sort_statements
from analysis.errors import InputError
from analysis.ontology import load_ontology, outlet_actor_id
from analysis.text.claims import CLAIM_COLUMNS
from analysis.text.induce import INDUCED_COLUMNS
from analysis.text.parse import scan_raw_folder

if TYPE_CHECKING:  # the streamed build's module (pyarrow, pandera) loads only for `stream_corpus`
    from analysis.build.stream import ArticleSummary, PartReader

__all__ = ["CorpusTables", "IngestOptions", "RawTexts", "StreamedCorpus", "article_jobs", "assemble_tables",
           "ingest_corpus", "stream_corpus"]

METADATA_FILE = "metadata.csv"
ACCEPTED_LANGUAGES = frozenset({"en"})

_ARTICLE_COLUMNS = [
    "article_id", "file_name", "sha256", "outlet", "outlet_name", "title", "title_start",
    "title_end", "published", "published_precision", "published_sort", "language",
    "language_detected", "n_chars", "n_body_chars", "n_lines", "n_boilerplate_lines",
    "n_paragraphs", "n_sentences",
]
_SENTENCE_COLUMNS = ["article_id", "sentence_no", "paragraph_no", "start", "end", "is_title", "text"]
_BOILERPLATE_COLUMNS = ["article_id", "line_no", "start", "end", "kind", "text"]
_UNRESOLVED_COLUMNS = ["surface", "n", "n_articles", "example_article", "example_start"]


@dataclass
class CorpusTables:
    """The corpus tables, the automatic statements, and the texts behind them."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    boilerplate: pd.DataFrame
    skipped: pd.DataFrame
    statements: pd.DataFrame
    claims: pd.DataFrame
    unresolved: pd.DataFrame
    raw_dir: Path
    baseline: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=STATEMENT_COLUMNS))
    induced: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=list(INDUCED_COLUMNS)))
    cache: dict[str, int] = field(default_factory=dict)
    article_status: dict[str, str] = field(default_factory=dict)

    def as_tables(self) -> dict[str, pd.DataFrame]:
        """Return the tables by name, ready for `write_table`."""
        return {
            "articles": self.articles, "sentences": self.sentences, "boilerplate": self.boilerplate,
            "skipped": self.skipped, "statements_auto": self.statements, "claims": self.claims,
            "unresolved_mentions": self.unresolved, "induced_actors": self.induced,
        }

    @property
    def texts(self) -> RawTexts:
        """The kept articles' texts (codebook offsets) by article_id, read when first asked for."""
        return RawTexts(self.raw_dir, dict(zip(self.articles["article_id"], self.articles["file_name"],
                                               strict=True)))


class RawTexts(Mapping[str, str]):
    """Article texts keyed by article_id, each file read only when (and once) it is looked up.

    A curated file that covers five articles of a large corpus reads five files, not all.
    """

    def __init__(self, raw_dir: Path, file_names: dict[str, str]) -> None:
        self._raw_dir = raw_dir
        self._file_names = file_names
        self._read: dict[str, str] = {}

    def __getitem__(self, article_id: str) -> str:
        if article_id not in self._read:
            data = (self._raw_dir / self._file_names[article_id]).read_bytes()
            self._read[article_id] = data.decode("utf-8")
        return self._read[article_id]

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._file_names

    def __iter__(self) -> Iterator[str]:
        return iter(self._file_names)

    def __len__(self) -> int:
        return len(self._file_names)


@dataclass(frozen=True)
class IngestOptions:
    """How to run ingestion: ontology, cache folder and engine."""

    ontology_path: str | None = None
    cache_dir: str | None = None
    engine: str = "local"
    scheduler: str | None = None
    max_bytes: int = MAX_ARTICLE_BYTES
    workers: int | None = None  # None: the CPUs this process may use
    progress: bool = False
    statements_only: bool = False  # `extract`: statements and skips only (see `ArticleJob`)


def ingest_corpus(raw_dir: str | Path, metadata_path: str | Path | None = None,
                  outlet_names: Mapping[str, str] | None = None,
                  options: IngestOptions | None = None) -> CorpusTables:
    """Ingest every `.txt` in `raw_dir`; metadata defaults to `raw_dir/metadata.csv` when present."""
    options = options or IngestOptions()
    paths, not_read = scan_raw_folder(raw_dir)
    metadata = _load_metadata(raw_dir, metadata_path)
    _check_outlets(metadata, options.ontology_path, metadata_path or Path(raw_dir) / METADATA_FILE)
    jobs = article_jobs(paths, metadata, options)
    results = run_jobs(jobs, options.engine, options.scheduler, workers=options.workers)
    tables = assemble_tables(results, metadata, outlet_names or {}, Path(raw_dir), not_read)
    _require_articles(raw_dir, tables.articles, tables.skipped)
    return tables


def article_jobs(paths: Iterable[Path], metadata: Mapping[str, ArticleMeta],
                 options: IngestOptions) -> list[ArticleJob]:
    """One job per file, narrated by its outlet (metadata.csv's, else the file's outlet id)."""
    return [ArticleJob(str(p), _narrator(p.stem, metadata), options.ontology_path, options.cache_dir,
                       options.max_bytes, options.statements_only) for p in paths]


def _require_articles(raw_dir: str | Path, articles: pd.DataFrame, skipped: pd.DataFrame) -> None:
    if articles.empty:
        reasons = skipped.groupby("reason").size().to_dict() if len(skipped) else {}
        raise InputError(raw_dir, "no article was processed",
                         expected="at least one readable English article",
                         found=f"{len(skipped)} skipped: " + ", ".join(
                             f"{n} {reason}" for reason, n in sorted(reasons.items())))


def _narrator(article_id: str, metadata: Mapping[str, ArticleMeta]) -> str:
    meta = metadata.get(article_id)
    return meta.outlet if meta and meta.outlet else outlet_actor_id(article_id)


def _check_outlets(metadata: Mapping[str, ArticleMeta], ontology_path: str | None,
                   metadata_path: str | Path) -> None:
    """Every outlet named in metadata.csv is an actor of the ontology (it narrates the article)."""
    named = [meta for meta in metadata.values() if meta.outlet]
    if not named:
        return
    ontology = load_ontology(ontology_path)
    for meta in sorted(named, key=lambda m: m.line):
        if meta.outlet not in ontology:
            raise InputError(metadata_path, "unknown outlet", line=meta.line, field="outlet",
                             expected="an actor_id of the ontology (kind outlet), or empty",
                             found=meta.outlet)


def _load_metadata(raw_dir: str | Path, metadata_path: str | Path | None) -> dict[str, ArticleMeta]:
    if metadata_path is None:
        candidate = Path(raw_dir) / METADATA_FILE
        return read_metadata(candidate) if candidate.exists() else {}
    return read_metadata(metadata_path)


@dataclass
class _Collected:
    articles: list[list] = field(default_factory=list)
    sentences: list[tuple] = field(default_factory=list)
    boilerplate: list[tuple] = field(default_factory=list)
    statements: list[list] = field(default_factory=list)
    claims: list[tuple] = field(default_factory=list)
    baseline: list[list] = field(default_factory=list)
    skipped: list[tuple] = field(default_factory=list)
    unresolved: dict[str, list] = field(default_factory=dict)
    induced: list[tuple] = field(default_factory=list)
    status: dict[str, str] = field(default_factory=dict)


def assemble_tables(results: Iterable[ArticleResult], metadata: Mapping[str, ArticleMeta],
                    outlet_names: Mapping[str, str], raw_dir: Path,
                    not_read: Iterable[tuple[str, str, str]] = ()) -> CorpusTables:
    """Build the corpus tables from per-file results; drop later duplicates of the same bytes.

    `not_read` are the raw folder's entries that were never read (see `scan_raw_folder`);
    they are counted among the skips, in file-name order with the skipped articles.
    """
    results = sorted(results, key=lambda r: r.file_name)
    collected = _Collected()
    first_file_by_sha: dict[str, str] = {}
    for result in results:
        _collect(result, metadata, outlet_names, first_file_by_sha, collected)
    collected.skipped = sorted([*collected.skipped, *not_read], key=lambda row: row[0])
    on_disk = {r.article_id for r in results}
    for article_id in sorted(set(metadata) - on_disk):
        collected.skipped.append((METADATA_FILE, "metadata_unknown_article", article_id))
    return CorpusTables(
        articles=pd.DataFrame(collected.articles, columns=_ARTICLE_COLUMNS),
        sentences=pd.DataFrame(collected.sentences, columns=_SENTENCE_COLUMNS),
        boilerplate=pd.DataFrame(collected.boilerplate, columns=_BOILERPLATE_COLUMNS),
        skipped=pd.DataFrame(collected.skipped, columns=["file_name", "reason", "detail"]),
        statements=sort_statements(pd.DataFrame(collected.statements, columns=STATEMENT_COLUMNS)),
        claims=pd.DataFrame(collected.claims, columns=CLAIM_COLUMNS),
        unresolved=_unresolved_table(collected.unresolved),
        raw_dir=raw_dir,
        baseline=sort_statements(pd.DataFrame(collected.baseline, columns=STATEMENT_COLUMNS)),
        induced=pd.DataFrame(collected.induced, columns=list(INDUCED_COLUMNS)).astype(
            {"start": "int64", "end": "int64", "n": "int64"}),
        cache=cache_counts(results),
        article_status=collected.status,
    )


def _collect(result: ArticleResult, metadata: Mapping[str, ArticleMeta], outlet_names: Mapping[str, str],
             first_file_by_sha: dict[str, str], collected: _Collected) -> None:
    if not _keep(result, metadata, outlet_names, first_file_by_sha, collected):
        return
    _fold_unresolved(collected.unresolved, result.unresolved)
    collected.sentences.extend(result.sentences)
    collected.boilerplate.extend(result.boilerplate)
    collected.statements.extend(result.statements)
    collected.claims.extend(result.claims)
    collected.baseline.extend(result.baseline)
    collected.induced.extend(result.induced)


def _keep(result: ArticleResult | ArticleSummary, metadata: Mapping[str, ArticleMeta],
          outlet_names: Mapping[str, str], first_file_by_sha: dict[str, str], collected: _Collected) -> bool:
    """Record one article's row and status, or its skip; True when it is kept."""
    if result.skip_reason:
        collected.skipped.append((result.file_name, result.skip_reason, result.skip_detail))
        return False
    meta = metadata.get(result.article_id)
    _check_sha(result, meta)
    row = _article_row(result, meta, outlet_names)
    language = row[_ARTICLE_COLUMNS.index("language")]
    if language not in ACCEPTED_LANGUAGES:
        collected.skipped.append((result.file_name, "not_english", f"language {language}"))
        return False
    if result.sha256 in first_file_by_sha:
        collected.skipped.append((result.file_name, "duplicate",
                                  f"same bytes as {first_file_by_sha[result.sha256]}"))
        return False
    first_file_by_sha[result.sha256] = result.file_name
    collected.status[result.article_id] = result.cache_status or "miss"
    collected.articles.append(row)
    return True


def _fold_unresolved(entries: dict[str, list], rows: Iterable[tuple]) -> None:
    """Add one article's unresolved names (surface, n, article_id, start) to the running counts.

    Articles are folded in file-name order, so each name's example is its first kept article.
    """
    for surface, n, article_id, start in rows:
        entry = entries.setdefault(surface, [0, 0, article_id, start])
        entry[0] += n
        entry[1] += 1


def _check_sha(result: ArticleResult | ArticleSummary, meta: ArticleMeta | None) -> None:
    if meta is not None and meta.sha256 and meta.sha256 != result.sha256:
        raise InputError(METADATA_FILE, "sha256 does not match the file",
                         field=f"sha256 of {result.file_name}",
                         expected=meta.sha256[:12] + "…", found=result.sha256[:12] + "…")


def _article_row(result: ArticleResult | ArticleSummary, meta: ArticleMeta | None,
                 outlet_names: Mapping[str, str]) -> list:
    fields = result.article
    outlet = meta.outlet if meta and meta.outlet else outlet_actor_id(result.article_id)
    values = {
        "article_id": result.article_id, "file_name": result.file_name, "sha256": result.sha256,
        "outlet": outlet, "outlet_name": outlet_names.get(outlet, outlet),
        "published": meta.published if meta else "",
        "published_precision": meta.published_precision if meta else "none",
        "published_sort": meta.published_sort if meta else "",
        "language": meta.language if meta and meta.language else fields["language_detected"],
        **fields,
    }
    return [values[c] for c in _ARTICLE_COLUMNS]


def _unresolved_table(entries: dict[str, list]) -> pd.DataFrame:
    rows = [(surface, *values) for surface, values in entries.items()]
    frame = pd.DataFrame(rows, columns=_UNRESOLVED_COLUMNS)
    return frame.sort_values(["n", "surface"], ascending=[False, True]).reset_index(drop=True)



# ----------------------------------------------------------------------------- streamed

# Published table -> the part it is streamed from.
STREAMED_TABLES = {"sentences": "sentences", "boilerplate": "boilerplate", "statements_auto": "statements",
                   "claims": "claims", "induced_actors": "induced"}
BATCH_ARTICLES = 50  # articles per worker call (a batch's parts hold their rows)


@dataclass
class StreamedCorpus:
    """What a streamed ingest keeps in memory: per-article tables and counts, not per-row tables.

    `written` are the tables it wrote; `selected` holds the sentences, automatic statements and
    baseline of the `wanted` articles only (the curated file's), for curation and scoring.
    """

    articles: pd.DataFrame
    skipped: pd.DataFrame
    unresolved: pd.DataFrame
    raw_dir: Path
    written: dict[str, Path]
    n_statements: int
    selected: dict[str, pd.DataFrame]
    run: RunInfo
    cache: dict[str, int] = field(default_factory=dict)
    article_status: dict[str, str] = field(default_factory=dict)
    heldout: frozenset[str] = frozenset()  # joined folders: held-out articles have no automatic layer
    joined_texts: Mapping[str, str] | None = None  # joined folders: each article read from its own

    @property
    def texts(self) -> Mapping[str, str]:
        """The kept articles' texts by article_id, read when first asked for."""
        if self.joined_texts is not None:
            return self.joined_texts
        return RawTexts(self.raw_dir, dict(zip(self.articles["article_id"], self.articles["file_name"],
                                               strict=True)))


def stream_corpus(raw_dir: str | Path, staging: Path, metadata_path: str | Path | None = None,
                  outlet_names: Mapping[str, str] | None = None, options: IngestOptions | None = None,
                  wanted: Iterable[str] = ()) -> StreamedCorpus:
    """Ingest like `ingest_corpus`, but write the tables into `staging` from the workers' parts.

    The workers write their rows to `staging/parts` and return summaries; the parts are removed
    once the tables are written.
    """
    from analysis.build.stream import PartReader, make_batches, stream_table

    options = options or IngestOptions()
    with early_workers(options.engine, options.workers) as pool:  # forked before the job list exists
        paths, not_read = scan_raw_folder(raw_dir)
        metadata = _load_metadata(raw_dir, metadata_path)
        _check_outlets(metadata, options.ontology_path, metadata_path or Path(raw_dir) / METADATA_FILE)
        part_dir = staging / "parts"
        batches = make_batches(article_jobs(paths, metadata, options), part_dir, BATCH_ARTICLES)
        del paths  # the jobs hold the paths as strings
        summaries, run = run_batches(batches, options.engine, options.scheduler, options.workers,
                                     options.progress, pool)
    results = [article for batch in summaries for article in batch.articles]
    collected, kept = _collect_summaries(results, metadata, outlet_names or {}, not_read)
    articles = pd.DataFrame(collected.articles, columns=_ARTICLE_COLUMNS)
    skipped = pd.DataFrame(collected.skipped, columns=["file_name", "reason", "detail"])
    _require_articles(raw_dir, articles, skipped)
    reader = PartReader(part_dir)
    unresolved = _streamed_unresolved(reader, kept)
    by_id = sorted(kept, key=lambda a: a.article_id)
    written = {name: stream_table(name, part, by_id if part == "statements" else kept, reader, staging)
               for name, part in STREAMED_TABLES.items()}
    wanted_ids = set(wanted)
    chosen = [a for a in by_id if a.article_id in wanted_ids]
    selected = {part: _selected(reader, part, chosen) for part in ("sentences", "statements", "baseline")}
    shutil.rmtree(part_dir, ignore_errors=True)
    return StreamedCorpus(
        articles=articles, skipped=skipped, unresolved=unresolved,
        raw_dir=Path(raw_dir), written=written,
        n_statements=sum(a.rows("statements")[2] for a in kept), selected=selected, run=run,
        cache=cache_counts(results), article_status=collected.status,
    )


def _streamed_unresolved(reader: PartReader, kept: list[ArticleSummary]) -> pd.DataFrame:
    """The unresolved-names table, folded from the workers' parts over the kept articles in order."""
    from analysis.build.stream import ROW_GROUP_ARTICLES, gather_rows

    entries: dict[str, list] = {}
    for i in range(0, len(kept), ROW_GROUP_ARTICLES):
        rows = gather_rows(reader, "unresolved", kept[i:i + ROW_GROUP_ARTICLES])
        if rows is not None:
            _fold_unresolved(entries, zip(*(rows[c].tolist() for c in rows.columns), strict=True))
    return _unresolved_table(entries)


def _selected(reader: PartReader, part: str, chosen: list[ArticleSummary]) -> pd.DataFrame:
    from analysis.build.stream import empty_rows, gather_rows

    rows = gather_rows(reader, part, chosen)
    if rows is None:
        return empty_rows(part)
    return sort_statements(rows) if part in ("statements", "baseline") else rows


def _collect_summaries(results: list[ArticleSummary], metadata: Mapping[str, ArticleMeta],
                       outlet_names: Mapping[str, str], not_read: Iterable[tuple[str, str, str]]
                       ) -> tuple[_Collected, list[ArticleSummary]]:
    """Decide which articles are kept (file-name order), as `assemble_tables` does."""
    results = sorted(results, key=lambda r: r.file_name)
    collected = _Collected()
    first_file_by_sha: dict[str, str] = {}
    kept = [r for r in results if _keep(r, metadata, outlet_names, first_file_by_sha, collected)]
    collected.skipped = sorted([*collected.skipped, *not_read], key=lambda row: row[0])
    on_disk = {r.article_id for r in results}
    for article_id in sorted(set(metadata) - on_disk):
        collected.skipped.append((METADATA_FILE, "metadata_unknown_article", article_id))
    return collected, kept
