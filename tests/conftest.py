"""Shared fixtures: repository paths and one full report build per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
SEEDS = REPO.parent / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run_cli(*args: str, cwd: Path = REPO, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `python -m analysis …` in a subprocess, as a user would."""
    env = {**os.environ, "PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": "0"}
    result = subprocess.run(
        [sys.executable, "-m", "analysis", *args], cwd=cwd, env=env, text=True,
        capture_output=True, timeout=900,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"analysis {' '.join(args)} failed:\n{result.stderr}")
    return result


@dataclass(frozen=True)
class Build:
    """A full build (tables and report) done once per test session in a temporary folder."""

    processed: Path
    reports: Path

    @property
    def html(self) -> Path:
        return self.reports / "blame_report.html"

    @property
    def pdf(self) -> Path:
        return self.reports / "blame_report.pdf"


@pytest.fixture(scope="session")
def full_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """Build the processed tables and the default report (HTML and PDF) from the seeds."""
    root = tmp_path_factory.mktemp("build")
    processed, reports = root / "processed", root / "reports"
    run_cli("build", "--raw-dir", str(RAW), "--processed-dir", str(processed))
    pdf = [] if shutil.which("xelatex") else ["--no-pdf"]
    run_cli("report", "--raw-dir", str(RAW), "--processed-dir", str(processed),
            "--reports-dir", str(reports), *pdf)
    return Build(processed, reports)
