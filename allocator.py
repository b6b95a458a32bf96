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
from collections.abc import Callable

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
    mallopt = _glibc_function("mallopt", (ctypes.c_int, ctypes.c_int))
    return mallopt is not None and mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD) == 1


def release_freed_memory() -> bool:
    """Give back now the memory freed inside every arena of the process (glibc's
    ``malloc_trim(0)``), not only at the top of the main heap as the threshold
    does: the threads of the store's bulk loader and compactions allocate in
    arenas of their own. False where the C library is not glibc, or nothing was freed."""
    malloc_trim = _glibc_function("malloc_trim", (ctypes.c_size_t,))
    return malloc_trim is not None and malloc_trim(0) == 1


@functools.cache
def _glibc_function(name: str, argtypes: tuple) -> Callable[..., int] | None:
    """glibc's function ``name`` (returning an int) from the C library the process
    already runs on; None for another C library (musl, macOS, Windows)."""
    if platform.libc_ver()[0] != "glibc":
        return None
    try:
        function = getattr(ctypes.CDLL(None), name)
    except (OSError, AttributeError):
        return None
    function.argtypes = list(argtypes)
    function.restype = ctypes.c_int
    return function
