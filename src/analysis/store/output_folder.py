"""Output folders that a build may write without ever losing data it did not create.

The rules, for the processed folder and the reports folder alike:

- refuse a folder that equals or contains a protected path (the raw folder, the curated
  file, the package source, the project root) or lies inside the raw folder or the package;
- refuse a non-empty folder that no build created: a build marks its folder with a marker
  file; an unmarked folder holding only what a build writes is adopted (marked);
- one build at a time per folder (an exclusive `flock` on `FOLDER/.lock`; readers take a
  shared one), staging in a uniquely named folder inside the output folder (so symlinks and
  mount points work), and publishing file by file with a journal, so an interrupted publish is
  rolled forward by the next run and a reader never sees a half-published set;
- nothing is ever removed except the build's own staging folders.
"""

from __future__ import annotations

import fcntl
import json
import math
import os
import secrets
import shutil
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import InputError
from analysis.faults import stop_point
from analysis.resources import package_dir
from analysis.store.atomic import fsync_path, write_text_atomically

__all__ = [
    "PROCESSED",
    "REPORTS",
    "FolderKind",
    "check_output_folder",
    "clean_folder",
    "locked",
    "project_root",
    "protected_paths",
    "publish",
    "recover",
    "require_published",
    "staging_folder",
]

LOCK_NAME = ".lock"
JOURNAL_NAME = ".publishing"
STAGING_PREFIX = ".staging-"
LOCK_TIMEOUT_ENV = "ANALYSIS_LOCK_TIMEOUT"


@dataclass(frozen=True)
class FolderKind:
    """One kind of output folder: its marker file and what a build of that kind writes."""

    label: str
    marker: str
    is_output: Callable[[Path], bool]


def _is_processed_output(entry: Path) -> bool:
    from analysis.store.schemas import TABLE_SCHEMAS
    from analysis.store.tables import QUALITY_CSV

    names = {f"{name}.parquet" for name in TABLE_SCHEMAS}
    names |= {"extraction_quality.csv", "build_log.json", QUALITY_CSV, "statements_long.csv"}
    if entry.is_dir() and not entry.is_symlink():
        return entry.name in ("graph", "cache")
    return entry.name in names


def _is_report_output(entry: Path) -> bool:
    if entry.is_dir() and not entry.is_symlink():
        return entry.name.endswith("_notebooks")
    stem, suffix = entry.stem, entry.suffix
    evidence = stem.startswith("evidence") and suffix == ".csv"
    manifest = stem.startswith("manifest") and suffix == ".json"
    return suffix in (".html", ".pdf", ".log") or evidence or manifest


PROCESSED = FolderKind("processed", ".blame-report-processed", _is_processed_output)
REPORTS = FolderKind("reports", ".blame-report-reports", _is_report_output)
KINDS = (PROCESSED, REPORTS)


def project_root() -> Path | None:
    """Return the checkout this package is installed from (editable install), if any."""
    candidate = package_dir().parents[1]
    return candidate if (candidate / "pyproject.toml").exists() else None


def protected_paths(*inputs: tuple[str, Path | None]) -> list[tuple[str, Path]]:
    """Return (label, resolved path) for the labelled inputs, the package source and the project root."""
    protected = [(label, Path(p).resolve()) for label, p in inputs if p is not None]
    protected.append(("the package source", package_dir()))
    root = project_root()
    if root is not None:
        protected.append(("the project root", root))
    return protected


def check_output_folder(folder: Path, kind: FolderKind, protected: Iterable[tuple[str, Path]],
                        raw_dir: Path | None = None, outside: Iterable[tuple[str, Path]] = ()) -> Path:
    """Refuse a dangerous output folder (one-line InputError); return it resolved, created and marked.

    `outside` names further folders it may not lie in (the reports folder may not lie inside the
    processed folder, whose next build would refuse the foreign entry).
    """
    resolved = Path(folder).resolve()
    package = package_dir()
    for label, path in protected:
        if resolved == path or path.is_relative_to(resolved):
            what = "is" if resolved == path else "contains"
            raise InputError(folder, f"refusing to write the {kind.label} folder here: it {what} {label} "
                                     f"{path}")
    for inside, label in ((raw_dir, "the raw folder"), (package, "the package source"),
                          *((path, name) for name, path in outside)):
        if inside is not None and resolved.is_relative_to(Path(inside).resolve()):
            raise InputError(folder, f"refusing to write the {kind.label} folder inside {label}")
    if resolved.exists() and not resolved.is_dir():
        raise InputError(folder, f"the {kind.label} folder is not a folder")
    _check_ownership(folder, resolved, kind)
    resolved.mkdir(parents=True, exist_ok=True)
    marker = resolved / kind.marker
    if not marker.exists():
        write_text_atomically(marker, f"written by blame-report: a {kind.label} folder\n")
    return resolved


def _check_ownership(folder: Path, resolved: Path, kind: FolderKind) -> None:
    """A non-empty folder must carry this kind's marker or hold only what such a build writes."""
    if not resolved.exists():
        return
    for other in KINDS:
        if other is not kind and (resolved / other.marker).exists():
            raise InputError(folder, f"refusing to write the {kind.label} folder here: it is a "
                                     f"{other.label} folder")
    if (resolved / kind.marker).exists():
        return
    foreign = sorted(entry.name for entry in resolved.iterdir()
                     if not entry.name.startswith(".") and not kind.is_output(entry))
    if foreign:
        raise InputError(folder, f"refusing to write the {kind.label} folder here: it holds files no build "
                                 f"wrote, e.g. {foreign[0]!r} (use an empty or new folder)")


@contextmanager
def locked(folder: Path, shared: bool = False, timeout: float | None = None) -> Iterator[None]:
    """Hold the folder's lock (exclusive for a build, shared for a reader), waiting if needed.

    `timeout` (seconds; default from ANALYSIS_LOCK_TIMEOUT, else wait as long as it takes)
    bounds the wait; past it the run ends with a one-line error.
    """
    if timeout is None and os.environ.get(LOCK_TIMEOUT_ENV):
        timeout = float(os.environ[LOCK_TIMEOUT_ENV])
    path = Path(folder) / LOCK_NAME
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        _acquire(handle, path, fcntl.LOCK_SH if shared else fcntl.LOCK_EX, timeout)
        if not shared:
            os.ftruncate(handle, 0)
            os.write(handle, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(handle)  # closing releases the lock


def _acquire(handle: int, path: Path, mode: int, timeout: float | None) -> None:
    """Take the lock; when another run holds it, say so once, then wait (up to `timeout`)."""
    deadline: float | None = None
    while True:
        try:
            fcntl.flock(handle, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        holder = Path(path).read_text(encoding="utf-8", errors="replace").strip() or "unknown"
        if deadline is None:
            if timeout is not None and timeout <= 0:
                raise InputError(path.parent, f"another build or report is using this folder (pid {holder}); "
                                              "try again when it has finished")
            print(f"waiting for another build or report on {path.parent} (pid {holder}) to finish",
                  file=sys.stderr)
            deadline = math.inf if timeout is None else time.monotonic() + timeout
        elif time.monotonic() > deadline:
            raise InputError(path.parent, f"gave up waiting {timeout:g} s for another build or report "
                                          f"on this folder (pid {holder})")
        time.sleep(0.1)


@contextmanager
def staging_folder(folder: Path) -> Iterator[Path]:
    """Yield a new, uniquely named staging folder inside `folder`; remove it afterwards."""
    staging = Path(folder) / f"{STAGING_PREFIX}{os.getpid()}-{secrets.token_hex(4)}"
    staging.mkdir()
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def publish(staging: Path, folder: Path, expected: Iterable[str]) -> list[Path]:
    """Move every file of a complete staging folder into `folder`, journalled; return the targets.

    `expected` names the files (relative paths) a complete build writes; a missing one stops
    the publish before anything moves. Files in `folder` that the staging folder does not
    hold are left alone.
    """
    staged = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
    missing = sorted(set(expected) - set(staged))
    if missing:
        raise InputError(staging, f"incomplete build, not published: {missing[0]} missing")
    for name in staged:
        fsync_path(staging / name)
    write_text_atomically(Path(folder) / JOURNAL_NAME, json.dumps({"staging": staging.name}) + "\n")
    targets = _move_files(staging, Path(folder))
    (Path(folder) / JOURNAL_NAME).unlink()
    return targets


def _move_files(staging: Path, folder: Path) -> list[Path]:
    targets = []
    for n, source in enumerate(sorted(p for p in staging.rglob("*") if p.is_file())):
        stop_point("publish", n)
        target = folder / source.relative_to(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
        targets.append(target)
    return targets


def recover(folder: Path) -> None:
    """Under the exclusive lock: finish an interrupted publish, remove dead runs' staging folders."""
    folder = Path(folder)
    journal = folder / JOURNAL_NAME
    if journal.exists():
        try:
            name = json.loads(journal.read_text(encoding="utf-8"))["staging"]
        except (ValueError, KeyError, TypeError):
            name = ""
        staging = folder / name
        if name.startswith(STAGING_PREFIX) and "/" not in name and staging.is_dir():
            _move_files(staging, folder)
        journal.unlink()
    for leftover in folder.glob(f"{STAGING_PREFIX}*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


def clean_folder(folder: Path, kind: FolderKind, protected: Iterable[tuple[str, Path]]) -> int:
    """Remove what builds of this kind wrote in `folder` (never anything else); return the count."""
    if not Path(folder).exists():
        return 0
    resolved = check_output_folder(folder, kind, protected)
    removed = 0
    with locked(resolved):
        recover(resolved)
        for entry in sorted(resolved.iterdir()):
            if entry.name.startswith(".") or not kind.is_output(entry):
                continue
            if entry.is_dir():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed += 1
    return removed


def require_published(folder: Path) -> None:
    """Refuse to read a folder whose last publish was interrupted (the next build completes it)."""
    if (Path(folder) / JOURNAL_NAME).exists():
        raise InputError(folder, "a build was interrupted while publishing its tables; run the build again")
