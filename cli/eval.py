"""``zhitu eval``: score graph files against a gold file (SCHEMA.md's scoring,
:func:`zhitu.evaluation.evaluate`), with floors for CI.

Not for: scoring NER on a corpus (``zhitu eval-ner``).
"""
from __future__ import annotations

import json
import sys

import click

from zhitu.cli._common import friendly


@click.command(name="eval")
@click.argument("graph_files", nargs=-1, required=True, type=click.Path())
@click.argument("gold", type=click.Path())
@click.option("--show-misses", is_flag=True, help="List false negatives and false positives.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--min-entity-f1", type=float, help="Exit 1 when the entity micro F1 is below this.")
@click.option("--min-relation-f1", type=float, help="Exit 1 when the relation micro F1 is below this.")
@friendly
def command(graph_files: tuple[str, ...], gold: str, show_misses: bool, as_json: bool,
            min_entity_f1: float | None, min_relation_f1: float | None) -> None:
    """Score GRAPH_FILES against a GOLD file (SCHEMA.md's scoring)."""
    from zhitu.evaluation import evaluate

    report = evaluate(list(graph_files), gold)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(report.format(show_misses=show_misses))
    scores = report.to_dict()
    failed = [
        f"{block} micro F1 {scores[block]['micro']['f1'] or 0:.3f} < {floor}"
        for block, floor in (("entities", min_entity_f1), ("relations", min_relation_f1))
        if floor is not None and (scores[block]["micro"]["f1"] or 0.0) < floor
    ]
    if failed:
        click.echo("zhitu: below the floor: " + "; ".join(failed), err=True)
        sys.exit(1)
