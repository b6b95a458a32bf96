"""The zhitu ontology (``zhitu.ttl``), its SHACL shapes (``shapes.ttl``) and
the world-knowledge tables beside them.

For locating and reading the packaged files; the lookups over the tables live
in :mod:`zhitu.ontology.gazetteer`, validation in :mod:`zhitu.validation`.
Nothing is read at import time.

The ontology's version (``owl:versionInfo``, ``owl:versionIRI``) is written in
``zhitu.ttl`` itself, so the file is complete when published on its own; a test
holds it equal to the package version (``importlib.metadata.version("zhitu")``),
so a release that bumps one must bump the other.
"""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from typing import TYPE_CHECKING

from zhitu.errors import UnknownChoiceError

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = [
    "NAMESPACE", "ONTOLOGY_IRI", "ONTOLOGY_PATH", "SHAPES_PATH", "ONTOLOGY_FORMATS",
    "data_files", "data_path", "ontology_graph", "shapes_graph", "serialize_ontology",
]

#: The IRI every ``zt:`` term starts with.
NAMESPACE = "https://w3id.org/zhitu/ontology#"

#: The OWL ontology of the ``zt:`` terms, in Turtle.
ONTOLOGY_PATH: Path = Path(str(files(__name__) / "zhitu.ttl"))

#: The ontology's own IRI (the subject of its ``owl:Ontology`` header).
ONTOLOGY_IRI = NAMESPACE.rstrip("#")

#: The SHACL shapes every graph zhitu writes conforms to, in Turtle.
SHAPES_PATH: Path = Path(str(files(__name__) / "shapes.ttl"))

#: Shapes files beside ``shapes.ttl`` that :func:`shapes_graph` reads with it, one a feature.
EXTRA_SHAPES: tuple[str, ...] = ("shapes_divisions.ttl",)

#: Output format names :func:`serialize_ontology` accepts → rdflib serializer.
ONTOLOGY_FORMATS: dict[str, str] = {
    "turtle": "turtle",
    "ttl": "turtle",
    "xml": "xml",
    "rdfxml": "xml",
    "json-ld": "json-ld",
    "jsonld": "json-ld",
    "nt": "nt",
    "ntriples": "nt",
}

_DATA = Path(str(files(__name__) / "data"))


def data_files() -> list[str]:
    """Names of the data tables shipped in ``ontology/data`` (TSV files)."""
    return sorted(p.name for p in _DATA.glob("*.tsv"))


def data_path(name: str) -> Path:
    """The path of one shipped data file, e.g. ``data_path("divisions.tsv")``."""
    path = _DATA / name
    if "/" in name or "\\" in name or not path.is_file():
        raise UnknownChoiceError("ontology data file", name, data_files())
    return path


def ontology_graph() -> Graph:
    """The ontology (``zhitu.ttl``) parsed into a new rdflib Graph."""
    from rdflib import Graph

    # Only the prefixes the file declares, so serialisations carry no stray ones.
    return Graph(bind_namespaces="core").parse(ONTOLOGY_PATH, format="turtle")


def shapes_graph() -> Graph:
    """The SHACL shapes (``shapes.ttl``) parsed into a new rdflib Graph."""
    from rdflib import Graph

    graph = Graph(bind_namespaces="core").parse(SHAPES_PATH, format="turtle")
    for name in EXTRA_SHAPES:  # a feature's shapes kept beside shapes.ttl
        graph.parse(Path(str(files(__name__) / name)), format="turtle")
    return graph


def serialize_ontology(fmt: str = "turtle", *, shapes: bool = False) -> str:
    """The ontology (or, with ``shapes``, the SHACL shapes) as text in ``fmt``.

    Turtle is the file as written, comments included; the other formats are
    rdflib's serialisation of the parsed file. Raises
    :class:`UnknownChoiceError` listing :data:`ONTOLOGY_FORMATS`.
    """
    try:
        rdflib_format = ONTOLOGY_FORMATS[fmt]
    except KeyError:
        raise UnknownChoiceError("ontology format", fmt, list(ONTOLOGY_FORMATS)) from None
    path = SHAPES_PATH if shapes else ONTOLOGY_PATH
    if rdflib_format == "turtle":
        return path.read_text(encoding="utf-8")
    graph = shapes_graph() if shapes else ontology_graph()
    options = {"auto_compact": True} if rdflib_format == "json-ld" else {}
    # Bytes then decode: rdflib's N-Triples writer warns when asked for str.
    return graph.serialize(format=rdflib_format, encoding="utf-8", **options).decode("utf-8")
