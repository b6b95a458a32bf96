"""The page's layout (zhitu.output.layout): one sampled Fruchterman–Reingold step as
written out per node, seeds, fixed nodes."""
from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest

from zhitu.output.layout import _spring, attach_layout, sampled_spring_layout


def _reference_step(graph: nx.Graph, nodes: list, pos: np.ndarray, picked: np.ndarray, *, temperature: float,
                    gravity: float) -> np.ndarray:
    """One step of :func:`_spring` written node by node (what the arrays compute)."""
    n, m = len(nodes), len(picked)
    k = 1.0 / math.sqrt(n)
    index = {node: i for i, node in enumerate(nodes)}
    moved = pos.copy()
    push = np.zeros((n, 2))
    for i in range(n):
        for j in picked:
            delta = pos[i] - pos[j]
            push[i] += delta * (k * k) / max(float(delta @ delta), 1e-4) * (n / m)
    for u, v in graph.edges():
        if u == v:
            continue
        diff = pos[index[u]] - pos[index[v]]
        pull = diff * max(float(np.hypot(*diff)), 0.01) / k
        push[index[u]] -= pull
        push[index[v]] += pull
    for i in range(n):
        push[i] -= pos[i] * gravity * n * k
        norm = max(float(np.hypot(*push[i])), 1e-9)
        moved[i] += push[i] / norm * min(norm, temperature)
    return moved


@pytest.mark.parametrize("sample", [4, 128])
def test_one_step_is_the_force_model_node_by_node(sample: int) -> None:
    graph = nx.gnm_random_graph(30, 60, seed=5)
    nodes = list(graph.nodes())
    start = np.random.default_rng(1).uniform(-1, 1, size=(30, 2))
    got = _spring(graph, nodes, start, np.ones(30, bool), np.random.default_rng(9), iterations=1, sample=sample)
    picked = np.random.default_rng(9).choice(30, size=min(sample, 30), replace=False)
    expected = _reference_step(graph, nodes, start, picked, temperature=0.1, gravity=0.5)
    assert np.allclose(got, expected, rtol=0, atol=1e-12)


def test_the_same_seed_gives_the_same_layout_and_linked_nodes_end_closer() -> None:
    graph = nx.connected_watts_strogatz_graph(200, 4, 0.1, seed=3)
    first = sampled_spring_layout(graph, seed=7)
    assert first == sampled_spring_layout(graph, seed=7)
    assert first != sampled_spring_layout(graph, seed=8)

    def distance(u, v) -> float:
        return math.dist(first[u], first[v])

    linked = np.mean([distance(u, v) for u, v in graph.edges()])
    rng = np.random.default_rng(0)
    pairs = rng.choice(200, size=(500, 2))
    apart = np.mean([distance(int(u), int(v)) for u, v in pairs if u != v and not graph.has_edge(int(u), int(v))])
    assert linked < apart / 3


def test_attached_nodes_start_beside_their_neighbours_and_placed_ones_stay() -> None:
    graph = nx.path_graph(["甲", "乙", "丙"])
    placed = {"甲": (-100.0, 0.0), "乙": (100.0, 0.0)}
    added = attach_layout(graph, placed, scale=1000.0)
    assert set(added) == {"丙"}
    assert math.dist(added["丙"], placed["乙"]) < math.dist(added["丙"], placed["甲"])
    # Nothing left to place: nothing moves and nothing is returned.
    assert attach_layout(nx.path_graph(["甲", "乙"]), placed) == {}
