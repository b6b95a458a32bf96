"""``zhitu report`` and ``zhitu build --report``: a build's one-page summary,
offline, showing every figure of summary.json."""
from __future__ import annotations

import html
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any, Iterator

import pytest
from click.testing import CliRunner

from zhitu.cli import main
from zhitu.output.report import MAX_BARS, ReportInput, facts_by_date_svg, report_html

from tests.browser import open_offline


def _figures(value: Any, where: str = "") -> Iterator[tuple[str, Any]]:
    """Every number in summary.json, with its path (booleans are not figures)."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from _figures(inner, f"{where}.{key}" if where else key)
    elif isinstance(value, list):
        for i, inner in enumerate(value):
            yield from _figures(inner, f"{where}[{i}]")
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        yield where, value


def _shown(value: int | float) -> str:
    return f"{value:,}" if isinstance(value, int) else str(value)


def _text(page: str) -> str:
    """The page's visible text, roughly: tags out, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.fixture(scope="module")
def sample_report(sample_out: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    """The sample build's summary.json and the page ``zhitu report`` wrote for it."""
    page = tmp_path_factory.mktemp("report") / "report.html"
    result = CliRunner().invoke(main, ["report", str(sample_out), "--output", str(page)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(page)
    return json.loads((sample_out / "summary.json").read_text("utf-8")), page.read_text("utf-8")


def test_every_summary_figure_is_on_the_page(sample_report: tuple[dict, str]) -> None:
    summary, page = sample_report
    text = _text(page)
    figures = list(_figures(summary))
    assert len(figures) > 20
    missing = [(where, value) for where, value in figures if _shown(value) not in text]
    assert missing == []
    for path in summary["outputs"].values():
        assert path in text


def test_page_has_the_graph_sections(sample_report: tuple[dict, str]) -> None:
    summary, page = sample_report
    for section in ("zt-documents", "zt-graph", "zt-connected", "zt-dates", "zt-communities", "zt-kept-skipped"):
        assert f'id="{section}"' in page
    assert "<svg" in page and "<rect" in page  # the chart of facts by date
    assert "<script" not in page
    kept = re.findall(r'<table id="zt-kept">.*?</table>', page, re.S)
    assert kept and kept[0].count("<tr>") == summary["documents"]["built"] + 1  # a header row and one per document


def test_skipped_documents_are_listed_with_reasons() -> None:
    summary = {
        "documents": {"read": 5, "extracted": 2, "unchanged": 0, "skipped": 3, "built": 2},
        "skipped": [
            {"source": "澄溪日报/一版.jsonl", "line": 4, "reason": "no text"},
            {"source": "澄溪日报/一版.jsonl", "line": 9, "reason": "no text"},
            {"source": "柳岸县.md", "line": None, "reason": "larger than 5 MB"},
        ],
        "articles": 2, "characters": 12345, "seconds": 1.5,
    }
    page = report_html(ReportInput(summary))
    text = _text(page)
    assert "no graph found" in text
    rows = re.findall(r"<tr><td>([^<]+)</td><td class=\"n\">(\d+)</td></tr>", page)
    assert rows == [("no text", "2"), ("larger than 5 MB", "1")]  # reasons, most frequent first
    assert "澄溪日报/一版.jsonl" in text and "柳岸县.md" in text
    assert "12,345" in text and "1.5" in text


def test_hostile_text_is_escaped() -> None:
    summary = {"documents": {"read": 1, "skipped": 1}, "skipped": [
        {"source": "<script>alert(1)</script>.md", "line": None, "reason": "<img src=x onerror=alert(2)>"}]}
    page = report_html(ReportInput(summary), title="<b>周明远</b>")
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>周明远" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.md" in page


@pytest.mark.parametrize(("days", "bars"), [(3, 3), (MAX_BARS, MAX_BARS), (MAX_BARS + 1, 5)],
                         ids=["days", "as-many-days-as-bars", "months"])
def test_chart_has_a_bar_per_day_or_month(days: int, bars: int) -> None:
    import datetime as dt

    start = dt.date(2031, 1, 1)
    dates = Counter({(start + dt.timedelta(days=i)).isoformat(): i % 4 + 1 for i in range(days)})
    svg = str(facts_by_date_svg(dates))
    titles = re.findall(r"<title>([^<]+)</title>", svg)
    assert len(titles) == bars
    assert sum(int(t.rsplit(": ", 1)[1]) for t in titles) == sum(dates.values())
    assert facts_by_date_svg(Counter()) == ""


def test_missing_summary_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "summary.json: no such file" in result.output
    assert "Traceback" not in result.output
    (tmp_path / "summary.json").write_text("[1, 2]", "utf-8")
    result = CliRunner().invoke(main, ["report", str(tmp_path)])
    assert result.exit_code == 1 and "not a build summary" in result.output


def test_build_report_option(sample_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(sample_path), "--no-store", "--out", str(out), "--report",
                                       "--no-progress"])
    assert result.exit_code == 0, result.output
    assert f"report: {out / 'report.html'}" in result.output
    page = (out / "report.html").read_text("utf-8")
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert str(summary["graph"]["triples"]) in _text(page).replace(",", "")
    assert 'id="zt-communities"' in page  # the graph came from graph.ttl


@pytest.mark.slow
def test_report_opens_offline(chromium: str, sample_out: Path, tmp_path: Path) -> None:
    page_path = tmp_path / "report.html"
    assert CliRunner().invoke(main, ["report", str(sample_out), "-o", str(page_path)]).exit_code == 0
    with open_offline(page_path) as page:
        assert page.problems() == []
        assert page.evaluate("document.querySelectorAll('svg.zt-chart rect').length") > 0
        assert page.evaluate("document.querySelectorAll('script').length") == 0
        assert "文档 Documents" in page.evaluate("document.body.innerText")


def test_namesakes_are_told_apart() -> None:
    import networkx as nx

    g = nx.MultiDiGraph()
    zt = "https://w3id.org/zhitu/id/"
    for iri, label, type_ in [(zt + "person/周明远", "周明远", "PER"), (zt + "person/周明远/柳岸县农业局", "周明远", "PER"),
                              (zt + "organization/澄溪市总工会", "澄溪市总工会", "ORG"),
                              (zt + "organization/柳岸县农业局", "柳岸县农业局", "ORG")]:
        g.add_node(iri, iri=iri, label=label, type=type_, aliases="", mentions=1)
    g.add_edge(zt + "person/周明远", zt + "organization/澄溪市总工会", key="a", relation="holdsPosition",
               reported="2031-02-03")
    g.add_edge(zt + "person/周明远/柳岸县农业局", zt + "organization/柳岸县农业局", key="b",
               relation="holdsPosition", reported="2031-02-04")
    page = report_html(ReportInput({"documents": {"read": 2}}, g))
    assert "周明远（柳岸县农业局）" in page and ">周明远<" in page
    assert "2031-02-03: 1" in page and "2031-02-04: 1" in page  # the chart's bars
