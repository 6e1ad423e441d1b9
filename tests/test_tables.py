"""Processed tables: schemas checked on write, the data dictionary generated from them."""

from __future__ import annotations

import pandas as pd
import pandera.errors
import pytest

from analysis.build.ingest import ingest_corpus
from analysis.store.dictionary import render_data_dictionary
from analysis.store.tables import read_table, write_table
from tests.conftest import RAW, REPO


def test_data_dictionary_is_up_to_date():
    committed = (REPO / "docs" / "data_dictionary.md").read_text(encoding="utf-8")
    assert committed == render_data_dictionary(), "run `make dictionary` and commit the result"


def test_seed_tables_pass_their_schemas_and_round_trip(tmp_path):
    corpus = ingest_corpus(RAW)
    for name, frame in corpus.as_tables().items():
        write_table(name, frame, tmp_path)
        assert len(read_table(name, tmp_path)) == len(frame)
    assert len(corpus.articles) == 5
    assert corpus.skipped.empty
    assert set(corpus.as_tables()) >= {"articles", "sentences", "boilerplate", "skipped", "statements_auto"}


def test_sentence_table_offsets_slice_raw_files():
    corpus = ingest_corpus(RAW)
    texts = corpus.texts
    for row in corpus.sentences.itertuples():
        assert texts[row.article_id][row.start : row.end] == row.text


def test_write_rejects_a_table_that_breaks_its_schema(tmp_path):
    bad = pd.DataFrame({"file_name": ["a.txt"], "reason": ["because"], "detail": [""]})
    with pytest.raises(pandera.errors.SchemaErrors):
        write_table("skipped", bad, tmp_path)
    assert not (tmp_path / "skipped.parquet").exists()
