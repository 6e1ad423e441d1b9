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
    "Prose",
    "Table",
    "column_shares",
    "escape_latex",
    "figure_png",
    "plural",
    "show_figure",
]

# Okabe–Ito, a colourblind-safe palette; one colour per bloc, used by every figure.
BLOC_COLOURS = {
    "US": "#0072B2",
    "MX": "#009E73",
    "CN": "#D55E00",
    "CARTELS": "#CC79A7",
    "SUPPLIERS": "#E69F00",
    "INTL": "#56B4E9",
    "MEDIA": "#999999",
}

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
    """Escape LaTeX specials so article text prints literally."""
    return _LATEX_PATTERN.sub(lambda m: _LATEX_SPECIALS[m.group()], str(text))


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """Return "1 article" / "3 articles"."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count:,} {word}"


@dataclass(frozen=True)
class Prose:
    """A paragraph of generated prose (numbers come from code); `**bold**` is the only markup."""

    text: str

    def _repr_html_(self) -> str:
        escaped = html.escape(self.text, quote=True)
        return "<p>" + re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escaped) + "</p>"

    def _repr_latex_(self) -> str:
        escaped = escape_latex(self.text)
        return re.sub(r"\*\*(.+?)\*\*", r"\\textbf{\1}", escaped) + "\n"

    def __repr__(self) -> str:
        return self.text.replace("**", "")


@dataclass(frozen=True)
class Table:
    """A table for both outputs: escaped HTML, and a LaTeX longtable with wrapped columns.

    `widths` gives each column's share of the text width (they are normalised); long
    cells wrap, so nothing is cut silently. `max_rows` caps the rows shown and says so.
    """

    frame: pd.DataFrame
    caption: str = ""
    widths: Sequence[float] | None = None
    max_rows: int | None = None

    def _shown(self) -> tuple[pd.DataFrame, str]:
        frame = self.frame.reset_index(drop=True)
        if self.max_rows is not None and len(frame) > self.max_rows:
            note = f"Showing the first {self.max_rows:,} of {len(frame):,} rows."
            return frame.head(self.max_rows), note
        return frame, ""

    def _repr_html_(self) -> str:
        frame, note = self._shown()
        caption = html.escape(self.caption)
        shown = frame.map(_format_cell) if len(frame) else frame
        body = shown.to_html(index=False, escape=True, border=0, classes="report-table", na_rep="")
        parts = [f'<div class="report-table-wrap"><p class="table-caption">{caption}</p>' if caption else
                 '<div class="report-table-wrap">', body]
        if note:
            parts.append(f'<p class="table-note">{html.escape(note)}</p>')
        parts.append("</div>")
        return "".join(parts)

    def _repr_latex_(self) -> str:
        frame, note = self._shown()
        shares = column_shares(frame, self.widths)
        spec = "".join(
            f">{{\\raggedright\\arraybackslash}}p{{\\dimexpr {w:.3f}\\linewidth-2\\tabcolsep\\relax}}"
            for w in shares
        )
        header = " & ".join(f"\\textbf{{{escape_latex(c)}}}" for c in frame.columns)
        rows = [
            " & ".join(_latex_cell(_format_cell(v)) for v in row) + r" \\"
            for row in frame.itertuples(index=False)
        ]
        caption = f"\\caption*{{{escape_latex(self.caption)}}}\\\\\n" if self.caption else ""
        lines = [
            "{\\small\\setlength{\\tabcolsep}{3pt}",
            f"\\begin{{longtable}}{{{spec}}}",
            caption + "\\toprule",
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
        frame, note = self._shown()
        return frame.to_string(index=False) + (f"\n{note}" if note else "")


_CHAR_SHARE = 0.0135  # share of the line one character takes in \\small DejaVu Serif, with padding
_MAX_TOKEN = 13  # longer tokens are broken by `_latex_cell`


def column_shares(frame: pd.DataFrame, widths: Sequence[float] | None = None) -> list[float]:
    """Return each column's share of the line: the requested widths, but never narrower than
    the column's longest word (so no word runs past its cell), normalised to sum to one."""
    columns = list(frame.columns)
    base = list(widths) if widths else [_typical_length(frame, c) for c in columns]
    minimum = [(_longest_word(frame, c) + 1) * _CHAR_SHARE for c in columns]
    shares = [b / sum(base) for b in base]
    for _ in range(len(columns)):
        fixed = [i for i, (s, m) in enumerate(zip(shares, minimum, strict=True)) if s < m]
        if not fixed:
            break
        free = [i for i in range(len(columns)) if i not in fixed]
        room = max(0.05, 1.0 - sum(minimum[i] for i in fixed))
        free_total = sum(base[i] for i in free) or 1.0
        shares = [minimum[i] if i in fixed else room * base[i] / free_total for i in range(len(columns))]
    total = sum(shares)
    return [s / total for s in shares]


def _typical_length(frame: pd.DataFrame, column: object) -> float:
    mean = float(frame[column].astype(str).str.len().mean()) if len(frame) else 4.0
    return max(4.0, min(40.0, mean))


def _longest_word(frame: pd.DataFrame, column: object) -> int:
    words = str(column).split() + [w for v in frame[column].map(_format_cell) for w in str(v).split()]
    return min(_MAX_TOKEN, max((len(w) for w in words), default=1))


_BREAK_MARK = "\u0000"
_LONG_TOKEN = re.compile(r"\S{13,}")


def _latex_cell(text: str) -> str:
    """Escape a cell and let long unbroken tokens (ids, URLs) break every few characters."""
    marked = _LONG_TOKEN.sub(lambda m: _BREAK_MARK.join(re.findall(".{1,6}", m.group())), text)
    return escape_latex(marked).replace(_BREAK_MARK, r"\allowbreak{}")


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


def show_figure(fig: plt.Figure, dpi: int = 150) -> Image:
    """Return a deterministic PNG display of a figure (embedded in HTML, included in the PDF)."""
    return Image(data=figure_png(fig, dpi=dpi), format="png")
