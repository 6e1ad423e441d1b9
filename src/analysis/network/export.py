"""Byte-deterministic exports of the accusation graph for Gephi, visone, igraph and spreadsheets.

GraphML, GEXF 1.2draft and node/edge CSVs. Collapsed graphs get one numeric column per
relation (`n_accuse`, …), separate `blame_weight` and `support_weight` and the signed
`net`, so a tool can filter and weight by relation; node metrics become node attributes.
Every file is written element by element (row by row) into a temporary file that replaces
the old one only when complete, so memory does not grow with the number of edges.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from xml.sax.saxutils import escape

import networkx as nx
import pandas as pd

from analysis.codebook import RELATIONS
from analysis.store.atomic import atomic_path
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


# ----------------------------------------------------------------- streamed XML
# The files keep the bytes networkx 3.6's ElementTree writers gave them (prettyprint, UTF-8),
# written element by element instead of as one XML tree in memory: a build's person graph has
# tens of thousands of edges, and networkx's tree for it took more memory than the rest of the build.
_XML_DECLARATION = "<?xml version='1.0' encoding='utf-8'?>\n"
_ATTRIBUTE_ENTITIES = {'"': "&quot;", "\r": "&#13;", "\n": "&#10;", "\t": "&#09;"}  # as ElementTree
_XML_TYPES = {str: "string", int: "long", float: "double", bool: "boolean"}  # GraphML and GEXF alike
_GRAPHML_ROOT = (("xmlns", "http://graphml.graphdrawing.org/xmlns"),
                 ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
                 ("xsi:schemaLocation", "http://graphml.graphdrawing.org/xmlns "
                                        "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"))
_GEXF_ROOT = (("xmlns", "http://www.gexf.net/1.2draft"),
              ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
              ("xsi:schemaLocation", "http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd"),
              ("version", "1.2"))
_NOT_GRAPH_DATA = ("id", "node_default", "edge_default")  # networkx's GraphML writer reads these itself
Attributes = Iterable[tuple[str, str]]


def _start(depth: int, tag: str, attributes: Attributes) -> str:
    pairs = "".join(f' {name}="{escape(value, _ATTRIBUTE_ENTITIES)}"' for name, value in attributes)
    return f"{'  ' * depth}<{tag}{pairs}"


def _leaf(depth: int, tag: str, attributes: Attributes, text: str = "") -> str:
    """One line: `<tag …>text</tag>`, or `<tag … />` without text (ElementTree writes "" as none)."""
    start = _start(depth, tag, attributes)
    return f"{start}>{escape(text)}</{tag}>\n" if text else f"{start} />\n"


def _open(depth: int, tag: str, attributes: Attributes = ()) -> str:
    return _start(depth, tag, attributes) + ">\n"


def _close(depth: int, tag: str) -> str:
    return f"{'  ' * depth}</{tag}>\n"


def _xml_type(value: object) -> str:
    try:
        return _XML_TYPES[type(value)]
    except KeyError:
        raise TypeError(f"graph exports do not support {type(value)} as attribute values") from None


def _graph_data(graph: nx.Graph) -> dict:
    """The graph's own attributes that GraphML writes as `<data>` (not its id or defaults)."""
    return {k: v for k, v in graph.graph.items() if k not in _NOT_GRAPH_DATA}


def _graphml_scopes(graph: nx.Graph) -> Iterator[tuple[str, Mapping]]:
    """Every attribute dict in GraphML's order: the graph's, each node's, each edge's."""
    yield "graph", _graph_data(graph)
    for _, data in graph.nodes(data=True):
        yield "node", data
    for *_, data in graph.edges(data=True):
        yield "edge", data


def _graphml_keys(graph: nx.Graph) -> dict[tuple[str, str, str], str]:
    """Key ids `d0`, `d1`, … by (name, type, scope), numbered in the order they first occur."""
    keys: dict[tuple[str, str, str], str] = {}
    for scope, data in _graphml_scopes(graph):
        for name, value in data.items():
            keys.setdefault((str(name), _xml_type(value), scope), f"d{len(keys)}")
    return keys


def _graphml_data(depth: int, data: Mapping, scope: str, keys: Mapping) -> Iterator[str]:
    for name, value in data.items():
        yield _leaf(depth, "data", [("key", keys[str(name), _xml_type(value), scope])], str(value))


def _graph_data_lines(graph: nx.Graph, keys: Mapping) -> tuple[list[str], list[str]]:
    """The graph's data lines split in (before the nodes, after the edges).

    networkx writes them after the edges; the export moves the trailing run of lines with a
    value up front (an empty value is written `<data … />` and ends the run).
    """
    lines = list(_graphml_data(2, _graph_data(graph), "graph", keys))
    split = len(lines)
    while split and lines[split - 1].endswith("</data>\n"):
        split -= 1
    return lines[split:], lines[:split]


def _graphml_edges(graph: nx.Graph, keys: Mapping) -> Iterator[str]:
    multi = graph.is_multigraph()
    for u, v, *key, data in (graph.edges(keys=True, data=True) if multi else graph.edges(data=True)):
        ends = [("source", str(u)), ("target", str(v)), *([("id", str(key[0]))] if multi else [])]
        if not data:
            yield _leaf(2, "edge", ends)
            continue
        yield _open(2, "edge", ends)
        yield from _graphml_data(3, data, "edge", keys)
        yield _close(2, "edge")


def _graphml_lines(graph: nx.Graph) -> Iterator[str]:
    """GraphML as networkx writes it (prettyprint), with the graph's own attributes before the nodes."""
    keys = _graphml_keys(graph)
    yield _XML_DECLARATION + _open(0, "graphml", _GRAPHML_ROOT)
    for (name, kind, scope), key in reversed(keys.items()):  # networkx inserts each key first
        yield _leaf(1, "key", [("id", key), ("for", scope), ("attr.name", name), ("attr.type", kind)])
    head = [("edgedefault", "directed" if graph.is_directed() else "undirected")]
    if "id" in graph.graph:
        head.append(("id", str(graph.graph["id"])))
    first, last = _graph_data_lines(graph, keys)
    if not (first or last or graph.number_of_nodes()):
        yield _leaf(1, "graph", head)
    else:
        yield _open(1, "graph", head)
        yield from first
        for node, data in graph.nodes(data=True):
            if not data:
                yield _leaf(2, "node", [("id", str(node))])
                continue
            yield _open(2, "node", [("id", str(node))])
            yield from _graphml_data(3, data, "node", keys)
            yield _close(2, "node")
        yield from _graphml_edges(graph, keys)
        yield from last
        yield _close(1, "graph")
    yield _close(0, "graphml")


def _gexf_description(graph: nx.Graph) -> str:
    """The graph's attributes, which GEXF 1.2draft has no place for, as `key: value; …`
    (`id` left out: GraphML takes it as the graph's id)."""
    return "; ".join(f"{k}: {v}" for k, v in sorted(graph.graph.items()) if k != "id")


def _gexf_value(value: object) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    text = str(value)
    if isinstance(value, float):
        return {"inf": "INF", "nan": "NaN", "-inf": "-INF"}.get(text, text)
    return text


def _gexf_items(data: Mapping) -> list[tuple[str, object]]:
    """(title, value) attvalues; networkx calls an attribute `key` `networkx_key` (a multigraph's keys)."""
    return [("networkx_key" if k == "key" else str(k), v) for k, v in data.items()]


def _gexf_nodes(graph: nx.Graph) -> Iterator[tuple[list[tuple[str, str]], str, list[tuple[str, object]]]]:
    """(node attributes, `parents` to list, attvalues) per node, as networkx's GEXF writer reads them."""
    for node, raw in graph.nodes(data=True):
        data = {_GEXF_RENAMES.get(k, k): v for k, v in raw.items()}
        head = [("id", str(node)), ("label", str(data.pop("label", node)))]
        parents = data.pop("parents", "")  # networkx writes one <parent> per item (per letter of a text)
        yield head, parents, _gexf_items(data)


def _gexf_edges(graph: nx.Graph) -> Iterator[tuple[list[tuple[str, str]], list[tuple[str, object]]]]:
    """(edge attributes, attvalues) per edge: ids counted from 0, `label` and `weight` as attributes."""
    multi = graph.is_multigraph()
    edges = graph.edges(keys=True, data=True) if multi else graph.edges(data=True)
    for number, (u, v, *key, raw) in enumerate(edges):
        data = {_GEXF_RENAMES.get(k, k): v for k, v in raw.items()} | ({"key": key[0]} if multi else {})
        head = [("source", str(u)), ("target", str(v)), ("id", str(number))]
        head += [(name, str(data.pop(name))) for name in ("label", "weight") if name in data]
        yield head, _gexf_items(data)


def _gexf_attribute_ids(graph: nx.Graph) -> dict[str, dict[str, tuple[str, str]]]:
    """Per class, title → (id, type): ids counted over node titles, then edge titles; first type wins."""
    declared: dict[str, dict[str, tuple[str, str]]] = {"node": {}, "edge": {}}
    count = 0
    values = itertools.chain((("node", items) for *_, items in _gexf_nodes(graph)),
                             (("edge", items) for _, items in _gexf_edges(graph)))
    for kind, items in values:
        for title, value in items:
            kind_of = _xml_type(value)  # every value checked, as networkx does
            if title not in declared[kind]:
                declared[kind][title] = (str(count), kind_of)
                count += 1
    return declared


def _gexf_element(tag: str, head: Attributes, parents: object, items: list, ids: Mapping) -> Iterator[str]:
    if not (parents or items):
        yield _leaf(3, tag, head)
        return
    yield _open(3, tag, head)
    if parents:
        yield _open(4, "parents")
        yield from (_leaf(5, "parent", [("for", str(p))]) for p in parents)  # type: ignore[attr-defined]
        yield _close(4, "parents")
    if items:
        yield _open(4, "attvalues")
        for title, value in items:
            yield _leaf(5, "attvalue", [("for", ids[title][0]), ("value", _gexf_value(value))])
        yield _close(4, "attvalues")
    yield _close(3, tag)


def _gexf_lines(graph: nx.Graph) -> Iterator[str]:
    """GEXF 1.2draft that the official schema accepts, as networkx writes it (prettyprint), except:
    no `graph@name` (not in the schema), no `lastmodifieddate` (today's date), and the graph's
    attributes in the meta description."""
    declared = _gexf_attribute_ids(graph)
    description = _gexf_description(graph).replace("&", "&amp;").replace("<", "&lt;")
    yield _XML_DECLARATION + _open(0, "gexf", _GEXF_ROOT) + _open(1, "meta")
    yield _leaf(2, "creator", (), f"NetworkX {nx.__version__}")
    yield f"    <description>{description}</description>\n" + _close(1, "meta")
    yield _open(1, "graph", [("defaultedgetype", "directed" if graph.is_directed() else "undirected"),
                             ("mode", "static")])
    for kind in ("edge", "node"):  # networkx inserts each class's block first
        if declared[kind]:
            yield _open(2, "attributes", [("mode", "static"), ("class", kind)])
            for title, (number, kind_of) in declared[kind].items():
                yield _leaf(3, "attribute", [("id", number), ("title", title), ("type", kind_of)])
            yield _close(2, "attributes")
    for tag, rows in (("nodes", _gexf_nodes(graph)), ("edges", _gexf_edges(graph))):
        first = next(rows, None)
        if first is None:
            yield _leaf(2, tag, ())
            continue
        yield _open(2, tag)
        for head, *rest in itertools.chain([first], rows):
            parents, items = rest if tag == "nodes" else ("", rest[0])
            yield from _gexf_element(tag[:-1], head, parents, items, declared[tag[:-1]])
        yield _close(2, tag)
    yield _close(1, "graph") + _close(0, "gexf")


def _write_xml(path: Path, lines: Iterable[str]) -> None:
    """Write `lines` into `path` atomically, UTF-8 (characters it cannot encode as references)."""
    with atomic_path(path) as temp, open(temp, "w", encoding="utf-8", errors="xmlcharrefreplace",
                                         newline="\n") as handle:
        for line in lines:
            handle.write(line)


def _write_csv(path: Path, header: list[str], rows: Iterable[list[object]]) -> None:
    """Write a CSV atomically, row by row: text cells neutralised for spreadsheets, None empty."""
    with atomic_path(path) as temp, open(temp, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(["" if v is None else neutralise(v) for v in row] for row in rows)


def _columns(items: Iterable[Mapping], first: tuple[str, ...]) -> list[str]:
    present = {k for item in items for k in item}
    return [k for k in first if k in present] + sorted(present - set(first))


def _write_nodes_csv(graph: nx.Graph, path: Path) -> None:
    """`Id,Label,…`: Gephi's spreadsheet import, igraph's Graph.DataFrame and R's graph_from_data_frame."""
    columns = [c for c in _columns((d for _, d in graph.nodes(data=True)), _NODE_FIRST) if c != "label"]
    rows = ([node, d.get("label", node), *(d.get(c) for c in columns)] for node, d in graph.nodes(data=True))
    _write_csv(path, ["Id", "Label", *columns], rows)


def _write_edges_csv(graph: nx.Graph, path: Path) -> None:
    """`Source,Target,Type,…` (Type `Directed`, for Gephi); the first two columns are the ends (igraph, R)."""
    columns = _columns((d for *_, d in graph.edges(data=True)), _EDGE_FIRST)
    kind = "Directed" if graph.is_directed() else "Undirected"
    rows = ([u, v, kind, *(d.get(c) for c in columns)] for u, v, d in graph.edges(data=True))
    _write_csv(path, ["Source", "Target", "Type", *columns], rows)


def write_graph_exports(digraph: nx.Graph, out_dir: str | Path, stem: str,
                        metrics: pd.DataFrame | None = None) -> dict[str, Path]:
    """Write `<stem>.graphml`, `<stem>.gexf`, `<stem>_nodes.csv` and `<stem>_edges.csv` into `out_dir`.

    The files are byte-identical for the same graph wherever they are written: nodes
    and edges sorted, no dates, no paths. `metrics` (an `actor_metrics` table) adds the
    actors' blame metrics as node attributes. Each file is streamed into a temporary file
    beside it and renamed into place once complete. Returns the written paths by kind
    (graphml, gexf, nodes, edges).
    """
    if not stem or Path(stem).name != stem:
        raise ValueError(f"stem must be a plain file name without folders, got {stem!r}")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    graph = export_ready_graph(digraph, metrics)
    written = {kind: out / f"{stem}{suffix}" for kind, suffix in EXPORT_SUFFIXES.items()}
    _write_xml(written["graphml"], _graphml_lines(graph))
    _write_xml(written["gexf"], _gexf_lines(graph))
    _write_nodes_csv(graph, written["nodes"])
    _write_edges_csv(graph, written["edges"])
    return written
