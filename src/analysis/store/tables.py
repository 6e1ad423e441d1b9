"""Write and read processed tables: schema-checked, sorted, atomic, byte-deterministic."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.store.atomic import atomic_path
from analysis.store.schemas import TABLE_SCHEMAS

__all__ = ["QUALITY_COLUMNS", "QUALITY_CSV", "read_table", "table_path", "validate_table", "write_table"]

# `make quality` writes its aggregate table beside the processed tables, for the report.
QUALITY_CSV = "quality.csv"
QUALITY_COLUMNS = ("corpus", "match", "relation", "method", "precision", "recall", "f1", "n_gold", "n_pred",
                   "n_match")


def table_path(out_dir: str | Path, name: str) -> Path:
    """Return the parquet path of a processed table."""
    return Path(out_dir) / f"{name}.parquet"


def validate_table(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Check a table against its pandera schema (all errors at once) and return it coerced."""
    schema = TABLE_SCHEMAS[name]
    return schema.validate(frame.reset_index(drop=True), lazy=True)


def write_table(name: str, frame: pd.DataFrame, out_dir: str | Path) -> Path:
    """Validate and write one table atomically (temp file, then rename)."""
    checked = validate_table(name, frame)
    path = table_path(out_dir, name)
    with atomic_path(path) as temp:
        checked.to_parquet(temp, index=False, compression="zstd")
    return path


def read_table(name: str, out_dir: str | Path) -> pd.DataFrame:
    """Read a processed table written by `write_table`."""
    return pd.read_parquet(table_path(out_dir, name))
