"""Assembling RDF from processed Docs: one named graph per input document.

Each document's graph holds what that document says: its articles, the
entities it names (types, canonical labels, aliases), the relations, and for
every relation an ``rdf:Statement`` with its provenance (sentence text and
offsets in the normalised document text, article, extractor, confidence).
The same entity in several documents has one IRI, so the union of the graphs
is the merged graph.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD

from zhitu.extractors.facts import text_of, Relation
from zhitu.graph import iris
from zhitu.graph.namespaces import CLASS_OF, ORG, SCHEMA, ZT
from zhitu.pages.model import Article, Document

PREDICATE = {
    "locatedIn": ZT.locatedIn,
    "subOrganizationOf": ORG.subOrganizationOf,
    "organizes": ZT.organizes,
    "participatesIn": ZT.participatesIn,
    "founded": SCHEMA.foundingDate,
    "holdsPosition": ORG.memberOf,
    "author": SCHEMA.author,
    "contributor": SCHEMA.contributor,
    "photographer": ZT.photographer,
    "publisher": SCHEMA.publisher,
}


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")


@dataclass
class DocumentCounts:
    """What one document added: for the run summary."""

    articles: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    relations: dict[str, int] = field(default_factory=dict)


def add_document(dataset: Dataset, document: Document, docs: Iterable) -> DocumentCounts:
    """Write ``document``'s facts (one processed Doc per article) into its named graph.

    The named graph is emptied first, so adding a document again replaces it.
    """
    doc_iri = iris.document_iri(document.doc_id)
    graph = dataset.graph(doc_iri)
    graph.remove((None, None, None))
    counts = DocumentCounts()
    graph.add((doc_iri, RDF.type, ZT.Document))
    graph.add((doc_iri, RDF.type, PROV.Entity))
    graph.add((doc_iri, ZT.source, Literal(document.doc_id)))
    seen_entities: set[URIRef] = set()
    for doc in docs:
        _add_article(graph, document, doc, counts, seen_entities)
    return counts


def _add_article(graph: Graph, document: Document, doc, counts: DocumentCounts, seen: set) -> None:
    article: Article = doc._.article
    base = doc._.offset
    doc_id = document.doc_id
    art = iris.article_iri(doc_id, article.index)
    counts.articles += 1
    graph.add((art, RDF.type, SCHEMA.NewsArticle))
    graph.add((art, SCHEMA.headline, zh(article.headline)))
    graph.add((art, SCHEMA.isPartOf, iris.document_iri(doc_id)))
    if article.date:
        graph.add((art, SCHEMA.datePublished, Literal(article.date.isoformat(), datatype=XSD.date)))
    entity_iris = {}
    for entity in doc._.entities or []:
        iri = iris.entity_iri(entity.label, entity.canonical)
        entity_iris[entity.key] = iri
        if iri not in seen:
            seen.add(iri)
            counts.entities[entity.label] = counts.entities.get(entity.label, 0) + 1
        graph.add((iri, RDF.type, CLASS_OF[entity.label]))
        graph.add((iri, RDFS.label, zh(entity.canonical)))
        graph.add((iri, SKOS.prefLabel, zh(entity.canonical)))
        for alias in entity.aliases:
            if alias != entity.canonical:
                graph.add((iri, SKOS.altLabel, zh(alias)))
        if entity.mentions:
            graph.add((art, SCHEMA.mentions, iri))
    if article.dateline:
        from zhitu.ontology import gazetteer

        place = iris.entity_iri("LOC", gazetteer.canonical_place(article.dateline) or article.dateline)
        if place in entity_iris.values():
            graph.add((art, ZT.datelinePlace, place))
    for relation in doc._.relations or []:
        head, tail = entity_iris.get(relation.head), entity_iris.get(relation.tail) if relation.tail else None
        if head is None or (relation.tail and tail is None):
            continue
        _add_relation(graph, doc_id, art, doc, base, relation, head, tail)
        counts.relations[relation.relation] = counts.relations.get(relation.relation, 0) + 1
    _add_credits(graph, document, art, doc, base, entity_iris, counts)


def _add_relation(graph: Graph, doc_id: str, art: URIRef, doc, base: int, relation: Relation, head, tail) -> None:
    predicate = PREDICATE[relation.relation]
    if relation.relation == "founded":
        obj = Literal(relation.value, datatype=XSD.date)
        graph.add((head, predicate, obj))
        if relation.place:
            graph.add((head, SCHEMA.foundingLocation, iris.entity_iri(*relation.place)))
    elif relation.relation == "holdsPosition":
        obj = tail
        role = iris.role_iri(relation.role)
        membership = iris.membership_iri(str(head), str(tail), relation.role)
        graph.add((role, RDF.type, ORG.Role))
        graph.add((role, RDF.type, SKOS.Concept))
        graph.add((role, SKOS.prefLabel, zh(relation.role)))
        graph.add((membership, RDF.type, ORG.Membership))
        graph.add((membership, ORG.member, head))
        graph.add((membership, ORG.organization, tail))
        graph.add((membership, ORG.role, role))
    else:
        obj = tail
        graph.add((head, predicate, tail))
    start, end = relation.sentence
    statement = iris.assertion_iri(doc_id, str(head), str(predicate), str(obj), relation.role or "", f"{start + base}")
    graph.add((statement, RDF.type, RDF.Statement))
    graph.add((statement, RDF.subject, head))
    graph.add((statement, RDF.predicate, predicate))
    graph.add((statement, RDF.object, obj))
    if relation.relation == "holdsPosition":
        graph.add((statement, ZT.membership, membership))
    _add_evidence(graph, doc_id, art, doc, base, statement, relation.sentence, relation.extractor, relation.confidence)


def _add_evidence(graph, doc_id, art, doc, base, statement, sentence, extractor, confidence) -> None:
    start, end = sentence
    sentence_node = iris.sentence_iri(doc_id, start + base, end + base)
    graph.add((sentence_node, RDF.type, ZT.Sentence))
    graph.add((sentence_node, ZT.text, zh(text_of(doc)[start:end])))
    graph.add((sentence_node, ZT.start, Literal(start + base)))
    graph.add((sentence_node, ZT.end, Literal(end + base)))
    graph.add((sentence_node, ZT.article, art))
    graph.add((sentence_node, ZT.document, iris.document_iri(doc_id)))
    graph.add((statement, RDF.type, PROV.Entity))
    graph.add((statement, PROV.wasDerivedFrom, sentence_node))
    graph.add((statement, ZT.extractor, Literal(extractor)))
    graph.add((statement, ZT.confidence, Literal(round(float(confidence), 3), datatype=XSD.decimal)))


def _add_credits(graph, document, art, doc, base, entity_iris, counts) -> None:
    from zhitu.extractors.components.credits import publisher_entity
    from zhitu.extractors.evidence import evidence_of

    article = doc._.article
    evidence = None
    if article.publisher:
        publisher = entity_iris.get(publisher_entity(article.publisher).key)
        if publisher is not None:
            graph.add((art, SCHEMA.publisher, publisher))
            counts.relations["publisher"] = counts.relations.get("publisher", 0) + 1
    for credit in article.credits:
        person = entity_iris.get(("PER", credit.name))
        if person is None:
            continue
        predicate = PREDICATE[credit.role]
        graph.add((art, predicate, person))
        counts.relations[credit.role] = counts.relations.get(credit.role, 0) + 1
        evidence = evidence or evidence_of(doc)
        local = credit.start - base
        statement = iris.assertion_iri(document.doc_id, str(art), str(predicate), str(person))
        graph.add((statement, RDF.type, RDF.Statement))
        graph.add((statement, RDF.subject, art))
        graph.add((statement, RDF.predicate, predicate))
        graph.add((statement, RDF.object, person))
        _add_evidence(graph, document.doc_id, art, doc, base, statement, evidence.sentence_of(max(local, 0)), "credits", 0.95)
