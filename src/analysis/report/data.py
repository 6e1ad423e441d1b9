"""Load what the report notebooks present, chosen by their parameters, in one call."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.codebook import LEVELS, STATEMENT_SOURCES
from analysis.curation.statements import combine_statements
from analysis.ontology import Ontology, load_ontology
from analysis.store.output_folder import project_root, require_published
from analysis.store.tables import QUALITY_COLUMNS, QUALITY_CSV, read_table, table_path

__all__ = ["BASE_DIR_ENV", "ReportData", "base_dir_for_kernels", "check_parameters", "load_report_data",
           "resolve_report_path"]

BASE_DIR_ENV = "ANALYSIS_BASE_DIR"


@contextmanager
def base_dir_for_kernels(base: Path) -> Iterator[None]:
    """Tell the kernels started meanwhile what relative report paths are relative to."""
    previous = os.environ.get(BASE_DIR_ENV)
    os.environ[BASE_DIR_ENV] = str(base)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(BASE_DIR_ENV, None)
        else:
            os.environ[BASE_DIR_ENV] = previous


def resolve_report_path(path: str | Path) -> Path:
    """Resolve a notebook's path parameter, whatever the kernel's working directory.

    A relative path is relative to the folder the report command ran in (passed to its
    kernels in ANALYSIS_BASE_DIR), else to the working directory when it exists there, else
    to the project root: JupyterLab and `jupyter nbconvert --execute` run a notebook from
    `notebooks/`, where `data/processed` means the checkout's.
    """
    path = Path(path)
    if path.is_absolute():
        return path
    base = os.environ.get(BASE_DIR_ENV)
    if base:
        return Path(base) / path
    root = project_root()
    if (Path.cwd() / path).exists() or root is None:
        return Path.cwd() / path
    return root / path


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
    claims: pd.DataFrame
    boilerplate: pd.DataFrame
    skipped: pd.DataFrame
    quality: pd.DataFrame
    splits: pd.DataFrame

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
    processed_dir = resolve_report_path(processed_dir)
    require_published(processed_dir)
    articles = read_table("articles", processed_dir)
    check_parameters(level, statements_source, outlet, set(articles["outlet"]))
    tables = {name: read_table(name, processed_dir) for name in _PER_ARTICLE}
    if statements_source == "combined":
        tables["statements"] = _combined_statements(processed_dir, tables)
    else:
        tables["statements"] = combine_statements(tables["statements_curated"], tables["statements_auto"],
                                                  statements_source)
    if outlet:
        keep = set(articles.loc[articles["outlet"] == outlet, "article_id"])
        articles = articles[articles["article_id"].isin(keep)].reset_index(drop=True)
        tables = {name: frame[frame["article_id"].isin(keep)].reset_index(drop=True)
                  for name, frame in tables.items()}
    return ReportData(
        articles, tables["sentences"], tables["statements"], tables["statements_curated"],
        tables["statements_auto"], load_ontology(ontology_path), level, outlet, statements_source,
        claims=tables["claims"], boilerplate=tables["boilerplate"],
        skipped=read_table("skipped", processed_dir), quality=read_table("extraction_quality", processed_dir),
        splits=_read_splits(processed_dir),
    )


def _combined_statements(processed_dir: Path, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """The build's combined `statements` table, with the statement columns only (as the sources have)."""
    if not table_path(processed_dir, "statements").exists():  # a folder built before the table existed
        return combine_statements(tables["statements_curated"], tables["statements_auto"], "combined")
    return read_table("statements", processed_dir)[list(tables["statements_auto"].columns)]


def _read_splits(processed_dir: Path) -> pd.DataFrame:
    """The quality measured by `make quality` on the development corpus (empty when not measured)."""
    path = Path(processed_dir) / QUALITY_CSV
    # a table written before a column existed reads with that column empty
    return pd.read_csv(path).reindex(columns=list(QUALITY_COLUMNS)) if path.exists() else pd.DataFrame(
        columns=list(QUALITY_COLUMNS))


# Tables with an article_id column, filtered to the outlet's articles in an outlet variant.
_PER_ARTICLE = ("sentences", "statements_curated", "statements_auto", "claims", "boilerplate")
