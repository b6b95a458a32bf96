"""Extraction in worker processes: ``zhitu build --jobs N``.

Each worker process loads the pipeline once, with LAC on one onnxruntime
thread (the processes are the parallelism), and turns chunks of documents into
their graphs' triples with :func:`zhitu.document_graphs.graph_documents`, the
same function a single-process build runs and the one a distributed engine
would map over partitions. The parent reads the inputs, keeps at most a few
chunks in flight (streaming: memory does not grow with the corpus), and gets
the graphs back in input order.

A worker that dies (a crash in native code, the out-of-memory killer) costs no
other document: the chunks in flight are redone one document at a time in a
fresh pool, and a document that kills its worker again is reported as
skipped, with the reason.

The pools live for the process (a build in a long-running program reuses
them) and are shut down at exit. Workers never outlive the parent: each one
asks Linux to kill it when the parent dies (``PR_SET_PDEATHSIG``) and, on any
platform, a thread in it exits the process once its parent is gone, so a
SIGKILLed build leaves no worker behind (nor multiprocessing's resource
tracker, which exits when they have). While workers extract, SIGTERM stops
the parent as Ctrl-C does; both kill the workers at once instead of letting
them finish their chunks.
"""
from __future__ import annotations

import atexit
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from zhitu.document_graphs import DocumentGraph, Pending, graph_documents

#: A chunk (one task for a worker) ends after this many articles or characters.
CHUNK_ARTICLES = 32
CHUNK_CHARS = 100_000
#: ``--jobs auto`` uses worker processes for inputs of at least this many bytes;
#: below it, starting them (loading the models in each) costs more than it saves.
AUTO_MIN_BYTES = 1_000_000
#: ``--jobs auto`` never starts more workers than this.
AUTO_MAX_JOBS = 8
WORKER_DIED = "the worker process extracting it died (a crash in native code, or out of memory)"
#: How often a worker checks that its parent is still there (the portable fallback).
PARENT_POLL_SECONDS = 0.5

Result = tuple[list, object, str | None, list]
Work = Callable[[list[Pending]], list[Result]]

_pools: dict[int, ProcessPoolExecutor] = {}


def usable_cpus() -> int:
    """CPUs this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def resolve_jobs(jobs: int | str, paths: Iterable[str] = ()) -> int:
    """Worker processes for a build: ``jobs`` as given, or for ``"auto"`` one per
    usable CPU (at most :data:`AUTO_MAX_JOBS`) when the input files hold at least
    :data:`AUTO_MIN_BYTES`, else 1 (extract in this process)."""
    if jobs == "auto":
        cpus = min(usable_cpus(), AUTO_MAX_JOBS)
        if cpus < 2:
            return 1
        from zhitu.read.reading import input_files

        size = 0
        for path in input_files(paths):
            try:
                size += os.path.getsize(path)
            except OSError:
                continue  # reading reports it, with the file's name
            if size >= AUTO_MIN_BYTES:
                return cpus
        return 1
    try:
        count = int(jobs)
    except (TypeError, ValueError):
        count = 0
    if count < 1:
        raise ValueError(f"jobs must be a positive number or 'auto', not {jobs!r}")
    return count


def graph_documents_in_workers(pending: Iterable[Pending], jobs: int, *, work: Work | None = None) -> Iterator[DocumentGraph]:
    """Each pending document's graph, in input order, extracted by ``jobs`` worker processes.

    ``work`` turns a chunk into results in a worker (default: the pipeline; a
    test may pass another module-level function).
    """
    work = work or graph_chunk
    window: deque[tuple[list[Pending], Future]] = deque()
    with _sigterm_interrupts():
        try:
            for chunk in _chunks(pending):
                window.append((chunk, worker_pool(jobs).submit(work, chunk)))
                while len(window) > 2 * jobs:
                    yield from _collect(window, jobs, work)
            while window:
                yield from _collect(window, jobs, work)
        except (KeyboardInterrupt, GeneratorExit):
            # Ctrl-C, SIGTERM, or a caller that stopped reading: the chunks in flight are not wanted.
            if window:
                kill_pools()
            raise


def graph_chunk(chunk: list[Pending]) -> list[Result]:
    """In a worker: the graphs of one chunk, without the documents (the parent has them)."""
    return [(graph.triples, graph.counts, graph.error, graph.people) for graph in graph_documents(chunk, threads=1)]


def worker_pool(jobs: int) -> ProcessPoolExecutor:
    """The pool of ``jobs`` workers, started on first use (spawned: safe with
    onnxruntime's threads, and the same on every platform)."""
    pool = _pools.get(jobs)
    if pool is None:
        # Linux kills a child when the *thread* that started it ends, so the
        # death signal is only asked for by workers started from the main thread.
        from_main = threading.current_thread() is threading.main_thread()
        pool = _pools[jobs] = ProcessPoolExecutor(
            max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker, initargs=(os.getpid(), from_main),
        )
    return pool


def shutdown_pools() -> None:
    """Stop every worker process this process started."""
    while _pools:
        _, pool = _pools.popitem()
        pool.shutdown(wait=True, cancel_futures=True)


def kill_pools() -> None:
    """Stop every worker process at once, without waiting for the chunks they are extracting."""
    while _pools:
        _, pool = _pools.popitem()
        kill = getattr(pool, "kill_workers", None)  # Python 3.14+
        if kill is not None:
            kill()
        else:
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.kill()
        pool.shutdown(wait=True, cancel_futures=True)


# At exit nothing a worker is still extracting can be used: kill rather than wait.
# (A SIGTERM or Ctrl-C that lands while the build is storing a document leaves the
# results generator open until the interpreter ends; waiting here for the chunks
# in flight made such a build take as long as those chunks to stop.)
atexit.register(kill_pools)


def _start_worker(parent: int, from_main_thread: bool) -> None:
    """Tie the worker's life to its parent's, then load the pipeline and its
    models once, before the first chunk arrives."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if from_main_thread:
        _die_with_parent()
    if os.getppid() != parent:  # it died before the line above took effect
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="zhitu-parent-watch", daemon=True).start()
    from zhitu.extractors.pipeline import default_pipeline

    default_pipeline(1)("预热。")


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (elsewhere: nothing)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_pdeathsig = 1
    try:
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl in this libc: the watching thread remains
        pass


def _watch_parent(parent: int) -> None:
    """Exit the worker once its parent is gone (it is then adopted, and its parent id changes)."""
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """Within the block, SIGTERM raises KeyboardInterrupt in the main thread, as Ctrl-C does.

    Only where SIGTERM has no handler yet, and only from the main thread
    (Python runs signal handlers there); the old handler comes back after.
    """
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) != signal.SIG_DFL:
        yield
        return

    def interrupt(signum, frame) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _discard_pool(jobs: int) -> None:
    pool = _pools.pop(jobs, None)
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def _collect(window: deque, jobs: int, work: Work) -> Iterator[DocumentGraph]:
    """The graphs of the oldest chunk in flight; if its worker died, every
    chunk in flight is redone one document at a time."""
    chunk, future = window.popleft()
    try:
        results = future.result()
    except Exception:  # BrokenProcessPool, or a failure the pipeline did not catch
        _discard_pool(jobs)
        redo = [item for c in [chunk, *(c for c, _ in window)] for item in c]
        window.clear()
        yield from _one_by_one(redo, jobs, work)
        return
    for item, result in zip(chunk, results):
        yield _graph(item, result)


def _one_by_one(items: list[Pending], jobs: int, work: Work) -> Iterator[DocumentGraph]:
    for item in items:
        try:
            (result,) = worker_pool(jobs).submit(work, [item]).result()
        except BrokenProcessPool:
            _discard_pool(jobs)
            yield DocumentGraph(item.document, item.fingerprint, error=WORKER_DIED)
            continue
        except Exception as err:
            yield DocumentGraph(item.document, item.fingerprint,
                                error=f"extraction failed: {type(err).__name__}: {err}")
            continue
        yield _graph(item, result)


def _graph(item: Pending, result: Result) -> DocumentGraph:
    triples, counts, error, people = result
    return DocumentGraph(item.document, item.fingerprint, triples, counts, error, people)


def _chunks(pending: Iterable[Pending]) -> Iterator[list[Pending]]:
    chunk: list[Pending] = []
    articles = chars = 0
    for item in pending:
        chunk.append(item)
        articles += len(item.articles)
        chars += sum(a.end - a.start for a in item.articles)
        if articles >= CHUNK_ARTICLES or chars >= CHUNK_CHARS:
            yield chunk
            chunk, articles, chars = [], 0, 0
    if chunk:
        yield chunk
