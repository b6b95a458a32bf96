"""The RDF vocabularies zhitu writes, the one table of prefixes, and the one
function that makes graphs with every prefix bound (so no ``ns1:`` ever appears).

``ZT``, ``ORG`` and ``SCHEMA`` are closed namespaces: a typo in a term raises
instead of minting an IRI. The tables from entity labels to classes and from
relation names to predicates are derived from :mod:`zhitu.ontology.vocabulary`.

Not for: the vocabulary of types itself (:mod:`zhitu.ontology.vocabulary`), or
minting IRIs of nodes (:mod:`zhitu.graph.iris`).
"""
from __future__ import annotations

from collections.abc import Iterator

from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.namespace import GEO, ORG, DefinedNamespace, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD

from zhitu.ontology import vocabulary

ZT_IRI = "https://w3id.org/zhitu/ontology#"
ID_IRI = "https://w3id.org/zhitu/id/"


class ZT(DefinedNamespace):
    """zhitu's ontology terms (ontology/zhitu.ttl defines each)."""

    _NS = Namespace(ZT_IRI)
    _fail = True

    Person: object
    Organization: object
    Place: object
    Programme: object
    Event: object
    Document: object
    Sentence: object
    Assertion: object
    locatedIn: object
    organizes: object
    participatesIn: object
    photographer: object
    datelinePlace: object
    extractor: object
    confidence: object
    text: object
    start: object
    end: object
    article: object
    document: object
    source: object
    fingerprint: object
    Merge: object
    mergedInto: object
    mergedName: object
    mergeReason: object
    membership: object
    reportedOn: object
    historical: object


class SCHEMA(DefinedNamespace):
    """The schema.org terms zhitu writes (rdflib's ``SDO`` is open: a typo would mint a term)."""

    _NS = Namespace("https://schema.org/")
    _fail = True

    NewsArticle: object
    Organization: object
    author: object
    contributor: object
    datePublished: object
    foundingDate: object
    foundingLocation: object
    headline: object
    isPartOf: object
    mentions: object
    name: object
    publisher: object
    softwareVersion: object


ZID = Namespace(ID_IRI)

#: Every prefix zhitu binds in the graphs it makes and pre-declares in queries.
PREFIXES: dict[str, Namespace] = {
    "zt": ZT._NS,
    "zid": ZID,
    "org": ORG._NS,  # rdflib's W3C ORG: closed
    "schema": SCHEMA._NS,
    "skos": SKOS,
    "prov": PROV,
    "rdfs": RDFS,
    "rdf": RDF,
    "xsd": XSD,
    "owl": OWL,
    "time": TIME,  # OWL-Time: when a post began and ended (org:memberDuring)
    "geo": GEO,  # GeoSPARQL: a division's point (geo:hasGeometry/geo:asWKT)
}

#: Entity labels → ontology classes (from the vocabulary).
CLASS_OF: dict[str, URIRef] = {t.label: URIRef(t.cls) for t in vocabulary.ENTITY_TYPES}
#: Class IRIs → entity labels.
LABEL_OF: dict[str, str] = {t.cls: t.label for t in vocabulary.ENTITY_TYPES}
#: Relation names → the predicate linking their ends (from the vocabulary).
PREDICATE: dict[str, URIRef] = {r.name: URIRef(r.predicate) for r in vocabulary.RELATIONS}


def bind_prefixes(graph: Graph) -> Graph:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def new_dataset() -> Dataset:
    """An empty Dataset (union default graph) with every zhitu prefix bound."""
    return bind_prefixes(Dataset(default_union=True))


def merged_triples(graph: Graph) -> Iterator[tuple]:
    """Each triple of a graph, or of every graph of a Dataset, once: the union a
    ``default_union`` Dataset reads (zhitu's do), or the same built from its quads."""
    if not isinstance(graph, Dataset) or graph.default_union:
        yield from graph.triples((None, None, None))
        return
    yield from dict.fromkeys((s, p, o) for s, p, o, _ in graph.quads((None, None, None, None)))
