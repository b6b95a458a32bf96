"""SPARQL answers as bytes: the result formats of the SPARQL 1.1 Protocol.

For: writing a bounded list of solutions (SELECT) or a boolean (ASK) as SPARQL
Results JSON, XML, CSV or TSV, and a bounded list of triples (CONSTRUCT,
DESCRIBE) as Turtle, N-Triples, RDF/XML or JSON-LD; choosing the format from an
HTTP ``Accept`` header. The solution writers are ours (not Oxigraph's
``QuerySolutions.serialize``) because the endpoint stops after a row limit or a
deadline and writes only the rows it kept; graph formats go through
``pyoxigraph.serialize``.

Not for: running queries (``zhitu.serve.sparql``) or HTTP (``zhitu.serve.app``).
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

__all__ = ["ResultFormat", "SOLUTION_FORMATS", "GRAPH_FORMATS", "negotiate", "write_solutions",
           "write_boolean", "write_triples"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_RESULTS_NS = "http://www.w3.org/2005/sparql-results#"

#: A solution: one term (or None when unbound) per variable.
Row = Sequence["ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None"]


@dataclass(frozen=True)
class ResultFormat:
    """One answer format: its name, the media types that ask for it, and the
    Content-Type the endpoint sends (the first media type, with charset)."""

    name: str
    media_types: tuple[str, ...]

    @property
    def content_type(self) -> str:
        return f"{self.media_types[0]}; charset=utf-8"


#: SELECT and ASK formats, the first being the default for ``*/*``.
SOLUTION_FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat("json", ("application/sparql-results+json", "application/json")),
    ResultFormat("xml", ("application/sparql-results+xml", "application/xml", "text/xml")),
    ResultFormat("csv", ("text/csv",)),
    ResultFormat("tsv", ("text/tab-separated-values",)),
)
#: CONSTRUCT and DESCRIBE formats, the first being the default for ``*/*``.
GRAPH_FORMATS: tuple[ResultFormat, ...] = (
    ResultFormat("turtle", ("text/turtle", "application/x-turtle")),
    ResultFormat("ntriples", ("application/n-triples", "text/plain")),
    ResultFormat("rdfxml", ("application/rdf+xml", "application/xml", "text/xml")),
    ResultFormat("jsonld", ("application/ld+json", "application/json")),
)
_RDF_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}


def negotiate(accept: str | None, formats: Sequence[ResultFormat]) -> ResultFormat | None:
    """The format in ``formats`` that the ``Accept`` header prefers most (ties go
    to the header's order, then to ``formats``' order); the first of
    ``formats`` when the header is missing or empty; None when it accepts none."""
    if not accept or not accept.strip():
        return formats[0]
    best: tuple[float, int, int] | None = None
    chosen = None
    for position, item in enumerate(accept.split(",")):
        media, _, params = item.strip().partition(";")
        media = media.strip().lower()
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if quality <= 0 or not media:
            continue
        for rank, fmt in enumerate(formats):
            if _matches(media, fmt):
                # Exact media types beat wildcards of the same quality.
                key = (quality, -(media.count("*")), -position * 100 - rank)
                if best is None or key > best:
                    best, chosen = key, fmt
                break
    return chosen


def _matches(media: str, fmt: ResultFormat) -> bool:
    if media == "*/*":
        return True
    if media.endswith("/*"):
        return any(m.startswith(media[:-1]) for m in fmt.media_types)
    return media in fmt.media_types


# -- SELECT / ASK -------------------------------------------------------------------


def write_solutions(variables: Sequence[str], rows: Sequence[Row], fmt: ResultFormat) -> bytes:
    """``rows`` of a SELECT query in ``fmt`` (json, xml, csv or tsv)."""
    if fmt.name == "json":
        bindings = [
            {var: _json_term(term) for var, term in zip(variables, row) if term is not None} for row in rows
        ]
        body = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
        return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if fmt.name == "xml":
        out = [_XML_HEAD, "<head>", *(f"<variable name={quoteattr(v)}/>" for v in variables), "</head><results>"]
        for row in rows:
            out.append("<result>")
            out.extend(f"<binding name={quoteattr(var)}>{_xml_term(term)}</binding>"
                       for var, term in zip(variables, row) if term is not None)
            out.append("</result>")
        out.append("</results></sparql>")
        return "".join(out).encode("utf-8")
    if fmt.name == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_term(term) for term in row] for row in rows)
        return buffer.getvalue().encode("utf-8")
    if fmt.name == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines.extend("\t".join("" if term is None else str(term) for term in row) for row in rows)
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"not a solution format: {fmt.name}")


def write_boolean(value: bool, fmt: ResultFormat) -> bytes:
    """An ASK answer in ``fmt``; CSV and TSV (which the W3C note leaves to
    implementations) hold the bare word ``true`` or ``false``, as Oxigraph writes."""
    word = "true" if value else "false"
    if fmt.name == "json":
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt.name == "xml":
        return f"{_XML_HEAD}<head/><boolean>{word}</boolean></sparql>".encode("utf-8")
    if fmt.name in ("csv", "tsv"):
        return word.encode("utf-8")
    raise ValueError(f"not a solution format: {fmt.name}")


_XML_HEAD = f'<?xml version="1.0" encoding="utf-8"?><sparql xmlns="{_RESULTS_NS}">'


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        value: dict = {"type": "literal", "value": term.value}
        if term.language:
            value["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            value["datatype"] = term.datatype.value
        return value
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                             "predicate": _json_term(term.predicate),
                                             "object": _json_term(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value not in (_XSD_STRING, _LANG_STRING):
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
                f"</predicate><object>{_xml_term(term.object)}</object></triple>")
    raise TypeError(f"not an RDF term: {term!r}")


def _csv_term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


# -- CONSTRUCT / DESCRIBE ----------------------------------------------------------------


def write_triples(triples: Sequence[ox.Triple], fmt: ResultFormat, *, prefixes: Mapping[str, str]) -> bytes:
    """``triples`` in ``fmt`` (turtle, ntriples, rdfxml or jsonld), with
    ``prefixes`` declared where the format has them."""
    rdf_format = _RDF_FORMATS.get(fmt.name)
    if rdf_format is None:
        raise ValueError(f"not a graph format: {fmt.name}")
    if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
        return ox.serialize(triples, format=rdf_format, prefixes=dict(prefixes))
    return ox.serialize(triples, format=rdf_format)
