"""The streamed build: workers write parts and return summaries; the published tables' bytes do
not depend on the engine, the worker count or the batch size; graphs aggregated from the table
equal the in-memory collapse."""

from __future__ import annotations

import pickle
import shutil
from concurrent.futures import Future
from dataclasses import fields
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from analysis.build import executors, ingest, stream
from analysis.build.jobs import ArticleJob
from analysis.build.pipeline import BuildSettings, build_processed
from analysis.build.stream import ArticleSummary, Batch, BatchSummary, make_batches, part_path
from analysis.codebook import LEVELS
from analysis.curation.statements import combine_statements, load_curated
from analysis.network.aggregate import aggregate_graphs, statement_batches
from analysis.network.export import export_ready_graph
from analysis.network.graph import build_statement_graph, collapse_graph
from analysis.ontology import load_ontology
from analysis.store.tables import read_table, validate_table
from tests.conftest import RAW, REPO, many_seed_articles, one_line_articles

TABLES = ("articles", "sentences", "boilerplate", "statements_auto", "claims", "induced_actors", "skipped",
          "unresolved_mentions")


def _corpus(folder: Path, n: int) -> Path:
    """n distinct articles made from the seeds, one more whose file name sorts before its stem's
    neighbour (a003-b.txt < a003.txt, but a003 < a003-b), and one exact duplicate (skipped)."""
    many_seed_articles(folder, n, digits=3)
    text = sorted(RAW.glob("*.txt"))[0].read_text(encoding="utf-8")
    (folder / "a003-b.txt").write_text(f"{text}\nMexico blamed China.\n", encoding="utf-8")
    shutil.copy(folder / "a001.txt", folder / "a001-copy.txt")
    return folder


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _corpus(tmp_path_factory.mktemp("stream") / "raw", 12)


def _bytes(folder: Path) -> dict[str, bytes]:
    return {name: (folder / f"{name}.parquet").read_bytes() for name in TABLES}


def _build(raw: Path, out: Path, monkeypatch: pytest.MonkeyPatch, batch: int, workers: int,
           engine: str = "local", scheduler: str | None = None) -> dict[str, bytes]:
    monkeypatch.setattr(ingest, "BATCH_ARTICLES", batch)
    monkeypatch.setattr(executors, "_MIN_JOBS_FOR_WORKERS", 0)  # a pool even for 13 articles
    build_processed(BuildSettings(raw, out, curated=None, use_cache=False, workers=workers, engine=engine,
                                  scheduler=scheduler))
    return _bytes(out)


def test_bytes_do_not_depend_on_batch_size_or_worker_count(raw, tmp_path, monkeypatch):
    monkeypatch.setattr(stream, "ROW_GROUP_ARTICLES", 5)
    one = _build(raw, tmp_path / "one", monkeypatch, batch=1, workers=1)
    pool = _build(raw, tmp_path / "pool", monkeypatch, batch=4, workers=2)
    assert one == pool
    statements = pq.ParquetFile(tmp_path / "one" / "statements_auto.parquet")
    assert statements.metadata.num_row_groups == 3  # 13 kept articles, 5 per row group
    ids = ["a000", "a001-copy", "a002", "a003-b", *(f"a{i:03d}" for i in range(3, 12))]
    assert read_table("articles", tmp_path / "one")["article_id"].tolist() == ids  # file-name order
    skipped = read_table("skipped", tmp_path / "one")
    assert skipped[["file_name", "reason"]].values.tolist() == [["a001.txt", "duplicate"]]
    in_memory = ingest.ingest_corpus(raw)
    for name, frame in (("statements_auto", in_memory.statements), ("sentences", in_memory.sentences),
                        ("claims", in_memory.claims), ("induced_actors", in_memory.induced),
                        ("unresolved_mentions", in_memory.unresolved)):
        streamed = read_table(name, tmp_path / "one")
        assert streamed.to_csv(index=False) == validate_table(name, frame).to_csv(index=False), name
    assert not list((tmp_path / "pool").rglob("*parts*")), "the parts are staging, never published"


def test_the_dask_engine_writes_the_local_engines_bytes_and_the_driver_gets_summaries(raw, tmp_path,
                                                                                    monkeypatch):
    distributed = pytest.importorskip("distributed")
    monkeypatch.setattr(stream, "ROW_GROUP_ARTICLES", 5)
    local = _build(raw, tmp_path / "local", monkeypatch, batch=3, workers=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster:
        remote = _build(raw, tmp_path / "dask", monkeypatch, batch=2, workers=1, engine="dask",
                        scheduler=cluster.scheduler_address)
        jobs = [ArticleJob(str(p), "outlet:x", None, None) for p in sorted(raw.glob("*.txt"))]
        batches = make_batches(jobs, tmp_path / "parts", 4)
        summaries, info = executors.run_batches(batches, "dask", cluster.scheduler_address)
    assert local == remote
    assert (info.engine, info.workers) == ("dask", 2)
    assert [s.number for s in summaries] == [0, 1, 2, 3]
    articles = [a for s in summaries for a in s.articles]
    assert all(type(s) is BatchSummary for s in summaries)
    assert all(type(a) is ArticleSummary for a in articles)
    rows = {"sentences", "statements", "claims", "baseline", "unresolved"}
    assert not rows & {f.name for f in fields(articles[0])}
    n_statements = sum(a.rows("statements")[2] for a in articles)
    on_disk = sum(pq.ParquetFile(part_path(tmp_path / "parts", "statements", b.number)).metadata.num_rows
                  for b in batches)
    assert n_statements == on_disk > 13
    statement_bytes = sum(part_path(tmp_path / "parts", p, b.number).stat().st_size
                          for b in batches for p in ("sentences", "statements"))
    assert len(pickle.dumps(summaries)) < statement_bytes / 2  # summaries are small beside the rows


def test_the_first_failing_batch_is_the_error_raised(tmp_path):
    from analysis.errors import InputError

    folder = one_line_articles(tmp_path / "raw", 6)
    for name in ("a2.txt", "a5.txt"):
        (folder / name).write_bytes("Title line\nL\u00f3pez".encode("cp1252"))
    jobs = [ArticleJob(str(p), "outlet:n", None, None) for p in sorted(folder.glob("*.txt"))]
    with pytest.raises(InputError) as caught:
        executors.run_batches(make_batches(jobs, tmp_path / "parts", 1), workers=2)
    assert caught.value.path == str(folder / "a2.txt")


def test_progress_goes_through_the_shared_bar(tmp_path, capsys):
    jobs = [ArticleJob(str(p), "outlet:n", None, None) for p in sorted(RAW.glob("*.txt"))]
    summaries, info = executors.run_batches(make_batches(jobs, tmp_path / "parts", 2), show_progress=True)
    assert (len(summaries), info.workers) == (3, 1)
    assert "build (local)" in capsys.readouterr().err


def test_aggregated_graphs_equal_the_in_memory_collapse_on_the_seeds(tmp_path):
    out = tmp_path / "processed"
    curated_path = REPO / "data" / "annotations" / "statements.csv"
    build_processed(BuildSettings(RAW, out, curated=curated_path))
    ontology = load_ontology()
    auto = read_table("statements_auto", out)
    articles = read_table("articles", out)
    sentences = read_table("sentences", out)
    texts = {a: (RAW / f).read_text(encoding="utf-8") for a, f in zip(articles["article_id"],
                                                                      articles["file_name"], strict=True)}
    curated = load_curated(curated_path, texts, sentences, ontology).statements
    for source, cur in (("combined", curated), ("auto", curated.iloc[0:0])):
        statements = combine_statements(cur, auto, source)
        multigraph = build_statement_graph(statements, articles, ontology)
        covered = set(cur["article_id"])
        batches = [cur, *statement_batches(out / "statements_auto.parquet", covered)]
        streamed = aggregate_graphs([b for b in batches if len(b)], ontology, LEVELS)
        for level in LEVELS:
            expected = export_ready_graph(collapse_graph(multigraph, ontology, level))
            got = export_ready_graph(streamed[level])
            assert list(got.nodes(data=True)) == list(expected.nodes(data=True)), (source, level)
            assert list(got.edges(data=True)) == list(expected.edges(data=True)), (source, level)
            assert got.number_of_edges() > 3


class _FakeExecutor:
    """Runs nothing in the background: each submitted batch's future is done (or failed) at once."""

    def __init__(self, failing: int | None = None) -> None:
        self.failing, self.submitted, self.in_flight, self.most = failing, [], 0, 0

    def submit(self, _fn, batch):
        future: Future = Future()
        self.submitted.append(batch.number)
        if batch.number == self.failing:
            future.set_exception(ValueError(f"batch {batch.number}"))
        else:
            future.set_result(BatchSummary(batch.number, []))
        self.in_flight += 1
        self.most = max(self.most, self.in_flight)
        return future


def _fake_batches(n: int) -> list[Batch]:
    return [Batch(i, (), "unused") for i in range(n)]


def test_at_most_a_window_of_batches_is_in_flight_and_each_comes_back_once():
    executor, tally = _FakeExecutor(), executors._Tally(10)
    seen = []
    for batch, future in executors._windowed(executor, _fake_batches(10), 3, tally):
        executor.in_flight -= 1
        seen.append((batch.number, future.result().number))
    assert seen == [(i, i) for i in range(10)]
    assert executor.most == 3


def test_no_batch_is_handed_out_after_a_failure():
    executor, tally = _FakeExecutor(failing=4), executors._Tally(10)
    for batch, future in executors._windowed(executor, _fake_batches(10), 2, tally):
        tally.add(batch.number, future.result)
    assert executor.submitted == [0, 1, 2, 3, 4, 5]  # 5 was already out when 4 failed
    with pytest.raises(ValueError, match="batch 4"):
        tally.result()


def test_early_workers_are_forked_at_once_and_taken_over_by_the_run(tmp_path, monkeypatch):
    monkeypatch.setattr(executors, "_MIN_JOBS_FOR_WORKERS", 0)
    pool = executors.EarlyWorkers(2)
    forked = set(pool._executor._processes)  # forked before any job exists
    assert len(forked) == 2
    jobs = [ArticleJob(str(p), "outlet:n", None, None) for p in sorted(RAW.glob("*.txt"))]
    summaries, info = executors.run_batches(make_batches(jobs, tmp_path / "parts", 2), workers=2, pool=pool)
    assert ([s.number for s in summaries], info.workers) == ([0, 1, 2], 2)
    assert pool.take() is None  # the run took the pool over and shut it down
    unused = executors.EarlyWorkers(2)
    unused.close()
    assert unused.take() is None
    assert executors.EarlyWorkers(1).take() is None  # one worker: this process, no pool
