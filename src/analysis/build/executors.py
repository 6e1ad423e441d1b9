"""Executors: run article jobs in this process, in a local worker pool or on a Dask cluster.

Two ways to run: `run_jobs` returns every article's full result in job order (small corpora:
`extract`, `quality`); `run_batches` is the build's streamed way: each batch's worker writes its
rows to parquet parts and only the batches' summaries come back, in batch order whatever the
engine, with a progress bar through `analysis.progress` for every engine.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor
from concurrent.futures import wait as futures_wait
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice, repeat
from typing import TYPE_CHECKING, Any

from analysis.build.jobs import ArticleJob, ArticleResult, process_article
from analysis.faults import stop_point
from analysis.progress import progress

if TYPE_CHECKING:  # the streamed build's module (pyarrow, pandera) loads only when batches run
    from analysis.build.stream import Batch, BatchSummary

__all__ = ["ENGINES", "EarlyWorkers", "RunInfo", "default_workers", "early_workers", "run_batches",
           "run_jobs"]

ENGINES = ("local", "dask")


def default_workers() -> int:
    """The CPUs this process may use (its affinity mask), at least one."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: expected one of {', '.join(ENGINES)}")


def run_jobs(jobs: Sequence[ArticleJob], engine: str = "local", scheduler: str | None = None,
             partitions: int | None = None, workers: int | None = None) -> list[ArticleResult]:
    """Process every job with the local engine or with Dask; results come back in job order.

    The local engine uses `workers` processes (default: the CPUs this process may use) once
    there are enough articles to pay for starting them, and this process alone otherwise.
    """
    _check_engine(engine)
    if engine == "dask":
        return _run_dask(jobs, scheduler, partitions)
    workers = workers or default_workers()
    if workers == 1 or len(jobs) < _MIN_JOBS_FOR_WORKERS:
        return _collect_results(process_article(job) for job in jobs)
    return _run_processes(jobs, workers)


def _collect_results(results: Iterable[ArticleResult]) -> list[ArticleResult]:
    """Gather results in order (with a test stop point after each one)."""
    collected = []
    for n, result in enumerate(results, start=1):
        collected.append(result)
        stop_point("article", n)
    return collected


_MIN_JOBS_FOR_WORKERS = 64
_CHUNK = 16


def _run_processes(jobs: Sequence[ArticleJob], workers: int) -> list[ArticleResult]:
    executor = ProcessPoolExecutor(max_workers=workers)
    try:
        results = _collect_results(executor.map(process_article, jobs, chunksize=_CHUNK))
    except BaseException:
        executor.shutdown(wait=False, cancel_futures=True)  # Ctrl-C: stop handing out work
        raise
    executor.shutdown()
    return results


def _run_dask(jobs: Sequence[ArticleJob], scheduler: str | None,
              partitions: int | None) -> list[ArticleResult]:
    import dask.bag as db

    bag = db.from_sequence(list(jobs), npartitions=partitions or max(1, min(len(jobs), 64)))
    mapped = bag.map(process_article)
    if scheduler:
        from distributed import Client

        with Client(scheduler) as client:
            return list(client.compute(mapped).result())
    return list(mapped.compute(scheduler="processes"))


# ----------------------------------------------------------------------------- streamed


@dataclass(frozen=True)
class RunInfo:
    """How a streamed run was executed (recorded in the build log)."""

    engine: str
    workers: int


class _Tally:
    """Summaries by batch number, the stop point after each article, the first batch's error."""

    def __init__(self, n_batches: int) -> None:
        self.summaries: list[BatchSummary | None] = [None] * n_batches
        self.n_articles = 0
        self.error: tuple[int, BaseException] | None = None

    def add(self, number: int, outcome: Callable[[], BatchSummary]) -> None:
        try:
            summary = outcome()
        except Exception as err:  # the lowest batch's error is raised once all have finished
            if self.error is None or number < self.error[0]:
                self.error = (number, err)
            return
        self.summaries[number] = summary
        for _ in summary.articles:
            self.n_articles += 1
            stop_point("article", self.n_articles)

    def result(self) -> list[BatchSummary]:
        if self.error is not None:
            raise self.error[1]
        return [s for s in self.summaries if s is not None]


def run_batches(batches: Sequence[Batch], engine: str = "local", scheduler: str | None = None,
                workers: int | None = None, show_progress: bool = False, pool: EarlyWorkers | None = None,
                ) -> tuple[list[BatchSummary], RunInfo]:
    """Run every batch (its worker writes the parts); return the summaries in batch order.

    Local: `workers` processes (default: the CPUs this process may use; `pool`'s when given, see
    `early_workers`), or this process alone for a small corpus. Dask: the cluster at `scheduler`,
    else a local cluster of `workers` processes. If batches fail, the first failing batch's error
    is raised.
    """
    _check_engine(engine)
    n_articles = sum(len(b.jobs) for b in batches)
    tally = _Tally(len(batches))
    info: list[RunInfo] = []
    if engine == "dask":
        done = _dask_batches(batches, scheduler, workers, tally, info)
    else:
        done = _local_batches(batches, workers or default_workers(), n_articles, tally, info, pool)
    for _ in progress(done, total=n_articles, desc=f"build ({engine})", enabled=show_progress):
        pass
    return tally.result(), info[0]


def _local_batches(batches: Sequence[Batch], workers: int, n_articles: int, tally: _Tally,
                   info: list[RunInfo], pool: EarlyWorkers | None = None) -> Iterator[None]:
    """Yield once per finished article (for the progress bar)."""
    from analysis.build.stream import process_batch

    if workers == 1 or n_articles < _MIN_JOBS_FOR_WORKERS:
        info.append(RunInfo("local", 1))
        for batch in batches:
            tally.add(batch.number, lambda batch=batch: process_batch(batch))
            yield from repeat(None, len(batch.jobs))
            if tally.error:
                return
        return
    info.append(RunInfo("local", workers))
    executor = (pool.take() if pool is not None and pool.workers == workers else None) \
        or ProcessPoolExecutor(max_workers=workers)
    try:
        for batch, future in _windowed(executor, batches, WINDOW_PER_WORKER * workers, tally):
            tally.add(batch.number, future.result)
            yield from repeat(None, len(batch.jobs))
    except BaseException:
        # Ctrl-C: hand out no more work, and let the running batches finish their files before
        # the staging folder they write into is removed.
        executor.shutdown(wait=True, cancel_futures=True)
        raise
    executor.shutdown()


class EarlyWorkers:
    """Local worker processes forked when this is made, before the driver builds per-article state.

    A forked worker maps (and counts in its RSS) everything the driver holds when it forks: forked
    after the job list and the metadata of every article, each worker's memory would grow with
    the corpus. `run_batches` takes the pool over (and shuts it down); `close` ends an unused one.
    """

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or default_workers()
        self._executor: ProcessPoolExecutor | None = None
        if self.workers > 1:
            self._executor = ProcessPoolExecutor(max_workers=self.workers)
            self._executor.submit(int).result()  # a fork pool forks every worker at its first task

    def take(self) -> ProcessPoolExecutor | None:
        """Hand the pool over to its user (once)."""
        executor, self._executor = self._executor, None
        return executor

    def close(self) -> None:
        """Shut the pool down if nobody took it."""
        executor = self.take()
        if executor is not None:
            executor.shutdown()


@contextmanager
def early_workers(engine: str, workers: int | None) -> Iterator[EarlyWorkers | None]:
    """Fork the local engine's workers now (none for Dask); shut them down if they were not used."""
    pool = EarlyWorkers(workers) if engine == "local" else None
    try:
        yield pool
    finally:
        if pool is not None:
            pool.close()


# Batches handed out per worker at a time: enough to keep every worker busy, few enough that the
# driver holds neither every batch's future nor its summary twice (memory stays flat as the
# corpus grows).
WINDOW_PER_WORKER = 4


def _windowed(executor: ProcessPoolExecutor, batches: Iterable[Batch], window: int,
              tally: _Tally) -> Iterator[tuple[Batch, Future]]:
    """Submit batches in order, at most `window` at a time; yield each (batch, future) once done.

    A finished future is dropped once yielded. After a failure no more batches are submitted:
    every earlier batch already was, so the lowest failing batch still reports its error.
    """
    from analysis.build.stream import process_batch

    todo = iter(batches)
    pending: dict[Future, Batch] = {}
    while True:
        if tally.error is None:
            for batch in islice(todo, max(0, window - len(pending))):
                pending[executor.submit(process_batch, batch)] = batch
        if not pending:
            return
        done, _ = futures_wait(pending, return_when=FIRST_COMPLETED)
        for future in sorted(done, key=lambda f: pending[f].number):
            yield pending.pop(future), future


def _dask_batches(batches: Sequence[Batch], scheduler: str | None, workers: int | None, tally: _Tally,
                  info: list[RunInfo]) -> Iterator[None]:
    """Submit batches as futures, a few per worker at a time; yield once per finished article."""
    from distributed import Client, LocalCluster, as_completed

    from analysis.build.stream import process_batch

    cluster: Any = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    try:
        n_workers = len(client.nthreads())
        info.append(RunInfo("dask", n_workers))
        todo = iter(batches)
        pending: dict[Any, Batch] = {}
        running = as_completed()
        for batch in islice(todo, WINDOW_PER_WORKER * max(1, n_workers)):
            future = client.submit(process_batch, batch, pure=False)
            pending[future] = batch
            running.add(future)
        for future in running:
            batch = pending.pop(future)
            tally.add(batch.number, future.result)
            del future  # released: the cluster forgets the result
            for batch_next in islice(todo, 0 if tally.error else 1):
                following = client.submit(process_batch, batch_next, pure=False)
                pending[following] = batch_next
                running.add(following)
            yield from repeat(None, len(batch.jobs))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
