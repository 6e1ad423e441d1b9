"""The speed peers of `python -m analysis extract` (run by `scale.py speed`, each pinned to one core).

    python benchmarks/peers.py plain RAW_DIR ACTORS_CSV   # sentence split + one alias regex pass
    python benchmarks/peers.py spacy RAW_DIR ACTORS_CSV   # spaCy blank("en") + sentencizer + EntityRuler

Only the standard library here (and spaCy for `spacy`, installed in the benchmark's own
virtual environment, never in the project's lock). Prints one JSON line of counts.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n{2,}")


def aliases(actors_csv: Path) -> list[str]:
    """Every alias and name of the ontology, longest first."""
    with actors_csv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    found = {a.strip() for r in rows for a in [r["name"], *r["aliases"].split("|")] if a.strip()}
    return sorted(found, key=lambda a: (-len(a), a))


def texts(raw: Path) -> list[str]:
    """The folder's articles, in file-name order."""
    return [p.read_text(encoding="utf-8") for p in sorted(raw.glob("*.txt"))]


def plain(raw: Path, actors_csv: Path) -> dict[str, int]:
    """Split sentences with one regex, then find aliases with one alternation per sentence."""
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(a) for a in aliases(actors_csv)) + r")\b")
    n_sentences = n_mentions = 0
    for text in texts(raw):
        for sentence in SENTENCE_END.split(text):
            n_sentences += 1
            n_mentions += sum(1 for _ in pattern.finditer(sentence))
    return {"sentences": n_sentences, "mentions": n_mentions}


def spacy_pass(raw: Path, actors_csv: Path) -> dict[str, int]:
    """spaCy's blank English pipeline with a sentencizer and an EntityRuler over the same aliases."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "ACTOR", "pattern": a} for a in aliases(actors_csv)])
    n_sentences = n_mentions = 0
    for doc in nlp.pipe(texts(raw), batch_size=64):
        n_sentences += sum(1 for _ in doc.sents)
        n_mentions += len(doc.ents)
    return {"sentences": n_sentences, "mentions": n_mentions}


if __name__ == "__main__":
    kind, raw_dir, actors = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    counts = plain(raw_dir, actors) if kind == "plain" else spacy_pass(raw_dir, actors)
    print(json.dumps(counts))
