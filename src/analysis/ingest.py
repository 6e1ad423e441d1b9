"""Turn a raw folder into the corpus tables: articles, sentences, boilerplate and skips."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.corpus import ParsedArticle, decode_article, iter_article_paths, parse_article
from analysis.errors import InputError
from analysis.language import detect_language
from analysis.metadata import ArticleMeta, read_metadata

__all__ = ["CorpusTables", "ingest_corpus", "ingest_file", "default_outlet_id"]

METADATA_FILE = "metadata.csv"
ACCEPTED_LANGUAGES = frozenset({"en"})


@dataclass
class CorpusTables:
    """The corpus tables and the parsed articles behind them."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    boilerplate: pd.DataFrame
    skipped: pd.DataFrame
    parsed: list[ParsedArticle] = field(default_factory=list)

    def as_tables(self) -> dict[str, pd.DataFrame]:
        """Return the tables by name, ready for `write_table`."""
        return {
            "articles": self.articles,
            "sentences": self.sentences,
            "boilerplate": self.boilerplate,
            "skipped": self.skipped,
        }


def default_outlet_id(article_id: str) -> str:
    """Return the narrator id used when metadata does not name the outlet."""
    return f"outlet:{article_id}"


@dataclass(frozen=True)
class IngestResult:
    """What one file became: a parsed article, or a skip with its reason."""

    file_name: str
    article: ParsedArticle | None = None
    skip_reason: str = ""
    skip_detail: str = ""


def ingest_file(path: Path, meta: ArticleMeta | None = None) -> IngestResult:
    """Read and parse one file, or say why it is skipped (empty, whitespace only, no body)."""
    data = path.read_bytes()
    if not data:
        return IngestResult(path.name, skip_reason="empty", skip_detail="0 bytes")
    text = decode_article(data, path)
    if not text.strip().lstrip("\ufeff").strip():
        return IngestResult(path.name, skip_reason="whitespace_only", skip_detail=f"{len(data)} bytes")
    sha = hashlib.sha256(data).hexdigest()
    if meta is not None and meta.sha256 and meta.sha256 != sha:
        raise InputError(
            METADATA_FILE, "sha256 does not match the file", field=f"sha256 of {path.name}",
            expected=meta.sha256[:12] + "…", found=sha[:12] + "…",
        )
    article = parse_article(path.stem, text, sha, path.name)
    if not article.sentences:
        return IngestResult(path.name, skip_reason="no_body", skip_detail="no body text after boilerplate")
    return IngestResult(path.name, article=article)


def ingest_corpus(
    raw_dir: str | Path,
    metadata_path: str | Path | None = None,
    outlet_names: Mapping[str, str] | None = None,
) -> CorpusTables:
    """Ingest every `.txt` in `raw_dir`; metadata defaults to `raw_dir/metadata.csv` when present."""
    paths = iter_article_paths(raw_dir)
    metadata = _load_metadata(raw_dir, metadata_path)
    results = [ingest_file(p, metadata.get(p.stem)) for p in paths]
    return assemble_tables(results, metadata, outlet_names or {}, {p.stem for p in paths})


def _load_metadata(raw_dir: str | Path, metadata_path: str | Path | None) -> dict[str, ArticleMeta]:
    if metadata_path is None:
        candidate = Path(raw_dir) / METADATA_FILE
        return read_metadata(candidate) if candidate.exists() else {}
    return read_metadata(metadata_path)


def assemble_tables(
    results: Iterable[IngestResult],
    metadata: Mapping[str, ArticleMeta],
    outlet_names: Mapping[str, str],
    article_ids_on_disk: set[str],
) -> CorpusTables:
    """Build the corpus tables from per-file results; drop later duplicates of the same bytes."""
    articles, sentences, boilerplate, skipped = [], [], [], []
    first_file_by_sha: dict[str, str] = {}
    parsed: list[ParsedArticle] = []
    for result in sorted(results, key=lambda r: r.file_name):
        if result.article is None:
            skipped.append((result.file_name, result.skip_reason, result.skip_detail))
            continue
        art = result.article
        row = _article_row(art, metadata.get(art.article_id), outlet_names)
        language = row[_ARTICLE_COLUMNS.index("language")]
        if language not in ACCEPTED_LANGUAGES:
            skipped.append((result.file_name, "not_english", f"language {language}"))
            continue
        if art.sha256 in first_file_by_sha:
            skipped.append((result.file_name, "duplicate", f"same bytes as {first_file_by_sha[art.sha256]}"))
            continue
        first_file_by_sha[art.sha256] = result.file_name
        parsed.append(art)
        articles.append(row)
        sentences.extend(_sentence_rows(art))
        boilerplate.extend(_boilerplate_rows(art))
    for article_id in sorted(set(metadata) - article_ids_on_disk):
        skipped.append((METADATA_FILE, "metadata_unknown_article", article_id))
    return CorpusTables(
        articles=pd.DataFrame(articles, columns=_ARTICLE_COLUMNS),
        sentences=pd.DataFrame(sentences, columns=_SENTENCE_COLUMNS),
        boilerplate=pd.DataFrame(boilerplate, columns=_BOILERPLATE_COLUMNS),
        skipped=pd.DataFrame(skipped, columns=["file_name", "reason", "detail"]),
        parsed=parsed,
    )


_ARTICLE_COLUMNS = [
    "article_id", "file_name", "sha256", "outlet", "outlet_name", "title", "title_start",
    "title_end", "published", "published_precision", "published_sort", "language",
    "language_detected", "n_chars", "n_body_chars", "n_lines", "n_boilerplate_lines",
    "n_paragraphs", "n_sentences",
]
_SENTENCE_COLUMNS = ["article_id", "sentence_no", "paragraph_no", "start", "end", "is_title", "text"]
_BOILERPLATE_COLUMNS = ["article_id", "line_no", "start", "end", "kind", "text"]


def _article_row(art: ParsedArticle, meta: ArticleMeta | None, outlet_names: Mapping[str, str]) -> list:
    body = " ".join(s.text for s in art.sentences)
    detected = detect_language(body)
    outlet = meta.outlet if meta and meta.outlet else default_outlet_id(art.article_id)
    return [
        art.article_id, art.file_name, art.sha256, outlet, outlet_names.get(outlet, outlet),
        art.title, art.title_start, art.title_end,
        meta.published if meta else "", meta.published_precision if meta else "none",
        meta.published_sort if meta else "",
        (meta.language if meta and meta.language else detected), detected,
        len(art.text), sum(s.end - s.start for s in art.sentences),
        sum(1 for ln in art.lines if not ln.is_blank), len(art.line_kinds),
        len({s.paragraph_no for s in art.sentences}), len(art.sentences),
    ]


def _sentence_rows(art: ParsedArticle) -> Iterable[list]:
    for number, sentence in enumerate(art.sentences, start=1):
        yield [art.article_id, number, sentence.paragraph_no, sentence.start, sentence.end,
               sentence.is_title, sentence.text]


def _boilerplate_rows(art: ParsedArticle) -> Iterable[list]:
    for line, kind in art.boilerplate_lines:
        yield [art.article_id, line.line_no, line.start, line.end, kind, line.text]
