"""Tables and sentences for section 05: topic shares, narrator against quoted voices, time."""

from __future__ import annotations

import pandas as pd

from analysis.errors import require_frame_columns
from analysis.measures.framing import topic_group_labels
from analysis.measures.grouping import group_small_outlets
from analysis.report.display import plural

__all__ = ["describe_undated", "framing_caveats", "mentioned_time_table", "shares_table", "undated_articles",
           "voice_table"]


def shares_table(shares: pd.DataFrame) -> pd.DataFrame:
    """Show topic shares per bloc as 'share (n)' cells, one row per bloc."""
    shown = shares[shares["n_bloc"] > 0].copy()
    if shown.empty:
        return pd.DataFrame(columns=["Bloc"])
    shown["cell"] = [f"{s:.0%} ({n})" for s, n in zip(shown["share"], shown["n"], strict=True)]
    table = shown.pivot(index="speaker_bloc", columns="topic_group", values="cell")
    table["n"] = shown.groupby("speaker_bloc")["n_bloc"].first()
    table = table.reset_index().rename(columns={"speaker_bloc": "Bloc"}).fillna("")
    table.columns = [str(c).replace("_", " ") for c in table.columns]  # "supply side" can wrap
    return table


def voice_table(comparison: pd.DataFrame) -> pd.DataFrame:
    """Show each outlet's narrator and quoted voices, topic by topic, with n (many small outlets grouped)."""
    comparison = group_small_outlets(comparison)
    shown = comparison[comparison["n"] > 0]
    return pd.DataFrame({
        "Outlet": shown["outlet"], "Articles": shown["n_articles"], "Voice": shown["voice_group"],
        "Topic group": [topic_group_labels().get(g, g) for g in shown["topic_group"]],
        "Share (n of voice)": [f"{s:.0%} ({n} of {v})" for s, n, v in
                               zip(shown["share"], shown["n"], shown["n_voice"], strict=True)],
    })


def undated_articles(undated: pd.DataFrame) -> int:
    """Return the number of articles without a publication date from the undated summary."""
    rows = undated[undated["item"].str.contains("article", case=False)]
    return int(rows["n"].iloc[0]) if len(rows) else 0


def mentioned_time_table(mentioned: pd.DataFrame) -> pd.DataFrame:
    """Show statements by the time expression their sentence mentions."""
    if mentioned.empty:
        return pd.DataFrame(columns=["Mentioned", "Value", "Statements", "Speaker blocs"])
    grouped = mentioned.groupby(["mention_label", "time_label"], sort=True)  # normalised in measures.dating
    table = pd.DataFrame({
        "Statements": grouped.size(),
        "Speaker blocs": grouped["speaker_bloc"].agg(lambda s: ", ".join(sorted(set(s)))),
    }).reset_index().rename(columns={"mention_label": "Mentioned", "time_label": "Value"})
    return table.sort_values(["Statements", "Mentioned"], ascending=[False, True]).reset_index(drop=True)


def describe_undated(summary: pd.DataFrame) -> str:
    """Say in one sentence what could not be dated, from `undated_summary`."""
    parts = []
    for row in summary.itertuples(index=False):
        noun = "article" if row.item.startswith("articles") else "statement"
        parts.append(f"{int(row.n):,} of {plural(int(row.of), noun)} {row.item.split(' ', 1)[1]}")
    return "Undated: " + "; ".join(parts) + "."


def framing_caveats(comparison: pd.DataFrame, min_sentences: int = 5) -> list[str]:
    """Return sentences that warn where the framing figures rest on thin evidence.

    Takes the output of `narrator_vs_quoted`. Says, per outlet (sorted): when its figures rest
    on one article ("scmp's figures rest on one article."), when a voice group has no
    statements at all, and when a voice group rests on fewer than `min_sentences` sentences.
    """
    require_frame_columns(comparison, ["outlet", "n_articles", "voice_group", "n_voice"], "comparison")
    grouped = group_small_outlets(comparison)
    caveats: list[str] = _grouping_caveat(comparison, grouped)
    comparison = grouped
    per_voice = comparison.drop_duplicates(["outlet", "voice_group"]).sort_values(["outlet", "voice_group"])
    for outlet, rows in per_voice.groupby("outlet", sort=True):
        n_articles = int(rows["n_articles"].iloc[0])
        if n_articles == 1:
            caveats.append(f"{outlet}'s figures rest on one article.")
        for row in rows.itertuples(index=False):
            caveats.extend(_voice_caveat(str(outlet), str(row.voice_group), int(row.n_voice), min_sentences))
    return caveats


def _grouping_caveat(comparison: pd.DataFrame, grouped: pd.DataFrame) -> list[str]:
    """Say which outlets `group_small_outlets` summed into one row (nothing when none were)."""
    if grouped is comparison:
        return []
    small = sorted(set(comparison["outlet"]) - set(grouped["outlet"]))
    label = grouped["outlet"].iloc[-1]
    return [f"{plural(len(small), 'outlet')} with a single article each are summed as \"{label}\": "
            f"{', '.join(small)}."]


def _voice_caveat(outlet: str, voice_group: str, n_voice: int, min_sentences: int) -> list[str]:
    who = "its narrator" if voice_group == "narrator" else "the voices it quotes"
    if n_voice == 0:
        return [f"{outlet} has no coded statements from {who}, so there is no share to compare."]
    if n_voice < min_sentences:
        return [f"{outlet}'s shares for {who} rest on {plural(n_voice, 'sentence')} only."]
    return []
