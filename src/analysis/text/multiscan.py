"""Run many regular expressions over a text in one pass, with the matches of one `finditer` each.

Searching a text once per pattern costs one scan per pattern. `PatternSet` scans once:
one C-level search finds the positions where the shared leading anchor (such as a word
boundary) holds before a character some pattern can start with; the text's next few
characters there (the key) select, through a dictionary, the patterns whose leading
characters they fit; only those are matched, and each pattern keeps its matches left to
right without overlap, exactly as its own `finditer` would.

The leading characters of a pattern are read from its parse tree (`re._parser`) as a set of
prefixes, each a sequence of one-character classes of at most `PREFIX_WIDTH` characters,
compared with or without case exactly as the pattern compares them. Whatever the reader
does not follow (a back-reference, `.`, scoped flags other than `i`) ends a prefix there, so
a prefix is always a necessary condition for a match, never a sufficient one. Which
patterns fit a key is decided by a compiled test of those prefixes (the `re` module's own
case folding), once per distinct key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import chain

try:  # CPython's regex parser, to read which characters a pattern can start with
    import re._constants as sre
    import re._parser as sre_parse
except ImportError:  # pragma: no cover - another Python: every pattern is tried everywhere
    sre = sre_parse = None

__all__ = ["PREFIX_WIDTH", "PatternSet"]

PREFIX_WIDTH = 6  # characters of a pattern's start the index reads
_MAX_PREFIXES = 256  # prefixes kept per pattern; past this they are shortened
_MAX_KEYS = 100_000  # distinct keys remembered before the dictionary starts again

_START = re.Match.start
_END = re.Match.end
Element = tuple[str, bool, bool]  # a character class body, negated, compared without case
Prefix = tuple[Element, ...]
_Partial = tuple[Prefix, bool]  # the prefix read so far, and whether it stops there


class PatternSet:
    """Compiled patterns that share a leading anchor and flags, searched together."""

    def __init__(self, patterns: Sequence[re.Pattern[str]], anchor: str, width: int = PREFIX_WIDTH,
                 whole_prefixes: bool = False) -> None:
        """`whole_prefixes`: let the C-level search check the whole prefixes, not just their first
        character (faster for a few patterns whose starts are rare, slower for many)."""
        self.patterns = tuple(patterns)
        flags = {p.flags for p in self.patterns} or {re.UNICODE}
        if len(flags) > 1:
            raise ValueError("every pattern of a PatternSet must have the same flags")
        flag = flags.pop()
        bodies = [_body_after(p, anchor) for p in self.patterns]
        if any(body is None for body in bodies):
            raise ValueError(f"every pattern of a PatternSet must start with {anchor!r} (in every branch)")
        self._width = width
        prefixes = [_prefixes_of(body, p.pattern.removeprefix(anchor), flag, width)
                    for body, p in zip(bodies, self.patterns, strict=True)]
        folded = bool(flag & re.IGNORECASE)
        guard = _first_guard(prefixes, folded)
        if whole_prefixes and guard:
            guard += f"(?={_trie(frozenset().union(*prefixes), folded)})"
        self._starts = re.compile(f"(?:{anchor}){guard}", flag)
        # "(?<![C])" before a position is a character of [^C] right before it: a search that
        # starts with a character class runs a fast C loop over the text's other characters
        body = _lookbehind_class(anchor, flag)
        if body is None and anchor == r"\b" and guard and _word_firsts(prefixes, flag):
            body = r"\w"  # "\b" before a word character: no word character right before it
        self._after = None if body is None else re.compile(f"[^{body}]{guard}", flag)
        self._test = re.compile("".join(f"(?:(?=({_trie(p, folded)}))|)" for p in prefixes), flag)
        self._by_key: dict[str, tuple[int, ...]] = {}

    def finditer(self, text: str, start: int = 0, end: int | None = None) -> list[tuple[int, re.Match[str]]]:
        """Return (pattern index, match) for every pattern's matches in `text[start:end]`, by position.

        The matches of pattern `i` are those of `patterns[i].finditer(text, start, end)`.
        """
        start, end = _bounds(len(text), start, end)
        found: list[tuple[int, re.Match[str]]] = []
        free_from = [start] * len(self.patterns)  # where each pattern's next match may start
        width, get, patterns = self._width, self._by_key.get, self.patterns
        for at in self._positions(text, start, end):
            key = text[at:at + width] if at + width <= end else text[at:end]  # keys stop at `end`
            candidates = get(key)
            if candidates is None:
                candidates = self._candidates(key)
            for index in candidates:
                if at < free_from[index]:
                    continue
                match = patterns[index].match(text, at, end)
                if match is None:
                    continue
                if match.end() == at:  # an empty match: finditer's own rules apply
                    return self._one_by_one(text, start, end)
                found.append((index, match))
                free_from[index] = match.end()
        return found

    def first_index(self, text: str) -> int:
        """The index of the first pattern that `search`es `text` with success (-1 for none)."""
        best = len(self.patterns)
        get, patterns, width, end = self._by_key.get, self.patterns, self._width, len(text)
        for at in self._positions(text, 0, end):
            key = text[at:at + width]
            candidates = get(key)
            if candidates is None:
                candidates = self._candidates(key)
            for index in candidates:
                if index >= best:
                    break  # candidates come in pattern order
                if patterns[index].match(text, at) is not None:
                    best = index
                    break
            if best == 0:
                break
        return best if best < len(patterns) else -1

    def first_finditer(self, text: str, start: int = 0,
                       end: int | None = None) -> list[tuple[int, re.Match[str]]]:
        """Return (pattern index, match) as the alternation of the patterns, in their order, finds them.

        The matches are those of `re.compile("|".join(p.pattern for p in patterns)).finditer(text,
        start, end)`: at each position the first pattern that matches there wins, and the search
        goes on after its match (leftmost first, no overlaps). Each match is the pattern's own,
        unless a pattern matches nothing somewhere: then they are the alternation's.
        """
        start, end = _bounds(len(text), start, end)
        found: list[tuple[int, re.Match[str]]] = []
        free_from = start  # where the next match may start
        width, get, patterns = self._width, self._by_key.get, self.patterns
        for at in self._positions(text, start, end):
            if at < free_from:
                continue
            key = text[at:at + width] if at + width <= end else text[at:end]  # keys stop at `end`
            candidates = get(key)
            if candidates is None:
                candidates = self._candidates(key)
            for index in candidates:
                match = patterns[index].match(text, at, end)
                if match is None:
                    continue
                if match.end() == at:  # an empty match: finditer's own rules apply
                    return self._alternation(text, start, end)
                found.append((index, match))
                free_from = match.end()
                break
        return found

    def _alternation(self, text: str, start: int, end: int) -> list[tuple[int, re.Match[str]]]:
        """The alternation's own finditer (for patterns that may match nothing): its own match
        objects, each with the index of the branch that made it (an empty group opens each)."""
        markers, number = [], 1
        for pattern in self.patterns:
            markers.append(number)
            number += 1 + pattern.groups
        joined = re.compile("|".join(f"(){p.pattern}" if p.pattern else "()" for p in self.patterns),
                            self.patterns[0].flags)
        found = []
        for match in joined.finditer(text, start, end):
            index = next(i for i, group in enumerate(markers) if match.start(group) >= 0)
            found.append((index, match))
        return found

    def _positions(self, text: str, start: int, end: int) -> Iterable[int]:
        """The positions in `text[start:end]` where the anchor holds before a possible first character."""
        if self._after is None:
            return map(_START, self._starts.finditer(text, start, end))
        later = map(_END, self._after.finditer(text, start, end))  # from start + 1 on
        return chain((start,), later) if self._starts.match(text, start, end) else later

    def _candidates(self, key: str) -> tuple[int, ...]:
        """The patterns whose prefixes fit `key` (remembered for the next time it comes)."""
        if len(self._by_key) >= _MAX_KEYS:
            self._by_key.clear()
        groups = self._test.match(key).groups()  # type: ignore[union-attr] - every part may be empty
        candidates = tuple(i for i, group in enumerate(groups) if group is not None)
        self._by_key[key] = candidates
        return candidates

    def _one_by_one(self, text: str, start: int, end: int) -> list[tuple[int, re.Match[str]]]:
        found = [(i, m) for i, p in enumerate(self.patterns) for m in p.finditer(text, start, end)]
        return sorted(found, key=lambda item: (item[1].start(), item[0]))


def _body_after(pattern: re.Pattern[str], anchor: str) -> list | None:
    """The parse tree items after `anchor` when every match of `pattern` begins with it (not only
    its first branch: "\\ba|b"), else None. Without CPython's parser: [] when the text starts so."""
    if not pattern.pattern.startswith(anchor):
        return None
    if sre_parse is None:  # pragma: no cover - another Python: the text alone decides
        return []
    head = list(sre_parse.parse(anchor, pattern.flags))
    items = list(sre_parse.parse(pattern.pattern, pattern.flags))
    return items[len(head):] if repr(items[:len(head)]) == repr(head) else None


def _prefixes_of(items: list, body: str, flags: int, width: int) -> frozenset[Prefix]:
    """`pattern_prefixes(body)`, read from the already parsed items of the body."""
    if sre_parse is None:  # pragma: no cover - another Python: every pattern is tried everywhere
        return frozenset({()})
    try:
        partials = _read_items(items, bool(flags & re.IGNORECASE), {((), False)}, width)
    except (re.error, AttributeError, TypeError, ValueError):  # a parser this reader does not know
        return pattern_prefixes(body, flags, width)
    return frozenset(prefix for prefix, _ in partials)


def _lookbehind_class(anchor: str, flags: int) -> str | None:
    """The class body C of an anchor "(?<![C])" (one character not in C, or the text's start), else None."""
    if sre_parse is None or not (anchor.startswith("(?<![") and anchor.endswith("])")):
        return None
    items = list(sre_parse.parse(anchor, flags))
    if len(items) != 1 or items[0][0] is not sre.ASSERT_NOT or items[0][1][0] != -1:
        return None
    inner = list(items[0][1][1])
    if len(inner) != 1 or inner[0][0] is not sre.IN or any(op is sre.NEGATE for op, _ in inner[0][1]):
        return None  # not one class, or a negated one
    body = anchor[len("(?<!["):-len("])")]
    return None if re.search(r"[\[\]]", re.sub(r"\\.", "", body)) else body  # "(?<![a]|[b])": two


def _word_firsts(prefixes: Iterable[frozenset[Prefix]], flags: int) -> bool:
    """Whether every pattern starts with a word character (what "\\b" then means is known)."""
    firsts: set[Element] = set()
    for each in prefixes:
        if () in each:
            return False
        firsts.update(prefix[0] for prefix in each)
    return all(_all_word(element, flags & re.ASCII) for element in firsts)


@lru_cache(maxsize=4096)
def _all_word(element: Element, flags: int) -> bool:
    """Whether every character of a prefix element is a word character (case variants are letters)."""
    body, negated, _ = element
    if negated or sre_parse is None:
        return False
    word = re.compile(r"\w", flags & re.ASCII)
    if len(body) == 1:
        return bool(word.match(body))
    try:
        items = list(sre_parse.parse(f"[{body}]", flags & re.ASCII))
    except re.error:
        return False
    if len(items) != 1:
        return False
    op, av = items[0]
    if op is sre.LITERAL:
        return bool(word.match(chr(av)))
    if op is not sre.IN:
        return False
    for item_op, item_av in av:
        if item_op is sre.LITERAL and word.match(chr(item_av)):
            continue
        if item_op is sre.RANGE and item_av[1] - item_av[0] < 4096 and all(
                word.match(chr(c)) for c in range(item_av[0], item_av[1] + 1)):
            continue
        if item_op is sre.CATEGORY and item_av in (sre.CATEGORY_WORD, sre.CATEGORY_DIGIT):
            continue
        return False
    return True


def _bounds(length: int, start: int, end: int | None) -> tuple[int, int]:
    """`start` and `end` inside the text, as `re` clips them."""
    end = length if end is None else end
    return min(max(start, 0), length), min(max(end, 0), length)


# ----------------------------------------------------------------------------- regex text


def _class(element: Element, default_folded: bool) -> str:
    """One character's class as regex text, for a regex compiled with or without IGNORECASE."""
    body, negated, folded = element
    text = body if len(body) == 1 and not negated else f"[{'^' if negated else ''}{body}]"  # 1: unescaped
    return text if folded == default_folded else f"(?{'i' if folded else '-i'}:{text})"


def _trie(prefixes: frozenset[Prefix], default_folded: bool) -> str:
    """A regex matching the start of a key that begins with one of `prefixes` (shared heads merged)."""
    if () in prefixes:
        return ""  # the empty prefix fits every key
    tails: dict[Element, set[Prefix]] = {}
    for prefix in prefixes:
        tails.setdefault(prefix[0], set()).add(prefix[1:])
    parts = []
    for head, rest in sorted(tails.items()):
        inner = _trie(frozenset(rest), default_folded)
        parts.append(_class(head, default_folded) + (f"(?:{inner})" if inner else ""))
    return "|".join(parts)


def _first_guard(prefixes: Iterable[frozenset[Prefix]], default_folded: bool) -> str:
    """A lookahead for the characters some pattern can start with ("" when one can start anywhere)."""
    firsts: set[Element] = set()
    for pattern_prefixes_ in prefixes:
        if () in pattern_prefixes_:
            return ""
        firsts.update(prefix[0] for prefix in pattern_prefixes_)
    if not firsts:
        return r"(?!x)x"  # no patterns: nothing matches
    merged = {folded: "".join(sorted(body for body, negated, f in firsts if f is folded and not negated))
              for folded in (False, True)}
    parts = [_class((body, False, folded), default_folded) for folded, body in merged.items() if body]
    parts += [_class(e, default_folded) for e in sorted(firsts) if e[1]]
    return f"(?={'|'.join(parts)})"


# ----------------------------------------------------------------------------- prefix reader


def pattern_prefixes(body: str, flags: int, width: int = PREFIX_WIDTH) -> frozenset[Prefix]:
    """The prefixes (up to `width` characters) every match of `body` starts with one of.

    The empty prefix alone means that the pattern may start anywhere (or that this reader
    cannot follow its start).
    """
    if sre_parse is None:
        return frozenset({()})
    try:
        tree = sre_parse.parse(body, flags)
        partials = _read_items(list(tree), bool(flags & re.IGNORECASE), {((), False)}, width)
    except (re.error, AttributeError, TypeError, ValueError):  # a parser this reader does not know
        return frozenset({()})
    return frozenset(prefix for prefix, _ in partials)


def _read_items(items: list, folded: bool, partials: set[_Partial], width: int) -> set[_Partial]:
    for op, av in items:
        if all(stopped for _, stopped in partials):
            break
        partials = _bounded(_read_item(op, av, folded, partials, width))
    return partials


def _read_item(op: object, av: object, folded: bool, partials: set[_Partial], width: int) -> set[_Partial]:
    if op in (sre.LITERAL, sre.NOT_LITERAL, sre.IN):
        element = _element(op, av, folded)
        return _stopped(partials) if element is None else _appended(partials, element, width)
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return partials  # zero width: skipping a check only widens the prefixes
    if op is sre.SUBPATTERN:
        _, add_flags, del_flags, inner = av  # type: ignore[misc]
        if (add_flags | del_flags) & ~re.IGNORECASE:
            return _stopped(partials)
        inner_folded = (folded or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
        return _read_items(list(inner), inner_folded, partials, width)
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _read_items(list(av), folded, partials, width)  # type: ignore[arg-type]
    if op is sre.BRANCH:
        return set().union(*(_read_items(list(b), folded, partials, width) for b in av[1]))  # type: ignore[index]
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
        low, high, inner = av  # type: ignore[misc]
        return _repeated(low, high, list(inner), folded, partials, width)
    return _stopped(partials)  # ., back-references, conditionals: the prefix ends here


def _repeated(low: int, high: int, inner: list, folded: bool, partials: set[_Partial],
              width: int) -> set[_Partial]:
    """`inner` repeated low..high times; repetitions past `width` end the prefix."""
    done = set(partials) if low == 0 else set()
    current = partials
    for count in range(1, min(high, width) + 1):
        current = _read_items(inner, folded, current, width)
        if count >= low:
            done |= current
    if high > width or low > width:
        done |= _stopped(current)
    return done


def _appended(partials: set[_Partial], element: Element, width: int) -> set[_Partial]:
    return {(prefix, True) if stopped else ((*prefix, element), len(prefix) + 1 >= width)
            for prefix, stopped in partials}


def _stopped(partials: set[_Partial]) -> set[_Partial]:
    return {(prefix, True) for prefix, _ in partials}


def _bounded(partials: set[_Partial]) -> set[_Partial]:
    """Shorten the longest prefixes until at most `_MAX_PREFIXES` remain (shorter is wider)."""
    while len(partials) > _MAX_PREFIXES:
        longest = max(len(prefix) for prefix, _ in partials)
        partials = {(prefix[:longest - 1], True) if len(prefix) >= longest else (prefix, stopped)
                    for prefix, stopped in partials}
    return partials


_CATEGORIES = {} if sre is None else {
    sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D", sre.CATEGORY_SPACE: r"\s",
    sre.CATEGORY_NOT_SPACE: r"\S", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W",
}


def _element(op: object, av: object, folded: bool) -> Element | None:
    """One character's class as regex text (None when this reader cannot write it)."""
    if op is sre.LITERAL:
        return re.escape(chr(av)), False, folded  # type: ignore[arg-type]
    if op is sre.NOT_LITERAL:
        return re.escape(chr(av)), True, folded  # type: ignore[arg-type]
    items = list(av)  # type: ignore[call-overload]
    negated = bool(items) and items[0][0] is sre.NEGATE
    parts = [_class_item(item_op, item_av) for item_op, item_av in items[1 if negated else 0:]]
    if not parts or any(part is None for part in parts):
        return None
    return "".join(parts), negated, folded  # type: ignore[arg-type]


def _class_item(op: object, av: object) -> str | None:
    if op is sre.LITERAL:
        return re.escape(chr(av))  # type: ignore[arg-type]
    if op is sre.RANGE:
        low, high = av  # type: ignore[misc]
        return f"{re.escape(chr(low))}-{re.escape(chr(high))}"
    if op is sre.CATEGORY:
        return _CATEGORIES.get(av)  # type: ignore[call-overload]
    return None
