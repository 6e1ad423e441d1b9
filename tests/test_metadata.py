"""metadata.csv: dates kept as written with their precision, and clear errors."""

from __future__ import annotations

import pytest

from analysis.build.metadata import parse_published, read_metadata
from analysis.errors import InputError


@pytest.mark.parametrize(
    ("value", "precision", "sortable"),
    [
        ("", "none", ""),
        ("2023", "year", "2023"),
        ("2023-11", "month", "2023-11"),
        ("2023-11-05", "day", "2023-11-05"),
        ("Aug 8", "month_day", "--08-08"),
        ("September 2023", "month", "2023-09"),
    ],
)
def test_published_dates_keep_their_precision(value, precision, sortable):
    assert parse_published(value) == (precision, sortable)


@pytest.mark.parametrize("value", ["2023-13", "yesterday", "Aug 45", "23/11/2023"])
def test_bad_dates_are_rejected(value):
    with pytest.raises(ValueError):
        parse_published(value)


def test_bad_date_error_names_file_line_and_field(tmp_path):
    path = tmp_path / "metadata.csv"
    path.write_text(
        "article_id,outlet,title,published,language,sha256\n"
        "a,x,T,2023,en,\n"
        "b,x,T,someday,en,\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        read_metadata(path)
    assert str(info.value).startswith(f"{path}:3: published: bad date")
    assert "found 'someday'" in str(info.value)


def test_missing_column_is_named(tmp_path):
    path = tmp_path / "metadata.csv"
    path.write_text("article_id,outlet,title,language,sha256\n", encoding="utf-8")
    with pytest.raises(InputError, match="published: missing column"):
        read_metadata(path)
