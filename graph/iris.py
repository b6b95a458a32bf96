"""Stable IRIs: the same entity, article or fact gets the same IRI in every run
and every process, so graphs built apart merge by plain union.
"""
from __future__ import annotations

import hashlib
import re
from urllib.parse import quote

from rdflib import URIRef

from zhitu.graph.namespaces import ID_IRI

KIND_OF = {"PER": "person", "ORG": "organization", "LOC": "place", "PROG": "programme", "EVENT": "event"}


#: ASCII characters ``quote(c, safe="")`` escapes: all but letters, digits and ``-._~``.
_UNSAFE = re.compile(r"[\x00-\x2c/\x3a-\x40\x5b-\x5e`\x7b-\x7d\x7f]")


def segment(text: str) -> str:
    """A path segment keeping Chinese readable and escaping what IRIs forbid."""
    # One regex pass over the rare unsafe characters: this runs for every IRI built.
    return _UNSAFE.sub(lambda m: quote(m.group(), safe=""), text)


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


def extraction_iri(doc_id: str) -> URIRef:
    """The activity that read the document and extracted its facts."""
    return URIRef(f"{document_iri(doc_id)}/extraction")


def software_iri(version: str) -> URIRef:
    """zhitu itself, at one version: the agent of every extraction it ran."""
    return URIRef(f"{ID_IRI}software/zhitu/{segment(version)}")


def merge_iri(doc_id: str, index: int, label: str, canonical: str, alias: str) -> URIRef:
    """A resolution decision made in one article: ``alias`` was read as ``canonical``."""
    return URIRef(f"{article_iri(doc_id, index)}/merge/{_digest(label, canonical, alias)}")
