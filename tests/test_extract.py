"""Statement extraction on sentences written for the tests (not copied from the seeds)."""

from __future__ import annotations

import pytest

from analysis.actors import load_ontology
from analysis.corpus import parse_article
from analysis.extract import SentenceSpan, extract_article
from tests.conftest import FIXTURES

ONTOLOGY = load_ontology(FIXTURES / "test_actors.csv")


def extract(body: str, title: str = "A headline written for the tests here"):
    """Extract statements from a small article: a title line, then one paragraph per line."""
    text = title + "\n\n" + body
    article = parse_article("t1", text, "0" * 64)
    spans = [SentenceSpan(i, s.paragraph_no, s.start, s.end) for i, s in enumerate(article.sentences, 1)]
    frame = extract_article("t1", text, spans, "daily", ONTOLOGY)
    for row in frame.itertuples():
        assert text[row.start:row.end] == row.evidence
    return frame


def keys(frame):
    return {(r.speaker, r.target, r.relation, r.voice) for r in frame.itertuples()}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Washington accused Beijing of flooding the market with precursors.",
         ("us_gov", "cn_gov", "accuse", "reported")),
        ("Mexico City rejected the claims made by the State Department.",
         ("mx_gov", "us_state", "deny", "reported")),
        ("The State Department pressed Mexico City to arrest more traffickers.",
         ("us_state", "mx_gov", "demand", "reported")),
        ("The United States threatened sanctions against chemical companies.",
         ("us", "suppliers", "threaten", "reported")),
        ("President Paz asked Beijing for help with the shipments.",
         ("pedro_paz", "cn_gov", "appeal", "reported")),
        ("Beijing agreed to work with Mexico City on the chemicals.",
         ("cn_gov", "mx_gov", "cooperate", "reported")),
        ("Secretary Roe praised the Mexican government for the arrests.",
         ("jane_roe", "mx_gov", "praise", "reported")),
    ],
)
def test_each_relation(sentence, expected):
    assert expected in keys(extract(sentence))


def test_narrator_voice_for_a_source_claim():
    frame = extract("Analysts agree that China is the main source of the chemicals.")
    assert ("daily", "cn", "accuse", "narrator") in keys(frame)


def test_quote_voice_with_attribution_after_the_quote():
    frame = extract("“The root cause of the crisis lies in America,” Li said on Monday.")
    assert ("li_wei", "us", "accuse", "quote") in keys(frame)


def test_quote_that_spans_sentences_takes_its_speaker_from_the_end():
    frame = extract("“We will not accept this. The United States needs to reduce demand at home,” Li said.")
    assert ("li_wei", "us", "demand", "quote") in keys(frame)


def test_reported_speech_with_said_that():
    frame = extract("Roe said that Mexico should do more against the gangs.")
    assert ("jane_roe", "mx", "demand", "reported") in keys(frame)


def test_according_to_attributes_the_claim():
    frame = extract("According to Li, the United States has failed to curb its own demand.")
    assert ("li_wei", "us", "accuse", "reported") in keys(frame)


def test_negation_cancels_the_cue():
    frame = extract("Secretary Roe did not accuse Beijing of anything on Tuesday.")
    assert not any(r.relation == "accuse" for r in frame.itertuples())


def test_two_statements_in_one_sentence():
    frame = extract("Beijing denied the claims and blamed Washington for the overdoses.")
    assert {("cn_gov", "us_gov", "accuse", "reported")} <= keys(frame)
    assert any(r.relation == "deny" and r.speaker == "cn_gov" for r in frame.itertuples())


def test_pronoun_speaker_is_resolved_to_the_last_person():
    frame = extract("Li Wei spoke to reporters in the capital.\n\n"
                    "She said the United States must address its own demand.")
    assert ("li_wei", "us", "demand", "reported") in keys(frame)


def test_role_noun_is_resolved_to_the_last_person():
    frame = extract("Jane Roe met officials on Friday.\n\n"
                    "The diplomat said that Mexico could do more on the border.")
    assert ("jane_roe", "mx", "demand", "reported") in keys(frame)


def test_group_wording_codes_every_ordered_pair():
    frame = extract("Mexico and China have traded blame over the crisis for months.")
    assert {("mx", "cn", "accuse", "reported"), ("cn", "mx", "accuse", "reported")} <= keys(frame)


def test_self_statement_targets_the_speakers_country():
    frame = extract("“The United States recognizes its responsibility on demand,” Roe said.")
    assert ("jane_roe", "us", "accuse", "quote") in keys(frame)


def test_a_country_named_only_as_a_place_is_not_a_target():
    frame = extract("Secretary Roe travelled to Mexico and praised the weather.")
    assert not any(r.target == "mx" for r in frame.itertuples())


def test_topic_comes_from_keywords_in_the_evidence():
    frame = extract("Washington accused Beijing of exporting precursor chemicals.")
    assert set(frame["topic"]) == {"precursors"}


def test_deny_target_falls_back_to_the_last_claimant():
    frame = extract("The State Department accused Beijing of ignoring the trade.\n\n"
                    "Beijing has repeatedly denied that.")
    assert ("cn_gov", "us_state", "deny", "reported") in keys(frame)
