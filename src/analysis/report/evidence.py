"""The evidence behind each edge: capped tables for the report, the full list as CSV."""

from __future__ import annotations

import pandas as pd

from analysis.ontology import Ontology

__all__ = ["EVIDENCE_COLUMNS", "edge_evidence", "full_evidence"]

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


def edge_evidence(evidence: pd.DataFrame, ontology: Ontology, top_edges: int = 15,
                  quotes_per_edge: int = 3) -> tuple[pd.DataFrame, str]:
    """Return the quotes behind the strongest edges (capped) and a sentence saying what was cut.

    Edges are (speaker, target, relation) at the report's level, ranked by distinct
    sentences, then by name; each shows its first quotes in article and text order.
    """
    columns = ["Edge", "Quote", "Where"]
    if evidence.empty:
        return pd.DataFrame(columns=columns), "There are no statements to show."
    keys = ["speaker_at_level", "target_at_level", "relation"]
    weights = (evidence.drop_duplicates([*keys, "article_id", "sentence_no", "start"])
               .groupby(keys).size().rename("n").reset_index()
               .sort_values(["n", *keys], ascending=[False, True, True, True]))
    top = weights.head(top_edges)
    rows = []
    for edge in top.itertuples(index=False):
        quotes = evidence[(evidence["speaker_at_level"] == edge.speaker_at_level)
                          & (evidence["target_at_level"] == edge.target_at_level)
                          & (evidence["relation"] == edge.relation)].head(quotes_per_edge)
        for quote in quotes.itertuples(index=False):
            rows.append({
                "Edge": f"{ontology.name(edge.speaker_at_level)} → {ontology.name(edge.target_at_level)}: "
                        f"{edge.relation} (n = {edge.n})",
                "Quote": f"“{quote.evidence}”",
                "Where": f"article {quote.article_id}, outlet {quote.outlet}, offsets "
                         f"{quote.start}–{quote.end}, {quote.source}",
            })
    note = (f"Showing the {len(top):,} strongest of {len(weights):,} edges, with up to "
            f"{quotes_per_edge} quotes each; all {len(evidence):,} statements are in the evidence CSV "
            f"beside the report.")
    return pd.DataFrame(rows), note
