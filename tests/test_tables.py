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


def test_parquet_offsets_codes_and_dates_at_the_boundary(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    corpus = ingest_corpus(RAW)
    for name in ("sentences", "statements_auto", "articles"):
        write_table(name, corpus.as_tables()[name], tmp_path)
    sentences = pq.read_schema(tmp_path / "sentences.parquet")
    assert {"start_offset", "end_offset"} <= set(sentences.names) and "end" not in sentences.names
    statements = pq.read_schema(tmp_path / "statements_auto.parquet")
    for code in ("relation", "topic", "voice", "speaker_bloc", "target_bloc", "source"):
        assert pa.types.is_dictionary(statements.field(code).type), code
    assert not pa.types.is_dictionary(statements.field("evidence").type)
    articles = pq.read_schema(tmp_path / "articles.parquet")
    assert articles.field("published_date").type == pa.date32()
    assert pa.types.is_dictionary(articles.field("published_precision").type)
    back = read_table("sentences", tmp_path)  # in memory: the codebook's start/end again
    assert list(back.columns[3:5]) == ["start", "end"]
    assert back.equals(corpus.sentences.reset_index(drop=True))
    auto = read_table("statements_auto", tmp_path)
    assert auto["relation"].dtype == corpus.statements["relation"].dtype  # plain strings, not categories


def test_published_dates_are_typed_and_null_without_a_year():
    from analysis.store.tables import published_dates

    sort = pd.Series(["2023", "2023-11", "2024-04-09", "", "--08-08"])
    precision = pd.Series(["year", "month", "day", "none", "month_day"])
    dates = published_dates(sort, precision)
    assert [d.strftime("%Y-%m-%d") if pd.notna(d) else None for d in dates] == [
        "2023-01-01", "2023-11-01", "2024-04-09", None, None]


def test_combined_statements_table_joins_outlet_and_date_and_is_what_the_report_reads(tmp_path):
    from analysis.build.pipeline import BuildSettings, build_processed
    from analysis.curation.statements import combine_statements
    from analysis.report.data import load_report_data
    from analysis.store.long_export import LONG_EXPORT_COLUMNS

    processed = tmp_path / "processed"
    build_processed(BuildSettings(RAW, processed, curated=REPO / "data" / "annotations" / "statements.csv"))
    combined = read_table("statements", processed)
    curated, auto = read_table("statements_curated", processed), read_table("statements_auto", processed)
    expected = combine_statements(curated, auto, "combined")
    assert combined[list(expected.columns)].equals(expected)
    articles = read_table("articles", processed).set_index("article_id")
    first = combined.iloc[0]
    assert first["outlet"] == articles.loc[first["article_id"], "outlet"]
    assert first["published_precision"] == articles.loc[first["article_id"], "published_precision"]
    assert load_report_data(processed).statements.equals(expected)
    long = pd.read_csv(processed / "statements_long.csv", keep_default_na=False)
    assert tuple(long.columns) == LONG_EXPORT_COLUMNS and len(long) == len(combined)
    assert list(long["start_offset"]) == list(combined["start"])
    negative = long["qualifier"].isin(["accuse", "deny", "demand", "threaten"])
    assert list(long["agreement"]) == [0 if n else 1 for n in negative]
