"""Assembling RDF from processed Docs: one named graph per input document.

Each document's graph holds what that document says: its articles, the
entities it names (types, canonical labels, aliases), the relations, and for
every relation an ``rdf:Statement`` with its provenance (sentence text and
offsets in the normalised document text, article, extractor, confidence).
The same entity in several documents has one IRI, so the union of the graphs
is the merged graph.

Provenance in PROV-O terms: each statement (``rdf:Statement``, ``zt:Assertion``)
``prov:wasDerivedFrom`` its ``zt:Sentence`` and ``prov:wasGeneratedBy`` the
document's extraction (a ``prov:Activity`` that ``prov:used`` the
``zt:Document`` and ``prov:wasAssociatedWith`` zhitu, a ``prov:SoftwareAgent``
with its version). The sentence's ``zt:text``, ``zt:article`` and
``zt:document`` are subproperties of ``prov:value``, ``prov:wasQuotedFrom`` and
``prov:hadPrimarySource`` (see ``ontology/zhitu.ttl``). Every graph conforms to
``ontology/shapes.ttl``.

Time on facts: every assertion has its ``zt:article`` (whose ``schema:datePublished``
is when it was reported); each ``org:Membership`` has a ``zt:reportedOn`` date in
each document graph that reports it, so the merged graph holds every report date
(first and last are their MIN and MAX, taken when queried or exported). When the
sentence says when the post began or ended (自2018年起任, 2015年至2019年任) the
membership is ``org:memberDuring`` an OWL-Time ``time:Interval`` of that
assertion; a post the sentence reports as left (曾任, 原…, 前…) makes the
assertion ``zt:historical true`` and the interval's end ``time:before`` the
report date.

The Doc is the only contract with extraction: this module maps the facts the
pipeline puts on it (``zhitu.extractors.facts``: entities, relations, merges,
article links, dateline place) and the reading stage's article metadata to
triples. It imports no extraction code and does no I/O.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, TIME, XSD
from rdflib.term import Node

from zhitu import __version__
from zhitu.graph import iris
from zhitu.graph.divisions import add_divisions
from zhitu.graph.namespaces import CLASS_OF, ID_IRI, ORG, PREDICATE, SCHEMA, ZT
from zhitu.read.model import Article, Document

Triple = tuple[Node, Node, Node]
Add = Callable[[Triple], None]


#: Where an article's lead sentence ends, and how long a headline made from it may be.
_LEAD_END = re.compile(r"[。！？!?\n]")
_LEAD_MAX = 40


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def headline_of(article: Article, text: str) -> str:
    """The article's headline, never empty: an article the layout gives none (a
    page of one paragraph) is headed by its lead sentence (``text`` is the
    article's), cut to 40 characters; queries join articles on their headline."""
    if article.headline.strip():
        return article.headline
    lead = _LEAD_END.split(text.strip(), maxsplit=1)[0].strip()
    if len(lead) > _LEAD_MAX:
        lead = lead[: _LEAD_MAX - 1] + "…"
    return lead or article.article_id


@dataclass
class DocumentCounts:
    """What one document added: for the run summary."""

    articles: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    relations: dict[str, int] = field(default_factory=dict)


def replace_graph(dataset: Dataset, name: URIRef, triples: Iterable[Triple]) -> None:
    """Make ``triples`` the whole content of the named graph ``name``."""
    graph = dataset.graph(name)
    graph.remove((None, None, None))
    # Straight to the store: the triples are zhitu's own, so rdflib's per-quad checks can go.
    dataset.store.addN((s, p, o, graph) for s, p, o in triples)


def document_triples(document: Document, docs: Iterable) -> tuple[list[Triple], DocumentCounts]:
    """The triples of ``document``'s graph (no duplicates), and what they count.

    A plain function of the document and its Docs, so it runs the same in
    this process or in a worker (:mod:`zhitu.cluster`), whose triples pickle.
    """
    doc_iri = iris.document_iri(document.doc_id)
    counts = DocumentCounts()
    # Triples are gathered and de-duplicated: the same sentence, entity or
    # role comes up many times, and one addN costs less than many adds.
    triples: list[Triple] = []
    add = triples.append
    add((doc_iri, RDF.type, ZT.Document))
    add((doc_iri, RDF.type, PROV.Entity))
    add((doc_iri, ZT.source, Literal(document.doc_id)))
    activity = _add_extraction(add, document.doc_id, doc_iri)
    seen_entities: set[URIRef] = set()
    for doc in docs:
        _add_article(add, document, doc, counts, seen_entities, activity)
    return list(dict.fromkeys(triples)), counts


def _add_extraction(add: Add, doc_id: str, doc_iri: URIRef) -> URIRef:
    """The activity that generated the document's statements: it used the document."""
    activity = iris.extraction_iri(doc_id)
    software = iris.software_iri(__version__)
    add((activity, RDF.type, PROV.Activity))
    add((activity, PROV.used, doc_iri))
    add((activity, PROV.wasAssociatedWith, software))
    add((software, RDF.type, PROV.SoftwareAgent))
    add((software, SCHEMA.name, Literal("zhitu")))
    add((software, SCHEMA.softwareVersion, Literal(__version__)))
    return activity


def _add_article(add: Add, document: Document, doc, counts: DocumentCounts, seen: set, activity: URIRef) -> None:
    article: Article = doc._.article
    base = doc._.offset
    # The article's text as read (the Doc's text, which spaCy would join token by token).
    text = document.text[article.start : article.end]
    doc_id = document.doc_id
    art = iris.article_iri(doc_id, article.index)
    counts.articles += 1
    add((art, RDF.type, SCHEMA.NewsArticle))
    add((art, SCHEMA.headline, zh(headline_of(article, text))))
    add((art, SCHEMA.isPartOf, iris.document_iri(doc_id)))
    reported = Literal(article.date.isoformat(), datatype=XSD.date) if article.date else None
    if reported is not None:
        add((art, SCHEMA.datePublished, reported))
    entity_iris = {}
    for entity in doc._.entities or []:
        if not entity.canonical.strip():
            continue  # no name to label it with (an entity must have one); its relations go too
        iri = iris.entity_iri(entity.label, entity.canonical)
        entity_iris[entity.key] = iri
        if iri not in seen:
            seen.add(iri)
            counts.entities[entity.label] = counts.entities.get(entity.label, 0) + 1
        add((iri, RDF.type, CLASS_OF[entity.label]))
        add((iri, RDFS.label, zh(entity.canonical)))
        add((iri, SKOS.prefLabel, zh(entity.canonical)))
        for alias in entity.aliases:
            if alias.strip() and alias != entity.canonical:
                add((iri, SKOS.altLabel, zh(alias)))
        if entity.mentions:
            add((art, SCHEMA.mentions, iri))
    for merge in doc._.merges or []:
        target = entity_iris.get((merge.label, merge.canonical))
        if target is not None and merge.alias.strip() and merge.reason:
            node = iris.merge_iri(doc_id, article.index, merge.label, merge.canonical, merge.alias)
            add((node, RDF.type, ZT.Merge))
            add((node, ZT.mergedInto, target))
            add((node, ZT.mergedName, zh(merge.alias)))
            add((node, ZT.mergeReason, Literal(merge.reason)))
            add((node, ZT.article, art))
    if doc._.dateline_place is not None:
        place = iris.entity_iri(*doc._.dateline_place)
        if place in entity_iris.values():
            add((art, ZT.datelinePlace, place))
    for relation in _strongest(doc._.relations or []):
        head, tail = entity_iris.get(relation.head), entity_iris.get(relation.tail) if relation.tail else None
        if head is None or (relation.tail and tail is None) or not _evidenced(text, relation):
            continue
        _add_relation(add, doc_id, art, text, base, relation, head, tail, activity, reported)
        counts.relations[relation.relation] = counts.relations.get(relation.relation, 0) + 1
    _add_article_links(add, doc_id, art, text, base, doc._.article_links or [], entity_iris, counts, activity)
    add_divisions(add, doc_id, getattr(doc._, "divisions", None) or [], entity_iris, activity)


def _strongest(relations: list) -> list:
    """One relation per fact and sentence (one statement, one extractor, one confidence):
    of several, the one that dates the fact (began, ended, former), then the one with
    the higher confidence."""
    best: dict = {}
    for relation in relations:
        # The statement's IRI names the sentence by its start: two spans from one start are one statement.
        key = (relation.head, relation.relation, relation.tail, relation.role, relation.value, relation.sentence[0])
        rank = (_dated(relation), relation.confidence)
        if key not in best or rank > (_dated(best[key]), best[key].confidence):
            best[key] = relation
    return list(best.values())


def _dated(relation) -> bool:
    return bool(relation.began or relation.ended or relation.former)


def date_type(value: str) -> URIRef:
    """The XSD type of a date as precise as the text wrote it: 1934 (xsd:gYear),
    1934-05 (xsd:gYearMonth), 1934-05-04 (xsd:date)."""
    return {4: XSD.gYear, 7: XSD.gYearMonth}.get(len(value), XSD.date)


def _evidenced(text: str, relation) -> bool:
    """Whether the relation (a ``Relation`` fact) can be written whole: its sentence
    has text (provenance needs it) and a position has a role to name (a membership needs one)."""
    start, end = relation.sentence
    if not text[start:end].strip():
        return False
    return relation.relation != "holdsPosition" or bool(relation.role and relation.role.strip())


def _add_relation(add: Add, doc_id: str, art: URIRef, text: str, base: int, relation, head, tail,
                  activity: URIRef, reported: Literal | None = None) -> None:
    predicate = PREDICATE[relation.relation]
    if relation.relation == "founded":
        obj = Literal(relation.value, datatype=date_type(relation.value))
        add((head, predicate, obj))
        if relation.place:
            add((head, SCHEMA.foundingLocation, iris.entity_iri(*relation.place)))
    elif relation.relation == "holdsPosition":
        obj = tail
        role = iris.role_iri(relation.role)
        membership = iris.membership_iri(str(head), str(tail), relation.role)
        add((role, RDF.type, ORG.Role))
        add((role, RDF.type, SKOS.Concept))
        add((role, SKOS.prefLabel, zh(relation.role)))
        add((membership, RDF.type, ORG.Membership))
        add((membership, ORG.member, head))
        add((membership, ORG.organization, tail))
        add((membership, ORG.role, role))
        if reported is not None:
            add((membership, ZT.reportedOn, reported))
        add((head, predicate, tail))  # the shortcut the statement describes
    else:
        obj = tail
        add((head, predicate, tail))
    start, end = relation.sentence
    statement = iris.assertion_iri(doc_id, str(head), str(predicate), str(obj), relation.role or "", f"{start + base}")
    add((statement, RDF.type, RDF.Statement))
    add((statement, RDF.subject, head))
    add((statement, RDF.predicate, predicate))
    add((statement, RDF.object, obj))
    if relation.relation == "holdsPosition":
        add((statement, ZT.membership, membership))
        _add_time(add, statement, membership, relation, reported)
    _add_evidence(add, doc_id, art, text, base, statement, relation.sentence, relation.extractor,
                  relation.confidence, activity)


#: OWL-Time's property for a date as precise as written: 2018, 2018-05, 2018-05-03.
_IN_XSD = {4: (TIME.inXSDgYear, XSD.gYear), 7: (TIME.inXSDgYearMonth, XSD.gYearMonth), 10: (TIME.inXSDDate, XSD.date)}


def _add_time(add: Add, statement: URIRef, membership: URIRef, relation, reported: Literal | None) -> None:
    """What the sentence says of the post's time: the interval it was held (its
    beginning and end as written; for a former post, an end before the report date)."""
    began, ended, former = relation.began, relation.ended, relation.former
    if former:
        add((statement, ZT.historical, Literal(True)))
    if not (began or ended or (former and reported is not None)):
        return
    interval = URIRef(f"{statement}/during")
    add((membership, ORG.memberDuring, interval))
    add((interval, RDF.type, TIME.Interval))
    for link, value in ((TIME.hasBeginning, began), (TIME.hasEnd, ended)):
        if value and len(value) in _IN_XSD:
            instant = URIRef(f"{interval}/{'beginning' if link == TIME.hasBeginning else 'end'}")
            prop, datatype = _IN_XSD[len(value)]
            add((interval, link, instant))
            add((instant, RDF.type, TIME.Instant))
            add((instant, prop, Literal(value, datatype=datatype)))
    if former and not ended and reported is not None:
        end, report = URIRef(f"{interval}/end"), URIRef(f"{ID_IRI}date/{reported}")
        add((interval, TIME.hasEnd, end))
        add((end, RDF.type, TIME.Instant))
        add((end, TIME.before, report))
        add((report, RDF.type, TIME.Instant))
        add((report, TIME.inXSDDate, reported))


def _add_evidence(add: Add, doc_id, art, text, base, statement, sentence, extractor, confidence, activity) -> None:
    start, end = sentence
    sentence_node = iris.sentence_iri(doc_id, start + base, end + base)
    add((sentence_node, RDF.type, ZT.Sentence))
    add((sentence_node, ZT.text, zh(text[start:end])))
    add((sentence_node, ZT.start, Literal(start + base)))
    add((sentence_node, ZT.end, Literal(end + base)))
    add((sentence_node, ZT.article, art))
    add((sentence_node, ZT.document, iris.document_iri(doc_id)))
    add((statement, RDF.type, ZT.Assertion))  # ⊑ prov:Entity
    add((statement, ZT.article, art))  # its schema:datePublished is when it was reported
    add((statement, PROV.wasDerivedFrom, sentence_node))
    add((statement, PROV.wasGeneratedBy, activity))
    add((statement, ZT.extractor, Literal(extractor)))
    # A Decimal, not a float: the literal's value must be in xsd:decimal's value space.
    add((statement, ZT.confidence, Literal(Decimal(str(round(float(confidence), 3))))))


def _add_article_links(add: Add, doc_id: str, art: URIRef, text: str, base: int, links, entity_iris,
                       counts: DocumentCounts, activity: URIRef) -> None:
    """The article's credits and publisher (``ArticleLink`` facts): a link with an
    evidence sentence is stated with its provenance, as relations are."""
    for link in links:
        entity = entity_iris.get(link.entity)
        if entity is None and link.relation == "publisher" and link.entity[1].strip():
            # A publisher only the layout names (not the text): a schema:Organization with
            # its name, not one of the text's entities.
            entity = iris.entity_iri(*link.entity)
            add((entity, RDF.type, SCHEMA.Organization))
            add((entity, RDFS.label, zh(link.entity[1])))
        if entity is None:
            continue
        predicate = PREDICATE[link.relation]
        add((art, predicate, entity))
        counts.relations[link.relation] = counts.relations.get(link.relation, 0) + 1
        if link.sentence is None:
            continue
        statement = iris.assertion_iri(doc_id, str(art), str(predicate), str(entity))
        add((statement, RDF.type, RDF.Statement))
        add((statement, RDF.subject, art))
        add((statement, RDF.predicate, predicate))
        add((statement, RDF.object, entity))
        _add_evidence(add, doc_id, art, text, base, statement, link.sentence, link.extractor, link.confidence,
                      activity)
