"""Cytoscape.js JSON writer (``.cyjs``): the format Cytoscape desktop imports
and ``cytoscape({elements: data.elements})`` loads. Every element's ``data``
holds the NetworkX view's plain scalar attributes; node ids are the IRIs,
edge ids are stable digests.

Not for: layout or style (the consumer chooses them).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rdflib import Dataset

from zhitu import __version__
from zhitu.output.atomic import atomic_open
from zhitu.output.view import edge_id, graph_view

__all__ = ["to_cytoscape", "write_cytoscape"]


def to_cytoscape(dataset: Dataset) -> dict[str, Any]:
    """The graph as a Cytoscape.js JSON document."""
    view = graph_view(dataset)
    nodes = [{"data": {**data, "id": node}} for node, data in view.nodes(data=True)]
    edges = [
        {"data": {**data, "id": edge_id(head, tail, key), "source": head, "target": tail, "key": str(key)}}
        for head, tail, key, data in view.edges(keys=True, data=True)
    ]
    return {
        "format_version": "1.0",
        "generated_by": f"zhitu-{__version__}",
        "target_cytoscapejs_version": "~3",
        "data": {"name": "zhitu knowledge graph", "directed": True, "multigraph": True},
        "elements": {"nodes": nodes, "edges": edges},
    }


def write_cytoscape(dataset: Dataset, path: Path) -> None:
    document = to_cytoscape(dataset)
    with atomic_open(path, "w", encoding="utf-8", newline="\n") as handle:
        json.dump(document, handle, ensure_ascii=False, indent=1)
        handle.write("\n")
