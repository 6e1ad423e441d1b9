"""How the report shows things: real lists, captions, no empty columns, readable colours,
figure alt text, table widths in print, one <h1>."""

from __future__ import annotations

import nbformat
import networkx as nx
import pandas as pd
from bs4 import BeautifulSoup

from analysis.report.display import (
    BLOC_COLOURS,
    Bullets,
    Prose,
    Table,
    _latex_cell,
    _minimum_shares,
    column_shares,
    contrast_ratio,
    show_figure,
    table_font_size,
)
from analysis.report.figures import EDGE_STYLES, TOPIC_GROUP_COLOURS, plot_blame_network, plot_bloc_matrix
from analysis.report.render import demote_headings, merge_list_outputs


def test_every_palette_colour_has_3_to_1_contrast_on_white():
    colours = {**BLOC_COLOURS, **{f"sign {s}": c for s, (c, _, _) in EDGE_STYLES.items()},
               **TOPIC_GROUP_COLOURS}
    assert {name: c for name, c in colours.items() if contrast_ratio(c) < 3.0} == {}
    assert round(contrast_ratio("#000000"), 1) == 21.0 and contrast_ratio("#FFFFFF") == 1.0


def test_a_bullet_paragraph_is_a_real_list_and_lists_of_one_cell_merge():
    expected = '<ul class="report-list"><li><strong>A</strong> and b</li></ul>'
    assert Prose("• **A** and b")._repr_html_() == expected
    assert Bullets(["x & y"])._repr_latex_() == "\\begin{itemize}\n\\item x \\& y\n\\end{itemize}\n"
    cell = nbformat.v4.new_code_cell("")
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        "text/html": Prose(f"• item {i}")._repr_html_(), "text/latex": Prose(f"• item {i}")._repr_latex_(),
        "text/plain": f"item {i}"}) for i in (1, 2, 3)]
    merged = merge_list_outputs(cell)
    assert len(merged.outputs) == 1
    assert merged.outputs[0]["data"]["text/html"] == (
        '<ul class="report-list"><li>item 1</li><li>item 2</li><li>item 3</li></ul>')
    assert merged.outputs[0]["data"]["text/latex"].count("\\item") == 3
    assert merged.outputs[0]["data"]["text/latex"].count("\\begin{itemize}") == 1


def test_tables_have_a_caption_and_no_empty_column():
    frame = pd.DataFrame({"Actor": ["China", "Mexico"], "Note": [None, ""], "n": [3, 12_966]})
    frame.columns.name = "relation"  # a pivot's axis name would show as a stray header cell
    soup = BeautifulSoup(Table(frame)._repr_html_(), "html.parser")
    assert soup.find("caption").get_text() == "Table: Actor and n"
    assert [th.get_text() for th in soup.find_all("th")] == ["Actor", "n"]
    assert "Note" not in Table(frame, caption="Counts")._repr_latex_()
    captioned = BeautifulSoup(Table(frame, caption="Counts")._repr_html_(), "html.parser")
    assert captioned.caption.string == "Counts"


def test_a_table_without_rows_says_none_instead_of_showing_bare_headers():
    empty = Table(pd.DataFrame(columns=["Actor A", "Actor B"]), caption="Mutual accusation pairs")
    assert empty._repr_html_() == '<p class="table-note"><strong>Mutual accusation pairs</strong>: none.</p>'
    assert empty._repr_latex_() == "\\textbf{Mutual accusation pairs}: none.\n"


def test_print_columns_are_never_narrower_than_their_longest_word():
    frame = pd.DataFrame({c: ["12,966", "a fentanyl-related thing"] for c in
                          ["Article", "Outlet", "Title", "Published", "Sentences", "Body chars", "Removed"]})
    shares = column_shares(frame, [1, 1, 4, 1, 1, 1, 1])
    size, scale = table_font_size(frame)
    assert size == "\\footnotesize"
    assert all(s >= m * scale - 1e-9 for s, m in zip(shares, _minimum_shares(frame), strict=True))
    assert round(sum(shares), 9) == 1.0
    assert shares[2] == max(shares)  # the title column gets the room it asked for


def test_a_column_of_capitals_is_wider_than_one_of_digits_of_the_same_length():
    frame = pd.DataFrame({"Bloc": ["SUPPLIERS"], "Count": ["123456789"], "n": ["1"]})
    caps, digits, _ = _minimum_shares(frame)
    assert caps > digits


def test_words_break_only_after_their_own_hyphen_ids_break_anywhere():
    assert _latex_cell("fentanyl-related") == "fentanyl-\\allowbreak{}related"
    assert _latex_cell("Internationally") == "Internationally"
    assert "\\allowbreak{}" in _latex_cell("002_34dd3f436da6c92f")
    assert _latex_cell("+--") == "+-{}-" and _latex_cell("---") == "-{}-{}-"  # signs, not dashes


def test_figures_carry_alt_text_with_their_numbers():
    graph = nx.DiGraph()
    for node, bloc in (("us", "US"), ("cn", "CN"), ("cartels", "CARTELS")):
        graph.add_node(node, bloc=bloc, name={"us": "United States", "cn": "China"}.get(node, "Cartels"))
    graph.add_edge("cn", "us", weight=7, negative_weight=7, positive_weight=0, sign=-1,
                   sentences=tuple(range(7)), articles=("a1", "a2"), relations={"accuse": 7})
    graph.add_edge("us", "cartels", weight=3, negative_weight=2, positive_weight=1, sign=-1,
                   sentences=(10, 11, 12), articles=("a1",), relations={"accuse": 2, "cooperate": 1})
    alt = _alt(show_figure(plot_blame_network(graph, "bloc")))
    assert alt == ("Two network panels at bloc level, 3 actors (2 of them governments, on the inner ring), "
                   "2 ties from 10 sentences in 2 articles. Blame panel: 2 ties, strongest China to United "
                   "States (7 sentences). Support panel: 1 tie, strongest United States to Cartels "
                   "(1 sentence).")
    blocs = ["US", "MX", "CN"]
    matrix = pd.DataFrame([[0, 4, 0], [0, 0, 0], [0, 9, 0]], index=blocs, columns=blocs)
    fig = plot_bloc_matrix(matrix, "accuse")
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["US", "CN"]  # all-zero MX row left out
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["MX"]
    assert sorted(t.get_text() for t in fig.axes[0].texts) == ["4*", "9"]  # * : fewer than 5 sentences
    assert _alt(show_figure(fig)).endswith("the largest cell is CN about MX with 9.")


def _alt(image) -> str:
    return image._repr_mimebundle_()[1]["image/png"]["alt"]


def test_markdown_headings_are_demoted_so_the_title_is_the_one_h1():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Summary\n\ntext\n\n## Part"),
                                         nbformat.v4.new_markdown_cell('<h1 class="report-title">T</h1>')])
    demote_headings(nb)
    assert nb.cells[0].source == "## Summary\n\ntext\n\n### Part"
    assert nb.cells[1].source == '<h1 class="report-title">T</h1>'
