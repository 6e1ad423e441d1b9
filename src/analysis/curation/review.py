"""The review loop: export statements with context for people to edit, import the edits back."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.curation.statements import (
    CURATED_COLUMNS,
    REVIEW_ONLY_COLUMNS,
    STATUSES,
    read_statement_csv,
    validate_statement_rows,
)
from analysis.errors import InputError
from analysis.ontology import Ontology
from analysis.store.atomic import atomic_path
from analysis.store.csvfile import neutralise, read_csv_rows

__all__ = ["REVIEW_COLUMNS", "ImportSummary", "export_for_review", "import_reviewed", "promote_induced"]

REVIEW_COLUMNS = [*CURATED_COLUMNS, *REVIEW_ONLY_COLUMNS]
_KEY = ("article_id", "start", "end", "speaker", "target", "relation")


def export_for_review(statements: pd.DataFrame, sentences: pd.DataFrame, path: str | Path) -> int:
    """Write statements with their sentence to an editable CSV; return the number of rows."""
    context = sentences.set_index(["article_id", "sentence_no"])["text"].to_dict()
    rows = []
    for row in statements.sort_values(["article_id", "start", "end"]).itertuples(index=False):
        rows.append({
            "article_id": row.article_id, "speaker": row.speaker, "target": row.target,
            "relation": row.relation, "topic": row.topic, "voice": row.voice, "start": row.start,
            "end": row.end, "evidence": row.evidence, "status": "", "reviewed_by": "", "note": "",
            "source": row.source, "rule": row.rule,
            "sentence": context.get((row.article_id, row.sentence_no), ""),
        })
    _write_csv(Path(path), REVIEW_COLUMNS, rows, for_spreadsheet=True)
    return len(rows)


@dataclass(frozen=True)
class ImportSummary:
    """What an import did."""

    accepted: int
    corrected: int
    rejected: int
    unreviewed: int
    total_curated: int


def import_reviewed(path: str | Path, curated_path: str | Path, texts: Mapping[str, str],
                    ontology: Ontology, reviewer: str = "") -> ImportSummary:
    """Validate an edited review file and merge its reviewed rows into the curated layer.

    Rows with an empty status are left out (counted as unreviewed). `accepted` and
    `corrected` rows enter the curated file; `rejected` rows are kept there with that
    status, so the analysis leaves them out and a reviewer sees they were judged.
    A row replaces a curated row with the same article, span, speaker, target and relation.
    """
    rows = read_statement_csv(path)
    reviewed = [(line, r) for line, r in rows if (r.get("status") or "").strip()]
    _check_statuses(path, reviewed)
    problems = validate_statement_rows(path, reviewed, texts, ontology)
    if problems:
        raise problems[0]
    merged = _existing(curated_path)
    counts = dict.fromkeys(STATUSES, 0)
    for _, row in reviewed:
        clean = {c: row.get(c) or "" for c in CURATED_COLUMNS}
        clean = {c: v if c == "evidence" else v.strip() for c, v in clean.items()}
        clean["reviewed_by"] = clean["reviewed_by"] or reviewer
        merged[tuple(clean[k] for k in _KEY)] = clean
        counts[clean["status"]] += 1
    ordered = sorted(merged.values(), key=lambda r: (r["article_id"], int(r["start"]), int(r["end"]),
                                                     r["speaker"], r["target"], r["relation"]))
    _write_csv(Path(curated_path), CURATED_COLUMNS, ordered)
    return ImportSummary(counts["accepted"], counts["corrected"], counts["rejected"],
                         len(rows) - len(reviewed), len(ordered))


def _check_statuses(path: str | Path, rows: list[tuple[int, dict[str, str]]]) -> None:
    for line, row in rows:
        if row["status"].strip() not in STATUSES:
            raise InputError(path, "unknown status", line=line, field="status",
                             expected=" | ".join(STATUSES), found=row["status"])


def _existing(curated_path: str | Path) -> dict[tuple, dict[str, str]]:
    path = Path(curated_path)
    if not path.exists():
        return {}
    _, rows = read_csv_rows(path, _KEY)
    return {tuple(r[k] for k in _KEY): {c: r.get(c, "") or "" for c in CURATED_COLUMNS} for _, r in rows}


def _write_csv(path: Path, columns: list[str], rows: list[dict], *, for_spreadsheet: bool = False) -> None:
    """Write rows; a file for a spreadsheet has its formula-like text cells neutralised."""
    if for_spreadsheet:
        rows = [{k: neutralise(v) for k, v in row.items()} for row in rows]
    with atomic_path(path) as temp, temp.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def promote_induced(induced: pd.DataFrame, base: str | Path, out: str | Path, min_count: int = 1) -> int:
    """Add induced actors (`induced_actors` table) to an ontology CSV as persons under their office.

    Each (name, office) seen at least `min_count` times in all becomes an actor whose aliases are
    its name and surname, less any alias another actor already claims (an alias belongs to one
    actor only). `base` is read, `out` written (they may be the same file); the result is loaded
    as an ontology before it is published. Returns the number of actors added.
    """
    import re

    from analysis.ontology import ACTOR_COLUMNS, load_ontology
    from analysis.text.induce import _rules, _surname_keys

    ontology = load_ontology(base)
    with open(base, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    claimed = set(ontology.alias_owner)
    totals = induced.groupby(["name", "office", "bloc"], sort=True)["n"].sum()
    added = 0
    for (name, office, bloc), n in totals.items():
        if n < min_count or office not in ontology or name.casefold() in claimed:
            continue
        actor_id = re.sub(r"[^a-z0-9]+", "_", name.casefold()).strip("_")
        if not actor_id or actor_id in ontology.actors:
            continue
        keys = dict.fromkeys(_surname_keys(name, bloc, _rules()))
        aliases = [a for a in keys if a.casefold() not in claimed]
        claimed.update(a.casefold() for a in (name, *aliases))
        rows.append({"actor_id": actor_id, "name": name, "parent_id": office, "bloc": bloc, "kind": "person",
                     "aliases": "|".join(aliases)})
        added += 1
    with atomic_path(out) as tmp:
        with open(tmp, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(ACTOR_COLUMNS), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        load_ontology(tmp)  # an invalid result is never published
    return added
