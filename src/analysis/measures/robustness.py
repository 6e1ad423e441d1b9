"""Leave-one-article-out robustness: does a finding survive when each article is dropped in turn?"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass

import pandas as pd

__all__ = ["Robustness", "leave_one_article_out", "robustness_phrase"]


@dataclass(frozen=True)
class Robustness:
    """A finding's value on all articles and in each leave-one-article-out run."""

    value: Hashable
    runs: dict[str, Hashable]

    @property
    def n_runs(self) -> int:
        """Return the number of runs (one per article)."""
        return len(self.runs)

    @property
    def n_holds(self) -> int:
        """Return the number of runs whose value equals the value on all articles."""
        return sum(v == self.value for v in self.runs.values())

    @property
    def breaking(self) -> tuple[str, ...]:
        """Return the articles whose removal changes the finding, sorted."""
        return tuple(sorted(a for a, v in self.runs.items() if v != self.value))


def leave_one_article_out(statements: pd.DataFrame, finding: Callable[[pd.DataFrame], Hashable]
                          ) -> Robustness:
    """Compute `finding` on all statements, then once with each article left out (in article order)."""
    value = finding(statements)
    articles = sorted(set(statements["article_id"].astype(str)))
    runs = {a: finding(statements[statements["article_id"].astype(str) != a].reset_index(drop=True))
            for a in articles}
    return Robustness(value, runs)


def robustness_phrase(result: Robustness, label: Callable[[str], str] = str) -> str:
    """Say how robust a finding is: 'holds in 5 of 5 …' or 'rests on article X' when one drop breaks it."""
    if result.n_runs < 2:
        return "from one article only, so it cannot be checked by leaving articles out"
    head = f"holds in {result.n_holds} of {result.n_runs} leave-one-article-out runs"
    if not result.breaking:
        return head
    names = ", ".join(label(a) for a in result.breaking)
    if len(result.breaking) == 1:
        return f"{head}; it rests on {names}"
    return f"{head}; it changes without {names}"
