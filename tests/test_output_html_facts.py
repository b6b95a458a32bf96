"""graph.html draws a fact once however many statements report it: the edge
counts them, quotes the earliest in their pages, spans their dates for the date
filter and keeps the highest confidence (an invented graph: one post reported
five times, another once)."""
from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from zhitu.output.html import EVIDENCE_PER_EDGE, generate_html, merge_facts, write_html

from tests.browser import open_offline, wait_until

ZT = "https://w3id.org/zhitu/id/"
WANG, CHEN, UNION, BUREAU = (ZT + local for local in ("per/wang", "per/chen", "org/union", "org/bureau"))
REPORTS = [  # (start in its page, reported, confidence) of each statement of one post
    (400, "2031-06-02", 0.7), (15, "2031-03-01", 0.6), (230, "2031-05-20", 0.95), (90, "2031-03-08", 0.8),
    (-1, "2031-07-01", 0.5),  # no sentence: quoted last
]


def _graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for node, label, kind in ((WANG, "王澄溪", "PER"), (CHEN, "陈柳岸", "PER"), (UNION, "澄溪市总工会", "ORG"),
                              (BUREAU, "柳岸县农业局", "ORG")):
        g.add_node(node, iri=node, label=label, type=kind, aliases="", mentions=1)
    for start, date, confidence in REPORTS:
        g.add_edge(WANG, UNION, key=f"holdsPosition:主席:{start}", relation="holdsPosition", role="主席",
                   evidence=f"王澄溪任主席（{start}）。", document="doc", article=f"报道{date}", start=start,
                   end=start + 9, extractor="rules", confidence=confidence, reported=date)
    g.add_edge(CHEN, BUREAU, key="holdsPosition:局长:5", relation="holdsPosition", role="局长",
               evidence="陈柳岸任局长。", document="doc", article="报道", start=5, end=12, extractor="rules",
               confidence=0.9, reported="2031-04-15")
    return g


def _edges(page: str) -> dict[str, dict]:
    found = json.loads(re.search(r'<script id="zt-data" type="application/json">(.*?)</script>', page, re.S).group(1))
    return {edge["from"]: edge for edge in found["edges"]}


def test_statements_of_one_fact_are_one_edge() -> None:
    (merged,) = [data for head, *_, data in merge_facts(_graph().edges(keys=True, data=True)) if head == WANG]
    assert merged["statements"] == len(REPORTS)
    assert [r["evidence"] for r in merged["reports"]] == [f"王澄溪任主席（{s}）。" for s in (15, 90, 230)]
    assert (merged["reported"], merged["reported_last"], merged["confidence"]) == ("2031-03-01", "2031-07-01", 0.95)
    assert merge_facts([(WANG, UNION, "holdsPosition:主席", merged)]) == [(WANG, UNION, "holdsPosition:主席", merged)]


def test_the_edge_counts_and_quotes_its_statements() -> None:
    edges = _edges(generate_html(_graph()))
    assert len(edges) == 2
    wang, chen = edges[WANG], edges[CHEN]
    assert wang["label"] == f"主席 ×{len(REPORTS)}" and chen["label"] == "局长"
    assert wang["statements"] == len(REPORTS) and wang["width"] > chen["width"] == 1
    assert (wang["date"], wang["dateLast"], wang["confidence"]) == ("2031-03-01", "2031-07-01", 0.95)
    assert wang["title"].count("“") == EVIDENCE_PER_EDGE
    assert f"{len(REPORTS)} 处报道 statements · 2031-03-01 – 2031-07-01" in wang["title"]
    assert f"另有 {len(REPORTS) - EVIDENCE_PER_EDGE} 处" in wang["title"]
    assert "处报道" not in chen["title"] and "另有" not in chen["title"]  # one statement: as before


@pytest.mark.slow
@pytest.mark.parametrize(("start", "end", "drawn"), [
    ("2031-04-01", "2031-04-30", {WANG, UNION, CHEN, BUREAU}),  # between the post's reports, on the other's day
    ("2031-07-02", "", set()),  # after every report
    ("", "2031-02-28", set()),  # before every report
    ("2031-06-01", "", {WANG, UNION}),
])
def test_the_date_filter_reads_a_fact_from_its_first_to_its_last_report(chromium: str, tmp_path, start: str,
                                                                         end: str, drawn: set[str]) -> None:
    path = tmp_path / "facts.html"
    write_html(_graph(), path)
    with open_offline(path) as page:
        wait_until(page.page, "() => window.zhituReady === true")
        if start:
            page.page.fill("#zt-date-from", start)
        if end:
            page.page.fill("#zt-date-to", end)
        assert set(page.evaluate("network.body.data.nodes.getIds()")) == drawn
        assert page.problems() == []
