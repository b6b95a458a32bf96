"""IRIs minted from any text: every one is a valid IRI that Oxigraph and rdflib
read back unchanged from N-Quads and Turtle, distinct texts give distinct IRIs,
and the IRIs of ordinary names stay as they have always been (they are API).

hypothesis is not installed: the property tests draw code points from every
character class with a seeded generator, so a failure reproduces.
"""
from __future__ import annotations

import random
import unicodedata
from urllib.parse import quote, unquote

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from zhitu.graph import iris
from zhitu.graph.namespaces import ID_IRI
from zhitu.graph.terms import from_oxigraph, to_oxigraph

#: Code points of every class an IRI may or may not hold, (name, first, last).
CLASSES = [
    ("C0 controls", 0x00, 0x1F),
    ("ASCII", 0x20, 0x7E),
    ("C1 controls", 0x7F, 0x9F),
    ("Latin-1", 0xA0, 0xFF),
    ("general punctuation, bidi, zero-width", 0x2000, 0x206F),
    ("CJK symbols, ideographic space", 0x3000, 0x303F),
    ("CJK ideographs", 0x4E00, 0x9FFF),
    ("lone surrogates", 0xD800, 0xDFFF),
    ("private use", 0xE000, 0xF8FF),
    ("noncharacters U+FDD0-FDEF", 0xFDD0, 0xFDEF),
    ("specials, BOM", 0xFE00, 0xFFFF),
    ("emoji", 0x1F300, 0x1FAFF),
    ("plane ends", 0x1FFFE, 0x1FFFF),
    ("CJK extension B", 0x20000, 0x2A6DF),
    ("tags, variation selectors", 0xE0000, 0xE01EF),
    ("supplementary private use", 0xF0000, 0x10FFFF),
]

#: Characters the issue names, each a former crash or an unreadable N-Quads file.
NAMED = "\u3000\u00a0\u200b\u200e\u202e\u00ad\ufeff\ufffc\ufffd\ue000\ufdd0\uffff\x85\x9f\x00\x7f\ud800\udfff" \
        "\U000e0041\U000f0000\U0010fffd\U0001fffe"


def _sample(rng: random.Random, per_class: int = 40) -> list[str]:
    """Texts holding code points of every class: one per code point drawn, and mixes."""
    chars = list(NAMED)
    for _name, first, last in CLASSES:
        chars += [chr(rng.randint(first, last)) for _ in range(per_class)]
    texts = [f"张{c}三" for c in chars] + chars
    texts += ["".join(rng.choice(chars) for _ in range(rng.randint(1, 12))) for _ in range(300)]
    return texts


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return _sample(random.Random(14))


@pytest.fixture(scope="module")
def minted(texts: list[str]) -> list[URIRef]:
    """An IRI of every kind zhitu mints, from every text."""
    found = []
    for text in texts:
        found += [iris.entity_iri("PER", text), iris.document_iri(text), iris.role_iri(text),
                  iris.article_iri(text, 0), iris.membership_iri(text, text, text),
                  iris.assertion_iri(text, text), iris.merge_iri(text, 1, "ORG", text, text)]
    return found


def test_every_minted_iri_is_a_valid_iri(minted: list[URIRef]) -> None:
    for iri in minted:
        assert ox.NamedNode(str(iri)).value == str(iri)


def test_segment_inverts_to_the_text(texts: list[str]) -> None:
    """Percent-decoding gives the text back: distinct texts, distinct IRIs."""
    for text in texts:
        assert unquote(iris.segment(text), errors="surrogatepass") == text


def test_segment_escapes_whitespace_format_and_forbidden_characters() -> None:
    for code in range(0x110000):
        char = chr(code)
        kept = iris.segment(char) == char
        if unicodedata.category(char) in ("Cc", "Cf", "Co", "Cs", "Zs", "Zl", "Zp") or char.isspace():
            assert not kept, f"U+{code:04X} kept"
        if 0x4E00 <= code <= 0x9FFF or 0x20000 <= code <= 0x2A6DF:
            assert kept, f"U+{code:04X} escaped"


def test_ascii_escapes_as_before() -> None:
    """The ASCII escapes are what ``quote(c, safe="")`` gave, so no stored IRI moves."""
    for code in range(0x80):
        assert iris.segment(chr(code)) == quote(chr(code), safe="")


@pytest.mark.parametrize(("label", "name", "expected"), [
    ("PER", "王小明", "person/王小明"),
    ("PER", "约翰·史密斯", "person/约翰·史密斯"),
    ("ORG", "青山县人民政府办公室", "organization/青山县人民政府办公室"),
    ("ORG", "A股交易所(筹)", "organization/A股交易所%28筹%29"),
    ("LOC", "澄溪市", "place/澄溪市"),
    ("PROG", "“十五五”规划", "programme/“十五五”规划"),
    ("EVENT", "2024年青山论坛", "event/2024年青山论坛"),
])
def test_ordinary_names_keep_their_iris(label: str, name: str, expected: str) -> None:
    assert str(iris.entity_iri(label, name)) == ID_IRI + expected


def test_digests_are_unchanged_and_take_any_text() -> None:
    # The membership IRI of an ordinary triple is what it has always been.
    assert str(iris.membership_iri("王小明", "青山县人民政府", "县长")).endswith("/membership/67c296e163b7c0a9")
    assert iris.membership_iri("\ud800", "b", "c") != iris.membership_iri("\udfff", "b", "c")


def _dataset(minted: list[URIRef]) -> Dataset:
    dataset = Dataset()
    graph = dataset.graph(URIRef(ID_IRI + "doc/test"))
    predicate = URIRef(ID_IRI + "p")
    for iri in minted:
        graph.add((iri, predicate, iri))
    return dataset


def _iris_of(quads) -> set[str]:
    return {str(term) for quad in quads for term in quad[:2] if isinstance(term, URIRef)}


def test_nquads_round_trip_rdflib_and_oxigraph(minted: list[URIRef]) -> None:
    expected = {str(i) for i in minted}
    written_by_rdflib = _dataset(minted).serialize(format="nquads")
    quads = [tuple(map(from_oxigraph, (q.subject, q.predicate, q.object, q.graph_name)))
             for q in [ox.Quad(*map(to_oxigraph, q)) for q in _dataset(minted).quads()]]
    written_by_oxigraph = ox.serialize([ox.Quad(*map(to_oxigraph, q)) for q in quads], format=ox.RdfFormat.N_QUADS)
    for data in (written_by_rdflib, written_by_oxigraph.decode()):
        read = Dataset()
        read.parse(data=data, format="nquads")
        assert _iris_of(read.quads()) - {ID_IRI + "p"} == expected
        parsed = ox.parse(data.encode(), format=ox.RdfFormat.N_QUADS)
        assert {q.subject.value for q in parsed} == expected


def test_turtle_round_trip_rdflib_and_oxigraph(minted: list[URIRef]) -> None:
    expected = {str(i) for i in minted}
    graph = Graph()
    for iri in minted:
        graph.add((iri, URIRef(ID_IRI + "p"), iri))
    written_by_rdflib = graph.serialize(format="turtle")
    written_by_oxigraph = ox.serialize([ox.Triple(*map(to_oxigraph, t)) for t in graph],
                                       format=ox.RdfFormat.TURTLE).decode()
    for data in (written_by_rdflib, written_by_oxigraph):
        read = Graph().parse(data=data, format="turtle")
        assert {str(s) for s in read.subjects()} == expected
        parsed = ox.parse(data.encode(), format=ox.RdfFormat.TURTLE)
        assert {t.subject.value for t in parsed} == expected


def test_literals_with_any_text_convert(texts: list[str]) -> None:
    """A lone surrogate in a literal becomes U+FFFD instead of failing the build."""
    for text in texts:
        term = to_oxigraph(Literal(text, lang="zh"))
        assert term.language == "zh"
        assert len(term.value) == len(text)
    assert to_oxigraph(Literal("张\ud800三")).value == "张\ufffd三"
