"""Fact divergence: numeric claims from test sentences with known answers, and their comparison."""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.measures.facts import claim_interval, compare_claims, summarise_comparison
from analysis.report.figures import plot_claims
from analysis.text.claims import CLAIM_COLUMNS, extract_numeric_claims
from analysis.text.parse import split_sentences


def sentences_of(article_id: str, text: str) -> pd.DataFrame:
    rows = [(article_id, no, s, e, text[s:e]) for no, (s, e) in enumerate(split_sentences(text), start=1)]
    return pd.DataFrame(rows, columns=["article_id", "sentence_no", "start", "end", "text"])


def claims_of(text: str, article_id: str = "t1") -> pd.DataFrame:
    claims = extract_numeric_claims(article_id, text, sentences_of(article_id, text))
    for row in claims.itertuples():
        assert text[row.start : row.end] == row.evidence
    return claims


def only(text: str) -> pd.Series:
    claims = claims_of(text)
    assert len(claims) == 1, claims[["evidence", "quantity"]]
    return claims.iloc[0]


def test_columns():
    assert list(claims_of("Nothing here.").columns) == CLAIM_COLUMNS


def test_overdose_deaths_with_year():
    claim = only("Officials said 75,000 people died of overdoses in 2021.")
    assert (claim.quantity, claim.value_low, claim.value_high, claim.unit) == (
        "overdose_deaths", 75000, 75000, "deaths")
    assert (claim.period, claim.period_value, claim.evidence) == ("2021", "2021", "75,000 people")
    assert claim.scope == "drug overdose"


def test_people_without_death_words_are_a_count_of_people():
    claim = only("Police detained 1,250 migrants at the border crossing.")
    assert (claim.quantity, claim.unit, claim.scope, claim.value_low) == (
        "count_people", "people", "migrants", 1250)


def test_range_of_potency_against_heroin():
    claim = only("The powder is 30 to 50 times more potent than heroin, chemists said.")
    assert (claim.value_low, claim.value_high, claim.unit, claim.quantity) == (
        30, 50, "times_heroin", "potency")
    assert claim.evidence == "30 to 50 times more potent than heroin"


def test_potency_against_morphine_and_heroin_are_separate_units():
    claims = claims_of("It is 80 times stronger than morphine and 40 times stronger than heroin.")
    assert claims[["value_low", "unit"]].values.tolist() == [[80, "times_morphine"], [40, "times_heroin"]]


@pytest.mark.parametrize(
    ("text", "comparator", "quantity", "value", "evidence"),
    [
        ("At least 12 countries joined.", "at least", "count_countries", 12, "At least 12 countries"),
        ("Regulators sanctioned nearly 300 companies.", "nearly", "count_companies", 300,
         "nearly 300 companies"),
        ("Over 5,000 people marched downtown.", "more than", "count_people", 5000, "Over 5,000 people"),
        ("Agents intercepted up to 900 guns.", "up to", "guns", 900, "up to 900 guns"),
        ("Analysts counted about 64 seizures.", "about", "seizures", 64, "about 64 seizures"),
        ("Police found 64 kilograms in a truck.", "", "other", 64, "64 kilograms"),  # no seizure word
        ("Police seized 64 kilograms in a truck.", "", "seizures", 64, "64 kilograms"),
    ],
)
def test_comparators_and_count_quantities(text, comparator, quantity, value, evidence):
    claim = only(text)
    assert (claim.comparator, claim.quantity, claim.value_low, claim.evidence) == (
        comparator, quantity, value, evidence)


@pytest.mark.parametrize(
    ("text", "value", "evidence"),
    [
        ("Congress approved $3.5 billion for treatment.", 3.5e9, "$3.5 billion"),
        ("The ministry withheld USD 20 million in aid.", 2e7, "USD 20 million"),
        ("Cartels earn billions of dollars from the trade.", 1e9, "billions of dollars"),
    ],
)
def test_money(text, value, evidence):
    claim = only(text)
    assert (claim.quantity, claim.unit, claim.value_low, claim.evidence) == ("money", "usd", value, evidence)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Testers said 45% of pills held the drug.", 45),
        ("Testers said 45 percent of pills held the drug.", 45),
        ("Testers said seven in 10 pills held the drug.", 70),
        ("Testers said 1 in 4 pills held the drug.", 25),
    ],
)
def test_percent_shares_and_ratios(text, value):
    claim = only(text)
    assert (claim.quantity, claim.unit, claim.value_low) == ("percent_share", "percent", value)
    assert claim.scope == "pills"


def test_vague_magnitudes_become_ranges():
    claim = only("The opioid epidemic killed tens of thousands of people.")
    assert (claim.quantity, claim.unit, claim.value_low, claim.value_high) == (
        "overdose_deaths", "deaths", 10_000, 99_999)
    # Deaths with no drug word in the sentence are not overdose deaths.
    assert only("The war killed tens of thousands of people.").quantity == "other"
    claim = only("Opioid overdoses have taken hundreds of thousands of lives.")
    assert (claim.quantity, claim.value_low, claim.value_high) == ("overdose_deaths", 100_000, 999_999)


def test_thousands_separators_scope_place_and_frequency():
    claim = only("An estimated 1,234,567 guns are smuggled illegally into Mexico every year.")
    assert (claim.value_low, claim.comparator, claim.scope, claim.period) == (1234567, "about", "illegally",
                                                                             "every year")
    claim = only("Synthetic opioids killed at least 70,000 people in the United States last year.")
    assert (claim.quantity, claim.scope, claim.place, claim.period) == (
        "overdose_deaths", "synthetic opioids", "United States", "last year")


def test_long_periods_are_kept_whole():
    claim = only("Deaths topped 90,000 people in the 12 months before March last year, the agency said.")
    assert claim.period == "12 months before March last year"
    claim = only("Arrests rose to about 4,100 during the first five months of the 2022 fiscal year.")
    assert (claim.quantity, claim.period) == ("other", "the first five months of the 2022 fiscal year")


def test_years_dates_references_and_codes_are_not_claims():
    text = ("The two countries met in 2019 and again on March 3, 2020. One of the people said COVID-19 "
            "changed things. The 2018 report was short. They have 3 options.")
    assert claims_of(text).empty


def test_claims_keep_raw_offsets_across_sentences():
    text = "First sentence here. Second one says 250 guns were seized.\r\nThird."
    claims = claims_of(text)
    assert claims[["sentence_no", "evidence"]].values.tolist() == [[2, "250 guns"]]
    assert text[claims.start.item() : claims.end.item()] == "250 guns"


def test_a_sentences_table_that_does_not_match_the_text_is_an_error():
    sentences = sentences_of("t1", "Some 40 guns.")
    with pytest.raises(ValueError, match="does not match the text"):
        extract_numeric_claims("t1", "Other text entirely.", sentences)


# --------------------------------------------------------------------------- comparison


def test_claim_intervals_follow_the_comparator():
    assert claim_interval("more than", 100, 100) == (100, math.inf)
    assert claim_interval("about", 50, 50) == pytest.approx((45, 55))
    assert claim_interval("up to", 10, 10) == (0, 10)
    assert claim_interval("", 30, 50) == (30, 50)


def compare(*articles: tuple[str, str, str, str]) -> pd.DataFrame:
    """Compare claims from articles given as (article_id, outlet, published_sort, text)."""
    claims = pd.concat([claims_of(text, article_id) for article_id, _, _, text in articles],
                       ignore_index=True)
    table = pd.DataFrame([{"article_id": a, "outlet": o, "published_sort": p} for a, o, p, _ in articles])
    return compare_claims(claims, table)


def status(compared: pd.DataFrame, quantity: str, unit: str) -> str:
    rows = compared[(compared["quantity"] == quantity) & (compared["unit"] == unit)]
    return str(rows["status"].iloc[0])


def test_same_scope_and_period_with_different_values_disagree():
    compared = compare(
        ("a", "alpha", "2023", "In 2022, 70,000 people died of drug overdoses in the United States."),
        ("b", "beta", "2023", "In 2022, 100,000 people died of drug overdoses in the United States."),
    )
    assert status(compared, "overdose_deaths", "deaths") == "disagrees"
    assert set(compared["outlet"]) == {"alpha", "beta"} and compared["n_outlets"].iloc[0] == 2


def test_different_scope_is_not_a_disagreement():
    compared = compare(
        ("a", "alpha", "2023", "In 2022, 70,000 people died of synthetic opioid overdoses in the US."),
        ("b", "beta", "2023", "In 2022, 100,000 people died of drug overdoses in the United States."),
    )
    assert compared["scope"].tolist() == ["synthetic opioids", "drug overdose"]
    assert status(compared, "overdose_deaths", "deaths") == "differs in scope/period"


def test_counts_of_different_things_are_not_compared():
    # "Chinese nationals" and "smugglers" are different counts: two single-source groups, not a divergence
    compared = compare(
        ("a", "alpha", "2023", "Roughly 3,800 of the Chinese nationals were single adults."),
        ("b", "beta", "2023", "Police arrested nine smugglers in 2019."),
    )
    people = compared[compared["quantity"] == "count_people"]
    assert sorted(people["measure"]) == ["nationals", "smugglers"]
    assert set(people["status"]) == {"single source"}
    summary = summarise_comparison(compared)
    assert list(summary.loc[summary["quantity"] == "count_people", "measure"]) == ["nationals", "smugglers"]


def test_divergent_groups_come_first_in_the_summary():
    compared = compare(
        ("a", "alpha", "2023", "In 2022, 70,000 people died of synthetic opioid overdoses. "
                               "It is 50 times more potent than heroin."),
        ("b", "beta", "2023", "In 2022, 100,000 people died of drug overdoses. "
                              "It is 50 times more potent than heroin."),
    )
    summary = summarise_comparison(compared)
    assert summary[["quantity", "status"]].values.tolist()[:2] == [
        ["overdose_deaths", "differs in scope/period"], ["potency", "consistent"]]


def test_different_years_are_not_a_disagreement():
    compared = compare(
        ("a", "alpha", "2023", "In 2021, 70,000 people died of drug overdoses."),
        ("b", "beta", "2023", "In 2022, 100,000 people died of drug overdoses."),
    )
    assert status(compared, "overdose_deaths", "deaths") == "differs in scope/period"


def test_last_year_resolves_with_the_article_date():
    same_year = compare(
        ("a", "alpha", "2023-05", "Last year, 70,000 people died of drug overdoses."),
        ("b", "beta", "2023-11-02", "Last year, 100,000 people died of drug overdoses."),
    )
    assert status(same_year, "overdose_deaths", "deaths") == "disagrees"
    undated = compare(
        ("a", "alpha", "", "Last year, 70,000 people died of drug overdoses."),
        ("b", "beta", "", "Last year, 100,000 people died of drug overdoses."),
    )
    assert status(undated, "overdose_deaths", "deaths") == "differs in scope/period"


def test_overlapping_figures_are_consistent_and_one_article_is_a_single_source():
    compared = compare(
        ("a", "alpha", "", "It is about 50 times more potent than heroin."),
        ("b", "beta", "", "It is 30 to 50 times more potent than heroin and 100 times stronger than "
         "morphine."),
    )
    assert status(compared, "potency", "times_heroin") == "consistent"
    assert status(compared, "potency", "times_morphine") == "single source"
    summary = summarise_comparison(compared).set_index("unit")
    assert summary.loc["times_heroin", "n_claims"] == 2
    assert "alpha: about 50 times more potent than heroin" in summary.loc["times_heroin", "figures"]


def test_open_ended_figures_overlap_larger_ones():
    compared = compare(
        ("a", "alpha", "2023", "In 2022, more than 70,000 people died of drug overdoses."),
        ("b", "beta", "2023", "In 2022, 100,000 people died of drug overdoses."),
    )
    assert status(compared, "overdose_deaths", "deaths") == "consistent"


def test_plot_claims_draws_one_panel_per_group_with_n():
    compared = compare(
        ("a", "alpha", "", "It is about 50 times more potent than heroin and killed 70,000 people."),
        ("b", "beta", "", "It is 30 to 50 times more potent than heroin."),
    )
    fig = plot_claims(compared)
    titles = [ax.get_title() for ax in fig.axes]
    assert any(t.startswith("potency [times_heroin]: consistent (n=2 claims, 2 outlets)") for t in titles)
    assert all(ax.get_xlabel() and ax.get_ylabel() == "Outlet" for ax in fig.axes)
    plt.close(fig)
    empty = plot_claims(compare(("a", "alpha", "", "Nothing to count.")))
    assert "No numeric claims to compare" in [t.get_text() for t in empty.axes[0].texts]
    plt.close(empty)


def _status_by_every_pair(rows: list) -> str:
    """The definition of a group's status, pair by pair (quadratic): the reference for the fast one."""
    def overlap(a, b):
        return a.interval_low <= b.interval_high and b.interval_low <= a.interval_high

    def comparable(a, b):
        same_place = a.place == b.place or not a.place or not b.place
        return a.scope == b.scope and a.period_key == b.period_key and same_place

    if len({r.article_id for r in rows}) < 2:
        return "single source"
    clashes = [(a, b) for i, a in enumerate(rows) for b in rows[i + 1:]
               if a.article_id != b.article_id and not overlap(a, b)]
    if not clashes:
        return "consistent"
    return "disagrees" if any(comparable(a, b) for a, b in clashes) else "differs in scope/period"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcd"), st.integers(0, 6), st.integers(0, 4),
                          st.sampled_from(["", "x"]), st.sampled_from(["", "2022"]),
                          st.sampled_from(["", "US", "Mexico"])), min_size=1, max_size=9))
def test_group_status_matches_the_pairwise_definition(claims):
    from analysis.measures.facts import _group_status

    frame = pd.DataFrame(
        [(a, float(low), float(low + width), scope, period, place)
         for a, low, width, scope, period, place in claims],
        columns=["article_id", "interval_low", "interval_high", "scope", "period_key", "place"])
    rows = list(frame.itertuples(index=False))
    assert _group_status(frame) == _status_by_every_pair(rows)


def test_group_status_is_linear_enough_for_a_large_corpus():
    n = 20_000  # the quadratic version built 200 million pairs here
    values = [float(i % 7) for i in range(n)]
    frame = pd.DataFrame({"article_id": [f"a{i}" for i in range(n)], "interval_low": values,
                          "interval_high": values, "scope": "", "period_key": "", "place": ""})
    from analysis.measures.facts import _group_status

    assert _group_status(frame) == "disagrees"


def test_plot_claims_summarises_busy_outlets_and_caps_the_outlets_shown():
    rows = [("money", "usd", f"outlet{i:02d}", "disagrees", 10.0 + i, 10.0 + i, 10.0 + i, 10.0 + i)
            for i in range(14)]
    rows += [("money", "usd", "outlet00", "disagrees", v, v, v, v) for v in range(1, 21)]  # 21 claims in all
    compared = pd.DataFrame(rows, columns=["quantity", "unit", "outlet", "status", "value_low", "value_high",
                                           "interval_low", "interval_high"])
    fig = plot_claims(compared)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 12 and "outlet00 (n=21)" in labels
    assert ax.get_title() == "money [usd]: disagrees (n=34 claims, 14 outlets; 2 more outlets not shown)"
    medians = [line for line in ax.get_lines() if line.get_marker() == "D"]
    assert len(medians) == 1 and list(medians[0].get_xdata()) == [10.0]  # median of 1..20 and 10
    plt.close(fig)


def test_figures_summary_names_a_few_figures_per_outlet_and_counts_the_rest():
    compared = compare(*[(f"a{i}", "alpha" if i < 5 else "beta", "",
                          f"Last year {70 + i},000 people died of drug overdoses.") for i in range(6)])
    figures = summarise_comparison(compared).set_index("unit").loc["deaths", "figures"]
    assert figures.startswith("alpha: 70,000 people (Last year), 71,000 people (Last year), 72,000 people")
    assert "and 2 more; beta: 75,000 people (Last year)" in figures
