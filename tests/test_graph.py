"""The graph built from pages: the RDF contract of SCHEMA.md, provenance that
points back into the normalised text, stable IRIs, the NetworkX view, and the
RDF files (Turtle, TriG, N-Quads) read back by rdflib and by Oxigraph.

Most tests read the bundled sample page (invented news), built once per session.
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from zhitu.build import build_dataset
from zhitu.errors import UnknownChoiceError
from zhitu.graph import iris
from zhitu.graph.namespaces import CLASS_OF, ID_IRI, ORG, SCHEMA, ZT
from zhitu.graph.nx import to_networkx
from zhitu.output import WRITERS, get_writer, write

ENTITY_CLASSES = set(CLASS_OF.values())
ENTITY_PREFIXES = tuple(f"{ID_IRI}{kind}/" for kind in iris.KIND_OF.values())
SCALARS = (str, int, float, bool)


def union(dataset: Dataset) -> Graph:
    """The merged graph as a plain rdflib Graph (named graphs dropped)."""
    g = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def entity_nodes(graph: Graph) -> set[URIRef]:
    """Every IRI in the entity namespaces, wherever it appears."""
    nodes = set()
    for triple in graph:
        nodes |= {t for t in triple if isinstance(t, URIRef) and str(t).startswith(ENTITY_PREFIXES)}
    return nodes


def named_graphs(dataset: Dataset) -> dict[str, int]:
    """Named graph IRI → triple count, the default graph left out when empty."""
    sizes = {str(g.identifier): len(g) for g in dataset.graphs()}
    return {k: v for k, v in sizes.items() if v or k != "urn:x-rdflib:default"}


def ntriples_via_oxigraph(graph: Graph) -> set[str]:
    data = graph.serialize(format="nt", encoding="utf-8")
    return {str(q.triple) for q in ox.parse(data, ox.RdfFormat.N_TRIPLES)}


@pytest.fixture(scope="module")
def merged(sample_dataset) -> Graph:
    return union(sample_dataset)


@pytest.fixture(scope="module")
def nx_view(sample_dataset) -> nx.MultiDiGraph:
    return to_networkx(sample_dataset)


PAGE_A = """2023年9月1日 星期五

# 澄溪港务集团工会开展技能比武

本报讯 澄溪港务集团有限公司工会主席方立诚出席比武开幕式。澄溪港务集团有限公司组织300名职工参加比武。
"""

PAGE_B = """2023年9月2日 星期六

# 青岚县职工书屋开放

9月1日，澄溪港务集团有限公司董事长周明远在青岚县白沙镇参加职工书屋开放仪式。
"""


@pytest.fixture(scope="module")
def two_pages(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("pages")
    a, b = folder / "a.md", folder / "b.md"
    a.write_text(PAGE_A, encoding="utf-8")
    b.write_text(PAGE_B, encoding="utf-8")
    return a, b


# -- the sample's graph follows SCHEMA.md ------------------------------------------

def test_sample_builds(sample_build) -> None:
    dataset, summary = sample_build
    assert summary.documents_read == summary.documents_built == 1
    assert summary.skipped == []
    assert summary.articles >= 2
    assert summary.triples == len(dataset) > 0
    assert sum(summary.entities.values()) > 0 and summary.relations.get("holdsPosition", 0) > 0


def test_every_entity_has_one_chinese_label_and_one_type(merged: Graph) -> None:
    entities = entity_nodes(merged)
    assert len(entities) > 10
    for node in entities:
        labels = list(merged.objects(node, RDFS.label))
        assert len(labels) == 1, (node, labels)
        assert isinstance(labels[0], Literal) and labels[0].language == "zh" and str(labels[0])
        types = set(merged.objects(node, RDF.type)) & ENTITY_CLASSES
        assert len(types) == 1, (node, types)


def test_every_typed_entity_is_in_an_entity_namespace(merged: Graph) -> None:
    for cls in ENTITY_CLASSES:
        for node in merged.subjects(RDF.type, cls):
            assert isinstance(node, URIRef) and str(node).startswith(ENTITY_PREFIXES), node


def test_aliases_are_chinese_literals_other_than_the_label(merged: Graph) -> None:
    for node, alias in merged.subject_objects(SKOS.altLabel):
        assert isinstance(alias, Literal) and alias.language == "zh"
        assert alias != merged.value(node, RDFS.label)


def test_every_membership_has_one_member_organisation_and_role(merged: Graph) -> None:
    memberships = set(merged.subjects(RDF.type, ORG.Membership))
    assert memberships
    for m in memberships:
        members = list(merged.objects(m, ORG.member))
        orgs = list(merged.objects(m, ORG.organization))
        roles = list(merged.objects(m, ORG.role))
        assert len(members) == len(orgs) == len(roles) == 1, m
        assert (members[0], RDF.type, ZT.Person) in merged
        assert (orgs[0], RDF.type, ZT.Organization) in merged
        labels = list(merged.objects(roles[0], SKOS.prefLabel))
        assert len(labels) == 1 and labels[0].language == "zh" and str(labels[0])
        assert (roles[0], RDF.type, ORG.Role) in merged


def test_every_statement_comes_from_a_sentence_of_the_document(merged: Graph, sample_document) -> None:
    text = sample_document.text
    statements = set(merged.subjects(RDF.type, RDF.Statement))
    assert statements
    for statement in statements:
        for p in (RDF.subject, RDF.predicate, RDF.object):
            assert len(list(merged.objects(statement, p))) == 1, (statement, p)
        sources = list(merged.objects(statement, PROV.wasDerivedFrom))
        assert len(sources) == 1, statement
        sentence = sources[0]
        said = merged.value(sentence, ZT.text)
        start, end = merged.value(sentence, ZT.start), merged.value(sentence, ZT.end)
        assert None not in (said, start, end), sentence
        assert 0 <= start.toPython() < end.toPython() <= len(text)
        assert text[start.toPython() : end.toPython()] == str(said)
        confidence = merged.value(statement, ZT.confidence)
        assert confidence is not None and 0 <= float(confidence) <= 1
        assert merged.value(statement, ZT.extractor) is not None


def test_every_relation_triple_has_a_statement(merged: Graph) -> None:
    described = {
        (merged.value(s, RDF.subject), merged.value(s, RDF.predicate), merged.value(s, RDF.object))
        for s in merged.subjects(RDF.type, RDF.Statement)
    }
    # Containment the gazetteer gives is stated by a zt:DatasetAssertion (graph/divisions.py).
    described |= {
        (merged.value(s, RDF.subject), merged.value(s, RDF.predicate), merged.value(s, RDF.object))
        for s in merged.subjects(RDF.type, ZT_IRI_DATASET_ASSERTION)
    }
    for predicate in (ZT.locatedIn, ORG.subOrganizationOf, ZT.organizes, ZT.participatesIn, SCHEMA.foundingDate):
        for s, o in merged.subject_objects(predicate):
            assert (s, predicate, o) in described, (s, predicate, o)


def test_founding_dates_are_dates(merged: Graph) -> None:
    from rdflib.namespace import XSD  # not at module level: pytest's collection probes module globals

    for _, date in merged.subject_objects(SCHEMA.foundingDate):
        assert date.datatype == XSD.date


def test_articles_have_headlines(merged: Graph) -> None:
    articles = set(merged.subjects(RDF.type, SCHEMA.NewsArticle))
    assert articles
    for art in articles:
        assert len(list(merged.objects(art, SCHEMA.headline))) == 1


def test_one_named_graph_per_document(sample_dataset, sample_document) -> None:
    graphs = named_graphs(sample_dataset)
    assert list(graphs) == [str(iris.document_iri(sample_document.doc_id))]


def test_no_blank_nodes(merged: Graph) -> None:
    from rdflib import BNode

    assert not [t for t in merged if any(isinstance(x, BNode) for x in t)]


CREDITED_PAGE = """2023年9月14日 星期四

# 澄溪港务集团召开职工代表大会

本报讯（记者周明远 通讯员宋佳宁）9月12日，澄溪港务集团有限公司召开职工代表大会。

陆晓岚 摄
"""


def test_article_with_credits(tmp_path: Path) -> None:
    from rdflib.namespace import XSD

    page = tmp_path / "credited.md"
    page.write_text(CREDITED_PAGE, encoding="utf-8")
    merged = union(build_dataset([str(page)], publisher="澄溪日报")[0])
    [art] = merged.subjects(RDF.type, SCHEMA.NewsArticle)
    assert str(merged.value(art, SCHEMA.headline)) == "澄溪港务集团召开职工代表大会"
    assert merged.value(art, SCHEMA.datePublished) == Literal("2023-09-14", datatype=XSD.date)

    def name(node) -> str:
        return str(merged.value(node, RDFS.label))

    assert [name(p) for p in merged.objects(art, SCHEMA.author)] == ["周明远"]
    assert [name(p) for p in merged.objects(art, SCHEMA.contributor)] == ["宋佳宁"]
    assert [name(p) for p in merged.objects(art, ZT.photographer)] == ["陆晓岚"]
    assert [name(p) for p in merged.objects(art, SCHEMA.publisher)] == ["澄溪日报"]
    roles = {
        (name(merged.value(m, ORG.member)), name(merged.value(m, ORG.organization)),
         str(merged.value(merged.value(m, ORG.role), SKOS.prefLabel)))
        for m in merged.subjects(RDF.type, ORG.Membership)
    }
    assert {("周明远", "澄溪日报", "记者"), ("宋佳宁", "澄溪日报", "通讯员")} <= roles


# -- building again, building apart --------------------------------------------------

def test_building_the_same_page_twice_replaces_it(sample_path: Path) -> None:
    dataset, _ = build_dataset([str(sample_path)])
    once = len(dataset)
    build_dataset([str(sample_path)], dataset=dataset)
    assert len(dataset) == once
    assert len(named_graphs(dataset)) == 1


def test_iris_are_stable_across_runs(sample_path: Path, merged: Graph) -> None:
    again = union(build_dataset([str(sample_path)])[0])
    assert entity_nodes(again) == entity_nodes(merged)
    assert set(again) == set(merged)


def test_two_pages_sharing_a_body_give_one_node(two_pages) -> None:
    dataset, summary = build_dataset([str(p) for p in two_pages])
    assert summary.documents_built == 2
    assert len(named_graphs(dataset)) == 2
    merged = union(dataset)
    name = Literal("澄溪港务集团有限公司", lang="zh")
    nodes = set(merged.subjects(RDFS.label, name))
    assert nodes == {iris.entity_iri("ORG", "澄溪港务集团有限公司")}
    node = next(iter(nodes))
    in_graphs = {str(g.identifier) for g in dataset.graphs() if (node, RDF.type, ZT.Organization) in g}
    assert len(in_graphs) == 2
    g = to_networkx(dataset)
    assert [n for n, d in g.nodes(data=True) if d["label"] == "澄溪港务集团有限公司"] == [str(node)]


def test_pages_built_apart_merge_by_union(two_pages) -> None:
    a, b = two_pages
    together = union(build_dataset([str(a), str(b)])[0])
    apart = union(build_dataset([str(a)])[0]) + union(build_dataset([str(b)])[0])
    assert set(apart) == set(together)


# -- the NetworkX view -----------------------------------------------------------------

def test_networkx_has_a_node_per_entity(nx_view: nx.MultiDiGraph, merged: Graph) -> None:
    entities = {str(e) for e in entity_nodes(merged)}
    viewed = {n for n, d in nx_view.nodes(data=True) if d["type"] != "ARTICLE"}
    assert viewed == entities
    articles = {str(a) for a in merged.subjects(RDF.type, SCHEMA.NewsArticle)}
    assert {n for n, d in nx_view.nodes(data=True) if d["type"] == "ARTICLE"} == articles


def test_networkx_attributes_are_plain_scalars(nx_view: nx.MultiDiGraph) -> None:
    assert nx_view.number_of_edges() > 0
    for _, _, key, data in nx_view.edges(keys=True, data=True):
        assert isinstance(key, str)
        assert data["relation"]
        for name, value in data.items():
            assert type(value) in SCALARS, (name, value)
    for _, data in nx_view.nodes(data=True):
        for name, value in data.items():
            assert type(value) in SCALARS, (name, value)


def test_networkx_edges_carry_their_evidence(nx_view: nx.MultiDiGraph, sample_document) -> None:
    text = sample_document.text
    relations = [d for _, _, d in nx_view.edges(data=True) if d["relation"] not in ("mentions", "publisher")]
    assert relations
    for d in relations:
        assert text[d["start"] : d["end"]] == d["evidence"]
        assert 0 <= d["confidence"] <= 1
    roles = {d["role"] for d in relations if d["relation"] == "holdsPosition"}
    assert roles and "" not in roles


def test_networkx_view_writes_as_graphml(nx_view: nx.MultiDiGraph, tmp_path: Path) -> None:
    nx.write_graphml(nx_view, tmp_path / "g.graphml")
    assert nx.read_graphml(tmp_path / "g.graphml").number_of_nodes() == nx_view.number_of_nodes()


# -- RDF files -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def turtle_file(sample_dataset, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("ttl") / "graph.ttl"
    assert write(sample_dataset, path) == path
    return path


def test_turtle_parses_back_with_rdflib(turtle_file: Path, merged: Graph) -> None:
    back = Graph().parse(turtle_file, format="turtle")
    assert set(back) == set(merged)


def test_turtle_parses_back_with_oxigraph(turtle_file: Path, merged: Graph) -> None:
    back = {str(q.triple) for q in ox.parse(path=turtle_file, format=ox.RdfFormat.TURTLE)}
    assert back == ntriples_via_oxigraph(merged)


def test_turtle_has_no_made_up_prefixes(turtle_file: Path) -> None:
    text = turtle_file.read_text(encoding="utf-8")
    assert "ns1:" not in text and "ns2:" not in text
    for prefix in ("zt:", "org:", "schema:", "skos:", "rdfs:", "prov:"):
        assert f"@prefix {prefix}" in text or f"PREFIX {prefix}" in text


@pytest.mark.parametrize("fmt, suffix", [("trig", ".trig"), ("nquads", ".nq")])
def test_trig_and_nquads_keep_one_graph_per_document(sample_dataset, sample_document, merged, tmp_path: Path,
                                                      fmt: str, suffix: str) -> None:
    path = write(sample_dataset, tmp_path / f"graph{suffix}")
    assert get_writer(path).name == fmt
    quads = list(ox.parse(path=path, format=ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS))
    names = {str(q.graph_name) for q in quads}
    assert names == {str(ox.NamedNode(str(iris.document_iri(sample_document.doc_id))))}
    assert {str(q.triple) for q in quads} == ntriples_via_oxigraph(merged)
    back = Dataset()
    back.parse(path, format=fmt)
    assert named_graphs(back) == named_graphs(sample_dataset)


def test_trig_keeps_pages_apart(two_pages, tmp_path: Path) -> None:
    dataset, _ = build_dataset([str(p) for p in two_pages])
    path = write(dataset, tmp_path / "graph.trig")
    quads = list(ox.parse(path=path, format=ox.RdfFormat.TRIG))
    assert len({str(q.graph_name) for q in quads}) == 2
    assert len(quads) == sum(named_graphs(dataset).values())


@pytest.mark.parametrize("name", [
    name
    for name in sorted(WRITERS)
])
def test_every_writer_writes_the_sample(sample_dataset, tmp_path: Path, name: str) -> None:
    writer = WRITERS[name]
    path = write(sample_dataset, tmp_path / f"graph{writer.suffixes[0]}")
    assert path.stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind


def test_unknown_format_lists_the_choices(sample_dataset, tmp_path: Path) -> None:
    with pytest.raises(UnknownChoiceError) as err:
        write(sample_dataset, tmp_path / "graph.ttl", format="tutle")
    assert "turtle" in str(err.value) and "tutle" in str(err.value)
    with pytest.raises(UnknownChoiceError):
        write(sample_dataset, tmp_path / "graph.unknown")
    assert list(tmp_path.iterdir()) == []


# -- the HTML view in a browser ------------------------------------------------------

@pytest.mark.slow
def test_html_view_opens_offline_with_every_node(sample_out: Path, sample_dataset, chromium) -> None:
    """Every entity is on the page: drawn when it has an edge (a credit's behind the
    credits toggle), else listed as not linked."""
    from tests.browser import open_offline, wait_until

    view = to_networkx(sample_dataset, include_mentions=False)
    entities = {n for n, d in view.nodes(data=True) if d["type"] != "ARTICLE"}
    with open_offline(sample_out / "graph.html") as page:
        wait_until(page.page, "() => window.zhituReady === true")
        data = "JSON.parse(document.getElementById('zt-data').textContent)"
        drawn = set(page.evaluate(f"{data}.nodes.map(n => n.id)"))  # credits-only ones behind the toggle
        listed = set(page.evaluate(f"{data}.isolated.map(n => n.id)"))
        assert set(page.evaluate("network.body.data.nodes.getIds()")) <= drawn
        assert page.problems() == []
    assert drawn and entities <= drawn | listed
    assert not drawn & listed
    assert drawn <= set(view.nodes)


def test_graph_maps_the_doc_facts_only() -> None:
    """The Doc is the contract: article links and the dateline place set on a Doc
    by hand (no component runs) become the article's triples, with provenance
    for a link that has an evidence sentence."""
    from spacy.lang.xx import MultiLanguage

    from zhitu.extractors.facts import ArticleLink, Entity, register_extensions
    from zhitu.graph.rdf import document_triples
    from zhitu.read.model import Article, Document

    register_extensions()
    text = "本报记者 周明远\n青山市新闻。"
    document = Document("facts.txt", "facts.txt", text, "text")
    doc = MultiLanguage().make_doc(text)
    doc._.article = Article("facts.txt", 0, 0, len(text), "标题", 0, dateline="青山")
    doc._.entities = [Entity("PER", "周明远", mentions=[(5, 8)]), Entity("ORG", "澄溪日报"),
                      Entity("LOC", "青山市", mentions=[(9, 12)])]
    doc._.article_links = [ArticleLink("author", ("PER", "周明远"), (0, 8), "credits", 0.95),
                           ArticleLink("publisher", ("ORG", "澄溪日报"), None, "layout", 1.0),
                           ArticleLink("author", ("PER", "无此人"), (0, 8), "credits", 0.95)]
    doc._.dateline_place = ("LOC", "青山市")
    triples, counts = document_triples(document, [doc])
    art = iris.article_iri("facts.txt", 0)
    person, paper = iris.entity_iri("PER", "周明远"), iris.entity_iri("ORG", "澄溪日报")
    assert (art, SCHEMA.author, person) in triples
    assert (art, SCHEMA.publisher, paper) in triples
    assert (art, ZT.datelinePlace, iris.entity_iri("LOC", "青山市")) in triples
    assert counts.relations == {"author": 1, "publisher": 1}  # a link to no entity is dropped
    statements = {s for s, p, o in triples if p == RDF.object and o in (person, paper)}
    assert len(statements) == 1  # the publisher has no sentence to quote
    [sentence] = {o for s, p, o in triples if s in statements and p == PROV.wasDerivedFrom}
    assert (sentence, ZT.text, Literal("本报记者 周明远", lang="zh")) in triples


ZT_IRI_DATASET_ASSERTION = URIRef("https://w3id.org/zhitu/ontology#DatasetAssertion")


def test_a_fact_two_components_state_from_one_sentence_has_one_statement(nlp) -> None:
    from dataclasses import replace

    from zhitu.graph.rdf import document_triples
    from zhitu.read.model import Document

    text = "澄溪县总工会副主席林晓岚出席会议。"
    document = Document(doc_id="invented/one.txt", source="one.txt", text=text, format="txt")
    from zhitu.extractors.pipeline import extract_articles
    from zhitu.read.articles import split_articles

    (doc,) = extract_articles(((document, a) for a in split_articles(document)), nlp=nlp)
    first = next(r for r in doc._.relations if r.relation == "holdsPosition")
    doc._.relations.append(replace(first, extractor="another_component", confidence=first.confidence / 2))
    triples, _ = document_triples(document, [doc])
    statements = {s for s, p, o in triples if p == ZT.extractor}
    extractors = [o for s, p, o in triples if p == ZT.extractor and (s, RDF.predicate, ORG.memberOf) in set(triples)]
    assert len(statements) == len({s for s, p, o in triples if p == ZT.confidence})
    assert [str(e) for e in extractors] == [first.extractor]


def test_a_fact_stated_with_and_without_its_time_in_one_sentence_has_one_confidence(nlp) -> None:
    from dataclasses import replace

    from zhitu.extractors.pipeline import extract_articles
    from zhitu.graph.rdf import document_triples
    from zhitu.read.articles import split_articles
    from zhitu.read.model import Document

    document = Document(doc_id="invented/two.txt", source="two.txt", text="澄溪县总工会副主席林晓岚出席会议。",
                        format="txt")
    (doc,) = extract_articles(((document, a) for a in split_articles(document)), nlp=nlp)
    first = next(r for r in doc._.relations if r.relation == "holdsPosition")
    doc._.relations.append(replace(first, former=True, confidence=first.confidence / 2))
    triples, _ = document_triples(document, [doc])
    confidences = {}
    for s, p, o in triples:
        if p == ZT.confidence:
            confidences.setdefault(s, []).append(o)
    assert all(len(values) == 1 for values in confidences.values())
    assert any(p == ZT.historical for s, p, o in triples)  # the dated one is kept
