"""The ``zhitu`` command: a thin click layer over the library.

Each command validates its options, calls one library function and turns a
:class:`~zhitu.errors.ZhituError` into one line on stderr (exit status 1 or 2),
never a traceback.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import sys
from functools import wraps

import click

from zhitu import __version__
from zhitu.commands._options import store_option
from zhitu.errors import UnknownChoiceError, ZhituError, printable

DEFAULT_FORMATS = ("turtle", "html")


def friendly(func):
    """Report library errors as one line on stderr, without a traceback: exit
    status 1, or 2 for a choice that is not one of the valid ones (a usage
    error, as click's own)."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ZhituError as err:
            click.echo(f"zhitu: error: {printable(str(err))}", err=True)
            sys.exit(2 if isinstance(err, UnknownChoiceError) else 1)

    return wrapper


def _parse_date(ctx, param, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


def _parse_jobs(ctx, param, value: str) -> int | str:
    if value == "auto":
        return value
    if value.isdigit() and int(value) >= 1:
        return int(value)
    raise click.BadParameter(f"{value!r} is not a positive number or 'auto'")


_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "kib": 2**10, "m": 10**6, "mb": 10**6, "mib": 2**20,
          "g": 10**9, "gb": 10**9, "gib": 2**30}


def parse_size(text: str) -> int:
    """Bytes in ``5MB``, ``200kB``, ``1.5GiB`` or ``4096`` (kB/MB/GB are powers of
    1000, KiB/MiB/GiB of 1024); ValueError for anything else."""
    match = _SIZE.fullmatch(text)
    if not match:
        raise ValueError(text)
    number, unit = match.groups()
    size = int(float(number) * _UNITS[(unit or "").lower()])
    if size < 1:
        raise ValueError(text)
    return size


def _parse_size(ctx, param, value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return parse_size(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a size such as 5MB, 200kB or 4096 (bytes)") from None


def format_size(size: int) -> str:
    """``5MB``, ``200kB``, ``64KiB`` or ``4096B``: exact, what :func:`parse_size` reads back."""
    for unit, factor in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3), ("GiB", 2**30), ("MiB", 2**20),
                         ("KiB", 2**10)):
        if size >= factor and size % factor == 0:
            return f"{size // factor}{unit}"
    return f"{size}B"


class _SizeCapOption(click.Option):
    """``--max-document-size``: its help names the reading stage's default cap,
    looked up only when help is shown (the CLI imports no library at start)."""

    def get_help_record(self, ctx: click.Context):
        from zhitu.pages import reading

        default = getattr(reading, "DEFAULT_MAX_BYTES", None)
        if default is not None:
            self.help = f"{self.help} [default: {format_size(default)}]"
        return super().get_help_record(ctx)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="zhitu")
def main() -> None:
    """zhitu (知图): Chinese news pages to a knowledge graph you can query, look at and export."""


@main.command()
@click.argument("paths", nargs=-1)
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Folder for graph.ttl, graph.html and summary.json.")
@store_option("The store to add the documents into; the files are written from all it holds.")
@click.option("--no-store", is_flag=True, help="Build in memory only: the files hold just PATHS.")
@click.option("--rebuild", is_flag=True, help="Extract every document again, even when its graph in the store is current.")
@click.option("--date", callback=_parse_date, help="The page date (YYYY-MM-DD) when the input does not give it.")
@click.option("--publisher", help="The paper that 本报 stands for (e.g. 工人日报).")
@click.option("--format", "formats", multiple=True, help="Output format(s); default: turtle and html.")
@click.option("--max-document-size", "max_bytes", cls=_SizeCapOption, callback=_parse_size, metavar="SIZE",
              help="Skip a document larger than this (e.g. 5MB, 200kB, or bytes).")
@click.option("--progress/--no-progress", default=None,
              help="Progress on stderr: characters and documents done, with a rate (default: on when stderr is a terminal).")
@click.option("-v", "--verbose", is_flag=True, help="One line on stderr per document stored or unchanged.")
@click.option("--explain-merges", is_flag=True, help="List every name resolved to another entity's name, with the reason.")
@click.option("-j", "--jobs", default="auto", show_default=True, callback=_parse_jobs, metavar="N|auto",
              help="Worker processes for extraction; auto: one per CPU for inputs of 1 MB or more, else none.")
@click.pass_context
@friendly
def build(ctx, paths, out_dir, store_dir, no_store, rebuild, date, publisher, formats, max_bytes, progress,
          verbose, explain_merges, jobs) -> None:
    """Build the graph from PATHS: .txt/.md/.jsonl files, folders, globs, or - for stdin.

    Each document becomes one named graph in the store (--store, default
    ./zhitu-data), written in one transaction: building a page again replaces
    its graph, entities merge with those already stored, and a document whose
    graph is current (same text, options and pipeline) is not extracted again.
    The files in --out are then written from everything the store holds. With
    no PATHS, only the files are written. --no-store builds PATHS in memory.

    Prints what was read (extracted, unchanged, skipped) and what the graph
    written holds (distinct entities and relations, as zhitu stats counts them).
    Exits 0 when at least one document was built (or, with no PATHS, the
    files were written), 1 when none could be or on an error.
    """
    from zhitu.build import build_dataset, build_store, check_output_folder, write_outputs
    from zhitu.output import get_writer
    from zhitu.progress import BuildProgress

    if no_store and ctx.get_parameter_source("store_dir") is click.core.ParameterSource.COMMANDLINE:
        raise click.UsageError("give --store or --no-store, not both")
    if not paths and no_store:
        raise click.UsageError("give PATHS to build (with --no-store there is nothing else to write)")
    formats = tuple(formats) or DEFAULT_FORMATS
    for name in formats:
        get_writer("", format=name)  # fail fast on an unknown format, listing the choices
    check_output_folder(out_dir)  # before the work, not after it
    show = sys.stderr.isatty() if progress is None else progress
    with BuildProgress(enabled=show and bool(paths), verbose=verbose) as bar:
        common = dict(date=date, publisher=publisher, jobs=jobs, max_bytes=max_bytes, on_skip=bar.skipped)
        if no_store:
            dataset, summary = build_dataset(paths, on_document=bar.extracted, **common)
        else:
            from zhitu.store import open_store

            with open_store(store_dir) as store:  # the "stored" line comes after the document's commit
                summary = build_store(paths, store, rebuild=rebuild, on_document=bar.stored,
                                      on_unchanged=bar.unchanged, **common)
                export = summary.documents_built or not paths
                dataset = store.to_dataset() if export else None
    if paths and summary.documents_built == 0:
        write_outputs(dataset, summary, out_dir, [])
        click.echo(f"zhitu: error: nothing could be built from {len(paths)} input(s); "
                   f"see {printable(str(out_dir))}/summary.json", err=True)
        sys.exit(1)
    written = write_outputs(dataset, summary, out_dir, formats)
    for line in format_build_report(summary):
        click.echo(line)
    for name, path in written.items():
        click.echo(f"  {name}: {printable(str(path))}")
    if explain_merges and dataset is not None:
        from zhitu.graph.merges import explain_merges as explain

        click.echo(explain(dataset), nl=False)


def format_build_report(summary) -> list[str]:
    """The build's two lines: what was read, and what the graph written holds.

    Counts are named for what they are: documents extracted vs unchanged, and
    distinct entities and relations (as ``zhitu stats`` counts them), never
    entities summed over documents.
    """
    report = summary.to_dict()
    docs = report["documents"]
    read = (f"read {docs['read']} documents: {docs['extracted']} extracted, {docs['unchanged']} unchanged, "
            f"{docs['skipped']} skipped; {report['articles']} articles, {report['characters']:,} characters "
            f"extracted in {report['seconds']} s")
    graph = report["graph"] or {}
    where = f"store {printable(summary.store['path'])}" if summary.store is not None else "in memory"
    holds = (f"graph ({where}): {graph.get('documents', 0)} documents, "
             f"{sum(graph.get('entities', {}).values())} distinct entities, "
             f"{sum(graph.get('relations', {}).values())} distinct relations, {report['triples']} triples")
    return [read, holds]


@main.command()
@click.argument("args", nargs=-1, metavar="[GRAPH_FILES]... [SPARQL | PARAMETER]")
@store_option("The store to query when no GRAPH_FILES are given.")
@click.option("--file", "query_file", type=click.File(encoding="utf-8"), help="Read the query from a .rq file.")
@click.option("--named", "named", metavar="NAME", help="Run a named query (see --list); its PARAMETER is the last argument.")
@click.option("--list", "list_named", is_flag=True, help="List the named queries with their parameters and exit.")
@click.option("--format", "fmt", default="table", show_default=True,
              help="table, csv, tsv or json (SELECT/ASK); turtle, nt or json (CONSTRUCT/DESCRIBE).")
@click.pass_context
@friendly
def query(ctx, args, store_dir, query_file, named, list_named, fmt) -> None:
    """Run a SPARQL query over the store, or over GRAPH_FILES when given.

    The query is the last argument, or --file, or --named NAME with the
    named query's PARAMETER last (a name or alias, bound as a literal):

      zhitu query --named posts 澄溪市总工会

    Prefixes zt, org, schema, skos, prov, rdfs, rdf, xsd, owl need no declaring.
    """
    from zhitu.query import format_named_list, format_result, is_file, load_graph, named_query, run_query

    if list_named:
        click.echo(format_named_list(), nl=False)
        return
    if sum(x is not None for x in (query_file, named)) > 1:
        raise click.UsageError("give one of --file and --named")
    positional = list(args)
    bindings = None
    if named is not None:
        chosen = named_query(named)
        if chosen.parameter:
            if not positional:
                raise click.UsageError(f"the named query {chosen.name!r} needs its {chosen.argument} "
                                       f"argument: {chosen.usage}")
            bindings = chosen.bind(positional.pop())
        text = chosen.text
    elif query_file is not None:
        text = query_file.read()
    elif positional and not (len(positional) == 1 and is_file(positional[0])):
        text = positional.pop()
    else:
        raise click.UsageError("give a SPARQL query (the last argument), --file or --named")
    if positional:
        if ctx.get_parameter_source("store_dir") is click.core.ParameterSource.COMMANDLINE:
            raise click.UsageError("give GRAPH_FILES or --store, not both")
        result = run_query(load_graph(positional), text, bindings=bindings)
    else:
        from zhitu.store import open_store

        with open_store(store_dir, read_only=True) as store:
            result = store.query(text, bindings=bindings)
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
