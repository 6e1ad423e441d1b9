"""Write a report notebook from a compact cell list (used by maintainers, not by the build).

Usage: `write_notebook(path, [("md", "..."), ("params", "..."), ("code", "..."), ("hidden", "...")])`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

KERNELSPEC = {"name": "blame-report", "display_name": "Python (blame-report)", "language": "python"}


def write_notebook(path: str | Path, cells: list[tuple[str, str]]) -> None:
    """Write a notebook without outputs.

    `params` cells are tagged `parameters`; `hidden` code and `note` markdown cells are
    tagged `remove-cell` (kept for notebook users, left out of the rendered report).
    """
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = KERNELSPEC
    nb.metadata["language_info"] = {"name": "python"}
    for index, (kind, source) in enumerate(cells, start=1):
        source = source.strip("\n")
        if kind in ("md", "note"):
            cell = nbformat.v4.new_markdown_cell(source)
            if kind == "note":
                cell.metadata["tags"] = ["remove-cell"]
        else:
            cell = nbformat.v4.new_code_cell(source)
            tags = {"params": ["parameters"], "hidden": ["remove-cell"]}.get(kind, [])
            if tags:
                cell.metadata["tags"] = tags
        cell["id"] = f"cell-{index:03d}"
        nb.cells.append(cell)
    nbformat.write(nb, str(path))


if __name__ == "__main__":
    sys.exit("import write_notebook from this module")
