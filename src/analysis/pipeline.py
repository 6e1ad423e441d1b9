"""Build the processed tables from a raw folder (the scalable part of the product).

`build_processed` ingests and extracts every article (per-article cache, local or Dask
engine), loads the curated statements, scores the extractor, writes the graphs, and
records what it did in `build_log.json` (cache hits and misses per article).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.actors import LEVELS, Ontology, load_ontology
from analysis.evaluate import baseline_statements, evaluate
from analysis.graph import build_statement_graph, collapse_graph
from analysis.graph_export import write_graph_exports
from analysis.ingest import CorpusTables, IngestOptions, ingest_corpus
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


def build_processed(settings: BuildSettings) -> BuildResult:
    """Ingest the raw folder, extract and load statements, score them, write every table."""
    ontology = load_ontology(settings.ontology)
    options = IngestOptions(
        ontology_path=str(settings.ontology) if settings.ontology else None,
        cache_dir=str(settings.cache_dir) if settings.use_cache else None,
        engine=settings.engine, scheduler=settings.scheduler,
    )
    corpus = ingest_corpus(settings.raw_dir, settings.metadata, ontology.outlets(), options)
    result = BuildResult(n_auto=len(corpus.statements), cache=corpus.cache)
    tables = corpus.as_tables()
    result.curated = _load_curated(settings, corpus, ontology)
    tables["statements_curated"] = (
        result.curated.statements if result.curated else pd.DataFrame(columns=STATEMENT_COLUMNS)
    )
    tables["extraction_quality"] = quality_table(
        tables["statements_curated"], tables["statements_auto"], corpus.sentences, ontology
    )
    for name, frame in tables.items():
        result.written[name] = write_table(name, frame, settings.processed_dir)
    result.written.update(_write_graphs(tables, corpus, ontology, settings.processed_dir))
    csv_path = settings.processed_dir / "extraction_quality.csv"
    tables["extraction_quality"].to_csv(csv_path, index=False, float_format="%.4f", lineterminator="\n")
    result.written["extraction_quality.csv"] = csv_path
    _write_build_log(settings.processed_dir / BUILD_LOG, corpus)
    return result


def _write_graphs(tables: dict[str, pd.DataFrame], corpus: CorpusTables, ontology: Ontology,
                  processed_dir: Path) -> dict[str, Path]:
    combined = combine_statements(tables["statements_curated"], tables["statements_auto"], "combined")
    statement_graph = build_statement_graph(combined, corpus.articles, ontology)
    written = {}
    for level in LEVELS:
        graph = collapse_graph(statement_graph, ontology, level)
        exports = write_graph_exports(graph, processed_dir / "graph", f"blame_{level}")
        written.update({f"graph_{level}_{kind}": path for kind, path in exports.items()})
    return written


def _write_build_log(path: Path, corpus: CorpusTables) -> None:
    """Record cache hits and misses (overall and per article) for users and tests."""
    log = {"cache": corpus.cache, "articles": dict(sorted(corpus.article_status.items())),
           "skipped": len(corpus.skipped)}
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_text(json.dumps(log, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    temp.replace(path)


def _load_curated(settings: BuildSettings, corpus: CorpusTables, ontology: Ontology) -> CuratedLoad | None:
    if settings.curated is None or not Path(settings.curated).exists():
        return None
    return load_curated(settings.curated, corpus.texts, corpus.sentences, ontology)


def quality_table(curated: pd.DataFrame, auto: pd.DataFrame, sentences: pd.DataFrame,
                  ontology: Ontology) -> pd.DataFrame:
    """Score the extractor and the co-mention baseline against the curated statements."""
    covered = sentences[sentences["article_id"].isin(set(curated["article_id"]))]
    baseline = baseline_statements(covered, ontology)
    return evaluate(curated, {"extractor": auto, "baseline": baseline})
