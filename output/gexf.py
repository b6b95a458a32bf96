"""GEXF 1.2 writer (Gephi, Sigma.js/graphology): the NetworkX view, with each
edge labelled by its relation and given a stable id.

GEXF reserves ``start`` and ``end`` for time intervals (a graph whose edges
have them is "dynamic"), so the evidence offsets are written as
``sentence_start`` and ``sentence_end``. A holdsPosition edge is dynamic: its
``start`` and ``end`` (dates) are when the post was held as far as the graph
knows: from the stated beginning or else the first report that does not call it
former, to the stated end, or else the first report that calls it former (it had
ended by then), or else the last report. Other edges are static.

Not for: the RDF (use Turtle or TriG to keep every triple).
"""
from __future__ import annotations

import calendar
from pathlib import Path

import networkx as nx
from rdflib import Dataset

from zhitu.output.atomic import atomic_open
from zhitu.output.view import edge_id, graph_view

__all__ = ["to_gexf_graph", "write_gexf"]

_RENAMED = {"start": "sentence_start", "end": "sentence_end"}


def to_gexf_graph(dataset: Dataset) -> nx.MultiDiGraph:
    """The view with GEXF's reserved edge attributes renamed and edge ids and labels set."""
    view = graph_view(dataset)
    graph = nx.MultiDiGraph()
    graph.add_nodes_from(view.nodes(data=True))
    for head, tail, key, data in view.edges(keys=True, data=True):
        attrs = {_RENAMED.get(name, name): value for name, value in data.items()}
        attrs.update(id=edge_id(head, tail, key), label=data.get("relation", ""))
        if data.get("relation") == "holdsPosition":
            attrs.update(held_during(data))
        graph.add_edge(head, tail, key=key, **attrs)
    return graph


def held_during(edge: dict) -> dict[str, str]:
    """GEXF's ``start``/``end`` (full dates) of a holdsPosition edge of the view, those known."""
    first, last, left = edge.get("first_reported", ""), edge.get("last_reported", ""), edge.get("ended_by", "")
    start = _first_day(edge.get("began", "")) or (first if first and (not left or first < left) else "")
    end = _last_day(edge.get("ended", "")) or left or last
    if start and end and start > end:
        start = ""  # the text's dates disagree: keep the end alone
    return {name: value for name, value in (("start", start), ("end", end)) if value}


def _first_day(value: str) -> str:
    return {4: f"{value}-01-01", 7: f"{value}-01", 10: value}.get(len(value), "") if value else ""


def _last_day(value: str) -> str:
    if len(value) == 4:
        return f"{value}-12-31"
    if len(value) == 7:
        year, month = int(value[:4]), int(value[5:])
        return f"{value}-{calendar.monthrange(year, month)[1]:02d}"
    return value if len(value) == 10 else ""


def write_gexf(dataset: Dataset, path: Path) -> None:
    graph = to_gexf_graph(dataset)
    with atomic_open(path, "wb") as handle:
        nx.write_gexf(graph, handle, encoding="utf-8", version="1.2draft")
