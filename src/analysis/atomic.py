"""Write files atomically: into a temporary file beside the target, then rename it into place.

A reader (or a build that is interrupted half-way) sees either the old file or the new
one, never a partial file; the temporary file is removed if writing fails.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["atomic_path", "write_bytes_atomically", "write_text_atomically"]


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target`."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    try:
        yield Path(temp)
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.remove(temp)


def write_bytes_atomically(target: str | Path, data: bytes) -> Path:
    """Write bytes to `target` atomically and return its path."""
    with atomic_path(target) as temp:
        temp.write_bytes(data)
    return Path(target)


def write_text_atomically(target: str | Path, text: str) -> Path:
    """Write UTF-8 text to `target` atomically and return its path."""
    return write_bytes_atomically(target, text.encode("utf-8"))
