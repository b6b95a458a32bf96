"""One document in, its graph's triples out: the unit of work of every build.

:func:`graph_documents` runs the extraction pipeline over a stream of
documents (LAC batching across them) and turns each document's Docs into the
triples of its named graph. It runs the same in this process and in worker
processes of a Dask cluster (:mod:`zhitu.cluster`): what it yields is plain, picklable data.

Not for: reading inputs (``zhitu.read``), storing graphs (``zhitu.build``,
``zhitu.store``).
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import chain

from rdflib import Literal

from zhitu.graph import iris
from zhitu.graph.confidence import drop_below
from zhitu.graph.namesakes import Context, contexts_from_triples
from zhitu.graph.namespaces import ZT
from zhitu.graph.rdf import DocumentCounts, Triple, document_triples
from zhitu.graph.wire import NTriples
from zhitu.read.lexicon import Lexicon
from zhitu.read.model import Article, Document

#: Articles LAC reads together (it batches sentences across them).
BATCH_ARTICLES = 64

@dataclass
class Pending:
    """A document to extract: its articles and the fingerprint its graph records."""

    document: Document
    articles: list[Article]
    fingerprint: str


@dataclass
class DocumentGraph:
    """What extracting one document gave: its graph's triples, or why there are none."""

    document: Document
    fingerprint: str
    triples: list[Triple] | NTriples = field(default_factory=list)
    """rdflib triples, or (from a worker process) :class:`~zhitu.graph.wire.NTriples`."""
    counts: DocumentCounts = field(default_factory=DocumentCounts)
    error: str | None = None
    people: list[Context] = field(default_factory=list)
    """Its people in context, for the namesake pass (:mod:`zhitu.graph.namesakes`)."""


def graph_documents(pending: Iterable[Pending], *, threads: int | None = None,
                    lexicon: Lexicon | None = None, min_confidence: float | None = None,
                    overlap: bool | None = None) -> Iterator[DocumentGraph]:
    """Each pending document's graph, in input order, streaming.

    ``threads``: LAC's onnxruntime threads, ``overlap``: the tokenizer's stage threads
    (:meth:`zhitu.extractors.tokenizer.LacTokenizer.pipe`; None: the pipeline config's).
    ``lexicon``: the user lexicon the pipeline applies (one pipeline per lexicon and process).
    ``min_confidence``: facts stated only below it are left out (:func:`zhitu.graph.confidence.drop_below`).
    An article that fails in the pipeline fails its document, with the reason.
    """
    from zhitu.extractors.pipeline import default_pipeline, extract_articles

    queue: deque[Pending] = deque()

    def articles() -> Iterator[tuple[Document, Article]]:
        for item in pending:
            queue.append(item)
            for article in item.articles:
                yield item.document, article

    stream = articles()
    first = next(stream, None)  # nothing to extract: no model to load
    if first is None:
        return
    nlp = default_pipeline(threads, lexicon or None, overlap=overlap)
    docs: list = []
    for doc in extract_articles(chain([first], stream), nlp=nlp, batch_size=BATCH_ARTICLES):
        docs.append(doc)
        item = queue[0]
        if len(docs) < len(item.articles):
            continue
        queue.popleft()
        yield graph_of(item, docs, min_confidence)
        docs = []


def graph_of(item: Pending, docs: list, min_confidence: float | None = None) -> DocumentGraph:
    """A document's graph from its processed Docs (one per article); ``min_confidence`` as for
    :func:`graph_documents`."""
    errors = [d.user_data["zhitu.error"] for d in docs if "zhitu.error" in d.user_data]
    if errors:
        return DocumentGraph(item.document, item.fingerprint, error=f"extraction failed: {errors[0]}")
    triples, counts = document_triples(item.document, docs)
    doc_iri = iris.document_iri(item.document.doc_id)
    triples.append((doc_iri, ZT.fingerprint, Literal(item.fingerprint)))
    if min_confidence:
        triples = drop_below(triples, min_confidence)
    return DocumentGraph(item.document, item.fingerprint, triples, counts,
                         people=contexts_from_triples(doc_iri, triples))
