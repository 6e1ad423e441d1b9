"""Linear time: the sentence and caption patterns cannot backtrack quadratically, and each
article's work has deterministic limits (checked by counts; one guard test times hostile text)."""

from __future__ import annotations

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.build.jobs import ArticleJob, process_article
from analysis.text.extract import MAX_CUE_MATCHES_PER_SENTENCE
from analysis.text.parse import _BOUNDARY, MAX_LINE_CHARS, MAX_SENTENCE_CHARS, _head_before_trailing_paren

OLD_TRAILING_PAREN = re.compile(r"^(?P<head>.*?)\s*\((?P<paren>[^()]*)\)\s*$")
OLD_BOUNDARY = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s)")
HEAD = "A headline written for these tests\n\n"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab (). \t\u00a0", max_size=30))
def test_the_caption_check_finds_what_the_old_pattern_found(line):
    match = OLD_TRAILING_PAREN.match(line)
    assert _head_before_trailing_paren(line) == (match["head"] if match else None)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="a.!?…\"”’')] \n", max_size=30))
def test_sentence_boundaries_are_those_of_the_old_pattern(text):
    assert [m.span() for m in _BOUNDARY.finditer(text)] == [m.span() for m in OLD_BOUNDARY.finditer(text)]


def _process(tmp_path, body: str):
    path = tmp_path / "a.txt"
    path.write_text(HEAD + body + "\n", encoding="utf-8")
    return process_article(ArticleJob(str(path), "outlet:a", None, None))


def test_a_line_over_the_limit_is_skipped_as_too_slow_and_one_at_the_limit_is_not(tmp_path):
    filler = "It rained. " * (MAX_LINE_CHARS // 11)
    at_limit = filler + "x" * (MAX_LINE_CHARS - len(filler))
    assert len(at_limit) == MAX_LINE_CHARS and _process(tmp_path, at_limit).skip_reason == ""
    over = _process(tmp_path, at_limit + "x")
    assert (over.skip_reason, over.skip_detail) == (
        "too_slow", "line 3 has 50,001 characters, over the 50,000-character limit")


def test_a_sentence_over_the_limit_is_skipped_as_too_slow(tmp_path):
    words = "rain " * (MAX_SENTENCE_CHARS // 5)
    assert _process(tmp_path, words[:MAX_SENTENCE_CHARS - 1] + ".").skip_reason == ""
    over = _process(tmp_path, words[:MAX_SENTENCE_CHARS] + ".")
    assert (over.skip_reason, over.skip_detail) == (
        "too_slow", "sentence 2 has 5,001 characters, over the 5,000-character limit")


def test_a_sentence_with_too_many_cue_matches_is_skipped_as_too_slow(tmp_path):
    def sentence(n: int) -> str:
        return "Washington blamed and accused and criticised Beijing" + " and accused" * (n - 3) + "."

    assert _process(tmp_path, sentence(MAX_CUE_MATCHES_PER_SENTENCE)).skip_reason == ""
    over = _process(tmp_path, sentence(MAX_CUE_MATCHES_PER_SENTENCE + 1))
    assert (over.skip_reason, over.skip_detail) == (
        "too_slow", "sentence 2 has 101 cue matches, over the limit of 100")


def test_hostile_text_under_the_limits_runs_in_linear_time(tmp_path):
    """Guard: about 1 MB of text built to make the old patterns backtrack (runs of stops,
    spaces before a parenthesis, open parentheses) takes well under a second; the bound is
    over 50 times that. The old sentence pattern alone needed minutes on one such line."""
    line = MAX_LINE_CHARS - 10
    hostile = [
        "." * line,  # runs of full stops with no space after them
        "Washington accused Beijing" + " " * line + "(x",  # spaces before an unclosed parenthesis
        "( " * (line // 2) + ")",  # many opening parentheses before one closing
        "... " * (line // 4),  # repeated ellipses
    ]
    started = time.perf_counter()
    results = [_process(tmp_path, "\n\n".join([text] * 5)) for text in hostile]
    elapsed = time.perf_counter() - started
    assert elapsed < 30, f"{elapsed:.1f}s for {len(hostile) * 5 * line:,} characters"
    assert [r.skip_reason for r in results] == ["too_slow", "too_slow", "too_slow", "too_slow"]
