"""Reproducible and incremental builds: same inputs give the same bytes; make reruns only what changed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli

IGNORED = shutil.ignore_patterns(".venv", ".git", "__pycache__", ".pytest_cache", ".ruff_cache",
                                 "processed", "reports", "*.egg-info", ".hypothesis")
COMPARED = ["data/processed/*.parquet", "data/processed/*.csv", "data/processed/graph/*",
            "reports/blame_report_notebooks/*.ipynb", "reports/blame_report.html", "reports/evidence.csv"]


def _copy_repo(target: Path) -> Path:
    shutil.copytree(REPO, target, ignore=IGNORED)
    (target / "data" / "processed").mkdir()
    return target


def _build(folder: Path) -> None:
    run_cli("build", "--no-cache", cwd=folder)
    run_cli("report", "--no-pdf", cwd=folder)


def _files(folder: Path) -> dict[str, bytes]:
    paths = [p for pattern in COMPARED for p in folder.glob(pattern)]
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in paths}


def test_two_clean_builds_in_different_folders_are_byte_identical(tmp_path):
    first, second = _copy_repo(tmp_path / "one"), _copy_repo(tmp_path / "elsewhere" / "two")
    _build(first)
    _build(second)
    a, b = _files(first), _files(second)
    assert len(a) > 20 and sorted(a) == sorted(b)
    different = [name for name in a if a[name] != b[name]]
    assert different == []
    html = a["reports/blame_report.html"].decode()
    assert str(tmp_path) not in html
    assert "lastmodifieddate" not in a["data/processed/graph/blame_bloc.gexf"].decode()


def _make(folder: Path, *args: str) -> str:
    env = {**os.environ, "MAKEFLAGS": ""}
    result = subprocess.run(["make", "-n", "report", f"VENV={REPO / '.venv'}", *args], cwd=folder, env=env,
                            capture_output=True, text=True, check=True, timeout=120)
    return result.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
def test_make_reruns_only_what_changed(tmp_path):
    folder = _copy_repo(tmp_path / "repo")
    env = {**os.environ, "MAKEFLAGS": ""}
    subprocess.run(["make", "report", f"VENV={REPO / '.venv'}"], cwd=folder, env=env, capture_output=True,
                   check=True, timeout=900)
    nothing = _make(folder)
    assert "analysis build" not in nothing  # no kernel starts, and with TeX nothing at all runs:
    if shutil.which("xelatex"):
        assert "analysis report" not in nothing
    else:  # without TeX only the PDF target's note (no kernel) is left to run
        assert [ln for ln in nothing.splitlines() if "analysis report" in ln and "--pdf-only" not in ln] == []
    new_parameter = _make(folder, "LEVEL=organisation")
    assert "analysis report" in new_parameter and "analysis build" not in new_parameter
    os.utime(folder / "data" / "raw" / "004_048d13d2345a47be.txt")
    for variable, name in [("OUTLET=scmp", "blame_report_outlet-scmp"),
                           ("LEVEL=organisation", "blame_report_level-organisation"),
                           ("SOURCE=auto", "blame_report_source-auto")]:
        assert f"--name {name} " in _make(folder, variable)  # variants never overwrite the default
    changed_input = _make(folder)
    assert "analysis build" in changed_input and "analysis report" in changed_input
