"""``zhitu serve``: the store as a read-only SPARQL endpoint (``/sparql``) and a
browser explorer (``/``), on 127.0.0.1 by default."""
from __future__ import annotations

import click

from zhitu.cli import friendly
from zhitu.commands._options import store_option


@click.command(name="serve")
@store_option("The store to serve (opened read-only).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback exposes the store to the network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--timeout", "timeout_s", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a query may run; past it the answer is 503.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="Solutions or triples sent at most (header X-Zhitu-Max-Rows; X-Zhitu-Truncated when cut).")
@friendly
def command(store_dir: str, host: str, port: int, timeout_s: float, max_rows: int) -> None:
    """Serve the store: SPARQL 1.1 Protocol queries at /sparql (GET or POST;
    JSON, XML, CSV, TSV by Accept; Turtle, N-Triples, RDF/XML, JSON-LD for
    CONSTRUCT and DESCRIBE; SPARQL Update refused) and the explorer at /.
    The store is read as it was when the server started. Ctrl-C stops it."""
    from zhitu.server.app import make_server
    from zhitu.server.sparql import Limits
    from zhitu.store import open_store

    store = open_store(store_dir, read_only=True)
    server = make_server(store, host=host, port=port, limits=Limits(timeout_s=timeout_s, max_rows=max_rows))
    click.echo(f"zhitu: serving {store.path} at {server.url}/ (SPARQL: {server.url}/sparql); Ctrl-C stops",
               err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        store.close()
