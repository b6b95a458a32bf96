"""How fast documents go into the store, and the files come out of it.

Takes the document graphs of an existing store (build one first, e.g.
``zhitu build slice.jsonl --store S -j 1``), holds them in memory, and writes
them all into fresh stores, one way at a time:

- ``update``: one SPARQL update per document (what ``Store.replace_document``
  did before the batched writer: unmerge, drop, INSERT DATA, merge);
- ``extend/1``: one ``Store.extend`` per document (named and merged graph);
- ``batch/K``: ``Store.replace_documents`` over K documents at a time (one
  transactional N-Quads load each: what ``zhitu build`` does below
  ``zhitu.build.BULK_TRIPLES``);
- ``bulkbatch/K``: ``Store.replace_documents(..., bulk=True)`` over K
  documents at a time (the bulk loader with its marker: what ``zhitu build``
  does from ``BULK_TRIPLES``);
- ``bulk/K``: bare ``Store.bulk_extend`` over K documents at a time (not
  transactional: for comparison only).

Each figure is quads (of the document graphs) per second, including the
closing flush, the median of ``--repeat`` runs; ``quads_per_cpu_s`` divides by
the process's CPU time instead (all its threads: the bulk loader's too), the
steadier figure on a loaded machine. ``--outputs`` also times
writing graph.ttl and graph.html the old way (the whole store copied into an
rdflib Dataset, then the writers) and the streaming way (from the store).

    .venv/bin/python bench/store_bulk.py STORE [--repeat 3] [--outputs] [--memory 1,7]

``--memory 1,7`` writes the documents once and seven times over (renamed
copies: a corpus 7× the store's) into a new store, the old way (one update
per document, never flushed) and the build's way, each in a process of its
own: peak RSS, store size on disk, quads/s.

Run it on an idle machine for figures to compare; a loaded one gives noisy
ones (the medians help).
"""
from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from zhitu.store import _replacement  # the SPARQL update of one document
from zhitu.store import open_store

MERGED = ox.DefaultGraph()


def document_graphs(folder: str) -> list[tuple[ox.NamedNode, list[ox.Triple]]]:
    with open_store(folder, read_only=True) as store:
        inner = store.oxigraph
        return [(g, [q.triple for q in inner.quads_for_pattern(None, None, None, g)])
                for g in sorted(inner.named_graphs(), key=lambda g: g.value)]


def write_update(inner: ox.Store, docs, batch: int) -> None:
    for graph, triples in docs:
        inner.update(_replacement(graph, [(t.subject, t.predicate, t.object) for t in triples]))


def quads_of(docs):
    for graph, triples in docs:
        for t in triples:
            yield ox.Quad(t.subject, t.predicate, t.object, graph)
            yield ox.Quad(t.subject, t.predicate, t.object, MERGED)


def write_extend(inner: ox.Store, docs, batch: int) -> None:
    for start in range(0, len(docs), batch):
        inner.extend(list(quads_of(docs[start:start + batch])))


def write_bulk(inner: ox.Store, docs, batch: int) -> None:
    for start in range(0, len(docs), batch):
        inner.bulk_extend(quads_of(docs[start:start + batch]))


def write_batched(store, docs, batch: int) -> None:
    for start in range(0, len(docs), batch):
        store.replace_documents(docs[start:start + batch])


def write_batched_bulk(store, docs, batch: int) -> None:
    for start in range(0, len(docs), batch):
        store.replace_documents(docs[start:start + batch], bulk=True)


WAYS = {
    "update": (write_update, [1]),
    "extend": (write_extend, [1]),
    "batch": (write_batched, [8, 64, 256]),
    "bulkbatch": (write_batched_bulk, [8, 32, 64, 256]),
    "bulk": (write_bulk, [64, 100_000]),
}


def time_writes(docs, repeat: int, ways: list[str]) -> dict:
    quads = sum(len(triples) for _, triples in docs)
    figures = {}
    for name in ways:
        write, batches = WAYS[name]
        for batch in batches:
            rates, cpu_rates = [], []
            for _ in range(repeat):
                with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "s") as store:
                    target = store if name.startswith(("batch", "bulkbatch")) else store.oxigraph
                    started, cpu = time.perf_counter(), time.process_time()
                    write(target, docs, batch)
                    store.oxigraph.flush()
                    rates.append(quads / (time.perf_counter() - started))
                    cpu_rates.append(quads / (time.process_time() - cpu))
            key = f"{name}/{batch}"
            figures[key] = {"quads_per_s": round(statistics.median(rates)), "runs": [round(r) for r in rates],
                            "quads_per_cpu_s": round(statistics.median(cpu_rates))}
            print(key, json.dumps(figures[key]), flush=True)
    return figures


def time_outputs(folder: str, repeat: int) -> dict:
    """Seconds to write graph.ttl and graph.html: the store copied into rdflib
    then the writers (before), or streamed from the store (now)."""
    from zhitu.output import write as write_file
    from zhitu.output import write_from_store

    figures = {}
    with open_store(folder, read_only=True) as store, tempfile.TemporaryDirectory() as tmp:
        for way in ("dataset", "stream"):
            runs: dict[str, list[float]] = {"copy": [], "turtle": [], "html": [], "total": []}
            for _ in range(repeat):
                started = time.perf_counter()
                dataset = store.to_dataset() if way == "dataset" else None
                runs["copy"].append(time.perf_counter() - started)
                for fmt, name in (("turtle", "graph.ttl"), ("html", "graph.html")):
                    begun = time.perf_counter()
                    if way == "dataset":
                        write_file(dataset, Path(tmp) / name, format=fmt)
                    else:
                        write_from_store(store, Path(tmp) / name, format=fmt)
                    runs[fmt].append(time.perf_counter() - begun)
                del dataset
                runs["total"].append(time.perf_counter() - started)
            figures[way] = {key: round(statistics.median(values), 2) for key, values in runs.items()}
            figures[way]["total_runs"] = [round(r, 2) for r in runs["total"]]
            print(f"outputs/{way}", json.dumps(figures[way]), flush=True)
    return figures


def renamed(docs, copy: int):
    """The documents again, every IRI but predicates and classes made new (a bigger corpus)."""
    def term(t):
        return ox.NamedNode(f"{t.value}~{copy}") if isinstance(t, ox.NamedNode) else t

    return [(term(g), [ox.Triple(term(t.subject), t.predicate, term(t.object) if t.predicate.value != RDF_TYPE
                                 else t.object) for t in triples]) for g, triples in docs]


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def memory_child(folder: str, way: str, copies: int, target: str) -> None:
    """Write ``copies`` renamed copies of the documents into a new store at
    ``target`` the ``way`` given, as a build does; print peak RSS and the store's size."""
    import resource

    from zhitu import build

    docs = document_graphs(folder)
    quads = 0
    started = time.perf_counter()
    with open_store(target) as store:
        for copy in range(copies):
            batch = renamed(docs, copy)
            quads += sum(len(t) for _, t in batch)
            if way == "update":  # one SPARQL update per document, never flushed (before)
                write_update(store.oxigraph, batch, 1)
                continue
            pending, unflushed = [], 0
            for graph, triples in batch:  # as build_store: batches of BATCH_TRIPLES, flushed every FLUSH_QUADS
                pending.append((graph, triples))
                if sum(len(t) for _, t in pending) >= build.BATCH_TRIPLES:
                    size = sum(len(t) for _, t in pending)
                    store.replace_documents(pending, bulk=size >= build.BULK_TRIPLES)
                    pending, unflushed = [], unflushed + 2 * size
                    if unflushed >= build.FLUSH_QUADS:
                        store.flush()
                        unflushed = 0
            store.replace_documents(pending, bulk=True)
    seconds = time.perf_counter() - started
    disk = sum(f.stat().st_size for f in Path(target).rglob("*") if f.is_file())
    print(json.dumps({"way": way, "documents": copies * len(docs), "quads": quads, "seconds": round(seconds, 1),
                      "quads_per_s": round(quads / seconds),
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                      "store_mib": round(disk / 2**20)}))


def time_memory(folder: str, copies: list[int]) -> list[dict]:
    import subprocess
    import sys

    figures = []
    for count in copies:
        for way in ("update", "batch"):
            with tempfile.TemporaryDirectory() as tmp:
                done = subprocess.run([sys.executable, __file__, folder, "--memory-child", way, str(count),
                                       str(Path(tmp) / "s")], capture_output=True, text=True, check=True)
            figures.append(json.loads(done.stdout.strip().splitlines()[-1]))
            print("memory", json.dumps(figures[-1]), flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("store", help="a store built by zhitu build (read only)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--ways", default="update,extend,batch,bulk")
    parser.add_argument("--outputs", action="store_true", help="also time writing graph.ttl and graph.html")
    parser.add_argument("--memory", default="", help="copies of the documents to write for peak RSS, e.g. 1,7")
    parser.add_argument("--memory-child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.memory_child:
        way, copies, target = args.memory_child
        memory_child(args.store, way, int(copies), target)
        return
    docs = document_graphs(args.store)
    quads = sum(len(t) for _, t in docs)
    print(f"{len(docs)} documents, {quads:,} quads in their graphs", flush=True)
    figures = {"documents": len(docs), "quads": quads, "writes": time_writes(docs, args.repeat, args.ways.split(","))}
    if args.outputs:
        figures["outputs"] = time_outputs(args.store, args.repeat)
    if args.memory:
        figures["memory"] = time_memory(args.store, [int(n) for n in args.memory.split(",")])
    if args.json:
        print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
