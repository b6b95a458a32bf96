"""zhitu's one vocabulary: the entity types and relation types, each defined once.

Every stage derives its tables from here: extraction (the labels it may set),
graph assembly (classes and predicates), the NetworkX view and the writers
(names, labels, colours), evaluation (what is scored) and the explorer (the
server hands :func:`as_json` to the page). Adding a type means adding one
entry below, plus its term in the ontology and the shapes.

Plain data with IRIs as strings: importing this module loads nothing.

Not for: the RDF namespaces and graph factory (:mod:`zhitu.graph.namespaces`),
or the ontology's own axioms (``zhitu.ttl``).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass

__all__ = [
    "EntityType", "RelationType", "ENTITY_TYPES", "ARTICLE_TYPE", "OTHER_TYPE", "NODE_TYPES",
    "RELATIONS", "ENTITY_LABELS", "FACT_RELATIONS", "relation", "entity_type", "node_type", "as_json",
]

ZT = "https://w3id.org/zhitu/ontology#"
ORG = "http://www.w3.org/ns/org#"
SCHEMA = "https://schema.org/"


@dataclass(frozen=True)
class EntityType:
    """A kind of node: its short label (SCHEMA.md's), class IRI, names and drawing style."""

    label: str
    cls: str
    zh: str
    en: str
    color: str
    shape: str = "dot"
    kind: str = ""
    """The IRI path segment of its entities (``person`` in ``…/id/person/<name>``)."""


@dataclass(frozen=True)
class RelationType:
    """A kind of edge: its name (SCHEMA.md's), the predicate the graph links its
    ends with, names, and whether it is a fact extracted from sentences (scored
    against gold) or an article's metadata (credits, publisher, mentions)."""

    name: str
    predicate: str
    zh: str
    en: str
    fact: bool


# Okabe–Ito colours: distinguishable with the common colour-vision deficiencies.
ENTITY_TYPES: tuple[EntityType, ...] = (
    EntityType("PER", ZT + "Person", "人物", "Person", "#E69F00", kind="person"),
    EntityType("ORG", ZT + "Organization", "机构", "Organization", "#0072B2", kind="organization"),
    EntityType("LOC", ZT + "Place", "地点", "Place", "#009E73", kind="place"),
    EntityType("PROG", ZT + "Programme", "项目", "Programme", "#CC79A7", kind="programme"),
    EntityType("EVENT", ZT + "Event", "事件", "Event", "#D55E00", kind="event"),
)
#: News articles are nodes of the views too (credits and mentions link them).
ARTICLE_TYPE = EntityType("ARTICLE", SCHEMA + "NewsArticle", "文章", "Article", "#8C8C8C", "square")
#: The style of a node whose type zhitu does not know.
OTHER_TYPE = EntityType("OTHER", "", "其他", "Other", "#BBBBBB")
NODE_TYPES: tuple[EntityType, ...] = ENTITY_TYPES + (ARTICLE_TYPE,)

RELATIONS: tuple[RelationType, ...] = (
    # holdsPosition is an org:Membership in RDF; org:memberOf is its shortcut edge.
    RelationType("holdsPosition", ORG + "memberOf", "任职", "holds position", True),
    RelationType("locatedIn", ZT + "locatedIn", "位于", "located in", True),
    RelationType("subOrganizationOf", ORG + "subOrganizationOf", "隶属", "sub-organization of", True),
    RelationType("organizes", ZT + "organizes", "主办", "organizes", True),
    RelationType("participatesIn", ZT + "participatesIn", "参与", "participates in", True),
    RelationType("founded", SCHEMA + "foundingDate", "成立", "founded", True),
    RelationType("author", SCHEMA + "author", "作者", "author", False),
    RelationType("contributor", SCHEMA + "contributor", "通讯员", "contributor", False),
    RelationType("photographer", ZT + "photographer", "摄影", "photographer", False),
    RelationType("publisher", SCHEMA + "publisher", "发布", "publisher", False),
    RelationType("mentions", SCHEMA + "mentions", "提及", "mentions", False),
)

#: SCHEMA.md's entity labels, in report order.
ENTITY_LABELS: tuple[str, ...] = tuple(t.label for t in ENTITY_TYPES)
#: The relations extracted from sentences (SCHEMA.md's, scored), in report order.
FACT_RELATIONS: tuple[str, ...] = tuple(r.name for r in RELATIONS if r.fact)

_RELATION = {r.name: r for r in RELATIONS}
_NODE_TYPE = {t.label: t for t in NODE_TYPES}


def relation(name: str) -> RelationType:
    """The relation type called ``name``; an unknown name lists the valid ones."""
    try:
        return _RELATION[name]
    except KeyError:
        from zhitu.errors import UnknownChoiceError

        raise UnknownChoiceError("relation type", name, sorted(_RELATION)) from None


def entity_type(label: str) -> EntityType:
    """The entity type with SCHEMA.md label ``label`` (``PER``…); unknown labels list the valid ones."""
    found = _NODE_TYPE.get(label)
    if found is None or found is ARTICLE_TYPE:
        from zhitu.errors import UnknownChoiceError

        raise UnknownChoiceError("entity type", label, list(ENTITY_LABELS))
    return found


def node_type(label: str | None) -> EntityType:
    """The style of a view node of type ``label`` (entities, ``ARTICLE``); others get :data:`OTHER_TYPE`."""
    return _NODE_TYPE.get(label or "", OTHER_TYPE)


def as_json() -> dict:
    """The vocabulary as plain JSON: what the explorer page draws with."""
    return {
        "nodeTypes": [asdict(t) for t in NODE_TYPES + (OTHER_TYPE,)],
        "relations": [asdict(r) for r in RELATIONS],
    }
