"""GraphML writer (yEd, igraph, Gephi, NetworkX): the NetworkX view, whose
attributes are all plain scalars (strings, integers, floats) as GraphML needs.

Not for: the RDF (use Turtle or TriG to keep every triple).
"""
from __future__ import annotations

from pathlib import Path

import networkx as nx
from rdflib import Dataset

from zhitu.output.atomic import atomic_open
from zhitu.output.view import graph_view

__all__ = ["write_graphml"]


def write_graphml(dataset: Dataset, path: Path) -> None:
    graph = graph_view(dataset)
    with atomic_open(path, "wb") as handle:
        nx.write_graphml(graph, handle, encoding="utf-8")
