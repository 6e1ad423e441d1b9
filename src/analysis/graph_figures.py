"""Print-size matplotlib figures of the accusation graph: the blame network and the bloc matrix."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import FancyArrowPatch, Patch  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from analysis.graph import BLOC_ORDER  # noqa: E402
from analysis.report import BLOC_COLOURS  # noqa: E402

__all__ = ["EDGE_STYLES", "FIGURE_WIDTH", "circular_bloc_layout", "plot_blame_network", "plot_bloc_matrix"]

FIGURE_WIDTH = 6.5  # inches: the text width of the printed report
# Sign → (colour, line style, legend label). Red/blue from ColorBrewer RdBu stay apart for
# colourblind readers, and the line style repeats the sign for greyscale prints.
EDGE_STYLES = {
    -1: ("#B2182B", "solid", "more blame (accuse, deny, demand, threaten)"),
    1: ("#2166AC", "dashed", "more support (appeal, cooperate, praise)"),
    0: ("#555555", "dotted", "tied: as much blame as support"),
}
_MAX_EDGE_LABELS = 24
_FALLBACK_COLOUR = "#BBBBBB"


def _bloc_rank(bloc: str) -> int:
    return BLOC_ORDER.index(bloc) if bloc in BLOC_ORDER else len(BLOC_ORDER)


def circular_bloc_layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Place nodes on a circle clockwise from the top, grouped by bloc order then actor id (no randomness)."""
    nodes = sorted(graph.nodes, key=lambda n: (_bloc_rank(str(graph.nodes[n].get("bloc", ""))), str(n)))
    count = max(len(nodes), 1)
    angles = {n: 2 * math.pi * i / count for i, n in enumerate(nodes)}
    return {n: (math.sin(a), math.cos(a)) for n, a in angles.items()}


def _short(text: str, limit: int = 22) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _node_sizes(graph: nx.Graph) -> dict[str, float]:
    """Return marker areas (points²) growing with the weight of ties in and out (self-loops aside)."""
    strength = {n: sum(d["weight"] for u, v, d in graph.edges(n, data=True) if u != v) for n in graph.nodes}
    if graph.is_directed():
        for n in graph.nodes:
            strength[n] += sum(d["weight"] for u, v, d in graph.in_edges(n, data=True) if u != v)
    top = max(strength.values(), default=0) or 1
    return {n: 120 + 480 * strength[n] / top for n in graph.nodes}


def _draw_nodes(ax, graph: nx.Graph, pos: dict, sizes: dict[str, float]) -> None:
    for node, (x, y) in pos.items():
        colour = BLOC_COLOURS.get(str(graph.nodes[node].get("bloc", "")), _FALLBACK_COLOUR)
        ax.scatter([x], [y], s=sizes[node], color=colour, edgecolors="black", linewidths=0.6, zorder=3)
        label = _short(str(graph.nodes[node].get("name", node)))
        offset = math.sqrt(sizes[node]) / 2 + 4  # points beyond the marker's edge, pointing outwards
        ha = "left" if x > 0.2 else "right" if x < -0.2 else "center"
        va = "bottom" if y > 0.2 else "top" if y < -0.2 else "center"
        ax.annotate(label, (x, y), xytext=(x * offset, y * offset), textcoords="offset points", fontsize=7,
                    ha=ha, va=va, zorder=4)


def _edge_label(data: dict) -> str:
    """Return "accuse 3" (the dominant relation's sentences), "accuse 2 of 3" when others share the tie."""
    dominant = str(data.get("dominant_relation", ""))
    relations = data.get("relations") or {}
    count = int(relations.get(dominant, data["weight"]))
    return f"{dominant} {count}" if count == data["weight"] else f"{dominant} {count} of {data['weight']}"


def _draw_edges(ax, graph: nx.Graph, pos: dict, sizes: dict[str, float], label_edges: bool) -> None:
    top = max((d["weight"] for u, v, d in graph.edges(data=True) if u != v), default=1)
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        if u == v:
            continue
        colour, style, _ = EDGE_STYLES[int(data.get("sign", 0))]
        width = 0.6 + 3.4 * data["weight"] / top
        arrow = FancyArrowPatch(pos[u], pos[v], arrowstyle="-|>", mutation_scale=9, color=colour,
                                linestyle=style, linewidth=width, connectionstyle="arc3,rad=0.15",
                                shrinkA=math.sqrt(sizes[u]) / 2 + 1, shrinkB=math.sqrt(sizes[v]) / 2 + 2,
                                alpha=0.85, zorder=2)
        ax.add_patch(arrow)
        if label_edges:
            _label_edge(ax, pos[u], pos[v], _edge_label(data), colour)


def _label_edge(ax, start: tuple[float, float], end: tuple[float, float], text: str, colour: str) -> None:
    """Put a label at the middle of an arc3 (rad 0.15) curve, on the side the curve bends to."""
    (x0, y0), (x1, y1) = start, end
    mid_x, mid_y = (x0 + x1) / 2, (y0 + y1) / 2
    offset_x, offset_y = 0.15 * (y1 - y0) / 2, -0.15 * (x1 - x0) / 2
    ax.text(mid_x + offset_x, mid_y + offset_y, text, fontsize=6, color=colour, ha="center", va="center",
            zorder=5, bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})


def _legend(ax, graph: nx.Graph) -> None:
    signs = sorted({int(d.get("sign", 0)) for u, v, d in graph.edges(data=True) if u != v})
    handles = [Line2D([], [], color=EDGE_STYLES[s][0], linestyle=EDGE_STYLES[s][1], linewidth=2,
                      label=EDGE_STYLES[s][2]) for s in signs]
    blocs = sorted({str(d.get("bloc", "")) for _, d in graph.nodes(data=True)}, key=_bloc_rank)
    handles += [Patch(facecolor=BLOC_COLOURS.get(b, _FALLBACK_COLOUR), edgecolor="black", label=b)
                for b in blocs]
    if handles:
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=2, fontsize=7,
                  frameon=False)


def _title(graph: nx.Graph, level: str) -> str:
    edges = [(u, v, d) for u, v, d in graph.edges(data=True)]
    sentences = {k for _, _, d in edges for k in d.get("sentences", ())}
    articles = {a for _, _, d in edges for a in d.get("articles", ())}
    ties = sum(1 for u, v, _ in edges if u != v)
    selfs = sum(1 for u, v, _ in edges if u == v)
    line = f"n = {len(sentences):,} sentences in {len(articles):,} articles; {ties} ties"
    if selfs:
        line += f", {selfs} self-statement loop{'s' if selfs != 1 else ''} not drawn"
    return f"Who blames whom, {level} level\n{line}"


def plot_blame_network(digraph: nx.DiGraph, level: str, label_edges: bool | None = None) -> Figure:
    """Draw the collapsed graph: bloc-coloured nodes on a fixed circle, arrows styled by net sign.

    Arrow width grows with `weight` (distinct sentences); node size with total weight;
    each arrow is labelled with its dominant relation and that relation's sentences
    ("accuse 2 of 3" when other relations share the tie) when `label_edges` is True
    (default: when there are at most 24 ties). Self-loops are counted in the title,
    not drawn. The title gives n (distinct sentences and articles behind the edges).
    """
    fig = Figure(figsize=(FIGURE_WIDTH, FIGURE_WIDTH))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    pos = circular_bloc_layout(digraph)
    sizes = _node_sizes(digraph)
    n_ties = sum(1 for u, v in digraph.edges if u != v)
    _draw_edges(ax, digraph, pos, sizes, n_ties <= _MAX_EDGE_LABELS if label_edges is None else label_edges)
    _draw_nodes(ax, digraph, pos, sizes)
    _legend(ax, digraph)
    ax.set_title(_title(digraph, level), fontsize=9)
    ys = [y for _, y in pos.values()] or [0.0]
    ax.set_xlim(-1.45, 1.45)
    ax.set_ylim(min(ys) - 0.25, max(ys) + 0.25)
    ax.set_aspect("equal")
    ax.axis("off")
    fig.tight_layout()
    return fig


def plot_bloc_matrix(matrix: pd.DataFrame, relation: str) -> Figure:
    """Draw a speaker-bloc × target-bloc heatmap with the count written in every cell."""
    fig = Figure(figsize=(FIGURE_WIDTH, 5.2))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    values = matrix.to_numpy(dtype=float)
    top = values.max() if values.size else 0.0
    image = ax.imshow(values, cmap="Blues", vmin=0, vmax=max(top, 1.0), aspect="auto")
    ax.set_xticks(np.arange(matrix.shape[1]), labels=[str(c) for c in matrix.columns], fontsize=8,
                  rotation=30, ha="right", rotation_mode="anchor")
    ax.set_yticks(np.arange(matrix.shape[0]), labels=[str(i) for i in matrix.index], fontsize=8)
    ax.set_xlabel("Target bloc (whom the statement is about)", fontsize=8)
    ax.set_ylabel("Speaker bloc (who makes the statement)", fontsize=8)
    for (row, col), count in np.ndenumerate(values):
        dark = top > 0 and count > 0.6 * top
        ax.text(col, row, f"{int(count):,}", ha="center", va="center", fontsize=8,
                color="white" if dark else "black")
    total = int(values.sum())
    ax.set_title(f"{relation.capitalize()}: who says it about whom\n"
                 f"n = {total:,} (distinct sentences per cell, summed)", fontsize=9)
    colourbar = fig.colorbar(image, ax=ax, shrink=0.8)
    colourbar.set_label("distinct sentences", fontsize=8)
    colourbar.ax.tick_params(labelsize=7)
    colourbar.ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    fig.tight_layout()
    return fig
