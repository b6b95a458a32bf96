"""``zhitu remove``: take documents out of the store (their named graphs, and
what only they said from the merged graph)."""
from __future__ import annotations

import sys

import click

from zhitu.cli._common import friendly
from zhitu.cli._options import store_option
from zhitu.errors import printable


@click.command(name="remove")
@click.argument("doc_ids", nargs=-1, required=True, metavar="DOC_ID...")
@store_option("The store to remove from.")
@friendly
def command(doc_ids: tuple[str, ...], store_dir: str | None) -> None:
    """Remove documents from the store, each in one transaction.

    A DOC_ID is as `zhitu stats --documents` lists it (the path the page was
    read under, or file.jsonl#id), or the document's IRI. Entities that other
    documents also name stay. Exits 1 when a DOC_ID is not in the store (the
    others are still removed). The files of earlier builds are not rewritten:
    run `zhitu build --store DIR` with no PATHS for that.
    """
    from rdflib import URIRef

    from zhitu.graph.namespaces import ID_IRI
    from zhitu.store import open_store

    missing = []
    with open_store(store_dir) as store:
        for doc_id in doc_ids:
            ref = URIRef(doc_id) if doc_id.startswith(f"{ID_IRI}doc/") else doc_id
            if store.remove_document(ref):
                click.echo(f"removed {doc_id}")
            else:
                missing.append(doc_id)
                click.echo(f"zhitu: no document {printable(repr(doc_id))} in store {printable(str(store.path))}",
                           err=True)
    if missing:
        sys.exit(1)
