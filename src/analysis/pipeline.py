"""Build the processed tables from a raw folder (the scalable part of the product)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.actors import LEVELS, Ontology, load_ontology
from analysis.evaluate import baseline_statements, evaluate
from analysis.extract import extract_statements
from analysis.facts import CLAIM_COLUMNS, extract_numeric_claims
from analysis.graph import build_statement_graph, collapse_graph
from analysis.graph_export import write_graph_exports
from analysis.ingest import CorpusTables, ingest_corpus
from analysis.mentions import MentionFinder, unresolved_mentions
from analysis.statements import STATEMENT_COLUMNS, CuratedLoad, combine_statements, load_curated
from analysis.tables import write_table

__all__ = ["BuildSettings", "BuildResult", "build_processed", "extract_corpus", "narrators_of"]

DEFAULT_CURATED = Path("data/annotations/statements.csv")


@dataclass(frozen=True)
class BuildSettings:
    """Inputs and outputs of one build."""

    raw_dir: Path
    processed_dir: Path
    metadata: Path | None = None
    curated: Path | None = DEFAULT_CURATED
    ontology: Path | None = None


@dataclass
class BuildResult:
    """What a build wrote and what it counted."""

    written: dict[str, Path] = field(default_factory=dict)
    curated: CuratedLoad | None = None
    n_auto: int = 0


def narrators_of(corpus: CorpusTables) -> dict[str, str]:
    """Map each article to its narrator: the outlet from metadata, or `outlet:<article_id>`."""
    return dict(zip(corpus.articles["article_id"], corpus.articles["outlet"], strict=True))


def extract_corpus(corpus: CorpusTables, ontology: Ontology) -> pd.DataFrame:
    """Extract automatic statements from every ingested article."""
    texts = {a.article_id: a.text for a in corpus.parsed}
    return extract_statements(texts, corpus.sentences, narrators_of(corpus), ontology)


def build_processed(settings: BuildSettings) -> BuildResult:
    """Ingest the raw folder, extract and load statements, score them, write every table."""
    ontology = load_ontology(settings.ontology)
    corpus = ingest_corpus(settings.raw_dir, settings.metadata, ontology.outlets())
    result = BuildResult()
    tables = dict(corpus.as_tables())
    tables["statements_auto"] = extract_corpus(corpus, ontology)
    result.n_auto = len(tables["statements_auto"])
    curated = _load_curated(settings, corpus, ontology)
    result.curated = curated
    tables["statements_curated"] = (
        curated.statements if curated else pd.DataFrame(columns=STATEMENT_COLUMNS)
    )
    tables["extraction_quality"] = quality_table(
        tables["statements_curated"], tables["statements_auto"], corpus.sentences, ontology
    )
    tables["unresolved_mentions"] = unresolved_mentions(corpus.sentences, MentionFinder(ontology))
    tables["claims"] = claims_table(corpus)
    for name, frame in tables.items():
        result.written[name] = write_table(name, frame, settings.processed_dir)
    combined = combine_statements(tables["statements_curated"], tables["statements_auto"], "combined")
    for level in LEVELS:
        graph = collapse_graph(build_statement_graph(combined, corpus.articles, ontology), ontology, level)
        exports = write_graph_exports(graph, settings.processed_dir / "graph", f"blame_{level}")
        result.written.update({f"graph_{level}_{kind}": path for kind, path in exports.items()})
    csv_path = settings.processed_dir / "extraction_quality.csv"
    tables["extraction_quality"].to_csv(csv_path, index=False, float_format="%.4f", lineterminator="\n")
    result.written["extraction_quality.csv"] = csv_path
    return result


def claims_table(corpus: CorpusTables) -> pd.DataFrame:
    """Extract the numeric claims of every ingested article."""
    frames = [extract_numeric_claims(a.article_id, a.text, corpus.sentences) for a in corpus.parsed]
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=CLAIM_COLUMNS)


def _load_curated(settings: BuildSettings, corpus: CorpusTables, ontology: Ontology) -> CuratedLoad | None:
    if settings.curated is None or not Path(settings.curated).exists():
        return None
    texts = {a.article_id: a.text for a in corpus.parsed}
    return load_curated(settings.curated, texts, corpus.sentences, ontology)


def quality_table(curated: pd.DataFrame, auto: pd.DataFrame, sentences: pd.DataFrame,
                  ontology: Ontology) -> pd.DataFrame:
    """Score the extractor and the co-mention baseline against the curated statements."""
    if curated.empty:
        return evaluate(curated, {}).astype({"n_gold": int})
    covered = sentences[sentences["article_id"].isin(set(curated["article_id"]))]
    baseline = baseline_statements(covered, ontology)
    return evaluate(curated, {"extractor": auto, "baseline": baseline})
