"""Read a user's CSV: strict UTF-8, fields up to a stated limit, every problem as `file:line`.

Also the one rule for CSV files the project writes for people to open in a spreadsheet:
text cells starting with `=`, `+`, `-`, `@`, a tab or a carriage return get a leading single
quote (OWASP CSV injection), and `unneutralise` takes it off again when such a file is read
back (`review import`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from analysis.errors import InputError, require_columns

__all__ = ["CSV_FIELD_LIMIT", "FORMULA_PREFIXES", "neutralise", "neutralise_frame", "read_csv_rows",
           "read_text_strict", "unneutralise"]

# A field may hold a whole article (evidence, sentences): twice the default article size cap.
CSV_FIELD_LIMIT = 10_000_000
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def read_text_strict(path: str | Path) -> str:
    """Read a file as strict UTF-8; a bad byte is an error naming the file and its line."""
    path = Path(path)
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        found = data[err.start : err.start + 4].hex(" ")
        raise InputError(path, "not valid UTF-8", line=line, expected="UTF-8 text",
                         found=f"bytes {found}") from None


def read_csv_rows(path: str | Path, required: Sequence[str]) -> tuple[list[str], list[tuple[int, dict]]]:
    """Return a CSV's column names and its (line number, row) pairs, checking required columns.

    A field longer than `CSV_FIELD_LIMIT` characters, or any other CSV syntax error, is an
    `InputError` naming the file and the line.
    """
    path = Path(path)
    reader = csv.DictReader(io.StringIO(read_text_strict(path), newline=""))
    previous = csv.field_size_limit(CSV_FIELD_LIMIT)
    try:
        fieldnames = list(reader.fieldnames or [])
        require_columns(path, fieldnames, required)
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as err:
        raise InputError(path, "not a readable CSV row", line=max(reader.reader.line_num, 1),
                         expected=f"fields of at most {CSV_FIELD_LIMIT:,} characters, quotes closed",
                         found=str(err)) from None
    finally:
        csv.field_size_limit(previous)
    return fieldnames, rows


def neutralise(value: object) -> object:
    """Prefix a text cell that a spreadsheet would run as a formula with a single quote.

    A cell that already starts with a quote gets one more, so `unneutralise` restores every
    cell exactly; numbers (int, float) are never touched.
    """
    if isinstance(value, str) and value.startswith((*FORMULA_PREFIXES, "'")):
        return "'" + value
    return value


def unneutralise(value: str) -> str:
    """Undo `neutralise` on a cell read back from a file the project wrote."""
    if value.startswith("'") and value[1:].startswith((*FORMULA_PREFIXES, "'")):
        return value[1:]
    return value


def neutralise_frame(frame, text_columns: Iterable[str] | None = None):  # noqa: ANN001, ANN201 - pandas
    """A copy of `frame` whose text (object) columns are neutralised; numbers untouched."""
    out = frame.copy()
    columns = text_columns if text_columns is not None else [
        c for c in out.columns if out[c].dtype == object or str(out[c].dtype) in ("string", "str")]
    for column in columns:
        out[column] = out[column].map(neutralise)
    return out
