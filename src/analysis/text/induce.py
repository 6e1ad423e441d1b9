"""Open-vocabulary actors: people the ontology lacks, recognised from the title or role the text gives.

"Mexican President Jane Roe", "Sen. John Doe (R-Iowa)", "Lin Jian, a spokesman for China's foreign
ministry" name a person no alias covers, but say which office they hold. Such a person is
*induced*: their mentions resolve to that office (an ontology actor, so statements keep a bloc and
an organisation), later surnames ("Roe", "Ms. Roe") link to them within the article, and
pronouns follow them like any person. Rules live in `data/roles.yaml`; induced actors are listed
per article (`induced_actors` table) so that `review promote` can add them to an ontology.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from string import Template

from analysis.ontology import Ontology
from analysis.resources import load_yaml
from analysis.text.mentions import Mention
from analysis.text.multiscan import PatternSet

__all__ = ["INDUCED_COLUMNS", "Induced", "InducedActor", "induce_actors", "induced_rows"]

INDUCED_COLUMNS = ("article_id", "name", "office", "bloc", "cue", "evidence", "start", "end", "n")


@dataclass(frozen=True)
class InducedActor:
    """A person named with an office the ontology does not list by name."""

    name: str
    office: str  # the ontology actor their mentions resolve to
    bloc: str
    cue: str  # title | organisation | appositive | party
    start: int  # first mention (the name)
    end: int
    evidence: str  # the title or role and the name, as written
    n: int = 1  # mentions in the article (the name and its surname)


@dataclass(frozen=True)
class _Rules:
    titles: tuple[tuple[re.Pattern[str], str], ...]
    after_org: re.Pattern[str]
    bare_name: re.Pattern[str]
    role: re.Pattern[str]
    party: re.Pattern[str]
    appositive: re.Pattern[str]
    appositive_end: re.Pattern[str]
    window: int
    offices: dict[str, dict[str, str]]
    not_person: frozenset[str]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    raw = load_yaml("roles.yaml")
    name = raw["name"]
    role = raw["role"]
    fill = {"name": f"(?P<name>{name})"}
    titles = tuple((re.compile(Template(rf"{_NAME_LEFT}(?i:{t['pattern']})\s+${{name}}").substitute(fill)),
                    t["actor"]) for t in raw["titles"])
    return _Rules(
        titles=titles,
        after_org=re.compile(rf"{raw['org_gap']}(?P<role>(?i:{role}))\s+(?P<name>{name})"),
        bare_name=re.compile(rf"\s+(?P<name>{name})"),
        role=re.compile(rf"\b{role}\b", re.IGNORECASE),
        party=re.compile(rf"(?<![\w.])(?P<name>{name})(?={raw['party_tag']})"),
        appositive=re.compile(rf"(?<![\w.])(?P<name>{name}),\s+(?:the\s+|a\s+|an\s+)?"),
        appositive_end=re.compile(raw["appositive_end"]),
        window=int(raw["appositive_window"]),
        offices={bloc: {k.lower(): v for k, v in table.items()} for bloc, table in raw["offices"].items()},
        not_person=frozenset(raw["not_person_words"]),
    )


_NAME_LEFT = r"(?<![\w.])"  # every title pattern starts here


@lru_cache(maxsize=1)
def _title_scanner() -> PatternSet:
    """The title patterns searched in one pass (each keeps its own matches)."""
    return PatternSet([pattern for pattern, _ in _rules().titles], _NAME_LEFT)


@lru_cache(maxsize=1)
def _party_tag() -> re.Pattern[str]:
    """The party tag ("(R-Iowa)") alone: the lookahead every party match ends in."""
    return re.compile(load_yaml("roles.yaml")["party_tag"])


_POSSESSIVE_END = re.compile(r"['’]s$")


def _clean_name(name: str, start: int, rules: _Rules) -> tuple[str, int] | None:
    """Trim a possessive and trailing non-name words; None when no personal name is left."""
    words = name.split()
    if words and _POSSESSIVE_END.search(words[-1]):
        words[-1] = words[-1][:-2]
    while words and (words[-1] in rules.not_person or words[-1].rstrip(".") in rules.not_person):
        words.pop()
    if not words or words[0] in rules.not_person or len(words[-1]) < 2:
        return None
    return " ".join(words), start


def _office_for(ontology: Ontology, actor_id: str, role: str, rules: _Rules) -> str:
    """The office a role names: a country's office for the role word, or the organisation itself."""
    actor = ontology.get(actor_id)
    if actor.kind != "country":
        return actor_id
    table = rules.offices.get(actor.bloc, {})
    role = re.sub(r"\s+", " ", role.lower()).strip()
    for key in (role, role.split()[-1] if role else ""):
        if key in table and table[key] in ontology:
            return table[key]
    default = table.get("default", actor_id)
    return default if default in ontology else actor_id


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _surname_keys(name: str, bloc: str, rules: _Rules) -> list[str]:
    """How the text names the person again: the family name (first for Chinese names), and for
    two-surname Spanish names the pair ("García Harfuch")."""
    words = name.split()
    if len(words) < 2:
        return []
    keys = [words[0]] if bloc == "CN" and len(words) <= 3 else [words[-1]]
    if bloc == "MX" and len(words) >= 3:
        keys.insert(0, " ".join(words[-2:]))
    particles = re.search(r"\b(?:de la|del|de|van|von)\s+[A-Z]\S+$", name)
    if particles:
        keys.insert(0, particles.group())
    return [k for k in keys if len(k) >= 3 and k not in rules.not_person]


# What `induce_actors` returns: the induced actors and all their mentions.
Induced = tuple[list[InducedActor], list[Mention]]


def induce_actors(text: str, mentions: list[Mention], ontology: Ontology) -> Induced:
    """Find the article's induced actors and all their mentions (name and later surnames).

    `mentions` are the article's alias mentions in text order. Returns the induced actors (by first
    mention) and their mentions, which never overlap an alias mention.
    """
    rules = _rules()
    taken = [(m.start, m.end) for m in mentions]
    found: dict[str, InducedActor] = {}

    def consider(name: str, start: int, office: str, cue: str, evidence_start: int) -> None:
        cleaned = _clean_name(name, start, rules)
        if cleaned is None:
            return
        clean, start = cleaned
        end = start + len(clean)
        if _overlaps(start, end, taken) or office not in ontology:
            return
        if clean in found and found[clean].start <= start:
            return
        if any(clean != other and (clean in other.split() or other.endswith(" " + clean)) for other in found):
            return  # "Doe" after "John Doe": a surname, linked below
        evidence = text[min(evidence_start, start):max(end, start)]
        found[clean] = InducedActor(clean, office, ontology.bloc(office), cue, start, end, evidence)

    # each title's matches in turn, as one search per title would give them
    for index, match in sorted(_title_scanner().finditer(text), key=lambda item: (item[0], item[1].start())):
        consider(match.group("name"), match.start("name"), rules.titles[index][1], "title", match.start())
    for mention in mentions:
        actor = ontology.get(mention.actor_id)
        if actor.kind not in ("country", "organisation") or actor.bloc == "MEDIA":
            continue
        match = rules.after_org.match(text, mention.end)
        if match is not None:
            office = _office_for(ontology, mention.actor_id, match.group("role"), rules)
            consider(match.group("name"), match.start("name"), office, "organisation", mention.start)
            continue
        if rules.role.search(mention.surface.split()[-1]):  # "Mexico's President" + a name
            match = rules.bare_name.match(text, mention.end)
            if match is not None:
                consider(match.group("name"), match.start("name"), mention.actor_id, "organisation",
                         mention.start)
    # a name needs a party tag right after it: without any tag in the text, no name is looked for
    for match in rules.party.finditer(text) if _party_tag().search(text) else ():
        if len(match.group("name").split()) >= 2:
            consider(match.group("name"), match.start("name"), "us_congress", "party", match.start())
    for match in rules.appositive.finditer(text):
        if len(match.group("name").split()) < 2:
            continue
        stop = rules.appositive_end.search(text, match.end(), match.end() + rules.window)
        end = stop.start() if stop else match.end()
        role = rules.role.search(text, match.end(), end)
        if role is None:
            continue
        inside = [m for m in mentions if match.end() <= m.start and m.end <= end
                  and ontology.get(m.actor_id).kind in ("country", "organisation")
                  and ontology.bloc(m.actor_id) != "MEDIA"]
        if inside:
            office = _office_for(ontology, inside[0].actor_id, role.group(), rules)
            consider(match.group("name"), match.start("name"), office, "appositive", match.start())
    actors = sorted(found.values(), key=lambda a: a.start)
    return _link(text, actors, taken, rules)


def _link(text: str, actors: list[InducedActor], taken: list[tuple[int, int]],
          rules: _Rules) -> tuple[list[InducedActor], list[Mention]]:
    """Add every later mention of each induced person: the full name and the surname."""
    keys: dict[str, InducedActor] = {}
    clashes: set[str] = set()
    for actor in actors:
        for key in [actor.name, *_surname_keys(actor.name, actor.bloc, rules)]:
            if key in keys and keys[key] is not actor:
                clashes.add(key)
            keys[key] = actor
    for key in clashes:
        keys.pop(key, None)
    if not keys:
        return actors, []
    alternation = "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w.’'-])(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?({alternation})(?![\w-])")
    spans = list(taken)
    mentions: list[Mention] = []
    counts: dict[str, int] = {}
    for match in pattern.finditer(text):
        actor = keys[match.group(1)]
        if match.start() < actor.start or _overlaps(match.start(), match.end(), spans):
            continue
        spans.append((match.start(), match.end()))
        mentions.append(Mention(match.start(), match.end(), actor.office, match.group(), person=actor.name))
        counts[actor.name] = counts.get(actor.name, 0) + 1
    actors = [InducedActor(a.name, a.office, a.bloc, a.cue, a.start, a.end, a.evidence,
                           counts.get(a.name, 1)) for a in actors]
    return actors, sorted(mentions, key=lambda m: m.start)


def with_known_surnames(text: str, mentions: list[Mention], ontology: Ontology) -> list[Mention]:
    """The article's alias mentions with the later surnames of the ontology's persons named in full
    ("Liu Yuejin … Liu told reporters"): a surname shared by two persons of the article, or that is
    itself an alias, links nobody."""
    rules = _rules()
    first: dict[str, tuple[str, int]] = {}  # surname -> (person, end of the first full mention)
    clashes: set[str] = set()
    named: set[str] = set()  # persons whose keys are in `first` already
    for mention in mentions:
        actor = ontology.get(mention.actor_id)
        if actor.kind != "person" or actor.actor_id in named or len(mention.surface.split()) < 2:
            continue
        named.add(actor.actor_id)
        for key in _surname_keys(actor.name, actor.bloc, rules):
            owner = first.setdefault(key, (actor.actor_id, mention.end))
            if owner[0] != actor.actor_id:
                clashes.add(key)
    keys = {k: v for k, v in first.items() if k not in clashes and k.casefold() not in ontology.alias_owner}
    spans = [(m.start, m.end) for m in mentions]
    extra = []
    for key in sorted(keys, key=len, reverse=True):  # a pair ("López Obrador") before its last name
        person, after = keys[key]
        for start in _whole_word_starts(text, key, after):
            if not _overlaps(start, start + len(key), spans):
                spans.append((start, start + len(key)))
                extra.append(Mention(start, start + len(key), person, key))
    return sorted([*mentions, *extra], key=lambda m: (m.start, m.end)) if extra else mentions


def _whole_word_starts(text: str, word: str, start: int) -> Iterable[int]:
    """Where `word` stands as a whole word in `text` from `start` on (not inside a name or an
    abbreviation: "Liu" in "Liu's" counts, in "Liu-Chen" or ".Liu" it does not)."""
    at = text.find(word, start)
    while at >= 0:
        before = text[at - 1] if at else " "
        after = text[at + len(word)] if at + len(word) < len(text) else " "
        if not (before.isalnum() or before in "_.’'-") and not (after.isalnum() or after in "_-"):
            yield at
        at = text.find(word, at + 1)


def induced_rows(article_id: str, actors: list[InducedActor]) -> list[tuple]:
    """Rows of the `induced_actors` table (`INDUCED_COLUMNS`) for one article."""
    return [(article_id, a.name, a.office, a.bloc, a.cue, a.evidence, a.start, a.end, a.n) for a in actors]
