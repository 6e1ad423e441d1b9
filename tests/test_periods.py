"""Blame dynamics over time, on a hand-made table whose counts are worked out in the comments."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.measures import grouping, periods

# Six articles: A1 2023 (year only), A2 2024-05, A3 2025-02-10, A4 2025 (year only), A5 undated,
# A6 a day without a year (not placed in any period).
ARTICLES = pd.DataFrame({
    "article_id": ["A1", "A2", "A3", "A4", "A5", "A6"],
    "outlet": ["o1", "o2", "o1", "o3", "o4", "o2"],
    "published_precision": ["year", "month", "day", "year", "none", "month_day"],
    "published_sort": ["2023", "2024-05", "2025-02-10", "2025", "", "--08-08"],
})
_ROWS = [
    ("A1", "US", "CN", "accuse", "precursors"), ("A1", "US", "CN", "accuse", "production"),
    ("A1", "CN", "US", "deny", "sovereignty"),
    ("A2", "US", "MX", "demand", "trafficking"), ("A2", "US", "CN", "accuse", "precursors"),
    ("A2", "MX", "US", "cooperate", "cooperation"),
    ("A3", "US", "MX", "threaten", "trafficking"), ("A3", "US", "MX", "threaten", "weapons"),
    ("A3", "MX", "US", "accuse", "weapons"), ("A3", "US", "CN", "threaten", "precursors"),
    ("A4", "US", "MX", "accuse", "trafficking"), ("A4", "CN", "US", "accuse", "consumption"),
    ("A5", "US", "CN", "accuse", "precursors"), ("A6", "MX", "CN", "accuse", "precursors"),
]
STATEMENTS = pd.DataFrame(_ROWS, columns=["article_id", "speaker_bloc", "target_bloc", "relation", "topic"])


def test_periods_follow_the_date_precision():
    years = periods.assign_periods(ARTICLES, "year")
    assert list(zip(years["article_id"], years["period"], strict=True)) == [
        ("A1", "2023"), ("A2", "2024"), ("A3", "2025"), ("A4", "2025")]
    months = periods.assign_periods(ARTICLES, "month")
    assert dict(zip(months["article_id"], months["period"], strict=True)) == {
        "A1": "2023-??", "A2": "2024-05", "A3": "2025-02", "A4": "2025-??"}
    cut = periods.assign_periods(ARTICLES, "cut")
    assert list(cut["period"]) == ["before 2025", "before 2025", "from 2025", "from 2025"]
    with pytest.raises(ValueError, match="parameter kind"):
        periods.assign_periods(ARTICLES, "week")


def test_coverage_marks_thin_years_and_fills_gaps():
    gap = ARTICLES.assign(published_sort=["2021", "2024-05", "2025-02-10", "2025", "", "--08-08"])
    table = periods.period_coverage(gap, STATEMENTS, "year", min_articles=2)
    # 2021: A1 (3 statements); 2022, 2023: nothing; 2024: A2 (3); 2025: A3 + A4 (4 + 2), two outlets.
    assert table.to_dict("list") == {
        "period": ["2021", "2022", "2023", "2024", "2025"], "n_articles": [1, 0, 0, 1, 2],
        "n_outlets": [1, 0, 0, 1, 2], "n_statements": [3, 0, 0, 3, 6],
        "is_thin": [True, True, True, True, False]}


def test_ties_by_period_count_blame_and_support():
    ties = periods.ties_by_period(STATEMENTS, ARTICLES, "cut")
    before = ties[ties["period"] == "before 2025"]
    # Before: US→CN 2 (A1) + 1 (A2) = 3 of 5 blame; CN→US deny 1; US→MX demand 1; MX→US support only.
    assert list(zip(before["speaker_bloc"], before["target_bloc"], before["n_blame"], before["n_support"],
                    strict=True)) == [("US", "CN", 3, 0), ("CN", "US", 1, 0), ("US", "MX", 1, 0),
                                      ("MX", "US", 0, 1)]
    assert before["share_blame"].round(3).tolist() == [0.6, 0.2, 0.2, 0.0]
    after = ties[ties["period"] == "from 2025"]
    # From 2025: US→MX 2 threats (A3) + 1 accusation (A4) = 3 of 6, in two articles.
    first = after.iloc[0]
    assert first[["speaker_bloc", "target_bloc", "n_blame", "n_articles"]].tolist() == ["US", "MX", 3, 2]
    assert after["n_blame"].sum() == 6


def test_tie_shifts_with_leave_one_article_out():
    table = periods.tie_shifts(STATEMENTS, ARTICLES, "cut", top=1)
    rows = {r.period: r for r in table.itertuples(index=False)}
    before, after = rows["before 2025"], rows["from 2025"]
    # Before: US→CN 3; without A1 it is 1 (share 1 of 2), without A2 it is 2 (share 2 of 3).
    assert (before.speaker_bloc, before.target_bloc, before.n_blame) == ("US", "CN", 3)
    assert (before.n_blame_min, before.n_blame_max) == (1, 3)
    assert (round(before.share_min, 4), round(before.share_max, 4)) == (0.5, 0.6667)
    # Without A1 US→CN (1) ties US→MX (1) and wins on the name; without A2 it leads 2 to 1.
    assert (before.stays_first, before.n_runs) == (2, 2)
    # From 2025: US→MX 3; without A3 it ties CN→US at 1 and loses on the name: first in 1 of 2.
    assert (after.speaker_bloc, after.target_bloc, after.n_blame_min, after.n_blame_max) == ("US", "MX", 1, 3)
    assert (after.share_min, after.share_max) == (0.5, 0.5)
    assert (after.stays_first, after.n_runs) == (1, 2)


def test_frame_shifts_shares_and_ranges():
    table = periods.frame_shifts(STATEMENTS, ARTICLES, "cut")
    supply = table[table["topic_group"] == "supply_side"].set_index("period")
    # Before: 4 of 6 statements on the supply side (A1: 2, A2: 2); from 2025: 3 of 6.
    assert supply["n"].to_dict() == {"before 2025": 4, "from 2025": 3}
    assert supply.loc["before 2025", "share"] == pytest.approx(4 / 6)
    # Leaving out A1 leaves 2 of 3 (A2), leaving out A2 leaves 2 of 3 (A1): the share never moves.
    assert supply.loc["before 2025", ["share_min", "share_max"]].tolist() == pytest.approx([4 / 6, 4 / 6])
    # From 2025 without A3: 1 of 2 (A4); without A4: 2 of 4 (A3); otherwise 3 of 6.
    assert supply.loc["from 2025", ["share_min", "share_max"]].tolist() == pytest.approx([0.5, 0.5])
    assert set(table.groupby("period")["share"].sum().round(6)) == {1.0}


def test_leave_one_article_out_names_the_most_influential_article():
    def per_period(s: pd.DataFrame, a: pd.DataFrame) -> pd.Series:
        return s.merge(periods.assign_periods(a, "year"), on="article_id").groupby("period").size()

    table = periods.periods_leave_one_article_out(STATEMENTS, ARTICLES, per_period).set_index("finding")
    # 2025 has 6 statements: 2 without A3 (4 of them), 4 without A4.
    assert table.loc["2025"].tolist() == [6, 2, 6, "A3"]
    # 2023 rests on A1 alone: leaving it out loses the period (counted as 0).
    assert table.loc["2023"].tolist() == [3, 0, 3, "A1"]


def test_group_rare_sums_small_values_into_other():
    frame = pd.DataFrame({"outlet": ["a", "b", "c", "d", "a"], "period": ["x", "x", "x", "x", "y"],
                          "n": [5, 3, 1, 1, 2]})
    grouped = grouping.group_rare(frame, "outlet", "n", keep=2)
    # a (7) and b (3) stay; c and d (1 each, period x) become "other (2)" with n 2.
    assert grouped.to_dict("list") == {"outlet": ["a", "a", "b", "other (2)"], "period": ["x", "y", "x", "x"],
                                       "n": [5, 2, 3, 2]}
    assert grouping.group_rare(frame, "outlet", "n", min_weight=3)["outlet"].tolist() == [
        "a", "a", "b", "other (2)"]
    assert grouping.group_rare(frame, "outlet", "n").equals(frame)


def test_section_tables_and_sentences():
    from analysis.report import periods as rp

    shifts = rp.describe_shifts(STATEMENTS, ARTICLES)
    assert shifts[0] == ("Before 2025, the main blame tie is **US → CN**: 3 of 5 blame statements (60%), "
                         "from 2 articles; it stays first whichever article is left out (count 1–3).")
    assert "it stays first in 1 of the 2 runs" in shifts[1]
    assert rp.describe_cut(ARTICLES, STATEMENTS) == ("The cut is 1 January 2025. Before 2025: 2 articles "
                                                     "(6 statements). From 2025: 2 articles (6 statements).")
    table = rp.main_tie_table(STATEMENTS, ARTICLES, "cut", top=1)
    shown = table[["Tie", "n, one article left out", "Share, one left out", "Stays first"]]
    assert shown.values.tolist() == [["US → CN", "1–3", "50–67%", "2 of 2"],
                                     ["US → MX", "1–3", "50%", "1 of 2"]]
    years = rp.ties_by_year_table(STATEMENTS, ARTICLES, keep=2)
    # US→CN (2 + 1 + 1 = 4) and US→MX (1 + 3 = 4) kept; CN→US (1 + 1) and MX→US (1) summed as 2 others.
    assert years.values.tolist() == [["US → CN", 2, 1, 1, 4], ["US → MX", 0, 1, 3, 4],
                                     ["other ties (2)", 1, 0, 2, 3]]
    assert list(rp.coverage_table(ARTICLES, STATEMENTS)["Coverage"]) == ["thin", "thin", ""]
