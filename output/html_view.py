"""The HTML writer entry of the registry: RDF → NetworkX → offline pyvis page.

From a store, only what the page draws is read (:data:`DRAWN`): the merged
graph's triples of the predicates :func:`zhitu.graph.nx.to_networkx` looks at,
not a copy of the whole store.
"""
from __future__ import annotations

import functools
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.namespace import PROV, RDF, RDFS, SKOS, TIME

from zhitu.graph.namespaces import ORG, SCHEMA, ZT
from zhitu.graph.nx import to_networkx
from zhitu.output.html import write_html

#: The predicates whose triples make the page: node types and names, the
#: statements behind edges with their roles, evidence and dates, publisher and
#: mentions. Every predicate :mod:`zhitu.graph.nx` reads must be here
#: (``tests/test_store_bulk.py`` checks).
DRAWN = (
    RDF.type, SKOS.prefLabel, RDFS.label, SCHEMA.headline, SKOS.altLabel, SCHEMA.datePublished,
    RDF.subject, RDF.predicate, RDF.object, ZT.extractor, ZT.confidence, ZT.membership, ORG.role,
    PROV.wasDerivedFrom, ZT.article, ZT.document, ZT.text, ZT.start, ZT.end, ZT.source,
    ZT.historical, ZT.reportedOn, ORG.memberDuring, TIME.hasBeginning, TIME.hasEnd,
    TIME.inXSDDate, TIME.inXSDgYearMonth, TIME.inXSDgYear,
    SCHEMA.publisher, SCHEMA.mentions,
)


def write_html_view(dataset: Dataset, path: Path) -> None:
    write_html(to_networkx(dataset, include_mentions=False), path)


def write_html_view_from_store(store, path: Path) -> None:
    """:func:`write_html_view` of a :class:`zhitu.store.Store`, reading :data:`DRAWN` only."""
    write_html(to_networkx(drawn_graph(store), include_mentions=False), path)


def drawn_graph(store) -> Graph:
    """The part of the store's merged graph the page draws, as an rdflib Graph
    (a list of triples: :func:`to_networkx` reads them once, so no index is built)."""
    import pyoxigraph as ox

    from zhitu.graph.terms import from_oxigraph, to_oxigraph

    convert = functools.cache(from_oxigraph)
    inner = store.oxigraph
    triples = []
    for predicate in DRAWN:
        triples.extend((convert(q.subject), predicate, convert(q.object))
                       for q in inner.quads_for_pattern(None, to_oxigraph(predicate), None, ox.DefaultGraph()))
    return _Listed(triples)


class _Listed(Graph):
    """A read-only Graph over a list of triples, matched by scanning it."""

    def __init__(self, triples: list[tuple]) -> None:
        super().__init__()
        self._listed = triples

    def triples(self, pattern):
        s, p, o = pattern
        for triple in self._listed:
            if (s is None or triple[0] == s) and (p is None or triple[1] == p) and (o is None or triple[2] == o):
                yield triple

    def __len__(self) -> int:
        return len(self._listed)
