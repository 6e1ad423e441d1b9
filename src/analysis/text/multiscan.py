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

try:  # CPython's regex parser, to read which characters a pattern can start with
    import re._constants as sre
    import re._parser as sre_parse
except ImportError:  # pragma: no cover - another Python: no guards, the same matches
    sre = sre_parse = None

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
        flag = flags.pop()
        self._anywhere = re.compile(f"{anchor}(?:{_guarded_alternation(bodies, flag)})", flag)
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
    if "(?P=" in body or re.search(r"\\[1-9]", body):
        raise ValueError("a PatternSet pattern may not use back-references")
    return _NAMED_GROUP.sub("(?:", body)


def _guarded_alternation(bodies: list[str], flags: int) -> str:
    """Return a lookahead that holds where any body matches, with bodies grouped by first character.

    Each group sits behind a one-character class, so a position tries only the bodies that
    can start with its character. A body whose first characters cannot be read joins an
    unguarded group. A first letter read under IGNORECASE gets a case-insensitive class, so
    the guard accepts every character the body's own comparison accepts.
    """
    if not bodies:
        return r"(?!x)x"
    by_first: dict[tuple[str, bool], list[str]] = {}
    unguarded: list[str] = []
    for body in bodies:
        firsts = _first_chars(body, flags)
        for first in sorted(firsts) if firsts is not None else ():
            by_first.setdefault(first, []).append(body)
        if firsts is None:
            unguarded.append(body)
    groups = [f"(?={_guard(char, folded)})(?:{'|'.join(f'(?:{b})' for b in members)})"
              for (char, folded), members in by_first.items()]
    groups += [f"(?:{body})" for body in unguarded]
    return "(?=" + "|".join(groups) + ")"


def _guard(char: str, folded: bool) -> str:
    return f"(?i:[{re.escape(char)}])" if folded else f"[{re.escape(char)}]"


_ANY = None
FirstChars = set[tuple[str, bool]]  # (character, compared without case)


def _first_chars(body: str, flags: int) -> frozenset[tuple[str, bool]] | None:
    """Return the (character, case-insensitive) pairs a match of `body` can start with.

    None when any character may start it, or when the pattern uses something this reader
    does not follow (the caller then tries the body everywhere).
    """
    if sre_parse is None:
        return _ANY
    try:
        tree = sre_parse.parse(body, flags)
        firsts, can_be_empty = _sequence_firsts(list(tree), bool(flags & re.IGNORECASE))
    except (re.error, AttributeError, TypeError, ValueError):  # a parser this reader does not know
        return _ANY
    return _ANY if firsts is _ANY or can_be_empty else frozenset(firsts)


def _sequence_firsts(items: list, folded: bool) -> tuple[FirstChars | None, bool]:
    """First characters of a sequence of parse items, and whether it can match the empty string."""
    found: FirstChars = set()
    for op, av in items:
        firsts, can_be_empty = _item_firsts(op, av, folded)
        if firsts is _ANY:
            return _ANY, True
        found |= firsts
        if not can_be_empty:
            return found, False
    return found, True


def _item_firsts(op: object, av: object, folded: bool) -> tuple[FirstChars | None, bool]:
    if op is sre.LITERAL:
        return {(chr(av), folded)}, False  # type: ignore[arg-type]
    if op is sre.IN:
        return _class_firsts(av, folded), False  # type: ignore[arg-type]
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return set(), True  # zero width: the next item decides (skipping a check only widens the set)
    if op is sre.SUBPATTERN:
        _, add_flags, del_flags, inner = av  # type: ignore[misc]
        inner_folded = (folded or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
        return _sequence_firsts(list(inner), inner_folded)
    if op is sre.BRANCH:
        return _branch_firsts(av[1], folded)  # type: ignore[index]
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
        low, _, inner = av  # type: ignore[misc]
        firsts, can_be_empty = _sequence_firsts(list(inner), folded)
        return firsts, can_be_empty or low == 0
    return _ANY, True


def _branch_firsts(branches: list, folded: bool) -> tuple[FirstChars | None, bool]:
    found: FirstChars = set()
    empty = False
    for branch in branches:
        firsts, can_be_empty = _sequence_firsts(list(branch), folded)
        if firsts is _ANY:
            return _ANY, True
        found |= firsts
        empty = empty or can_be_empty
    return found, empty


def _class_firsts(items: list, folded: bool) -> FirstChars | None:
    found: FirstChars = set()
    for op, av in items:
        if op is sre.LITERAL:
            found.add((chr(av), folded))
        elif op is sre.RANGE and av[1] - av[0] < 128:
            found.update((chr(c), folded) for c in range(av[0], av[1] + 1))
        else:
            return _ANY  # negated classes, categories (\d, \w) and wide ranges: any character
    return found
