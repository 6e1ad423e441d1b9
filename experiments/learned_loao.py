"""Does a learned component beat the rules? Leave-one-article-out on the development split.

A logistic-regression classifier (scikit-learn) reads every sentence naming two sides and
predicts the relation, if any, of one side's statement about the other (features: the
sentence's words and word pairs, the words between the two names, which name comes first,
the cue families the lexicon finds, quotation marks). Trained on 19 development articles and
applied to the 20th, for each article in turn; its statements are scored at bloc level alone
and added to the rules' statements, at several probability thresholds, against the coders'
statements. Only the development split is read: the held-out articles are left out before any
file is opened. Deterministic (lbfgs has no random state; the folds are the articles).

scikit-learn is not in the project's lock (nothing ships it); install it beside the project's
environment, for example:

    .venv/bin/python -m pip install --no-deps --target /tmp/sklearn scikit-learn joblib threadpoolctl
    PYTHONPATH=/tmp/sklearn .venv/bin/python experiments/learned_loao.py --out experiments/learned_loao.md
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from analysis.build.ingest import IngestOptions, ingest_corpus
from analysis.build.quality import read_split
from analysis.curation.statements import load_curated
from analysis.ontology import Ontology, load_ontology
from analysis.text.extract import load_cues
from analysis.text.mentions import MentionFinder

WORD = re.compile(r"[a-z][a-z’'-]+")
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7)
NONE = "none"
BlocKey = tuple[str, str, str, str]  # article, speaker bloc, target bloc, relation


@dataclass(frozen=True, eq=False)
class Candidate:
    """A pair of sides in one sentence, its features and the coders' relation (hashed by identity)."""

    article_id: str
    sentence_no: int
    speaker_bloc: str
    target_bloc: str
    features: dict[str, float]
    label: str


def dev_split_copy(dev_dir: Path, into: Path) -> list[str]:
    """Copy the development split's articles and metadata rows (never a held-out file)."""
    dev = sorted(a for a, split in read_split(dev_dir / "split.csv").items() if split == "dev")
    for article_id in dev:
        shutil.copyfile(dev_dir / f"{article_id}.txt", into / f"{article_id}.txt")
    with (dev_dir / "metadata.csv").open(encoding="utf-8", newline="") as source:
        reader = csv.DictReader(source)
        rows = [r for r in reader if r["article_id"] in dev]
    with (into / "metadata.csv").open("w", encoding="utf-8", newline="") as target:
        writer = csv.DictWriter(target, fieldnames=reader.fieldnames or [])
        writer.writeheader()
        writer.writerows(rows)
    return dev


def bloc_keys(frame: pd.DataFrame) -> set[BlocKey]:
    columns = ("article_id", "speaker_bloc", "target_bloc", "relation")
    return set(frame[list(columns)].itertuples(index=False, name=None))


def sentence_features(text: str, start: int, end: int) -> dict[str, float]:
    words = WORD.findall(text[start:end].lower())
    features: dict[str, float] = {f"w={w}": 1.0 for w in words}
    features.update({f"b={a} {b}": 1.0 for a, b in zip(words, words[1:], strict=False)})
    for cue, _ in load_cues().sentence_scanner.finditer(text, start, end):
        features[f"cue={cue.relation}.{cue.kind}"] = 1.0
    features["quote"] = float(any(mark in text[start:end] for mark in "“”\""))
    return features


def pair_features(text: str, first: tuple[int, int] | None, second: tuple[int, int]) -> dict[str, float]:
    if first is None:
        return {"narrator": 1.0}
    lo, hi = (first[1], second[0]) if first[0] < second[0] else (second[1], first[0])
    features = {f"btw={w}": 1.0 for w in WORD.findall(text[lo:hi].lower())}
    features["speaker_first"] = float(first[0] < second[0])
    features["distance"] = min(abs(hi - lo), 200) / 200
    return features


def candidates(corpus, gold: pd.DataFrame, ontology: Ontology) -> list[Candidate]:
    """Every ordered pair of sides named in a sentence (the outlet may speak), labelled by the coders."""
    finder = MentionFinder(ontology)
    found = []
    for article_id, text in sorted(corpus.texts.items()):
        mentions = finder.find(text)
        coded = gold[gold["article_id"] == article_id]
        sentences = corpus.sentences[corpus.sentences["article_id"] == article_id]
        for row in sentences.itertuples():
            first_by_bloc: dict[str, tuple[int, int]] = {}
            for m in mentions:
                if row.start <= m.start and m.end <= row.end:
                    first_by_bloc.setdefault(ontology.bloc(m.actor_id), (m.start, m.end))
            if not first_by_bloc:
                continue
            base = sentence_features(text, row.start, row.end)
            speakers: dict[str, tuple[int, int] | None] = {**first_by_bloc}
            speakers.setdefault("MEDIA", None)
            for speaker_bloc, speaker_at in speakers.items():
                for target_bloc, target_at in first_by_bloc.items():
                    if speaker_bloc == target_bloc:
                        continue
                    hit = coded[(coded["start"] < row.end) & (row.start < coded["end"])
                                & (coded["speaker_bloc"] == speaker_bloc)
                                & (coded["target_bloc"] == target_bloc)]
                    features = {**base, f"pair={speaker_bloc}>{target_bloc}": 1.0,
                                **pair_features(text, speaker_at, target_at)}
                    found.append(Candidate(article_id, int(row.sentence_no), speaker_bloc, target_bloc,
                                           features, hit["relation"].iloc[0] if len(hit) else NONE))
    return found


def leave_one_article_out(found: list[Candidate]) -> dict[Candidate, tuple[str, float]]:
    """Each candidate's most likely relation and its probability, from a model not trained on its article."""
    predicted: dict[Candidate, tuple[str, float]] = {}
    for held in sorted({c.article_id for c in found}):
        train = [c for c in found if c.article_id != held]
        test = [c for c in found if c.article_id == held]
        vectorizer = DictVectorizer()
        model = LogisticRegression(C=1.0, max_iter=2000)  # lbfgs: deterministic
        model.fit(vectorizer.fit_transform([c.features for c in train]), [c.label for c in train])
        classes = list(model.classes_)
        probabilities = model.predict_proba(vectorizer.transform([c.features for c in test]))
        for candidate, probs in zip(test, probabilities, strict=True):
            best = max((k for k in classes if k != NONE), key=lambda k: probs[classes.index(k)])
            predicted[candidate] = (best, float(probs[classes.index(best)]))
    return predicted


def score(pred: set[BlocKey], gold: set[BlocKey]) -> tuple[float, float, float, int]:
    matched = len(pred & gold)
    precision = matched / len(pred) if pred else 0.0
    recall = matched / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, len(pred)


def rows(rules: set[BlocKey], gold: set[BlocKey],
         predicted: dict[Candidate, tuple[str, float]]) -> Iterable[list]:
    yield ["rules (the extractor)", "–", *score(rules, gold)]
    for threshold in THRESHOLDS:
        learned = {(c.article_id, c.speaker_bloc, c.target_bloc, relation)
                   for c, (relation, p) in predicted.items() if p >= threshold}
        yield ["learned alone", threshold, *score(learned, gold)]
        yield ["rules + learned", threshold, *score(rules | learned, gold)]


def markdown(table: list[list], n_articles: int, n_candidates: int, n_positive: int) -> str:
    lines = [f"Leave-one-article-out over the {n_articles} development-split articles; {n_candidates} "
             f"candidate pairs, {n_positive} with a coded relation. Bloc-level scores against the coders.",
             "", "| method | threshold | precision | recall | F1 | statements |",
             "| --- | ---: | ---: | ---: | ---: | ---: |"]
    lines += [f"| {m} | {t} | {p:.3f} | {r:.3f} | {f:.3f} | {n} |" for m, t, p, r, f, n in table]
    best = max(table[1:], key=lambda row: row[4])
    beats = best[4] > table[0][4]
    lines += ["", f"Best learned variant: {best[0]} at {best[1]}, F1 {best[4]:.3f}; it "
              f"{'beats' if beats else 'does not beat'} the rules (F1 {table[0][4]:.3f}), so the build "
              f"{'could use' if beats else 'does not use'} it."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dev-dir", type=Path, default=Path("data/dev"))
    parser.add_argument("--out", type=Path, default=None, help="Also write the Markdown table here.")
    args = parser.parse_args(argv)
    ontology = load_ontology()
    with tempfile.TemporaryDirectory() as folder:
        dev = dev_split_copy(args.dev_dir, Path(folder))
        corpus = ingest_corpus(Path(folder), None, ontology.outlets(), IngestOptions())
        coded = pd.read_csv(args.dev_dir / "annotations" / "statements.csv", dtype=str, keep_default_na=False)
        coded = coded[coded["article_id"].isin(dev)]
        coded_path = Path(folder) / "coded.csv"
        coded.to_csv(coded_path, index=False)
        gold = load_curated(coded_path, corpus.texts, corpus.sentences, ontology).statements
        found = candidates(corpus, gold, ontology)  # the texts are read from the copies
    table = list(rows(bloc_keys(corpus.statements), bloc_keys(gold), leave_one_article_out(found)))
    text = markdown(table, len(dev), len(found), sum(c.label != NONE for c in found))
    print(text, end="")
    if args.out is not None:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
