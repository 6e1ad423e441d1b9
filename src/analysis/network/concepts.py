"""Actor × concept networks as in Discourse Network Analysis (DNA/rDNA): who takes the same
stance on the same topic (congruence) and who takes opposite stances (conflict).

Concept = the statement's topic. Qualifier = `agree` for accusations and demands on that
topic, `disagree` for denials; other relations carry no stance on a topic and are left out.
For two actors and one concept, with Q(a) the qualifiers actor a uses on it:
congruence counts the qualifiers both use (|Q(a) ∩ Q(b)|: 0, 1 or 2) and conflict is 1
when some qualifier of one differs from some qualifier of the other. A pair's weights sum
these over concepts. Speakers are rolled up to the graph level first.
"""

from __future__ import annotations

import pandas as pd

from analysis.network.graph import ActorLookup, roll_up_statements

__all__ = ["AGREE", "DISAGREE", "QUALIFIERS", "actor_concepts", "alignment_sentences", "concept_networks",
           "concept_pairs_table"]

AGREE, DISAGREE = "agree", "disagree"
QUALIFIERS = {"accuse": AGREE, "demand": AGREE, "deny": DISAGREE}
_CONCEPT_COLUMNS = ["actor", "concept", "qualifier", "n"]
_PAIR_COLUMNS = ["actor_a", "actor_b", "congruence", "conflict", "congruent_concepts", "conflicting_concepts"]


def actor_concepts(statements: pd.DataFrame, actors: ActorLookup, level: str) -> pd.DataFrame:
    """Return one row per (actor at `level`, concept, qualifier) with n = distinct sentences."""
    coded = statements[statements["relation"].isin(list(QUALIFIERS))]
    if coded.empty:
        return pd.DataFrame({c: pd.Series(dtype="int64" if c == "n" else "object") for c in _CONCEPT_COLUMNS})
    rows = roll_up_statements(coded, actors, level)
    rows = rows.assign(actor=rows["speaker_at_level"].astype(str), concept=rows["topic"].astype(str),
                       qualifier=rows["relation"].map(QUALIFIERS))
    distinct = rows.drop_duplicates(["actor", "concept", "qualifier", "article_id", "sentence_no"])
    table = distinct.groupby(["actor", "concept", "qualifier"]).size().rename("n").reset_index()
    return table.sort_values(["actor", "concept", "qualifier"]).reset_index(drop=True)[_CONCEPT_COLUMNS]


def concept_networks(statements: pd.DataFrame, actors: ActorLookup, level: str) -> pd.DataFrame:
    """Return the congruence and conflict weights of every actor pair that shares a concept.

    Columns: actor_a, actor_b (ids, a < b), congruence, conflict, congruent_concepts and
    conflicting_concepts ("topic (qualifier)" / "topic", sorted, joined by ", "). Pairs
    with both weights zero are left out; rows sort by congruence, then conflict (both
    descending), then the ids.
    """
    stances = actor_concepts(statements, actors, level)
    held: dict[str, dict[str, set[str]]] = {}
    for row in stances.itertuples(index=False):
        held.setdefault(row.actor, {}).setdefault(row.concept, set()).add(row.qualifier)
    names = sorted(held)
    rows = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            rows.append(_pair(a, b, held[a], held[b]))
    table = pd.DataFrame([r for r in rows if r[2] or r[3]], columns=_PAIR_COLUMNS)
    table = table.astype({"congruence": "int64", "conflict": "int64"})
    return table.sort_values(["congruence", "conflict", "actor_a", "actor_b"],
                             ascending=[False, False, True, True]).reset_index(drop=True)


def _pair(a: str, b: str, of_a: dict[str, set[str]], of_b: dict[str, set[str]]) -> tuple:
    congruent: list[str] = []
    conflicting: list[str] = []
    for concept in sorted(set(of_a) & set(of_b)):
        shared = of_a[concept] & of_b[concept]
        congruent += [f"{concept} ({q})" for q in sorted(shared)]
        if any(qa != qb for qa in of_a[concept] for qb in of_b[concept]):
            conflicting.append(concept)
    return a, b, len(congruent), len(conflicting), ", ".join(congruent), ", ".join(conflicting)


def alignment_sentences(pairs: pd.DataFrame, actors: ActorLookup, minimum: int = 2) -> list[str]:
    """Name the strongest alignment and the strongest conflict, when they rest on `minimum` concepts.

    Takes `concept_networks`; says plainly when no pair reaches the minimum.
    """
    sentences = []
    for weight, column, verb, unit in (
        ("congruence", "congruent_concepts", "share", "topic stance"),
        ("conflict", "conflicting_concepts", "take opposite stances on", "topic"),
    ):
        top = pairs.sort_values([weight, "actor_a", "actor_b"], ascending=[False, True, True]).head(1)
        if top.empty or int(top[weight].iloc[0]) < minimum:
            sentences.append(f"No two actors {verb} {minimum} or more {unit}s, so no {weight} is named.")
            continue
        row = top.iloc[0]
        sentences.append(f"Strongest {weight}: {actors.name(row.actor_a)} and {actors.name(row.actor_b)} "
                         f"{verb} {_count(int(row[weight]), unit)} ({row[column]}).")
    return sentences


def _count(n: int, unit: str) -> str:
    return f"{n:,} {unit}" + ("" if n == 1 else "s")


def concept_pairs_table(pairs: pd.DataFrame, actors: ActorLookup) -> pd.DataFrame:
    """Show `concept_networks` for readers: actor names, both weights and the topics behind them."""
    return pd.DataFrame({
        "First actor": [actors.name(a) for a in pairs["actor_a"]],
        "Second actor": [actors.name(b) for b in pairs["actor_b"]],
        "Congruence": pairs["congruence"].tolist(),
        "Conflict": pairs["conflict"].tolist(),
        "Shared stances": pairs["congruent_concepts"].tolist(),
        "Opposed on": pairs["conflicting_concepts"].tolist(),
    })
