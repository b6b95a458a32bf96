"""Tests for zhitu.store: one named graph per document in Oxigraph on disk, a
merged default graph kept in step, documents replaced and removed in one
transaction, stats, export to rdflib; and the `remove` and `stats` commands."""
from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from store_pages import PUBLISHER, SHARED_ORG, write_pages
from zhitu.build import build_dataset, build_store
from zhitu.cli import main
from zhitu.errors import StoreError
from zhitu.graph import iris
from zhitu.graph.namespaces import LABEL_OF, SCHEMA, ZT
from zhitu.store import Store, dataset_stats, from_oxigraph, open_store, to_oxigraph


def quads(store: Store) -> set[tuple[str, str, str, str]]:
    """Every quad of the document graphs, as N-Triples strings."""
    return {
        (str(q.subject), str(q.predicate), str(q.object), str(q.graph_name))
        for q in store.oxigraph.quads_for_pattern(None, None, None, None)
        if not isinstance(q.graph_name, ox.DefaultGraph)
    }


def merged(store: Store) -> set[str]:
    return {str(q.triple) for q in store.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph())}


def assert_merged_graph_is_the_union(store: Store) -> None:
    union = {f"{s} {p} {o}" for s, p, o, _ in quads(store)}
    assert merged(store) == union


@pytest.fixture
def store(tmp_path: Path):
    with open_store(tmp_path / "store") as opened:
        yield opened


@pytest.fixture
def pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    written = write_pages(tmp_path / "pages")
    monkeypatch.chdir(tmp_path / "pages")  # document ids are paths from the working folder: a.md, b.md
    return written


# -- building into a store ------------------------------------------------------------

def test_building_the_sample_twice_gives_the_same_triples(store: Store, sample_path: Path) -> None:
    first = build_store([str(sample_path)], store)
    once, once_quads = len(store), quads(store)
    assert first.documents_built == 1 and first.store["unchanged"] == 0 and once > 0

    again = build_store([str(sample_path)], store)
    assert again.store["unchanged"] == 1 and again.articles == 0  # current: not extracted again
    assert len(store) == once and quads(store) == once_quads

    rebuilt = build_store([str(sample_path)], store, rebuild=True)
    assert rebuilt.store["unchanged"] == 0 and rebuilt.articles == first.articles
    assert len(store) == once and quads(store) == once_quads
    assert len(store.documents()) == 1
    assert_merged_graph_is_the_union(store)


def test_the_store_holds_what_the_in_memory_build_makes(store: Store, sample_path: Path, sample_dataset) -> None:
    summary = build_store([str(sample_path)], store)
    in_memory = {(s, p, o) for s, p, o, _ in sample_dataset.quads((None, None, None, None))}
    assert {(s, p, o) for s, p, o, _ in store.to_dataset().quads((None, None, None, None))} == in_memory
    assert len(store) == len(in_memory) == summary.triples


def test_two_pages_sharing_an_organisation_give_one_node(store: Store, pages) -> None:
    summary = build_store([str(p) for p in pages], store, publisher=PUBLISHER)
    assert summary.documents_built == 2
    rows = store.query("SELECT ?e (COUNT(DISTINCT ?g) AS ?graphs) WHERE { GRAPH ?g { ?e a zt:Organization ; "
                       f'rdfs:label "{SHARED_ORG}"@zh }}}} GROUP BY ?e').rows
    assert [(str(e), int(n)) for e, n in rows] == [(str(iris.entity_iri("ORG", SHARED_ORG)), 2)]
    count = store.query(f'SELECT (COUNT(*) AS ?n) WHERE {{ ?e rdfs:label "{SHARED_ORG}"@zh }}')
    assert int(count.rows[0][0]) == 1  # the merged graph states it once, though two documents do
    assert_merged_graph_is_the_union(store)


def test_pages_built_apart_merge_into_the_same_store(tmp_path: Path, pages) -> None:
    with open_store(tmp_path / "together") as together:
        build_store([str(p) for p in pages], together, publisher=PUBLISHER)
        expected = quads(together)
    with open_store(tmp_path / "apart") as apart:
        for page in pages:
            build_store([str(page)], apart, publisher=PUBLISHER)
        assert quads(apart) == {(s, p, o, g) for s, p, o, g in expected}
        assert_merged_graph_is_the_union(apart)


def test_a_changed_option_rebuilds_the_document(store: Store, pages) -> None:
    a, _ = pages
    build_store([str(a)], store, publisher=PUBLISHER)
    before = store.fingerprint("a.md")
    same = build_store([str(a)], store, publisher=PUBLISHER)
    assert same.store["unchanged"] == 1
    other = build_store([str(a)], store, publisher="青禾日报")
    assert other.store["unchanged"] == 0 and store.fingerprint("a.md") != before
    names = {str(r[0]) for r in store.query("SELECT ?n WHERE { ?a schema:publisher/rdfs:label ?n }").rows}
    assert names == {"青禾日报"}  # the old graph was replaced, not added to
    assert_merged_graph_is_the_union(store)


def test_a_changed_pipeline_rebuilds_everything(store: Store, pages, monkeypatch: pytest.MonkeyPatch) -> None:
    build_store([str(p) for p in pages], store, publisher=PUBLISHER)
    assert build_store([str(p) for p in pages], store, publisher=PUBLISHER).store["unchanged"] == 2
    monkeypatch.setattr("zhitu.build.pipeline_fingerprint", lambda: "another-pipeline")
    assert build_store([str(p) for p in pages], store, publisher=PUBLISHER).store["unchanged"] == 0


def test_the_in_memory_build_records_the_same_fingerprint(store: Store, pages) -> None:
    a, _ = pages
    dataset, _ = build_dataset([str(a)], publisher=PUBLISHER)
    build_store([str(a)], store, publisher=PUBLISHER)
    doc = iris.document_iri("a.md")
    assert str(dataset.graph(doc).value(doc, ZT.fingerprint)) == store.fingerprint("a.md")


# -- replace, remove, documents -----------------------------------------------------------

def test_replace_document_drops_what_the_graph_held(store: Store) -> None:
    doc = iris.document_iri("x.md")
    a, b, c = (URIRef(f"https://example.org/{n}") for n in "abc")
    store.replace_document(doc, [ox.Triple(to_oxigraph(a), to_oxigraph(RDFS.label), ox.Literal("甲", language="zh"))])
    written = store.replace_document(doc, [ox.Triple(to_oxigraph(b), to_oxigraph(RDFS.seeAlso), to_oxigraph(c))])
    assert written == 1
    assert quads(store) == {(f"<{b}>", f"<{RDFS.seeAlso}>", f"<{c}>", f"<{doc}>")}
    assert merged(store) == {f"<{b}> <{RDFS.seeAlso}> <{c}>"}


def test_text_is_stored_exactly(store: Store) -> None:
    doc = iris.document_iri("quotes.md")
    tricky = 'a "quoted" } ; DROP ALL # \\ line\nbreak 中文'
    store.replace_document(doc, [ox.Triple(ox.NamedNode("https://example.org/a"), to_oxigraph(RDFS.label),
                                           to_oxigraph(Literal(tricky, lang="zh")))])
    [label] = [from_oxigraph(q.object) for q in store.oxigraph.quads_for_pattern(None, None, None, None)
               if not isinstance(q.graph_name, ox.DefaultGraph)]
    assert label == Literal(tricky, lang="zh")


def test_remove_keeps_what_other_documents_say(store: Store, pages) -> None:
    build_store([str(p) for p in pages], store, publisher=PUBLISHER)
    assert store.remove_document("a.md") is True
    assert store.remove_document("a.md") is False
    assert [d.doc_id for d in store.documents()] == ["b.md"]
    labels = {str(r[0]) for r in store.query("SELECT ?n WHERE { ?p a zt:Person ; rdfs:label ?n }").rows}
    assert "韩立川" not in labels and "莫知远" in labels  # 韩立川 was only in a.md
    org = store.query(f'ASK {{ ?o a zt:Organization ; rdfs:label "{SHARED_ORG}"@zh }}')
    assert org.boolean is True
    assert_merged_graph_is_the_union(store)


def test_documents_lists_ids_sizes_and_fingerprints(store: Store, pages) -> None:
    build_store([str(p) for p in pages], store, publisher=PUBLISHER)
    docs = store.documents()
    assert [d.doc_id for d in docs] == ["a.md", "b.md"]
    assert all(d.triples > 0 and d.fingerprint.startswith("sha256:") for d in docs)
    assert docs[0].iri == str(iris.document_iri("a.md"))
    assert store.has_document("a.md") and not store.has_document("c.md")


def test_to_dataset_keeps_one_graph_per_document(store: Store, pages) -> None:
    build_store([str(p) for p in pages], store, publisher=PUBLISHER)
    dataset = store.to_dataset()
    graphs = {str(g.identifier): len(g) for g in dataset.graphs() if len(g)}
    assert graphs == {d.iri: d.triples for d in store.documents()}
    assert len(dataset) == len(store)
    assert dict(dataset.namespaces())["zt"] == URIRef(ZT._NS)


# -- stats ---------------------------------------------------------------------------------

def test_stats_counts_the_merged_graph(store: Store, sample_path: Path, sample_dataset) -> None:
    build_store([str(sample_path)], store)
    stats = store.stats()
    graph = {(s, p, o) for s, p, o, _ in sample_dataset.quads((None, None, None, None))}
    typed = {}
    for s, p, o in graph:
        if p == RDF.type and str(o) in LABEL_OF:
            typed.setdefault(LABEL_OF[str(o)], set()).add(s)
    assert stats.entities == {label: len(nodes) for label, nodes in typed.items()}
    assert stats.documents == 1
    assert stats.articles == len({s for s, p, o in graph if p == RDF.type and o == SCHEMA.NewsArticle})
    assert stats.triples == len(graph)
    assert stats.quads == len(graph)  # one document: each triple in one graph
    assert stats.relations["holdsPosition"] == len({s for s, p, o in graph if o == URIRef("http://www.w3.org/ns/org#Membership")})
    assert stats.assertions == len({s for s, p, o in graph if p == RDF.type and o == RDF.Statement})
    assert stats.mentions == len({(s, o) for s, p, o in graph if p == SCHEMA.mentions})


def test_stats_of_two_documents_count_shared_entities_once(store: Store, pages) -> None:
    build_store([str(p) for p in pages], store, publisher=PUBLISHER)
    stats = store.stats()
    assert stats.documents == 2 and stats.articles == 2
    assert stats.quads > stats.triples  # the shared entities' triples are in both graphs


def test_an_in_memory_build_counts_as_the_store_does(store: Store, pages) -> None:
    """summary.json's ``graph`` of a --no-store build and of a store build say the same."""
    dataset, summary = build_dataset([str(p) for p in pages], publisher=PUBLISHER)
    stored = build_store([str(p) for p in pages], store, publisher=PUBLISHER)
    assert dataset_stats(dataset) == store.stats()
    assert summary.graph == stored.graph == store.stats().to_dict()
    # Per document, the shared organisation counts twice; distinct, once.
    assert sum(summary.entities.values()) > sum(summary.graph["entities"].values())


# -- a failing disk ----------------------------------------------------------------------------

class FailingDisk:
    """A stand-in for ``pyoxigraph.Store`` on a full disk: every write fails."""

    def __init__(self) -> None:
        self.flushes = 0

    def contains_named_graph(self, graph) -> bool:
        return True  # a document it holds: replacing it is one SPARQL update

    def update(self, update: str) -> None:
        raise OSError(28, "IO error: While appending to file: 000008.log: No space left on device")

    def flush(self) -> None:
        self.flushes += 1
        raise OSError(28, "IO error: No space left on device")


def test_a_failed_write_is_reported_once(tmp_path: Path) -> None:
    disk = FailingDisk()
    with pytest.raises(StoreError, match="No space left on device") as info:
        with Store(disk, tmp_path, read_only=False) as store:  # type: ignore[arg-type]
            store.replace_document("a.md", [])
    assert disk.flushes == 0  # close() does not try again what just failed
    assert isinstance(info.value.__cause__, OSError) and info.value.__context__ is info.value.__cause__


def test_a_failed_flush_raises_once_and_closes(tmp_path: Path) -> None:
    disk = FailingDisk()
    store = Store(disk, tmp_path, read_only=False)  # type: ignore[arg-type]
    with pytest.raises(StoreError, match=f"cannot write store {tmp_path}: IO error: No space left on device"):
        store.close()
    store.close()  # closed: nothing to flush again
    assert disk.flushes == 1
    with pytest.raises(StoreError, match="is closed"):
        len(store)


def test_an_error_inside_the_block_is_the_one_reported(tmp_path: Path) -> None:
    disk = FailingDisk()
    with pytest.raises(KeyError):
        with Store(disk, tmp_path, read_only=False):  # type: ignore[arg-type]
            raise KeyError("the build's own error")
    assert disk.flushes == 1  # tried, and its failure did not replace the error in flight


# -- opening ---------------------------------------------------------------------------------

def test_read_only_store_refuses_changes(tmp_path: Path, pages) -> None:
    with open_store(tmp_path / "s") as store:
        build_store([str(pages[0])], store, publisher=PUBLISHER)
    with open_store(tmp_path / "s", read_only=True) as ro:
        assert [d.doc_id for d in ro.documents()] == ["a.md"]
        with pytest.raises(StoreError, match="read-only"):
            ro.remove_document("a.md")


def test_a_second_writer_is_refused_with_one_line(tmp_path: Path) -> None:
    with open_store(tmp_path / "s"):
        with pytest.raises(StoreError, match="in use by another zhitu process") as info:
            open_store(tmp_path / "s")
    assert "\n" not in str(info.value)


def test_a_reopened_store_holds_what_it_held_and_its_folder_again(tmp_path: Path, pages) -> None:
    with open_store(tmp_path / "s") as store:
        build_store([str(pages[0])], store, publisher=PUBLISHER)
        before, inner = quads(store), store.oxigraph
        assert store.reopen() is False and store.oxigraph is inner  # held here: left open as it is
        del inner
        assert store.reopen() is True and quads(store) == before
        with pytest.raises(StoreError, match="in use by another zhitu process"):
            open_store(tmp_path / "s")  # still this process's to write
        build_store([str(pages[1])], store, publisher=PUBLISHER)
        assert [d.doc_id for d in store.documents()] == ["a.md", "b.md"]
        assert_merged_graph_is_the_union(store)
    with open_store(tmp_path / "s", read_only=True) as ro:
        assert ro.reopen() is True and ro.read_only and [d.doc_id for d in ro.documents()] == ["a.md", "b.md"]
    with pytest.raises(StoreError, match="is closed"):
        ro.reopen()


def test_a_store_taken_while_reopened_is_one_line_and_closed(tmp_path: Path, monkeypatch) -> None:
    import zhitu.store as store_module

    with open_store(tmp_path / "s") as store:
        def taken(folder, *, read_only):
            raise StoreError(f"store {folder} is in use by another zhitu process (one writer at a time)")

        monkeypatch.setattr(store_module, "_open_oxigraph", taken)
        with pytest.raises(StoreError, match="in use by another zhitu process"):
            store.reopen()
        with pytest.raises(StoreError, match="is closed"):
            store.count_documents()


def test_reading_a_missing_store_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match=r"no store at .*zhitu build PATHS --store"):
        open_store(tmp_path / "nowhere", read_only=True)


def test_a_file_is_not_a_store(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(StoreError, match="not a folder"):
        open_store(tmp_path / "file")


def test_missing_parent_folders_are_made(tmp_path: Path) -> None:
    with open_store(tmp_path / "out" / "seed" / "store") as store:
        assert store.count_documents() == 0
    assert (tmp_path / "out" / "seed" / "store").is_dir()


def test_the_default_store_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHITU_STORE", str(tmp_path / "from-env"))
    with open_store() as store:
        assert store.path == tmp_path / "from-env"
    assert (tmp_path / "from-env").is_dir()


# -- the commands ------------------------------------------------------------------------------

def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


@pytest.fixture
def built_store(tmp_path: Path, pages) -> Path:
    folder = tmp_path / "store"
    result = run("build", *(str(p) for p in pages), "--store", str(folder), "--out", str(tmp_path / "out"),
                 "--publisher", PUBLISHER, "--no-progress", "--format", "turtle")
    assert result.exit_code == 0, result.output
    return folder


def test_stats_command(built_store: Path) -> None:
    result = run("stats", "--store", str(built_store))
    assert result.exit_code == 0
    lines = dict(line.split(None, 1) for line in result.stdout.splitlines() if not line.startswith(" "))
    assert lines["documents"] == "2" and lines["articles"] == "2"
    assert "ORG" in result.stdout and "holdsPosition" in result.stdout
    report = json.loads(run("stats", "--store", str(built_store), "--json", "--documents").stdout)
    with open_store(built_store, read_only=True) as store:
        assert {k: v for k, v in report.items() if k not in ("store", "document_list")} == store.stats().to_dict()
    assert [d["doc_id"] for d in report["document_list"]] == ["a.md", "b.md"]


def test_stats_of_a_missing_store_is_one_line(tmp_path: Path) -> None:
    result = run("stats", "--store", str(tmp_path / "none"))
    assert result.exit_code == 1
    assert result.stderr.startswith("zhitu: error: no store at") and len(result.stderr.splitlines()) == 1


def test_remove_command(built_store: Path) -> None:
    iri = str(iris.document_iri("b.md"))
    result = run("remove", "a.md", iri, "nope.md", "--store", str(built_store))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == ["removed a.md", f"removed {iri}"]
    assert result.stderr.strip() == f"zhitu: no document 'nope.md' in store {built_store}"
    with open_store(built_store, read_only=True) as store:
        assert store.documents() == [] and len(store) == 0
