"""Byte-deterministic exports of the accusation graph for Gephi and spreadsheets: GraphML, GEXF, CSV."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import networkx as nx

from analysis.store.atomic import write_bytes_atomically
from analysis.store.csvfile import neutralise

__all__ = ["EXPORT_SUFFIXES", "export_ready_graph", "write_graph_exports"]

EXPORT_SUFFIXES = {"graphml": ".graphml", "gexf": ".gexf", "nodes": "_nodes.csv", "edges": "_edges.csv"}
_NODE_FIRST = ("name", "kind", "bloc", "level")
_EDGE_FIRST = ("weight", "n_articles", "negative_weight", "positive_weight", "net", "sign",
               "relation_counts", "dominant_relation", "is_self_loop")
# Attributes the networkx GEXF writer treats as structure (dynamics, ids, labels), renamed there.
_GEXF_RENAMES = {"start": "start_offset", "end": "end_offset", "id": "id_value", "label": "label_value",
                 "type": "type_value", "pid": "pid_value", "spells": "spells_value", "viz": "viz_value"}
_SCALARS = (str, bool, int, float)


def _scalar(value: object) -> str | bool | int | float | None:
    """Return a plain Python scalar for Gephi, or None when it cannot be exported (dict, tuple, None)."""
    if hasattr(value, "item") and not isinstance(value, _SCALARS):
        value = value.item()  # numpy scalar
    return value if isinstance(value, _SCALARS) else None


def _ordered(data: dict, first: tuple[str, ...]) -> dict[str, object]:
    keys = [k for k in first if k in data] + sorted(k for k in data if k not in first)
    clean = {k: _scalar(data[k]) for k in keys}
    return {k: v for k, v in clean.items() if v is not None}


def export_ready_graph(graph: nx.Graph) -> nx.Graph:
    """Return a copy with sorted nodes and edges and only str/int/float/bool attributes.

    Non-scalar attributes (the `relations` dict, key tuples) and None values are dropped;
    `relation_counts` carries the relation mix as text. Nodes get `level` from the
    graph's `level` when they lack one.
    """
    copy = graph.__class__()
    graph_attrs = ((k, _scalar(v)) for k, v in sorted(graph.graph.items()))
    copy.graph.update({k: v for k, v in graph_attrs if v is not None})
    level = graph.graph.get("level", "")
    for node in sorted(graph.nodes, key=str):
        copy.add_node(str(node), **_ordered({"level": level, **graph.nodes[node]}, _NODE_FIRST))
    if graph.is_multigraph():
        edges = sorted(graph.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), e[2]))
        for u, v, key, data in edges:
            copy.add_edge(str(u), str(v), key=key, **_ordered(data, _EDGE_FIRST))
    else:
        for u, v, data in sorted(graph.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
            copy.add_edge(str(u), str(v), **_ordered(data, _EDGE_FIRST))
    return copy


def _graphml_bytes(graph: nx.Graph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def _gexf_bytes(graph: nx.Graph) -> bytes:
    """Return GEXF without the `lastmodifieddate` networkx stamps with today's date."""
    renamed = graph.__class__(**graph.graph)
    for node, data in graph.nodes(data=True):
        renamed.add_node(node, label=str(data.get("name", node)),
                         **{_GEXF_RENAMES.get(k, k): v for k, v in data.items()})
    multi = graph.is_multigraph()
    for *ends, data in (graph.edges(keys=True, data=True) if multi else graph.edges(data=True)):
        renamed.add_edge(*ends[:2], **({"key": ends[2]} if multi else {}),
                         **{_GEXF_RENAMES.get(k, k): v for k, v in data.items()})
    buffer = io.BytesIO()
    nx.write_gexf(renamed, buffer, encoding="utf-8", prettyprint=True)
    return re.sub(rb'\s+lastmodifieddate="[^"]*"', b"", buffer.getvalue())


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
    data = [d for _, d in graph.nodes(data=True)]
    columns = _columns(data, _NODE_FIRST)
    rows = [[node, *(d.get(c) for c in columns)] for node, d in graph.nodes(data=True)]
    return _csv_bytes(["id", *columns], rows)


def _edges_csv(graph: nx.Graph) -> bytes:
    edges = list(graph.edges(data=True))
    columns = _columns([d for _, _, d in edges], _EDGE_FIRST)
    rows = [[u, v, *(d.get(c) for c in columns)] for u, v, d in edges]
    return _csv_bytes(["source", "target", *columns], rows)




def write_graph_exports(digraph: nx.Graph, out_dir: str | Path, stem: str) -> dict[str, Path]:
    """Write `<stem>.graphml`, `<stem>.gexf`, `<stem>_nodes.csv` and `<stem>_edges.csv` into `out_dir`.

    The files are byte-identical for the same graph wherever they are written: nodes
    and edges sorted, no dates, no paths. GEXF renames attributes its writer reserves
    (`start`/`end` become `start_offset`/`end_offset`) and uses the node `name` as label.
    Returns the written paths by kind (graphml, gexf, nodes, edges).
    """
    if not stem or Path(stem).name != stem:
        raise ValueError(f"stem must be a plain file name without folders, got {stem!r}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    graph = export_ready_graph(digraph)
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
