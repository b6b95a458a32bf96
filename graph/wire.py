"""A document graph's triples as they travel from a worker process to the
client: N-Triples bytes written by Oxigraph.

A Dask worker (:mod:`zhitu.dask_worker`) sends each document's graph as
:class:`NTriples` rather than as pickled rdflib terms: one ``bytes`` object
is cheap to send and to receive, and the store loads it with Oxigraph's own
parser (:meth:`zhitu.store.Store.replace_documents`), so the client, which
writes the store for every worker, never makes a Python object per term.

Oxigraph writes one triple per line, each ending in `` .`` and a newline, and
escapes every newline inside a literal, so a line is a triple; the store
relies on that to add a graph name to each line (:meth:`NTriples.quads`).

Not for: files (``zhitu.output.rdf`` writes N-Triples for people).
"""
from __future__ import annotations

import functools
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from zhitu.graph.terms import from_oxigraph, to_oxigraph

_END = b" .\n"


@dataclass(frozen=True)
class NTriples:
    """One document graph's triples: ``data`` (N-Triples, UTF-8) and their ``count``."""

    data: bytes
    count: int

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[tuple]:
        """The triples as Oxigraph (subject, predicate, object)."""
        for quad in ox.parse(self.data, ox.RdfFormat.N_TRIPLES, lenient=True):
            yield quad.subject, quad.predicate, quad.object

    def quads(self, graph: ox.NamedNode) -> bytes:
        """The triples as N-Quads in ``graph``."""
        return self.data.replace(_END, f" {graph} .\n".encode("utf-8"))

    def rdflib_triples(self) -> list[tuple]:
        """The triples as rdflib terms (each distinct term converted once)."""
        convert = functools.cache(from_oxigraph)
        return [(convert(s), convert(p), convert(o)) for s, p, o in self]


def encode(triples: Iterable[tuple]) -> NTriples:
    """rdflib (or Oxigraph) triples as :class:`NTriples` (each distinct term converted once)."""
    to_ox = functools.cache(to_oxigraph)

    def convert(term):
        return term if isinstance(term, (ox.NamedNode, ox.BlankNode, ox.Literal)) else to_ox(term)

    statements = [ox.Triple(convert(s), convert(p), convert(o)) for s, p, o in triples]
    data = ox.serialize(statements, None, ox.RdfFormat.N_TRIPLES) if statements else b""
    return NTriples(data, len(statements))


def stream(pieces: Iterable[bytes], *, buffer: int = 1 << 20) -> io.BufferedReader:
    """``pieces`` read as one binary file, each piece made only as the reader reaches it:
    many documents' N-Triples or N-Quads handed to Oxigraph's loader without one ``bytes``
    of them all (which would double, for the load's length, what the batch takes)."""
    return io.BufferedReader(_Pieces(pieces), buffer)


class _Pieces(io.RawIOBase):
    def __init__(self, pieces: Iterable[bytes]) -> None:
        self._pieces = iter(pieces)
        self._left = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self._left:
            piece = next(self._pieces, None)
            if piece is None:
                return 0
            self._left = memoryview(piece)
        size = min(len(buffer), len(self._left))
        buffer[:size] = self._left[:size]
        self._left = self._left[size:]
        return size


def rdflib_triples(triples) -> list[tuple]:
    """``triples`` (a list of rdflib triples or :class:`NTriples`) as rdflib triples."""
    return triples.rdflib_triples() if isinstance(triples, NTriples) else list(triples)
