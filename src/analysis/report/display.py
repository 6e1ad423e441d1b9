"""Display helpers for the report notebooks: escaped prose, tables and figures for HTML and PDF.

Every object shown here carries an HTML form (escaped) and a LaTeX form (escaped,
wrapped columns), so the same cell reads well in the browser and in print, and no
article text can turn into markup.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from IPython.display import Image  # noqa: E402

__all__ = [
    "BLOC_COLOURS",
    "Bullets",
    "LOW_N",
    "Prose",
    "Table",
    "column_shares",
    "contrast_ratio",
    "describe_figure",
    "escape_latex",
    "figure_png",
    "plural",
    "show_figure",
]

# One colour per bloc, used by every figure: Okabe–Ito hues (colourblind-safe), darkened where
# needed so that each has at least 3:1 contrast against the white page (WCAG 1.4.11).
BLOC_COLOURS = {
    "US": "#0072B2",
    "MX": "#009E73",
    "CN": "#D55E00",
    "CARTELS": "#B0589A",
    "SUPPLIERS": "#B8860B",
    "INTL": "#6A5ACD",
    "MEDIA": "#767676",
}
LOW_N = 5  # bars, cells and ties resting on fewer statements than this are marked as thin


def contrast_ratio(colour: str, background: str = "#FFFFFF") -> float:
    """Return the WCAG contrast ratio of two `#RRGGBB` colours (1 to 21)."""
    lighter, darker = sorted((_luminance(colour), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_LATEX_PATTERN = re.compile("|".join(re.escape(k) for k in _LATEX_SPECIALS))


def escape_latex(text: object) -> str:
    """Escape LaTeX specials so article text prints literally ("--" and "---" stay hyphens, not dashes)."""
    escaped = _LATEX_PATTERN.sub(lambda m: _LATEX_SPECIALS[m.group()], str(text))
    return re.sub(r"-(?=-)", "-{}", escaped)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """Return "1 article" / "3 articles"."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


@dataclass(frozen=True)
class Prose:
    """A paragraph of generated prose (numbers come from code); `**bold**` is the only markup."""

    text: str

    def _repr_html_(self) -> str:
        if (item := _bullet_item(self.text)) is not None:
            return Bullets([item])._repr_html_()
        return "<p>" + _bold_html(self.text) + "</p>"

    def _repr_latex_(self) -> str:
        if (item := _bullet_item(self.text)) is not None:
            return Bullets([item])._repr_latex_()
        return _bold_latex(self.text) + "\n"

    def __repr__(self) -> str:
        return self.text.replace("**", "")


_BULLET = re.compile(r"^\s*[•\u2022\u25aa\u25e6]\s+")


def _bullet_item(text: str) -> str | None:
    """Return the item of a paragraph typed as a bullet ("• finding"), else None."""
    match = _BULLET.match(text)
    return text[match.end():] if match else None


def _bold_html(text: str) -> str:
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(text, quote=True))


def _bold_latex(text: str) -> str:
    return re.sub(r"\*\*(.+?)\*\*", r"\\textbf{\1}", escape_latex(text))


LIST_CLASS = "report-list"  # render.py merges adjacent lists of one cell into one


@dataclass(frozen=True)
class Bullets:
    """A real list (`<ul>` in HTML, `itemize` in print) of prose items; `**bold**` as in Prose."""

    items: Sequence[str]

    def _repr_html_(self) -> str:
        body = "".join(f"<li>{_bold_html(item)}</li>" for item in self.items)
        return f'<ul class="{LIST_CLASS}">{body}</ul>'

    def _repr_latex_(self) -> str:
        body = "".join(f"\\item {_bold_latex(item)}\n" for item in self.items)
        return "\\begin{itemize}\n" + body + "\\end{itemize}\n"

    def __repr__(self) -> str:
        return "\n".join("- " + item.replace("**", "") for item in self.items)


@dataclass(frozen=True)
class Table:
    """A table for both outputs: escaped HTML, and a LaTeX longtable with wrapped columns.

    `widths` gives each column's share of the text width (they are normalised); long
    cells wrap, so nothing is cut silently. `max_rows` caps the rows shown and says so.
    Columns with no value in any shown row are left out (their widths with them); every
    table carries a caption (`<caption>` in HTML), named after its columns when none is given.
    """

    frame: pd.DataFrame
    caption: str = ""
    widths: Sequence[float] | None = None
    max_rows: int | None = None

    def _shown(self) -> tuple[pd.DataFrame, list[float] | None, str]:
        frame = self.frame.reset_index(drop=True)
        frame.columns = [str(c) for c in frame.columns]  # no axis name: it would show as a stray header cell
        note = ""
        if self.max_rows is not None and len(frame) > self.max_rows:
            note = f"Showing the first {self.max_rows:,} of {len(frame):,} rows."
            frame = frame.head(self.max_rows)
        keep = [i for i in range(frame.shape[1]) if not _is_empty_column(frame.iloc[:, i], len(frame))]
        given = self.widths and len(self.widths) == frame.shape[1]
        widths = [self.widths[i] for i in keep] if given else None
        return frame.iloc[:, keep], widths, note

    def _caption(self, frame: pd.DataFrame) -> str:
        if self.caption:
            return self.caption
        names = [str(c) for c in frame.columns]
        return "Table: " + (", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names))

    def _repr_html_(self) -> str:
        frame, widths, note = self._shown()
        if frame.empty:
            return f'<p class="table-note"><strong>{html.escape(self._caption(frame))}</strong>: none.</p>'
        shown = frame.map(_format_cell)
        body = shown.to_html(index=False, escape=True, border=0, classes="report-table", na_rep="")
        caption = f"<caption>{html.escape(self._caption(frame))}</caption>"
        if widths:
            shares = column_shares(frame, widths)
            cols = "".join(f'<col style="width: {100 * w:.1f}%">' for w in shares)
            caption += f"<colgroup>{cols}</colgroup>"
        body = re.sub(r"(<table[^>]*>)", lambda m: m.group(1) + caption, body, count=1)
        parts = ['<div class="report-table-wrap">', body]
        if note:
            parts.append(f'<p class="table-note">{html.escape(note)}</p>')
        parts.append("</div>")
        return "".join(parts)

    def _repr_latex_(self) -> str:
        frame, widths, note = self._shown()
        if frame.empty:
            return f"\\textbf{{{escape_latex(self._caption(frame))}}}: none.\n"
        shares = column_shares(frame, widths)
        spec = "".join(
            f">{{\\raggedright\\arraybackslash}}p{{\\dimexpr {w:.3f}\\linewidth-2\\tabcolsep\\relax}}"
            for w in shares
        )
        header = " & ".join(f"\\textbf{{{_latex_cell(str(c))}}}" for c in frame.columns)
        rows = [
            " & ".join(_latex_cell(_format_cell(v)) for v in row) + r" \\"
            for row in frame.itertuples(index=False)
        ]
        size, _ = table_font_size(frame)
        lines = [
            f"{{{size}\\setlength{{\\tabcolsep}}{{3pt}}\\hyphenpenalty=10000\\uchyph=0",
            f"\\begin{{longtable}}{{{spec}}}",
            f"\\caption*{{{escape_latex(self._caption(frame))}}}\\\\\n\\toprule",
            header + r" \\",
            "\\midrule\\endhead",
            *rows,
            "\\bottomrule",
            "\\end{longtable}}",
        ]
        if note:
            lines.append(f"\\emph{{{escape_latex(note)}}}\n")
        return "\n".join(lines) + "\n"

    def __repr__(self) -> str:
        frame, _, note = self._shown()
        return frame.to_string(index=False) + (f"\n{note}" if note else "")


def _is_empty_column(values: pd.Series, n_rows: int) -> bool:
    """A column is empty when no row has a value in it (a column of a table without rows stays)."""
    return n_rows > 0 and all(_format_cell(v).strip() == "" for v in values)


_CHAR_SHARE = 0.0136  # share of the line one digit takes in \\small DejaVu Serif (10pt on a 16.6 cm line)
_BOLD = 1.2  # header words are bold, so wider
_CAPITAL = 1.3  # a capital letter's width in digit widths ("SUPPLIERS" is wider than nine digits)
_PADDING = 2.0  # characters of room beside the longest word (column separation)
_SIZES = (("\\small", 1.0), ("\\footnotesize", 0.8), ("\\scriptsize", 0.7))  # font sizes, widths
_MAX_TOKEN = 13  # longer tokens are broken by `_latex_cell`


def column_shares(frame: pd.DataFrame, widths: Sequence[float] | None = None) -> list[float]:
    """Return each column's share of the line: every column at least as wide as its longest word
    (at the font size `table_font_size` picks), the rest shared as `widths` asks (default: by
    typical cell length), normalised to sum to one."""
    columns = list(frame.columns)
    if not columns:
        return []
    _, scale = table_font_size(frame)
    minimum = [m * scale for m in _minimum_shares(frame)]
    base = list(widths) if widths else [_typical_length(frame, c) for c in columns]
    wanted = [b / sum(base) for b in base]
    spare = 1.0 - sum(minimum)
    if spare <= 0:
        return [m / sum(minimum) for m in minimum]
    extra = [max(0.0, w - m) for w, m in zip(wanted, minimum, strict=True)]
    total_extra = sum(extra)
    if not total_extra:
        return [m + spare / len(columns) for m in minimum]
    return [m + spare * e / total_extra for m, e in zip(minimum, extra, strict=True)]


def table_font_size(frame: pd.DataFrame) -> tuple[str, float]:
    """Return the largest of \\small, \\footnotesize, \\scriptsize at which every column's longest
    word fits on the line, with its width factor (the smallest when none fits)."""
    needed = sum(_minimum_shares(frame))
    for size, scale in _SIZES:
        if needed * scale <= 1.0:
            return size, scale
    return _SIZES[-1]


def _minimum_shares(frame: pd.DataFrame) -> list[float]:
    return [(_longest_word(frame, c) + _PADDING) * _CHAR_SHARE for c in frame.columns]


def _typical_length(frame: pd.DataFrame, column: object) -> float:
    mean = float(frame[column].astype(str).str.len().mean()) if len(frame) else 4.0
    return max(4.0, min(40.0, mean))


def _word_width(word: str) -> float:
    """A word's width in digit widths: capitals are wider than digits and lower-case letters."""
    return sum(_CAPITAL if c.isupper() else 1.0 for c in word)


def _longest_word(frame: pd.DataFrame, column: object) -> float:
    """The widest word of a column, in digit widths (header words count wider: they are bold)."""
    header = [_word_width(w) * _BOLD for w in str(column).split()]
    cells = [_word_width(w) for v in frame[column].map(_format_cell) for w in _latex_words(str(v))]
    return min(_MAX_TOKEN * _BOLD, max(header + cells, default=1.0))


def _latex_words(text: str) -> list[str]:
    """The pieces of a cell that cannot break: words, split after their hyphens and slashes."""
    return [p for w in text.split() for p in (_BREAK_AFTER.split(w) if len(w) > _MAX_TOKEN else [w]) if p]


_BREAK_MARK = "\u0000"
_LONG_TOKEN = re.compile(r"\S{" + str(_MAX_TOKEN + 1) + ",}")
_BREAK_AFTER = re.compile(r"(?<=[-/_.:=&?])")


def _latex_cell(text: str) -> str:
    """Escape a cell; let long ids and URLs break after their punctuation, never inside a word.

    A token of letters (a name, "fentanyl-related") may break only after its own hyphen;
    a token with digits or symbols (ids, URLs) also breaks every few characters when its
    pieces stay too long. Hyphenation is off in tables, so no word is split elsewhere.
    """
    marked = _LONG_TOKEN.sub(_mark_breaks, text)
    return escape_latex(marked).replace(_BREAK_MARK, r"\allowbreak{}")


def _mark_breaks(match: re.Match[str]) -> str:
    token = match.group()
    pieces = [p for p in _BREAK_AFTER.split(token) if p]
    if not re.search(r"[\d_/.:=&?]", token):
        return _BREAK_MARK.join(pieces)
    chunked = [_BREAK_MARK.join(re.findall(".{1,8}", p)) if len(p) > _MAX_TOKEN else p for p in pieces]
    return _BREAK_MARK.join(chunked)


def _format_cell(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def figure_png(fig: plt.Figure, dpi: int = 150) -> bytes:
    """Render a figure to PNG bytes without metadata that changes between versions or runs."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


_ALT = "_report_alt"  # attribute a figure function sets: (alt text, caption)


def describe_figure(fig: plt.Figure, alt: str, caption: str = "") -> plt.Figure:
    """Attach what a figure shows (alt text, with its main numbers) and a caption; return it."""
    setattr(fig, _ALT, (" ".join(alt.split()), " ".join(caption.split())))
    return fig


def show_figure(fig: plt.Figure, dpi: int = 150, alt: str = "", caption: str = "") -> Image:
    """Return a deterministic PNG display of a figure (embedded in HTML, included in the PDF).

    The alt text and caption come from the arguments or else from `describe_figure`; the
    offline HTML template writes them as the image's `alt` and a `<figcaption>`.
    """
    described_alt, described_caption = getattr(fig, _ALT, ("", ""))
    alt = alt or described_alt or _default_alt(fig)
    caption = caption or described_caption
    metadata = {"caption": caption} if caption else {}
    return Image(data=figure_png(fig, dpi=dpi), format="png", alt=alt, metadata=metadata)


def _default_alt(fig: plt.Figure) -> str:
    """Describe an undescribed figure from its titles and axis labels (better than no text)."""
    parts = []
    for ax in fig.axes:
        title = " ".join(ax.get_title().split())
        labels = (("x", ax.get_xlabel()), ("y", ax.get_ylabel()))
        axes = [f"{name}: {label}" for name, label in labels if label]
        if title or axes:
            parts.append(f"{title} ({'; '.join(axes)})" if axes else title)
    return "Figure: " + "; ".join(parts) if parts else "Figure"
