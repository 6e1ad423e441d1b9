"""The raw corpus is the seeds, byte for byte, and metadata.csv describes it exactly."""

from __future__ import annotations

import csv
import hashlib

import pytest

from analysis.build.metadata import REQUIRED_COLUMNS, read_metadata
from tests.conftest import RAW, REPO, SEEDS


def test_every_sha256_in_metadata_matches_its_file():
    metadata = read_metadata(RAW / "metadata.csv")
    files = sorted(p.stem for p in RAW.glob("*.txt"))
    assert sorted(metadata) == files
    for article_id, meta in metadata.items():
        digest = hashlib.sha256((RAW / f"{article_id}.txt").read_bytes()).hexdigest()
        assert digest == meta.sha256, article_id


def test_metadata_has_the_documented_columns_in_order():
    with (RAW / "metadata.csv").open(encoding="utf-8", newline="") as handle:
        assert tuple(next(csv.reader(handle))) == REQUIRED_COLUMNS


def test_curator_outlets_and_date_precisions():
    metadata = read_metadata(RAW / "metadata.csv")
    assert metadata["001_ddc4de0ab6465bbc"].outlet == "breitbart"
    assert metadata["003_8bc79a1c02547256"].outlet == "scmp"
    precisions = {m.published_precision for m in metadata.values()}
    assert {"none", "year", "month", "month_day"} <= precisions


@pytest.mark.skipif(not SEEDS.is_dir(), reason="shared/seeds is not beside the repository")
def test_raw_articles_are_the_seeds_byte_for_byte():
    seeds = {p.name: p.read_bytes() for p in SEEDS.glob("*.txt")}
    raw = {p.name: p.read_bytes() for p in RAW.glob("*.txt")}
    assert raw == seeds


DEV = REPO / "data" / "dev"
DEV_SOURCE = REPO.parent / "shared" / "dev_corpus"


def test_the_development_corpus_is_byte_identical_to_its_manifest():
    manifest = list(csv.DictReader((DEV / "manifest.csv").open(encoding="utf-8", newline="")))
    metadata = {r["article_id"]: r for r in csv.DictReader((DEV / "metadata.csv").open(encoding="utf-8",
                                                                                         newline=""))}
    assert len(manifest) == 30 and set(metadata) == {r["article_id"] for r in manifest}
    for row in manifest:
        data = (DEV / f"{row['article_id']}.txt").read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha256"] == metadata[row["article_id"]]["sha256"]
        assert metadata[row["article_id"]]["published"] == row["date"]  # dates at their precision
        if DEV_SOURCE.exists():
            assert data == (DEV_SOURCE / f"{row['article_id']}.txt").read_bytes()
    assert sorted(p.name for p in DEV.glob("*.txt")) == [f"D{i:02d}.txt" for i in range(1, 31)]


def test_the_frozen_split_holds_out_one_article_of_every_three_in_date_order():
    split = {r["article_id"]: r["split"] for r in csv.DictReader((DEV / "split.csv").open(encoding="utf-8"))}
    held = sorted(a for a, s in split.items() if s == "heldout")
    assert held == ["D01", "D04", "D09", "D11", "D14", "D16", "D19", "D23", "D27", "D29"]
    assert sum(1 for s in split.values() if s == "dev") == 20
