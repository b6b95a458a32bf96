"""Writers and readers of the graph's formats, in registries keyed by format
name, file suffix and media type (rdflib's plugin style). Each writer lives in
its own module, imported only when used; readers are rdflib's parsers.

A writer is ``write(dataset, path)``: it takes the RDF Dataset (the truth) and
derives what its format needs (the NetworkX view for the graph-tool formats).
Writers write atomically: a failed export leaves no half-written file, and a
folder format (``folder=True``: several files, e.g. CSV tables for a graph
database) is written into a temporary folder renamed into place when complete.

Writers of RDF and of the HTML page also write straight from a
:class:`zhitu.store.Store` (:func:`write_from_store`, streaming: no rdflib copy
of a big store); the other formats get its Dataset.

Readers (:func:`get_reader`, :func:`read`) parse RDF files into one Dataset
whose default graph is the union of all, every zhitu prefix bound.

Not for: building graphs (``zhitu.graph``), querying them (``zhitu.query``),
formatting query answers (``zhitu.output.answers``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Callable

from zhitu.errors import InputError, OutputError, UnknownChoiceError, one_line, os_reason

__all__ = ["Writer", "WRITERS", "register_writer", "get_writer", "write", "write_from_store",
           "Reader", "READERS", "register_reader", "get_reader", "read", "is_file"]


class _Format:
    """What writers and readers share: matching a name, alias, suffix or media type."""

    name: str
    suffixes: tuple[str, ...]
    media_type: str
    aliases: tuple[str, ...]

    def matches(self, name: str) -> bool:
        """Whether ``name`` (a format name, alias, suffix or media type) means this format."""
        key = name.strip().lower()
        return (key == self.name or key in self.aliases or key == self.media_type
                or "." + key.lstrip(".") in self.suffixes)


def _find(registry: dict, name_or_path: str | os.PathLike, format: str | None, suffix_kind: str):
    """The entry of ``registry`` named ``format``, or the one whose suffix
    ``name_or_path`` has; :class:`UnknownChoiceError` lists the valid choices."""
    if format is not None:
        for entry in registry.values():
            if entry.matches(format):
                return entry
        raise UnknownChoiceError("format", format, sorted(registry))
    suffix = Path(name_or_path).suffix.lower()
    for entry in registry.values():
        if suffix in entry.suffixes:
            return entry
    choices = sorted(s for e in registry.values() for s in e.suffixes)
    raise UnknownChoiceError(suffix_kind, suffix or str(name_or_path), choices)


@dataclass(frozen=True)
class Writer(_Format):
    """One registered format."""

    name: str
    suffixes: tuple[str, ...]
    media_type: str
    target: str
    """``module:function`` under ``zhitu.output``, imported lazily."""
    title: str = ""
    """What the format is, for help texts and the README's table."""
    folder: bool = False
    """Whether the format is a folder of files rather than one file."""
    aliases: tuple[str, ...] = ()
    """Other names ``--format`` accepts (rdflib's names, common spellings)."""
    store_target: str = ""
    """``module:function`` writing the format straight from a :class:`zhitu.store.Store`
    (streaming, no rdflib copy of the store), or empty when the format needs the Dataset."""
    native: bool = False
    """Whether ``store_target`` is Oxigraph's own serialiser, which runs outside Python's
    lock: a build writes such a file in a thread, beside the other formats."""

    def load(self) -> Callable:
        module, function = self.target.split(":")
        return getattr(import_module(f"zhitu.output.{module}"), function)

    def load_from_store(self) -> Callable | None:
        if not self.store_target:
            return None
        module, function = self.store_target.split(":")
        return getattr(import_module(f"zhitu.output.{module}"), function)


WRITERS: dict[str, Writer] = {}


def register_writer(name: str, suffixes: tuple[str, ...], media_type: str, target: str, *,
                    title: str = "", folder: bool = False, aliases: tuple[str, ...] = (),
                    store_target: str = "", native: bool = False) -> None:
    """Add a format; its ``target`` module (and ``store_target``'s, the writer
    from a store) is imported only when a file is written."""
    WRITERS[name] = Writer(name, suffixes, media_type, target, title, folder, aliases, store_target, native)


# RDF: the truth, every triple kept.
register_writer("turtle", (".ttl",), "text/turtle", "rdf:write_turtle",
                title="Turtle (named graphs merged)", aliases=("ttl",), store_target="rdf:dump_turtle", native=True)
register_writer("trig", (".trig",), "application/trig", "rdf:write_trig",
                title="TriG (one named graph per input document)", store_target="rdf:dump_trig", native=True)
register_writer("nquads", (".nq",), "application/n-quads", "rdf:write_nquads",
                title="N-Quads (one named graph per input document)", aliases=("n-quads",),
                store_target="rdf:dump_nquads", native=True)
register_writer("ntriples", (".nt",), "application/n-triples", "rdf:write_ntriples",
                title="N-Triples (named graphs merged)", aliases=("nt", "n-triples"),
                store_target="rdf:dump_ntriples", native=True)
register_writer("jsonld", (".jsonld",), "application/ld+json", "jsonld:write_jsonld",
                title="JSON-LD, compacted with ontology/context.jsonld (named graphs kept)",
                aliases=("json-ld",))
register_writer("rdfxml", (".rdf", ".owl"), "application/rdf+xml", "rdf:write_rdfxml",
                title="RDF/XML (named graphs merged)", aliases=("xml", "rdf/xml", "pretty-xml"))
# Graph tools: the NetworkX view (entities, articles, relations with evidence).
register_writer("graphml", (".graphml",), "application/graphml+xml", "graphml:write_graphml",
                title="GraphML (yEd, igraph, Gephi, NetworkX)")
register_writer("gexf", (".gexf",), "application/gexf+xml", "gexf:write_gexf",
                title="GEXF 1.2 (Gephi, Sigma.js/graphology)")
register_writer("cytoscape", (".cyjs",), "application/vnd.cytoscape+json", "cytoscape:write_cytoscape",
                title="Cytoscape.js JSON (Cytoscape desktop, cytoscape.js)", aliases=("cyjs",))
register_writer("node-link", (".json",), "application/json", "node_link:write_node_link",
                title="node-link JSON (d3-force, NetworkX)", aliases=("nodelink", "node_link", "d3"))
register_writer("neo4j", (".neo4j",), "text/csv; profile=neo4j-admin-import", "neo4j:write_neo4j",
                title="CSV for neo4j-admin database import (a folder)", folder=True)
register_writer("kuzu", (".kuzu",), "text/csv; profile=kuzu-copy", "kuzu:write_kuzu",
                title="CSV node and rel tables with a Cypher schema for Kùzu's COPY (a folder)", folder=True)
# People.
register_writer("html", (".html", ".htm"), "text/html", "html_view:write_html_view",
                title="offline HTML page (pyvis)", store_target="html_view:write_html_view_from_store")


def get_writer(name_or_path: str | os.PathLike, *, format: str | None = None) -> Writer:
    """The writer named ``format``, or the one whose suffix ``name_or_path`` has.

    ``format`` may be a name, an alias, a suffix or a media type. Raises
    :class:`UnknownChoiceError` listing the valid choices.
    """
    return _find(WRITERS, name_or_path, format, "file suffix")


def write(dataset, path: str | os.PathLike, *, format: str | None = None) -> Path:
    """Write ``dataset`` to ``path`` (a folder for folder formats) in the format
    named by ``format`` or implied by ``path``'s suffix."""
    writer = get_writer(path, format=format)
    try:
        writer.load()(dataset, Path(path))
    except OSError as err:  # a read-only folder, a full disk: one line naming the file
        raise OutputError(path, os_reason(err)) from err
    return Path(path)


def write_from_store(store, path: str | os.PathLike, *, format: str | None = None, dataset=None) -> Path:
    """Write what ``store`` (a :class:`zhitu.store.Store`) holds to ``path``, as
    :func:`write` writes its Dataset: streamed from the store for the formats
    that can be (Turtle, TriG, N-Quads, N-Triples, the HTML page), else from
    ``dataset`` (a callable giving the store's Dataset, called only then; None:
    :meth:`~zhitu.store.Store.to_dataset`)."""
    writer = get_writer(path, format=format)
    streamed = writer.load_from_store()
    if streamed is None:
        return write(dataset() if dataset is not None else store.to_dataset(), path, format=writer.name)
    try:
        streamed(store, Path(path))
    except OSError as err:
        raise OutputError(path, os_reason(err)) from err
    return Path(path)


# -- readers ---------------------------------------------------------------------


@dataclass(frozen=True)
class Reader(_Format):
    """One RDF syntax zhitu reads: ``parser`` is rdflib's parser plugin name."""

    name: str
    suffixes: tuple[str, ...]
    media_type: str
    parser: str
    title: str = ""
    aliases: tuple[str, ...] = ()

    def read(self, dataset, path: str | os.PathLike) -> None:
        """Parse ``path`` into ``dataset``; :class:`InputError` naming the file when it does not parse."""
        try:
            dataset.parse(path, format=self.parser)
        except Exception as err:  # rdflib's parsers raise many unrelated types
            raise InputError(str(path), f"not valid {self.parser}: {one_line(err)}") from err


READERS: dict[str, Reader] = {}


def register_reader(name: str, suffixes: tuple[str, ...], media_type: str, parser: str, *,
                    title: str = "", aliases: tuple[str, ...] = ()) -> None:
    """Add a syntax read by rdflib's parser ``parser``."""
    READERS[name] = Reader(name, suffixes, media_type, parser, title, aliases)


register_reader("turtle", (".ttl",), "text/turtle", "turtle", title="Turtle", aliases=("ttl",))
register_reader("trig", (".trig",), "application/trig", "trig", title="TriG")
register_reader("nquads", (".nq",), "application/n-quads", "nquads", title="N-Quads", aliases=("n-quads",))
register_reader("ntriples", (".nt",), "application/n-triples", "nt", title="N-Triples",
                aliases=("nt", "n-triples"))
register_reader("jsonld", (".jsonld",), "application/ld+json", "json-ld", title="JSON-LD", aliases=("json-ld",))
register_reader("rdfxml", (".rdf", ".xml"), "application/rdf+xml", "xml", title="RDF/XML",
                aliases=("xml", "rdf/xml"))


def get_reader(name_or_path: str | os.PathLike, *, format: str | None = None) -> Reader:
    """The reader named ``format``, or the one whose suffix ``name_or_path`` has.

    ``format`` may be a name, an alias, a suffix or a media type. Raises
    :class:`UnknownChoiceError` listing the valid choices.
    """
    return _find(READERS, name_or_path, format, "graph file suffix")


def read(paths, *, format: str | None = None):
    """Parse the RDF files ``paths`` into one rdflib Dataset whose default graph
    is the union of all (named graphs kept), with every zhitu prefix bound.

    Each file's syntax is ``format`` or guessed from its suffix. Raises
    :class:`UnknownChoiceError` for an unknown suffix or format and
    :class:`InputError` naming the file when it is missing or does not parse.
    """
    from zhitu.graph.namespaces import bind_prefixes, new_dataset

    dataset = new_dataset()
    for raw in paths:
        path = Path(raw)
        reader = get_reader(path, format=format)
        if not is_file(path):
            raise InputError(str(path), "no such file")
        reader.read(dataset, path)
    # Files may bind our prefixes to other IRIs; ours win so queries stay valid.
    return bind_prefixes(dataset)


def is_file(path: str | os.PathLike) -> bool:
    """Whether ``path`` names a regular file; False, not an error, for text that
    cannot be a path (too long for the system, a NUL byte): the CLI tries
    its last argument as a path before taking it as a query."""
    try:
        return Path(path).is_file()
    except (OSError, ValueError):
        return False
