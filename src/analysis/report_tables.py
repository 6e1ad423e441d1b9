"""Turn analysis results into readable report tables and sentences (numbers always computed)."""

from __future__ import annotations

import math
import platform
from importlib import metadata

import pandas as pd

from analysis.actors import Ontology
from analysis.balance import BalanceResult
from analysis.metrics import bloc_matrix
from analysis.report import plural
from analysis.report_data import ReportData

__all__ = [
    "bloc_pairs_by_relation", "claims_summary_table", "claims_table", "deflection_prose",
    "deflection_table", "facts_prose",
    "inputs_table", "limitations", "mentioned_time_table", "mutual_pairs_table", "parameters_table",
    "quality_by_relation_table", "quality_prose", "quality_table", "ranking_table", "reciprocity_prose",
    "relations_table", "self_acknowledgement_prose", "self_acknowledgement_table", "shares_table",
    "triangle_table", "undated_articles", "versions_table", "voice_table",
]

_RANKING_LABELS = {
    "name": "Actor", "bloc": "Bloc", "blame_given": "Blame given", "blame_received": "Blame received",
    "n_targets": "Targets", "n_blamers": "Blamers", "n_articles": "Articles", "net_blame": "Net",
    "pagerank": "PageRank",
}
_RELATION_NOTES = [
    ("accuse", "−", "attributes responsibility, blame, wrongdoing or failure to the target"),
    ("deny", "−", "rejects a claim or responsibility; the target made the claim"),
    ("demand", "−", "calls on, presses or urges the target to act"),
    ("threaten", "−", "announces or proposes coercion: sanctions, aid cuts, indictments, force"),
    ("appeal", "+", "asks the target for help or cooperation"),
    ("cooperate", "+", "agrees, works with, supports or commits to joint action with the target"),
    ("praise", "+", "approves of or thanks the target"),
]
_VERSIONED = ("pandas", "networkx", "matplotlib", "papermill", "nbconvert", "pandera", "langdetect",
              "dask", "blame-report")


def ranking_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Rename a metrics ranking for display, dropping the internal actor id."""
    shown = frame.drop(columns=[c for c in ("actor",) if c in frame.columns])
    if "pagerank" in shown.columns:
        shown = shown.assign(pagerank=shown["pagerank"].round(3))
    return shown.rename(columns=_RANKING_LABELS)


def bloc_pairs_by_relation(statements: pd.DataFrame) -> pd.DataFrame:
    """List, for every relation, the speaker-bloc → target-bloc pairs with their sentence counts."""
    rows = []
    for relation in [r for r, _, _ in _RELATION_NOTES]:
        matrix = bloc_matrix(statements, relation)
        for speaker, row in matrix.iterrows():
            for target, n in row.items():
                if n:
                    rows.append((relation, speaker, target, int(n)))
    frame = pd.DataFrame(rows, columns=["Relation", "Speaker bloc", "Target bloc", "Sentences"])
    order = {r: i for i, (r, _, _) in enumerate(_RELATION_NOTES)}
    return frame.sort_values(["Relation", "Sentences", "Speaker bloc", "Target bloc"],
                             key=lambda c: c.map(order) if c.name == "Relation" else c,
                             ascending=[True, False, True, True]).reset_index(drop=True)


def reciprocity_prose(summary: dict, pairs: pd.DataFrame) -> str:
    """Describe how much blame is returned, from the reciprocity figures."""
    if not summary.get("n_edges"):
        return "No actor blames another at this level, so there is nothing to return."
    share = summary.get("returned_share", math.nan)
    returned = not (isinstance(share, float) and math.isnan(share))
    share_text = f" ({share:.0%} of the blame weight)" if returned else ""
    return (f"Of {plural(int(summary['n_edges']), 'blame tie')} between actors, "
            f"{int(summary['n_reciprocated_edges']):,} are returned by their target{share_text}; "
            f"edge reciprocity is {summary['reciprocity']:.2f}. "
            f"{plural(len(pairs), 'pair')} of actors accuse each other.")


def mutual_pairs_table(pairs: pd.DataFrame) -> pd.DataFrame:
    """Show mutual accusation pairs with the weight in each direction."""
    return pd.DataFrame({
        "Actor A": pairs["name_a"], "Actor B": pairs["name_b"],
        "A accuses B (sentences)": pairs["weight_ab"], "B accuses A (sentences)": pairs["weight_ba"],
        "Total": pairs["total"],
    })


def deflection_prose(deflections: pd.DataFrame) -> str:
    """Count deflections and the speakers who deflect."""
    if deflections.empty:
        return "No deflection was found: no speaker denies a claim and then accuses someone else."
    speakers = deflections["speaker"].nunique()
    return (f"{plural(len(deflections), 'deflection')} by {plural(speakers, 'speaker')} in "
            f"{plural(deflections['article_id'].nunique(), 'article')}: a denial followed by blame "
            "aimed at someone other than the accuser.")


def deflection_table(deflections: pd.DataFrame, ontology: Ontology) -> pd.DataFrame:
    """Show each deflection: who denies what and whom they blame instead, with both quotes."""
    return pd.DataFrame({
        "Speaker": [ontology.name(a) for a in deflections["speaker"]],
        "Denies": [ontology.name(a) for a in deflections["denied"]],
        "Blames": [ontology.name(a) for a in deflections["accused"]],
        "Denial": [f"“{e}”" for e in deflections["deny_evidence"]],
        "Accusation": [f"“{e}”" for e in deflections["accuse_evidence"]],
    })


def self_acknowledgement_prose(selfacks: pd.DataFrame) -> str:
    """Count self-acknowledgements."""
    if selfacks.empty:
        return "No actor addresses its own side at this level."
    return (f"{plural(len(selfacks), 'statement')} in which an actor addresses its own side, in "
            f"{plural(selfacks['article_id'].nunique(), 'article')}.")


def self_acknowledgement_table(selfacks: pd.DataFrame, ontology: Ontology) -> pd.DataFrame:
    """Show self-acknowledgements with their evidence."""
    return pd.DataFrame({
        "Speaker": [ontology.name(a) for a in selfacks["speaker"]],
        "Target": [ontology.name(a) for a in selfacks["target"]],
        "Relation": selfacks["relation"],
        "Evidence": [f"“{e}”" for e in selfacks["evidence"]],
    })


def triangle_table(balance: BalanceResult) -> pd.DataFrame:
    """Show the triangle census with whether each kind is balanced."""
    rows = [(kind, "yes" if kind.count("-") % 2 == 0 else "no", n) for kind, n in balance.triangles.items()]
    return pd.DataFrame(rows, columns=["Signs", "Balanced", "Triangles"])


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
    """Show each outlet's narrator and quoted voices, topic by topic, with n."""
    shown = comparison[comparison["n"] > 0]
    return pd.DataFrame({
        "Outlet": shown["outlet"], "Articles": shown["n_articles"], "Voice": shown["voice_group"],
        "Topic group": shown["topic_group"],
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
    grouped = mentioned.groupby(["mention", "value"], sort=True)
    table = pd.DataFrame({
        "Statements": grouped.size(),
        "Speaker blocs": grouped["speaker_bloc"].agg(lambda s: ", ".join(sorted(set(s)))),
    }).reset_index().rename(columns={"mention": "Mentioned", "value": "Value"})
    return table.sort_values(["Statements", "Mentioned"], ascending=[False, True]).reset_index(drop=True)


def facts_prose(compared: pd.DataFrame) -> str:
    """Count claims and groups by status."""
    if compared.empty:
        return "No numeric claim was found."
    groups = compared.drop_duplicates(["quantity", "unit"])
    counts = groups["status"].value_counts()
    parts = ", ".join(f"{n:,} {status}" for status, n in sorted(counts.items()))
    return (f"{plural(len(compared), 'numeric claim')} from {plural(compared['outlet'].nunique(), 'outlet')} "
            f"fall into {plural(len(groups), 'group')} of the same quantity and unit: {parts}.")


def claims_summary_table(summary: pd.DataFrame) -> pd.DataFrame:
    """Show one row per quantity group with each outlet's figures."""
    return pd.DataFrame({
        "Quantity": summary["quantity"], "Unit": summary["unit"], "Status": summary["status"],
        "Outlets": summary["n_outlets"], "Figures (outlet: evidence, period)": summary["figures"],
    })


def claims_table(compared: pd.DataFrame) -> pd.DataFrame:
    """Show every claim with its evidence, scope and period."""
    return pd.DataFrame({
        "Quantity": compared["quantity"], "Outlet": compared["outlet"], "Article": compared["article_id"],
        "Evidence": [f"“{e}”" for e in compared["evidence"]], "Scope": compared["scope"],
        "Period": compared["period"],
    })


def relations_table() -> pd.DataFrame:
    """Return the codebook's relations with their signs."""
    return pd.DataFrame(_RELATION_NOTES, columns=["Relation", "Sign", "Coded when the speaker…"])


def _overall(quality: pd.DataFrame) -> pd.DataFrame:
    return quality[quality["relation"] == "all"]


def quality_table(quality: pd.DataFrame) -> pd.DataFrame:
    """Show P/R/F1 with support for the extractor beside the baseline, per level."""
    overall = _overall(quality)
    return pd.DataFrame({
        "Level": overall["level"], "Method": overall["method"],
        "Precision": overall["precision"].round(3), "Recall": overall["recall"].round(3),
        "F1": overall["f1"].round(3), "Gold": overall["n_gold"], "Predicted": overall["n_pred"],
        "Matched": overall["n_match"],
    })


def quality_by_relation_table(quality: pd.DataFrame) -> pd.DataFrame:
    """Show bloc-level F1 per relation for extractor and baseline, with the gold support."""
    bloc = quality[(quality["level"] == "bloc") & (quality["relation"] != "all")]
    table = bloc.pivot(index="relation", columns="method", values="f1").round(3)
    table["Gold"] = bloc[bloc["method"] == "extractor"].set_index("relation")["n_gold"]
    return table.reset_index().rename(columns={"relation": "Relation", "extractor": "Extractor F1",
                                               "baseline": "Baseline F1"})


def quality_prose(quality: pd.DataFrame) -> str:
    """Summarise the extractor's F1 against the baseline at each level."""
    overall = _overall(quality)
    if overall.empty or not overall["n_gold"].max():
        return "No curated statements cover these articles, so extraction quality cannot be measured."
    parts = []
    for level in ("bloc", "grounded", "strict"):
        rows = overall[overall["level"] == level].set_index("method")
        if "extractor" in rows.index:
            parts.append(f"{level} F1 {rows.loc['extractor', 'f1']:.2f} against "
                         f"{rows.loc['baseline', 'f1']:.2f} for the baseline")
    gold = int(overall[overall["level"] == "strict"]["n_gold"].max())
    return (f"Against {plural(gold, 'curated statement')} (strict keys): " + "; ".join(parts) + ". "
            "Measured on the articles the rules were developed on.")


def limitations(data: ReportData) -> list[str]:
    """Return the report's limitations, with the numbers that make them matter."""
    per_outlet = data.articles.groupby("outlet").size()
    single = int((per_outlet == 1).sum())
    undated = int((data.articles["published_precision"] == "none").sum())
    return [
        f"Small n: {plural(len(data.articles), 'article')} from {plural(len(per_outlet), 'outlet')}. "
        "Counts describe these texts, not the wider coverage.",
        f"{plural(single, 'outlet')} of {len(per_outlet):,} rest on one article each, so an outlet's figures "
        "are that article's figures.",
        f"{plural(undated, 'article')} carry no publication date; time views leave them aside and say so.",
        "Each article's curated statements were coded once, by one coder; no inter-coder agreement has been "
        "measured.",
        "Automatic statements come from rules and lexicons: they miss paraphrase the cues do not cover "
        "and can misread long sentences; the quality table shows by how much on the seed articles.",
    ]


def inputs_table(articles: pd.DataFrame) -> pd.DataFrame:
    """Show the input articles with their SHA-256."""
    return pd.DataFrame({"Article": articles["file_name"], "SHA-256": articles["sha256"]})


def parameters_table(**parameters: str) -> pd.DataFrame:
    """Show the report's parameters."""
    return pd.DataFrame([(k, v if v != "" else "(empty)") for k, v in parameters.items()],
                        columns=["Parameter", "Value"])


def versions_table() -> pd.DataFrame:
    """Show Python and the main package versions."""
    rows = [("python", platform.python_version())]
    rows += [(name, metadata.version(name)) for name in _VERSIONED]
    return pd.DataFrame(rows, columns=["Package", "Version"])
