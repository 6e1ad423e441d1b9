"""The statement multigraph and its collapse to person, organisation and bloc level."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import pandas as pd
import pytest

from analysis.network.graph import (
    build_statement_graph,
    collapse_graph,
    negative_subgraph,
    roll_up_statements,
)

# ----------------------------------------------------------------- a tiny hand-made ontology

# actor id: (name, parent, kind, bloc)
ACTORS = {
    "us": ("United States", "", "country", "US"),
    "us_gov": ("US government", "us", "organisation", "US"),
    "dea": ("DEA", "us_gov", "organisation", "US"),
    "state": ("State Department", "us_gov", "organisation", "US"),
    "milgram": ("Anne Milgram", "dea", "person", "US"),
    "robinson": ("Todd Robinson", "state", "person", "US"),
    "mx": ("Mexico", "", "country", "MX"),
    "mx_pres": ("Mexican presidency", "mx", "organisation", "MX"),
    "amlo": ("Andrés Manuel López Obrador", "mx_pres", "person", "MX"),
    "cn": ("China", "", "country", "CN"),
    "cn_mfa": ("Chinese Foreign Ministry", "cn", "organisation", "CN"),
    "mao": ("Mao Ning", "cn_mfa", "person", "CN"),
    "cartels": ("Cartels", "", "group", "CARTELS"),
    "sinaloa": ("Sinaloa Cartel", "cartels", "group", "CARTELS"),
    "media": ("Media", "", "group", "MEDIA"),
    "nyt": ("The New York Times", "media", "outlet", "MEDIA"),
}


@dataclass(frozen=True)
class TinyActors:
    """A real, minimal ActorLookup over a parent map (person → organisation → bloc root)."""

    table: dict[str, tuple[str, str, str, str]]

    def _chain(self, actor_id: str) -> list[str]:
        chain = [actor_id]
        while self.table[chain[-1]][1]:
            chain.append(self.table[chain[-1]][1])
        return chain

    def roll_up(self, actor_id: str, level: str) -> str:
        if level == "person":
            return actor_id
        chain = self._chain(actor_id)
        if level == "bloc":
            return chain[-1]
        return next(a for a in chain if self.kind(a) != "person")

    def name(self, actor_id: str) -> str:
        return self.table[actor_id][0]

    def kind(self, actor_id: str) -> str:
        return self.table[actor_id][2]

    def bloc(self, actor_id: str) -> str:
        return self.table[actor_id][3]


LOOKUP = TinyActors(ACTORS)


def stmt(article: str, sentence: int, speaker: str, target: str, relation: str, start: int | None = None,
         **extra: object) -> dict[str, object]:
    """Return one statements row; offsets default to 100 per sentence so text order follows sentences."""
    start = sentence * 100 if start is None else start
    row = {
        "article_id": article, "sentence_no": sentence, "speaker": speaker, "target": target,
        "relation": relation, "topic": "other", "voice": "reported",
        "evidence": f"{speaker} {relation} {target}", "start": start, "end": start + 10,
        "speaker_bloc": LOOKUP.bloc(speaker), "target_bloc": LOOKUP.bloc(target),
        "source": "curated", "rule": "",
    }
    row.update(extra)
    return row


def frame(*rows: dict[str, object]) -> pd.DataFrame:
    """Return a statements table from rows."""
    return pd.DataFrame(list(rows))


def articles(*ids: str) -> pd.DataFrame:
    """Return an articles table: outlet nyt, published 2024-01-0N."""
    return pd.DataFrame({"article_id": list(ids), "outlet": ["nyt"] * len(ids),
                         "published": [f"2024-01-0{i + 1}" for i in range(len(ids))]})


def collapsed(statements: pd.DataFrame, level: str, relations=None) -> nx.DiGraph:
    """Build and collapse in one step."""
    arts = articles(*sorted(set(statements["article_id"])))
    return collapse_graph(build_statement_graph(statements, arts, LOOKUP), LOOKUP, level, relations)


# ----------------------------------------------------------------- the statement multigraph


def test_statement_graph_has_one_edge_per_statement_with_attributes():
    rows = frame(stmt("a1", 2, "milgram", "cn", "accuse"), stmt("a1", 3, "mao", "us", "deny"),
                 stmt("a2", 1, "amlo", "us", "cooperate"))
    graph = build_statement_graph(rows, articles("a1", "a2"), LOOKUP)
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.number_of_edges() == 3
    edge = graph.edges["milgram", "cn", 0]
    # accuse is a negative relation; outlet and date come from the articles table
    assert (edge["relation"], edge["sign"]) == ("accuse", -1)
    assert (edge["outlet"], edge["published"]) == ("nyt", "2024-01-01")
    assert (edge["sentence_no"], edge["start"], edge["end"]) == (2, 200, 210)
    assert graph.edges["amlo", "us", 0]["sign"] == 1  # cooperate is positive
    assert graph.nodes["mao"] == {"name": "Mao Ning", "kind": "person", "bloc": "CN", "level": "person"}


def test_statement_graph_order_does_not_depend_on_row_order():
    rows = frame(stmt("a2", 1, "amlo", "us", "cooperate"), stmt("a1", 5, "milgram", "cn", "accuse"),
                 stmt("a1", 2, "milgram", "cn", "accuse"))
    graph = build_statement_graph(rows, articles("a1", "a2"), LOOKUP)
    again = build_statement_graph(rows.iloc[::-1], articles("a1", "a2").iloc[::-1], LOOKUP)
    assert list(graph.edges(keys=True, data=True)) == list(again.edges(keys=True, data=True))
    # parallel edges are keyed in text order: key 0 is sentence 2, key 1 sentence 5
    assert [graph.edges["milgram", "cn", k]["sentence_no"] for k in (0, 1)] == [2, 5]
    assert list(graph.nodes) == ["amlo", "cn", "milgram", "us"]


def test_statement_graph_rejects_unknown_article_and_missing_column():
    rows = frame(stmt("a9", 1, "mao", "us", "deny"))
    with pytest.raises(ValueError, match="not in the articles table: a9"):
        build_statement_graph(rows, articles("a1"), LOOKUP)
    with pytest.raises(ValueError, match="missing column"):
        build_statement_graph(rows.drop(columns=["voice"]), articles("a9"), LOOKUP)


# ----------------------------------------------------------------- collapse and the repeat rule


def test_repeat_rule_two_statements_in_one_sentence_count_once():
    # Milgram (DEA) and the DEA both accuse China in sentence 4 of a1: at bloc level both are us → cn,
    # one sentence, so weight 1. Two edges exist at person level (milgram → cn, dea → cn), 1 each.
    rows = frame(stmt("a1", 4, "milgram", "cn", "accuse"), stmt("a1", 4, "dea", "cn", "accuse", start=420))
    bloc = collapsed(rows, "bloc")
    assert bloc.edges["us", "cn"]["weight"] == 1
    assert bloc.edges["us", "cn"]["n_articles"] == 1
    person = collapsed(rows, "person")
    assert person.edges["milgram", "cn"]["weight"] == person.edges["dea", "cn"]["weight"] == 1


def test_repeat_rule_same_claim_in_two_sentences_counts_twice():
    # the same claim in sentences 2 and 5 of a1 counts twice; a third in a2 makes 3 sentences in 2 articles
    rows = frame(stmt("a1", 2, "milgram", "cn", "accuse"), stmt("a1", 5, "milgram", "cn", "accuse"),
                 stmt("a2", 1, "milgram", "cn", "accuse"))
    edge = collapsed(rows, "bloc").edges["us", "cn"]
    assert (edge["weight"], edge["n_articles"]) == (3, 2)


def test_sentence_zero_statements_count_by_start_offset():
    # sentence_no 0 means outside body sentences: two claims there at different offsets are two units
    rows = frame(stmt("a1", 0, "milgram", "cn", "accuse", start=5),
                 stmt("a1", 0, "milgram", "cn", "accuse", start=50))
    assert collapsed(rows, "bloc").edges["us", "cn"]["weight"] == 2


def test_collapsed_edge_counts_signs_and_relations():
    # us → cn: accuse (s1), demand (s2), praise (s3), accuse+praise in s4.
    # negative sentences s1, s2, s4 = 3; positive s3, s4 = 2; weight 4 distinct sentences; net 2 − 3 = −1
    rows = frame(stmt("a1", 1, "milgram", "cn", "accuse"), stmt("a1", 2, "us_gov", "cn", "demand"),
                 stmt("a1", 3, "robinson", "cn", "praise"), stmt("a1", 4, "dea", "cn", "accuse"),
                 stmt("a1", 4, "state", "cn", "praise", start=430))
    edge = collapsed(rows, "bloc").edges["us", "cn"]
    assert (edge["weight"], edge["negative_weight"], edge["positive_weight"]) == (4, 3, 2)
    assert (edge["net"], edge["sign"]) == (-1, -1)
    assert edge["relations"] == {"accuse": 2, "demand": 1, "praise": 2}
    assert edge["relation_counts"] == "accuse:2;demand:1;praise:2"
    assert edge["dominant_relation"] == "accuse"  # tie 2–2 with praise, accuse comes first in the codebook
    assert edge["is_self_loop"] is False


def test_tied_edge_has_sign_zero():
    # one accuse and one cooperate in different sentences: net 0
    rows = frame(stmt("a1", 1, "amlo", "us", "accuse"), stmt("a1", 2, "amlo", "us", "cooperate"))
    edge = collapsed(rows, "bloc").edges["mx", "us"]
    assert (edge["net"], edge["sign"]) == (0, 0)


def test_self_statement_is_kept_as_flagged_self_loop():
    # Robinson (State Department) → us "recognizes its responsibility": at bloc level us → us
    rows = frame(stmt("a1", 1, "robinson", "us", "accuse"))
    graph = collapsed(rows, "bloc")
    assert graph.has_edge("us", "us") and graph.edges["us", "us"]["is_self_loop"] is True
    assert collapsed(rows, "organisation").edges["state", "us"]["is_self_loop"] is False


def test_organisation_level_lifts_people_to_their_organisation():
    rows = frame(stmt("a1", 1, "mao", "milgram", "accuse"))
    # Mao Ning → Chinese Foreign Ministry; Anne Milgram → DEA
    assert list(collapsed(rows, "organisation").edges) == [("cn_mfa", "dea")]
    graph = collapsed(rows, "organisation")
    assert graph.nodes["dea"] == {"name": "DEA", "kind": "organisation", "bloc": "US",
                                  "level": "organisation"}


def test_relation_filter_keeps_nodes_and_drops_edges():
    rows = frame(stmt("a1", 1, "amlo", "us", "cooperate"), stmt("a1", 2, "mao", "us", "deny"))
    graph = collapsed(rows, "bloc", relations=["deny"])
    assert list(graph.edges) == [("cn", "us")]
    assert sorted(graph.nodes) == ["cn", "mx", "us"]  # mx stays, without edges
    with pytest.raises(ValueError, match="unknown relation"):
        collapsed(rows, "bloc", relations=["blame"])


def test_unknown_level_is_a_clear_error():
    rows = frame(stmt("a1", 1, "mao", "us", "deny"))
    graph = build_statement_graph(rows, articles("a1"), LOOKUP)
    with pytest.raises(ValueError, match=r"unknown level 'foo': expected one of person, organisation, bloc"):
        collapse_graph(graph, LOOKUP, "foo")
    with pytest.raises(ValueError, match="unknown level 'foo'"):
        roll_up_statements(rows, LOOKUP, "foo")


def test_negative_subgraph_uses_negative_weight_and_drops_self_loops():
    rows = frame(stmt("a1", 1, "milgram", "cn", "accuse"), stmt("a1", 2, "robinson", "us", "accuse"),
                 stmt("a1", 3, "amlo", "us", "praise"))
    neg = negative_subgraph(collapsed(rows, "bloc"))
    # us → us is a self-loop and mx → us is positive: only us → cn remains, weight 1
    assert list(neg.edges(data="weight")) == [("us", "cn", 1)]
