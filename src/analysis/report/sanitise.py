"""What the rendered report shows of a text: control characters (and, in the PDF, glyphs its
font lacks) become a visible U+FFFD, counted in a note. Only the rendered HTML and PDF change:
the tables, the evidence CSV and the extract output keep the exact text, so offsets slice it.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import nbformat

__all__ = ["REPLACEMENT", "Substitutions", "pdf_printable", "sanitise_notebook", "sanitise_text"]

REPLACEMENT = "\ufffd"
# Every C0 control but tab and newline, DEL and the C1 controls (a lone CR too; CRLF is a newline).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TEXT_MIMES = ("text/plain", "text/html", "text/latex", "text/markdown")
PDF_FONT = "DejaVu Serif"  # the main font of the LaTeX template (templates/report_latex)


@dataclass
class Substitutions:
    """How many characters the rendering replaced, by kind."""

    controls: int = 0
    unprintable: int = 0


def sanitise_text(text: str, counts: Substitutions, printable: Callable[[str], bool] | None = None) -> str:
    """Replace control characters (and unprintable characters, when `printable` is given)."""
    text = text.replace("\r\n", "\n")
    text, n = _CONTROL.subn(REPLACEMENT, text)
    counts.controls += n
    if printable is not None and not text.isascii():
        out = []
        for char in text:
            if char.isascii() or char == REPLACEMENT or printable(char):
                out.append(char)
            else:
                out.append(REPLACEMENT)
                counts.unprintable += 1
        text = "".join(out)
    return text


@lru_cache(maxsize=1)
def _font_codepoints() -> frozenset[int] | None:
    try:
        from fontTools.ttLib import TTFont

        path = subprocess.run(["fc-match", "-f", "%{file}", PDF_FONT], capture_output=True, text=True,
                              check=True, timeout=30).stdout.strip()
        return frozenset(TTFont(path, lazy=True).getBestCmap())
    except Exception:  # noqa: BLE001 - no fontconfig, no font: fall back to the known gaps
        return None


def pdf_printable(char: str) -> bool:
    """Whether the PDF's main font has a glyph for `char` (without the font: not CJK or emoji)."""
    codepoints = _font_codepoints()
    if codepoints is None:
        return ord(char) < 0x2E80
    return ord(char) in codepoints or char in "\ufeff\u200b\u200c\u200d"


def sanitise_notebook(nb: nbformat.NotebookNode,
                      printable: Callable[[str], bool] | None = None) -> Substitutions:
    """Sanitise every markdown cell and text output in place; add a note when anything changed."""
    counts = Substitutions()
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = sanitise_text(_joined(cell.source), counts, printable)
        for output in cell.get("outputs", []):
            if "text" in output:
                output["text"] = sanitise_text(_joined(output["text"]), counts, printable)
            data = output.get("data", {})
            shown = Substitutions()  # one output has several forms; it is shown once: count the most
            for mime in _TEXT_MIMES:
                if mime in data:
                    each = Substitutions()
                    data[mime] = sanitise_text(_joined(data[mime]), each, printable)
                    shown.controls = max(shown.controls, each.controls)
                    shown.unprintable = max(shown.unprintable, each.unprintable)
            counts.controls += shown.controls
            counts.unprintable += shown.unprintable
    if counts.controls or counts.unprintable:
        nb.cells.append(nbformat.v4.new_markdown_cell(_note(counts, printable is not None)))
    return counts


def _joined(value: str | list[str]) -> str:
    return value if isinstance(value, str) else "".join(value)


def _note(counts: Substitutions, pdf: bool) -> str:
    parts = []
    if counts.controls:
        parts.append(f"{counts.controls} control character{'s' if counts.controls != 1 else ''}")
    if counts.unprintable:
        parts.append(f"{counts.unprintable} character{'s' if counts.unprintable != 1 else ''} the PDF font "
                     "cannot print (for example CJK or emoji)")
    where = "this PDF" if pdf else "this page"
    verb = "appears" if counts.controls + counts.unprintable == 1 else "appear"
    return (f"*Shown for reading: {' and '.join(parts)} in the texts of {where} {verb} as {REPLACEMENT} "
            "(U+FFFD). The tables, `evidence.csv` and the extract output keep the exact text.*")
