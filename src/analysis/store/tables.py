"""Write and read processed tables: schema-checked, sorted, atomic, byte-deterministic.

At the parquet boundary, and only there: offsets are named `start_offset`/`end_offset`
(`end` needs quoting in SQL), code columns (those the schema limits to a list) are
dictionary-encoded, and datetime columns are stored as DATE. `read_table` turns all three
back, so frames in memory keep `start`/`end` and plain strings.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.store.atomic import atomic_path
from analysis.store.schemas import TABLE_SCHEMAS

__all__ = ["INTERVAL_DRAWS", "INTERVAL_SEED", "OFFSET_NAMES", "QUALITY_COLUMNS", "QUALITY_CSV", "arrow_table",
           "code_columns", "frame_from_arrow", "parquet_columns", "published_dates", "read_table",
           "statements_table", "table_path", "validate_table", "write_table"]

# `make quality` writes its aggregate table beside the processed tables, for the report.
QUALITY_CSV = "quality.csv"
QUALITY_COLUMNS = ("corpus", "match", "relation", "method", "precision", "recall", "f1", "n_gold", "n_pred",
                   "n_match", "f1_low", "f1_high")
INTERVAL_DRAWS = 2000  # article resamples behind each F1 interval (f1_low, f1_high)
INTERVAL_SEED = 0  # fixed: the same inputs give the same interval
OFFSET_NAMES = {"start": "start_offset", "end": "end_offset"}
_ARTICLE_COLUMNS = ("outlet", "outlet_name", "published", "published_precision", "published_date")


def table_path(out_dir: str | Path, name: str) -> Path:
    """Return the parquet path of a processed table."""
    return Path(out_dir) / f"{name}.parquet"


def code_columns(name: str) -> tuple[str, ...]:
    """The columns of table `name` whose schema allows only listed values (stored dictionary-encoded)."""
    schema = TABLE_SCHEMAS[name].to_schema()
    return tuple(c for c, column in schema.columns.items()
                 if any(check.name == "isin" for check in column.checks))


def published_dates(published_sort: pd.Series, precision: pd.Series) -> pd.Series:
    """Typed dates from the sortable prefix: the period's first day; NaT when none or month_day."""
    padded = {"year": "-01-01", "month": "-01", "day": ""}
    text = [s + padded[p] if p in padded and s else None
            for s, p in zip(published_sort.astype(str), precision.astype(str), strict=True)]
    return pd.to_datetime(pd.Series(text, index=published_sort.index, dtype="object"), format="%Y-%m-%d")


def _with_typed_dates(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    if name != "articles" or "published_date" in frame.columns:
        return frame
    frame = frame.copy()
    at = list(frame.columns).index("published_sort") + 1
    frame.insert(at, "published_date", published_dates(frame["published_sort"], frame["published_precision"]))
    return frame


def statements_table(combined: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """The combined `statements` table: the chosen statements with their article's outlet and date."""
    meta = _with_typed_dates("articles", articles)[["article_id", *_ARTICLE_COLUMNS]]
    joined = combined.reset_index(drop=True).merge(meta, on="article_id", how="left", validate="many_to_one")
    text = _ARTICLE_COLUMNS[:4]
    return joined.fillna({c: "" for c in text}).astype({c: "str" for c in text})


def validate_table(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Check a table against its pandera schema (all errors at once) and return it coerced."""
    schema = TABLE_SCHEMAS[name]
    return schema.validate(_with_typed_dates(name, frame).reset_index(drop=True), lazy=True)


def arrow_table(name: str, frame: pd.DataFrame) -> pa.Table:
    """The parquet form: offsets renamed, code columns dictionary-encoded, datetimes as DATE."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    codes = set(code_columns(name))
    fields, arrays = [], []
    for field, array in zip(table.schema, table.columns, strict=True):
        if field.name in codes:
            array = array.dictionary_encode()
        elif pa.types.is_timestamp(field.type):
            array = array.cast(pa.date32())
        fields.append(pa.field(OFFSET_NAMES.get(field.name, field.name), array.type, field.nullable))
        arrays.append(array)
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def write_table(name: str, frame: pd.DataFrame, out_dir: str | Path) -> Path:
    """Validate and write one table atomically (temp file, then rename)."""
    checked = validate_table(name, frame)
    path = table_path(out_dir, name)
    with atomic_path(path) as temp:
        pq.write_table(arrow_table(name, checked), temp, compression="zstd")
    return path


def read_table(name: str, out_dir: str | Path) -> pd.DataFrame:
    """Read a processed table written by `write_table`: `start`/`end`, plain strings, datetime64 dates."""
    return frame_from_arrow(pq.read_table(table_path(out_dir, name)))


def frame_from_arrow(table: pa.Table) -> pd.DataFrame:
    """The in-memory form of (part of) a parquet table: `start`/`end`, plain strings, datetime64 dates."""
    plain = pa.schema([pa.field(f.name, f.type.value_type if pa.types.is_dictionary(f.type) else f.type)
                       for f in table.schema])
    frame = table.cast(plain).to_pandas(date_as_object=False)
    return frame.rename(columns={new: old for old, new in OFFSET_NAMES.items()})


def parquet_columns(columns: list[str]) -> list[str]:
    """The names `columns` have in the parquet files (offsets renamed)."""
    return [OFFSET_NAMES.get(c, c) for c in columns]
