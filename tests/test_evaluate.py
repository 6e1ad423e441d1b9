"""Evaluation on hand-made statement sets whose scores can be checked by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.curation.evaluate import evaluate, score_match
from analysis.ontology import load_ontology
from analysis.text.baseline import baseline_statements
from tests.conftest import FIXTURES

COLUMNS = ["article_id", "speaker", "target", "relation", "topic", "start", "end",
           "speaker_bloc", "target_bloc"]


def frame(rows):
    return pd.DataFrame(rows, columns=COLUMNS)


GOLD = frame([
    ("a", "li_wei", "us", "accuse", "consumption", 10, 30, "CN", "US"),
    ("a", "li_wei", "us", "accuse", "consumption", 50, 70, "CN", "US"),   # same bloc key, 2nd sentence
    ("a", "jane_roe", "mx", "demand", "trafficking", 90, 110, "US", "MX"),
])
PRED = frame([
    ("a", "cn_mfa", "us", "accuse", "consumption", 12, 20, "CN", "US"),   # overlaps gold 1
    ("a", "cn_mfa", "us", "accuse", "consumption", 15, 25, "CN", "US"),   # overlaps gold 1 only
    ("a", "jane_roe", "mx", "demand", "trafficking", 200, 210, "US", "MX"),  # no overlap
])


def test_bloc_match_scores_sets_of_keys():
    score = score_match(GOLD, PRED, "bloc")
    # gold keys {(a,CN,US,accuse),(a,US,MX,demand)}; predicted keys the same two → perfect
    assert (score.n_gold, score.n_pred, score.n_match) == (2, 2, 2)
    assert score.f1 == 1.0


def test_grounded_match_matches_one_to_one_in_text_order():
    score = score_match(GOLD, PRED, "grounded")
    # gold 1 ↔ pred 1; gold 2 (50–70) overlaps no prediction; pred 2 cannot reuse gold 1;
    # the demand prediction does not overlap its gold span → 1 match of 3 and 3
    assert (score.n_gold, score.n_pred, score.n_match) == (3, 3, 1)
    assert score.precision == pytest.approx(1 / 3) and score.recall == pytest.approx(1 / 3)


def test_strict_match_needs_the_exact_actors_and_topic():
    score = score_match(GOLD, PRED, "strict")
    # strict keys: gold {li_wei→us accuse, jane_roe→mx demand}; pred {cn_mfa→us, jane_roe→mx} → 1 match
    assert (score.n_gold, score.n_pred, score.n_match) == (2, 2, 1)
    assert score.f1 == pytest.approx(0.5)


def test_evaluate_reports_each_relation_and_method():
    table = evaluate(GOLD, {"extractor": PRED})
    demand = table[(table.match == "bloc") & (table.relation == "demand")].iloc[0]
    assert (demand.n_gold, demand.n_pred, demand.n_match) == (1, 1, 1)
    praise = table[(table.match == "bloc") & (table.relation == "praise")].iloc[0]
    assert (praise.n_gold, praise.n_pred, praise.f1) == (0, 0, 0.0)
    with pytest.raises(ValueError):
        score_match(GOLD, PRED, "fuzzy")


def test_baseline_pairs_every_bloc_named_in_a_sentence():
    sentences = pd.DataFrame([("a", 1, 1, 0, 40, False, "Beijing and Washington met Mexico City.")],
                             columns=["article_id", "sentence_no", "paragraph_no", "start", "end",
                                      "is_title", "text"])
    baseline = baseline_statements(sentences, load_ontology(FIXTURES / "test_actors.csv"))
    # three blocs (CN, US, MX) → 3 × 2 ordered pairs, all `accuse`
    assert len(baseline) == 6 and set(baseline["relation"]) == {"accuse"}
    assert ("CN", "US") in set(zip(baseline["speaker_bloc"], baseline["target_bloc"], strict=True))


def test_cli_extracts_then_scores_against_the_curated_statements(tmp_path):
    from tests.conftest import REPO, run_cli

    predicted = tmp_path / "auto.csv"
    run_cli("extract", "--raw-dir", str(REPO / "data" / "raw"), "--out", str(predicted))
    scores = tmp_path / "scores.csv"
    result = run_cli("evaluate", "--gold", str(REPO / "data" / "annotations" / "statements.csv"),
                     "--pred", str(predicted), "--out", str(scores))
    table = pd.read_csv(scores)
    overall = table[(table.relation == "all")].set_index(["match", "method"])
    for match in ("bloc", "grounded", "strict"):
        assert match in result.stdout
        # the rules must beat the co-mention baseline with every kind of match
        assert overall.loc[(match, "extractor"), "f1"] > overall.loc[(match, "baseline"), "f1"]
    assert overall.loc[("bloc", "extractor"), "f1"] >= 0.80
    assert overall.loc[("grounded", "extractor"), "f1"] >= 0.65
