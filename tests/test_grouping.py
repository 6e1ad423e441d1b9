"""Small outlets grouped for legibility: exact sums on a hand-made comparison table."""

from __future__ import annotations

import pandas as pd

from analysis.measures.framing import narrator_vs_quoted
from analysis.measures.grouping import group_small_outlets
from analysis.report.framing_time import framing_caveats, voice_table


def _corpus(n_small: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One outlet `big` with two articles, and `n_small` outlets with one article each."""
    articles = pd.DataFrame({"article_id": ["b1", "b2", *(f"s{i}" for i in range(n_small))],
                             "outlet": ["big", "big", *(f"small{i:02d}" for i in range(n_small))]})
    rows = [("b1", 1, "narrator", "precursors"), ("b2", 1, "quote", "weapons")]
    # Each small outlet: one narrator sentence on trafficking; the first two also quote on cooperation.
    rows += [(f"s{i}", 1, "narrator", "trafficking") for i in range(n_small)]
    rows += [(f"s{i}", 2, "quote", "cooperation") for i in range(2)]
    statements = pd.DataFrame(rows, columns=["article_id", "sentence_no", "voice", "topic"])
    return statements, articles


def test_many_small_outlets_are_summed_exactly():
    statements, articles = _corpus(13)
    comparison = narrator_vs_quoted(statements, articles)
    grouped = group_small_outlets(comparison)
    assert list(dict.fromkeys(grouped["outlet"])) == ["big", "other outlets (13)"]
    other = grouped[grouped["outlet"] == "other outlets (13)"].set_index(["voice_group", "topic_group"])
    # 13 narrator sentences on trafficking (supply side); 2 quoted sentences on cooperation.
    assert other.loc[("narrator", "supply_side"), ["n_articles", "n", "n_voice", "share"]].tolist() == [
        13, 13, 13, 1.0]
    assert other.loc[("quoted", "cooperation"), ["n", "n_voice"]].tolist() == [2, 2]
    assert int(other["n"].sum()) == 15
    table = voice_table(comparison)
    assert "other outlets (13)" in set(table["Outlet"]) and "small00" not in set(table["Outlet"])
    caveats = framing_caveats(comparison)
    assert caveats[0].startswith('13 outlets with a single article each are summed as "other outlets (13)": '
                                 "small00, small01")


def test_few_outlets_are_left_as_they_are():
    statements, articles = _corpus(5)
    comparison = narrator_vs_quoted(statements, articles)
    assert group_small_outlets(comparison) is comparison
    assert "small00's figures rest on one article." in framing_caveats(comparison)
