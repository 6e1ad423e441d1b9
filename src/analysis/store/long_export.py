"""The long statement export in the shape Discourse Network Analyzer (DNA) and rDNA users import.

One row per statement: document, date, person, organisation, concept, qualifier (and the
agreement flag DNA's default statement type has), then the codes and the evidence with its
offsets. The actor lookup is passed in (the ontology satisfies it), so this layer imports
nothing above it.
"""

from __future__ import annotations

from typing import Protocol

import pandas as pd

from analysis.store.csvfile import neutralise_frame

__all__ = ["LONG_EXPORT_COLUMNS", "LONG_EXPORT_CSV", "long_export", "long_export_csv"]

LONG_EXPORT_CSV = "statements_long.csv"
LONG_EXPORT_COLUMNS = (
    "document", "date", "date_precision", "outlet", "person", "organisation", "concept", "qualifier",
    "agreement", "speaker", "speaker_bloc", "target", "target_organisation", "target_bloc", "topic", "voice",
    "source", "text", "start_offset", "end_offset",
)


class _Actors(Protocol):
    def roll_up(self, actor_id: str, level: str) -> str: ...
    def name(self, actor_id: str) -> str: ...
    def kind(self, actor_id: str) -> str: ...


def long_export(statements: pd.DataFrame, actors: _Actors, negative: frozenset[str]) -> pd.DataFrame:
    """Return the DNA-shaped long table of the combined `statements` table (with outlet and date).

    `person` is the speaker's name when the speaker is a person (else empty), `organisation`
    the name of the speaker's organisation, `concept` the target's name, `qualifier` the
    relation and `agreement` 0 for a negative relation (one in `negative`), 1 otherwise.
    """
    speakers, targets = statements["speaker"].astype(str), statements["target"].astype(str)
    dates = pd.to_datetime(statements["published_date"])
    frame = pd.DataFrame({
        "document": statements["article_id"].astype(str),
        "date": [d.strftime("%Y-%m-%d") if pd.notna(d) else "" for d in dates],
        "date_precision": statements["published_precision"].astype(str),
        "outlet": statements["outlet"].astype(str),
        "person": [actors.name(a) if actors.kind(a) == "person" else "" for a in speakers],
        "organisation": [actors.name(actors.roll_up(a, "organisation")) for a in speakers],
        "concept": [actors.name(a) for a in targets],
        "qualifier": statements["relation"].astype(str),
        "agreement": [0 if r in negative else 1 for r in statements["relation"]],
        "speaker": speakers, "speaker_bloc": statements["speaker_bloc"].astype(str),
        "target": targets,
        "target_organisation": [actors.name(actors.roll_up(a, "organisation")) for a in targets],
        "target_bloc": statements["target_bloc"].astype(str),
        "topic": statements["topic"].astype(str), "voice": statements["voice"].astype(str),
        "source": statements["source"].astype(str), "text": statements["evidence"].astype(str),
        "start_offset": statements["start"].astype(int), "end_offset": statements["end"].astype(int),
    })
    return frame[list(LONG_EXPORT_COLUMNS)]


def long_export_csv(statements: pd.DataFrame, actors: _Actors, negative: frozenset[str],
                    header: bool = True) -> str:
    """The long export as CSV text; text cells neutralised for spreadsheets (see the data dictionary).

    `header=False` gives the rows only, for a chunk after the first of a streamed export.
    """
    frame = long_export(statements, actors, negative)
    return neutralise_frame(frame).to_csv(index=False, header=header, lineterminator="\n")
