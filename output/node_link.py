"""Node-link JSON writer: ``{"nodes": [...], "links": [...]}`` as d3-force
takes it (links name their ends by node ``id``) and as
``networkx.node_link_graph(data, edges="links")`` reads it back.

Not for: the RDF (use JSON-LD for linked data).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Dataset

from zhitu.output.atomic import atomic_open
from zhitu.output.view import edge_id, graph_view

__all__ = ["to_node_link", "write_node_link"]


def to_node_link(dataset: Dataset) -> dict[str, Any]:
    """The graph as node-link data (``links`` with ``source``, ``target``, ``key`` and an ``id``)."""
    view = graph_view(dataset)
    data = nx.node_link_data(view, edges="links")
    for link in data["links"]:
        link["id"] = edge_id(link["source"], link["target"], link["key"])
    return data


def write_node_link(dataset: Dataset, path: Path) -> None:
    document = to_node_link(dataset)
    with atomic_open(path, "w", encoding="utf-8", newline="\n") as handle:
        json.dump(document, handle, ensure_ascii=False, indent=1)
        handle.write("\n")
