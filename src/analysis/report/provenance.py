"""Provenance of a report: input hashes, parameters, versions, git commit, output hashes."""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path

from analysis.store.atomic import write_text_atomically

__all__ = ["file_sha256", "git_commit", "package_versions", "write_manifest"]

_PACKAGES = ("blame-report", "pandas", "pyarrow", "pandera", "networkx", "matplotlib", "papermill",
             "nbconvert", "nbclient", "ipykernel", "langdetect", "dask", "distributed")


def file_sha256(path: Path) -> str:
    """Return the SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def git_commit(cwd: Path) -> str:
    """Return the current git commit, or `unknown` outside a repository."""
    try:
        result = subprocess.run(["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, text=True,
                                timeout=10, check=True)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return result.stdout.strip()


def package_versions() -> dict[str, str]:
    """Return Python's and the main packages' versions."""
    versions = {"python": platform.python_version()}
    for name in _PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def _hashes(paths: Iterable[Path], root: Path) -> dict[str, str]:
    found = {}
    for path in sorted(p for p in paths if p.is_file()):
        key = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
        found[key] = file_sha256(path)
    return found


def write_manifest(target: Path, inputs: Iterable[Path], outputs: Iterable[Path],
                   parameters: Mapping[str, str], cwd: Path) -> Path:
    """Write the manifest as sorted JSON (paths relative to the working folder)."""
    root = cwd.resolve()
    manifest = {
        "git_commit": git_commit(cwd),
        "parameters": dict(sorted(parameters.items())),
        "versions": package_versions(),
        "inputs": _hashes((p.resolve() for p in inputs), root),
        "outputs": _hashes((p.resolve() for p in outputs), root),
    }
    return write_text_atomically(target, json.dumps(manifest, indent=1, sort_keys=True) + "\n")
