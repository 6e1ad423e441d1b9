"""Sentences and small tables for the report, every number computed from the data."""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd

from analysis.measures.facts import compare_claims
from analysis.network.metrics import most_blamed, mutual_accusation_pairs, reciprocity_summary, top_blamers
from analysis.report.data import ReportData
from analysis.report.display import plural

__all__ = [
    "count_divergent_groups",
    "headline_findings",
    "relation_by_bloc_table",
    "source_table",
    "sources_prose",
]

_SOURCE_LABEL = {"curated": "curated (hand-coded)", "auto": "automatic (rules)"}


def _distinct_sentences(frame: pd.DataFrame) -> int:
    return len(frame.drop_duplicates(["article_id", "sentence_no", "start"])) if len(frame) else 0


def source_table(data: ReportData) -> pd.DataFrame:
    """Count the report's statements by source, with articles and sentences beside them."""
    rows = []
    for source, group in data.statements.groupby("source", sort=True):
        rows.append({"Source": _SOURCE_LABEL.get(source, source), "Statements": len(group),
                     "Sentences": _distinct_sentences(group), "Articles": group["article_id"].nunique()})
    return pd.DataFrame(rows, columns=["Source", "Statements", "Sentences", "Articles"])


def sources_prose(data: ReportData) -> str:
    """Say which statement source the report uses and how many statements each gave."""
    counts = data.statements["source"].value_counts()
    n_curated, n_auto = int(counts.get("curated", 0)), int(counts.get("auto", 0))
    choice = {
        "combined": "combined: hand-coded statements for every article the curated file covers, "
                    "automatic ones for the rest",
        "curated": "curated: hand-coded statements only",
        "auto": "auto: automatically extracted statements only",
    }[data.statements_source]
    scope = f" for the outlet {data.outlet}" if data.outlet else ""
    return (f"This report analyses **{plural(len(data.statements), 'statement')}**{scope} "
            f"(source {choice}): {plural(n_curated, 'curated statement')} and "
            f"{plural(n_auto, 'automatic statement')}, from "
            f"{plural(data.statements['article_id'].nunique(), 'article')}. "
            f"Each statement names its source in the evidence appendix.")


def relation_by_bloc_table(statements: pd.DataFrame) -> pd.DataFrame:
    """Count statements by speaker bloc (rows) and relation (columns), with totals."""
    if statements.empty:
        return pd.DataFrame(columns=["Speaker bloc", "Total"])
    table = pd.crosstab(statements["speaker_bloc"], statements["relation"])
    order = [r for r in ("accuse", "deny", "demand", "threaten", "appeal", "cooperate", "praise")
             if r in table.columns]
    table = table[order]
    table["Total"] = table.sum(axis=1)
    table = table.sort_values(["Total"], ascending=False)
    return table.reset_index().rename(columns={"speaker_bloc": "Speaker bloc"})


def count_divergent_groups(claims: pd.DataFrame, articles: pd.DataFrame) -> int:
    """Count quantity groups whose figures disagree or differ in scope or period, in these articles."""
    kept = claims[claims["article_id"].isin(set(articles["article_id"]))]
    compared = compare_claims(kept, articles)
    divergent = compared[compared["status"].isin(["disagrees", "differs in scope/period"])]
    return int(divergent.groupby(["quantity", "unit"]).ngroups)


def headline_findings(data: ReportData, digraph: nx.DiGraph, balance_sentences: list[str],
                      divergent_groups: int) -> list[str]:
    """Return the report's headline findings as sentences, computed from the data."""
    findings = [sources_prose(data).replace("**", "")]
    findings += _blame_findings(digraph)
    findings += _reciprocity_findings(digraph)
    findings += balance_sentences[:1]
    findings.append(
        f"{plural(divergent_groups, 'group')} of numeric claims cited by more than one outlet "
        "disagree or differ in scope or period (see Fact divergence)."
    )
    return findings


def _blame_findings(digraph: nx.DiGraph) -> list[str]:
    blamers, blamed = top_blamers(digraph, n=1), most_blamed(digraph, n=1)
    if blamers.empty:
        return ["No statement in this selection blames anyone."]
    top, target = blamers.iloc[0], blamed.iloc[0]
    return [
        f"{top['name']} assigns the most blame: {plural(int(top['blame_given']), 'sentence')} "
        f"against {plural(int(top['n_targets']), 'target')} in {plural(int(top['n_articles']), 'article')}.",
        f"{target['name']} is blamed most: {plural(int(target['blame_received']), 'sentence')} from "
        f"{plural(int(target['n_blamers']), 'speaker')} in {plural(int(target['n_articles']), 'article')}.",
    ]


def _reciprocity_findings(digraph: nx.DiGraph) -> list[str]:
    pairs = mutual_accusation_pairs(digraph)
    summary = reciprocity_summary(digraph)
    share = summary.get("returned_share", math.nan)
    if pairs.empty:
        return ["No pair of actors accuses each other at this level."]
    first = pairs.sort_values(["total", "actor_a"], ascending=[False, True]).iloc[0]
    share_text = "" if isinstance(share, float) and math.isnan(share) else (
        f"; {share:.0%} of all blame weight is returned by its target")
    return [f"{plural(len(pairs), 'pair')} of actors accuse each other, most of all "
            f"{first['name_a']} and {first['name_b']} ({int(first['weight_ab'])} and "
            f"{int(first['weight_ba'])} sentences){share_text}."]
