"""The exact frustration index beyond brute force: a binary program on HiGHS agrees with brute force."""

from __future__ import annotations

import random

import networkx as nx

from analysis.network.balance import _cost, _exact_colouring, frustration_index
from analysis.network.frustration import milp_colouring


def _signed(n: int, p: float, seed: int) -> nx.Graph:
    rng = random.Random(seed)
    graph = nx.gnp_random_graph(n, p, seed=seed)
    nx.set_edge_attributes(graph, {e: rng.choice((-1, 1)) for e in graph.edges}, "sign")
    return nx.relabel_nodes(graph, {i: f"n{i:02d}" for i in graph})


def test_binary_program_matches_brute_force_on_small_components():
    checked = 0
    for seed in range(12):
        graph = _signed(12, 0.45, seed)
        if not nx.is_connected(graph):
            continue
        component = sorted(graph)
        best = _cost(_exact_colouring(component, graph), graph)
        assert _cost(milp_colouring(component, graph), graph) == best
        checked += 1
    assert checked >= 8


def test_planted_camps_give_the_exact_index_beyond_twenty_nodes():
    # Two camps of 15 actors: support inside a camp, blame across; then 3 ties go against the camps.
    nodes = [f"a{i:02d}" for i in range(30)]
    graph = nx.complete_graph(nodes)
    for u, v in graph.edges:
        graph.edges[u, v]["sign"] = 1 if (u < "a15") == (v < "a15") else -1
    flipped = [("a00", "a01"), ("a02", "a20"), ("a16", "a17")]
    for u, v in flipped:
        graph.edges[u, v]["sign"] *= -1
    value, exact, frustrated = frustration_index(graph)
    assert (value, exact) == (3, True)
    assert frustrated == tuple(sorted(flipped))
