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


def copy_seeds(folder: Path, *article_ids: str) -> Path:
    """Copy seed articles (all of data/raw, or the named ids' .txt files) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    names = [f"{a}.txt" for a in article_ids] or [p.name for p in sorted(RAW.iterdir()) if p.is_file()]
    for name in names:
        shutil.copy(RAW / name, folder / name)
    return folder


def many_seed_articles(folder: Path, n: int, digits: int = 4) -> Path:
    """Write n distinct articles made from the seeds (each gets its own closing line), named a0000.txt …"""
    folder.mkdir(parents=True)
    seeds = sorted(RAW.glob("*.txt"))
    for i in range(n):
        text = seeds[i % len(seeds)].read_text(encoding="utf-8")
        (folder / f"a{i:0{digits}d}.txt").write_text(f"{text}\nNote {i}: Washington accused Beijing again.\n",
                                                     encoding="utf-8")
    return folder


def one_line_articles(folder: Path, n: int, digits: int = 0) -> Path:
    """Write n tiny articles (a headline and one accusation each), named a0.txt … (or a000.txt …)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"a{i:0{digits}d}.txt").write_text(f"Headline {i}\n\nWashington accused Beijing {i}.\n",
                                                     encoding="utf-8")
    return folder


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


# An article written to attack the report: markup, a script, an event handler, a javascript:
# link and every LaTeX special. It must come out as plain text in the HTML and the PDF.
HOSTILE_ARTICLE = (
    "Officials <script>alert(1)</script> clash over fentanyl & costs of $5 {100%} #1 ~ ^ _ \\ debate\n\n"
    "<img src=x onerror=alert(2)> Washington accused Beijing of exporting precursor chemicals to "
    '<a href="javascript:alert(3)">cartels</a> last year.\n\n'
    "“China is the main source of the chemicals <b>really</b>,” said the State Department.\n"
)
HOSTILE_ID = "900_hostile"
# Text for spreadsheets and printers: a statement starting with a formula, control characters
# (which used to stop XeLaTeX), CJK and an emoji (which the PDF's fonts lack).
FORMULA_ARTICLE = (
    "Officials trade words over precursor shipments\n\n"
    "=Washington accused Beijing of exporting precursor chemicals\x01 to cartels \u4e2d\u56fd \U0001F600.\n\n"
    "@Mexico blamed Washington for the crisis\x0c, officials said.\n"
)
FORMULA_ID = "902_formula"


@pytest.fixture(scope="session")
def build_raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds, their metadata, a hostile article and an empty file (a counted skip)."""
    raw = copy_seeds(tmp_path_factory.mktemp("raw"))
    (raw / f"{HOSTILE_ID}.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    (raw / "901_empty.txt").write_bytes(b"")
    (raw / f"{FORMULA_ID}.txt").write_text(FORMULA_ARTICLE, encoding="utf-8")
    return raw


@pytest.fixture(scope="session")
def full_build(tmp_path_factory: pytest.TempPathFactory, build_raw: Path) -> Build:
    """Build the processed tables and the default report (HTML and PDF) once per session."""
    root = tmp_path_factory.mktemp("build")
    processed, reports = root / "processed", root / "reports"
    run_cli("build", "--raw-dir", str(build_raw), "--processed-dir", str(processed))
    pdf = [] if shutil.which("xelatex") else ["--no-pdf"]
    run_cli("report", "--raw-dir", str(build_raw), "--processed-dir", str(processed),
            "--reports-dir", str(reports), *pdf)
    return Build(processed, reports)


def _raw_fingerprint() -> dict[str, str]:
    """SHA-256 of every file under data/raw, by relative path."""
    import hashlib

    return {p.relative_to(RAW).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(RAW.rglob("*")) if p.is_file()}


_RAW_AT_START = _raw_fingerprint()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run if any test changed data/raw (it is read-only, whatever a build is given)."""
    if hasattr(session.config, "workerinput"):
        return  # xdist workers: the controller checks once at the end
    if _raw_fingerprint() != _RAW_AT_START:
        print("\nerror: data/raw changed during the test run", file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# Modules whose tests run whole builds or reports in subprocesses (slow); `make test-fast` skips them.
_BUILD_MODULES = {"test_reproducible", "test_make_report", "test_output_safety", "test_resilience"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test that needs a full build or report as `build`."""
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1]
        if "full_build" in getattr(item, "fixturenames", ()) or module in _BUILD_MODULES:
            item.add_marker(pytest.mark.build)
