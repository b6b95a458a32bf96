"""The NetworkX view as the graph-tool writers take it: derived by
``zhitu.graph.nx.to_networkx`` (the one converter), with nodes and edges in a
fixed order so the same graph always gives the same file, and a stable id for
every edge.

Not for: converting RDF (``zhitu.graph.nx``) or writing any format.
"""
from __future__ import annotations

import hashlib
import re

import networkx as nx
from rdflib import Dataset

from zhitu.graph.nx import to_networkx
from zhitu.ontology.vocabulary import NODE_TYPES

__all__ = ["TYPE_NAMES", "graph_view", "edge_id", "type_name"]

#: The view's node types → the ontology class names graph databases use as labels.
TYPE_NAMES = {t.label: re.split(r"[/#]", t.cls)[-1] for t in NODE_TYPES}


def type_name(node_type: str) -> str:
    """The label for a view node type (``PER`` → ``Person``); unknown types keep their name."""
    return TYPE_NAMES.get(node_type, node_type or "Node")


def graph_view(dataset: Dataset) -> nx.MultiDiGraph:
    """Entities, articles and relations (mentions included), in sorted order."""
    view = to_networkx(dataset)
    ordered = nx.MultiDiGraph(**view.graph)
    ordered.add_nodes_from(sorted(view.nodes(data=True), key=lambda item: item[0]))
    ordered.add_edges_from(sorted(view.edges(keys=True, data=True), key=lambda e: (e[0], e[1], str(e[2]))))
    return ordered


def edge_id(head: str, tail: str, key: object) -> str:
    """A short id for one edge, the same in every run and every format."""
    digest = hashlib.sha1("\x1f".join((head, str(key), tail)).encode("utf-8")).hexdigest()[:16]
    return f"e{digest}"
