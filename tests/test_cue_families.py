"""Cue families (lemmas inflected by lemminflect), open-vocabulary actors and attribution (issue 19).

Every sentence here was written for the tests.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.curation.review import promote_induced
from analysis.ontology import load_ontology
from analysis.resources import data_path
from analysis.text.extract import SentenceSpan, extract_article, inflections
from analysis.text.induce import induce_actors, with_known_surnames
from analysis.text.mentions import MentionFinder
from analysis.text.parse import parse_article
from tests.test_extract import extract, keys

PACKAGE = load_ontology()


def test_inflections_come_from_the_library():
    assert inflections("slam") == ["slamming", "slammed", "slams", "slam"]
    assert inflections("hit back at") == ["hitting back at", "hits back at", "hit back at"]
    assert inflections("accusation", "NOUN") == ["accusations", "accusation"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # headline and criticism verbs
        ("Washington slams Beijing over the chemical shipments.",
         {("us_gov", "cn_gov", "accuse", "reported")}),
        ("The State Department lambasted Mexico City for its weak border checks.",
         {("us_state", "mx_gov", "accuse", "reported")}),
        ("Beijing lashes out at Washington over the overdose figures.",
         {("cn_gov", "us_gov", "accuse", "reported")}),
        # push-back
        ("Mexico City pushes back on the State Department over the cartel report.",
         {("mx_gov", "us_state", "deny", "reported")}),
        ("Beijing fires back at Washington after the hearing.",
         {("cn_gov", "us_gov", "deny", "reported")}),
        # pressure with an infinitive
        ("Washington is pressuring Mexico City to extradite the traffickers.",
         {("us_gov", "mx_gov", "demand", "reported")}),
        # threats of tariffs
        ("Washington slapped new tariffs on Mexico over the drug flows.",
         {("us_gov", "mx", "threaten", "reported")}),
        # cooperation and praise
        ("Mexico City coordinated with Beijing on the seizures.",
         {("mx_gov", "cn_gov", "cooperate", "reported")}),
        ("Beijing lauded Mexico City for the arrests.",
         {("cn_gov", "mx_gov", "praise", "reported")}),
        # appeals
        ("Mexico City seeks Beijing's cooperation on the chemicals.",
         {("mx_gov", "cn_gov", "appeal", "reported")}),
        # nominal forms: the modifier right before the noun is the agent
        ("The Washington accusation against Beijing drew a sharp answer.",
         {("us_gov", "cn_gov", "accuse", "reported")}),
        ("Beijing's pressure on Mexico City grew during the talks.",
         {("cn_gov", "mx_gov", "demand", "reported")}),
    ],
)
def test_cue_families(sentence, expected):
    assert keys(extract(sentence)) == expected


def test_a_nominal_cue_without_a_modifier_is_not_coded():
    assert keys(extract("The accusation against Beijing drew a sharp answer.")) == set()


def test_an_unattributed_quote_is_dropped():
    frame = extract("“The chemicals are coming from China and nobody stops them,” one line reads.")
    assert keys(frame) == set()


def test_a_named_unknown_speaker_is_never_the_narrator():
    assert keys(extract("Tom Baker said that China is the main source of the chemicals.")) == set()


def _package_extract(body: str):
    text = "A headline written for the tests here\n\n" + body
    article = parse_article("t2", text, "0" * 64)
    spans = [SentenceSpan(i, s.paragraph_no, s.start, s.end) for i, s in enumerate(article.sentences, 1)]
    return extract_article("t2", text, spans, "reuters", PACKAGE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mexican President Elena Vargas spoke.", ("Elena Vargas", "mx_presidency", "organisation")),
        ("Sen. Walter Brinkley spoke.", ("Walter Brinkley", "us_congress", "title")),
        ("Walter Brinkley (R-Iowa) spoke.", ("Walter Brinkley", "us_congress", "party")),
        ("Zhou Ming, China's foreign ministry spokesperson, spoke.", ("Zhou Ming", "cn_foreign_ministry",
                                                                     "appositive")),
    ],
)
def test_induced_actors(text, expected):
    actors, _ = induce_actors(text, MentionFinder(PACKAGE).find(text), PACKAGE)
    assert [(a.name, a.office, a.cue) for a in actors] == [expected]


def test_induced_person_speaks_and_is_linked_by_surname():
    frame = _package_extract("Mexican President Elena Vargas met reporters on Monday.\n"
                             "Vargas accused Washington of ignoring the gun trade.")
    assert {(r.speaker, r.target, r.relation) for r in frame.itertuples()} == {
        ("mx_presidency", "us_gov", "accuse")}


def test_promote_induced_adds_persons_under_their_office(tmp_path):
    induced = pd.DataFrame([("a1", "Elena Vargas", "mx_presidency", "MX", "organisation", "x", 0, 5, 2)],
                           columns=["article_id", "name", "office", "bloc", "cue", "evidence", "start", "end",
                                    "n"])
    out = tmp_path / "actors.csv"
    assert promote_induced(induced, data_path("actors.csv"), out) == 1
    grown = load_ontology(out)
    assert grown.get("elena_vargas").parent_id == "mx_presidency"
    assert grown.alias_owner["vargas"] == "elena_vargas"


def test_pronouns_take_the_last_person_of_their_gender():
    body = ("Kristi Noem met Marcelo Ebrard in Mexico City.\n"
            "She accused China of shipping precursors.\n"
            "He rejected the accusation.")
    frame = _package_extract(body)
    assert {(r.speaker, r.target, r.relation) for r in frame.itertuples()} == {
        ("kristi_noem", "marcelo_ebrard", "cooperate"), ("marcelo_ebrard", "kristi_noem", "cooperate"),
        ("kristi_noem", "cn", "accuse"), ("marcelo_ebrard", "kristi_noem", "deny")}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # "counter" is no denial when it means fighting trafficking
        ("Washington said it will counter drug trafficking by Beijing.", set()),
        # "X wants to designate …" is X's own plan, not a demand on anyone
        ("Roe wants to punish the cartels.", {("jane_roe", "cartels", "threaten", "reported")}),
        # stopping chemicals from reaching a country does not say they come from it
        ("Mexico City worked to stop the chemicals from reaching America.", set()),
        # "we must work together" in a quote: a call for joint work with the side named, no self-demand
        ("“We must work together with Washington,” Paz said.",
         {("pedro_paz", "us_gov", "cooperate", "quote")}),
    ],
)
def test_precision_rules(sentence, expected):
    assert keys(extract(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a dispute between countries: each side accuses the other
        ("The PRC tightened its rules amid a dispute with America.",
         {("cn", "us", "accuse", "reported"), ("us", "cn", "accuse", "reported")}),
        # help offered or given to another side
        ("Beijing agreed to help Washington.", {("cn_gov", "us_gov", "cooperate", "reported")}),
        ("Beijing firmly supports Mexico City.", {("cn_gov", "mx_gov", "cooperate", "reported")}),
        ("Paz asked for the help of Washington.", {("pedro_paz", "us_gov", "appeal", "reported")}),
        # cooperation withheld or broken off is a threat
        ("Beijing won’t cooperate with Washington any more.", {("cn_gov", "us_gov", "threaten", "reported")}),
        ("Beijing will no longer cooperate with Washington.", {("cn_gov", "us_gov", "threaten", "reported")}),
        ("Beijing did not help Washington.", set()),
        ("Beijing suspended its counternarcotics cooperation with Washington.",
         {("cn_gov", "us_gov", "threaten", "reported")}),
        # a warning of tariffs or force addressed to a side; a warning of dangers is no threat
        ("Roe warned Mexico City that tariffs would follow.",
         {("jane_roe", "mx_gov", "threaten", "reported")}),
        ("Roe warned Mexico City about the dangers of the drug.", set()),
        # a shared responsibility, a problem owned by a side
        ("Paz said America shares responsibility for the crisis.",
         {("pedro_paz", "us", "accuse", "reported")}),
        ("Li said the crisis is a problem of America itself.", {("li_wei", "us", "accuse", "reported")}),
        # easing tariffs on a side; a designation of a long list of cartels; seeking coordination with a side
        ("Roe expects to lower tariffs on Beijing.", {("jane_roe", "cn_gov", "cooperate", "reported")}),
        ("Washington will designate the cartels, the gangs, the rings and others as terrorist groups.",
         {("us_gov", "cartels", "threaten", "reported")}),
        ("Paz seeks to strengthen U.S. coordination.", {("pedro_paz", "us", "appeal", "reported")}),
        # an agreement between two sides; a speaker vouching for a partnership
        ("The security agreement between Beijing and Washington holds.",
         {("cn_gov", "us_gov", "cooperate", "reported"), ("us_gov", "cn_gov", "cooperate", "reported")}),
        ("“There is good coordination with Washington,” Paz said.",
         {("pedro_paz", "us_gov", "praise", "quote")}),
        # lawsuits and shows of force
        ("Mexico City may sue American gun makers.", {("mx_gov", "us", "threaten", "reported")}),
        ("The lawsuit Mexico City filed against American gun makers goes on.",
         {("mx_gov", "us", "threaten", "reported")}),
        ("Mexico City said it would sue for damages.", set()),
        ("Beijing staged a show of force against Washington.",
         {("cn_gov", "us_gov", "threaten", "reported")}),
        # retaliation announced against a side
        ("Beijing vowed countermeasures against the new American tariffs.",
         {("cn_gov", "us", "threaten", "reported")}),
        # enforcement against traffickers; a passive without "by" names no agent
        ("Mexico City indicted the chemical companies.", {("mx_gov", "suppliers", "threaten", "reported")}),
        ("Li was sentenced, while the cartels were charged.", set()),
    ],
)
def test_cooperation_help_refusal_and_enforcement(sentence, expected):
    assert keys(extract(sentence)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a nominal accusation: its possessive modifier accuses; answered by a denial, it targets the denier
        ("Claudia Sheinbaum rejected Donald Trump's accusation that her government is allied with cartels.",
         {("claudia_sheinbaum", "donald_trump", "deny"), ("donald_trump", "claudia_sheinbaum", "accuse")}),
        ("Mexico rejected US accusations that it protects cartels.",
         {("mx", "us", "deny"), ("us", "mx", "accuse")}),
        # a tariff on goods from a country targets that country
        ("Donald Trump threatened to impose tariffs on imports from Mexico.",
         {("donald_trump", "mx", "threaten")}),
    ],
)
def test_nominal_modifiers_and_answered_accusations(body, expected):
    assert {(r.speaker, r.target, r.relation) for r in _package_extract(body).itertuples()} == expected


def test_speech_verbs_are_every_inflection_of_their_lemmas():
    from analysis.text.speakers import _lexicon

    speech = _lexicon()["speech"]
    for form in ("conceded", "concedes", "conceding", "tweeted", "retorted", "cautions", "points out",
                 "pointed  out", "says", "said", "saying", "suggested", "reported"):
        assert speech.fullmatch(form), form
    for noun in ("note", "claim", "comment", "promise", "report", "Said"):
        assert not speech.fullmatch(noun), noun


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Roe conceded that Beijing is the main source of the precursors.",
         {("jane_roe", "cn_gov", "accuse", "reported")}),
        ("Paz retorted that America is to blame for the crisis.",
         {("pedro_paz", "us", "accuse", "reported")}),
    ],
)
def test_speech_verb_lemmas_attribute_claims(sentence, expected):
    assert keys(extract(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a call for dialogue with a side named after it is an appeal
        ("Paz called for dialogue, not confrontation, with Washington.",
         {("pedro_paz", "us_gov", "appeal", "reported")}),
        # openness to cooperation with a side
        ("Li said Beijing remains open to continuing such cooperation with Washington.",
         {("cn_gov", "us_gov", "cooperate", "reported")}),
        # praise of a meeting: its subject praises the other side named
        ("Roe described her meeting with Paz as productive.",
         {("jane_roe", "pedro_paz", "praise", "reported")}),
        # what cartels do to institutions is wrongdoing
        ("Paz said the cartels infiltrated the customs agency.",
         {("pedro_paz", "cartels", "accuse", "reported")}),
    ],
)
def test_appeals_openness_praise_and_cartel_wrongdoing(sentence, expected):
    assert keys(extract(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # talks about something with a side, and views exchanged
        ("Paz is in talks about the shipments with Beijing.",
         {("pedro_paz", "cn_gov", "cooperate", "reported")}),
        ("Roe exchanged views with Li.", {("jane_roe", "li_wei", "cooperate", "reported")}),
        # cooperation between two sides, by their organisations when no country is named
        ("The collaboration between Beijing and Washington grew.",
         {("cn_gov", "us_gov", "cooperate", "reported"), ("us_gov", "cn_gov", "cooperate", "reported")}),
        # obstructed cooperation is none
        ("Tensions stymied any cooperation between Beijing and Washington.", set()),
        # readiness to cooperate with a side
        ("Roe expressed readiness to step up cooperation with Beijing.",
         {("jane_roe", "cn_gov", "cooperate", "reported")}),
    ],
)
def test_talks_mutual_cooperation_and_readiness(sentence, expected):
    assert keys(extract(sentence)) == expected


# ---------------------------------------------------------------- round 4: general wording and syntax
ROE_ACCUSES = "Roe accused Beijing of shipping precursors.\n"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # accusations: blame, responsibility, "is behind", "fuels", "failed to", blind eyes, light verbs
        ("Roe blamed Beijing for the surge in overdoses.", {("jane_roe", "cn_gov", "accuse", "reported")}),
        ("Roe said Beijing is behind the flood of precursors.",
         {("jane_roe", "cn_gov", "accuse", "reported")}),
        ("Roe said the chemical companies are behind the shipments.",
         {("jane_roe", "suppliers", "accuse", "reported")}),
        ("Li said American demand fuels the crisis.", {("li_wei", "us", "accuse", "reported")}),
        ("Roe said Mexico City failed to stop the cartels.", {("jane_roe", "mx_gov", "accuse", "reported")}),
        ("Roe said Beijing turns a blind eye to the chemical trade.",
         {("jane_roe", "cn_gov", "accuse", "reported")}),
        ("Roe held Beijing responsible for the deaths.", {("jane_roe", "cn_gov", "accuse", "reported")}),
        ("Li said Washington bears responsibility for its own crisis.",
         {("li_wei", "us_gov", "accuse", "reported")}),
        ("Roe made accusations that Beijing ships precursors to the cartels.",
         {("jane_roe", "cn_gov", "accuse", "reported")}),
        ("Roe charged that Beijing ships precursors to the cartels.",
         {("jane_roe", "cn_gov", "accuse", "reported")}),
        ("Roe said Beijing exports most of the precursors.", {("jane_roe", "cn_gov", "accuse", "reported")}),
        ("Paz put the blame squarely on Washington.", {("pedro_paz", "us_gov", "accuse", "reported")}),
        ("Li criticized Washington's failure to stop the overdoses.",
         {("li_wei", "us_gov", "accuse", "reported")}),
        ("Washington has long complained that Beijing is becoming a major source of the chemicals.",
         {("us_gov", "cn_gov", "accuse", "reported")}),
        # praise: thanks, welcome, applause, gratitude, recognition, partners, positive steps
        ("Paz thanked Washington for its help with the seizures.",
         {("pedro_paz", "us_gov", "praise", "reported")}),
        ("Beijing welcomed the decision by Washington.", {("cn_gov", "us_gov", "praise", "reported")}),
        ("Roe applauded Beijing's new controls on the chemicals.",
         {("jane_roe", "cn_gov", "praise", "reported")}),
        ("Roe called Mexico City a good partner in the fight.",
         {("jane_roe", "mx_gov", "praise", "reported")}),
        ("Roe welcomed the arrests, calling Mexico City a key ally.",
         {("jane_roe", "mx_gov", "praise", "reported")}),
        ("Roe said Mexico City has been a reliable partner.", {("jane_roe", "mx_gov", "praise", "reported")}),
        ("Paz said the move by Beijing was a positive step.",
         {("pedro_paz", "cn_gov", "praise", "reported")}),
        ("Paz said he is grateful to Washington for the help.",
         {("pedro_paz", "us_gov", "praise", "reported")}),
        ("Roe recognized the efforts of Mexico City against the traffickers.",
         {("jane_roe", "mx_gov", "praise", "reported")}),
        ("Roe's praise for Mexico City surprised the diplomats.",
         {("jane_roe", "mx_gov", "praise", "reported")}),
        ("Roe said the move by Beijing was “an important step” for the two governments.",
         {("jane_roe", "cn_gov", "praise", "reported")}),
        ("Paz expressed confidence that Beijing will help.", {("pedro_paz", "cn_gov", "praise", "reported")}),
        ("Roe said Mexico City played a key role in the arrests.",
         {("jane_roe", "mx_gov", "praise", "reported")}),
        ("The cartels played a central role in the trade.", set()),
        # a side's own record, in its own words
        ("Li said the Chinese government attaches great importance to the fight against drugs.",
         {("li_wei", "cn_gov", "praise", "reported")}),
        ("Li said Beijing maintains a zero-tolerance attitude towards drugs.",
         {("li_wei", "cn_gov", "praise", "reported")}),
        # giving in to a side's demands is cooperation with it
        ("Beijing heeds Washington's demands on the chemicals.",
         {("cn_gov", "us_gov", "cooperate", "reported")}),
        # appeals: a demand whose complement is cooperation, calls for dialogue, invitations
        ("Paz urged Washington and Beijing to work together.",
         {("pedro_paz", "us_gov", "appeal", "reported"), ("pedro_paz", "cn_gov", "appeal", "reported")}),
        ("Washington and Beijing traded tariffs.\nThe UN urged both sides to resume dialogue.",
         {("un", "us", "appeal", "reported"), ("un", "cn", "appeal", "reported")}),
        ("Li called on Washington to return to dialogue.", {("li_wei", "us_gov", "appeal", "reported")}),
        ("Roe asked Beijing to cooperate on the chemicals.", {("jane_roe", "cn_gov", "appeal", "reported")}),
        ("Paz appealed to Beijing to help stop the shipments.",
         {("pedro_paz", "cn_gov", "appeal", "reported")}),
        ("Beijing invited Mexico City to join the initiative.", {("cn_gov", "mx_gov", "appeal", "reported")}),
        ("Roe urged Beijing to stop the shipments.", {("jane_roe", "cn_gov", "demand", "reported")}),
        # threats: vows, warnings, tariffs, sanctions, designations, lists
        ("Roe warned she would impose sanctions on Beijing.",
         {("jane_roe", "cn_gov", "threaten", "reported")}),
        ("Washington will impose a 25% tariff on Beijing.", {("us_gov", "cn_gov", "threaten", "reported")}),
        ("Roe vowed to designate the cartels as terrorists.",
         {("jane_roe", "cartels", "threaten", "reported")}),
        ("Washington's designation of the cartels as terrorist organizations angered Mexico City.",
         {("us_gov", "cartels", "threaten", "reported")}),
        ("Washington added the chemical companies to the entity list.",
         {("us_gov", "suppliers", "threaten", "reported")}),
        ("Beijing vowed to retaliate against Washington.", {("cn_gov", "us_gov", "threaten", "reported")}),
        ("Li warned Washington against imposing new tariffs.",
         {("li_wei", "us_gov", "threaten", "reported")}),
        # denials: rejected, dismissed, baseless, groundless, no evidence, nothing to do with
        ("Beijing dismissed the accusations from Washington as baseless.",
         {("cn_gov", "us_gov", "deny", "reported")}),
        ("Li called the claims by Washington groundless.", {("li_wei", "us_gov", "deny", "reported")}),
        ("Beijing categorically rejected the allegations by Washington.",
         {("cn_gov", "us_gov", "deny", "reported")}),
        (ROE_ACCUSES + "Li said there is no evidence for the claim.",
         {("jane_roe", "cn_gov", "accuse", "reported"), ("li_wei", "jane_roe", "deny", "reported")}),
        (ROE_ACCUSES + "Li said the accusations were baseless.",
         {("jane_roe", "cn_gov", "accuse", "reported"), ("li_wei", "jane_roe", "deny", "reported")}),
        (ROE_ACCUSES + "Li said Beijing has nothing to do with the trade.",
         {("jane_roe", "cn_gov", "accuse", "reported"), ("li_wei", "jane_roe", "deny", "reported")}),
        (ROE_ACCUSES + "Li said Beijing bears no responsibility for the crisis.",
         {("jane_roe", "cn_gov", "accuse", "reported"), ("li_wei", "jane_roe", "deny", "reported")}),
        ("The State Department said Beijing was responsible for the crisis, a claim Li called baseless.",
         {("us_state", "cn_gov", "accuse", "reported"), ("li_wei", "us_state", "deny", "reported")}),
        # cooperation: agreements, shared intelligence, joint bodies, calls
        ("Beijing and Mexico City agreed to share intelligence.",
         {("cn_gov", "mx_gov", "cooperate", "reported"), ("mx_gov", "cn_gov", "cooperate", "reported")}),
        ("Beijing will share intelligence with Mexico City.",
         {("cn_gov", "mx_gov", "cooperate", "reported")}),
        ("Washington and Mexico City launched a joint task force.",
         {("us_gov", "mx_gov", "cooperate", "reported"), ("mx_gov", "us_gov", "cooperate", "reported")}),
        ("Roe held a phone call with Paz about the shipments.",
         {("jane_roe", "pedro_paz", "cooperate", "reported")}),
    ],
)
def test_round4_families(sentence, expected):
    assert keys(extract(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # coordination and apposition
        ("Roe accused Beijing and Mexico City of ignoring the trade.",
         {("jane_roe", "cn_gov", "accuse", "reported"), ("jane_roe", "mx_gov", "accuse", "reported")}),
        ("Roe, the top diplomat, accused Beijing of ignoring the trade.",
         {("jane_roe", "cn_gov", "accuse", "reported")}),
        ("Roe criticized Beijing for its weak controls, and Paz blamed Washington for the guns.",
         {("jane_roe", "cn_gov", "accuse", "reported"), ("pedro_paz", "us_gov", "accuse", "reported")}),
        # reported speech: "according to X", "X said in a statement", an opening phrase, an apposition
        ("Beijing is to blame for the crisis, according to Roe.",
         {("jane_roe", "cn_gov", "accuse", "reported")}),
        ("Beijing is fueling the crisis, Roe said in a statement.",
         {("jane_roe", "cn_gov", "accuse", "reported")}),
        ("In a statement, Roe said Beijing had failed to stop the shipments.",
         {("jane_roe", "cn_gov", "accuse", "reported")}),
        ("Paz, speaking in Beijing, said Washington must do more to stop the guns.",
         {("pedro_paz", "us_gov", "demand", "reported")}),
        ("“Beijing is behind this,” Roe said.", {("jane_roe", "cn_gov", "accuse", "quote")}),
        # a quote right after the previous quote's attribution keeps its speaker
        ("“We do our part and they must do theirs,” Paz said at his press conference. “There is good "
         "coordination with Washington.”", {("pedro_paz", "us_gov", "praise", "quote")}),
        # a passive's agent after "by officials in X"; the subject's owner when it has no subject
        ("The new controls by Beijing will be welcomed by officials in Washington.",
         {("us_gov", "cn_gov", "praise", "reported")}),
        ("Beijing was criticized by senior officials in Mexico City.",
         {("mx_gov", "cn_gov", "accuse", "reported")}),
        # a visible speaker of no known side is never the narrator
        ("Officials said Beijing is the main source of the precursors.", set()),
        ("Beijing is the main source of the precursors, authorities said.", set()),
        ("Officials in Washington said Beijing is the main source of the precursors.",
         {("us_gov", "cn_gov", "accuse", "reported")}),
        # headline form "X: Y is to blame"
        ("Roe: Beijing is to blame for the overdose crisis.", {("jane_roe", "cn_gov", "accuse", "reported")}),
    ],
)
def test_round4_syntax(sentence, expected):
    assert keys(extract(sentence)) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Washington was behind schedule on the report.",  # "behind schedule" is no accusation
        "Li called on Washington to stop spreading rumours.",  # "call on" is no dismissal
        "The talks failed to produce an agreement.",  # failing at something else is no accusation
    ],
)
def test_round4_precision(sentence):
    assert {k[2] for k in keys(extract(sentence))} <= {"demand"}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # criticism, pressure and threats received: the actor after the cue acts on the subject
        ("Beijing faces accusations from Washington over the chemical trade.",
         {("us_gov", "cn_gov", "accuse", "reported")}),
        ("Mexico City is under growing pressure from Washington.",
         {("us_gov", "mx_gov", "demand", "reported")}),
        # naming the culprit, doing too little, doubts and concerns, judgements of a side's efforts
        ("Roe pointed to Beijing as the main source of the chemicals.",
         {("jane_roe", "cn_gov", "accuse", "reported")}),
        ("Roe said Beijing has done little to stop the exports.",
         {("jane_roe", "cn_gov", "accuse", "reported")}),
        ("Roe said Mexico City has not done enough to stop the cartels.",
         {("jane_roe", "mx_gov", "accuse", "reported")}),
        ("Roe questioned Beijing's commitment to the fight.", {("jane_roe", "cn_gov", "accuse", "reported")}),
        ("Roe raised concerns about Beijing's export controls.",
         {("jane_roe", "cn_gov", "accuse", "reported")}),
        ("Roe said Beijing's efforts were insufficient.", {("jane_roe", "cn_gov", "accuse", "reported")}),
        ("Roe called Mexico City's response inadequate.", {("jane_roe", "mx_gov", "accuse", "reported")}),
        # diplomatic protest, opposition, bad faith
        ("Beijing expressed strong dissatisfaction with Washington.",
         {("cn_gov", "us_gov", "accuse", "reported")}),
        ("Beijing lodged a protest with Washington over the tariffs.",
         {("cn_gov", "us_gov", "accuse", "reported")}),
        ("Beijing opposes the tariffs imposed by Washington.", {("cn_gov", "us_gov", "accuse", "reported")}),
        ("Li said Washington was using fentanyl as a pretext to pressure Beijing.",
         {("li_wei", "us_gov", "accuse", "reported")}),
        ("Li said Washington's accusations are an attempt to shift blame.",
         {("li_wei", "us_gov", "accuse", "reported")}),
        # sanctions under consideration; talks resumed; encouragement
        ("Washington is considering sanctions against the cartels.",
         {("us_gov", "cartels", "threaten", "reported")}),
        ("Beijing and Washington resumed counternarcotics talks.",
         {("cn_gov", "us_gov", "cooperate", "reported"), ("us_gov", "cn_gov", "cooperate", "reported")}),
        ("Roe said she was encouraged by Beijing's steps.", {("jane_roe", "cn_gov", "praise", "reported")}),
        # attribution: a relative clause after the speaker, a participle continuing the subject's speech,
        # and "said X" only when the name ends the sentence
        ("Paz, who spoke after the meeting, said Washington must stop the guns.",
         {("pedro_paz", "us_gov", "demand", "reported")}),
        ("Li rejected the report, saying the crisis is a problem of America itself.",
         {("li_wei", "us", "accuse", "reported"), ("li_wei", "us", "deny", "reported")}),
        ("Beijing is the main source, said Roe in an interview with reporters.",
         {("jane_roe", "cn_gov", "accuse", "reported")}),
    ],
)
def test_round4_received_judged_and_attributed(sentence, expected):
    assert keys(extract(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # what a demand asks the target to stop is the demander's accusation
        ("Beijing urged Washington to stop shifting the blame.",
         {("cn_gov", "us_gov", "demand", "reported"), ("cn_gov", "us_gov", "accuse", "reported")}),
        ("Li said Washington should reflect on its own problems.",
         {("li_wei", "us_gov", "demand", "reported")}),
        # a country run by the cartels
        ("Roe said Mexico City is “run by the cartels”.", {("jane_roe", "mx_gov", "accuse", "reported")}),
        ("Roe said the cartels control Mexico City.", {("jane_roe", "mx_gov", "accuse", "reported")}),
        # an offer without an object is made to the side told of it; with nobody told, nothing is coded
        ("Li told Roe that Beijing was willing to cooperate on the chemicals.",
         {("cn_gov", "jane_roe", "cooperate", "reported")}),
        ("Roe said Beijing agreed to curb the exports.", set()),
    ],
)
def test_round4_requests_and_offers(sentence, expected):
    assert keys(extract(sentence)) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Roe: Beijing is to blame for the crisis", {("jane_roe", "cn_gov", "accuse", "reported")}),
        ("Beijing urges Washington to stop shifting blame",
         {("cn_gov", "us_gov", "demand", "reported"), ("cn_gov", "us_gov", "accuse", "reported")}),
        ("Roe blames Beijing, Mexico City for overdose deaths",
         {("jane_roe", "cn_gov", "accuse", "reported"), ("jane_roe", "mx_gov", "accuse", "reported")}),
        ("Beijing calls Washington claims groundless", {("cn_gov", "us_gov", "deny", "reported")}),
    ],
)
def test_round4_headlines(title, expected):
    assert keys(extract("The body says nothing of note here.", title=title)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # harm to a people; origins "out of" a side; "not only" is no negation
        ("Roe said Beijing is poisoning Americans.", {("jane_roe", "cn_gov", "accuse", "reported")}),
        ("Roe said the cartels are killing our kids.", {("jane_roe", "cartels", "accuse", "reported")}),
        ("Roe said the drugs are coming out of Mexico City.", {("jane_roe", "mx_gov", "accuse", "reported")}),
        ("Li said the chemicals not only come from America but also from others.",
         {("li_wei", "us", "accuse", "reported")}),
        # failing commitments, cooperation withheld
        ("Roe said Beijing failed to meet its commitments.", {("jane_roe", "cn_gov", "accuse", "reported")}),
        ("Roe said Beijing was withholding cooperation.", {("jane_roe", "cn_gov", "accuse", "reported")}),
        # a side's own trade named by its modifier; without the modifier, nothing
        ("Mexican production of fentanyl rose sharply last year.", {("daily", "mx", "accuse", "narrator")}),
        ("Roe said Chinese-made fentanyl is flooding the streets.",
         {("jane_roe", "cn", "accuse", "reported")}),
        ("Roe warned about Chinese exports of precursors.", {("jane_roe", "cn", "accuse", "reported")}),
        ("The production of fentanyl rose sharply last year.", set()),
    ],
)
def test_round4_harm_origin_and_owner(sentence, expected):
    assert keys(extract(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # appeals: calls for cooperation between sides, requests for help, needing help, hoping for help
        ("Li called for closer cooperation between Beijing and Washington.",
         {("li_wei", "us_gov", "appeal", "reported")}),
        ("The UN called on Washington and Beijing to cooperate.",
         {("un", "cn_gov", "appeal", "reported"), ("un", "us_gov", "appeal", "reported")}),
        ("Paz asked Washington for more help against the cartels.",
         {("pedro_paz", "us_gov", "appeal", "reported")}),
        ("Paz sought assistance from Beijing on the chemicals.",
         {("pedro_paz", "cn_gov", "appeal", "reported")}),
        ("Paz requested Beijing's support in tracking the shipments.",
         {("pedro_paz", "cn_gov", "appeal", "reported")}),
        ("“We need Washington's help,” Paz said.", {("pedro_paz", "us_gov", "appeal", "quote")}),
        ("Paz wrote to Li asking for help with the chemicals.",
         {("pedro_paz", "li_wei", "appeal", "reported")}),
        ("Paz appealed for cooperation from Beijing.", {("pedro_paz", "cn_gov", "appeal", "reported")}),
        ("Paz hopes Washington will help stop the guns.", {("pedro_paz", "us_gov", "appeal", "reported")}),
        ("Li expressed hope that Washington would meet Beijing halfway.",
         {("li_wei", "us_gov", "appeal", "reported")}),
        # joint work asked for: of the other side only; cooperation after "needs to" is asked, not done
        ("Li said Beijing and Washington should work together.",
         {("li_wei", "us_gov", "appeal", "reported")}),
        ("Roe said Beijing needs to work with Washington.", {("jane_roe", "cn_gov", "appeal", "reported")}),
    ],
)
def test_round4_appeals(sentence, expected):
    assert keys(extract(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # judgements of what a side is or does
        ("Roe said Beijing was responsible.", {("jane_roe", "cn_gov", "accuse", "reported")}),
        ("Roe said Mexico City has become a haven for traffickers.",
         {("jane_roe", "mx_gov", "accuse", "reported")}),
        ("Roe said Beijing ignores the flow of chemicals.", {("jane_roe", "cn_gov", "accuse", "reported")}),
        ("Roe said Mexico City was complicit in the trade.", {("jane_roe", "mx_gov", "accuse", "reported")}),
        ("Roe called Beijing a threat to the region.", {("jane_roe", "cn_gov", "accuse", "reported")}),
        ("Roe warned that the cartels pose a grave threat.", {("jane_roe", "cartels", "accuse", "reported")}),
        ("Roe said Mexico City is a narco-state.", {("jane_roe", "mx_gov", "accuse", "reported")}),
        ("Roe said the chemical companies were lying.", {("jane_roe", "suppliers", "accuse", "reported")}),
        ("Roe laid the blame at Beijing's door.", {("jane_roe", "cn_gov", "accuse", "reported")}),
        # headline and criticism verbs
        ("Washington raps Beijing over the chemical shipments.",
         {("us_gov", "cn_gov", "accuse", "reported")}),
        ("Roe assailed Mexico City over the violence.", {("jane_roe", "mx_gov", "accuse", "reported")}),
        # "go after" the traffickers is no accusation of them
        ("Roe wants Mexico City to go after the traffickers.",
         {("jane_roe", "mx_gov", "demand", "reported")}),
        # tariffs aimed at a side, notice, ultimatums
        ("Washington will hit Mexico City with steep tariffs.",
         {("us_gov", "mx_gov", "threaten", "reported")}),
        ("Roe put Beijing on notice over the shipments.", {("jane_roe", "cn_gov", "threaten", "reported")}),
        ("Washington issued an ultimatum to Mexico City.", {("us_gov", "mx_gov", "threaten", "reported")}),
        # rebuttals and lies
        ("Li countered that Washington had ignored its own demand.",
         {("li_wei", "us_gov", "deny", "reported")}),
        (ROE_ACCUSES + "Li called the accusation a lie.",
         {("jane_roe", "cn_gov", "accuse", "reported"), ("li_wei", "jane_roe", "deny", "reported")}),
    ],
)
def test_round4_judgements_and_threats(sentence, expected):
    assert keys(extract(sentence)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # "It" opening a sentence is the last sentence's subject when that is an organisation or a country
        ("Beijing rejected the report.\nIt said Washington is to blame for the crisis.",
         {("cn_gov", "us_gov", "accuse", "reported")}),
        ("Beijing rejected the report. It also accused Washington of ignoring the guns.",
         {("cn_gov", "us_gov", "accuse", "reported")}),
        # an expletive "it" is nobody; an unresolved "it" or "they" speaking is never the narrator
        ("Beijing rejected the report. It is unclear whether Washington is to blame for the crisis.",
         {("daily", "us_gov", "accuse", "narrator")}),
        ("Paz and Roe arrived late. It said Washington is to blame for the crisis.", set()),
        ("Paz and Roe arrived late. They said Washington is to blame for the crisis.", set()),
    ],
)
def test_round4_it_subject(body, expected):
    assert keys(extract(body)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # reported speech in news form, with the package ontology
        ("According to a statement from the Chinese embassy, Washington is to blame for the crisis.",
         {("cn_embassy_mx", "us_gov", "accuse")}),
        ("The Chinese embassy, in a statement, said Washington was shifting the blame.",
         {("cn_embassy_mx", "us_gov", "accuse")}),
        ("“Mexico has not done enough,” Trump wrote on social media.", {("donald_trump", "mx", "accuse")}),
        ("In a post on X, Trump said China was flooding the country with fentanyl.",
         {("donald_trump", "cn", "accuse")}),
        ("Speaking to reporters on Monday, Rubio praised Mexico for the extraditions.",
         {("marco_rubio", "mx", "praise")}),
        ("Sheinbaum told reporters that the United States should take care of its own consumption.",
         {("claudia_sheinbaum", "us", "demand")}),
        ("The State Department said in its annual report that China remains the main source of precursors.",
         {("us_state_dept", "cn", "accuse")}),
    ],
)
def test_round4_news_attribution(sentence, expected):
    frame = _package_extract(sentence)
    assert {(r.speaker, r.target, r.relation) for r in frame.itertuples()} == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # nominal demands, cooperation and denials: the modifier right before the noun acts
        ("Washington's demand that Mexico City stop the flow angered Paz.",
         {("us_gov", "mx_gov", "demand", "reported")}),
        ("American cooperation with Mexico City has grown.", {("us", "mx_gov", "cooperate", "reported")}),
        ("The cooperation with Mexico City has grown.", set()),
        (ROE_ACCUSES + "Beijing's rejection of the claims was swift.",
         {("jane_roe", "cn_gov", "accuse", "reported"), ("cn_gov", "jane_roe", "deny", "reported")}),
    ],
)
def test_round4_nominal_forms(sentence, expected):
    assert keys(extract(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # generic names of trafficking groups and precursor suppliers
        ("Mexico arrested dozens of cartel members last week.", {("mx", "cartels", "threaten")}),
        ("The United States sanctioned three Chinese chemical firms.", {("us", "suppliers", "threaten")}),
    ],
)
def test_round4_generic_group_names(sentence, expected):
    frame = _package_extract(sentence)
    assert {(r.speaker, r.target, r.relation) for r in frame.itertuples()} == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # speaking well of a side, progress made, a job well done, good relations
        ("Roe spoke highly of Mexico City.", {("jane_roe", "mx_gov", "praise", "reported")}),
        ("Roe paid tribute to Beijing's efforts.", {("jane_roe", "cn_gov", "praise", "reported")}),
        ("Roe said Mexico City had made real progress.", {("jane_roe", "mx_gov", "praise", "reported")}),
        ("Roe said Mexico City has done a great job.", {("jane_roe", "mx_gov", "praise", "reported")}),
        ("Roe said Beijing was cooperating closely.", {("jane_roe", "cn_gov", "praise", "reported")}),
        ("“Relations with Washington are excellent,” Paz said.",
         {("pedro_paz", "us_gov", "praise", "quote")}),
    ],
)
def test_round4_more_praise(sentence, expected):
    assert keys(extract(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # force not ruled out; a military threat reaches a place named right after it, not a route
        ("Roe said Washington would not rule out military strikes in Mexico City.",
         {("us_gov", "mx_gov", "threaten", "reported")}),
        ("Roe backed using military force against those trafficking fentanyl into Mexico City.", set()),
        # support is for the side named right after the verb
        ("Beijing backs Mexico City in the dispute.", {("cn_gov", "mx_gov", "cooperate", "reported")}),
    ],
)
def test_round4_force(sentence, expected):
    assert keys(extract(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a conditional threat is aimed at the side in its condition; the condition itself is no claim
        ("“If Mexico City does not stop the flow, we will impose tariffs,” Roe said.",
         {("jane_roe", "mx_gov", "threaten", "quote")}),
        ("If Beijing fails to act, Washington will impose sanctions.",
         {("us_gov", "cn_gov", "threaten", "reported")}),
        # a condition that presupposes the fact ("if X continues to …") still claims it
        ("Roe said that if Mexico City continues to protect the cartels, Washington will act.",
         {("jane_roe", "mx_gov", "accuse", "reported")}),
    ],
)
def test_round4_conditions(sentence, expected):
    assert keys(extract(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a side's commitment and record in its own words; traffickers called terrorists
        ("Li said Beijing has always been firmly committed to fighting drugs.",
         {("li_wei", "cn_gov", "praise", "reported")}),
        ("Roe said the cartels were terrorists.", {("jane_roe", "cartels", "accuse", "reported")}),
        # a role noun nobody resolved is a speaker, never the narrator; a resolved one speaks
        ("The spokesperson said Beijing is to blame for the crisis.", set()),
        ("Beijing is to blame for the crisis, the official said.", set()),
        ("Li met reporters. The spokesman said Washington is to blame for the crisis.",
         {("li_wei", "us_gov", "accuse", "reported")}),
    ],
)
def test_round4_record_and_role_speakers(sentence, expected):
    assert keys(extract(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # denials answer the side named as answered ("Responding to X"); a coordinated predicate after
        # a that-clause takes the sentence's subject
        ("Responding to Roe, Li said the claims were groundless.",
         {("li_wei", "jane_roe", "deny", "reported")}),
        ("Li denied that Beijing was the source of the chemicals and blamed Washington.",
         {("li_wei", "us_gov", "deny", "reported"), ("li_wei", "us_gov", "accuse", "reported")}),
        # cooperation stepped up, extended, talks held, meetings, evidence handed over
        ("Beijing and Mexico City have stepped up information sharing.",
         {("cn_gov", "mx_gov", "cooperate", "reported"), ("mx_gov", "cn_gov", "cooperate", "reported")}),
        ("Washington extended its cooperation with Mexico City on border security.",
         {("us_gov", "mx_gov", "cooperate", "reported")}),
        ("Washington and Mexico City held high-level security talks in March.",
         {("us_gov", "mx_gov", "cooperate", "reported"), ("mx_gov", "us_gov", "cooperate", "reported")}),
        ("Beijing said it had handed over evidence to Washington.",
         {("cn_gov", "us_gov", "cooperate", "reported")}),
    ],
)
def test_round4_answers_and_cooperation(sentence, expected):
    assert keys(extract(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a meeting between sides is cooperation of each with the other
        ("Rubio met Sheinbaum and de la Fuente on Wednesday.",
         {("marco_rubio", "claudia_sheinbaum", "cooperate", "reported"),
          ("claudia_sheinbaum", "marco_rubio", "cooperate", "reported"),
          ("marco_rubio", "juan_ramon_de_la_fuente", "cooperate", "reported"),
          ("juan_ramon_de_la_fuente", "marco_rubio", "cooperate", "reported")}),
        ("Xi Jinping met with President Joe Biden in California.",
         {("xi_jinping", "joe_biden", "cooperate", "reported"),
          ("joe_biden", "xi_jinping", "cooperate", "reported")}),
        # meeting a demand or a commitment, or meeting reporters, names no side
        ("China must meet its commitments, Rubio said.", set()),
        ("Sheinbaum met reporters in Mexico City.", set()),
        # measures taken against a side, retaliation in kind
        ("Beijing vowed to take forceful measures against Washington.",
         {("cn_gov", "us_gov", "threaten", "reported")}),
        ("Mexico retaliated with tariffs on U.S. goods.", {("mx", "us", "threaten", "reported")}),
        # a passive's agent that carries its article
        ("Beijing was criticized by the State Department for its weak controls.",
         {("us_state_dept", "cn_gov", "accuse", "reported")}),
        # a quotation continuing a reported clause: its subject stands before the quote mark
        ("Trump has said Mexico “is run by the cartels.”", {("donald_trump", "mx", "accuse", "quote")}),
        # "the government" after a named organisation of the same sentence is that organisation
        ("Sheinbaum's office issued a statement.\n\nA spokesperson for China’s foreign ministry said that "
         "the government “is committed to cooperating with Mexico on the chemicals.”",
         {("cn_foreign_ministry", "mx", "cooperate", "quote")}),
        # "them" after the cartels or suppliers of the sentence is that group; other "them" is nobody
        ("Trump spoke about the cartels on Monday, accusing them of causing the deaths of many people.",
         {("donald_trump", "cartels", "accuse", "reported")}),
        ("Mexico seized the pills and destroyed them.", set()),
        # a demand whose addressee opens a quotation
        ("The Global Times urged the “U.S. not to take China’s goodwill for granted.”",
         {("global_times", "us", "demand", "reported")}),
        # harm done by a side, and complicity, in scare quotes too
        ("Trump’s team maintains China is “attacking” the U.S. with fentanyl.",
         {("trump_team", "cn", "accuse", "reported")}),
        ("Sheinbaum said U.S. arms manufacturers would be “accomplices” to terrorism.",
         {("claudia_sheinbaum", "us_arms_industry", "accuse", "reported")}),
        # the subject of a judgement is not inside a prepositional phrase (a passive's agent is)
        ("Rubio said Mexico's extradition of the cartel leaders was an important step.",
         {("marco_rubio", "mx", "praise", "reported")}),
        # recognising a side's efforts, credit deserved
        ("Washington appreciated Beijing's efforts to curb the chemicals.",
         {("us_gov", "cn_gov", "praise", "reported")}),
        ("The DEA said Mexican authorities deserve credit for the arrests.",
         {("dea", "mx_gov", "praise", "reported")}),
        ("Mexico's president acknowledged that cartels had placed people inside the drug regulator.", set()),
    ],
)
def test_round5_families(sentence, expected):
    assert keys(_package_extract(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # an object relative: "whom" before a verb is its object; the agent stands between them, else
        # the reported speaker; "them"/"whom" never speak a quotation
        ("Officials pointed to Chinese suppliers, whom the Justice Department blames for the precursors.",
         {("us_doj", "suppliers", "accuse", "reported")}),
        ("Trump said that Mexico “is governed by the cartels,” whom he accuses of causing the deaths.",
         {("donald_trump", "mx", "accuse", "quote"), ("donald_trump", "cartels", "accuse", "reported")}),
        ("Mexico seized the pills and destroyed them.", set()),
        # a copula may be followed by a partial quotation
        ("The DEA says China is “the main source for all fentanyl-related substances trafficked into "
         "the US”.",
         {("dea", "cn", "accuse", "reported")}),
        # "from X's point of view": X speaks, not the first actor after the phrase
        ("From Beijing’s point of view, the US has failed to curb the demand.",
         {("cn_gov", "us", "accuse", "reported")}),
        # intelligence shared about something with a side
        ("Mexico wants to share intelligence about shipments of the drug with China.",
         {("mx", "cn", "cooperate", "reported")}),
        # a request answered: the requester appealed to the subject
        ("China agreed to help following a request from Donald Trump in 2017.",
         {("cn", "donald_trump", "cooperate", "reported"), ("donald_trump", "cn", "appeal", "reported")}),
        # a side's partners located in it are the side, not a place
        ("“We will work with our partners in Mexico to stop the flow,” Robinson said.",
         {("todd_robinson", "mx", "cooperate", "quote")}),
        ("Roe said the drugs are shipped in Mexico.", set()),
        # meetings and talks between sides named as nouns
        ("The deal came after talks between Mexico and the United States.",
         {("mx", "us", "cooperate", "reported"), ("us", "mx", "cooperate", "reported")}),
        # a concern raised with a side is asked of it
        ("“I raised this issue with the President of China,” López Obrador said.",
         {("amlo", "cn", "appeal", "quote")}),
        # a quotation running on into the next paragraph (no closing mark; the next paragraph reopens
        # it) has the speaker of the next paragraph's quotation
        ("“I raised this issue with the President of China, that we take care of the precursors.\n\n"
         "“The precursors come from China,” López Obrador said.",
         {("amlo", "cn", "appeal", "quote"), ("amlo", "cn", "accuse", "quote")}),
        ("“I raised this issue with the President of China, that we take care of the precursors.\n\n"
         "The precursors come from China, officials said.", set()),
    ],
)
def test_round6_families(sentence, expected):
    assert keys(_package_extract(sentence)) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # threats: designations declared, quotation marks inside tariff and countermeasure wording,
        # attacks launched on a side
        ("Barr wants to declare the cartels “foreign terrorist organizations.”",
         {("bill_barr", "cartels", "threaten", "reported")}),
        ("Graham said he wants to put forward a bill that would designate cartels as terror organizations.",
         {("lindsey_graham", "cartels", "threaten", "reported")}),
        ("Mexico declared a national emergency.", set()),
        ("Trump said on Monday he would impose “an additional 10% tariff, above any additional tariffs” "
         "on imports from China.", {("donald_trump", "cn", "threaten", "reported")}),
        ("China’s foreign ministry issued eight “countermeasures” to the U.S., including breaking off talks.",
         {("cn_foreign_ministry", "us", "threaten", "reported")}),
        ("“We are now going to start ground attacks on the cartels,” Trump said.",
         {("donald_trump", "cartels", "threaten", "quote")}),
        # joint work: "working together to stop", a joint working group named with its sides
        ("The governments of Mexico and China are working together to stop the drugs.",
         {("cn", "mx", "cooperate", "reported"), ("mx", "cn", "cooperate", "reported")}),
        ("A joint U.S.-China counternarcotics working group was recreated.",
         {("cn", "us", "cooperate", "reported"), ("us", "cn", "cooperate", "reported")}),
        # denials: "cannot be the source", an accusation that lacks evidence (its owner is the claimant)
        ("“It cannot be the main source for the United States,” Liu Yuejin said.",
         {("liu_yuejin", "us", "deny", "quote")}),
        ("“The U.S. accusation lacks evidence and is contrary to the facts,” Liu Yuejin told reporters.",
         {("liu_yuejin", "us", "deny", "quote")}),
        # the main cause named
        ("“We believe that the United States itself is the main factor in the abuse of fentanyl there,” "
         "Liu Yuejin said.", {("liu_yuejin", "us", "accuse", "quote")}),
        ("Fentanyl is the main cause of overdose deaths.", set()),
        # a pronoun takes the sentence's own person of its gender, the subject first
        ("Trump renewed his threat of additional tariffs on imports from China.",
         {("donald_trump", "cn", "threaten", "reported")}),
        ("Sheinbaum told Trump she would cooperate with Washington.",
         {("claudia_sheinbaum", "us_gov", "cooperate", "reported")}),
        # a plea for help acknowledged is not help recognised
        ("López Obrador wrote to Xi, and Beijing acknowledged his plea for help.", set()),
        # an ontology person named in full is linked by surname later in the article
        ("Liu Yuejin spoke on Monday.\n\n“The U.S. accusation lacks evidence,” Liu told reporters.",
         {("liu_yuejin", "us", "deny", "quote")}),
        # "and" with a present-tense predicate ends a denial's complement: the new predicate is asserted
        ("China denies wrongdoing and accuses the US of using fentanyl as political leverage.",
         {("cn", "us", "deny", "reported"), ("cn", "us", "accuse", "reported")}),
        ("China denies that the US and Mexico are partners in the trade.", set()),
        # the demand in a country, blamed, is the country's
        ("Beijing denies the charge and blames domestic demand in the US.",
         {("cn_gov", "us", "accuse", "reported")}),
        ("Beijing blamed the cartels for deaths in the US.", {("cn_gov", "cartels", "accuse", "reported")}),
        # epithets of a country named before in the article; unnamed, they are nobody
        ("The US and Mexico talked.\n\nSheinbaum said her government sought collaboration and dialogue "
         "with its northern neighbour.", {("claudia_sheinbaum", "us", "appeal", "reported")}),
        ("Sheinbaum said her government sought collaboration and dialogue with its northern neighbour.",
         set()),
        ("China denied it.\n\nRoe said the US blamed the Asian nation for the crisis.",
         {("us", "cn", "accuse", "reported")}),
        # an appeal inside a demand's complement is asked for, not made
        ("Trump urged Sheinbaum to ask China for help.",
         {("donald_trump", "claudia_sheinbaum", "demand", "reported")}),
        ("Sheinbaum asked China for help.", {("claudia_sheinbaum", "cn", "appeal", "reported")}),
        # denials named as nouns, by their owner or after "by"; the claim answered is the last accuser's
        ("Trump accused Mexico of inaction. Despite repeated denials by Mexican President Andres Manuel "
         "Lopez Obrador, Robinson said the labs exist.",
         {("donald_trump", "mx", "accuse", "reported"), ("amlo", "donald_trump", "deny", "reported")}),
        ("Mexico wrote to China. Beijing’s denials following a letter from the Mexican president to "
         "Xi Jinping angered Mexico.", {("cn_gov", "mx_presidency", "deny", "reported")}),
        # cooperation judged a highlight, a success, effective
        ("“Anti-drug coordination is one of the highlights of China-U.S. law enforcement cooperation,” "
         "said Hua Chunying.", {("hua_chunying", "us", "praise", "quote")}),
        ("“Our cooperation with Mexico has been very effective,” Robinson said.",
         {("todd_robinson", "mx", "praise", "quote")}),
        # a side described as a responsible power is praised; precursors with lawful uses deny the claim
        ("“China has been playing the role as a responsible major country in responding to the global drug "
         "problem,” Mao Ning said.", {("mao_ning", "cn", "praise", "quote")}),
        ("Trump accused China of flooding the US. China’s embassy in Mexico said in May that these "
         "chemicals have legitimate uses.",
         {("donald_trump", "cn", "accuse", "reported"),
          ("cn_embassy_mx", "donald_trump", "deny", "reported")}),
        ("He said the chemicals have legitimate uses.", set()),
        # persuading a side to cooperate is an appeal to it
        ("López Obrador said his government is hoping to persuade China to cooperate against the "
         "trafficking.",
         {("amlo", "cn", "appeal", "reported")}),
        # an attribution ends where the next quotation opens: an actor inside it is no speaker
        ("“It cannot be the main source for the United States,” Roe told reporters. “We believe that the "
         "United States itself is the main factor.”", set()),
    ],
)
def test_round6_threats_denials_and_references(sentence, expected):
    assert keys(_package_extract(sentence)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the surname after the full name; not before it
        ("Liu spoke first. Liu Yuejin said more. Then Liu left.",
         [("Liu Yuejin", "liu_yuejin"), ("Liu", "liu_yuejin")]),
        # a Spanish two-surname name: the pair, and the last surname
        ("Andrés Manuel López Obrador spoke. Later López Obrador left.",
         [("Andrés Manuel López Obrador", "amlo"), ("López Obrador", "amlo")]),
        # a surname that is already an alias is found by the alias finder, not linked twice
        ("Mao Ning spoke. Mao left.", [("Mao Ning", "mao_ning"), ("Mao", "mao_ning")]),
        # two persons of the article with one surname: the surname links neither
        ("Liu Yuejin met Liu He. Liu left.", [("Liu Yuejin", "liu_yuejin"), ("Liu He", "liu_he")]),
    ],
)
def test_known_persons_linked_by_surname(text, expected):
    found = with_known_surnames(text, MentionFinder(PACKAGE).find(text), PACKAGE)
    assert [(m.surface, m.actor_id) for m in found] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a verb's object ends where a participial clause opens (clauses.yaml `object_end`)
        ("China's foreign ministry criticised the plan, echoing AMLO’s complaint about a hypothetical "
         "U.S. invasion.", set()),
        ("Beijing condemned the measure, citing Mexico’s objections.", set()),
        ("Mexico criticised the new rules, adding that Canada had been consulted.", set()),
        ("Beijing condemned the United States, citing Mexico’s objections.",
         {("cn_gov", "us", "accuse", "reported")}),
        # "including" continues the object
        ("Trump threatened tariffs on several countries, including Mexico.",
         {("donald_trump", "mx", "threaten", "reported")}),
        # help promised with "will" is cooperation; refused ("won't", "will not") it is withheld
        ("China will help Mexico fight the cartels.", {("cn", "mx", "cooperate", "reported")}),
        ("China won't help the US with drugs after the visit.", {("cn", "us", "threaten", "reported")}),
        ("China will not help the United States.", {("cn", "us", "threaten", "reported")}),
        ("China did not help the United States.", set()),
        ("This will help the cartels.", set()),
        ("“You have to help us,” Trump told Sheinbaum.", set()),
        # help, assistance or support offered, provided or extended to a side
        ("China has offered help to the United States.", {("cn", "us", "cooperate", "reported")}),
        ("Mexico provided assistance to the US investigators.", {("mx", "us", "cooperate", "reported")}),
        ("The US provided support to the cartels.", set()),
        ("China agreed to cooperate on shipments to the United States.", set()),
        # talks, dialogue and partnerships begun, opened, launched or held with a side
        ("Mexico sent a delegation to the U.S. on Friday to begin talks with Washington on trade.",
         {("mx", "us_gov", "cooperate", "reported")}),
        ("China opened a dialogue with Mexico.", {("cn", "mx", "cooperate", "reported")}),
        ("The US launched a partnership with Mexico.", {("us", "mx", "cooperate", "reported")}),
        ("Mexico will hold talks with China next week.", {("mx", "cn", "cooperate", "reported")}),
        ("Trump started a trade war with China.", set()),
    ],
)
def test_round7_objects_help_and_talks(sentence, expected):
    assert keys(_package_extract(sentence)) == expected
