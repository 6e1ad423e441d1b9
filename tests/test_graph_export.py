"""GraphML/GEXF/CSV exports are byte-deterministic and readable; figures draw deterministically."""

from __future__ import annotations

import csv
import io

import networkx as nx
import pytest
from matplotlib.figure import Figure

from analysis.network.export import write_graph_exports
from analysis.network.graph import build_statement_graph
from analysis.network.metrics import bloc_matrix
from analysis.report.display import figure_png
from analysis.report.figures import plot_blame_network, plot_bloc_matrix
from tests.test_graph import LOOKUP, articles, collapsed, frame, stmt

ROWS = frame(
    stmt("a1", 1, "milgram", "cn", "accuse"),
    stmt("a1", 2, "mao", "us", "deny"),
    stmt("a1", 3, "mao", "mx", "accuse"),
    stmt("a2", 1, "amlo", "us", "cooperate"),
    stmt("a2", 2, "amlo", "us", "accuse"),
    stmt("a2", 3, "robinson", "us", "accuse"),
)
FILES = ("graphml", "gexf", "nodes", "edges")


def test_exports_are_byte_identical_across_folders_and_row_orders(tmp_path):
    first = write_graph_exports(collapsed(ROWS, "bloc"), tmp_path / "one", "bloc_graph")
    shuffled = collapsed(ROWS.iloc[::-1], "bloc")
    second = write_graph_exports(shuffled, tmp_path / "two" / "deeper", "bloc_graph")
    assert sorted(first) == sorted(FILES)
    for kind in FILES:
        assert first[kind].read_bytes() == second[kind].read_bytes(), kind
        text = first[kind].read_text(encoding="utf-8")
        assert str(tmp_path) not in text  # no absolute paths
    assert b"lastmodifieddate" not in first["gexf"].read_bytes()  # networkx stamps today's date; removed
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == [  # no temp files left behind
        "bloc_graph.gexf", "bloc_graph.graphml", "bloc_graph_edges.csv", "bloc_graph_nodes.csv"]


def test_graphml_reads_back_with_scalar_attributes(tmp_path):
    paths = write_graph_exports(collapsed(ROWS, "bloc"), tmp_path, "bloc_graph")
    graph = nx.read_graphml(paths["graphml"])
    assert isinstance(graph, nx.DiGraph)
    assert sorted(graph.nodes) == ["cn", "mx", "us"]
    assert graph.nodes["cn"] == {"label": "China", "kind": "country", "bloc": "CN", "level": "bloc"}
    edge = graph.edges["mx", "us"]
    # mx → us: cooperate (a2 s1) and accuse (a2 s2): 2 sentences, net 1 − 1 = 0
    assert (edge["weight"], edge["net"], edge["sign"]) == (2, 0, 0)
    assert edge["relation_counts"] == "accuse:1;cooperate:1"
    assert (edge["n_accuse"], edge["n_cooperate"], edge["n_deny"]) == (1, 1, 0)  # one numeric column each
    assert (edge["blame_weight"], edge["support_weight"]) == (1, 1)
    assert edge["is_self_loop"] is False
    assert graph.edges["us", "us"]["is_self_loop"] is True
    assert "relations" not in edge and "sentences" not in edge  # dict and tuples are not exported
    gexf = nx.read_gexf(paths["gexf"])
    assert gexf.nodes["cn"]["label"] == "China"
    assert gexf.edges["us", "cn"]["weight"] == 1


def test_csv_exports_have_sorted_rows_and_fixed_columns(tmp_path):
    paths = write_graph_exports(collapsed(ROWS, "bloc"), tmp_path, "g")
    nodes = list(csv.DictReader(io.StringIO(paths["nodes"].read_text(encoding="utf-8"))))
    assert [n["Id"] for n in nodes] == ["cn", "mx", "us"]
    assert list(nodes[0])[:5] == ["Id", "Label", "kind", "bloc", "level"]
    assert "name" not in nodes[0]  # igraph and R take `name` as the vertex id column
    edges = list(csv.DictReader(io.StringIO(paths["edges"].read_text(encoding="utf-8"))))
    assert [(e["Source"], e["Target"]) for e in edges] == [("cn", "mx"), ("cn", "us"), ("mx", "us"),
                                                          ("us", "cn"), ("us", "us")]
    assert list(edges[0])[:7] == ["Source", "Target", "Type", "weight", "blame_weight", "support_weight",
                                  "net"]
    assert {e["Type"] for e in edges} == {"Directed"}


def test_statement_multigraph_exports_rename_gexf_reserved_attributes(tmp_path):
    graph = build_statement_graph(ROWS, articles("a1", "a2"), LOOKUP)
    paths = write_graph_exports(graph, tmp_path, "statements")
    gexf = nx.read_gexf(paths["gexf"])
    # networkx's GEXF writer would read start/end as time spells; they are offsets here
    edge = next(iter(gexf.edges(data=True)))[2]
    assert "start_offset" in edge and "start" not in edge
    edges = list(csv.DictReader(io.StringIO(paths["edges"].read_text(encoding="utf-8"))))
    assert {"start_offset", "end_offset"} <= set(edges[0]) and "start" not in edges[0]
    graphml = nx.read_graphml(paths["graphml"])
    assert graphml.number_of_edges() == len(ROWS)


def test_stem_must_be_a_plain_name(tmp_path):
    with pytest.raises(ValueError, match="stem must be a plain file name"):
        write_graph_exports(collapsed(ROWS, "bloc"), tmp_path, "../escape")


# ----------------------------------------------------------------- figures


def test_blame_network_figure_is_deterministic_and_titled():
    graph = collapsed(ROWS, "bloc")
    fig = plot_blame_network(graph, "bloc")
    assert isinstance(fig, Figure) and fig.get_figwidth() == 6.5
    title = fig.get_suptitle()
    # 6 statements in 6 distinct sentences of 2 articles; 4 ties between actors and the us → us loop
    assert "n = 6 sentences in 2 articles; 4 ties, 1 self-statement loop not drawn" in title
    assert figure_png(fig) == figure_png(plot_blame_network(graph, "bloc"))


def test_bloc_matrix_figure_writes_counts_in_cells():
    fig = plot_bloc_matrix(bloc_matrix(ROWS, "accuse"), "accuse")
    texts = [t.get_text() for t in fig.axes[0].texts]
    # all-zero rows and columns are left out: us, cn, mx speak and are accused (3 × 3 cells);
    # us→cn, cn→mx, mx→us, us→us carry one sentence each, starred as fewer than 5
    assert len(texts) == 9 and texts.count("1*") == 4
    assert fig.axes[0].get_xlabel().startswith("Target bloc")


def test_csv_exports_neutralise_formula_text_and_leave_numbers_alone(tmp_path):
    graph = nx.DiGraph()
    graph.add_node("=cmd", name="=HYPERLINK(\"http://x\")", kind="@outlet", bloc="+US", level="bloc")
    graph.add_node("us", name="-United States", kind="country", bloc="US", level="bloc")
    graph.add_edge("=cmd", "us", weight=2, net=-3, share=-0.5, relation="\tcr")
    paths = write_graph_exports(graph, tmp_path, "g")
    nodes = list(csv.DictReader(io.StringIO(paths["nodes"].read_text(encoding="utf-8"))))
    assert [(n["Id"], n["Label"], n["kind"], n["bloc"]) for n in nodes] == [
        ("'=cmd", "'=HYPERLINK(\"http://x\")", "'@outlet", "'+US"),
        ("us", "'-United States", "country", "US")]
    edges = list(csv.DictReader(io.StringIO(paths["edges"].read_text(encoding="utf-8"))))
    assert [(e["Source"], e["net"], e["share"], e["relation"], e["weight"]) for e in edges] == [
        ("'=cmd", "-3", "-0.5", "'\tcr", "2")]


def test_neutralise_round_trips_every_text_exactly():
    from analysis.store.csvfile import neutralise, unneutralise

    texts = ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "'=x", "'", "''", "plain", "", "a=b", "'plain"]
    assert [neutralise(t) for t in texts] == [
        "'=1+1", "'+1", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "''=x", "''", "'''", "plain", "", "a=b",
        "''plain"]
    assert [unneutralise(neutralise(t)) for t in texts] == texts
    assert [neutralise(v) for v in (-3, -0.5, 2)] == [-3, -0.5, 2]


# ----------------------------------------------------------------- the tools users load them into

GEXF_NS = "{http://www.gexf.net/1.2draft}"
# GEXF 1.2draft (gexf.xsd, data.xsd): the attributes each element may carry, and its children in order.
GEXF_ATTRIBUTES = {
    "gexf": {"version", "variant", "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"},
    "graph": {"timeformat", "start", "startopen", "end", "endopen", "defaultedgetype", "idtype", "mode"},
    "attributes": {"class", "mode", "start", "startopen", "end", "endopen"},
    "attribute": {"id", "title", "type"},
    "node": {"id", "label", "start", "startopen", "end", "endopen", "pid"},
    "edge": {"id", "type", "label", "source", "target", "weight", "start", "startopen", "end", "endopen"},
    "attvalue": {"for", "value", "start", "startopen", "end", "endopen"},
}
GEXF_TYPES = {"integer", "long", "double", "float", "boolean", "liststring", "string", "anyURI"}


def _check_gexf(path) -> None:
    """Check the rules of the official 1.2draft schema our files can break (what networkx gets wrong)."""
    import xml.etree.ElementTree as ET

    root = ET.parse(path).getroot()
    assert root.tag == f"{GEXF_NS}gexf" and root.get("version") == "1.2"
    assert [child.tag for child in root] == [f"{GEXF_NS}meta", f"{GEXF_NS}graph"]
    declared: dict[str, dict[str, str]] = {"node": {}, "edge": {}}
    for element in root.iter():
        local = element.tag.removeprefix(GEXF_NS)
        if local in GEXF_ATTRIBUTES:
            assert set(element.attrib) <= GEXF_ATTRIBUTES[local], (local, element.attrib)
        if local == "attribute":
            assert element.get("type") in GEXF_TYPES
    graph = root.find(f"{GEXF_NS}graph")
    children = [child.tag.removeprefix(GEXF_NS) for child in graph]
    assert children == sorted(children, key=lambda t: t != "attributes")  # attributes before nodes/edges
    for block in graph.findall(f"{GEXF_NS}attributes"):
        declared[block.get("class")] = {a.get("id"): a.get("type") for a in block}
    for kind in ("node", "edge"):
        for element in graph.iter(f"{GEXF_NS}{kind}"):
            for value in element.iter(f"{GEXF_NS}attvalue"):
                kind_of = declared[kind][value.get("for")]
                if kind_of == "boolean":
                    assert value.get("value") in ("true", "false")
                elif kind_of in ("long", "integer"):
                    int(value.get("value"))
                elif kind_of in ("double", "float"):
                    float(value.get("value"))


def test_gexf_keeps_to_the_1_2draft_schema(tmp_path):
    from analysis.network.metrics import actor_metrics

    graph = collapsed(ROWS, "bloc")
    paths = write_graph_exports(graph, tmp_path, "g", actor_metrics(graph))
    _check_gexf(paths["gexf"])
    text = paths["gexf"].read_text(encoding="utf-8")
    assert 'name=""' not in text and "<description>level: bloc; relation_filter: all</description>" in text
    _check_gexf(write_graph_exports(build_statement_graph(ROWS, articles("a1", "a2"), LOOKUP), tmp_path,
                                    "s")["gexf"])


def test_graphml_writes_graph_attributes_before_nodes(tmp_path):
    text = write_graph_exports(collapsed(ROWS, "bloc"), tmp_path, "g")["graphml"].read_text(encoding="utf-8")
    graph_at = text.index("<graph ")
    assert text.index('<data key="d0">bloc</data>', graph_at) < text.index("<node ", graph_at)
    read = nx.read_graphml(tmp_path / "g.graphml").graph
    assert (read["level"], read["relation_filter"]) == ("bloc", "all")


def test_node_metrics_are_node_attributes_in_every_format(tmp_path):
    from analysis.network.metrics import actor_metrics

    graph = collapsed(ROWS, "bloc")
    metrics = actor_metrics(graph)
    paths = write_graph_exports(graph, tmp_path, "g", metrics)
    expected = metrics.set_index("actor").loc["us"]
    graphml = nx.read_graphml(paths["graphml"])
    gexf = nx.read_gexf(paths["gexf"])
    nodes = {n["Id"]: n for n in csv.DictReader(io.StringIO(paths["nodes"].read_text(encoding="utf-8")))}
    for column in ("blame_received", "blame_given", "net_blame", "pagerank"):
        assert graphml.nodes["us"][column] == pytest.approx(expected[column], abs=1e-10)
        assert gexf.nodes["us"][column] == pytest.approx(expected[column], abs=1e-10)
        assert float(nodes["us"][column]) == pytest.approx(expected[column], abs=1e-10)
    assert (expected["blame_received"], expected["blame_given"]) == (2, 1)  # cn→us deny, mx→us accuse


def test_igraph_loads_the_csvs_as_they_are_and_agrees_on_pagerank(tmp_path):
    ig = pytest.importorskip("igraph")
    import pandas as pd

    from analysis.network.metrics import actor_metrics

    graph = collapsed(ROWS, "bloc")
    metrics = actor_metrics(graph)
    paths = write_graph_exports(graph, tmp_path, "g", metrics)
    nodes, edges = pd.read_csv(paths["nodes"]), pd.read_csv(paths["edges"])
    loaded = ig.Graph.DataFrame(edges, directed=True, vertices=nodes, use_vids=False)
    assert loaded.vs["name"] == ["cn", "mx", "us"] and loaded.vs["Label"][2] == "United States"
    assert loaded.ecount() == 5 and loaded.es["n_accuse"] == [1, 0, 1, 1, 1]
    blame = loaded.subgraph_edges(loaded.es.select(lambda e: e["blame_weight"] > 0 and not e.is_loop()),
                                  delete_vertices=False)
    ranks = dict(zip(blame.vs["name"], blame.pagerank(weights="blame_weight", damping=0.85), strict=True))
    ours = metrics.set_index("actor")["pagerank"]
    assert all(abs(ranks[a] - ours[a]) < 1e-9 for a in ours.index)
    read = ig.Graph.Read_GraphML(str(paths["graphml"]))
    assert sorted(read.vs["id"]) == ["cn", "mx", "us"] and read.ecount() == 5


def test_the_builds_three_levels_export_for_gephi_and_igraph(tmp_path):
    ig = pytest.importorskip("igraph")
    import pandas as pd

    from analysis.build.pipeline import BuildSettings, build_processed
    from tests.conftest import RAW

    build_processed(BuildSettings(RAW, tmp_path / "processed", curated=None))
    graph_dir = tmp_path / "processed" / "graph"
    for level in ("person", "organisation", "bloc"):
        _check_gexf(graph_dir / f"blame_{level}.gexf")
        nodes = pd.read_csv(graph_dir / f"blame_{level}_nodes.csv", keep_default_na=False)
        edges = pd.read_csv(graph_dir / f"blame_{level}_edges.csv", keep_default_na=False)
        loaded = ig.Graph.DataFrame(edges, directed=True, vertices=nodes, use_vids=False)
        assert loaded.vcount() == len(nodes) and loaded.ecount() == len(edges) > 0, level
        per_relation = [c for c in edges.columns if c.startswith("n_") and c != "n_articles"]
        relation_sum = edges[per_relation].sum(axis=1)
        assert (relation_sum >= edges["weight"]).all()  # every sentence counted under some relation
        metrics = pd.read_csv(graph_dir / f"blame_{level}_metrics.csv")
        assert sorted(metrics["actor"]) == sorted(nodes["Id"])
        assert dict(zip(nodes["Id"], nodes["pagerank"], strict=True)) == pytest.approx(
            dict(zip(metrics["actor"], metrics["pagerank"], strict=True)), abs=1e-10)
