"""How long graph.html takes to become interactive at scale.

Writes a synthetic graph (default 5,000 nodes, 20,000 edges, seeded, with a
skewed degree distribution like a news graph's) through ``zhitu.output.html``,
opens it in headless Chromium (Debian's, via Playwright; network blocked) and
prints the time from navigation to the page's ``zhituReady`` flag (layout
done, physics off) followed by one rendered animation frame: the time to the
first interactive frame. Prints figures; asserts nothing.

    .venv/bin/python bench/views.py [--nodes 5000] [--edges 20000] [--runs 3]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

TYPES = ["PER", "ORG", "LOC", "PROG", "EVENT"]
RELATIONS = ["holdsPosition", "locatedIn", "subOrganizationOf", "organizes", "participatesIn"]


def synthetic_graph(nodes: int, edges: int, *, seed: int = 7) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    for i in range(nodes):
        g.add_node(f"https://example.org/n/{i}", iri=f"https://example.org/n/{i}", type=TYPES[i % 5],
                   label=f"实体{i}", aliases="", mentions=0)
    ids = list(g.nodes)
    weights = [1.0 / (i + 1) ** 0.8 for i in range(nodes)]  # a few hubs, a long tail
    for k in range(edges):
        head, tail = rng.choices(ids, weights=weights, k=2)
        if head == tail:
            tail = ids[(ids.index(head) + 1) % nodes]
        g.add_edge(head, tail, key=f"e{k}", relation=RELATIONS[k % 5], role="", evidence=f"句子{k}。",
                   document="bench", article="bench", start=0, end=0, extractor="bench", confidence=1.0)
    return g


def time_to_interactive(path: Path, timeout_ms: int) -> float:
    from tests.browser import open_offline

    started = time.perf_counter()
    with open_offline(path, timeout_ms=timeout_ms) as page:
        # The page's CSP forbids eval, so wait_for_function cannot run: poll instead.
        while not page.evaluate("window.zhituReady === true"):
            if time.perf_counter() - started > timeout_ms / 1000:
                raise TimeoutError(f"{path} not interactive after {timeout_ms / 1000:g} s")
            time.sleep(0.05)
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        elapsed = time.perf_counter() - started
        problems = page.problems()
    if problems:
        print("  page problems:", problems[:3])
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=5000)
    parser.add_argument("--edges", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per page load")
    args = parser.parse_args()
    from zhitu.output.html import write_html

    graph = synthetic_graph(args.nodes, args.edges)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "graph.html"
        started = time.perf_counter()
        write_html(graph, path)
        written = time.perf_counter() - started
        print(f"graph: {args.nodes} nodes, {args.edges} edges; graph.html {path.stat().st_size / 1e6:.1f} MB "
              f"written in {written:.2f} s")
        times = [time_to_interactive(path, int(args.timeout * 1000)) for _ in range(args.runs)]
    print("time to first interactive frame (s): " + ", ".join(f"{t:.2f}" for t in times)
          + f"; median {statistics.median(times):.2f}")


if __name__ == "__main__":
    main()
