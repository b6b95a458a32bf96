"""The store at bulk speed: several documents replaced at once (one extend, or
Oxigraph's bulk loader behind a marker a killed load leaves for the next open
to clean up), builds writing in batches and flushing, and the files streamed
from the store (isomorphic to those written from its rdflib copy)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

import zhitu.build as build_module
from store_pages import PUBLISHER, write_pages, write_records
from zhitu.build import build_store, run_build
from zhitu.graph.nx import to_networkx
from zhitu.output import write, write_from_store
from zhitu.output.html_view import drawn_graph
from zhitu.store import Store, open_store

EX = "https://example.org/"


def node(name: str) -> ox.NamedNode:
    return ox.NamedNode(EX + name)


def triples(doc: str, count: int, shared: int = 3) -> list[ox.Triple]:
    """``count`` triples of their own for ``doc``, and ``shared`` every document states."""
    own = [ox.Triple(node(f"{doc}/s{i}"), node("p"), ox.Literal(f"{doc} 第{i}句")) for i in range(count)]
    return own + [ox.Triple(node(f"shared{i}"), node("q"), ox.Literal("共有")) for i in range(shared)]


def named(store: Store) -> dict[str, set[str]]:
    graphs: dict[str, set[str]] = {}
    for quad in store.oxigraph.quads_for_pattern(None, None, None, None):
        name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        graphs.setdefault(name, set()).add(str(quad.triple))
    return graphs


def assert_consistent(store: Store) -> dict[str, set[str]]:
    graphs = named(store)
    documents = {name: held for name, held in graphs.items() if name}
    assert graphs.get("", set()) == set().union(*documents.values())  # the merged graph is the union
    return documents


# -- several documents at once ----------------------------------------------------------------

@pytest.mark.parametrize("bulk", [False, True])
def test_replacing_many_equals_replacing_one_at_a_time(tmp_path: Path, bulk: bool) -> None:
    first = {f"doc{i}.md": triples(f"doc{i}", 5 + i) for i in range(6)}
    second = {"doc1.md": triples("doc1-new", 2, shared=0),  # held: replaced
              "doc7.md": triples("doc7", 4),  # new
              "doc8.md": triples("doc8", 1)}
    with open_store(tmp_path / "one") as one, open_store(tmp_path / "many") as many:
        for batch in (first, second):
            for doc, rdf in batch.items():
                one.replace_document(doc, rdf)
            written = many.replace_documents(batch.items(), bulk=bulk)
            assert written == sum(len(rdf) for rdf in batch.values())
        many.replace_documents([("doc9.md", triples("x", 1)), ("doc9.md", triples("doc9", 2))], bulk=bulk)
        one.replace_document("doc9.md", triples("doc9", 2))  # given twice: the last wins
        assert assert_consistent(many) == assert_consistent(one)
        assert not many.oxigraph.contains_named_graph(ox.NamedNode("urn:x-zhitu:store:loading"))


def test_replace_documents_takes_rdflib_triples(tmp_path: Path) -> None:
    graph = Graph().parse(data=f"<{EX}a> <{EX}p> '甲'@zh .", format="turtle")
    with open_store(tmp_path / "s") as store:
        store.replace_documents([("a.md", list(graph)), ("b.md", graph)], bulk=True)
        documents = assert_consistent(store)
        assert len(documents) == 2 and all(held == {f'<{EX}a> <{EX}p> "甲"@zh'} for held in documents.values())


def test_the_bulk_loader_reads_a_batch_as_a_stream_not_one_bytes_of_it(tmp_path: Path) -> None:
    """A batch of documents reaches Oxigraph's bulk loader read piece by piece: no bytes
    object of the whole batch beside it (a build's batches are tens of MB of N-Quads)."""
    given = []

    class Loader:  # Oxigraph's store, its bulk loads recorded
        def __init__(self, inner: ox.Store) -> None:
            self._inner = inner

        def __getattr__(self, name: str):
            return getattr(self._inner, name)

        def bulk_load(self, input, **kwargs):
            given.append(input)
            return self._inner.bulk_load(input, **kwargs)

    batch = {f"doc{i}.md": triples(f"doc{i}", 3 + i) for i in range(4)}
    with open_store(tmp_path / "one") as one, open_store(tmp_path / "bulk") as bulk:
        for doc, rdf in batch.items():
            one.replace_document(doc, rdf)
        bulk._inner = Loader(bulk._inner)
        bulk.replace_documents(batch.items(), bulk=True)
        assert len(given) == 2 and not any(isinstance(input, (bytes, str)) for input in given)
        assert assert_consistent(bulk) == assert_consistent(one)


def test_a_bulk_load_cut_short_is_taken_out_when_the_store_opens(tmp_path: Path) -> None:
    """What a kill can leave: the marker, some named quads, some merged ones."""
    folder = tmp_path / "s"
    with open_store(folder) as store:
        store.replace_documents([("kept.md", triples("kept", 3))])
        before = assert_consistent(store)
        inner = store.oxigraph
        loading = ox.NamedNode("urn:x-zhitu:store:loading")
        cut = {ox.NamedNode(EX + f"cut{i}"): triples(f"cut{i}", 4) for i in range(2)}
        inner.extend([ox.Quad(loading, loading, graph, loading) for graph in cut])
        graph, held = next(iter(cut.items()))
        inner.bulk_extend([ox.Quad(t.subject, t.predicate, t.object, graph) for t in held])
        inner.bulk_extend([ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in held[:2]])
        del inner  # Oxigraph's lock goes with its last reference
    with open_store(folder, read_only=True) as reader:  # a reader sees the cut load until a writer opens
        assert loading.value in {g.value for g in reader.oxigraph.named_graphs()}
    with open_store(folder) as store:
        assert assert_consistent(store) == before
        assert not store.oxigraph.contains_named_graph(loading)


_KILLED_WRITER = textwrap.dedent("""
    import sys
    import pyoxigraph as ox
    from zhitu.store import open_store

    def triples(doc, count):
        shared = [ox.Triple(ox.NamedNode("https://example.org/shared"), ox.NamedNode("https://example.org/q"),
                            ox.Literal(str(i))) for i in range(50)]
        return shared + [ox.Triple(ox.NamedNode(f"https://example.org/{doc}/s{i}"),
                                   ox.NamedNode("https://example.org/p"), ox.Literal(f"{doc} {i}"))
                         for i in range(count)]

    with open_store(sys.argv[1]) as store:
        for batch in range(10_000):
            store.replace_documents([(f"d{batch}-{i}.md", triples(f"d{batch}-{i}", 400)) for i in range(60)],
                                    bulk=True)
            print(batch, flush=True)
""")


@pytest.mark.parametrize("delay", [0.0, 0.13, 0.31])
def test_a_bulk_writer_killed_at_any_point_leaves_whole_documents(tmp_path: Path, delay: float) -> None:
    folder = tmp_path / "s"
    process = subprocess.Popen([sys.executable, "-c", _KILLED_WRITER, str(folder)], stdout=subprocess.PIPE, text=True)
    try:
        for line in process.stdout:
            if int(line) >= 2:  # some batches committed: kill while the next is under way
                break
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=60)
        process.stdout.close()
    assert process.returncode == -signal.SIGKILL
    with open_store(folder) as store:
        documents = assert_consistent(store)
        assert len(documents) >= 3 * 60
        for name, held in documents.items():  # each document whole: its 400 triples and the 50 shared
            assert len(held) == 450, name


# -- builds -----------------------------------------------------------------------------------

@pytest.fixture
def records(tmp_path: Path) -> Path:
    return write_records(tmp_path / "news.jsonl", 12)


@pytest.mark.parametrize("bulk_from", [0, 10**9])
def test_a_build_in_batches_stores_what_one_by_one_does(records: Path, tmp_path: Path, monkeypatch,
                                                        bulk_from: int) -> None:
    with open_store(tmp_path / "one") as one:
        monkeypatch.setattr(build_module, "BATCH_DOCUMENTS", 1)
        build_store([str(records)], one)
        expected = assert_consistent(one)
    monkeypatch.setattr(build_module, "BATCH_DOCUMENTS", 5)
    monkeypatch.setattr(build_module, "BULK_TRIPLES", bulk_from)
    monkeypatch.setattr(build_module, "FLUSH_QUADS", 1)
    flushes = []
    with open_store(tmp_path / "many") as many:
        monkeypatch.setattr(many, "flush", lambda: flushes.append(1))
        committed = []

        def stored(document) -> None:  # called once the document is in the store
            committed.append(many.has_document(document.doc_id))

        summary = build_store([str(records)], many, on_document=stored)
        assert committed == [True] * 12 and summary.documents_extracted == 12
        assert assert_consistent(many) == expected
        assert len(flushes) == 5  # after each batch (of 1, 2, 4 and 5 documents), then before the outputs
        again = build_store([str(records)], many)
        assert again.documents_unchanged == 12 and again.documents_extracted == 0


def test_a_build_calls_back_as_each_document_arrives_before_its_batch_is_committed(
        records: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(build_module, "BATCH_DOCUMENTS", 100)  # one batch of 1, then one of the other 11
    with open_store(tmp_path / "store") as store:
        arrived, stored = [], []
        summary = build_store([str(records)], store,
                              on_extracted=lambda document: arrived.append(store.has_document(document.doc_id)),
                              on_document=lambda document: stored.append(store.has_document(document.doc_id)))
    assert summary.documents_extracted == 12
    assert arrived == [False] * 12  # the bar moves before a batch is written ...
    assert stored == [True] * 12  # ... the -v line names a document once it is in the store


# -- files streamed from the store ----------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("built")
    pages = write_pages(root / "pages")
    records = write_records(root / "news.jsonl", 6)
    with open_store(root / "store") as store:
        build_store([str(p) for p in pages] + [str(records)], store, publisher=PUBLISHER, root=root)
    return root / "store"


@pytest.mark.parametrize("format, suffix, graphs", [
    ("turtle", ".ttl", False), ("ntriples", ".nt", False), ("trig", ".trig", True), ("nquads", ".nq", True),
])
def test_rdf_streamed_from_the_store_parses_to_what_the_dataset_gives(built: Path, tmp_path: Path, format: str,
                                                                      suffix: str, graphs: bool) -> None:
    with open_store(built, read_only=True) as store:
        streamed = write_from_store(store, tmp_path / f"streamed{suffix}", format=format)
        copied = write(store.to_dataset(), tmp_path / f"copied{suffix}", format=format)
    if not graphs:
        ours, theirs = Graph().parse(streamed, format=format), Graph().parse(copied, format=format)
        assert len(ours) > 100 and isomorphic(ours, theirs)
        return
    ours, theirs = Dataset(), Dataset()
    ours.parse(streamed, format=format)
    theirs.parse(copied, format=format)
    by_graph = [{str(g.identifier): set(g) for g in d.graphs() if len(g)} for d in (ours, theirs)]
    assert by_graph[0] == by_graph[1] and len(by_graph[0]) == 8  # 2 pages and 6 records, no merged graph


def test_the_page_reads_every_predicate_the_networkx_view_looks_at() -> None:
    import re

    import zhitu.graph.nx as view
    from zhitu.output.html_view import DRAWN

    source = Path(view.__file__).read_text(encoding="utf-8")
    namespaces = {name: getattr(view, name) for name in ("RDF", "RDFS", "SKOS", "SCHEMA", "ZT", "ORG", "PROV", "TIME")
                  if hasattr(view, name)}
    used = {namespaces[ns][term] for ns, term in re.findall(r"\b([A-Z]+)\.([a-z]\w*)\b", source) if ns in namespaces}
    assert used and used <= set(DRAWN), f"add to zhitu.output.html_view.DRAWN: {sorted(used - set(DRAWN))}"


def test_the_page_is_drawn_from_the_part_of_the_store_it_needs(built: Path) -> None:
    with open_store(built, read_only=True) as store:
        part, whole = to_networkx(drawn_graph(store)), to_networkx(store.to_dataset())
        assert len(drawn_graph(store)) < len(store)
    assert sorted(part.nodes(data=True)) == sorted(whole.nodes(data=True))
    assert sorted(part.edges(keys=True, data=True)) == sorted(whole.edges(keys=True, data=True))
    assert whole.number_of_edges() > 0


def test_a_build_writes_its_files_without_copying_the_store(tmp_path: Path, monkeypatch) -> None:
    pages = write_pages(tmp_path / "pages")
    monkeypatch.chdir(tmp_path / "pages")

    def refused(self, **_):
        raise AssertionError("the store was copied into rdflib")

    monkeypatch.setattr(Store, "to_dataset", refused)
    result = run_build([str(p) for p in pages], out_dir=tmp_path / "out", store_dir=tmp_path / "store",
                       formats=["turtle", "trig", "html"], publisher=PUBLISHER, jobs=1)
    assert result.ok and set(result.written) == {"turtle", "trig", "html", "summary"}
    monkeypatch.undo()
    dataset = result.dataset  # read from the store when asked for
    assert isomorphic(Graph().parse(result.written["turtle"]), Graph().parse(data=dataset.serialize(format="nt"),
                                                                               format="nt"))
    assert len(Graph().parse(result.written["turtle"])) == result.summary.triples


def test_a_build_reopens_its_store_before_writing_its_files_only(tmp_path: Path, monkeypatch) -> None:
    """The caches of the extraction are let go before the files are written (Store.reopen);
    a build writing no files, or only writing the files of a store, keeps its store open."""
    pages = [str(p) for p in write_pages(tmp_path / "pages")]
    monkeypatch.chdir(tmp_path / "pages")
    events = []
    reopen, write_outputs = Store.reopen, build_module.write_outputs
    monkeypatch.setattr(Store, "reopen", lambda self: events.append("reopen") or reopen(self))
    monkeypatch.setattr(build_module, "write_outputs",
                        lambda graph, *args: events.append(f"write {len(args[-1])}") or write_outputs(graph, *args))
    options = dict(out_dir=tmp_path / "out", store_dir=tmp_path / "store", publisher=PUBLISHER, jobs=1)
    assert run_build(pages[:1], formats=["turtle", "html"], **options).ok
    assert run_build(pages, formats=(), **options).ok
    files = run_build([], formats=["turtle"], **options)
    assert events == ["reopen", "write 2", "write 0", "write 1"]
    assert files.ok and len(Graph().parse(files.written["turtle"])) == files.summary.triples > 0


def test_formats_without_a_streaming_writer_copy_the_store_once(built: Path, tmp_path: Path, monkeypatch) -> None:
    copies = []
    original = Store.to_dataset

    def counted(self, **options):
        copies.append(1)
        return original(self, **options)

    monkeypatch.setattr(Store, "to_dataset", counted)
    with open_store(built, read_only=True) as store:
        written = build_module.write_outputs(store, build_module.Summary(), tmp_path / "out",
                                             ["turtle", "jsonld", "graphml", "html"])
    assert len(copies) == 1 and all(path.stat().st_size > 0 for path in written.values())
    assert os.path.exists(tmp_path / "out" / "summary.json")
