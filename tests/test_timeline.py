"""Time: mentions with exact offsets, resolution, and statements by article date (zero, one, many)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.measures.dating import statements_by_article_date, statements_by_mentioned_time, undated_summary
from analysis.report.figures import plot_timeline
from analysis.report.framing_time import describe_undated
from analysis.text.timex import extract_time_mentions, resolve_mention


@pytest.mark.parametrize(
    ("sentence", "span", "value", "precision", "kind"),
    [
        ("The minister replied on Thursday to the letter.", "on Thursday", "thursday", "weekday", "relative"),
        ("The envoy flew home in March after the talks.", "in March", "--03", "month_no_year", "absolute"),
        ("She signed it March 22 in the capital.", "March 22", "--03-22", "month_day", "absolute"),
        ("The bill passed on September 29, 2023, after a vote.", "on September 29, 2023", "2023-09-29", "day",
         "absolute"),
        ("The ban took effect in 2019 nationwide.", "in 2019", "2019", "year", "absolute"),
        ("Seizures fell last year at the port.", "last year", "year-1", "year", "relative"),
        ("Seizures rose this year at the port.", "this year", "year+0", "year", "relative"),
        ("Gangs moved into pills in the early 2000s in the north.", "in the early 2000s", "2000s", "decade",
         "absolute"),
        ("Earlier in October, prosecutors filed charges.", "Earlier in October", "--10", "month_no_year",
         "absolute"),
        ("Budgets grew in the 2021 fiscal year for ports.", "in the 2021 fiscal year", "FY2021",
         "fiscal_year", "absolute"),
        ("Deaths peaked in the 12 months before June last year in the state.",
         "in the 12 months before June last year", "P12M before year-1-06", "period", "relative"),
        ("Arrests doubled during the first three months of the 2022 fiscal year there.",
         "during the first three months of the 2022 fiscal year", "P3M first of FY2022", "period",
         "absolute"),
    ],
)
def test_time_mentions_are_found_with_values(sentence, span, value, precision, kind):
    mentions = extract_time_mentions(sentence)
    assert len(mentions) == 1, mentions
    mention = mentions[0]
    assert sentence[mention.start : mention.end] == mention.text == span
    assert (mention.value, mention.precision, mention.kind) == (value, precision, kind)


def test_decade_keeps_its_modifier():
    assert extract_time_mentions("It began in the late 1990s.")[0].mod == "late"


def test_offsets_point_into_the_whole_text_and_respect_the_sentence_bounds():
    text = "In 2001, nothing. Officials met on Tuesday, May 2, 2023 in Lima. In 2005, more."
    start = text.index("Officials")
    end = text.index(" In 2005")
    mentions = extract_time_mentions(text, start, end)
    assert [(m.text, m.value) for m in mentions] == [("on Tuesday, May 2, 2023", "2023-05-02")]
    assert text[mentions[0].start : mentions[0].end] == "on Tuesday, May 2, 2023"


def test_words_that_only_look_like_dates_are_not_mentions():
    # "may" the verb, a bare number, a clock time and a number with a thousands separator.
    assert extract_time_mentions("Officials may act; 2,019 pills were found at 11:28 by 300 agents.") == []


@pytest.mark.parametrize(
    ("value", "published_sort", "expected"),
    [
        ("year-1", "2024-04", ("2023", "year")),
        ("year-1-09", "2024-04", ("2023-09", "month")),
        ("--10", "2023-11", ("2023-10", "month")),
        ("--12", "2024-04", ("2023-12", "month")),  # December after an April article: the year before
        ("thursday", "2023-04-08", ("2023-04-06", "day")),  # 8 April 2023 was a Saturday
        ("year-1", "--08-08", ("", "")),  # a day without a year cannot resolve "last year"
        ("year-1", "", ("", "")),
        ("P12M before year-1-09", "2024-04", ("P12M before 2023-09", "period")),
    ],
)
def test_relative_mentions_resolve_against_the_article_date(value, published_sort, expected):
    assert resolve_mention(value, "", published_sort) == expected


# --------------------------------------------------------------------------- tables

TEXTS = {
    "a1": "Title one. Last year the envoy spoke.",
    "a2": "Title two. The envoy answered on Monday.",
    "a3": "Title three. Nobody said when.",
}


def sentences_of(texts: dict[str, str]) -> pd.DataFrame:
    rows = []
    for article_id, text in texts.items():
        cut = text.index(". ") + 1
        spans = [(0, cut), (cut + 1, len(text))]
        rows += [(article_id, no, s, e, text[s:e]) for no, (s, e) in enumerate(spans, start=1)]
    return pd.DataFrame(rows, columns=["article_id", "sentence_no", "start", "end", "text"])


def statements_for(*keys: tuple[str, int, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"article_id": a, "sentence_no": n, "speaker": b.lower(), "speaker_bloc": b, "target_bloc": "CN",
          "relation": "accuse", "topic": "other"} for a, n, b in keys]
    )


def articles_dated(**dates: tuple[str, str]) -> pd.DataFrame:
    """Build an articles table; each keyword is article_id=(published_precision, published_sort)."""
    return pd.DataFrame(
        [{"article_id": a, "published": s, "published_precision": p, "published_sort": s}
         for a, (p, s) in dates.items()]
    )


STATEMENTS = statements_for(("a1", 2, "US"), ("a1", 2, "US"), ("a2", 2, "CN"), ("a3", 2, "MX"))


def test_no_dated_article_gives_an_empty_table_and_a_figure_that_says_so():
    arts = articles_dated(a1=("none", ""), a2=("none", ""), a3=("none", ""))
    by_date = statements_by_article_date(STATEMENTS, arts)
    assert by_date.empty and "n" in by_date.columns
    fig = plot_timeline(by_date, n_undated_articles=3)
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any("nothing can be placed in time" in t for t in texts)
    assert "3 undated articles not shown" in fig.axes[0].get_title()
    plt.close(fig)


def test_one_dated_article():
    arts = articles_dated(a1=("month", "2023-11"), a2=("none", ""), a3=("none", ""))
    by_date = statements_by_article_date(STATEMENTS, arts)
    # a1 holds two identical statements in one sentence: n counts the sentence once.
    assert by_date[["published_sort", "speaker_bloc", "n", "n_statements", "n_articles"]].values.tolist() == [
        ["2023-11", "US", 1, 2, 1]
    ]
    fig = plot_timeline(by_date)
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["2023-11 (month)"]
    plt.close(fig)


def test_many_dated_articles_keep_their_own_precision_and_sort():
    arts = articles_dated(a1=("year", "2023"), a2=("month_day", "--08-08"), a3=("day", "2024-04-02"))
    by_date = statements_by_article_date(STATEMENTS, arts)
    assert by_date["published_sort"].tolist() == ["--08-08", "2023", "2024-04-02"]
    assert by_date["published_precision"].tolist() == ["month_day", "year", "day"]
    fig = plot_timeline(by_date)
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert labels == ["08-08 (year unknown)", "2023 (year)", "2024-04-02 (day)"]
    plt.close(fig)


def test_statements_by_mentioned_time_have_raw_offsets_and_resolved_values():
    arts = articles_dated(a1=("month", "2024-04"), a2=("none", ""), a3=("none", ""))
    table = statements_by_mentioned_time(STATEMENTS, sentences_of(TEXTS), arts)
    assert table[["article_id", "mention", "value", "resolved"]].values.tolist() == [
        ["a1", "Last year", "year-1", "2023"],
        ["a1", "Last year", "year-1", "2023"],
        ["a2", "on Monday", "monday", ""],  # undated article: a weekday cannot be resolved
    ]
    for row in table.itertuples():
        assert TEXTS[row.article_id][row.mention_start : row.mention_end] == row.mention


def test_undated_summary_counts_what_could_not_be_dated():
    arts = articles_dated(a1=("year", "2023"), a2=("none", ""), a3=("none", ""))
    summary = undated_summary(STATEMENTS, arts, sentences_of(TEXTS)).set_index("item")
    assert summary.loc["articles without a publication date"].tolist() == [2, 3]
    assert summary.loc["statements in undated articles"].tolist() == [2, 4]  # a2 and a3
    assert summary.loc["statements whose sentence mentions no time"].tolist() == [1, 4]  # a3 only
    assert summary.loc["statements with neither"].tolist() == [1, 4]
    assert describe_undated(summary.reset_index()).startswith("Undated: 2 of 3 articles without")


_FRAGMENTS = ["May", "may", "day", "Jan", "uary", "last", " year", "2023", "in ", "FY", "23", "tomorrow",
              "ago", "two", " weeks", ",", " ", "Sept", "ember", "Mon", "fiscal", "early", "s", "’", "12",
              "the ", "next", "month", "Fri", "Dec", "19", "90", "Yesterday", "financial"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=12))
def test_the_quick_pretest_never_hides_a_time_mention(fragments):
    from analysis.text.timex import _every_mention

    text = "".join(fragments)
    assert extract_time_mentions(text) == _every_mention(text, 0, len(text))


def test_many_dates_are_rolled_up_to_months_then_years_with_exact_counts():
    from analysis.measures.dating import coarsen_dates

    days = [f"2023-{month:02d}-{day:02d}" for month in (1, 2) for day in range(1, 16)]  # 30 days
    by_date = pd.DataFrame({
        "published_sort": days + ["--08-08"], "published_precision": ["day"] * 30 + ["month_day"],
        "published": days + ["Aug 8"], "speaker_bloc": "US", "n": 2, "n_statements": 3, "n_articles": 1,
    })
    months = coarsen_dates(by_date, max_bars=24)
    assert list(months["published_sort"]) == ["--08", "2023-01", "2023-02"]  # a day without year: its month
    assert list(months["published_precision"]) == ["month_no_year", "month", "month"]
    assert list(months["n"]) == [2, 30, 30] and list(months["n_articles"]) == [1, 15, 15]
    assert list(coarsen_dates(by_date, max_bars=2)["published_sort"]) == ["--08", "2023"]
    assert coarsen_dates(by_date, max_bars=40).equals(by_date)  # few enough dates: unchanged


def test_mentioned_times_are_readable_and_merged_across_case():
    from analysis.measures.dating import readable_time

    assert readable_time("year+0") == "this year (article undated)"
    assert readable_time("year-1-03") == "March of last year (article undated)"
    assert readable_time("--08-08") == "August 8, year unknown"
    assert readable_time("tuesday") == "a Tuesday (article undated)"
    assert readable_time("P3Y before year-1") == "3 years before last year"
    assert readable_time("2023-05") == "2023-05"
    assert readable_time("week+0") == "this week (article undated)"
    assert readable_time("day-1") == "yesterday (article undated)"
    assert readable_time("month-3") == "3 months ago (article undated)"
    arts = articles_dated(a1=("month", "2024-04"), a2=("none", ""), a3=("none", ""))
    table = statements_by_mentioned_time(STATEMENTS, sentences_of(TEXTS), arts)
    assert table[["mention_label", "time_label"]].values.tolist() == [
        ["Last year", "2023"], ["Last year", "2023"], ["on Monday", "a Monday (article undated)"]]


def test_spellings_equal_up_to_case_merge_under_the_most_frequent():
    from analysis.measures.dating import _merged_spellings

    merged = _merged_spellings(pd.Series(["Last year", "last year", "last year", "Tuesday"]))
    assert merged.tolist() == ["last year", "last year", "last year", "Tuesday"]
