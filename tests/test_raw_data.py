"""The raw corpus is the seeds, byte for byte, and metadata.csv describes it exactly."""

from __future__ import annotations

import csv
import hashlib

import pytest

from analysis.build.metadata import REQUIRED_COLUMNS, read_metadata
from tests.conftest import RAW, SEEDS


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
