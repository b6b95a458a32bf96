"""Node positions computed in Python, for graphs too big to lay out in the
browser (vis-network's physics on 5,000 nodes takes a minute).

A Fruchterman–Reingold layout in numpy whose repulsion is estimated from a
random sample of nodes each step: O(N·k + E) per step instead of O(N²), so
5,000 nodes and 20,000 edges take a second or two. Deterministic for a seed.
"""
from __future__ import annotations

import math

import networkx as nx
import numpy as np


def sampled_spring_layout(
    graph: nx.Graph, *, seed: int = 7, iterations: int = 50, sample: int = 128, scale: float = 1000.0
) -> dict[object, tuple[float, float]]:
    """Positions for every node, roughly ``scale`` wide around the origin.

    Nodes without edges need no forces: they go on a spiral around the rest.
    """
    linked = {node for edge in graph.edges() for node in edge[:2]}
    isolated = [node for node in graph.nodes() if node not in linked]
    connected = graph.subgraph(node for node in graph.nodes() if node in linked)
    positions = _spring(connected, seed=seed, iterations=iterations, sample=sample, scale=scale)
    radius = scale * 1.15
    golden = math.pi * (3 - math.sqrt(5))
    for i, node in enumerate(isolated):
        r = radius + scale * 0.5 * math.sqrt((i + 0.5) / max(len(isolated), 1))
        positions[node] = (r * math.cos(i * golden), r * math.sin(i * golden))
    return positions


def _spring(graph: nx.Graph, *, seed: int, iterations: int, sample: int, scale: float) -> dict:
    nodes = list(graph.nodes())
    n = len(nodes)
    if n == 0:
        return {}
    rng = np.random.default_rng(seed)
    index = {node: i for i, node in enumerate(nodes)}
    edges = np.array([(index[u], index[v]) for u, v in graph.edges() if u != v], dtype=np.int64).reshape(-1, 2)
    pos = rng.uniform(-1.0, 1.0, size=(n, 2))
    k = 1.0 / math.sqrt(n)  # ideal edge length in the unit square
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    m = min(sample, n)
    for _ in range(iterations):
        picked = rng.choice(n, size=m, replace=False)
        delta = pos[:, None, :] - pos[None, picked, :]  # (n, m, 2)
        squared = np.maximum(np.einsum("ijk,ijk->ij", delta, delta), 1e-4)  # distance² (at least 0.01²)
        # Repulsion from the sample, scaled up to stand for all nodes.
        displacement = np.einsum("ijk,ij->ik", delta, (k * k) / squared) * (n / m)
        if len(edges):
            diff = pos[edges[:, 0]] - pos[edges[:, 1]]
            length = np.maximum(np.linalg.norm(diff, axis=1), 0.01)
            pull = diff * (length / k)[:, None]
            np.subtract.at(displacement, edges[:, 0], pull)
            np.add.at(displacement, edges[:, 1], pull)
        # Gravity keeps separate components from drifting apart.
        displacement -= pos * 0.5 * n * k
        norm = np.maximum(np.linalg.norm(displacement, axis=1), 1e-9)
        pos += displacement / norm[:, None] * np.minimum(norm, temperature)[:, None]
        temperature -= cooling
    pos -= pos.mean(axis=0)
    pos *= scale / max(float(np.abs(pos).max()), 1e-9)
    return {node: (float(x), float(y)) for node, (x, y) in zip(nodes, pos)}
