"""The evidence behind each edge: capped tables for the report, the full list as CSV."""

from __future__ import annotations

import pandas as pd

from analysis.network.graph import sentence_key
from analysis.ontology import Ontology

__all__ = ["EVIDENCE_COLUMNS", "edge_evidence", "evidence_rows", "full_evidence", "outlet_voices"]

EVIDENCE_COLUMNS = [
    "speaker_at_level", "target_at_level", "relation", "article_id", "outlet", "speaker", "target",
    "voice", "topic", "sentence_no", "start", "end", "source", "evidence",
]


def full_evidence(statements: pd.DataFrame, articles: pd.DataFrame, ontology: Ontology,
                  level: str) -> pd.DataFrame:
    """Return every statement with its edge at `level` and its outlet, in a stable order."""
    outlets = articles.set_index("article_id")["outlet"].to_dict()
    frame = statements.copy()
    frame["speaker_at_level"] = [ontology.roll_up(a, level) for a in frame["speaker"]]
    frame["target_at_level"] = [ontology.roll_up(a, level) for a in frame["target"]]
    frame["outlet"] = [outlets.get(a, "") for a in frame["article_id"]]
    frame = frame[EVIDENCE_COLUMNS]
    order = ["speaker_at_level", "target_at_level", "relation", "article_id", "start", "end", "speaker",
             "target", "source"]
    return frame.sort_values(order, kind="mergesort").reset_index(drop=True)


def outlet_voices(evidence: pd.DataFrame) -> pd.DataFrame:
    """Give each outlet's own narration its own speaker (the outlet actor), never one "Media" edge."""
    own = (evidence["voice"] == "narrator") & (evidence["speaker_at_level"] != evidence["speaker"]) & (
        evidence["speaker_at_level"] == "media")
    return evidence.assign(speaker_at_level=evidence["speaker_at_level"].where(~own, evidence["speaker"]))


def evidence_rows(evidence: pd.DataFrame, ontology: Ontology, top_edges: int = 24,
                  quotes_per_edge: int = 3) -> tuple[pd.DataFrame, int]:
    """Return the quotes behind the strongest edges, each with its reference (E1, E2, …), and the edge count.

    Edges are (speaker, target, relation) at the report's level, ranked by distinct
    sentences (the repeat rule), then by name; each shows its first quotes in article and
    text order. The key columns (speaker_at_level, target_at_level, relation) stay, so a
    headline can cite the rows of its edge.
    """
    keys = ["speaker_at_level", "target_at_level", "relation"]
    columns = ["Ref", *keys, "Edge", "Quote", "Where"]
    if evidence.empty:
        return pd.DataFrame(columns=columns), 0
    units = evidence.assign(_unit=[sentence_key(a, s, st) for a, s, st in
                                   zip(evidence["article_id"], evidence["sentence_no"], evidence["start"],
                                       strict=True)])
    weights = (units.drop_duplicates([*keys, "_unit"]).groupby(keys).size().rename("n").reset_index()
               .sort_values(["n", *keys], ascending=[False, True, True, True]))
    rows = []
    for edge in weights.head(top_edges).itertuples(index=False):
        quotes = evidence[(evidence["speaker_at_level"] == edge.speaker_at_level)
                          & (evidence["target_at_level"] == edge.target_at_level)
                          & (evidence["relation"] == edge.relation)].head(quotes_per_edge)
        for quote in quotes.itertuples(index=False):
            rows.append({
                "Ref": f"E{len(rows) + 1}", "speaker_at_level": edge.speaker_at_level,
                "target_at_level": edge.target_at_level, "relation": edge.relation,
                "Edge": f"{ontology.name(edge.speaker_at_level)} → {ontology.name(edge.target_at_level)}: "
                        f"{edge.relation} (n = {edge.n})",
                "Quote": f"“{quote.evidence}”",
                "Where": f"article {quote.article_id}, outlet {quote.outlet}, offsets "
                         f"{quote.start}–{quote.end}, {quote.source}",
            })
    return pd.DataFrame(rows, columns=columns), len(weights)


def edge_evidence(evidence: pd.DataFrame, ontology: Ontology, top_edges: int = 24,
                  quotes_per_edge: int = 3) -> tuple[pd.DataFrame, str]:
    """Return the quotes behind the strongest edges (capped), with references, and a note on what was cut."""
    rows, n_edges = evidence_rows(evidence, ontology, top_edges, quotes_per_edge)
    if not n_edges:
        return pd.DataFrame(columns=["Ref", "Edge", "Quote", "Where"]), "There are no statements to show."
    shown = rows["Edge"].nunique()
    note = (f"Showing the {shown:,} strongest of {n_edges:,} edges (speaker, target, relation), with up to "
            f"{quotes_per_edge} quotes each; the summary cites these rows by their reference (E1, E2, …). "
            "Every statement, generic mutual-blame rows included, is in the evidence CSV beside the report.")
    return rows[["Ref", "Edge", "Quote", "Where"]], note
