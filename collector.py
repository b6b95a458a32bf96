"""Python's cyclic garbage collector, set for a process that extracts (a Dask worker).

A loaded pipeline is about 200,000 objects the collector tracks (spaCy's
vocabulary, the rules' tables and lexicons, the models' wrappers), alive as
long as the process. Extraction then allocates container objects by the
million (each Doc's spans, tuples and lists) and frees nearly all of them by
reference counting, so the collector's default young-generation threshold
(700 allocations) runs a collection every few sentences, and every full
collection walks the whole pipeline again. :func:`settle_loaded` moves what
is loaded into the permanent generation (:func:`gc.freeze`, which Python's
docs advise for objects that live as long as the process) and collects the
young generation every :data:`YOUNG_THRESHOLD` allocations instead.
The process that builds, which may be a user's program, gets only a higher
threshold (:data:`BUILD_YOUNG_THRESHOLD`), and only while it builds
(:func:`collecting_less`): writing graph.html makes some hundred thousand rdflib
terms and NetworkX dicts, all kept until the page is written.

Measured on 2026-12-02 (one process, the first 1,000 corpus articles through
``graph_partition``): 1.16 CPU-s in the collector with Python's defaults,
0.43 frozen, 0.28 frozen with this threshold; peak RSS 454, 433 and 423 MB.
Writing graph.html of the whole corpus's store, two runs each: 0.77-0.95 CPU-s
collecting with Python's defaults, 0.31-0.38 with a threshold of 10,000, 0.22-0.28
with 20,000; its peak RSS 219-220, 219 and 231-232 MB (5,000: 229 MB).

Not for: the C library's allocator (:mod:`zhitu.allocator`).
"""
from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

#: Allocations between collections of the youngest generation (Python's default: 700) in a
#: worker, after :func:`settle_loaded` ...
YOUNG_THRESHOLD = 20_000
#: ... and in a process while it builds (:func:`collecting_less`): a lower one, which keeps
#: the peak of writing graph.html where Python's default has it.
BUILD_YOUNG_THRESHOLD = 10_000


def settle_loaded() -> None:
    """Freeze every object alive now (a loaded pipeline) out of the collector's
    generations, and collect the youngest one every :data:`YOUNG_THRESHOLD` allocations
    (the older generations' thresholds stay). For a process that owns its
    collector settings: a worker, not a library's caller."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)


_lock = threading.Lock()
_depth = 0
_before: tuple[int, int, int] | None = None


@contextmanager
def collecting_less() -> Iterator[None]:
    """Within the block (or a function it decorates), collect the youngest generation
    every :data:`BUILD_YOUNG_THRESHOLD` allocations; the thresholds found come back after it
    (after the last of blocks that overlap, in threads). A threshold already higher stays."""
    global _depth, _before
    with _lock:
        if _depth == 0:
            _before = gc.get_threshold()
            if _before[0] < BUILD_YOUNG_THRESHOLD:
                gc.set_threshold(BUILD_YOUNG_THRESHOLD, *_before[1:])
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _before is not None:
                if gc.get_threshold()[0] == max(BUILD_YOUNG_THRESHOLD, _before[0]):  # unless changed meanwhile
                    gc.set_threshold(*_before)
                _before = None
