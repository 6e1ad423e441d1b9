"""The actor ontology: hierarchy, roll-up and validation errors, on small hand-made files."""

from __future__ import annotations

import pytest

from analysis.errors import InputError
from analysis.ontology import load_ontology, outlet_actor_id
from analysis.text.mentions import MentionFinder

HEADER = "actor_id,name,parent_id,bloc,kind,aliases\n"
SMALL = HEADER + (
    "us,United States,,US,country,US|U.S.|the United States|America\n"
    "us_gov,US government,us,US,organisation,Washington|the US government\n"
    "us_doj,Justice Department,us_gov,US,organisation,Department of Justice\n"
    "dea,Drug Enforcement Administration,us_doj,US,organisation,DEA\n"
    "milgram,Anne Milgram,dea,US,person,Milgram\n"
    "mx,Mexico,,MX,country,\n"
    "amlo,Andrés Manuel López Obrador,mx,MX,person,López Obrador|Lopez Obrador|AMLO\n"
    "media,Media,,MEDIA,group,\n"
    "efe,EFE,media,MEDIA,outlet,\n"
)


def _write(tmp_path, content):
    path = tmp_path / "actors.csv"
    path.write_text(content, encoding="utf-8")
    return path


def test_roll_up_follows_the_nested_chain(tmp_path):
    ontology = load_ontology(_write(tmp_path, SMALL))
    # Milgram → DEA → Justice Department → US government → us
    assert ontology.ancestors("milgram") == ["milgram", "dea", "us_doj", "us_gov", "us"]
    assert ontology.roll_up("milgram", "person") == "milgram"
    assert ontology.roll_up("milgram", "organisation") == "dea"  # nearest non-person ancestor
    assert ontology.roll_up("dea", "organisation") == "dea"
    assert ontology.roll_up("milgram", "bloc") == "us"
    assert ontology.roll_up("amlo", "organisation") == "mx"  # no organisation between: the country
    with pytest.raises(ValueError, match="unknown level 'foo'"):
        ontology.roll_up("milgram", "foo")


def test_narrator_of_an_unknown_outlet_is_media(tmp_path):
    ontology = load_ontology(_write(tmp_path, SMALL))
    narrator = outlet_actor_id("123_abc")
    assert narrator in ontology
    assert ontology.bloc(narrator) == "MEDIA"
    assert ontology.roll_up(narrator, "bloc") == "media"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("x,X,nowhere,US,person,\n", "x.csv:11: parent_id: unknown parent"),
        ("x,X,us,US,robot,\n", "kind: unknown kind"),
        ("x,X,us,MX,person,\n", "bloc: bloc differs from the bloc root's"),
        ("x,X,us,US,person,Milgram\n", "aliases: alias claimed by two actors"),
        ("x,X,us,US,person,amlo\n", "alias claimed by two actors"),  # case-insensitive
    ],
)
def test_bad_rows_fail_with_file_line_and_field(tmp_path, row, message):
    path = tmp_path / "x.csv"
    path.write_text(SMALL + row, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_ontology(path)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_cycle_is_reported(tmp_path):
    content = HEADER + "a,A,b,US,organisation,\nb,B,a,US,organisation,\nus,US,,US,country,\n"
    with pytest.raises(InputError, match="cycle in the hierarchy.*a → b → a"):
        load_ontology(_write(tmp_path, content))


def test_mentions_respect_case_of_acronyms_and_apostrophes(tmp_path):
    ontology = load_ontology(_write(tmp_path, SMALL))
    finder = MentionFinder(ontology)
    text = "Let us say the U.S. and López Obrador’s team met Lopez  Obrador and the DEA in America."
    found = [(m.surface, m.actor_id) for m in finder.find(text)]
    assert found == [("U.S.", "us"), ("López Obrador", "amlo"), ("Lopez  Obrador", "amlo"),
                     ("DEA", "dea"), ("America", "us")]


def test_default_ontology_is_valid_and_has_the_bloc_roots():
    ontology = load_ontology()
    for bloc, root in [("US", "us"), ("MX", "mx"), ("CN", "cn"), ("CARTELS", "cartels"),
                       ("SUPPLIERS", "suppliers"), ("INTL", "intl"), ("MEDIA", "media")]:
        assert ontology.bloc_root(bloc) == root
    assert ontology.roll_up("mao_ning", "bloc") == "cn"
