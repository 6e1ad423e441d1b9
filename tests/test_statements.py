"""Curated statements: validation as file:line, rows outside the corpus, combining sources."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.build.ingest import ingest_corpus
from analysis.curation.statements import (
    CURATED_COLUMNS,
    combine_statements,
    load_curated,
    read_statement_csv,
    validate_statement_rows,
)
from analysis.errors import InputError
from analysis.ontology import load_ontology
from analysis.text.parse import parse_article
from tests.conftest import FIXTURES, RAW, REPO

ONTOLOGY = load_ontology(FIXTURES / "test_actors.csv")
TEXT = "A headline written for the tests here\n\nBeijing blamed Washington for the crisis. Li agreed."
ARTICLE = parse_article("t1", TEXT, "0" * 64)
SENTENCES = pd.DataFrame(
    [("t1", i, s.paragraph_no, s.start, s.end, s.is_title, s.text)
     for i, s in enumerate(ARTICLE.sentences, 1)],
    columns=["article_id", "sentence_no", "paragraph_no", "start", "end", "is_title", "text"],
)


def _row(**overrides):
    start = TEXT.index("Beijing blamed Washington")
    row = {"article_id": "t1", "speaker": "cn_gov", "target": "us_gov", "relation": "accuse",
           "topic": "consumption", "voice": "reported", "start": str(start),
           "end": str(start + len("Beijing blamed Washington")), "evidence": "Beijing blamed Washington",
           "status": "accepted", "reviewed_by": "test", "note": ""}
    row.update(overrides)
    return row


def _write(tmp_path, rows):
    path = tmp_path / "statements.csv"
    lines = [",".join(CURATED_COLUMNS)] + [",".join(r[c] for c in CURATED_COLUMNS) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"start": "0"}, ":2: evidence: offsets don't slice the evidence"),
        ({"speaker": "nobody"}, ":2: speaker: unknown actor"),
        ({"relation": "blames"}, ":2: relation: unknown relation"),
        ({"topic": "drugs"}, ":2: topic: unknown topic"),
        ({"voice": "shout"}, ":2: voice: unknown voice"),
    ],
)
def test_validator_reports_bad_rows_as_file_and_line(tmp_path, override, message):
    path = _write(tmp_path, [_row(**override)])
    problems = validate_statement_rows(path, read_statement_csv(path), {"t1": TEXT}, ONTOLOGY)
    assert len(problems) == 1
    assert str(problems[0]).startswith(f"{path}{message}")


def test_rows_for_articles_outside_the_corpus_are_ignored_and_counted(tmp_path):
    path = _write(tmp_path, [_row(), _row(article_id="elsewhere", speaker="nobody")])
    loaded = load_curated(path, {"t1": TEXT}, SENTENCES, ONTOLOGY)
    assert len(loaded.statements) == 1
    assert loaded.n_outside_corpus == 1 and loaded.outside_articles == ["elsewhere"]
    row = loaded.statements.iloc[0]
    assert (row.speaker_bloc, row.target_bloc, row.sentence_no, row.source) == ("CN", "US", 2, "curated")


def test_rejected_rows_are_left_out(tmp_path):
    path = _write(tmp_path, [_row(status="rejected")])
    loaded = load_curated(path, {"t1": TEXT}, SENTENCES, ONTOLOGY)
    assert loaded.statements.empty and loaded.n_rejected == 1


def test_loading_a_bad_file_fails_on_one_line(tmp_path):
    path = _write(tmp_path, [_row(), _row(relation="blames"), _row(voice="x")])
    with pytest.raises(InputError) as info:
        load_curated(path, {"t1": TEXT}, SENTENCES, ONTOLOGY)
    assert str(info.value).startswith(f"{path}:3: relation: unknown relation")
    assert "and 1 more bad rows" in str(info.value)


def test_combined_source_lets_curated_win_per_article():
    def frame(article, source):
        return pd.DataFrame([{"article_id": article, "sentence_no": 1, "speaker": "a", "target": "b",
                              "relation": "accuse", "topic": "other", "voice": "narrator", "evidence": "x",
                              "start": 0, "end": 1, "speaker_bloc": "US", "target_bloc": "CN",
                              "source": source, "rule": ""}])
    curated = frame("a1", "curated")
    auto = pd.concat([frame("a1", "auto"), frame("a2", "auto")], ignore_index=True)
    combined = combine_statements(curated, auto, "combined")
    pairs = list(zip(combined["article_id"], combined["source"], strict=True))
    assert pairs == [("a1", "curated"), ("a2", "auto")]
    assert len(combine_statements(curated, auto, "auto")) == 2
    with pytest.raises(ValueError, match="unknown statements source"):
        combine_statements(curated, auto, "both")


def test_committed_curated_statements_are_valid():
    corpus = ingest_corpus(RAW)
    texts = corpus.texts
    path = REPO / "data" / "annotations" / "statements.csv"
    rows = read_statement_csv(path)
    assert validate_statement_rows(path, rows, texts, load_ontology()) == []
    assert {r["article_id"] for _, r in rows} == set(texts), "every seed article is hand-coded"
