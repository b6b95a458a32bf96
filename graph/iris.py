"""Stable IRIs: the same entity, article or fact gets the same IRI in every run
and every process, so graphs built apart merge by plain union.

IRIs are minted from any text: a name, role or document id is one path segment
(:func:`segment`) that keeps Chinese readable and percent-encodes (UTF-8) what an
IRI may not hold, so no character of the input can make an IRI Oxigraph or a
reader refuses.
"""
from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

from rdflib import URIRef

from zhitu.graph.namespaces import ID_IRI

KIND_OF = {"PER": "person", "ORG": "organization", "LOC": "place", "PROG": "programme", "EVENT": "event"}


#: What RFC 3987 keeps out of an ipath segment, as a regex class body: every ASCII
#: character but letters, digits and ``-._~`` (escaped as ``quote(c, safe="")``
#: always did, so ordinary names keep their IRIs), C1 controls, surrogates, private
#: use, noncharacters, U+FFF0–FFFF (U+FFFC, U+FFFD), tags and variation selectors
#: (U+E0000–E0FFF): what is not ``iunreserved``.
_NOT_IUNRESERVED = (
    r"\x00-\x2c/\x3a-\x40\x5b-\x5e`\x7b-\x7d\x7f-\x9f"
    "\ud800-\uf8ff\ufdd0-\ufdef\ufff0-\uffff"
    + "".join(f"{chr(plane << 16 | 0xFFFE)}-{chr(plane << 16 | 0xFFFF)}" for plane in range(1, 14))
    + "\U000e0000-\U000e0fff\U000efffe-\U0010ffff"
)


@functools.cache
def _unsafe() -> re.Pattern[str]:
    """What :func:`segment` escapes: what RFC 3987 forbids, and the whitespace and
    format characters (Cf) it allows but that break readers (rdflib's N-Quads
    parser ends an IRI at U+3000) or hide in a name (U+200B, bidi marks).

    Built on first use, not at import: it scans planes 0 and 1 (~20 ms), where
    every whitespace and format character outside the ranges above lies (plane 14
    is escaped whole; planes 2, 3 hold ideographs, 15 and 16 private use).
    """
    hidden = [c for c in range(0xA0, 0x20000) if chr(c).isspace() or unicodedata.category(chr(c)) == "Cf"]
    return re.compile(f"[{_NOT_IUNRESERVED}{_ranges(hidden)}]")


def _ranges(codes: list[int]) -> str:
    """Sorted code points as a regex class body of ranges (a class of single
    characters is searched one by one: three times slower on every IRI)."""
    spans: list[list[int]] = []
    for code in codes:
        if spans and code == spans[-1][1] + 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    return "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in spans)


def _escape(match: re.Match[str]) -> str:
    # surrogatepass: a lone surrogate still gets a distinct, valid escape (%ED%A0%80).
    return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8", "surrogatepass"))


def segment(text: str) -> str:
    """An IRI path segment for any text: Chinese (and every other character RFC
    3987 allows unescaped) stays readable; everything else is percent-encoded
    (UTF-8), so the segment is a valid IRI part that N-Quads and Turtle readers
    accept, and distinct texts give distinct segments."""
    # One regex pass over the rare unsafe characters: this runs for every IRI built.
    return _unsafe().sub(_escape, text)


def entity_iri(label: str, canonical: str) -> URIRef:
    return URIRef(f"{ID_IRI}{KIND_OF[label]}/{segment(canonical)}")


@functools.lru_cache(maxsize=1024)
def document_iri(doc_id: str) -> URIRef:
    """The document's IRI; cached, as every article, sentence and statement IRI of a
    document starts with it (a path of ``/`` and ``.`` is one costly escape each time)."""
    return URIRef(f"{ID_IRI}doc/{segment(doc_id)}")


def article_iri(doc_id: str, index: int) -> URIRef:
    return URIRef(f"{document_iri(doc_id)}/article/{index}")


def sentence_iri(doc_id: str, start: int, end: int) -> URIRef:
    return URIRef(f"{document_iri(doc_id)}/sentence/{start}-{end}")


def role_iri(name: str) -> URIRef:
    return URIRef(f"{ID_IRI}role/{segment(name)}")


def _digest(*parts: str) -> str:
    # surrogatepass: any str digests (the same bytes as plain UTF-8 when it has no lone surrogate).
    return hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]


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
