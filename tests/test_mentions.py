"""The alias finder: its grouped regex finds exactly what one flat longest-first alternation finds."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.ontology import load_ontology
from analysis.text.mentions import MentionFinder, _alias_pattern, _is_acronym

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
ONTOLOGY = load_ontology()
FINDER = MentionFinder(ONTOLOGY)


def _flat_regex() -> re.Pattern[str]:
    """The reference: every alias in one alternation, longest first (the finder's first design)."""
    aliases = sorted(ONTOLOGY.alias_owner.items(), key=lambda kv: (-len(kv[0]), kv[0]))
    parts = []
    for key, actor_id in aliases:
        surface = FINDER._surface_form(actor_id, key)
        pattern = _alias_pattern(surface)
        parts.append(pattern if _is_acronym(surface) else f"(?i:{pattern})")
    return re.compile(rf"(?<![\w.])(?:{'|'.join(parts)})(?![\w])")


FLAT = _flat_regex()
SURFACES = sorted({FINDER._surface_form(a, k) for k, a in ONTOLOGY.alias_owner.items()})


def _spans(text: str) -> tuple[list, list]:
    return ([(m.start, m.end, m.surface) for m in FINDER.find(text)],
            [(m.start(), m.end(), m.group()) for m in FLAT.finditer(text)])


def test_grouped_aliases_find_what_the_flat_alternation_finds_on_the_seeds():
    for path in sorted(RAW.glob("*.txt")):
        grouped, flat = _spans(path.read_text(encoding="utf-8"))
        assert grouped == flat and len(flat) > 10


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(SURFACES), st.sampled_from([" ", ".", "-", "’s ", "us", "US", "s",
                                                                        "the ", "\n", "K", "ſ", "İ"])),
                max_size=10),
       st.booleans())
def test_grouped_aliases_find_what_the_flat_alternation_finds_on_alias_soup(pieces, upper):
    text = "".join(pieces)
    text = text.upper() if upper else text
    grouped, flat = _spans(text)
    assert grouped == flat
