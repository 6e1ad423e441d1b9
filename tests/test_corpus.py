"""Ingestion: offsets, boilerplate against the hand-labelled seed list, titles, sentences."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.errors import InputError
from analysis.text.parse import (
    decode_article,
    iter_article_paths,
    parse_article,
    read_article,
    split_lines,
    split_sentences,
)
from tests.conftest import FIXTURES, RAW


def _seed_articles():
    for path in iter_article_paths(RAW):
        text, sha = read_article(path)
        yield parse_article(path.stem, text, sha, path.name)


def _hand_labelled_boilerplate() -> set[tuple[str, int]]:
    with (FIXTURES / "seed_boilerplate.csv").open(encoding="utf-8", newline="") as handle:
        return {(row["article_id"], int(row["line_no"])) for row in csv.DictReader(handle)}


def test_no_boilerplate_is_kept_and_no_body_line_is_dropped():
    labelled = _hand_labelled_boilerplate()
    for article in _seed_articles():
        removed = {(article.article_id, ln.line_no) for ln, _ in article.boilerplate_lines}
        expected = {key for key in labelled if key[0] == article.article_id}
        assert removed - expected == set(), f"body lines dropped as boilerplate in {article.article_id}"
        assert expected - removed == set(), f"boilerplate kept as body in {article.article_id}"
        kept_text = "".join(s.text for s in article.sentences)
        for line in article.body_lines:
            visible = "".join(line.text.split())
            assert visible.lstrip("•") in "".join(kept_text.split()), line.text


def test_hand_labelled_lines_quote_the_raw_text():
    with (FIXTURES / "seed_boilerplate.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            text, _ = read_article(RAW / f"{row['article_id']}.txt")
            line = split_lines(text)[int(row["line_no"]) - 1]
            assert line.text.strip() == row["text"]


def test_every_sentence_slices_the_raw_text_exactly():
    for article in _seed_articles():
        assert article.sentences
        for sentence in article.sentences:
            assert article.text[sentence.start : sentence.end] == sentence.text
            assert sentence.text == sentence.text.strip()


def test_titles_are_found_after_header_boilerplate():
    titles = {a.article_id: a.title for a in _seed_articles()}
    assert titles["003_8bc79a1c02547256"] == (
        "Better US-China cooperation will be needed to tackle fentanyl crisis"
    )
    assert titles["004_048d13d2345a47be"] == "US anti-drug official says fentanyl being produced in Mexico"
    assert titles["001_ddc4de0ab6465bbc"].startswith("China Says ‘No Such Thing")


def test_offsets_count_code_points_and_keep_crlf_and_bom():
    text = "\ufeffTitle of a test article here\r\n\r\nFirst sentence. Second one “quoted.”\r\n"
    article = parse_article("t", text, "0" * 64)
    assert article.title == "Title of a test article here"
    assert [s.text for s in article.sentences] == [
        "Title of a test article here", "First sentence.", "Second one “quoted.”",
    ]
    for sentence in article.sentences:
        assert text[sentence.start : sentence.end] == sentence.text


def test_lines_split_only_on_newline():
    text = "a\u2028b\x0cc\nnext"
    assert [ln.text for ln in split_lines(text)] == ["a\u2028b\x0cc", "next"]


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Mr. Smith met Gen. Lee. They talked.", ["Mr. Smith met Gen. Lee.", "They talked."]),
        ("Drugs seized in the U.S. This is new.", ["Drugs seized in the U.S.", "This is new."]),
        ("The U.S. Drug Agency said so.", ["The U.S. Drug Agency said so."]),
        ("“It is over,” she said. “We are done.”", ["“It is over,” she said.", "“We are done.”"]),
        ("Is it? Yes. It is 3.5 times more.", ["Is it?", "Yes.", "It is 3.5 times more."]),
        ("Lima, Aug 8 (EFE).- Despite this, he went.", ["Lima, Aug 8 (EFE).- Despite this, he went."]),
        ("He met J. Smith on Monday. Then left.", ["He met J. Smith on Monday.", "Then left."]),
    ],
)
def test_sentence_splitter_handles_abbreviations_and_quotes(paragraph, expected):
    assert [paragraph[s:e] for s, e in split_sentences(paragraph)] == expected


def test_invalid_utf8_is_a_one_line_error_naming_file_and_line():
    data = "Title line here now\nL\u00f3pez".encode("cp1252")
    with pytest.raises(InputError) as info:
        decode_article(data, "bad.txt")
    message = str(info.value)
    assert message.startswith("bad.txt:2: not valid UTF-8")
    assert "\n" not in message


def test_binary_file_is_rejected():
    with pytest.raises(InputError, match="binary file"):
        decode_article(b"PK\x03\x04\x00\x00", "archive.txt")


def test_bylines_with_accented_names_are_boilerplate():
    text = "A headline written for the tests here\n\nBy Łucja Wójcik\n\nThe body starts here.\n"
    article = parse_article("t", text, "0" * 64)
    assert [kind for _, kind in article.boilerplate_lines] == ["byline"]


def test_a_title_above_a_captioned_photo_stays_the_title():
    text = ("A headline written for the tests here\n\n"
            "Officials meet in the capital on Monday. Photo: Reuters\n\nThe body starts here.\n")
    article = parse_article("t", text, "0" * 64)
    assert article.title == "A headline written for the tests here"
    assert [kind for _, kind in article.boilerplate_lines] == ["caption"]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="aZ9_.’'- ,!é", max_size=30))
def test_token_before_a_full_stop_is_the_regex_definition(prefix):
    """The backward scan finds what `(?P<token>[\\w.’'-]+)\\.$` searched from the start finds."""
    import re

    from analysis.text.parse import _token_before

    paragraph = prefix + "."
    expected = re.search(r"(?P<token>[\w.’'-]+)\.$", paragraph)
    assert _token_before(paragraph, len(paragraph) - 1) == (expected["token"] if expected else "")
