"""Detect an article's language: a fast test for plain English, then langdetect (ships its profiles)."""

from __future__ import annotations

import re

from langdetect import DetectorFactory, LangDetectException, detect

__all__ = ["detect_language"]

DetectorFactory.seed = 0  # langdetect is randomised; a fixed seed makes it deterministic
_SAMPLE_CHARS = 600  # a few sentences tell languages apart; more only costs time
_WORD = re.compile(r"[^\W\d_]+")
# The commonest English function words; in English prose they make up a third or more of the words,
# in other languages (even those sharing a few, like "a" or "in") far less.
_ENGLISH = frozenset(
    "the of and to in a is that for on with as was by it at from has have be are said".split()  # noqa: SIM905
)
_ENGLISH_SHARE = 0.22
_MIN_WORDS = 40


def detect_language(text: str) -> str:
    """Return an ISO 639-1 code for the text's language, or `und` when it cannot tell."""
    sample = text[:_SAMPLE_CHARS]
    words = [w.lower() for w in _WORD.findall(text[: _SAMPLE_CHARS * 2])]
    if len(words) >= _MIN_WORDS and sum(w in _ENGLISH for w in words) / len(words) >= _ENGLISH_SHARE:
        return "en"
    if not any(ch.isalpha() for ch in sample):
        return "und"
    try:
        return detect(sample)
    except LangDetectException:
        return "und"
