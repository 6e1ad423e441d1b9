"""The rendered report: offline HTML with hidden code, a PDF with correct text, clear failures."""

from __future__ import annotations

import re
import shutil
import subprocess
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from tests.conftest import FIXTURES, RAW, Build, run_cli

EXTERNAL = re.compile(r"^\s*(https?:)?//", re.IGNORECASE)


def external_references(html: str) -> list[str]:
    """Return every reference in the HTML that would load something from the network."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag in soup.find_all(True):
        for attr in ("src", "href", "data", "poster", "srcset"):
            value = tag.get(attr)
            if value and EXTERNAL.match(str(value)) and not (tag.name == "a" and attr == "href"):
                found.append(f"<{tag.name} {attr}={value}>")
    styles = [s.get_text() for s in soup.find_all("style")]
    styles += [t.get("style", "") for t in soup.find_all(True)]
    for style in styles:
        found += re.findall(r"@import[^;]*|url\(\s*['\"]?(?:https?:)?//[^)]*\)", style)
    return found


def test_external_reference_check_catches_cdn_links():
    page = ('<html><head><script src="https://cdn.example/x.js"></script>'
            '<link rel="stylesheet" href="//fonts.example/css"><style>@import url(https://x/y.css);</style>'
            '</head><body><img src="http://example/a.png"><a href="https://ok.example">link</a></body></html>')
    assert len(external_references(page)) == 4


def test_html_loads_nothing_from_the_network(full_build: Build):
    html = full_build.html.read_text(encoding="utf-8")
    assert external_references(html) == []
    assert "<script src" not in html


def test_html_hides_code_and_shows_the_corpus_section(full_build: Build):
    soup = BeautifulSoup(full_build.html.read_text(encoding="utf-8"), "html.parser")
    assert soup.find(id="Corpus") is not None
    assert not soup.select(".jp-CodeCell .jp-InputArea"), "code cells must be hidden"
    assert soup.find("img", src=re.compile(r"^data:image/png;base64,")) is not None
    assert "read_table(" not in soup.get_text()


SECTIONS = ["Summary", "Corpus", "Statements", "Who blames whom", "Reciprocity and deflection",
            "Structural balance", "Framing", "Time", "Fact divergence", "Method and quality",
            "Evidence appendix", "Boilerplate and skipped inputs", "Provenance"]


def test_every_section_is_present_and_the_contents_link_to_it(full_build: Build):
    soup = BeautifulSoup(full_build.html.read_text(encoding="utf-8"), "html.parser")
    assert len(soup.find_all("h1")) == 1  # the report title; sections are <h2>
    headings = [h.get_text().strip().rstrip("¶").strip() for h in soup.find_all("h2")]
    assert [s for s in SECTIONS if s not in headings] == []
    links = [a["href"] for a in soup.find_all("a", href=re.compile(r"^#"))]
    assert len(links) >= len(SECTIONS)
    missing = [href for href in links if soup.find(id=unquote(href[1:])) is None]  # browsers unquote
    assert missing == []


def test_the_summary_headlines_are_one_real_list(full_build: Build):
    soup = BeautifulSoup(full_build.html.read_text(encoding="utf-8"), "html.parser")
    summary = next(h for h in soup.find_all("h2") if h.get_text().strip().startswith("Summary"))
    lists = summary.find_all_next("ul", class_="report-list", limit=1)
    assert lists and len(lists[0].find_all("li")) >= 5
    typed = [p for p in soup.find_all("p") if p.get_text().lstrip().startswith("•")]
    assert typed == []  # no bullet typed into a paragraph anywhere


def test_executed_notebooks_are_kept_beside_the_report(full_build: Build):
    kept = sorted(p.name for p in (full_build.reports / "blame_report_notebooks").glob("*.ipynb"))
    assert "01_corpus.ipynb" in kept and "blame_report.ipynb" in kept


@pytest.mark.skipif(not shutil.which("xelatex"), reason="xelatex not installed")
def test_build_writes_each_levels_actor_metrics_beside_the_graphs(full_build: Build):
    import pandas as pd

    from analysis.network.graph import build_statement_graph, collapse_graph
    from analysis.network.metrics import actor_metrics
    from analysis.report.data import load_report_data

    data = load_report_data(full_build.processed, level="organisation")
    graph = collapse_graph(build_statement_graph(data.statements, data.articles, data.ontology),
                           data.ontology, "organisation")
    written = pd.read_csv(full_build.processed / "graph" / "blame_organisation_metrics.csv",
                          keep_default_na=False)
    expected = actor_metrics(graph)
    assert list(written["actor"]) == list(expected["actor"]) and len(written) > 5
    assert list(written["net_blame"]) == list(expected["net_blame"])
    assert written["pagerank"].round(8).tolist() == expected["pagerank"].round(8).tolist()
    for level in ("person", "bloc"):
        assert (full_build.processed / "graph" / f"blame_{level}_metrics.csv").is_file()


@pytest.mark.skipif(not shutil.which("xelatex"), reason="xelatex not installed")
def test_pdf_has_accents_typographic_quotes_and_figures(full_build: Build):
    raw = subprocess.run(["pdftotext", str(full_build.pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    text = " ".join(raw.split())  # words wrap inside table cells
    assert "López Obrador" in text
    assert "China Says ‘No Such Thing" in text  # typographic quotes survive, not straight ones
    assert "Fentanyl’s" in text
    images = subprocess.run(["pdfimages", "-list", str(full_build.pdf)], capture_output=True, text=True,
                            check=True).stdout
    assert len(images.strip().splitlines()) > 2, "the PDF should contain the figures"


def _pdf_streams(pdf: bytes) -> list[bytes]:
    """The PDF's bytes and its deflated streams (the catalog may sit in a compressed object stream)."""
    import zlib

    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return parts


@pytest.mark.skipif(not shutil.which("xelatex"), reason="xelatex not installed")
def test_pdf_has_metadata_table_captions_and_signs_not_dashes(full_build: Build):
    info = subprocess.run(["pdfinfo", str(full_build.pdf)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Title"].strip() == "Who blames whom for fentanyl"
    assert fields["Author"].strip() == "blame-report contributors"
    assert fields["Subject"].strip().startswith("Who blames whom in news about")
    assert any(b"/Lang(en)" in part for part in _pdf_streams(full_build.pdf.read_bytes()))
    text = subprocess.run(["pdftotext", "-layout", str(full_build.pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Triangle census" in text and "Mutual accusation pairs" in text  # captions print
    assert re.search(r"^\s*---\s+no\b", text, re.MULTILINE)  # three minus signs, not an em dash
    assert re.search(r"^\s*A\s+Method and quality", text, re.MULTILINE)  # appendix A


@pytest.mark.skipif(not shutil.which("xelatex"), reason="xelatex not installed")
def test_latex_log_has_no_missing_characters_or_wide_overfull_boxes(full_build: Build):
    log = full_build.pdf.with_suffix(".log").read_text(encoding="utf-8")
    assert "Missing character" not in log
    widths = [float(w) for w in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)", log)]
    assert all(w <= 20 for w in widths), widths
    heights = [float(h) for h in re.findall(r"Overfull \\vbox \(([\d.]+)pt too high\)", log)]
    assert all(h <= 20 for h in heights), heights  # no figure or table runs off the page


def test_failing_cell_stops_the_build_with_one_line(tmp_path):
    processed = tmp_path / "processed"
    run_cli("build", "--raw-dir", str(RAW), "--processed-dir", str(processed))
    result = run_cli("report", "--notebooks-dir", str(FIXTURES / "broken_notebooks"),
                     "--processed-dir", str(processed), "--reports-dir", str(tmp_path / "reports"),
                     "--no-pdf", check=False)
    assert result.returncode == 2
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("error:")]
    assert len(lines) == 1
    assert lines[0].startswith("error: 02_broken.ipynb: cell 3 failed: ValueError: planted failure")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "reports" / "blame_report.html").exists()
    kept = tmp_path / "reports" / "blame_report_failed_notebooks" / "02_broken.ipynb"
    assert f"executed copy kept at {kept}" in lines[0] and kept.exists()


def test_a_failed_report_leaves_the_previous_report_in_place(tmp_path):
    processed, reports, notebooks = tmp_path / "processed", tmp_path / "reports", tmp_path / "notebooks"
    run_cli("build", "--raw-dir", str(RAW), "--processed-dir", str(processed))
    notebooks.mkdir()
    shutil.copy(FIXTURES / "broken_notebooks" / "01_ok.ipynb", notebooks)
    options = ["--notebooks-dir", str(notebooks), "--processed-dir", str(processed), "--reports-dir",
               str(reports), "--no-pdf"]
    run_cli("report", *options)
    before = (reports / "blame_report.html").read_bytes()
    shutil.copy(FIXTURES / "broken_notebooks" / "02_broken.ipynb", notebooks)
    assert run_cli("report", *options, check=False).returncode == 2
    assert (reports / "blame_report.html").read_bytes() == before
    assert sorted(p.name for p in (reports / "blame_report_notebooks").iterdir()) == [
        "01_ok.ipynb", "blame_report.ipynb"]


def test_a_latex_failure_names_the_first_error_or_the_end_of_the_log():
    from analysis.report.render import _first_latex_error

    assert _first_latex_error("This is XeTeX\n! Undefined control sequence.\nl.5 \\foo\n") == (
        "! Undefined control sequence.")
    ending = _first_latex_error("This is XeTeX\n(report.aux)\n\n")
    assert ending == "no error line; the log ends with '(report.aux)'"
    assert _first_latex_error("") == "no log was written"


def test_kernels_are_not_interrupted_on_the_way_to_shutdown():
    """jupyter_client sends SIGINT before each shutdown; ours skips it (ipykernel logged a spurious error)."""
    import asyncio

    from analysis.report.render import LocalSocketKernelManager

    manager = LocalSocketKernelManager(kernel_name="python3")
    manager.shutting_down = True
    asyncio.run(manager._async_interrupt_kernel())  # skipped: no error although no kernel runs
    manager.shutting_down = False
    with pytest.raises(RuntimeError, match="No kernel is running"):
        asyncio.run(manager._async_interrupt_kernel())


@pytest.mark.build
def test_an_outlet_variant_describes_only_that_outlet_in_every_section(full_build: Build, tmp_path):
    reports = tmp_path / "reports"
    run_cli("report", "--processed-dir", str(full_build.processed), "--reports-dir", str(reports),
            "--outlet", "scmp", "--name", "blame_report_outlet-scmp", "--no-pdf")
    html = (reports / "blame_report_outlet-scmp.html").read_text(encoding="utf-8")
    start = html.index('id="Corpus"')
    corpus = BeautifulSoup(html[start:html.index("<h2", start)], "html.parser").get_text(" ")
    assert "South China Morning Post" in corpus
    for other in ("Bloomberg", "Breitbart", "Stanford International Policy Review", "Agencia EFE"):
        assert other not in corpus, other
