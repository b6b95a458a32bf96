"""``zhitu report``: a build's one-page HTML summary, from its summary.json and graph."""
from __future__ import annotations

import click

from zhitu.cli._common import friendly
from zhitu.errors import printable


@click.command(name="report")
@click.argument("out_dir", default="out", required=False, type=click.Path(file_okay=False))
@click.option("--store", "store_dir", type=click.Path(file_okay=False),
              help="The store the build wrote into (default: the one summary.json names, else a "
                   "graph.ttl or graph.trig in OUT_DIR).")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="The page to write (default: OUT_DIR/report.html).")
@click.option("--title", default="zhitu build report", show_default=True, help="The page's title.")
@friendly
def command(out_dir: str, store_dir: str | None, output: str | None, title: str) -> None:
    """Write a one-page offline HTML summary of the build whose files are in
    OUT_DIR (default: out): documents kept and skipped with reasons, entities
    and relations by type, the most connected people and organisations, facts
    by date, the largest communities. Prints the page's path."""
    from pathlib import Path

    from zhitu.output.report import REPORT_NAME, load_report_input, write_report

    report = load_report_input(out_dir, store_dir=store_dir)
    path = write_report(report, output or Path(out_dir) / REPORT_NAME, title=title)
    click.echo(printable(str(path)))
