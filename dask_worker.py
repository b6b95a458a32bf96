"""What runs on a Dask worker for ``zhitu build --jobs N`` / ``--scheduler``.

For: :func:`graph_partition` (a partition of documents → their graphs'
triples, without the documents, which the client has) and
:class:`LoadPipeline`, the worker plugin that loads the pipeline and its
models once per worker process. Kept apart from :mod:`zhitu.cluster` so that
importing the client side stays cheap (Dask is imported only here and when a
cluster is started).
Not for: starting clusters or ordering results (:mod:`zhitu.cluster`).
"""
from __future__ import annotations

from distributed.diagnostics.plugin import WorkerPlugin

from zhitu.document_graphs import Pending, graph_documents
from zhitu.graph.wire import encode
from zhitu.read.lexicon import Lexicon

Result = tuple[list, object, str | None, list]


def graph_partition(partition: list[Pending], lexicon: Lexicon | None = None,
                    min_confidence: float | None = None, overlap: bool = False) -> list[Result]:
    """The graphs of one partition in this one thread: LAC on one onnxruntime thread and the
    tokenizer's stages one after the other (the processes are the parallelism), or with
    ``overlap`` in threads of their own (fewer workers than CPUs);
    ``lexicon``: the user lexicon, ``min_confidence`` as for :func:`graph_documents`, sent with the work.
    Each graph goes back as N-Triples (:mod:`zhitu.graph.wire`): cheap for the client to receive and store."""
    return [(encode(g.triples), g.counts, g.error, g.people)
            for g in graph_documents(partition, threads=1, lexicon=lexicon, min_confidence=min_confidence,
                                     overlap=overlap)]


class LoadPipeline(WorkerPlugin):
    """Load the pipeline and its models when a worker starts (a worker that
    replaces a dead one included), before its first partition."""

    name = "zhitu-pipeline"

    def __init__(self, lexicon: Lexicon | None = None, overlap: bool = False) -> None:
        self.lexicon = lexicon or None
        self.overlap = overlap

    def setup(self, worker) -> None:
        from zhitu.extractors.pipeline import default_pipeline

        default_pipeline(1, self.lexicon, overlap=self.overlap)("预热。")
