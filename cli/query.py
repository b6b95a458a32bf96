"""``zhitu query``: SPARQL over the store or over graph files, one query given
as text, a .rq file or a named query; the answer as a table, CSV, TSV, JSON
or RDF.

The work is :func:`zhitu.store.Store.query` or :func:`zhitu.query.run_query`;
the answer is formatted by :func:`zhitu.output.answers.format_result`.
"""
from __future__ import annotations

import click

from zhitu.cli._common import friendly
from zhitu.cli._options import given, store_option


@click.command(name="query")
@click.argument("args", nargs=-1, metavar="[GRAPH_FILES]... [SPARQL | PARAMETER]")
@store_option("The store to query when no GRAPH_FILES are given.")
@click.option("--file", "query_file", type=click.File(encoding="utf-8"), help="Read the query from a .rq file.")
@click.option("--named", "named", metavar="NAME", help="Run a named query (see --list); its PARAMETER is the last argument.")
@click.option("--list", "list_named", is_flag=True, help="List the named queries with their parameters and exit.")
@click.option("--as-of", "as_of", metavar="DATE", help="For a named query that takes it (posts-of): what held on DATE (YYYY-MM-DD).")
@click.option("--format", "fmt", default="table", show_default=True,
              help="table, csv, tsv or json (SELECT/ASK); turtle, nt or json (CONSTRUCT/DESCRIBE).")
@click.pass_context
@friendly
def command(ctx: click.Context, args: tuple[str, ...], store_dir: str | None, query_file, named: str | None,
            list_named: bool, as_of: str | None, fmt: str) -> None:
    """Run a SPARQL query over the store, or over GRAPH_FILES when given.

    The query is the last argument, or --file, or --named NAME with the
    named query's PARAMETERs last (names or aliases, bound as literals):

      zhitu query --named posts 澄溪市总工会
      zhitu query --named posts-of 林晓岚 --as-of 2020-03-01
      zhitu query --named holders-of 主席 澄溪市总工会

    Prefixes zt, org, schema, skos, prov, rdfs, rdf, xsd, owl need no declaring.
    """
    from zhitu.output import is_file
    from zhitu.output import read as load_graph
    from zhitu.output.answers import format_result
    from zhitu.query import format_named_list, named_query, run_query

    if list_named:
        click.echo(format_named_list(), nl=False)
        return
    if sum(x is not None for x in (query_file, named)) > 1:
        raise click.UsageError("give one of --file and --named")
    positional = list(args)
    bindings = None
    if as_of is not None and named is None:
        raise click.UsageError("--as-of goes with a named query that takes it (see --list)")
    if named is not None:
        chosen = named_query(named)
        if as_of is not None and chosen.option("--as-of") is None:
            raise click.UsageError(f"the named query {chosen.name!r} does not take --as-of: {chosen.usage}")
        count = len(chosen.parameters)
        if len(positional) < count:
            raise click.UsageError(f"the named query {chosen.name!r} needs its {' '.join(chosen.arguments)} "
                                   f"argument{'s' if count > 1 else ''}: {chosen.usage}")
        values = positional[len(positional) - count:] if count else []
        del positional[len(positional) - count:]
        bindings = chosen.bind(*values, options={"--as-of": as_of})
        text = chosen.text
    elif query_file is not None:
        text = query_file.read()
    elif positional and not (len(positional) == 1 and is_file(positional[0])):
        text = positional.pop()
    else:
        raise click.UsageError("give a SPARQL query (the last argument), --file or --named")
    if positional:
        if given(ctx, "store_dir"):
            raise click.UsageError("give GRAPH_FILES or --store, not both")
        result = run_query(load_graph(positional), text, bindings=bindings)
    else:
        from zhitu.store import open_store

        with open_store(store_dir, read_only=True) as store:
            result = store.query(text, bindings=bindings)
    click.echo(format_result(result, fmt), nl=False)
