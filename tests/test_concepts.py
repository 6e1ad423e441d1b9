"""Actor × concept congruence and conflict networks (DNA/rDNA), on a hand-made set with known counts."""

from __future__ import annotations

import pandas as pd

from analysis.network.concepts import actor_concepts, alignment_sentences, concept_networks
from tests.test_graph import LOOKUP


def row(article: str, sentence: int, speaker: str, target: str, relation: str, topic: str) -> dict:
    return {"article_id": article, "sentence_no": sentence, "speaker": speaker, "target": target,
            "relation": relation, "topic": topic, "voice": "quote", "evidence": "x",
            "start": sentence * 100, "end": sentence * 100 + 10, "speaker_bloc": LOOKUP.bloc(speaker),
            "target_bloc": LOOKUP.bloc(target), "source": "curated", "rule": ""}


# At bloc level: us (milgram, robinson roll up to us), mx (amlo), cn (mao).
STATEMENTS = pd.DataFrame([
    row("a1", 1, "milgram", "cn", "accuse", "precursors"),  # us agrees on precursors
    row("a1", 2, "robinson", "mx", "demand", "trafficking"),  # us agrees on trafficking
    row("a1", 2, "milgram", "mx", "demand", "trafficking"),  # same sentence: counted once (n = 1)
    row("a2", 1, "amlo", "cn", "accuse", "precursors"),  # mx agrees on precursors: congruent with us
    row("a2", 2, "amlo", "us", "deny", "trafficking"),  # mx disagrees on trafficking: conflict with us
    row("a2", 3, "amlo", "us", "accuse", "weapons"),  # mx agrees on weapons (us silent: nothing)
    row("a3", 1, "mao", "us", "deny", "precursors"),  # cn disagrees on precursors: conflict with us, mx
    row("a3", 2, "mao", "us", "deny", "trafficking"),  # cn disagrees on trafficking: with mx, against us
    row("a3", 3, "mao", "us", "cooperate", "cooperation"),  # no stance: left out
    row("a3", 4, "mao", "us", "accuse", "precursors"),  # cn also agrees on precursors
])


def test_actor_concepts_counts_distinct_sentences_per_stance():
    table = actor_concepts(STATEMENTS, LOOKUP, "bloc")
    got = {(r.actor, r.concept, r.qualifier): r.n for r in table.itertuples()}
    assert got == {
        ("us", "precursors", "agree"): 1, ("us", "trafficking", "agree"): 1,
        ("mx", "precursors", "agree"): 1, ("mx", "trafficking", "disagree"): 1, ("mx", "weapons", "agree"): 1,
        ("cn", "precursors", "disagree"): 1, ("cn", "precursors", "agree"): 1,
        ("cn", "trafficking", "disagree"): 1,
    }


def test_congruence_and_conflict_have_the_hand_counted_weights():
    pairs = concept_networks(STATEMENTS, LOOKUP, "bloc")
    got = {(r.actor_a, r.actor_b): (r.congruence, r.conflict, r.congruent_concepts, r.conflicting_concepts)
           for r in pairs.itertuples()}
    assert got == {
        # cn {agree, disagree} vs mx {agree} on precursors: 1 shared (agree) and 1 conflict;
        # trafficking: both disagree -> 1 shared.
        ("cn", "mx"): (2, 1, "precursors (agree), trafficking (disagree)", "precursors"),
        # cn vs us: precursors shares agree and conflicts (cn's disagree); trafficking conflicts.
        ("cn", "us"): (1, 2, "precursors (agree)", "precursors, trafficking"),
        # mx vs us: precursors both agree; trafficking opposite; weapons only mx.
        ("mx", "us"): (1, 1, "precursors (agree)", "trafficking"),
    }
    order = list(zip(pairs["actor_a"], pairs["actor_b"], strict=True))
    assert order == [("cn", "mx"), ("cn", "us"), ("mx", "us")]


def test_alignment_sentences_name_pairs_only_when_the_data_supports_them():
    pairs = concept_networks(STATEMENTS, LOOKUP, "bloc")
    assert alignment_sentences(pairs, LOOKUP) == [
        "Strongest congruence: China and Mexico share 2 topic stances "
        "(precursors (agree), trafficking (disagree)).",
        "Strongest conflict: China and United States take opposite stances on 2 topics "
        "(precursors, trafficking).",
    ]
    assert alignment_sentences(pairs, LOOKUP, minimum=3)[0] == (
        "No two actors share 3 or more topic stances, so no congruence is named.")


def test_no_stance_relations_give_empty_tables():
    only_support = STATEMENTS[STATEMENTS["relation"] == "cooperate"]
    assert actor_concepts(only_support, LOOKUP, "bloc").empty
    assert concept_networks(only_support, LOOKUP, "bloc").empty


def test_concept_pairs_table_names_the_actors():
    from analysis.network.concepts import concept_pairs_table

    table = concept_pairs_table(concept_networks(STATEMENTS, LOOKUP, "bloc"), LOOKUP)
    assert table.iloc[0].tolist() == ["China", "Mexico", 2, 1, "precursors (agree), trafficking (disagree)",
                                      "precursors"]
