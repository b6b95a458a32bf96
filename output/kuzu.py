"""CSV files for Kùzu's ``COPY`` (a folder): one node table per type
(``Person.csv``, ``Organization.csv``…), one rel table per relation with a
file per (from, to) pair of node tables (``holdsPosition_Person_Organization.csv``),
``schema.cypher`` (``CREATE NODE TABLE``/``CREATE REL TABLE``) and
``copy.cypher`` (the ``COPY`` statements, with file names relative to the
folder). In Kùzu's shell, from inside the folder::

    kuzu graph.kuzudb < schema.cypher && kuzu graph.kuzudb < copy.cypher

Node tables are keyed by IRI (``iri STRING PRIMARY KEY``); aliases are one
string joined with `` | `` as in the NetworkX view.

Not for: Neo4j's importer (``zhitu.output.neo4j``) or a live database.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from rdflib import Dataset

from zhitu.output.atomic import atomic_folder
from zhitu.output.tables import EDGE_PROPERTIES, rows, write_csv

__all__ = ["write_kuzu"]

_KUZU_TYPES = {str: "STRING", int: "INT64", float: "DOUBLE", bool: "BOOLEAN"}
_NODE_COLUMNS = "iri STRING PRIMARY KEY, label STRING, aliases STRING, mentions INT64"
_CSV_OPTIONS = "header=true, delim=',', quote='\"', escape='\"'"


def _name(identifier: str) -> str:
    return "`" + identifier.replace("`", "") + "`"


def write_kuzu(dataset: Dataset, path: Path) -> None:
    nodes, edges = rows(dataset)
    by_table: dict[str, list] = defaultdict(list)
    for node in nodes:
        by_table[node.table].append(node)
    by_pair: dict[tuple[str, str, str], list] = defaultdict(list)
    for edge in edges:
        by_pair[(edge.relation, edge.head_table, edge.tail_table)].append(edge)
    relations: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for relation, head, tail in sorted(by_pair):
        relations[relation].append((head, tail))

    properties = ", ".join(f"{name} {_KUZU_TYPES[kind]}" for name, kind in EDGE_PROPERTIES)
    schema = [f"CREATE NODE TABLE {_name(t)}({_NODE_COLUMNS});" for t in sorted(by_table)]
    schema += [
        f"CREATE REL TABLE {_name(r)}({', '.join(f'FROM {_name(h)} TO {_name(t)}' for h, t in pairs)}, {properties});"
        for r, pairs in relations.items()
    ]
    copy = [f"COPY {_name(t)} FROM '{t}.csv' ({_CSV_OPTIONS});" for t in sorted(by_table)]
    copy += [
        f"COPY {_name(r)} FROM '{r}_{h}_{t}.csv' (from='{h}', to='{t}', {_CSV_OPTIONS});"
        for r, pairs in relations.items() for h, t in pairs
    ]

    with atomic_folder(path, replaceable=lambda p: p.suffix in (".csv", ".cypher")) as folder:
        for table, members in sorted(by_table.items()):
            write_csv(folder / f"{table}.csv", ("iri", "label", "aliases", "mentions"),
                      ((n.iri, n.label, " | ".join(n.aliases), n.mentions) for n in members))
        for (relation, head, tail), members in sorted(by_pair.items()):
            write_csv(folder / f"{relation}_{head}_{tail}.csv",
                      ("from", "to", *(name for name, _ in EDGE_PROPERTIES)),
                      ((e.head, e.tail, *e.properties) for e in members))
        (folder / "schema.cypher").write_text("\n".join(schema) + "\n", encoding="utf-8", newline="\n")
        (folder / "copy.cypher").write_text("\n".join(copy) + "\n", encoding="utf-8", newline="\n")
