"""Stable IRIs: the same entity, article or fact gets the same IRI in every run
and every process, so graphs built apart merge by plain union.
"""
from __future__ import annotations

import hashlib
from urllib.parse import quote

from rdflib import URIRef

from zhitu.graph.namespaces import ID_IRI

KIND_OF = {"PER": "person", "ORG": "organization", "LOC": "place", "PROG": "programme", "EVENT": "event"}


def segment(text: str) -> str:
    """A path segment keeping Chinese readable and escaping what IRIs forbid."""
    return "".join(c if ord(c) > 127 else quote(c, safe="") for c in text)


def entity_iri(label: str, canonical: str) -> URIRef:
    return URIRef(f"{ID_IRI}{KIND_OF[label]}/{segment(canonical)}")


def document_iri(doc_id: str) -> URIRef:
    return URIRef(f"{ID_IRI}doc/{segment(doc_id)}")


def article_iri(doc_id: str, index: int) -> URIRef:
    return URIRef(f"{document_iri(doc_id)}/article/{index}")


def sentence_iri(doc_id: str, start: int, end: int) -> URIRef:
    return URIRef(f"{document_iri(doc_id)}/sentence/{start}-{end}")


def role_iri(name: str) -> URIRef:
    return URIRef(f"{ID_IRI}role/{segment(name)}")


def _digest(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def membership_iri(person: str, organization: str, role: str) -> URIRef:
    return URIRef(f"{ID_IRI}membership/{_digest(person, organization, role)}")


def assertion_iri(doc_id: str, *parts: str) -> URIRef:
    return URIRef(f"{document_iri(doc_id)}/assertion/{_digest(*parts)}")
