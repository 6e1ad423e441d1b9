"""The build stamp: what the raw folder and the other inputs looked like when the build ran.

`make` asks `python -m analysis stale` whether the processed tables are out of date instead
of listing raw files as prerequisites, so any file name (spaces, colons, `#`, `$(`) works.
The stamp records each raw-folder entry's name, type, size and modification time (as `make`
would compare them) and the same for each extra input (the curated file).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

from analysis.store.atomic import write_text_atomically

__all__ = ["fingerprint", "folder_inputs", "stale_reason", "write_stamp"]


def _entry(path: Path) -> list:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return ["missing"]
    return [oct(info.st_mode), info.st_size, info.st_mtime_ns]


def folder_inputs(folder: str | Path) -> list[Path]:
    """Every file under `folder` (subfolders included), sorted: an extra raw folder as inputs."""
    root = Path(folder)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]


def fingerprint(raw_dir: str | Path, inputs: Sequence[str | Path] = ()) -> dict:
    """Name, type, size and mtime of every raw-folder entry and of each extra input."""
    raw = Path(raw_dir)
    entries = {p.name: _entry(p) for p in sorted(raw.iterdir())} if raw.is_dir() else {}
    return {"raw": entries, "inputs": {str(p): _entry(Path(p)) for p in inputs}}


def stale_reason(stamp: str | Path, raw_dir: str | Path, inputs: Sequence[str | Path] = ()) -> str | None:
    """None when the stamp matches the inputs; otherwise what changed, in a few words."""
    try:
        recorded = json.loads(Path(stamp).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "no readable build stamp"
    now = fingerprint(raw_dir, inputs)
    if not isinstance(recorded, dict):
        return "no readable build stamp"
    for section in ("raw", "inputs"):
        old, new = recorded.get(section, {}), now[section]
        changed = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
        if changed:
            return f"{section}: {len(changed)} changed, first {changed[0]!r}"
    return None


def write_stamp(stamp: str | Path, raw_dir: str | Path, inputs: Sequence[str | Path] = ()) -> Path:
    """Record the inputs as they are now."""
    return write_text_atomically(stamp, json.dumps(fingerprint(raw_dir, inputs), sort_keys=True) + "\n")
