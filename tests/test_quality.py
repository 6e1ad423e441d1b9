"""Honest measurement: Krippendorff's alpha on known cases, and `quality` prints aggregate tables
only (no evidence, no per-statement difference), held-out first."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.build.quality import agreement_table, article_interval, krippendorff_alpha_nominal
from tests.conftest import REPO, run_cli


def test_alpha_on_hand_computed_cases():
    # coincidences aa=2, ab=ba=1, bb=2: n=6, observed 2, expected 3*3*2=18 -> 1 - 5*2/18
    assert krippendorff_alpha_nominal([("a", "a"), ("a", "b"), ("b", "b")]) == pytest.approx(1 - 10 / 18)
    assert krippendorff_alpha_nominal([("x", "x"), ("y", "y")]) == 1.0
    assert krippendorff_alpha_nominal([("x", "y"), ("y", "x")]) == pytest.approx(1 - 3 * 4 / 8)
    assert math.isnan(krippendorff_alpha_nominal([]))


def _row(article: str, start: int, end: int, relation: str) -> dict[str, object]:
    return {"article_id": article, "sentence_no": 1, "speaker": "us", "target": "cn", "relation": relation,
            "topic": "other", "voice": "reported", "evidence": "x" * (end - start), "start": start,
            "end": end, "speaker_bloc": "US", "target_bloc": "CN", "source": "curated", "rule": ""}


def test_agreement_matches_statements_on_blocs_and_spans_and_compares_their_relations():
    primary = pd.DataFrame([_row("a", 0, 10, "accuse"), _row("a", 20, 30, "deny"), _row("b", 0, 5, "accuse"),
                            _row("z", 0, 5, "praise")])  # z: not coded twice, left out
    second = pd.DataFrame([_row("a", 2, 8, "accuse"), _row("a", 25, 28, "accuse"),
                           _row("b", 40, 45, "demand")])
    table = agreement_table(primary, second)
    grounded = table[(table["match"] == "grounded") & (table["relation"] == "all")].iloc[0]
    assert (grounded["n_gold"], grounded["n_pred"], grounded["n_match"]) == (3, 3, 1)
    alpha = table[table["match"] == "relation_alpha"].iloc[0]
    # matched ignoring the relation: (accuse, accuse) and (deny, accuse); b's spans do not overlap
    assert alpha["n_match"] == 2
    expected = krippendorff_alpha_nominal([("accuse", "accuse"), ("deny", "accuse")])
    assert alpha["f1"] == pytest.approx(expected)


@pytest.mark.build
def test_quality_prints_aggregates_held_out_first_and_no_evidence(tmp_path):
    result = run_cli("quality", "--processed-dir", str(tmp_path / "processed"))
    lines = result.stdout.splitlines()
    headings = [ln for ln in lines if ln.endswith(":") and not ln.startswith(" ")]
    assert [h.split(" ")[0] for h in headings] == ["Held-out", "Development", "The", "Inter-coder"]
    evidence = pd.read_csv(REPO / "data" / "dev" / "annotations" / "statements.csv")["evidence"]
    assert not any(quote[:40] in result.stdout for quote in evidence if len(quote) >= 40)
    table = pd.read_csv(tmp_path / "processed" / "quality.csv")
    assert set(table["corpus"]) == {"heldout", "dev", "seeds", "agreement"}
    assert set(table.columns) == {"corpus", "match", "relation", "method", "precision", "recall", "f1",
                                  "n_gold", "n_pred", "n_match", "f1_low", "f1_high"}
    overall = table[(table["relation"] == "all") & (table["method"] == "extractor")]
    seeds = overall[overall["corpus"] == "seeds"]
    counts = seeds.set_index("match")[["n_gold", "n_pred", "n_match"]].T.to_dict("list")
    assert counts == {"bloc": [99, 85, 79], "grounded": [227, 173, 155]}
    assert seeds.set_index("match")["f1"].round(2).to_dict()["grounded"] == 0.78
    # the seeds' F1 intervals over their five articles resampled (2,000 draws, seed 0)
    intervals = seeds.set_index("match")[["f1_low", "f1_high"]].round(4).T.to_dict("list")
    assert intervals == {"bloc": [0.8312, 0.8758], "grounded": [0.6621, 0.8392]}


def test_article_interval_on_known_resamples():
    # two articles, one all matched (F1 1), one all missed (F1 0): a resample of two holds both
    # (F1 0.5), or one twice (1 or 0, a quarter of the draws each): the 95% interval is 0 to 1
    low, high = article_interval(np.array([[[1, 1, 1]], [[1, 1, 0]]]))
    assert (low.tolist(), high.tolist()) == ([0.0], [1.0])
    # identical articles: every resample has the whole table's F1, 2·2 / (3 + 5)
    low, high = article_interval(np.array([[[3, 5, 2]]] * 4))
    assert (low.tolist(), high.tolist()) == ([0.5], [0.5])
    # nothing coded and nothing predicted: F1 0, as in the whole table
    assert article_interval(np.zeros((3, 1, 3)))[1].tolist() == [0.0]


def test_agreement_interval_resamples_the_articles_both_coded():
    primary = pd.DataFrame([_row("a", 0, 10, "accuse"), _row("a", 20, 30, "deny"), _row("b", 0, 5, "accuse")])
    second = pd.DataFrame([_row("a", 2, 8, "accuse"), _row("a", 25, 28, "deny"), _row("b", 40, 45, "demand")])
    table = agreement_table(primary, second)
    grounded = table[(table["match"] == "grounded") & (table["relation"] == "all")].iloc[0]
    # a alone: 2·2 / (2 + 2) = 1; b alone: 0; both: 2·2 / (3 + 3) = 2/3
    assert (grounded["f1"], grounded["f1_low"], grounded["f1_high"]) == (pytest.approx(2 / 3), 0.0, 1.0)
    alpha = table[table["match"] == "relation_alpha"].iloc[0]
    assert math.isnan(alpha["f1_low"]) and math.isnan(alpha["f1_high"])


def test_a_quality_table_written_before_the_intervals_still_reports(tmp_path):
    from analysis.report.data import _read_splits
    from analysis.report.method import unseen_quality_prose, unseen_quality_table

    (tmp_path / "quality.csv").write_text(
        "corpus,match,relation,method,precision,recall,f1,n_gold,n_pred,n_match\n"
        "heldout,bloc,all,extractor,0.5,0.5,0.5,4,4,2\n", encoding="utf-8")
    splits = _read_splits(tmp_path)
    assert unseen_quality_table(splits)["F1, 95% interval"].tolist() == ["–"]
    assert "resampling" not in unseen_quality_prose(splits)
    splits.loc[0, ["f1_low", "f1_high"]] = [0.25, 0.75]
    assert "bloc F1 from 0.25 to 0.75 (95% interval)" in unseen_quality_prose(splits)
