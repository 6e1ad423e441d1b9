"""The naive co-mention baseline: every ordered pair of distinct blocs named in one sentence is
an `accuse`, with the sentence as evidence. The extractor is scored beside it."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

from analysis.codebook import STATEMENT_COLUMNS, sort_statements
from analysis.ontology import Ontology
from analysis.text.mentions import Mention, MentionFinder

__all__ = ["baseline_records", "baseline_statements"]


def baseline_statements(sentences: pd.DataFrame, ontology: Ontology,
                        mentions: Sequence[Mention] | None = None) -> pd.DataFrame:
    """Return the naive baseline: every ordered pair of blocs named in a sentence is an accuse.

    `mentions` may pass the alias mentions already found in the sentences' article
    (offsets into its text; one article only), instead of searching each sentence again.
    """
    records = baseline_records(sentences.itertuples(index=False), ontology, mentions)
    return sort_statements(pd.DataFrame(records, columns=STATEMENT_COLUMNS))


def baseline_records(sentences: Iterable[Any], ontology: Ontology,
                     mentions: Sequence[Mention] | None = None) -> list[list]:
    """Return the baseline's statements as rows (see `baseline_statements`).

    `sentences` are sentences-table rows (attributes article_id, sentence_no, start, end, text).
    """
    finder = MentionFinder(ontology) if mentions is None else None
    starts = [m.start for m in mentions] if mentions is not None else []
    records = []
    for row in sentences:
        found = (finder.find(row.text) if finder
                 else mentions[bisect.bisect_left(starts, row.start):bisect.bisect_left(starts, row.end)])
        blocs = _blocs_named(found, ontology)
        for speaker_bloc in blocs:
            for target_bloc in blocs:
                if speaker_bloc != target_bloc:
                    records.append(_baseline_record(row, speaker_bloc, target_bloc, ontology))
    return records


def _blocs_named(mentions: Iterable, ontology: Ontology) -> list[str]:
    return sorted({ontology.bloc(m.actor_id) for m in mentions} - {"MEDIA"})


def _baseline_record(row, speaker_bloc: str, target_bloc: str, ontology: Ontology) -> list:
    return [
        row.article_id, int(row.sentence_no), ontology.bloc_root(speaker_bloc),
        ontology.bloc_root(target_bloc), "accuse", "other", "narrator", row.text,
        int(row.start), int(row.end), speaker_bloc, target_bloc, "auto", "baseline:co-mention",
    ]
