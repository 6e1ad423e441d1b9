"""Who blames whom, reciprocity, deflection and self-acknowledgement on small hand-checked tables."""

from __future__ import annotations

import math

import networkx as nx
import pandas as pd
import pytest

from analysis.network.metrics import (
    actor_metrics,
    blame_pagerank,
    bloc_matrix,
    deflection_patterns,
    find_deflections,
    find_self_acknowledgements,
    most_blamed,
    mutual_accusation_pairs,
    net_blame_balance,
    reciprocity_summary,
    top_blamers,
)
from tests.test_graph import LOOKUP, collapsed, frame, stmt

# A small corpus, at bloc level:
#   us → cn  accuse: a1 s1, a1 s2 (same claim, two sentences), a2 s1          → weight 3, 2 articles
#   us → cn  accuse again in a1 s1 by another US actor (same sentence)         → still 3
#   cn → us  deny a1 s3                                                        → weight 1
#   mx → us  accuse a2 s2                                                      → weight 1
#   us → mx  cooperate a2 s3 (positive, not blame)
#   us → us  accuse a3 s1 (Robinson: "the US recognizes its responsibility")  → self-loop, excluded
CORPUS = frame(
    stmt("a1", 1, "milgram", "cn", "accuse"),
    stmt("a1", 1, "dea", "cn", "accuse", start=150),
    stmt("a1", 2, "milgram", "cn", "accuse"),
    stmt("a1", 3, "mao", "us", "deny"),
    stmt("a2", 1, "us_gov", "cn", "accuse"),
    stmt("a2", 2, "amlo", "us", "accuse"),
    stmt("a2", 3, "us_gov", "mx", "cooperate"),
    stmt("a3", 1, "robinson", "us", "accuse"),
)


@pytest.fixture()
def bloc_graph() -> nx.DiGraph:
    return collapsed(CORPUS, "bloc")


# ----------------------------------------------------------------- who blames whom


def test_bloc_matrix_counts_distinct_sentences_in_fixed_order():
    matrix = bloc_matrix(CORPUS, "accuse")
    assert list(matrix.index) == ["US", "MX", "CN", "CARTELS", "SUPPLIERS", "INTL", "MEDIA"]
    assert list(matrix.columns) == list(matrix.index)
    # US → CN accuse: sentences a1/1 (twice), a1/2, a2/1 → 3
    assert matrix.loc["US", "CN"] == 3
    assert matrix.loc["MX", "US"] == 1
    assert matrix.loc["US", "US"] == 1  # the self-statement is a matrix cell like any other
    assert matrix.loc["CN", "US"] == 0  # that was a deny, not an accuse
    assert int(matrix.to_numpy().sum()) == 5


def test_bloc_matrix_groups_and_unknown_relation():
    # negative: 3 (us→cn) + 1 (cn→us deny) + 1 (mx→us) + 1 (us→us) = 6
    assert int(bloc_matrix(CORPUS, "negative").to_numpy().sum()) == 6
    assert bloc_matrix(CORPUS, "positive").loc["US", "MX"] == 1
    with pytest.raises(ValueError, match="unknown relation 'blame'"):
        bloc_matrix(CORPUS, "blame")


def test_top_blamers_and_most_blamed(bloc_graph):
    blamers = top_blamers(bloc_graph)
    # us gives 3 (to cn; the self-loop does not count), cn 1, mx 1; ties broken by actor id
    assert list(blamers["actor"]) == ["us", "cn", "mx"]
    assert list(blamers["blame_given"]) == [3, 1, 1]
    assert blamers.loc[0, "n_articles"] == 2  # us → cn blame lies in a1 and a2
    blamed = most_blamed(bloc_graph, n=1)
    # cn receives 3; us receives 1 (cn deny) + 1 (mx accuse) = 2
    assert blamed.to_dict("records") == [
        {"actor": "cn", "name": "China", "bloc": "CN", "blame_received": 3, "n_blamers": 1, "n_articles": 2}
    ]


def test_net_blame_balance(bloc_graph):
    balance = net_blame_balance(bloc_graph).set_index("actor")
    # cn: received 3 − given 1 = 2; us: 2 − 3 = −1; mx: 0 − 1 = −1
    assert balance.loc["cn", "net_blame"] == 2
    assert (balance.loc["us", "blame_received"], balance.loc["us", "blame_given"]) == (2, 3)
    assert balance.loc["us", "net_blame"] == -1
    assert list(net_blame_balance(bloc_graph)["actor"]) == ["cn", "mx", "us"]


def test_actor_metrics_join_balance_and_pagerank(bloc_graph):
    metrics = actor_metrics(bloc_graph)
    assert list(metrics["actor"]) == ["cn", "mx", "us"]  # net_blame's order
    row = metrics.set_index("actor").loc["us"]
    assert (row["blame_received"], row["blame_given"], row["net_blame"]) == (2, 3, -1)
    assert row["pagerank"] == pytest.approx(0.9 / 1.85)
    assert metrics.set_index("actor").loc["mx", "pagerank"] == pytest.approx(0.05)


def test_blame_pagerank_on_the_corpus_and_without_blame(bloc_graph):
    ranks = blame_pagerank(bloc_graph)
    # Blame edges cn → us, mx → us, us → cn; each actor has one target, so weights do not matter.
    # mx is blamed by nobody: p_mx = 0.15 / 3 = 0.05. p_cn = 0.85 p_us + 0.05 and
    # p_us = 0.85 (p_cn + p_mx) + 0.05 give p_us = 0.9 / 1.85 = 0.486…, p_cn = 0.463…:
    # us ranks first, blamed by two actors, although cn receives more blame sentences.
    assert list(ranks["actor"]) == ["us", "cn", "mx"]
    assert math.isclose(ranks.loc[0, "pagerank"], 0.9 / 1.85, abs_tol=1e-9)
    assert math.isclose(ranks.loc[2, "pagerank"], 0.05, abs_tol=1e-9)
    assert math.isclose(ranks["pagerank"].sum(), 1.0, abs_tol=1e-6)
    assert blame_pagerank(bloc_graph).equals(ranks)  # deterministic
    positive_only = collapsed(frame(stmt("a1", 1, "amlo", "us", "praise")), "bloc")
    empty = blame_pagerank(positive_only)
    assert empty.empty and list(empty.columns) == ["actor", "name", "bloc", "pagerank"]


def test_blame_pagerank_matches_a_hand_computed_two_node_graph():
    # Only mx → us blame. With alpha 0.85 and us dangling (its rank spreads evenly):
    #   p_mx = 0.85 · p_us / 2 + 0.15 / 2,  p_mx + p_us = 1  →  p_mx = 0.5 / 1.425 = 0.350877…
    ranks = blame_pagerank(collapsed(frame(stmt("a1", 1, "amlo", "us", "accuse")), "bloc")).set_index("actor")
    assert math.isclose(ranks.loc["mx", "pagerank"], 0.5 / 1.425, abs_tol=1e-9)
    assert math.isclose(ranks.loc["us", "pagerank"], 1 - 0.5 / 1.425, abs_tol=1e-9)


# ----------------------------------------------------------------- reciprocity


def test_mutual_accusation_pairs(bloc_graph):
    # us ↔ cn is mutual only if both directions carry an accuse: cn → us is a deny, so not for "accuse"
    assert mutual_accusation_pairs(bloc_graph, "accuse").empty
    # with any negative relation: us → cn 3, cn → us 1; mx → us has no way back
    pairs = mutual_accusation_pairs(bloc_graph, "negative")
    assert pairs[["actor_a", "actor_b", "weight_ab", "weight_ba", "total"]].to_dict("records") == [
        {"actor_a": "cn", "actor_b": "us", "weight_ab": 1, "weight_ba": 3, "total": 4}
    ]
    counter = pd.concat([CORPUS, frame(stmt("a4", 1, "mao", "us", "accuse"))], ignore_index=True)
    accused = mutual_accusation_pairs(collapsed(counter, "bloc"), "accuse")
    assert list(accused[["weight_ab", "weight_ba"]].iloc[0]) == [1, 3]


def test_reciprocity_summary(bloc_graph):
    summary = reciprocity_summary(bloc_graph)
    # negative edges without the self-loop: us→cn (3), cn→us (1), mx→us (1); two of three reciprocated
    assert summary["n_edges"] == 3 and summary["n_reciprocated_edges"] == 2
    assert math.isclose(summary["reciprocity"], 2 / 3)
    # returned weight: 3 + 1 of the 5 blame sentences
    assert (summary["blame_weight"], summary["returned_weight"]) == (5, 4)
    assert math.isclose(summary["returned_share"], 4 / 5)


def test_reciprocity_summary_without_blame_is_nan():
    summary = reciprocity_summary(collapsed(frame(stmt("a1", 1, "amlo", "us", "praise")), "bloc"))
    assert summary["n_edges"] == 0
    assert math.isnan(summary["reciprocity"]) and math.isnan(summary["returned_share"])


# ----------------------------------------------------------------- deflection

# Article d1: the US blames China, China denies and turns on Mexico.
#   s1  mao accuses sinaloa       (before the denial: not a deflection)
#   s2  mao denies us             (the denied claimant is us)
#   s3  cn_mfa accuses us         (accuses the denied claimant itself: not a deflection)
#   s4  cn_mfa accuses mx         (a deflection at organisation and bloc level; at person level
#                                  cn_mfa is not mao, so none)
DEFLECTION = frame(
    stmt("d1", 1, "mao", "sinaloa", "accuse"),
    stmt("d1", 2, "mao", "us", "deny"),
    stmt("d1", 3, "cn_mfa", "us", "accuse"),
    stmt("d1", 4, "cn_mfa", "mx", "accuse"),
)


def test_find_deflections_at_bloc_level():
    found = find_deflections(DEFLECTION, LOOKUP, "bloc")
    assert len(found) == 1
    row = found.iloc[0]
    assert (row["speaker"], row["denied"], row["accused"]) == ("cn", "us", "mx")
    assert (row["deny_sentence_no"], row["accuse_sentence_no"]) == (2, 4)
    assert (row["deny_evidence"], row["accuse_evidence"]) == ("mao deny us", "cn_mfa accuse mx")
    assert (row["deny_start"], row["accuse_end"]) == (200, 410)


def test_find_deflections_depends_on_level():
    assert len(find_deflections(DEFLECTION, LOOKUP, "organisation")) == 1  # mao → cn_mfa, same speaker
    assert find_deflections(DEFLECTION, LOOKUP, "person").empty  # mao and cn_mfa differ


def test_accusation_in_the_same_sentence_counts_in_either_order():
    # "Blaming the cartels, Beijing rejected the US claim": the accuse's evidence starts before the deny's
    rows = frame(stmt("d2", 3, "mao", "us", "deny", start=340),
                 stmt("d2", 3, "mao", "cartels", "accuse", start=300))
    found = find_deflections(rows, LOOKUP, "person")
    assert list(found["accused"]) == ["cartels"]


def test_accusation_before_the_denial_or_in_another_article_is_no_deflection():
    rows = frame(stmt("d3", 1, "mao", "mx", "accuse"), stmt("d3", 2, "mao", "us", "deny"),
                 stmt("d4", 5, "mao", "mx", "accuse"))
    assert find_deflections(rows, LOOKUP, "bloc").empty


def test_deflection_patterns_count_each_pattern_once():
    # two denials of Mexico's claim, then three accusations of the US (one sentence holds two):
    # the cross product has 2 × 3 = 6 rows, one pattern with 2 denial and 2 accusation sentences.
    rows = frame(stmt("d5", 1, "mao", "amlo", "deny"), stmt("d5", 2, "mao", "amlo", "deny"),
                 stmt("d5", 3, "mao", "us", "accuse"), stmt("d5", 4, "mao", "us", "accuse"),
                 stmt("d5", 4, "mao", "us_gov", "accuse", start=450))
    found = find_deflections(rows, LOOKUP, "bloc")
    assert len(found) == 6
    patterns = deflection_patterns(found)
    assert patterns[["speaker", "denied", "accused", "n_denials", "n_accusations", "n_sentences"]
                    ].values.tolist() == [["cn", "mx", "us", 2, 2, 4]]
    assert (patterns["deny_evidence"].iloc[0], patterns["accuse_evidence"].iloc[0]) == (
        "mao deny amlo", "mao accuse us")


# ----------------------------------------------------------------- self-acknowledgement


def test_self_acknowledgement_depends_on_level():
    found = find_self_acknowledgements(CORPUS, LOOKUP, "bloc")
    # only Robinson → us (a3 s1) rolls up to us → us
    assert found[["article_id", "actor", "speaker", "target", "relation"]].to_dict("records") == [
        {"article_id": "a3", "actor": "us", "speaker": "robinson", "target": "us", "relation": "accuse"}
    ]
    # at organisation level Robinson is the State Department, not us
    assert find_self_acknowledgements(CORPUS, LOOKUP, "organisation").empty
    with pytest.raises(ValueError, match="unknown level"):
        find_self_acknowledgements(CORPUS, LOOKUP, "foo")


def test_self_acknowledgement_flags_the_codebook_shape():
    # Robinson → us is the codebook's self-statement (target = his own bloc root);
    # Robinson → DEA is blame inside the US bloc: the same actor at bloc level, but not own-root
    rows = frame(stmt("a1", 1, "robinson", "us", "accuse"), stmt("a1", 2, "robinson", "dea", "accuse"))
    found = find_self_acknowledgements(rows, LOOKUP, "bloc")
    pairs = list(zip(found["target"], found["is_own_bloc_root"], strict=True))
    assert pairs == [("us", True), ("dea", False)]
