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
    assert graph.nodes["cn"] == {"name": "China", "kind": "country", "bloc": "CN", "level": "bloc"}
    edge = graph.edges["mx", "us"]
    # mx → us: cooperate (a2 s1) and accuse (a2 s2): 2 sentences, net 1 − 1 = 0
    assert (edge["weight"], edge["net"], edge["sign"]) == (2, 0, 0)
    assert edge["relation_counts"] == "accuse:1;cooperate:1"
    assert edge["is_self_loop"] is False
    assert graph.edges["us", "us"]["is_self_loop"] is True
    assert "relations" not in edge and "sentences" not in edge  # dict and tuples are not exported
    gexf = nx.read_gexf(paths["gexf"])
    assert gexf.nodes["cn"]["label"] == "China"
    assert gexf.edges["us", "cn"]["weight"] == 1


def test_csv_exports_have_sorted_rows_and_fixed_columns(tmp_path):
    paths = write_graph_exports(collapsed(ROWS, "bloc"), tmp_path, "g")
    nodes = list(csv.DictReader(io.StringIO(paths["nodes"].read_text(encoding="utf-8"))))
    assert [n["id"] for n in nodes] == ["cn", "mx", "us"]
    assert list(nodes[0])[:5] == ["id", "name", "kind", "bloc", "level"]
    edges = list(csv.DictReader(io.StringIO(paths["edges"].read_text(encoding="utf-8"))))
    assert [(e["source"], e["target"]) for e in edges] == [("cn", "mx"), ("cn", "us"), ("mx", "us"),
                                                          ("us", "cn"), ("us", "us")]
    assert list(edges[0])[:4] == ["source", "target", "weight", "n_articles"]


def test_statement_multigraph_exports_rename_gexf_reserved_attributes(tmp_path):
    graph = build_statement_graph(ROWS, articles("a1", "a2"), LOOKUP)
    paths = write_graph_exports(graph, tmp_path, "statements")
    gexf = nx.read_gexf(paths["gexf"])
    # networkx's GEXF writer would read start/end as time spells; they are offsets here
    edge = next(iter(gexf.edges(data=True)))[2]
    assert "start_offset" in edge and "start" not in edge
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
    assert [(n["id"], n["name"], n["kind"], n["bloc"]) for n in nodes] == [
        ("'=cmd", "'=HYPERLINK(\"http://x\")", "'@outlet", "'+US"),
        ("us", "'-United States", "country", "US")]
    edges = list(csv.DictReader(io.StringIO(paths["edges"].read_text(encoding="utf-8"))))
    assert [(e["source"], e["net"], e["share"], e["relation"], e["weight"]) for e in edges] == [
        ("'=cmd", "-3", "-0.5", "'\tcr", "2")]


def test_neutralise_round_trips_every_text_exactly():
    from analysis.store.csvfile import neutralise, unneutralise

    texts = ["=1+1", "+1", "-2", "@SUM(A1)", "\tx", "\rx", "'=x", "'", "''", "plain", "", "a=b", "'plain"]
    assert [neutralise(t) for t in texts] == [
        "'=1+1", "'+1", "'-2", "'@SUM(A1)", "'\tx", "'\rx", "''=x", "''", "'''", "plain", "", "a=b",
        "''plain"]
    assert [unneutralise(neutralise(t)) for t in texts] == texts
    assert [neutralise(v) for v in (-3, -0.5, 2)] == [-3, -0.5, 2]
