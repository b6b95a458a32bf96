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
must be in the SELECT list (Oxigraph binds only projected variables). A query
may take several parameters (one ``# parameter:`` line each, given in that
order), and options, bound only when given (the query tests ``BOUND``)::

    # parameter: ?role_name ROLE
    # parameter: ?org_name ORG
    # option: ?as_of --as-of DATE

An option whose argument is ``DATE`` takes an ISO date (``2020-01-31``), bound
as an ``xsd:date``.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib.resources import files

from rdflib import Graph, Literal
from rdflib.namespace import XSD
from rdflib.term import Node

from zhitu.errors import QueryError, UnknownChoiceError, one_line
from zhitu.graph.results import RESULT_PREFIXES as PREFIXES, QueryResult

__all__ = ["PREFIXES", "QueryResult", "run_query", "NamedQuery", "QueryOption", "named_queries", "named_query",
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
class QueryOption:
    """An optional argument of a named query: ``--as-of DATE`` binds ``?as_of``."""

    variable: str
    flag: str
    argument: str

    def literal(self, query: str, value: str) -> Literal:
        value = value.strip()
        if self.argument == "DATE":
            try:
                return Literal(date.fromisoformat(value).isoformat(), datatype=XSD.date)
            except ValueError:
                raise QueryError(f"the named query {query!r}: {self.flag} takes a date as YYYY-MM-DD, "
                                 f"not {value!r}") from None
        if not value:
            raise QueryError(f"the named query {query!r}: {self.flag} needs a non-empty {self.argument}")
        return Literal(value, lang="zh")


@dataclass(frozen=True)
class NamedQuery:
    """A query shipped as ``queries/<name>.rq``."""

    name: str
    description: str
    text: str
    parameters: tuple[tuple[str, str], ...] = ()
    """(variable without ``?``, how help names the argument: ORG, PLACE…), in argument order."""
    options: tuple[QueryOption, ...] = ()

    @property
    def parameter(self) -> str | None:
        """The variable the (first) argument binds, or None."""
        return self.parameters[0][0] if self.parameters else None

    @property
    def argument(self) -> str | None:
        """How help and usage name the (first) argument."""
        return self.parameters[0][1] if self.parameters else None

    @property
    def arguments(self) -> tuple[str, ...]:
        return tuple(argument for _, argument in self.parameters)

    @property
    def usage(self) -> str:
        words = [f"zhitu query --named {self.name}", *self.arguments]
        words += [f"[{option.flag} {option.argument}]" for option in self.options]
        return " ".join(words)

    def option(self, flag: str) -> QueryOption | None:
        return next((o for o in self.options if o.flag == flag), None)

    def bind(self, *values: str, options: Mapping[str, str | None] | None = None) -> dict[str, Literal]:
        """The bindings that give the parameters ``values`` (``@zh`` literals, in order)
        and the options given (by flag: ``{"--as-of": "2020-01-31"}``; None is not given)."""
        if not self.parameters and values:
            raise QueryError(f"the named query {self.name!r} takes no argument")
        if len(values) != len(self.parameters):
            raise QueryError(f"the named query {self.name!r} takes {len(self.parameters)} arguments "
                             f"({' '.join(self.arguments)}), not {len(values)}: {self.usage}")
        bindings = {}
        for (variable, argument), value in zip(self.parameters, values):
            value = value.strip()
            if not value:
                raise QueryError(f"the named query {self.name!r} needs a non-empty {argument}")
            bindings[variable] = Literal(value, lang="zh")
        for flag, value in (options or {}).items():
            if value is None:
                continue
            option = self.option(flag)
            if option is None:
                takes = ", ".join(o.flag for o in self.options) or "no options"
                raise QueryError(f"the named query {self.name!r} does not take {flag} (it takes {takes})")
            bindings[option.variable] = option.literal(self.name, value)
        return bindings


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
    header: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line.lstrip("#").partition(":")
        if sep:
            header.setdefault(key.strip().lower(), []).append(value.strip())
    description = (header.get("description") or [""])[0]
    if not description:
        raise QueryError(f"named query {name}.rq: no '# description:' line at the top")
    parameters = []
    for line in header.get("parameter", []):
        match = re.fullmatch(r"\?(\w+)\s+(\S+)", line)
        if not match:
            raise QueryError(f"named query {name}.rq: write the parameter as '# parameter: ?variable ARGUMENT'")
        parameters.append(match.groups())
    options = []
    for line in header.get("option", []):
        match = re.fullmatch(r"\?(\w+)\s+(--[a-z][a-z-]*)\s+(\S+)", line)
        if not match:
            raise QueryError(f"named query {name}.rq: write the option as '# option: ?variable --flag ARGUMENT'")
        options.append(QueryOption(*match.groups()))
    for variable in [v for v, _ in parameters] + [o.variable for o in options]:
        if not re.search(rf"SELECT\b[^{{]*\?{variable}\b", text, re.IGNORECASE):
            raise QueryError(f"named query {name}.rq: the parameter ?{variable} must be in the SELECT list")
    return NamedQuery(name, description, text, tuple(map(tuple, parameters)), tuple(options))


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
