"""graph.html's corpus features in a browser: unlinked entities listed and not
drawn, communities, the credits toggle, the filters, search dimming the rest.

An invented graph of two communities (a city's trade union, a county's farm
bureau), one article with a byline and a publisher, and two unlinked places.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import networkx as nx
import pytest

from zhitu.output.html import COMMUNITY_PALETTE, generate_html, write_html

from tests.browser import OfflinePage, open_offline, wait_until

ZT = "https://w3id.org/zhitu/id/"
UNION, CITY, ZHOU, LI, FESTIVAL = "org/union", "loc/city", "per/zhou", "per/li", "event/festival"
BUREAU, COUNTY, CHEN, GOVERNMENT = "org/bureau", "loc/county", "per/chen", "org/government"
ARTICLE, PAPER, UNLINKED = "art/1", "org/paper", ("loc/baishi", "loc/qingshan")
FACT_NODES = {UNION, CITY, ZHOU, LI, FESTIVAL, BUREAU, COUNTY, CHEN, GOVERNMENT}
GROUP_A = {UNION, CITY, ZHOU, LI, FESTIVAL}
GROUP_B = {BUREAU, COUNTY, CHEN, GOVERNMENT}


def _graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    names = {
        UNION: ("澄溪市总工会", "ORG"), CITY: ("澄溪市", "LOC"), ZHOU: ("周明远", "PER"), LI: ("李秀兰", "PER"),
        FESTIVAL: ("澄溪读书节", "EVENT"), BUREAU: ("柳岸县农业局", "ORG"), COUNTY: ("柳岸县", "LOC"),
        CHEN: ("陈海生", "PER"), GOVERNMENT: ("柳岸县人民政府", "ORG"), ARTICLE: ("澄溪读书节开幕", "ARTICLE"),
        PAPER: ("澄溪日报", "ORG"), UNLINKED[0]: ("白石镇", "LOC"), UNLINKED[1]: ("青山公园", "LOC"),
    }
    for local, (label, type_) in names.items():
        g.add_node(ZT + local, iri=ZT + local, label=label, type=type_, aliases="", mentions=1)

    def edge(head: str, tail: str, relation: str, date: str = "2031-03-01", confidence: float = 0.9) -> None:
        g.add_edge(ZT + head, ZT + tail, key=f"{relation}:{head}", relation=relation, role="", evidence="",
                   document="doc", article="", start=0, end=0, extractor="test", confidence=confidence,
                   reported=date)

    edge(ZHOU, UNION, "holdsPosition")
    edge(LI, UNION, "holdsPosition")
    edge(UNION, CITY, "locatedIn")
    edge(UNION, FESTIVAL, "organizes")
    edge(FESTIVAL, CITY, "locatedIn")
    edge(BUREAU, COUNTY, "locatedIn", "2031-04-15")
    edge(CHEN, BUREAU, "holdsPosition", "2031-04-15", confidence=0.5)
    edge(BUREAU, GOVERNMENT, "subOrganizationOf", "2031-04-15")
    edge(GOVERNMENT, COUNTY, "locatedIn", "2031-04-15")
    edge(ARTICLE, ZHOU, "author")
    edge(ARTICLE, PAPER, "publisher")
    return g


def _ids(locals_: set[str] | tuple[str, ...]) -> set[str]:
    return {ZT + local for local in locals_}


@pytest.fixture
def page(chromium: str, tmp_path) -> Iterator[OfflinePage]:
    path = tmp_path / "graph.html"
    write_html(_graph(), path, title="澄溪测试")
    with open_offline(path) as opened:
        wait_until(opened.page, "() => window.zhituReady === true")
        yield opened
        assert opened.problems() == []


def _drawn(page: OfflinePage) -> set[str]:
    return set(page.evaluate("network.body.data.nodes.getIds()"))


def _relations_drawn(page: OfflinePage) -> set[str]:
    return set(page.evaluate("network.body.data.edges.get().map(e => e.relation)"))


# --- in the page's data, without a browser ---------------------------------------

def test_communities_are_named_by_their_most_connected_member() -> None:
    page = generate_html(_graph())
    options = dict(re.findall(r'<option value="(\d+)">([^<]+)</option>', page))
    assert sorted(options.values()) == ["柳岸县农业局 (4)", "澄溪市总工会 (5)"]
    assert options["0"] == "澄溪市总工会 (5)"  # the largest first
    assert COMMUNITY_PALETTE[0] in page and COMMUNITY_PALETTE[1] in page
    assert generate_html(_graph()) == page  # seeded: the same page every time


def test_the_cut_keeps_facts_before_credits() -> None:
    page = generate_html(_graph(), max_nodes=len(FACT_NODES))
    assert ZT + ARTICLE not in page.split("var ISOLATED")[0].split("var NODES")[1]
    assert f"显示连接最多的 {len(FACT_NODES)} / {len(FACT_NODES) + 2} 个节点" in page


# --- in a browser ---------------------------------------------------------------

@pytest.mark.slow
def test_unlinked_entities_are_listed_not_drawn(page: OfflinePage) -> None:
    assert _drawn(page) == _ids(FACT_NODES)
    listed = page.evaluate("[...document.querySelectorAll('#zt-isolated li')].map(li => li.textContent)")
    assert [text.removesuffix("LOC") for text in listed] == ["白石镇", "青山公园"]
    assert "未连接的实体 Not linked (2)" in page.evaluate("document.querySelector('#zt-isolated-panel summary').textContent")
    assert "2 未连接 not linked" in page.evaluate("document.getElementById('zt-stats').textContent")


@pytest.mark.slow
def test_credits_toggle(page: OfflinePage) -> None:
    assert "author" not in _relations_drawn(page) and "publisher" not in _relations_drawn(page)
    legend = "(type) => document.querySelector(`#zt-legend li[data-type=${type}] .zt-count`).textContent"
    assert page.evaluate(legend, "ARTICLE") == "0" and page.evaluate(legend, "ORG") == "3"
    page.page.check("#zt-credits")
    assert _drawn(page) == _ids(FACT_NODES | {ARTICLE, PAPER})
    assert page.evaluate(legend, "ARTICLE") == "1" and page.evaluate(legend, "ORG") == "4"  # counts what is drawn
    assert {"author", "publisher"} <= _relations_drawn(page)
    # Every credit node got a position near what it is joined to.
    assert page.evaluate(f"Object.keys(network.getPositions(['{ZT + ARTICLE}'])).length") == 1
    page.page.uncheck("#zt-credits")
    assert _drawn(page) == _ids(FACT_NODES)


def _set_value(page: OfflinePage, selector: str, value: str) -> None:
    page.evaluate("""([selector, value]) => {
        const input = document.querySelector(selector);
        input.value = value;
        input.dispatchEvent(new Event('input'));
    }""", [selector, value])


FILTERS = {
    "type": (lambda p: p.page.click('#zt-legend li[data-type="PER"]'), FACT_NODES - {ZHOU, LI, CHEN}),
    "relation": (lambda p: p.page.uncheck('#zt-relations input[data-relation="holdsPosition"]'),
                 FACT_NODES - {ZHOU, LI, CHEN}),
    "degree": (lambda p: _set_value(p, "#zt-min-degree", "2"), {UNION, CITY, FESTIVAL, BUREAU, COUNTY, GOVERNMENT}),
    "community-select": (lambda p: p.page.select_option("#zt-community", "1"), GROUP_B),
    "community-list": (lambda p: p.page.click('#zt-communities li[data-community="0"]'), GROUP_A),
    "date-from": (lambda p: p.page.fill("#zt-date-from", "2031-04-01"), GROUP_B),
    "date-to": (lambda p: p.page.fill("#zt-date-to", "2031-03-31"), GROUP_A),
    "confidence": (lambda p: _set_value(p, "#zt-min-confidence", "0.6"), FACT_NODES - {CHEN}),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(FILTERS))
def test_filter(page: OfflinePage, name: str) -> None:
    action, expected = FILTERS[name]
    action(page)
    assert _drawn(page) == _ids(expected)


@pytest.mark.slow
def test_search_dims_the_rest_and_lists_matches(page: OfflinePage) -> None:
    page.page.fill("#zt-search", "澄溪")
    page.page.press("#zt-search", "Enter")
    wait_until(page.page, "() => network.getSelectedNodes().length === 1")
    listed = page.evaluate("[...document.querySelectorAll('#zt-matches li')].map(li => li.textContent)")
    assert set(listed[:3]) == {"澄溪市总工会", "澄溪市", "澄溪读书节"}  # drawn matches first
    # Credit-only nodes, hidden with the credits, are listed as not drawn.
    assert listed[3:] == ["澄溪读书节开幕（未画出 not drawn）", "澄溪日报（未画出 not drawn）"]
    opacity = "(id) => network.body.nodes[id].options.opacity"
    for local in (UNION, CITY, FESTIVAL):
        assert page.evaluate(opacity, ZT + local) == 1
    for local in (ZHOU, BUREAU, COUNTY):
        assert page.evaluate(opacity, ZT + local) < 0.5
    page.page.click('#zt-matches li[data-id="' + ZT + CITY + '"]')
    wait_until(page.page, f"() => network.getSelectedNodes()[0] === '{ZT + CITY}'")
    page.page.click("#zt-search-clear")
    for local in (UNION, ZHOU, BUREAU):
        assert page.evaluate(opacity, ZT + local) == 1
    assert page.evaluate("document.getElementById('zt-matches-section').hidden") is True


@pytest.mark.slow
def test_colour_by_type_or_community(page: OfflinePage) -> None:
    colour = "(id) => network.body.nodes[id].options.color.background"
    assert page.evaluate(colour, ZT + ZHOU) == COMMUNITY_PALETTE[0]
    page.page.select_option("#zt-colour", "type")
    assert page.evaluate(colour, ZT + ZHOU) == "#E69F00"  # the vocabulary's colour for people


@pytest.mark.slow
def test_top_labels_are_legible_and_the_rest_appear_on_zoom(chromium: str, tmp_path) -> None:
    """A corpus-sized page: at the first view the hubs' labels are drawn at
    ≥14 px on screen and a leaf's is not drawn; zoomed in, the leaf's is."""
    g = nx.MultiDiGraph()
    hubs = [f"hub/{i}" for i in range(4)]
    for local in hubs + [f"leaf/{i}" for i in range(400)]:
        g.add_node(ZT + local, iri=ZT + local, label="澄溪" + local, type="ORG", aliases="", mentions=1)
    for i in range(400):
        g.add_edge(ZT + f"leaf/{i}", ZT + hubs[i % 4], key="subOrganizationOf", relation="subOrganizationOf",
                   confidence=0.9, reported="2031-05-01")
    path = tmp_path / "hubs.html"
    write_html(g, path)
    on_screen = """(id) => {
        const node = network.body.nodes[id];
        const px = node.labelModule.fontOptions.size * network.getScale();
        return [px, px >= node.options.scaling.label.drawThreshold - 1];
    }"""  # vis-network's own test for drawing a label
    with open_offline(path) as page:
        wait_until(page.page, "() => window.zhituReady === true")
        hub_px, hub_drawn = page.evaluate(on_screen, ZT + hubs[0])
        assert hub_drawn and hub_px >= 14
        assert page.evaluate(on_screen, ZT + "leaf/7")[1] is False
        page.evaluate("network.moveTo({scale: 1.5})")
        assert page.evaluate(on_screen, ZT + "leaf/7")[1] is True
        assert page.problems() == []
