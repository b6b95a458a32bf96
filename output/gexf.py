"""GEXF 1.2 writer (Gephi, Sigma.js/graphology): the NetworkX view, with each
edge labelled by its relation and given a stable id.

GEXF reserves ``start`` and ``end`` for time intervals (a graph whose edges
have them is "dynamic"), so the evidence offsets are written as
``sentence_start`` and ``sentence_end``.

Not for: the RDF (use Turtle or TriG to keep every triple).
"""
from __future__ import annotations

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
        graph.add_edge(head, tail, key=key, **attrs)
    return graph


def write_gexf(dataset: Dataset, path: Path) -> None:
    graph = to_gexf_graph(dataset)
    with atomic_open(path, "wb") as handle:
        nx.write_gexf(graph, handle, encoding="utf-8", version="1.2draft")
