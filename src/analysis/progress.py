"""One progress mechanism for long runs: a tqdm bar on stderr, off when stderr is not a
terminal or when the user asked for quiet (`-q`). Builds (local pool and Dask) and report
rendering all go through `progress`."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

__all__ = ["progress", "progress_wanted"]

T = TypeVar("T")


def progress_wanted(quiet: bool = False) -> bool:
    """Whether to draw a bar: not quiet, and stderr is a terminal."""
    return not quiet and sys.stderr.isatty()


def progress(items: Iterable[T], *, total: int | None = None, desc: str = "",
             enabled: bool = False, unit: str = "article") -> Iterator[T]:
    """Yield `items` unchanged, drawing a bar on stderr when `enabled`."""
    if not enabled:
        yield from items
        return
    with tqdm(items, total=total, desc=desc, unit=unit, file=sys.stderr, leave=False,
              dynamic_ncols=True) as bar:
        yield from bar
