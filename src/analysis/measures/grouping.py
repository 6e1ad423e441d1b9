"""Legibility at scale: rare labels summed into one `other (k)` row, small outlets grouped.

Generic helpers for tables and figures with many outlets or actors; each grouped label says
how many values it holds, so a reader knows what was grouped.
"""

from __future__ import annotations

import pandas as pd

from analysis.errors import require_frame_columns

__all__ = ["MAX_OUTLETS", "group_rare", "group_small_outlets"]

MAX_OUTLETS = 12  # more outlets than this: outlets with fewer than `min_articles` articles are grouped


def group_rare(frame: pd.DataFrame, column: str, weight: str, keep: int | None = None,
               min_weight: float = 0, other: str = "other") -> pd.DataFrame:
    """Replace the rare values of `column` by `other (k)`, for tables and figures with many labels.

    A value is kept when it is among the `keep` heaviest (total `weight`, ties by name) and its
    total weight is at least `min_weight`; the rest become `f"{other} ({k})"`, k the number of
    values grouped. Rows are then summed over the other columns' distinct values (numeric
    columns summed). Without anything to group, the frame is returned unchanged (a copy).
    """
    require_frame_columns(frame, [column, weight], "frame")
    totals = frame.groupby(column)[weight].sum()
    ordered = sorted(totals.index, key=lambda v: (-totals[v], str(v)))
    kept = [v for i, v in enumerate(ordered) if (keep is None or i < keep) and totals[v] >= min_weight]
    rare = [v for v in ordered if v not in kept]
    if not rare:
        return frame.copy()
    label = f"{other} ({len(rare)})"
    relabelled = frame.assign(**{column: frame[column].where(frame[column].isin(kept), label)})
    numeric = [c for c in frame.columns if c != column and pd.api.types.is_numeric_dtype(frame[c])
               and not pd.api.types.is_bool_dtype(frame[c])]
    keys = [c for c in frame.columns if c not in numeric]
    grouped = relabelled.groupby(keys, sort=False, dropna=False)[numeric].sum().reset_index()
    order = {v: i for i, v in enumerate([*kept, label])}
    return grouped.sort_values(column, key=lambda s: s.map(order), kind="mergesort").reset_index(drop=True)[
        list(frame.columns)]


def small_outlets_label(k: int) -> str:
    """The label of `k` grouped outlets."""
    return f"other outlets ({k})"


def group_small_outlets(comparison: pd.DataFrame, max_outlets: int = MAX_OUTLETS,
                        min_articles: int = 2) -> pd.DataFrame:
    """Sum the outlets with fewer than `min_articles` articles into one row set, when there are many.

    Takes `narrator_vs_quoted` (outlet, n_articles, voice_group, topic_group, n, n_voice,
    share). With at most `max_outlets` outlets, or fewer than two small ones, it is returned
    unchanged. Counts add up exactly (a sentence belongs to one article, so to one outlet);
    share is recomputed as n / n_voice. The grouped outlet comes last.
    """
    require_frame_columns(comparison, ["outlet", "n_articles", "voice_group", "topic_group", "n", "n_voice"],
                          "comparison")
    per_outlet = comparison.drop_duplicates("outlet").set_index("outlet")["n_articles"]
    small = sorted(per_outlet[per_outlet < min_articles].index)
    if len(per_outlet) <= max_outlets or len(small) < 2:
        return comparison
    label = small_outlets_label(len(small))
    grouped = comparison[comparison["outlet"].isin(small)]
    voices = grouped.drop_duplicates(["outlet", "voice_group"]).groupby("voice_group")["n_voice"].sum()
    summed = grouped.groupby(["voice_group", "topic_group"], sort=False)["n"].sum().reset_index()
    summed.insert(0, "outlet", label)
    summed.insert(1, "n_articles", int(per_outlet[small].sum()))
    summed["n_voice"] = summed["voice_group"].map(voices).astype(int)
    summed["share"] = summed["n"] / summed["n_voice"].where(summed["n_voice"] > 0)
    kept = comparison[~comparison["outlet"].isin(small)]
    return pd.concat([kept, summed[list(comparison.columns)]], ignore_index=True)
