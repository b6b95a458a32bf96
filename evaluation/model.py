"""The items scoring compares: entities, relations and article credits.

For: plain, hashable records shared by the gold reader, the RDF reader and
the scorer, and the vocabulary of types they use.
Not for: reading files or graphs, or computing scores.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from zhitu.ontology.vocabulary import ENTITY_LABELS, FACT_RELATIONS, RELATIONS

#: Entity types of SCHEMA.md, in report order.
ENTITY_TYPES: tuple[str, ...] = ENTITY_LABELS
#: Relation types that are scored, in report order.
RELATION_TYPES: tuple[str, ...] = FACT_RELATIONS
#: Relation types a gold file may hold; ``mentions`` is read but not scored.
GOLD_RELATION_TYPES: tuple[str, ...] = RELATION_TYPES + ("mentions",)
#: Article credits, scored as their own block.
CREDIT_TYPES: tuple[str, ...] = tuple(r.name for r in RELATIONS if not r.fact and r.name != "mentions")


@dataclass(frozen=True)
class Ref:
    """A relation end or credited party: a display name and every name it goes by."""

    name: str
    names: frozenset[str]

    def describe(self) -> str:
        return self.name


@dataclass(frozen=True)
class Entity:
    """A typed entity with one canonical name and its aliases."""

    type: str
    name: str
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> frozenset[str]:
        return frozenset((self.name, *self.aliases)) - {""}

    def describe(self) -> str:
        if not self.aliases:
            return self.name
        return f"{self.name} ({', '.join(self.aliases)})"


@dataclass(frozen=True)
class Relation:
    """``head relation tail``; ``role`` only for holdsPosition, the ISO date as tail for founded."""

    relation: str
    head: Ref
    tail: Ref
    role: str | None = None

    def describe(self) -> str:
        role = f" [{self.role}]" if self.role is not None else ""
        return f"{self.head.describe()} → {self.tail.describe()}{role}"


@dataclass(frozen=True)
class Credit:
    """One credit of an article: its headline, the credit type and the party."""

    credit: str
    headline: str
    party: Ref

    def describe(self) -> str:
        return f"《{self.headline}》 {self.party.describe()}"


@dataclass(frozen=True)
class Article:
    """A news article with the credits SCHEMA.md scores."""

    headline: str
    date: str | None = None
    dateline: str | None = None
    authors: tuple[Ref, ...] = ()
    contributors: tuple[Ref, ...] = ()
    photographers: tuple[Ref, ...] = ()
    publishers: tuple[Ref, ...] = ()

    def credits(self) -> list[Credit]:
        groups = (
            ("author", self.authors),
            ("contributor", self.contributors),
            ("photographer", self.photographers),
            ("publisher", self.publishers),
        )
        return [Credit(kind, self.headline, party) for kind, parties in groups for party in parties]


@dataclass(frozen=True)
class GoldDocument:
    """What a careful reader finds in one input document (a gold file)."""

    source: str
    document: str | None = None
    entities: tuple[Entity, ...] = ()
    relations: tuple[Relation, ...] = ()
    articles: tuple[Article, ...] = ()
    notes: tuple[str, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class Predicted:
    """What a graph asserts, read the way :mod:`zhitu.evaluation.rdf` reads RDF."""

    entities: tuple[Entity, ...] = ()
    relations: tuple[Relation, ...] = ()
    articles: tuple[Article, ...] = ()
