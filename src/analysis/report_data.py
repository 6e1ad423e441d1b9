"""Load what the report notebooks present, chosen by their parameters, in one call."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.actors import LEVELS, Ontology, load_ontology
from analysis.statements import STATEMENT_SOURCES, combine_statements
from analysis.tables import read_table

__all__ = ["ReportData", "check_parameters", "load_report_data"]


@dataclass(frozen=True)
class ReportData:
    """The processed tables a report variant shows, already filtered by its parameters."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    statements: pd.DataFrame
    curated: pd.DataFrame
    auto: pd.DataFrame
    ontology: Ontology
    level: str
    outlet: str
    statements_source: str

    @property
    def texts(self) -> dict[str, str]:
        """Return the sentence texts keyed by (article_id, sentence_no)."""
        return self.sentences.set_index(["article_id", "sentence_no"])["text"].to_dict()


def check_parameters(level: str, statements_source: str, outlet: str, known_outlets: set[str]) -> None:
    """Fail with one clear line on a parameter value the report does not know."""
    if level not in LEVELS:
        raise ValueError(f"parameter level: expected one of {', '.join(LEVELS)}, found {level!r}")
    if statements_source not in STATEMENT_SOURCES:
        raise ValueError(f"parameter statements_source: expected one of {', '.join(STATEMENT_SOURCES)}, "
                         f"found {statements_source!r}")
    if outlet and outlet not in known_outlets:
        raise ValueError(f"parameter outlet: expected one of {', '.join(sorted(known_outlets))} "
                         f"or empty, found {outlet!r}")


def load_report_data(processed_dir: str | Path, level: str = "bloc", statements_source: str = "combined",
                     outlet: str = "", ontology_path: str | Path | None = None) -> ReportData:
    """Read the processed tables, combine statement sources and keep one outlet if asked."""
    articles = read_table("articles", processed_dir)
    check_parameters(level, statements_source, outlet, set(articles["outlet"]))
    sentences = read_table("sentences", processed_dir)
    curated = read_table("statements_curated", processed_dir)
    auto = read_table("statements_auto", processed_dir)
    statements = combine_statements(curated, auto, statements_source)
    if outlet:
        keep = set(articles.loc[articles["outlet"] == outlet, "article_id"])
        articles = articles[articles["article_id"].isin(keep)].reset_index(drop=True)
        sentences = sentences[sentences["article_id"].isin(keep)].reset_index(drop=True)
        statements = statements[statements["article_id"].isin(keep)].reset_index(drop=True)
        curated = curated[curated["article_id"].isin(keep)].reset_index(drop=True)
        auto = auto[auto["article_id"].isin(keep)].reset_index(drop=True)
    return ReportData(articles, sentences, statements, curated, auto, load_ontology(ontology_path),
                      level, outlet, statements_source)
