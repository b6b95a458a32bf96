"""``zhitu build``: pages into the store, and graph files from all it holds.

The work is :func:`zhitu.build.run_build`; this module parses the options,
shows progress and prints the report.
"""
from __future__ import annotations

import sys

import click

from zhitu.cli._common import fail, friendly
from zhitu.cli._options import given, max_document_size_option, parse_date, parse_jobs, store_option
from zhitu.errors import printable


@click.command(name="build")
@click.argument("paths", nargs=-1)
@click.option("--out", "out_dir", default="out", show_default=True, type=click.Path(file_okay=False),
              help="Folder for graph.ttl, graph.html and summary.json.")
@store_option("The store to add the documents into; the files are written from all it holds.")
@click.option("--no-store", is_flag=True, help="Build in memory only: the files hold just PATHS.")
@click.option("--rebuild", is_flag=True, help="Extract every document again, even when its graph in the store is current.")
@click.option("--date", callback=parse_date, help="The page date (YYYY-MM-DD) when the input does not give it.")
@click.option("--publisher", help="The paper that 本报 stands for (e.g. 工人日报).")
@click.option("--format", "formats", multiple=True, help="Output format(s); default: turtle and html.")
@click.option("--no-files", is_flag=True,
              help="Write no graph files, only summary.json: the store takes the documents and the files in "
                   "--out stay as they were (for a daily run into a big store; a build with no PATHS writes them).")
@max_document_size_option("Skip a document larger than this (e.g. 5MB, 200kB, or bytes).")
@click.option("--root", type=click.Path(file_okay=False), metavar="DIR",
              help="Document ids are paths relative to DIR (default: the working folder); "
                   "give the same DIR to every build into one store.")
@click.option("--progress/--no-progress", default=None,
              help="Progress on stderr: characters and documents done, with a rate (default: on when stderr is a terminal).")
@click.option("-v", "--verbose", is_flag=True, help="One line on stderr per document stored or unchanged.")
@click.option("--explain-merges", is_flag=True,
              help="List every name resolved to another entity's name, with the reason; the lexicon's decisions apart.")
@click.option("--lexicon", "lexicon_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="A user lexicon (.toml or .tsv): names with type and aliases, stop words, merges (A is B) and "
                   "splits (A is not B); see samples/lexicon.toml. A change rebuilds the documents it names.")
@click.option("-j", "--jobs", default="auto", show_default=True, callback=parse_jobs, metavar="N|auto",
              help="Worker processes for extraction (a local Dask cluster); auto: one per CPU for inputs "
                   "of 1 MB or more, else none (1: in this process, no Dask).")
@click.option("--min-confidence", type=click.FloatRange(0, 1), metavar="C",
              help="Leave out facts stated only with a confidence below C (0-1: each rule's precision "
                   "measured on the development set; see extractors/confidence.py).")
@click.option("--scheduler", envvar="ZHITU_SCHEDULER", metavar="ADDRESS",
              help="Extract on the Dask cluster whose scheduler is at ADDRESS (tcp://HOST:8786; "
                   "also $ZHITU_SCHEDULER) instead of local workers.")
@click.option("--report", "with_report", is_flag=True,
              help="Also write report.html in --out: the build's one-page summary (as zhitu report).")
@click.pass_context
@friendly
def command(ctx: click.Context, paths: tuple[str, ...], out_dir: str, store_dir: str | None, no_store: bool,
            rebuild: bool, date, publisher: str | None, formats: tuple[str, ...], no_files: bool, max_bytes: int | None,
            root: str | None, progress: bool | None, verbose: bool, explain_merges: bool, lexicon_path: str | None,
            min_confidence: float | None,
            jobs: int | str, scheduler: str | None, with_report: bool) -> None:
    """Build the graph from PATHS: .txt/.md/.jsonl files, folders, globs, or - for stdin.

    Each document becomes one named graph in the store (--store, default
    ./zhitu-data), written in one transaction: building a page again replaces
    its graph, entities merge with those already stored, and a document whose
    graph is current (same text, options and pipeline) is not extracted again.
    The files in --out are then written from everything the store holds. With
    no PATHS, only the files are written; with --no-files, only the store and
    summary.json (a daily run into a big store). --no-store builds PATHS in memory.

    Prints what was read (extracted, unchanged, skipped) and what the graph
    written holds (distinct entities and relations, as zhitu stats counts them).
    Exits 0 when at least one document was built (or, with no PATHS, the
    files were written), 1 when none could be or on an error.
    """
    from zhitu.build import run_build
    from zhitu.progress import BuildProgress
    from zhitu.read.lexicon import read_lexicon

    if no_store and given(ctx, "store_dir"):
        raise click.UsageError("give --store or --no-store, not both")
    if not paths and no_store:
        raise click.UsageError("give PATHS to build (with --no-store there is nothing else to write)")
    if no_files and formats:
        raise click.UsageError("give --format or --no-files, not both")
    if no_files and not paths:
        raise click.UsageError("give PATHS to build (with --no-files there is nothing else to do)")
    lexicon = read_lexicon(lexicon_path) if lexicon_path else None
    show = sys.stderr.isatty() if progress is None else progress
    result = run_build(paths, out_dir=out_dir, store_dir=store_dir, in_memory=no_store, rebuild=rebuild,
                       formats=() if no_files else formats or None, date=date, publisher=publisher, jobs=jobs,
                       max_bytes=max_bytes, root=root, scheduler=scheduler, lexicon=lexicon,
                       min_confidence=min_confidence,
                       release_workers=True,  # one build per command: the files need no workers
                       progress=BuildProgress(enabled=show and bool(paths), verbose=verbose))
    if not result.ok:
        fail(f"nothing could be built from {len(paths)} input(s); see {out_dir}/summary.json")
    for line in format_build_report(result.summary):
        click.echo(line)
    for name, path in result.written.items():
        click.echo(f"  {name}: {printable(str(path))}")
    if with_report:
        from pathlib import Path

        from zhitu.output.report import REPORT_NAME, load_report_input, write_report

        page = write_report(load_report_input(out_dir, store_dir=None if no_store else store_dir),
                            Path(out_dir) / REPORT_NAME)
        click.echo(f"  report: {printable(str(page))}")
    if explain_merges and result.dataset is not None:
        from zhitu.graph.merges import explain_merges as explain

        click.echo(explain(result.dataset), nl=False)


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
