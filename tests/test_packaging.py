"""A built wheel, installed (not editable) into a fresh venv, builds and renders a report from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import RAW, REPO


def _run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    # The dependencies' data files (nbconvert's templates) are where this environment installed them.
    env = {**os.environ, "PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": "0",
           "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter")}
    env.pop("PYTHONPATH", None)
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, text=True, capture_output=True,
                            timeout=900)
    assert result.returncode == 0, f"{' '.join(map(str, args))} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _wheel(out: Path) -> Path:
    """Build the wheel with the locked backend (no build isolation, nothing fetched)."""
    before = {p.name for p in REPO.iterdir()}
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", out, REPO,
         cwd=out)
    left = {p.name for p in REPO.iterdir()} - before
    assert not left and not list((REPO / "src").glob("*.egg-info")), f"the build left {left} in the checkout"
    (wheel,) = out.glob("blame_report-*.whl")
    return wheel


def _venv(folder: Path, wheel: Path) -> Path:
    """A venv holding only the wheel; its dependencies come from this environment's site-packages."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    query = "import sysconfig; print(sysconfig.get_path('purelib'))"
    site = Path(subprocess.run([folder / "bin" / "python", "-c", query], capture_output=True, text=True,
                               check=True).stdout.strip())
    (site / "project-deps.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    _run(sys.executable, "-m", "pip", "--python", folder / "bin" / "python", "install", "--no-deps",
         "--no-index", "-q", wheel, cwd=folder)
    return folder / "bin"


@pytest.mark.build
def test_an_installed_wheel_builds_and_renders_a_report_from_another_folder(tmp_path):
    work = tmp_path / "elsewhere"
    work.mkdir()
    bin_dir = _venv(tmp_path / "venv", _wheel(tmp_path))
    where = _run(bin_dir / "python", "-c", "import analysis, analysis.report.build as b; "
                 "print(analysis.__file__); print(b.package_notebooks())", cwd=work).stdout.split()
    assert all(str(tmp_path / "venv") in line for line in where), where  # the wheel's, not the checkout's
    assert where[1].endswith("analysis/notebooks")
    help_text = _run(bin_dir / "blame-report", "--help", cwd=work).stdout
    assert help_text.startswith("Usage: blame-report ")
    assert "blame-report build --raw-dir" in help_text
    version = _run(bin_dir / "python", "-m", "analysis", "--version", cwd=work).stdout
    assert version.startswith("blame-report ")
    _run(bin_dir / "blame-report", "-q", "build", "--raw-dir", RAW, "--processed-dir", "processed", cwd=work)
    _run(bin_dir / "blame-report", "-q", "report", "--raw-dir", RAW, "--processed-dir", "processed",
         "--reports-dir", "reports", "--no-pdf", cwd=work)
    html = (work / "reports" / "blame_report.html").read_text(encoding="utf-8")
    assert "Who blames whom for fentanyl" in html
    assert len(list((work / "reports" / "blame_report_notebooks").glob("[0-9][0-9]_*.ipynb"))) == 9
