"""Executors: run article jobs in this process, in a local worker pool or on a Dask cluster;
results come back in job order whatever the engine."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor

from analysis.build.jobs import ArticleJob, ArticleResult, process_article
from analysis.faults import stop_point

__all__ = ["ENGINES", "run_jobs"]

ENGINES = ("local", "dask")


def run_jobs(jobs: Sequence[ArticleJob], engine: str = "local", scheduler: str | None = None,
             partitions: int | None = None, workers: int | None = None) -> list[ArticleResult]:
    """Process every job with the local engine or with Dask; results come back in job order.

    The local engine uses `workers` processes (default: one per core) once there are
    enough articles to pay for starting them, and this process alone otherwise.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: expected one of {', '.join(ENGINES)}")
    if engine == "dask":
        return _run_dask(jobs, scheduler, partitions)
    workers = workers or os.cpu_count() or 1
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
