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


def deflection_prose(patterns: pd.DataFrame) -> str:
    """Count deflection patterns (from `deflection_patterns`) and the speakers who deflect."""
    if patterns.empty:
        return "No deflection was found: no speaker denies a claim and then accuses someone else."
    return (f"{plural(len(patterns), 'deflection')} by {plural(patterns['speaker'].nunique(), 'speaker')} in "
            f"{plural(patterns['article_id'].nunique(), 'article')}, each counted once per article, speaker, "
            "denied accuser and new target: a denial followed by blame aimed at someone other than the "
            f"accuser, resting on {plural(int(patterns['n_sentences'].sum()), 'sentence')} in all.")


def deflection_table(patterns: pd.DataFrame, ontology: Ontology) -> pd.DataFrame:
    """Show each deflection pattern once: who denies whom, whom they blame instead, sentences, one example."""
    return pd.DataFrame({
        "Speaker": [ontology.name(a) for a in patterns["speaker"]],
        "Denies": [ontology.name(a) for a in patterns["denied"]],
        "Blames": [ontology.name(a) for a in patterns["accused"]],
        "Sentences (denials + accusations)": [f"{n} ({d} + {a})" for n, d, a in
                                              zip(patterns["n_sentences"], patterns["n_denials"],
                                                  patterns["n_accusations"], strict=True)],
        "Example denial": [f"“{e}”" for e in patterns["deny_evidence"]],
        "Example accusation": [f"“{e}”" for e in patterns["accuse_evidence"]],
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


def census_prose(thin: tuple[str, ...], min_sentences: int, ontology: Ontology) -> str:
    """Say which actors are left out of the balance census, and the threshold."""
    rule = (f"Actors on fewer than {plural(min_sentences, 'distinct sentence')} (as speaker or target) are "
            "left out of the balance census")
    if not thin:
        return rule + "; at this level none is."
    more = f" and {len(thin) - 8:,} more" if len(thin) > 8 else ""
    names = ", ".join(ontology.name(a) for a in thin[:8]) + more
    return f"{rule}: {plural(len(thin), 'actor')} ({names})."


def pair_weights_table(pairs: pd.DataFrame) -> pd.DataFrame:
    """Show each pair's blame and cooperation apart, with the net and its sign."""
    return pd.DataFrame({
        "Actor A": pairs["name_a"], "Actor B": pairs["name_b"], "Blame (sentences)": pairs["blame"],
        "Cooperation (sentences)": pairs["cooperation"],
        "Net": [f"{n:+d}".replace("-", "−") for n in pairs["net"]],
        "Sign": [{1: "+", -1: "−", 0: "mixed"}[s] for s in pairs["sign"]],
    })
