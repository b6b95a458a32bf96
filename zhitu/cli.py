"""The ``zhitu`` command: a thin click layer over the library.

Each command validates its options, calls one library function and turns a
:class:`~zhitu.errors.ZhituError` into one line on stderr (exit status 1 or 2),
never a traceback.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
from functools import wraps
from pathlib import Path

import click

from zhitu import __version__
from zhitu.errors import ZhituError

DEFAULT_FORMATS = ("turtle", "html")


def friendly(func):
    """Report library errors as one line, without a traceback."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ZhituError as err:
            click.echo(f"zhitu: error: {err}", err=True)
            sys.exit(2)

    return wrapper


def _parse_date(ctx, param, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="zhitu")
def main() -> None:
    """zhitu (知图): Chinese news pages to a knowledge graph you can query, look at and export."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Folder for graph.ttl, graph.html and summary.json.")
@click.option("--date", callback=_parse_date, help="The page date (YYYY-MM-DD) when the input does not give it.")
@click.option("--publisher", help="The paper that 本报 stands for (e.g. 工人日报).")
@click.option("--format", "formats", multiple=True, help="Output format(s); default: turtle and html.")
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on when stderr is a terminal).")
@friendly
def build(paths, out_dir, date, publisher, formats, progress) -> None:
    """Build the graph from PATHS: .txt/.md/.jsonl files, folders, globs, or - for stdin.

    Exits 0 when at least one document was built, 1 when none could be.
    """
    from zhitu.build import build_dataset, write_outputs
    from zhitu.output import get_writer

    formats = tuple(formats) or DEFAULT_FORMATS
    for name in formats:
        get_writer("", format=name)  # fail fast on an unknown format, listing the choices
    show = sys.stderr.isatty() if progress is None else progress
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(unit="doc", desc="building", file=sys.stderr)

    def skipped(item) -> None:
        if bar:
            bar.write(f"zhitu: skipped {item}", file=sys.stderr)
        else:
            click.echo(f"zhitu: skipped {item}", err=True)

    dataset, summary = build_dataset(
        paths, date=date, publisher=publisher, on_skip=skipped,
        on_document=(lambda _doc: bar.update(1)) if bar else None,
    )
    if bar:
        bar.close()
    if summary.documents_built == 0:
        write_outputs(dataset, summary, out_dir, [])
        click.echo(f"zhitu: error: nothing could be built from {len(paths)} input(s); see {out_dir}/summary.json", err=True)
        sys.exit(1)
    written = write_outputs(dataset, summary, out_dir, formats)
    report = summary.to_dict()
    click.echo(
        f"built {summary.documents_built} of {summary.documents_read} documents "
        f"({len(summary.skipped)} skipped), {summary.articles} articles, "
        f"{sum(summary.entities.values())} entities, {sum(summary.relations.values())} relations, "
        f"{summary.triples} triples in {report['seconds']} s"
    )
    for name, path in written.items():
        click.echo(f"  {name}: {path}")


@main.command()
@click.argument("graph_files", nargs=-1, type=click.Path())
@click.argument("sparql", required=False)
@click.option("--file", "query_file", type=click.File(encoding="utf-8"), help="Read the query from a .rq file.")
@click.option("--format", "fmt", default="table", show_default=True,
              help="table, csv, tsv or json (SELECT/ASK); turtle, nt or json (CONSTRUCT/DESCRIBE).")
@friendly
def query(graph_files, sparql, query_file, fmt) -> None:
    """Run a SPARQL query over GRAPH_FILES (prefixes zt, org, schema, skos, prov, rdfs bound).

    The query is the last argument, or --file.
    """
    from zhitu.query import format_result, load_graph, run_query

    files = list(graph_files)
    if query_file is not None:
        if sparql is not None:
            files.append(sparql)
        text = query_file.read()
    elif sparql is not None:
        text = sparql
    elif files and not Path(files[-1]).exists() and len(files) > 1:
        text = files.pop()
    else:
        raise click.UsageError("give a SPARQL query after the graph files, or --file")
    if not files:
        raise click.UsageError("give at least one graph file")
    result = run_query(load_graph(files), text)
    click.echo(format_result(result, fmt), nl=False)


@main.command()
@click.option("--lines", "lines_file", required=True, type=click.File("r", encoding="utf-8-sig"),
              help="A file with one sentence (or text) a line; - for stdin.")
@friendly
def extract(lines_file) -> None:
    """Print the entities of each input line as one JSON object a line."""
    from zhitu.extractors.lines import extract_lines

    for record in extract_lines(line.rstrip("\n") for line in lines_file):
        click.echo(json.dumps(record, ensure_ascii=False))


@main.command(name="eval")
@click.argument("graph_files", nargs=-1, required=True, type=click.Path())
@click.argument("gold", type=click.Path())
@click.option("--show-misses", is_flag=True, help="List false negatives and false positives.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--min-entity-f1", type=float, help="Exit 1 when the entity micro F1 is below this.")
@click.option("--min-relation-f1", type=float, help="Exit 1 when the relation micro F1 is below this.")
@friendly
def evaluate(graph_files, gold, show_misses, as_json, min_entity_f1, min_relation_f1) -> None:
    """Score GRAPH_FILES against a GOLD file (SCHEMA.md's scoring)."""
    from zhitu.evaluation import evaluate as run_evaluation

    report = run_evaluation(list(graph_files), gold)
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


def _add_plugin_commands() -> None:
    """Commands in ``zhitu.commands`` modules (each defines ``command``) join the group.

    Importing a command module only defines its click command; the library it
    calls is imported when the command runs.
    """
    import importlib
    import pkgutil

    import zhitu.commands as commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"zhitu.commands.{info.name}")
        command = getattr(module, "command", None)
        if isinstance(command, click.Command):
            main.add_command(command)


_add_plugin_commands()


if __name__ == "__main__":
    main()
