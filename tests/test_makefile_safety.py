"""The Makefile: no variable reaches a shell unquoted, and any raw file name works (the CLI,
not a list of prerequisites, says whether the build is stale)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from analysis.cli import main
from tests.conftest import REPO

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
WEIRD = "a b:c#d$(touch x)'q.txt"


def _make_n(tmp_path: Path, *variables: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MAKEFLAGS": ""}
    return subprocess.run(["make", "--no-print-directory", "-C", str(REPO), "-n", "data", "report",
                           f"VENV={REPO / '.venv'}", f"REPORTS={tmp_path / 'rep'}",
                           f"PROCESSED={tmp_path / 'processed'}", *variables],
                          env=env, capture_output=True, text=True, timeout=120, check=False)


@pytest.mark.parametrize("title", [
    "x'; touch {w}; echo '", "$(shell touch {w})", "`touch {w}`", "$$(touch {w})", "a \"$(touch {w})\" # b",
])
def test_a_crafted_title_runs_nothing_even_under_make_n(tmp_path, title):
    witness = tmp_path / "pwned"
    result = _make_n(tmp_path, f"TITLE={title.format(w=witness)}")
    assert result.returncode == 0, result.stderr
    assert not witness.exists()
    line = next(ln for ln in result.stdout.splitlines() if "--no-pdf" in ln)
    assert "--title '" in line and str(witness) in line


def test_any_raw_file_name_works_and_the_cli_says_when_the_build_is_stale(tmp_path, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "plain.txt").write_text("A headline\n\nWashington accused Beijing.\n", encoding="utf-8")
    stamp, curated = tmp_path / "processed" / ".build-stamp", tmp_path / "curated.csv"
    args = ["stale", "--stamp", str(stamp), "--raw-dir", str(raw), "--input", str(curated)]
    assert main(args) == 1 and "no readable build stamp" in capsys.readouterr().out
    assert main([*args, "--write"]) == 0 and main(args) == 0
    assert capsys.readouterr().out == "up to date\n"
    (raw / WEIRD).write_text("Another headline\n\nMexico blamed Washington.\n", encoding="utf-8")
    assert main(args) == 1 and capsys.readouterr().out == f"stale: raw: 1 changed, first {WEIRD!r}\n"
    assert main([*args, "--write"]) == 0 and main(args) == 0
    os.utime(raw / "plain.txt", ns=(1, 1))
    assert main(args) == 1
    capsys.readouterr()
    result = _make_n(tmp_path, f"RAW={raw}", f"CURATED={curated}")
    assert result.returncode == 0, result.stderr
    assert "analysis build" in result.stdout and not (Path.cwd() / "x").exists()
    assert main([*args, "--write"]) == 0
    stamp.touch()  # newer than the code, as after a build
    result = _make_n(tmp_path, f"RAW={raw}", f"CURATED={curated}")
    assert result.returncode == 0 and "analysis build" not in result.stdout, result.stdout
