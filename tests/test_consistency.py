"""One pair, one number: the seeds' China → United States tie counts the same in every section."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.network.balance import pair_weights
from analysis.network.counting import generic_mutual_sentences, tie_weights
from analysis.network.metrics import bloc_matrix, mutual_accusation_pairs
from analysis.report import network as nw
from analysis.report import summary as sm
from analysis.report.data import ReportData, load_report_data
from analysis.report.evidence import edge_evidence, full_evidence
from tests.conftest import RAW, REPO, run_cli

CURATED = REPO / "data" / "annotations" / "statements.csv"


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> ReportData:
    processed: Path = tmp_path_factory.mktemp("processed")
    run_cli("build", "--raw-dir", str(RAW), "--processed-dir", str(processed))
    return load_report_data(processed)


def test_china_to_united_states_is_one_number_everywhere(seeds: ReportData):
    graph = nw.actor_graph(seeds)
    accuse = int(graph.edges["cn", "us"]["relations"]["accuse"])
    assert accuse > 0
    assert int(bloc_matrix(nw.actor_statements(seeds), "accuse").loc["CN", "US"]) == accuse
    ties = tie_weights(graph).set_index(["speaker", "target"])
    assert int(ties.loc[("cn", "us"), "accuse"]) == accuse
    pairs = mutual_accusation_pairs(graph).set_index(["actor_a", "actor_b"])
    assert int(pairs.loc[("cn", "us"), "weight_ab"]) == accuse
    table = nw.with_and_without_generic(seeds).set_index("Pair")
    assert int(table.loc["CN → US", "Accusations (sentences)"]) == accuse
    headline = sm.headline_findings(seeds)[0]
    assert f"China accuses the United States in {accuse} sentences" in headline
    evidence = full_evidence(nw.counted_statements(seeds), seeds.articles, seeds.ontology, "bloc")
    shown, _ = edge_evidence(evidence, seeds.ontology)
    assert set(shown.loc[shown["Edge"].str.startswith("China → United States: accuse"), "Edge"]) == {
        f"China → United States: accuse (n = {accuse})"}


def test_blame_and_cooperation_of_a_pair_reconcile(seeds: ReportData):
    graph = nw.actor_graph(seeds)
    both = [graph.edges[u, v] for u, v in (("cn", "us"), ("us", "cn"))]
    pair = pair_weights(graph).set_index(["actor_a", "actor_b"]).loc[("cn", "us")]
    assert int(pair["blame"]) == sum(int(d["negative_weight"]) for d in both)
    assert int(pair["cooperation"]) == sum(int(d["positive_weight"]) for d in both)
    assert int(pair["net"]) == int(pair["cooperation"]) - int(pair["blame"])


def test_generic_mutual_blame_is_counted_once(seeds: ReportData):
    table = nw.generic_events_table(seeds)
    assert len(table) == 5  # the five flagged sentences of docs/codebook.md
    assert int(table["Rows in the file"].sum()) == 22
    text = " ".join(sm.headline_findings(seeds))
    assert re.search(r"5 sentences only say that the governments blame each other", text)


def test_the_outlets_never_appear_as_one_blamer(seeds: ReportData):
    graph = nw.actor_graph(seeds)
    assert not any(u == "media" for u, _ in graph.edges)
    voices = nw.narrator_by_outlet(seeds)
    assert list(voices["Outlet"]) == sorted(set(seeds.articles["outlet"]))
    assert voices.set_index("Outlet").loc["efe", "Stance"] == "reports without blaming in its own voice"


def test_the_flagged_rows_of_the_curated_file_are_the_detected_generic_sentences(seeds: ReportData):
    rows = pd.read_csv(CURATED, dtype=str, keep_default_na=False)
    flagged = rows[rows["note"].str.startswith("generic mutual blame")]
    detected = generic_mutual_sentences(seeds.statements)
    spans = {(a, int(s)) for a, s in zip(flagged["article_id"], flagged["start"], strict=True)}
    assert sorted(spans) == sorted(zip(detected["article_id"], detected["start"], strict=True))
    # the point-7 fixes: no call for cooperation is a demand, the joint pledge is no threat
    kept = rows[rows["status"] != "rejected"]
    assert kept[(kept["voice"] == "narrator") & (kept["topic"] == "cooperation")
                & (kept["relation"] == "demand")].empty
    pledge = rows[(rows["relation"] == "threaten") & rows["evidence"].str.startswith("agreed to tackle")]
    assert len(pledge) == 3 and set(pledge["status"]) == {"rejected"}


def test_a_headline_links_to_its_evidence_in_html_and_names_rows_in_pdf(seeds: ReportData):
    first = sm.story(seeds)[0]
    assert first.refs and first.robustness.startswith("'the United States accuses most' holds in ")
    assert '<a href="#Evidence-appendix">evidence rows E' in first._repr_html_()
    assert "evidence rows E" in first._repr_latex_() and "in the appendix" in first._repr_latex_()
