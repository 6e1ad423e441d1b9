"""Framing: topic-group shares per bloc and narrator vs quoted voices, on hand-made statements."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from analysis.measures.framing import narrator_vs_quoted, topic_shares_by_bloc
from analysis.report.figures import plot_topic_shares
from analysis.report.framing_time import framing_caveats
from analysis.store.schemas import StatementsSchema


def statement(article_id: str, sentence_no: int, speaker_bloc: str, topic: str, voice: str = "reported",
              relation: str = "accuse") -> dict[str, object]:
    """Return one statement row with every StatementsSchema column (evidence is a placeholder)."""
    return {
        "article_id": article_id, "sentence_no": sentence_no, "speaker": speaker_bloc.lower(),
        "target": "cn", "relation": relation, "topic": topic, "voice": voice, "evidence": "x",
        "start": 0, "end": 1, "speaker_bloc": speaker_bloc, "target_bloc": "CN", "source": "curated",
        "rule": "",
    }


def statements(*rows: dict[str, object]) -> pd.DataFrame:
    return StatementsSchema.validate(pd.DataFrame(list(rows)))


def articles(*pairs: tuple[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"article_id": [a for a, _ in pairs], "outlet": [o for _, o in pairs]})


@pytest.fixture
def bloc_statements() -> pd.DataFrame:
    # US: sentences a1/1 and a1/2 about precursors/trafficking (supply side), a2/1 about consumption.
    # a1/1 carries two supply-side statements (two targets): it still counts as one sentence.
    # CN: one sentence about sovereignty.
    return statements(
        statement("a1", 1, "US", "precursors"),
        statement("a1", 1, "US", "trafficking", relation="demand"),
        statement("a1", 2, "US", "production"),
        statement("a2", 1, "US", "consumption"),
        statement("a2", 3, "CN", "sovereignty"),
    )


def test_shares_count_distinct_sentences_per_bloc(bloc_statements):
    shares = topic_shares_by_bloc(bloc_statements).set_index(["speaker_bloc", "topic_group"])
    assert shares.loc[("US", "supply_side"), "n"] == 2  # a1/1 and a1/2, not 3 statements
    assert shares.loc[("US", "supply_side"), "n_bloc"] == 3
    assert shares.loc[("US", "supply_side"), "share"] == pytest.approx(2 / 3)
    assert shares.loc[("US", "consumption"), "share"] == pytest.approx(1 / 3)
    assert shares.loc[("US", "supply_side"), "n_articles"] == 1
    assert shares.loc[("CN", "sovereignty"), "share"] == 1.0


def test_shares_have_a_full_grid_in_codebook_order(bloc_statements):
    shares = topic_shares_by_bloc(bloc_statements)
    assert list(shares.columns) == ["speaker_bloc", "topic_group", "n", "n_articles", "n_bloc", "share"]
    assert list(dict.fromkeys(shares["speaker_bloc"])) == ["US", "CN"]  # codebook order, not alphabetical
    us = shares[shares["speaker_bloc"] == "US"]
    assert list(us["topic_group"]) == [
        "supply_side", "consumption", "weapons", "sovereignty", "cooperation", "other"]
    assert us.loc[us["topic_group"] == "weapons", "n"].item() == 0
    assert us["share"].sum() == pytest.approx(1.0)


def test_narrator_and_quoted_voices_are_compared_per_outlet():
    frame = statements(
        statement("s1", 1, "MEDIA", "cooperation", voice="narrator"),
        statement("s1", 2, "MEDIA", "precursors", voice="narrator"),
        statement("s1", 3, "CN", "consumption", voice="quote"),
        statement("s1", 4, "US", "precursors", voice="reported"),
        statement("e1", 1, "US", "weapons", voice="reported"),
    )
    table = narrator_vs_quoted(frame, articles(("s1", "scmp"), ("e1", "efe"), ("e2", "efe")))
    table = table.set_index(["outlet", "voice_group", "topic_group"])
    assert table.loc[("scmp", "narrator", "cooperation"), "share"] == 0.5
    assert table.loc[("scmp", "quoted", "consumption"), "n"] == 1
    assert table.loc[("scmp", "quoted", "supply_side"), "n_voice"] == 2
    assert table.loc[("efe", "quoted", "weapons"), "share"] == 1.0
    assert table.loc[("efe", "narrator", "weapons"), "n_voice"] == 0
    assert pd.isna(table.loc[("efe", "narrator", "weapons"), "share"])  # no narrator statements: no share
    assert table.loc[("efe", "quoted", "weapons"), "n_articles"] == 2  # e2 has no statements but counts


def test_caveats_name_single_article_outlets_and_missing_voices():
    frame = statements(
        statement("s1", 1, "MEDIA", "cooperation", voice="narrator"),
        statement("e1", 1, "US", "weapons", voice="reported"),
    )
    outlets = articles(("s1", "scmp"), ("e1", "efe"), ("e2", "efe"))
    caveats = framing_caveats(narrator_vs_quoted(frame, outlets))
    assert "scmp's figures rest on one article." in caveats
    assert "efe's figures rest on one article." not in caveats
    assert "efe has no coded statements from its narrator, so there is no share to compare." in caveats
    assert "scmp's shares for its narrator rest on 1 sentence only." in caveats


def test_statements_of_unknown_articles_are_an_error():
    with pytest.raises(ValueError, match="missing from the articles table: zz"):
        narrator_vs_quoted(statements(statement("zz", 1, "US", "other")), articles(("a1", "efe")))


def test_plot_labels_axes_and_shows_n(bloc_statements):
    fig = plot_topic_shares(topic_shares_by_bloc(bloc_statements))
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["US (n=3)*", "CN (n=1)*"]  # *: under 5
    assert ax.get_xlabel() and ax.get_ylabel() == "Speaker bloc"
    plt.close(fig)


def test_plot_of_no_statements_says_so():
    empty = topic_shares_by_bloc(statements(statement("a", 1, "US", "other")).iloc[0:0])
    fig = plot_topic_shares(empty)
    assert "No statements to show" in [t.get_text() for t in fig.axes[0].texts]
    plt.close(fig)
