"""Run SPARQL over graphs read from files, and the named queries zhitu ships.

For: running a SELECT/ASK/CONSTRUCT/DESCRIBE query over an rdflib graph with
the project's prefixes bound (and variables bound to values, never spliced
into the text), and the catalogue of named queries (``queries/*.rq``).
The answer is a :class:`~zhitu.graph.results.QueryResult`, as the store's is
(``zhitu.store.Store.query``).
Not for: reading graph files (:func:`zhitu.output.read`, the reader registry),
formatting answers (:mod:`zhitu.output.answers`), building graphs
(``zhitu.graph``) or the store itself (``zhitu.store``); SPARQL Update is not
supported.

A named query is a ``.rq`` file in ``queries/`` whose first comment
lines say what it does and, when it takes one, its parameter::

    # description: Who holds which position in an organisation (ORG: its name or an alias).
    # parameter: ?org_name ORG
    SELECT DISTINCT ?person ?role ?organisation ?org_name WHERE { ... }

The parameter's value is bound to the variable as a ``@zh`` literal (names in
the graph are Chinese literals, SCHEMA.md) before the query runs; the variable
must be in the SELECT list (Oxigraph binds only projected variables).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from rdflib import Graph, Literal
from rdflib.term import Node

from zhitu.errors import QueryError, UnknownChoiceError, one_line
from zhitu.graph.results import RESULT_PREFIXES as PREFIXES, QueryResult

__all__ = ["PREFIXES", "QueryResult", "run_query", "NamedQuery", "named_queries", "named_query",
           "parse_named_query", "format_named_list"]


def run_query(dataset: Graph, query: str, *, bindings: Mapping[str, Node] | None = None) -> QueryResult:
    """Run a SPARQL SELECT/ASK/CONSTRUCT/DESCRIBE query over ``dataset``.

    The prefixes in :data:`PREFIXES` need not be declared in ``query``;
    ``bindings`` give variables (by name, without ``?``) a value before the
    query runs. Raises :class:`QueryError` with a one-line message when the
    query does not parse or cannot run.
    """
    try:
        result = dataset.query(query, initNs=dict(PREFIXES), initBindings=dict(bindings or {}))
        kind = result.type
        if kind == "SELECT":
            variables = tuple(str(v) for v in result.vars or ())
            rows = tuple(tuple(row) for row in result)
            answer = QueryResult(kind, variables=variables, rows=rows)
        elif kind == "ASK":
            answer = QueryResult(kind, boolean=bool(result.askAnswer))
        else:
            answer = QueryResult(kind, graph=result.graph)
    except QueryError:
        raise
    except Exception as err:  # pyparsing, rdflib and plain Exception all occur
        raise QueryError(_query_message(err)) from err
    namespaces = dict(PREFIXES)  # first, so they win ties in compact_iri
    ours = set(PREFIXES.values())
    for prefix, ns in dataset.namespaces():
        if prefix and prefix not in namespaces and str(ns) not in ours:
            namespaces[prefix] = str(ns)
    return QueryResult(
        answer.kind, answer.variables, answer.rows, answer.boolean, answer.graph, namespaces
    )


# -- named queries --------------------------------------------------------------


@dataclass(frozen=True)
class NamedQuery:
    """A query shipped as ``queries/<name>.rq``."""

    name: str
    description: str
    text: str
    parameter: str | None = None
    """The variable the argument binds (without ``?``), or None."""
    argument: str | None = None
    """How help and usage name the argument (ORG, PLACE…)."""

    @property
    def usage(self) -> str:
        return f"zhitu query --named {self.name}" + (f" {self.argument}" if self.argument else "")

    def bind(self, value: str) -> dict[str, Literal]:
        """The bindings that give the parameter ``value`` (a ``@zh`` literal)."""
        if self.parameter is None:
            raise QueryError(f"the named query {self.name!r} takes no argument")
        value = value.strip()
        if not value:
            raise QueryError(f"the named query {self.name!r} needs a non-empty {self.argument}")
        return {self.parameter: Literal(value, lang="zh")}


def named_queries() -> dict[str, NamedQuery]:
    """Every named query, by name (the ``.rq`` file's stem), sorted."""
    return dict(_load_named_queries())


@cache
def _load_named_queries() -> tuple[tuple[str, NamedQuery], ...]:
    folder = files("zhitu") / "queries"
    found = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            query = parse_named_query(entry.name[: -len(".rq")], entry.read_text(encoding="utf-8"))
            found.append((query.name, query))
    return tuple(found)


def named_query(name: str) -> NamedQuery:
    """The named query ``name``, or :class:`UnknownChoiceError` listing them."""
    queries = named_queries()
    try:
        return queries[name]
    except KeyError:
        raise UnknownChoiceError("named query", name, list(queries)) from None


def parse_named_query(name: str, text: str) -> NamedQuery:
    """A :class:`NamedQuery` from the text of an ``.rq`` file (see the module doc)."""
    header: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line.lstrip("#").partition(":")
        if sep:
            header[key.strip().lower()] = value.strip()
    description = header.get("description")
    if not description:
        raise QueryError(f"named query {name}.rq: no '# description:' line at the top")
    parameter = argument = None
    if "parameter" in header:
        match = re.fullmatch(r"\?(\w+)\s+(\S+)", header["parameter"])
        if not match:
            raise QueryError(f"named query {name}.rq: write the parameter as '# parameter: ?variable ARGUMENT'")
        parameter, argument = match.groups()
        if not re.search(rf"SELECT\b[^{{]*\?{parameter}\b", text, re.IGNORECASE):
            raise QueryError(f"named query {name}.rq: the parameter ?{parameter} must be in the SELECT list")
    return NamedQuery(name, description, text, parameter, argument)


def format_named_list(queries: Mapping[str, NamedQuery] | None = None) -> str:
    """The named queries as ``usage`` lines, each followed by its description."""
    queries = named_queries() if queries is None else queries
    lines = []
    for query in queries.values():
        lines.append(query.usage)
        lines.append(f"    {query.description}")
    return "\n".join(lines) + "\n"


# -- helpers ------------------------------------------------------------------


def _query_message(err: BaseException) -> str:
    lineno = getattr(err, "lineno", None)
    col = getattr(err, "col", None)
    if lineno is not None and col is not None and hasattr(err, "line"):
        found = getattr(err, "found", None)
        near = f"near {found}" if found else "at end of query"
        return f"SPARQL syntax error at line {lineno}, column {col}: {near}"
    return f"SPARQL query failed: {one_line(err)}"
