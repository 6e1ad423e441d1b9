"""The statements-only article job of `extract`: the same statements and skips, and no cache."""

from __future__ import annotations

import gc
from dataclasses import replace

from analysis.build.jobs import ArticleJob, process_article, rare_garbage_collection
from tests.conftest import RAW

SEEDS = sorted(RAW.glob("*.txt"))


def _job(path, cache_dir=None, statements_only=False) -> ArticleJob:
    cache = str(cache_dir) if cache_dir else None
    return ArticleJob(str(path), "", None, cache, statements_only=statements_only)


def test_a_statements_only_job_gives_the_full_jobs_statements_and_article_fields():
    for path in SEEDS:
        full, only = process_article(_job(path)), process_article(_job(path, statements_only=True))
        assert only.statements == full.statements and len(only.statements) > 0
        assert only.article == full.article
        assert (only.file_name, only.article_id, only.sha256, only.skip_reason) == (
            full.file_name, full.article_id, full.sha256, "")
        assert full.claims and full.sentences and full.boilerplate and full.baseline
        left_out = (only.claims, only.sentences, only.boilerplate, only.baseline, only.induced,
                    only.unresolved)
        assert left_out == ([], [], [], [], [], [])


def test_a_statements_only_job_neither_reads_nor_writes_the_cache(tmp_path):
    cache = tmp_path / "cache"
    only = process_article(_job(SEEDS[0], cache, statements_only=True))
    assert only.cache_status == "miss"
    assert not cache.exists() or not any(cache.rglob("*"))
    full = process_article(_job(SEEDS[0], cache))
    entries = sorted(p for p in cache.rglob("*") if p.is_file())
    assert len(entries) == 1
    before = entries[0].read_bytes()
    again = process_article(_job(SEEDS[0], cache, statements_only=True))
    assert again.cache_status == "miss"  # computed, not the full entry
    assert again.statements == full.statements
    assert process_article(_job(SEEDS[0], cache)).cache_status == "hit"
    assert sorted(p for p in cache.rglob("*") if p.is_file()) == entries
    assert entries[0].read_bytes() == before


def test_a_statements_only_job_skips_what_the_full_job_skips(tmp_path):
    files = {
        "empty.txt": "", "blank.txt": "  \n\n ", "boilerplate.txt": "Advertisement\n\nRead more\n",
        "long_line.txt": "China blamed Mexico. " + "x" * 60_000 + "\n",
        "long_sentence.txt": "China blamed the United States for the crisis " * 200 + ".\n",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    for name in files:
        job = _job(tmp_path / name)
        full, only = process_article(job), process_article(replace(job, statements_only=True))
        assert full.skip_reason
        assert (only.skip_reason, only.skip_detail) == (full.skip_reason, full.skip_detail)
    small = replace(_job(SEEDS[0]), max_bytes=100)
    assert process_article(replace(small, statements_only=True)).skip_reason == "too_large"


def test_rare_garbage_collection_is_undone_afterwards():
    before = gc.get_threshold()
    with rare_garbage_collection():
        assert gc.get_threshold()[0] == 100_000
    assert gc.get_threshold() == before
