"""The package's layers: the text layer never imports the report layer, plotting or IPython, and
the build worker starts without them."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

PACKAGE = REPO / "src" / "analysis"
# A layer may import only the layers listed for it (and itself), never one above it.
ALLOWED = {
    "store": {"store"},
    "text": {"text", "store"},
    "build": {"build", "text", "store", "curation", "network"},
    "curation": {"curation", "text", "store"},
    "network": {"network", "store"},
    "measures": {"measures", "text", "store"},
    "report": {"report", "measures", "network", "curation", "text", "store", "build"},
}
FORBIDDEN_IN_TEXT = ("matplotlib", "IPython", "nbformat", "nbconvert", "papermill")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_each_layer_imports_only_the_layers_below_it(layer):
    wrong = sorted(
        f"{path.relative_to(PACKAGE)} imports {module}"
        for path in (PACKAGE / layer).glob("*.py") for module in _imports(path)
        if module.startswith("analysis.") and module.split(".")[1] in ALLOWED
        and module.split(".")[1] not in ALLOWED[layer]
    )
    assert wrong == []


def test_the_text_layer_imports_no_plotting_or_notebook_code():
    wrong = sorted(f"{path.name} imports {module}" for path in (PACKAGE / "text").glob("*.py")
                   for module in _imports(path) if module.split(".")[0] in FORBIDDEN_IN_TEXT)
    assert wrong == []


def test_extracting_a_folder_never_loads_matplotlib_or_ipython(tmp_path):
    out = tmp_path / "statements.csv"
    result = subprocess.run([sys.executable, "-X", "importtime", "-m", "analysis", "extract", "--raw-dir",
                             str(REPO / "data" / "raw"), "--out", str(out)], cwd=REPO, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    timings = [line for line in result.stderr.splitlines() if line.startswith("import time:")]
    loaded = {line.split("|")[-1].strip() for line in timings}
    assert {m for m in loaded if m.split(".")[0] in ("matplotlib", "IPython")} == set()
    assert {m for m in loaded if m.startswith("analysis.report")} == set()
    assert "analysis.text.extract" in loaded
