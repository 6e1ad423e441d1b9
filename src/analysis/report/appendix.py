"""Tables for section 08, the appendix: inputs, parameters, software versions."""

from __future__ import annotations

import platform
from importlib import metadata

import pandas as pd

__all__ = ["inputs_table", "parameters_table", "versions_table"]

_VERSIONED = ("pandas", "networkx", "matplotlib", "papermill", "nbconvert", "pandera", "langdetect",
              "dask", "blame-report")


def inputs_table(articles: pd.DataFrame) -> pd.DataFrame:
    """Show the input articles with their SHA-256."""
    return pd.DataFrame({"Article": articles["file_name"], "SHA-256": articles["sha256"]})


def parameters_table(**parameters: str) -> pd.DataFrame:
    """Show the report's parameters."""
    return pd.DataFrame([(k, v if v != "" else "(empty)") for k, v in parameters.items()],
                        columns=["Parameter", "Value"])


def versions_table() -> pd.DataFrame:
    """Show Python and the main package versions."""
    rows = [("python", platform.python_version())]
    rows += [(name, metadata.version(name)) for name in _VERSIONED]
    return pd.DataFrame(rows, columns=["Package", "Version"])
