"""Run many regular expressions over a text in one pass, with the matches of one `finditer` each.

Searching a text once per pattern costs one scan per pattern. `PatternSet` scans once:
a combined search finds the positions where any pattern matches, one match there tells
which patterns match, and each pattern keeps its matches left to right without overlap,
exactly as its own `finditer` would. The patterns must share their leading anchor (such
as a word boundary), which the combined search checks once per position.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["PatternSet"]


class PatternSet:
    """Compiled patterns that share a leading anchor and flags, searched together."""

    def __init__(self, patterns: Sequence[re.Pattern[str]], anchor: str) -> None:
        self.patterns = tuple(patterns)
        flags = {p.flags for p in self.patterns} or {re.UNICODE}
        if len(flags) > 1:
            raise ValueError("every pattern of a PatternSet must have the same flags")
        if any(not p.pattern.startswith(anchor) for p in self.patterns):
            raise ValueError(f"every pattern of a PatternSet must start with {anchor!r}")
        bodies = [_without_names(p.pattern.removeprefix(anchor)) for p in self.patterns]
        alternatives = "|".join(f"(?:{body})" for body in bodies) or r"(?!x)x"
        flag = flags.pop()
        self._anywhere = re.compile(f"{anchor}(?={alternatives})", flag)
        which = "".join(f"(?:(?=(?P<p{i}>{body}))|)" for i, body in enumerate(bodies))
        self._which = re.compile(which, flag)
        self._groups = [self._which.groupindex[f"p{i}"] - 1 for i in range(len(bodies))]

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, re.Match[str]]]:
        """Return (pattern index, match) for every pattern's matches in `text[start:end]`, by position.

        The matches of pattern `i` are those of `patterns[i].finditer(text, start, end)`.
        """
        end = len(text) if end is None else end
        found: list[tuple[int, re.Match[str]]] = []
        free_from = [start] * len(self.patterns)  # where each pattern's next match may start
        for hit in self._anywhere.finditer(text, start, end):
            at = hit.start()
            groups = self._which.match(text, at, end).groups()  # type: ignore[union-attr]
            for index, group in enumerate(self._groups):
                if groups[group] is None or at < free_from[index]:
                    continue
                match = self.patterns[index].match(text, at, end)
                if match is None or match.end() == at:  # an empty match: finditer's own rules apply
                    return self._one_by_one(text, start, end)
                found.append((index, match))
                free_from[index] = match.end()
        return found

    def _one_by_one(self, text: str, start: int, end: int) -> list[tuple[int, re.Match[str]]]:
        found = [(i, m) for i, p in enumerate(self.patterns) for m in p.finditer(text, start, end)]
        return sorted(found, key=lambda item: (item[1].start(), item[0]))


_NAMED_GROUP = re.compile(r"(?<!\\)\(\?P<\w+>")


def _without_names(body: str) -> str:
    """Turn named groups into plain groups, so that patterns reusing a name can be combined."""
    if "(?P=" in body:
        raise ValueError("a PatternSet pattern may not use named back-references")
    return _NAMED_GROUP.sub("(?:", body)
