"""The HTML page written from a store reads only what it shows: the nodes are
chosen in the store by the page's own rule (the most facts, then the most
edges; isolated entities most mentioned first), and the page is the one the
whole store's graph gives (invented people, companies and places)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, SKOS, XSD

import zhitu.output.html as html
import zhitu.output.html_view as html_view
from zhitu.graph.namespaces import ORG, SCHEMA, ZT
from zhitu.graph.nx import to_networkx
from zhitu.output.html import generate_html
from zhitu.output.html_view import PagePlan, drawn_graph, page_graph, write_html_view_from_store
from zhitu.store import open_store

EX = "https://example.org/"
PERSON, COMPANY, PLACE = (URIRef(f"https://w3id.org/zhitu/ontology#{t}") for t in ("Person", "Organization", "Place"))
PEOPLE = ["周明远", "柏若川", "蓝望舒", "秦闻溪", "尹临风", "邵思齐"]
COMPANIES = ["澄溪港务集团", "柳岸机床厂", "青禾纺织公司"]
PLACES = ["澄溪市", "柳岸县"]
LONERS = ["程景行", "苏青禾", "莫知远", "宁书瑶", "韩立川"]  # in no relation


def iri(kind: str, i: int) -> URIRef:
    return URIRef(f"{EX}{kind}/{i}")


def statement(graph: Graph, n: int, head: URIRef, predicate: str, tail: URIRef, article: URIRef,
              role: str | None = None) -> None:
    st, sentence = URIRef(f"{EX}st/{n}"), URIRef(f"{EX}sentence/{n}")
    graph.add((st, RDF.type, RDF.Statement))
    for p, o in ((RDF.subject, head), (RDF.predicate, URIRef(predicate)), (RDF.object, tail),
                 (ZT.extractor, Literal("rules")), (ZT.confidence, Literal(0.5 + n % 5 / 10)),
                 (PROV.wasDerivedFrom, sentence), (ZT.article, article)):
        graph.add((st, p, o))
    graph.add((sentence, ZT.text, Literal(f"第{n}句：{head.rsplit('/', 1)[-1]}与{tail.rsplit('/', 1)[-1]}。")))
    graph.add((sentence, ZT.start, Literal(n * 10)))
    graph.add((sentence, ZT.end, Literal(n * 10 + 8)))
    graph.add((sentence, ZT.article, article))
    if role is not None:
        membership, post = URIRef(f"{EX}membership/{n}"), URIRef(f"{EX}role/{role}")
        graph.add((st, ZT.membership, membership))
        graph.add((membership, ORG.role, post))
        graph.add((post, SKOS.prefLabel, Literal(role)))
        graph.add((membership, ZT.reportedOn, Literal(f"2023-09-{10 + n % 9:02d}", datatype=XSD.date)))


def news(articles: int = 4) -> Graph:
    """People hold posts in companies located in places; loners are only mentioned."""
    graph = Graph()
    people = [iri("person", i) for i in range(len(PEOPLE))]
    companies = [iri("company", i) for i in range(len(COMPANIES))]
    places = [iri("place", i) for i in range(len(PLACES))]
    loners = [iri("loner", i) for i in range(len(LONERS))]
    for nodes, names, kind in ((people, PEOPLE, PERSON), (companies, COMPANIES, COMPANY), (places, PLACES, PLACE),
                               (loners, LONERS, PERSON)):
        for node, name in zip(nodes, names):
            graph.add((node, RDF.type, kind))
            graph.add((node, SKOS.prefLabel, Literal(name)))
    publisher = iri("company", 99)
    graph.add((publisher, RDF.type, COMPANY))
    graph.add((publisher, SKOS.prefLabel, Literal("澄溪日报社")))
    n = 0
    for a in range(articles):
        article = iri("article", a)
        graph.add((article, RDF.type, SCHEMA.NewsArticle))
        graph.add((article, SCHEMA.headline, Literal(f"澄溪新闻第{a}篇")))
        graph.add((article, SCHEMA.datePublished, Literal(f"2023-09-{11 + a:02d}", datatype=XSD.date)))
        graph.add((article, SCHEMA.publisher, publisher))
        for i, person in enumerate(people[: 3 + a]):
            statement(graph, n := n + 1, person, str(ORG.memberOf), companies[(i + a) % len(companies)], article,
                      role="董事长" if i % 2 else "总经理")
            graph.add((article, SCHEMA.mentions, person))
        statement(graph, n := n + 1, companies[a % len(companies)], str(ZT.locatedIn), places[a % len(places)],
                  article)
        for i, loner in enumerate(loners[: len(loners) - a]):
            graph.add((article, SCHEMA.mentions, loner))
    return graph


@pytest.fixture()
def store_path(tmp_path: Path) -> Path:
    with open_store(tmp_path / "store") as store:
        store.replace_document("news.md", news())
    return tmp_path / "store"


def whole_page(store, max_nodes: int = html.MAX_NODES) -> str:
    """The page as it was written before: from every drawn triple of the store."""
    return generate_html(to_networkx(drawn_graph(store), include_mentions=False), max_nodes=max_nodes)


def store_page(store, max_nodes: int = html.MAX_NODES) -> str:
    plan = PagePlan.of(store, max_nodes=max_nodes)
    return generate_html(page_graph(store, plan), max_nodes=max_nodes, linked_total=plan.linked_total,
                         isolated_total=plan.isolated_total)


def data(page: str) -> dict:
    return json.loads(re.search(r'<script id="zt-data" type="application/json">(.*?)</script>', page, re.S).group(1))


def shown(page: str) -> tuple:
    """What a page shows, its layout and node order aside: nodes, edges, the isolated list, the note."""
    found = data(page)
    nodes = sorted((n["id"], n["label"], n["ztype"], n["degree"], n["title"]) for n in found["nodes"])
    edges = sorted((e["from"], e["to"], e["relation"], e["title"], e["date"], e["dateLast"], e["statements"],
                    e.get("confidence")) for e in found["edges"])
    note = re.search(r"显示连接最多的[^<\"]*", page)
    total = re.search(r"Not linked \((\d+)\)", page).group(1)
    return nodes, edges, found["isolated"], note.group(0) if note else "", total


def test_a_page_under_the_cut_is_the_page_of_the_whole_store(store_path: Path, tmp_path: Path) -> None:
    with open_store(store_path, read_only=True) as store:
        before, after = whole_page(store), store_page(store)
        write_html_view_from_store(store, tmp_path / "graph.html")
    assert after == before
    assert (tmp_path / "graph.html").read_text(encoding="utf-8") == before
    nodes, edges, isolated, note, _ = shown(after)
    assert {label for _, label, *_ in nodes} >= set(PEOPLE) | set(COMPANIES) | set(PLACES)
    assert [entry["label"] for entry in isolated] == LONERS  # the most mentioned first
    assert any("总经理" in title for _, _, _, title, *_ in edges) and note == ""


@pytest.mark.parametrize("max_nodes", [3, 5, 8])
def test_a_cut_page_keeps_the_nodes_the_whole_graph_keeps(store_path: Path, max_nodes: int) -> None:
    with open_store(store_path, read_only=True) as store:
        before, after = whole_page(store, max_nodes), store_page(store, max_nodes)
        plan = PagePlan.of(store, max_nodes=max_nodes)
        read = page_graph(store, plan)
        whole = to_networkx(drawn_graph(store), include_mentions=False)  # one edge per statement
    assert shown(after) == shown(before)
    assert shown(after)[3].startswith(f"显示连接最多的 {len(plan.drawn)} / {plan.linked_total} ")
    assert len(plan.drawn) <= max_nodes < plan.linked_total
    # only the drawn and listed nodes are read: no name of a node the cut leaves out
    assert set(read.nodes()) == plan.drawn | plan.listed
    assert set(plan.mentions) <= plan.drawn | plan.listed  # the plan keeps no count of a node not shown
    # The store's page graph is already what the page shows: not copied again to make the page.
    assert html._visible_subgraph(read, include_mentions=False) is read
    assert html._visible_subgraph(whole, include_mentions=False) is not whole


def test_the_isolated_list_is_cut_in_the_store_as_on_the_page(store_path: Path, monkeypatch) -> None:
    for module in (html, html_view):
        monkeypatch.setattr(module, "MAX_ISOLATED_LISTED", 3)
    with open_store(store_path, read_only=True) as store:
        before, after = whole_page(store), store_page(store)
        plan = PagePlan.of(store)
    assert shown(after) == shown(before)
    assert [entry["label"] for entry in data(after)["isolated"]] == LONERS[:3]
    assert len(plan.listed) == 3 and plan.isolated_total == len(LONERS)
    assert f"Not linked ({len(LONERS)})" in after and "; 3 most mentioned shown" in after


def test_reading_the_page_reads_less_than_the_drawn_triples(store_path: Path) -> None:
    with open_store(store_path, read_only=True) as store:
        plan = PagePlan.of(store, max_nodes=3)
        assert 0 < len(html_view._page_triples(store, plan)) < len(drawn_graph(store)) / 2


def test_a_fact_reported_often_is_one_edge_quoting_its_earliest_reports(tmp_path: Path) -> None:
    graph = news()
    person, company, articles = iri("person", 5), iri("company", 2), [iri("article", a) for a in range(4)]
    for n in range(100, 105):  # five more reports of a post news() gives once, later in their pages
        statement(graph, n, person, str(ORG.memberOf), company, articles[n % 4], role="董事长")
    with open_store(tmp_path / "store") as store:
        store.replace_document("news.md", graph)
    with open_store(tmp_path / "store", read_only=True) as store:
        before, after = whole_page(store), store_page(store)
        plan = PagePlan.of(store)
    assert shown(after) == shown(before)
    (edge,) = [e for e in data(after)["edges"] if e["from"] == str(person) and e["to"] == str(company)]
    assert edge["statements"] == 6 and edge["title"].count("“") == html.EVIDENCE_PER_EDGE
    assert "另有 3 处 and 3 more" in edge["title"] and "第100句" in edge["title"] and "第102句" not in edge["title"]
    assert (edge["date"], edge["dateLast"]) == ("2023-09-11", "2023-09-14")
    assert edge["confidence"] == 0.9  # the highest of its statements'
    # Only the quoted statements are read: the other reports of a fact are counted in the store.
    assert len(plan.statements) == sum(min(f["statements"], html.EVIDENCE_PER_EDGE) for f in plan.facts.values())
    assert sum(f["statements"] for f in plan.facts.values()) > len(plan.statements)


@pytest.mark.parametrize("share", [10**6, 0], ids=["one pass over the labels", "a lookup each"])
def test_loners_mentioned_as_often_are_listed_by_label_as_on_the_page(share: int, tmp_path: Path,
                                                                      monkeypatch) -> None:
    """Ties at the cut of the isolated list are broken by label (a prefLabel, else an
    rdfs:label, else the IRI), then IRI, in the store as on the page, however the labels are read."""
    monkeypatch.setattr(html_view, "SCAN_LABELS_SHARE", share)
    from rdflib.namespace import RDFS

    graph = news()
    names = ["岳听澜", "安若溪", None, "白景深", "柯望川", "安若溪"]  # one without a label, two of one name
    for i, name in enumerate(names, start=10):
        node = iri("loner", i)
        graph.add((node, RDF.type, PERSON))
        if name is not None:
            graph.add((node, SKOS.prefLabel if i % 2 else RDFS.label, Literal(name)))
    with open_store(tmp_path / "store") as store:
        store.replace_document("news.md", graph)
    for module in (html, html_view):
        monkeypatch.setattr(module, "MAX_ISOLATED_LISTED", len(LONERS) + 3)  # three of the six never mentioned
    with open_store(tmp_path / "store", read_only=True) as store:
        before, after = whole_page(store), store_page(store)
    assert shown(after) == shown(before)
    listed = [entry["label"] for entry in data(after)["isolated"]]
    assert listed[: len(LONERS)] == LONERS and len(listed) == len(LONERS) + 3
    assert listed[len(LONERS):] == [str(iri("loner", 12)), "安若溪", "安若溪"]  # an IRI sorts before Chinese


def test_the_plan_holds_one_string_per_node_across_its_tables(store_path: Path) -> None:
    """A node's IRI read from the type, statement and mention indexes is one string, not three
    (on a store of thousands of articles the plan's tables are most of its memory)."""
    with open_store(store_path, read_only=True) as store:
        kinds = html_view._node_kinds(store)
        reports = html_view._fact_reports(store, kinds)
        mentions = html_view._mention_counts(store)
    held = {node: node for node in kinds}
    ends = [end for head, tail, *_ in reports for end in (head, tail)]
    assert ends and all(held[end] is end for end in ends)
    assert set(mentions) <= set(held) and all(held[node] is node for node in mentions)


def test_the_page_graph_lets_go_of_the_triples_once_read(store_path: Path, monkeypatch) -> None:
    """The page's triples are read once into to_networkx's index and not held beside it."""
    read_from = []

    def to_networkx_spy(graph, **kwargs):
        read_from.append(graph)
        return to_networkx(graph, **kwargs)

    monkeypatch.setattr(html_view, "to_networkx", to_networkx_spy)
    with open_store(store_path, read_only=True) as store:
        plan = PagePlan.of(store)
        triples = html_view._page_triples(store, plan)
        assert shown(generate_html(page_graph(store, plan))) == shown(whole_page(store))
    (graph,) = read_from
    assert len(graph) == 0 and list(graph.triples((None, None, None))) == []
    once = html_view._Listed(list(triples), once=True)
    assert list(once.triples((None, RDF.type, None))) == [t for t in triples if t[1] == RDF.type]  # matched: kept
    assert list(once.triples((None, None, None))) == triples and len(once) == 0  # read whole, in order: let go
    kept = html_view._Listed(list(triples))
    assert list(kept.triples((None, None, None))) == triples == list(kept.triples((None, None, None)))
