"""CSV files for Neo4j's bulk importer (a folder): ``nodes.csv`` and
``relationships.csv`` with neo4j-admin's header syntax, and ``import.sh``
with the command that loads them into an empty database::

    neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv neo4j

Node ids are the IRIs (``iri:ID``, also stored as the ``iri`` property);
``:LABEL`` is the ontology class (``Person``, ``Organization``, ``Place``,
``Programme``, ``Event``, ``NewsArticle``); ``:TYPE`` is the relation name
(``holdsPosition``, ``locatedIn``…). Aliases are a ``string[]`` split on
``;``, the importer's default array delimiter (a ``;`` inside an alias
becomes ``；``).

Not for: Kùzu (``zhitu.output.kuzu``) or a live database connection.
"""
from __future__ import annotations

import os
from pathlib import Path

from rdflib import Dataset

from zhitu.output.atomic import atomic_folder
from zhitu.output.tables import EDGE_PROPERTIES, rows, write_csv

__all__ = ["NODE_HEADER", "RELATIONSHIP_HEADER", "write_neo4j"]

_NEO4J_TYPES = {str: "", int: ":int", float: ":double", bool: ":boolean"}
NODE_HEADER = ("iri:ID", "label", "aliases:string[]", "mentions:int", ":LABEL")
RELATIONSHIP_HEADER = (":START_ID", ":END_ID", ":TYPE",
                       *(f"{name}{_NEO4J_TYPES[kind]}" for name, kind in EDGE_PROPERTIES))
_FILES = ("nodes.csv", "relationships.csv", "import.sh")
_IMPORT_SH = """#!/bin/sh
# Load this folder into an empty Neo4j 5 database (default: neo4j), with the database stopped.
cd "$(dirname "$0")" || exit 1
exec neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv "${1:-neo4j}"
"""


def write_neo4j(dataset: Dataset, path: Path) -> None:
    nodes, edges = rows(dataset)
    with atomic_folder(path, replaceable=lambda p: p.name in _FILES) as folder:
        write_csv(folder / "nodes.csv", NODE_HEADER, (
            (n.iri, n.label, ";".join(a.replace(";", "；") for a in n.aliases), n.mentions, n.table)
            for n in nodes))
        write_csv(folder / "relationships.csv", RELATIONSHIP_HEADER, (
            (e.head, e.tail, e.relation, *e.properties) for e in edges))
        script = folder / "import.sh"
        script.write_text(_IMPORT_SH, encoding="utf-8", newline="\n")
        os.chmod(script, 0o755)
