"""A build's one-page summary, as offline HTML: for people who would rather look than read.

From a build's summary.json and the graph it wrote (a store, or an RDF file):
documents read, kept and skipped (with reasons), entities and relations by
type, the most connected people and organisations, a chart of facts by date
(inline SVG), the largest communities. One file, no script, nothing fetched.

Not for: the graph itself (``graph.html``, :mod:`zhitu.output.html`) or the
figures as data (summary.json, ``zhitu stats --json``).
"""
from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from zhitu.errors import InputError, OutputError, os_reason
from zhitu.ontology.vocabulary import ENTITY_LABELS, RELATIONS, node_type
from zhitu.output.atomic import atomic_open

__all__ = ["ReportInput", "load_report_input", "report_html", "write_report", "REPORT_NAME"]

#: The file ``zhitu report`` writes beside summary.json unless told otherwise.
REPORT_NAME = "report.html"
_TEMPLATE_DIR = Path(__file__).parent / "templates"
#: How many people, organisations and communities the page lists.
TOP = 10
#: How many kept documents the page lists (the counts are always whole).
MAX_DOCUMENTS_LISTED = 1000
#: The chart's size in pixels, and the most bars it draws (days become months past it).
CHART_WIDTH, CHART_HEIGHT, MAX_BARS = 720, 180, 120


@dataclass
class ReportInput:
    """What a report is made from: summary.json, and the graph when one is found."""

    summary: dict[str, Any]
    graph: nx.MultiDiGraph | None = None
    documents: list[tuple[str, int]] = field(default_factory=list)
    """Kept documents as (doc_id, triples), from the store."""
    source: str = ""
    """Where the graph was read from (a store folder or a file), for the page's footer."""


def load_report_input(out_dir: str | os.PathLike[str], *, store_dir: str | os.PathLike[str] | None = None
                      ) -> ReportInput:
    """Read ``out_dir``/summary.json and the graph of that build: ``store_dir``,
    else the store summary.json names, else a graph.ttl or graph.trig beside it.

    :class:`InputError` when summary.json is missing or not a build summary.
    """
    summary = read_summary(Path(out_dir) / "summary.json")
    stored = store_dir or (summary.get("store") or {}).get("path")
    if stored and Path(stored).is_dir():
        return _from_store(summary, Path(stored))
    for name in ("graph.trig", "graph.ttl", "graph.nq"):
        path = Path(out_dir) / name
        if path.is_file():
            from zhitu.graph.nx import to_networkx
            from zhitu.output import read

            return ReportInput(summary, to_networkx(read([path]), include_mentions=False), source=str(path))
    return ReportInput(summary)


def read_summary(path: Path) -> dict[str, Any]:
    """summary.json as a dict; :class:`InputError` naming the file otherwise."""
    try:
        summary = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise InputError(str(path), "no such file; run zhitu build first (its --out folder holds summary.json)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(str(path), f"not a build summary: {err}") from err
    if not isinstance(summary, dict) or not isinstance(summary.get("documents"), dict):
        raise InputError(str(path), "not a build summary: no 'documents' object")
    return summary


def _from_store(summary: dict[str, Any], folder: Path) -> ReportInput:
    from zhitu.graph.nx import to_networkx
    from zhitu.output.html_view import drawn_graph
    from zhitu.store import open_store

    with open_store(folder, read_only=True) as store:
        graph = to_networkx(drawn_graph(store), include_mentions=False)
        documents = [(d.doc_id, d.triples) for d in store.documents()]
    return ReportInput(summary, graph, documents, source=str(folder))


def write_report(report: ReportInput, path: str | os.PathLike[str], *, title: str = "zhitu build report") -> Path:
    """Write the page to ``path`` (UTF-8, atomically) and return the path."""
    page = report_html(report, title=title)
    try:
        with atomic_open(path, "wb") as handle:
            handle.write(page.encode("utf-8"))
    except OSError as err:
        raise OutputError(path, os_reason(err)) from err
    return Path(path)


def report_html(report: ReportInput, *, title: str = "zhitu build report") -> str:
    """The page :func:`write_report` writes, as a string."""
    import jinja2

    summary = report.summary
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(_TEMPLATE_DIR)), autoescape=True)
    env.filters["num"] = _number
    context: dict[str, Any] = {
        "title": title,
        "summary": summary,
        "documents": summary.get("documents", {}),
        "skipped": summary.get("skipped") or [],
        "skipped_reasons": Counter(str(s.get("reason", "")) for s in summary.get("skipped") or []).most_common(),
        "graph_figures": summary.get("graph") or {},
        "run_figures": [(key, summary.get(key)) for key in ("articles", "characters", "triples", "namesakes",
                                                            "seconds", "chars_per_second") if key in summary],
        "entity_rows": _rows(summary.get("entities_per_document"), (summary.get("graph") or {}).get("entities"),
                             list(ENTITY_LABELS), _type_name),
        "relation_rows": _rows(summary.get("relations_found"), (summary.get("graph") or {}).get("relations"),
                               [r.name for r in RELATIONS], _relation_name),
        "kept": report.documents[:MAX_DOCUMENTS_LISTED],
        "kept_total": len(report.documents),
        "outputs": summary.get("outputs") or {},
        "store": summary.get("store") or {},
        "source": report.source,
        "has_graph": report.graph is not None,
    }
    if report.graph is not None:
        context.update(_graph_sections(report.graph))
    return env.get_template("report.html").render(**context)


def _graph_sections(graph: nx.MultiDiGraph) -> dict[str, Any]:
    from zhitu.output.html import fact_graph, named_communities

    facts = fact_graph(graph)
    degrees = {node: facts.degree(node) for node in facts.nodes()}

    def label(node: object) -> str:
        return str(graph.nodes[node].get("label") or node)

    def top_of(kind: str) -> list[tuple[str, int, str]]:
        ranked = sorted((n for n in facts.nodes() if graph.nodes[n].get("type") == kind),
                        key=lambda n: (-degrees[n], label(n), str(n)))[:TOP]
        repeated = {name for name, count in Counter(label(n) for n in ranked).items() if count > 1}
        return [(_namesake(label(n), str(n)) if label(n) in repeated else label(n), degrees[n], str(n))
                for n in ranked]

    communities = []
    for head, members in named_communities(facts, degrees, graph)[:TOP]:
        ranked = sorted(members, key=lambda n: (-degrees[n], label(n)))
        communities.append({"label": label(head), "size": len(members), "members": [label(n) for n in ranked[:6]],
                            "types": Counter(str(graph.nodes[n].get("type") or "") for n in members).most_common()})
    dates = Counter(str(d.get("reported") or "")[:10] for u, v, k, d in graph.edges(keys=True, data=True)
                    if u != v and str(d.get("relation") or k) in _FACTS)
    undated = dates.pop("", 0)
    return {"people": top_of("PER"), "organisations": top_of("ORG"), "communities": communities,
            "chart": facts_by_date_svg(dates), "facts_dated": sum(dates.values()), "facts_undated": undated,
            "linked": facts.number_of_nodes(),
            "unlinked": sum(1 for n, d in graph.nodes(data=True) if d.get("type") != "ARTICLE" and n not in facts)}


_FACTS = frozenset(r.name for r in RELATIONS if r.fact)


def _namesake(name: str, iri: str) -> str:
    """``name`` told apart from a namesake by what its IRI adds after the name
    (``…/person/周明远/澄溪市总工会`` → ``周明远（澄溪市总工会）``)."""
    from urllib.parse import unquote

    tail = unquote(iri).rstrip("/").rsplit("/", 1)[-1]
    return name if tail == name else f"{name}（{tail}）"


def facts_by_date_svg(dates: Counter[str]) -> str:
    """An inline SVG bar chart of facts per day (per month when the days are too
    many for :data:`MAX_BARS`); every bar has a ``<title>`` with its date and count."""
    from markupsafe import Markup, escape

    if not dates:
        return Markup("")
    buckets = _buckets(dates)
    keys = sorted(buckets)
    peak = max(buckets.values())
    left, bottom, top = 36, 22, 8
    width = (CHART_WIDTH - left) / len(keys)
    height = CHART_HEIGHT - bottom - top
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{CHART_WIDTH}" height="{CHART_HEIGHT}" '
             f'viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" role="img" aria-label="facts by date" class="zt-chart">',
             f'<line x1="{left}" y1="{top + height}" x2="{CHART_WIDTH}" y2="{top + height}" stroke="#999"/>',
             f'<text x="{left - 4}" y="{top + 10}" text-anchor="end">{peak}</text>',
             f'<text x="{left - 4}" y="{top + height}" text-anchor="end">0</text>']
    for i, key in enumerate(keys):
        bar = height * buckets[key] / peak
        x = left + i * width
        parts.append(f'<rect x="{x + 0.5:.1f}" y="{top + height - bar:.1f}" width="{max(width - 1, 1):.1f}" '
                     f'height="{bar:.1f}" fill="#4E79A7"><title>{escape(key)}: {buckets[key]}</title></rect>')
    for i in sorted({0, len(keys) // 2, len(keys) - 1}):
        anchor = "start" if i == 0 else "end" if i == len(keys) - 1 else "middle"
        x = left + i * width + (width / 2 if anchor == "middle" else 0 if anchor == "start" else width)
        parts.append(f'<text x="{x:.1f}" y="{CHART_HEIGHT - 6}" text-anchor="{anchor}">{escape(keys[i])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _buckets(dates: Counter[str]) -> Counter[str]:
    if len(dates) <= MAX_BARS:
        return dates
    months: Counter[str] = Counter()
    for day, count in dates.items():
        months[day[:7]] += count
    return months


def _rows(found: dict | None, held: dict | None, order: list[str], name) -> list[tuple[str, str, Any, Any]]:
    """(key, name, this run's count, the graph's count) in vocabulary order, then any others."""
    found, held = found or {}, held or {}
    keys = [k for k in order if k in found or k in held] + sorted((set(found) | set(held)) - set(order))
    return [(key, name(key), found.get(key), held.get(key)) for key in keys]


def _type_name(label: str) -> str:
    style = node_type(label)
    return f"{style.zh} {style.en}"


def _relation_name(name: str) -> str:
    return next((f"{r.zh} {r.en}" for r in RELATIONS if r.name == name), "")


def _number(value: Any) -> str:
    """Integers with thousands separators; other values as JSON writes them."""
    if isinstance(value, bool) or value is None:
        return "—" if value is None else str(value).lower()
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
