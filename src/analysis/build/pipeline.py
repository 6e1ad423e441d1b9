"""Build the processed tables from a raw folder (the scalable part of the product).

`build_processed` ingests and extracts every article (per-article cache, local or Dask
engine), loads the curated statements, scores the extractor, writes the graphs, and
records what it did in `build_log.json` (cache hits and misses per article).
"""

from __future__ import annotations

import gc
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.build.corpus_all import curated_sources, ingest_parts, load_curated_parts, write_joined
from analysis.build.executors import ENGINES
from analysis.build.ingest import IngestOptions, StreamedCorpus, stream_corpus
from analysis.build.jobs import MAX_ARTICLE_BYTES, rare_garbage_collection
from analysis.build.statements import write_combined_statements, write_long_export
from analysis.codebook import LEVELS, STATEMENT_COLUMNS
from analysis.curation.evaluate import evaluate
from analysis.curation.statements import CuratedLoad, load_curated, read_statement_csv
from analysis.errors import InputError
from analysis.network.aggregate import aggregate_graphs, statement_batches
from analysis.network.export import write_graph_exports
from analysis.network.metrics import actor_metrics
from analysis.ontology import Ontology, load_ontology
from analysis.store.atomic import write_text_atomically
from analysis.store.csvfile import neutralise_frame
from analysis.store.long_export import LONG_EXPORT_CSV
from analysis.store.output_folder import (
    PROCESSED,
    check_output_folder,
    locked,
    protected_paths,
    publish,
    recover,
    staging_folder,
)
from analysis.store.schemas import TABLE_SCHEMAS
from analysis.store.tables import write_table

__all__ = ["BuildSettings", "BuildResult", "build_processed", "quality_table"]

DEFAULT_CURATED = Path("data/annotations/statements.csv")
BUILD_LOG = "build_log.json"
EXTRACTION_QUALITY_CSV = "extraction_quality.csv"
CURATED_SOURCES_CSV = "statements_curated_sources.csv"  # with several curated files only


@dataclass(frozen=True)
class BuildSettings:
    """Inputs and outputs of one build."""

    raw_dir: Path
    processed_dir: Path
    metadata: Path | None = None
    curated: Path | None = DEFAULT_CURATED
    ontology: Path | None = None
    engine: str = "local"
    scheduler: str | None = None
    use_cache: bool = True
    max_bytes: int = MAX_ARTICLE_BYTES
    lock_timeout: float | None = None
    workers: int | None = None  # local engine: None = the CPUs this process may use
    progress: bool = False  # draw a progress bar on stderr (see analysis.progress)
    extra_raw_dirs: tuple[Path, ...] = ()  # more raw folders joined in place (analysis.build.corpus_all)
    extra_curated: tuple[Path, ...] = ()  # more curated files, one coding per article

    @property
    def raw_dirs(self) -> list[Path]:
        """Every raw folder of the corpus, the main one first."""
        return [self.raw_dir, *self.extra_raw_dirs]

    @property
    def curated_files(self) -> list[Path]:
        """Every curated file that exists, the main one first (none with `curated=None`)."""
        if self.curated is None:
            return []
        return [p for p in (self.curated, *self.extra_curated) if Path(p).exists()]


@dataclass
class BuildResult:
    """What a build wrote and what it counted."""

    written: dict[str, Path] = field(default_factory=dict)
    curated: CuratedLoad | None = None
    n_auto: int = 0
    cache: dict[str, int] = field(default_factory=dict)


def build_processed(settings: BuildSettings) -> BuildResult:
    """Ingest the raw folder, extract and load statements, score them, write every table."""
    with rare_garbage_collection():  # forked local workers inherit the setting
        return _build(settings)


def _build(settings: BuildSettings) -> BuildResult:
    if settings.engine not in ENGINES:
        raise ValueError(f"parameter engine: expected one of {', '.join(ENGINES)}, found {settings.engine!r}")
    protected = protected_paths(("the raw folder", settings.raw_dir), ("the curated file", settings.curated),
                                ("the metadata file", settings.metadata), ("the ontology", settings.ontology),
                                *(("a raw folder", p) for p in settings.extra_raw_dirs),
                                *(("a curated file", p) for p in settings.extra_curated))
    folder = check_output_folder(settings.processed_dir, PROCESSED, protected, settings.raw_dir,
                                 outside=[("a raw folder", p) for p in settings.extra_raw_dirs])
    with locked(folder, timeout=settings.lock_timeout):
        recover(folder)
        return _build_locked(settings, folder)


def _build_locked(settings: BuildSettings, folder: Path) -> BuildResult:
    ontology = load_ontology(settings.ontology)
    options = IngestOptions(
        ontology_path=str(settings.ontology) if settings.ontology else None,
        cache_dir=str(folder / "cache") if settings.use_cache else None,
        engine=settings.engine, scheduler=settings.scheduler, max_bytes=settings.max_bytes,
        workers=settings.workers, progress=settings.progress,
    )
    with staging_folder(folder) as staging:
        corpus = _ingest(settings, staging, ontology, options)
        result = BuildResult(n_auto=corpus.n_statements, cache=corpus.cache)
        result.curated = _load_curated(settings, corpus, ontology)
        curated = result.curated.statements if result.curated else pd.DataFrame(columns=STATEMENT_COLUMNS)
        scored = curated[~curated["article_id"].isin(corpus.heldout)]  # held-out: no automatic layer
        quality = quality_table(scored, corpus.selected["statements"], corpus.selected["baseline"])
        tables = {"articles": corpus.articles, "skipped": corpus.skipped,
                  "unresolved_mentions": corpus.unresolved, "statements_curated": curated,
                  "extraction_quality": quality}
        for name, frame in tables.items():
            write_table(name, frame, staging)
        combined = write_combined_statements(curated, corpus.written["statements_auto"], corpus.articles,
                                             staging)
        write_long_export(combined, ontology, staging / LONG_EXPORT_CSV)
        graphs = _write_graphs(combined, ontology, staging)
        quality_csv = neutralise_frame(quality).to_csv(index=False, float_format="%.4f", lineterminator="\n")
        write_text_atomically(staging / EXTRACTION_QUALITY_CSV, quality_csv)
        _write_build_log(staging / BUILD_LOG, corpus)
        sources = _write_curated_sources(settings, corpus, ontology, staging)
        expected = [*(f"{name}.parquet" for name in TABLE_SCHEMAS), EXTRACTION_QUALITY_CSV, BUILD_LOG,
                    LONG_EXPORT_CSV, *sources,
                    *(path.relative_to(staging).as_posix() for path in graphs.values())]
        published = publish(staging, folder, expected)
    result.written = {p.relative_to(folder).as_posix(): p for p in published}
    return result


def _ingest(settings: BuildSettings, staging: Path, ontology: Ontology,
            options: IngestOptions) -> StreamedCorpus:
    """One raw folder is streamed from the workers; several (the coded corpus) are joined in memory."""
    wanted = _curated_articles(settings)
    if not settings.extra_raw_dirs:
        return stream_corpus(settings.raw_dir, staging, settings.metadata, ontology.outlets(), options,
                             wanted)
    joined = ingest_parts(settings.raw_dirs, settings.metadata, ontology.outlets(), options)
    return write_joined(joined, staging, wanted, options)


def _curated_articles(settings: BuildSettings) -> set[str]:
    """The articles the curated files name (their rows are kept for curation and scoring).

    An unreadable file names none here; loading it later reports the problem.
    """
    wanted: set[str] = set()
    for path in settings.curated_files:
        try:
            wanted |= {row.get("article_id", "") for _, row in read_statement_csv(path)}
        except (InputError, OSError, ValueError):
            continue
    return wanted


def _write_graphs(statements_path: Path, ontology: Ontology, processed_dir: Path) -> dict[str, Path]:
    """Write each level's graph exports and metrics, aggregated from the combined `statements` table
    row group by row group (curated statements where they exist, automatic ones elsewhere)."""
    batches = statement_batches(statements_path)
    graphs = aggregate_graphs(batches, ontology, LEVELS)
    written = {}
    for level in LEVELS:
        graph = graphs.pop(level)  # each level's graph is dropped once it is written
        metrics = actor_metrics(graph)
        exports = write_graph_exports(graph, processed_dir / "graph", f"blame_{level}", metrics)
        written.update({f"graph_{level}_{kind}": path for kind, path in exports.items()})
        metrics_path = processed_dir / "graph" / f"blame_{level}_metrics.csv"
        written[f"graph_{level}_metrics"] = _write_metrics(metrics, metrics_path)
        del graph, metrics, exports
        # networkx graphs (and the exports' copies of them) sit in reference cycles, which the
        # build's rare cycle collection would keep until long after they are written.
        gc.collect()
    return written


def _write_metrics(metrics: pd.DataFrame, path: Path) -> Path:
    """Write the actors' blame metrics at one level (given, received, net, PageRank) as CSV."""
    metrics = neutralise_frame(metrics)
    text = metrics.to_csv(index=False, float_format="%.10f", lineterminator="\n")
    write_text_atomically(path, text)
    return path


def _write_build_log(path: Path, corpus: StreamedCorpus) -> None:
    """Record cache hits and misses (overall and per article), the engine and its workers."""
    log = {"cache": corpus.cache, "articles": dict(sorted(corpus.article_status.items())),
           "skipped": len(corpus.skipped), "engine": corpus.run.engine, "workers": corpus.run.workers}
    write_text_atomically(path, json.dumps(log, indent=1, sort_keys=True) + "\n")


def _load_curated(settings: BuildSettings, corpus: StreamedCorpus, ontology: Ontology) -> CuratedLoad | None:
    files = settings.curated_files
    if not files:
        return None
    sentences = corpus.selected["sentences"]
    if len(files) == 1 and not settings.extra_curated:
        return load_curated(files[0], corpus.texts, sentences, ontology)
    return load_curated_parts(files, corpus.texts, sentences, ontology)


def _write_curated_sources(settings: BuildSettings, corpus: StreamedCorpus, ontology: Ontology,
                           staging: Path) -> list[str]:
    """With several curated files, write the combined layer with the file each row came from."""
    if not settings.extra_curated or not settings.curated_files:
        return []
    files = settings.curated_files
    table = curated_sources(files, [Path(p).as_posix() for p in files], corpus.texts,
                            corpus.selected["sentences"], ontology)
    text = neutralise_frame(table).to_csv(index=False, lineterminator="\n")
    write_text_atomically(staging / CURATED_SOURCES_CSV, text)
    return [CURATED_SOURCES_CSV]


def quality_table(curated: pd.DataFrame, auto: pd.DataFrame, baseline: pd.DataFrame) -> pd.DataFrame:
    """Score the extractor and the co-mention baseline against the curated statements.

    Without curated statements nothing can be scored: the table is empty (not zeros).
    """
    scores = evaluate(curated, {"extractor": auto, "baseline": baseline})
    return scores if len(curated) else scores.iloc[0:0]
