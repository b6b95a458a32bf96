"""``zhitu extract``: the entities of each line of text, as JSON Lines
(:func:`zhitu.extractors.lines.extract_lines`); no graph, no store."""
from __future__ import annotations

import json

import click

from zhitu.cli._common import friendly


@click.command(name="extract")
@click.option("--lines", "lines_file", required=True, type=click.File("r", encoding="utf-8-sig"),
              help="A file with one sentence (or text) a line; - for stdin.")
@friendly
def command(lines_file) -> None:
    """Print the mentions of each input line as one JSON object a line.

    Each mention has its offsets into the line, its type, and ``graph``: true for
    the graph's entities, false for a name the NER found that no graph node
    holds (a single character such as 中 in 中美, a bare 村委会)."""
    from zhitu.extractors.lines import extract_lines

    for record in extract_lines(line.rstrip("\n") for line in lines_file):
        click.echo(json.dumps(record, ensure_ascii=False))
