"""Byte-deterministic exports of the accusation graph for Gephi, visone, igraph and spreadsheets.

GraphML, GEXF 1.2draft and node/edge CSVs. Collapsed graphs get one numeric column per
relation (`n_accuse`, …), separate `blame_weight` and `support_weight` and the signed
`net`, so a tool can filter and weight by relation; node metrics become node attributes.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from pathlib import Path

import networkx as nx
import pandas as pd

from analysis.codebook import RELATIONS
from analysis.store.atomic import write_bytes_atomically
from analysis.store.csvfile import neutralise

__all__ = ["EXPORT_SUFFIXES", "METRIC_COLUMNS", "export_ready_graph", "write_graph_exports"]

EXPORT_SUFFIXES = {"graphml": ".graphml", "gexf": ".gexf", "nodes": "_nodes.csv", "edges": "_edges.csv"}
METRIC_COLUMNS = ("blame_received", "blame_given", "net_blame", "pagerank")
RELATION_COLUMNS = tuple(f"n_{r}" for r in RELATIONS)
_NODE_FIRST = ("label", "kind", "bloc", "level", *METRIC_COLUMNS)
_EDGE_FIRST = ("weight", "blame_weight", "support_weight", "net", "sign", "n_articles", *RELATION_COLUMNS,
               "dominant_relation", "relation_counts", "is_self_loop")
# Collapsed-edge attributes renamed for export: blame/support read better than the sign's name.
_EDGE_RENAMES = {"negative_weight": "blame_weight", "positive_weight": "support_weight",
                 "start": "start_offset", "end": "end_offset"}
# Attributes the networkx GEXF writer treats as structure (dynamics, ids), renamed there.
_GEXF_RENAMES = {"id": "id_value", "type": "type_value", "pid": "pid_value", "spells": "spells_value",
                 "viz": "viz_value", "start": "start_value", "end": "end_value"}
_SCALARS = (str, bool, int, float)


def _scalar(value: object) -> str | bool | int | float | None:
    """Return a plain Python scalar for Gephi, or None when it cannot be exported (dict, tuple, None)."""
    if hasattr(value, "item") and not isinstance(value, _SCALARS):
        value = value.item()  # numpy scalar
    return value if isinstance(value, _SCALARS) else None


def _ordered(data: Mapping, first: tuple[str, ...]) -> dict[str, object]:
    keys = [k for k in first if k in data] + sorted(k for k in data if k not in first)
    clean = {k: _scalar(data[k]) for k in keys}
    return {k: v for k, v in clean.items() if v is not None}


def _node_data(node: object, data: Mapping, level: str, metrics: Mapping[str, dict]) -> dict[str, object]:
    """Node attributes for export: `label` (the display name), kind, bloc, level, then metrics."""
    out = {"level": level, **{k: v for k, v in data.items() if k != "name"}}
    out["label"] = str(data.get("name", node))
    if metrics:
        out.update(metrics.get(str(node), dict.fromkeys(METRIC_COLUMNS[:3], 0) | {"pagerank": 0.0}))
    return _ordered(out, _NODE_FIRST)


def _edge_data(data: Mapping) -> dict[str, object]:
    """Edge attributes for export: per-relation counts as numbers, blame/support named, offsets named."""
    out = {_EDGE_RENAMES.get(k, k): v for k, v in data.items()}
    relations = data.get("relations")
    if isinstance(relations, Mapping):
        out.update({f"n_{r}": int(relations.get(r, 0)) for r in RELATIONS})
    return _ordered(out, _EDGE_FIRST)


def _metric_rows(metrics: pd.DataFrame | None) -> dict[str, dict]:
    if metrics is None or metrics.empty:
        return {}
    columns = [metrics[c].tolist() for c in METRIC_COLUMNS]  # per column, so ints stay ints
    return {str(actor): dict(zip(METRIC_COLUMNS, values, strict=True))
            for actor, *values in zip(metrics["actor"].tolist(), *columns, strict=True)}


def export_ready_graph(graph: nx.Graph, metrics: pd.DataFrame | None = None) -> nx.Graph:
    """Return a copy with sorted nodes and edges and only str/int/float/bool attributes.

    Nodes carry `label` (from `name`), kind, bloc, level (from the graph's when they lack
    one) and, given `metrics` (an `actor_metrics` table), blame_received, blame_given,
    net_blame and pagerank (0 for actors without blame). Collapsed edges carry
    `n_<relation>` for every codebook relation, `blame_weight`, `support_weight`, `net`;
    statement edges `start_offset`/`end_offset`. Dicts, tuples and None values are dropped.
    """
    copy = graph.__class__()
    graph_attrs = ((k, _scalar(v)) for k, v in sorted(graph.graph.items()))
    copy.graph.update({k: v for k, v in graph_attrs if v is not None})
    level = graph.graph.get("level", "")
    rows = _metric_rows(metrics)
    for node in sorted(graph.nodes, key=str):
        copy.add_node(str(node), **_node_data(node, graph.nodes[node], level, rows))
    if graph.is_multigraph():
        edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), e[2]))
        for u, v, key, data in edges:
            copy.add_edge(str(u), str(v), key=key, **_edge_data(data))
    else:
        for u, v, data in sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
            copy.add_edge(str(u), str(v), **_edge_data(data))
    return copy


_GRAPH_DATA = re.compile(rb"(?P<data>(?:[ \t]*<data key=\"[^\"]+\">[^<]*</data>\n)+)"
                         rb"(?P<close>[ \t]*</graph>)")


def _graphml_bytes(graph: nx.Graph) -> bytes:
    """GraphML with the graph's own attributes first, before the nodes (networkx writes them last)."""
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True)
    text = buffer.getvalue()
    found = _GRAPH_DATA.search(text)
    if not graph.graph or found is None:
        return text
    without = text[:found.start()] + found["close"] + text[found.end():]
    opening = re.search(rb"<graph [^>]*>\n", without)
    assert opening is not None  # networkx always writes one graph element
    return without[:opening.end()] + found["data"] + without[opening.end():]


def _gexf_description(graph: nx.Graph) -> str:
    return "; ".join(f"{k}: {v}" for k, v in sorted(graph.graph.items()))


def _gexf_bytes(graph: nx.Graph) -> bytes:
    """Return GEXF 1.2draft that the official schema accepts.

    The networkx writer adds `graph@name` (not in the schema) and stamps today's date in
    `lastmodifieddate`; both are removed, and the graph attributes go into the meta
    description instead.
    """
    renamed = graph.__class__()
    for node, data in graph.nodes(data=True):
        renamed.add_node(node, **{_GEXF_RENAMES.get(k, k): v for k, v in data.items()})
    multi = graph.is_multigraph()
    for *ends, data in (graph.edges(keys=True, data=True) if multi else graph.edges(data=True)):
        renamed.add_edge(*ends[:2], **({"key": ends[2]} if multi else {}),
                         **{_GEXF_RENAMES.get(k, k): v for k, v in data.items()})
    buffer = io.BytesIO()
    nx.write_gexf(renamed, buffer, encoding="utf-8", prettyprint=True)
    text = re.sub(rb'\s+lastmodifieddate="[^"]*"', b"", buffer.getvalue())
    text = re.sub(rb'(<graph [^>]*?)\s+name="[^"]*"', rb"\1", text, count=1)
    description = _gexf_description(graph).replace("&", "&amp;").replace("<", "&lt;").encode("utf-8")
    element = b"\n    <description>" + description + b"</description>"
    return re.sub(rb"(<meta>\s*<creator>[^<]*</creator>)", lambda m: m.group(1) + element, text, count=1)


def _csv_bytes(header: list[str], rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([["" if v is None else neutralise(v) for v in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


def _columns(items: list[dict], first: tuple[str, ...]) -> list[str]:
    present = {k for item in items for k in item}
    return [k for k in first if k in present] + sorted(present - set(first))


def _nodes_csv(graph: nx.Graph) -> bytes:
    """`Id,Label,…`: Gephi's spreadsheet import, igraph's Graph.DataFrame and R's graph_from_data_frame."""
    data = [d for _, d in graph.nodes(data=True)]
    columns = [c for c in _columns(data, _NODE_FIRST) if c != "label"]
    rows = [[node, d.get("label", node), *(d.get(c) for c in columns)] for node, d in graph.nodes(data=True)]
    return _csv_bytes(["Id", "Label", *columns], rows)


def _edges_csv(graph: nx.Graph) -> bytes:
    """`Source,Target,Type,…` (Type `Directed`, for Gephi); the first two columns are the ends (igraph, R)."""
    edges = list(graph.edges(data=True))
    columns = _columns([d for _, _, d in edges], _EDGE_FIRST)
    kind = "Directed" if graph.is_directed() else "Undirected"
    rows = [[u, v, kind, *(d.get(c) for c in columns)] for u, v, d in edges]
    return _csv_bytes(["Source", "Target", "Type", *columns], rows)


def write_graph_exports(digraph: nx.Graph, out_dir: str | Path, stem: str,
                        metrics: pd.DataFrame | None = None) -> dict[str, Path]:
    """Write `<stem>.graphml`, `<stem>.gexf`, `<stem>_nodes.csv` and `<stem>_edges.csv` into `out_dir`.

    The files are byte-identical for the same graph wherever they are written: nodes
    and edges sorted, no dates, no paths. `metrics` (an `actor_metrics` table) adds the
    actors' blame metrics as node attributes. Returns the written paths by kind
    (graphml, gexf, nodes, edges).
    """
    if not stem or Path(stem).name != stem:
        raise ValueError(f"stem must be a plain file name without folders, got {stem!r}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    graph = export_ready_graph(digraph, metrics)
    payloads = {
        "graphml": _graphml_bytes(graph),
        "gexf": _gexf_bytes(graph),
        "nodes": _nodes_csv(graph),
        "edges": _edges_csv(graph),
    }
    written = {}
    for kind, payload in payloads.items():
        path = out / f"{stem}{EXPORT_SUFFIXES[kind]}"
        write_bytes_atomically(path, payload)
        written[kind] = path
    return written
