"""``zhitu stats``: what the store holds (documents, articles, entities and
relations by type, triples), as text or JSON."""
from __future__ import annotations

import json

import click

from zhitu.cli._common import friendly
from zhitu.cli._options import store_option


@click.command(name="stats")
@store_option("The store to describe.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@click.option("--documents", "list_documents", is_flag=True,
              help="Also list each document: its DOC_ID, triples and build fingerprint.")
@friendly
def command(store_dir: str | None, as_json: bool, list_documents: bool) -> None:
    """Count what the store holds, with documents merged: documents, articles,
    distinct entities by type, distinct relations by type (holdsPosition counts
    memberships), article mentions (article → entity links), assertions
    (relations with their evidence sentence), triples.

    The graph line of ``zhitu build`` and summary.json's ``graph`` give the
    same figures for the graph a build wrote."""
    from zhitu.store import open_store

    with open_store(store_dir, read_only=True) as store:
        stats = store.stats()
        documents = store.documents() if list_documents else None
        report = {"store": str(store.path), **stats.to_dict()}
    if documents is not None:
        report["document_list"] = [
            {"doc_id": d.doc_id, "iri": d.iri, "triples": d.triples, "fingerprint": d.fingerprint}
            for d in documents
        ]
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    click.echo(format_stats(report))


def format_stats(report: dict) -> str:
    """The report as aligned text, one figure a line."""
    rows: list[tuple[str, str]] = [("store", report["store"])]
    rows += [(key, str(report[key])) for key in ("documents", "articles")]
    rows.append(("distinct entities", str(sum(report["entities"].values()))))
    rows += [(f"  {name}", str(count)) for name, count in report["entities"].items()]
    rows.append(("distinct relations", str(sum(report["relations"].values()))))
    rows += [(f"  {name}", str(count)) for name, count in report["relations"].items()]
    rows.append(("article mentions", str(report["mentions"])))
    rows.append(("assertions", f"{report['assertions']} (relations with evidence)"))
    rows.append(("triples", f"{report['triples']} merged ({report['quads']} in document graphs)"))
    width = max(len(name) for name, _ in rows)
    lines = [f"{name:<{width}}  {value}" for name, value in rows]
    for doc in report.get("document_list", []):
        lines.append(f"{doc['doc_id']}\t{doc['triples']} triples\t{doc['fingerprint'] or '-'}")
    return "\n".join(lines)
