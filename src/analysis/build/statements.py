"""The combined `statements` table and its long (DNA-shaped) export, written row group by row group.

Curated statements win for the articles they cover; the automatic ones fill the rest. Both are in
article order, so each chunk of the automatic table is merged with the curated articles that sort
before its last article, and the output never holds more than one chunk (plus the curated layer).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from analysis.build.stream import TableWriter
from analysis.codebook import NEGATIVE_RELATIONS, STATEMENT_COLUMNS, sort_statements
from analysis.network.aggregate import statement_batches
from analysis.ontology import Ontology
from analysis.store.atomic import atomic_path
from analysis.store.long_export import long_export_csv
from analysis.store.tables import frame_from_arrow, statements_table

__all__ = ["combined_batches", "write_combined_statements", "write_long_export"]


def combined_batches(curated: pd.DataFrame, auto_batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """Merge the curated layer into the automatic batches (covered articles dropped), in article order."""
    pending = sort_statements(curated.copy()) if len(curated) else curated
    for batch in auto_batches:
        last = str(batch["article_id"].iloc[-1])
        before = pending[pending["article_id"].astype(str) <= last]
        pending = pending[pending["article_id"].astype(str) > last]
        yield sort_statements(pd.concat([before, batch], ignore_index=True)) if len(before) else batch
    if len(pending):
        yield pending


def write_combined_statements(curated: pd.DataFrame, auto_path: Path, articles: pd.DataFrame,
                              out_dir: Path) -> Path:
    """Write `statements` (what the report reads): the combined layer with outlet and date joined."""
    covered = set(curated["article_id"].astype(str))
    auto = statement_batches(auto_path, covered, columns=list(STATEMENT_COLUMNS))
    batches = combined_batches(curated, auto)
    writer = TableWriter("statements", out_dir)
    try:
        for batch in batches:
            writer.write(statements_table(batch.reset_index(drop=True), articles))
        return writer.close(statements_table(pd.DataFrame(columns=STATEMENT_COLUMNS), articles))
    except BaseException:
        writer.abort()
        raise


def write_long_export(statements_path: Path, ontology: Ontology, target: Path) -> Path:
    """Write the long export CSV from the `statements` table, one row group at a time."""
    negative = frozenset(NEGATIVE_RELATIONS)
    with atomic_path(target) as temp, open(temp, "w", encoding="utf-8", newline="") as handle:
        for n, frame in enumerate(_row_groups(statements_path)):
            handle.write(long_export_csv(frame, ontology, negative, header=n == 0))
    return target


def _row_groups(path: Path) -> Iterator[pd.DataFrame]:
    """Each row group of a parquet table in its in-memory form (one empty frame for an empty table)."""
    parquet = pq.ParquetFile(path)
    if parquet.num_row_groups == 0:
        yield frame_from_arrow(parquet.schema_arrow.empty_table())
    for group in range(parquet.num_row_groups):
        yield frame_from_arrow(parquet.read_row_group(group))
