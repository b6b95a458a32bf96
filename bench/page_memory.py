"""What graph.html costs in memory when written from a store, step by step, and
how much of it is the store's own.

For each store given (each in a fresh process, with zhitu's glibc trim setting
as in a build) the page is written the way ``zhitu build`` writes it from a
store (:func:`zhitu.output.html_view.write_html_view_from_store`), in its three
steps: the plan (which nodes, counted over the whole store), the page's graph
(only what the page shows, read from the store) and the page itself (layout,
communities, JSON). Printed per step: seconds, and resident memory before, at
its peak (sampled every 20 ms) and after. Then what the store holds:

- ``plan's reads``: what closing and reopening the store right after the plan
  gives back (RocksDB's block cache and the index and filter blocks of every
  table the plan read; freed memory trimmed first);
- ``page's reads``: after reopening, what reading the page's triples again
  (a third time, the list dropped) keeps above the reopened store.

Both grow with the store's size on disk, up to the sizes of RocksDB's block
caches (Oxigraph gives its term dictionary one of 128 MB, the indexes share
RocksDB's default 32 MB) plus the tables' index blocks; they are not Python
objects and no pyoxigraph option bounds them. Prints figures; asserts nothing.

    .venv/bin/python bench/page_memory.py --store out/store-500 --store out/store-3497

Make the stores with ``zhitu build FILE.jsonl --store DIR -j 2`` on the first
N lines of ``../shared/data/corpus/rmrb2020.jsonl``.
"""
from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


class Peak:
    """This process's peak RSS since :meth:`reset`, sampled every 20 ms in a thread."""

    def __init__(self) -> None:
        import psutil

        self.process = psutil.Process()
        self.peak = self.rss()
        threading.Thread(target=self._run, daemon=True).start()

    def rss(self) -> int:
        return self.process.memory_info().rss

    def _run(self) -> None:
        while True:
            self.peak = max(self.peak, self.rss())
            time.sleep(0.02)

    def reset(self) -> int:
        self.peak = self.rss()
        return self.peak


def _trim() -> None:
    from zhitu.allocator import release_freed_memory

    gc.collect()
    release_freed_memory()


def child(store_path: str) -> dict:
    from zhitu.allocator import trim_freed_memory
    from zhitu.output import html_view
    from zhitu.output.html import write_html
    from zhitu.store import open_store

    trim_freed_memory()
    peak = Peak()
    steps: dict[str, dict] = {}

    def step(name: str, run):
        before, started = peak.reset(), time.perf_counter()
        result = run()
        time.sleep(0.05)  # one more sample
        steps[name] = {"seconds": time.perf_counter() - started, "before": before, "peak": peak.peak,
                       "after": peak.rss()}
        return result

    store = step("open", lambda: open_store(store_path))
    plan = step("plan", lambda: html_view.PagePlan.of(store))
    graph = step("page graph", lambda: html_view.page_graph(store, plan))
    with tempfile.TemporaryDirectory() as folder:
        step("page", lambda: write_html(graph, Path(folder) / "graph.html", linked_total=plan.linked_total,
                                        isolated_total=plan.isolated_total))
    del graph
    held = {}
    # What the plan's reads hold: a fresh store, the plan read once, then closed and reopened.
    store.close()
    _trim()
    store = open_store(store_path)
    html_view.PagePlan.of(store)
    _trim()
    read = peak.rss()
    store.close()
    _trim()
    store = open_store(store_path)
    held["plan's reads"] = read - peak.rss()
    base = peak.rss()
    for _ in range(3):
        triples = html_view._page_triples(store, plan)
        del triples
        _trim()
    held["page's reads"] = peak.rss() - base
    store.close()
    folder = Path(store_path)
    return {"store": store_path, "on disk": sum(f.stat().st_size for f in folder.iterdir() if f.is_file()),
            "drawn": len(plan.drawn), "listed": len(plan.listed), "facts": len(plan.facts),
            "steps": steps, "held": held}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", action="append", required=True, help="a store folder (repeat for several)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child)))
        return 0
    mb = 1 << 20
    results = []
    for store in args.store:
        done = subprocess.run([sys.executable, __file__, "--store", store, "--child", store],
                              capture_output=True, text=True, cwd=REPO)
        if done.returncode:
            print(f"{store}: failed: {done.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
            return 1
        found = json.loads(done.stdout.strip().splitlines()[-1])
        results.append(found)
        print(f"\n{store}: {found['on disk'] / mb:.0f} MB on disk; page: {found['drawn']} nodes drawn, "
              f"{found['listed']} listed, {found['facts']} facts")
        print(f"  {'step':12} {'s':>6} {'RSS before':>11} {'peak':>8} {'after':>8}  (MB)")
        for name, figures in found["steps"].items():
            print(f"  {name:12} {figures['seconds']:6.1f} {figures['before'] / mb:11.1f} "
                  f"{figures['peak'] / mb:8.1f} {figures['after'] / mb:8.1f}")
        for name, held in found["held"].items():
            print(f"  the store holds for the {name}: {held / mb:.1f} MB")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
