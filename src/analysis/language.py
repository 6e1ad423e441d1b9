"""Detect an article's language with langdetect, which ships its own profiles."""

from __future__ import annotations

from langdetect import DetectorFactory, LangDetectException, detect

__all__ = ["detect_language"]

DetectorFactory.seed = 0  # langdetect is randomised; a fixed seed makes it deterministic
_SAMPLE_CHARS = 2000


def detect_language(text: str) -> str:
    """Return an ISO 639-1 code for the text's language, or `und` when it cannot tell."""
    sample = text[:_SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return "und"
    try:
        return detect(sample)
    except LangDetectException:
        return "und"
