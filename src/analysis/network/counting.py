"""One counting unit and one tie definition for every section of the report.

The unit is the codebook's repeat rule: distinct (article, sentence) pairs
(`analysis.network.graph.sentence_key`). A **tie** is an ordered pair of two different actors
at the report's level with at least one statement; its blame weight counts the distinct
sentences with a negative relation, its cooperation weight those with a positive relation,
and its net is cooperation minus blame. A **generic mutual-blame sentence** only says that
actors blame each other ("traded blame"): the same evidence span carries `accuse` for every
ordered pair of two or more actors and no other relation. It is counted once, as a mutual
event, and left out of the accusation counts.
"""

from __future__ import annotations

from itertools import permutations

import networkx as nx
import pandas as pd

from analysis.network.graph import sentence_key

__all__ = ["TIE_COLUMNS", "count_sentences", "generic_mutual_sentences", "tie_weights",
           "without_generic_mutual"]

_SPAN = ["article_id", "start", "end"]
_EVENT_COLUMNS = ["article_id", "sentence_no", "start", "end", "actors", "n_rows", "evidence"]
TIE_COLUMNS = ["speaker", "target", "name_speaker", "name_target", "blame", "accuse", "cooperation",
               "net", "n_articles"]


def count_sentences(statements: pd.DataFrame) -> int:
    """Count distinct sentences by the repeat rule (the report's one counting unit)."""
    return len({sentence_key(a, s, st) for a, s, st in
                zip(statements["article_id"], statements["sentence_no"], statements["start"], strict=True)})


def _is_generic(group: pd.DataFrame) -> bool:
    if set(group["relation"]) != {"accuse"}:
        return False
    actors = set(group["speaker"]) | set(group["target"])
    pairs = set(zip(group["speaker"], group["target"], strict=True))
    return len(actors) >= 2 and pairs == set(permutations(sorted(actors), 2))


def generic_mutual_sentences(statements: pd.DataFrame) -> pd.DataFrame:
    """Return one row per generic mutual-blame span: its actors (';'-joined), rows and evidence."""
    rows = []
    for (article_id, start, end), group in statements.groupby(_SPAN, sort=True):
        if len(group) >= 2 and _is_generic(group):
            actors = sorted(set(group["speaker"]) | set(group["target"]))
            rows.append({"article_id": article_id, "sentence_no": int(group["sentence_no"].iloc[0]),
                         "start": int(start), "end": int(end), "actors": ";".join(actors),
                         "n_rows": len(group), "evidence": str(group["evidence"].iloc[0])})
    return pd.DataFrame(rows, columns=_EVENT_COLUMNS)


def without_generic_mutual(statements: pd.DataFrame) -> pd.DataFrame:
    """Return the statements without the rows of generic mutual-blame spans (index reset)."""
    events = generic_mutual_sentences(statements)
    if events.empty:
        return statements.reset_index(drop=True)
    spans = set(zip(events["article_id"], events["start"], events["end"], strict=True))
    keep = [(a, s, e) not in spans for a, s, e in
            zip(statements["article_id"], statements["start"], statements["end"], strict=True)]
    return statements[keep].reset_index(drop=True)


def tie_weights(digraph: nx.DiGraph) -> pd.DataFrame:
    """Return every tie of a collapsed graph with its blame, accuse, cooperation and net weights.

    Self-loops are not ties. Sorted by blame, then cooperation (both descending), then the pair.
    """
    rows = []
    for u, v, data in digraph.edges(data=True):
        if u == v:
            continue
        rows.append({"speaker": u, "target": v, "name_speaker": str(digraph.nodes[u].get("name", u)),
                     "name_target": str(digraph.nodes[v].get("name", v)),
                     "blame": int(data.get("negative_weight", 0)),
                     "accuse": int(data.get("relations", {}).get("accuse", 0)),
                     "cooperation": int(data.get("positive_weight", 0)), "net": int(data.get("net", 0)),
                     "n_articles": int(data.get("n_articles", 0))})
    frame = pd.DataFrame(rows, columns=TIE_COLUMNS)
    return frame.sort_values(["blame", "cooperation", "speaker", "target"],
                             ascending=[False, False, True, True],
                             kind="mergesort").reset_index(drop=True)
