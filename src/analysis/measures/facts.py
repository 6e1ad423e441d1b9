"""Fact comparison: which outlets cite which figure for the same quantity, and where they
disagree. Tables only."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from analysis.text.claims import CLAIM_COLUMNS, claims_lexicon
from analysis.text.timex import resolve_mention

__all__ = ["COMPARISON_COLUMNS", "STATUSES", "busiest_outlets", "claim_interval", "compare_claims",
           "summarise_comparison"]

STATUSES = ("consistent", "differs in scope/period", "disagrees", "single source")
# Quantities whose scope only narrows one measure (a death toll of fentanyl or of all overdoses, a
# potency against heroin): their figures are compared across scopes. For every other quantity
# the scope names what is counted ("Chinese nationals" and "smugglers" are different counts), so
# only figures of the same scope are compared.
SCOPE_VARIANT_QUANTITIES = ("overdose_deaths", "potency")
_STATUS_ORDER = {"disagrees": 0, "differs in scope/period": 1, "consistent": 2, "single source": 3}
COMPARISON_COLUMNS = [
    "quantity", "unit", "measure", "status", "n_claims", "n_articles", "n_outlets", "outlet", "article_id",
    "sentence_no", "evidence", "comparator", "value_low", "value_high", "interval_low", "interval_high",
    "scope", "period", "period_key", "place",
]


def claim_interval(comparator: str, value_low: float, value_high: float) -> tuple[float, float]:
    """Return the interval a claim allows, from its comparator (factors in `quantities.yaml`).

    "more than 100,000" → [100,000, ∞); "about 50" → [45, 55]; "nearly 1,400" → [1,260, 1,400];
    "up to 10" → [0, 10]; a plain value or range → itself.
    """
    low_factor, high_factor = claims_lexicon().raw["comparator_intervals"].get(comparator, [1, 1])
    high = math.inf if high_factor is None else value_high * high_factor
    return value_low * low_factor, high


def _period_key(period_value: str, published_sort: str, article_id: str) -> str:
    """Return a key under which two claims' periods are the same.

    Frequencies ("a year") and absolute values compare as written; relative values ("year-1")
    are resolved with the article's date, and when that is impossible they are tied to the
    article (`year-1@<article_id>`), so "last year" in two undated articles never matches.
    """
    if not period_value or period_value in claims_lexicon().raw["frequencies"]:
        return period_value
    resolved, _ = resolve_mention(period_value, "", published_sort)
    return resolved or f"{period_value}@{article_id}"


def compare_claims(claims: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Group claims by quantity, unit and measure, show which outlet cites which figure, classify each group.

    Claims of quantity `other` or without a unit are left out. The `measure` is the claim's
    scope, except for `SCOPE_VARIANT_QUANTITIES` (empty), so only figures of the same quantity
    and scope are compared. Each claim gets an interval
    (`claim_interval`) and a period key (`_period_key`). Two claims from different articles
    are *comparable* when they share scope and period key and their places are equal or one
    is unstated. A group (quantity, unit) is:
    - "single source" when its claims come from one article only;
    - "consistent" when every pair of claims from different articles has overlapping intervals;
    - "disagrees" when some comparable pair's intervals do not overlap (same quantity, unit,
      scope and period, different values);
    - "differs in scope/period" otherwise: values differ, but only between claims whose scope,
      period or place differ (e.g. 2021 vs 2022, or "synthetic opioids" vs all overdoses).
    Returns `COMPARISON_COLUMNS`, one row per claim, sorted by quantity, unit, outlet, article.
    """
    missing = [c for c in CLAIM_COLUMNS if c not in claims.columns]
    if missing:
        raise ValueError(f"claims lack column(s) {', '.join(missing)}; "
                         "expected the output of extract_numeric_claims")
    frame = claims[(claims["quantity"] != "other") & (claims["unit"] != "")]
    frame = frame.merge(articles[["article_id", "outlet", "published_sort"]], on="article_id", how="left")
    frame["outlet"] = frame["outlet"].fillna("unknown")
    frame["measure"] = ["" if q in SCOPE_VARIANT_QUANTITIES else str(sc or "")
                        for q, sc in zip(frame["quantity"], frame["scope"], strict=True)]
    if frame.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in COMPARISON_COLUMNS})
    intervals = [claim_interval(c, lo, hi) for c, lo, hi in
                 zip(frame["comparator"], frame["value_low"], frame["value_high"], strict=True)]
    frame["interval_low"] = [i[0] for i in intervals]
    frame["interval_high"] = [i[1] for i in intervals]
    frame["period_key"] = [_period_key(v, p or "", a) for v, p, a in
                           zip(frame["period_value"], frame["published_sort"].fillna(""), frame["article_id"],
                               strict=True)]
    groups = frame.groupby(["quantity", "unit", "measure"])
    frame["status"] = groups.apply(_group_status, include_groups=False).reindex(
        pd.MultiIndex.from_frame(frame[["quantity", "unit", "measure"]])).to_numpy()
    frame["n_claims"] = groups["article_id"].transform("size")
    frame["n_articles"] = groups["article_id"].transform("nunique")
    frame["n_outlets"] = groups["outlet"].transform("nunique")
    frame = frame.sort_values(["quantity", "unit", "measure", "outlet", "article_id", "start"])
    return frame[COMPARISON_COLUMNS].reset_index(drop=True)


def _group_status(group: pd.DataFrame) -> str:
    if group["article_id"].nunique() < 2:
        return "single source"
    rows = list(group.itertuples(index=False))
    if not _has_clash(rows):
        return "consistent"
    return "disagrees" if any(_has_clash(c) for c in _comparable_sets(rows)) else "differs in scope/period"


def _has_clash(rows: list[Any]) -> bool:
    """Whether two claims from different articles have intervals that do not overlap.

    Linear in the claims (a large corpus has thousands per group): a clash exists exactly
    when some article's lowest upper bound lies below another article's highest lower bound.
    """
    lowest_high: dict[str, float] = {}
    highest_low: dict[str, float] = {}
    for row in rows:
        if math.isnan(row.interval_low) or math.isnan(row.interval_high):
            return len({r.article_id for r in rows}) > 1  # NaN overlaps nothing
        lowest_high[row.article_id] = min(lowest_high.get(row.article_id, math.inf), row.interval_high)
        highest_low[row.article_id] = max(highest_low.get(row.article_id, -math.inf), row.interval_low)
    lows = sorted(lowest_high.items(), key=lambda item: item[1])[:2]
    highs = sorted(highest_low.items(), key=lambda item: item[1], reverse=True)[:2]
    return any(a != b and high < low for a, high in lows for b, low in highs)


def _comparable_sets(rows: list[Any]) -> list[list[Any]]:
    """Split claims into the sets within which every pair is comparable.

    Claims compare when scope and period key match and their places match or one is
    unstated, so each stated place forms a set with the unstated ones.
    """
    by_key: dict[tuple[str, str], dict[str, list[Any]]] = {}
    for row in rows:
        by_key.setdefault((row.scope, row.period_key), {}).setdefault(row.place or "", []).append(row)
    sets = []
    for places in by_key.values():
        unstated = places.get("", [])
        stated = [claims for place, claims in places.items() if place]
        sets += [claims + unstated for claims in stated] or [unstated]
    return sets


def summarise_comparison(compared: pd.DataFrame) -> pd.DataFrame:
    """Return one row per (quantity, unit, measure) group: status, counts, and each outlet's figures.

    Groups that disagree or differ in scope or period come first, then by outlets citing them.
    Columns: quantity, unit, measure, status, n_claims, n_articles, n_outlets, figures (e.g.
    "efe: More than 70,000 people (last year); scmp: …").
    """
    columns = ["quantity", "unit", "measure", "status", "n_claims", "n_articles", "n_outlets", "figures"]
    if compared.empty:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    rows = []
    for (quantity, unit, measure), group in compared.groupby(["quantity", "unit", "measure"], sort=True):
        figures = _figures_text(group)
        first = group.iloc[0]
        rows.append((quantity, unit, measure, first["status"], int(first["n_claims"]),
                     int(first["n_articles"]),
                     int(first["n_outlets"]), figures))
    table = pd.DataFrame(rows, columns=columns)
    table["_order"] = table["status"].map(_STATUS_ORDER)
    return (table.sort_values(["_order", "n_outlets", "quantity", "unit", "measure"],
                              ascending=[True, False, True, True, True], kind="mergesort")
            .drop(columns="_order").reset_index(drop=True))


_MAX_FIGURES_PER_OUTLET = 3  # a summary cell names a few figures per outlet and counts the rest
_MAX_OUTLETS_LISTED = 12


def _figures_text(group: pd.DataFrame) -> str:
    """Say which figures each outlet gives ("efe: more than 70,000 people (last year), …").

    At most three figures per outlet and twelve outlets (most claims first), each remainder
    counted, so that a group of thousands of claims still fits in a table cell.
    """
    counts = group["outlet"].value_counts()
    listed = busiest_outlets(group, _MAX_OUTLETS_LISTED)
    parts = []
    for outlet in listed:
        rows = group[group["outlet"] == outlet]
        shown = [r.evidence + (f" ({r.period})" if r.period else "")
                 for r in rows.head(_MAX_FIGURES_PER_OUTLET).itertuples()]
        more = f" and {len(rows) - len(shown):,} more" if len(rows) > len(shown) else ""
        parts.append(f"{outlet}: " + ", ".join(shown) + more)
    if len(counts) > len(listed):
        parts.append(f"and {len(counts) - len(listed):,} more outlets")
    return "; ".join(parts)



def busiest_outlets(group: pd.DataFrame, limit: int) -> list[str]:
    """Return the `limit` outlets with most claims in a group (ties by name), sorted by name."""
    counts = group["outlet"].value_counts()
    return sorted(sorted(counts.index, key=lambda outlet: (-counts[outlet], outlet))[:limit])
