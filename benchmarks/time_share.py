"""Where `extract`'s per-article time goes: all of it, and the part spent inside the `re` engine.

    python benchmarks/time_share.py RAW_DIR [--warm 200] [--timed 500]

Runs the extractor's per-article work in this process, as `python -m analysis extract` does it
(`process_article`, statements only, each article narrated by its outlet id): `--warm` articles
first (lazily built lexicons and patterns), then `--timed` articles without a profiler, then as
many again under cProfile. The compiled patterns' C methods (search, match, finditer, …) are
summed from the profile, less the profiler's own cost per call, measured here on a call that
does almost nothing (so a little of the calls' own time is taken off too). The matching done while
a `finditer` iterator is consumed counts in its caller, not here: the figure is a lower bound.
Run by `scale.py budget` on one core; prints one JSON line.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from analysis.build.ingest import IngestOptions, article_jobs  # noqa: E402
from analysis.build.jobs import ArticleJob, process_article  # noqa: E402

PATTERN_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split")
OVERHEAD_CALLS = 200_000


def jobs_for(raw: Path, n: int) -> list[ArticleJob]:
    """The first n articles of a folder without metadata.csv, as `extract` would process them."""
    return article_jobs(sorted(raw.glob("*.txt"))[:n], {}, IngestOptions(statements_only=True))


def seconds_per_article(jobs: list[ArticleJob]) -> float:
    """Wall-clock seconds per article of processing `jobs` in turn, without a profiler."""
    started = time.perf_counter()
    for job in jobs:
        process_article(job)
    return (time.perf_counter() - started) / len(jobs)


def _is_pattern_method(key: tuple) -> bool:
    file_name, _, name = key
    return file_name == "~" and any(f"'{m}' of 're.Pattern'" in name for m in PATTERN_METHODS)


def profiler_cost_per_call() -> float:
    """The inner time cProfile gives a one-character match that fails at once, per call."""
    pattern, text = re.compile("q"), "x" * 50
    stats = profile_of(lambda: pattern.match(text), OVERHEAD_CALLS)
    return sum(v[2] for k, v in stats.items() if _is_pattern_method(k)) / OVERHEAD_CALLS


def profile_of(call: Callable[[], object], n: int) -> dict:
    """cProfile's statistics of n calls of `call`."""
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(n):
        call()
    profile.disable()
    return pstats.Stats(profile).stats


def share(stats: dict, n_articles: int, per_call_cost: float) -> dict:
    """Per article: calls into the pattern methods, their time, and the callers with the most."""
    by_caller: Counter[str] = Counter()
    calls = inner = 0.0
    for key, (_, n_calls, inner_seconds, _, callers) in stats.items():
        if not _is_pattern_method(key):
            continue
        calls += n_calls
        inner += inner_seconds
        for (file_name, _, caller), caller_stats in callers.items():
            by_caller[f"{Path(file_name).stem}.{caller}"] += caller_stats[2]
    engine = max(0.0, inner - calls * per_call_cost)
    top = [{"caller": name, "share": round(seconds / inner, 3)} for name, seconds in by_caller.most_common(6)]
    return {"re_calls_per_article": round(calls / n_articles),
            "re_ms_per_article": round(engine / n_articles * 1e3, 2),
            "profiler_ns_per_call": round(per_call_cost * 1e9), "top_callers": top}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("raw", type=Path)
    parser.add_argument("--warm", type=int, default=200)
    parser.add_argument("--timed", type=int, default=500)
    args = parser.parse_args(argv)
    jobs = jobs_for(args.raw, args.warm + 2 * args.timed)
    if len(jobs) < args.warm + 2 * args.timed:
        parser.error(f"{args.raw}: needs {args.warm + 2 * args.timed} articles, has {len(jobs)}")
    warm, timed, under_profile = (jobs[:args.warm], jobs[args.warm:args.warm + args.timed],
                                  jobs[args.warm + args.timed:])
    seconds_per_article(warm)
    per_article = seconds_per_article(timed)
    pending = iter(under_profile)
    stats = profile_of(lambda: process_article(next(pending)), len(under_profile))
    found = share(stats, len(under_profile), profiler_cost_per_call())
    print(json.dumps({"articles_timed": args.timed, "ms_per_article": round(per_article * 1e3, 2), **found}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
