"""Generate `docs/data_dictionary.md` from the pandera schemas, so it cannot drift."""

from __future__ import annotations

from analysis.store.schemas import TABLE_SCHEMAS

__all__ = ["render_data_dictionary"]

_HEADER = """# Data dictionary

Generated from the pandera schemas in `src/analysis/schemas.py` by
`python -m analysis dictionary --out docs/data_dictionary.md` (`make dictionary`).
Do not edit by hand: a test fails when this file is stale.
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
