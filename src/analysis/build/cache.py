"""The per-article cache: entries are data (compressed JSON behind a magic line and the SHA-256
of the payload), keyed by everything a result depends on, and checked on read. Any entry that
cannot be read is a miss. Entries are written atomically, so an interrupted build leaves only
complete entries behind.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from analysis.resources import package_dir
from analysis.store.atomic import write_bytes_atomically

__all__ = ["CACHE_MAGIC", "CACHE_SUFFIX", "cache_counts", "code_version", "entry_path", "read_entry",
           "write_entry"]

CACHE_SUFFIX = ".json.z"
CACHE_MAGIC = b"blame-report-cache-1 "


@lru_cache(maxsize=8)
def code_version(ontology_path: str | None = None) -> str:
    """Hash the package's code and data files (and a custom ontology): the cache's code key."""
    digest = hashlib.sha256()
    root = package_dir()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".py", ".csv", ".yaml")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    if ontology_path:
        digest.update(Path(ontology_path).read_bytes())
    return digest.hexdigest()[:16]


def entry_path(cache_dir: str | Path, *parts: str) -> Path:
    """Return the entry's path for a key made of `parts` (file name, bytes' SHA-256, narrator, code)."""
    key = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return Path(cache_dir) / key[:2] / f"{key}{CACHE_SUFFIX}"


def encode_entry(record: dict[str, Any]) -> bytes:
    """Serialise a record as data (JSON, compressed), behind a magic line and its payload's SHA-256."""
    payload = zlib.compress(json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)
    return CACHE_MAGIC + hashlib.sha256(payload).hexdigest().encode() + b"\n" + payload


def read_entry(path: Path) -> Any | None:
    """Read an entry's record; any failure (unreadable, wrong magic or checksum, not JSON) is None."""
    try:
        data = path.read_bytes()
        header, _, payload = data.partition(b"\n")
        checksum = hashlib.sha256(payload).hexdigest().encode()
        if not header.startswith(CACHE_MAGIC) or header[len(CACHE_MAGIC):] != checksum:
            return None
        return json.loads(zlib.decompress(payload).decode("utf-8"))
    except (OSError, ValueError, zlib.error):
        return None


def write_entry(path: Path, record: dict[str, Any]) -> None:
    """Write an entry atomically.

    Entries are checked on read, so they are not flushed to disk one by one (a torn entry
    after a power cut is a miss).
    """
    write_bytes_atomically(path, encode_entry(record), durable=False)


def cache_counts(results: Iterable[Any]) -> dict[str, int]:
    """Count cache hits and misses among processed (not skipped) results.

    `errors` counts the misses whose entry existed but could not be read (corrupt, tampered
    or from another article); they are among the misses.
    """
    processed = [r for r in results if not r.skip_reason]
    hits = sum(1 for r in processed if r.cache_status == "hit")
    errors = sum(1 for r in processed if r.cache_status == "error")
    return {"hits": hits, "misses": len(processed) - hits, "errors": errors}
