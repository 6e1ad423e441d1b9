"""`make report` on a machine without XeLaTeX builds the HTML and says how to get the PDF; once
XeLaTeX is there, the next `make report` renders the PDF without re-running the notebooks."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_seeds

pytestmark = [pytest.mark.build,
              pytest.mark.skipif(not shutil.which("xelatex") or not shutil.which("make"),
                                 reason="needs make and XeLaTeX (to hide it and bring it back)")]

SEEDS = ("003_8bc79a1c02547256", "004_048d13d2345a47be")


def _path_without(tmp: Path, hidden: str) -> str:
    """A PATH of symlinks to every program on PATH but `hidden`."""
    folder = tmp / "bin"
    folder.mkdir()
    for directory in os.environ["PATH"].split(os.pathsep):
        for program in Path(directory).glob("*") if Path(directory).is_dir() else []:
            target = folder / program.name
            if program.name != hidden and not target.exists() and os.access(program, os.X_OK):
                target.symlink_to(program)
    return str(folder)


def _make(tmp: Path, path: str) -> subprocess.CompletedProcess[str]:
    variables = [f"RAW={tmp / 'raw'}", f"PROCESSED={tmp / 'processed'}", f"REPORTS={tmp / 'reports'}",
                 f"CURATED={tmp / 'none.csv'}", "APT=no"]
    return subprocess.run(["make", "--no-print-directory", "-C", str(REPO), "report", *variables],
                          env={**os.environ, "PATH": path}, capture_output=True, text=True, timeout=900)


def test_the_pdf_follows_once_xelatex_is_installed(tmp_path):
    copy_seeds(tmp_path / "raw", *SEEDS)
    html, pdf = tmp_path / "reports" / "blame_report.html", tmp_path / "reports" / "blame_report.pdf"

    without = _make(tmp_path, _path_without(tmp_path, "xelatex"))
    assert without.returncode == 0, without.stderr
    assert html.exists() and not pdf.exists()
    assert "report: HTML only" in without.stdout and "make report" in without.stdout
    executed = sorted((tmp_path / "reports" / "blame_report_notebooks").glob("*.ipynb"))
    stamps = [p.stat().st_mtime_ns for p in executed]

    restored = _make(tmp_path, os.environ["PATH"])
    assert restored.returncode == 0, restored.stderr
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    assert f"wrote {pdf}" in restored.stdout and "--no-pdf" not in restored.stdout
    assert [p.stat().st_mtime_ns for p in executed] == stamps, "no notebook ran again"

    again = _make(tmp_path, os.environ["PATH"])
    assert again.returncode == 0 and "analysis" not in again.stdout, again.stdout  # nothing to do
