"""Write files atomically: into a temporary file beside the target, then rename it into place.

A reader (or a build that is interrupted half-way) sees either the old file or the new
one, never a partial file; the temporary file is removed if writing fails. The data is
flushed to disk (fsync) before the rename, and the file gets the mode the umask allows
(as `open` would give it), not the private mode of a temporary file.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["atomic_path", "fsync_path", "umask_mode", "write_bytes_atomically", "write_text_atomically"]


def umask_mode(mode: int = 0o666) -> int:
    """Return `mode` with the process umask applied."""
    current = os.umask(0o022)
    os.umask(current)
    return mode & ~current


def fsync_path(path: str | Path) -> None:
    """Flush a written file's data to disk."""
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


@contextmanager
def atomic_path(target: str | Path, durable: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it replaces `target`.

    `durable=False` skips the fsync, for files that are checked on read (cache entries).
    """
    target = Path(target)
    _refuse_special(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    try:
        try:
            yield Path(temp)
            os.chmod(temp, umask_mode())
            if durable:
                fsync_path(temp)
        except OSError as err:
            if err.filename is None or err.filename == temp:  # name the file the user asked for
                raise OSError(err.errno, err.strerror or str(err), str(target)) from err
            raise
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.remove(temp)


def _refuse_special(target: Path) -> None:
    """Only a regular file (or a new name) is replaced: never a folder, a device or a FIFO."""
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file to write", str(target))
    if not stat.S_ISREG(mode):
        raise OSError(errno.EINVAL, "not a regular file (a device, FIFO or socket); refusing to replace it",
                      str(target))


def write_bytes_atomically(target: str | Path, data: bytes, durable: bool = True) -> Path:
    """Write bytes to `target` atomically and return its path."""
    with atomic_path(target, durable) as temp:
        temp.write_bytes(data)
    return Path(target)


def write_text_atomically(target: str | Path, text: str) -> Path:
    """Write UTF-8 text to `target` atomically and return its path."""
    return write_bytes_atomically(target, text.encode("utf-8"))
