"""The offline HTML view: self-contained, UTF-8, escaped, and working in a browser."""
from __future__ import annotations

import os
import re
from pathlib import Path

import networkx as nx
import pytest

from zhitu.errors import ZhituError
from zhitu.output.html import generate_html, write_html

from tests.browser import open_offline, wait_until

ZT = "https://w3id.org/zhitu/id/"
HOSTILE_LABEL = "<script>window.__pwned = 'label'</script>"
HOSTILE_ALIAS = "<img src=x onerror=\"window.__pwned = 'alias'\">"
HOSTILE_EVIDENCE = "</script><script>window.__pwned = 'evidence'</script>"
HOSTILE_TITLE = "<script>window.__pwned = 'title'</script>知图"


def _node(
    g: nx.MultiDiGraph, local: str, label: str, type_: str, aliases: str = "", mentions: int = 1
) -> str:
    iri = ZT + local
    g.add_node(iri, label=label, type=type_, aliases=aliases, mentions=mentions, iri=iri)
    return iri


def _edge(g: nx.MultiDiGraph, head: str, tail: str, relation: str, **attrs: object) -> None:
    data = {
        "relation": relation, "role": "", "evidence": "", "document": "doc1", "article": "测试新闻",
        "start": 0, "end": 0, "extractor": "test", "confidence": 1.0,
    }
    data.update(attrs)
    g.add_edge(head, tail, key=relation, **data)


@pytest.fixture
def graph() -> nx.MultiDiGraph:
    """A small made-up graph: Chinese labels, evidence, mentions, one hostile node."""
    g = nx.MultiDiGraph()
    per = _node(g, "per1", "李明远", "PER", aliases="李主席 | 明远")
    org = _node(g, "org1", "青禾市总工会", "ORG", aliases="青禾总工会")
    loc = _node(g, "loc1", "青禾市", "LOC")
    prog = _node(g, "prog1", "“绿色通行”计划", "PROG")
    event = _node(g, "event1", "2031年青禾市快递技能大赛", "EVENT")
    art1 = _node(g, "art1", "青禾市总工会推出新举措", "ARTICLE", mentions=0)
    art2 = _node(g, "art2", "只有提及的文章", "ARTICLE", mentions=0)
    evil = _node(g, "evil", HOSTILE_LABEL, "ORG", aliases=HOSTILE_ALIAS)
    _edge(g, per, org, "holdsPosition", role="主席", evidence="青禾市总工会主席李明远出席会议。", end=16)
    _edge(g, org, loc, "locatedIn", evidence="青禾市总工会位于青禾市。")
    _edge(g, org, prog, "organizes", evidence="青禾市总工会推出“绿色通行”计划。")
    _edge(g, org, event, "organizes")
    _edge(g, evil, org, "participatesIn", evidence=HOSTILE_EVIDENCE, article=HOSTILE_TITLE)
    _edge(g, art1, per, "author")
    for art in (art1, art2):
        for entity in (per, org, loc):
            _edge(g, art, entity, "mentions")
    return g


def _visible_ids(g: nx.MultiDiGraph) -> set[str]:
    """Drawn by default: art2 has only mentions, art1 only a byline (credits wait for their toggle)."""
    return set(g.nodes) - {ZT + "art2", ZT + "art1"}


def test_file_is_utf8_and_self_contained(graph: nx.MultiDiGraph, tmp_path: Path) -> None:
    path = tmp_path / "graph.html"
    write_html(graph, path, title="知图测试")
    text = path.read_bytes().decode("utf-8")  # strict: raises on anything else
    assert '<meta charset="utf-8">' in text
    assert "知图测试" in text and "青禾市总工会" in text
    tags = re.findall(r"<(?:script|link|img|iframe|embed|object|source|audio|video)\b[^>]*>", text, re.I)
    assert [t for t in tags if re.search(r"\b(?:src|href)\s*=", t, re.IGNORECASE)] == []
    assert not re.search(r"@import|url\(\s*['\"]?\s*(?:https?:)?//", text, re.IGNORECASE)
    assert "cdn.jsdelivr" not in text and "cdnjs" not in text


def test_hostile_text_is_escaped(graph: nx.MultiDiGraph) -> None:
    page = generate_html(graph, title=HOSTILE_TITLE)
    for hostile in (HOSTILE_LABEL, HOSTILE_ALIAS, HOSTILE_EVIDENCE, HOSTILE_TITLE, "<img src=x"):
        assert hostile not in page
    assert "&lt;script&gt;window.__pwned = &#39;title&#39;&lt;/script&gt;知图" in page


@pytest.mark.parametrize(
    ("include_mentions", "art2_shown"), [(False, False), (True, True)], ids=["default", "with-mentions"]
)
def test_mentions_and_bare_articles(
    graph: nx.MultiDiGraph, include_mentions: bool, art2_shown: bool
) -> None:
    page = generate_html(graph, include_mentions=include_mentions)
    assert (ZT + "art2" in page) is art2_shown
    assert ZT + "art1" in page  # still has its author edge
    assert ('"relation": "mentions"' in page) is include_mentions


def test_writes_only_to_path_and_atomically(
    graph: nx.MultiDiGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cwd, out = tmp_path / "cwd", tmp_path / "out"
    cwd.mkdir(), out.mkdir()
    monkeypatch.chdir(cwd)
    target = out / "graph.html"
    write_html(graph, str(target))
    assert os.listdir(cwd) == [] and os.listdir(out) == ["graph.html"]

    before = target.read_bytes()

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ZhituError, match="cannot write .*graph.html: No space left on device"):
        write_html(nx.MultiDiGraph(), target)
    assert target.read_bytes() == before
    assert os.listdir(out) == ["graph.html"]


def test_empty_graph(tmp_path: Path) -> None:
    write_html(nx.MultiDiGraph(), tmp_path / "empty.html")
    assert "0 节点 nodes" in (tmp_path / "empty.html").read_text("utf-8")


# --- in a real browser -------------------------------------------------------

# Each test launches Chromium (conftest's ``chromium`` skips, or fails in CI, without it).
READY = "() => window.zhituReady === true"


@pytest.fixture
def browser_page(chromium: str, graph: nx.MultiDiGraph, tmp_path: Path):
    path = tmp_path / "graph.html"
    write_html(graph, path, title=HOSTILE_TITLE)
    with open_offline(path) as page:
        wait_until(page.page, READY)
        yield page


@pytest.mark.slow
def test_page_loads_offline_without_errors(graph: nx.MultiDiGraph, browser_page) -> None:
    page = browser_page
    assert page.problems() == []
    assert set(page.evaluate("network.body.data.nodes.getIds()")) == _visible_ids(graph)
    assert len(page.evaluate("network.body.data.edges.getIds()")) == 5  # the byline waits for its toggle
    assert page.evaluate("window.__pwned") is None
    assert page.evaluate("document.querySelectorAll('img, #zt-network script').length") == 0
    assert page.evaluate("document.title") == HOSTILE_TITLE
    # Laid out in Python: the browser only draws.
    assert page.evaluate("network.physics.options.enabled") is False


@pytest.mark.slow
def test_tooltip_shows_hostile_label_as_text(browser_page) -> None:
    page = browser_page
    x, y = page.evaluate(
        """(id) => {
            const p = network.canvasToDOM(network.getPosition(id));
            const r = document.getElementById('zt-network').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""",
        ZT + "evil",
    )
    page.page.mouse.move(x, y)
    tooltip = page.page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    assert HOSTILE_LABEL in tooltip.inner_text()
    assert "机构 ORG" in tooltip.inner_text()
    # innerText turns line breaks into <br>; anything else would be injected markup.
    tags = page.evaluate("[...document.querySelector('div.vis-tooltip').children].map(c => c.tagName)")
    assert set(tags) <= {"BR"}
    assert page.evaluate("window.__pwned") is None
    assert page.problems() == []


@pytest.mark.slow
def test_edge_tooltip_shows_evidence_as_text(browser_page) -> None:
    page = browser_page
    x, y = page.evaluate(
        """() => {
            const id = network.body.data.edges.getIds({filter: e => e.relation === 'participatesIn'})[0];
            const p = network.canvasToDOM(network.body.edges[id].edgeType.getPoint(0.5));
            const r = document.getElementById('zt-network').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }"""
    )
    page.page.mouse.move(x, y)
    tooltip = page.page.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    text = tooltip.inner_text()
    assert text.startswith("participatesIn 参与")
    assert HOSTILE_EVIDENCE in text and HOSTILE_TITLE in text and "doc1" in text
    assert page.evaluate("window.__pwned") is None
    assert page.problems() == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("query", "expected"),
    [("李主席", "per1"), ("总工会", "org1"), ("青禾市", "loc1")],
    ids=["alias", "substring", "exact-before-substring"],
)
def test_search_box_selects_node(browser_page, query: str, expected: str) -> None:
    page = browser_page
    page.page.fill("#zt-search", query)
    page.page.press("#zt-search", "Enter")
    wait_until(page.page, "() => network.getSelectedNodes().length === 1")
    assert page.evaluate("network.getSelectedNodes()") == [ZT + expected]
    assert page.evaluate("document.getElementById('zt-status').textContent") == ""


@pytest.mark.slow
def test_large_graph_stops_physics(chromium: str, tmp_path: Path) -> None:
    g = nx.MultiDiGraph()
    g.add_nodes_from(
        (ZT + f"n{i}", {"label": f"节点{i}", "type": ("PER", "ORG", "LOC")[i % 3], "aliases": ""})
        for i in range(300)
    )
    for i in range(1, 300):
        g.add_edge(ZT + f"n{i}", ZT + f"n{i // 2}", key="locatedIn", relation="locatedIn")
    path = tmp_path / "large.html"
    write_html(g, path)
    with open_offline(path) as page:
        wait_until(page.page, READY, timeout=60)
        assert page.evaluate("network.physics.options.enabled") is False
        assert len(page.evaluate("network.body.data.nodes.getIds()")) == 300
        assert page.problems() == []
