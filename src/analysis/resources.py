"""Locate the package's own data files (lexicons, default ontology, templates)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

__all__ = ["data_path", "load_yaml", "template_dir"]


def data_path(name: str) -> Path:
    """Return the path of a file shipped in `analysis/data`."""
    return Path(str(resources.files("analysis") / "data" / name))


def template_dir() -> Path:
    """Return the folder of the nbconvert templates shipped with the package."""
    return Path(str(resources.files("analysis") / "templates"))


@cache
def load_yaml(name: str) -> Any:
    """Load a YAML file shipped in `analysis/data` (cached: lexicons are read once)."""
    with data_path(name).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)
