"""Output folders never lose data: concurrent builds, a kill while publishing, the umask,
mount points and a full disk, and a clean that removes only what builds wrote."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.faults import STOP_ENV
from tests.conftest import REPO, copy_seeds, run_cli

SEED = "004_048d13d2345a47be"
OTHER = "003_8bc79a1c02547256"


def _build_args(raw: Path, processed: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "analysis", "build", "--raw-dir", str(raw), "--processed-dir",
            str(processed), "--curated", str(raw.parent / "none.csv"), *extra]


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONHASHSEED": "0", **extra}


def _outputs(processed: Path) -> dict[str, bytes]:
    """The published files and their bytes (not the cache, dot files or the build log's hit counts)."""
    files = (p for p in sorted(processed.rglob("*")) if p.is_file() and p.name != "build_log.json")
    relative = (p.relative_to(processed) for p in files)
    return {r.as_posix(): (processed / r).read_bytes() for r in relative
            if r.parts[0] != "cache" and not any(part.startswith(".") for part in r.parts)}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, bytes]]:
    """Clean builds of one and of two seed articles (the old and the new output sets)."""
    root = tmp_path_factory.mktemp("reference")
    sets = {}
    for name, ids in (("old", (SEED,)), ("new", (SEED, OTHER))):
        raw = copy_seeds(root / f"raw_{name}", *ids)
        run_cli(*_build_args(raw, root / name)[3:])
        sets[name] = _outputs(root / name)
    return sets


def test_two_builds_at_once_both_succeed_and_leave_a_complete_folder(tmp_path, reference):
    raw = copy_seeds(tmp_path / "raw", SEED, OTHER)
    processed = tmp_path / "processed"
    runs = [subprocess.Popen(_build_args(raw, processed), cwd=REPO, env=_env(), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(run.wait(timeout=600), run.stderr.read()) for run in runs]
    assert [status for status, _ in results] == [0, 0], results
    assert _outputs(processed) == reference["new"]
    assert not list(processed.glob(".staging-*")) and not (processed / ".publishing").exists()


@pytest.mark.parametrize("point", [0, 1, 9, 17, 25])  # 26 files: 9 tables, 2 logs, 15 graph files
def test_a_kill_while_publishing_leaves_old_or_new_files_and_the_next_build_completes(tmp_path, reference,
                                                                                     point):
    raw = copy_seeds(tmp_path / "raw", SEED)
    processed = tmp_path / "processed"
    run_cli(*_build_args(raw, processed)[3:])
    copy_seeds(raw, OTHER)
    killed = subprocess.run(_build_args(raw, processed), cwd=REPO, env=_env(**{STOP_ENV: f"publish:{point}"}),
                            capture_output=True, text=True, timeout=600)
    assert killed.returncode == -9, killed.stderr
    for name, data in _outputs(processed).items():
        assert data in (reference["old"][name], reference["new"][name]), name
    report = run_cli("report", "--raw-dir", str(raw), "--processed-dir", str(processed), "--reports-dir",
                     str(tmp_path / "reports"), "--no-pdf", check=False)
    assert report.returncode == 2 and "interrupted while publishing" in report.stderr
    run_cli(*_build_args(raw, processed)[3:])
    assert _outputs(processed) == reference["new"]
    assert not list(processed.glob(".staging-*")) and not (processed / ".publishing").exists()


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_outputs_honour_the_umask(tmp_path, umask, mode):
    raw = copy_seeds(tmp_path / "raw", SEED)
    processed = tmp_path / "processed"
    subprocess.run(_build_args(raw, processed), cwd=REPO, env=_env(), check=True, capture_output=True,
                   preexec_fn=lambda: os.umask(umask))
    modes = {p.name: p.stat().st_mode & 0o777 for p in processed.rglob("*") if p.is_file()
             and "cache" not in p.parts}
    assert modes and set(modes.values()) == {mode}, modes


def test_clean_removes_only_what_builds_wrote(tmp_path):
    raw = copy_seeds(tmp_path / "raw", SEED)
    processed = tmp_path / "processed"
    run_cli(*_build_args(raw, processed)[3:])
    (processed / "my_notes.txt").write_text("keep me", encoding="utf-8")
    (processed / ".gitkeep").write_bytes(b"")
    run_cli("clean", "--raw-dir", str(raw), "--processed-dir", str(processed), "--reports-dir",
            str(tmp_path / "reports"))
    left = sorted(p.name for p in processed.iterdir())
    assert left == [".blame-report-processed", ".gitkeep", ".lock", "my_notes.txt"]
    refused = run_cli("clean", "--raw-dir", str(raw), "--processed-dir", str(raw), check=False)
    assert refused.returncode == 2 and "it is the raw folder" in refused.stderr
    assert sorted(p.name for p in raw.iterdir()) == [f"{SEED}.txt"]


def _can_mount() -> bool:
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode == 0


def _in_tmpfs(mount: Path, size: str, command: list[str]) -> subprocess.CompletedProcess[str]:
    """Run `command` in a private mount namespace with a tmpfs of `size` mounted at `mount`."""
    mount.mkdir()
    script = f"mount -t tmpfs -o size={size} tmpfs {mount} && exec \"$@\""
    return subprocess.run(["unshare", "-m", "sh", "-c", script, "sh", *command], cwd=REPO, env=_env(),
                          capture_output=True, text=True, timeout=600)


@pytest.mark.skipif(not _can_mount(), reason="needs root and unshare for a private tmpfs mount")
def test_a_mount_point_builds(tmp_path):
    raw = copy_seeds(tmp_path / "raw", SEED)
    volume = tmp_path / "volume"
    listing = [sys.executable, "-c", f"import os; print(sorted(os.listdir({str(volume)!r})))"]
    script = _build_args(raw, volume)
    result = _in_tmpfs(volume, "64m", ["sh", "-c", f"{shlex.join(script)} && {shlex.join(listing)}"])
    assert result.returncode == 0, result.stderr
    assert "'articles.parquet'" in result.stdout and "'graph'" in result.stdout


@pytest.mark.skipif(not _can_mount(), reason="needs root and unshare for a private tmpfs mount")
def test_a_full_disk_ends_in_one_line_and_leaves_no_staging(tmp_path):
    raw = copy_seeds(tmp_path / "raw", SEED, OTHER)
    volume = tmp_path / "volume"
    listing = [sys.executable, "-c", f"import os; print(sorted(os.listdir({str(volume)!r})))"]
    script = _build_args(raw, volume, "--no-cache")
    command = f"{shlex.join(script)}; echo status=$?; {shlex.join(listing)}"
    result = _in_tmpfs(volume, "48k", ["sh", "-c", command])
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and "No space left on device" in lines[0]
    assert "status=2" in result.stdout
    assert "staging" not in result.stdout.splitlines()[-1]
