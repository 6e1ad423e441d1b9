"""Shortcuts taken for speed give what the plain searches give (induced actors, speech verbs)."""

from __future__ import annotations

import subprocess
import sys

from analysis.ontology import load_ontology
from analysis.text import induce
from analysis.text.mentions import MentionFinder
from tests.conftest import RAW, REPO

ONTOLOGY = load_ontology(None)
FINDER = MentionFinder(ONTOLOGY)


def _induced(text: str) -> list:
    return induce.induce_actors(text, FINDER.find(text), ONTOLOGY)[0]


def test_a_party_tagged_name_is_induced_and_an_untagged_one_is_not():
    tagged = "Lawmakers met on Monday.\n\nJane Roe (R-Iowa) said China must act. Roe added more.\n"
    found = [(a.name, a.office, a.cue, a.n) for a in _induced(tagged)]
    assert found == [("Jane Roe", "us_congress", "party", 2)]
    assert _induced(tagged.replace(" (R-Iowa)", "")) == []


def test_titles_are_read_in_lexicon_order_as_one_search_per_title_would():
    text = ("Sen. John Doe spoke first. Rep. John Doe spoke next. Senator Mary Major and "
            "Congresswoman Mary Major met.\n")
    rules = induce._rules()
    expected = [(i, m.span()) for i, (p, _) in enumerate(rules.titles) for m in p.finditer(text)]
    found = sorted(((i, m.span()) for i, m in induce._title_scanner().finditer(text)))
    assert found == expected and len(expected) == 4
    names = {a.name: a.office for a in _induced(text)}
    assert names == {"John Doe": rules.titles[0][1], "Mary Major": rules.titles[0][1]}


def test_extract_loads_no_table_schemas_parquet_dask_or_graph_libraries(tmp_path):
    out = tmp_path / "statements.csv"
    command = [sys.executable, "-X", "importtime", "-m", "analysis", "extract", "--raw-dir", str(RAW),
               "--out", str(out)]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = [line for line in result.stderr.splitlines() if line.startswith("import time:")]
    loaded = {line.split("|")[-1].strip() for line in lines}
    heavy = ("pandera", "pyarrow.parquet", "dask", "distributed", "networkx", "matplotlib",
             "analysis.build.stream")
    assert sorted(m for m in loaded if m.startswith(heavy)) == []
    assert "analysis.text.extract" in loaded
