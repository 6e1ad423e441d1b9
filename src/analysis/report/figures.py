"""Print-size matplotlib figures: the blame network, the bloc matrix, the timeline of statements
and the fact plots. Figures only: the tables they draw come from `analysis.network` and
`analysis.measures`."""

from __future__ import annotations

import math
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import FancyArrowPatch, Patch  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from analysis.codebook import BLOCS  # noqa: E402
from analysis.measures.dating import coarsen_dates  # noqa: E402
from analysis.measures.facts import busiest_outlets  # noqa: E402
from analysis.measures.framing import topic_group_labels, topic_group_order  # noqa: E402
from analysis.report.display import BLOC_COLOURS, plural  # noqa: E402

__all__ = ["EDGE_STYLES", "FIGURE_WIDTH", "circular_bloc_layout", "plot_blame_network", "plot_bloc_matrix",
           "plot_claims", "plot_timeline", "plot_topic_shares", "TOPIC_GROUP_COLOURS"]

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
    return BLOCS.index(bloc) if bloc in BLOCS else len(BLOCS)


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


# --------------------------------------------------------------------------- timeline

_PRECISION_NOTE = {"year": "year", "month": "month", "day": "day", "month_day": "year unknown",
                   "month_no_year": "month, year unknown"}



def plot_timeline(by_date: pd.DataFrame, n_undated_articles: int = 0) -> plt.Figure:
    """Draw statement sentences per article date as bars stacked by speaker bloc.

    Takes `statements_by_article_date`. Dates keep their own precision on a categorical axis
    (label `2023-11 (month)`); with many dates they are rolled up to months or years first
    (`coarsen_dates`). When nothing is dated, the figure says so instead of drawing bars.
    The title gives the number of undated articles left out.
    """
    by_date = coarsen_dates(by_date)
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.set_xlabel("Article publication date (precision)")
    ax.set_ylabel("Statement sentences (n)")
    left_out = f"; {plural(n_undated_articles, 'undated article')} not shown" if n_undated_articles else ""
    if by_date.empty:
        message = "No article with statements has a publication date,\nso nothing can be placed in time."
        ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title("Statements by article date" + left_out)
        return fig
    keys = by_date.drop_duplicates(["published_sort", "published_precision"])
    labels = [f"{s.lstrip('-') if p != 'month_day' else s[2:]} ({_PRECISION_NOTE.get(p, p)})"
              for s, p in zip(keys["published_sort"], keys["published_precision"], strict=True)]
    pivot = by_date.pivot_table(index=["published_sort", "published_precision"], columns="speaker_bloc",
                                values="n", aggfunc="sum", fill_value=0)
    pivot = pivot.reindex(list(zip(keys["published_sort"], keys["published_precision"], strict=True)))
    bottom = pd.Series(0, index=pivot.index)
    blocs = [b for b in BLOC_COLOURS if b in pivot.columns]
    blocs += [b for b in pivot.columns if b not in BLOC_COLOURS]
    for bloc in blocs:
        ax.bar(range(len(pivot)), pivot[bloc].values, bottom=bottom.values, label=bloc,
               color=BLOC_COLOURS.get(bloc, "#444444"), edgecolor="white")
        bottom += pivot[bloc]
    size = 8 if len(pivot) <= 8 else 5.5  # many bars: smaller counts, so they do not overlap
    for x, total in enumerate(bottom.values):
        ax.text(x, total, f"n={int(total):,}", ha="center", va="bottom", fontsize=size)
    ax.set_xticks(range(len(pivot)), labels, rotation=30, ha="right")
    ax.legend(title="Speaker bloc", bbox_to_anchor=(1.02, 1), loc="upper left", frameon=False)
    ax.set_title("Statements by article date" + left_out)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- facts

_STATUS_COLOURS = {"consistent": "#009E73", "differs in scope/period": "#E69F00", "disagrees": "#D55E00",
                   "single source": "#999999"}


_MAX_CLAIMS_DRAWN = 6  # an outlet with more claims in a group is drawn as a summary range
_MAX_OUTLETS_DRAWN = 12  # a panel shows the outlets with most claims; the title counts the rest


def plot_claims(compared: pd.DataFrame) -> plt.Figure:
    """Draw each (quantity, unit) group as a dot/range plot by outlet, one panel per group.

    Dots mark stated values, bars the interval a claim allows (an arrow for an open upper
    bound); the colour gives the group's status and the panel title its n. An outlet with
    more than a handful of claims in a group gets one summary instead: a bar over the
    middle 90% of its stated values and a dot at their median. A panel shows at most a
    dozen outlets (those with most claims) and says how many it leaves out. With no
    comparable claims the figure says so.
    """
    groups = list(compared.groupby(["quantity", "unit"], sort=True)) if not compared.empty else []
    heights = [max(1, min(g["outlet"].nunique(), _MAX_OUTLETS_DRAWN)) for _, g in groups] or [1]
    fig, axes = plt.subplots(len(heights), 1, figsize=(8, 1.4 + sum(0.55 * h + 0.9 for h in heights)),
                             squeeze=False, gridspec_kw={"height_ratios": heights})
    if not groups:
        ax = axes[0][0]
        ax.text(0.5, 0.5, "No numeric claims to compare", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return fig
    for ax, ((quantity, unit), group) in zip(axes[:, 0], groups, strict=True):
        _plot_group(ax, quantity, unit, group)
    fig.tight_layout()
    return fig



def _plot_group(ax: plt.Axes, quantity: str, unit: str, group: pd.DataFrame) -> None:
    outlets = busiest_outlets(group, _MAX_OUTLETS_DRAWN)
    status = str(group["status"].iloc[0])
    colour = _STATUS_COLOURS.get(status, "#444444")
    shown = group[group["outlet"].isin(outlets)]
    sizes = shown["outlet"].value_counts()
    finite_high = shown["interval_high"].replace(math.inf, float("nan"))
    top = float(pd.concat([finite_high, shown["value_high"]]).max()) * 1.25 or 1.0
    few = shown[shown["outlet"].map(sizes) <= _MAX_CLAIMS_DRAWN]
    for offset, row in enumerate(few.itertuples(index=False)):
        _plot_claim(ax, outlets.index(row.outlet) + 0.15 * (offset % 3 - 1), row, colour, top)
    for outlet in sizes[sizes > _MAX_CLAIMS_DRAWN].index:
        _plot_summary(ax, outlets.index(outlet), shown[shown["outlet"] == outlet], colour)
    ax.set_yticks(range(len(outlets)), [f"{o} (n={sizes[o]})" for o in outlets])
    ax.set_ylim(-0.6, len(outlets) - 0.4)
    ax.set_xlim(left=0, right=top)
    ax.set_xlabel(f"{quantity} ({unit or 'no unit'})")
    ax.set_ylabel("Outlet")
    n_outlets = group["outlet"].nunique()
    left_out = f"; {n_outlets - len(outlets)} more outlets not shown" if n_outlets > len(outlets) else ""
    ax.set_title(f"{quantity} [{unit}]: {status} (n={len(group)} claims, {n_outlets} outlets{left_out})",
                 fontsize=9)


def _plot_claim(ax: plt.Axes, y: float, row: Any, colour: str, top: float) -> None:
    """Draw one claim: its allowed interval as a bar, its stated value(s) as dots."""
    high = top if math.isinf(row.interval_high) else row.interval_high
    ax.plot([row.interval_low, high], [y, y], color=colour, linewidth=2, alpha=0.6)
    if math.isinf(row.interval_high):
        ax.plot([top], [y], marker=">", color=colour)
    ax.plot([row.value_low, row.value_high], [y, y], marker="o", linestyle="none", color=colour)


def _plot_summary(ax: plt.Axes, y: float, rows: pd.DataFrame, colour: str) -> None:
    """Draw many claims of one outlet: the middle 90% of stated values as a bar, the median as a dot."""
    values = pd.concat([rows["value_low"], rows["value_high"]])
    low, middle, high = (float(values.quantile(q)) for q in (0.05, 0.5, 0.95))
    ax.plot([low, high], [y, y], color=colour, linewidth=6, alpha=0.35, solid_capstyle="butt")
    ax.plot([middle], [y], marker="D", color=colour)


# --------------------------------------------------------------------------- framing

# Okabe–Ito (colourblind-safe), one colour per topic group, in display order.
TOPIC_GROUP_COLOURS = {
    "supply_side": "#E69F00",
    "consumption": "#56B4E9",
    "weapons": "#000000",
    "sovereignty": "#D55E00",
    "cooperation": "#009E73",
    "other": "#BBBBBB",
}


def plot_topic_shares(shares: pd.DataFrame) -> plt.Figure:
    """Draw stacked horizontal bars of topic-group shares per speaker bloc, with n in the labels.

    Takes the output of `topic_shares_by_bloc`. Each bar is one bloc (label `US (n=12)`, n =
    the bloc's sentence-group pairs); segments follow the group order, in an Okabe–Ito palette.
    An empty table gives a figure that says there is nothing to show.
    """
    fig, ax = plt.subplots(figsize=(8, 1.2 + 0.5 * max(1, shares["speaker_bloc"].nunique())))
    ax.set_xlabel("Share of the bloc's statement sentences, by topic group")
    ax.set_ylabel("Speaker bloc")
    ax.set_xlim(0, 1)
    if shares.empty or shares["n_bloc"].sum() == 0:
        ax.text(0.5, 0.5, "No statements to show", ha="center", va="center", transform=ax.transAxes)
        ax.set_yticks([])
        return fig
    blocs = list(dict.fromkeys(shares["speaker_bloc"]))
    n_bloc = shares.drop_duplicates("speaker_bloc").set_index("speaker_bloc")["n_bloc"]
    left = pd.Series(0.0, index=blocs)
    labels = topic_group_labels()
    for group in topic_group_order():
        part = shares[shares["topic_group"] == group].set_index("speaker_bloc")["share"]
        part = part.reindex(blocs).fillna(0.0)
        colour = TOPIC_GROUP_COLOURS.get(group, "#999999")
        ax.barh(range(len(blocs)), part.values, left=left.values, color=colour, edgecolor="white",
                label=labels.get(group, group))
        left += part
    ax.set_yticks(range(len(blocs)), [f"{b} (n={int(n_bloc[b])})" for b in blocs])
    ax.invert_yaxis()
    ax.legend(title="Topic group", bbox_to_anchor=(1.02, 1), loc="upper left", frameon=False)
    ax.set_title("What each bloc talks about (share of its statement sentences)")
    fig.tight_layout()
    return fig
