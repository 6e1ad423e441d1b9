"""Find actor mentions in text from the ontology's aliases, and list names no alias covers."""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd

from analysis.ontology import Ontology
from analysis.resources import load_yaml
from analysis.text.multiscan import PatternSet

__all__ = ["Mention", "MentionFinder", "article_unresolved", "mentions_within", "unresolved_mentions"]


@dataclass(frozen=True)
class Mention:
    """A span of text naming an actor."""

    start: int
    end: int
    actor_id: str
    surface: str
    person: str = ""  # an induced person's name (analysis.text.induce): `actor_id` is their office


_ALIAS_LEFT = r"(?<![\w.])"  # an alias starts where no word (or abbreviation) goes on


def _is_acronym(alias: str) -> bool:
    """Acronyms ("US", "DEA", "U.S.") match case-sensitively, so "us" is not the United States."""
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters) and len(letters) <= 6


def _alias_pattern(alias: str) -> str:
    """Escape an alias, letting straight and curly apostrophes and any spacing match."""
    escaped = re.escape(alias)
    escaped = escaped.replace("'", "['’]").replace("’", "['’]")
    return re.sub(r"(\\ )+", r"\\s+", escaped)


def _grouped_parts(groups: dict[str, list[str]]) -> list[str]:
    """Alias patterns grouped by first letter, each group behind a one-character guard.

    At a position only the group whose guard accepts the character there is tried, instead
    of every alias. The alternation of the groups finds what one flat longest-first
    alternation finds: aliases keep their order within a group, and an alias can only match
    where its group's guard does (the guard is its first letter, compared without case).
    """
    return [f"(?=(?i:[{_guard_chars(first)}]))(?:{'|'.join(parts)})" for first, parts in groups.items()]


def _group_key(first: str) -> str:
    """Group aliases by first letter without case (both apostrophes together)."""
    if first in "'’":
        return "'"
    return first.lower() if len(first.lower()) == 1 else first


def _guard_chars(first: str) -> str:
    """Return the characters (for a class) an alias starting with `first` can start with."""
    return "'’" if first in "'’" else re.escape(first)


class MentionFinder:
    """Match every alias of an ontology, longest first, on word boundaries."""

    def __init__(self, ontology: Ontology) -> None:
        self.ontology = ontology
        aliases = sorted(ontology.alias_owner.items(), key=lambda kv: (-len(kv[0]), kv[0]))
        self._owner: dict[str, str] = {}
        groups: dict[str, list[str]] = {}
        for key, actor_id in aliases:
            surface = self._surface_form(actor_id, key)
            pattern = _alias_pattern(surface)
            groups.setdefault(_group_key(surface[0]), []).append(
                pattern if _is_acronym(surface) else f"(?i:{pattern})")
            self._owner[_normalise_surface(key)] = actor_id  # "Trump’s team" is found as "Trump's team"
        # the groups' alternation, one pattern per group, behind an index of their first characters
        self._scanner = PatternSet([re.compile(rf"{_ALIAS_LEFT}(?:{group})(?![\w])")
                                    for group in _grouped_parts(groups)], _ALIAS_LEFT)

    def _surface_form(self, actor_id: str, key: str) -> str:
        actor = self.ontology.get(actor_id)
        return next(a for a in (actor.name, *actor.aliases) if a.casefold() == key)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        """Return the non-overlapping mentions in `text[start:end]`, with offsets into `text`."""
        end = len(text) if end is None else end
        mentions = []
        for _, match in self._scanner.first_finditer(text, start, end):
            key = _normalise_surface(match.group())
            actor_id = self._owner.get(key)
            if actor_id is not None:
                mentions.append(Mention(match.start(), match.end(), actor_id, match.group()))
        return mentions


_SPACES = re.compile(r"\s+")


def _normalise_surface(surface: str) -> str:
    return _SPACES.sub(" ", surface.replace("’", "'")).casefold()


_CAPITALISED_RUN = re.compile(
    r"(?<![\w’'])(?:[A-Z][\w’'.&-]*)(?:\s+(?:of|the|for|and|de|del|la|y)\s+[A-Z][\w’'.&-]*|\s+[A-Z][\w’'.&-]*)*"
)
@lru_cache(maxsize=1)
def _not_names() -> frozenset[str]:
    """Return capitalised words that start sentences or name dates, not actors."""
    return frozenset(load_yaml("references.yaml")["not_names"].split())


def unresolved_mentions(
    sentences: pd.DataFrame, finder: MentionFinder, min_count: int = 1,
    mentions: list[Mention] | None = None,
) -> pd.DataFrame:
    """Count capitalised names in sentences that no alias covers, to help grow the ontology.

    `mentions` may pass the alias mentions already found in the article (offsets into its
    text; one article's sentences only), which saves searching every sentence again.
    Returns columns surface, n (occurrences), n_articles, example_article, example_start,
    sorted by n descending then surface.
    """
    counts: Counter[str] = Counter()
    articles: defaultdict[str, set[str]] = defaultdict(set)
    first: dict[str, tuple[str, int]] = {}
    starts = [m.start for m in mentions] if mentions is not None else []
    for row in sentences.itertuples(index=False):
        covered = (_covered_in(row, mentions, starts) if mentions is not None
                   else [(m.start, m.end) for m in finder.find(row.text)])
        for surface, offset in _candidate_names(row.text, covered):
            counts[surface] += 1
            articles[surface].add(row.article_id)
            first.setdefault(surface, (row.article_id, row.start + offset))
    rows = [
        (s, n, len(articles[s]), *first[s]) for s, n in counts.items() if n >= min_count
    ]
    frame = pd.DataFrame(rows, columns=["surface", "n", "n_articles", "example_article", "example_start"])
    return frame.sort_values(["n", "surface"], ascending=[False, True]).reset_index(drop=True)


def article_unresolved(sentences: Iterable[Any], mentions: list[Mention]) -> list[tuple[str, int, str, int]]:
    """Count one article's unresolved names without pandas: (surface, n, article_id, first start).

    `sentences` are the article's rows (attributes article_id, start, end, text) in order;
    `mentions` its alias mentions in text order, as `MentionFinder.find(text)` returns them.
    """
    counts: Counter[str] = Counter()
    first: dict[str, tuple[str, int]] = {}
    starts = [m.start for m in mentions]
    for row in sentences:
        for surface, offset in _candidate_names(row.text, _covered_in(row, mentions, starts)):
            counts[surface] += 1
            first.setdefault(surface, (row.article_id, row.start + offset))
    return [(surface, n, *first[surface]) for surface, n in counts.items()]


def mentions_within(mentions: Sequence[Mention], start: int, end: int,
                    starts: Sequence[int] | None = None) -> list[Mention]:
    """Return the mentions lying wholly inside `[start, end)`.

    `mentions` are in text order, as `MentionFinder.find` returns them; `starts` may pass
    their start offsets when the caller looks up many spans of one text.
    """
    starts = starts if starts is not None else [m.start for m in mentions]
    first, last = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
    return [m for m in mentions[first:last] if m.end <= end]


def _covered_in(row: Any, mentions: Sequence[Mention], starts: Sequence[int]) -> list[tuple[int, int]]:
    """Return the spans (relative to the sentence) of the mentions lying inside it."""
    inside = mentions_within(mentions, row.start, row.end, starts)
    return [(m.start - row.start, m.end - row.start) for m in inside]


def _candidate_names(text: str, covered: Iterable[tuple[int, int]]) -> Iterable[tuple[str, int]]:
    spans = list(covered)
    for match in _CAPITALISED_RUN.finditer(text):
        words = match.group().rstrip(".’'").split()
        while words and words[0] in _not_names():
            words.pop(0)
        if not words or (len(words) == 1 and match.start() == 0):
            continue
        surface = " ".join(words)
        offset = match.start() + match.group().find(words[0])
        if any(s < offset + len(surface) and offset < e for s, e in spans):
            continue
        if len(surface) > 2 and surface not in _not_names():
            yield surface, offset
