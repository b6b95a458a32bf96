"""Converting RDF terms between rdflib (the API) and Oxigraph (the store and the
fast serialisers): one place for both directions."""
from __future__ import annotations

import re

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_SURROGATE = re.compile("[\ud800-\udfff]")


def to_oxigraph(term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """The Oxigraph term for an rdflib term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        try:
            return _literal(str(term), term)
        except ValueError:
            cleaned = scalar_values(str(term))
            if cleaned == str(term):
                raise
            return _literal(cleaned, term)
    raise TypeError(f"not an RDF term: {term!r}")


def scalar_values(text: str) -> str:
    """``text`` with each lone surrogate (text decoded with surrogateescape,
    ``"\\ud800"`` in JSON) made U+FFFD, as a UTF-8 decoder would make it: Oxigraph
    takes Unicode scalar values only, and one bad character must not fail a build."""
    return _SURROGATE.sub("\ufffd", text)


def _literal(value: str, term: Literal) -> ox.Literal:
    if term.language:
        return ox.Literal(value, language=term.language)
    if term.datatype:
        return ox.Literal(value, datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(value)


def from_oxigraph(term) -> URIRef | BNode | Literal:
    """The rdflib term for an Oxigraph term (``xsd:string`` literals come back plain,
    as rdflib's parsers give them)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype in (_XSD_STRING, _LANG_STRING):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"not an RDF term: {term!r}")
