"""People who share a name but not a context: one node each.

Extraction names a person's node by the name alone (``person/<name>``), so the
same person in two documents is one node. After a build, this pass looks at
each name across the whole graph. The articles that give the person a post are
grouped: two articles whose posts share an organisation are the same person
(union–find, so the grouping does not depend on the order documents came in;
an organisation's name that holds another's, …杂志 and …杂志社, counts as shared).
When a name ends up in two or more groups, the contexts conflict (different
organisations): each group gets its own node, ``person/<name>/<organisation>``
(the least organisation of the group, by IRI), stated ``owl:differentFrom``
the name's other groups; the person's memberships move with them (a membership's
IRI is minted from its member). Articles that name the person without a post keep
``person/<name>``: the text does not say which of them is meant. A document
that holds two namesakes of different groups is left as it is.

The same plan runs over an in-memory Dataset (:func:`separate_in_dataset`)
and over a store, where only the names a build touched are looked at
(:func:`zhitu.store.separate_in_store`: the store's side of the pass; this
module does no I/O).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, PROV, RDF, SKOS

from zhitu.graph import iris
from zhitu.graph.namespaces import ORG, SCHEMA, ZT
from zhitu.graph.rdf import replace_graph


@dataclass(frozen=True)
class Context:
    """A person as one article of one document names them, with a post's organisation (or None)."""

    document: URIRef
    person: URIRef
    name: str
    article: URIRef
    organization: URIRef | None


def plan(contexts: Iterable[Context]) -> tuple[dict[URIRef, dict[URIRef, URIRef]], dict[str, list[URIRef]]]:
    """What to rename: per document, {current person IRI: new IRI}; and per
    name that has namesakes, the IRIs of its groups."""
    by_name: dict[str, list[Context]] = defaultdict(list)
    for context in contexts:
        by_name[context.name].append(context)
    renames: dict[URIRef, dict[URIRef, URIRef]] = defaultdict(dict)
    groups_of: dict[str, list[URIRef]] = {}
    for name, found in by_name.items():
        target = _targets(name, found)
        groups = {iri for iri in target.values()} - {iris.entity_iri("PER", name)}
        if len(groups) > 1:
            groups_of[name] = sorted(groups)
        per_document: dict[URIRef, set[URIRef]] = defaultdict(set)
        current: dict[URIRef, set[URIRef]] = defaultdict(set)
        for context in found:
            per_document[context.document].add(target[(context.document, context.article)])
            current[context.document].add(context.person)
        for document, targets in per_document.items():
            if len(targets) != 1:
                continue  # two namesakes of different groups in one document: left as it is
            (new,) = targets
            for person in current[document]:
                if person != new:
                    renames[document][person] = new
    return dict(renames), groups_of


def _targets(name: str, found: list[Context]) -> dict[tuple, URIRef]:
    """The node each (document, article) of a name should use."""
    parent: dict = {}

    def root(key):
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    organizations: dict[tuple, set[URIRef]] = defaultdict(set)
    for context in found:
        key = (context.document, context.article)
        root(key)
        if context.organization is not None:
            organizations[key].add(context.organization)
            parent[root(key)] = root(("org", context.organization))
    # One organisation written two ways (…杂志 / …杂志社, 国家铁路集团 / 中国国家铁路集团有限公司):
    # a name that holds the other (four characters or more) is the same body here.
    named = sorted({org for orgs in organizations.values() for org in orgs})
    names = {org: unquote(org.rsplit("/", 1)[-1]) for org in named}
    for i, one in enumerate(named):
        for other in named[i + 1 :]:
            a, b = sorted((names[one], names[other]), key=len)
            if len(a) >= 4 and a in b:
                parent[root(("org", one))] = root(("org", other))
    groups: dict = defaultdict(set)
    for key, orgs in organizations.items():
        groups[root(key)] |= orgs
    base = iris.entity_iri("PER", name)
    if len(groups) < 2:
        return {(c.document, c.article): base for c in found}
    node_of = {group: URIRef(f"{base}/{min(orgs).rsplit('/', 1)[-1]}") for group, orgs in groups.items()}
    return {(c.document, c.article): node_of.get(root((c.document, c.article)), base) for c in found}


def rename(graph: Graph, renames: dict[URIRef, URIRef], groups_of: dict[str, list[URIRef]]) -> list[tuple]:
    """The graph's triples with persons renamed, each new node stated different from its namesakes.

    A membership's IRI is minted from its member (:func:`iris.membership_iri`), so a
    renamed person's memberships are renamed with them: kept, the old IRI would be
    shared with a document that still names the name's own node, and the membership
    would have two members.
    """
    renames = {**renames, **_memberships_of(graph, renames)}
    triples = [
        (renames.get(s, s), p, renames.get(o, o) if isinstance(o, URIRef) else o) for s, p, o in graph
    ]
    for new in set(renames.values()):
        old = next(k for k, v in renames.items() if v == new)
        if (old, RDF.type, ZT.Person) not in graph:
            continue
        name = str(graph.value(old, SKOS.prefLabel) or "")
        triples += [(new, OWL.differentFrom, other) for other in groups_of.get(name, []) if other != new]
    return triples


def _memberships_of(graph: Graph, renames: dict[URIRef, URIRef]) -> dict[URIRef, URIRef]:
    """{membership IRI: the IRI minted from its renamed member} for every membership
    of a renamed person, minted as :mod:`zhitu.graph.rdf` mints it (role by its label)."""
    moved = {}
    for membership, person in graph.subject_objects(ORG.member):
        new = renames.get(person)
        organization = graph.value(membership, ORG.organization)
        role = graph.value(graph.value(membership, ORG.role), SKOS.prefLabel)
        if new is not None and organization is not None and role is not None:
            moved[membership] = iris.membership_iri(str(new), str(organization), str(role))
    return moved


def separate_in_dataset(dataset: Dataset, contexts: Iterable[Context] | None = None) -> int:
    """Rename namesakes across every document graph of ``dataset``; the number
    of graphs changed. ``contexts``: every document's, when the caller has them
    (a build gathers them as documents come in); else they are read from the dataset."""
    if contexts is None:
        by_graph: dict = defaultdict(list)
        for s, p, o, g in dataset.quads((None, None, None, None)):
            if str(p) in _CONTEXT_PREDICATES:
                by_graph[getattr(g, "identifier", g)].append((s, p, o))
        contexts = [c for g, triples in by_graph.items() for c in contexts_from_triples(g, triples)]
    renames, groups_of = plan(contexts)
    for document, mapping in renames.items():
        replace_graph(dataset, document, rename(dataset.graph(document), mapping, groups_of))
    return len(renames)


_CONTEXT_PREDICATES = {str(p) for p in (RDF.type, SKOS.prefLabel, RDF.predicate, RDF.subject, RDF.object,
                                        PROV.wasDerivedFrom, ZT.article, SCHEMA.mentions)}


def contexts_from_triples(document: URIRef, triples: Iterable[tuple]) -> list[Context]:
    """Every (person, article, organisation of a post) a document's triples
    state: its memberships and mentions. One pass over plain tuples (cheaper
    than rdflib lookups), so it runs where the triples are made, in the workers."""
    persons: dict = {}
    labels: dict = {}
    statements: set = set()
    values: dict = {}  # (node, predicate) → object
    mentions: list = []
    rdf_type, person_class, pref_label = str(RDF.type), str(ZT.Person), str(SKOS.prefLabel)
    rdf_predicate, member_of, schema_mentions = str(RDF.predicate), str(ORG.memberOf), str(SCHEMA.mentions)
    wanted = {str(RDF.subject), str(RDF.object), str(PROV.wasDerivedFrom), str(ZT.article)}
    for s, p, o in triples:
        key = str(p)
        if key == rdf_type:
            if str(o) == person_class:
                persons[s] = None
        elif key == pref_label:
            labels[s] = str(o)
        elif key == rdf_predicate:
            if str(o) == member_of:
                statements.add(s)
        elif key in wanted:
            values[(s, key)] = o
        elif key == schema_mentions:
            mentions.append((s, o))
    found = []
    subject, obj, derived, article_of = str(RDF.subject), str(RDF.object), str(PROV.wasDerivedFrom), str(ZT.article)
    for statement in statements:
        person = values.get((statement, subject))
        if person in persons:
            article = values.get((values.get((statement, derived)), article_of))
            found.append(Context(document, person, labels.get(person, ""), article, values.get((statement, obj))))
    for article, person in mentions:
        if person in persons:
            found.append(Context(document, person, labels.get(person, ""), article, None))
    return found
