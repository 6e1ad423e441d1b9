"""Generate `docs/data_dictionary.md` from the pandera schemas, so it cannot drift."""

from __future__ import annotations

from analysis.store.schemas import TABLE_SCHEMAS

__all__ = ["render_data_dictionary"]

_HEADER = """# Data dictionary

Generated from the pandera schemas in `src/analysis/store/schemas.py` by
`python -m analysis dictionary --out docs/data_dictionary.md` (`make dictionary`).
Do not edit by hand: a test fails when this file is stale.

## CSV files and spreadsheets

The parquet tables keep every text exactly. The CSV files written for people to open in a
spreadsheet — `reports/evidence*.csv`, the `review export` and `review unresolved` files, the
graph node and edge CSVs and `blame_<level>_metrics.csv` in `graph/`, `extraction_quality.csv`
and the `evaluate --out` scores — neutralise
formula injection (OWASP): a text cell that starts with `=`, `+`, `-`, `@`, a tab or a
carriage return gets a leading single quote (`'=1+1`), and so does a text cell that already
starts with a quote, so the change can be undone exactly. Numeric columns are never changed
(a net balance of `-3` stays `-3`). To recover the exact text, drop one leading `'` from a
text cell whose rest starts with one of those characters or a quote; `review import` (and
`validate` on a review file) does so. `extract --out` and the curated statements CSV are
not for spreadsheets and keep the exact text, so offsets slice it.
"""


def render_data_dictionary() -> str:
    """Return the data dictionary as Markdown: one `Column | Type | Description` table per table."""
    parts = [_HEADER]
    for name, model in TABLE_SCHEMAS.items():
        schema = model.to_schema()
        parts.append(f"\n## `{name}.parquet`\n\n{(model.__doc__ or '').strip()}\n")
        parts.append("| Column | Type | Description |\n| --- | --- | --- |")
        for column_name, column in schema.columns.items():
            description = (column.description or "").replace("|", "\\|")
            parts.append(f"| `{column_name}` | {_type_name(column.dtype)} | {description} |")
    return "\n".join(parts) + "\n"


def _type_name(dtype: object) -> str:
    text = str(dtype)
    return {"string[pyarrow]": "string", "str": "string"}.get(text, text)
