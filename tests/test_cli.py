"""The click command line: help with defaults, choices and examples, --version, -q/-v, --workers, errors."""

from __future__ import annotations

import logging

import pytest

import analysis
from analysis.cli import available_cpus, main
from tests.conftest import RAW, run_cli


def test_version_and_help_name_the_program(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"blame-report {analysis.__version__}\n"
    assert main(["--help"], prog_name="blame-report") == 0
    text = capsys.readouterr().out
    assert text.startswith("Usage: blame-report [OPTIONS] COMMAND")
    assert "Examples:\n  blame-report build --raw-dir data/raw --processed-dir data/processed" in text
    for command in ("build", "extract", "evaluate", "validate", "review", "report", "synth", "dictionary",
                    "clean", "quality", "stale"):
        assert f"\n  {command} " in text, command


def test_help_shows_defaults_and_choices(capsys):
    assert main(["build", "--help"], prog_name="blame-report") == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "--engine [local|dask]" in text and "[default: local]" in text
    assert "--workers INTEGER RANGE" in text and "(the CPUs this process may use)" in text
    assert "[default: 5.0]" in text and "[default: data/processed]" in text
    assert main(["report", "--help"]) == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "--level [person|organisation|bloc]" in text and "--source [curated|auto|combined]" in text
    assert main(["review", "export", "--help"]) == 0
    assert "--which [auto|curated|both]" in capsys.readouterr().out


@pytest.mark.parametrize("args, message", [
    (["build", "--bogus"], "error: blame-report build: No such option '--bogus'."),
    (["build", "--workers", "0"], "error: blame-report build: Invalid value for '--workers'"),
    (["review", "export", "--which", "x", "--out", "o.csv"],
     "error: blame-report review export: Invalid value"),
    (["nosuch"], "error: blame-report: No such command 'nosuch'."),
    (["extract"], "error: blame-report extract: Missing option '--out'."),
])
def test_a_bad_command_line_is_one_line_with_exit_2(args, message, capsys):
    assert main(args, prog_name="blame-report") == 2
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith(message), captured.err


def test_workers_and_quiet_reach_the_build_settings(monkeypatch, tmp_path, capsys):
    seen = {}

    def fake_build(settings):  # records the settings; the real build is tested elsewhere
        seen["settings"] = settings
        raise ValueError("stopped here")

    import analysis.build.pipeline as pipeline

    monkeypatch.setattr(pipeline, "build_processed", fake_build)
    assert main(["-q", "build", "--raw-dir", str(RAW), "--processed-dir", str(tmp_path / "p"),
                 "--workers", "3"]) == 2
    assert seen["settings"].workers == 3 and seen["settings"].progress is False
    assert capsys.readouterr().err == "error: stopped here\n"
    assert main(["build", "--raw-dir", str(RAW), "--processed-dir", str(tmp_path / "p")]) == 2
    assert seen["settings"].workers is None  # the executor's default: the CPUs this process may use


def test_available_cpus_follows_the_affinity(monkeypatch):
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 5}, raising=False)
    assert available_cpus() == 2


def test_verbose_logs_and_quiet_silences(tmp_path, capsys):
    out = tmp_path / "dictionary.md"
    assert main(["-v", "dictionary", "--out", str(out)]) == 0
    logger = logging.getLogger("analysis")
    assert logger.level == logging.INFO
    logger.info("a record")
    assert "INFO analysis: a record" in capsys.readouterr().err
    assert main(["-q", "dictionary", "--out", str(out)]) == 0
    logger.warning("hidden")
    assert capsys.readouterr().err == ""


def test_python_dash_m_analysis_names_itself():
    result = run_cli("--help")
    assert result.stdout.startswith("Usage: python -m analysis [OPTIONS] COMMAND")
    assert "python -m analysis build --raw-dir" in result.stdout
