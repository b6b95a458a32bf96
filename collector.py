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

Measured on 2026-12-02 (one process, the first 1,000 corpus articles through
``graph_partition``): 1.16 CPU-s in the collector with Python's defaults,
0.43 frozen, 0.28 frozen with this threshold; peak RSS 454, 433 and 423 MB.

Not for: the C library's allocator (:mod:`zhitu.allocator`).
"""
from __future__ import annotations

import gc

#: Allocations between collections of the youngest generation (Python's default: 700).
YOUNG_THRESHOLD = 20_000


def settle_loaded() -> None:
    """Freeze every object alive now (a loaded pipeline) out of the collector's
    generations, and collect the youngest one every :data:`YOUNG_THRESHOLD` allocations
    (the older generations' thresholds stay). For a process that owns its
    collector settings: a worker, not a library's caller."""
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, middle, old)
