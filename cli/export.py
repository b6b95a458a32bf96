"""``zhitu export``: write graph files in another format (one of the
registered writers in ``zhitu.output``).

Not for: building graphs from pages (``zhitu build --format``).
"""
from __future__ import annotations

import click

from zhitu.cli._common import friendly


class _ExportCommand(click.Command):
    """Lists the registered formats under the help text, read when help is shown."""

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from zhitu.output import WRITERS

        rows = [(w.name, " ".join(w.suffixes) + (" (folder)" if w.folder else ""), w.title)
                for w in WRITERS.values()]
        with formatter.section("Formats (name, suffixes, what)"):
            formatter.write_dl([(name, f"{suffixes}  {title}") for name, suffixes, title in rows])


@click.command(name="export", cls=_ExportCommand)
@click.argument("graph_files", nargs=-1, required=True, type=click.Path())
@click.option("--to", "target", required=True, type=click.Path(),
              help="The file to write (a folder for the neo4j and kuzu formats).")
@click.option("--format", "fmt",
              help="Format name, suffix or media type; default: from the suffix of --to.")
@click.option("--min-confidence", type=click.FloatRange(0, 1), metavar="C",
              help="Leave out facts stated only with a confidence below C (0-1: each rule's "
                   "precision measured on the development set).")
@friendly
def command(graph_files: tuple[str, ...], target: str, fmt: str | None, min_confidence: float | None) -> None:
    """Write GRAPH_FILES (.ttl .trig .nq .nt .jsonld .rdf; merged, named graphs kept)
    to --to in another format.

    A failed export leaves no half-written file or folder behind.
    """
    from zhitu.output import get_writer, write
    from zhitu.output import read as load_graph

    writer = get_writer(target, format=fmt)  # an unknown format fails before any loading
    dataset = load_graph(list(graph_files))
    if min_confidence:
        from zhitu.graph.confidence import drop_below_in_dataset

        drop_below_in_dataset(dataset, min_confidence)
    path = write(dataset, target, format=writer.name)
    click.echo(f"wrote {writer.name}: {path}")
