"""RDF writers: Turtle (named graphs merged), TriG and N-Quads (named graphs
kept). Serialised by Oxigraph, which is fast on big graphs, with every zhitu
prefix declared."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Literal, URIRef

from zhitu.graph.namespaces import PREFIXES
from zhitu.output.atomic import atomic_open


def _term(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def to_oxigraph_quads(dataset: Dataset, *, keep_graphs: bool) -> list:
    cache: dict = {}

    def convert(term):
        value = cache.get(term)
        if value is None:
            value = cache[term] = _term(term)
        return value

    quads = []
    seen = set()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)  # rdflib 7's Dataset.quads yields the graph's IRI
        if keep_graphs and isinstance(name, URIRef) and str(name) != "urn:x-rdflib:default":
            graph_name = convert(name)
        else:
            graph_name = ox.DefaultGraph()
            if (s, p, o) in seen:
                continue
            seen.add((s, p, o))
        quads.append(ox.Quad(convert(s), convert(p), convert(o), graph_name))
    return quads


def _serialize(dataset: Dataset, path: Path, fmt, *, keep_graphs: bool) -> None:
    quads = to_oxigraph_quads(dataset, keep_graphs=keep_graphs)
    prefixes = {k: str(v) for k, v in PREFIXES.items()} if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    with atomic_open(path, "wb") as handle:
        if prefixes:
            ox.serialize(quads, handle, fmt, prefixes=prefixes)
        else:
            ox.serialize(quads, handle, fmt)


def write_turtle(dataset: Dataset, path: Path) -> None:
    _serialize(dataset, path, ox.RdfFormat.TURTLE, keep_graphs=False)


def write_trig(dataset: Dataset, path: Path) -> None:
    _serialize(dataset, path, ox.RdfFormat.TRIG, keep_graphs=True)


def write_nquads(dataset: Dataset, path: Path) -> None:
    _serialize(dataset, path, ox.RdfFormat.N_QUADS, keep_graphs=True)
