"""Blame dynamics on the accusation graph: who blames whom, reciprocity, deflection, self-acknowledgement."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping

import networkx as nx
import pandas as pd

from analysis.codebook import BLOCS, NEGATIVE_RELATIONS, POSITIVE_RELATIONS, RELATIONS
from analysis.network.graph import ActorLookup, negative_subgraph, roll_up_statements, sentence_key

__all__ = [
    "RELATION_GROUPS",
    "actor_metrics",
    "blame_pagerank",
    "bloc_matrix",
    "deflection_patterns",
    "find_deflections",
    "find_self_acknowledgements",
    "most_blamed",
    "mutual_accusation_pairs",
    "net_blame_balance",
    "reciprocity_summary",
    "top_blamers",
]

RELATION_GROUPS = {"negative": NEGATIVE_RELATIONS, "positive": POSITIVE_RELATIONS, "all": RELATIONS}


def _relation_set(relation: str) -> tuple[str, ...]:
    if relation in RELATION_GROUPS:
        return RELATION_GROUPS[relation]
    if relation in RELATIONS:
        return (relation,)
    raise ValueError(f"unknown relation {relation!r}: expected one of {', '.join(RELATIONS)}, "
                     f"or a group ({', '.join(RELATION_GROUPS)})")


# --------------------------------------------------------------------- who blames whom


def bloc_matrix(statements: pd.DataFrame, relation: str) -> pd.DataFrame:
    """Count distinct sentences per speaker bloc × target bloc for a relation (or negative/positive/all).

    Rows (`speaker_bloc`) and columns (`target_bloc`) always hold all seven blocs in the
    fixed order US, MX, CN, CARTELS, SUPPLIERS, INTL, MEDIA, so matrices of different
    relations and corpora line up; nothing is dropped.
    """
    chosen = _relation_set(relation)
    rows = statements[statements["relation"].isin(chosen)]
    cells: dict[tuple[str, str], set] = {}
    for row in rows.itertuples(index=False):
        key = sentence_key(row.article_id, row.sentence_no, row.start)
        cells.setdefault((row.speaker_bloc, row.target_bloc), set()).add(key)
    unknown = sorted({b for pair in cells for b in pair} - set(BLOCS))
    if unknown:
        raise ValueError(f"statements table: unknown bloc(s) {', '.join(unknown)} "
                         f"(expected {', '.join(BLOCS)})")
    matrix = pd.DataFrame(0, index=pd.Index(BLOCS, name="speaker_bloc"),
                          columns=pd.Index(BLOCS, name="target_bloc"), dtype="int64")
    for (speaker, target), keys in cells.items():
        matrix.loc[speaker, target] = len(keys)
    return matrix


def _actor_columns(digraph: nx.DiGraph, actor: str) -> dict[str, str]:
    data = digraph.nodes[actor]
    return {"actor": actor, "name": str(data.get("name", actor)), "bloc": str(data.get("bloc", ""))}


def _blame_strength(digraph: nx.DiGraph, direction: str) -> pd.DataFrame:
    """Return weighted negative out- or in-strength per actor (self-loops excluded)."""
    neg = negative_subgraph(digraph)
    rows = []
    for actor in sorted(neg.nodes):
        edges = neg.out_edges(actor) if direction == "out" else neg.in_edges(actor)
        if not edges:
            continue
        articles = set().union(*(digraph.edges[u, v].get("negative_articles", ()) for u, v in edges))
        rows.append({
            **_actor_columns(digraph, actor),
            "weight": sum(neg.edges[u, v]["weight"] for u, v in edges),
            "n_actors": len(edges),
            "n_articles": len(articles),
        })
    return pd.DataFrame(rows, columns=["actor", "name", "bloc", "weight", "n_actors", "n_articles"])


def _rank(frame: pd.DataFrame, column: str, n: int | None) -> pd.DataFrame:
    ranked = frame.sort_values([column, "actor"], ascending=[False, True], kind="mergesort")
    return (ranked if n is None else ranked.head(n)).reset_index(drop=True)


def top_blamers(digraph: nx.DiGraph, n: int | None = 10) -> pd.DataFrame:
    """Rank actors by blame given: negative out-strength, self-loops excluded.

    Columns: actor, name, bloc, blame_given (sum of `negative_weight` on out-edges),
    n_targets, n_articles (distinct articles carrying that blame).
    """
    names = {"weight": "blame_given", "n_actors": "n_targets"}
    frame = _blame_strength(digraph, "out").rename(columns=names)
    return _rank(frame, "blame_given", n)


def most_blamed(digraph: nx.DiGraph, n: int | None = 10) -> pd.DataFrame:
    """Rank actors by blame received: negative in-strength, self-loops excluded.

    Columns: actor, name, bloc, blame_received, n_blamers, n_articles.
    """
    names = {"weight": "blame_received", "n_actors": "n_blamers"}
    frame = _blame_strength(digraph, "in").rename(columns=names)
    return _rank(frame, "blame_received", n)


def net_blame_balance(digraph: nx.DiGraph) -> pd.DataFrame:
    """Return, for every actor, blame received − blame given (self-loops excluded).

    Columns: actor, name, bloc, blame_received, blame_given, net_blame; sorted by
    net_blame descending (most blamed on balance first), then actor.
    """
    neg = negative_subgraph(digraph)
    rows = []
    for actor in sorted(digraph.nodes):
        received = neg.in_degree(actor, weight="weight") if actor in neg else 0
        given = neg.out_degree(actor, weight="weight") if actor in neg else 0
        rows.append({**_actor_columns(digraph, actor), "blame_received": int(received),
                     "blame_given": int(given), "net_blame": int(received - given)})
    columns = ["actor", "name", "bloc", "blame_received", "blame_given", "net_blame"]
    frame = pd.DataFrame(rows, columns=columns)
    return _rank(frame, "net_blame", None)


def _pagerank(graph: nx.DiGraph, alpha: float, tol: float = 1e-12, max_iter: int = 1000) -> dict[str, float]:
    """Return weighted PageRank: networkx.pagerank (scipy sparse power iteration), tolerance n·tol.

    Uniform teleport; dangling nodes spread their rank uniformly. Sparse, so a person-level
    graph of a large corpus needs memory for its edges, not for a node × node matrix.
    """
    return nx.pagerank(graph, alpha=alpha, weight="weight", tol=tol, max_iter=max_iter)


def blame_pagerank(digraph: nx.DiGraph, alpha: float = 0.85) -> pd.DataFrame:
    """Rank actors by PageRank on the blame subgraph (weight = negative_weight, self-loops excluded).

    Blame flows from speaker to target, so a high score means blamed by actors who are
    themselves blamed. Only actors with a negative edge take part. Columns: actor, name,
    bloc, pagerank (rounded to 10 decimals); empty when there is no blame.
    """
    neg = negative_subgraph(digraph)
    columns = ["actor", "name", "bloc", "pagerank"]
    if neg.number_of_edges() == 0:
        return pd.DataFrame(columns=columns)
    scores = _pagerank(neg, alpha=alpha)
    rows = [{**_actor_columns(digraph, a), "pagerank": round(scores[a], 10)} for a in sorted(scores)]
    return _rank(pd.DataFrame(rows, columns=columns), "pagerank", None)


def actor_metrics(digraph: nx.DiGraph) -> pd.DataFrame:
    """Return every actor's blame metrics in one table (the build writes it beside the graphs).

    Columns: actor, name, bloc, blame_received, blame_given, net_blame (as in
    `net_blame_balance`, whose order it keeps) and pagerank (`blame_pagerank`; 0 for an
    actor without blame edges).
    """
    frame = net_blame_balance(digraph)
    ranks = blame_pagerank(digraph)[["actor", "pagerank"]].astype({"pagerank": float})
    frame = frame.merge(ranks, on="actor", how="left")
    frame["pagerank"] = frame["pagerank"].fillna(0.0)
    return frame


# --------------------------------------------------------------------- reciprocity


def _pair_weight(data: dict, relation: str) -> int:
    if relation == "negative":
        return int(data.get("negative_weight", 0))
    if relation == "positive":
        return int(data.get("positive_weight", 0))
    _relation_set(relation)
    return int(data.get("relations", {}).get(relation, 0))


def mutual_accusation_pairs(digraph: nx.DiGraph, relation: str = "accuse") -> pd.DataFrame:
    """List actor pairs with `relation` edges both ways (`negative` = any −relation).

    Columns: actor_a, actor_b (actor_a < actor_b), name_a, name_b, weight_ab, weight_ba
    (distinct sentences each way), total; sorted by total descending, then the pair.
    """
    rows = []
    for u, v, data in digraph.edges(data=True):
        if u >= v or not digraph.has_edge(v, u):
            continue
        forward, backward = _pair_weight(data, relation), _pair_weight(digraph.edges[v, u], relation)
        if forward > 0 and backward > 0:
            rows.append({"actor_a": u, "actor_b": v, "name_a": digraph.nodes[u].get("name", u),
                         "name_b": digraph.nodes[v].get("name", v), "weight_ab": forward,
                         "weight_ba": backward, "total": forward + backward})
    columns = ["actor_a", "actor_b", "name_a", "name_b", "weight_ab", "weight_ba", "total"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["total", "actor_a", "actor_b"], ascending=[False, True, True],
                             kind="mergesort").reset_index(drop=True)


def reciprocity_summary(digraph: nx.DiGraph) -> dict[str, float | int]:
    """Summarise how much blame is returned, on the negative subgraph without self-loops.

    Keys: n_edges, n_reciprocated_edges, reciprocity (networkx.reciprocity: share of
    edges whose reverse also exists; NaN without edges), blame_weight (total
    negative_weight), returned_weight (negative_weight on reciprocated edges) and
    returned_share (returned_weight / blame_weight; NaN without blame).
    """
    neg = negative_subgraph(digraph)
    reciprocated = [(u, v, d["weight"]) for u, v, d in neg.edges(data=True) if neg.has_edge(v, u)]
    total = sum(d["weight"] for _, _, d in neg.edges(data=True))
    returned = sum(w for _, _, w in reciprocated)
    n_edges = neg.number_of_edges()
    return {
        "n_edges": n_edges,
        "n_reciprocated_edges": len(reciprocated),
        "reciprocity": float(nx.reciprocity(neg)) if n_edges else math.nan,
        "blame_weight": int(total),
        "returned_weight": int(returned),
        "returned_share": returned / total if total else math.nan,
    }


# --------------------------------------------------------------------- deflection and self-acknowledgement

_DEFLECTION_COLUMNS = [
    "article_id", "speaker", "denied", "accused",
    "deny_speaker", "deny_target", "deny_sentence_no", "deny_topic", "deny_evidence",
    "deny_start", "deny_end",
    "accuse_speaker", "accuse_target", "accuse_sentence_no", "accuse_topic", "accuse_evidence",
    "accuse_start", "accuse_end",
]


def _follows(deny: Mapping, accuse: Mapping) -> bool:
    """Return True when the accusation is in the deny's sentence or comes later in the text."""
    same_sentence = deny["sentence_no"] > 0 and accuse["sentence_no"] == deny["sentence_no"]
    return bool(same_sentence or accuse["start"] >= deny["start"])


def _deflection_row(deny: Mapping, accuse: Mapping) -> dict[str, object]:
    row: dict[str, object] = {
        "article_id": deny["article_id"], "speaker": deny["speaker_at_level"],
        "denied": deny["target_at_level"], "accused": accuse["target_at_level"],
    }
    for prefix, item in (("deny", deny), ("accuse", accuse)):
        row[f"{prefix}_speaker"] = item["speaker"]
        row[f"{prefix}_target"] = item["target"]
        for col in ("sentence_no", "topic", "evidence", "start", "end"):
            row[f"{prefix}_{col}"] = item[col]
    return row


def find_deflections(statements: pd.DataFrame, actors: ActorLookup, level: str) -> pd.DataFrame:
    """Find denials followed by a counter-accusation from the same speaker against someone else.

    A deflection is a `deny` by S (rolled up to `level`) and an `accuse` by S in the same
    article, in the same sentence (either order) or later in the text (evidence start at
    or after the denial's), whose target at `level` is neither the denied claimant nor S
    itself. Each (deny, accuse) pair is one row; columns: article_id, speaker, denied,
    accused (all at level), then deny_* and accuse_* (speaker, target, sentence_no, topic,
    evidence, start, end as coded).
    """
    rows = roll_up_statements(statements, actors, level)
    rows = rows[rows["relation"].isin(["deny", "accuse"])]
    by_article: dict[str, dict[str, list[dict]]] = defaultdict(lambda: {"deny": [], "accuse": []})
    for record in rows.to_dict("records"):  # plain rows: one pass, however many articles
        by_article[record["article_id"]][record["relation"]].append(record)
    found = []
    for article_id in sorted(by_article):
        accuses = by_article[article_id]["accuse"]
        for deny in by_article[article_id]["deny"]:
            speaker, denied = deny["speaker_at_level"], deny["target_at_level"]
            found.extend(_deflection_row(deny, a) for a in accuses
                         if a["speaker_at_level"] == speaker and a["target_at_level"] not in (denied, speaker)
                         and _follows(deny, a))
    frame = pd.DataFrame(found, columns=_DEFLECTION_COLUMNS)
    return frame.sort_values(["article_id", "deny_start", "accuse_start", "accused"],
                             kind="mergesort").reset_index(drop=True)


_PATTERN_KEY = ["article_id", "speaker", "denied", "accused"]


def deflection_patterns(deflections: pd.DataFrame) -> pd.DataFrame:
    """Count each deflection once per (article, speaker, denied accuser, new target).

    Takes `find_deflections` (one row per denial × later accusation). Columns: the key, then
    n_denials and n_accusations (distinct sentences on each side), n_sentences (distinct
    sentences in all), and one example pair (the first denial and the first accusation after
    it): deny_evidence, accuse_evidence, deny_start, accuse_start. Sorted by article, then
    the first denial's offset, then the new target.
    """
    columns = [*_PATTERN_KEY, "n_denials", "n_accusations", "n_sentences", "deny_evidence", "accuse_evidence",
               "deny_start", "accuse_start"]
    rows = []
    for key, group in deflections.groupby(_PATTERN_KEY, sort=True):
        denials = {sentence_key(key[0], n, st) for n, st in
                   zip(group["deny_sentence_no"], group["deny_start"], strict=True)}
        accusations = {sentence_key(key[0], n, st) for n, st in
                       zip(group["accuse_sentence_no"], group["accuse_start"], strict=True)}
        first = group.sort_values(["deny_start", "accuse_start"], kind="mergesort").iloc[0]
        rows.append([*key, len(denials), len(accusations), len(denials | accusations), first["deny_evidence"],
                     first["accuse_evidence"], int(first["deny_start"]), int(first["accuse_start"])])
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["article_id", "deny_start", "accused"], kind="mergesort").reset_index(drop=True)


def find_self_acknowledgements(statements: pd.DataFrame, actors: ActorLookup, level: str) -> pd.DataFrame:
    """Return statements whose speaker and target roll up to the same actor at `level`.

    E.g. a US official → `us` at bloc level ("the US recognizes its responsibility").
    All relations are kept (the `relation` column tells acknowledgement from self-praise).
    At bloc level this also catches blame inside a bloc (a senator → the US government);
    `is_own_bloc_root` is True only for the codebook's self-statement shape, where the
    coded target is the speaker's own bloc root. Columns: article_id, sentence_no, actor
    (at level), speaker, target, is_own_bloc_root, relation, topic, voice, evidence,
    start, end.
    """
    rows = roll_up_statements(statements, actors, level)
    own = rows[rows["speaker_at_level"] == rows["target_at_level"]].copy()
    roots = {a: actors.roll_up(a, "bloc") for a in sorted(set(own["speaker"].astype(str)))}
    own["is_own_bloc_root"] = [roots[s] == t for s, t in zip(own["speaker"], own["target"], strict=True)]
    columns = ["article_id", "sentence_no", "actor", "speaker", "target", "is_own_bloc_root", "relation",
               "topic", "voice", "evidence", "start", "end"]
    return own.rename(columns={"speaker_at_level": "actor"})[columns].reset_index(drop=True)
