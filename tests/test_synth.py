"""Tests of the synthetic corpus generator: determinism, exact offsets, valid codes, clean ingestion."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

from analysis.build.ingest import ingest_corpus
from analysis.build.metadata import parse_published
from analysis.codebook import RELATIONS, TOPICS, VOICES
from analysis.curation.statements import CURATED_COLUMNS, read_statement_csv, validate_statement_rows
from analysis.curation.synth import (
    GROUP_TEMPLATES,
    METADATA_COLUMNS,
    SELF_TEMPLATES,
    STATEMENT_TEMPLATES,
    SynthSummary,
    generate_corpus,
)
from analysis.ontology import load_ontology

N_ARTICLES = 50
SEED = 3
# Boilerplate the generator plants; none of it may survive into a kept sentence.
PLANTED_BOILERPLATE = ("Advertisement", "ADVERTISEMENT", "Photo:", "Photo by", "Getty Images", "Read more",
                       "READ MORE", "©", "All rights reserved", "With assistance from", "COMMENTS")


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _text(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SynthSummary]:
    """Generate one corpus of 50 articles for the module."""
    out = tmp_path_factory.mktemp("synth")
    return out, generate_corpus(N_ARTICLES, out, SEED)


@pytest.fixture(scope="module")
def truth(corpus: tuple[Path, SynthSummary]) -> list[dict[str, str]]:
    return _read_csv(corpus[0] / "truth.csv")


@pytest.fixture(scope="module")
def ingested(corpus: tuple[Path, SynthSummary]):  # noqa: ANN201 - CorpusTables
    return ingest_corpus(corpus[0], outlet_names=load_ontology().outlets())


# --------------------------------------------------------------------------- files


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    generate_corpus(12, first, seed=42)
    generate_corpus(12, second, seed=42)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    assert len(names) == 12 + 2  # articles, truth.csv, metadata.csv
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_other_seed_gives_other_articles(tmp_path: Path) -> None:
    generate_corpus(3, tmp_path / "a", seed=1)
    generate_corpus(3, tmp_path / "b", seed=2)
    name = "synth_000001.txt"
    assert (tmp_path / "a" / name).read_bytes() != (tmp_path / "b" / name).read_bytes()


def test_smaller_corpus_is_a_prefix_and_stale_files_go(tmp_path: Path) -> None:
    generate_corpus(6, tmp_path / "big", seed=5)
    generate_corpus(6, tmp_path / "small", seed=5)
    generate_corpus(3, tmp_path / "small", seed=5)  # shrink in place: articles 4-6 must disappear
    small = sorted(p.name for p in (tmp_path / "small").glob("*.txt"))
    assert small == ["synth_000001.txt", "synth_000002.txt", "synth_000003.txt"]
    for name in small:
        assert (tmp_path / "small" / name).read_bytes() == (tmp_path / "big" / name).read_bytes()


def test_summary_counts_match_the_files(corpus: tuple[Path, SynthSummary],
                                        truth: list[dict[str, str]]) -> None:
    out, summary = corpus
    articles = sorted(out.glob("synth_*.txt"))
    assert summary.articles == len(articles) == N_ARTICLES
    assert summary.statements == len(truth)
    assert summary.bytes == sum(p.stat().st_size for p in articles)


def test_articles_have_seed_like_length(corpus: tuple[Path, SynthSummary]) -> None:
    sizes = [p.stat().st_size for p in corpus[0].glob("synth_*.txt")]
    assert min(sizes) > 1000 and max(sizes) < 40_000
    assert 3000 < sum(sizes) / len(sizes) < 9000


# --------------------------------------------------------------------------- truth


def test_truth_has_the_curated_columns(corpus: tuple[Path, SynthSummary]) -> None:
    header = (corpus[0] / "truth.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == CURATED_COLUMNS


def test_truth_offsets_slice_the_evidence(corpus: tuple[Path, SynthSummary],
                                          truth: list[dict[str, str]]) -> None:
    texts = {p.stem: _text(p) for p in corpus[0].glob("synth_*.txt")}
    for row in truth:
        start, end = int(row["start"]), int(row["end"])
        assert texts[row["article_id"]][start:end] == row["evidence"], row


def test_truth_rows_pass_the_statement_validator(corpus: tuple[Path, SynthSummary]) -> None:
    out = corpus[0]
    texts = {p.stem: _text(p) for p in out.glob("synth_*.txt")}
    rows = read_statement_csv(out / "truth.csv")
    assert validate_statement_rows(out / "truth.csv", rows, texts, load_ontology()) == []


def test_truth_codes_are_valid_and_complete(truth: list[dict[str, str]]) -> None:
    ontology = load_ontology()
    assert all(r["speaker"] in ontology.actors and r["target"] in ontology.actors for r in truth)
    assert {r["relation"] for r in truth} == set(RELATIONS)
    assert {r["voice"] for r in truth} == set(VOICES)
    assert {r["topic"] for r in truth} <= set(TOPICS)
    assert {(r["relation"], r["voice"]) for r in truth} == set(STATEMENT_TEMPLATES)
    assert {(r["status"], r["reviewed_by"]) for r in truth} == {("accepted", "synth")}


def test_narrator_speaker_is_the_article_outlet(corpus: tuple[Path, SynthSummary],
                                                truth: list[dict[str, str]]) -> None:
    outlets = {m["article_id"]: m["outlet"] for m in _read_csv(corpus[0] / "metadata.csv")}
    narrated = [r for r in truth if r["voice"] == "narrator"]
    assert narrated
    assert all(r["speaker"] == outlets[r["article_id"]] for r in narrated)
    assert all(r["speaker"] != outlets[r["article_id"]] for r in truth if r["voice"] != "narrator")


def test_every_template_has_one_topic_slot() -> None:
    templates = [t for group in (*STATEMENT_TEMPLATES.values(), *GROUP_TEMPLATES.values(),
                                 *SELF_TEMPLATES.values()) for t in group]
    for template in templates:
        slots = [s for s in ("{X}", "{Y}", "{V}", "{Xc}", "{Yc}", "{Vc}") if s in template]
        assert len(slots) == 1, template
    assert {(r, v) for r in RELATIONS for v in VOICES} == set(STATEMENT_TEMPLATES)


# --------------------------------------------------------------------------- metadata


def test_metadata_matches_the_files(corpus: tuple[Path, SynthSummary]) -> None:
    out = corpus[0]
    rows = _read_csv(out / "metadata.csv")
    assert list(rows[0]) == METADATA_COLUMNS
    outlets = load_ontology().outlets()
    assert [r["article_id"] for r in rows] == sorted(p.stem for p in out.glob("synth_*.txt"))
    for row in rows:
        data = (out / f"{row['article_id']}.txt").read_bytes()
        assert row["sha256"] == hashlib.sha256(data).hexdigest()
        assert row["outlet"] in outlets and row["language"] == "en"
        parse_published(row["published"])  # raises on a malformed date
    precisions = {parse_published(r["published"])[0] for r in rows}
    assert {"none", "year", "month", "day"} <= precisions


# --------------------------------------------------------------------------- ingestion


def test_articles_ingest_without_skips(ingested) -> None:  # noqa: ANN001
    assert ingested.skipped.empty
    assert len(ingested.articles) == N_ARTICLES


def test_sentence_offsets_slice_the_text(corpus: tuple[Path, SynthSummary], ingested) -> None:  # noqa: ANN001
    texts = {p.stem: _text(p) for p in corpus[0].glob("synth_*.txt")}
    for row in ingested.sentences.itertuples(index=False):
        assert texts[row.article_id][row.start:row.end] == row.text


def test_titles_match_metadata(corpus: tuple[Path, SynthSummary], ingested) -> None:  # noqa: ANN001
    titles = {m["article_id"]: m["title"] for m in _read_csv(corpus[0] / "metadata.csv")}
    assert dict(zip(ingested.articles["article_id"], ingested.articles["title"], strict=True)) == titles


def test_each_statement_sits_in_one_kept_sentence(truth: list[dict[str, str]], ingested) -> None:  # noqa: ANN001
    spans: dict[str, list[tuple[int, int]]] = {}
    for row in ingested.sentences.itertuples(index=False):
        spans.setdefault(row.article_id, []).append((row.start, row.end))
    for row in truth:
        start, end = int(row["start"]), int(row["end"])
        assert any(s <= start and end <= e for s, e in spans[row["article_id"]]), row


def test_planted_boilerplate_is_removed(ingested) -> None:  # noqa: ANN001
    for text in ingested.sentences["text"]:
        assert not any(marker in text for marker in PLANTED_BOILERPLATE), text
    assert not any(t.startswith("By ") for t in ingested.sentences["text"])
    kinds = set(ingested.boilerplate["kind"])
    assert {"advertisement", "caption", "byline", "related"} <= kinds
