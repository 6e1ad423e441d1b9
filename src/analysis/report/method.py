"""Tables and sentences for section 07, method: relations, extraction quality, limitations."""

from __future__ import annotations

import pandas as pd

from analysis.codebook import RELATION_DEFINITIONS, RELATION_SIGNS, RELATIONS
from analysis.report.data import ReportData
from analysis.report.display import plural

__all__ = [
    "limitations", "quality_by_relation_table", "quality_prose", "quality_table", "relations_table",
    "statement_sources_table", "unseen_quality_prose", "unseen_quality_table",
]



def relations_table() -> pd.DataFrame:
    """Return the codebook's relations with their signs."""
    rows = [(name, "−" if RELATION_SIGNS[name] < 0 else "+", RELATION_DEFINITIONS[name])
            for name in RELATIONS]
    return pd.DataFrame(rows, columns=["Relation", "Sign", "Coded when the speaker…"])


def _overall(quality: pd.DataFrame) -> pd.DataFrame:
    return quality[quality["relation"] == "all"]


def quality_table(quality: pd.DataFrame) -> pd.DataFrame:
    """Show P/R/F1 with support for the extractor beside the baseline, per kind of match."""
    overall = _overall(quality)
    return pd.DataFrame({
        "Match": overall["match"], "Method": overall["method"],
        "Precision": overall["precision"].round(3), "Recall": overall["recall"].round(3),
        "F1": overall["f1"].round(3), "Gold": overall["n_gold"], "Predicted": overall["n_pred"],
        "Matched": overall["n_match"],
    })


def quality_by_relation_table(quality: pd.DataFrame) -> pd.DataFrame:
    """Show bloc-level F1 per relation for extractor and baseline, with the gold support."""
    bloc = quality[(quality["match"] == "bloc") & (quality["relation"] != "all")]
    table = bloc.pivot(index="relation", columns="method", values="f1").round(3)
    table["Gold"] = bloc[bloc["method"] == "extractor"].set_index("relation")["n_gold"]
    return table.reset_index().rename(columns={"relation": "Relation", "extractor": "Extractor F1",
                                               "baseline": "Baseline F1"})


def quality_prose(quality: pd.DataFrame) -> str:
    """Summarise the extractor's F1 against the baseline with each kind of match."""
    overall = _overall(quality)
    if overall.empty or not overall["n_gold"].max():
        return "No curated statements cover these articles, so extraction quality cannot be measured."
    parts = []
    for match in ("bloc", "grounded", "strict"):
        rows = overall[overall["match"] == match].set_index("method")
        if "extractor" in rows.index:
            parts.append(f"{match} F1 {rows.loc['extractor', 'f1']:.2f} against "
                         f"{rows.loc['baseline', 'f1']:.2f} for the baseline")
    gold = int(overall[overall["match"] == "strict"]["n_gold"].max())
    return (f"Against {plural(gold, 'curated statement')} (strict keys): " + "; ".join(parts) + ". "
            "Measured on the articles the rules were developed on.")


def limitations(data: ReportData) -> list[str]:
    """Return the report's limitations, with the numbers that make them matter."""
    per_outlet = data.articles.groupby("outlet").size()
    single = int((per_outlet == 1).sum())
    undated = int((data.articles["published_precision"] == "none").sum())
    return [
        f"Small n: {plural(len(data.articles), 'article')} from {plural(len(per_outlet), 'outlet')}. "
        "Counts describe these texts, not the wider coverage.",
        f"{plural(single, 'outlet')} of {len(per_outlet):,} rest on one article each, so an outlet's figures "
        "are that article's figures.",
        f"{plural(undated, 'article')} carry no publication date; time views leave them aside and say so.",
        "Each article's curated statements were coded once, by one coder; no inter-coder agreement has been "
        "measured.",
        "Automatic statements come from rules and lexicons: they miss paraphrase the cues do not cover "
        "and can misread long sentences; the quality table shows by how much on the seed articles.",
    ]


_SPLIT_ORDER = {"heldout": 0, "dev": 1, "seeds": 2, "agreement": 3}
_SPLIT_LABELS = {
    "heldout": "held-out (10 unseen articles)", "dev": "development split (20 articles)",
    "seeds": "seeds (rules written on them)", "agreement": "second human coder",
}


def unseen_quality_table(splits: pd.DataFrame) -> pd.DataFrame:
    """Show, held-out first, bloc and grounded P/R/F1 of the extractor, the baseline and a second coder,
    with F1's 95% interval when the scored articles are resampled."""
    overall = splits[(splits["relation"] == "all") & splits["match"].isin(("bloc", "grounded"))]
    order = {**_SPLIT_ORDER, "extractor": 0, "baseline": 1, "second_coder": 2, "bloc": 0, "grounded": 1}
    overall = overall.sort_values(["corpus", "match", "method"], key=lambda c: c.map(order), kind="mergesort")
    return pd.DataFrame({
        "Measured on": overall["corpus"].map(_SPLIT_LABELS), "Match": overall["match"],
        "Method": overall["method"].str.replace("_", " "), "Precision": overall["precision"].round(3),
        "Recall": overall["recall"].round(3), "F1": overall["f1"].round(3),
        "F1, 95% interval": [_interval(low, high) for low, high in zip(overall["f1_low"], overall["f1_high"],
                                                                       strict=True)],
        "Gold": overall["n_gold"],
    }).reset_index(drop=True)


def _interval(low: float, high: float) -> str:
    return "–" if pd.isna(low) or pd.isna(high) else f"{low:.2f}–{high:.2f}"


def unseen_quality_prose(splits: pd.DataFrame) -> str:
    """Say first how the extractor does on articles it was never tuned on, then on the seeds."""
    if splits.empty:
        return ("No measurement on unseen articles was found: run `make quality` (it writes "
                "`quality.csv` beside the processed tables).")
    def f1(corpus: str, match: str, method: str, column: str = "f1") -> float:
        row = splits[(splits["corpus"] == corpus) & (splits["match"] == match) & (splits["relation"] == "all")
                     & (splits["method"] == method)]
        return float(row[column].iloc[0]) if len(row) and column in row else float("nan")
    alpha = splits[splits["match"] == "relation_alpha"]["f1"]
    return (
        f"For a folder of your own articles, expect the held-out figure: on ten articles the rules were "
        f"never tuned on, the extractor reaches bloc F1 {f1('heldout', 'bloc', 'extractor'):.2f} and "
        f"grounded F1 {f1('heldout', 'grounded', 'extractor'):.2f} (co-mention baseline "
        f"{f1('heldout', 'bloc', 'baseline'):.2f} and {f1('heldout', 'grounded', 'baseline'):.2f}). "
        + _resampled(*(f1("heldout", "bloc", "extractor", column) for column in ("f1_low", "f1_high")))
        + f"On the five seed articles it was written on it reaches {f1('seeds', 'bloc', 'extractor'):.2f} "
        f"and {f1('seeds', 'grounded', 'extractor'):.2f}, which flatters it. Two human coders agree at "
        f"bloc F1 {f1('agreement', 'bloc', 'second_coder'):.2f} and grounded F1 "
        f"{f1('agreement', 'grounded', 'second_coder'):.2f}"
        + (f", Krippendorff's alpha {float(alpha.iloc[0]):.2f} on the relation of matched statements."
           if len(alpha) else ".")
    )


def _resampled(low: float, high: float) -> str:
    """The held-out interval in words (nothing for a table written before intervals existed)."""
    if pd.isna(low) or pd.isna(high):
        return ""
    return (f"Ten articles make that figure uncertain: resampling them gives bloc F1 from {low:.2f} to "
            f"{high:.2f} (95% interval). ")


def statement_sources_table(data: ReportData) -> pd.DataFrame:
    """Count this report's statements and articles by source (curated or automatic)."""
    counts = data.statements.groupby("source").agg(Statements=("article_id", "size"),
                                                   Articles=("article_id", "nunique"))
    return counts.reset_index().rename(columns={"source": "Source"})
