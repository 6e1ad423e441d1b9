"""The actor ontology: load and validate it, roll actors up to person, organisation or bloc."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from analysis.codebook import BLOCS, LEVELS
from analysis.errors import InputError
from analysis.resources import data_path
from analysis.store.csvfile import read_csv_rows

__all__ = [
    "ACTOR_COLUMNS",
    "BLOCS",
    "KINDS",
    "LEVELS",
    "Actor",
    "Ontology",
    "load_ontology",
    "outlet_actor_id",
]

ACTOR_COLUMNS = ("actor_id", "name", "parent_id", "bloc", "kind", "aliases")
KINDS = ("person", "organisation", "country", "group", "outlet")
ALIAS_SEPARATOR = "|"
DEFAULT_ONTOLOGY = "actors.csv"
OUTLET_PREFIX = "outlet:"


def outlet_actor_id(article_id: str) -> str:
    """Return the narrator id for an article whose outlet is unknown (bloc MEDIA)."""
    return f"{OUTLET_PREFIX}{article_id}"


@dataclass(frozen=True)
class Actor:
    """One actor: who it is, where it sits in the hierarchy and how texts name it."""

    actor_id: str
    name: str
    parent_id: str
    bloc: str
    kind: str
    aliases: tuple[str, ...]
    line: int = 0


class Ontology:
    """A validated actor hierarchy (person → organisation → bloc root)."""

    def __init__(self, actors: Iterable[Actor], source: str = "actors.csv") -> None:
        self.source = source
        self.actors: dict[str, Actor] = {}
        for actor in actors:
            if actor.actor_id in self.actors:
                raise InputError(source, "duplicate actor_id", line=actor.line, field="actor_id",
                                 found=actor.actor_id)
            self.actors[actor.actor_id] = actor
        self._validate()

    # ----------------------------------------------------------------- validation

    def _validate(self) -> None:
        for actor in self.actors.values():
            self._check_fields(actor)
        for actor in self.actors.values():
            self._check_chain(actor)
        self.alias_owner  # noqa: B018 - building the index checks alias uniqueness

    def _check_fields(self, actor: Actor) -> None:
        if actor.bloc not in BLOCS:
            raise InputError(self.source, "unknown bloc", line=actor.line, field="bloc",
                             expected=" | ".join(BLOCS), found=actor.bloc)
        if actor.kind not in KINDS:
            raise InputError(self.source, "unknown kind", line=actor.line, field="kind",
                             expected=" | ".join(KINDS), found=actor.kind)
        if actor.parent_id and actor.parent_id not in self.actors:
            raise InputError(self.source, "unknown parent", line=actor.line, field="parent_id",
                             expected="an actor_id of this file", found=actor.parent_id)

    def _check_chain(self, actor: Actor) -> None:
        seen = [actor.actor_id]
        current = actor
        while current.parent_id:
            if current.parent_id in seen:
                cycle = " → ".join([*seen, current.parent_id])
                raise InputError(self.source, "cycle in the hierarchy", line=actor.line,
                                 field="parent_id", found=cycle)
            seen.append(current.parent_id)
            current = self.actors[current.parent_id]
        if current.bloc != actor.bloc:
            raise InputError(self.source, "bloc differs from the bloc root's", line=actor.line,
                             field="bloc", expected=current.bloc, found=actor.bloc)

    @cached_property
    def alias_owner(self) -> dict[str, str]:
        """Map each alias (and each name), case-folded, to the one actor that claims it."""
        owner: dict[str, str] = {}
        for actor in self.actors.values():
            for alias in dict.fromkeys((actor.name, *actor.aliases)):
                key = alias.casefold()
                if key in owner and owner[key] != actor.actor_id:
                    raise InputError(
                        self.source, "alias claimed by two actors", line=actor.line, field="aliases",
                        expected="each alias once", found=f"{alias!r} for {owner[key]} and {actor.actor_id}",
                    )
                owner[key] = actor.actor_id
        return owner

    # ----------------------------------------------------------------- lookups

    def __contains__(self, actor_id: object) -> bool:
        return isinstance(actor_id, str) and (actor_id in self.actors or actor_id.startswith(OUTLET_PREFIX))

    def get(self, actor_id: str) -> Actor:
        """Return an actor; an `outlet:<article>` id is a narrator outlet in bloc MEDIA."""
        if actor_id in self.actors:
            return self.actors[actor_id]
        if actor_id.startswith(OUTLET_PREFIX):
            article = actor_id[len(OUTLET_PREFIX):]
            return Actor(actor_id, f"Outlet of {article}", self.bloc_root("MEDIA"), "MEDIA", "outlet", ())
        raise KeyError(actor_id)

    def name(self, actor_id: str) -> str:
        return self.get(actor_id).name

    def kind(self, actor_id: str) -> str:
        return self.get(actor_id).kind

    def bloc(self, actor_id: str) -> str:
        return self.get(actor_id).bloc

    def ancestors(self, actor_id: str) -> list[str]:
        """Return the chain from the actor up to its bloc root, the actor first."""
        chain = [actor_id]
        current = self.get(actor_id)
        while current.parent_id:
            chain.append(current.parent_id)
            current = self.get(current.parent_id)
        return chain

    @cached_property
    def _roots(self) -> dict[str, str]:
        return {a.bloc: a.actor_id for a in self.actors.values() if not a.parent_id}

    def bloc_root(self, bloc: str) -> str:
        """Return the root actor id of a bloc (e.g. `us` for US)."""
        return self._roots[bloc]

    def roll_up(self, actor_id: str, level: str) -> str:
        """Lift an actor to a level.

        `person` keeps the actor; `organisation` takes the nearest ancestor that is not
        a person (an organisation keeps itself, a person becomes their organisation);
        `bloc` takes the bloc's root actor.
        """
        if level not in LEVELS:
            raise ValueError(f"unknown level {level!r}: expected one of {', '.join(LEVELS)}")
        if level == "person":
            return actor_id
        chain = self.ancestors(actor_id)
        if level == "bloc":
            return chain[-1]
        return next((a for a in chain if self.kind(a) != "person"), chain[-1])

    def outlets(self) -> dict[str, str]:
        """Map outlet actor ids to their display names."""
        return {a.actor_id: a.name for a in self.actors.values() if a.kind == "outlet"}

    def to_rows(self) -> list[dict[str, str]]:
        """Return the ontology as CSV rows (for tables and exports)."""
        return [
            {"actor_id": a.actor_id, "name": a.name, "parent_id": a.parent_id, "bloc": a.bloc,
             "kind": a.kind, "aliases": ALIAS_SEPARATOR.join(a.aliases)}
            for a in sorted(self.actors.values(), key=lambda x: x.actor_id)
        ]


def load_ontology(path: str | Path | None = None) -> Ontology:
    """Load and validate an actor CSV (default: the ontology shipped with the package)."""
    path = Path(path) if path is not None else data_path(DEFAULT_ONTOLOGY)
    if not path.is_file():
        raise InputError(path, "actor ontology not found", expected="a CSV with " + ",".join(ACTOR_COLUMNS))
    _, rows = read_csv_rows(path, ACTOR_COLUMNS)
    actors = [_row_to_actor(row, line) for line, row in rows]
    return Ontology(actors, source=str(path))


def _row_to_actor(row: Mapping[str, str], line: int) -> Actor:
    values = {k: (row.get(k) or "").strip() for k in ACTOR_COLUMNS}
    aliases = tuple(a.strip() for a in values["aliases"].split(ALIAS_SEPARATOR) if a.strip())
    return Actor(values["actor_id"], values["name"], values["parent_id"], values["bloc"],
                 values["kind"], aliases, line)
