"""How a worker sends a document graph to the client (:mod:`zhitu.graph.wire`),
the tokenizer's one-thread mode the workers use, and the outputs a build writes
in a thread beside the others."""
from __future__ import annotations

import pyoxigraph as ox
import spacy
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS, XSD

import zhitu.extractors.tokenizer  # noqa: F401 - registers zhitu.LacTokenizer.v1
from zhitu.build import Summary, write_outputs
from zhitu.graph.terms import to_oxigraph
from zhitu.graph.wire import encode, rdflib_triples, stream
from zhitu.output import write_from_store
from zhitu.store import open_store

EX = "https://example.org/"
TRIPLES = [
    (URIRef(EX + "person/张三"), RDF.type, URIRef(EX + "Person")),
    (URIRef(EX + "person/张三"), SKOS.prefLabel, Literal("张三", lang="zh")),
    # A literal that looks like a line's end, with a newline and a quote inside.
    (URIRef(EX + "s/1"), URIRef(EX + "text"), Literal('他说 .\n"好" .')),
    (URIRef(EX + "s/1"), URIRef(EX + "start"), Literal(12, datatype=XSD.integer)),
]


def test_ntriples_round_trip_rdflib_terms() -> None:
    sent = encode(TRIPLES)
    assert len(sent) == 4 and sent.data.count(b"\n") == 4
    assert set(rdflib_triples(sent)) == set(TRIPLES)
    assert rdflib_triples(TRIPLES) == TRIPLES  # rdflib triples pass through


def test_pieces_stream_as_one_file_each_made_when_reached() -> None:
    made = []

    def pieces():
        for piece in (b"", "第一段\n".encode("utf-8"), b"", b"x" * 10, "末段".encode("utf-8")):
            made.append(piece)
            yield piece

    reader = stream(pieces(), buffer=4)
    assert reader.read(1) == "第".encode("utf-8")[:1] and len(made) == 2  # only what was reached
    rest = reader.read()  # a piece longer than the buffer, an empty one between
    assert "第".encode("utf-8")[:1] + rest == b"".join(made) == "第一段\n".encode("utf-8") + b"x" * 10 + "末段".encode("utf-8")
    assert reader.read() == b"" and len(made) == 5
    assert stream([]).read() == b""


def test_quads_name_the_graph_on_every_line_only() -> None:
    sent = encode(TRIPLES)
    graph = "<https://example.org/doc/1>"
    lines = sent.quads(graph).decode("utf-8").splitlines()
    assert len(lines) == 4 and all(line.endswith(f" {graph} .") for line in lines)


def _expected(graphs: dict[str, list[tuple]]) -> set[str]:
    """Each document's triples in its named graph, and their merge in the default graph."""
    quads = set()
    for name, triples in graphs.items():
        for s, p, o in triples:
            terms = (to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))
            quads |= {str(ox.Quad(*terms, ox.NamedNode(name))), str(ox.Quad(*terms, ox.DefaultGraph()))}
    return quads


def test_store_loads_ntriples_into_named_and_merged_graphs(tmp_path) -> None:
    doc1, doc2 = (f"https://example.org/doc/{i}" for i in (1, 2))
    with open_store(tmp_path / "a") as a, open_store(tmp_path / "b") as b:
        a.replace_documents([(ox.NamedNode(doc1), TRIPLES)])  # rdflib triples, encoded by the store
        b.replace_documents([(ox.NamedNode(doc1), encode(TRIPLES))])  # as a worker sends them
        for store in (a, b):
            assert set(map(str, store.oxigraph)) == _expected({doc1: TRIPLES})
        # doc1 known (replaced by a SPARQL update), doc2 new (the bulk loader).
        b.replace_documents([(ox.NamedNode(doc1), encode(TRIPLES[:2])), (ox.NamedNode(doc2), encode(TRIPLES))],
                            bulk=True)
        assert set(map(str, b.oxigraph)) == _expected({doc1: TRIPLES[:2], doc2: TRIPLES})
        assert len(b) == 4


def test_tokenizer_without_overlap_gives_the_same_docs() -> None:
    texts = ["澄溪市总工会主席许建国在青岚县调研。", "周明远和宋佳宁参加了会议。\n\n会议在青岚县举行。"] * 5

    def tokens(overlap: bool) -> list:
        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "zhitu.LacTokenizer.v1",
                                                              "overlap": overlap}}})
        return [[(t.text, t.tag_, t.ent_type_) for t in doc] for doc in nlp.tokenizer.pipe(texts, batch_size=3)]

    assert tokens(False) == tokens(True)


def test_native_formats_written_in_a_thread_equal_those_written_alone(tmp_path) -> None:
    with open_store(tmp_path / "store") as store:
        store.replace_documents([("doc/1", TRIPLES)])
        write_outputs(store, Summary(), tmp_path / "together", ["turtle", "html", "nquads"])
        for suffix, name in ((".ttl", "turtle"), (".nq", "nquads")):  # in this thread, nothing beside
            write_from_store(store, tmp_path / f"alone{suffix}", format=name)
    for suffix in (".ttl", ".nq"):
        together = (tmp_path / "together" / f"graph{suffix}").read_bytes()
        assert "张三".encode("utf-8") in together
        assert together == (tmp_path / f"alone{suffix}").read_bytes()
    assert (tmp_path / "together" / "graph.html").stat().st_size > 0


def test_atomic_path_replaces_only_when_complete(tmp_path) -> None:
    from zhitu.output.atomic import atomic_path

    target = tmp_path / "graph.ttl"
    target.write_text("old", encoding="utf-8")
    try:
        with atomic_path(target) as tmp:
            tmp.write_text("half", encoding="utf-8")
            raise RuntimeError("the writer failed")
    except RuntimeError:
        pass
    assert target.read_text(encoding="utf-8") == "old" and list(tmp_path.iterdir()) == [target]
    with atomic_path(target) as tmp:
        tmp.write_text("new", encoding="utf-8")
    assert target.read_text(encoding="utf-8") == "new" and list(tmp_path.iterdir()) == [target]
