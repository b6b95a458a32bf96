"""Writers of the graph's formats, in a registry keyed by format name and file
suffix (rdflib's plugin style). Each writer lives in its own module, imported
only when used.

A writer is ``write(dataset, path)``: it takes the RDF Dataset (the truth) and
derives what its format needs (NetworkX for the graph formats). Writers write
atomically: a failed export leaves no half-written file.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Callable

from zhitu.errors import UnknownChoiceError


@dataclass(frozen=True)
class Writer:
    name: str
    suffixes: tuple[str, ...]
    media_type: str
    target: str
    """``module:function`` under ``zhitu.output``, imported lazily."""

    def load(self) -> Callable:
        module, function = self.target.split(":")
        return getattr(import_module(f"zhitu.output.{module}"), function)


WRITERS: dict[str, Writer] = {}


def register_writer(name: str, suffixes: tuple[str, ...], media_type: str, target: str) -> None:
    WRITERS[name] = Writer(name, suffixes, media_type, target)


register_writer("turtle", (".ttl",), "text/turtle", "rdf:write_turtle")
register_writer("trig", (".trig",), "application/trig", "rdf:write_trig")
register_writer("nquads", (".nq",), "application/n-quads", "rdf:write_nquads")
register_writer("html", (".html", ".htm"), "text/html", "html_view:write_html_view")
register_writer("graphml", (".graphml",), "application/graphml+xml", "networkx_formats:write_graphml")


def get_writer(name_or_path: str | os.PathLike, *, format: str | None = None) -> Writer:
    """The writer named ``format``, or the one whose suffix ``name_or_path`` has."""
    if format is not None:
        for writer in WRITERS.values():
            if format == writer.name or "." + format.lstrip(".") in writer.suffixes:
                return writer
        raise UnknownChoiceError("format", format, sorted(WRITERS))
    suffix = Path(name_or_path).suffix.lower()
    for writer in WRITERS.values():
        if suffix in writer.suffixes:
            return writer
    choices = sorted(s for w in WRITERS.values() for s in w.suffixes)
    raise UnknownChoiceError("file suffix", suffix or str(name_or_path), choices)


def write(dataset, path: str | os.PathLike, *, format: str | None = None) -> Path:
    """Write ``dataset`` to ``path`` in the format named or implied by its suffix."""
    writer = get_writer(path, format=format)
    writer.load()(dataset, Path(path))
    return Path(path)
