"""Node positions computed in Python, so the browser only draws (vis-network's
physics on 5,000 nodes takes a minute, and a page laid out once looks the same
every time it opens).

A Fruchterman–Reingold layout in numpy whose repulsion is estimated from a
random sample of nodes each step: O(N·k + E) per step instead of O(N²), so
5,000 nodes and 20,000 edges take a second or two. Deterministic for a seed.
:func:`attach_layout` places more nodes around ones already placed, which stay
put (the page's credit edges join articles to a layout made from facts).
"""
from __future__ import annotations

import math

import networkx as nx
import numpy as np

__all__ = ["sampled_spring_layout", "attach_layout"]

Positions = dict[object, tuple[float, float]]


def sampled_spring_layout(
    graph: nx.Graph, *, seed: int = 7, iterations: int = 50, sample: int = 128, scale: float = 1000.0,
    groups: dict[object, int] | None = None,
) -> Positions:
    """Positions for every node, roughly ``scale`` wide around the origin.

    ``groups`` (node → group number, 0 the largest): each group starts around
    a centre of its own, the largest in the middle, so communities stay
    together. Nodes without edges need no forces: they go on a spiral around the rest.
    """
    linked = {node for edge in graph.edges() for node in edge[:2]}
    isolated = [node for node in graph.nodes() if node not in linked]
    connected = graph.subgraph(node for node in graph.nodes() if node in linked)
    nodes = list(connected.nodes())
    rng = np.random.default_rng(seed)
    start = rng.uniform(-1.0, 1.0, size=(len(nodes), 2))
    if groups:
        start = _grouped_start(nodes, groups, start)
    pos = _spring(connected, nodes, start, np.ones(len(nodes), bool), rng, iterations=iterations, sample=sample)
    if len(nodes):
        pos -= pos.mean(axis=0)
        pos *= scale / max(float(np.abs(pos).max()), 1e-9)
    positions = {node: (float(x), float(y)) for node, (x, y) in zip(nodes, pos)}
    radius = scale * 1.15
    golden = math.pi * (3 - math.sqrt(5))
    for i, node in enumerate(isolated):
        r = radius + scale * 0.5 * math.sqrt((i + 0.5) / max(len(isolated), 1))
        positions[node] = (r * math.cos(i * golden), r * math.sin(i * golden))
    return positions


def _grouped_start(nodes: list, groups: dict[object, int], noise: np.ndarray) -> np.ndarray:
    """Start positions: group centres on a sunflower spiral (area by group size),
    each group's members in a disc around its centre."""
    sizes: dict[int, int] = {}
    for node in nodes:
        sizes[groups.get(node, -1)] = sizes.get(groups.get(node, -1), 0) + 1
    order = sorted(sizes, key=lambda g: (g < 0, -sizes[g], g))
    total = float(len(nodes))
    golden = math.pi * (3 - math.sqrt(5))
    centres, radii, filled = {}, {}, 0.0
    for i, group in enumerate(order):
        share = sizes[group] / total
        radius = math.sqrt(filled + share / 2)  # the middle of the ring its area takes
        centres[group] = np.array([radius * math.cos(i * golden), radius * math.sin(i * golden)])
        radii[group] = math.sqrt(share)
        filled += share
    return np.array([centres[groups.get(node, -1)] + noise[i] * radii[groups.get(node, -1)] * 0.5
                     for i, node in enumerate(nodes)]).reshape(-1, 2)


def attach_layout(
    graph: nx.Graph, placed: Positions, *, seed: int = 7, iterations: int = 30, sample: int = 128,
    scale: float = 1000.0,
) -> Positions:
    """Positions for the nodes of ``graph`` not in ``placed``, laid out with the
    placed ones fixed where they are (``scale``: the placed layout's width).

    A new node starts beside its placed neighbours (their mean), or at random.
    """
    nodes = list(graph.nodes())
    if not nodes:
        return {}
    rng = np.random.default_rng(seed)
    movable = np.array([node not in placed for node in nodes])
    start = np.empty((len(nodes), 2))
    for i, node in enumerate(nodes):
        if node in placed:
            start[i] = np.asarray(placed[node]) / scale
        else:
            near = [placed[n] for n in graph.neighbors(node) if n in placed]
            centre = np.mean(near, axis=0) / scale if near else rng.uniform(-1.2, 1.2, size=2)
            start[i] = centre + rng.normal(0.0, 0.02, size=2)
    pos = _spring(graph, nodes, start, movable, rng, iterations=iterations, sample=sample, gravity=0.1)
    return {node: (float(x * scale), float(y * scale)) for node, (x, y), free in zip(nodes, pos, movable) if free}


def _spring(
    graph: nx.Graph, nodes: list, pos: np.ndarray, movable: np.ndarray, rng: np.random.Generator, *,
    iterations: int, sample: int, gravity: float = 0.5,
) -> np.ndarray:
    """Move the ``movable`` rows of ``pos`` (unit-square coordinates) by sampled FR steps."""
    n = len(nodes)
    if n == 0 or not movable.any():  # nothing to move (every node already placed)
        return pos
    pos = pos.copy()
    index = {node: i for i, node in enumerate(nodes)}
    edges = np.array([(index[u], index[v]) for u, v in graph.edges() if u != v], dtype=np.int64).reshape(-1, 2)
    k = 1.0 / math.sqrt(n)  # ideal edge length in the unit square
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    m = min(sample, n)
    x, y = pos[:, 0].copy(), pos[:, 1].copy()  # coordinates apart: (n, m) arrays, no (n, m, 2) ones
    heads, tails = edges[:, 0], edges[:, 1]
    for _ in range(iterations):
        picked = rng.choice(n, size=m, replace=False)
        dx = x[:, None] - x[None, picked]  # (n, m)
        dy = y[:, None] - y[None, picked]
        # Repulsion from the sample (k² / distance², at least 0.01 apart), scaled up to stand for all nodes.
        force = (k * k) / np.maximum(dx * dx + dy * dy, 1e-4)
        push_x = (dx * force).sum(axis=1) * (n / m)
        push_y = (dy * force).sum(axis=1) * (n / m)
        if len(edges):
            diff_x, diff_y = x[heads] - x[tails], y[heads] - y[tails]
            pull = np.maximum(np.hypot(diff_x, diff_y), 0.01) / k
            push_x -= np.bincount(heads, diff_x * pull, minlength=n) - np.bincount(tails, diff_x * pull, minlength=n)
            push_y -= np.bincount(heads, diff_y * pull, minlength=n) - np.bincount(tails, diff_y * pull, minlength=n)
        # Gravity keeps separate components from drifting apart.
        push_x -= x * (gravity * n * k)
        push_y -= y * (gravity * n * k)
        norm = np.maximum(np.hypot(push_x, push_y), 1e-9)
        step = np.minimum(norm, temperature) / norm
        x[movable] += (push_x * step)[movable]
        y[movable] += (push_y * step)[movable]
        temperature -= cooling
    pos[:, 0], pos[:, 1] = x, y
    return pos
