"""Give freed memory back to the system during long builds (glibc only).

glibc's malloc keeps memory a process has freed for reuse, and raises its
threshold for serving big blocks from its own heap each time one is freed; a
build that receives a few megabytes of N-Triples per partition, loads them into
the store and drops them, while small long-lived objects settle between
them, grows its resident memory with the corpus although little of it is in
use. Dask starts its worker processes with ``MALLOC_TRIM_THRESHOLD_=65536``
for this reason (``distributed.nanny.pre-spawn-environ``, "Automatically trim
memory" in Dask's worker-memory docs); :func:`trim_freed_memory` does the same
for the process that builds, which Dask does not start. Setting the threshold
also fixes glibc's threshold for big blocks at its default, so they are mapped
and unmapped on their own.
"""
from __future__ import annotations

import ctypes
import functools
import os
import platform

#: mallopt's parameter number for the trim threshold (malloc.h).
M_TRIM_THRESHOLD = -1
#: Bytes free at the top of the heap before glibc gives them back: Dask's value for its workers.
TRIM_THRESHOLD = 65_536


@functools.cache
def trim_freed_memory() -> bool:
    """Make glibc give freed memory back past :data:`TRIM_THRESHOLD` bytes; once per process.

    False (nothing done) where the C library is not glibc, or where
    ``MALLOC_TRIM_THRESHOLD_`` is set: the user's choice stands.
    """
    if os.environ.get("MALLOC_TRIM_THRESHOLD_") is not None:
        return False
    if platform.libc_ver()[0] != "glibc":  # musl, macOS, Windows: another allocator
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the process already runs on
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1


def release_freed_memory() -> bool:
    """Give back now the memory freed inside every arena of the process (glibc's
    ``malloc_trim(0)``), not only at the top of the main heap as the threshold
    does: the threads of the store's bulk loader and compactions allocate in
    arenas of their own. False where the C library is not glibc."""
    if platform.libc_ver()[0] != "glibc":
        return False
    try:
        malloc_trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return False
    malloc_trim.argtypes = [ctypes.c_size_t]
    malloc_trim.restype = ctypes.c_int
    return malloc_trim(0) == 1
