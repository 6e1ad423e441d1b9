"""Structural balance of the signed accusation graph: triangle census and frustration index."""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import combinations

import networkx as nx
import numpy as np
import pandas as pd

from analysis.network.frustration import milp_colouring

__all__ = [
    "EXACT_MAX_NODES",
    "MIN_CENSUS_SENTENCES",
    "census_graph",
    "pair_weights",
    "triangle_sentence",
    "TRIANGLE_TYPES",
    "BalanceResult",
    "frustration_index",
    "interpretation_sentences",
    "signed_graph",
    "structural_balance",
    "triangle_census",
]

TRIANGLE_TYPES = ("+++", "++-", "+--", "---")
BALANCED_TYPES = ("+++", "+--")
EXACT_MAX_NODES = 20
# Actors with fewer distinct sentences than this (as speaker or target, self-statements aside)
# are left out of the balance census: one stray sentence should not make or break a triangle.
MIN_CENSUS_SENTENCES = 3
_RESTARTS = 20


@dataclass(frozen=True)
class BalanceResult:
    """Structural balance of one signed graph, with every number the prose needs."""

    level: str
    n_nodes: int
    n_positive: int
    n_negative: int
    mixed_pairs: tuple[tuple[str, str], ...]
    triangles: dict[str, int]
    frustration: int
    frustration_exact: bool
    frustrated_edges: tuple[tuple[str, str], ...]

    @property
    def n_signed(self) -> int:
        """Return the number of signed (non-mixed) pairs."""
        return self.n_positive + self.n_negative

    @property
    def n_mixed(self) -> int:
        """Return the number of mixed pairs (net 0 with both signs)."""
        return len(self.mixed_pairs)

    @property
    def n_triangles(self) -> int:
        """Return the number of triangles of signed pairs."""
        return sum(self.triangles.values())

    @property
    def n_balanced(self) -> int:
        """Return the number of balanced triangles (an even number of negative pairs)."""
        return sum(self.triangles[t] for t in BALANCED_TYPES)

    @property
    def balance_index(self) -> float | None:
        """Return balanced / total triangles, or None without triangles."""
        return self.n_balanced / self.n_triangles if self.n_triangles else None


def signed_graph(digraph: nx.DiGraph) -> nx.Graph:
    """Fold the directed graph into a signed undirected graph, one edge per actor pair.

    An edge's `net` is the sum of `net` over both directions and its `sign` the sign of
    that sum; `positive_weight`/`negative_weight` are summed too. A pair whose net is 0
    although it has both signs gets sign 0 and `mixed=True`. Self-loops are dropped
    (a self-statement says nothing about balance between actors).
    """
    folded = nx.Graph(**digraph.graph)
    for node in sorted(digraph.nodes):
        folded.add_node(node, **digraph.nodes[node])
    totals: dict[tuple[str, str], list[int]] = {}
    for u, v, data in digraph.edges(data=True):
        if u == v:
            continue
        pair = (min(u, v), max(u, v))
        tally = totals.setdefault(pair, [0, 0])
        tally[0] += int(data.get("positive_weight", 0))
        tally[1] += int(data.get("negative_weight", 0))
    for (u, v) in sorted(totals):
        positive, negative = totals[(u, v)]
        net = positive - negative
        folded.add_edge(u, v, positive_weight=positive, negative_weight=negative, net=net,
                        sign=(net > 0) - (net < 0), mixed=net == 0 and positive > 0 and negative > 0)
    return folded


def _signed_only(graph: nx.Graph) -> nx.Graph:
    """Return the graph without mixed (sign 0) edges, nodes kept."""
    kept = nx.Graph()
    kept.add_nodes_from(sorted(graph.nodes))
    edges = sorted(graph.edges(data="sign"))
    kept.add_edges_from((u, v, {"sign": s}) for u, v, s in edges if s != 0)
    return kept


def triangle_census(graph: nx.Graph) -> dict[str, int]:
    """Count triangles of signed edges by their signs (+++, ++-, +--, ---); sign-0 edges are ignored."""
    signed = _signed_only(graph)
    census = dict.fromkeys(TRIANGLE_TYPES, 0)
    order = {n: i for i, n in enumerate(sorted(signed.nodes))}
    for u in sorted(signed.nodes):
        later = sorted((w for w in signed[u] if order[w] > order[u]), key=order.__getitem__)
        for v, w in combinations(later, 2):
            if signed.has_edge(v, w):
                negatives = sum(signed.edges[a, b]["sign"] < 0 for a, b in ((u, v), (u, w), (v, w)))
                census[TRIANGLE_TYPES[negatives]] += 1
    return census


def _edge_arrays(component: list[str], graph: nx.Graph) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    index = {n: i for i, n in enumerate(component)}
    edges = sorted(graph.subgraph(component).edges(data="sign"))
    us = np.array([index[u] for u, _, _ in edges], dtype=np.int64)
    vs = np.array([index[v] for _, v, _ in edges], dtype=np.int64)
    negative = np.array([s < 0 for _, _, s in edges], dtype=bool)
    return us, vs, negative


def _exact_colouring(component: list[str], graph: nx.Graph) -> dict[str, int]:
    """Return a colouring with the fewest frustrated edges, by trying all 2^(n-1) colourings."""
    us, vs, negative = _edge_arrays(component, graph)
    codes = np.arange(2 ** (len(component) - 1), dtype=np.int64) << 1  # bit 0 (node 0) stays colour 0
    cost = np.zeros(len(codes), dtype=np.int64)
    for u, v, neg in zip(us, vs, negative, strict=True):
        split = ((codes >> u) ^ (codes >> v)) & 1
        cost += (1 - split) if neg else split
    best = int(codes[np.argmin(cost)])  # lowest code among ties: deterministic
    return {node: (best >> i) & 1 for i, node in enumerate(component)}


def _cost(colour: dict[str, int], graph: nx.Graph) -> int:
    return sum((colour[u] == colour[v]) == (s < 0) for u, v, s in graph.edges(data="sign"))


def _local_search(colour: dict[str, int], graph: nx.Graph, nodes: list[str]) -> dict[str, int]:
    """Flip single nodes, in sorted order, while a flip lowers the number of frustrated edges."""
    improved = True
    while improved:
        improved = False
        for node in nodes:
            gain = sum(1 if (colour[node] == colour[w]) == (graph.edges[node, w]["sign"] < 0) else -1
                       for w in graph[node])
            if gain > 0:
                colour[node] ^= 1
                improved = True
    return colour


def _tree_colouring(component: list[str], graph: nx.Graph) -> dict[str, int]:
    """Colour along a BFS tree so that every tree edge is satisfied."""
    colour = {component[0]: 0}
    for u, v in nx.bfs_edges(graph, component[0], sort_neighbors=sorted):
        colour[v] = colour[u] ^ (graph.edges[u, v]["sign"] < 0)
    return colour


def _heuristic_colouring(component: list[str], graph: nx.Graph, seed: int) -> dict[str, int]:
    """Return the best of local searches from a BFS-tree start and seeded random starts (an upper bound)."""
    sub = graph.subgraph(component)
    rng = random.Random(seed)
    starts = [_tree_colouring(component, sub)]
    starts += [{n: rng.randint(0, 1) for n in component} for _ in range(_RESTARTS)]
    results = [_local_search(dict(s), sub, component) for s in starts]
    return min(results, key=lambda c: _cost(c, sub))  # first best wins ties: deterministic


def frustration_index(
    graph: nx.Graph, max_exact_nodes: int = EXACT_MAX_NODES, seed: int = 0,
) -> tuple[int, bool, tuple[tuple[str, str], ...]]:
    """Return (frustration, exact, frustrated edges) for the signed edges of `graph` (sign-0 edges ignored).

    The frustration index is the fewest edges whose removal (or sign flip) makes the
    graph balanced, i.e. the minimum over two-camp colourings of the positive edges
    across camps plus negative edges inside a camp. Each connected component with at
    most `max_exact_nodes` nodes is solved exactly by trying every colouring; a larger
    one as a binary program on HiGHS (`analysis.network.frustration`), and only if that
    is not proven optimal in time gets an upper bound from single-node-flip local search
    started from a BFS-tree colouring and 20 random colourings drawn with `seed`. `exact`
    is False when any component used the bound.
    """
    signed = _signed_only(graph)
    colour: dict[str, int] = {}
    exact = True
    for component in sorted((sorted(c) for c in nx.connected_components(signed)), key=lambda c: c[0]):
        if len(component) <= max_exact_nodes:
            colour.update(_exact_colouring(component, signed))
        else:  # a binary program on HiGHS (analysis.network.frustration); the bound if it runs out of time
            solved = milp_colouring(component, signed)
            exact = exact and solved is not None
            colour.update(solved or _heuristic_colouring(component, signed, seed))
    frustrated = tuple(sorted(
        (u, v) for u, v, s in signed.edges(data="sign") if (colour[u] == colour[v]) == (s < 0)
    ))
    return len(frustrated), exact, frustrated


def structural_balance(
    digraph: nx.DiGraph, max_exact_nodes: int = EXACT_MAX_NODES, seed: int = 0,
) -> BalanceResult:
    """Measure structural balance of a collapsed graph: signs, mixed pairs, triangles, frustration."""
    folded = signed_graph(digraph)
    signs = [s for _, _, s in folded.edges(data="sign")]
    mixed = tuple(sorted((u, v) for u, v, m in folded.edges(data="mixed") if m))
    frustration, exact, frustrated = frustration_index(folded, max_exact_nodes=max_exact_nodes, seed=seed)
    return BalanceResult(
        level=str(digraph.graph.get("level", "")),
        n_nodes=folded.number_of_nodes(),
        n_positive=sum(s > 0 for s in signs),
        n_negative=sum(s < 0 for s in signs),
        mixed_pairs=mixed,
        triangles=triangle_census(folded),
        frustration=frustration,
        frustration_exact=exact,
        frustrated_edges=frustrated,
    )


def _actor_sentences(digraph: nx.DiGraph, actor: str) -> int:
    keys: set = set()
    for u, v, data in [*digraph.out_edges(actor, data=True), *digraph.in_edges(actor, data=True)]:
        if u != v:
            keys.update(data.get("sentences", ()))
    return len(keys)


def census_graph(digraph: nx.DiGraph, min_sentences: int = MIN_CENSUS_SENTENCES
                 ) -> tuple[nx.DiGraph, tuple[str, ...]]:
    """Return the graph without actors on fewer than `min_sentences` distinct sentences, and those left out.

    Counts use the edges' `sentences` keys (the repeat rule), so a sentence naming an actor
    twice counts once; self-statements do not count.
    """
    thin = tuple(sorted(a for a in digraph.nodes if _actor_sentences(digraph, a) < min_sentences))
    kept = digraph.subgraph([n for n in digraph.nodes if n not in thin]).copy()
    return kept, thin


def pair_weights(digraph: nx.DiGraph) -> pd.DataFrame:
    """Return each pair of actors with blame and cooperation kept apart (both directions) and the net.

    Columns: actor_a, actor_b (sorted), name_a, name_b, blame (negative sentences both ways),
    cooperation (positive sentences both ways), net (cooperation − blame), sign, mixed.
    Sorted by blame + cooperation descending, then the pair.
    """
    folded = signed_graph(digraph)
    rows = [{"actor_a": u, "actor_b": v, "name_a": str(folded.nodes[u].get("name", u)),
             "name_b": str(folded.nodes[v].get("name", v)), "blame": d["negative_weight"],
             "cooperation": d["positive_weight"], "net": d["net"], "sign": d["sign"], "mixed": d["mixed"]}
            for u, v, d in sorted(folded.edges(data=True))]
    columns = ["actor_a", "actor_b", "name_a", "name_b", "blame", "cooperation", "net", "sign", "mixed"]
    frame = pd.DataFrame(rows, columns=columns)
    order = frame.assign(_t=frame["blame"] + frame["cooperation"])
    return (order.sort_values(["_t", "actor_a", "actor_b"], ascending=[False, True, True], kind="mergesort")
            .drop(columns="_t").reset_index(drop=True))


def triangle_sentence(digraph: nx.DiGraph, actors: tuple[str, str, str]) -> str:
    """Name one triangle (e.g. US–MX–CN): each side's blame, cooperation and net sign, and its balance."""
    folded = signed_graph(digraph)
    names = [str(folded.nodes[a].get("name", a)) if a in folded else a for a in actors]
    label = "–".join(names)
    sides, signs = [], []
    for i, j in ((0, 1), (0, 2), (1, 2)):
        u, v = actors[i], actors[j]
        if not folded.has_edge(u, v):
            return (f"The {label} triangle is not closed: {names[i]} and {names[j]} have no statement "
                    "about each other.")
        d = folded.edges[u, v]
        mark = {1: "+", -1: "−", 0: "0"}[d["sign"]]
        signs.append(d["sign"])
        sides.append(f"{names[i]}–{names[j]} {mark} (blame {d['negative_weight']}, cooperation "
                     f"{d['positive_weight']}, net {d['net']:+d})".replace("-", "−"))
    if 0 in signs:
        verdict = "a side with as much cooperation as blame leaves it without a sign"
    else:
        negatives = sum(s < 0 for s in signs)
        verdict = ("balanced" if negatives % 2 == 0 else "not balanced") + \
            f" ({negatives} negative side{'s' if negatives != 1 else ''})"
    return f"The {label} triangle: {'; '.join(sides)}; on net signs it is {verdict}."


def _pairs(pairs: tuple[tuple[str, str], ...], limit: int = 5) -> str:
    shown = ", ".join(f"{u}–{v}" for u, v in pairs[:limit])
    return shown + (f" and {len(pairs) - limit} more" if len(pairs) > limit else "")


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def interpretation_sentences(result: BalanceResult) -> list[str]:
    """Write plain sentences from the numbers of a balance result (no number is typed by hand)."""
    where = f"At the {result.level} level" if result.level else "In this graph"
    sentences = [
        f"{where}, {_count(result.n_nodes, 'actor')} are joined by {_count(result.n_signed, 'signed pair')} "
        "(the two ties of a pair folded into one): "
        f"{result.n_positive} positive (more cooperation, appeal or praise than blame) and "
        f"{result.n_negative} negative (more blame)."
    ]
    if result.n_mixed:
        sentences.append(
            f"{_count(result.n_mixed, 'pair')} {'is' if result.n_mixed == 1 else 'are'} mixed, with as much "
            f"positive as negative talk, and left out of the triangles: {_pairs(result.mixed_pairs)}."
        )
    sentences.append(_triangle_sentence(result))
    sentences.append(_frustration_sentence(result))
    return sentences


def _triangle_sentence(result: BalanceResult) -> str:
    if not result.n_triangles:
        return ("No three actors are all tied to each other, so there are no triangles "
                "and no triangle balance index.")
    mix = ", ".join(
        f"{result.triangles[t]} {t.replace('-', '−')}" for t in TRIANGLE_TYPES if result.triangles[t]
    )
    rule = ("a triangle is balanced when it has an even number of negative sides, as in "
            "\"the enemy of my enemy is my friend\".")
    if result.n_triangles == 1:
        return f"The one triangle ({mix}) is {'' if result.n_balanced else 'not '}balanced; {rule}"
    share = round(100 * result.balance_index)
    verb = "is" if result.n_balanced == 1 else "are"
    return f"{result.n_balanced} of {result.n_triangles} triangles {verb} balanced ({share}%; {mix}); {rule}"


def _frustration_sentence(result: BalanceResult) -> str:
    if not result.n_signed:
        return "With no signed pairs there is nothing to balance."
    if result.frustration == 0:
        return ("The graph is perfectly balanced: the actors split into two camps with only positive "
                "pairs inside and only negative pairs between them.")
    bound = "exactly" if result.frustration_exact else "at most (a local-search upper bound)"
    return (f"Making the graph perfectly balanced takes removing or flipping {bound} "
            f"{result.frustration} of {result.n_signed} signed pairs (the frustration index: the fewest "
            "pairs whose sign must change for the actors to split into two camps, friends inside, "
            "opponents across), "
            f"e.g. {_pairs(result.frustrated_edges)}.")
