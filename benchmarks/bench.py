"""Benchmark the build on synthetic corpora of growing size and write a Markdown report.

For each size: generate (or reuse) a synthetic corpus, run `python -m analysis build` on it
in a fresh subprocess (wall-clock time, peak RSS), and, for small sizes, time the stages
in-process: parsing, extraction, the per-article engine (`ingest_corpus`), and the graph
and metrics. Usage:

    python benchmarks/bench.py --sizes 1000 10000 100000 --workdir /tmp/bench --out benchmarks/RESULTS.md
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import csv
import hashlib
import io
import json
import os
import platform
import pstats
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

from analysis.curation.synth import generate_corpus  # noqa: E402

__all__ = ["BuildRun", "CorpusInfo", "PhaseTiming", "main", "run_benchmark"]

DEFAULT_SIZES = (1000, 10000, 100000)
TARGET_10K_SECONDS = 60.0
TARGET_10K_RSS_MB = 1536.0
TARGET_100K_FACTOR = 12.0
CORPUS_MARKER = ".synth_complete.json"
MB = 1024 * 1024


@dataclass
class CorpusInfo:
    """A generated corpus: where it is and what it holds."""

    size: int
    seed: int
    path: str
    statements: int
    bytes: int
    generate_seconds: float
    cached: bool = False


@dataclass
class BuildRun:
    """One end-to-end `analysis build` in a subprocess."""

    seconds: float
    peak_rss_mb: float
    peak_tree_rss_mb: float
    returncode: int
    stdout_tail: str = ""
    stderr_tail: str = ""
    quality: list[dict[str, str]] = field(default_factory=list)


@dataclass
class PhaseTiming:
    """One in-process stage: elapsed seconds and how much it processed."""

    name: str
    seconds: float
    articles: int
    mbytes: float
    note: str = ""

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def mb_per_s(self) -> float:
        return self.mbytes / self.seconds if self.seconds else 0.0


# --------------------------------------------------------------------------- corpus


def prepare_corpus(size: int, seed: int, workdir: Path) -> CorpusInfo:
    """Generate a corpus for `(size, seed)` under `workdir`, or reuse a complete earlier one."""
    path = workdir / f"corpus_n{size}_s{seed}"
    marker = path / CORPUS_MARKER
    version = _generator_version()
    if marker.is_file():
        saved = json.loads(marker.read_text(encoding="utf-8"))
        if saved.pop("generator", None) == version:
            return CorpusInfo(**{**saved, "cached": True})
    if path.exists():
        shutil.rmtree(path)
    started = time.perf_counter()
    summary = generate_corpus(size, path, seed)
    info = CorpusInfo(size, seed, str(path), summary.statements, summary.bytes,
                      round(time.perf_counter() - started, 2))
    marker.write_text(json.dumps({**asdict(info), "generator": version}), encoding="utf-8")
    return info


def _generator_version() -> str:
    """Hash the generator's source and ontology: a cached corpus is reused only while both are unchanged."""
    from analysis.curation import synth
    from analysis.resources import data_path

    digest = hashlib.sha256(Path(synth.__file__).read_bytes())
    digest.update(data_path("actors.csv").read_bytes())
    return digest.hexdigest()[:16]


# --------------------------------------------------------------------------- end to end


def _sample_tree_rss(pid: int, peak: list[float], stop: threading.Event) -> None:
    """Poll the summed RSS of a process and its children until it ends; keep the maximum."""
    import psutil

    try:
        root = psutil.Process(pid)
        while not stop.is_set():
            total = 0
            for proc in (root, *root.children(recursive=True)):
                with contextlib.suppress(psutil.Error):
                    total += proc.memory_info().rss
            peak[0] = max(peak[0], total / MB)
            stop.wait(0.1)
    except psutil.Error:
        return


def _tail(path: Path, lines: int = 5) -> str:
    text = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
    return "\n".join(text.strip().splitlines()[-lines:])


def run_build(corpus: CorpusInfo, workdir: Path, kind: str = "cold") -> BuildRun:
    """Run `python -m analysis build` on a corpus in a fresh subprocess.

    `kind` is "cold" (automatic statements only, empty output folder: extraction, graphs
    and metrics with no cache hit; the target), "warm" (the same again, every article from
    the cache) or "quality" (the planted statements loaded as the curated layer and the
    extractor scored against them, in its own empty folder).
    """
    processed = workdir / (f"processed_n{corpus.size}" + ("_quality" if kind == "quality" else ""))
    if kind != "warm" and processed.exists():
        shutil.rmtree(processed)
    raw = Path(corpus.path)
    curated = ["--curated", str(raw / "truth.csv")] if kind == "quality" else ["--no-curated"]
    command = [sys.executable, "-m", "analysis", "build", "--raw-dir", str(raw),
               "--processed-dir", str(processed), *curated]
    env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(REPO / "src")}
    logs = workdir / f"build_n{corpus.size}_{kind}"
    out_log, err_log = logs.with_suffix(".out"), logs.with_suffix(".err")
    peak, stop = [0.0], threading.Event()
    with out_log.open("wb") as out, err_log.open("wb") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=err)
        sampler = threading.Thread(target=_sample_tree_rss, args=(proc.pid, peak, stop), daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        stop.set()
        sampler.join()
    return BuildRun(
        seconds=round(seconds, 2), peak_rss_mb=round(usage.ru_maxrss / 1024, 1),
        peak_tree_rss_mb=round(peak[0], 1), returncode=proc.returncode,
        stdout_tail=_tail(out_log), stderr_tail=_tail(err_log, 12),
        quality=_read_quality(processed / "extraction_quality.csv") if kind == "quality" else [],
    )


def _read_quality(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# --------------------------------------------------------------------------- in-process stages


def _timed(function: Callable[[], object]) -> tuple[object, float]:
    started = time.perf_counter()
    value = function()
    return value, time.perf_counter() - started


def _parse_all(raw: Path) -> list:
    from analysis.text.parse import iter_article_paths, parse_article, read_article

    parsed = []
    for path in iter_article_paths(raw):
        text, sha = read_article(path)
        parsed.append(parse_article(path.stem, text, sha, path.name))
    return parsed


def _extract_all(parsed: list, raw: Path) -> int:
    from analysis.build.metadata import read_metadata
    from analysis.ontology import load_ontology
    from analysis.text.extract import SentenceSpan, extract_article
    from analysis.text.mentions import MentionFinder

    ontology = load_ontology()
    finder = MentionFinder(ontology)
    outlets = {k: m.outlet for k, m in read_metadata(raw / "metadata.csv").items()}
    n_statements = 0
    for art in parsed:
        spans = [SentenceSpan(i, s.paragraph_no, s.start, s.end) for i, s in enumerate(art.sentences, 1)]
        narrator = outlets.get(art.article_id) or f"outlet:{art.article_id}"
        n_statements += len(extract_article(art.article_id, art.text, spans, narrator, ontology, finder))
    return n_statements


def _graph_and_metrics(statements: object, articles: object) -> int:
    from analysis.network.balance import structural_balance
    from analysis.network.graph import build_statement_graph, collapse_graph
    from analysis.network.metrics import blame_pagerank, top_blamers
    from analysis.ontology import load_ontology

    ontology = load_ontology()
    multigraph = build_statement_graph(statements, articles, ontology)
    for level in ("person", "organisation", "bloc"):
        graph = collapse_graph(multigraph, ontology, level)
        top_blamers(graph)
        blame_pagerank(graph)
        structural_balance(graph)
    return multigraph.number_of_edges()


def time_stages(corpus: CorpusInfo) -> list[PhaseTiming]:
    """Time parsing, extraction, the article engine and graph+metrics in this process."""
    from analysis.build.ingest import ingest_corpus

    raw, n = Path(corpus.path), corpus.size
    mbytes = corpus.bytes / MB
    parsed, parse_s = _timed(lambda: _parse_all(raw))
    n_auto, extract_s = _timed(lambda: _extract_all(parsed, raw))
    tables, ingest_s = _timed(lambda: ingest_corpus(raw))
    n_edges, graph_s = _timed(lambda: _graph_and_metrics(tables.statements, tables.articles))
    return [
        PhaseTiming("parse (read, boilerplate, sentences)", parse_s, n, mbytes),
        PhaseTiming("extract (statements from parsed articles)", extract_s, n, mbytes,
                    f"{n_auto:,} statements"),
        PhaseTiming("ingest_corpus (per-article engine with its worker processes, no cache)", ingest_s, n,
                    mbytes,
                    "parse + extract + numeric claims + language + unresolved names"),
        PhaseTiming("graph + metrics (3 levels)", graph_s, n, mbytes,
                    f"{n_edges:,} statement edges; collapse, top_blamers, pagerank, balance"),
    ]


# --------------------------------------------------------------------------- profile


def profile_build(corpus: CorpusInfo, workdir: Path, top: int = 15) -> str:
    """Profile one build in-process with cProfile; return the top functions by cumulative time."""
    from analysis.build.pipeline import BuildSettings, build_processed

    processed = workdir / f"profile_n{corpus.size}"
    if processed.exists():
        shutil.rmtree(processed)
    raw = Path(corpus.path)
    options = {"use_cache": False} if "use_cache" in BuildSettings.__dataclass_fields__ else {}
    settings = BuildSettings(raw_dir=raw, processed_dir=processed, curated=None, **options)
    profiler = cProfile.Profile()
    profiler.runcall(build_processed, settings)
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.strip_dirs().sort_stats("cumulative").print_stats(top)
    return _trim_profile(stream.getvalue())


def _trim_profile(text: str) -> str:
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
    total = next((line.strip() for line in lines if "function calls" in line), "")
    return "\n".join([total, "", *lines[start:]]).rstrip()


# --------------------------------------------------------------------------- machine


def _command_output(command: Sequence[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, cwd=REPO, check=False).stdout.strip()
    except OSError:
        return ""


def _proc_field(path: str, key: str) -> str:
    with contextlib.suppress(OSError), open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    return ""


def machine_details() -> dict[str, str]:
    """Describe the machine: CPU, cores, RAM, Python, date and code version."""
    mem_kb = _proc_field("/proc/meminfo", "MemTotal").split()
    ram = f"{int(mem_kb[0]) / 1024 / 1024:.1f} GiB" if mem_kb else "unknown"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    dirty = _command_output(["git", "status", "--porcelain"])
    commit = _command_output(["git", "rev-parse", "--short", "HEAD"])
    return {
        "date": _command_output(["date", "-u"]),
        "cpu": _proc_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": f"{os.cpu_count()} logical, {usable} usable by this process",
        "ram": ram,
        "python": sys.version.split()[0] + f" ({platform.python_implementation()}, {sys.executable})",
        "platform": platform.platform(),
        "commit": commit + (f" with {len(dirty.splitlines())} uncommitted changes" if dirty else ""),
    }


# --------------------------------------------------------------------------- report


def _verdict(ok: bool | None) -> str:
    return "not run" if ok is None else ("PASS" if ok else "FAIL")


def evaluate_targets(builds: dict[int, dict[str, BuildRun]]) -> list[tuple[str, str, str]]:
    """Check the targets on the cold builds: 10k ≤ 60 s and ≤ 1.5 GB; 100k ≤ 12 × the 10k time."""
    ten, hundred = builds.get(10000, {}).get("cold"), builds.get(100000, {}).get("cold")
    ten_ok = ten is not None and ten.returncode == 0
    rows = [
        ("10k end to end ≤ 60 s", f"{ten.seconds:.1f} s" if ten else "—",
         _verdict(ten.seconds <= TARGET_10K_SECONDS and ten_ok if ten else None)),
        ("10k peak RSS ≤ 1.5 GB", f"{_rss(ten):.0f} MB" if ten else "—",
         _verdict(_rss(ten) <= TARGET_10K_RSS_MB and ten_ok if ten else None)),
    ]
    ratio = hundred.seconds / ten.seconds if ten and hundred and ten.seconds else None
    rows.append(("100k ≤ 12 × the 10k time", f"{ratio:.1f} ×" if ratio else "—",
                 _verdict(ratio <= TARGET_100K_FACTOR and hundred.returncode == 0 if ratio else None)))
    return rows


def _rss(build: BuildRun | None) -> float:
    return max(build.peak_rss_mb, build.peak_tree_rss_mb) if build else 0.0


_KIND_LABELS = {
    "cold": "end to end, cold (extract, graphs, metrics; no cache, no curated file)",
    "warm": "rebuild, warm (every article from the cache)",
    "quality": "with the planted statements as curated layer, scored (cold)",
}


def _size_section(corpus: CorpusInfo, runs: dict[str, BuildRun], stages: list[PhaseTiming]) -> Iterator[str]:
    mbytes = corpus.bytes / MB
    yield f"## {corpus.size:,} articles\n"
    yield (f"Corpus: {corpus.size:,} articles, {mbytes:.1f} MB, {corpus.statements:,} planted statements; "
           f"generated in {corpus.generate_seconds:.1f} s" + (" (cached from an earlier run)" if corpus.cached
                                                             else "") + ".\n")
    yield "| build | wall clock | articles/s | MB/s | peak RSS (process) | peak RSS (tree) | exit |"
    yield "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    for kind, build in runs.items():
        seconds = max(build.seconds, 1e-9)
        yield (f"| {_KIND_LABELS[kind]} | {build.seconds:.1f} s | {corpus.size / seconds:,.0f} | "
               f"{mbytes / seconds:.2f} | {build.peak_rss_mb:,.0f} MB | {build.peak_tree_rss_mb:,.0f} MB | "
               f"{build.returncode} |")
    yield ""
    for kind, build in runs.items():
        if build.stdout_tail:
            yield f"- {kind} build says: `{build.stdout_tail.splitlines()[-1]}`"
        if build.returncode != 0:
            yield f"\nThe {kind} build failed; last lines of stderr:\n\n```\n" + build.stderr_tail + "\n```"
    yield ""
    if stages:
        yield from _stage_table(stages)
    quality = runs.get("quality")
    if quality and quality.quality:
        yield from _quality_table(quality.quality)


def _stage_table(stages: list[PhaseTiming]) -> Iterator[str]:
    yield ("Stages timed inside the benchmark's process after the builds (parse and extract in this "
           "process alone; ingest_corpus with the engine's worker processes):\n")
    yield "| stage | seconds | articles/s | MB/s | note |"
    yield "| --- | ---: | ---: | ---: | --- |"
    for s in stages:
        yield f"| {s.name} | {s.seconds:.2f} | {s.articles_per_s:,.0f} | {s.mb_per_s:.2f} | {s.note} |"
    yield ""


def _quality_table(quality: list[dict[str, str]]) -> Iterator[str]:
    keep = [r for r in quality if r.get("relation", "all") in ("all", "")]
    if not keep:
        return
    columns = [c for c in keep[0] if c in ("method", "match", "relation", "precision", "recall", "f1",
                                            "n_gold", "n_pred")]
    yield "Extractor against the planted statements (`extraction_quality.csv`, all relations):\n"
    yield "| " + " | ".join(columns) + " |"
    yield "| " + " | ".join("---" for _ in columns) + " |"
    for row in keep:
        yield "| " + " | ".join(row[c] for c in columns) + " |"
    yield ""


def render_results(machine: dict[str, str], corpora: list[CorpusInfo], builds: dict[int, dict[str, BuildRun]],
                   stages: dict[int, list[PhaseTiming]], profile: str, seed: int) -> str:
    """Render RESULTS.md: machine, targets, one section per size, and the profile."""
    lines = ["# Benchmark results\n",
             "Written by `benchmarks/bench.py` (see `benchmarks/README.md`). Synthetic corpora from "
             f"`analysis.curation.synth.generate_corpus` (seed {seed}); each build runs in a fresh "
             "subprocess "
             "(cold builds start from an empty output folder, so no article cache hit). The targets are "
             "checked on the cold build of automatic statements: extraction, graphs and metrics, "
             "as `python -m analysis build --no-curated` runs them.\n",
             "## Machine\n", "| | |", "| --- | --- |"]
    lines += [f"| {key} | {value} |" for key, value in machine.items()]
    lines += ["", "## Targets\n", "| target | measured | verdict |", "| --- | --- | --- |"]
    lines += [f"| {name} | {value} | {verdict} |" for name, value, verdict in evaluate_targets(builds)]
    lines.append("")
    for corpus in corpora:
        lines += list(_size_section(corpus, builds[corpus.size], stages.get(corpus.size, [])))
    if profile:
        lines += ["## Where time goes\n", "cProfile of one in-process build of the smallest corpus, top "
                  "functions by cumulative time. The per-article work runs in the engine's worker "
                  "processes, so here it shows as the main process waiting (`acquire`); the stage "
                  "table above times it:\n", "```", profile, "```", ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------- hostile text

HOSTILE_LINE = 45_000  # under the per-line work limit, so the patterns really run


def hostile_generators() -> dict[str, str]:
    """Articles built to make quadratic patterns explode (about 1 MB each)."""
    head = "A headline written for the benchmark\n\n"
    n = HOSTILE_LINE
    lines = {
        "runs of full stops": "." * n,
        "spaces before an unclosed parenthesis": "Washington accused Beijing" + " " * n + "(x",
        "open parentheses": "( " * (n // 2) + ")",
        "repeated ellipses": "... " * (n // 4),
        "unclosed quotes": "\u201c" + "a\u201c " * (n // 3),
        "one sentence, many names": "Washington accused Beijing, Mexico" + ", Mexico" * (n // 8) + ".",
    }
    return {name: head + "\n\n".join([line] * 22) + "\n" for name, line in lines.items()}


def hostile_ratios(workdir: Path) -> list[tuple[str, float, float, str]]:
    """(generator, seconds per MB, ratio to a normal article, outcome) for each hostile generator."""
    from analysis.build.jobs import ArticleJob, process_article

    folder = workdir / "hostile"
    folder.mkdir(parents=True, exist_ok=True)
    normal = (REPO / "data" / "raw" / "002_34dd3f436da6c92f.txt").read_text(encoding="utf-8")
    texts = {"normal (a seed article, x70)": "\n\n".join([normal] * 70), **hostile_generators()}
    rates = {}
    outcomes = {}
    for name, text in texts.items():
        job = ArticleJob(str(folder / "article.txt"), "outlet:bench", None, None)
        Path(job.path).write_text(text, encoding="utf-8")
        result, seconds = _timed(lambda job=job: process_article(job))
        rates[name] = seconds / (len(text.encode("utf-8")) / MB)
        outcomes[name] = result.skip_reason or f"{len(result.statements)} statements"
    base = rates[next(iter(rates))]
    return [(name, rate, rate / base, outcomes[name]) for name, rate in rates.items()]


def _hostile_table(rows: list[tuple[str, float, float, str]]) -> Iterator[str]:
    yield "## Hostile text\n"
    yield ("Time per MB of one article job (read, parse, extract) on generators built to make "
           "quadratic patterns explode, against a normal article. Every ratio stays small: the "
           "patterns are linear and the per-article limits (`too_slow`) are counts, not clocks.\n")
    yield "| generator | s per MB | ratio to normal | outcome |"
    yield "| --- | ---: | ---: | --- |"
    for name, rate, ratio, outcome in rows:
        yield f"| {name} | {rate:.3f} | {ratio:.1f} | {outcome} |"
    yield ""


# --------------------------------------------------------------------------- main


def run_benchmark(sizes: Sequence[int], workdir: Path, out: Path, seed: int = 0,
                  in_process_max: int = 1000, quality_max: int = 10000, profile: bool = True) -> str:
    """Run the whole benchmark and write the Markdown report to `out`; return its text."""
    workdir.mkdir(parents=True, exist_ok=True)
    machine = machine_details()  # taken before the runs: the date and commit they started from
    corpora, builds, stages = [], {}, {}
    for size in sorted(sizes):
        corpus = prepare_corpus(size, seed, workdir)
        print(f"[bench] {size:,} articles: corpus ready ({corpus.bytes / MB:.1f} MB)", flush=True)
        corpora.append(corpus)
        kinds = ("cold", "warm", "quality") if size <= quality_max else ("cold", "warm")
        builds[size] = {}
        for kind in kinds:
            builds[size][kind] = run = run_build(corpus, workdir, kind)
            print(f"[bench] {size:,} articles, {kind}: {run.seconds:.1f} s, peak RSS {_rss(run):.0f} MB, "
                  f"exit {run.returncode}", flush=True)
        if size <= in_process_max:
            stages[size] = time_stages(corpus)
    profile_text = profile_build(corpora[0], workdir) if profile and corpora else ""
    text = render_results(machine, corpora, builds, stages, profile_text, seed)
    text += "\n" + "\n".join(_hostile_table(hostile_ratios(workdir)))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return text


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES),
                        help="corpus sizes in articles (default: 1000 10000 100000)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/blame-report-bench"),
                        help="where corpora (cached per size and seed) and build outputs go")
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "RESULTS.md",
                        help="Markdown report to write")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic corpora")
    parser.add_argument("--in-process-max", type=int, default=1000,
                        help="time the in-process stages only for sizes up to this")
    parser.add_argument("--quality-max", type=int, default=10000,
                        help="score the extractor against the planted statements only for sizes up to this")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile of the smallest build")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments and run the benchmark."""
    args = _parser().parse_args(argv)
    run_benchmark(args.sizes, args.workdir, args.out, args.seed, args.in_process_max, args.quality_max,
                  not args.no_profile)
    print(f"[bench] wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
