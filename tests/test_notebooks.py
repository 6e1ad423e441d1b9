"""Notebooks are committed clean, parameterised and thin."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from tests.conftest import REPO, run_cli

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def test_there_are_numbered_notebooks():
    assert NOTEBOOKS and all(p.name[:2].isdigit() for p in NOTEBOOKS)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_no_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: strip outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_one_tagged_parameters_cell_with_the_shared_parameters(path):
    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    for name in ("raw_dir", "processed_dir", "report_title"):
        assert f"{name}: str = " in tagged[0].source


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_cells_stay_thin(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            logic = [ln for ln in cell.source.splitlines() if ln.strip() and not ln.strip().startswith("#")]
            assert len(logic) <= 15, f"{path.name}: a cell this long belongs in src/analysis"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_markdown_cells_hold_no_digits_so_every_number_is_computed(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            assert not any(ch.isdigit() for ch in cell.source), f"{path.name}: {cell.source[:60]!r}"


@pytest.mark.build
def test_a_notebook_runs_from_inside_the_notebooks_folder_as_jupyterlab_runs_it(tmp_path):
    """`jupyter nbconvert --execute` from notebooks/, with the literal parameters (data/processed)."""
    run_cli("build")  # the checkout's default processed folder, which the parameters name
    jupyter = Path(sys.executable).with_name("jupyter")
    result = subprocess.run(
        [str(jupyter), "nbconvert", "--to", "notebook", "--execute",
         "--ExecutePreprocessor.kernel_name=blame-report", "--output-dir", str(tmp_path),
         "03_who_blames_whom.ipynb"],
        cwd=REPO / "notebooks", capture_output=True, text=True, timeout=600,
        env={k: v for k, v in os.environ.items() if k != "ANALYSIS_BASE_DIR"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    executed = nbformat.read(tmp_path / "03_who_blames_whom.ipynb", as_version=4)
    code = [c for c in executed.cells if c.cell_type == "code"]
    assert [o for c in code for o in c.outputs if o.output_type == "error"] == []
    assert sum(1 for c in code if c.outputs) >= 5
