"""The persistent graph store: Oxigraph on disk, one named graph per input document.

For: opening a store folder; replacing or removing one document's named graph
as a whole (:meth:`Store.replace_documents` does many at once, the new ones
in one transactional load of N-Quads or through Oxigraph's bulk loader); listing the documents and counting what the store holds;
running SPARQL over the merged graph of all documents (entities shared by
several documents have one IRI, so the merge joins them); exporting to an
rdflib Dataset for the writers of ``zhitu.output``; keeping namesakes apart
across the stored documents (:func:`separate_in_store`, the plan being
:mod:`zhitu.graph.namesakes`'s).

Layout: each input document is a named graph (named by the document's IRI);
the default graph is the RDF merge of all of them, kept up to date in the same
transaction as every change. Queries read the default graph, so a triple that
several documents state counts once, as in ``graph.ttl``. (Oxigraph 0.5's own
union-default-graph option yields such a triple once per graph, oxigraph#1919.)

Not for: extraction or RDF assembly (``zhitu.build``, ``zhitu.graph``),
formatting answers (``zhitu.output.answers``), HTTP. SPARQL Update is not offered:
documents change only through :meth:`Store.replace_document` and
:meth:`Store.remove_document`.

Bulk loads are not transactional in Oxigraph: a marker graph lists the
documents one is adding until it is done, and a read-write open of a store
with a marker left (a killed build) takes those documents out again, so each
document is as before or as new; a read-only open in between sees the cut
load as it is.

Concurrency: one read-write process at a time (Oxigraph locks the folder);
read-only instances may be opened beside it and see the store as it was when
they opened.
"""
from __future__ import annotations

import functools
import gc
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from zhitu.allocator import release_freed_memory
from zhitu.errors import QueryError, StoreError, one_line, os_reason
from zhitu.graph import iris
from zhitu.graph.namesakes import Context, plan, rename
from zhitu.graph.namespaces import LABEL_OF, ORG, SCHEMA, ZT, new_dataset
from zhitu.graph.results import RESULT_PREFIXES, QueryResult
from zhitu.graph.terms import from_oxigraph, scalar_values, to_oxigraph
from zhitu.graph.wire import NTriples, encode, stream
from zhitu.ontology.vocabulary import RELATIONS


#: The store folder when neither ``--store`` nor ``$ZHITU_STORE`` names one.
DEFAULT_STORE = "zhitu-data"
#: The environment variable that overrides :data:`DEFAULT_STORE`.
STORE_ENV = "ZHITU_STORE"

#: A document: its doc_id (``seed/page.txt``) or its graph's IRI.
DocumentRef = Union[str, URIRef, ox.NamedNode]
#: RDF for one document: an rdflib graph, rdflib (s, p, o) tuples, Oxigraph
#: triples or quads (their graph names are ignored: everything goes into the
#: document's graph), or :class:`~zhitu.graph.wire.NTriples`.
DocumentRDF = Union[Graph, NTriples, Iterable[Union[ox.Triple, ox.Quad, tuple]]]

_UPDATE = re.compile(
    r"\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
    r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)
_COMMENT = re.compile(r"^\s*#.*$", re.MULTILINE)
_GRAPH_FORM = re.compile(r"\b(CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


def default_store_path() -> Path:
    """``$ZHITU_STORE`` when set, else ``./zhitu-data``."""
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


def open_store(path: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> Store:
    """Open the store in folder ``path`` (default :func:`default_store_path`).

    Read-write opens create the folder when it is missing; read-only opens need
    an existing store. Raises :class:`StoreError` with a one-line message when
    the folder is not a store, is locked by another writer, or is missing.
    """
    folder = Path(path) if path is not None else default_store_path()
    if read_only and not folder.is_dir():
        raise StoreError(f"no store at {folder}; build one with: zhitu build PATHS --store {folder}")
    if folder.exists() and not folder.is_dir():
        raise StoreError(f"{folder} is not a folder, so it cannot hold a store")
    if not read_only:
        try:
            folder.mkdir(parents=True, exist_ok=True)  # Oxigraph makes the last folder only
        except OSError as err:
            raise StoreError(f"cannot open store {folder}: {' '.join(str(err).split())}") from err
    store = Store(_open_oxigraph(folder, read_only=read_only), folder, read_only=read_only)
    if not read_only:
        store._recover()  # a bulk load killed half way: its documents go, so each is as before
    return store


def _open_oxigraph(folder: Path, *, read_only: bool) -> ox.Store:
    try:
        return ox.Store.read_only(str(folder)) if read_only else ox.Store(str(folder))
    except OSError as err:
        message = " ".join(str(err).split())
        if "lock" in message.lower():
            raise StoreError(f"store {folder} is in use by another zhitu process (one writer at a time)") from err
        raise StoreError(f"cannot open store {folder}: {message}") from err


@dataclass(frozen=True)
class DocumentInfo:
    """One document in the store."""

    doc_id: str
    iri: str
    """The document's node and the name of its graph."""
    triples: int
    fingerprint: str | None
    """What built the graph (``zt:fingerprint``), or None for graphs from elsewhere."""


@dataclass
class StoreStats:
    """What a store holds, with named graphs merged (``zhitu stats``)."""

    documents: int = 0
    articles: int = 0
    entities: dict[str, int] = field(default_factory=dict)
    """Distinct entity nodes by type label (PER, ORG, LOC, PROG, EVENT)."""
    relations: dict[str, int] = field(default_factory=dict)
    """Distinct facts by relation name (holdsPosition counts memberships)."""
    mentions: int = 0
    """Article → entity ``schema:mentions`` links."""
    assertions: int = 0
    """Relations with provenance (``rdf:Statement``), one per evidence sentence."""
    triples: int = 0
    """Distinct triples of the merged graph (what graph.ttl holds)."""
    quads: int = 0
    """Triples counted once per named graph that holds them."""

    def to_dict(self) -> dict:
        return {
            "documents": self.documents,
            "articles": self.articles,
            "entities": dict(sorted(self.entities.items())),
            "relations": dict(sorted(self.relations.items())),
            "mentions": self.mentions,
            "assertions": self.assertions,
            "triples": self.triples,
            "quads": self.quads,
        }


class Store:
    """A zhitu graph store; make one with :func:`open_store`.

    Every named graph is one input document (its IRI is the document's node);
    queries read the merge of all of them, the default graph.
    """

    def __init__(self, inner: ox.Store, path: Path, *, read_only: bool) -> None:
        self._inner = inner
        self._path = path
        self._read_only = read_only
        self._failed = False
        """Whether a write failed (a full disk): close() then skips its flush."""

    # -- the basics ----------------------------------------------------------

    @property
    def path(self) -> Path:
        return self._path

    @property
    def read_only(self) -> bool:
        return self._read_only

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying ``pyoxigraph.Store``, for callers that need its native API
        (e.g. serialising query results). Do not write through it."""
        return self._inner

    def close(self) -> None:
        """Flush and release the folder (the lock, for a read-write store).

        Raises :class:`StoreError` once when the flush fails (a full disk); the
        store is closed either way, so closing again does nothing.
        """
        inner, self._inner = self._inner, None  # RocksDB closes when the object is freed
        if inner is None or self._read_only or self._failed:
            # After a failed write the flush would fail the same way: what
            # was committed is on disk already (Oxigraph's write-ahead log).
            return
        try:
            inner.flush()
        except OSError as err:
            raise StoreError(f"cannot write store {self._path}: {one_line(os_reason(err))}") from err

    def reopen(self) -> bool:
        """Close the store and open its folder again, as it was opened: what Oxigraph held
        for the reads and writes so far (RocksDB's block caches, the tables' index and filter
        blocks, the write buffers, flushed first) is let go, the freed memory given back. A
        build does this before writing its files, which read other parts of the store than
        its extraction and namesake pass did. Whether it was reopened: not while something
        else holds Oxigraph's store (a caller of :attr:`oxigraph`), which then stays open as
        it is. Raises :class:`StoreError` when the folder cannot be opened again (another
        writer took it in between); the store is closed then."""
        gc.collect()  # results no longer read but not yet freed hold the store too
        if sys.getrefcount(self._store) > 2:  # self._inner, and getrefcount's argument
            return False
        self.close()  # the last reference to Oxigraph's store: RocksDB closes here
        release_freed_memory()
        self._inner = _open_oxigraph(self._path, read_only=self._read_only)
        return True

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            self.close()
            return
        try:  # the error already in flight is the one to report
            self.close()
        except StoreError:
            pass

    def __len__(self) -> int:
        """Triples of the merged graph (what graph.ttl holds)."""
        return _count(self._store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")

    @property
    def _store(self) -> ox.Store:
        if self._inner is None:
            raise StoreError(f"store {self._path} is closed")
        return self._inner

    # -- documents ----------------------------------------------------------------

    def replace_document(self, doc: DocumentRef, rdf: DocumentRDF) -> int:
        """Make ``rdf`` the whole content of ``doc``'s named graph, in one transaction.

        What the graph held before is dropped, and the merged default graph
        updated, in the same transaction: a reader (or a crash) sees the old
        document or the new one, never a mix. Returns the triples written.
        """
        return self.replace_documents([(doc, rdf)])

    def replace_documents(self, documents: Iterable[tuple[DocumentRef, DocumentRDF]], *, bulk: bool = False) -> int:
        """:meth:`replace_document` for several documents at once: each document
        is replaced as a whole (a reader, or a crash, sees it as it was or as
        given, never a mix), in few transactions. Those the store holds go in
        one SPARQL update (their old graphs dropped and unmerged first); the new
        ones in one transactional load of their quads (named and merged graph), or
        with ``bulk`` through Oxigraph's bulk loader (:meth:`_bulk_add`: faster
        for big batches, made safe by a marker of what it is loading). A
        document given twice gets its last RDF. Returns the triples written.

        Everything is written as N-Triples / N-Quads text parsed by Oxigraph
        (:class:`~zhitu.graph.wire.NTriples`, as worker processes send it; other RDF
        is encoded first), so no Python object is made per quad.
        See ``bench/store_bulk.py`` for the speeds.
        """
        self._check_writable()
        latest: dict[ox.NamedNode, NTriples] = {}
        for doc, rdf in documents:
            graph = _document_node(doc)
            latest.pop(graph, None)  # the last RDF given wins, in its place
            latest[graph] = rdf if isinstance(rdf, NTriples) else encode(_triples_of(rdf))
        store = self._store
        new: dict[ox.NamedNode, NTriples] = {}
        known: list[str] = []
        for graph, triples in latest.items():
            if store.contains_named_graph(graph):
                known.append(_replacement(graph, triples))
            elif triples:  # nothing to drop or unmerge: adding the quads is the whole change
                new[graph] = triples
        if new and bulk:
            self._bulk_add(new)
        elif new:
            data = b"".join([*(triples.quads(graph) for graph, triples in new.items()),
                             *(triples.data for triples in new.values())])  # triples: the merged graph
            self._write(functools.partial(store.load, format=ox.RdfFormat.N_QUADS, lenient=True), data,
                        graph=next(iter(new)))
        if known:
            self._update(" ;\n".join(known), next(iter(latest)))
        return sum(len(triples) for triples in latest.values())

    def _bulk_add(self, new: dict[ox.NamedNode, NTriples]) -> None:
        """Add the graphs of documents the store does not hold with Oxigraph's
        bulk loader, which is not transactional: a kill may leave part of
        what it was given. So the documents are first listed in a marker graph
        (one transaction), their named graphs loaded, then the merged graph,
        then the marker dropped. A store opened for writing with a marker left
        takes those documents out again (:meth:`_recover`): every merged triple
        the killed load added is in a complete named graph by then, so
        unmerging and dropping them restores the store as it was."""
        store = self._store
        first = next(iter(new))
        load = functools.partial(store.bulk_load, format=ox.RdfFormat.N_QUADS, lenient=True)
        self._write(store.extend, [ox.Quad(_LOADING, _LOADING, graph, _LOADING) for graph in new], graph=first)
        # Each document's quads made as the loader reads them (graph.wire.stream), not joined first.
        self._write(load, stream(triples.quads(graph) for graph, triples in new.items()), graph=first)
        self._write(load, stream(triples.data for triples in new.values()), graph=first)
        self._update(f"DROP GRAPH {_LOADING}", first)

    def _recover(self) -> int:
        """Take out the documents of a bulk load that did not finish (see
        :meth:`_bulk_add`), in one transaction; the number taken out."""
        store = self._store
        if not store.contains_named_graph(_LOADING):
            return 0
        graphs = [quad.object for quad in store.quads_for_pattern(_LOADING, _LOADING, None, _LOADING)]
        steps = [f"{_unmerge(graph)}\nDROP SILENT GRAPH {graph}" for graph in graphs]
        self._update(" ;\n".join([*steps, f"DROP SILENT GRAPH {_LOADING}"]), _LOADING)
        return len(graphs)

    def flush(self) -> None:
        """Write the store's buffers to disk (its memtables and log): a long build
        calls it now and then, so memory does not grow with what it wrote."""
        self._check_writable()
        try:
            self._store.flush()
        except OSError as err:
            self._failed = True
            raise StoreError(f"cannot write store {self._path}: {one_line(os_reason(err))}") from err

    def remove_document(self, doc: DocumentRef) -> bool:
        """Drop ``doc``'s named graph (and what only it said from the merged
        graph) in one transaction; False when the store does not hold it."""
        self._check_writable()
        graph = _document_node(doc)
        if not self._store.contains_named_graph(graph):
            return False
        self._update(f"{_unmerge(graph)}\nDROP GRAPH {graph}", graph)
        return True

    def has_document(self, doc: DocumentRef) -> bool:
        return self._store.contains_named_graph(_document_node(doc))

    def fingerprint(self, doc: DocumentRef) -> str | None:
        """The ``zt:fingerprint`` recorded in ``doc``'s graph, or None."""
        graph = _document_node(doc)
        for quad in self._store.quads_for_pattern(graph, ox.NamedNode(str(ZT.fingerprint)), None, graph):
            return quad.object.value
        return None

    def count_documents(self) -> int:
        return _count(self._store, "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a zt:Document }")

    def documents(self) -> list[DocumentInfo]:
        """Every document graph, sorted by doc_id."""
        sizes = {
            row["g"].value: int(row["n"].value)
            for row in self._store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        }
        found = []
        for row in self._store.query(
            "SELECT ?g ?id ?fp WHERE { GRAPH ?g { ?g a zt:Document ; zt:source ?id "
            "OPTIONAL { ?g zt:fingerprint ?fp } } }",
            prefixes=_PREFIXES,
        ):
            fp = row["fp"]
            found.append(DocumentInfo(row["id"].value, row["g"].value, sizes.get(row["g"].value, 0),
                                      fp.value if fp is not None else None))
        return sorted(found, key=lambda d: d.doc_id)

    # -- reading ------------------------------------------------------------------

    def stats(self) -> StoreStats:
        """Counts over the merged graph (see :class:`StoreStats`)."""
        store = self._store
        stats = StoreStats()
        stats.documents = self.count_documents()
        stats.articles = _count(store, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a schema:NewsArticle }")
        for row in store.query("SELECT ?t (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a ?t } GROUP BY ?t"):
            label = LABEL_OF.get(row["t"].value)
            if label:
                stats.entities[label] = int(row["n"].value)
        for name, predicate in _COUNTED_RELATIONS:
            if name == "holdsPosition":
                query = "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a org:Membership }"
            else:
                query = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s <{predicate}> ?o }}"
            count = _count(store, query)
            if count:
                stats.relations[name] = count
        stats.mentions = _count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ ?a <{SCHEMA.mentions}> ?e }}")
        stats.assertions = _count(store, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a rdf:Statement }")
        stats.triples = len(self)
        stats.quads = len(store) - stats.triples  # the merged default graph is not counted
        return stats

    def execute(self, sparql: str, *, bindings: Mapping[str, object] | None = None):
        """Run a SPARQL query with Oxigraph and return its native answer
        (``QuerySolutions``, ``QueryBoolean`` or ``QueryTriples``).

        The default graph is the merge of all documents (``GRAPH ?g`` reaches
        each document's own graph); the prefixes of
        ``zhitu.graph.namespaces.PREFIXES`` need not be declared. ``bindings`` give
        variables a value before the query runs (each must be in the SELECT
        list): rdflib terms or Python strings (plain literals).
        Raises :class:`~zhitu.errors.QueryError` with a one-line message.
        """
        substitutions = {ox.Variable(name): to_oxigraph(_as_term(value)) for name, value in (bindings or {}).items()}
        try:
            return self._store.query(sparql, prefixes=_PREFIXES, substitutions=substitutions or None)
        except SyntaxError as err:
            if _UPDATE.match(_COMMENT.sub("", sparql)):
                raise QueryError("SPARQL Update is not supported: the store changes only through "
                                 "zhitu build and zhitu remove") from err
            raise QueryError(f"SPARQL syntax error: {one_line(err)}") from err
        except (OSError, RuntimeError, ValueError, TypeError) as err:
            raise QueryError(f"SPARQL query failed: {one_line(err)}") from err

    def query(self, sparql: str, *, bindings: Mapping[str, object] | None = None) -> QueryResult:
        """Like :meth:`execute`, with the answer materialised as a
        :class:`zhitu.graph.results.QueryResult` of rdflib terms (for
        :func:`zhitu.output.answers.format_result`)."""
        result = self.execute(sparql, bindings=bindings)
        namespaces = dict(_PREFIXES)
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ASK", boolean=bool(result), namespaces=namespaces)
        if isinstance(result, ox.QuerySolutions):
            variables = tuple(v.value for v in result.variables)
            rows = tuple(
                tuple(None if term is None else from_oxigraph(term) for term in solution) for solution in result
            )
            return QueryResult("SELECT", variables=variables, rows=rows, namespaces=namespaces)
        graph = Graph()
        for triple in result:
            graph.add((from_oxigraph(triple.subject), from_oxigraph(triple.predicate), from_oxigraph(triple.object)))
        form = _GRAPH_FORM.search(sparql)
        kind = form.group(1).upper() if form else "CONSTRUCT"
        return QueryResult(kind, graph=graph, namespaces=namespaces)

    def to_dataset(self, *, dataset: Dataset | None = None) -> Dataset:
        """Copy the store into an rdflib Dataset (one named graph per document),
        with zhitu's prefixes bound: what the writers of ``zhitu.output`` take."""
        dataset = dataset if dataset is not None else new_dataset()
        graphs: dict[str, Graph] = {}
        convert = functools.cache(from_oxigraph)  # each distinct term converted once

        batch = []
        for quad in self._store.quads_for_pattern(None, None, None, None):
            name = quad.graph_name
            if isinstance(name, ox.DefaultGraph):
                continue  # the merge of the named graphs: the Dataset's union gives it
            graph = graphs.get(name.value)
            if graph is None:
                graph = graphs[name.value] = dataset.graph(convert(name))
            batch.append((convert(quad.subject), convert(quad.predicate), convert(quad.object), graph))
            if len(batch) >= 10_000:
                dataset.addN(batch)
                batch = []
        dataset.addN(batch)
        return dataset

    def _write(self, write: Callable, data: Iterable[ox.Quad] | bytes, *, graph: ox.NamedNode) -> None:
        try:
            write(data)
        except (OSError, RuntimeError, SyntaxError) as err:
            self._failed = isinstance(err, OSError)
            reason = os_reason(err) if isinstance(err, OSError) else str(err)
            raise StoreError(f"cannot change {graph.value} in store {self._path}: {one_line(reason)}") from err

    def _update(self, update: str, graph: ox.NamedNode) -> None:
        try:
            self._store.update(update)
        except (OSError, RuntimeError) as err:
            self._failed = isinstance(err, OSError)
            reason = os_reason(err) if isinstance(err, OSError) else str(err)
            raise StoreError(f"cannot change {graph.value} in store {self._path}: {one_line(reason)}") from err

    def _check_writable(self) -> None:
        if self._read_only:
            raise StoreError(f"store {self._path} is open read-only")


def dataset_stats(dataset: Dataset) -> StoreStats:
    """:meth:`Store.stats` for an rdflib Dataset (a ``--no-store`` build): the
    same figures, named graphs merged."""
    from rdflib.namespace import RDF

    def typed(cls) -> set:
        return set(dataset.subjects(RDF.type, cls))

    stats = StoreStats(documents=len(typed(ZT.Document)), articles=len(typed(SCHEMA.NewsArticle)))
    entities: dict[str, set] = {}
    for node, cls in dataset.subject_objects(RDF.type):
        label = LABEL_OF.get(str(cls))
        if label:
            entities.setdefault(label, set()).add(node)
    stats.entities = {label: len(nodes) for label, nodes in entities.items()}
    for name, predicate in _COUNTED_RELATIONS:
        if name == "holdsPosition":
            count = len(typed(ORG.Membership))
        else:
            count = len(set(dataset.subject_objects(URIRef(predicate))))
        if count:
            stats.relations[name] = count
    stats.mentions = len(set(dataset.subject_objects(SCHEMA.mentions)))
    stats.assertions = len(typed(RDF.Statement))
    stats.triples = len(dataset)
    stats.quads = sum(1 for _ in dataset.quads((None, None, None, None)))
    return stats


# -- namesakes: zhitu.graph.namesakes's plan, over the stored documents ------------

_CONTEXTS = """
SELECT ?g ?person ?name ?article ?org WHERE {
  VALUES ?name { %s }
  GRAPH ?g {
    ?person a zt:Person ; skos:prefLabel ?name .
    { ?statement rdf:predicate org:memberOf ; rdf:subject ?person ; rdf:object ?org ;
                 prov:wasDerivedFrom/zt:article ?article }
    UNION { ?article schema:mentions ?person }
  }
}"""
#: The names whose people have posts in two organisations or more, across the store:
#: only those can have namesakes (:func:`zhitu.graph.namesakes.plan` groups by organisation).
_SPLITTABLE = """
SELECT ?name WHERE {
  GRAPH ?g { ?statement rdf:predicate org:memberOf ; rdf:subject ?person ; rdf:object ?org .
             ?person a zt:Person ; skos:prefLabel ?name }
} GROUP BY ?name HAVING (COUNT(DISTINCT ?org) > 1)"""


#: Names whose contexts one query reads: the pass holds one such slice of
#: contexts at a time, so its memory does not grow with the store.
NAMES_PER_QUERY = 200
#: The pass flushes the store's write buffers after writing or taking out this
#: many triples (an update buffers several times its triples).
NAMESAKE_FLUSH_TRIPLES = 25_000
#: With more names than this, the pass first asks the whole store which of them can
#: change (:func:`_changeable_names`: one query over every post and one scan of the
#: people's names) and plans only those: on the whole test corpus, 316 of 10,193.
#: With fewer (a small build into a big store), planning them all is cheaper.
FILTER_NAMES_OVER = 200


def separate_in_store(store: Store, names: Iterable[str]) -> int:
    """Rename namesakes of ``names`` across the store's documents (one
    transaction per document changed); the number of documents changed.

    The plan is made per name, so it is made here a slice of names at a time
    (:data:`NAMES_PER_QUERY`) and only what changes is kept; of each changed
    document, only the triples of the people renamed and their memberships
    are read (:func:`_neighbourhood`), renamed and changed by their difference
    alone (:func:`_revise`), the store's buffers flushed now and then
    (:data:`NAMESAKE_FLUSH_TRIPLES`)."""
    wanted = sorted(set(names))
    if len(wanted) > FILTER_NAMES_OVER:
        wanted = sorted(set(wanted) & _changeable_names(store))
    renames: dict[URIRef, dict[URIRef, URIRef]] = {}
    groups_of: dict[str, list[URIRef]] = {}
    for start in range(0, len(wanted), NAMES_PER_QUERY):
        found, groups = plan(_contexts(store, wanted[start : start + NAMES_PER_QUERY]))
        for document, mapping in found.items():  # a person's IRI holds its name: slices never collide
            renames.setdefault(document, {}).update(mapping)
        groups_of.update(groups)
    unflushed = 0
    for document in sorted(renames):
        node = ox.NamedNode(str(document))
        held = _neighbourhood(store, node, renames[document])
        unflushed += _revise(store, node, held, _renamed(held, renames[document], groups_of))
        if unflushed >= NAMESAKE_FLUSH_TRIPLES:
            store.flush()  # else the store's write buffers grow with every document replaced
            unflushed = 0
    return len(renames)


def _changeable_names(store: Store) -> set[str]:
    """The names the namesake pass can change anything of: those whose people have
    posts in two organisations or more (:data:`_SPLITTABLE`), and those already
    told apart or otherwise not on their name's own node (the plan moves them back
    when their conflict is gone). Any other name's plan renames nothing."""
    found = {str(row[0]) for row in store.query(_SPLITTABLE).rows}
    inner, merged = store.oxigraph, ox.DefaultGraph()
    people = {q.subject for q in inner.quads_for_pattern(
        None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(ZT.Person)), merged)}
    for quad in inner.quads_for_pattern(None, ox.NamedNode(str(SKOS.prefLabel)), None, merged):
        if quad.subject in people and quad.subject.value != str(iris.entity_iri("PER", quad.object.value)):
            found.add(quad.object.value)
    return found


def _neighbourhood(store: Store, graph: ox.NamedNode, renames: Mapping[URIRef, URIRef]) -> list[tuple]:
    """What renaming ``renames`` in ``graph`` reads and changes: the triples of the people
    renamed (as subject or object) and of their memberships (whose IRIs are minted from
    their member), and the labels of those memberships' roles, in the store's order."""
    inner = store.oxigraph
    member, role, label = (ox.NamedNode(str(p)) for p in (ORG.member, ORG.role, SKOS.prefLabel))
    found: dict[tuple, None] = {}  # an ordered set

    def take(quads) -> None:
        for q in quads:
            found[(q.subject, q.predicate, q.object)] = None

    for person in renames:
        node = ox.NamedNode(str(person))
        take(inner.quads_for_pattern(node, None, None, graph))
        naming = list(inner.quads_for_pattern(None, None, node, graph))
        take(naming)
        for membership in (q.subject for q in naming if q.predicate == member):
            take(inner.quads_for_pattern(membership, None, None, graph))
            take(inner.quads_for_pattern(None, None, membership, graph))
            for held in inner.quads_for_pattern(membership, role, None, graph):
                take(inner.quads_for_pattern(held.object, label, None, graph))
    return list(found)


def _renamed(held: list[tuple], renames: Mapping[URIRef, URIRef], groups_of: dict[str, list[URIRef]]) -> list[tuple]:
    """``held`` renamed by :func:`zhitu.graph.namesakes.rename`, as Oxigraph triples."""
    graph = Graph(store="SimpleMemory")  # no context bookkeeping: one graph, filled once
    convert = functools.cache(from_oxigraph)
    graph.addN((convert(s), convert(p), convert(o), graph) for s, p, o in held)
    return _triples_of(rename(graph, dict(renames), groups_of))


def _revise(store: Store, graph: ox.NamedNode, held: list[tuple], triples: list[tuple]) -> int:
    """Make ``triples`` stand in ``graph`` for ``held`` (a part of it: :func:`_neighbourhood`)
    in one update that writes only the difference: the triples it no longer states leave it
    (and the merged graph, unless another document states them), the new ones come in
    (unless the graph already holds them). A renaming changes a few triples of a document;
    rewriting all of it would fill the store's write buffers with the rest. The triples
    written or taken out."""
    store._check_writable()
    inner = store.oxigraph
    before, after = set(held), set(triples)
    gone = before - after
    added = {t for t in after - before if next(inner.quads_for_pattern(*t, graph), None) is None}
    if any(isinstance(term, ox.BlankNode) for triple in gone | added for term in triple):
        # DATA updates cannot name blank nodes: the whole document, renamed, replaces it.
        whole = [(q.subject, q.predicate, q.object) for q in inner.quads_for_pattern(None, None, None, graph)]
        rest = [t for t in whole if t not in before]
        store._update(_replacement(graph, list(dict.fromkeys(rest + triples))), graph)
        return len(whole) + len(triples)
    unmerged = [t for t in gone if not any(
        not isinstance(q.graph_name, ox.DefaultGraph) and q.graph_name != graph
        for q in inner.quads_for_pattern(*t, None))]
    steps = []
    if gone:
        steps.append(f"DELETE DATA {{ GRAPH {graph} {{ {_ntriples(gone)} }} {_ntriples(unmerged)} }}")
    if added:
        steps.append(f"INSERT DATA {{ GRAPH {graph} {{ {_ntriples(added)} }} {_ntriples(added)} }}")
    if steps:
        store._update(" ;\n".join(steps), graph)
    return len(gone) + len(added)


def _ntriples(triples: Iterable[tuple]) -> str:
    """Triples as N-Triples (terms escaped by Oxigraph), one update's data block."""
    return "\n".join(f"{s} {p} {o} ." for s, p, o in triples)


def _contexts(store: Store, names: list[str]) -> Iterator[Context]:
    """Every stored person of ``names`` in context (:class:`Context`), streamed from one query."""
    # The store holds names as Oxigraph took them: lone surrogates made U+FFFD.
    values = " ".join(Literal(scalar_values(n), lang="zh").n3() for n in names)
    convert = functools.cache(from_oxigraph)  # the slice's terms, each converted once
    for row in store.execute(_CONTEXTS % values):
        document, person, name, article, organization = (row[v] for v in ("g", "person", "name", "article", "org"))
        yield Context(convert(document), convert(person), name.value, convert(article),
                      None if organization is None else convert(organization))


def stored_person_names(store: Store, document: URIRef) -> set[str]:
    """The names of the persons in one document graph of a store."""
    rows = store.query(f"SELECT DISTINCT ?name WHERE {{ GRAPH <{document}> {{ ?p a zt:Person ; skos:prefLabel ?name }} }}").rows
    return {str(row[0]) for row in rows}


# -- helpers -------------------------------------------------------------------------


_PREFIXES: dict[str, str] = dict(RESULT_PREFIXES)
#: The graph listing the documents a bulk load is adding (and its predicate):
#: there only while one runs, or after one was killed (:meth:`Store._recover`).
_LOADING = ox.NamedNode("urn:x-zhitu:store:loading")
#: The relations :class:`StoreStats` counts, with their predicates (mentions has its own figure).
_COUNTED_RELATIONS: tuple[tuple[str, str], ...] = tuple(
    (r.name, r.predicate) for r in RELATIONS if r.name != "mentions"
)


def _document_node(doc: DocumentRef) -> ox.NamedNode:
    if isinstance(doc, ox.NamedNode):
        return doc
    if isinstance(doc, URIRef):
        return ox.NamedNode(str(doc))
    return ox.NamedNode(str(iris.document_iri(doc)))


def _triples_of(rdf: DocumentRDF) -> list[tuple]:
    """Oxigraph's (subject, predicate, object) for each triple of ``rdf``."""
    if isinstance(rdf, Graph):
        rdf = iter(rdf)
    found = []
    convert = functools.cache(to_oxigraph)  # each distinct term converted once
    for t in rdf:
        if isinstance(t, (ox.Triple, ox.Quad)):
            found.append((t.subject, t.predicate, t.object))
        else:  # rdflib terms
            s, p, o = t
            found.append((convert(s), convert(p), convert(o)))
    return found


def _as_term(value):
    if isinstance(value, (URIRef, BNode, Literal)):
        return value
    if isinstance(value, str):
        return Literal(value)
    raise TypeError(f"cannot bind {value!r}: give an rdflib term or a str")


def _replacement(graph: ox.NamedNode, triples: list[tuple] | NTriples) -> str:
    """The update that makes ``triples`` the whole of ``graph``, merged graph included."""
    lines = [_unmerge(graph), f"DROP SILENT GRAPH {graph} ;", f"INSERT DATA {{ GRAPH {graph} {{"]
    # Terms print as N-Triples (escaped by Oxigraph), so no text is spliced raw.
    if isinstance(triples, NTriples):
        lines.append(triples.data.decode("utf-8"))
    else:
        lines.extend(f"{s} {p} {o} ." for s, p, o in triples)
    lines.append("} } ;")
    lines.append(f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
    return "\n".join(lines)


def _unmerge(graph: ox.NamedNode) -> str:
    """The update that takes out of the merged default graph what only ``graph`` says."""
    return (f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
            f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {graph}) }} }} ;")


def _count(store: ox.Store, query: str) -> int:
    for row in store.query(query, prefixes=_PREFIXES):
        return int(row[0].value)
    return 0
