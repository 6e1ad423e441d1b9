"""The accusation graph: one edge per statement, collapsed to person, organisation or bloc level."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

import networkx as nx
import pandas as pd

from analysis.codebook import LEVELS, RELATION_SIGNS, RELATIONS, STATEMENT_COLUMNS, STATEMENT_SORT_KEY

__all__ = [
    "ARTICLE_COLUMNS",
    "ActorLookup",
    "build_statement_graph",
    "check_level",
    "collapse_graph",
    "negative_subgraph",
    "roll_up_statements",
    "sentence_key",
    "sort_statements",
]

ARTICLE_COLUMNS = ("article_id", "outlet", "published")

SentenceKey = tuple[str, int, int]


class ActorLookup(Protocol):
    """The actor attributes the graph needs (the ontology satisfies it)."""

    def roll_up(self, actor_id: str, level: str) -> str:
        """Return the actor id at `level` (person | organisation | bloc root)."""
        ...

    def name(self, actor_id: str) -> str:
        """Return the display name."""
        ...

    def kind(self, actor_id: str) -> str:
        """Return the kind (person, organisation, country, group, outlet)."""
        ...

    def bloc(self, actor_id: str) -> str:
        """Return the bloc (US, MX, CN, CARTELS, SUPPLIERS, INTL, MEDIA)."""
        ...


def check_level(level: str) -> str:
    """Return `level` unchanged, or raise ValueError naming the allowed levels."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}: expected one of {', '.join(LEVELS)}")
    return level


def _check_relations(relations: Iterable[str] | None) -> frozenset[str] | None:
    if relations is None:
        return None
    chosen = frozenset([relations] if isinstance(relations, str) else relations)
    unknown = sorted(chosen - set(RELATIONS))
    if unknown:
        raise ValueError(f"unknown relation(s) {', '.join(unknown)}: expected some of {', '.join(RELATIONS)}")
    return chosen


def _check_columns(frame: pd.DataFrame, columns: Iterable[str], table: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(
            f"{table} table: missing column(s) {', '.join(missing)} "
            f"(found {', '.join(map(str, frame.columns)) or 'none'})"
        )


def sentence_key(article_id: str, sentence_no: int, start: int) -> SentenceKey:
    """Return the unit the repeat rule counts: the sentence, or the evidence start when outside sentences.

    Statements with `sentence_no == 0` lie outside body sentences; each distinct start
    offset counts as its own sentence so that unrelated claims there are not merged.
    """
    sentence_no = int(sentence_no)
    return (str(article_id), sentence_no, int(start) if sentence_no == 0 else 0)


def sort_statements(statements: pd.DataFrame) -> pd.DataFrame:
    """Return the statements in a fixed order (article, sentence, offsets, then ids), index reset."""
    columns = [c for c in STATEMENT_SORT_KEY if c in statements.columns]
    return statements.sort_values(columns, kind="mergesort").reset_index(drop=True)


def _add_actor_node(graph: nx.Graph, actor_id: str, actors: ActorLookup, level: str) -> None:
    if actor_id not in graph:
        graph.add_node(actor_id, name=actors.name(actor_id), kind=actors.kind(actor_id),
                       bloc=actors.bloc(actor_id), level=level)


def build_statement_graph(
    statements: pd.DataFrame, articles: pd.DataFrame, actors: ActorLookup,
) -> nx.MultiDiGraph:
    """Build a multigraph with one edge per statement (speaker → target) and actor attributes on nodes.

    Edges carry relation, sign, topic, voice, article_id, outlet, published, evidence,
    start, end, source and sentence_no; nodes carry name, kind, bloc and level "person"
    (the actor as coded). Nodes and edges are inserted in sorted order.
    """
    _check_columns(statements, STATEMENT_COLUMNS, "statements")
    _check_columns(articles, ARTICLE_COLUMNS, "articles")
    rows = sort_statements(statements)
    meta = _article_meta(articles)
    missing = sorted(set(rows["article_id"].astype(str)) - set(meta))
    if missing:
        raise ValueError(f"statements refer to {len(missing)} article(s) not in the articles table: "
                         f"{', '.join(missing[:5])}" + (" …" if len(missing) > 5 else ""))
    bad = sorted(set(rows["relation"]) - set(RELATIONS))
    if bad:
        raise ValueError(f"statements table: unknown relation(s) {', '.join(bad)} "
                         f"(expected {', '.join(RELATIONS)})")
    graph = nx.MultiDiGraph(level="person")
    for actor_id in sorted(set(rows["speaker"].astype(str)) | set(rows["target"].astype(str))):
        _add_actor_node(graph, actor_id, actors, "person")
    columns = ["speaker", "target", "relation", "topic", "voice", "article_id", "evidence", "start", "end",
               "source", "sentence_no"]
    for speaker, target, relation, topic, voice, article_id, evidence, start, end, source, sentence_no in zip(
            *(rows[c].tolist() for c in columns), strict=True):
        outlet, published = meta[str(article_id)]
        graph.add_edge(
            str(speaker), str(target), relation=relation, sign=RELATION_SIGNS[relation],
            topic=topic, voice=voice, article_id=str(article_id), outlet=outlet,
            published=published, evidence=evidence, start=int(start), end=int(end),
            source=source, sentence_no=int(sentence_no),
        )
    return graph


def _article_meta(articles: pd.DataFrame) -> dict[str, tuple[str, str]]:
    return {
        str(a): ("" if pd.isna(o) else str(o), "" if pd.isna(p) else str(p))
        for a, o, p in zip(articles["article_id"], articles["outlet"], articles["published"], strict=True)
    }


@dataclass
class _EdgeTally:
    """Sentences and articles seen on one collapsed edge, split by sign and relation."""

    sentences: set[SentenceKey] = field(default_factory=set)
    negative: set[SentenceKey] = field(default_factory=set)
    positive: set[SentenceKey] = field(default_factory=set)
    by_relation: dict[str, set[SentenceKey]] = field(default_factory=lambda: defaultdict(set))

    def add(self, relation: str, key: SentenceKey) -> None:
        """Record one statement."""
        self.sentences.add(key)
        (self.negative if RELATION_SIGNS[relation] < 0 else self.positive).add(key)
        self.by_relation[relation].add(key)

    def attributes(self, is_self_loop: bool) -> dict[str, object]:
        """Return the edge attributes (counts, net sign, relation mix, sorted key tuples)."""
        negative, positive = len(self.negative), len(self.positive)
        net = positive - negative
        relations = {r: len(self.by_relation[r]) for r in sorted(self.by_relation)}
        return {
            "weight": len(self.sentences),
            "n_articles": len({k[0] for k in self.sentences}),
            "negative_weight": negative,
            "positive_weight": positive,
            "net": net,
            "sign": (net > 0) - (net < 0),
            "relations": relations,
            "relation_counts": ";".join(f"{r}:{n}" for r, n in relations.items()),
            "dominant_relation": _dominant(relations),
            "is_self_loop": is_self_loop,
            "sentences": tuple(sorted(self.sentences)),
            "articles": tuple(sorted({k[0] for k in self.sentences})),
            "negative_articles": tuple(sorted({k[0] for k in self.negative})),
            "positive_articles": tuple(sorted({k[0] for k in self.positive})),
        }


def _dominant(relations: dict[str, int]) -> str:
    """Return the most frequent relation, ties broken by codebook order."""
    return max(RELATIONS, key=lambda r: (relations.get(r, 0), -RELATIONS.index(r)))


def collapse_graph(
    multigraph: nx.MultiDiGraph, actors: ActorLookup, level: str, relations: Iterable[str] | None = None,
) -> nx.DiGraph:
    """Collapse the statement multigraph to one weighted edge per ordered actor pair at `level`.

    Weights follow the codebook's repeat rule: `weight` counts distinct (article,
    sentence) pairs on the edge, `negative_weight`/`positive_weight` the distinct sentences
    with a −/+ relation (a sentence holding both counts in each, so they may sum to more
    than `weight`), `net` = positive − negative and `sign` its sign (0 when tied).
    `relations` maps relation → distinct sentences, `relation_counts` is the same as a
    sorted "rel:n;rel:n" string. Self-loops are kept with `is_self_loop=True`. Every actor
    of the multigraph appears as a node (rolled up), even when `relations` filters its
    edges away, so graphs of different relations share one node set. The tuples
    `sentences`, `articles`, `negative_articles` and `positive_articles` support exact
    distinct counts downstream; exports skip them.
    """
    check_level(level)
    chosen = _check_relations(relations)
    lifted = {n: actors.roll_up(n, level) for n in sorted(multigraph.nodes)}
    graph = nx.DiGraph(level=level, relation_filter=";".join(sorted(chosen)) if chosen else "all")
    for actor_id in sorted(set(lifted.values())):
        _add_actor_node(graph, actor_id, actors, level)
    tallies: dict[tuple[str, str], _EdgeTally] = defaultdict(_EdgeTally)
    for u, v, data in multigraph.edges(data=True):
        if chosen is None or data["relation"] in chosen:
            key = sentence_key(data["article_id"], data["sentence_no"], data["start"])
            tallies[(lifted[u], lifted[v])].add(data["relation"], key)
    for (u, v) in sorted(tallies):
        graph.add_edge(u, v, **tallies[(u, v)].attributes(is_self_loop=u == v))
    return graph


def negative_subgraph(digraph: nx.DiGraph, include_self_loops: bool = False) -> nx.DiGraph:
    """Return the edges with negative (blame) weight, `weight` set to `negative_weight`.

    Nodes are those touched by a kept edge, inserted in sorted order.
    """
    kept = sorted(
        (u, v, d["negative_weight"]) for u, v, d in digraph.edges(data=True)
        if d.get("negative_weight", 0) > 0 and (include_self_loops or u != v)
    )
    sub = nx.DiGraph(**digraph.graph)
    for node in sorted({n for u, v, _ in kept for n in (u, v)}):
        sub.add_node(node, **digraph.nodes[node])
    sub.add_weighted_edges_from(kept)
    return sub


def roll_up_statements(statements: pd.DataFrame, actors: ActorLookup, level: str) -> pd.DataFrame:
    """Return the sorted statements with `speaker_at_level` and `target_at_level` columns added."""
    check_level(level)
    rows = sort_statements(statements)
    ids = sorted(set(rows["speaker"].astype(str)) | set(rows["target"].astype(str)))
    lifted = {a: actors.roll_up(a, level) for a in ids}
    rows["speaker_at_level"] = rows["speaker"].astype(str).map(lifted)
    rows["target_at_level"] = rows["target"].astype(str).map(lifted)
    return rows
