"""``zhitu eval``: score graph files against gold files or folders of them
(SCHEMA.md's scoring, :func:`zhitu.evaluation.evaluate_corpus`), with floors for CI.

Not for: scoring NER on a corpus (``zhitu eval-ner``).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from zhitu.cli._common import friendly


def _is_gold(path: str) -> bool:
    return Path(path).is_dir() or path.lower().endswith(".json")


@click.command(name="eval")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--show-misses", is_flag=True, help="List the misses, grouped by kind (missing, wrong type, boundary, wrong role, wrong tail...).")
@click.option("--per-document", is_flag=True, help="One row of scores per gold document.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--min-entity-f1", type=float, help="Exit 1 when the entity micro F1 is below this.")
@click.option("--min-relation-f1", type=float, help="Exit 1 when the relation micro F1 is below this.")
@friendly
def command(paths: tuple[str, ...], show_misses: bool, per_document: bool, as_json: bool,
            min_entity_f1: float | None, min_relation_f1: float | None) -> None:
    """Score graph files against gold: PATHS are graph files (.trig .nq .ttl ...)
    and gold files (.json) or folders of them.

    Each gold file is scored against the named graph of its document (build with
    --root so that document ids match the gold's, and --format trig); the
    scores are summed over documents (micro). One gold file and a graph with no
    graph for its document (graph.ttl) scores the whole graph.
    """
    from zhitu.evaluation.corpus import evaluate_corpus

    gold = [p for p in paths if _is_gold(p)]
    graphs = [p for p in paths if not _is_gold(p)]
    if not gold or not graphs:
        missing = "gold files (.json) or a folder of them" if not gold else "graph files"
        raise click.UsageError(f"give graph files and gold files: no {missing} among {' '.join(paths)}")
    corpus = evaluate_corpus(graphs, gold)
    report = corpus.reports[0] if len(corpus.reports) == 1 and not per_document else corpus
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    elif report is corpus:
        click.echo(corpus.format(show_misses=show_misses, per_document=per_document))
    else:
        click.echo(report.format(show_misses=show_misses))
    failed = [
        f"{block.name} micro F1 {block.micro.f1 or 0:.3f} < {floor}"
        for block, floor in ((corpus.entities, min_entity_f1), (corpus.relations, min_relation_f1))
        if floor is not None and (block.micro.f1 or 0.0) < floor
    ]
    if failed:
        click.echo("zhitu: below the floor: " + "; ".join(failed), err=True)
        sys.exit(1)
