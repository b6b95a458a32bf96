"""The processes that run ``zhitu serve``'s queries, and the pool that hands
requests to them.

For: evaluating SPARQL and the explorer's API calls where they can be stopped.
Oxigraph cannot cancel a query, so each runs in a separate Python process
(``python -m zhitu.serve.workers``) that opened the store read-only, whose
address space is capped (``RLIMIT_AS``) and that serialises its answer itself.
It runs with one glibc malloc arena (``MALLOC_ARENA_MAX``, unless set): glibc
reserves 64 MB of address space for each thread's arena, so the threads
RocksDB starts when it opens the store would take most of the cap before any
query (measured: a process that opened a store held 500–715 MB of address
space, 108 MB with one arena; a started query process 122 MB) and could leave
no room for a thread's stack, which aborts the process. A process that
overstays a request's deadline, or dies (a query past the memory cap aborts
it), is killed and replaced (a spare process stands in while the replacement
starts); the others go on. At most ``Limits.workers`` queries run at once, at
most ``Limits.queue`` requests wait for a process, and past that the answer is
503 with ``Retry-After``.

Not for: HTTP (``zhitu.serve.app``) or the protocol (``zhitu.serve.sparql``).
"""
from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import asdict
from multiprocessing.connection import Connection, Pipe
from pathlib import Path

from zhitu.errors import ZhituError
from zhitu.serve.sparql import Limits, Response, answer, timed_out

__all__ = ["QueryPool"]

_log = logging.getLogger("zhitu.serve")
#: Seconds a process may take past a request's deadline before it is killed
#: (it answers 503 itself when its query streams rows; one that does not is killed).
_GRACE_S = 0.5
_START_S = 60.0
_LATE, _DIED = "late", "died"


class _Process:
    """One query process, seen from the server."""

    def __init__(self, popen: subprocess.Popen, conn: Connection) -> None:
        self.popen = popen
        self.conn = conn

    def wait_ready(self, timeout_s: float) -> None:
        """Block until the process has opened the store; ZhituError if it cannot."""
        try:
            if not self.conn.poll(timeout_s):
                raise ZhituError(f"a query process did not start within {timeout_s:g} s")
            status, message = self.conn.recv()
        except (EOFError, OSError):
            status, message = "error", f"a query process exited at start (status {self.popen.wait()})"
        if status != "ready":
            self.kill()
            raise ZhituError(message)

    async def call(self, message: tuple, wait_s: float) -> Response | str:
        """Send a request and wait up to ``wait_s`` for its answer; ``_LATE``
        or ``_DIED`` when none comes. The wait is the event loop's (no thread)."""
        loop = asyncio.get_running_loop()
        readable = loop.create_future()
        fd = self.conn.fileno()
        try:
            self.conn.send(message)
            loop.add_reader(fd, lambda: readable.done() or readable.set_result(None))
            try:
                await asyncio.wait_for(readable, wait_s)
            finally:
                loop.remove_reader(fd)
            # The process writes its whole answer at once, so this read does not wait on a query.
            return self.conn.recv()
        except asyncio.TimeoutError:
            return _LATE
        except (EOFError, OSError):
            return _DIED

    def kill(self) -> None:
        if self.popen.poll() is None:
            self.popen.kill()
        self.popen.wait()
        self.conn.close()


def _spawn(config: dict) -> _Process:
    parent, child = Pipe()
    try:
        popen = subprocess.Popen([sys.executable, "-m", "zhitu.serve.workers", str(child.fileno())],
                                 pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL, env=_worker_environment())
    finally:
        child.close()
    parent.send(config)
    return _Process(popen, parent)


def _worker_environment() -> dict[str, str]:
    """The query process's environment: a query past the memory cap aborts with one
    line, not a backtrace; one malloc arena, so the cap is on memory used rather than
    on glibc's reservations for threads (the module's docstring)."""
    return {"MALLOC_ARENA_MAX": "1", **os.environ, "RUST_BACKTRACE": "0"}


class QueryPool:
    """Query processes over the store in ``store_path``: ``limits.workers``
    may run queries at once, and one more is kept ready.

    Made (and its processes started) in any thread; :meth:`run` is called from
    the server's event loop."""

    def __init__(self, store_path: str | os.PathLike[str], limits: Limits, *, prefixes: Mapping[str, str],
                 allow_service: bool = False) -> None:
        self.limits = limits
        self._config = {"store": str(Path(store_path)), "limits": asdict(limits), "prefixes": dict(prefixes),
                        "allow_service": allow_service, "parent": os.getpid()}
        self._all: set[_Process] = set()
        self._idle: asyncio.Queue[_Process] = asyncio.Queue()
        self._slots = asyncio.Semaphore(limits.workers)
        self._waiting = 0
        self._closed = False
        self._restarts: set[asyncio.Task] = set()
        # One process more than may run at once: a query stopped at its deadline
        # is replaced at once by the spare, not after a start-up.
        started = [self._spawn() for _ in range(limits.workers + 1)]
        try:
            for process in started:
                process.wait_ready(_START_S)
        except ZhituError:
            self.close()
            raise
        for process in started:
            self._idle.put_nowait(process)

    def _spawn(self) -> _Process:
        process = _spawn(self._config)
        self._all.add(process)
        return process

    async def run(self, message: tuple, deadline: float) -> Response:
        """Answer ``message`` (``("sparql", query, accept)`` or ``("api", path,
        params)``) in a free process by ``deadline`` (``time.monotonic()``)."""
        if self._closed:
            return Response.error(503, "the server is shutting down")
        must_wait = self._slots.locked() or self._idle.empty()
        if must_wait and self._waiting >= self.limits.queue:
            return Response.error(503, f"the server is busy ({self.limits.workers} queries running, "
                                       f"{self._waiting} waiting); try again", **{"Retry-After": "1"})
        self._waiting += must_wait
        try:
            async with asyncio.timeout(max(0.0, deadline - time.monotonic())):
                await self._slots.acquire()
                try:
                    process = await self._idle.get()
                except BaseException:
                    self._slots.release()
                    raise
        except TimeoutError:
            return timed_out(self.limits)
        finally:
            self._waiting -= must_wait
        left = max(0.0, deadline - time.monotonic())
        try:
            outcome = await process.call((message, left), left + _GRACE_S)
        except BaseException:
            # Cancelled while the process works for us: it is not known to be free.
            self._replace(process)
            raise
        finally:
            self._slots.release()
        if isinstance(outcome, Response):
            self._idle.put_nowait(process)
            return outcome
        self._replace(process)
        if outcome == _LATE:
            return timed_out(self.limits)
        return Response.error(503, "the query stopped its process (most likely it needed more than the "
                                   f"{self.limits.memory_mb} MB a query may use)")

    def _replace(self, process: _Process) -> None:
        task = asyncio.get_running_loop().create_task(self._restart(process))
        self._restarts.add(task)
        task.add_done_callback(self._restarts.discard)

    async def _restart(self, process: _Process) -> None:
        await asyncio.to_thread(process.kill)
        self._all.discard(process)
        while not self._closed:
            fresh = self._spawn()
            try:
                await asyncio.to_thread(fresh.wait_ready, _START_S)
            except ZhituError as err:
                self._all.discard(fresh)
                _log.error("zhitu: cannot restart a query process: %s; trying again in 5 s", err)
                await asyncio.sleep(5)
                continue
            if self._closed:
                fresh.kill()
            else:
                self._idle.put_nowait(fresh)
            return

    @property
    def waiting(self) -> int:
        """Requests waiting for a free process now."""
        return self._waiting

    @property
    def pids(self) -> list[int]:
        """The query processes' ids (for tests and benchmarks)."""
        return sorted(p.popen.pid for p in self._all)

    def close(self) -> None:
        """Kill every query process."""
        self._closed = True
        for process in list(self._all):
            process.kill()
        self._all.clear()


# -- the query process ---------------------------------------------------------------


def _worker(fd: int) -> int:
    conn = Connection(fd)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which stops us
    config = conn.recv()
    _die_with_parent(config["parent"])
    limits = Limits(**config["limits"])
    _cap_memory(limits.memory_mb)
    import pyoxigraph as ox

    try:
        store = ox.Store.read_only(config["store"])
    except OSError as err:
        conn.send(("error", f"cannot open store {config['store']}: {' '.join(str(err).split())}"))
        return 1
    conn.send(("ready", ""))
    api = _Api(store, config["store"])
    while True:
        try:
            (kind, *args), left = conn.recv()
        except (EOFError, OSError):
            return 0
        deadline = time.monotonic() + left
        try:
            if kind == "sparql":
                query, accept = args
                response = answer(store, query, accept, limits=limits, deadline=deadline,
                                  prefixes=config["prefixes"], allow_service=config["allow_service"])
            else:
                response = api.call(*args)
        except MemoryError:
            # Python's own allocations hit the cap: answer, then start afresh.
            conn.send(Response.error(503, f"the query needs more than the {limits.memory_mb} MB a query may use"))
            return 1
        conn.send(response)


class _Api:
    """The explorer's calls, imported on first use (they need rdflib; SPARQL does not)."""

    def __init__(self, store, path: str) -> None:
        self._inner, self._path = store, path
        self._store = None

    def call(self, path: str, params: Mapping[str, str]) -> Response:
        from zhitu.serve import explorer

        if self._store is None:
            from zhitu.store import Store

            self._store = Store(self._inner, Path(self._path), read_only=True)
        try:
            data = explorer.call(self._store, path, params)
        except ZhituError as err:
            return Response.error(400, str(err))
        if data is None:
            return Response.error(404, f"no such API: {path}")
        return Response(200, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")


def _cap_memory(megabytes: int) -> None:
    import resource

    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an aborted query leaves no core file


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when the server dies (even by SIGKILL)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the closed pipe still ends an idle process
    if os.getppid() != parent:
        sys.exit(0)  # the server died before prctl took effect


if __name__ == "__main__":
    sys.exit(_worker(int(sys.argv[1])))
