"""How graph.html behaves at scale: time to the first interactive frame, and
frame times while panning.

Writes synthetic graphs (default 500, 2,000 and 5,000 nodes with two edges a
node, seeded, with a skewed degree distribution like a news graph's, a few
dates and confidences) through ``zhitu.output.html``, or takes pages given
with ``--page`` (a real build's graph.html), opens each in headless Chromium
(Debian's, via Playwright; network blocked) and prints:

- time to first interactive frame: from navigation start (the page's
  ``performance.now()``) to the first animation frame after the page set
  ``zhituReady`` (data loaded, filters applied, first drawing done);
- panning: the mouse drags the canvas (60 moves); a requestAnimationFrame loop
  in the page records the time between frames meanwhile: the longest and the
  95th percentile, and the frames seen;
- drawing: one frame's work, timed around vis-network's own (synchronous)
  redraw, ten times: the least and the median, with the edges drawn and with
  them hidden as while dragging. On a busy machine the frame times above
  follow the load; the least drawing time is the page's own cost.

Prints figures; asserts nothing.

    .venv/bin/python bench/views.py [--nodes 500 2000 5000] [--edges-per-node 2] [--runs 3]
    .venv/bin/python bench/views.py --page out/graph.html
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
VIEWPORT = (1600, 1000)

# Runs in the page (through DevTools, which the page's CSP does not govern).
START_FRAMES = """() => {
    window.__frames = [];
    window.__recording = true;
    const tick = (t) => { window.__frames.push(t); if (window.__recording) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
}"""
STOP_FRAMES = "() => { window.__recording = false; return window.__frames; }"
READY_FRAME = "() => new Promise(r => requestAnimationFrame(() => r(performance.now())))"
# vis-network's renderer internals (9.1): _redraw(hidden) draws one frame at once.
DRAW_COST = """(hidden) => {
    const renderer = network.renderer, times = [];
    for (let i = 0; i < 10; i++) {
        renderer.dragging = hidden;
        const started = performance.now();
        renderer._redraw(hidden);
        times.push(performance.now() - started);
    }
    renderer.dragging = false;
    return times;
}"""


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
                   document="bench", article="bench", start=0, end=0, extractor="bench",
                   confidence=rng.choice((0.6, 0.8, 0.95)), reported=f"2031-01-{1 + k % 28:02d}")
    return g


def measure(path: Path, timeout_s: float) -> tuple[float, list[float], list[float], list[float]]:
    """(ms from navigation to the first interactive frame, frame intervals in ms while panning,
    drawing times in ms with edges, without)."""
    from tests.browser import open_offline

    with open_offline(path, viewport=VIEWPORT, timeout_ms=int(timeout_s * 1000)) as page:
        deadline = time.monotonic() + timeout_s
        # The page's CSP forbids eval, so wait_for_function cannot run: poll instead.
        while not page.evaluate("window.zhituReady === true"):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{path} not interactive after {timeout_s:g} s")
            time.sleep(0.02)
        ready = page.evaluate(READY_FRAME)
        box = page.page.locator("#zt-network").bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.evaluate(START_FRAMES)
        mouse = page.page.mouse
        mouse.move(x, y)
        mouse.down()
        mouse.move(x + 300, y + 150, steps=30)
        mouse.move(x - 200, y - 100, steps=30)
        mouse.up()
        page.evaluate(READY_FRAME)
        frames = page.evaluate(STOP_FRAMES)
        drawn, hidden = page.evaluate(DRAW_COST, False), page.evaluate(DRAW_COST, True)
        problems = page.problems()
    if problems:
        print("  page problems:", problems[:3])
    return ready, [b - a for a, b in zip(frames, frames[1:])], drawn, hidden


def report(name: str, path: Path, runs: int, timeout_s: float) -> None:
    readies, worst, p95s, counts, drawn, hidden = [], [], [], [], [], []
    for _ in range(runs):
        ready, intervals, with_edges, without = measure(path, timeout_s)
        drawn += with_edges
        hidden += without
        readies.append(ready / 1000)
        ordered = sorted(intervals) or [0.0]
        worst.append(ordered[-1])
        p95s.append(ordered[int(0.95 * (len(ordered) - 1))])
        counts.append(len(intervals))
    print(f"{name}: first interactive frame (s) " + ", ".join(f"{t:.2f}" for t in readies)
          + f" (median {statistics.median(readies):.2f}); panning: longest frame (ms) "
          + ", ".join(f"{w:.0f}" for w in worst) + f", p95 {statistics.median(p95s):.0f} ms, "
          f"{statistics.median(counts):.0f} frames; drawing (ms) with edges {min(drawn):.0f} least, "
          f"{statistics.median(drawn):.0f} median, edges hidden {min(hidden):.0f} / {statistics.median(hidden):.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--edges-per-node", type=float, default=2.0)
    parser.add_argument("--page", type=Path, nargs="*", default=[], help="measure these graph.html files instead")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per page load")
    args = parser.parse_args()
    for page in args.page:
        print(f"{page}: {page.stat().st_size / 1e6:.1f} MB")
        report(str(page), page, args.runs, args.timeout)
    if args.page:
        return
    from zhitu.output.html import write_html

    for nodes in args.nodes:
        edges = int(nodes * args.edges_per_node)
        graph = synthetic_graph(nodes, edges)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "graph.html"
            started = time.perf_counter()
            write_html(graph, path)
            written = time.perf_counter() - started
            print(f"graph: {nodes} nodes, {edges} edges; graph.html {path.stat().st_size / 1e6:.1f} MB "
                  f"written in {written:.2f} s")
            report(f"  {nodes} nodes", path, args.runs, args.timeout)


if __name__ == "__main__":
    main()
