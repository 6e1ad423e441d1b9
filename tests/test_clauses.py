"""The one clause-boundary rule (`data/clauses.yaml`), on sentences written for the tests."""

from __future__ import annotations

import pytest

from analysis.text.clauses import clause_rule
from tests.test_extract import extract, keys


def _ends(text: str, strong_only: bool = False) -> list[str]:
    """Split `text` into clauses at every boundary the rule finds (the boundaries dropped)."""
    rule = clause_rule()
    pattern = rule.strong if strong_only else rule.boundary
    pieces, start = [], 0
    for match in pattern.finditer(text):
        pieces.append(text[start:match.start()].strip())
        start = match.end()
    return [*pieces, text[start:].strip()]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ana rejected it, and Ben agreed", ["Ana rejected it", "and Ben agreed"]),
        ("Ana rejected it; Ben agreed", ["Ana rejected it", "Ben agreed"]),
        ("Ana rejected it, but Ben agreed", ["Ana rejected it", "Ben agreed"]),
        ("Ana rejected it but Ben agreed", ["Ana rejected it", "Ben agreed"]),
        ("Ana denied it and blamed Ben", ["Ana denied it", "blamed Ben"]),
        ("Ana and Ben met", ["Ana and Ben met"]),
        ("Ana seized 2,000 kilos – a record", ["Ana seized 2,000 kilos", "a record"]),
        ("Ana (the chief) spoke: “No”", ["Ana", "the chief) spoke", "", "No", ""]),
        ("The U.S. envoy spoke in 2019–2020", ["The U.S. envoy spoke in 2019–2020"]),
    ],
)
def test_boundaries(text, expected):
    assert _ends(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ana, the chief, and Ben met; Cy left", ["Ana, the chief, and Ben met", "Cy left"]),
        ("Ana said it, while Ben said no", ["Ana said it", "Ben said no"]),
        ("Ana said it while Ben said no", ["Ana said it while Ben said no"]),
    ],
)
def test_strong_boundaries(text, expected):
    assert _ends(text, strong_only=True) == expected


def test_start_and_end_of_a_clause():
    text = "Ana left, but Ben accused Cy of lying, and Dee agreed"
    rule = clause_rule()
    accused = text.index("accused")
    assert text[rule.start(text, 0, accused):rule.end(text, accused, len(text))] == "Ben accused Cy of lying"
    assert rule.start(text, 0, accused, strong_only=True) == text.index("Ben")
    assert rule.end(text, accused, len(text), strong_only=True) == len(text)


def test_the_agent_does_not_cross_a_strong_boundary():
    frame = extract("Mexico City waited, but the State Department accused Beijing of lying.")
    assert keys(frame) == {("us_state", "cn_gov", "accuse", "reported")}


def test_a_denial_cancels_the_claim_in_its_clause_only():
    frame = extract("Beijing denied that it supplies the cartels, and accused Washington of hypocrisy.")
    assert keys(frame) == {("cn_gov", "us_gov", "deny", "reported"),
                           ("cn_gov", "us_gov", "accuse", "reported")}


def test_a_dismissed_threat_was_still_made():
    frame = extract("Beijing shrugged off the threat by Washington to impose tariffs on China.")
    assert ("cn_gov", "us_gov", "deny", "reported") in keys(frame)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # joint action against a third party: each side acts on it
        ("Washington and Mexico City deepened their cooperation against the drug cartels.",
         {("us_gov", "cartels", "threaten", "reported"), ("mx_gov", "cartels", "threaten", "reported"),
          ("us_gov", "mx_gov", "cooperate", "reported"), ("mx_gov", "us_gov", "cooperate", "reported")}),
        ("Paz vowed to dismantle the cartels.", {("pedro_paz", "cartels", "threaten", "reported")}),
        # an absent action is not one
        ("Beijing regretted the lack of action against the cartels.", set()),
        # talks need a verb: the bare noun after a possessive is no statement
        ("Roe held talks with Beijing on the matter.", {("jane_roe", "cn_gov", "cooperate", "reported")}),
        ("Li mentioned Roe's talks with Mexico City.", set()),
        # a nominal accusation answered by a denial targets the denier
        ("Mexico City rejected US allegations of corruption.",
         {("mx_gov", "us", "deny", "reported"), ("us", "mx_gov", "accuse", "reported")}),
    ],
)
def test_joint_action_talks_and_answered_claims(sentence, expected):
    assert keys(extract(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # passive cues: the agent follows "by"
        ("Beijing was accused by Washington of shipping precursors.",
         {("us_gov", "cn_gov", "accuse", "reported")}),
        ("Washington accused Beijing of lying, a claim rejected by Mexico City.",
         {("us_gov", "cn_gov", "accuse", "reported"), ("mx_gov", "us_gov", "deny", "reported")}),
        # a threat reaches a place only as its addressee ("to Mexico"), not as a route ("into the US")
        ("Roe threatened force against those smuggling fentanyl into America.", set()),
        ("Roe threatened to cut aid to the PRC.", {("jane_roe", "cn", "threaten", "reported")}),
        # "contested" is an adjective, no denial
        ("Li flew over the contested island near America.", set()),
    ],
)
def test_passive_agents_threat_places_and_adjectives(sentence, expected):
    assert keys(extract(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # coordinated targets each receive the statement
        ("Roe blamed Beijing and Mexico City for the crisis.",
         {("jane_roe", "cn_gov", "accuse", "reported"), ("jane_roe", "mx_gov", "accuse", "reported")}),
        # the owner of a noun acts through it ("Mexico City's efforts against the cartels")
        ("Roe praised Mexico City's efforts against the cartels.",
         {("jane_roe", "mx_gov", "praise", "reported"), ("mx_gov", "cartels", "threaten", "reported")}),
        # a reduced relative ("a firm accused of …") has no agent
        ("Washington fined a firm accused of helping the cartels.", set()),
    ],
)
def test_coordinated_targets_and_reduced_relatives(sentence, expected):
    assert keys(extract(sentence)) == expected
