"""Graph-tool formats written from the NetworkX view (attributes are plain scalars)."""
from __future__ import annotations

from pathlib import Path

import networkx as nx
from rdflib import Dataset

from zhitu.graph.nx import to_networkx
from zhitu.output.atomic import atomic_open


def write_graphml(dataset: Dataset, path: Path) -> None:
    graph = to_networkx(dataset)
    with atomic_open(path, "wb") as handle:
        nx.write_graphml(graph, handle, encoding="utf-8")
