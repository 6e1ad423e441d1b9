"""Tables for section 03, who blames whom: rankings and bloc pairs by relation."""

from __future__ import annotations

import networkx as nx
import pandas as pd

from analysis.codebook import GOVERNMENT_BLOCS, RELATIONS
from analysis.network.counting import count_sentences, generic_mutual_sentences, without_generic_mutual
from analysis.network.graph import build_statement_graph, collapse_graph
from analysis.network.metrics import bloc_matrix
from analysis.report.data import ReportData

__all__ = ["actor_graph", "actor_statements", "bloc_pairs_by_relation", "counted_graph", "counted_statements",
           "generic_events_table",
           "narrator_by_outlet", "ranking_table", "with_and_without_generic"]

_RANKING_LABELS = {
    "name": "Actor", "bloc": "Bloc", "blame_given": "Blame given", "blame_received": "Blame received",
    "n_targets": "Targets", "n_blamers": "Blamers", "n_articles": "Articles", "net_blame": "Net",
    "pagerank": "PageRank",
}


def ranking_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Rename a metrics ranking for display, dropping the internal actor id."""
    shown = frame.drop(columns=[c for c in ("actor",) if c in frame.columns])
    if "pagerank" in shown.columns:
        shown = shown.assign(pagerank=shown["pagerank"].round(3))
    return shown.rename(columns=_RANKING_LABELS)


def bloc_pairs_by_relation(statements: pd.DataFrame) -> pd.DataFrame:
    """One row per speaker-bloc → target-bloc pair, one column per relation, in distinct sentences.

    Only pairs and relations with a statement appear; `Total` counts each sentence once, so a
    sentence holding two relations adds to two columns but once to the total. Rows run from
    the busiest pair down.
    """
    relations = [r for r in RELATIONS if r in set(statements["relation"])]
    rows = []
    for (speaker, target), group in statements.groupby(["speaker_bloc", "target_bloc"], sort=True,
                                                       observed=True):
        row = {"Speaker bloc": speaker, "Target bloc": target}
        row.update({r: count_sentences(group[group["relation"] == r]) for r in relations})
        row["Total"] = count_sentences(group)
        rows.append(row)
    frame = pd.DataFrame(rows, columns=["Speaker bloc", "Target bloc", *relations, "Total"])
    return frame.sort_values(["Total", "Speaker bloc", "Target bloc"],
                             ascending=[False, True, True]).reset_index(drop=True)


def counted_statements(data: ReportData) -> pd.DataFrame:
    """Return the statements every section counts: generic mutual-blame sentences left out."""
    return without_generic_mutual(data.statements)


def counted_graph(data: ReportData, statements: pd.DataFrame | None = None) -> nx.DiGraph:
    """Return the collapsed graph at the report's level built from the counted statements."""
    chosen = counted_statements(data) if statements is None else statements
    multigraph = build_statement_graph(chosen, data.articles, data.ontology)
    return collapse_graph(multigraph, data.ontology, data.level)


def with_and_without_generic(data: ReportData) -> pd.DataFrame:
    """Government-to-government accusations per bloc pair, without and with generic mutual blame."""
    rows = []
    for label, statements in (("without", counted_statements(data)), ("with", data.statements)):
        matrix = bloc_matrix(statements, "accuse")
        for speaker in GOVERNMENT_BLOCS:
            for target in GOVERNMENT_BLOCS:
                if speaker != target:
                    rows.append((f"{speaker} → {target}", label, int(matrix.loc[speaker, target])))
    frame = pd.DataFrame(rows, columns=["Pair", "count", "n"])
    table = frame.pivot(index="Pair", columns="count", values="n").reset_index().rename_axis(columns=None)
    return table.rename(columns={"without": "Accusations (sentences)",
                                 "with": "With generic mutual blame"})[
        ["Pair", "Accusations (sentences)", "With generic mutual blame"]]


def generic_events_table(data: ReportData) -> pd.DataFrame:
    """List the generic mutual-blame sentences, each counted once as a mutual event."""
    events = generic_mutual_sentences(data.statements)
    outlets = data.articles.set_index("article_id")["outlet"].to_dict()
    return pd.DataFrame({
        "Outlet": [outlets.get(a, "") for a in events["article_id"]],
        "Actors": [", ".join(data.ontology.name(x) for x in a.split(";")) for a in events["actors"]],
        "Rows in the file": events["n_rows"],
        "Sentence": [f"“{e}”" for e in events["evidence"]],
    })


def actor_statements(data: ReportData) -> pd.DataFrame:
    """Return the counted statements without the outlets' own narration (shown per outlet instead).

    The graph, rankings and balance of actors use these, so the five outlets are never merged
    into one "Media" blamer; `narrator_by_outlet` shows each outlet's own voice.
    """
    counted = counted_statements(data)
    own_voice = (counted["voice"] == "narrator") & (counted["speaker_bloc"] == "MEDIA")
    return counted[~own_voice].reset_index(drop=True)


def actor_graph(data: ReportData) -> nx.DiGraph:
    """Return the collapsed graph of the actors' statements (no outlet narration, no generic mutual blame)."""
    return counted_graph(data, actor_statements(data))


_NEGATIVE = ("accuse", "deny", "demand", "threaten")
_TARGETS = {"US": "US", "MX": "MX", "CN": "CN", "CARTELS": "Cartels", "SUPPLIERS": "Suppliers",
            "INTL": "Intl"}
_POSITIVE = ("appeal", "cooperate", "praise")


def _outlet_narration(data: ReportData) -> pd.DataFrame:
    counted = counted_statements(data)
    own = counted[(counted["voice"] == "narrator") & (counted["speaker_bloc"] == "MEDIA")]
    outlets = data.articles.set_index("article_id")["outlet"].to_dict()
    return own.assign(outlet=own["article_id"].map(outlets))


def narrator_by_outlet(data: ReportData) -> pd.DataFrame:
    """Each outlet's own (narrator) voice: blame sentences per target bloc, its positive calls, its stance."""
    own = _outlet_narration(data)
    quoted = counted_statements(data)
    quoted = quoted[quoted["voice"] != "narrator"]
    outlets = data.articles.set_index("article_id")["outlet"].to_dict()
    rows = []
    for outlet in sorted(set(data.articles["outlet"])):
        mine = own[own["outlet"] == outlet]
        blame = mine[mine["relation"].isin(_NEGATIVE)]
        row: dict[str, object] = {"Outlet": outlet}
        for bloc in _TARGETS:
            row[_TARGETS[bloc]] = count_sentences(blame[blame["target_bloc"] == bloc])
        row["Calls for cooperation"] = count_sentences(mine[mine["relation"].isin(_POSITIVE)])
        mine_quoted = quoted[quoted["article_id"].map(outlets) == outlet]
        row["Quoted voices (sentences)"] = count_sentences(mine_quoted)
        row["Stance"] = _stance(row, count_sentences(blame))
        rows.append(row)
    return pd.DataFrame(rows)


def _stance(row: dict[str, object], n_blame: int) -> str:
    names = {"US": "the US", "MX": "Mexico", "CN": "China", "CARTELS": "the cartels",
             "SUPPLIERS": "suppliers",
             "INTL": "other countries"}
    cells = {b: int(row[_TARGETS[b]]) for b in names}  # type: ignore[call-overload]
    counts = {b: n for b, n in cells.items() if n > 0}
    calls = int(row["Calls for cooperation"])  # type: ignore[call-overload]
    if not counts:
        voice = "reports without blaming in its own voice"
    else:
        ranked = sorted(counts, key=lambda b: (-counts[b], b))
        voice = f"blames {names[ranked[0]]} most ({counts[ranked[0]]} of {n_blame} blame sentences)"
        if len(ranked) > 1:
            voice += ", then " + ", ".join(f"{names[b]} ({counts[b]})" for b in ranked[1:3])
    return voice + (f"; calls for cooperation in {calls}" if calls else "")
