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
from matplotlib.patches import Circle, FancyArrowPatch  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from analysis.codebook import BLOCS, GOVERNMENT_BLOCS  # noqa: E402
from analysis.measures.dating import coarsen_dates  # noqa: E402
from analysis.measures.facts import busiest_outlets  # noqa: E402
from analysis.measures.framing import topic_group_labels, topic_group_order  # noqa: E402
from analysis.report.display import BLOC_COLOURS, LOW_N, describe_figure, plural  # noqa: E402

__all__ = ["EDGE_STYLES", "FIGURE_WIDTH", "circular_bloc_layout", "government_layout", "network_alt_text",
           "plot_blame_network", "plot_bloc_matrix",
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
_FALLBACK_COLOUR = "#767676"


def _bloc_rank(bloc: str) -> int:
    return BLOCS.index(bloc) if bloc in BLOCS else len(BLOCS)


def _is_government(graph: nx.Graph, node: object) -> bool:
    return str(graph.nodes[node].get("bloc", "")) in GOVERNMENT_BLOCS


def _ring(nodes: list, radius: float, start: float) -> dict:
    count = max(len(nodes), 1)
    angles = [start + 2 * math.pi * i / count for i in range(len(nodes))]
    return {n: (radius * math.sin(a), radius * math.cos(a)) for n, a in zip(nodes, angles, strict=True)}


def circular_bloc_layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Place nodes on a circle clockwise from the top, grouped by bloc order then actor id (no randomness)."""
    nodes = sorted(graph.nodes, key=lambda n: (_bloc_rank(str(graph.nodes[n].get("bloc", ""))), str(n)))
    return _ring(nodes, 1.0, 0.0)


def government_layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Set the governments apart: their actors on an inner ring, every other actor on the outer ring.

    Both rings are ordered by bloc, then actor id (no randomness); the inner ring grows with
    its number of actors so that labels keep apart.
    """
    def key(n: object) -> tuple[int, str]:
        return _bloc_rank(str(graph.nodes[n].get("bloc", ""))), str(n)

    inner = sorted((n for n in graph.nodes if _is_government(graph, n)), key=key)
    outer = sorted((n for n in graph.nodes if not _is_government(graph, n)), key=key)
    if not inner or not outer:
        return circular_bloc_layout(graph)
    radius = min(0.7, 0.55 + 0.03 * max(len(inner) - 3, 0))
    # The inner ring is turned half a step against the outer one, so that no tie between two
    # outer actors runs through a government.
    pos = _ring(inner, radius, math.pi / max(len(inner), 1))
    pos.update(_ring(outer, 1.0, 0.0))
    return pos


def _short(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _node_sizes(graph: nx.Graph) -> dict[str, float]:
    """Return marker areas (points²) growing with the weight of ties in and out (self-loops aside)."""
    strength = {n: sum(d["weight"] for u, v, d in graph.edges(n, data=True) if u != v) for n in graph.nodes}
    if graph.is_directed():
        for n in graph.nodes:
            strength[n] += sum(d["weight"] for u, v, d in graph.in_edges(n, data=True) if u != v)
    top = max(strength.values(), default=0) or 1
    return {n: 90 + 330 * strength[n] / top for n in graph.nodes}


def _draw_nodes(ax, graph: nx.Graph, pos: dict, sizes: dict[str, float]) -> None:
    for node, (x, y) in pos.items():
        colour = BLOC_COLOURS.get(str(graph.nodes[node].get("bloc", "")), _FALLBACK_COLOUR)
        government = _is_government(graph, node)
        ax.scatter([x], [y], s=sizes[node], color=colour, edgecolors="black",
                   linewidths=1.6 if government else 0.6, marker="s" if government else "o", zorder=3)
        label = _short(str(graph.nodes[node].get("name", node)))
        radius = math.hypot(x, y) or 1.0
        offset = math.sqrt(sizes[node]) / 2 + 3  # points beyond the marker's edge, pointing outwards
        ux, uy = x / radius, y / radius
        ha = "left" if ux > 0.3 else "right" if ux < -0.3 else "center"
        va = "bottom" if uy > 0.3 else "top" if uy < -0.3 else "center"
        ax.annotate(label, (x, y), xytext=(ux * offset, uy * offset), textcoords="offset points",
                    fontsize=8.5, fontweight="bold" if government else "normal", ha=ha, va=va, zorder=6,
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.85})


# The two small multiples: which weight each draws, its colour, line style and title.
_PANELS = (
    ("negative_weight", -1, "Blame: accuse, deny, demand, threaten"),
    ("positive_weight", 1, "Support: appeal, cooperate, praise"),
)


def _draw_edges(ax, graph: nx.Graph, pos: dict, sizes: dict[str, float], weight: str, sign: int,
                label_edges: bool, top: float) -> None:
    colour, style, _ = EDGE_STYLES[sign]
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        count = int(data.get(weight, 0))
        if u == v or count == 0:
            continue
        thin = count < LOW_N
        arrow = FancyArrowPatch(pos[u], pos[v], arrowstyle="-|>", mutation_scale=9, color=colour,
                                linestyle="dotted" if thin else style, linewidth=0.7 + 3.3 * count / top,
                                connectionstyle="arc3,rad=0.18", shrinkA=math.sqrt(sizes[u]) / 2 + 1,
                                shrinkB=math.sqrt(sizes[v]) / 2 + 2, alpha=0.55 if thin else 0.9, zorder=2)
        ax.add_patch(arrow)
        if label_edges:
            _label_edge(ax, pos[u], pos[v], f"{count}*" if thin else str(count), colour)


def _label_edge(ax, start: tuple[float, float], end: tuple[float, float], text: str, colour: str) -> None:
    """Put a label at the middle of an arc3 (rad 0.18) curve, on the side the curve bends to."""
    (x0, y0), (x1, y1) = start, end
    mid_x, mid_y = (x0 + x1) / 2, (y0 + y1) / 2
    offset_x, offset_y = 0.18 * (y1 - y0) / 2, -0.18 * (x1 - x0) / 2
    ax.text(mid_x + offset_x, mid_y + offset_y, text, fontsize=7.5, color=colour, ha="center", va="center",
            zorder=5, bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": colour, "lw": 0.4,
                            "alpha": 0.9})


def _legend(fig: Figure, graph: nx.Graph) -> None:
    handles = [Line2D([], [], color=EDGE_STYLES[s][0], linestyle=EDGE_STYLES[s][1], linewidth=2,
                      label=f"{'blame' if s < 0 else 'support'} tie: width and number = distinct sentences")
               for _, s, _ in _PANELS]
    handles.append(Line2D([], [], color="#555555", linestyle="dotted", linewidth=1.2,
                          label=f"dotted, * : fewer than {LOW_N} sentences (thin evidence)"))
    blocs = sorted({str(d.get("bloc", "")) for _, d in graph.nodes(data=True)}, key=_bloc_rank)
    for bloc in blocs:
        government = bloc in GOVERNMENT_BLOCS
        handles.append(Line2D([], [], marker="s" if government else "o", linestyle="none", markersize=7,
                              markerfacecolor=BLOC_COLOURS.get(bloc, _FALLBACK_COLOUR),
                              markeredgecolor="black", markeredgewidth=1.6 if government else 0.6,
                              label=f"{bloc} ({'government, inner ring' if government else 'other actor'})"))
    fig.legend(handles=handles, loc="lower center", ncol=2, fontsize=7.5, frameon=False)


def _counts(graph: nx.Graph) -> tuple[int, int, int, int]:
    edges = list(graph.edges(data=True))
    sentences = {k for _, _, d in edges for k in d.get("sentences", ())}
    articles = {a for _, _, d in edges for a in d.get("articles", ())}
    ties = sum(1 for u, v, _ in edges if u != v)
    selfs = sum(1 for u, v, _ in edges if u == v)
    return len(sentences), len(articles), ties, selfs


def _title(graph: nx.Graph, level: str) -> str:
    n_sentences, n_articles, ties, selfs = _counts(graph)
    line = f"n = {n_sentences:,} sentences in {n_articles:,} articles; {ties} ties"
    if selfs:
        line += f", {selfs} self-statement loop{'s' if selfs != 1 else ''} not drawn"
    return f"Who blames whom, {level} level\n{line}"


def _strongest(graph: nx.Graph, weight: str) -> str:
    ties = [(int(d.get(weight, 0)), str(graph.nodes[u].get("name", u)), str(graph.nodes[v].get("name", v)))
            for u, v, d in graph.edges(data=True) if u != v and d.get(weight, 0)]
    if not ties:
        return "none"
    count, source, target = max(ties, key=lambda t: (t[0], -ord(t[1][0]) if t[1] else 0))
    return f"{plural(len(ties), 'tie')}, strongest {source} to {target} ({plural(count, 'sentence')})"


def network_alt_text(graph: nx.Graph, level: str) -> str:
    """Describe the network figure in words, with its main numbers (the image's alt text)."""
    n_sentences, n_articles, ties, _ = _counts(graph)
    governments = sum(1 for n in graph.nodes if _is_government(graph, n))
    return (f"Two network panels at {level} level, {graph.number_of_nodes()} actors "
            f"({governments} of them governments, on the inner ring), {plural(ties, 'tie')} from "
            f"{plural(n_sentences, 'sentence')} in {plural(n_articles, 'article')}. "
            f"Blame panel: {_strongest(graph, 'negative_weight')}. "
            f"Support panel: {_strongest(graph, 'positive_weight')}.")


def plot_blame_network(digraph: nx.DiGraph, level: str, label_edges: bool | None = None) -> Figure:
    """Draw the collapsed graph as two small multiples: blame ties above, support ties below.

    Governments sit on an inner ring (square markers, thick outline), other actors on the
    outer ring (`government_layout`). In each panel an arrow's width and number give the
    distinct sentences with that sign on the tie (a tie can appear in both panels); ties on
    fewer than `LOW_N` sentences are dotted and starred. Numbers are drawn when
    `label_edges` is True (default: at most 24 ties). Self-loops are counted in the title,
    not drawn. The figure carries alt text with its main numbers (`describe_figure`).
    """
    fig = Figure(figsize=(FIGURE_WIDTH, 10.2))
    FigureCanvasAgg(fig)
    pos = government_layout(digraph)
    sizes = _node_sizes(digraph)
    n_ties = sum(1 for u, v in digraph.edges if u != v)
    labelled = n_ties <= _MAX_EDGE_LABELS if label_edges is None else label_edges
    top = max((max(d.get("negative_weight", 0), d.get("positive_weight", 0))
               for u, v, d in digraph.edges(data=True) if u != v), default=1) or 1
    for row, (weight, sign, heading) in enumerate(_PANELS):
        ax = fig.add_axes((0.02, 0.555 - 0.435 * row, 0.96, 0.39))
        _draw_governments_area(ax, pos, digraph)
        _draw_edges(ax, digraph, pos, sizes, weight, sign, labelled, top)
        _draw_nodes(ax, digraph, pos, sizes)
        n_panel = sum(1 for u, v, d in digraph.edges(data=True) if u != v and d.get(weight, 0))
        ax.set_title(f"{heading} ({n_panel} ties)", fontsize=9, color=EDGE_STYLES[sign][0], loc="left")
        ax.set_xlim(-1.95, 1.95)
        ax.set_ylim(-1.22, 1.22)
        ax.set_aspect("equal")
        ax.axis("off")
    fig.suptitle(_title(digraph, level), fontsize=9.5, y=0.995)
    _legend(fig, digraph)
    return describe_figure(fig, network_alt_text(digraph, level),
                           "Blame and support ties between actors; governments on the inner ring. "
                           f"Numbers are distinct sentences; * marks fewer than {LOW_N}.")


def _draw_governments_area(ax, pos: dict, graph: nx.Graph) -> None:
    inner = [math.hypot(*pos[n]) for n in graph.nodes if _is_government(graph, n)]
    if inner and len(inner) < graph.number_of_nodes():
        radius = max(inner) + 0.17
        ax.add_patch(Circle((0, 0), radius, facecolor="#F2F2F2", edgecolor="#AAAAAA", linewidth=0.6,
                            zorder=0))
        ax.text(0, radius - 0.04, "governments", fontsize=6.5, color="#555555", ha="center", va="top",
                zorder=1)


def plot_bloc_matrix(matrix: pd.DataFrame, relation: str) -> Figure:
    """Draw a speaker-bloc × target-bloc heatmap with the count written in every cell.

    Rows and columns that are zero throughout are left out (the title says how many);
    cells on fewer than `LOW_N` sentences are starred.
    """
    kept = matrix.loc[matrix.sum(axis=1) > 0, matrix.sum(axis=0) > 0] if matrix.size else matrix
    dropped = (matrix.shape[0] - kept.shape[0], matrix.shape[1] - kept.shape[1])
    fig = Figure(figsize=(FIGURE_WIDTH, 1.8 + 0.5 * max(kept.shape[0], 1)))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    values = kept.to_numpy(dtype=float)
    top = values.max() if values.size else 0.0
    image = ax.imshow(values if values.size else np.zeros((1, 1)), cmap="Blues", vmin=0, vmax=max(top, 1.0),
                      aspect="auto")
    ax.set_xticks(np.arange(kept.shape[1]), labels=[str(c) for c in kept.columns], fontsize=8,
                  rotation=30, ha="right", rotation_mode="anchor")
    ax.set_yticks(np.arange(kept.shape[0]), labels=[str(i) for i in kept.index], fontsize=8)
    ax.set_xlabel(f"Target bloc (whom the statement is about); * fewer than {LOW_N} sentences", fontsize=8)
    ax.set_ylabel("Speaker bloc", fontsize=8)
    for (row, col), count in np.ndenumerate(values):
        dark = top > 0 and count > 0.6 * top
        text = f"{int(count):,}" + ("*" if 0 < count < LOW_N else "")
        ax.text(col, row, text, ha="center", va="center", fontsize=8,
                color="white" if dark else "#555555" if count == 0 else "black")
    total = int(values.sum())
    left_out = ""
    if any(dropped):
        left_out = (f"; left out, all zero: {plural(dropped[0], 'speaker bloc')}, "
                    f"{plural(dropped[1], 'target bloc')}")
    ax.set_title(f"{relation.capitalize()}: who says it about whom\n"
                 f"n = {total:,} (distinct sentences per cell, summed){left_out}", fontsize=9)
    colourbar = fig.colorbar(image, ax=ax, shrink=0.8)
    colourbar.set_label("distinct sentences", fontsize=8)
    colourbar.ax.tick_params(labelsize=7)
    colourbar.ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    fig.tight_layout()
    return describe_figure(fig, _matrix_alt(kept, relation, total), "")


def _matrix_alt(matrix: pd.DataFrame, relation: str, total: int) -> str:
    if not total:
        return f"Heatmap of {relation} statements by speaker and target bloc: none."
    stacked = matrix.stack()
    (speaker, target), top = stacked.idxmax(), int(stacked.max())
    return (f"Heatmap of {relation} statements, {matrix.shape[0]} speaker blocs by "
            f"{matrix.shape[1]} target blocs, {total:,} sentences in all; "
            f"the largest cell is {speaker} about {target} with {top:,}.")


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
        return describe_figure(fig, "No article with statements has a publication date" + left_out + ".")
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
        thin = total < LOW_N
        label = f"n={int(total):,}" + ("*" if thin else "")
        ax.text(x, total, label, ha="center", va="bottom", fontsize=size)
        if thin:
            ax.bar([x], [total], fill=False, hatch="///", edgecolor="#333333", linewidth=0.6)
    ax.set_xticks(range(len(pivot)), labels, rotation=30, ha="right")
    ax.legend(title="Speaker bloc", bbox_to_anchor=(1.02, 1), loc="upper left", frameon=False)
    thin_note = f"\n* hatched: fewer than {LOW_N} statement sentences" if (bottom < LOW_N).any() else ""
    ax.set_title("Statements by article date" + left_out + thin_note)
    fig.tight_layout()
    busiest = int(bottom.values.argmax())
    alt = (f"Bar chart of statement sentences by article date: {plural(len(pivot), 'date')}, "
           f"{plural(int(bottom.sum()), 'sentence')} in all; the busiest date is {labels[busiest]} "
           f"with {int(bottom.iloc[busiest]):,}"
           f"{left_out.replace(';', ',')}.")
    return describe_figure(fig, alt)


# --------------------------------------------------------------------------- facts

_STATUS_COLOURS = {"consistent": "#009E73", "differs in scope/period": "#B8860B", "disagrees": "#D55E00",
                   "single source": "#767676"}


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
    # Compact panels: the figure prints at the text width without shrinking its fonts much.
    fig, axes = plt.subplots(len(heights), 1, figsize=(8, 0.6 + sum(0.3 * h + 0.8 for h in heights)),
                             squeeze=False, gridspec_kw={"height_ratios": [0.3 * h + 0.8 for h in heights]})
    if not groups:
        ax = axes[0][0]
        ax.text(0.5, 0.5, "No numeric claims to compare", ha="center", va="center", transform=ax.transAxes)
        ax.set_axis_off()
        return describe_figure(fig, "No numeric claims to compare.")
    for ax, ((quantity, unit), group) in zip(axes[:, 0], groups, strict=True):
        _plot_group(ax, quantity, unit, group)
    fig.tight_layout()
    statuses = pd.Series([str(g["status"].iloc[0]) for _, g in groups]).value_counts().sort_index()
    alt = (f"Dot and range plots of numeric claims: {len(groups)} quantities, {len(compared):,} claims; "
           + ", ".join(f"{n} {status}" for status, n in statuses.items()) + ".")
    return describe_figure(fig, alt)



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
    ax.xaxis.set_major_formatter(FuncFormatter(_short_number))
    ax.set_xlabel(f"{quantity.replace('_', ' ')} ({unit.replace('_', ' ') if unit else 'no unit'})")
    ax.set_ylabel("Outlet")
    n_outlets = group["outlet"].nunique()
    left_out = f"; {n_outlets - len(outlets)} more outlets not shown" if n_outlets > len(outlets) else ""
    ax.set_title(f"{quantity} [{unit}]: {status} (n={len(group)} claims, {n_outlets} outlets{left_out})",
                 fontsize=9)


def _short_number(value: float, _position: object = None) -> str:
    """Write an axis number for readers: 2,500, 1.2 million, 25 billion (no "1e6" offset)."""
    for size, word in ((1e9, "billion"), (1e6, "million")):
        if abs(value) >= size:
            return f"{value / size:,.3g} {word}"
    return f"{value:,.0f}" if value == int(value) else f"{value:,.3g}"


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

# Okabe–Ito hues (colourblind-safe), darkened to at least 3:1 against white; one per topic group.
TOPIC_GROUP_COLOURS = {
    "supply_side": "#B8860B",
    "consumption": "#3A8CC4",
    "weapons": "#000000",
    "sovereignty": "#D55E00",
    "cooperation": "#009E73",
    "other": "#767676",
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
        return describe_figure(fig, "Topic shares by speaker bloc: no statements to show.")
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
    thin = [i for i, b in enumerate(blocs) if int(n_bloc[b]) < LOW_N]
    if thin:
        ax.barh(thin, [1.0] * len(thin), fill=False, hatch="///", edgecolor="#333333", linewidth=0.6)
    ax.set_yticks(range(len(blocs)), [f"{b} (n={int(n_bloc[b])})" + ("*" if int(n_bloc[b]) < LOW_N else "")
                                      for b in blocs])
    ax.invert_yaxis()
    ax.legend(title="Topic group", bbox_to_anchor=(1.02, 1), loc="upper left", frameon=False)
    note = f"\n* hatched: fewer than {LOW_N} sentences" if thin else ""
    ax.set_title("What each bloc talks about (share of its statement sentences)" + note)
    fig.tight_layout()
    return describe_figure(fig, _shares_alt(shares, blocs, n_bloc, labels))


def _shares_alt(shares: pd.DataFrame, blocs: list, n_bloc: pd.Series, labels: dict) -> str:
    parts = []
    for bloc in blocs:
        rows = shares[shares["speaker_bloc"] == bloc]
        top = rows.sort_values(["share", "topic_group"], ascending=[False, True]).iloc[0]
        group = labels.get(top.topic_group, top.topic_group)
        parts.append(f"{bloc} (n={int(n_bloc[bloc])}) mostly {group} ({top.share:.0%})")
    return "Stacked bars of topic-group shares by speaker bloc: " + "; ".join(parts) + "."
