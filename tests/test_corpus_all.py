"""Several raw folders joined in place (analysis.build.corpus_all): tables, texts, held-out articles,
several curated files, and a build through the pipeline and the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from analysis.build.corpus_all import ingest_parts, load_curated_parts, read_heldout
from analysis.build.ingest import ingest_corpus
from analysis.build.pipeline import CURATED_SOURCES_CSV, BuildSettings, build_processed
from analysis.cli import main
from analysis.errors import InputError
from analysis.ontology import load_ontology
from tests.conftest import REPO

A1 = ("US blames China for fentanyl\n\n"
      "The United States accused China of shipping fentanyl precursors to Mexico.\n")
B1 = ("Mexico rejects US claims\n\n"
      "Mexico denied the US claim that cartels operate freely, the ministry said.\n")
B2 = ("China answers Washington\n\n"
      "China accused the United States of failing to curb its own demand, he said. "
      "More than 70,000 Americans died of overdoses last year.\n")
CURATED_HEADER = "article_id,speaker,target,relation,topic,voice,start,end,evidence,status,reviewed_by,note\n"


def _curated_row(article_id: str, text: str, evidence: str, speaker: str, target: str, relation: str) -> str:
    start = text.index(evidence)
    return (f"{article_id},{speaker},{target},{relation},other,narrator,{start},{start + len(evidence)},"
            f"\"{evidence}\",accepted,test,\n")


@pytest.fixture()
def folders(tmp_path: Path) -> tuple[Path, Path]:
    seeds, dev = tmp_path / "seeds", tmp_path / "dev"
    seeds.mkdir()
    dev.mkdir()
    (seeds / "a1.txt").write_text(A1, encoding="utf-8")
    (dev / "b1.txt").write_text(B1, encoding="utf-8")
    (dev / "b2.txt").write_text(B2, encoding="utf-8")
    (dev / "split.csv").write_text("article_id,split\nb1,dev\nb2,heldout\n", encoding="utf-8")
    (dev / "annotations").mkdir()
    (dev / "annotations" / "notes.csv").write_text("x\n", encoding="utf-8")
    (seeds / "curated.csv").write_text(
        CURATED_HEADER + _curated_row("a1", A1, "The United States accused China", "us", "cn", "accuse"),
        encoding="utf-8")
    (dev / "curated.csv").write_text(
        CURATED_HEADER + _curated_row("b1", B1, "Mexico denied the US claim", "mx", "us", "deny")
        + _curated_row("b2", B2, "China accused the United States", "cn", "us", "accuse"), encoding="utf-8")
    return seeds, dev


def test_held_out_articles_keep_no_automatic_statements(folders: tuple[Path, Path]) -> None:
    seeds, dev = folders
    assert read_heldout(dev) == {"b2"} and read_heldout(seeds) == frozenset()
    alone = ingest_corpus(dev)
    assert "b2" in set(alone.statements["article_id"])  # the extractor does find something in b2 ...
    joined = ingest_parts([seeds, dev])
    assert list(joined.articles["article_id"]) == ["a1", "b1", "b2"]
    assert list(joined.sentences["article_id"].unique()) == ["a1", "b1", "b2"]
    # ... but joined, b2 has no extractor or baseline statement; the others keep theirs.
    assert set(joined.statements["article_id"]) == {"a1", "b1"}
    assert "b2" not in set(joined.baseline["article_id"])
    assert "b2" in set(alone.claims["article_id"]) and "b2" not in set(joined.claims["article_id"])
    # A subfolder without articles is a skip alone, not in the joined corpus; one with a .txt still is.
    assert list(alone.skipped["file_name"]) == ["annotations"] and joined.skipped.empty
    assert len(joined.statements) == len(ingest_corpus(seeds).statements) + int(
        (alone.statements["article_id"] == "b1").sum())
    # Texts come from each article's own folder.
    assert joined.texts["b2"] == B2 and joined.texts["a1"] == A1 and len(joined.texts) == 3


def test_a_subfolder_with_articles_stays_counted(folders: tuple[Path, Path]) -> None:
    seeds, dev = folders
    (dev / "annotations" / "stray.txt").write_text(B1, encoding="utf-8")
    assert list(ingest_parts([seeds, dev]).skipped["reason"]) == ["in_subfolder"]


def test_one_folder_is_plain_ingest(folders: tuple[Path, Path]) -> None:
    seeds, _ = folders
    pd.testing.assert_frame_equal(ingest_parts([seeds]).statements, ingest_corpus(seeds).statements)


def test_an_article_id_in_two_folders_is_an_error(folders: tuple[Path, Path], tmp_path: Path) -> None:
    seeds, dev = folders
    (dev / "a1.txt").write_text(B1, encoding="utf-8")
    with pytest.raises(InputError, match="an article id is in two raw folders.*a1"):
        ingest_parts([seeds, dev])


def test_curated_files_add_up(folders: tuple[Path, Path]) -> None:
    seeds, dev = folders
    corpus = ingest_parts([seeds, dev])
    load = load_curated_parts([seeds / "curated.csv", dev / "curated.csv"], corpus.texts, corpus.sentences,
                              load_ontology())
    assert list(load.statements["article_id"]) == ["a1", "b1", "b2"]
    assert (load.n_rows, load.n_outside_corpus, load.covered_articles) == (3, 0, {"a1", "b1", "b2"})
    with pytest.raises(InputError, match="coded in two curated files.*a1"):
        load_curated_parts([seeds / "curated.csv", seeds / "curated.csv"], corpus.texts, corpus.sentences,
                           load_ontology())


def test_build_joins_folders_and_curated_files(folders: tuple[Path, Path], tmp_path: Path) -> None:
    seeds, dev = folders
    out = tmp_path / "processed"
    settings = BuildSettings(seeds, out, curated=seeds / "curated.csv", use_cache=False,
                             extra_raw_dirs=(dev,), extra_curated=(dev / "curated.csv",))
    build_processed(settings)
    auto = pd.read_parquet(out / "statements_auto.parquet")
    curated = pd.read_parquet(out / "statements_curated.parquet")
    assert set(auto["article_id"]) == {"a1", "b1"}
    assert list(curated["article_id"]) == ["a1", "b1", "b2"]
    sources = pd.read_csv(out / CURATED_SOURCES_CSV)
    assert list(zip(sources["coding"], sources["article_id"], strict=True)) == [
        ((seeds / "curated.csv").as_posix(), "a1"), ((dev / "curated.csv").as_posix(), "b1"),
        ((dev / "curated.csv").as_posix(), "b2")]


def test_cli_build_options(folders: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    seeds, dev = folders
    out = tmp_path / "cli"
    code = main(["build", "--raw-dir", str(seeds), "--processed-dir", str(out), "--curated",
                 str(seeds / "curated.csv"), "--extra-raw-dir", str(dev),
                 "--extra-curated", str(dev / "curated.csv"), "--no-cache"])
    assert code == 0
    assert "3 curated" in capsys.readouterr().out
    # A processed folder inside an extra raw folder is refused in one line.
    assert main(["build", "--raw-dir", str(seeds), "--processed-dir", str(dev / "out"),
                 "--extra-raw-dir", str(dev)]) == 2
    assert "inside a raw folder" in capsys.readouterr().err


def test_stale_watches_every_file_of_an_extra_raw_folder(folders: tuple[Path, Path], tmp_path: Path,
                                                         capsys: pytest.CaptureFixture) -> None:
    seeds, dev = folders
    args = ["stale", "--stamp", str(tmp_path / "stamp"), "--raw-dir", str(seeds), "--extra-raw-dir", str(dev)]
    assert main([*args, "--write"]) == 0
    assert main(args) == 0
    (dev / "annotations" / "notes.csv").write_text("x,y\n", encoding="utf-8")  # a file one level down
    assert main(args) == 1
    assert "notes.csv" in capsys.readouterr().out


@pytest.mark.skipif(shutil.which("make") is None, reason="make not installed")
def test_make_corpus_all_quotes_the_development_folder(tmp_path: Path) -> None:
    witness = tmp_path / "pwned"
    dev = tmp_path / f"d ev$(touch {witness})"
    result = subprocess.run(["make", "--no-print-directory", "-C", str(REPO), "-n", "data", "report",
                             "CORPUS=all", f"VENV={REPO / '.venv'}", f"DEV={dev}",
                             f"REPORTS={tmp_path / 'rep'}", f"PROCESSED={tmp_path / 'processed'}"],
                            env={**os.environ, "MAKEFLAGS": ""}, capture_output=True, text=True, timeout=120,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert not witness.exists()
    line = next(ln for ln in result.stdout.splitlines() if "--no-pdf" in ln)
    assert f"--extra-raw-dir '{dev}'" in line and "--name blame_report_all " in line
    assert "--source curated" in line and "--extra-notebook notebooks/05b_periods.ipynb" in line
    bad = subprocess.run(["make", "-C", str(REPO), "-n", "report", "CORPUS=some"], capture_output=True,
                         text=True, timeout=120, check=False, env={**os.environ, "MAKEFLAGS": ""})
    assert bad.returncode != 0 and "CORPUS: expected all or empty, found some" in bad.stderr
