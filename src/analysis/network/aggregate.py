"""Collapsed accusation graphs aggregated from statement tables, one article at a time.

`collapse_graph(build_statement_graph(...))` holds one edge per statement; for a large corpus the
build instead streams the statements table row group by row group (each holds whole articles)
and keeps only counts per collapsed edge. The repeat rule's distinct sentences are counted per
article, which is exact because a sentence key starts with its article. The graphs carry the
same nodes and the same scalar edge attributes as `collapse_graph` (weights, net, sign, relation
mix, self-loop flag and the `relations` dict); the per-edge key tuples are left out.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import networkx as nx
import pandas as pd
import pyarrow.parquet as pq

from analysis.codebook import RELATION_SIGNS, RELATIONS
from analysis.network.graph import ActorLookup, check_level, sentence_key
from analysis.store.tables import frame_from_arrow, parquet_columns

__all__ = ["EdgeCounts", "aggregate_graphs", "statement_batches"]

_COLUMNS = ["article_id", "speaker", "target", "relation", "sentence_no", "start"]


def statement_batches(path: Path, exclude: set[str] = frozenset(), columns: list[str] = _COLUMNS,
                      ) -> Iterator[pd.DataFrame]:
    """Yield a statements table's row groups (whole articles), without the `exclude` articles."""
    parquet = pq.ParquetFile(path)
    for group in range(parquet.num_row_groups):
        frame = frame_from_arrow(parquet.read_row_group(group, columns=parquet_columns(columns)))
        if exclude:
            frame = frame[~frame["article_id"].isin(exclude)]
        if len(frame):
            yield frame


class EdgeCounts:
    """Per collapsed edge: distinct sentences, articles, negative and positive sentences, by relation."""

    def __init__(self) -> None:
        self.weight = 0
        self.n_articles = 0
        self.negative = 0
        self.positive = 0
        self.by_relation: dict[str, int] = defaultdict(int)

    def add_article(self, keys: dict[str, set]) -> None:
        """Add one article's distinct sentence keys (`all`, `negative`, `positive`, per relation)."""
        self.weight += len(keys["all"])
        self.n_articles += 1
        self.negative += len(keys["negative"])
        self.positive += len(keys["positive"])
        for relation, found in keys.items():
            if relation in RELATION_SIGNS:
                self.by_relation[relation] += len(found)

    def attributes(self, is_self_loop: bool) -> dict[str, object]:
        """The scalar edge attributes of `collapse_graph`, with the `relations` dict."""
        net = self.positive - self.negative
        relations = {r: self.by_relation[r] for r in sorted(self.by_relation)}
        dominant = max(RELATIONS, key=lambda r: (relations.get(r, 0), -RELATIONS.index(r)))
        return {
            "weight": self.weight, "n_articles": self.n_articles, "negative_weight": self.negative,
            "positive_weight": self.positive, "net": net, "sign": (net > 0) - (net < 0),
            "relations": relations, "relation_counts": ";".join(f"{r}:{n}" for r, n in relations.items()),
            "dominant_relation": dominant, "is_self_loop": is_self_loop,
        }


def _article_keys(rows: Iterable[tuple], lifted: dict[str, str]) -> dict[tuple[str, str], dict[str, set]]:
    """One article's distinct sentence keys per collapsed edge."""
    edges: dict[tuple[str, str], dict[str, set]] = {}
    for article_id, speaker, target, relation, sentence_no, start in rows:
        key = sentence_key(article_id, sentence_no, start)
        sets = edges.setdefault((lifted[speaker], lifted[target]),
                                {"all": set(), "negative": set(), "positive": set()})
        sets["all"].add(key)
        sets["negative" if RELATION_SIGNS[relation] < 0 else "positive"].add(key)
        sets.setdefault(relation, set()).add(key)
    return edges


class _LevelTally:
    def __init__(self, actors: ActorLookup, level: str) -> None:
        self.actors, self.level = actors, check_level(level)
        self.lifted: dict[str, str] = {}
        self.edges: dict[tuple[str, str], EdgeCounts] = defaultdict(EdgeCounts)

    def add(self, frame: pd.DataFrame) -> None:
        for actor in set(frame["speaker"]) | set(frame["target"]):
            if actor not in self.lifted:
                self.lifted[actor] = self.actors.roll_up(actor, self.level)
        rows = zip(*(frame[c].tolist() for c in _COLUMNS), strict=True)
        for _article, group in _by_article(rows):
            for edge, keys in _article_keys(group, self.lifted).items():
                self.edges[edge].add_article(keys)

    def graph(self) -> nx.DiGraph:
        graph = nx.DiGraph(level=self.level, relation_filter="all")
        for actor_id in sorted(set(self.lifted.values())):
            graph.add_node(actor_id, name=self.actors.name(actor_id), kind=self.actors.kind(actor_id),
                           bloc=self.actors.bloc(actor_id), level=self.level)
        for u, v in sorted(self.edges):
            graph.add_edge(u, v, **self.edges[(u, v)].attributes(is_self_loop=u == v))
        return graph


def _by_article(rows: Iterable[tuple]) -> Iterator[tuple[str, list[tuple]]]:
    """Group rows by article (rows of one article may come in any order, articles in blocks or not)."""
    groups: dict[str, list[tuple]] = {}
    for row in rows:
        groups.setdefault(row[0], []).append(row)
    yield from groups.items()


def aggregate_graphs(batches: Iterable[pd.DataFrame], actors: ActorLookup, levels: Iterable[str],
                     ) -> dict[str, nx.DiGraph]:
    """Collapse statements to one weighted DiGraph per level, batch by batch.

    Every article's statements must lie in one batch (a row group holds whole articles).
    """
    tallies = {level: _LevelTally(actors, level) for level in levels}
    for frame in batches:
        frame = frame.astype({"speaker": str, "target": str, "article_id": str})
        unknown = sorted(set(frame["relation"]) - set(RELATIONS))
        if unknown:
            raise ValueError(f"statements table: unknown relation(s) {', '.join(unknown)} "
                             f"(expected {', '.join(RELATIONS)})")
        for tally in tallies.values():
            tally.add(frame)
    return {level: tally.graph() for level, tally in tallies.items()}
