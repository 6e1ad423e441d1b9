"""One error type for bad user input, rendered as a single line."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

__all__ = ["BuildError", "InputError", "require_columns", "require_frame_columns"]


class BuildError(Exception):
    """A build step failed; the message is one line naming the notebook and the cell."""


class InputError(Exception):
    """Bad user input: a file, a line or field, what was expected and what was found."""

    def __init__(
        self,
        path: str | Path,
        problem: str,
        *,
        line: int | None = None,
        field: str | None = None,
        expected: str | None = None,
        found: str | None = None,
    ) -> None:
        self.path = str(path)
        self.line = line
        self.field = field
        self.problem = problem
        self.expected = expected
        self.found = found
        super().__init__(self.one_line())

    def __reduce__(self):  # noqa: ANN204 - the pickle protocol's tuple
        """Pickle with every field, so the error crosses a process boundary (pool, Dask) intact."""
        return (_rebuild_input_error, (type(self), self.path, self.problem, self.line, self.field,
                                       self.expected, self.found))

    def one_line(self) -> str:
        """Return the message as one line: `file:line: field: problem (expected …, found …)`."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        parts = [where]
        if self.field:
            parts.append(self.field)
        detail = self.problem
        extras = []
        if self.expected is not None:
            extras.append(f"expected {self.expected}")
        if self.found is not None:
            extras.append(f"found {_shorten(self.found)}")
        if extras:
            detail += f" ({', '.join(extras)})"
        parts.append(detail)
        return ": ".join(parts).replace("\n", " ")


def _rebuild_input_error(cls: type[InputError], path: str, problem: str, line: int | None,
                         field: str | None, expected: str | None, found: str | None) -> InputError:
    return cls(path, problem, line=line, field=field, expected=expected, found=found)


def require_columns(path: str | Path, fieldnames: Sequence[str] | None, required: Sequence[str]) -> None:
    """Fail on line 1 of a CSV that lacks a required column, naming the first one missing."""
    found = list(fieldnames or [])
    missing = [c for c in required if c not in found]
    if missing:
        raise InputError(path, "missing column", line=1, field=missing[0],
                         expected=",".join(required), found=",".join(found))


def require_frame_columns(frame: Any, columns: Iterable[str], name: str) -> None:
    """Fail in one line when a table passed to an analysis function lacks a column it needs."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks column(s) {', '.join(missing)}; expected the {name} table")


def _shorten(value: str, limit: int = 80) -> str:
    text = repr(value) if not isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…'"
