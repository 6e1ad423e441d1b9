"""Build the processed tables from a raw folder (the scalable part of the product).

`build_processed` ingests and extracts every article (per-article cache, local or Dask
engine), loads the curated statements, scores the extractor, writes the graphs, and
records what it did in `build_log.json` (cache hits and misses per article).
"""

from __future__ import annotations

import gc
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pandas as pd

from analysis.actors import LEVELS, Ontology, load_ontology
from analysis.atomic import write_text_atomically
from analysis.engine import ENGINES, MAX_ARTICLE_BYTES
from analysis.evaluate import evaluate
from analysis.graph import build_statement_graph, collapse_graph
from analysis.graph_export import write_graph_exports
from analysis.ingest import CorpusTables, IngestOptions, ingest_corpus
from analysis.metrics import actor_metrics
from analysis.statements import STATEMENT_COLUMNS, CuratedLoad, combine_statements, load_curated
from analysis.tables import write_table

__all__ = ["BuildSettings", "BuildResult", "build_processed", "quality_table"]

DEFAULT_CURATED = Path("data/annotations/statements.csv")
BUILD_LOG = "build_log.json"


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

    @property
    def cache_dir(self) -> Path:
        return self.processed_dir / "cache"


@dataclass
class BuildResult:
    """What a build wrote and what it counted."""

    written: dict[str, Path] = field(default_factory=dict)
    curated: CuratedLoad | None = None
    n_auto: int = 0
    cache: dict[str, int] = field(default_factory=dict)


@contextmanager
def _rare_garbage_collection() -> Iterator[None]:
    """Run Python's cycle collector rarely while building (restored afterwards).

    A build allocates millions of small, acyclic objects (rows, matches, spans); with the
    default thresholds the collector keeps rescanning them, which cost about a tenth of a
    10k-article build. Reference counting still frees everything; forked local workers
    inherit the setting.
    """
    previous = gc.get_threshold()
    gc.set_threshold(100_000, 50, 1000)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def build_processed(settings: BuildSettings) -> BuildResult:
    """Ingest the raw folder, extract and load statements, score them, write every table."""
    with _rare_garbage_collection():
        return _build(settings)


def _build(settings: BuildSettings) -> BuildResult:
    if settings.engine not in ENGINES:
        raise ValueError(f"parameter engine: expected one of {', '.join(ENGINES)}, found {settings.engine!r}")
    ontology = load_ontology(settings.ontology)
    options = IngestOptions(
        ontology_path=str(settings.ontology) if settings.ontology else None,
        cache_dir=str(settings.cache_dir) if settings.use_cache else None,
        engine=settings.engine, scheduler=settings.scheduler, max_bytes=settings.max_bytes,
    )
    corpus = ingest_corpus(settings.raw_dir, settings.metadata, ontology.outlets(), options)
    result = BuildResult(n_auto=len(corpus.statements), cache=corpus.cache)
    tables = corpus.as_tables()
    result.curated = _load_curated(settings, corpus, ontology)
    tables["statements_curated"] = (
        result.curated.statements if result.curated else pd.DataFrame(columns=STATEMENT_COLUMNS)
    )
    tables["extraction_quality"] = quality_table(
        tables["statements_curated"], tables["statements_auto"], corpus.baseline
    )
    staging = _fresh_staging(settings.processed_dir)
    for name, frame in tables.items():
        write_table(name, frame, staging)
    _write_graphs(tables, corpus, ontology, staging)
    tables["extraction_quality"].to_csv(staging / "extraction_quality.csv", index=False,
                                        float_format="%.4f", lineterminator="\n")
    _write_build_log(staging / BUILD_LOG, corpus)
    _swap_in(staging, settings.processed_dir)
    result.written = {p.name: p for p in sorted(settings.processed_dir.glob("*")) if p.name != "cache"}
    return result


def _fresh_staging(processed_dir: Path) -> Path:
    staging = processed_dir.with_name(f".{processed_dir.name}.staging")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    return staging


def _swap_in(staging: Path, processed_dir: Path) -> None:
    """Replace the processed folder by the finished staging folder, keeping the article cache.

    Until this point the previous tables stay untouched, so a build that fails leaves them
    intact. Files in the processed folder that the build does not write (such as a
    `.gitkeep`) are carried over.
    """
    processed_dir.mkdir(parents=True, exist_ok=True)
    for kept in processed_dir.iterdir():
        if kept.name == "cache" or (kept.name.startswith(".") and not (staging / kept.name).exists()):
            os.replace(kept, staging / kept.name)
    old = processed_dir.with_name(f".{processed_dir.name}.old")
    if old.exists():
        shutil.rmtree(old)
    os.replace(processed_dir, old)
    os.replace(staging, processed_dir)
    shutil.rmtree(old)


def _write_graphs(tables: dict[str, pd.DataFrame], corpus: CorpusTables, ontology: Ontology,
                  processed_dir: Path) -> dict[str, Path]:
    combined = combine_statements(tables["statements_curated"], tables["statements_auto"], "combined")
    statement_graph = build_statement_graph(combined, corpus.articles, ontology)
    written = {}
    for level in LEVELS:
        graph = collapse_graph(statement_graph, ontology, level)
        exports = write_graph_exports(graph, processed_dir / "graph", f"blame_{level}")
        written.update({f"graph_{level}_{kind}": path for kind, path in exports.items()})
        metrics_path = processed_dir / "graph" / f"blame_{level}_metrics.csv"
        written[f"graph_{level}_metrics"] = _write_metrics(graph, metrics_path)
    return written


def _write_metrics(graph: nx.DiGraph, path: Path) -> Path:
    """Write the actors' blame metrics at one level (given, received, net, PageRank) as CSV."""
    text = actor_metrics(graph).to_csv(index=False, float_format="%.10f", lineterminator="\n")
    write_text_atomically(path, text)
    return path


def _write_build_log(path: Path, corpus: CorpusTables) -> None:
    """Record cache hits and misses (overall and per article) for users and tests."""
    log = {"cache": corpus.cache, "articles": dict(sorted(corpus.article_status.items())),
           "skipped": len(corpus.skipped)}
    write_text_atomically(path, json.dumps(log, indent=1, sort_keys=True) + "\n")


def _load_curated(settings: BuildSettings, corpus: CorpusTables, ontology: Ontology) -> CuratedLoad | None:
    if settings.curated is None or not Path(settings.curated).exists():
        return None
    return load_curated(settings.curated, corpus.texts, corpus.sentences, ontology)


def quality_table(curated: pd.DataFrame, auto: pd.DataFrame, baseline: pd.DataFrame) -> pd.DataFrame:
    """Score the extractor and the co-mention baseline against the curated statements.

    Without curated statements nothing can be scored: the table is empty (not zeros).
    """
    scores = evaluate(curated, {"extractor": auto, "baseline": baseline})
    return scores if len(curated) else scores.iloc[0:0]
