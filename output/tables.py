"""The NetworkX view flattened into rows for the CSV formats of graph
databases (``zhitu.output.neo4j``, ``zhitu.output.kuzu``).

Values are plain scalars; line breaks inside text become spaces, since bulk
CSV loaders read a record per line by default (neo4j-admin without
``--multiline-fields``, Kùzu's parallel reader). Offsets are named
``sentence_start``/``sentence_end`` (``END`` is a Cypher keyword). Dates are ISO
strings (``reported``; on posts ``first_reported``, ``last_reported``, ``began``
and ``ended`` as precise as written, ``ended_by``), empty when unknown;
``historical`` is a boolean written ``true``/``false``.

Not for: writing files (the format modules do that, through
``zhitu.output.atomic``).
"""
from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset

from zhitu.output.view import graph_view, type_name

__all__ = ["NodeRow", "EdgeRow", "EDGE_PROPERTIES", "rows", "clean", "write_csv"]

#: Edge properties in column order, with their value type (``str``, ``int``, ``float``, ``bool``).
EDGE_PROPERTIES: tuple[tuple[str, type], ...] = (
    ("role", str), ("evidence", str), ("document", str), ("article", str),
    ("sentence_start", int), ("sentence_end", int), ("extractor", str), ("confidence", float),
    ("reported", str), ("first_reported", str), ("last_reported", str), ("began", str), ("ended", str),
    ("ended_by", str), ("historical", bool),
)
#: Where the view keeps a property under another name.
_VIEW_NAMES = {"sentence_start": "start", "sentence_end": "end"}
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


@dataclass(frozen=True)
class NodeRow:
    iri: str
    table: str
    """The node's label: the ontology class name (``Person``, ``NewsArticle``…)."""
    label: str
    aliases: tuple[str, ...]
    mentions: int


@dataclass(frozen=True)
class EdgeRow:
    head: str
    tail: str
    head_table: str
    tail_table: str
    relation: str
    properties: tuple
    """Values in :data:`EDGE_PROPERTIES` order."""


def clean(text: object) -> str:
    """One line of text: line breaks become spaces."""
    return _LINE_BREAKS.sub(" ", str(text))


def rows(dataset: Dataset) -> tuple[list[NodeRow], list[EdgeRow]]:
    """Nodes and edges of the dataset's NetworkX view, in a fixed order."""
    view = graph_view(dataset)
    nodes = [
        NodeRow(node, type_name(data.get("type", "")), clean(data.get("label", "")),
                tuple(clean(a.strip()) for a in str(data.get("aliases", "")).split("|") if a.strip()),
                int(data.get("mentions", 0)))
        for node, data in view.nodes(data=True)
    ]
    table = {row.iri: row.table for row in nodes}
    edges = [
        EdgeRow(head, tail, table[head], table[tail], str(data.get("relation") or key), _properties(data))
        for head, tail, key, data in view.edges(keys=True, data=True)
    ]
    return nodes, edges


def _properties(data: dict) -> tuple:
    values = []
    for name, kind in EDGE_PROPERTIES:
        value = data.get(_VIEW_NAMES.get(name, name))
        if kind is bool:
            values.append("true" if value else "false")
        else:
            values.append(clean(value or "") if kind is str else kind(value if value is not None else -1))
    return tuple(values)


def write_csv(path: Path, header: Iterable[str], records: Iterable[Iterable[object]]) -> None:
    """A UTF-8 CSV file (no BOM, ``\\n`` line ends, RFC 4180 quoting)."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(records)


