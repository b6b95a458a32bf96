"""Run SPARQL over graph files, the named queries zhitu ships, and formatting
answers as text.

For: loading the RDF files zhitu writes (or any RDF) into one dataset, running
a SELECT/ASK/CONSTRUCT/DESCRIBE query with the project's prefixes bound (and
variables bound to values, never spliced into the text), the catalogue of
named queries (``zhitu/queries/*.rq``), and turning an answer into a string
(table, csv, tsv, SPARQL JSON, Turtle). The same :class:`QueryResult` comes
from the store (``zhitu.store.Store.query``).
Not for: building graphs (``zhitu.graph``), writing graph files
(``zhitu.output``) or the store itself (``zhitu.store``); SPARQL Update is not
supported.

A named query is a ``.rq`` file in ``zhitu/queries/`` whose first comment
lines say what it does and, when it takes one, its parameter::

    # description: Who holds which position in an organisation (ORG: its name or an alias).
    # parameter: ?org_name ORG
    SELECT DISTINCT ?person ?role ?organisation ?org_name WHERE { ... }

The parameter's value is bound to the variable as a ``@zh`` literal (names in
the graph are Chinese literals, SCHEMA.md) before the query runs; the variable
must be in the SELECT list (Oxigraph binds only projected variables).
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from zhitu.errors import InputError, QueryError, UnknownChoiceError

#: Prefixes bound in every loaded dataset and pre-declared in every query.
PREFIXES: Mapping[str, str] = {
    "zt": "https://w3id.org/zhitu/ontology#",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "skos": str(SKOS),
    "prov": str(PROV),
    "rdfs": str(RDFS),
    "rdf": str(RDF),
    "xsd": str(XSD),
    "owl": str(OWL),
}

#: rdflib parser name for each file suffix that :func:`load_graph` reads.
SUFFIX_FORMATS: Mapping[str, str] = {
    ".ttl": "turtle",
    ".trig": "trig",
    ".nq": "nquads",
    ".nt": "nt",
    ".jsonld": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
}

#: Output formats for SELECT and ASK answers.
TABLE_FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json")
#: Output formats for CONSTRUCT and DESCRIBE answers (``table`` means Turtle,
#: ``json`` means JSON-LD).
GRAPH_FORMATS: tuple[str, ...] = ("table", "turtle", "nt", "json")
#: Every name :func:`format_result` accepts for some kind of answer.
RESULT_FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json", "turtle", "nt")


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
    namespaces: Mapping[str, str] = field(default_factory=lambda: dict(PREFIXES))


def new_dataset() -> Dataset:
    """An empty union dataset with the project's prefixes bound."""
    dataset = Dataset(default_union=True)
    _bind_prefixes(dataset)
    return dataset


def load_graph(paths: Sequence[str | Path]) -> Dataset:
    """Parse RDF files into one dataset whose default graph is the union of all.

    The format is guessed from each file's suffix (see :data:`SUFFIX_FORMATS`).
    Raises :class:`UnknownChoiceError` for an unknown suffix and
    :class:`InputError` naming the file when it is missing or does not parse.
    """
    dataset = new_dataset()
    for raw in paths:
        path = Path(raw)
        fmt = guess_format(path)
        if not is_file(path):
            raise InputError(str(path), "no such file")
        try:
            dataset.parse(path, format=fmt)
        except Exception as err:  # rdflib's parsers raise many unrelated types
            raise InputError(str(path), f"not valid {fmt}: {_one_line(err)}") from err
    # Files may bind our prefixes to other IRIs; ours win so queries stay valid.
    _bind_prefixes(dataset)
    return dataset


def is_file(path: str | Path) -> bool:
    """Whether ``path`` names a regular file; False, not an error, for text that
    cannot be a path (too long for the system, a NUL byte): the CLI tries
    its last argument as a path before taking it as a query."""
    try:
        return Path(path).is_file()
    except (OSError, ValueError):
        return False


def guess_format(path: str | Path) -> str:
    """The rdflib parser name for ``path``'s suffix, or :class:`UnknownChoiceError`."""
    suffix = Path(path).suffix.lower()
    try:
        return SUFFIX_FORMATS[suffix]
    except KeyError:
        raise UnknownChoiceError("graph file suffix", suffix or str(path), list(SUFFIX_FORMATS)) from None


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


def format_result(result: QueryResult, fmt: str) -> str:
    """Render ``result`` as text.

    SELECT/ASK: ``table`` (aligned, wide characters counted as two columns,
    IRIs compacted), ``csv``, ``tsv``, ``json`` (SPARQL 1.1 results JSON).
    CONSTRUCT/DESCRIBE: ``turtle`` (also for ``table``), ``nt``, ``json``
    (JSON-LD). Raises :class:`UnknownChoiceError` listing the formats valid for
    this kind of answer.
    """
    if result.graph is not None:
        if fmt not in GRAPH_FORMATS:
            raise UnknownChoiceError(f"format for {result.kind} results", fmt, GRAPH_FORMATS)
        return _format_graph(result, fmt)
    if fmt not in TABLE_FORMATS:
        raise UnknownChoiceError(f"format for {result.kind} results", fmt, TABLE_FORMATS)
    if result.boolean is not None:
        if fmt == "json":
            return json.dumps({"head": {}, "boolean": result.boolean}, indent=2) + "\n"
        return ("true" if result.boolean else "false") + "\n"
    return _TABLE_WRITERS[fmt](result)


# -- SELECT writers -----------------------------------------------------------


def _format_table(result: QueryResult) -> str:
    header = list(result.variables)
    body = [
        [_table_cell(node, result.namespaces) for node in row] for row in result.rows
    ]
    widths = [
        max([display_width(cell) for cell in column], default=0)
        for column in zip(header, *body, strict=True)
    ] if header else []
    lines = [_table_line(header, widths), "  ".join("-" * w for w in widths)]
    lines.extend(_table_line(cells, widths) for cells in body)
    count = len(result.rows)
    lines.append(f"({count} row{'' if count == 1 else 's'})")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _table_line(cells: Sequence[str], widths: Sequence[int]) -> str:
    return "  ".join(cell + " " * (width - display_width(cell)) for cell, width in zip(cells, widths))


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: East Asian wide and fullwidth count two."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _table_cell(node: Node | None, namespaces: Mapping[str, str]) -> str:
    if isinstance(node, URIRef):
        text = compact_iri(node, namespaces)
    else:
        text = _plain_value(node)
    return text.replace("\r", "").replace("\n", "⏎").replace("\t", " ")


def compact_iri(iri: str, namespaces: Mapping[str, str]) -> str:
    """``prefix:local`` for the longest matching namespace, else ``<iri>``."""
    best = ""
    for prefix, ns in namespaces.items():
        if iri.startswith(ns) and len(ns) > len(namespaces.get(best, "")):
            local = iri[len(ns):]
            if _LOCAL_NAME.fullmatch(local):
                best = prefix
    if best:
        return f"{best}:{iri[len(namespaces[best]):]}"
    return f"<{iri}>"


_LOCAL_NAME = re.compile(r"[^\s/#?<>:\"'{}|^`\\]+")


def _plain_value(node: Node | None) -> str:
    """Literal lexical form, full IRI, ``_:id`` for a blank node, '' when unbound."""
    if node is None:
        return ""
    if isinstance(node, BNode):
        return f"_:{node}"
    return str(node)


def _format_csv(result: QueryResult) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # CRLF, as SPARQL 1.1 CSV asks
    writer.writerow(result.variables)
    writer.writerows([_plain_value(node) for node in row] for row in result.rows)
    return out.getvalue()


def _format_tsv(result: QueryResult) -> str:
    lines = ["\t".join(result.variables)]
    lines.extend(
        "\t".join(_escape_tsv(_plain_value(node)) for node in row) for row in result.rows
    )
    return "\n".join(lines) + "\n"


def _escape_tsv(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _format_json(result: QueryResult) -> str:
    bindings = []
    for row in result.rows:
        binding = {
            var: _json_term(node)
            for var, node in zip(result.variables, row)
            if node is not None
        }
        bindings.append(binding)
    document = {"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _json_term(node: Node) -> dict[str, str]:
    if isinstance(node, URIRef):
        return {"type": "uri", "value": str(node)}
    if isinstance(node, BNode):
        return {"type": "bnode", "value": str(node)}
    if isinstance(node, Literal):
        term = {"type": "literal", "value": str(node)}
        if node.language:
            term["xml:lang"] = node.language
        elif node.datatype:
            term["datatype"] = str(node.datatype)
        return term
    return {"type": "literal", "value": str(node)}


_TABLE_WRITERS = {
    "table": _format_table,
    "csv": _format_csv,
    "tsv": _format_tsv,
    "json": _format_json,
}


# -- CONSTRUCT / DESCRIBE -----------------------------------------------------


def _format_graph(result: QueryResult, fmt: str) -> str:
    graph = Graph(bind_namespaces="none")
    for prefix, ns in result.namespaces.items():
        graph.bind(prefix, ns, override=True, replace=True)
    for triple in result.graph or ():
        graph.add(triple)
    rdflib_format = {"table": "turtle", "turtle": "turtle", "nt": "nt", "json": "json-ld"}[fmt]
    # Bytes then decode: rdflib's N-Triples writer warns when asked for str.
    return graph.serialize(format=rdflib_format, encoding="utf-8").decode("utf-8")


# -- named queries --------------------------------------------------------------


@dataclass(frozen=True)
class NamedQuery:
    """A query shipped as ``zhitu/queries/<name>.rq``."""

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


def _bind_prefixes(graph: Graph) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)


def _one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return text if len(text) <= 200 else text[:197] + "..."


def _query_message(err: BaseException) -> str:
    lineno = getattr(err, "lineno", None)
    col = getattr(err, "col", None)
    if lineno is not None and col is not None and hasattr(err, "line"):
        found = getattr(err, "found", None)
        near = f"near {found}" if found else "at end of query"
        return f"SPARQL syntax error at line {lineno}, column {col}: {near}"
    return f"SPARQL query failed: {_one_line(err)}"
