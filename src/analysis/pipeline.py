"""Build the processed tables from a raw folder (the scalable part of the product)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from analysis.ingest import ingest_corpus
from analysis.tables import write_table

__all__ = ["BuildSettings", "build_processed"]


@dataclass(frozen=True)
class BuildSettings:
    """Inputs and outputs of one build."""

    raw_dir: Path
    processed_dir: Path
    metadata: Path | None = None


def build_processed(settings: BuildSettings) -> dict[str, Path]:
    """Ingest the raw folder and write every processed table; return the written paths."""
    corpus = ingest_corpus(settings.raw_dir, settings.metadata)
    written = {}
    for name, frame in corpus.as_tables().items():
        written[name] = write_table(name, frame, settings.processed_dir)
    return written
