"""Tables for section 03, who blames whom: rankings and bloc pairs by relation."""

from __future__ import annotations

import pandas as pd

from analysis.codebook import RELATIONS
from analysis.network.metrics import bloc_matrix

__all__ = ["bloc_pairs_by_relation", "ranking_table"]

_RANKING_LABELS = {
    "name": "Actor", "bloc": "Bloc", "blame_given": "Blame given", "blame_received": "Blame received",
    "n_targets": "Targets", "n_blamers": "Blamers", "n_articles": "Articles", "net_blame": "Net",
    "pagerank": "PageRank",
}


def ranking_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Rename a metrics ranking for display, dropping the internal actor id."""
    shown = frame.drop(columns=[c for c in ("actor",) if c in frame.columns])
    if "pagerank" in shown.columns:
        shown = shown.assign(pagerank=shown["pagerank"].round(3))
    return shown.rename(columns=_RANKING_LABELS)


def bloc_pairs_by_relation(statements: pd.DataFrame) -> pd.DataFrame:
    """List, for every relation, the speaker-bloc → target-bloc pairs with their sentence counts."""
    rows = []
    for relation in RELATIONS:
        matrix = bloc_matrix(statements, relation)
        for speaker, row in matrix.iterrows():
            for target, n in row.items():
                if n:
                    rows.append((relation, speaker, target, int(n)))
    frame = pd.DataFrame(rows, columns=["Relation", "Speaker bloc", "Target bloc", "Sentences"])
    order = {r: i for i, r in enumerate(RELATIONS)}
    return frame.sort_values(["Relation", "Sentences", "Speaker bloc", "Target bloc"],
                             key=lambda c: c.map(order) if c.name == "Relation" else c,
                             ascending=[True, False, True, True]).reset_index(drop=True)
