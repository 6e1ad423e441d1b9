"""The exact frustration index of a large signed component, as a binary program solved by HiGHS.

Brute force over colourings (`analysis.network.balance`) is exact up to about 20 nodes; beyond
that, this module states the problem as a 0/1 linear program (after Aref, Mason and Wilson,
"Computing the line index of balance using integer programming optimisation", 2018) and solves
it with scipy's `milp` (the HiGHS branch and bound), which proves optimality or says it ran out
of time.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

__all__ = ["TIME_LIMIT_SECONDS", "milp_colouring"]

TIME_LIMIT_SECONDS = 60.0


def _constraints(n_nodes: int, us: np.ndarray, vs: np.ndarray, negative: np.ndarray) -> LinearConstraint:
    """Two rows per edge e = (u, v) with camp variables x and frustration variable f_e.

    Positive edge: f_e ≥ x_u − x_v and f_e ≥ x_v − x_u (frustrated when the camps differ).
    Negative edge: f_e ≥ x_u + x_v − 1 and f_e ≥ 1 − x_u − x_v (frustrated in one camp).
    """
    n_edges = len(us)
    edge_vars = n_nodes + np.arange(n_edges)
    rows = np.repeat(np.arange(2 * n_edges), 3)
    sign_v = np.where(negative, 1.0, -1.0)
    ones = np.ones(n_edges)
    cols = np.column_stack([np.repeat(us, 2), np.repeat(vs, 2), np.repeat(edge_vars, 2)]).ravel()
    first = np.column_stack([ones, sign_v, -ones])  # x_u ± x_v − f_e ≤ upper
    second = np.column_stack([-ones, -sign_v, -ones])
    data = np.stack([first, second], axis=1).reshape(-1)
    matrix = coo_array((data, (rows, cols)), shape=(2 * n_edges, n_nodes + n_edges))
    upper = np.stack([np.where(negative, 1.0, 0.0), np.where(negative, -1.0, 0.0)], axis=1).reshape(-1)
    return LinearConstraint(matrix, -np.inf, upper)


def milp_colouring(component: list[str], graph: nx.Graph,
                   time_limit: float = TIME_LIMIT_SECONDS) -> dict[str, int] | None:
    """Return a two-camp colouring with the fewest frustrated edges, or None when not proven in time.

    `graph` edges carry `sign` (−1 or 1); the first node of `component` is fixed to camp 0.
    """
    index = {n: i for i, n in enumerate(component)}
    edges = sorted(graph.subgraph(component).edges(data="sign"))
    us = np.array([index[u] for u, _, _ in edges], dtype=np.int64)
    vs = np.array([index[v] for _, v, _ in edges], dtype=np.int64)
    negative = np.array([s < 0 for _, _, s in edges], dtype=bool)
    n_nodes = len(component)
    cost = np.concatenate([np.zeros(n_nodes), np.ones(len(edges))])
    upper = np.ones(n_nodes + len(edges))
    upper[0] = 0  # symmetry: swapping the camps changes nothing
    result = milp(cost, constraints=_constraints(n_nodes, us, vs, negative), integrality=np.ones_like(cost),
                  bounds=Bounds(np.zeros_like(cost), upper), options={"time_limit": time_limit})
    if result.status != 0 or result.x is None:
        return None
    return {node: int(round(result.x[index[node]])) for node in component}
