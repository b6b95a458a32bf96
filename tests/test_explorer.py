"""The explorer page of ``zhitu serve`` in headless Chromium (Debian's, through
Playwright), with every request blocked except those to the loopback server:
search a name, expand its neighbours, open an edge's evidence, run a query."""
from __future__ import annotations


import pytest

from tests.browser import open_served, wait_until
from zhitu.serve.app import make_server, serve_in_thread

# Each test launches Chromium (conftest's ``chromium`` skips, or fails in CI, without it).
pytestmark = pytest.mark.slow

PERSON = "马文博"  # invented: the bundled sample's chair of a county union
ORGANISATION = "青岚县总工会"


@pytest.fixture(scope="module")
def server(sample_store):
    server = make_server(sample_store, quiet=True)
    serve_in_thread(server)
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(chromium, server):
    with open_served(chromium, server.url) as page:
        yield page


def test_search_expand_evidence_and_query(page, server):
    page.fill("#search", PERSON)
    page.click("#search-form button[type=submit]")
    result = page.locator("#results button", has_text=PERSON)
    result.first.wait_for()
    result.first.click()
    # Expanding loads the person's neighbourhood from the server.
    wait_until(page, f"window.zhituExplorer.nodes.get().some(n => n.label === '{ORGANISATION}')")
    wait_until(page, "window.zhituExplorer.edges.get().some(e => e.relation === 'holdsPosition' && "
                     f"window.zhituExplorer.nodes.get(e.from).label === '{PERSON}')")
    # The canvas also holds the overview's entities: take the person's own membership.
    edges = page.evaluate("window.zhituExplorer.edges.get().map(e => ({id: e.id, relation: e.relation, role: e.role,"
                          " from: window.zhituExplorer.nodes.get(e.from).label}))")
    membership = next(e for e in edges if e["relation"] == "holdsPosition" and e["from"] == PERSON)
    assert membership["role"]
    page.evaluate("id => window.zhituExplorer.showEvidence(id)", membership["id"])
    sentence = page.locator("#evidence .sentence").first
    sentence.wait_for()
    marks = sentence.locator("mark").all_text_contents()
    assert PERSON in marks and any(ORGANISATION.endswith(m) for m in marks)
    assert PERSON in sentence.inner_text()
    link = sentence.locator("a").first
    assert link.get_attribute("href").startswith("#iri=")
    assert link.inner_text()  # the article's headline

    # Double-clicking the organisation expands it in turn (more nodes arrive).
    before = page.evaluate("window.zhituExplorer.nodes.length")
    org = page.evaluate(f"window.zhituExplorer.nodes.get().find(n => n.label === '{ORGANISATION}').id")
    page.evaluate("iri => window.zhituExplorer.expand(iri)", org)
    wait_until(page, f"window.zhituExplorer.nodes.length > {before}")

    # Filtering by type hides people from the canvas.
    page.uncheck("#type-filter input[data-type=PER]")
    shown = page.evaluate("Object.keys(window.zhituExplorer.network.body.nodes).filter("
                          "id => window.zhituExplorer.network.body.nodeIndices.includes(id))"
                          ".map(id => window.zhituExplorer.nodes.get(id)).filter(Boolean).map(n => n.ztype)")
    assert shown and "PER" not in shown

    page.fill("#sparql", "SELECT ?name WHERE { ?p a zt:Person ; rdfs:label ?name } ORDER BY ?name")
    page.click("#run-sparql")
    page.locator("#sparql-results table").wait_for()
    cells = page.locator("#sparql-results td").all_text_contents()
    assert PERSON in cells
    assert page.locator("#sparql-results th").all_text_contents() == ["name"]
    assert page.problems == []


def test_markup_in_the_store_stays_text(page):
    page.fill("#sparql", 'SELECT ?x WHERE { BIND("<img src=x onerror=alert(1)>" AS ?x) }')
    page.click("#run-sparql")
    page.locator("#sparql-results td").first.wait_for()
    assert page.locator("#sparql-results td").first.inner_text() == "<img src=x onerror=alert(1)>"
    assert page.locator("#sparql-results img").count() == 0


def test_query_error_is_shown(page):
    page.fill("#sparql", "SELECT ?x WHERE {")
    page.click("#run-sparql")
    wait_until(page, "document.getElementById('sparql-status').className === 'error'")
    assert "syntax" in page.locator("#sparql-status").inner_text().lower()
