"""Summaries of the corpus for the report: outlets, dates, sizes and what was removed."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from analysis.report.display import plural

__all__ = [
    "boilerplate_by_kind",
    "corpus_overview",
    "corpus_prose",
    "lead_sentences",
    "plot_article_sizes",
    "skipped_prose",
]

_PRECISION_LABEL = {
    "none": "no date",
    "year": "year only",
    "month": "month",
    "day": "full date",
    "month_day": "day without year",
}


def corpus_overview(articles: pd.DataFrame) -> pd.DataFrame:
    """Return one row per article: outlet, title, date as written (with precision) and sizes."""
    frame = articles.sort_values(["outlet", "article_id"])
    return pd.DataFrame(
        {
            "Article": frame["article_id"],
            "Outlet": frame["outlet_name"],
            "Title": frame["title"],
            "Published": [
                f"{p} ({_PRECISION_LABEL[q]})" if p else _PRECISION_LABEL[q]
                for p, q in zip(frame["published"], frame["published_precision"], strict=True)
            ],
            "Sentences": frame["n_sentences"].astype(int),
            "Body chars": frame["n_body_chars"].astype(int),
            "Removed lines": frame["n_boilerplate_lines"].astype(int),
        }
    )


def boilerplate_by_kind(boilerplate: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Count removed boilerplate lines by kind, with the number of articles and an example."""
    if boilerplate.empty:
        return pd.DataFrame(columns=["Kind", "Lines", "Articles", "Example"])
    grouped = boilerplate.sort_values(["article_id", "line_no"]).groupby("kind", sort=True)
    table = pd.DataFrame(
        {
            "Lines": grouped.size(),
            "Articles": grouped["article_id"].nunique(),
            "Example": grouped["text"].first().map(lambda t: t.strip()[:90]),
        }
    ).reset_index(names="Kind")
    return table.sort_values(["Lines", "Kind"], ascending=[False, True]).reset_index(drop=True)


def lead_sentences(articles: pd.DataFrame, sentences: pd.DataFrame, limit: int = 240) -> pd.DataFrame:
    """Return each article's first body sentence after the title (shortened, marked with …)."""
    body = sentences[~sentences["is_title"]].sort_values(["article_id", "sentence_no"])
    first = body.groupby("article_id", sort=True).head(1).set_index("article_id")["text"]
    outlets = articles.set_index("article_id")["outlet_name"]
    return pd.DataFrame(
        {
            "Article": first.index,
            "Outlet": [outlets.get(a, "") for a in first.index],
            "Lead sentence": [t if len(t) <= limit else t[: limit - 1].rstrip() + "…" for t in first],
        }
    )


def corpus_prose(articles: pd.DataFrame, boilerplate: pd.DataFrame) -> str:
    """Describe the corpus in one paragraph, every number computed from the tables."""
    n_articles = len(articles)
    n_outlets = articles["outlet"].nunique()
    n_sentences = int(articles["n_sentences"].sum())
    n_chars = int(articles["n_chars"].sum())
    n_body = int(articles["n_body_chars"].sum())
    dated = int((articles["published_precision"] != "none").sum())
    share_removed = 1 - n_body / n_chars if n_chars else 0.0
    return (
        f"The corpus holds **{plural(n_articles, 'article')}** from "
        f"**{plural(n_outlets, 'outlet')}**: {plural(n_sentences, 'body sentence')} "
        f"in {n_chars:,} characters. Ingestion removed {plural(len(boilerplate), 'boilerplate line')} "
        f"(captions, bylines, related links, prompts and the like) and whitespace, "
        f"{share_removed:.0%} of the raw characters; every sentence kept is an exact slice of its raw file. "
        f"{plural(dated, 'article')} of {n_articles:,} carry a publication date, "
        f"kept at the precision the curator could give."
    )


def skipped_prose(skipped: pd.DataFrame) -> str:
    """Say which input files were skipped and why (or that none were)."""
    if skipped.empty:
        return "No input file was skipped."
    counts = skipped.groupby("reason").size().sort_index()
    parts = ", ".join(f"{n:,} {reason.replace('_', ' ')}" for reason, n in counts.items())
    return f"{plural(len(skipped), 'input')} skipped: {parts}. The list is in the table below."


_MAX_BARS = 30


def plot_article_sizes(articles: pd.DataFrame) -> plt.Figure:
    """Bar chart of body sentences per article (a histogram for large corpora), deterministic."""
    frame = articles.sort_values("article_id")
    if len(frame) > _MAX_BARS:
        return _size_histogram(frame)
    labels = [f"{o}\n{a[:3]}" for o, a in zip(frame["outlet"], frame["article_id"], strict=True)]
    fig, ax = plt.subplots(figsize=(6.5, 2.8))
    ax.bar(labels, frame["n_sentences"], color="#0072B2")
    ax.set_ylabel("Body sentences (n)")
    ax.set_xlabel("Outlet id and article")
    ax.set_title(f"Article length (n = {len(frame):,} articles)")
    ax.tick_params(axis="x", labelsize=8)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    return fig


def _size_histogram(frame: pd.DataFrame) -> plt.Figure:
    fig, ax = plt.subplots(figsize=(6.5, 2.8))
    ax.hist(frame["n_sentences"], bins=40, color="#0072B2")
    ax.set_xlabel("Body sentences per article")
    ax.set_ylabel("Articles (n)")
    ax.set_title(f"Article length (n = {len(frame):,} articles)")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    return fig
