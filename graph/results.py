"""The answer to a SPARQL query, materialised as rdflib terms: what the store
(:meth:`zhitu.store.Store.query`) and queries over graph files
(:func:`zhitu.query.run_query`) return, and what the formatter
(:mod:`zhitu.output.answers`) and the server read.

Plain data, so the store can answer without knowing how answers are printed.
Not for: running queries or formatting answers.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from rdflib import Graph
from rdflib.term import Node

from zhitu.graph.namespaces import PREFIXES

__all__ = ["QueryResult", "RESULT_PREFIXES"]

#: The prefixes answers compact IRIs with, unless a query result names others.
RESULT_PREFIXES: Mapping[str, str] = {prefix: str(ns) for prefix, ns in PREFIXES.items()}


@dataclass(frozen=True)
class QueryResult:
    """A materialised SPARQL answer.

    ``kind`` is ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``; SELECT
    fills ``variables`` and ``rows`` (``None`` for an unbound cell), ASK fills
    ``boolean``, CONSTRUCT and DESCRIBE fill ``graph``. ``namespaces`` are the
    prefixes used to compact IRIs in tables and Turtle.
    """

    kind: str
    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Node | None, ...], ...] = ()
    boolean: bool | None = None
    graph: Graph | None = None
    namespaces: Mapping[str, str] = field(default_factory=lambda: dict(RESULT_PREFIXES))
