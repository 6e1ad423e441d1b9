"""PatternSet: one pass over the text gives each pattern's own finditer matches."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.text.extract import load_cues
from analysis.text.multiscan import PatternSet

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def one_by_one(patterns: list[re.Pattern[str]], text: str, start: int = 0, end: int | None = None) -> list:
    end = len(text) if end is None else end
    found = [(i, m.span()) for i, p in enumerate(patterns) for m in p.finditer(text, start, end)]
    return sorted(found, key=lambda item: (item[1][0], item[0]))


def together(patterns: list[re.Pattern[str]], text: str, start: int = 0, end: int | None = None) -> list:
    found = [(i, m.span()) for i, m in PatternSet(patterns, r"\b").finditer(text, start, end)]
    return sorted(found, key=lambda item: (item[1][0], item[0]))


OVERLAPPING = [re.compile(p, re.IGNORECASE) for p in (
    r"\bab", r"\ba(?:b|bab)+", r"\bb(?P<x>a)?", r"\b(?P<x>ba)b?(?![\w])", r"\ba\s+b", r"\b[ab](?:\s+[ab])?",
)]


CASE_MIXED = [re.compile(p) for p in (r"\b(?i:ab)", r"\bBa", r"\b(?:A|(?i:b))b?", r"\b(?-i:a)(?i:B)")]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abAB -.", max_size=40), st.integers(0, 5), st.integers(0, 45))
def test_pattern_set_gives_each_pattern_its_own_finditer_matches(text, start, end):
    end = min(end, len(text))
    assert together(OVERLAPPING, text, start, end) == one_by_one(OVERLAPPING, text, start, end)
    assert together(CASE_MIXED, text, start, end) == one_by_one(CASE_MIXED, text, start, end)


def test_cue_lexicon_in_one_pass_matches_one_search_per_cue_on_the_seeds():
    cues = [cue.pattern for cue in load_cues().cues]
    scanner = PatternSet(cues, r"(?<![\w-])")
    n_matches = 0
    for path in sorted(RAW.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        expected = one_by_one(cues, text)
        assert sorted(((i, m.span()) for i, m in scanner.finditer(text)),
                      key=lambda item: (item[1][0], item[0])) == expected
        n_matches += len(expected)
    assert n_matches > 100


def test_patterns_that_can_match_nothing_fall_back_to_one_search_each():
    patterns = [re.compile(r"\ba*"), re.compile(r"\bab")]
    assert together(patterns, "ab b aab") == one_by_one(patterns, "ab b aab")


def test_patterns_must_share_the_anchor_and_flags():
    with pytest.raises(ValueError, match="start with"):
        PatternSet([re.compile(r"\ba"), re.compile("b")], r"\b")
    with pytest.raises(ValueError, match="same flags"):
        PatternSet([re.compile(r"\ba"), re.compile(r"\bb", re.IGNORECASE)], r"\b")
    with pytest.raises(ValueError, match="back-references"):
        PatternSet([re.compile(r"\b(a)\1"), re.compile(r"\bb")], r"\b")  # numbering would shift


@pytest.mark.parametrize(("body", "expected"), [
    (r"accus(?:e|es)", {"a"}),
    (r"(?:completely |entirely )?[‘'“\"]?made in", {"c", "e", "‘", "'", "“", '"', "m"}),
    (r"(?<![\w-])(?:is|was) (?:not)", {"i", "w"}),
    (r"[a-c]x|\d", None),  # a digit class is any character to the guard
    (r"(?:x)?", None),  # can match nothing
])
def test_first_characters_of_a_pattern(body, expected):
    from analysis.text.multiscan import _first_chars

    found = _first_chars(body, re.IGNORECASE)
    assert found == (frozenset((c, True) for c in expected) if expected is not None else None)


def test_first_characters_keep_case_where_the_pattern_does():
    from analysis.text.multiscan import _first_chars

    assert _first_chars(r"(?i:in)\s+May|June", 0) == frozenset({("i", True), ("J", False)})
