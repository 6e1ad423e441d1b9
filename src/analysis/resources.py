"""Locate the package's own data files (lexicons, default ontology, templates)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

import yaml

__all__ = ["data_path", "load_yaml", "package_dir", "template_dir"]


def package_dir() -> Path:
    """Return the folder of the installed `analysis` package (resolved)."""
    return Path(str(resources.files("analysis"))).resolve()


def data_path(name: str) -> Path:
    """Return the path of a file shipped in `analysis/data`."""
    return Path(str(resources.files("analysis") / "data" / name))


def template_dir() -> Path:
    """Return the folder of the nbconvert templates shipped with the package."""
    return Path(str(resources.files("analysis") / "templates"))


@cache
def load_yaml(name: str) -> Any:
    """Load a YAML file shipped in `analysis/data` (cached: lexicons are read once).

    A lexicon may name its character windows in a top-level `windows` mapping; `${name}` in
    any string of the file is replaced by that window's number, so a pattern says what a bare
    `{0,60}` means and every pattern sharing a window changes together.
    """
    with data_path(name).open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if isinstance(data, dict) and isinstance(data.get("windows"), dict):
        data = _fill_windows(data, {key: str(value) for key, value in data["windows"].items()})
    return data


def _fill_windows(value: Any, windows: dict[str, str]) -> Any:
    if isinstance(value, str):
        return Template(value).safe_substitute(windows)
    if isinstance(value, list):
        return [_fill_windows(item, windows) for item in value]
    if isinstance(value, dict):
        return {key: _fill_windows(item, windows) for key, item in value.items()}
    return value
