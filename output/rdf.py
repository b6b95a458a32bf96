"""RDF writers serialised by Oxigraph (fast on big graphs): Turtle, N-Triples
and RDF/XML (named graphs merged), TriG and N-Quads (one named graph per
input document). Every zhitu prefix is declared where the syntax has
prefixes, so no ``ns1:`` appears; statements are sorted (graph, subject,
predicate, object), so the same graph always gives the same file.

The ``dump_*`` writers take a :class:`zhitu.store.Store` instead and stream
from it (no copy of the store in memory): the merged graph, or each document's
graph, in the store's own order (the order of Oxigraph's indexes: the same
store content always gives the same file, but not sorted as above; statements
of one subject together).

Not for: JSON-LD (``zhitu.output.jsonld``, compacted with the published
context) or the graph-tool formats.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, URIRef

from zhitu.graph.namespaces import PREFIXES, merged_triples
from zhitu.graph.terms import to_oxigraph
from zhitu.output.atomic import atomic_open, atomic_path

__all__ = ["to_oxigraph_statements", "write_turtle", "write_trig", "write_nquads", "write_ntriples", "write_rdfxml",
           "dump_turtle", "dump_trig", "dump_nquads", "dump_ntriples"]

_DEFAULT_GRAPH = "urn:x-rdflib:default"
_WITH_PREFIXES = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)


def to_oxigraph_statements(dataset: Dataset, *, keep_graphs: bool) -> list[ox.Quad] | list[ox.Triple]:
    """The dataset's statements as Oxigraph quads, sorted (graph, subject,
    predicate, object); with ``keep_graphs`` false, the named graphs merged into
    triples (duplicates dropped)."""
    # Each distinct term is converted, and printed for the sort key, once.
    cache: dict = {}

    def convert(term) -> tuple:
        value = cache.get(term)
        if value is None:
            converted = to_oxigraph(term)
            value = cache[term] = (converted, str(converted))
        return value

    keyed = []
    if keep_graphs:
        default = (ox.DefaultGraph(), "")
        for s, p, o, g in dataset.quads((None, None, None, None)):
            name = getattr(g, "identifier", g)  # rdflib 7's Dataset.quads yields the graph's IRI
            graph = convert(name) if isinstance(name, URIRef) and str(name) != _DEFAULT_GRAPH else default
            (s, sk), (p, pk), (o, ok) = convert(s), convert(p), convert(o)
            keyed.append(((graph[1], sk, pk, ok), ox.Quad(s, p, o, graph[0])))
    else:
        for s, p, o in merged_triples(dataset):
            (s, sk), (p, pk), (o, ok) = convert(s), convert(p), convert(o)
            keyed.append(((sk, pk, ok), ox.Triple(s, p, o)))
    keyed.sort(key=lambda item: item[0])
    return [statement for _, statement in keyed]


def _serialize(dataset: Dataset, path: Path, fmt: ox.RdfFormat, *, keep_graphs: bool) -> None:
    items = to_oxigraph_statements(dataset, keep_graphs=keep_graphs)
    options = {"prefixes": {k: str(v) for k, v in PREFIXES.items()}} if fmt in _WITH_PREFIXES else {}
    with atomic_open(path, "wb") as handle:
        if fmt == ox.RdfFormat.RDF_XML:
            handle.write(_without_unused_its(ox.serialize(items, None, fmt, **options)))
        else:
            ox.serialize(items, handle, fmt, **options)


def _without_unused_its(xml: bytes) -> bytes:
    """Oxigraph declares W3C ITS (for text direction) on every RDF/XML root;
    drop it when unused, so the file declares zhitu's prefixes only."""
    declaration = b' xmlns:its="http://www.w3.org/2005/11/its"'
    head, sep, body = xml.partition(declaration)
    return head + body if sep and b"its:" not in body else xml


def write_turtle(dataset: Dataset, path: Path) -> None:
    _serialize(dataset, path, ox.RdfFormat.TURTLE, keep_graphs=False)


def write_trig(dataset: Dataset, path: Path) -> None:
    _serialize(dataset, path, ox.RdfFormat.TRIG, keep_graphs=True)


def write_nquads(dataset: Dataset, path: Path) -> None:
    _serialize(dataset, path, ox.RdfFormat.N_QUADS, keep_graphs=True)


def write_ntriples(dataset: Dataset, path: Path) -> None:
    _serialize(dataset, path, ox.RdfFormat.N_TRIPLES, keep_graphs=False)


def write_rdfxml(dataset: Dataset, path: Path) -> None:
    _serialize(dataset, path, ox.RdfFormat.RDF_XML, keep_graphs=False)


# -- streamed from a store -----------------------------------------------------------------

def _dump(store, path: Path, fmt: ox.RdfFormat, *, keep_graphs: bool) -> None:
    inner = store.oxigraph
    options = {"prefixes": {k: str(v) for k, v in PREFIXES.items()}} if fmt in _WITH_PREFIXES else {}
    if not keep_graphs:  # the merged graph the store keeps in step with the documents'
        # Oxigraph opens the file itself: writing it never waits for Python's lock.
        with atomic_path(path) as tmp:
            inner.dump(str(tmp), fmt, from_graph=ox.DefaultGraph(), **options)
        return
    with atomic_open(path, "wb") as handle:
        # Each document's graph, one after the other (the merged default graph left out).
        names = sorted(inner.named_graphs(), key=lambda graph: graph.value)
        quads = (quad for name in names for quad in inner.quads_for_pattern(None, None, None, name))
        ox.serialize(quads, handle, fmt, **options)


def dump_turtle(store, path: Path) -> None:
    _dump(store, path, ox.RdfFormat.TURTLE, keep_graphs=False)


def dump_trig(store, path: Path) -> None:
    _dump(store, path, ox.RdfFormat.TRIG, keep_graphs=True)


def dump_nquads(store, path: Path) -> None:
    _dump(store, path, ox.RdfFormat.N_QUADS, keep_graphs=True)


def dump_ntriples(store, path: Path) -> None:
    _dump(store, path, ox.RdfFormat.N_TRIPLES, keep_graphs=False)
