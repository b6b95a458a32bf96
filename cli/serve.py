"""``zhitu serve``: the store as a read-only SPARQL endpoint (``/sparql``) and a
browser explorer (``/``), on 127.0.0.1 by default."""
from __future__ import annotations

import ipaddress

import click

from zhitu.cli._common import friendly
from zhitu.cli._options import store_option


@click.command(name="serve")
@store_option("The store to serve (opened read-only).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback exposes the store, without authentication, "
                   "to every machine that can reach this one (a warning says so).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--timeout", "timeout_s", default=30.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a query may take, waiting for a free query process included; past it the answer "
                   "is 503 and the query is stopped.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="Solutions or triples sent at most (header X-Zhitu-Max-Rows; X-Zhitu-Truncated when cut).")
@click.option("--workers", default=4, show_default=True, type=click.IntRange(1, 64),
              help="Query processes, i.e. queries evaluated at once; later ones wait (64 at most, then 503).")
@click.option("--max-memory", "memory_mb", default=2048, show_default=True, type=click.IntRange(min=256),
              help="Megabytes of address space per query process (one with the store open takes about 130); "
                   "a query needing more is stopped with 503.")
@click.option("--allow-service", is_flag=True,
              help="Allow federated queries (SERVICE <url>), which make the server fetch from other hosts.")
@click.option("--allow-host", "allowed_hosts", multiple=True, metavar="NAME",
              help="A host name clients may use in the Host header besides localhost and IP addresses "
                   "(repeatable; others are refused against DNS rebinding).")
@friendly
def command(store_dir: str | None, host: str, port: int, timeout_s: float, max_rows: int, workers: int,
            memory_mb: int, allow_service: bool, allowed_hosts: tuple[str, ...]) -> None:
    """Serve the store: SPARQL 1.1 Protocol queries at /sparql (GET or POST;
    JSON, XML, CSV, TSV by Accept; Turtle, N-Triples, RDF/XML, JSON-LD for
    CONSTRUCT and DESCRIBE; SPARQL Update and, unless allowed, SERVICE
    refused) and the explorer at /. Queries run in separate processes that
    are stopped at the timeout. The store is read as it was when the server
    started. Ctrl-C stops it."""
    from zhitu.serve.app import make_server
    from zhitu.serve.sparql import Limits
    from zhitu.store import open_store

    store = open_store(store_dir, read_only=True)
    limits = Limits(timeout_s=timeout_s, max_rows=max_rows, workers=workers, memory_mb=memory_mb)
    try:
        server = make_server(store, host=host, port=port, limits=limits, allow_service=allow_service,
                             allowed_hosts=set(allowed_hosts))
    except BaseException:
        store.close()
        raise
    if not _is_loopback(host):
        click.echo(f"zhitu: warning: listening on {host}: anyone who can reach this machine can read the whole "
                   "store (there is no authentication); use --host 127.0.0.1 to keep it local", err=True)
    if allow_service:
        click.echo("zhitu: warning: --allow-service: queries may make this server fetch from any host it can "
                   "reach, the local network included", err=True)
    click.echo(f"zhitu: serving {store.path} at {server.url}/ (SPARQL: {server.url}/sparql); Ctrl-C stops",
               err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        store.close()


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
