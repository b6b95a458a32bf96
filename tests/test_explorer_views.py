"""The explorer's overview, paths, timeline, filters, highlighting, exports and
named queries in headless Chromium (Debian's, through Playwright), every request
but those to the loopback server blocked, on the invented articles of
``test_explorer_api``. Each test also checks that the page logged no error and
asked for nothing outside."""
from __future__ import annotations

import csv
import io
import struct

import networkx as nx
import pytest

from tests.browser import open_served, wait_until
from tests.test_explorer_api import corpus_store, fact_graph, iri_of  # noqa: F401 (a fixture)
from zhitu.serve import explorer
from zhitu.serve.app import make_server, serve_in_thread

pytestmark = pytest.mark.slow

EXPLORER = "window.zhituExplorer"


@pytest.fixture(scope="module")
def server(corpus_store):  # noqa: F811
    server = make_server(corpus_store, quiet=True)
    serve_in_thread(server)
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(chromium, server):
    with open_served(chromium, server.url, accept_downloads=True, viewport={"width": 1400, "height": 900}) as page:
        wait_until(page, f"{EXPLORER} && document.querySelector('table[data-name=most-connected]') !== null")
        yield page


def table_rows(page, name: str) -> list[list[str]]:
    return page.evaluate(f"""[...document.querySelectorAll('table[data-name="{name}"] tr')].slice(1)
        .map(tr => [...tr.children].map(td => td.innerText))""")


def visible(page) -> dict:
    return page.evaluate(f"""(() => {{ const v = {EXPLORER}.visible();
        return {{ nodes: v.nodes.map(id => {EXPLORER}.nodes.get(id)),
                 edges: v.edges.map(id => {EXPLORER}.edges.get(id)) }}; }})()""")


def open_by_search(page, name: str) -> None:
    page.fill("#search", name)
    page.click("#search-form button[type=submit]")
    button = page.locator("#results button", has_text=name).first
    button.wait_for()
    button.click()
    wait_until(page, f"document.querySelector('#node-info p') && "
                     f"document.querySelector('#node-info p').innerText.includes('{name}')")


def test_the_page_opens_on_an_overview(page, corpus_store):  # noqa: F811
    expected = explorer.overview(corpus_store)
    counts = expected["counts"]
    types = {row[0].split()[-1]: int(row[1]) for row in table_rows(page, "types")}
    assert types == counts["entities"]
    relations = {row[0].split()[-1]: int(row[1]) for row in table_rows(page, "relations")}
    assert relations == counts["relations"]
    leaders = table_rows(page, "most-connected")
    assert len(leaders) == len(expected["top"])
    assert all(row[0].endswith(n["label"]) and row[1] == n["type"] for row, n in zip(leaders, expected["top"]))
    assert [int(row[2]) for row in leaders] == [n["degree"] for n in expected["top"]]
    assert [row[1] for row in table_rows(page, "latest-articles")] == [a["label"] for a in expected["latest"]]
    # The canvas is not blank: it holds the most connected entities and the relations among them.
    wait_until(page, f"{EXPLORER}.nodes.length === {len(expected['top'])}")
    assert page.evaluate(f"{EXPLORER}.edges.length") == len({e["id"] for e in expected["edges"]}) > 0
    # A leader opens with its neighbours; the search box finds names.
    page.locator("table[data-name=most-connected] button", has_text="林晓岚").click()
    wait_until(page, f"{EXPLORER}.nodes.get().some(n => n.label === '2021年柳岸县茶艺技能大赛')")
    open_by_search(page, "孟秋实")
    assert page.locator("#node-actions").is_visible()
    # A latest article opens with what it mentions.
    page.locator("table[data-name=latest-articles] button", has_text="澄溪市政府发布新规").click()
    wait_until(page, f"{EXPLORER}.edges.get().some(e => e.relation === 'mentions' && "
                     f"{EXPLORER}.nodes.get(e.to).label === '韩立川')")
    assert page.problems == []


def test_shortest_path_with_the_evidence_of_each_hop(page, corpus_store):  # noqa: F811
    source, target = iri_of(corpus_store, "许文涛"), iri_of(corpus_store, "林晓岚")
    length = nx.shortest_path_length(fact_graph(corpus_store), source, target)
    page.fill("#path-from", "许文涛")
    page.fill("#path-to", "林晓岚")
    page.click("#path-form button[type=submit]")
    page.locator("#path-result ol.hops").first.wait_for()
    hops = page.locator("#path-result ol.hops").first.locator(":scope > li")
    assert hops.count() == length
    for i in range(length):
        hop = hops.nth(i)
        assert hop.locator(".sentence").count() >= 1
        marks = hop.locator("mark").all_text_contents()
        ends = hop.locator(":scope > p").first.inner_text().split(" · ")[0].split(" → ")
        names = page.evaluate(f"ends => {EXPLORER}.nodes.get().filter(n => ends.includes(n.label))"
                              ".flatMap(n => [n.label, ...n.aliases])", ends)
        assert marks and set(marks) <= set(names), (marks, ends)
        assert "20" in hop.locator(".sentence .meta").first.inner_text()  # the article's date
    # The path is drawn and selected on the canvas.
    selected = page.evaluate(f"{EXPLORER}.network.getSelectedNodes()")
    assert source in selected and target in selected
    assert len(page.evaluate(f"{EXPLORER}.network.getSelectedEdges()")) >= length
    with page.expect_download() as caught:
        page.locator("table[data-name=path]").locator("xpath=..").locator("button.csv").click()
    header, *got = csv.reader(io.StringIO(open(caught.value.path(), encoding="utf-8-sig").read()))
    assert header == ["path", "from", "relation", "roles", "to", "date", "sentence", "article", "document"]
    assert len(got) == page.locator("#path-result .sentence").count()
    assert all(row[6] and row[8] for row in got)  # each hop's sentence and document
    # Through articles a shorter path exists (both are named in one article).
    far = iri_of(corpus_store, "孟秋实")
    page.fill("#path-to", "孟秋实")
    page.check("#path-mentions")
    page.click("#path-form button[type=submit]")
    wait_until(page, "document.querySelector('#path-result h3') && "
                     "document.querySelector('#path-result h3').innerText.includes('孟秋实')")
    first = page.locator("#path-result ol.hops").first.locator(":scope > li")
    assert first.count() < nx.shortest_path_length(fact_graph(corpus_store), source, far)
    assert page.problems == []


def test_a_path_longer_than_allowed_is_reported(page):
    page.fill("#path-from", "许文涛")
    page.fill("#path-to", "孟秋实")
    page.select_option("#path-hops", "1")
    page.click("#path-form button[type=submit]")
    wait_until(page, "document.querySelector('#path-result').innerText.includes('no path of at most 1')")
    page.fill("#path-to", "没有这个人")
    page.click("#path-form button[type=submit]")
    wait_until(page, "document.querySelector('#path-result .error') !== null")
    assert page.problems == []


def test_timeline_of_an_entity(page, corpus_store):  # noqa: F811
    open_by_search(page, "林晓岚")
    page.click("#node-timeline")
    page.locator("table[data-name=timeline]").wait_for()
    expected = explorer.timeline(corpus_store, iri_of(corpus_store, "林晓岚"))
    rows = table_rows(page, "timeline")
    assert [row[0] for row in rows] == [f["date"] for f in expected["facts"]]
    assert [row[0] for row in rows] == sorted(row[0] for row in rows)
    assert all("林晓岚" in row[3] for row in rows)
    with page.expect_download() as caught:
        page.locator("table[data-name=timeline]").locator("xpath=..").locator("button.csv").click()
    header, *got = csv.reader(io.StringIO(open(caught.value.path(), encoding="utf-8-sig").read()))
    assert header == ["date", "relation", "role", "with", "type", "sentence", "article", "document"]
    assert [(r[0], r[1], r[2], r[5]) for r in got] == [(f["date"], f["relation"], f["role"], f["sentence"])
                                                       for f in expected["facts"]]
    dots = page.locator("#timeline svg circle.fact").count()
    assert dots == sum(1 for f in expected["facts"] if f["date"])
    assert page.locator("#timeline svg rect.mention").count() == len(expected["mentions"])
    assert page.problems == []


def test_filters_by_type_relation_and_date(page):
    page.check("#show-mentions")
    open_by_search(page, "柳岸县总工会")
    wait_until(page, f"{EXPLORER}.edges.get().some(e => e.relation === 'mentions')")
    everything = visible(page)
    assert {"holdsPosition", "organizes", "mentions"} <= {e["relation"] for e in everything["edges"]}

    page.uncheck("#relation-filter input[data-relation=holdsPosition]")
    shown = visible(page)
    assert shown["edges"] and "holdsPosition" not in {e["relation"] for e in shown["edges"]}
    page.check("#relation-filter input[data-relation=holdsPosition]")

    page.fill("#date-from", "2021-06-01")
    page.dispatch_event("#date-from", "change")
    shown = visible(page)
    assert shown["edges"] and all(e["last"] >= "2021-06-01" for e in shown["edges"])
    hidden = [e for e in everything["edges"] if e["last"] < "2021-06-01"]
    assert hidden and not {e["id"] for e in hidden} & {e["id"] for e in shown["edges"]}
    ends = {e["from"] for e in shown["edges"]} | {e["to"] for e in shown["edges"]}
    opened = page.evaluate(f"{EXPLORER}.nodes.get().find(n => n.label === '柳岸县总工会').id")
    assert {n["id"] for n in shown["nodes"]} <= ends | {opened}
    assert page.locator("#filter-status").inner_text().startswith(f"显示 shown: {len(shown['nodes'])}/")
    page.fill("#date-from", "")
    page.dispatch_event("#date-from", "change")

    page.uncheck("#type-filter input[data-type=PER]")
    shown = visible(page)
    assert shown["nodes"] and "PER" not in {n["ztype"] for n in shown["nodes"]}
    assert page.problems == []


def test_evidence_highlights_whole_mentions_only(page):
    open_by_search(page, "韩立川")
    edge = page.evaluate(f"{EXPLORER}.edges.get().find(e => e.relation === 'holdsPosition' && "
                         f"{EXPLORER}.nodes.get(e.from).label === '韩立川').id")
    page.evaluate(f"id => {EXPLORER}.showEvidence(id)", edge)
    sentence = page.locator("#evidence .sentence").first
    sentence.wait_for()
    text = sentence.locator("p").first.inner_text()
    assert text.count("澄溪市人民政府") == 2  # the body, and its decree
    assert sentence.locator("mark").all_text_contents() == ["澄溪市人民政府", "韩立川"]
    assert page.problems == []


def test_export_png_and_csv(page, corpus_store):  # noqa: F811
    with page.expect_download() as caught:
        page.click("#export-png")
    png = open(caught.value.path(), "rb").read()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == tuple(page.evaluate("(() => { const c = document.querySelector('#graph canvas');"
                                                  " return [c.width, c.height]; })()"))
    inked = page.evaluate(f"""(() => {{ const c = {EXPLORER}.viewCanvas();
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 250 || d[i + 1] < 250 || d[i + 2] < 250) n++;
        return n; }})()""")
    assert inked > 100  # the drawn entities, not a blank picture

    with page.expect_download() as caught:
        page.locator("table[data-name=most-connected]").locator("xpath=..").locator("button.csv").click()
    assert caught.value.suggested_filename == "most-connected.csv"
    text = open(caught.value.path(), encoding="utf-8-sig").read()
    header, *rows = csv.reader(io.StringIO(text))
    assert header == ["entity", "type", "relations", "articles"]
    expected = explorer.overview(corpus_store)["top"]
    assert rows == [[n["label"], n["type"], str(n["degree"]), str(n["articles"])] for n in expected]
    assert page.problems == []


def test_named_queries_with_their_parameters(page, corpus_store):  # noqa: F811
    names = page.locator("#named-query option").all_text_contents()
    assert names == [q["name"] for q in explorer.named_query_list()]
    page.select_option("#named-query", "holders-of")
    inputs = page.locator("#named-params input")
    assert [inputs.nth(i).get_attribute("placeholder") for i in range(inputs.count())] == ["ROLE", "ORG"]
    inputs.nth(0).fill("主席")
    inputs.nth(1).fill("柳岸县总工会")
    page.click("#named-form button[type=submit]")
    page.locator("table[data-name=holders-of]").wait_for()
    rows = table_rows(page, "holders-of")
    assert [row[0] for row in rows] == ["林晓岚"]
    with page.expect_download() as caught:
        page.locator("table[data-name=holders-of]").locator("xpath=..").locator("button.csv").click()
    header, *got = csv.reader(io.StringIO(open(caught.value.path(), encoding="utf-8-sig").read()))
    assert header[0] == "person" and got[0][0] == "林晓岚"
    # A missing parameter is the server's one-line message, not a broken page.
    inputs.nth(1).fill("")
    page.evaluate("document.querySelectorAll('#named-params input').forEach(i => i.required = false)")
    page.click("#named-form button[type=submit]")
    wait_until(page, "document.querySelector('#named-results .error') !== null")
    assert "ORG" in page.locator("#named-results .error").inner_text()
    assert [p for p in page.problems if "400" not in p] == []
