"""Extraction on Dask: ``zhitu build --jobs N`` and ``--scheduler ADDRESS``.

The unit of work is :func:`zhitu.document_graphs.graph_documents` over a
partition of documents (tens of articles, cut by characters), the same
function a single-process build runs. ``--jobs N`` starts a
:class:`distributed.LocalCluster` of N worker processes with one thread each
(the processes are the parallelism, LAC runs one onnxruntime thread; fewer
workers than CPUs overlap LAC, the NER and the rules in threads, as ``-j 1`` does);
``--scheduler tcp://HOST:8786`` (or ``$ZHITU_SCHEDULER``) sends the partitions
to an existing cluster whose workers have zhitu installed. ``--jobs 1`` never
touches Dask.

Each worker loads the pipeline once (:class:`zhitu.dask_worker.LoadPipeline`,
a worker plugin: also on a worker that replaces a dead one). The client keeps a bounded
number of partitions in flight (memory does not grow with the corpus) and
hands the graphs back in input order. A worker that dies (a crash in native
code, the out-of-memory killer) costs its partition one retry; when that
fails too, the partition's documents are tried one at a time and a document
that kills its worker again is reported as skipped, with the reason.

The cluster lives for the process (a build in a long-running program reuses
it) and is closed at exit. Its worker processes never outlive the client:
Dask's nannies end a worker whose parent has gone, a SIGKILLed build
included. While partitions are in flight SIGTERM stops the build as Ctrl-C
does.
"""
from __future__ import annotations

import atexit
import logging
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from zhitu.document_graphs import DocumentGraph, Pending, graph_documents
from zhitu.read.lexicon import Lexicon

if TYPE_CHECKING:
    from distributed import Client

#: A partition (one task) ends after this many articles or characters.
PARTITION_ARTICLES = 32
PARTITION_CHARS = 100_000
#: Partitions in flight per worker: enough to keep every worker busy while the
#: client stores results, few enough that memory stays flat.
IN_FLIGHT_PER_WORKER = 2
#: ``--jobs auto`` uses workers for inputs of at least this many bytes; below
#: it, starting them (loading the models in each) costs more than it saves.
AUTO_MIN_BYTES = 1_000_000
#: ``--jobs auto`` never starts more workers than this.
AUTO_MAX_JOBS = 8
#: The client's setting (also in :data:`QUIET_CONFIG`): its own stream to the scheduler would
#: keep the last 1,000 messages it sent, each a partition it submitted with its documents.
CLIENT_CONFIG: dict[str, Any] = {"distributed.admin.low-level-log-length": 0}
#: Dask's defaults watch a cluster for its dashboard: every process samples its CPU,
#: memory, file descriptors and the host's disk and network counters every 500 ms,
#: checks its event loop every 20 ms and its memory every 100 ms, and each worker
#: samples its task's stack every 10 ms for a profile. A build's cluster has no
#: dashboard: these settings check less often, and the CPU goes to extraction (an idle
#: two-worker cluster used 7.4 CPU-s per minute in the client and 6-7 in each worker
#: with Dask's defaults, 5.3 and 3.6-3.9 with these; measured again on 2026-12-01, with
#: the pipeline loaded: 2.7 and 2.8-3.0 with Dask's defaults, 0.6-0.7 and 0.3 with these).
#: Nor do they keep Dask's logs for developers (``low-level-log-length``, 1,000 entries
#: by default): the scheduler keeps every message under 1 MB it sends a worker, and a
#: worker every task it is given,
#: each with its partition's documents, so a build's memory grew with its corpus
#: (the scheduler runs in the building process). A cluster of one's own can take
#: them too (:func:`quiet_environment`).
QUIET_CONFIG: dict[str, Any] = {
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.admin.system-monitor.disk": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.worker.profile.enabled": False,
    **CLIENT_CONFIG,
}
#: The local cluster's settings: quiet, and one retry for a partition whose worker died,
#: then KilledWorker (the partition's documents are then tried one by one).
LOCAL_CLUSTER_CONFIG: dict[str, Any] = {**QUIET_CONFIG, "distributed.scheduler.allowed-failures": 1}
#: The environment variable naming a scheduler when ``--scheduler`` is not given.
SCHEDULER_ENV = "ZHITU_SCHEDULER"
WORKER_DIED = "the worker process extracting it died (a crash in native code, or out of memory)"

Result = tuple[list, object, str | None, list]
#: Turns a partition into results on a worker (:func:`zhitu.dask_worker.graph_partition`).
Work = Callable[[list[Pending]], list[Result]]

_clients: dict[Any, Client] = {}


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


def scheduler_address(given: str | None = None) -> str | None:
    """The scheduler to use: ``given``, else ``$ZHITU_SCHEDULER``, else None (a local cluster)."""
    return given or os.environ.get(SCHEDULER_ENV) or None


def graph_documents_on_cluster(
    pending: Iterable[Pending], jobs: int = 2, *, scheduler: str | None = None, work: Work | None = None,
    lexicon: Lexicon | None = None, min_confidence: float | None = None,
) -> Iterator[DocumentGraph]:
    """Each pending document's graph, in input order, extracted by Dask workers:
    a local cluster of ``jobs`` processes, or the cluster at ``scheduler``.
    ``lexicon``: the user lexicon, sent with every partition (workers cache a pipeline per lexicon);
    ``min_confidence`` as for :func:`zhitu.document_graphs.graph_documents`. The graphs'
    triples come as :class:`~zhitu.graph.wire.NTriples`.

    ``work`` turns a partition into results on a worker (default:
    :func:`zhitu.dask_worker.graph_partition`; a test may pass another
    importable function).
    """
    if work is None:
        from zhitu.dask_worker import graph_partition as work
    # One thread a worker when the workers fill the machine (or run elsewhere, one per core);
    # fewer local workers than cores each overlap LAC, the NER and the rules in threads, as -j 1 does.
    overlap = scheduler is None and jobs < usable_cpus()
    client = get_client(jobs, scheduler, lexicon, overlap=overlap)
    extra = {key: value for key, value in (("lexicon", lexicon), ("min_confidence", min_confidence),
                                           ("overlap", overlap)) if value}
    window: deque[tuple[list[Pending], Any]] = deque()
    limit = IN_FLIGHT_PER_WORKER * max(1, _worker_count(client, jobs))
    with _sigterm_interrupts():
        try:
            for partition in partitions(pending):
                window.append((partition, client.submit(work, partition, pure=False, **extra)))
                while len(window) >= limit:
                    yield from _collect(client, window, work, extra)
            while window:
                yield from _collect(client, window, work, extra)
        finally:
            for _, future in window:  # Ctrl-C, SIGTERM, a caller that stopped reading
                future.cancel()


def partitions(pending: Iterable[Pending]) -> Iterator[list[Pending]]:
    """``pending`` cut into partitions of at most :data:`PARTITION_ARTICLES` articles
    or about :data:`PARTITION_CHARS` characters (a longer document is one partition)."""
    partition: list[Pending] = []
    articles = chars = 0
    for item in pending:
        partition.append(item)
        articles += len(item.articles)
        chars += sum(a.end - a.start for a in item.articles)
        if articles >= PARTITION_ARTICLES or chars >= PARTITION_CHARS:
            yield partition
            partition, articles, chars = [], 0, 0
    if partition:
        yield partition


def quiet_environment() -> dict[str, str]:
    """:data:`QUIET_CONFIG` as the ``DASK_*`` environment variables that ``dask scheduler``
    and ``dask worker`` read (Dask's own spelling: ``.`` → ``__``, ``-`` → ``_``)."""
    return {"DASK_" + key.upper().replace(".", "__").replace("-", "_"): str(value)
            for key, value in QUIET_CONFIG.items()}


def get_client(jobs: int, scheduler: str | None = None, lexicon: Lexicon | None = None, *,
               overlap: bool = False) -> Client:
    """The client of this process's cluster for ``jobs`` (started on first use)
    or of the scheduler at ``scheduler``; its workers load the pipeline (for ``lexicon``; with the
    tokenizer's stage threads if ``overlap``) when they start."""
    key: Any = scheduler or jobs
    client = _clients.get(key)
    if client is not None and client.status == "running":
        return client
    import dask
    from distributed import Client, LocalCluster

    from zhitu.dask_worker import LoadPipeline

    if scheduler:
        with dask.config.set(CLIENT_CONFIG):
            client = Client(scheduler, set_as_default=False)
    else:
        with dask.config.set(LOCAL_CLUSTER_CONFIG):  # the nannies hand it to their workers
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address=None,
                                   # no dashboard; its HTTP server (health, metrics) on a free port
                                   scheduler_kwargs={"dashboard_address": ":0"},
                                   silence_logs=logging.ERROR)
            client = Client(cluster, set_as_default=False)  # LOCAL_CLUSTER_CONFIG holds CLIENT_CONFIG
    client.register_plugin(LoadPipeline(lexicon, overlap), name=LoadPipeline.name)
    _clients[key] = client
    return client


def close_clients() -> None:
    """Close every client (and local cluster) this process started."""
    _close(_take_clients())


def release_clients() -> threading.Thread:
    """Close every client (and local cluster) this process started, in a thread
    (returned, not a daemon: the interpreter waits for it at exit). The clients are
    taken at once, so the next build starts its own; stopping a local cluster's
    workers takes a second or two (measured: 1.6 s for two), which the caller spends
    on its own work instead of waiting."""
    thread = threading.Thread(target=_close, args=(_take_clients(),), name="zhitu-release-workers")
    thread.start()
    return thread


def _take_clients() -> list[Client]:
    taken = list(_clients.values())
    _clients.clear()
    return taken


def _close(clients: list[Client]) -> None:
    for client in clients:
        cluster = client.cluster
        try:
            client.close(timeout=5)
            if cluster is not None:
                cluster.close(timeout=5)
        except Exception:  # noqa: BLE001 - at exit, a cluster that is already gone is fine
            pass


atexit.register(close_clients)


def _worker_count(client: Client, jobs: int) -> int:
    if client.cluster is not None:
        return jobs
    return len(client.scheduler_info().get("workers", {})) or jobs


def _collect(client: Client, window: deque, work: Work, extra: dict | None = None) -> Iterator[DocumentGraph]:
    """The graphs of the oldest partition in flight; if its worker died twice,
    its documents one at a time."""
    from distributed import KilledWorker

    partition, future = window.popleft()
    try:
        results = future.result()
    except (KilledWorker, Exception):  # a failure the pipeline did not catch: find its document
        yield from _one_by_one(client, partition, work, extra or {})
        return
    finally:
        future.release()
    for item, result in zip(partition, results):
        yield _graph(item, result)


def _one_by_one(client: Client, items: list[Pending], work: Work, extra: dict | None = None) -> Iterator[DocumentGraph]:
    from distributed import KilledWorker

    futures = [client.submit(work, [item], pure=False, **(extra or {})) for item in items]
    for item, future in zip(items, futures):
        try:
            try:
                (result,) = future.result()
            except KilledWorker:
                # Its worker may have died of another document (on a busy machine, or its
                # result lost with a worker): once more alone before it is given up.
                (result,) = client.submit(work, [item], pure=False, **(extra or {})).result()
        except KilledWorker:
            yield DocumentGraph(item.document, item.fingerprint, error=WORKER_DIED)
            continue
        except Exception as err:  # noqa: BLE001 - one document's failure, reported as its skip reason
            yield DocumentGraph(item.document, item.fingerprint,
                                error=f"extraction failed: {type(err).__name__}: {err}")
            continue
        finally:
            future.release()
        yield _graph(item, result)


def _graph(item: Pending, result: Result) -> DocumentGraph:
    triples, counts, error, people = result
    return DocumentGraph(item.document, item.fingerprint, triples, counts, error, people)


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
