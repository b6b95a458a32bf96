"""Writers of the graph's formats, in a registry keyed by format name, file
suffix and media type (rdflib's plugin style). Each writer lives in its own
module, imported only when used.

A writer is ``write(dataset, path)``: it takes the RDF Dataset (the truth) and
derives what its format needs (the NetworkX view for the graph-tool formats).
Writers write atomically: a failed export leaves no half-written file, and a
folder format (``folder=True``: several files, e.g. CSV tables for a graph
database) is written into a temporary folder renamed into place when complete.

Not for: reading graphs (``zhitu.query.load_graph``) or building them.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Callable

from zhitu.errors import OutputError, UnknownChoiceError, os_reason

__all__ = ["Writer", "WRITERS", "register_writer", "get_writer", "write"]


@dataclass(frozen=True)
class Writer:
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

    def load(self) -> Callable:
        module, function = self.target.split(":")
        return getattr(import_module(f"zhitu.output.{module}"), function)

    def matches(self, name: str) -> bool:
        """Whether ``name`` (a format name, alias, suffix or media type) means this writer."""
        key = name.strip().lower()
        return (key == self.name or key in self.aliases or key == self.media_type
                or "." + key.lstrip(".") in self.suffixes)


WRITERS: dict[str, Writer] = {}


def register_writer(name: str, suffixes: tuple[str, ...], media_type: str, target: str, *,
                    title: str = "", folder: bool = False, aliases: tuple[str, ...] = ()) -> None:
    """Add a format; its ``target`` module is imported only when a file is written."""
    WRITERS[name] = Writer(name, suffixes, media_type, target, title, folder, aliases)


# RDF: the truth, every triple kept.
register_writer("turtle", (".ttl",), "text/turtle", "rdf:write_turtle",
                title="Turtle (named graphs merged)", aliases=("ttl",))
register_writer("trig", (".trig",), "application/trig", "rdf:write_trig",
                title="TriG (one named graph per input document)")
register_writer("nquads", (".nq",), "application/n-quads", "rdf:write_nquads",
                title="N-Quads (one named graph per input document)", aliases=("n-quads",))
register_writer("ntriples", (".nt",), "application/n-triples", "rdf:write_ntriples",
                title="N-Triples (named graphs merged)", aliases=("nt", "n-triples"))
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
                title="offline HTML page (pyvis)")


def get_writer(name_or_path: str | os.PathLike, *, format: str | None = None) -> Writer:
    """The writer named ``format``, or the one whose suffix ``name_or_path`` has.

    ``format`` may be a name, an alias, a suffix or a media type. Raises
    :class:`UnknownChoiceError` listing the valid choices.
    """
    if format is not None:
        for writer in WRITERS.values():
            if writer.matches(format):
                return writer
        raise UnknownChoiceError("format", format, sorted(WRITERS))
    suffix = Path(name_or_path).suffix.lower()
    for writer in WRITERS.values():
        if suffix in writer.suffixes:
            return writer
    choices = sorted(s for w in WRITERS.values() for s in w.suffixes)
    raise UnknownChoiceError("file suffix", suffix or str(name_or_path), choices)


def write(dataset, path: str | os.PathLike, *, format: str | None = None) -> Path:
    """Write ``dataset`` to ``path`` (a folder for folder formats) in the format
    named by ``format`` or implied by ``path``'s suffix."""
    writer = get_writer(path, format=format)
    try:
        writer.load()(dataset, Path(path))
    except OSError as err:  # a read-only folder, a full disk: one line naming the file
        raise OutputError(path, os_reason(err)) from err
    return Path(path)
