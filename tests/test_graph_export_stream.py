"""The streamed GraphML/GEXF/CSV writers give the bytes networkx's writers gave (the public format).

`_reference_exports` is the export code as it was before the writers were streamed: networkx
builds each XML tree in memory and the export post-processes its bytes. Every test writes a
graph both ways and compares the bytes.
"""

from __future__ import annotations

import copy
import csv
import io
import math
import re

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.network.export import (
    _EDGE_FIRST,
    _GEXF_RENAMES,
    _NODE_FIRST,
    export_ready_graph,
    write_graph_exports,
)
from analysis.store.csvfile import neutralise
from tests.test_graph import collapsed
from tests.test_graph_export import ROWS

# ----------------------------------------------------------------- the writers before streaming

_GRAPH_DATA = re.compile(rb"(?P<data>(?:[ \t]*<data key=\"[^\"]+\">[^<]*</data>\n)+)"
                         rb"(?P<close>[ \t]*</graph>)")


def _old_graphml(graph: nx.Graph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8", prettyprint=True)
    text = buffer.getvalue()
    found = _GRAPH_DATA.search(text)
    if not graph.graph or found is None:
        return text
    without = text[:found.start()] + found["close"] + text[found.end():]
    opening = re.search(rb"<graph [^>]*>\n", without)
    assert opening is not None
    return without[:opening.end()] + found["data"] + without[opening.end():]


def _old_gexf(graph: nx.Graph) -> bytes:
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
    description = "; ".join(f"{k}: {v}" for k, v in sorted(graph.graph.items()))
    element = b"\n    <description>" + description.replace("&", "&amp;").replace("<", "&lt;").encode() + \
        b"</description>"
    return re.sub(rb"(<meta>\s*<creator>[^<]*</creator>)", lambda m: m.group(1) + element, text, count=1)


def _old_csv(header: list[str], rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([["" if v is None else neutralise(v) for v in row] for row in rows])
    return buffer.getvalue().encode("utf-8")


def _old_columns(items: list[dict], first: tuple[str, ...]) -> list[str]:
    present = {k for item in items for k in item}
    return [k for k in first if k in present] + sorted(present - set(first))


def _old_nodes_csv(graph: nx.Graph) -> bytes:
    columns = [c for c in _old_columns([d for _, d in graph.nodes(data=True)], _NODE_FIRST) if c != "label"]
    rows = [[node, d.get("label", node), *(d.get(c) for c in columns)] for node, d in graph.nodes(data=True)]
    return _old_csv(["Id", "Label", *columns], rows)


def _old_edges_csv(graph: nx.Graph) -> bytes:
    edges = list(graph.edges(data=True))
    columns = _old_columns([d for _, _, d in edges], _EDGE_FIRST)
    kind = "Directed" if graph.is_directed() else "Undirected"
    return _old_csv(["Source", "Target", "Type", *columns], [[u, v, kind, *(d.get(c) for c in columns)]
                                                             for u, v, d in edges])


def _reference_exports(graph: nx.Graph, metrics=None) -> dict[str, bytes]:
    """The four files as the networkx-based export wrote them (GraphML first: it pops `id`)."""
    ready = export_ready_graph(copy.deepcopy(graph), metrics)
    return {"graphml": _old_graphml(ready), "gexf": _old_gexf(ready),
            "nodes": _old_nodes_csv(ready), "edges": _old_edges_csv(ready)}


def assert_same_bytes(graph: nx.Graph, folder, metrics=None) -> dict[str, bytes]:
    """Write `graph` with the streamed exports and compare every file with the reference bytes."""
    expected = _reference_exports(graph, metrics)
    written = write_graph_exports(graph, folder, "g", metrics)
    for kind, path in written.items():
        assert path.read_bytes() == expected[kind], kind
    assert sorted(p.name for p in folder.iterdir()) == ["g.gexf", "g.graphml", "g_edges.csv", "g_nodes.csv"]
    return expected


# ----------------------------------------------------------------- hand-made graphs

SPECIALS = "a & b < c > d \" e ' f Ñ 中国 \t tab \n line"


def _typed_graph(kind: type[nx.Graph]) -> nx.Graph:
    graph = kind(level="person", relation_filter="all", note=SPECIALS)
    graph.add_node("us", name="United States", kind="country", bloc="US", score=1.5, rank=3, active=True,
                   note=SPECIALS)
    graph.add_node("mx", name="México Ñ", kind="country")  # no score/rank/active
    graph.add_node("cn&<>\"'", name="中国 \"China\" <&>", bloc="CN", score=0.0, active=False)
    graph.add_node("bare")  # no attributes at all
    graph.add_edge("us", "mx", weight=2, share=0.25, flag=True, note="x & y", label="accuses")
    graph.add_edge("mx", "us", weight=1.5)  # weight a float here, an int above
    graph.add_edge("us", "us", weight=1, is_self_loop=True, note="self <loop>")
    graph.add_edge("cn&<>\"'", "bare")  # no attributes
    graph.add_edge("bare", "us", empty="", nan=math.nan, inf=math.inf, minus=-math.inf, tiny=1e-12)
    return graph


@pytest.mark.parametrize("kind", [nx.DiGraph, nx.Graph, nx.MultiDiGraph, nx.MultiGraph])
def test_every_attribute_type_specials_and_missing_values_match_networkx(tmp_path, kind):
    graph = _typed_graph(kind)
    if graph.is_multigraph():
        graph.add_edge("us", "mx", weight=7, note="second us→mx statement")  # parallel edge
    expected = assert_same_bytes(graph, tmp_path)
    graphml = expected["graphml"].decode()
    assert all(f'attr.name="weight" attr.type="{t}"' in graphml for t in ("long", "double"))  # two keys
    assert "&lt;&amp;&gt;" in graphml and "中国" in graphml and "Ñ" in graphml
    assert '<data key="d' in graphml.split("<node ")[0]  # graph attributes before the nodes
    gexf = expected["gexf"].decode()
    assert 'value="NaN"' in gexf and 'value="INF"' in gexf and 'value="-INF"' in gexf
    assert 'id="cn&amp;&lt;&gt;&quot;\'"' in gexf and "&#10;" in gexf  # attribute escaping
    assert "<description>level: person; note: a &amp; b &lt; c > d" in gexf


@pytest.mark.parametrize("kind", [nx.DiGraph, nx.Graph, nx.MultiDiGraph])
def test_an_empty_graph_matches_networkx(tmp_path, kind):
    expected = assert_same_bytes(kind(), tmp_path)
    assert b'<graph edgedefault="' in expected["graphml"] and b"<nodes />" in expected["gexf"]
    assert expected["nodes"] == b"Id,Label\n"


def test_graph_attributes_only_and_nodes_without_edges_match_networkx(tmp_path):
    assert_same_bytes(nx.DiGraph(level="bloc"), tmp_path / "attrs")
    nodes = nx.DiGraph(level="bloc")
    nodes.add_nodes_from(["b", "a"])
    assert_same_bytes(nodes, tmp_path / "nodes")


def test_empty_graph_attribute_and_graph_id_keep_networkx_quirks(tmp_path):
    # networkx writes "" as <data … />, which the old post-processing did not move up front,
    # and takes the graph attribute `id` as the graph element's id (left out of the GEXF description)
    for number, attrs in enumerate([{"a": "x", "b": "", "c": "z"}, {"a": "", "b": "y"}, {"b": ""},
                                    {"id": "g1", "level": "bloc"}, {"id": "only"}]):
        graph = nx.DiGraph(**attrs)
        graph.add_edge("u", "v", weight=1)
        expected = assert_same_bytes(graph, tmp_path / str(number))
        if "id" in attrs:
            assert b'<graph edgedefault="directed" id="' in expected["graphml"]
            assert b"id: " not in expected["gexf"]


def test_gexf_reserved_names_and_parents_match_networkx(tmp_path):
    graph = nx.MultiDiGraph()
    graph.add_node("a", id="x", type="t", pid="p", start=1, end=2, spells="s", viz="v", parents="pq")
    graph.add_node("b", label="Bee", key="k", networkx_key="n")
    graph.add_edge("a", "b", id="e", type="t", start=3, end=4, label="L", weight=0.5, key_value=1)
    graph.add_edge("b", "a", key="named")
    expected = assert_same_bytes(graph, tmp_path)
    assert b'<parent for="p" />' in expected["gexf"]  # networkx lists a text's letters as parents


def test_the_bloc_graph_with_metrics_matches_networkx(tmp_path):
    from analysis.network.metrics import actor_metrics

    graph = collapsed(ROWS, "bloc")
    assert_same_bytes(graph, tmp_path, actor_metrics(graph))


def test_unsupported_attribute_values_are_refused(tmp_path):
    from analysis.network.export import _gexf_lines, _graphml_lines

    graph = nx.DiGraph()
    graph.add_node("a", value=complex(1, 2))
    for lines in (_graphml_lines, _gexf_lines):
        with pytest.raises(TypeError, match="complex"):
            list(lines(graph))


def test_a_write_failing_half_way_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    from analysis.network import export

    write_graph_exports(collapsed(ROWS, "bloc"), tmp_path, "g")
    before = (tmp_path / "g.graphml").read_bytes()

    def disk_full(*args):
        yield "    <data key=\"d0\">partial</data>\n"
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "_graphml_data", disk_full)
    with pytest.raises(OSError, match="No space left") as failure:
        write_graph_exports(collapsed(ROWS, "bloc"), tmp_path, "g")
    assert failure.value.filename == str(tmp_path / "g.graphml")  # names the file asked for
    assert (tmp_path / "g.graphml").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["g.gexf", "g.graphml", "g_edges.csv", "g_nodes.csv"]


# ----------------------------------------------------------------- generated graphs

_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=6)
_VALUES = st.one_of(_TEXT, st.integers(-10**12, 10**12), st.booleans(),
                    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from(["", "&<>\"'", "Ñ 中国"]))
_NAMES = st.sampled_from(["kind", "bloc", "weight", "label", "note", "score", "w", "type", "start",
                          "net", "n_articles", "Ñ", "a&b", "<x>"])
_ATTRS = st.dictionaries(_NAMES, _VALUES, max_size=4)
_NODE_IDS = st.one_of(_TEXT, st.sampled_from(["us", "mx", "cn", "中国", "a&b", "\"q\""]))


@st.composite
def graphs(draw) -> nx.Graph:
    kind = draw(st.sampled_from([nx.DiGraph, nx.Graph, nx.MultiDiGraph, nx.MultiGraph]))
    graph = kind(**draw(st.dictionaries(st.sampled_from(["level", "relation_filter", "note", "n"]), _VALUES,
                                        max_size=3)))
    for node in draw(st.lists(_NODE_IDS, max_size=6, unique=True)):
        graph.add_node(node, **draw(_ATTRS))
    nodes = sorted(graph.nodes)
    if nodes:
        for u, v in draw(st.lists(st.tuples(st.sampled_from(nodes), st.sampled_from(nodes)), max_size=10)):
            graph.add_edge(u, v, **draw(_ATTRS))  # self loops and (in multigraphs) parallel edges
    return graph


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(graph=graphs())
def test_generated_graphs_match_networkx(tmp_path_factory, graph):
    assert_same_bytes(graph, tmp_path_factory.mktemp("g"))
