"""The main job: input pages → extraction → one RDF graph → output files.

Streaming: documents are read lazily, extracted in batches of articles, and
written one document (one named graph) at a time, either into an in-memory
rdflib Dataset (:func:`build_dataset`) or into a persistent store
(:func:`build_store`, one transaction per document). Extraction runs in this
process or on a Dask cluster (``jobs``, ``scheduler``, :mod:`zhitu.cluster`); when all
documents are in, people of one name with conflicting posts are kept apart
(:mod:`zhitu.graph.namesakes`). Every input document ends up in the summary,
built or skipped with its reason.

Incremental builds: each document graph records a *fingerprint*
(``zt:fingerprint``): a digest of the document (normalised text and metadata,
which include ``--date``/``--publisher``) and of the pipeline (zhitu's version
and the code and data of the reading, extraction and RDF packages).
:func:`build_store` skips a document whose graph in the store has the same
fingerprint, without extracting it again, so a rerun after a crash, or a daily
run over a growing folder, only extracts what is new or changed; any change to
the pipeline's code or data rebuilds everything. ``rebuild=True`` extracts and
replaces every document regardless.

:func:`run_build` is the whole job as ``zhitu build`` runs it: check the
options, build into the store (or in memory), write the files and
summary.json.

Not for: command-line parsing and the report printed (``zhitu.cli.build``),
formats (``zhitu.output``) or the store itself (``zhitu.store``).
"""
from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset

from zhitu.document_graphs import DocumentGraph, Pending, graph_documents
from zhitu.read.lexicon import Lexicon
from zhitu.errors import OutputError, os_reason
from zhitu.graph import iris
from zhitu.graph.namesakes import separate_in_dataset
from zhitu.graph.namespaces import new_dataset
from zhitu.graph.rdf import DocumentCounts, replace_graph
from zhitu.graph.wire import rdflib_triples
from zhitu.read.articles import split_articles
from zhitu.read.model import Document, Skipped
from zhitu.read.reading import iter_documents
from zhitu.cluster import graph_documents_on_cluster, release_clients, resolve_jobs, scheduler_address
from zhitu.allocator import release_freed_memory, trim_freed_memory
from zhitu.collector import collecting_less
from zhitu.store import separate_in_store, stored_person_names
from zhitu.store.background import yield_compactions

if TYPE_CHECKING:
    from zhitu.progress import BuildProgress
    from zhitu.store import Store


#: A store build writes documents in batches of at most this many triples,
#: this many documents (the first batch one document, each next one twice the
#: last), or what came in this many seconds after the batch's first document
#: (:meth:`zhitu.store.Store.replace_documents`; the progress bar moves as each
#: document arrives, not per batch). Each bulk load adds a table to each of the
#: store's indexes, which RocksDB compacts into what it holds, again and again as
#: the store grows: on the whole corpus at ``-j 2``, batches of about 30,000 or
#: 50,000 triples cost the client 45-51 CPU-s of compaction, of 100,000 28-30;
#: the bulk loader's memory grows with its batch (``bench/README.md``) ...
BATCH_TRIPLES = 100_000
BATCH_DOCUMENTS = 1_000
BATCH_SECONDS = 30.0
#: ... through Oxigraph's bulk loader when the batch holds this many triples
#: (below, one transaction is cheaper: measured with N-Quads loads of 1 to 128
#: corpus documents, the bulk loader costs less CPU from about 8 documents, 2,300 triples) ...
BULK_TRIPLES = 3_000
#: ... and flushes the store's write buffers after every this many quads, so
#: its memory (and its log on disk) does not grow with the build.
FLUSH_QUADS = 500_000


@dataclass
class Summary:
    """What a build read, extracted and skipped, and what its graph holds:
    written as summary.json (:meth:`to_dict` gives its stable shape)."""

    documents_read: int = 0
    documents_extracted: int = 0
    documents_unchanged: int = 0
    """Documents whose graph in the store was current: not extracted again."""
    skipped: list[dict] = field(default_factory=list)
    articles: int = 0
    """Articles of the documents extracted (not of the unchanged ones)."""
    characters: int = 0
    """Characters of the documents extracted."""
    entities: Counter = field(default_factory=Counter)
    """Entities by type counted once in each document extracted that names
    them: an entity named in three documents counts three times (the distinct
    entities are in ``graph``)."""
    relations: Counter = field(default_factory=Counter)
    """Relations by type as found: once each time an article states one
    (the distinct facts are in ``graph``)."""
    triples: int = 0
    """Distinct triples of the graph written (the whole store, for a store build)."""
    seconds: float = 0.0
    outputs: dict[str, str] = field(default_factory=dict)
    namesakes: int = 0
    """Document graphs whose people were renamed apart from namesakes
    (:mod:`zhitu.graph.namesakes`)."""
    store: dict | None = None
    """For a store build: its ``path``, the documents ``unchanged``, and the
    store's ``documents`` afterwards."""
    graph: dict | None = None
    """What the graph written holds, distinct, as ``zhitu stats --json`` counts it
    (:class:`zhitu.store.StoreStats`); None until :func:`describe_graph`."""

    @property
    def documents_built(self) -> int:
        """Documents whose graph is now current: extracted plus unchanged."""
        return self.documents_extracted + self.documents_unchanged

    def to_dict(self) -> dict:
        """summary.json. ``documents``: read = built + skipped, built = extracted +
        unchanged. ``articles``, ``characters``, ``entities_per_document`` and
        ``relations_found`` count what this run extracted; ``graph`` and
        ``triples`` what the files hold."""
        return {
            "documents": {"read": self.documents_read, "extracted": self.documents_extracted,
                          "unchanged": self.documents_unchanged, "skipped": len(self.skipped),
                          "built": self.documents_built},
            "skipped": self.skipped,
            "articles": self.articles,
            "characters": self.characters,
            "entities_per_document": dict(sorted(self.entities.items())),
            "relations_found": dict(sorted(self.relations.items())),
            "graph": self.graph,
            "triples": self.triples,
            "namesakes": self.namesakes,
            "seconds": round(self.seconds, 3),
            "chars_per_second": round(self.characters / self.seconds) if self.seconds else None,
            "outputs": self.outputs,
            "store": self.store,
        }


def build_dataset(
    paths: Iterable[str],
    *,
    date: dt.date | None = None,
    publisher: str | None = None,
    dataset: Dataset | None = None,
    jobs: int | str = 1,
    on_skip: Callable[[Skipped], None] | None = None,
    on_document: Callable[[Document], None] | None = None,
    stdin=None,
    max_bytes: int | None = None,
    root: str | os.PathLike[str] | None = None,
    scheduler: str | None = None,
    lexicon: Lexicon | None = None,
    min_confidence: float | None = None,
    release_workers: bool = False,
) -> tuple[Dataset, Summary]:
    """Read, extract and assemble in memory: the Dataset and the run's summary.

    Building a document that ``dataset`` already holds replaces its graph.
    ``jobs``: Dask worker processes for extraction (1: this process; ``"auto"``:
    see :func:`zhitu.cluster.resolve_jobs`); ``scheduler``: a Dask scheduler's
    address to extract on instead (None: ``$ZHITU_SCHEDULER`` if set). ``max_bytes``: documents larger
    are skipped (None: the reading stage's default cap). ``root``: document ids
    are paths relative to it (None: the working folder). ``min_confidence``:
    facts stated only below it are left out (:func:`zhitu.graph.confidence.drop_below`).
    ``release_workers``: close this process's Dask clients (and so stop the local
    cluster's worker processes) as soon as extraction ends, rather than keep them
    for the next build in this process (:func:`zhitu.cluster.release_clients`).
    """
    fresh = dataset is None
    dataset = new_dataset() if fresh else dataset
    people: list = []

    def write(graph: DocumentGraph) -> list[DocumentGraph]:
        replace_graph(dataset, iris.document_iri(graph.document.doc_id), rdflib_triples(graph.triples))
        people.extend(graph.people)
        return [graph]

    summary = _build(paths, write, jobs=jobs, date=date, publisher=publisher, on_skip=on_skip,
                     on_document=on_document, stdin=stdin, max_bytes=max_bytes, root=root, scheduler=scheduler,
                     lexicon=lexicon, min_confidence=min_confidence, release_workers=release_workers)
    # A dataset given with graphs in it: read every document's people from it.
    summary.namesakes = separate_in_dataset(dataset, people if fresh else None)
    summary.triples = len(dataset)
    from zhitu.store import dataset_stats

    summary.graph = dataset_stats(dataset).to_dict()
    return dataset, summary


def build_store(
    paths: Iterable[str],
    store: Store,
    *,
    date: dt.date | None = None,
    publisher: str | None = None,
    rebuild: bool = False,
    jobs: int | str = 1,
    on_skip: Callable[[Skipped], None] | None = None,
    on_document: Callable[[Document], None] | None = None,
    on_unchanged: Callable[[Document], None] | None = None,
    on_extracted: Callable[[Document], None] | None = None,
    stdin=None,
    max_bytes: int | None = None,
    root: str | os.PathLike[str] | None = None,
    scheduler: str | None = None,
    lexicon: Lexicon | None = None,
    min_confidence: float | None = None,
    release_workers: bool = False,
) -> Summary:
    """Read, extract and write each document into ``store``, each replaced as a whole.

    Documents are written in batches (:data:`BATCH_TRIPLES`,
    :data:`BATCH_DOCUMENTS`, :data:`BATCH_SECONDS`, whichever comes first) by
    :meth:`Store.replace_documents`, the new ones of a big batch through
    Oxigraph's bulk loader (:data:`BULK_TRIPLES`); a build killed at any
    point leaves each document as it was or as built (the next open of the
    store takes out a bulk load cut short).
    The store's buffers are flushed every :data:`FLUSH_QUADS` quads.
    A document whose graph in the store has the same fingerprint is not
    extracted again (unless ``rebuild``); it counts as built and calls
    ``on_unchanged``. ``on_extracted`` is called as a document's graph arrives,
    ``on_document`` after it is committed. Entities merge with those already in the store by IRI.
    ``jobs``, ``scheduler``, ``max_bytes``, ``root`` and ``release_workers`` as for
    :func:`build_dataset` (the workers are released before the namesake pass).
    """
    trim_freed_memory()  # else resident memory grows with the corpus (zhitu.allocator)
    yield_compactions()  # the store's compactions take no CPU the extraction wants (zhitu.store.background)
    unchanged = 0
    names: set[str] = set()  # of the people in the documents this build wrote or found current

    def keep(document: Document, fingerprint: str) -> bool:
        nonlocal unchanged
        if rebuild or store.fingerprint(document.doc_id) != fingerprint:
            return False
        unchanged += 1
        # A run killed before its namesake pass left these documents unchecked: look again.
        names.update(stored_person_names(store, iris.document_iri(document.doc_id)))
        if on_unchanged:
            on_unchanged(document)
        return True

    batch: list[DocumentGraph] = []
    batch_triples = 0
    batch_started = 0.0
    batch_size = 1  # documents: doubled after each batch up to BATCH_DOCUMENTS, so the first show at once
    unflushed = 0  # quads written since the store's buffers were last flushed

    def commit() -> list[DocumentGraph]:
        """Replace the batch's documents in the store (one transaction for the new ones)."""
        nonlocal batch, batch_triples, batch_size, unflushed
        done, triples, batch, batch_triples = batch, batch_triples, [], 0
        batch_size = min(2 * batch_size, BATCH_DOCUMENTS)
        if not done:
            return done
        store.replace_documents(((iris.document_iri(g.document.doc_id), g.triples) for g in done),
                                bulk=triples >= BULK_TRIPLES)
        release_freed_memory()  # what the bulk loader's threads freed
        unflushed += 2 * sum(len(g.triples) for g in done)  # each triple: its graph's quad and the merged one
        if unflushed >= FLUSH_QUADS:
            store.flush()  # so memory does not grow with the build (the store's write buffers)
            unflushed = 0
        return done

    def write(graph: DocumentGraph) -> list[DocumentGraph]:
        nonlocal batch_triples, batch_started
        if not batch:
            batch_started = time.monotonic()
        batch.append(graph)
        batch_triples += len(graph.triples)
        names.update(c.name for c in graph.people)
        if (len(batch) >= batch_size or batch_triples >= BATCH_TRIPLES
                or time.monotonic() - batch_started >= BATCH_SECONDS):
            return commit()
        return []

    summary = _build(paths, write, finish=commit, keep=keep, jobs=jobs, date=date, publisher=publisher,
                     on_skip=on_skip, on_document=on_document, stdin=stdin, max_bytes=max_bytes, root=root,
                     on_extracted=on_extracted, scheduler=scheduler, lexicon=lexicon, min_confidence=min_confidence,
                     release_workers=release_workers)
    summary.namesakes = separate_in_store(store, names)
    store.flush()  # the write buffers out before the outputs read the store: their memory not under the page's
    summary.documents_unchanged = unchanged
    stats = store.stats()
    # The compactions put off to the end of extraction (yield_compactions) freed their buffers in
    # their threads' arenas: given back here, not kept under the outputs' peak.
    release_freed_memory()
    summary.graph = stats.to_dict()
    summary.triples = stats.triples
    summary.store = {"path": str(store.path), "unchanged": unchanged, "documents": stats.documents}
    return summary


def _build(
    paths: Iterable[str],
    write: Callable[[DocumentGraph], list[DocumentGraph] | None],
    *,
    finish: Callable[[], list[DocumentGraph]] | None = None,
    keep: Callable[[Document, str], bool] | None = None,
    jobs: int | str,
    date: dt.date | None,
    publisher: str | None,
    on_skip: Callable[[Skipped], None] | None,
    on_document: Callable[[Document], None] | None,
    stdin,
    max_bytes: int | None = None,
    root: str | os.PathLike[str] | None = None,
    on_extracted: Callable[[Document], None] | None = None,
    work: Callable | None = None,
    scheduler: str | None = None,
    lexicon: Lexicon | None = None,
    min_confidence: float | None = None,
    release_workers: bool = False,
) -> Summary:
    """The streaming loop both builds share; ``write`` takes one document's
    graph and returns the graphs now stored (it may hold some back to store
    them together; None: the one given is stored), ``finish`` stores what is held back, ``keep`` says a
    document needs no extraction (already stored); ``work`` replaces the
    workers' partition function (tests). ``on_extracted`` is called as each
    document's graph arrives; documents count, and ``on_document`` is called,
    once stored. When the loop fails (not the store: an
    interrupt), what was held back is stored before the error goes on.
    ``release_workers``: close the Dask clients once the last graph has arrived."""
    started = time.perf_counter()
    summary = Summary()
    paths = list(paths)

    def skip(item: Skipped) -> None:
        summary.skipped.append({"source": item.source, "line": item.line, "reason": item.reason})
        if on_skip:
            on_skip(item)

    def pending() -> Iterator[Pending]:
        for item in _read(paths, date=date, publisher=publisher, stdin=stdin, max_bytes=max_bytes, root=root):
            summary.documents_read += 1
            if isinstance(item, Skipped):
                skip(item)
                continue
            fingerprint = document_fingerprint(item, lexicon, min_confidence)
            if keep is not None and keep(item, fingerprint):
                continue
            articles = split_articles(item)
            if not articles:
                skip(Skipped(item.source, "no article text found"))
                continue
            yield Pending(item, articles, fingerprint)

    scheduler = scheduler_address(scheduler)
    workers = 0 if scheduler else resolve_jobs(jobs, paths)
    graphs = (graph_documents(pending(), lexicon=lexicon, min_confidence=min_confidence) if workers == 1
              else graph_documents_on_cluster(pending(), workers, scheduler=scheduler, work=work,
                                             lexicon=lexicon, min_confidence=min_confidence))

    def stored(done: list[DocumentGraph]) -> None:
        for graph in done:
            _count(summary, graph.document, graph.counts)
            if on_document:
                on_document(graph.document)

    writing = False
    try:
        for graph in graphs:
            if graph.error is not None:
                document = graph.document
                record = f"record {document.doc_id.rsplit('#', 1)[-1]}: " if document.format == "jsonl" else ""
                skip(Skipped(document.source, record + graph.error))
                continue
            if on_extracted:
                on_extracted(graph.document)
            writing = True
            done = write(graph)
            writing = False
            stored([graph] if done is None else done)
        if release_workers and workers != 1:
            release_clients()  # idle from here on: their memory is free for what follows
        if finish is not None:
            writing = True
            stored(finish())
            writing = False
    except BaseException:
        if finish is not None and not writing:  # keep what was extracted whole (a Ctrl-C)
            try:
                finish()
            except Exception:  # noqa: BLE001 - the error in flight is the one to report
                pass
        raise
    summary.seconds = time.perf_counter() - started
    return summary


def _read(paths: list[str], *, max_bytes: int | None, **options) -> Iterator[Document | Skipped]:
    """:func:`iter_documents`, with the size cap only when one is given (the
    reading stage keeps its own default)."""
    if max_bytes is None:
        return iter_documents(paths, **options)
    return iter_documents(paths, max_bytes=max_bytes, **options)


def _count(summary: Summary, document: Document, counts: DocumentCounts) -> None:
    summary.documents_extracted += 1
    summary.articles += counts.articles
    summary.characters += len(document.text)
    summary.entities.update(counts.entities)
    summary.relations.update(counts.relations)


def document_fingerprint(document: Document, lexicon: Lexicon | None = None,
                         min_confidence: float | None = None) -> str:
    """What a document's graph depends on, as ``sha256:<hex>``: the document
    (text and metadata), :func:`pipeline_fingerprint` and the entries of the
    user ``lexicon`` that name something its text writes (:meth:`Lexicon.touching`)."""
    fields = {
        "pipeline": pipeline_fingerprint(),
        "doc_id": document.doc_id,
        "text": document.text,
        "format": document.format,
        "date": document.date.isoformat() if document.date else None,
        "title": document.title,
        "publisher": document.publisher,
        "url": document.url,
    }
    if min_confidence:
        fields["min_confidence"] = min_confidence
    touched = lexicon.touching(document.text) if lexicon else ""
    if touched:
        fields["lexicon"] = touched
    data = json.dumps(fields, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return "sha256:" + hashlib.sha256(data).hexdigest()


@cache
def pipeline_fingerprint() -> str:
    """A digest of zhitu's version and every file of the packages that turn a
    document into its graph (reading, extraction, ontology data, RDF assembly,
    and ``document_graphs.py``).
    Computed once per process (a few hundred kB of files)."""
    import importlib

    from zhitu import __version__

    digest = hashlib.sha256(__version__.encode("utf-8"))
    for package in ("zhitu.read", "zhitu.extractors", "zhitu.ontology", "zhitu.graph"):
        root = Path(importlib.import_module(package).__file__).parent
        files = sorted(
            p for p in root.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".pyc", ".pyo")
        )
        for path in files:
            digest.update(f"\0{package}/{path.relative_to(root).as_posix()}\0".encode("utf-8"))
            digest.update(path.read_bytes())
    # The module that turns a document's Docs into its triples lives beside this one.
    module = Path(importlib.import_module("zhitu.document_graphs").__file__)
    digest.update(b"\0zhitu/document_graphs.py\0" + module.read_bytes())
    return digest.hexdigest()[:16]


def write_outputs(graph: Dataset | Store | None, summary: Summary, out_dir: str | Path,
                  formats: Iterable[str]) -> dict[str, Path]:
    """Write each requested format into ``out_dir`` as ``graph.<suffix>``, and summary.json.

    ``graph``: an rdflib Dataset, or a :class:`zhitu.store.Store`, which the
    formats that can stream from it (RDF but JSON-LD and RDF/XML, the HTML
    page) read directly; the others get one rdflib copy of it, made only
    then. Raises :class:`OutputError` naming the path and the system's reason
    (read-only, no space left) when a file cannot be written.
    """
    from zhitu.output.atomic import atomic_open
    from zhitu.output import get_writer, write, write_from_store

    out = Path(out_dir)
    _make_folder(out)
    written: dict[str, Path] = {}
    copied: list[Dataset] = []

    def dataset() -> Dataset:
        if not copied:
            copied.append(graph.to_dataset())
        return copied[0]

    # From a store, Oxigraph's own serialisers run in a thread beside the other
    # formats (they release Python's lock): graph.ttl costs no time beside graph.html.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="zhitu-dump") as pool:
        native = []
        for name in formats:
            writer = get_writer("", format=name)
            path = out / f"graph{writer.suffixes[0]}"
            if isinstance(graph, Dataset):
                write(graph, path, format=writer.name)
            elif writer.native:
                native.append(pool.submit(write_from_store, graph, path, format=writer.name))
            else:
                write_from_store(graph, path, format=writer.name, dataset=dataset)
            written[writer.name] = path
            summary.outputs[writer.name] = str(path)
        for future in native:
            future.result()  # an OutputError naming the file, as in this thread
    summary_path = out / "summary.json"
    summary.outputs["summary"] = str(summary_path)
    text = json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n"
    try:
        # A file name may hold bytes that are not UTF-8 (lone surrogates in Python):
        # written as JSON's \udcXX escapes, they read back as the same name.
        with atomic_open(summary_path, "w", encoding="utf-8", errors="backslashreplace") as handle:
            handle.write(text)
    except OSError as err:
        raise OutputError(summary_path, os_reason(err)) from err
    written["summary"] = summary_path
    return written


def check_output_folder(out_dir: str | Path) -> None:
    """Raise :class:`OutputError` when ``out_dir`` plainly cannot be made or
    written (a file in its path, a read-only parent), so a build fails before
    its work rather than after it. Writing may still fail later (a full disk)."""
    out = Path(out_dir)
    existing = next((p for p in (out, *out.parents) if p.exists()), None)
    if existing is None:
        return
    if not existing.is_dir():
        reason = "it is a file" if existing == out else f"{existing} is a file"
        raise OutputError(out, reason)
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(out, os.strerror(errno.EROFS if _read_only_fs(existing) else errno.EACCES))


def _read_only_fs(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def _make_folder(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError as err:
        raise OutputError(out, "it is a file") from err
    except OSError as err:
        raise OutputError(out, os_reason(err)) from err


# -- the whole job, as ``zhitu build`` runs it ------------------------------------------

#: The files :func:`run_build` writes when no format is asked for.
DEFAULT_FORMATS = ("turtle", "html")


class BuildResult:
    """What :func:`run_build` did."""

    def __init__(self, summary: Summary, dataset: Dataset | None, written: dict[str, Path], ok: bool, *,
                 load: Callable[[], Dataset] | None = None) -> None:
        self.summary = summary
        """The run's summary, as written to summary.json."""
        self.written = written
        """The files written, by format name; ``summary`` (summary.json) last."""
        self.ok = ok
        """False when PATHS were given and not one document could be built: then
        only summary.json was written."""
        self._dataset = dataset
        self._load = load

    @property
    def dataset(self) -> Dataset | None:
        """The graph the files were written from (None when nothing was built):
        for a store build, read from the store when first asked for (the
        files were streamed from it)."""
        if self._dataset is None and self._load is not None:
            self._dataset, self._load = self._load(), None
        return self._dataset


@collecting_less()  # it makes many objects, and keeps most (zhitu.collector)
def run_build(
    paths: Iterable[str],
    *,
    out_dir: str | os.PathLike[str] = "out",
    store_dir: str | os.PathLike[str] | None = None,
    in_memory: bool = False,
    rebuild: bool = False,
    formats: Iterable[str] | None = None,
    date: dt.date | None = None,
    publisher: str | None = None,
    jobs: int | str = "auto",
    max_bytes: int | None = None,
    root: str | os.PathLike[str] | None = None,
    progress: BuildProgress | None = None,
    scheduler: str | None = None,
    lexicon: Lexicon | None = None,
    min_confidence: float | None = None,
    release_workers: bool = False,
) -> BuildResult:
    """``zhitu build``: build ``paths`` into the store and write the files in
    ``out_dir`` (``formats``, default :data:`DEFAULT_FORMATS`, as
    ``graph.<suffix>``, and summary.json) from everything the store holds.
    ``formats=()``: no graph files, only summary.json (a daily run into a big
    store, whose files are written when wanted, by a build with no ``paths``).

    ``store_dir``: the store folder (None: :func:`zhitu.store.open_store`'s
    default). ``in_memory``: no store; the files hold just ``paths``. With no
    ``paths``, only the files are written. An unknown format
    (:class:`~zhitu.errors.UnknownChoiceError`) or an output folder that
    cannot be written (:class:`~zhitu.errors.OutputError`) fails before any
    work. ``progress`` gets the build's callbacks; it is entered when the work
    starts and closed when extraction ends, before the files are written.
    ``lexicon``: the user lexicon (:mod:`zhitu.read.lexicon`) extraction applies.
    ``min_confidence``: leave out facts stated only below it (part of each
    document's fingerprint). ``release_workers``: stop the Dask workers as soon as
    extraction ends (``zhitu build``, one build per process; by default they stay for
    the next build in this process). The other options are :func:`build_store`'s.
    """
    from zhitu.output import get_writer

    paths = list(paths)
    formats = DEFAULT_FORMATS if formats is None else tuple(formats)
    for name in formats:
        get_writer("", format=name)  # fail fast on an unknown format, listing the choices
    check_output_folder(out_dir)  # before the work, not after it
    options = dict(date=date, publisher=publisher, jobs=jobs, max_bytes=max_bytes, root=root, scheduler=scheduler,
                   lexicon=lexicon, min_confidence=min_confidence, release_workers=release_workers,
                   on_skip=progress.skipped if progress else None)
    if in_memory:
        with progress if progress is not None else nullcontext():
            dataset, summary = build_dataset(paths, on_document=progress.extracted if progress else None,
                                             **options)
        if paths and summary.documents_built == 0:
            return BuildResult(summary, dataset, write_outputs(dataset, summary, out_dir, []), ok=False)
        return BuildResult(summary, dataset, write_outputs(dataset, summary, out_dir, formats), ok=True)

    from zhitu.store import open_store

    with open_store(store_dir) as store:
        with progress if progress is not None else nullcontext():  # on_document: after the document's commit
            summary = build_store(paths, store, rebuild=rebuild, on_document=progress.stored if progress else None,
                                  on_extracted=progress.arrived if progress else None,
                                  on_unchanged=progress.unchanged if progress else None, **options)
        if paths and summary.documents_built == 0:
            return BuildResult(summary, None, write_outputs(None, summary, out_dir, []), ok=False)
        if formats and paths:
            # What the store cached for the extraction and the namesake pass is let go: the files
            # read other parts of it, and would otherwise be written on top of those caches.
            store.reopen()
        # The files stream from the store: no copy of it in memory (but for the formats that need one).
        written = write_outputs(store, summary, out_dir, formats)
    folder = store.path
    return BuildResult(summary, None, written, ok=True, load=lambda: _stored_dataset(folder))


def _stored_dataset(folder: Path) -> Dataset:
    from zhitu.store import open_store

    with open_store(folder, read_only=True) as store:
        return store.to_dataset()
