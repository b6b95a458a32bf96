"""SPARQL answers as text: what ``zhitu query`` prints.

SELECT and ASK answers as an aligned table (wide characters counted as two
columns, IRIs compacted with the answer's prefixes), CSV, TSV or SPARQL 1.1
results JSON; CONSTRUCT and DESCRIBE answers as Turtle, N-Triples or JSON-LD.

Not for: running queries (``zhitu.query``, ``zhitu.store``) or the answer's
model (:class:`zhitu.graph.results.QueryResult`); graph files are written by the
writers of :mod:`zhitu.output`.
"""
from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from zhitu.errors import UnknownChoiceError
from zhitu.graph.results import QueryResult

__all__ = ["TABLE_FORMATS", "GRAPH_FORMATS", "RESULT_FORMATS", "format_result", "display_width", "compact_iri"]

#: Output formats for SELECT and ASK answers.
TABLE_FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json")
#: Output formats for CONSTRUCT and DESCRIBE answers (``table`` means Turtle,
#: ``json`` means JSON-LD).
GRAPH_FORMATS: tuple[str, ...] = ("table", "turtle", "nt", "json")
#: Every name :func:`format_result` accepts for some kind of answer.
RESULT_FORMATS: tuple[str, ...] = ("table", "csv", "tsv", "json", "turtle", "nt")


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
