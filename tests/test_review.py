"""The review loop through the CLI: export, edit as a person would, import, and unresolved names."""

from __future__ import annotations

import csv

from tests.conftest import FIXTURES, run_cli

ARTICLE = (
    "Officials trade words over the fentanyl crisis\n\n"
    "Washington accused Beijing of exporting precursor chemicals on Monday.\n\n"
    "Beijing rejected the claims by Washington and blamed American demand.\n\n"
    "Pedro Paz met Olaf Brandt and the Northern Alliance in Lima.\n"
)


def _corpus(tmp_path, text=ARTICLE):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a1.txt").write_text(text, encoding="utf-8")
    return raw, ["--raw-dir", str(raw), "--ontology", str(FIXTURES / "test_actors.csv")]


def _read(path):
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_export_edit_import_round_trip(tmp_path):
    raw, options = _corpus(tmp_path)
    exported = tmp_path / "review.csv"
    run_cli("review", "export", *options, "--which", "auto", "--out", str(exported))
    rows = _read(exported)
    assert len(rows) >= 3 and all(r["sentence"] and r["status"] == "" for r in rows)
    rows[0]["status"] = "accepted"
    rows[1]["status"] = "rejected"
    rows[2]["status"], rows[2]["topic"] = "corrected", "other"
    with open(exported, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    curated = tmp_path / "curated.csv"
    result = run_cli("review", "import", *options, "--file", str(exported), "--curated", str(curated),
                     "--reviewer", "tester")
    assert "1 accepted, 1 corrected, 1 rejected" in result.stdout
    merged = _read(curated)
    assert sorted(r["status"] for r in merged) == ["accepted", "corrected", "rejected"]
    assert all(r["reviewed_by"] == "tester" for r in merged)
    assert next(r for r in merged if r["status"] == "corrected")["topic"] == "other"
    # importing the same file again changes nothing (idempotent merge)
    run_cli("review", "import", *options, "--file", str(exported), "--curated", str(curated))
    assert len(_read(curated)) == 3


def test_import_refuses_an_unknown_status_with_file_and_line(tmp_path):
    raw, options = _corpus(tmp_path)
    exported = tmp_path / "review.csv"
    run_cli("review", "export", *options, "--out", str(exported))
    text = exported.read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    cells = next(csv.reader([text[1]]))
    cells[header.index("status")] = "maybe"
    edited = tmp_path / "edited.csv"
    with open(edited, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, cells])
    result = run_cli("review", "import", *options, "--file", str(edited), "--curated",
                     str(tmp_path / "c.csv"), check=False)
    assert result.returncode == 2
    assert f"{edited}:2: status: unknown status" in result.stderr
    assert "Traceback" not in result.stderr


def test_unresolved_names_list_what_no_alias_covers(tmp_path):
    raw, options = _corpus(tmp_path)
    out = tmp_path / "unresolved.csv"
    run_cli("review", "unresolved", *options, "--out", str(out))
    names = {r["surface"]: int(r["n"]) for r in _read(out)}
    assert names.get("Olaf Brandt") == 1 and "Northern Alliance" in names
    assert "Pedro Paz" not in names and "Washington" not in names


FORMULAS = (
    "Officials trade words\n\n"
    "=Washington accused Beijing of exporting precursor chemicals on Monday.\n\n"
    "@Mexico blamed Washington for the crisis, officials said.\n"
)


def test_export_neutralises_formulas_and_import_restores_the_exact_text(tmp_path):
    _, options = _corpus(tmp_path, FORMULAS)
    exported = tmp_path / "review.csv"
    run_cli("review", "export", *options, "--out", str(exported))
    rows = _read(exported)
    assert [(r["evidence"], r["sentence"][:9]) for r in rows] == [
        ("'=Washington accused Beijing of exporting precursor chemicals on Monday", "'=Washing"),
        ("'@Mexico blamed Washington for the crisis", "'@Mexico "),
    ]
    assert [r["start"] for r in rows] == ["23", "96"]  # numbers untouched
    run_cli("validate", *options, str(exported))  # offsets slice the restored evidence
    for row in rows:
        row["status"] = "accepted"
    with open(exported, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    curated = tmp_path / "curated.csv"
    run_cli("review", "import", *options, "--file", str(exported), "--curated", str(curated))
    merged = _read(curated)
    assert [r["evidence"] for r in merged] == [FORMULAS[int(r["start"]):int(r["end"])] for r in merged]
    assert [r["evidence"][0] for r in merged] == ["=", "@"]


def test_extract_output_neutralises_formulas_and_evaluate_reads_it_back(tmp_path):
    _, options = _corpus(tmp_path, FORMULAS)
    predicted = tmp_path / "pred.csv"
    run_cli("extract", *options, "--out", str(predicted))
    rows = _read(predicted)
    assert [r["evidence"][:9] for r in rows] == ["'=Washing", "'@Mexico "]
    # the same file as gold and as prediction: evaluate restores the evidence and matches every row
    result = run_cli("evaluate", *options, "--gold", str(predicted), "--pred", str(predicted))
    extractor = [line.split() for line in result.stdout.splitlines() if "extractor" in line]
    assert [row[-3:] for row in extractor] == [["2", "2", "2"]] * 3  # bloc, grounded, strict
