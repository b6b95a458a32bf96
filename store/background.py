"""The store's background work yields the CPU to extraction (Linux only).

Every bulk load adds tables that overlap the whole of Oxigraph's indexes (their
keys begin with hashes), and RocksDB's compaction threads rewrite them while
the build goes on: on the whole test corpus 28-30 CPU-seconds of the
client's (measured), taken from the extraction workers, which need both
cores of a laptop. RocksDB offers to run those threads at the lowest CPU priority
(``Env::LowerThreadPoolCPUPriority``, nice 19 for ``CpuPriority::kLow``);
pyoxigraph does not expose it, so :func:`yield_compactions` does the same from
outside, by the threads' names. The compactions then run on CPU time nothing
else wants: beside the single-threaded end of a build, or whenever the
extraction waits. If they fall far behind, RocksDB slows the store's writes
until they catch up (its level-0 triggers), which pauses the extraction for
as long: the work is moved, never skipped. What they free stays in their
threads' glibc arenas: a build gives it back once its statistics are read
(``zhitu.build.build_store``), before the outputs.

Not for: flushes of the write buffers (RocksDB's high-priority pool keeps its
priority: a write waits on them).
"""
from __future__ import annotations

import os
from pathlib import Path

#: The name RocksDB gives the threads of its low-priority pool, which run compactions
#: (``ThreadPoolImpl``: ``rocksdb:low``, numbered on some versions); one pool per process,
#: shared by every store it opens.
COMPACTION_THREAD = "rocksdb:low"
#: The nice value RocksDB's ``CpuPriority::kLow`` sets (``port::SetCpuPriority``).
COMPACTION_NICE = 19

_TASKS = Path("/proc/self/task")


def yield_compactions() -> int:
    """Give the store's compaction threads in this process the lowest CPU priority
    (:data:`COMPACTION_NICE`); the number of threads changed. 0 where threads cannot
    be listed by name (not Linux), or none is running yet (no store open). A process
    without privileges cannot raise them back: they stay low until it exits."""
    changed = 0
    for thread, name in _threads():
        if not name.startswith(COMPACTION_THREAD):
            continue
        try:
            if os.getpriority(os.PRIO_PROCESS, thread) < COMPACTION_NICE:
                os.setpriority(os.PRIO_PROCESS, thread, COMPACTION_NICE)
                changed += 1
        except OSError:  # the thread has ended since listed
            continue
    return changed


def _threads() -> list[tuple[int, str]]:
    """(thread id, name) of each thread of this process, read from ``/proc``."""
    try:
        tasks = list(_TASKS.iterdir())
    except OSError:
        return []
    threads = []
    for task in tasks:
        try:
            threads.append((int(task.name), (task / "comm").read_text(encoding="utf-8").strip()))
        except (OSError, ValueError):  # ended since listed
            continue
    return threads
