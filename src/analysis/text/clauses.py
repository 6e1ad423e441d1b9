"""The one clause-boundary rule (`data/clauses.yaml`): where a clause ends and where it starts.

Every part of the text layer that needs a clause asks here: evidence spans and denial scopes
(`extract`), the agent of a verb (`extract`), the reach of reported speech (`speakers`) and
a figure's clause (`claims`). A boundary is strong (a new clause with its own subject: nothing
crosses it) or weak (the end of a phrase: spans stop at it, an agent search crosses it). A verb's
object ends at a strong boundary or where a participial clause opens (", echoing …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from string import Template

from analysis.resources import load_yaml

__all__ = ["ClauseRule", "clause_rule"]


@dataclass(frozen=True)
class ClauseRule:
    """Strong and weak clause boundaries, compiled once."""

    strong: re.Pattern[str]
    weak: re.Pattern[str]
    boundary: re.Pattern[str]  # strong or weak (the strong one first, so its whole text is consumed)
    participle: re.Pattern[str]  # ", echoing …": a participial clause, where a verb's object ends

    def end(self, text: str, pos: int, limit: int, strong_only: bool = False) -> int:
        """Where the clause running at `pos` ends: the start of the next boundary before `limit`."""
        found = self._pattern(strong_only).search(text, pos, limit)
        return found.start() if found else limit

    def object_end(self, text: str, pos: int, limit: int) -> int:
        """Where a verb's object may end: a strong boundary or a participial clause."""
        end = self.end(text, pos, limit, strong_only=True)
        found = self.participle.search(text, pos, end)
        return found.start() if found else end

    def start(self, text: str, floor: int, pos: int, strong_only: bool = False) -> int:
        """Where the clause holding `pos` starts: the end of the last boundary in [floor, pos)."""
        ends = [m.end() for m in self._pattern(strong_only).finditer(text, floor, pos)]
        return max(ends, default=floor)

    def _pattern(self, strong_only: bool) -> re.Pattern[str]:
        return self.strong if strong_only else self.boundary


@lru_cache(maxsize=1)
def clause_rule() -> ClauseRule:
    """Load the rule from `data/clauses.yaml` (the contrast words fill `${contrast}`, the
    present-tense predicates `${present}`, the participles `${participles}`)."""
    raw = load_yaml("clauses.yaml")
    contrast = "|".join(re.escape(word) for word in raw["contrast"])
    fills = {"contrast": contrast, "present": raw["present"], "participles": raw["participles"]}
    keys = ("strong", "weak", "object_end")
    strong, weak, participle = (Template(raw[key]).substitute(fills) for key in keys)
    return ClauseRule(re.compile(strong), re.compile(weak), re.compile(f"(?:{strong})|(?:{weak})"),
                      re.compile(participle))
