"""Synthetic news corpus: realistic articles with planted statements and their ground truth.

`generate_corpus` writes `synth_000001.txt` … plus `truth.csv` (curated-statement columns,
evidence = the planted sentence, offsets in code points of the file's text) and
`metadata.csv`. Article `i` depends only on `(seed, i)`, so a smaller corpus is a prefix of a
larger one with the same seed, and the same `(n, seed)` always gives byte-identical files.

The templates below are written for this generator (not taken from the seed articles).
Placeholders: `{S}` speaker, `{T}` target, `{A}`/`{B}` the two actors of group wording,
`{X}` a problem topic phrase, `{Y}` a cooperation phrase, `{V}` a sovereignty phrase; a
trailing `c` (`{Tc}`) capitalises the first letter. Every statement template holds exactly
one topic slot, which sets the row's topic.
"""

from __future__ import annotations

import csv
import hashlib
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from analysis.curation.statements import CURATED_COLUMNS
from analysis.ontology import Ontology, load_ontology

__all__ = [
    "FILE_PREFIX",
    "METADATA_COLUMNS",
    "STATEMENT_TEMPLATES",
    "GROUP_TEMPLATES",
    "SELF_TEMPLATES",
    "SynthSummary",
    "SynthVocabulary",
    "article_id_of",
    "build_vocabulary",
    "compose_article",
    "generate_corpus",
]

FILE_PREFIX = "synth_"
METADATA_COLUMNS = ["article_id", "outlet", "title", "published", "language", "sha256"]
TRUTH_FILE = "truth.csv"
METADATA_FILE = "metadata.csv"

# --------------------------------------------------------------------------- vocabulary

PROBLEM_TOPICS = ("precursors", "production", "trafficking", "consumption", "weapons", "other")
TOPIC_PHRASES: dict[str, tuple[str, ...]] = {
    "precursors": (
        "the export of precursor chemicals", "shipments of fentanyl precursors",
        "the mislabelling of chemical precursors", "the online sale of precursor chemicals",
    ),
    "production": (
        "clandestine fentanyl laboratories", "the illegal production of fentanyl",
        "the manufacturing of synthetic opioids", "makeshift pill presses",
    ),
    "trafficking": (
        "fentanyl smuggling across the border", "the trafficking of synthetic opioids",
        "drug shipments moving through the ports", "the flow of counterfeit pills northward",
    ),
    "consumption": (
        "the overdose epidemic", "the demand for opioids", "the public health emergency",
        "the wave of overdose deaths",
    ),
    "weapons": (
        "the flow of guns across the border", "weapons trafficking", "the smuggling of rifles southward",
    ),
    "other": ("the fentanyl crisis", "the drug problem", "the opioid scourge"),
}
COOPERATION_PHRASES = (
    "information sharing", "joint investigations", "counternarcotics cooperation",
    "intelligence exchanges", "the bilateral working group", "controls on chemical shipments",
)
SOVEREIGNTY_PHRASES = (
    "military action", "armed intervention", "strikes on drug labs", "unilateral raids",
)
SLOT_TOPICS = {"X": None, "Y": "cooperation", "V": "sovereignty"}
PRINCIPAL_COUNTRIES = ("us", "mx", "cn")

# Aliases that read badly as a sentence's subject or object in generated prose.
AWKWARD_ALIASES = frozenset({
    "House hearing", "American side", "Mexican side", "Chinese side", "the Chinese side", "the States",
    "Mao", "a spokesman for Mexico's presidency", "APEC Summit", "Mexican President", "the House",
    "Xi", "Robinson", "Cagen", "Garland", "Milgram", "Treasury", "Sinaloa", "Homeland Security",
    "Mexican law enforcement", "public security ministry", "congressional panel", "international community",
    "Canadian government", "Indian government", "Kremlin", "United Mexican States",
    "People's Republic of China", "Jalisco Nueva Generación", "Jalisco Nueva Generacion",
    "Jalisco New Generation",
})

# --------------------------------------------------------------------------- templates

STATEMENT_TEMPLATES: dict[tuple[str, str], tuple[str, ...]] = {
    ("accuse", "quote"): (
        "“{Tc} bears much of the responsibility for {X},” {S} said.",
        "“The root cause of {X} lies with {T},” {S} told reporters.",
        "“For years, {T} looked the other way on {X},” said {S}.",
        "{Sc} said: “{Tc} could have done far more to stop {X}.”",
        "“We will not accept {V} from {T},” {S} said in a statement.",
    ),
    ("accuse", "reported"): (
        "{Sc} blamed {T} for {X}.",
        "{Sc} said that {T} bore much of the responsibility for {X}.",
        "According to {S}, {T} did too little to stop {X}.",
        "{Sc} accused {T} of turning a blind eye to {X}.",
        "{Sc} condemned talk of {V} by {T}.",
    ),
    ("accuse", "narrator"): (
        "Much of the blame for {X} falls on {T}.",
        "The failure to curb {X} lies largely with {T}, critics have pointed out.",
        "Responsibility for {X} rests in large part with {T}.",
    ),
    ("deny", "quote"): (
        "“The accusations made by {T} about {X} are groundless,” {S} said.",
        "“We reject the claims of {T} on {X},” {S} told a news conference.",
        "“What {T} says about {X} is simply not true,” said {S}.",
    ),
    ("deny", "reported"): (
        "{Sc} rejected accusations from {T} over {X}.",
        "{Sc} denied claims by {T} that it was behind {X}.",
        "{Sc} said that the allegations by {T} about {X} were baseless.",
    ),
    ("deny", "narrator"): (
        "Claims by {T} that it bears no responsibility for {X} do not hold up.",
        "The denials from {T} about {X} ring hollow.",
    ),
    ("demand", "quote"): (
        "“{Tc} must do more to curb {X},” {S} said.",
        "“We expect {T} to act on {X} without delay,” said {S}.",
        "“It is time for {T} to take responsibility for {X},” {S} said on Tuesday.",
    ),
    ("demand", "reported"): (
        "{Sc} called on {T} to crack down on {X}.",
        "{Sc} pressed {T} to do more about {X}.",
        "According to {S}, {T} should step up efforts against {X}.",
        "{Sc} urged {T} to take action on {X}.",
    ),
    ("demand", "narrator"): (
        "It is time for {T} to confront {X}.",
        "{Tc} should do far more to stop {X}.",
    ),
    ("threaten", "quote"): (
        "“We are prepared to impose sanctions on {T} over {X},” {S} said.",
        "“All options are on the table with {T}, including tariffs, over {X},” said {S}.",
        "“{Vc} against {T} is not off the table,” {S} said.",
    ),
    ("threaten", "reported"): (
        "{Sc} threatened to impose sanctions on {T} over {X}.",
        "{Sc} warned that aid to {T} could be cut over {X}.",
        "{Sc} announced indictments against {T} linked to {X}.",
        "{Sc} raised the prospect of {V} against {T}.",
    ),
    ("threaten", "narrator"): (
        "Sanctions on {T} over {X} should be on the table.",
        "Cutting aid to {T} until it acts on {X} would send a clear message.",
    ),
    ("appeal", "quote"): (
        "“We ask {T} to help us stop {X},” {S} said.",
        "“We are asking {T} for help with {X},” {S} wrote in the letter.",
    ),
    ("appeal", "reported"): (
        "{Sc} wrote to {T} asking for help with {X}.",
        "{Sc} asked {T} for assistance in tackling {X}.",
        "{Sc} sent a letter to {T} requesting support against {X}.",
    ),
    ("appeal", "narrator"): (
        "This newspaper asks {T} to help bring {X} to an end.",
        "An appeal to {T} for help with {X} is long overdue.",
    ),
    ("cooperate", "quote"): (
        "“We will keep working with {T} on {Y},” {S} said.",
        "“We are committed to {Y} with {T},” said {S}.",
    ),
    ("cooperate", "reported"): (
        "{Sc} agreed to work with {T} on {Y}.",
        "{Sc} said it would deepen {Y} with {T}.",
        "{Sc} signed an agreement with {T} to expand {Y}.",
    ),
    ("cooperate", "narrator"): (
        "This outlet supports {T} in expanding {Y}.",
        "We stand with {T} in its efforts on {Y}.",
    ),
    ("praise", "quote"): (
        "“Our {Y} with {T} is very good,” {S} said.",
        "“We thank {T} for its help against {X},” {S} said.",
        "“{Tc} deserves real credit for the progress on {Y},” said {S}.",
    ),
    ("praise", "reported"): (
        "{Sc} praised {T} for progress against {X}.",
        "{Sc} hailed {Y} with {T}.",
        "{Sc} thanked {T} for its help with {X}.",
    ),
    ("praise", "narrator"): (
        "{Tc} deserves credit for its work on {Y}.",
        "The progress made by {T} on {Y} is welcome.",
    ),
}
_RELATIONS = tuple(dict.fromkeys(r for r, _ in STATEMENT_TEMPLATES))
_VOICES = ("quote", "reported", "narrator")
_VOICE_WEIGHTS = (35, 45, 20)

# Group wording: one statement per ordered pair of the two actors (reported voice).
GROUP_TEMPLATES: dict[str, tuple[str, ...]] = {
    "accuse": (
        "{Ac} and {B} have traded blame over {X}.",
        "{Ac} and {B} have spent months blaming each other for {X}.",
    ),
    "cooperate": (
        "{Ac} and {B} agreed to expand {Y}.",
        "{Ac} and {B} launched a joint effort on {Y}.",
    ),
}
# Self-statements: the speaker accuses its own country (target = the bloc's country root).
SELF_TEMPLATES: dict[str, tuple[str, ...]] = {
    "quote": ("“{Tc} recognizes its responsibility to do more on {X},” {S} said.",),
    "reported": ("{Sc} acknowledged that {T} must do more to reduce {X}.",),
}

# --------------------------------------------------------------------------- filler

CITIES = (
    "Tijuana", "Culiacán", "Nogales", "San Diego", "Guadalajara", "Shanghai", "Wuhan", "El Paso",
    "Phoenix", "Manzanillo", "Lázaro Cárdenas", "Mazatlán", "Hermosillo", "Ciudad Juárez", "Guangzhou",
)
PEOPLE = (
    "María Fernández", "José Luis Núñez", "Ana Peña", "Renée Côté", "Zoë Bergström", "Søren Åberg",
    "Chloé Lefèvre", "Raúl Domínguez", "Li Wenjing", "Zhang Wei", "Sarah O’Connor", "Dana Whitfield",
    "Tomás Ibáñez", "Ximena Ruíz", "Łucja Wójcik", "François Dubois",
)
# Bylines use names whose words start with A-Z: the byline rule of boilerplate.yaml expects that.
BYLINE_PEOPLE = tuple(p for p in PEOPLE if all("A" <= w[0].upper() <= "Z" for w in p.split()))
AGENCIES = ("AFP", "AP", "EPA", "Reuters", "Xinhua")
SECTIONS = ("World", "Opinion", "Crime & Justice", "Americas", "Asia", "Health", "Politics")
TITLES = (
    "The fentanyl trail that runs from distant labs to {city}",
    "How a deadly synthetic opioid reshaped daily life in {city}",
    "Fentanyl deaths keep climbing as diplomats meet in {city}",
    "Inside the bitter fight over who supplies fentanyl precursors",
    "Blame game deepens as the overdose toll passes {n:,}",
    "What the latest seizure in {city} reveals about the fentanyl trade",
    "‘A war without borders’: fentanyl and the three-way dispute",
    "Fentanyl’s long shadow falls over the port of {city}",
    "Why the opioid epidemic keeps testing diplomacy in {year}",
)
NUMERIC = (
    "More than {n:,} people died of drug overdoses in {year}, most of them from synthetic opioids.",
    "Agents seized {k:,} kilograms of fentanyl powder at the crossing near {city} in {year}.",
    "Fentanyl is about {m} times more potent than heroin, and two milligrams can kill.",
    "The illicit trade is worth an estimated ${m} billion a year, analysts say.",
    "Seizures at ports of entry rose {p}% in {year} compared with the year before.",
    "Roughly {k:,} counterfeit pills were confiscated in a single raid in {city}.",
    "In {year}, {p}% of the overdose deaths recorded in {city} involved synthetic opioids.",
)
FILLER = (
    "The meeting in {city} lasted more than three hours.",
    "Analysts expect the issue to remain on the agenda for months.",
    "{person}, a researcher at a university in {city}, has studied the trade for a decade.",
    "“It is a problem that no single country can solve,” said {person}, an analyst in {city}.",
    "“The numbers keep rising. Families are exhausted,” said Dr. {person}, who runs a clinic in {city}.",
    "{person}, a former customs inspector, said that smugglers adapt faster than regulators.",
    "The talks were held behind closed doors, and no joint statement was issued.",
    "Officials did not say when the next round of talks would take place.",
    "Local hospitals in {city} have added beds to cope with the surge in patients.",
    "The port of {city} handles thousands of containers every day.",
    "Few of the people interviewed for this article wanted to be named.",
    "Residents of {city} describe a city changed by the drug.",
    "The chemicals involved also have legitimate industrial uses.",
    "Shipping records show a steady rise in parcels routed through {city}.",
)
CAPTIONS = (
    "Customs officers inspect parcels at a mail facility in {city}",
    "A memorial for overdose victims in {city}",
    "Soldiers stand guard near a dismantled drug lab",
    "Pills seized during a raid are displayed to the press in {city}",
)
SHORT_NOTES = ("Advertisement", "ADVERTISEMENT", "Sponsored content", "2:34", "Back to top")


# --------------------------------------------------------------------------- data classes


@dataclass(frozen=True)
class SynthSummary:
    """What `generate_corpus` wrote: article, statement and byte counts, and the folder."""

    articles: int
    statements: int
    bytes: int
    out_dir: Path


@dataclass(frozen=True)
class SynthVocabulary:
    """Actor surfaces and outlets drawn from the ontology."""

    surfaces: dict[str, tuple[str, ...]]
    speakers: tuple[str, ...]
    countries: tuple[str, ...]
    own_country: dict[str, str]
    outlets: tuple[tuple[str, str], ...]


@dataclass
class SynthArticle:
    """One composed article: its text, title, truth rows and metadata fields."""

    article_id: str
    text: str
    title: str
    outlet: str
    published: str
    truth: list[list[str]] = field(default_factory=list)


def build_vocabulary(ontology: Ontology) -> SynthVocabulary:
    """Collect usable surfaces of persons, organisations, countries and groups, and the outlets."""
    surfaces: dict[str, tuple[str, ...]] = {}
    for actor in ontology.actors.values():
        if actor.bloc == "MEDIA" or actor.kind == "outlet":
            continue
        names = (actor.name,) if actor.kind in ("person", "organisation", "country") else ()
        raw = (s for s in (*names, *actor.aliases) if s not in AWKWARD_ALIASES)
        usable = tuple(dict.fromkeys(_with_article(s) if actor.kind == "organisation" else s for s in raw))
        if usable:
            surfaces[actor.actor_id] = usable
    speakers = tuple(sorted(surfaces))
    countries = tuple(sorted(a for a in speakers if ontology.kind(a) == "country"))
    roots = {bloc: ontology.bloc_root(bloc) for bloc in ("US", "MX", "CN")}
    own = {a: roots[ontology.bloc(a)] for a in speakers
           if ontology.bloc(a) in roots and a != roots[ontology.bloc(a)]}
    outlets = tuple(sorted(ontology.outlets().items()))
    return SynthVocabulary(surfaces, speakers, countries, own, outlets)


def _with_article(surface: str) -> str:
    """Prefix "the" to a singular multi-word organisation name ("the Mexican presidency")."""
    words = surface.split()
    if len(words) < 2 or not surface[0].isupper() or surface.endswith("s") or re.search(r"['’]s\b", surface):
        return surface
    return f"the {surface}"


def article_id_of(index: int) -> str:
    """Return the article id of the `index`-th synthetic article (1-based): `synth_000001`."""
    return f"{FILE_PREFIX}{index:06d}"


# --------------------------------------------------------------------------- sentences


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _slots(template: str) -> set[str]:
    return set(re.findall(r"\{([A-Z])c?\}", template))


def _topic_of(template: str) -> str:
    """Return the slot letter (X, Y or V) that carries the template's topic."""
    topical = [s for s in _slots(template) if s in SLOT_TOPICS]
    if len(topical) != 1:
        raise ValueError(f"template needs exactly one topic slot {{X}}, {{Y}} or {{V}}: {template!r}")
    return topical[0]


def _surface(rng: random.Random, vocab: SynthVocabulary, actor_id: str, before_period: bool) -> str:
    """Pick a surface for an actor; avoid ones ending in '.' right before a sentence's period."""
    options = vocab.surfaces[actor_id]
    if before_period:
        options = tuple(s for s in options if not s.endswith(".")) or options
    return rng.choice(options)


def _fill(rng: random.Random, vocab: SynthVocabulary, template: str,
          actors: dict[str, str]) -> tuple[str, str]:
    """Fill a statement template; return the sentence and its topic."""
    slot = _topic_of(template)
    topic = SLOT_TOPICS[slot] or rng.choice(PROBLEM_TOPICS)
    values: dict[str, str] = {}
    for letter, actor_id in actors.items():
        values[letter] = _surface(rng, vocab, actor_id, "{" + letter + "}." in template)
    phrases = {"X": TOPIC_PHRASES.get(topic, ()), "Y": COOPERATION_PHRASES, "V": SOVEREIGNTY_PHRASES}
    values[slot] = rng.choice(phrases[slot])
    values.update({f"{k}c": _cap(v) for k, v in list(values.items())})
    return template.format(**values), topic


def _pick_pair(rng: random.Random, pool: tuple[str, ...], cast: list[str]) -> tuple[str, str]:
    """Pick two distinct actors, mostly from the article's cast."""
    first = rng.choice(cast) if rng.random() < 0.8 else rng.choice(pool)
    second = first
    while second == first:
        second = rng.choice(cast) if rng.random() < 0.7 else rng.choice(pool)
    return first, second


def _row(article: SynthArticle, speaker: str, target: str, relation: str, topic: str,
         voice: str, note: str) -> list[str]:
    return [article.article_id, speaker, target, relation, topic, voice, "", "", "", "accepted",
            "synth", note]


def _statement_sentence(rng: random.Random, vocab: SynthVocabulary, article: SynthArticle,
                        cast: list[str]) -> tuple[str, list[list[str]]]:
    """Compose one sentence carrying one or two planted statements (offsets filled in later)."""
    roll = rng.random()
    if roll < 0.06:
        return _group_sentence(rng, vocab, article)
    if roll < 0.09:
        return _self_sentence(rng, vocab, article, cast)
    relation = rng.choice(_RELATIONS)
    voice = rng.choices(_VOICES, weights=_VOICE_WEIGHTS)[0]
    index = rng.randrange(len(STATEMENT_TEMPLATES[(relation, voice)]))
    template = STATEMENT_TEMPLATES[(relation, voice)][index]
    speaker, target = _pick_pair(rng, vocab.speakers, cast)
    if voice == "narrator":
        speaker = article.outlet
    text, topic = _fill(rng, vocab, template, {"S": speaker, "T": target} if voice != "narrator"
                        else {"T": target})
    return text, [_row(article, speaker, target, relation, topic, voice, f"{relation}/{voice} #{index}")]


def _group_sentence(rng: random.Random, vocab: SynthVocabulary,
                    article: SynthArticle) -> tuple[str, list[list[str]]]:
    relation = rng.choice(sorted(GROUP_TEMPLATES))
    index = rng.randrange(len(GROUP_TEMPLATES[relation]))
    principal = tuple(c for c in PRINCIPAL_COUNTRIES if c in vocab.countries)
    pool = principal if len(principal) >= 2 and rng.random() < 0.8 else vocab.countries
    first, second = rng.sample(pool, 2)
    text, topic = _fill(rng, vocab, GROUP_TEMPLATES[relation][index], {"A": first, "B": second})
    note = f"group {relation} #{index}: both ordered pairs"
    return text, [_row(article, a, b, relation, topic, "reported", note)
                  for a, b in ((first, second), (second, first))]


def _self_sentence(rng: random.Random, vocab: SynthVocabulary, article: SynthArticle,
                   cast: list[str]) -> tuple[str, list[list[str]]]:
    candidates = [a for a in cast if a in vocab.own_country] or sorted(vocab.own_country)
    speaker = rng.choice(candidates)
    target = vocab.own_country[speaker]
    voice = rng.choice(sorted(SELF_TEMPLATES))
    text, topic = _fill(rng, vocab, SELF_TEMPLATES[voice][0], {"S": speaker, "T": target})
    return text, [_row(article, speaker, target, "accuse", topic, voice, f"self-statement/{voice}")]


def _filler_sentence(rng: random.Random) -> str:
    """Compose a sentence with no statement: a numeric claim or background."""
    pool = NUMERIC if rng.random() < 0.35 else FILLER
    return rng.choice(pool).format(
        city=rng.choice(CITIES), person=rng.choice(PEOPLE), year=rng.randint(2015, 2024),
        n=rng.randint(20, 110) * 1000 + rng.randint(0, 999), k=rng.randint(2, 900) * 10,
        m=rng.choice((24, 50, 100)), p=rng.randint(3, 85),
    )


# --------------------------------------------------------------------------- boilerplate


def _title(rng: random.Random) -> str:
    return rng.choice(TITLES).format(city=rng.choice(CITIES), n=rng.randint(60, 110) * 1000,
                                     year=rng.randint(2019, 2024))


def _caption(rng: random.Random) -> str:
    caption = rng.choice(CAPTIONS).format(city=rng.choice(CITIES))
    person = rng.choice([p for p in PEOPLE if "’" not in p])
    agency = rng.choice(AGENCIES)
    style = rng.randrange(3)
    if style == 0:
        return f"{caption}. Photo: {person}/{agency}"
    if style == 1:
        return f"{caption} (Photo by {person}/{agency})"
    return f"{caption} | {person} via Getty Images"


def _mid_boilerplate(rng: random.Random) -> str:
    """Return one boilerplate line to drop between paragraphs."""
    kind = rng.randrange(5)
    if kind == 0:
        return rng.choice(SHORT_NOTES)
    if kind == 1:
        return f"{rng.choice(('Read more', 'READ MORE', 'Related', 'Also read'))}: {_title(rng)}"
    if kind == 2:
        return _caption(rng)
    if kind == 3:
        return _title(rng).replace("‘", "").replace("’:", "")  # a related headline, no final stop
    return "Advertisement"


def _footer(rng: random.Random, outlet_name: str, year: int) -> list[str]:
    """Return the trailing boilerplate lines (each option starts the footer zone)."""
    people = rng.sample(PEOPLE, 2)
    options = (
        [f"–With assistance from {people[0]} and {people[1]}."],
        [f"More stories like this are available on {outlet_name.lower().replace(' ', '')}.com"],
        [f"© {year} {outlet_name}"],
        [f"Copyright {year} {outlet_name}. All rights reserved."],
        ["Related Articles", _title(rng), _title(rng)],
        ["COMMENTS", "Please let us know if you're having issues with commenting."],
        ["The views expressed in this article are the author’s own."],
    )
    lines = list(rng.choice(options))
    if rng.random() < 0.3:
        lines.append(f"© {year} {outlet_name}")
    return lines


def _published(rng: random.Random) -> str:
    roll = rng.random()
    year = rng.randint(2018, 2024)
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    if roll < 0.4:
        return f"{year}-{month:02d}-{day:02d}"
    if roll < 0.6:
        return f"{year}-{month:02d}"
    if roll < 0.75:
        return str(year)
    if roll < 0.8:
        return f"{('Jan', 'Mar', 'May', 'Aug', 'Nov')[month % 5]} {day}"
    return ""


# --------------------------------------------------------------------------- articles


class _TextBuilder:
    """Append text while tracking code-point offsets."""

    def __init__(self, newline: str) -> None:
        self.parts: list[str] = []
        self.pos = 0
        self.newline = newline

    def add(self, piece: str) -> int:
        start = self.pos
        self.parts.append(piece)
        self.pos += len(piece)
        return start

    def block(self, line: str) -> None:
        """Add one line followed by a blank line."""
        self.add(line)
        self.add(self.newline * 2)

    def text(self) -> str:
        return "".join(self.parts)


def _paragraph(rng: random.Random, vocab: SynthVocabulary, article: SynthArticle, cast: list[str],
               builder: _TextBuilder, n_sentences: int, density: float) -> None:
    """Write one paragraph of sentences, planting statements at rate `density`."""
    for number in range(n_sentences):
        if number:
            builder.add(" ")
        if rng.random() >= density:
            builder.add(_filler_sentence(rng))
            continue
        sentence, rows = _statement_sentence(rng, vocab, article, cast)
        start = builder.add(sentence)
        for row in rows:
            row[6:9] = [str(start), str(start + len(sentence)), sentence]
        article.truth.extend(rows)
    if rng.random() < 0.15:
        builder.add(" ")  # trailing space, as scraped text often has


def _paragraph_sizes(rng: random.Random) -> list[int]:
    total = rng.randint(18, 90) if rng.random() < 0.93 else rng.randint(90, 180)
    sizes = []
    while total > 0:
        size = min(total, rng.choice((1, 2, 2, 3, 3, 4, 5)))
        sizes.append(size)
        total -= size
    return sizes


def _header(rng: random.Random, builder: _TextBuilder, title: str) -> None:
    if rng.random() < 0.01:
        builder.add("\ufeff")
    if rng.random() < 0.3:
        builder.block(rng.choice(SECTIONS))
    builder.block(title)
    has_dek, has_byline = rng.random() < 0.4, rng.random() < 0.5
    if has_dek:
        builder.block(_filler_sentence(rng))  # a dek line: body text
    if has_byline:
        names = rng.sample(BYLINE_PEOPLE, 2)
        builder.block(f"By {names[0]}" + (f" and {names[1]}" if rng.random() < 0.3 else ""))
    # Never a credited caption right under the title: ingestion reads a line before a credit as a caption.
    if (has_dek or has_byline) and rng.random() < 0.5:
        builder.block(_caption(rng))


def compose_article(index: int, seed: int, vocab: SynthVocabulary) -> SynthArticle:
    """Compose the `index`-th article of a corpus; depends only on `(index, seed)` and the vocabulary."""
    rng = random.Random(f"{seed}:{index}")
    outlet, outlet_name = rng.choice(vocab.outlets)
    published = _published(rng)
    article = SynthArticle(article_id_of(index), "", _title(rng), outlet, published)
    builder = _TextBuilder("\r\n" if rng.random() < 0.03 else "\n")
    _header(rng, builder, article.title)
    cast = rng.sample(vocab.speakers, rng.randint(2, 4))
    density = 0.0 if rng.random() < 0.03 else rng.uniform(0.15, 0.45)
    for size in _paragraph_sizes(rng):
        _paragraph(rng, vocab, article, cast, builder, size, density)
        builder.add(builder.newline * rng.choice((2, 2, 2, 3)))
        if rng.random() < 0.12:
            builder.block(_mid_boilerplate(rng))
    year = int(published[:4]) if published[:4].isdigit() else rng.randint(2018, 2024)
    for line in _footer(rng, outlet_name, year) if rng.random() < 0.7 else []:
        builder.block(line)
    article.text = builder.text().rstrip("\r\n") + (builder.newline if rng.random() < 0.5 else "")
    return article


# --------------------------------------------------------------------------- corpus


def _remove_stale(out_dir: Path, n: int) -> None:
    """Delete synthetic articles beyond `n` left by an earlier, larger run in the same folder."""
    for path in out_dir.glob(f"{FILE_PREFIX}*.txt"):
        number = path.stem[len(FILE_PREFIX):]
        if not number.isdigit() or int(number) > n:
            path.unlink()


def _iter_articles(n: int, seed: int, vocab: SynthVocabulary) -> Iterator[SynthArticle]:
    for index in range(1, n + 1):
        yield compose_article(index, seed, vocab)


def generate_corpus(n: int, out_dir: Path, seed: int, ontology: Ontology | None = None) -> SynthSummary:
    """Write `n` synthetic articles, `truth.csv` and `metadata.csv` to `out_dir`; return the counts.

    Files are streamed one article at a time. Same `(n, seed)` → byte-identical files.
    `synth_*.txt` files beyond `n` left by an earlier run in `out_dir` are deleted, so the
    folder always holds exactly the corpus that `truth.csv` and `metadata.csv` describe.
    """
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale(out_dir, n)
    vocab = build_vocabulary(ontology or load_ontology())
    n_statements = n_bytes = 0
    with (out_dir / TRUTH_FILE).open("w", encoding="utf-8", newline="") as truth_handle, \
            (out_dir / METADATA_FILE).open("w", encoding="utf-8", newline="") as meta_handle:
        truth = csv.writer(truth_handle, lineterminator="\n")
        meta = csv.writer(meta_handle, lineterminator="\n")
        truth.writerow(CURATED_COLUMNS)
        meta.writerow(METADATA_COLUMNS)
        for article in _iter_articles(n, seed, vocab):
            data = article.text.encode("utf-8")
            (out_dir / f"{article.article_id}.txt").write_bytes(data)
            truth.writerows(article.truth)
            meta.writerow([article.article_id, article.outlet, article.title, article.published, "en",
                           hashlib.sha256(data).hexdigest()])
            n_statements += len(article.truth)
            n_bytes += len(data)
    return SynthSummary(articles=n, statements=n_statements, bytes=n_bytes, out_dir=out_dir)
