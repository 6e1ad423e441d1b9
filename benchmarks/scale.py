"""Scale benchmark of the streamed build; results go to WORKDIR/scale.json, then into RESULTS.md.

Each step runs commands in fresh subprocesses and records wall clock and the peak RSS of the
whole process tree (the build and its worker processes, sampled every 0.1 s):

    python benchmarks/scale.py builds --sizes 5000 20000 --kinds cold      # memory as the corpus grows
    python benchmarks/scale.py builds --sizes 10000 50000 100000 --kinds cold warm dask
    python benchmarks/scale.py cluster --size 2000     # `dask scheduler` and `dask worker` as processes
    python benchmarks/scale.py speed --articles 4000   # plain, spaCy, extract; each on one core, 3 rounds
    python benchmarks/scale.py budget --articles 4000  # where extract's time goes (time_share.py)
    python benchmarks/scale.py noop                    # a no-op `make report`: seconds, kernels started
    python benchmarks/scale.py write --out benchmarks/RESULTS.md   # estimate at 1M, Markdown section

Steps can run separately (large ones in the background); `write` renders what was measured.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))
sys.path.insert(0, str(REPO / "src"))

from bench import machine_details, prepare_corpus  # noqa: E402

MB = 1024 * 1024
BEGIN, END = "<!-- scale:begin -->", "<!-- scale:end -->"
MILLION = 1_000_000


@dataclass
class Run:
    """One command: wall clock, peak RSS of its process tree and of the command's own process
    (the build's driver), exit status, kernels it started."""

    seconds: float
    peak_tree_mb: float
    returncode: int
    kernels: int = 0
    note: str = ""
    peak_driver_mb: float = 0.0


def _sample(pid: int, peak: list[float], kernels: set[int], stop: threading.Event, progress: Path) -> None:
    """Poll the process tree's summed RSS (peak[0]) and the root's own (peak[1]); write the peaks so
    far to `progress` every few seconds."""
    import psutil

    with contextlib.suppress(psutil.Error):
        root = psutil.Process(pid)
        started, written = time.monotonic(), 0.0
        while not stop.is_set():
            if time.monotonic() - written > 5:
                progress.write_text(f"{time.monotonic() - started:.0f} s, peak {peak[0]:.0f} MB "
                                    f"(driver {peak[1]:.0f} MB)\n")
                written = time.monotonic()
            total = 0
            for proc in (root, *root.children(recursive=True)):
                with contextlib.suppress(psutil.Error):
                    rss = proc.memory_info().rss
                    total += rss
                    if proc is root:
                        peak[1] = max(peak[1], rss / MB)
                    if any("ipykernel" in part for part in proc.cmdline()):
                        kernels.add(proc.pid)
            peak[0] = max(peak[0], total / MB)
            stop.wait(0.1)


def run(command: list[str], log: Path, env: dict[str, str] | None = None) -> Run:
    """Run a command to completion, sampling its process tree."""
    peak, kernels, stop = [0.0, 0.0], set(), threading.Event()
    full_env = {**os.environ, "PYTHONHASHSEED": "0", "PYTHONPATH": str(REPO / "src"), **(env or {})}
    with log.open("wb") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=REPO, env=full_env, stdout=out, stderr=subprocess.STDOUT)
        sample_args = (proc.pid, peak, kernels, stop, log.with_suffix(".peak"))
        sampler = threading.Thread(target=_sample, args=sample_args, daemon=True)
        sampler.start()
        proc.wait()
        seconds = time.perf_counter() - started
        stop.set()
        sampler.join()
    tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:] or [""]
    return Run(round(seconds, 2), round(peak[0], 1), proc.returncode, len(kernels), tail[0][:300],
               round(peak[1], 1))


def _store(workdir: Path) -> Path:
    return workdir / "scale.json"


def record(workdir: Path, key: str, value: object) -> None:
    """Add one measurement to WORKDIR/scale.json."""
    path = _store(workdir)
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data[key] = value
    path.write_text(json.dumps(data, indent=1, sort_keys=True), encoding="utf-8")
    print(key, json.dumps(value), flush=True)


def _build_command(raw: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "analysis", "build", "--raw-dir", str(raw), "--processed-dir", str(out),
            "--no-curated", *extra]


def builds(sizes: list[int], kinds: list[str], workdir: Path) -> None:
    """Cold (empty folder), warm (same folder again) and dask (2 local workers, cold) builds."""
    for size in sizes:
        corpus = prepare_corpus(size, 0, workdir)
        raw = Path(corpus.path)
        record(workdir, f"corpus/{size}", {"bytes": corpus.bytes, "articles": size})
        for kind in kinds:
            out = workdir / f"scale_n{size}" if kind != "dask" else workdir / f"scale_n{size}_dask"
            if kind != "warm" and out.exists():
                shutil.rmtree(out)
            extra = ["--engine", "dask"] if kind == "dask" else []
            result = run(_build_command(raw, out, *extra), workdir / f"scale_n{size}_{kind}.log")
            log_path = out / "build_log.json"
            log = json.loads(log_path.read_text(encoding="utf-8")) if result.returncode == 0 else {}
            result.note = f"{result.note} [engine {log.get('engine')}, workers {log.get('workers')}]"
            record(workdir, f"build/{size}/{kind}", asdict(result))


def cluster(size: int, workdir: Path) -> None:
    """The README's cluster recipe: a scheduler and a worker process, then a build against them."""
    corpus = prepare_corpus(size, 0, workdir)
    raw = Path(corpus.path)
    bin_dir = Path(sys.executable).parent
    scheduler_file = workdir / "scheduler.json"
    scheduler_file.unlink(missing_ok=True)
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    logs = [(workdir / "dask_scheduler.log").open("wb"), (workdir / "dask_worker.log").open("wb")]
    scheduler = subprocess.Popen([str(bin_dir / "dask"), "scheduler", "--scheduler-file", str(scheduler_file),
                                  "--host", "127.0.0.1", "--dashboard-address", "127.0.0.1:8788"],
                                 env=env, stdout=logs[0], stderr=subprocess.STDOUT)
    worker = None
    try:
        _wait_for(scheduler_file)
        address = json.loads(scheduler_file.read_text(encoding="utf-8"))["address"]
        worker = subprocess.Popen([str(bin_dir / "dask"), "worker", address, "--nworkers", "2",
                                   "--nthreads", "1", "--host", "127.0.0.1"],
                                  env=env, stdout=logs[1], stderr=subprocess.STDOUT)
        _wait_for_workers(address, 2)
        dashboard = _dashboard_status("http://127.0.0.1:8788/status")
        out = workdir / f"cluster_n{size}"
        shutil.rmtree(out, ignore_errors=True)
        result = run(_build_command(raw, out, "--engine", "dask", "--scheduler", address),
                     workdir / "cluster_build.log")
        local = workdir / f"cluster_n{size}_local"
        shutil.rmtree(local, ignore_errors=True)
        run(_build_command(raw, local), workdir / "cluster_local.log")
        same = all((out / f"{t}.parquet").read_bytes() == (local / f"{t}.parquet").read_bytes()
                   for t in ("articles", "sentences", "statements_auto", "claims", "boilerplate"))
        record(workdir, "cluster", {**asdict(result), "size": size, "address": address,
                                    "dashboard": dashboard, "same_bytes_as_local": same})
    finally:
        for proc in (worker, scheduler):
            if proc is not None:
                proc.terminate()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=20)
        for handle in logs:
            handle.close()


def _wait_for(path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.2)


def _wait_for_workers(address: str, n: int) -> None:
    from distributed import Client

    with Client(address, timeout=60) as client:
        client.wait_for_workers(n, timeout=120)


def _dashboard_status(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            body = response.read()
            bokeh = " (a Bokeh page)" if b"Bokeh" in body else ""
            return f"HTTP {response.status}, {len(body):,} bytes{bokeh}"
    except OSError as err:
        return f"unreachable: {err}"


def _repeated_seeds(n: int, workdir: Path) -> Path:
    """The five seeds repeated to n articles, each made distinct by a closing line."""
    folder = workdir / f"seeds_x{n}"
    if folder.exists() and len(list(folder.glob("*.txt"))) == n:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    seeds = sorted((REPO / "data" / "raw").glob("*.txt"))
    for i in range(n):
        text = seeds[i % len(seeds)].read_text(encoding="utf-8")
        (folder / f"a{i:05d}.txt").write_text(f"{text}\nNote {i}.\n", encoding="utf-8")
    return folder


def speed(articles: int, workdir: Path, spacy_python: str, rounds: int = 3) -> None:
    """Plain pass, spaCy peer and the project's `extract`, one after another, each on core 0.

    The three run in turn `rounds` times and each keeps its fastest run: on a shared machine
    the background load changes between commands, and the least-disturbed run is the one
    that says what the command costs (every round's seconds are recorded too).
    """
    raw = _repeated_seeds(articles, workdir)
    mbytes = sum(p.stat().st_size for p in raw.glob("*.txt")) / MB
    actors = REPO / "src" / "analysis" / "data" / "actors.csv"
    peers = REPO / "benchmarks" / "peers.py"
    commands = {
        "plain": ["taskset", "-c", "0", sys.executable, str(peers), "plain", str(raw), str(actors)],
        "spacy": ["taskset", "-c", "0", spacy_python, str(peers), "spacy", str(raw), str(actors)],
        "extract": ["taskset", "-c", "0", sys.executable, "-m", "analysis", "extract", "--raw-dir", str(raw),
                    "--out", str(workdir / "speed_statements.csv")],
    }
    runs: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(max(1, rounds)):
        for name, command in commands.items():
            runs[name].append(run(command, workdir / f"speed_{name}.log"))
    results = {}
    for name, done in runs.items():
        fastest = min(done, key=lambda r: r.seconds)
        results[name] = {**asdict(fastest), "mb_per_s": round(mbytes / fastest.seconds, 3),
                         "rounds": [r.seconds for r in done]}
    record(workdir, "speed", {"articles": articles, "mbytes": round(mbytes, 2), "rounds": max(1, rounds),
                              **results})


def budget(articles: int, workdir: Path) -> None:
    """Where `extract`'s time goes (`time_share.py`, core 0) and what a one-article `extract` costs."""
    raw = _repeated_seeds(articles, workdir)
    one = run(["taskset", "-c", "0", sys.executable, "-m", "analysis", "extract", "--raw-dir",
               str(_repeated_seeds(1, workdir)), "--out", str(workdir / "budget_one.csv")],
              workdir / "budget_one.log")
    log = workdir / "budget_share.log"
    probe = REPO / "benchmarks" / "time_share.py"
    warm, timed = min(200, articles // 5), min(500, max(1, articles * 2 // 5))  # a quick run stays quick
    share = run(["taskset", "-c", "0", sys.executable, str(probe), str(raw), "--warm", str(warm),
                 "--timed", str(timed)], log)
    if one.returncode or share.returncode:
        raise SystemExit(f"budget: a command failed, see {workdir / 'budget_one.log'} and {log}")
    found = json.loads(log.read_text(encoding="utf-8").strip().splitlines()[-1])
    record(workdir, "budget", {"one_article_seconds": one.seconds, **found})


def noop(workdir: Path) -> None:
    """`make report` once to bring everything up to date, then the timed no-op run."""
    make = ["make", "report", "APT=no"]
    first = run(make, workdir / "make_report_first.log")
    second = run(make, workdir / "make_report_noop.log")
    record(workdir, "noop_report", {"first": asdict(first), "noop": asdict(second)})


# --------------------------------------------------------------------------- report


def _fit(points: list[tuple[int, float]]) -> tuple[float, float]:
    """Least-squares line y = a + b·n."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    var = sum((x - mean_x) ** 2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / var if var else 0.0
    return mean_y - slope * mean_x, slope


def _build_rows(data: dict) -> list[str]:
    rows = ["| articles | MB | build | wall clock | articles/s | peak RSS, process tree | of it the driver "
            "| exit | engine, workers |",
            "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    keys = sorted((k for k in data if k.startswith("build/")), key=lambda k: (int(k.split("/")[1]), k))
    for key in keys:
        _, size, kind = key.split("/")
        r = data[key]
        mb = data.get(f"corpus/{size}", {}).get("bytes", 0) / MB
        engine = r["note"].rsplit("[", 1)[-1].rstrip("]") if "[" in r["note"] else ""
        rate = int(size) / r["seconds"]
        driver = f"{r['peak_driver_mb']:,.0f} MB" if r.get("peak_driver_mb") else "–"
        rows.append(f"| {int(size):,} | {mb:.1f} | {kind} | {r['seconds']:.1f} s | {rate:,.0f} | "
                    f"{r['peak_tree_mb']:,.0f} MB | {driver} | {r['returncode']} | {engine} |")
    return rows


ESTIMATE_FROM = 10_000  # the estimate at a million rests on the points of this size or more


def _exponent(points: list[tuple[int, float]]) -> float:
    """The growth exponent k of y ∝ n^k between the smallest and the largest point."""
    (n0, y0), (n1, y1) = min(points), max(points)
    return math.log(y1 / y0) / math.log(n1 / n0) if y0 > 0 and y1 > 0 and n1 > n0 else float("nan")


def _estimate(data: dict, kind: str) -> str:
    points = [(int(k.split("/")[1]), data[k]) for k in data
              if k.startswith("build/") and k.endswith(f"/{kind}")]
    points = sorted((n, r) for n, r in points if n >= ESTIMATE_FROM and r["returncode"] == 0)
    if len(points) < 2:
        need = f"needs two points of {ESTIMATE_FROM // 1000}k or more"
        return f"| {kind} | – | – | – | – | not measured ({need}) |"
    seconds = _fit([(n, r["seconds"]) for n, r in points])
    memory = _fit([(n, r["peak_tree_mb"]) for n, r in points])
    time_k = _exponent([(n, r["seconds"]) for n, r in points])
    memory_k = _exponent([(n, r["peak_tree_mb"]) for n, r in points])
    largest = max(points)
    t_m = seconds[0] + seconds[1] * MILLION
    m_m = memory[0] + memory[1] * MILLION
    per_10k_s = seconds[1] * 10000
    per_10k_mb = memory[1] * 10000
    sizes = ", ".join(f"{n // 1000}k" for n, _ in sorted(points))
    return (f"| {kind} | {sizes} | {t_m / 3600:.2f} h ({t_m:,.0f} s) | {m_m:,.0f} MB | "
            f"{per_10k_s:.1f} s and {per_10k_mb:+.1f} MB per 10k articles; time ∝ n^{time_k:.2f}, "
            f"memory ∝ n^{memory_k:.2f} | largest measured: "
            f"{largest[0]:,} in {largest[1]['seconds']:.0f} s, {largest[1]['peak_tree_mb']:,.0f} MB |")


def render(data: dict) -> str:
    """The Markdown section for RESULTS.md."""
    lines = [BEGIN, "## Streamed build: memory, engines, a simulated million, speed per core", "",
             "Written by `benchmarks/scale.py` (see its docstring); every figure below was measured on this "
             "machine in the runs recorded in its `scale.json`. Peak RSS is the sum over the build's process "
             "tree (driver and worker processes), sampled every 0.1 s.", "", "Machine:", ""]
    lines += [f"- {k}: {v}" for k, v in machine_details().items()]
    lines += ["", "### Builds (automatic statements, `--no-curated`)", "", *_build_rows(data), ""]
    lines += ["cold: empty output folder, nothing cached; warm: the same folder again, every article "
              "from the cache; dask: cold, `--engine dask` (a local cluster of one worker process per "
              "usable CPU).", ""]
    lines += [f"### A simulated million (least-squares line through the measured points of "
              f"{ESTIMATE_FROM // 1000}k or more)", "",
              "| build | points | time at 1M | peak RSS at 1M | growth | |",
              "| --- | --- | ---: | ---: | --- | --- |",
              *(_estimate(data, kind) for kind in ("cold", "warm", "dask")), ""]
    if "cluster" in data:
        c = data["cluster"]
        lines += ["### The README's cluster recipe, run as separate processes", "",
                  "`dask scheduler` and `dask worker --nworkers 2 --nthreads 1` started as their own "
                  f"processes; `python -m analysis build --engine dask --scheduler {c['address']}` on "
                  f"{c['size']:,} articles: {c['seconds']:.1f} s, exit {c['returncode']}, driver tree peak "
                  f"{c['peak_tree_mb']:,.0f} MB "
                  f"(the workers are not its children); tables byte-identical to the local engine's: "
                  f"{c['same_bytes_as_local']}; dashboard: {c['dashboard']}.", ""]
    if "speed" in data:
        s = data["speed"]
        lines += ["### Speed per core (`taskset -c 0`, whole commands including start-up)", "",
                  f"The five seeds repeated to {s['articles']:,} articles ({s['mbytes']:.1f} MB), one after "
                  "another in the same run" + (f", in turn {s['rounds']} times, each command's fastest run "
                                               "(every round's seconds in the last column)"
                                               if s.get("rounds", 1) > 1 else "") + ":", "",
                  "| command | seconds | MB/s | vs plain | vs spaCy | rounds (s) |",
                  "| --- | ---: | ---: | ---: | ---: | --- |"]
        for name, label in (("plain", "sentence split + one alias regex pass"),
                            ("spacy", "spaCy blank + sentencizer + EntityRuler (own venv)"),
                            ("extract", "`python -m analysis extract`")):
            r = s[name]
            vs_plain, vs_spacy = r["seconds"] / s["plain"]["seconds"], r["seconds"] / s["spacy"]["seconds"]
            each = ", ".join(f"{x:.1f}" for x in r.get("rounds", [r["seconds"]]))
            lines.append(f"| {label} | {r['seconds']:.1f} | {r['mb_per_s']:.2f} | {vs_plain:.1f}× | "
                         f"{vs_spacy:.2f}× | {each} |")
        lines.append("")
    if "budget" in data and "speed" in data:
        lines += _budget_lines(data["budget"], data["speed"])
    if "noop_report" in data:
        n = data["noop_report"]["noop"]
        lines += ["### No-op `make report`", "",
                  f"With everything up to date: {n['seconds']:.2f} s, {n['kernels']} kernels started, "
                  f"exit {n['returncode']}.", ""]
    lines.append(END)
    return "\n".join(lines) + "\n"


def _budget_lines(b: dict, s: dict) -> list[str]:
    """The per-article budget the 2×-spaCy target leaves, beside what the `re` engine alone takes."""
    target = s["spacy"]["seconds"] / 2
    start_up = b["one_article_seconds"] - b["ms_per_article"] / 1e3
    left_ms = (target - start_up) / s["articles"] * 1e3
    engine_share = b["re_ms_per_article"] / b["ms_per_article"]
    verdict = "less than" if left_ms < b["re_ms_per_article"] else "more than"
    lines = ["### Where `extract`'s time goes, against the 2×-spaCy target", "",
             f"`benchmarks/time_share.py` on core 0 ({b['articles_timed']} seed copies timed after a "
             f"warm-up, as many again under cProfile): {b['ms_per_article']:.2f} ms per article, of it "
             f"{b['re_ms_per_article']:.2f} ms ({engine_share:.0%}) inside the compiled patterns' C methods "
             f"({b['re_calls_per_article']:,} calls per article; the profiler's "
             f"{b['profiler_ns_per_call']} ns per call taken off, so this is if anything low). "
             f"A one-article `extract` takes {b['one_article_seconds']:.2f} s, so start-up is ≈ "
             f"{start_up:.2f} s. Twice the spaCy peer's speed in the run above is {target:.1f} s for the "
             f"{s['articles']:,} articles: after start-up that leaves "
             + (f"{left_ms:.2f} ms per article, {verdict} the `re` engine alone takes." if left_ms > 0
                else "nothing: start-up alone takes longer than the target, whatever an article costs."),
             "",
             "| caller of the pattern methods | share of their time |", "| --- | ---: |"]
    lines += [f"| `{c['caller']}` | {c['share']:.0%} |" for c in b["top_callers"]]
    return [*lines, ""]


def write(out: Path, workdir: Path) -> None:
    """Insert (or replace) the section in `out`."""
    data = json.loads(_store(workdir).read_text(encoding="utf-8"))
    section = render(data)
    text = out.read_text(encoding="utf-8") if out.exists() else "# Benchmark results\n"
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        text = before + section + rest.split(END, 1)[1].lstrip("\n")
    else:
        head, sep, tail = text.partition("\n## ")
        text = head.rstrip("\n") + "\n\n" + section + ("\n## " + tail if sep else "")
    out.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("step", choices=["builds", "cluster", "speed", "budget", "noop", "write"])
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000])
    parser.add_argument("--kinds", nargs="+", default=["cold"], choices=["cold", "warm", "dask"])
    parser.add_argument("--size", type=int, default=2000)
    parser.add_argument("--articles", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=3, help="speed: the commands run in turn this often")
    parser.add_argument("--spacy-python", default="/tmp/blame-report-bench/spacy-venv/bin/python")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/blame-report-bench"))
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "RESULTS.md")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.step == "builds":
        builds(args.sizes, args.kinds, args.workdir)
    elif args.step == "cluster":
        cluster(args.size, args.workdir)
    elif args.step == "speed":
        speed(args.articles, args.workdir, args.spacy_python, args.rounds)
    elif args.step == "budget":
        budget(args.articles, args.workdir)
    elif args.step == "noop":
        noop(args.workdir)
    else:
        write(args.out, args.workdir)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
