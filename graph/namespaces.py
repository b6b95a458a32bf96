"""The vocabularies zhitu writes, and the one function that makes graphs with
every prefix bound (so no ``ns1:`` ever appears).

``ZT`` is a closed namespace: a typo in a term raises instead of minting an IRI.
"""
from __future__ import annotations

from collections.abc import Iterator

from rdflib import Dataset, Graph, Namespace
from rdflib.namespace import DefinedNamespace, OWL, PROV, RDF, RDFS, SKOS, XSD

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


ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
ZID = Namespace(ID_IRI)

PREFIXES = {
    "zt": Namespace(ZT_IRI),
    "zid": ZID,
    "org": ORG,
    "schema": SCHEMA,
    "skos": SKOS,
    "prov": PROV,
    "rdfs": RDFS,
    "rdf": RDF,
    "xsd": XSD,
    "owl": OWL,
}

#: Entity labels → ontology classes.
CLASS_OF = {"PER": ZT.Person, "ORG": ZT.Organization, "LOC": ZT.Place, "PROG": ZT.Programme, "EVENT": ZT.Event}
LABEL_OF = {str(v): k for k, v in CLASS_OF.items()}


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
