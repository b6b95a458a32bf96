"""The zhitu ontology (``zhitu.ttl``) and the world-knowledge tables beside it.

For locating the packaged files; the lookups over the tables live in
:mod:`zhitu.ontology.gazetteer`. Nothing is read at import time.
"""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from zhitu.errors import UnknownChoiceError

__all__ = ["NAMESPACE", "ONTOLOGY_PATH", "data_files", "data_path"]

#: The IRI every ``zt:`` term starts with.
NAMESPACE = "https://w3id.org/zhitu/ontology#"

#: The OWL ontology of the ``zt:`` terms, in Turtle.
ONTOLOGY_PATH: Path = Path(str(files(__name__) / "zhitu.ttl"))

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
