"""People of one name: kept apart when their posts are in different
organisations, one node when they share one, in memory and in a store."""
from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import OWL, RDF

from zhitu.build import build_dataset, build_store
from zhitu.graph.iris import entity_iri
from zhitu.graph.merges import explain_merges
from zhitu.graph.namespaces import ORG, ZT

PAGES = {
    "a.md": "# 港务集团召开职代会\n\n本报讯 澄溪港务集团有限公司董事长王立新出席会议并讲话。\n",
    "b.md": "# 电池企业推进技改\n\n本报讯 青岚县星驰电池科技有限公司总经理王立新介绍了技改进展。\n",
    "c.md": "# 港务集团表彰工匠\n\n本报讯 澄溪港务集团有限公司董事长王立新为获奖职工颁奖。\n",
    "d.md": "# 一线来信\n\n本报讯 王立新说，今年的订单比去年多。\n",
}
PORT = URIRef(entity_iri("PER", "王立新") + "/澄溪港务集团有限公司")
BATTERY = URIRef(entity_iri("PER", "王立新") + "/青岚县星驰电池科技有限公司")
BARE = entity_iri("PER", "王立新")


@pytest.fixture
def pages(tmp_path):
    for name, text in PAGES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return {name: str(tmp_path / name) for name in PAGES}


def members(graph) -> set[tuple[str, str]]:
    return {(str(p), str(graph.value(m, ORG.organization)).rsplit("/", 1)[-1])
            for m, p in graph.subject_objects(ORG.member)}


def test_different_organisations_make_different_people(pages) -> None:
    dataset, summary = build_dataset(list(pages.values()))
    assert members(dataset) == {(str(PORT), "澄溪港务集团有限公司"), (str(BATTERY), "青岚县星驰电池科技有限公司")}
    assert (PORT, OWL.differentFrom, BATTERY) in dataset or (BATTERY, OWL.differentFrom, PORT) in dataset
    # The page that names him without a post cannot tell which: it keeps the name's own node.
    assert (BARE, RDF.type, ZT.Person) in dataset
    assert (PORT, OWL.differentFrom, BARE) not in dataset
    assert summary.namesakes == 3
    assert "王立新 ≠ 王立新 [Person] 2 people" in explain_merges(dataset)


def test_a_shared_organisation_keeps_one_person(pages) -> None:
    dataset, summary = build_dataset([pages["a.md"], pages["c.md"], pages["d.md"]])
    people = set(dataset.subjects(RDF.type, ZT.Person))
    assert people == {BARE}  # no conflict: the name's node, as extraction made it
    assert summary.namesakes == 0


def test_order_does_not_matter(pages) -> None:
    forward, _ = build_dataset(list(pages.values()))
    backward, _ = build_dataset(list(reversed(pages.values())))
    assert members(forward) == members(backward)


def test_store_separates_namesakes_across_builds(pages, tmp_path) -> None:
    from zhitu.store import open_store

    with open_store(tmp_path / "store") as store:
        build_store([pages["a.md"], pages["c.md"]], store)
        assert members(store.to_dataset()) == {(str(BARE), "澄溪港务集团有限公司")}
        # A namesake in another company arrives: the earlier pages are renamed too.
        summary = build_store([pages["b.md"]], store)
        assert summary.namesakes == 3
        assert members(store.to_dataset()) == {
            (str(PORT), "澄溪港务集团有限公司"), (str(BATTERY), "青岚县星驰电池科技有限公司")}
        # The person's name still finds both (named queries match labels).
        rows = store.query('SELECT ?p WHERE { ?p a zt:Person ; skos:prefLabel "王立新"@zh }').rows
        assert {r[0] for r in rows} == {PORT, BATTERY}


def test_one_body_written_two_ways_is_one_context(tmp_path) -> None:
    pages = {
        "e.md": "# 青禾期刊\n\n本报讯 青禾文学杂志社社长庞立言介绍了刊物改版情况。\n",
        "f.md": "# 文学刊物\n\n本报讯 青禾文学杂志主编庞立言出席研讨会。\n",
    }
    for name, text in pages.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    dataset, summary = build_dataset([str(tmp_path / n) for n in pages])
    people = {str(p) for p in dataset.subjects(RDF.type, ZT.Person)}
    assert people == {str(entity_iri("PER", "庞立言"))}
    assert summary.namesakes == 0


def test_building_into_a_dataset_that_holds_graphs_reads_their_people(pages) -> None:
    dataset, _ = build_dataset([pages["a.md"], pages["c.md"]])
    assert members(dataset) == {(str(BARE), "澄溪港务集团有限公司")}
    _, summary = build_dataset([pages["b.md"]], dataset=dataset)
    assert summary.namesakes == 3  # the earlier pages' people are read back from the dataset
    assert members(dataset) == {(str(PORT), "澄溪港务集团有限公司"), (str(BATTERY), "青岚县星驰电池科技有限公司")}


# A page of two articles naming both namesakes: its document holds both groups, so
# it keeps the name's own node; the other pages are renamed.
BOTH = ("# 港务集团表彰工匠\n\n本报讯 澄溪港务集团有限公司董事长王立新为获奖职工颁奖。\n\n"
        "# 电池企业扩产\n\n本报讯 青岚县星驰电池科技有限公司总经理王立新介绍了扩产计划。\n")


@pytest.fixture
def with_both(pages, tmp_path):
    (tmp_path / "both.md").write_text(BOTH, encoding="utf-8")
    return [pages["a.md"], str(tmp_path / "both.md"), pages["b.md"]]


def assert_one_member_each(dataset) -> None:
    """Every membership has one member (the shapes' check, and the whole graph conforms)."""
    from zhitu.validation import merged_graph, validate

    graph = merged_graph(dataset)
    for membership in set(graph.subjects(RDF.type, ORG.Membership)):
        assert len(set(graph.objects(membership, ORG.member))) == 1, membership
    report = validate(graph)
    assert report.conforms, report.format(examples=3)


def test_a_renamed_person_takes_their_memberships_along(with_both) -> None:
    dataset, summary = build_dataset(with_both)
    assert summary.namesakes == 2
    assert (BARE, RDF.type, ZT.Person) in dataset  # the page with both keeps the bare name
    assert members(dataset) == {
        (str(BARE), "澄溪港务集团有限公司"), (str(BARE), "青岚县星驰电池科技有限公司"),
        (str(PORT), "澄溪港务集团有限公司"), (str(BATTERY), "青岚县星驰电池科技有限公司")}
    assert_one_member_each(dataset)


def test_a_renamed_membership_is_minted_from_its_member(with_both) -> None:
    """The renamed membership's IRI is the one extraction would mint for its member."""
    from rdflib.namespace import SKOS

    from zhitu.graph.iris import membership_iri

    dataset, _ = build_dataset(with_both)
    for membership, person in dataset.subject_objects(ORG.member):
        organization = dataset.value(membership, ORG.organization)
        role = dataset.value(dataset.value(membership, ORG.role), SKOS.prefLabel)
        assert membership == membership_iri(str(person), str(organization), str(role))


def test_namesakes_renamed_in_a_store_conform(with_both, tmp_path) -> None:
    from zhitu.store import open_store

    with open_store(tmp_path / "store") as store:
        # The page with both namesakes makes the first page's person a namesake at once,
        # the last page's when it comes: each build renames one document.
        assert build_store(with_both[:2], store).namesakes == 1
        assert_one_member_each(store.to_dataset())
        assert build_store(with_both[2:], store).namesakes == 1
        assert_one_member_each(store.to_dataset())


def test_the_store_pass_takes_any_name(pages, tmp_path) -> None:
    """A name with a lone surrogate (the store holds it as U+FFFD) is looked up, not a crash."""
    from zhitu.store import open_store, separate_in_store

    with open_store(tmp_path / "store") as store:
        build_store([pages["a.md"]], store)
        assert separate_in_store(store, ["王\ud800立新", "王立新", "\x00"]) == 0


def test_the_store_pass_in_slices_of_names_plans_as_a_whole(pages, tmp_path, monkeypatch) -> None:
    """One name per query and a flush after every document renamed: the same
    renames as one query for every name (the plan is made name by name)."""
    import zhitu.store as store_module
    from zhitu.store import open_store

    (tmp_path / "g.md").write_text("# 港务集团调研\n\n本报讯 澄溪港务集团有限公司总经理陈书远、董事长王立新调研码头。\n",
                                   encoding="utf-8")
    paths = [*pages.values(), str(tmp_path / "g.md")]

    def build(folder: str):
        with open_store(tmp_path / folder) as store:
            summary = build_store(paths, store)
            return summary.namesakes, set(store.to_dataset().quads((None, None, None, None)))

    whole = build("whole")
    monkeypatch.setattr(store_module, "NAMES_PER_QUERY", 1)
    monkeypatch.setattr(store_module, "NAMESAKE_FLUSH_TRIPLES", 1)
    sliced = build("sliced")
    assert whole[0] == sliced[0] >= 3
    assert {(s, p, o, str(g)) for s, p, o, g in whole[1]} == {(s, p, o, str(g)) for s, p, o, g in sliced[1]}
    assert (PORT, RDF.type, ZT.Person) in {(s, p, o) for s, p, o, _ in sliced[1]}


def _every_triple(store, graph, renames) -> list[tuple]:
    """In place of ``zhitu.store._neighbourhood``: the whole document, for the reference builds."""
    return [(q.subject, q.predicate, q.object) for q in store.oxigraph.quads_for_pattern(None, None, None, graph)]


def test_the_store_pass_writes_what_replacing_each_document_writes(pages, tmp_path, monkeypatch) -> None:
    """Each renamed document is read and changed where its renamed people are (their
    triples and memberships'), by the difference only: the store ends as reading,
    renaming and replacing the whole document gives it, its merged graph the union
    of the documents (a triple another document states stays merged)."""
    import pyoxigraph as ox

    import zhitu.store as store_module
    from zhitu.store import open_store

    def quads(store) -> tuple[set, set]:
        named, merged = set(), set()
        for q in store.oxigraph.quads_for_pattern(None, None, None, None):
            (merged if isinstance(q.graph_name, ox.DefaultGraph) else named).add(str(q))
        return named, merged

    def whole(store, graph, held, triples) -> int:
        store.replace_document(graph, [ox.Triple(*t) for t in triples])
        return len(held) + len(triples)

    def build(folder: str) -> tuple[int, set, set]:
        with open_store(tmp_path / folder) as store:
            build_store([pages["a.md"], pages["c.md"], pages["d.md"]], store)
            renamed = build_store([pages["b.md"]], store).namesakes
            named, merged = quads(store)
            union = {str(ox.Quad(q.subject, q.predicate, q.object)) for q in store.oxigraph.quads_for_pattern(
                None, None, None, None) if not isinstance(q.graph_name, ox.DefaultGraph)}
            assert {str(ox.Quad(q.subject, q.predicate, q.object)) for q in store.oxigraph.quads_for_pattern(
                None, None, None, ox.DefaultGraph())} == union
            return renamed, named, merged

    by_difference = build("difference")
    monkeypatch.setattr(store_module, "_revise", whole)
    monkeypatch.setattr(store_module, "_neighbourhood", _every_triple)
    by_replacement = build("replacement")
    assert by_difference == by_replacement and by_difference[0] >= 3
    assert any(str(PORT) in quad for quad in by_difference[2])


def test_the_store_pass_asks_which_names_can_change_first(pages, tmp_path, monkeypatch) -> None:
    """Planning only the names the store says can change (posts in two organisations,
    or a person already told apart) renames what planning every name renames: across
    builds, and when a conflict goes away (the page that made it now names the other post)."""
    import zhitu.store as store_module
    from zhitu.store import _changeable_names, open_store

    def builds(folder: str) -> list[tuple[int, set]]:
        (tmp_path / "b.md").write_text(PAGES["b.md"], encoding="utf-8")
        steps = []
        with open_store(tmp_path / folder) as store:
            for paths in ([pages["a.md"], pages["d.md"]], [pages["b.md"], pages["c.md"]]):
                steps.append((build_store(paths, store).namesakes, members(store.to_dataset())))
            assert _changeable_names(store) == {"王立新"}  # his posts are in two companies
            (tmp_path / "b.md").write_text(PAGES["c.md"], encoding="utf-8")  # the conflict is gone
            steps.append((build_store([pages["b.md"]], store).namesakes, members(store.to_dataset())))
            assert _changeable_names(store) == set()
        return steps

    every = builds("every")
    monkeypatch.setattr(store_module, "FILTER_NAMES_OVER", 0)
    asked = builds("asked")
    assert asked == every
    assert asked[1][1] == {(str(PORT), "澄溪港务集团有限公司"), (str(BATTERY), "青岚县星驰电池科技有限公司")}
    assert asked[2][1] == {(str(BARE), "澄溪港务集团有限公司")}
    assert asked[2][0] >= 2  # the pages told apart are joined again


def test_a_renamed_person_with_a_blank_node_is_renamed_as_in_the_whole_document(pages, tmp_path, monkeypatch) -> None:
    """A renamed person's triples that name a blank node cannot be changed by their difference
    (SPARQL DATA updates cannot name one): the document is replaced, renamed, as reading and
    renaming the whole of it gives it."""
    from rdflib import BNode, Literal
    from rdflib.compare import isomorphic
    from rdflib.namespace import RDFS

    import zhitu.store as store_module
    from zhitu.store import open_store

    def build(folder: str) -> dict:
        with open_store(tmp_path / folder) as store:
            build_store([pages["a.md"]], store)
            (document,) = [g for g in store.to_dataset().graphs() if str(g.identifier).endswith("a.md")]
            note = BNode()
            store.replace_document(document.identifier, [*document, (BARE, RDFS.seeAlso, note),
                                                         (note, RDFS.label, Literal("旧注"))])
            assert build_store([pages["b.md"]], store).namesakes == 2
            return {str(g.identifier): g for g in store.to_dataset().graphs() if len(g)}

    by_part = build("part")
    monkeypatch.setattr(store_module, "_neighbourhood", _every_triple)
    by_whole = build("whole")
    assert by_part.keys() == by_whole.keys()
    assert all(isomorphic(by_part[name], by_whole[name]) for name in by_part)
    renamed = next(g for name, g in by_part.items() if name.endswith("a.md"))
    assert (PORT, RDFS.seeAlso, None) in renamed and (BARE, None, None) not in renamed
