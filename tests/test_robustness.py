"""Leave-one-article-out robustness on a hand-made table with known answers."""

from __future__ import annotations

import pandas as pd

from analysis.measures.robustness import leave_one_article_out, robustness_phrase


def _table() -> pd.DataFrame:
    # a1 and a2: CN→US; a3: three rows MX→US. Top speaker: MX (3) over CN (2).
    rows = [("a1", "cn", "us"), ("a2", "cn", "us"),
            ("a3", "mx", "us"), ("a3", "mx", "us"), ("a3", "mx", "us")]
    return pd.DataFrame(rows, columns=["article_id", "speaker", "target"])


def _top_speaker(frame: pd.DataFrame) -> str:
    counts = frame["speaker"].value_counts()
    if counts.empty:
        return ""
    return str(sorted(counts.index, key=lambda s: (-counts[s], s))[0])


def test_a_finding_resting_on_one_article():
    result = leave_one_article_out(_table(), _top_speaker)
    assert result.value == "mx"
    assert result.runs == {"a1": "mx", "a2": "mx", "a3": "cn"}
    assert (result.n_runs, result.n_holds, result.breaking) == (3, 2, ("a3",))
    assert robustness_phrase(result) == "holds in 2 of 3 leave-one-article-out runs; it rests on a3"


def test_a_finding_that_holds_everywhere():
    result = leave_one_article_out(_table(), lambda f: str(f["target"].mode().iloc[0]))
    assert (result.value, result.n_holds, result.breaking) == ("us", 3, ())
    assert robustness_phrase(result) == "holds in 3 of 3 leave-one-article-out runs"


def test_one_article_cannot_be_checked():
    result = leave_one_article_out(_table().head(1), _top_speaker)
    assert result.n_runs == 1
    assert robustness_phrase(result).startswith("from one article only")
