"""Streamed results: workers write each batch's rows to parquet parts and return small summaries.

A batch is a run of consecutive articles (file-name order). Its worker processes every article,
writes the rows of each per-row table (sentences, boilerplate, statements, claims, baseline,
induced actors, unresolved names) to one part file per table in the staging folder, and returns
only an `ArticleSummary` per article: identity, skip reason, article fields, and where its rows
sit in the parts. The driver decides which articles are kept (duplicates, language) from
the summaries and writes each published table by streaming the parts in article order, one row
group per `ROW_GROUP_ARTICLES` kept articles, so the bytes depend on neither the engine nor the
number of workers nor the batch size.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis.build.jobs import ArticleJob, ArticleResult, process_article
from analysis.codebook import STATEMENT_COLUMNS, sort_statements
from analysis.store.atomic import atomic_path
from analysis.store.tables import arrow_table, table_path, validate_table
from analysis.text.claims import CLAIM_COLUMNS
from analysis.text.induce import INDUCED_COLUMNS

__all__ = ["PART_TABLES", "ROW_GROUP_ARTICLES", "ArticleSummary", "Batch", "BatchSummary", "PartReader",
           "TableWriter", "gather_rows", "make_batches", "process_batch", "stream_table"]

ROW_GROUP_ARTICLES = 1000  # kept articles per row group of every streamed table

SENTENCE_COLUMNS = ["article_id", "sentence_no", "paragraph_no", "start", "end", "is_title", "text"]
BOILERPLATE_COLUMNS = ["article_id", "line_no", "start", "end", "kind", "text"]
UNRESOLVED_ROW_COLUMNS = ["surface", "n", "article_id", "start"]  # one article's unresolved names

# Part name -> its columns; each is an `ArticleResult` field of row lists.
PART_TABLES: dict[str, list[str]] = {
    "sentences": SENTENCE_COLUMNS,
    "boilerplate": BOILERPLATE_COLUMNS,
    "statements": list(STATEMENT_COLUMNS),
    "claims": list(CLAIM_COLUMNS),
    "baseline": list(STATEMENT_COLUMNS),
    "induced": list(INDUCED_COLUMNS),
    "unresolved": UNRESOLVED_ROW_COLUMNS,
}
_PART_INDEX = {name: i for i, name in enumerate(PART_TABLES)}


@dataclass(frozen=True)
class Batch:
    """Consecutive jobs processed by one worker call; its parts go to `part_dir`."""

    number: int
    jobs: tuple[ArticleJob, ...]
    part_dir: str


@dataclass(slots=True)
class ArticleSummary:
    """What the driver keeps of one article: no sentence, statement, claim or unresolved-name rows.

    The driver holds one per article until the tables are written, so it stays small (slots,
    no per-article lists).
    """

    file_name: str
    article_id: str
    sha256: str = ""
    skip_reason: str = ""
    skip_detail: str = ""
    cache_status: str = ""
    article_keys: tuple[str, ...] = ()  # the article fields' names (one tuple shared by many)
    article_values: tuple = ()
    batch: int = 0
    offsets: tuple[int, ...] = ()
    counts: tuple[int, ...] = ()

    @property
    def article(self) -> dict:
        """The article fields (title, offsets, counts, detected language) as `ArticleResult` has them."""
        return dict(zip(self.article_keys, self.article_values, strict=True))

    def rows(self, part: str) -> tuple[int, int, int]:
        """Return (batch, first row, row count) of this article in a part."""
        i = _PART_INDEX[part]
        return self.batch, self.offsets[i], self.counts[i]


@dataclass
class BatchSummary:
    """A batch's article summaries, in job order."""

    number: int
    articles: list[ArticleSummary]


def make_batches(jobs: Sequence[ArticleJob], part_dir: Path, size: int) -> list[Batch]:
    """Cut the jobs into batches of `size` consecutive jobs; create the parts' folders."""
    for part in PART_TABLES:
        (Path(part_dir) / part).mkdir(parents=True, exist_ok=True)
    return [Batch(n, tuple(jobs[i:i + size]), str(part_dir)) for n, i in enumerate(range(0, len(jobs), size))]


def part_path(part_dir: str | Path, part: str, batch: int) -> Path:
    """Return the parquet part of one table and batch."""
    return Path(part_dir) / part / f"{batch:07d}.parquet"


def _summary(result: ArticleResult, batch: int, offsets: tuple[int, ...],
             shared_keys: dict[tuple[str, ...], tuple[str, ...]]) -> ArticleSummary:
    counts = tuple(len(getattr(result, part)) for part in PART_TABLES)
    keys = tuple(result.article)
    keys = shared_keys.setdefault(keys, keys)  # pickled once per batch
    return ArticleSummary(result.file_name, result.article_id, result.sha256, result.skip_reason,
                          result.skip_detail, result.cache_status, keys, tuple(result.article.values()),
                          batch, offsets, counts)


def process_batch(batch: Batch) -> BatchSummary:
    """Process a batch's articles, write their rows as parquet parts, return only summaries."""
    rows: dict[str, list] = {part: [] for part in PART_TABLES}
    summaries = []
    shared_keys: dict[tuple[str, ...], tuple[str, ...]] = {}
    for job in batch.jobs:
        result = process_article(job)
        offsets = tuple(len(rows[part]) for part in PART_TABLES)
        for part in PART_TABLES:
            rows[part].extend(getattr(result, part))
        summaries.append(_summary(result, batch.number, offsets, shared_keys))
    if not Path(batch.part_dir).is_dir():
        raise RuntimeError(f"the build's staging folder {batch.part_dir} is gone (the build was stopped)")
    for part, columns in PART_TABLES.items():
        if rows[part]:
            _write_part(part_path(batch.part_dir, part, batch.number), rows[part], columns)
    return BatchSummary(batch.number, summaries)


def _write_part(path: Path, rows: list, columns: list[str]) -> None:
    frame = pd.DataFrame(rows, columns=columns)
    with atomic_path(path, durable=False) as temp:
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), temp, compression="lz4")


class PartReader:
    """Read parts back as DataFrames, keeping the few most recently used in memory."""

    def __init__(self, part_dir: Path, keep: int = 8) -> None:
        self._dir = part_dir
        self._keep = keep
        self._frames: OrderedDict[tuple[str, int], pd.DataFrame] = OrderedDict()

    def frame(self, part: str, batch: int) -> pd.DataFrame:
        """Return one part's rows."""
        key = (part, batch)
        if key in self._frames:
            self._frames.move_to_end(key)
            return self._frames[key]
        frame = pq.read_table(part_path(self._dir, part, batch)).to_pandas()
        self._frames[key] = frame
        if len(self._frames) > self._keep:
            self._frames.popitem(last=False)
        return frame


def _runs(spans: Iterable[tuple[int, int, int]]) -> list[list[int]]:
    """Merge (batch, first, count) spans that continue each other into [batch, first, count] runs."""
    runs: list[list[int]] = []
    for batch, first, count in spans:
        if not count:
            continue
        if runs and runs[-1][0] == batch and runs[-1][1] + runs[-1][2] == first:
            runs[-1][2] += count
        else:
            runs.append([batch, first, count])
    return runs


def gather_rows(reader: PartReader, part: str, articles: Iterable[ArticleSummary]) -> pd.DataFrame | None:
    """Return the rows of `articles` in a part, in the order given (None when there are none)."""
    runs = _runs(a.rows(part) for a in articles)
    frames = [reader.frame(part, batch).iloc[first:first + count] for batch, first, count in runs]
    return pd.concat(frames, ignore_index=True) if frames else None


def empty_rows(part: str) -> pd.DataFrame:
    """The rows of a part when no article has any, typed as the in-memory tables are."""
    frame = pd.DataFrame([], columns=PART_TABLES[part])
    return _finish(part, frame)


def _finish(part: str, frame: pd.DataFrame) -> pd.DataFrame:
    if part in ("statements", "baseline"):
        return sort_statements(frame)
    if part == "induced":
        return frame.astype({"start": "int64", "end": "int64", "n": "int64"})
    return frame


class TableWriter:
    """Write one published table chunk by chunk: one row group per chunk, schema-checked, atomic."""

    def __init__(self, name: str, out_dir: Path) -> None:
        self.name = name
        self._path = table_path(out_dir, name)
        self._atomic = atomic_path(self._path)
        self._temp: Path | None = None
        self._writer: pq.ParquetWriter | None = None

    def write(self, frame: pd.DataFrame) -> None:
        """Validate a chunk and append it as one row group."""
        # One chunk per column, as a frame built in one piece gives: the bytes must not depend on
        # how the rows were cut into parts.
        table = arrow_table(self.name, validate_table(self.name, frame)).combine_chunks()
        if self._writer is None:
            self._temp = self._atomic.__enter__()
            self._writer = pq.ParquetWriter(self._temp, table.schema, compression="zstd")
        elif not table.schema.equals(self._writer.schema, check_metadata=False):
            table = table.cast(self._writer.schema)
        else:
            table = table.replace_schema_metadata(self._writer.schema.metadata)
        self._writer.write_table(table)

    def close(self, empty: pd.DataFrame) -> Path:
        """Finish the file (`empty` is written when no chunk was) and move it into place."""
        if self._writer is None:
            self.write(empty)
        assert self._writer is not None
        self._writer.close()
        self._atomic.__exit__(None, None, None)
        return self._path

    def abort(self) -> None:
        """Drop a half-written table."""
        if self._writer is not None:
            self._writer.close()
            self._atomic.__exit__(RuntimeError, RuntimeError("aborted"), None)


def _chunks(articles: Sequence[ArticleSummary], size: int) -> Iterator[Sequence[ArticleSummary]]:
    for i in range(0, len(articles), size):
        yield articles[i:i + size]


def stream_table(name: str, part: str, articles: Sequence[ArticleSummary], reader: PartReader,
                 out_dir: Path) -> Path:
    """Write table `name` from a part: `articles` in order, `ROW_GROUP_ARTICLES` per row group."""
    writer = TableWriter(name, out_dir)
    try:
        for chunk in _chunks(articles, ROW_GROUP_ARTICLES):
            frame = gather_rows(reader, part, chunk)
            if frame is not None:
                writer.write(_finish(part, frame))
        return writer.close(empty_rows(part))
    except BaseException:
        writer.abort()
        raise
