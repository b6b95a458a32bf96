"""``zhitu validate GRAPH...``: check graph files against zhitu's SHACL shapes
(``ontology/shapes.ttl``) and print the violations readably.

Exit status: 0 when the graph conforms, 1 when it does not, 2 for a file that
cannot be read. The checking itself is :func:`zhitu.validation.validate_files`.
"""
from __future__ import annotations

import sys

import click

from zhitu.cli._common import fail, friendly
from zhitu.errors import InputError


@click.command(name="validate")
@click.argument("graph_files", nargs=-1, required=True, type=click.Path())
@click.option("--examples", default=5, show_default=True, type=click.IntRange(min=0),
              help="Focus nodes listed for each kind of violation.")
@friendly
def command(graph_files: tuple[str, ...], examples: int) -> None:
    """Check GRAPH_FILES against the SHACL shapes of the graphs zhitu writes.

    The files (.ttl .trig .nq .nt .jsonld .rdf) are merged first. Violations are grouped by shape, property and message, with a count and the
    focus nodes by their labels. Exits 1 when the graph does not conform.
    """
    from zhitu.validation import validate_files

    try:
        report = validate_files(list(graph_files))
    except InputError as err:  # 1 says "does not conform": a file that cannot be read is 2
        fail(str(err), status=2)
    click.echo(report.format(examples=examples), nl=False)
    if not report.conforms:
        sys.exit(1)
