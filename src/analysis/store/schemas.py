"""pandera schemas of every processed table; checked on write, and the source of the data dictionary."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing.pandas import Series

from analysis.codebook import BLOCS, RELATIONS, TOPICS, VOICES

__all__ = [
    "TABLE_SCHEMAS",
    "ArticlesSchema",
    "BoilerplateSchema",
    "SentencesSchema",
    "SkippedSchema",
    "StatementsSchema",
    "CombinedStatementsSchema",
    "QualitySchema",
    "UnresolvedSchema",
    "ClaimsSchema",
]

SOURCES = ("curated", "auto")


class _Strict(pa.DataFrameModel):
    class Config:
        strict = True
        ordered = True
        coerce = True


class ArticlesSchema(_Strict):
    """One row per ingested article (`articles.parquet`)."""

    article_id: Series[str] = pa.Field(unique=True, description="The raw file's stem.")
    file_name: Series[str] = pa.Field(description="The raw file's name inside the raw folder.")
    sha256: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{64}$", description="SHA-256 of the raw file's bytes.")
    outlet: Series[str] = pa.Field(description="Outlet actor id from metadata.csv; without metadata `outlet:<article_id>`.")
    outlet_name: Series[str] = pa.Field(description="Outlet display name (from the actor ontology when known).")
    title: Series[str] = pa.Field(description="Title found in the text (first non-boilerplate line).")
    title_start: Series[int] = pa.Field(ge=-1, description="Offset of the title in the raw text, -1 when none.")
    title_end: Series[int] = pa.Field(ge=-1, description="End offset (exclusive) of the title, -1 when none.")
    published: Series[str] = pa.Field(description="Publication date as written in metadata.csv (may be empty or partial).")
    published_precision: Series[str] = pa.Field(
        isin=["none", "year", "month", "day", "month_day"],
        description="Precision of `published`: none, year, month, day, or month_day (a day without a year).",
    )
    published_sort: Series[str] = pa.Field(description="Sortable ISO prefix of `published` (`--MM-DD` for month_day), empty when none.")
    published_date: Series[pa.DateTime] = pa.Field(nullable=True, description="`published` as a typed date (parquet DATE): the first day of its year or month at year or month precision; null when none or month_day. Read it with `published_precision`.")
    language: Series[str] = pa.Field(description="Language from metadata.csv, else detected (ISO 639-1; `und` when unknown).")
    language_detected: Series[str] = pa.Field(description="Language detected by langdetect from the body text.")
    n_chars: Series[int] = pa.Field(ge=0, description="Length of the raw text in code points.")
    n_body_chars: Series[int] = pa.Field(ge=0, description="Code points inside body sentences (title included).")
    n_lines: Series[int] = pa.Field(ge=0, description="Non-blank lines in the raw text.")
    n_boilerplate_lines: Series[int] = pa.Field(ge=0, description="Non-blank lines classified as boilerplate.")
    n_paragraphs: Series[int] = pa.Field(ge=0, description="Body paragraphs (title included).")
    n_sentences: Series[int] = pa.Field(ge=0, description="Body sentences (title included).")


class SentencesSchema(_Strict):
    """One row per body sentence (`sentences.parquet`); offsets slice the raw text exactly."""

    article_id: Series[str] = pa.Field(description="The raw file's stem.")
    sentence_no: Series[int] = pa.Field(ge=1, description="1-based sentence number within the article, in text order.")
    paragraph_no: Series[int] = pa.Field(ge=1, description="1-based body paragraph number (the title is paragraph 1 when present).")
    start: Series[int] = pa.Field(ge=0, description="Start offset (code points) in the raw text.")
    end: Series[int] = pa.Field(ge=0, description="End offset (exclusive); `text == raw[start:end]`.")
    is_title: Series[bool] = pa.Field(description="True for the title line.")
    text: Series[str] = pa.Field(description="The sentence, exactly as in the raw text.")


class BoilerplateSchema(_Strict):
    """One row per raw line classified as boilerplate (`boilerplate.parquet`)."""

    article_id: Series[str] = pa.Field(description="The raw file's stem.")
    line_no: Series[int] = pa.Field(ge=1, description="1-based line number in the raw file.")
    start: Series[int] = pa.Field(ge=0, description="Start offset of the line's content in the raw text.")
    end: Series[int] = pa.Field(ge=0, description="End offset (exclusive) of the line's content.")
    kind: Series[str] = pa.Field(
        isin=[
            "advertisement", "caption", "byline", "related", "disclaimer", "comment_prompt",
            "navigation", "media", "section_label", "footer",
        ],
        description="Why the line was removed: advertisement, caption, byline, related, disclaimer, "
        "comment_prompt, navigation, media, section_label, or footer (after a footer-starting line).",
    )
    text: Series[str] = pa.Field(description="The line's content as in the raw text.")


class SkippedSchema(_Strict):
    """One row per input file that was skipped, with the reason (`skipped.parquet`)."""

    file_name: Series[str] = pa.Field(description="File name inside the raw folder.")
    reason: Series[str] = pa.Field(
        isin=["empty", "whitespace_only", "duplicate", "not_english", "no_body", "too_large", "too_slow",
             "metadata_unknown_article", "outside_raw_folder", "symlink_loop", "broken_symlink", "not_a_file",
             "not_txt_suffix", "in_subfolder"],
        description="Why it was skipped: empty, whitespace_only, duplicate (same bytes as an earlier file), "
        "not_english, no_body (nothing left after boilerplate), too_large (over the size limit), too_slow "
        "(over a per-article work limit: sentence length or cue matches), metadata_unknown_article (a "
        "metadata.csv row for a file that is not in the raw folder); never read: outside_raw_folder (a "
        "symlink out of the raw folder), symlink_loop, broken_symlink, not_a_file (a folder, FIFO or device "
        "named .txt), not_txt_suffix (e.g. .TXT), in_subfolder (a subfolder; only the folder's own files "
        "are read).",
    )
    detail: Series[str] = pa.Field(description="More detail, e.g. the file it duplicates or the detected language.")


class StatementsSchema(_Strict):
    """One row per coded statement (`statements.parquet`): who says what about whom, with evidence."""

    article_id: Series[str] = pa.Field(description="The raw file's stem.")
    sentence_no: Series[int] = pa.Field(ge=0, description="Sentence holding the evidence (0 when it lies outside body sentences).")
    speaker: Series[str] = pa.Field(description="Actor id of who makes the claim.")
    target: Series[str] = pa.Field(description="Actor id of whom the claim is about.")
    relation: Series[str] = pa.Field(isin=list(RELATIONS), description="accuse, deny, demand, threaten, appeal, cooperate or praise.")
    topic: Series[str] = pa.Field(isin=list(TOPICS), description="Codebook topic of the claim.")
    voice: Series[str] = pa.Field(isin=list(VOICES), description="quote, reported or narrator.")
    evidence: Series[str] = pa.Field(description="Exact span of the article text carrying the claim.")
    start: Series[int] = pa.Field(ge=0, description="Start offset of `evidence` in the raw text.")
    end: Series[int] = pa.Field(ge=0, description="End offset (exclusive) of `evidence`.")
    speaker_bloc: Series[str] = pa.Field(isin=list(BLOCS), description="Bloc of the speaker.")
    target_bloc: Series[str] = pa.Field(isin=list(BLOCS), description="Bloc of the target.")
    source: Series[str] = pa.Field(isin=list(SOURCES), description="curated (hand-coded) or auto (extracted).")
    rule: Series[str] = pa.Field(description="For auto statements, the rules that fired; empty for curated ones.")


class CombinedStatementsSchema(StatementsSchema):
    """The statements the report reads by default (`statements.parquet`): curated statements for the
    articles the curated file covers, automatic ones for the rest, with each article's outlet and date."""

    outlet: Series[str] = pa.Field(description="Outlet actor id of the article.")
    outlet_name: Series[str] = pa.Field(description="Outlet display name.")
    published: Series[str] = pa.Field(description="Publication date as written in metadata.csv.")
    published_precision: Series[str] = pa.Field(isin=["none", "year", "month", "day", "month_day"], description="Precision of `published`.")
    published_date: Series[pa.DateTime] = pa.Field(nullable=True, description="Typed date (parquet DATE), as in `articles`; null when none or month_day.")


class QualitySchema(_Strict):
    """Extraction quality against the curated statements (`extraction_quality.parquet`, also as CSV)."""

    match: Series[str] = pa.Field(isin=["bloc", "grounded", "strict"], description="How statements are matched: bloc, grounded or strict (see docs/codebook.md); not a graph level.")
    relation: Series[str] = pa.Field(description="`all`, or one relation scored alone.")
    method: Series[str] = pa.Field(isin=["extractor", "baseline"], description="extractor (the rules) or baseline (co-mention).")
    precision: Series[float] = pa.Field(ge=0, le=1, description="Matched predictions / predictions.")
    recall: Series[float] = pa.Field(ge=0, le=1, description="Matched gold statements / gold statements.")
    f1: Series[float] = pa.Field(ge=0, le=1, description="Harmonic mean of precision and recall.")
    n_gold: Series[int] = pa.Field(ge=0, description="Gold items (support).")
    n_pred: Series[int] = pa.Field(ge=0, description="Predicted items.")
    n_match: Series[int] = pa.Field(ge=0, description="Matched items.")


class ClaimsSchema(_Strict):
    """One row per numeric claim found in body sentences (`claims.parquet`), see analysis.text.claims."""

    article_id: Series[str] = pa.Field(description="The raw file's stem.")
    sentence_no: Series[int] = pa.Field(ge=1, description="Sentence holding the figure.")
    start: Series[int] = pa.Field(ge=0, description="Start offset of `evidence` in the raw text.")
    end: Series[int] = pa.Field(ge=0, description="End offset (exclusive) of `evidence`.")
    evidence: Series[str] = pa.Field(description="The figure as written, from its comparator to its unit.")
    quantity: Series[str] = pa.Field(description="What is counted: overdose_deaths, potency, money, guns, count_countries, count_companies, count_people, seizures, percent_share or other.")
    value_low: Series[float] = pa.Field(description="Lower value (the value itself when not a range).")
    value_high: Series[float] = pa.Field(description="Upper value (the value itself when not a range).")
    unit: Series[str] = pa.Field(description="Unit, e.g. deaths, times_heroin, usd, percent.")
    comparator: Series[str] = pa.Field(description="Qualifier such as 'more than', 'at least', 'about', or empty.")
    scope: Series[str] = pa.Field(description="What the figure covers, e.g. 'synthetic opioids'.")
    period: Series[str] = pa.Field(description="Period as written, e.g. 'in 2022', 'last year', 'every year'.")
    period_value: Series[str] = pa.Field(description="Normalised period (see analysis.text.timex), empty when none.")
    place: Series[str] = pa.Field(description="Place the figure applies to, when stated.")


class UnresolvedSchema(_Strict):
    """Capitalised names in the body text that no alias covers (`unresolved_mentions.parquet`)."""

    surface: Series[str] = pa.Field(description="The name as written.")
    n: Series[int] = pa.Field(ge=1, description="Occurrences in body sentences.")
    n_articles: Series[int] = pa.Field(ge=1, description="Articles it occurs in.")
    example_article: Series[str] = pa.Field(description="First article it occurs in.")
    example_start: Series[int] = pa.Field(ge=0, description="Offset of that first occurrence.")


class InducedActorsSchema(_Strict):
    """People the ontology lacks, recognised from a title or role (`induced_actors.parquet`)."""

    article_id: Series[str] = pa.Field(description="Article the person is named in.")
    name: Series[str] = pa.Field(description="The person's name as first written.")
    office: Series[str] = pa.Field(description="Ontology actor their mentions resolve to (the office held).")
    bloc: Series[str] = pa.Field(isin=list(BLOCS), description="Bloc of that office.")
    cue: Series[str] = pa.Field(isin=["title", "organisation", "appositive", "party"],
                                description="What gave the office: a title, an organisation before the role, "
                                            "an appositive after the name, or a US party tag.")
    evidence: Series[str] = pa.Field(description="The title or role and the name, as written.")
    start: Series[int] = pa.Field(ge=0, description="Offset of the first mention of the name.")
    end: Series[int] = pa.Field(ge=0, description="End offset of that mention.")
    n: Series[int] = pa.Field(ge=1, description="Mentions in the article (name and later surnames).")


TABLE_SCHEMAS: dict[str, type[_Strict]] = {
    "articles": ArticlesSchema,
    "sentences": SentencesSchema,
    "boilerplate": BoilerplateSchema,
    "skipped": SkippedSchema,
    "statements_curated": StatementsSchema,
    "statements_auto": StatementsSchema,
    "statements": CombinedStatementsSchema,
    "extraction_quality": QualitySchema,
    "unresolved_mentions": UnresolvedSchema,
    "induced_actors": InducedActorsSchema,
    "claims": ClaimsSchema,
}
