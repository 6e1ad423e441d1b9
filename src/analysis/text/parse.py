"""Read raw articles, separate boilerplate from body text, split sentences with offsets.

Offsets follow the codebook: the text is the file's bytes decoded as UTF-8 with no
newline translation and no normalisation, and offsets count code points.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from analysis.errors import InputError
from analysis.resources import load_yaml

__all__ = [
    "Line",
    "ParsedArticle",
    "Sentence",
    "SentenceRow",
    "classify_lines",
    "decode_article",
    "iter_article_paths",
    "parse_article",
    "read_article",
    "scan_raw_folder",
    "split_lines",
    "split_sentences",
    "MAX_LINE_CHARS",
    "MAX_SENTENCE_CHARS",
    "WorkLimitExceeded",
    "check_line_limit",
    "check_sentence_limit",
]


@dataclass(frozen=True)
class Line:
    """One raw line: its number (1-based) and the offsets of its content, without `\\r\\n`."""

    line_no: int
    start: int
    end: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class Sentence:
    """A sentence of the body: offsets into the raw text and its paragraph."""

    paragraph_no: int
    start: int
    end: int
    text: str
    is_title: bool = False


class SentenceRow(NamedTuple):
    """One row of the sentences table, without pandas (the per-article engine's unit)."""

    article_id: str
    sentence_no: int
    paragraph_no: int
    start: int
    end: int
    is_title: bool
    text: str


@dataclass
class ParsedArticle:
    """Everything ingestion learns about one article."""

    article_id: str
    file_name: str
    text: str
    sha256: str
    title: str = ""
    title_start: int = -1
    title_end: int = -1
    lines: list[Line] = field(default_factory=list)
    line_kinds: dict[int, str] = field(default_factory=dict)
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def boilerplate_lines(self) -> list[tuple[Line, str]]:
        """Return the boilerplate lines with their kind, in text order."""
        return [(ln, self.line_kinds[ln.line_no]) for ln in self.lines if ln.line_no in self.line_kinds]

    def sentence_rows(self) -> list[SentenceRow]:
        """Return the body sentences as sentences-table rows, numbered from 1."""
        return [SentenceRow(self.article_id, number, s.paragraph_no, s.start, s.end, s.is_title, s.text)
                for number, s in enumerate(self.sentences, start=1)]

    @property
    def body_lines(self) -> list[Line]:
        """Return the non-blank lines kept as body text (title included)."""
        return [ln for ln in self.lines if not ln.is_blank and ln.line_no not in self.line_kinds]


# --------------------------------------------------------------------------- reading


def iter_article_paths(raw_dir: str | Path) -> list[Path]:
    """List the `.txt` files of a raw folder, sorted by name; fail clearly if there are none."""
    return scan_raw_folder(raw_dir)[0]


def scan_raw_folder(raw_dir: str | Path) -> tuple[list[Path], list[tuple[str, str, str]]]:
    """Return the raw folder's article files and the `(name, reason, detail)` of what is not read.

    An article is a regular `.txt` file directly in the folder, or a symlink to one inside
    it. Everything else that looks like an article is counted, never followed: a symlink
    out of the folder (`outside_raw_folder`), a symlink loop (`symlink_loop`), a broken
    symlink (`broken_symlink`), a folder, FIFO or device named `.txt` (`not_a_file`), a
    `.TXT`-like suffix (`not_txt_suffix`) and a subfolder (`in_subfolder`, with the number of
    `.txt` files under it). Other files (`metadata.csv`, `README.md`) are not articles.
    """
    folder = Path(raw_dir)
    if not folder.is_dir():
        raise InputError(folder, "raw folder not found", expected="a folder of .txt articles")
    root = folder.resolve()
    paths, skipped = [], []
    for entry in sorted(folder.iterdir()):
        reason = _not_read_reason(entry, root)
        if reason is None:
            paths.append(entry)
        elif reason[0]:
            skipped.append((entry.name, *reason))
    if not paths:
        raise InputError(folder, "raw folder holds no articles", expected="at least one .txt file",
                         found=f"{len(skipped)} entries not read" if skipped else None)
    return paths, skipped


def _not_read_reason(entry: Path, root: Path) -> tuple[str, str] | None:
    """None for an article file; ("", "") for a file that is not meant as an article."""
    is_txt = entry.suffix == ".txt"
    if entry.is_symlink():
        try:
            target = Path(os.path.realpath(entry, strict=True))
        except OSError as err:
            if err.errno == errno.ELOOP:
                return "symlink_loop", "the link leads back to itself"
            return ("broken_symlink", f"the link's target is missing ({os.readlink(entry)})") if is_txt \
                else ("", "")
        if not target.is_relative_to(root):
            return "outside_raw_folder", "a symlink to a path outside the raw folder (not read)"
    mode = entry.stat().st_mode
    if stat.S_ISDIR(mode):
        if is_txt:
            return "not_a_file", "a folder named .txt"
        n_txt = sum(1 for _, _, names in os.walk(entry) for name in names if name.lower().endswith(".txt"))
        return "in_subfolder", f"a subfolder with {n_txt} .txt files (only the folder's own files are read)"
    if is_txt:
        return None if stat.S_ISREG(mode) else ("not_a_file", "a FIFO, socket or device named .txt")
    if entry.suffix.lower() == ".txt":
        return "not_txt_suffix", f"suffix {entry.suffix} (articles end in .txt)"
    return "", ""


def decode_article(data: bytes, path: str | Path) -> str:
    """Decode article bytes as strict UTF-8, keeping `\\r\\n` and a BOM as they are."""
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError(path, "binary file, not text", line=line, expected="UTF-8 text", found="NUL byte")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        found = data[err.start : err.start + 4].hex(" ")
        raise InputError(
            path, "not valid UTF-8", line=line, expected="UTF-8 text", found=f"bytes {found}"
        ) from None


def read_article(path: str | Path) -> tuple[str, str]:
    """Return an article's text (codebook offsets) and the sha256 of its bytes."""
    data = Path(path).read_bytes()
    return decode_article(data, path), hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------- lines


def split_lines(text: str) -> list[Line]:
    """Split on `\\n` only (never on U+2028 or form feeds), dropping a trailing `\\r`."""
    lines: list[Line] = []
    start = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        end = start + len(raw)
        content_end = end - 1 if raw.endswith("\r") else end
        lines.append(Line(number, start, content_end, text[start:content_end]))
        start = end + 1
    return lines


@dataclass(frozen=True)
class _Rule:
    kind: str
    pattern: re.Pattern[str]
    starts_footer: bool
    is_credit: bool = False


@dataclass(frozen=True)
class _BoilerplateConfig:
    rules: tuple[_Rule, ...]
    min_title_words: int
    min_related_headline_words: int
    terminal_chars: str


@lru_cache(maxsize=1)
def _boilerplate_config() -> _BoilerplateConfig:
    raw = load_yaml("boilerplate.yaml")
    rules = tuple(
        _Rule(r["kind"], re.compile(r["pattern"]), bool(r.get("starts_footer", False)),
              bool(r.get("credit", False)))
        for r in raw["line_rules"]
    )
    return _BoilerplateConfig(
        rules,
        int(raw["min_title_words"]),
        int(raw["min_related_headline_words"]),
        str(raw["terminal_chars"]),
    )


def _match_rule(line: str) -> _Rule | None:
    for rule in _boilerplate_config().rules:
        if rule.pattern.search(line):
            return rule
    return None


# Deterministic work limits (the same on every machine): an article past one is skipped as
# `too_slow`. The seeds' longest line has 869 characters, their longest sentence 403.
MAX_LINE_CHARS = 50_000
MAX_SENTENCE_CHARS = 5_000


class WorkLimitExceeded(Exception):
    """An article needs more work than a limit allows; `detail` says which limit and by how much."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(detail)


def check_line_limit(text: str) -> None:
    """Refuse, before any pattern runs, an article with a line over `MAX_LINE_CHARS`."""
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE_CHARS:
            raise WorkLimitExceeded(f"line {number} has {len(line):,} characters, over the "
                                    f"{MAX_LINE_CHARS:,}-character limit")


def check_sentence_limit(sentences: Iterable[SentenceRow]) -> None:
    """Refuse an article with a sentence over `MAX_SENTENCE_CHARS`."""
    for row in sentences:
        if row.end - row.start > MAX_SENTENCE_CHARS:
            raise WorkLimitExceeded(f"sentence {row.sentence_no} has {row.end - row.start:,} characters, "
                                    f"over the {MAX_SENTENCE_CHARS:,}-character limit")


_BULLETS = ("•", "·", "▪", "■", "◦", "*", "- ")
_WORD = re.compile(r"\w+(?:[’'.-]\w+)*")


def _word_count(line: str) -> int:
    return len(_WORD.findall(line))


def _ends_like_sentence(line: str) -> bool:
    return line.rstrip().endswith(tuple(_boilerplate_config().terminal_chars))


def _is_parenthetical_caption(line: str) -> bool:
    """A caption ends in a parenthetical credit and has no sentence-final punctuation before it."""
    head = _head_before_trailing_paren(line)
    if not head:
        return False
    return not _ends_like_sentence(head) and _word_count(head) >= 3


def _head_before_trailing_paren(line: str) -> str | None:
    """The text before a final `(...)` without nested parentheses, or None; in linear time.

    What `^(?P<head>.*?)\\s*\\((?P<paren>[^()]*)\\)\\s*$` matched, without its quadratic
    backtracking on long runs of spaces or parentheses.
    """
    body = line.rstrip()
    if not body.endswith(")") or "\n" in body:
        return None
    opening = body.rfind("(", 0, len(body) - 1)
    if opening < 0 or ")" in body[opening + 1 : -1]:
        return None
    return body[:opening].rstrip()


def classify_lines(lines: list[Line]) -> tuple[dict[int, str], Line | None]:
    """Label boilerplate lines by kind and find the title line.

    Rules, in order: (1) lexicon rules from `boilerplate.yaml`; (2) lines before the
    title are header material (short ones are section labels); (3) a line that ends
    in a parenthetical credit, or precedes a credit line, is a caption; (4) after the
    title, a line without sentence-final punctuation and with many words is the
    headline of another article; (5) after a footer-starting line, all is footer.
    """
    config = _boilerplate_config()
    kinds: dict[int, str] = {}
    content = [ln for ln in lines if not ln.is_blank]
    title: Line | None = None
    in_footer = False
    for index, line in enumerate(content):
        text = line.stripped
        if in_footer:
            kinds[line.line_no] = "footer"
            continue
        rule = _match_rule(text)
        if rule is not None:
            kinds[line.line_no] = rule.kind
            in_footer = rule.starts_footer and title is not None
            continue
        if _is_parenthetical_caption(text) or _precedes_credit(content, index):
            kinds[line.line_no] = "caption"
            continue
        if title is None:
            if _word_count(text) >= config.min_title_words:
                title = line
            else:
                kinds[line.line_no] = "section_label"
            continue
        if _reads_as_other_headline(text):
            kinds[line.line_no] = "related"
    return kinds, title


def _reads_as_other_headline(line: str) -> bool:
    """A long line without sentence-final punctuation, not a bullet point, is another headline."""
    if line.startswith(_BULLETS) or _ends_like_sentence(line):
        return False
    return _word_count(line) >= _boilerplate_config().min_related_headline_words


def _precedes_credit(content: list[Line], index: int) -> bool:
    """True when the next non-blank line is a photo credit and this line reads as a caption."""
    if index + 1 >= len(content) or _ends_like_sentence(content[index].stripped):
        return False
    rule = _match_rule(content[index + 1].stripped)
    return rule is not None and rule.is_credit and _word_count(content[index + 1].stripped) <= 15


# --------------------------------------------------------------------------- sentences


@dataclass(frozen=True)
class _SentenceLexicon:
    non_terminal: frozenset[str]
    ambiguous: frozenset[str]
    openers: frozenset[str]


@lru_cache(maxsize=1)
def _sentence_lexicon() -> _SentenceLexicon:
    raw = load_yaml("sentences.yaml")
    return _SentenceLexicon(
        frozenset(raw["non_terminal"]), frozenset(raw["ambiguous"]), frozenset(raw["sentence_openers"])
    )


# Possessive runs that start only at the start of a run of stops: linear, even on "......".
_BOUNDARY = re.compile(r"(?<![.!?…])[.!?…]++[\"”’')\]]*+(?=\s)")
_NEXT_TOKEN = re.compile(r"\s+(?P<token>[\"“‘'(\[]?(?P<word>[\w’'-]*))")
_LEADING_JUNK = re.compile(r"^[\s\ufeff•·▪■◦*-]*")
_INITIAL = re.compile(r"[A-Z]")  # "J." in "Michael J. Fox": a single capital is an initial


def _is_boundary(paragraph: str, match: re.Match[str]) -> bool:
    """Decide whether a run of terminal punctuation ends the sentence."""
    following = _NEXT_TOKEN.match(paragraph, match.end())
    if following is None or not following["token"]:
        return False
    first = following["token"][0]
    if not (first.isupper() or first.isdigit() or first in "\"“‘'(["):
        return False
    if not match.group().startswith("."):
        return True
    token = _token_before(paragraph, match.start())
    if not token:
        return True
    lexicon = _sentence_lexicon()
    if token in lexicon.non_terminal or _INITIAL.fullmatch(token):
        return False
    if token in lexicon.ambiguous:
        return following["word"] in lexicon.openers
    return True


def _token_before(paragraph: str, dot: int) -> str:
    """Return the token before the full stop at `dot` ("U.S" of "U.S.", "Mr"), or "" when none.

    A token is a run of word characters, full stops, apostrophes and hyphens; scanning back
    from the stop keeps this linear in the token, not in the paragraph.
    """
    start = dot
    while start > 0 and (paragraph[start - 1].isalnum() or paragraph[start - 1] in "_.’'-"):
        start -= 1
    return paragraph[start:dot]


def split_sentences(paragraph: str) -> Iterator[tuple[int, int]]:
    """Yield `(start, end)` spans of the sentences in one paragraph, whitespace trimmed."""
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        if _is_boundary(paragraph, match):
            yield from _trimmed_span(paragraph, start, match.end())
            start = match.end()
    yield from _trimmed_span(paragraph, start, len(paragraph))


def _trimmed_span(paragraph: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    piece = paragraph[start:end]
    lead = _LEADING_JUNK.match(piece)
    offset = lead.end() if lead else len(piece)
    stripped_end = len(piece.rstrip())
    if stripped_end > offset:
        yield start + offset, start + stripped_end


# --------------------------------------------------------------------------- article


def parse_article(article_id: str, text: str, sha256: str, file_name: str = "") -> ParsedArticle:
    """Parse one article's text into title, boilerplate lines and body sentences."""
    lines = split_lines(text)
    kinds, title = classify_lines(lines)
    article = ParsedArticle(article_id, file_name or f"{article_id}.txt", text, sha256)
    article.lines = lines
    article.line_kinds = kinds
    if title is not None:
        start, end = next(_trimmed_span(title.text, 0, len(title.text)))
        article.title_start, article.title_end = title.start + start, title.start + end
        article.title = text[article.title_start : article.title_end]
    article.sentences = list(_body_sentences(article, title))
    return article


def _body_sentences(article: ParsedArticle, title: Line | None) -> Iterable[Sentence]:
    for paragraph_no, line in enumerate(article.body_lines, start=1):
        is_title = title is not None and line.line_no == title.line_no
        if is_title:
            yield Sentence(paragraph_no, article.title_start, article.title_end, article.title, True)
            continue
        for start, end in split_sentences(line.text):
            begin, finish = line.start + start, line.start + end
            yield Sentence(paragraph_no, begin, finish, article.text[begin:finish])
