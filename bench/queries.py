"""Named queries on the store (Oxigraph on disk) beside rdflib's in-memory graph.

Builds (or brings up to date: unchanged documents are skipped) a store from a
JSON Lines corpus, copies it into an rdflib Dataset, then runs every named
query of ``queries`` on both, with the same parameter, and prints each
side's median time over ``--repeat`` runs and the rows each returned (the two
answers are checked to be the same multiset of rows).

The parameter of each query is the busiest fitting entity in the store (the
organisation with the most memberships, the place with the most organisations
located in it…), so the queries have work to do; it is chosen by SPARQL before
the timing starts. Both sides materialise every row as rdflib terms
(``QueryResult``), so conversion is counted on both.

Not for: build throughput (``bench/throughput.py``) or serving.

    .venv/bin/python bench/queries.py [--corpus PATH] [--store DIR] [--limit N] [--repeat 5] [--timeout 300] [--json out.json]

A run past ``--timeout`` is stopped and shown as ``> N s`` (the store's
queries run in Rust and are not interrupted; rdflib's are).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import statistics
import sys
import tempfile
import time
from collections import Counter
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO / ".." / "shared" / "data" / "corpus" / "rmrb2020.jsonl"
DEFAULT_STORE = REPO / "out" / "bench" / "corpus-store"

#: How each named query's parameter is picked: the busiest entity of the kind it asks for.
PICKERS = {
    "posts": """SELECT ?name WHERE { ?m a org:Membership ; org:organization ?o . ?o rdfs:label ?name }
                GROUP BY ?name ORDER BY DESC(COUNT(?m)) ?name LIMIT 1""",
    "programmes-of": """SELECT ?name WHERE { ?o zt:organizes|zt:participatesIn ?x . ?o a zt:Organization ; rdfs:label ?name }
                        GROUP BY ?name ORDER BY DESC(COUNT(?x)) ?name LIMIT 1""",
    "people-in": """SELECT ?name WHERE { ?m org:organization ?o . ?o zt:locatedIn ?p . ?p rdfs:label ?name }
                    GROUP BY ?name ORDER BY DESC(COUNT(?m)) ?name LIMIT 1""",
    "evidence": """SELECT ?name WHERE { ?s rdf:subject ?e . ?e a zt:Person ; rdfs:label ?name }
                   GROUP BY ?name ORDER BY DESC(COUNT(?s)) ?name LIMIT 1""",
}


def limited_corpus(corpus: Path, limit: int, folder: Path) -> Path:
    """The corpus itself, or its first ``limit`` lines in a temporary file."""
    if not limit:
        return corpus
    path = folder / f"first-{limit}.jsonl"
    with corpus.open(encoding="utf-8") as lines, path.open("w", encoding="utf-8") as out:
        for number, line in enumerate(lines):
            if number >= limit:
                break
            out.write(line)
    return path


class TimedOut(BaseException):
    """A run went past ``--timeout`` (rdflib's pure-Python engine can be stopped by a
    signal). A BaseException, so that ``run_query`` does not turn it into a QueryError."""


def timed(func, repeat: int, budget: float, timeout: float) -> tuple[list[float], object]:
    """Run ``func`` up to ``repeat`` times (fewer once ``budget`` seconds are spent);
    ``([], None)`` when the first run passes ``timeout`` seconds."""
    def expire(signum, frame):
        raise TimedOut

    times, result = [], None
    previous = signal.signal(signal.SIGALRM, expire)
    try:
        for _ in range(repeat):
            started = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, timeout)
            try:
                result = func()
            except TimedOut:
                return [], None
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            times.append(time.perf_counter() - started)
            if sum(times) > budget:
                break
    finally:
        signal.signal(signal.SIGALRM, previous)
    return times, result


def rows_of(result) -> Counter:
    return Counter(tuple(str(term) if term is not None else None for term in row) for row in result.rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE, help="kept between runs (default out/bench/corpus-store)")
    parser.add_argument("--limit", type=int, default=0, help="first N corpus lines only (0 = all)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--budget", type=float, default=120.0, help="seconds per query and side before repeats stop")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds one run may take before it is stopped")
    parser.add_argument("--reuse", action="store_true",
                        help="query the store as it is, without bringing it up to date with the corpus and pipeline")
    parser.add_argument("--json", type=Path, help="save the figures")
    args = parser.parse_args(argv)

    from zhitu.build import build_store
    from zhitu.output.answers import display_width
    from zhitu.query import named_queries, run_query
    from zhitu.store import open_store

    figures: dict = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                 "pyoxigraph": metadata.version("pyoxigraph"), "rdflib": metadata.version("rdflib")}}
    with tempfile.TemporaryDirectory() as tmp, open_store(args.store) as store:
        if not (args.reuse and store.count_documents()):
            source = limited_corpus(args.corpus, args.limit, Path(tmp))
            started = time.perf_counter()
            summary = build_store([str(source)], store)
            build_seconds = time.perf_counter() - started
            figures["build"] = {"seconds": round(build_seconds, 1), "built": summary.documents_built,
                                "unchanged": summary.store["unchanged"], "skipped": len(summary.skipped)}
            print(f"  build: {build_seconds:.1f} s ({summary.documents_built - summary.store['unchanged']} "
                  f"extracted, {summary.store['unchanged']} unchanged, {len(summary.skipped)} skipped)")
        stats = store.stats()
        figures["store"] = stats.to_dict()
        print(f"store {args.store}: {stats.documents} documents, {stats.articles} articles, "
              f"{sum(stats.entities.values())} entities, {stats.triples} triples ({stats.quads} in document graphs)")

        started = time.perf_counter()
        dataset = store.to_dataset()
        load_seconds = time.perf_counter() - started
        figures["rdflib_load_seconds"] = round(load_seconds, 1)
        print(f"  copied into rdflib's in-memory Dataset in {load_seconds:.1f} s")

        queries = named_queries()
        figures["queries"] = {}
        print(f"\n{'query':<15} {'parameter':<24} {'rows':>6} {'store median':>13} {'rdflib median':>14} {'ratio':>7}  runs",
              flush=True)
        for name, query in queries.items():
            picker = PICKERS.get(name)
            if picker is None or query.parameter is None:
                continue
            picked = store.query(picker).rows
            if not picked:
                print(f"{name:<15} (no fitting entity in this store)")
                continue
            value = str(picked[0][0])
            bindings = query.bind(value)
            ox_times, ox_result = timed(lambda: store.query(query.text, bindings=bindings), args.repeat,
                                        args.budget, args.timeout)
            rd_times, rd_result = timed(lambda: run_query(dataset, query.text, bindings=bindings), args.repeat,
                                        args.budget, args.timeout)
            ox_median = statistics.median(ox_times) if ox_times else None
            rd_median = statistics.median(rd_times) if rd_times else None
            same = None if ox_result is None or rd_result is None else rows_of(ox_result) == rows_of(rd_result)
            rows = len((ox_result or rd_result).rows) if (ox_result or rd_result) else None
            figures["queries"][name] = {"parameter": value, "rows": rows, "same_rows": same,
                                        "store_median_s": ox_median, "rdflib_median_s": rd_median,
                                        "store_runs": len(ox_times), "rdflib_runs": len(rd_times),
                                        "timeout_s": args.timeout}
            shown = value + " " * max(0, 24 - display_width(value))
            print(f"{name:<15} {shown} {rows if rows is not None else '-':>6} {_ms(ox_median, args.timeout):>13} "
                  f"{_ms(rd_median, args.timeout):>14} "
                  f"{(f'{rd_median / ox_median:.0f}x' if ox_median and rd_median else '-'):>7}  "
                  f"{len(ox_times)}/{len(rd_times)}" + ("  ROWS DIFFER" if same is False else ""), flush=True)
    if args.json:
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 1 if any(q["same_rows"] is False for q in figures["queries"].values()) else 0


def _ms(seconds: float | None, timeout: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds is not None else f"> {timeout:.0f} s"


if __name__ == "__main__":
    sys.exit(main())
