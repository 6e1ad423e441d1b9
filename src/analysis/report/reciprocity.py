"""Tables and sentences for section 04: mutual accusations, deflections, self-acknowledgements
and triangles."""

from __future__ import annotations

import math

import pandas as pd

from analysis.network.balance import BalanceResult
from analysis.ontology import Ontology
from analysis.report.display import plural

__all__ = [
    "deflection_prose", "deflection_table", "mutual_pairs_table", "reciprocity_prose",
    "self_acknowledgement_prose", "self_acknowledgement_table", "triangle_table",
]

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
