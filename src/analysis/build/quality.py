"""Honest measurement: the extractor on the held-out and development splits of the development
corpus and on the seeds, each beside the co-mention baseline, and the agreement of two human
coders (bloc and grounded F1, Krippendorff's alpha on the relation of matched statements).

Only aggregate tables come out of here: no per-statement difference is ever printed, so the
held-out articles stay unread while the rules are developed.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.build.ingest import CorpusTables, IngestOptions, ingest_corpus
from analysis.curation.evaluate import evaluate, grounded_pairs
from analysis.curation.statements import load_curated
from analysis.ontology import Ontology
from analysis.store.tables import INTERVAL_DRAWS, INTERVAL_SEED

__all__ = ["QualityInputs", "agreement_table", "article_interval", "describe_quality",
           "krippendorff_alpha_nominal", "quality_tables", "read_split"]


CORPUS_LABELS = {
    "heldout": "Held-out split of the development corpus (never used to develop the rules)",
    "dev": "Development split of the development corpus (the rules may be tuned on it)",
    "seeds": "The five seed articles (the rules were developed on them: flattering)",
    "agreement": "Inter-coder agreement: a second coder against the primary coding",
}

SCORED_MATCHES = ("bloc", "grounded")
SECOND_CODER = "second_coder"
_COUNTS = ["n_gold", "n_pred", "n_match"]


@dataclass(frozen=True)
class QualityInputs:
    """Where the corpora and their hand coding are."""

    dev_dir: Path
    raw_dir: Path
    seed_curated: Path

    @property
    def dev_curated(self) -> Path:
        return self.dev_dir / "annotations" / "statements.csv"

    @property
    def second_coding(self) -> Path:
        return self.dev_dir / "annotations" / "second_coding.csv"

    @property
    def split(self) -> Path:
        return self.dev_dir / "split.csv"


def read_split(path: Path) -> dict[str, str]:
    """Map article ids to their split (`dev` or `heldout`)."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        return {row["article_id"]: row["split"] for row in csv.DictReader(handle)}


def krippendorff_alpha_nominal(pairs: Iterable[tuple[str, str]]) -> float:
    """Krippendorff's alpha for two coders and nominal values, from the values they gave each unit.

    alpha = 1 - (n - 1) * D_o / D_e over the coincidence matrix; 1.0 when every pair agrees
    and only one value occurs (no disagreement is possible), NaN without pairs.
    """
    coincidences: Counter[tuple[str, str]] = Counter()
    for first, second in pairs:
        coincidences[(first, second)] += 1
        coincidences[(second, first)] += 1
    totals: Counter[str] = Counter()
    for (value, _), count in coincidences.items():
        totals[value] += count
    n = sum(totals.values())
    if n == 0:
        return float("nan")
    observed = sum(count for (a, b), count in coincidences.items() if a != b)
    expected = sum(totals[a] * totals[b] for a in totals for b in totals if a != b)
    if expected == 0:
        return 1.0
    return 1.0 - (n - 1) * observed / expected


def agreement_table(primary: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """The second coder scored against the primary coding on the articles both coded, with alpha.

    Columns: match, relation, method, precision, recall, f1, n_gold, n_pred, n_match, f1_low,
    f1_high; plus one row `relation_alpha` whose f1 column holds alpha and n_match the pairs.
    """
    both = set(second["article_id"])
    gold = primary[primary["article_id"].isin(both)]
    scores = _with_intervals(evaluate(gold, {SECOND_CODER: second}), gold, {SECOND_CODER: second})
    pairs = grounded_pairs(gold, second, ("article_id", "speaker_bloc", "target_bloc"))
    relations = [(gold.iloc[g]["relation"], second.iloc[p]["relation"]) for g, p in pairs]
    alpha = pd.DataFrame([("relation_alpha", "all", SECOND_CODER, float("nan"), float("nan"),
                           krippendorff_alpha_nominal(relations), len(gold), len(second), len(pairs),
                           float("nan"), float("nan"))],
                         columns=scores.columns)
    return pd.concat([scores, alpha], ignore_index=True)


def article_interval(counts: np.ndarray, draws: int = INTERVAL_DRAWS,
                     seed: int = INTERVAL_SEED) -> tuple[np.ndarray, np.ndarray]:
    """The 95% percentile interval of F1 when the articles are resampled with replacement.

    `counts` has shape (articles, rows, 3): each article's gold, predicted and matched counts
    for each score row. Counts add up over articles (every match key holds the article), so a
    resample's F1 is 2·matched / (gold + predicted), 0 when both are 0, as in the whole table.
    """
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, counts.shape[0], size=(draws, counts.shape[0]))
    totals = counts[picks].sum(axis=1)  # (draws, rows, 3)
    denominator = totals[..., 0] + totals[..., 1]
    f1 = np.divide(2.0 * totals[..., 2], denominator, out=np.zeros(denominator.shape), where=denominator > 0)
    low, high = np.percentile(f1, [2.5, 97.5], axis=0)
    return low, high


def _with_intervals(scores: pd.DataFrame, gold: pd.DataFrame,
                    methods: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Add f1_low and f1_high: the F1 interval over the gold's articles, resampled."""
    per_article = []
    for article in sorted(set(gold["article_id"])):
        one = evaluate(gold[gold["article_id"] == article],
                       {name: pred[pred["article_id"] == article] for name, pred in methods.items()})
        per_article.append(one[_COUNTS].to_numpy())
    low, high = article_interval(np.stack(per_article)) if per_article else (np.nan, np.nan)
    return scores.assign(f1_low=low, f1_high=high)


def _scores(corpus: CorpusTables, gold: pd.DataFrame, articles: Sequence[str], name: str) -> pd.DataFrame:
    keep = set(articles)
    gold = gold[gold["article_id"].isin(keep)]
    methods = {"extractor": corpus.statements[corpus.statements["article_id"].isin(keep)],
               "baseline": corpus.baseline[corpus.baseline["article_id"].isin(keep)]}
    scores = _with_intervals(evaluate(gold, methods), gold, methods)
    scores.insert(0, "corpus", name)
    return scores


def quality_tables(inputs: QualityInputs, ontology: Ontology) -> pd.DataFrame:
    """Score the extractor and the baseline on held-out, development and seed articles, and the coders.

    Columns: corpus (`heldout`, `dev`, `seeds`, `agreement`), match, relation, method,
    precision, recall, f1, n_gold, n_pred, n_match, and f1_low / f1_high, the 95% interval of F1
    when the scored articles are resampled (`article_interval`).
    """
    options = IngestOptions()
    dev = ingest_corpus(inputs.dev_dir, None, ontology.outlets(), options)
    primary = load_curated(inputs.dev_curated, dev.texts, dev.sentences, ontology).statements
    split = read_split(inputs.split)
    frames = [_scores(dev, primary, [a for a, s in split.items() if s == name], name)
              for name in ("heldout", "dev")]
    if Path(inputs.seed_curated).exists():  # a report on other articles may have no curated file
        seeds = ingest_corpus(inputs.raw_dir, None, ontology.outlets(), options)
        seed_gold = load_curated(inputs.seed_curated, seeds.texts, seeds.sentences, ontology).statements
        frames.append(_scores(seeds, seed_gold, sorted(set(seed_gold["article_id"])), "seeds"))
    second = load_curated(inputs.second_coding, dev.texts, dev.sentences, ontology).statements
    agreement = agreement_table(primary, second)
    agreement.insert(0, "corpus", "agreement")
    frames.append(agreement)
    table = pd.concat(frames, ignore_index=True)
    return table[table["match"].isin((*SCORED_MATCHES, "relation_alpha"))].reset_index(drop=True)


def describe_quality(table: pd.DataFrame) -> str:
    """Render the quality table as aggregate text tables: overall, then per relation with support."""
    lines = ["Extraction quality: aggregate scores only (no per-statement output).", ""]
    for corpus, label in CORPUS_LABELS.items():
        part = table[table["corpus"] == corpus]
        if part.empty:
            continue
        overall = part[part["relation"] == "all"]
        lines += [f"{label}:", _text_table(overall, ["match", "method", "precision", "recall", "f1", "f1_low",
                                                    "f1_high", "n_gold", "n_pred", "n_match"]), ""]
        per_relation = part[(part["relation"] != "all") & (part["method"] != "baseline")]
        lines += [f"  per relation ({corpus}):", _text_table(per_relation, ["match", "relation", "method",
                                                                           "precision", "recall", "f1",
                                                                           "n_gold", "n_pred"]), ""]
    return "\n".join(lines).rstrip() + "\n"


def _text_table(frame: pd.DataFrame, columns: list[str]) -> str:
    return frame[columns].to_string(index=False, float_format=lambda v: f"{v:.3f}", na_rep="–")
