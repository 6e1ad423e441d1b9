"""Only the rendered HTML and PDF change a text: controls (and, in the PDF, glyphs the font
lacks) show as U+FFFD with a count; the title is escaped like article text."""

from __future__ import annotations

import shutil
import subprocess

import nbformat
import pytest

from analysis.report.render import merge_notebooks, render_html, render_pdf
from analysis.report.sanitise import Substitutions, sanitise_text

QUOTE = "He said\x01 \u201cno\u201d\x1b[31m \u4e2d\u56fd \U0001F600 caf\u00e9\r\nend\rX"
TITLE = "[click](javascript:alert(1)) *bold* <b>x</b> # $5 & 100%\x07"


def _notebook(tmp_path):
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                           "language": "python"}})
    output = nbformat.v4.new_output("display_data", data={
        "text/plain": QUOTE, "text/html": f"<p>{QUOTE}</p>", "text/latex": QUOTE + "\n"})
    nb.cells = [nbformat.v4.new_markdown_cell("# Section"), nbformat.v4.new_code_cell("x", outputs=[output])]
    path = tmp_path / "01_part.ipynb"
    nbformat.write(nb, path)
    return merge_notebooks([path], TITLE)


def test_controls_and_unprintable_characters_are_replaced_and_counted():
    counts = Substitutions()
    shown = sanitise_text(QUOTE, counts, printable=lambda c: ord(c) < 0x2E80)
    assert shown == "He said\ufffd \u201cno\u201d\ufffd[31m \ufffd\ufffd \ufffd caf\u00e9\nend\ufffdX"
    assert (counts.controls, counts.unprintable) == (3, 3)
    counts = Substitutions()
    assert sanitise_text("tab\tnew\nline", counts) == "tab\tnew\nline" and counts.controls == 0


def test_html_escapes_the_title_and_shows_controls_but_keeps_cjk_and_emoji(tmp_path):
    merged = _notebook(tmp_path)
    assert "\x01" in merged.cells[-1].outputs[0]["data"]["text/plain"]  # the notebook keeps the text
    html = render_html(merged, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "javascript:" not in html.split("<body", 1)[1].replace(
        "[click](javascript:alert(1))", "")  # only as literal text
    assert 'href="javascript' not in html and "<b>x</b>" not in html
    assert "[click](javascript:alert(1)) *bold* &lt;b&gt;x&lt;/b&gt; # $5 &amp; 100%</h1>" in html
    assert not any(c in html for c in "\x01\x1b\x07\r")
    assert "\u4e2d\u56fd \U0001F600" in html
    assert "3 control characters in the texts of this page appear as \ufffd" in html


@pytest.mark.skipif(not (shutil.which("xelatex") and shutil.which("pdftotext")), reason="needs XeLaTeX")
def test_pdf_prints_every_character_or_a_counted_replacement(tmp_path):
    pdf = render_pdf(_notebook(tmp_path), tmp_path / "r.pdf")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "[click](javascript:alert(1)) *bold* <b>x</b> # $5 & 100%" in flat
    assert "He said\ufffd \u201cno\u201d\ufffd[31m \ufffd\ufffd \ufffd caf\u00e9" in flat
    assert "3 control characters and 3 characters the PDF font cannot print" in flat
    assert "Missing character" not in (tmp_path / "r.log").read_text(encoding="utf-8")
