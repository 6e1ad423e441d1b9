"""Untrusted article text stays text: nothing injected into the HTML, nothing breaks the PDF."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup

from analysis.report.interactive import DATA_ID, SCRIPT_ID, InteractiveNetwork, json_for_script
from analysis.report.sanitise import REPLACEMENT, Substitutions, sanitise_text
from analysis.resources import template_dir
from analysis.store.csvfile import unneutralise
from analysis.store.tables import read_table
from tests.conftest import FORMULA_ID, HOSTILE_ID, Build, run_cli


@pytest.fixture(scope="module")
def soup(full_build: Build) -> BeautifulSoup:
    return BeautifulSoup(full_build.html.read_text(encoding="utf-8"), "html.parser")


def test_markup_from_articles_renders_as_text(soup):
    text = soup.get_text()
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(2)>" in text


def test_the_only_scripts_are_the_ones_the_report_inlines(soup):
    """Exactly the network's JSON data block and the library script, each by id; no others."""
    scripts = soup.find_all("script")
    assert [(s.get("id"), s.get("type"), s.get("src")) for s in scripts] == [
        (DATA_ID, "application/json", None), (SCRIPT_ID, None, None)]
    folder = template_dir() / "interactive"
    library = (folder / "vis-network" / "vis-network.min.js").read_text(encoding="utf-8")
    own = (folder / "blame_network.js").read_text(encoding="utf-8")
    assert scripts[1].string.strip() == (library + "\n" + own).strip()  # nothing from article text


def test_the_data_block_holds_article_text_only_as_escaped_json(soup, full_build: Build):
    raw = full_build.html.read_text(encoding="utf-8")
    block = re.search(rf'<script[^>]*id="{DATA_ID}"[^>]*>(.*?)</script>', raw, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    data = json.loads(block)
    quotes = [q["quote"] for edge in data["edges"] for q in edge["quotes"]]
    assert quotes and all(isinstance(q, str) for q in quotes)
    assert {n["id"] for n in data["nodes"]} >= {e["source"] for e in data["edges"]}


def test_a_quote_with_a_closing_script_tag_cannot_leave_the_data_block():
    hostile = 'x</script><script>alert(1)</script><!-- \u2028 & "'
    data = {"edges": [{"quotes": [{"quote": hostile}]}], "nodes": [], "level": "bloc"}
    page = InteractiveNetwork(data)._repr_html_()
    parsed = BeautifulSoup(page, "html.parser")
    assert [s.get("id") for s in parsed.find_all("script")] == [DATA_ID]
    assert "</script><script>" not in json_for_script(data)
    assert json.loads(parsed.find("script").string)["edges"][0]["quotes"][0]["quote"] == hostile


def test_no_element_or_attribute_comes_from_article_text(soup):
    assert all(s.get("id") in (DATA_ID, SCRIPT_ID) for s in soup.find_all("script"))
    assert soup.find_all(["b", "iframe", "object", "embed", "form"]) == []
    for tag in soup.find_all(True):
        handlers = [a for a in tag.attrs if a.lower().startswith("on")]
        assert handlers == [], f"<{tag.name}> carries {handlers}"
        for attr in ("href", "src"):
            value = str(tag.get(attr, ""))
            assert not value.lower().startswith("javascript:")
    for image in soup.find_all("img"):
        assert image["src"].startswith("data:image/png;base64,")


def test_skipped_inputs_are_shown_in_the_report(soup):
    assert "901_empty.txt" in soup.get_text()


@pytest.mark.skipif(not shutil.which("xelatex"), reason="xelatex not installed")
def test_latex_specials_print_literally(full_build: Build):
    # -raw keeps the content stream's order, so a table cell's wrapped lines stay together
    # (the layout order interleaves them with the neighbouring cells' lines)
    text = subprocess.run(["pdftotext", "-raw", str(full_build.pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = "".join(text.split())  # table cells wrap long words, so compare without whitespace
    assert "$5{100%}#1~^_\\debate" in flat and "alert(1)</script>" in flat


def test_every_evidence_quote_appears_verbatim_in_its_article(soup, build_raw):
    checked = 0
    for table in soup.select("table.report-table"):
        headers = [th.get_text() for th in table.select("thead th")]
        if "Quote" not in headers or "Where" not in headers:
            continue
        for row in table.select("tbody tr"):
            cells = dict(zip(headers, (td.get_text() for td in row.find_all("td")), strict=True))
            article = re.match(r"article (\S+), outlet", cells["Where"]).group(1)
            text = sanitise_text((build_raw / f"{article}.txt").read_text(encoding="utf-8"), Substitutions())
            assert cells["Quote"].strip("“”") in text
            checked += 1
    assert checked >= 10


def test_build_never_writes_the_raw_folder(tmp_path, build_raw):
    def digest():
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(build_raw.iterdir())}

    before = digest()
    modes = {p.name: p.stat().st_mtime_ns for p in build_raw.iterdir()}
    run_cli("build", "--raw-dir", str(build_raw), "--processed-dir", str(tmp_path / "processed"))
    assert digest() == before
    assert {p.name: p.stat().st_mtime_ns for p in build_raw.iterdir()} == modes


def test_hostile_article_statements_keep_exact_offsets(full_build: Build, build_raw):

    statements = read_table("statements_auto", full_build.processed)
    hostile = statements[statements["article_id"] == HOSTILE_ID]
    text = (build_raw / f"{HOSTILE_ID}.txt").read_text(encoding="utf-8")
    assert len(hostile) >= 1
    for row in hostile.itertuples():
        assert text[row.start:row.end] == row.evidence
    assert not re.search(r"<script", " ".join(hostile["speaker"]))


def test_evidence_csv_neutralises_formulas_and_keeps_the_exact_text_behind_them(full_build: Build, build_raw):
    import csv

    with (full_build.reports / "evidence.csv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["article_id"] == FORMULA_ID]
    text = (build_raw / f"{FORMULA_ID}.txt").read_text(encoding="utf-8")
    quotes = [r[column] for r in rows for column in r if column in ("quote", "evidence")]
    assert quotes and any(q.startswith("'=") for q in quotes) and any(q.startswith("'@") for q in quotes)
    assert not any(value.startswith(("=", "+", "@", "\t", "\r")) for r in rows for value in r.values())
    assert all(unneutralise(q) in text for q in quotes)  # the exact text, controls and all


def test_controls_show_as_a_counted_replacement_and_never_reach_the_report(soup):
    text = soup.get_text()
    assert "\x01" not in text and "\x0c" not in text and REPLACEMENT in text
    assert re.search(r"Shown for reading: \d+ control characters? in the texts of this page appears? as",
                     text)
