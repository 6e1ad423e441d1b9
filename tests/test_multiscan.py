"""PatternSet: one pass over the text gives each pattern's own finditer matches."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.text import induce, speakers, timex
from analysis.text.extract import load_cues
from analysis.text.multiscan import PatternSet, pattern_prefixes
from analysis.text.parse import parse_article

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


def _real_texts() -> list[str]:
    """The seeds and the development articles that are not held out (their text is never shown)."""
    dev = RAW.parents[1] / "data" / "dev"
    with (dev / "split.csv").open(encoding="utf-8", newline="") as handle:
        shown = [r["article_id"] for r in csv.DictReader(handle) if r["split"] != "heldout"]
    paths = [*sorted(RAW.glob("*.txt")), *(dev / f"{article_id}.txt" for article_id in sorted(shown))]
    return [path.read_text(encoding="utf-8") for path in paths if path.exists()]


def test_real_lexicons_in_one_pass_match_one_search_per_pattern_on_real_articles():
    lexicon = load_cues()
    scanners = [scanner._patterns for scanner in (lexicon.sentence_scanner, lexicon.context_scanner)]
    scanners += [timex._SCANNER, induce._title_scanner(), speakers._speech_scanner()]
    texts = _real_texts()
    n_matches = 0
    for scanner in scanners:
        for text in texts:
            expected = one_by_one(list(scanner.patterns), text)
            assert sorted(((i, m.span()) for i, m in scanner.finditer(text)),
                          key=lambda item: (item[1][0], item[0])) == expected
            n_matches += len(expected)
    assert len(texts) > 20
    assert n_matches > 1000


def test_the_speech_scanner_matches_the_speech_verbs_sentence_by_sentence():
    speech, scanner = speakers.speech_pattern(), speakers._speech_scanner()
    n_matches = 0
    for text in _real_texts():
        for sentence in parse_article("a", text, "", "a.txt").sentence_rows():
            expected = [m.span() for m in speech.finditer(text, sentence.start, sentence.end)]
            assert [m.span() for _, m in scanner.finditer(text, sentence.start, sentence.end)] == expected
            n_matches += len(expected)
    assert n_matches > 100


def test_patterns_that_can_match_nothing_fall_back_to_one_search_each():
    patterns = [re.compile(r"\ba*"), re.compile(r"\bab")]
    assert together(patterns, "ab b aab") == one_by_one(patterns, "ab b aab")


def test_patterns_must_share_the_anchor_and_flags():
    with pytest.raises(ValueError, match="start with"):
        PatternSet([re.compile(r"\ba"), re.compile("b")], r"\b")
    with pytest.raises(ValueError, match="every branch"):
        PatternSet([re.compile(r"\ba|b")], r"\b")  # "b" may match where no word starts
    assert together([re.compile(r"\ba|\bb")], "ab b ba") == [(0, (0, 1)), (0, (3, 4)), (0, (5, 6))]
    with pytest.raises(ValueError, match="same flags"):
        PatternSet([re.compile(r"\ba"), re.compile(r"\bb", re.IGNORECASE)], r"\b")


def test_back_references_and_unreadable_starts_are_tried_everywhere():
    patterns = [re.compile(r"\b(a)\1b"), re.compile(r"\b.b"), re.compile(r"\b(?s:x)y"), re.compile(r"\bab")]
    text = "aab ab xb xy aabab"
    assert together(patterns, text) == one_by_one(patterns, text)
    assert pattern_prefixes(r".b", 0) == frozenset({()})


# Characters that re's IGNORECASE folds together beyond ASCII (the long s, the Kelvin sign, the
# dotted and dotless i, sigma's final form, the sharp s and its capital).
FOLDING = "sSſkKKiIİıσςΣßẞ"
FOLDED = [re.compile(p, re.IGNORECASE)
          for p in (r"\bsk", r"\bkis", r"\b[s-t]i", r"\bσ+", r"\bß(?-i:s)", r"\bı")]
UNFOLDED = [re.compile(p) for p in (r"\b(?i:s)k", r"\bK(?i:i)", r"\bſ", r"\b[ıi]s", r"\b(?i:[^k])s")]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=FOLDING + " -", max_size=30))
def test_prefix_index_folds_case_exactly_as_re_does(text):
    assert together(FOLDED, text) == one_by_one(FOLDED, text)
    assert together(UNFOLDED, text) == one_by_one(UNFOLDED, text)
    whole = [(i, m.span()) for i, m in PatternSet(FOLDED, r"\b", whole_prefixes=True).finditer(text)]
    assert sorted(whole, key=lambda item: (item[1][0], item[0])) == one_by_one(FOLDED, text)


ATOMS = st.sampled_from(["a", "b", "A", "ſ", "s", "[ab]", "[^a]", "[a-c]", r"\s", r"\w", r"\d", ".", " ",
                         "-"])


def _regex(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(children, min_size=2, max_size=3).map("".join),
        st.lists(children, min_size=2, max_size=3).map(lambda xs: "(?:" + "|".join(xs) + ")"),
        st.tuples(children, st.sampled_from(["?", "*", "+", "{2}", "{0,3}", "??", "{1,9}"])).map(
            lambda t: f"(?:{t[0]}){t[1]}"),
        children.map(lambda x: f"(?i:{x})"), children.map(lambda x: f"(?-i:{x})"),
        children.map(lambda x: f"(?=[ab]){x}"), children.map(lambda x: f"{x}(?![\\w])"),
        children.map(lambda x: f"({x})"),
    )


BODIES = st.recursive(ATOMS, _regex, max_leaves=6)


def _generated_scanner(bodies: list[str], ignore_case: bool, width: int,
                       whole: bool) -> tuple[list[re.Pattern[str]], PatternSet]:
    """The generated bodies behind the cue anchor, and a PatternSet over them."""
    flags = re.IGNORECASE if ignore_case else 0
    patterns = [re.compile(r"(?<![\w-])" + body, flags) for body in bodies]
    return patterns, PatternSet(patterns, r"(?<![\w-])", width, whole_prefixes=whole)


@settings(max_examples=400, deadline=None)
@given(st.lists(BODIES, min_size=1, max_size=4), st.booleans(), st.integers(1, 4), st.booleans(),
       st.text(alphabet="abAsſ -.1", max_size=30), st.integers(0, 3))
def test_generated_patterns_match_as_their_own_finditer(bodies, ignore_case, width, whole, text, start):
    """Random patterns (classes, repeats, alternations, scoped case, lookarounds) on random text."""
    patterns, scanner = _generated_scanner(bodies, ignore_case, width, whole)
    found = [(i, m.span()) for i, m in scanner.finditer(text, start)]
    assert sorted(found, key=lambda item: (item[1][0], item[0])) == one_by_one(patterns, text, start)


@settings(max_examples=400, deadline=None)
@given(st.lists(BODIES, min_size=1, max_size=4), st.booleans(), st.integers(1, 4), st.booleans(),
       st.text(alphabet="abAsſ -.1", max_size=30), st.integers(0, 3))
def test_generated_patterns_match_as_their_alternation(bodies, ignore_case, width, whole, text, start):
    """`first_finditer`: the alternation's matches, each from the first pattern matching there."""
    patterns, scanner = _generated_scanner(bodies, ignore_case, width, whole)
    alternation = re.compile("|".join(f"(?:{p.pattern})" for p in patterns), patterns[0].flags)
    found = scanner.first_finditer(text, start)
    assert [m.span() for _, m in found] == [m.span() for m in alternation.finditer(text, start)]
    for index, match in found:  # the pattern's own match (the alternation's after an empty one)
        assert patterns[index].match(text, match.start()) is not None


@settings(max_examples=400, deadline=None)
@given(st.lists(BODIES, min_size=1, max_size=4), st.booleans(), st.sampled_from([r"\b", r"(?<![\w-])"]),
       st.text(alphabet="abAsſ -.1", max_size=30))
def test_first_index_is_the_first_pattern_that_searches_with_success(bodies, ignore_case, anchor, text):
    flags = re.IGNORECASE if ignore_case else 0
    patterns = [re.compile(anchor + body, flags) for body in bodies]
    expected = next((i for i, p in enumerate(patterns) if p.search(text)), -1)
    assert PatternSet(patterns, anchor).first_index(text) == expected


def test_a_word_boundary_before_word_characters_is_searched_as_the_character_before():
    assert PatternSet([re.compile(r"\b(?:ab|c)"), re.compile(r"\b[d-f]")], r"\b")._after is not None
    assert PatternSet([re.compile(r"\b(?:ab|-)")], r"\b")._after is None  # "-" is no word character
    text = "ab-ab cab c, e"
    scanner = PatternSet([re.compile(r"\b(?:ab|c)"), re.compile(r"\b[d-f]")], r"\b")
    assert [(i, m.span()) for i, m in scanner.finditer(text, 3)] == [(0, (3, 5)), (0, (6, 7)), (0, (10, 11)),
                                                                       (1, (13, 14))]


def test_the_alternation_of_overlapping_patterns_takes_the_first_that_matches():
    patterns = [re.compile(r"\bab"), re.compile(r"\ba"), re.compile(r"\bb")]
    found = PatternSet(patterns, r"\b").first_finditer("a ab b aab ba")
    assert [(i, m.span()) for i, m in found] == [(1, (0, 1)), (0, (2, 4)), (2, (5, 6)), (1, (7, 8)),
                                                 (2, (11, 12))]


@pytest.mark.parametrize(("anchor", "body"), [
    (r"(?<![\w-])", r"\w-"), (r"(?<![\w.])", r"\w."), (r"\b", None), (r"(?<![^a])", None),
    (r"(?<![a][b])", None), (r"(?<![a]|[b])", None), (r"(?<!ab)", None), ("", None),
])
def test_only_a_lookbehind_of_one_class_is_searched_as_the_character_before(anchor, body):
    from analysis.text.multiscan import _lookbehind_class

    assert _lookbehind_class(anchor, re.IGNORECASE) == body


def test_many_prefixes_are_shortened_not_dropped(monkeypatch):
    import analysis.text.multiscan as multiscan

    monkeypatch.setattr(multiscan, "_MAX_PREFIXES", 3)
    patterns = [re.compile(r"\b(?:aa|b)(?:cc|d)(?:ee|f)x"), re.compile(r"\b(?:aaccee|bdf|aadf|bccee)y")]
    assert len(pattern_prefixes(r"(?:aa|b)(?:cc|d)(?:ee|f)x", 0)) <= 3  # eight, shortened to three
    text = "aaccex bdfx aady aacceey bdfy aadfx bdeex bccf"
    assert together(patterns, text) == one_by_one(patterns, text)


def test_remembered_keys_are_forgotten_past_the_limit(monkeypatch):
    import analysis.text.multiscan as multiscan

    monkeypatch.setattr(multiscan, "_MAX_KEYS", 2)
    scanner = PatternSet(OVERLAPPING, r"\b")
    text = "ab ba b ab aab bab a b"
    assert sorted((i, m.span()) for i, m in scanner.finditer(text)) == sorted(one_by_one(OVERLAPPING, text))
    assert len(scanner._by_key) <= 2


def _classes(prefixes: frozenset) -> set[tuple[str, ...]]:
    """Prefixes as the class text of each character (case folding aside)."""
    return {tuple(("^" if negated else "") + body for body, negated, _ in prefix) for prefix in prefixes}


@pytest.mark.parametrize(("body", "expected"), [
    (r"accus(?:e|es)", {tuple("accuse")}),
    (r"is|was", {("i", "s"), ("w", "a", "s")}),
    (r"(?:completely |entirely )?[‘'“\"]?made in",
     {tuple("comple"), tuple("entire"), ("‘'“\"", "m", "a", "d", "e", r"\ "), tuple("made") + (r"\ ", "i")}),
    (r"(?<![\w-])(?:is|was) (?:not)", {("i", "s", r"\ ", "n", "o", "t"), ("w", "a", "s", r"\ ", "n", "o")}),
    (r"[a-c]x|\d", {(r"a-c", "x"), (r"\d",)}),
    (r"x{3,}y", {tuple("xxxy"), tuple("xxxxy"), tuple("xxxxxy"), tuple("xxxxxx")}),  # repeats past the width
    (r"(?:x)?", {(), ("x",)}),  # can match nothing: the empty prefix fits every key
    (r"a.b", {("a",)}),  # a dot ends the prefix
])
def test_prefixes_of_a_pattern(body, expected):
    assert _classes(pattern_prefixes(body, re.IGNORECASE)) == expected


def test_prefixes_keep_case_where_the_pattern_does():
    prefixes = pattern_prefixes(r"(?i:in)\s+May|June", 0, width=3)
    assert prefixes == frozenset({(("i", False, True), ("n", False, True), (r"\s", False, False)),
                                  (("J", False, False), ("u", False, False), ("n", False, False))})
