"""Word forms from lemmas (lemminflect), shared by the cue families and the speech verbs."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["forms_pattern", "inflections"]


def inflections(lemma: str, pos: str = "VERB") -> list[str]:
    """Every form of a lemma (lemminflect; its out-of-vocabulary rules for unknown words), longest
    first. A lemma of several words inflects its first word: "hit back at" → "hits back at", …"""
    from lemminflect import getAllInflections, getAllInflectionsOOV

    head, _, rest = lemma.partition(" ")
    table = getAllInflections(head, upos=pos) or getAllInflectionsOOV(head, upos=pos)
    forms = {head, *(form for group in table.values() for form in group)}
    return sorted((f"{form} {rest}".strip() for form in forms), key=lambda f: (-len(f), f))


def forms_pattern(lemmas: Iterable[str], extra: Iterable[str] = (), exclude: Iterable[str] = (),
                  pos: str = "VERB") -> str:
    """One alternation of every inflection of `lemmas`, plus `extra` forms, minus `exclude`, longest first."""
    dropped = set(exclude)
    forms = [f for lemma in lemmas for f in inflections(lemma, pos) if f not in dropped]
    forms = sorted(dict.fromkeys([*forms, *extra]), key=lambda f: (-len(f), f))
    return "(?:" + "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms) + ")"
