"""Incremental builds from the per-article cache, and the Dask engine matching the local one."""

from __future__ import annotations

import gc
import json
import shutil

import pytest

from analysis.build.pipeline import BuildSettings, build_processed
from analysis.store.tables import read_table
from tests.conftest import RAW, one_line_articles


@pytest.fixture()
def raw_copy(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    (raw / "metadata.csv").unlink()  # the edited article would no longer match its sha256
    return raw


def _log(processed):
    return json.loads((processed / "build_log.json").read_text(encoding="utf-8"))


def test_rebuild_reuses_the_cache_and_reextracts_only_a_changed_article(raw_copy, tmp_path):
    processed = tmp_path / "processed"
    settings = BuildSettings(raw_copy, processed, curated=None)
    thresholds = gc.get_threshold()
    build_processed(settings)
    assert gc.get_threshold() == thresholds  # the build's rare collection is undone
    assert _log(processed)["cache"] == {"hits": 0, "misses": 5, "errors": 0}
    assert read_table("extraction_quality", processed).empty  # nothing to score against: no zeros
    build_processed(settings)
    assert _log(processed)["cache"] == {"hits": 5, "misses": 0, "errors": 0}
    changed = raw_copy / "004_048d13d2345a47be.txt"
    text = changed.read_text(encoding="utf-8")
    edited = text.replace("Admetlla\n", "Admetlla\n\nWashington accused Beijing of new failures.\n", 1)
    assert edited != text
    changed.write_text(edited, encoding="utf-8")
    build_processed(settings)
    log = _log(processed)
    assert log["cache"] == {"hits": 4, "misses": 1, "errors": 0}
    assert log["articles"]["004_048d13d2345a47be"] == "miss"
    statements = read_table("statements_auto", processed)
    assert "Washington accused Beijing of new failures" in " ".join(statements["evidence"])


def test_cached_and_uncached_builds_write_identical_tables(raw_copy, tmp_path):
    cached, fresh = tmp_path / "cached", tmp_path / "fresh"
    build_processed(BuildSettings(raw_copy, cached, curated=None))
    build_processed(BuildSettings(raw_copy, cached, curated=None))  # second run: all from cache
    build_processed(BuildSettings(raw_copy, fresh, curated=None, use_cache=False))
    for name in ("articles", "sentences", "statements_auto", "claims"):
        assert (cached / f"{name}.parquet").read_bytes() == (fresh / f"{name}.parquet").read_bytes(), name


def test_dask_cluster_gives_the_local_engines_statements_byte_for_byte(raw_copy, tmp_path):
    distributed = pytest.importorskip("distributed")
    local, remote = tmp_path / "local", tmp_path / "dask"
    build_processed(BuildSettings(raw_copy, local, curated=None, use_cache=False))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        build_processed(BuildSettings(raw_copy, remote, curated=None, use_cache=False, engine="dask",
                                      scheduler=cluster.scheduler_address))
    as_csv = [read_table("statements_auto", d).to_csv(index=False) for d in (local, remote)]
    assert as_csv[0] == as_csv[1] and len(as_csv[0].splitlines()) > 10
    assert (local / "sentences.parquet").read_bytes() == (remote / "sentences.parquet").read_bytes()


def test_per_article_rows_agree_with_the_table_functions_on_the_seeds():
    """The engine's pandas-free path gives what the documented table functions give."""
    import pandas as pd

    from analysis.ontology import load_ontology
    from analysis.text.baseline import baseline_records, baseline_statements
    from analysis.text.claims import CLAIM_COLUMNS, claim_records, extract_numeric_claims
    from analysis.text.mentions import MentionFinder, article_unresolved, unresolved_mentions
    from analysis.text.parse import SentenceRow, iter_article_paths, parse_article, read_article

    ontology = load_ontology()
    finder = MentionFinder(ontology)
    for path in iter_article_paths(RAW):
        text, sha = read_article(path)
        rows = parse_article(path.stem, text, sha, path.name).sentence_rows()
        frame = pd.DataFrame(rows, columns=list(SentenceRow._fields))
        mentions = finder.find(text)
        claims = pd.DataFrame(claim_records(path.stem, text, rows), columns=CLAIM_COLUMNS)
        expected_claims = extract_numeric_claims(path.stem, text, frame)
        pd.testing.assert_frame_equal(claims.astype(expected_claims.dtypes.to_dict()), expected_claims)
        unresolved = {(s, n, a, start) for s, n, a, start in article_unresolved(rows, mentions)}
        expected = {(r.surface, r.n, r.example_article, r.example_start)
                    for r in unresolved_mentions(frame, finder).itertuples()}
        assert unresolved == expected
        baseline = sorted(map(tuple, baseline_records(rows, ontology, mentions)))
        assert baseline == sorted(map(tuple, baseline_statements(frame, ontology).values.tolist()))
        assert len(claims) and len(unresolved) and len(baseline)


def test_input_error_survives_pickling_with_every_field():
    import pickle

    from analysis.errors import InputError

    error = InputError("raw/b.txt", "not valid UTF-8", line=2, field="text", expected="UTF-8 text",
                       found="bytes f3")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is InputError and str(copy) == str(error) == copy.one_line()
    fields = ("path", "problem", "line", "field", "expected", "found")
    assert [getattr(copy, f) for f in fields] == ["raw/b.txt", "not valid UTF-8", 2, "text", "UTF-8 text",
                                                  "bytes f3"]


def test_the_worker_pool_raises_the_input_error_of_a_bad_article(tmp_path):
    from analysis.build.executors import run_jobs
    from analysis.build.jobs import ArticleJob
    from analysis.errors import InputError

    raw = one_line_articles(tmp_path / "raw", 64, digits=3)
    (raw / "b.txt").write_bytes("Title line\nL\u00f3pez".encode("cp1252"))
    jobs = [ArticleJob(str(p), "narrator", None, None) for p in sorted(raw.iterdir())]
    with pytest.raises(InputError) as caught:
        run_jobs(jobs, workers=2)
    assert (caught.value.path, caught.value.line, caught.value.problem) == (str(raw / "b.txt"), 2,
                                                                              "not valid UTF-8")
