"""Every row of docs/bad-inputs.md, run as a user would: one-line errors or counted skips."""

from __future__ import annotations

import fcntl
import json
import os
import pickle
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from analysis.build.cache import CACHE_SUFFIX
from analysis.cli import main
from analysis.store.output_folder import PROCESSED, REPORTS
from analysis.store.tables import read_table
from tests.conftest import FIXTURES, RAW, REPO, copy_seeds

GOOD = "A headline written for these tests\n\nWashington accused Beijing of exporting precursor chemicals.\n"
SEED = "004_048d13d2345a47be"


def _table_rows() -> list[dict[str, str]]:
    rows = []
    for line in (REPO / "docs" / "bad-inputs.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`"):
            rows.append({"case": cells[0].strip("`"), "expected": cells[2], "message": cells[3].strip("`")})
    return rows


def _raw(tmp_path: Path, files: dict[str, bytes | str]) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (raw / name).write_bytes(data)
    return raw


def _seed_copy(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    return raw if raw.exists() else copy_seeds(raw, SEED)


def _metadata(raw: Path, header: str, *rows: str) -> None:
    (raw / "metadata.csv").write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")


def _curated(tmp_path: Path, row: str) -> Path:
    path = tmp_path / "curated.csv"
    path.write_text("article_id,speaker,target,relation,topic,voice,start,end,evidence,status,reviewed_by,note\n"
                    + row + "\n", encoding="utf-8")
    return path


def _actors(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "actors.csv"
    path.write_text((FIXTURES / "test_actors.csv").read_text(encoding="utf-8") + extra, encoding="utf-8")
    return path


def _build(tmp_path: Path, raw: Path, *extra: str) -> list[str]:
    return ["build", "--raw-dir", str(raw), "--processed-dir", str(tmp_path / "processed"), *extra]


def _report(tmp_path: Path, *extra: str) -> list[str]:
    processed = tmp_path / "processed"
    assert main(_build(tmp_path, _seed_copy(tmp_path), "--curated", str(tmp_path / "none.csv"))) == 0
    return ["report", "--processed-dir", str(processed), "--reports-dir", str(tmp_path / "reports"),
            "--no-pdf", *extra]


HEADER = "article_id,outlet,title,published,language,sha256"
CP1252 = "Title line\nL\u00f3pez".encode("cp1252")
CRIME = "narrator,0,5,Crime,,,"  # the seed starts with "Crime & Justice"
SPANISH = ("El gobierno de México rechaza las acusaciones\n\n"
           + "El presidente dijo el martes que el fentanilo no se produce en su país y que la crisis "
             "de consumo es un problema de los Estados Unidos, según un comunicado de la cancillería "
             "publicado en la capital durante la mañana. " * 3)
QUIET = "A quiet headline about the weather\n\nIt rained all day.\n"


def _with_metadata(t: Path, header: str, *rows: str) -> list[str]:
    raw = _seed_copy(t)
    _metadata(raw, header, *rows)
    return _build(t, raw)


def _with_curated(t: Path, row: str) -> list[str]:
    return _build(t, _seed_copy(t), "--curated", str(_curated(t, row)))


def _same_id_in_two_folders(t: Path) -> list[str]:
    return _build(t, _seed_copy(t), "--extra-raw-dir", str(copy_seeds(t / "other", SEED)))


def _coded_in_two_files(t: Path) -> list[str]:
    text = (RAW / f"{SEED}.txt").read_text(encoding="utf-8")
    start = text.index("Mexico")
    row = f"{SEED},us,mx,accuse,other,narrator,{start},{start + 6},Mexico,accepted,,"
    other = t / "second"
    other.mkdir()
    (other / "900_other.txt").write_text(GOOD, encoding="utf-8")
    twice = t / "twice.csv"
    twice.write_bytes(_curated(t, row).read_bytes())
    return _build(t, _seed_copy(t), "--curated", str(t / "curated.csv"), "--extra-raw-dir", str(other),
                  "--extra-curated", str(twice))


def _with_actors(t: Path, rows: str) -> list[str]:
    return _build(t, _seed_copy(t), "--ontology", str(_actors(t, rows)))


def _articles(t: Path, **files: bytes | str) -> list[str]:
    return _build(t, _raw(t, {f"{name}.txt": content for name, content in files.items()}))


def _processed_at(t: Path, target: Path, *extra: str, curated: Path | None = None) -> list[str]:
    return ["build", "--raw-dir", str(_seed_copy(t)), "--processed-dir", str(target),
            "--curated", str(curated or t / "none.csv"), *extra]


def _notes_with_curated(t: Path) -> Path:
    (t / "notes").mkdir()
    return _curated(t / "notes", f"{SEED},us,cn,accuse,other,{CRIME}")


def _marked(folder: Path, marker: str | None) -> Path:
    """An empty folder, or one marked as another kind of output folder."""
    folder.mkdir()
    if marker:
        (folder / marker).write_text("written by blame-report\n", encoding="utf-8")
    return folder


def _foreign_folder(t: Path) -> Path:
    folder = t / "thesis"
    folder.mkdir()
    (folder / "chapter1.docx").write_bytes(b"my only copy")
    return folder


def _symlink(t: Path, target: Path, name: str = "link") -> Path:
    link = t / name
    link.symlink_to(target, target_is_directory=True)
    return link


def _locked(t: Path) -> list[str]:
    args = _processed_at(t, t / "processed", "--lock-timeout", "0")
    (t / "processed").mkdir()
    handle = (t / "processed" / ".lock").open("w")
    fcntl.flock(handle, fcntl.LOCK_EX)
    _HELD.append(handle)  # released when the test's process ends (see _release_locks)
    return args


def _interrupted_publish(t: Path) -> list[str]:
    args = _report(t)
    (t / "processed" / ".publishing").write_text('{"staging": ".staging-1-dead"}\n', encoding="utf-8")
    return args


def _adopted(t: Path) -> list[str]:
    processed = t / "processed"
    processed.mkdir()
    (processed / ".gitkeep").write_bytes(b"")
    (processed / "articles.parquet").write_bytes(b"stale table from an older build")
    return _processed_at(t, processed)


def _cache_tampered(t: Path, tamper: Callable[[Path], None]) -> list[str]:
    args = _processed_at(t, t / "processed")
    assert main(args) == 0
    for entry in (t / "processed" / "cache").rglob(f"*{CACHE_SUFFIX}"):
        tamper(entry)
    return args


def _flip_byte(entry: Path) -> None:
    data = bytearray(entry.read_bytes())
    data[len(data) // 2] ^= 0x01
    entry.write_bytes(bytes(data))


class _Planted:
    """A pickle that would create a file if it were ever unpickled."""

    def __init__(self, witness: Path) -> None:
        self.witness = witness

    def __reduce__(self):  # noqa: ANN204
        return (Path.write_text, (self.witness, "code ran"))


def _plant_pickle(entry: Path) -> None:
    entry.write_bytes(pickle.dumps(_Planted(entry.parent.parent.parent.parent / "pwned")))


def _renamed(t: Path) -> list[str]:
    args = _processed_at(t, t / "processed")
    assert main(args) == 0
    raw = t / "raw"
    (raw / f"{SEED}.txt").rename(raw / "renamed.txt")
    return args


_HELD: list = []


def _unreadable(t: Path) -> list[str]:
    if os.geteuid() == 0:
        pytest.skip("root reads every file; see the not-a-file rows for what root cannot read")
    raw = _raw(t, {"a.txt": GOOD, "b.txt": GOOD.replace("Washington", "Ottawa")})
    (raw / "b.txt").chmod(0)
    return _build(t, raw)


def _with_entry(t: Path, make: Callable[[Path, Path], None]) -> list[str]:
    """A raw folder with one good article and one entry `make(raw, t)` creates."""
    raw = _raw(t, {"a.txt": GOOD})
    make(raw, t)
    return _build(t, raw)


def _outside_link(raw: Path, t: Path) -> None:
    (t / "secret.txt").write_text(GOOD.replace("Washington", "Ottawa"), encoding="utf-8")
    (raw / "link.txt").symlink_to(t / "secret.txt")


def _subfolder(raw: Path, t: Path) -> None:
    (raw / "sub").mkdir()
    (raw / "sub" / "c.txt").write_text(GOOD, encoding="utf-8")


def _extract_to(t: Path, out: Path) -> list[str]:
    return ["extract", "--raw-dir", str(_seed_copy(t)), "--out", str(out)]


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


def _metadata_bytes(t: Path, row: bytes) -> list[str]:
    raw = _seed_copy(t)
    (raw / "metadata.csv").write_bytes(HEADER.encode() + b"\n" + row + b"\n")
    return _build(t, raw)


def _many(n: int = 70) -> dict[str, str]:
    """Enough distinct articles for the local worker pool (64 or more jobs)."""
    return {f"a{i:03d}": GOOD.replace("chemicals", f"chemicals in shipment {i}") for i in range(n)}


def _on_local_cluster(t: Path) -> list[str]:
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                       dashboard_address=None)
    _HELD.append(cluster)  # closed after the test (see _release_locks)
    return [*_articles(t, a=GOOD, b=CP1252), "--engine", "dask", "--scheduler", cluster.scheduler_address]

CASES: dict[str, Callable[[Path], list[str]]] = {
    "empty-article": lambda t: _articles(t, a=GOOD, b=b""),
    "whitespace-article": lambda t: _articles(t, a=GOOD, b=" \n\n\t \r\n"),
    "cp1252-article": lambda t: _articles(t, a=GOOD, b=CP1252),
    "cp1252-article-pool": lambda t: _articles(t, **_many(), b=CP1252),
    "cp1252-article-dask": lambda t: [*_articles(t, a=GOOD, b=CP1252), "--engine", "dask"],
    "cp1252-article-dask-cluster": _on_local_cluster,
    "binary-article": lambda t: _articles(t, a=GOOD, b=b"\x89PNG\r\n\x1a\n\x00\x00"),
    "huge-article": lambda t: _articles(t, a=GOOD, b=GOOD + "Filler text. " * 1_600_000),
    "too-slow-article": lambda t: _articles(t, a=GOOD, b=GOOD + "word " * 12_000 + "\n"),
    "non-english-article": lambda t: _articles(t, a=GOOD, b=SPANISH),
    "duplicate-article": lambda t: _articles(t, a=GOOD, b=GOOD),
    "symlink-outside-raw": lambda t: _with_entry(t, _outside_link),
    "symlink-loop": lambda t: _with_entry(t, lambda raw, _: (raw / "loop.txt").symlink_to(raw / "loop.txt")),
    "folder-named-txt": lambda t: _with_entry(t, lambda raw, _: (raw / "x.txt").mkdir()),
    "fifo-named-txt": lambda t: _with_entry(t, lambda raw, _: os.mkfifo(raw / "pipe.txt")),
    "uppercase-suffix": lambda t: _with_entry(t, lambda raw, _: (raw / "B.TXT").write_bytes(GOOD.encode())),
    "subfolder": lambda t: _with_entry(t, _subfolder),
    "crlf-article": lambda t: _articles(t, a=GOOD.replace("\n", "\r\n")),
    "bom-article": lambda t: _articles(t, a="\ufeff" + GOOD),
    "no-statements-article": lambda t: _articles(t, a=GOOD, b=QUIET),
    "metadata-missing-column": lambda t: _with_metadata(t, "article_id,outlet,title,language,sha256"),
    "metadata-unknown-article": lambda t: _with_metadata(t, HEADER, "ghost,efe,T,,en,"),
    "metadata-bad-date": lambda t: _with_metadata(t, HEADER, f"{SEED},efe,T,someday,en,"),
    "metadata-impossible-date": lambda t: _with_metadata(t, HEADER, f"{SEED},efe,T,2023-02-30,en,"),
    "metadata-unknown-outlet": lambda t: _with_metadata(t, HEADER, f"{SEED},nowhere_news,T,,en,"),
    "metadata-not-utf8": lambda t: _metadata_bytes(t, f"{SEED},efe,L\u00f3pez,,en,".encode("cp1252")),
    "metadata-long-field": lambda t: _with_metadata(t, HEADER, f"{SEED},efe,{'T' * 200_000},,en,"),
    "metadata-field-over-limit": lambda t: _with_metadata(t, HEADER, f"{SEED},efe,{'T' * 10_000_001},,en,"),
    "metadata-sha-mismatch": lambda t: _with_metadata(t, HEADER, f"{SEED},efe,T,,en,{'0' * 64}"),
    "curated-bad-offsets": lambda t: _with_curated(t, f"{SEED},us,cn,accuse,other,narrator,0,5,wrong,,,"),
    "curated-unknown-actor": lambda t: _with_curated(t, f"{SEED},nobody,cn,accuse,other,{CRIME}"),
    "curated-unknown-relation": lambda t: _with_curated(t, f"{SEED},us,cn,blames,other,{CRIME}"),
    "curated-duplicate-row": lambda t: _with_curated(t, f"{SEED},us,cn,accuse,other,{CRIME}\n" * 2),
    "curated-conflicting-duplicate": lambda t: _with_curated(
        t, f"{SEED},us,cn,accuse,other,{CRIME}\n{SEED},us,cn,accuse,other,reported,0,5,Crime,,,"),
    "curated-outside-corpus": lambda t: _with_curated(t, f"elsewhere,nobody,cn,blames,other,{CRIME}"),
    "actors-cycle": lambda t: _with_actors(
        t, "loop_a,Loop A,loop_b,US,organisation,\nloop_b,Loop B,loop_a,US,organisation,\n"),
    "actors-duplicate-alias": lambda t: _with_actors(t, "copycat,Copycat,us,US,organisation,Beijing\n"),
    "unknown-level": lambda t: _report(t, "--level", "foo"),
    "unknown-source": lambda t: _report(t, "--source", "both"),
    "unknown-outlet": lambda t: _report(t, "--outlet", "nowhere"),
    "max-article-mb-inf": lambda t: _build(t, _seed_copy(t), "--max-article-mb", "inf"),
    "max-article-mb-negative": lambda t: _build(t, _seed_copy(t), "--max-article-mb=-1"),
    "max-article-mb-zero": lambda t: _build(t, _seed_copy(t), "--max-article-mb", "0"),
    "max-article-mb-nan": lambda t: _build(t, _seed_copy(t), "--max-article-mb", "nan"),
    "nothing-processed": lambda t: _articles(t, a=b"", b=" \n"),
    "unreadable-article": _unreadable,
    "out-is-folder": lambda t: _extract_to(t, _folder(t / "out.csv")),
    "out-is-device": lambda t: _extract_to(t, Path("/dev/full")),
    "path-too-long": lambda t: _build(t, t / ("x" * 300)),
    "unknown-engine": lambda t: _build(t, _seed_copy(t), "--engine", "spark"),
    "unknown-option": lambda t: _build(t, _seed_copy(t), "--max-article-megabytes", "5"),
    "workers-zero": lambda t: _build(t, _seed_copy(t), "--workers", "0"),
    "extra-raw-same-id": _same_id_in_two_folders,
    "extra-curated-same-article": _coded_in_two_files,
    "empty-raw-folder": lambda t: _build(t, _raw(t, {"notes.md": "not an article"})),
    "missing-raw-folder": lambda t: _build(t, t / "nowhere"),
    "processed-is-raw": lambda t: _processed_at(t, t / "raw"),
    "processed-contains-raw": lambda t: _processed_at(t, t),
    "processed-inside-raw": lambda t: _processed_at(t, t / "raw" / "out"),
    "processed-contains-curated": lambda t: _processed_at(t, t / "notes", curated=_notes_with_curated(t)),
    "processed-is-checkout": lambda t: _processed_at(t, REPO),
    "processed-inside-package": lambda t: _processed_at(t, REPO / "src" / "analysis" / "out"),
    "processed-symlink-to-raw": lambda t: _processed_at(t, _symlink(t, t / "raw")),
    "processed-foreign-folder": lambda t: _processed_at(t, _foreign_folder(t)),
    "processed-is-reports": lambda t: _processed_at(t, _marked(t / "reports", REPORTS.marker)),
    "reports-is-processed": lambda t: _report(t, "--reports-dir", str(t / "processed")),
    "reports-inside-processed": lambda t: _report(t, "--reports-dir", str(t / "processed" / "reports")),
    "reports-foreign-folder": lambda t: _report(t, "--reports-dir", str(_foreign_folder(t))),
    "processed-locked": _locked,
    "processed-interrupted-publish": _interrupted_publish,
    "processed-adopted": _adopted,
    "processed-symlink": lambda t: _processed_at(t, _symlink(t, _marked(t / "volume", None), "processed")),
    "cache-flipped-bytes": lambda t: _cache_tampered(t, _flip_byte),
    "cache-hostile-entry": lambda t: _cache_tampered(t, _plant_pickle),
    "cache-renamed-article": _renamed,
}
ROWS = _table_rows()


def test_every_documented_case_has_a_test():
    documented = {row["case"] for row in ROWS}
    assert len(documented) >= 20
    assert documented == set(CASES)


@pytest.mark.parametrize("row", ROWS, ids=[r["case"] for r in ROWS])
def test_documented_behaviour(row, tmp_path, capsys):
    args = CASES[row["case"]](tmp_path)
    before = _snapshot(tmp_path)
    capsys.readouterr()
    status = main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    if row["expected"] == "error":
        lines = [ln for ln in err.splitlines() if ln.strip()]
        assert status == 2 and len(lines) == 1, err
        assert lines[0].startswith("error: ") and row["message"] in lines[0]
        assert _snapshot(tmp_path) == before, "a refused run touched nothing"
        assert not (REPO / "src" / "analysis" / "out").exists()
        return
    assert status == 0, err
    processed = tmp_path / "processed"
    skipped = read_table("skipped", processed)
    if row["expected"] == "skip":
        assert row["message"] in set(skipped["reason"]), skipped
    else:
        assert skipped.empty or row["case"] == "curated-outside-corpus"
        _check_processed(row["case"], processed)
        _check_safety(row["case"], processed)


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, but a build's own lock, marker and cache files."""
    own = {".lock", PROCESSED.marker, REPORTS.marker}
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink() and p.name not in own and "cache" not in p.parts}


@pytest.fixture(autouse=True)
def _release_locks():
    yield
    while _HELD:
        _HELD.pop().close()


def _check_safety(case: str, processed: Path) -> None:
    log = json.loads((processed / "build_log.json").read_text(encoding="utf-8"))
    if case in ("cache-flipped-bytes", "cache-hostile-entry"):
        assert log["cache"] == {"hits": 0, "misses": 1, "errors": 1}
        assert not (processed.parent / "pwned").exists(), "a cache entry never runs code"
    if case == "cache-renamed-article":
        articles = read_table("articles", processed)
        assert list(articles["article_id"]) == ["renamed"] and log["cache"]["hits"] == 0
    if case == "processed-adopted":
        assert (processed / ".gitkeep").exists() and (processed / ".blame-report-processed").exists()
    if case == "processed-symlink":
        assert processed.is_symlink() and (processed.resolve() / "articles.parquet").exists()
    assert not list(processed.glob(".staging-*")) and not (processed / ".publishing").exists()


def _check_processed(case: str, processed: Path) -> None:
    articles = read_table("articles", processed)
    sentences = read_table("sentences", processed)
    statements = read_table("statements_auto", processed)
    raw = processed.parent / "raw"
    for row in sentences.itertuples():
        text = (raw / f"{row.article_id}.txt").read_bytes().decode("utf-8")
        assert text[row.start:row.end] == row.text
    if case == "bom-article":
        assert articles.loc[0, "title"] == "A headline written for these tests"
        assert articles.loc[0, "title_start"] == 1  # the BOM stays at offset 0
    if case == "crlf-article":
        assert not any("\r" in t for t in sentences["text"])
    if case == "curated-duplicate-row":
        curated = read_table("statements_curated", processed)
        pairs = list(zip(curated["speaker"], curated["target"], curated["start"], strict=True))
        assert pairs == [("us", "cn", 0)]
    if case == "no-statements-article":
        assert "b" in set(articles["article_id"]) and "b" not in set(statements["article_id"])


def test_error_names_the_file_and_line_of_the_bad_byte(tmp_path, capsys):
    raw = _raw(tmp_path, {"b.txt": CP1252})
    assert main(_build(tmp_path, raw)) == 2
    message = capsys.readouterr().err
    assert re.search(r"b\.txt:2: not valid UTF-8 \(expected UTF-8 text, found 'bytes f3", message)


def test_a_failed_build_leaves_the_previous_tables_intact(tmp_path, capsys):
    raw = _raw(tmp_path, {"a.txt": GOOD})
    assert main(_build(tmp_path, raw)) == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "processed").glob("*.parquet")}
    (raw / "c.txt").write_bytes(CP1252)
    assert main(_build(tmp_path, raw)) == 2
    after = {p.name: p.read_bytes() for p in (tmp_path / "processed").glob("*.parquet")}
    assert after == before and len(before) > 5


_FULL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))
from analysis.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("command", ["extract", "build"])
def test_a_full_disk_ends_in_one_line_naming_the_file(tmp_path, command):
    """A real write failure (the file-size limit, as a full disk would fail), in a subprocess."""
    raw = _seed_copy(tmp_path)
    args = (["extract", "--raw-dir", str(raw), "--out", str(tmp_path / "out.csv")] if command == "extract"
            else [*_build(tmp_path, raw), "--no-curated"])
    result = subprocess.run([sys.executable, "-c", _FULL_DISK, *args], capture_output=True, text=True,
                            timeout=300, check=False)
    lines = result.stderr.splitlines()
    assert result.returncode == 2 and len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith("error: ") and lines[0].endswith(": File too large")
    assert str(tmp_path) in lines[0] or "out.csv" in lines[0]
    assert not (tmp_path / "out.csv").exists() and not list((tmp_path / "processed").glob(".staging-*"))
