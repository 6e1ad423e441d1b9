"""Faults: an interrupted build keeps the cache consistent; the build works without a network;
arbitrary Unicode never crashes ingestion or extraction."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.build.cache import CACHE_SUFFIX
from analysis.build.jobs import read_cache_entry
from analysis.faults import STOP_ENV
from analysis.ontology import load_ontology
from analysis.store.tables import read_table
from analysis.text.extract import SentenceSpan, extract_article
from analysis.text.parse import parse_article
from tests.conftest import FIXTURES, REPO, many_seed_articles, run_cli

ONTOLOGY = load_ontology(FIXTURES / "test_actors.csv")


def test_interrupt_during_extraction_leaves_a_consistent_cache(tmp_path):
    """Ctrl-C after the 20th article (an injected stop point, not a timed signal)."""
    raw = many_seed_articles(tmp_path / "raw", 300)
    processed = tmp_path / "processed"
    env = {**os.environ, "PYTHONHASHSEED": "0", STOP_ENV: "article:20"}
    command = [sys.executable, "-m", "analysis", "build", "--raw-dir", str(raw), "--processed-dir",
               str(processed), "--curated", str(tmp_path / "none.csv")]
    process = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    assert process.returncode == 130, process.stderr
    assert "Traceback" not in process.stderr and "interrupted" in process.stderr
    cache = processed / "cache"
    entries = list(cache.rglob(f"*{CACHE_SUFFIX}"))
    assert len(entries) >= 20
    assert [p for p in cache.rglob("*") if p.name.endswith(".tmp")] == []
    names = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in raw.glob("*.txt")}
    complete = [e for e in entries if any(read_cache_entry(e, n, sha) for n, sha in names.items())]
    assert len(complete) == len(entries)  # every entry is complete and readable
    assert not (processed / "articles.parquet").exists(), "nothing half-built is swapped in"
    assert not list(processed.glob(".staging-*")), "the interrupted build removed its staging folder"
    run_cli("build", "--raw-dir", str(raw), "--processed-dir", str(processed), "--curated",
            str(tmp_path / "none.csv"))
    log = json.loads((processed / "build_log.json").read_text(encoding="utf-8"))
    assert log["cache"]["hits"] == len(entries) and log["cache"]["errors"] == 0
    run_cli("build", "--raw-dir", str(raw), "--processed-dir", str(tmp_path / "fresh"), "--no-cache",
            "--curated", str(tmp_path / "none.csv"))
    resumed = read_table("statements_auto", processed).to_csv(index=False)
    assert resumed == read_table("statements_auto", tmp_path / "fresh").to_csv(index=False)


def _can_unshare() -> bool:
    if not shutil.which("unshare") or not shutil.which("ip") or os.geteuid() != 0:
        return False
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _can_unshare(), reason="needs root, unshare and ip for a network namespace")
def test_whole_build_runs_without_a_network(tmp_path):
    pdf = "" if shutil.which("xelatex") else "--no-pdf"
    script = (
        "ip link set lo up && "
        f"{sys.executable} -m analysis build --processed-dir {tmp_path}/processed && "
        f"{sys.executable} -m analysis report --processed-dir {tmp_path}/processed "
        f"--reports-dir {tmp_path}/reports {pdf}"
    )
    result = subprocess.run(["unshare", "-n", "sh", "-c", script], cwd=REPO, capture_output=True, text=True,
                            timeout=900, env={**os.environ, "PYTHONHASHSEED": "0"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "reports" / "blame_report.html").stat().st_size > 10_000


def _extract(text: str):
    article = parse_article("h", text, "0" * 64)
    spans = [SentenceSpan(i, s.paragraph_no, s.start, s.end) for i, s in enumerate(article.sentences, 1)]
    return article, extract_article("h", text, spans, "daily", ONTOLOGY)


NEWSY = st.text(alphabet=st.sampled_from(list("WashingtonBeijing accused blamed denied said “”\"'.,;:\n\r"
                                              " China Mexico US U.S. Li Roe asked for help İıß\u2028\ufeff")),
                max_size=400)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), NEWSY))
def test_arbitrary_text_never_crashes_and_offsets_slice_exactly(text):
    article, statements = _extract(text)
    for sentence in article.sentences:
        assert text[sentence.start:sentence.end] == sentence.text
    for row in statements.itertuples():
        assert text[row.start:row.end] == row.evidence
