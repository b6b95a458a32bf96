"""Read what a graph asserts, per SCHEMA.md's "The RDF that evaluation reads".

For: turning an rdflib graph or dataset (named graphs merged) into the
:class:`Predicted` entities, relations and articles the scorer compares.
Not for: building graphs, or reading RDF that does not follow that section.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import Graph, Literal
from rdflib.term import Node

from zhitu.evaluation.model import CREDIT_TYPES, Article, Entity, Predicted, Ref, Relation
from zhitu.evaluation.model import ENTITY_TYPES as ENTITY_TYPE_ORDER
from zhitu.ontology.vocabulary import ENTITY_TYPES, RELATIONS
from zhitu.graph.namespaces import PREFIXES

#: Ontology class IRI → entity type (SCHEMA.md's label), from the one vocabulary.
ENTITY_CLASSES: dict[str, str] = {t.cls: t.label for t in ENTITY_TYPES}


def _values(pairs: Iterable[tuple[str, str]]) -> str:
    """A SPARQL ``VALUES (?p ?name)`` body: one ``(<iri> "name")`` row a pair."""
    return "\n    ".join(f'(<{iri}> "{name}")' for iri, name in pairs)


_LABELS = """
SELECT DISTINCT ?x ?p ?label WHERE {
  VALUES ?p { skos:prefLabel rdfs:label skos:altLabel }
  ?x ?p ?label .
}"""

_ENTITIES = f"""
SELECT DISTINCT ?e ?class WHERE {{
  VALUES ?class {{ {" ".join(f"<{t.cls}>" for t in ENTITY_TYPES)} }}
  ?e a ?class .
}}"""

_MEMBERSHIPS = """
SELECT DISTINCT ?m ?person ?org ?role WHERE {
  ?m a org:Membership ; org:member ?person ; org:organization ?org .
  OPTIONAL { ?m org:role ?role }
}"""

# holdsPosition is read from org:Membership nodes (above), not from its shortcut edge.
_RELATIONS = f"""
SELECT DISTINCT ?relation ?x ?y WHERE {{
  VALUES (?p ?relation) {{
    {_values((r.predicate, r.name) for r in RELATIONS if r.fact and r.name != "holdsPosition")}
  }}
  ?x ?p ?y .
}}"""

_ARTICLES = """
SELECT DISTINCT ?a ?headline ?date WHERE {
  ?a a schema:NewsArticle .
  OPTIONAL { ?a schema:headline ?headline }
  OPTIONAL { ?a schema:datePublished ?date }
}"""

_CREDITS = f"""
SELECT DISTINCT ?a ?credit ?party WHERE {{
  VALUES (?p ?credit) {{
    {_values((r.predicate, r.name) for r in RELATIONS if r.name in CREDIT_TYPES)}
  }}
  ?a a schema:NewsArticle ; ?p ?party .
}}"""


def predicted_from_graph(graph: Graph) -> Predicted:
    """Entities, relations and articles asserted in ``graph``.

    A :class:`rdflib.Dataset` should have ``default_union=True`` (as
    :func:`zhitu.output.read` makes it) so that named graphs are merged.
    Duplicates (the same fact from several named graphs or nodes) collapse
    into one item, as the scores are over document-level sets.
    """
    labels = _Labels(_select(graph, _LABELS))
    return Predicted(
        entities=_entities(graph, labels),
        relations=_memberships(graph, labels) + _relations(graph, labels),
        articles=_articles(graph, labels),
    )


def _select(graph: Graph, query: str) -> list[tuple[Node | None, ...]]:
    return [tuple(row) for row in graph.query(query, initNs=dict(PREFIXES))]


class _Labels:
    """Names of each node: canonical (prefLabel, then rdfs:label) and aliases."""

    def __init__(self, rows: Iterable[tuple[Node | None, ...]]) -> None:
        self._by_node: dict[Node, dict[str, list[Literal]]] = defaultdict(lambda: defaultdict(list))
        for node, prop, label in rows:
            if isinstance(label, Literal) and str(label).strip():
                key = str(prop).rsplit("#", 1)[-1]
                self._by_node[node][key].append(label)

    def name(self, node: Node) -> str:
        """The display name: a preferred Chinese or untagged label, else the IRI."""
        if isinstance(node, Literal):
            return str(node).strip()
        found = self._by_node.get(node, {})
        for key in ("prefLabel", "label", "altLabel"):
            best = _preferred(found.get(key, []))
            if best is not None:
                return best
        return f"<{node}>"

    def names(self, node: Node) -> frozenset[str]:
        """Every label of ``node`` (a literal stands for its own text)."""
        if isinstance(node, Literal):
            return frozenset({str(node).strip()})
        found = self._by_node.get(node, {})
        return frozenset(str(label).strip() for labels in found.values() for label in labels)

    def ref(self, node: Node) -> Ref:
        return Ref(self.name(node), self.names(node))


def _preferred(labels: list[Literal]) -> str | None:
    if not labels:
        return None
    ranked = sorted(labels, key=lambda lit: (_language_rank(lit.language), str(lit)))
    return str(ranked[0]).strip()


def _language_rank(language: str | None) -> int:
    if language is None:
        return 1
    return 0 if language.lower().startswith("zh") else 2


def _entities(graph: Graph, labels: _Labels) -> tuple[Entity, ...]:
    type_of = ENTITY_CLASSES
    merged: dict[tuple[str, str], set[str]] = {}
    for node, cls in _select(graph, _ENTITIES):
        name = labels.name(node)
        merged.setdefault((type_of[str(cls)], name), set()).update(labels.names(node))
    return tuple(
        Entity(kind, name, tuple(sorted(names - {name})))
        for (kind, name), names in sorted(merged.items(), key=_entity_order)
    )


def _entity_order(item: tuple[tuple[str, str], set[str]]) -> tuple[int, str]:
    (kind, name), _ = item
    return ENTITY_TYPE_ORDER.index(kind), name


def _memberships(graph: Graph, labels: _Labels) -> tuple[Relation, ...]:
    relations = []
    for _, person, org, role in _select(graph, _MEMBERSHIPS):
        if person is None or org is None:
            continue
        role_name = _role_name(role, labels)
        relations.append(Relation("holdsPosition", labels.ref(person), labels.ref(org), role_name))
    return _merge_relations(relations)


def _role_name(role: Node | None, labels: _Labels) -> str | None:
    if role is None:
        return None
    if isinstance(role, Literal):
        return str(role).strip()
    name = labels.name(role)
    return None if name.startswith("<") else name


def _relations(graph: Graph, labels: _Labels) -> tuple[Relation, ...]:
    relations = []
    for relation, x, y in _select(graph, _RELATIONS):
        if x is None or y is None:
            continue
        if str(relation) == "founded":
            date = str(y).strip()
            tail = Ref(date, frozenset({date}))
        else:
            tail = labels.ref(y)
        relations.append(Relation(str(relation), labels.ref(x), tail))
    return _merge_relations(relations)


def _merge_relations(relations: list[Relation]) -> tuple[Relation, ...]:
    """One relation per (type, head name, tail name, role), their name sets united."""
    merged: dict[tuple[str, str, str, str | None], tuple[set[str], set[str]]] = {}
    for rel in relations:
        key = (rel.relation, rel.head.name, rel.tail.name, rel.role)
        heads, tails = merged.setdefault(key, (set(), set()))
        heads.update(rel.head.names)
        tails.update(rel.tail.names)
    return tuple(
        Relation(kind, Ref(head, frozenset(heads)), Ref(tail, frozenset(tails)), role)
        for (kind, head, tail, role), (heads, tails) in sorted(merged.items(), key=lambda kv: _key_order(kv[0]))
    )


def _key_order(key: tuple[str, str, str, str | None]) -> tuple[str, str, str, str]:
    kind, head, tail, role = key
    return kind, head, tail, role or ""


def _articles(graph: Graph, labels: _Labels) -> tuple[Article, ...]:
    headlines: dict[Node, list[str]] = defaultdict(list)
    dates: dict[Node, list[str]] = defaultdict(list)
    for node, headline, date in _select(graph, _ARTICLES):
        headlines.setdefault(node, [])
        if headline is not None:
            headlines[node].append(str(headline).strip())
        if date is not None:
            dates[node].append(str(date).strip())
    credits: dict[Node, dict[str, list[Ref]]] = defaultdict(lambda: defaultdict(list))
    for node, credit, party in _select(graph, _CREDITS):
        credits[node][str(credit)].append(labels.ref(party))

    articles = []
    for node in sorted(headlines, key=str):
        found = credits.get(node, {})
        articles.append(
            Article(
                headline=min(headlines[node], default=""),
                date=min(dates[node], default=None),
                authors=_unique_refs(found.get("author", [])),
                contributors=_unique_refs(found.get("contributor", [])),
                photographers=_unique_refs(found.get("photographer", [])),
                publishers=_unique_refs(found.get("publisher", [])),
            )
        )
    return tuple(articles)


def _unique_refs(refs: list[Ref]) -> tuple[Ref, ...]:
    return tuple(sorted(set(refs), key=lambda ref: ref.name))
