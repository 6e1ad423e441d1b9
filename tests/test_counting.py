"""One counting unit, generic mutual blame counted once, and ties with separate weights."""

from __future__ import annotations

import pandas as pd

from analysis.network.counting import count_sentences, generic_mutual_sentences, without_generic_mutual

_COLUMNS = ["article_id", "sentence_no", "speaker", "target", "relation", "start", "end", "evidence"]


def _frame() -> pd.DataFrame:
    rows = [
        # "traded blame": every ordered pair of three actors, one span → one mutual event
        *[("a", 1, s, t, "accuse", 0, 10, "traded blame") for s, t in
          [("cn", "mx"), ("cn", "us"), ("mx", "cn"), ("mx", "us"), ("us", "cn"), ("us", "mx")]],
        # a real exchange: both directions, but two spans → not generic
        ("a", 2, "cn", "us", "accuse", 20, 30, "made in USA"),
        ("a", 3, "us", "cn", "accuse", 40, 50, "source of precursors"),
        # two statements in one sentence count once
        ("a", 3, "us", "cn", "demand", 52, 60, "must act"),
        # both directions on one span but one is a denial → not generic
        ("b", 1, "cn", "us", "deny", 0, 9, "no such"),
        ("b", 1, "us", "cn", "accuse", 0, 9, "no such"),
    ]
    return pd.DataFrame(rows, columns=_COLUMNS)


def test_generic_mutual_sentences_are_one_event_each():
    events = generic_mutual_sentences(_frame())
    assert events[["article_id", "start", "actors", "n_rows"]].values.tolist() == [["a", 0, "cn;mx;us", 6]]
    kept = without_generic_mutual(_frame())
    assert len(kept) == 5 and "traded blame" not in set(kept["evidence"])


def test_count_sentences_uses_the_repeat_rule():
    assert count_sentences(_frame()) == 4  # a:1, a:2, a:3, b:1


def test_bloc_pairs_by_relation_is_one_row_per_pair_with_a_total_of_sentences():
    from analysis.report.network import bloc_pairs_by_relation

    frame = _frame().assign(speaker_bloc=lambda f: f["speaker"].str.upper(),
                            target_bloc=lambda f: f["target"].str.upper())
    table = bloc_pairs_by_relation(frame)
    assert list(table.columns) == ["Speaker bloc", "Target bloc", "accuse", "deny", "demand", "Total"]
    assert table.values.tolist() == [
        ["CN", "US", 2, 1, 0, 3],
        # a:3 holds an accusation and a demand: two columns, one sentence in the total
        ["US", "CN", 3, 0, 1, 3],
        ["CN", "MX", 1, 0, 0, 1],
        ["MX", "CN", 1, 0, 0, 1],
        ["MX", "US", 1, 0, 0, 1],
        ["US", "MX", 1, 0, 0, 1],
    ]
