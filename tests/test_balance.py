"""Structural balance: signed pairs, mixed pairs, triangle census and frustration index."""

from __future__ import annotations

import networkx as nx

from analysis.network.balance import (
    census_graph,
    frustration_index,
    interpretation_sentences,
    pair_weights,
    signed_graph,
    structural_balance,
    triangle_census,
    triangle_sentence,
)
from tests.test_graph import collapsed, frame, stmt


def signed_digraph(edges: list[tuple[str, str, int, int]], level: str = "bloc") -> nx.DiGraph:
    """Return a collapsed-style digraph from (u, v, positive_weight, negative_weight)."""
    graph = nx.DiGraph(level=level)
    for u, v, positive, negative in edges:
        graph.add_edge(u, v, positive_weight=positive, negative_weight=negative, net=positive - negative)
    return graph


def from_signs(pairs: dict[tuple[str, str], int]) -> nx.DiGraph:
    """Return a digraph with one edge per pair, +1 → one positive sentence, −1 → one negative."""
    return signed_digraph([(u, v, int(s > 0), int(s < 0)) for (u, v), s in pairs.items()])


def test_sign_sums_both_directions():
    # us → cn: 1 blame sentence; cn → us: 2 praise sentences; net over the pair = 2 − 1 = +1
    folded = signed_graph(signed_digraph([("us", "cn", 0, 1), ("cn", "us", 2, 0)]))
    edge = folded.edges["cn", "us"]
    assert (edge["net"], edge["sign"], edge["mixed"]) == (1, 1, False)
    assert folded.number_of_edges() == 1


def test_balanced_triangle_enemy_of_my_enemy():
    # us + mx, both − cn: one "+--" triangle, which is balanced (two negative ties)
    result = structural_balance(from_signs({("us", "mx"): 1, ("us", "cn"): -1, ("mx", "cn"): -1}))
    assert result.triangles == {"+++": 0, "++-": 0, "+--": 1, "---": 0}
    assert (result.n_balanced, result.balance_index) == (1, 1.0)
    assert result.frustration == 0 and result.frustration_exact


def test_unbalanced_triangle_all_negative():
    # three mutual enemies: "---" has an odd number of negatives, so it is unbalanced;
    # one tie must change for two camps to form → frustration 1
    result = structural_balance(from_signs({("us", "mx"): -1, ("us", "cn"): -1, ("mx", "cn"): -1}))
    assert result.triangles["---"] == 1
    assert (result.n_balanced, result.balance_index) == (0, 0.0)
    assert result.frustration == 1


def test_unbalanced_triangle_two_friends_disagree():
    # us + mx, us + cn, mx − cn: "++-" is unbalanced (a friend of my friend is my enemy)
    result = structural_balance(from_signs({("us", "mx"): 1, ("us", "cn"): 1, ("mx", "cn"): -1}))
    assert result.triangles["++-"] == 1 and result.n_balanced == 0 and result.frustration == 1


def test_mixed_pair_is_counted_and_left_out_of_triangles():
    # Built from statements: us → cn accuse (s1), cn → us cooperate (s2): net 0 with both signs → mixed.
    # us − mx and mx − cn close a triangle only through the mixed pair, so there is none.
    rows = frame(stmt("a1", 1, "milgram", "cn", "accuse"), stmt("a1", 2, "mao", "us", "cooperate"),
                 stmt("a1", 3, "amlo", "us", "accuse"), stmt("a1", 4, "amlo", "cn", "accuse"))
    result = structural_balance(collapsed(rows, "bloc"))
    assert result.mixed_pairs == (("cn", "us"),)
    assert (result.n_mixed, result.n_positive, result.n_negative) == (1, 0, 2)
    assert result.n_triangles == 0 and result.balance_index is None
    sentences = interpretation_sentences(result)
    assert any(s.startswith("1 pair is mixed") and "cn–us" in s for s in sentences)
    assert any("no triangles" in s for s in sentences)


def test_self_loops_do_not_enter_the_signed_graph():
    folded = signed_graph(signed_digraph([("us", "us", 0, 3), ("us", "cn", 0, 1)]))
    assert list(folded.edges) == [("cn", "us")]


def test_census_of_k4_with_one_negative_edge():
    # K4 on a, b, c, d with only a–b negative: a–b lies in triangles abc and abd ("++-", unbalanced);
    # acd and bcd are "+++" (balanced) → 2 of 4 balanced. Flipping a–b balances all → frustration 1.
    signs = {(u, v): 1 for u, v in [("a", "c"), ("a", "d"), ("b", "c"), ("b", "d"), ("c", "d")]}
    signs[("a", "b")] = -1
    result = structural_balance(from_signs(signs))
    assert result.triangles == {"+++": 2, "++-": 2, "+--": 0, "---": 0}
    assert result.frustration == 1 and result.frustrated_edges == (("a", "b"),)
    assert any(s.startswith("2 of 4 triangles are balanced (50%") for s in interpretation_sentences(result))


def test_frustration_index_of_all_negative_k4():
    # Four mutual enemies: two camps of two leave one negative tie inside each camp → 2;
    # a 1/3 split leaves 3 and one camp leaves 6, so the minimum is 2. All 4 triangles are "---".
    graph = nx.complete_graph(["a", "b", "c", "d"])
    nx.set_edge_attributes(graph, -1, "sign")
    value, exact, frustrated = frustration_index(graph)
    assert (value, exact) == (2, True)
    # the two frustrated ties are the ones inside the two camps: disjoint, covering all four actors
    assert sorted(n for edge in frustrated for n in edge) == ["a", "b", "c", "d"]
    assert triangle_census(graph)["---"] == 4


def test_frustration_of_a_large_cycle(monkeypatch):
    # A 25-cycle with one negative edge is unbalanced (odd number of negatives around the cycle);
    # flipping that one edge fixes it → frustration 1. 25 nodes > 20: solved as a binary program, exactly.
    cycle = nx.cycle_graph([f"n{i:02d}" for i in range(25)])
    nx.set_edge_attributes(cycle, 1, "sign")
    cycle.edges["n00", "n01"]["sign"] = -1
    assert frustration_index(cycle, seed=0)[:2] == (1, True)
    # when the solver does not prove optimality in time, the local-search bound is used
    monkeypatch.setattr("analysis.network.balance.milp_colouring", lambda component, graph: None)
    value, exact, _ = frustration_index(cycle, seed=0)
    assert (value, exact) == (1, False)
    # an even cycle with two negative edges is balanced, exactly
    even = nx.cycle_graph(6)
    nx.set_edge_attributes(even, 1, "sign")
    even.edges[0, 1]["sign"] = even.edges[3, 4]["sign"] = -1
    assert frustration_index(even)[:2] == (0, True)


def test_local_search_agrees_with_brute_force_on_small_graphs(monkeypatch):
    # forcing the bound (max_exact_nodes=0, no solver) must not beat the exact minimum, and here matches it
    monkeypatch.setattr("analysis.network.balance.milp_colouring", lambda component, graph: None)
    graph = nx.complete_graph(["a", "b", "c", "d", "e"])
    for i, (u, v) in enumerate(sorted(graph.edges)):
        graph.edges[u, v]["sign"] = -1 if i % 3 == 0 else 1
    exact, is_exact, _ = frustration_index(graph)
    bound, bound_exact, _ = frustration_index(graph, max_exact_nodes=0, seed=7)
    assert is_exact and not bound_exact
    assert bound == exact


def test_interpretation_of_an_empty_graph():
    result = structural_balance(nx.DiGraph(level="person"))
    assert result.balance_index is None and result.frustration == 0
    sentences = interpretation_sentences(result)
    assert sentences[0].startswith("At the person level, 0 actors are joined by 0 signed pairs")
    assert sentences[-1] == "With no signed pairs there is nothing to balance."


def test_interpretation_reports_frustration_numbers():
    result = structural_balance(from_signs({("us", "mx"): -1, ("us", "cn"): -1, ("mx", "cn"): -1}))
    text = " ".join(interpretation_sentences(result))
    assert "The one triangle (1 −−−) is not balanced" in text
    assert "exactly 1 of 3 signed pairs" in text


def _triangle_rows():
    # us → mx: accuse (s1), cooperate (s2); mx → us: accuse (s3); us → cn: accuse (s4, s5);
    # cn → mx: cooperate (s6, s7); amlo → cartels: accuse (s8), the only sentence on the cartels.
    return frame(stmt("t", 1, "milgram", "mx", "accuse"), stmt("t", 2, "milgram", "mx", "cooperate"),
                 stmt("t", 3, "amlo", "us", "accuse"), stmt("t", 4, "milgram", "cn", "accuse"),
                 stmt("t", 5, "milgram", "cn", "accuse"), stmt("t", 6, "mao", "mx", "cooperate"),
                 stmt("t", 7, "mao", "mx", "cooperate"), stmt("t", 8, "amlo", "cartels", "accuse"))


def test_pair_weights_keep_blame_and_cooperation_apart():
    pairs = pair_weights(collapsed(_triangle_rows(), "bloc")).set_index(["actor_a", "actor_b"])
    assert pairs.loc[("mx", "us"), ["blame", "cooperation", "net", "sign"]].tolist() == [2, 1, -1, -1]
    assert pairs.loc[("cn", "mx"), ["blame", "cooperation", "net", "sign"]].tolist() == [0, 2, 2, 1]


def test_census_leaves_thin_actors_out_and_names_the_triangle():
    graph, thin = census_graph(collapsed(_triangle_rows(), "bloc"), min_sentences=2)
    assert thin == ("cartels",) and "cartels" not in graph
    text = triangle_sentence(graph, ("us", "mx", "cn"))
    assert "United States–Mexico − (blame 2, cooperation 1, net −1)" in text
    assert "Mexico–China + (blame 0, cooperation 2, net +2)" in text
    assert text.endswith("on net signs it is balanced (2 negative sides).")
