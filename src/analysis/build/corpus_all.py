"""Assemble one corpus from several raw folders (the seeds and the development corpus) in place.

Nothing is copied or edited: each folder is ingested as it is (its own `metadata.csv`), the
tables are joined, and the texts are read from the folder each article came from. A folder
with a `split.csv` keeps its held-out articles out of the automatic layer: their extractor
and baseline statements, numeric claims, and the names the extractor induced or could not
resolve in them are dropped, so a report on the whole corpus shows of them only their curated
(hand-coded) statements and their corpus tables (articles, sentences, boilerplate). A
subfolder without any `.txt` (the development corpus's `annotations/`) is not counted as a
skipped input there.

`load_curated_parts` loads several curated files into one curated layer and says which file
(`coding`) each article's statements came from.
"""

from __future__ import annotations

import csv
from collections import ChainMap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from analysis.build.executors import RunInfo, default_workers
from analysis.build.ingest import STREAMED_TABLES, CorpusTables, IngestOptions, StreamedCorpus, ingest_corpus
from analysis.codebook import STATEMENT_COLUMNS, sort_statements
from analysis.curation.statements import CuratedLoad, load_curated
from analysis.errors import InputError
from analysis.ontology import Ontology
from analysis.store.tables import write_table

__all__ = ["SPLIT_FILE", "CombinedCorpus", "curated_sources", "ingest_parts", "load_curated_parts",
           "read_heldout", "write_joined"]

SPLIT_FILE = "split.csv"
HELDOUT = "heldout"


@dataclass
class CombinedCorpus(CorpusTables):
    """Corpus tables joined from several raw folders; `texts` reads each article from its own folder."""

    parts: tuple[CorpusTables, ...] = ()
    heldout: frozenset[str] = field(default_factory=frozenset)

    @property
    def texts(self) -> Mapping[str, str]:  # type: ignore[override]
        """The kept articles' texts by article_id, across every folder."""
        return ChainMap(*(part.texts for part in self.parts))  # type: ignore[arg-type]


def read_heldout(raw_dir: str | Path) -> frozenset[str]:
    """Return the article ids `raw_dir/split.csv` marks `heldout` (none without the file)."""
    path = Path(raw_dir) / SPLIT_FILE
    if not path.exists():
        return frozenset()
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if not {"article_id", "split"} <= set(reader.fieldnames or ()):
            raise InputError(path, "missing columns", expected="article_id, split",
                             found=", ".join(reader.fieldnames or ()))
        return frozenset(row["article_id"] for row in reader if row["split"] == HELDOUT)


def ingest_parts(raw_dirs: Sequence[str | Path], metadata_path: str | Path | None = None,
                 outlet_names: Mapping[str, str] | None = None,
                 options: IngestOptions | None = None) -> CorpusTables:
    """Ingest several raw folders as one corpus; one folder is plain `ingest_corpus`.

    `metadata_path` applies to the first folder only (the others use their own metadata.csv).
    An article id found in two folders is an error naming both.
    """
    if len(raw_dirs) == 1:
        return ingest_corpus(raw_dirs[0], metadata_path, outlet_names, options)
    parts = tuple(ingest_corpus(folder, metadata_path if i == 0 else None, outlet_names, options)
                  for i, folder in enumerate(raw_dirs))
    _check_unique_ids(raw_dirs, parts)
    heldout = frozenset().union(*(read_heldout(folder) & set(part.articles["article_id"])
                                  for folder, part in zip(raw_dirs, parts, strict=True)))
    parts = tuple(replace(part, skipped=_without_empty_subfolders(part.skipped, Path(folder)))
                  for folder, part in zip(raw_dirs, parts, strict=True))
    return _join(parts, heldout)


def _without_empty_subfolders(skipped: pd.DataFrame, folder: Path) -> pd.DataFrame:
    """Drop the skip rows of subfolders that hold no `.txt` file at all (nothing was left unread)."""
    def holds_txt(name: str) -> bool:
        return any(p.suffix.lower() == ".txt" for p in (folder / name).rglob("*"))

    empty = [name for name, reason in zip(skipped["file_name"], skipped["reason"], strict=True)
             if reason == "in_subfolder" and not holds_txt(name)]
    return skipped[~skipped["file_name"].isin(empty)].reset_index(drop=True)


def _check_unique_ids(raw_dirs: Sequence[str | Path], parts: Sequence[CorpusTables]) -> None:
    seen: dict[str, str | Path] = {}
    for folder, part in zip(raw_dirs, parts, strict=True):
        for article_id in part.articles["article_id"]:
            if article_id in seen:
                raise InputError(folder, "an article id is in two raw folders", field="article_id",
                                 expected="ids unique across the folders", found=f"{article_id} (also in "
                                                                                 f"{seen[article_id]})")
            seen[article_id] = folder


def _concat(frames: Sequence[pd.DataFrame]) -> pd.DataFrame:
    return pd.concat(frames, ignore_index=True) if any(len(f) for f in frames) else frames[0]


def _without(frame: pd.DataFrame, article_ids: frozenset[str]) -> pd.DataFrame:
    return frame[~frame["article_id"].isin(article_ids)].reset_index(drop=True)


def _join(parts: Sequence[CorpusTables], heldout: frozenset[str]) -> CombinedCorpus:
    """Join the parts' tables in folder order; drop the held-out articles' automatic layer."""
    cache: dict[str, int] = {}
    for part in parts:
        for key, n in part.cache.items():
            cache[key] = cache.get(key, 0) + n
    unresolved = _concat([p.unresolved for p in parts])
    unresolved = unresolved[~unresolved["example_article"].isin(heldout)] if len(unresolved) else unresolved
    return CombinedCorpus(
        articles=_concat([p.articles for p in parts]),
        sentences=_concat([p.sentences for p in parts]),
        boilerplate=_concat([p.boilerplate for p in parts]),
        skipped=_concat([p.skipped for p in parts]),
        statements=sort_statements(_without(_concat([p.statements for p in parts]), heldout)),
        claims=_without(_concat([p.claims for p in parts]), heldout),
        unresolved=_merge_unresolved(unresolved),
        raw_dir=parts[0].raw_dir,
        baseline=sort_statements(_without(_concat([p.baseline for p in parts]), heldout)),
        induced=_without(_concat([p.induced for p in parts]), heldout),
        cache=cache,
        article_status={k: v for p in parts for k, v in p.article_status.items()},
        parts=tuple(parts),
        heldout=heldout,
    )


def _merge_unresolved(frame: pd.DataFrame) -> pd.DataFrame:
    """Sum the parts' counts of one name; keep the first part's example (sorted as `ingest` does)."""
    if frame.empty:
        return frame.reset_index(drop=True)
    grouped = frame.groupby("surface", sort=False)
    merged = pd.DataFrame({"n": grouped["n"].sum(), "n_articles": grouped["n_articles"].sum(),
                           "example_article": grouped["example_article"].first(),
                           "example_start": grouped["example_start"].first()}).reset_index()
    merged = merged[list(frame.columns)]
    return merged.sort_values(["n", "surface"], ascending=[False, True]).reset_index(drop=True)


def load_curated_parts(paths: Sequence[str | Path], texts: Mapping[str, str], sentences: pd.DataFrame,
                       ontology: Ontology) -> CuratedLoad:
    """Load several curated files into one curated layer; counts add up over the files.

    A row outside the corpus is counted once per file (`n_outside_corpus`). Two files coding
    the same article are an error: the curated layer has one coding per article.
    """
    loads = [load_curated(path, texts, sentences, ontology) for path in paths]
    _check_one_coding(paths, loads)
    frames = [load.statements for load in loads]
    statements = pd.concat(frames, ignore_index=True) if any(len(f) for f in frames) else \
        pd.DataFrame(columns=STATEMENT_COLUMNS)
    return CuratedLoad(
        statements=sort_statements(statements),
        n_rows=sum(load.n_rows for load in loads),
        n_rejected=sum(load.n_rejected for load in loads),
        n_outside_corpus=sum(load.n_outside_corpus for load in loads),
        n_duplicates=sum(load.n_duplicates for load in loads),
        outside_articles=sorted(set().union(*(load.outside_articles for load in loads))
                                - set().union(*(load.covered_articles for load in loads))),
        covered_articles=set().union(*(load.covered_articles for load in loads)),
    )


def _check_one_coding(paths: Sequence[str | Path], loads: Sequence[CuratedLoad]) -> None:
    owner: dict[str, str | Path] = {}
    for path, load in zip(paths, loads, strict=True):
        for article_id in sorted(load.covered_articles):
            if article_id in owner:
                raise InputError(path, "an article is coded in two curated files", field="article_id",
                                 expected="one curated file per article",
                                 found=f"{article_id} (also in {owner[article_id]})")
            owner[article_id] = path


def curated_sources(paths: Sequence[str | Path], labels: Sequence[str], texts: Mapping[str, str],
                    sentences: pd.DataFrame, ontology: Ontology) -> pd.DataFrame:
    """The combined curated statements with a `coding` column naming the file each came from.

    Columns: coding (one of `labels`, in the files' order), then the statement columns.
    """
    frames = []
    for path, label in zip(paths, labels, strict=True):
        frame = load_curated(path, texts, sentences, ontology).statements
        frames.append(frame.assign(coding=label)[["coding", *STATEMENT_COLUMNS]])
    return pd.concat(frames, ignore_index=True)


def write_joined(corpus: CorpusTables, staging: Path, wanted: set[str],
                 options: IngestOptions) -> StreamedCorpus:
    """Write a joined corpus's per-row tables into `staging` and describe it as a streamed ingest does.

    Joined folders are meant for coded corpora of tens or hundreds of articles, so they are
    held in memory; one raw folder of any size is streamed (`analysis.build.ingest.stream_corpus`).
    """
    tables = corpus.as_tables()
    written = {name: write_table(name, tables[name], staging) for name in STREAMED_TABLES}

    def chosen(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["article_id"].isin(wanted)].reset_index(drop=True)

    selected = {"sentences": chosen(corpus.sentences),
                "statements": sort_statements(chosen(corpus.statements)),
                "baseline": sort_statements(chosen(corpus.baseline))}
    workers = options.workers or default_workers()
    return StreamedCorpus(
        articles=corpus.articles, skipped=corpus.skipped, unresolved=corpus.unresolved,
        raw_dir=corpus.raw_dir, written=written, n_statements=len(corpus.statements), selected=selected,
        run=RunInfo(options.engine, workers), cache=corpus.cache, article_status=corpus.article_status,
        heldout=getattr(corpus, "heldout", frozenset()), joined_texts=corpus.texts,
    )
