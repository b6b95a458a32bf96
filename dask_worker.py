"""What runs on a Dask worker for ``zhitu build --jobs N`` / ``--scheduler``.

For: :func:`graph_partition` (a partition of documents → their graphs'
triples, without the documents, which the client has) and
:class:`LoadPipeline`, the worker plugin that loads the pipeline and its
models once per worker process (then frozen out of the garbage collector's walks,
:mod:`zhitu.collector`); a worker's pipeline forgets the words it has
met every :data:`FORGET_AFTER_ARTICLES` articles (:func:`forgetting_words`).
Kept apart from :mod:`zhitu.cluster` so that importing the client side stays
cheap (Dask is imported only here and when a cluster is started).
Not for: starting clusters or ordering results (:mod:`zhitu.cluster`).
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass

from distributed.diagnostics.plugin import WorkerPlugin

from zhitu.document_graphs import Pending, graph_documents
from zhitu.graph.wire import encode
from zhitu.read.lexicon import Lexicon

Result = tuple[list, object, str | None, list]

#: A worker's pipeline forgets the strings and lexemes its Docs added to spaCy's
#: vocabulary after about this many articles (a new memory zone), so that a worker
#: on a long stream does not keep every word, number and name it has met.
FORGET_AFTER_ARTICLES = 1_000


@dataclass
class _Zone:
    """A pipeline's open memory zone, the articles read in it and the partitions
    being read in it now (a worker may run several threads)."""

    context: AbstractContextManager
    articles: int = 0
    reading: int = 0


#: Per pipeline (by id): its open zone.
_zones: dict[int, _Zone] = {}
_zones_lock = threading.Lock()


def graph_partition(partition: list[Pending], lexicon: Lexicon | None = None,
                    min_confidence: float | None = None, overlap: bool = False) -> list[Result]:
    """The graphs of one partition in this one thread: LAC on one onnxruntime thread and the
    tokenizer's stages one after the other (the processes are the parallelism), or with
    ``overlap`` in threads of their own (fewer workers than CPUs);
    ``lexicon``: the user lexicon, ``min_confidence`` as for :func:`graph_documents`, sent with the work.
    Each graph goes back as N-Triples (:mod:`zhitu.graph.wire`): cheap for the client to receive and store."""
    from zhitu.extractors.pipeline import default_pipeline

    nlp = default_pipeline(1, lexicon or None, overlap=overlap)
    with forgetting_words(nlp, sum(len(p.articles) for p in partition)):
        return [(encode(g.triples), g.counts, g.error, g.people)
                for g in graph_documents(partition, threads=1, lexicon=lexicon, min_confidence=min_confidence,
                                         overlap=overlap)]


@contextmanager
def forgetting_words(nlp, articles: int) -> Iterator[None]:
    """Read a partition of ``articles`` with ``nlp`` in a spaCy memory zone
    (:meth:`spacy.Language.memory_zone`): a new one, first closing the open one,
    once that has read :data:`FORGET_AFTER_ARTICLES` articles and no partition is
    being read in it. Closing a zone frees the strings and lexemes added in it;
    nothing of a partition outlives it (its results are plain data), so no Doc
    of a closed zone is read again. In spaCy 3.8 a vocabulary otherwise keeps
    every string it is given: about 44 new ones an article in news."""
    with _zones_lock:
        zone = _zones.get(id(nlp))
        if zone is not None and zone.articles >= FORGET_AFTER_ARTICLES and not zone.reading:
            zone.context.__exit__(None, None, None)
            zone = None
        if zone is None:
            zone = _zones[id(nlp)] = _Zone(nlp.memory_zone())
            zone.context.__enter__()
        zone.articles += articles
        zone.reading += 1
    try:
        yield
    finally:
        with _zones_lock:
            zone.reading -= 1


class LoadPipeline(WorkerPlugin):
    """Load the pipeline and its models when a worker starts (a worker that
    replaces a dead one included), before its first partition."""

    name = "zhitu-pipeline"

    def __init__(self, lexicon: Lexicon | None = None, overlap: bool = False) -> None:
        self.lexicon = lexicon or None
        self.overlap = overlap

    def setup(self, worker) -> None:
        from zhitu.collector import settle_loaded
        from zhitu.extractors.pipeline import default_pipeline

        default_pipeline(1, self.lexicon, overlap=self.overlap)("预热。")
        settle_loaded()  # the pipeline out of the collector's walks (zhitu.collector)
