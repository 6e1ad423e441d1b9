"""Read and check `metadata.csv`: the curator's outlet, title, date and language per article."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import InputError
from analysis.store.csvfile import read_csv_rows

__all__ = ["REQUIRED_COLUMNS", "ArticleMeta", "parse_published", "read_metadata"]

REQUIRED_COLUMNS = ("article_id", "outlet", "title", "published", "language", "sha256")

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?$")
_MONTH_DAY = re.compile(r"^(?P<mon>[A-Za-z]+)\.?\s+(?P<d>\d{1,2})$")
_MONTH_YEAR = re.compile(r"^(?P<mon>[A-Za-z]+)\.?\s+(?P<y>\d{4})$")


@dataclass(frozen=True)
class ArticleMeta:
    """One row of metadata.csv, with the published date's precision."""

    article_id: str
    outlet: str
    title: str
    published: str
    published_precision: str
    published_sort: str
    language: str
    sha256: str
    line: int = 0  # the row's line in metadata.csv (for errors about it)


def parse_published(value: str) -> tuple[str, str]:
    """Return `(precision, sortable ISO prefix)` of a date kept as written.

    Precision is `none`, `year`, `month`, `day` or `month_day` (a day without a year).
    Raises ValueError for anything else.
    """
    value = value.strip()
    if not value:
        return "none", ""
    if match := _ISO.match(value):
        month, day = match["m"], match["d"]
        _check_month_day(int(month or 1), int(day or 1), int(match["y"]))
        if day:
            return "day", value
        return ("month", value) if month else ("year", value)
    if match := _MONTH_DAY.match(value):
        month = _month_number(match["mon"])
        _check_month_day(month, int(match["d"]))
        return "month_day", f"--{month:02d}-{int(match['d']):02d}"
    if match := _MONTH_YEAR.match(value):
        return "month", f"{match['y']}-{_month_number(match['mon']):02d}"
    raise ValueError(value)


def _month_number(name: str) -> int:
    try:
        return _MONTHS[name.lower()]
    except KeyError:
        raise ValueError(name) from None


def _check_month_day(month: int, day: int, year: int | None = None) -> None:
    """A real calendar day: 2023-02-30 and 2023-02-29 fail; `Feb 29` without a year passes."""
    if not 1 <= month <= 12:
        raise ValueError(f"{month}-{day}")
    last = calendar.monthrange(year if year is not None else 2000, month)[1]  # 2000: a leap year
    if not 1 <= day <= last:
        raise ValueError(f"{month}-{day}")


def read_metadata(path: str | Path) -> dict[str, ArticleMeta]:
    """Read metadata.csv into a dict keyed by article_id; fail with file:line on bad rows."""
    path = Path(path)
    _, records = read_csv_rows(path, REQUIRED_COLUMNS)
    rows: dict[str, ArticleMeta] = {}
    for line, row in records:
        meta = _row_to_meta(path, line, row)
        if meta.article_id in rows:
            raise InputError(path, "duplicate article_id", line=line, field="article_id",
                             found=meta.article_id)
        rows[meta.article_id] = meta
    return rows


def _row_to_meta(path: Path, line: int, row: dict[str, str]) -> ArticleMeta:
    values = {key: (row.get(key) or "").strip() for key in REQUIRED_COLUMNS}
    if not values["article_id"]:
        raise InputError(path, "empty value", line=line, field="article_id",
                         expected="the article file's stem")
    try:
        precision, sortable = parse_published(values["published"])
    except ValueError:
        raise InputError(
            path, "bad date", line=line, field="published",
            expected="YYYY, YYYY-MM, YYYY-MM-DD, 'Mon D', 'Month YYYY' or empty",
            found=values["published"],
        ) from None
    sha = values["sha256"].lower()
    if sha and not re.fullmatch(r"[0-9a-f]{64}", sha):
        raise InputError(path, "bad sha256", line=line, field="sha256",
                         expected="64 hex digits", found=values["sha256"])
    return ArticleMeta(
        article_id=values["article_id"], outlet=values["outlet"], title=values["title"],
        published=values["published"], published_precision=precision,
        published_sort=sortable, language=values["language"], sha256=sha, line=line,
    )
