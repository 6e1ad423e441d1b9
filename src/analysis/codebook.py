"""The codebook's vocabulary, in one place: relations with their sign and definition, topics,
voices, blocs and their order, graph levels, statement columns and their sort key.

Everything else imports these names; schemas, column lists and report tables derive from them.
See `docs/codebook.md` for the definitions in full.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "BLOCS",
    "GOVERNMENT_BLOCS",
    "LEVELS",
    "NEGATIVE_RELATIONS",
    "POSITIVE_RELATIONS",
    "RELATIONS",
    "RELATION_DEFINITIONS",
    "RELATION_SIGNS",
    "STATEMENT_COLUMNS",
    "STATEMENT_SORT_KEY",
    "STATEMENT_SOURCES",
    "TOPICS",
    "VOICES",
    "Relation",
    "sort_statements",
]


@dataclass(frozen=True)
class Relation:
    """A relation from speaker to target: its name, sign (−1 blame, +1 support) and definition."""

    name: str
    sign: int
    definition: str


_RELATIONS = (
    Relation("accuse", -1, "attributes responsibility, blame, wrongdoing or failure to the target"),
    Relation("deny", -1, "rejects a claim or responsibility; the target made the claim"),
    Relation("demand", -1, "calls on, presses or urges the target to act"),
    Relation("threaten", -1, "announces or proposes coercion: sanctions, aid cuts, indictments, force"),
    Relation("appeal", 1, "asks the target for help or cooperation"),
    Relation("cooperate", 1, "agrees, works with, supports or commits to joint action with the target"),
    Relation("praise", 1, "approves of or thanks the target"),
)
RELATIONS = tuple(r.name for r in _RELATIONS)
RELATION_SIGNS = {r.name: r.sign for r in _RELATIONS}
RELATION_DEFINITIONS = {r.name: r.definition for r in _RELATIONS}
NEGATIVE_RELATIONS = tuple(r.name for r in _RELATIONS if r.sign < 0)
POSITIVE_RELATIONS = tuple(r.name for r in _RELATIONS if r.sign > 0)

TOPICS = ("precursors", "production", "trafficking", "consumption", "weapons", "sovereignty", "cooperation",
          "other")
VOICES = ("quote", "reported", "narrator")

# Blocs in display order: the three governments first, then the other actors.
BLOCS = ("US", "MX", "CN", "CARTELS", "SUPPLIERS", "INTL", "MEDIA")
GOVERNMENT_BLOCS = ("US", "MX", "CN")

# Graph levels: how far the actor hierarchy is rolled up (person → organisation → bloc).
LEVELS = ("person", "organisation", "bloc")

# Statement tables (curated, automatic, combined) share these columns, sorted by this key.
STATEMENT_COLUMNS = (
    "article_id", "sentence_no", "speaker", "target", "relation", "topic", "voice", "evidence",
    "start", "end", "speaker_bloc", "target_bloc", "source", "rule",
)
STATEMENT_SORT_KEY = ("article_id", "start", "end", "speaker", "target", "relation", "topic", "voice",
                      "source")
STATEMENT_SOURCES = ("curated", "auto", "combined")


def sort_statements(frame: Any) -> Any:
    """Sort a statements DataFrame into its canonical order (deterministic outputs)."""
    keys = [c for c in STATEMENT_SORT_KEY if c in frame.columns]
    return frame.sort_values(keys, kind="mergesort").reset_index(drop=True)
