"""The HTTP side of ``zhitu serve``: an ASGI application (Starlette's requests
and responses) on uvicorn, with the queries themselves in separate processes
(``zhitu.serve.workers``).

Routes: ``/sparql`` (the SPARQL 1.1 Protocol, ``zhitu.serve.sparql``), ``/``
(the explorer page), ``/static/…`` (its script and stylesheet, and
vis-network from the copy pyvis ships: nothing comes from a CDN) and the
page's JSON calls, ``/api/search``, ``/api/neighbours``, ``/api/evidence``,
``/api/types``, ``/api/place``, ``/api/overview``, ``/api/path``,
``/api/timeline``, ``/api/queries`` and ``/api/named`` (``zhitu.serve.explorer``).

What guards the host: a request must name this server in ``Host`` (loopback
names, an IP address, the bound host or ``allowed_hosts``: a DNS-rebinding
page sends its own name) and may not come from another origin (``Origin``,
``Sec-Fetch-Site``); federated queries are refused unless allowed; a request
must arrive whole within :data:`REQUEST_READ_S`; uvicorn (h11) answers
malformed HTTP with 400 and closes idle keep-alive connections.

Not for: the open internet. It binds to 127.0.0.1 unless told otherwise and
has no authentication; it is as read-only as the store it is given.
"""
from __future__ import annotations

import ipaddress
import json
import socket
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from uvicorn.protocols.http.h11_impl import H11Protocol

from zhitu.errors import ZhituError
from zhitu.serve.sparql import Limits, Response, read_request
from zhitu.serve.workers import QueryPool

__all__ = ["ZhituServer", "make_server", "serve_in_thread", "REQUEST_READ_S", "LOOPBACK_NAMES"]

_STATIC = Path(__file__).parent / "static"
_VIS = "vis-9.1.2"
_MEDIA = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
          ".css": "text/css; charset=utf-8"}
_MAX_BODY = 1 << 20
#: Seconds a client has to send a whole request (headers and body) once it
#: connects or its previous answer is sent; then the connection is closed.
REQUEST_READ_S = 10.0
#: Idle keep-alive connections are closed after this many seconds.
KEEP_ALIVE_S = 5
#: Open connections at most; past it uvicorn answers 503.
MAX_CONNECTIONS = 1000
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_WILDCARDS = {"0.0.0.0", "::", ""}
# The page loads only its own files; text is never markup, and nothing may be framed.
_PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                               "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _static_files() -> dict[str, Response]:
    """URL path → answer, read when the server starts (no path from a request reaches the disk)."""
    import pyvis

    vis = Path(pyvis.__file__).parent / "templates" / "lib" / _VIS
    files = {f"/static/{p.name}": p for p in _STATIC.iterdir() if p.suffix in _MEDIA}
    files["/static/vis-network.min.js"] = vis / "vis-network.min.js"
    files["/static/vis-network.css"] = vis / "vis-network.css"
    files["/"] = _STATIC / "index.html"
    answers = {url: Response(200, path.read_bytes(), _MEDIA[path.suffix], dict(_PAGE_HEADERS))
               for url, path in files.items()}
    answers["/"] = Response(200, _explorer_page(files["/"].read_text(encoding="utf-8")), _MEDIA[".html"],
                            dict(_PAGE_HEADERS))
    return answers


def _explorer_page(html: str) -> bytes:
    """The explorer's page with the one vocabulary (types, relations, colours) as a
    JSON data block: the page's script draws with it, so no table is kept in JavaScript."""
    from zhitu.ontology.vocabulary import as_json

    # A data block is not run (the CSP allows no inline script anyway); "</" must not end it.
    data = json.dumps(as_json(), ensure_ascii=False).replace("</", "<\\/")
    placeholder = '<script id="vocabulary" type="application/json">{}</script>'
    if placeholder not in html:
        raise RuntimeError("the explorer page lost its vocabulary block")
    return html.replace(placeholder, f'<script id="vocabulary" type="application/json">{data}</script>').encode("utf-8")


class _Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with a deadline for reading each request,
    and without Nagle's delay.

    uvicorn closes a keep-alive connection that stays silent after an answer,
    but not one that never sends a request or sends half of one; those are
    closed :data:`REQUEST_READ_S` after the connection or the last answer."""

    _read_timer = None

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        # uvicorn writes an answer's head and body separately: without this,
        # Nagle's algorithm holds the body until the client's delayed ACK (~40 ms).
        # (asyncio sets it only on sockets made with proto=IPPROTO_TCP.)
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._arm_read_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_read_timer()

    def connection_lost(self, exc) -> None:
        if self._read_timer is not None:
            self._read_timer.cancel()
        super().connection_lost(exc)

    def _arm_read_timer(self) -> None:
        if self._read_timer is not None:
            self._read_timer.cancel()
        self._read_timer = self.loop.call_later(REQUEST_READ_S, self._read_timed_out)

    def _read_timed_out(self) -> None:
        cycle = self.cycle
        if cycle is not None and not cycle.response_complete and not cycle.more_body:
            return  # the request is in and being answered: the query's deadline applies
        if not self.transport.is_closing():
            self.transport.close()


class _App:
    """The ASGI application: checks, then routes."""

    def __init__(self, pool: QueryPool, limits: Limits, *, allowed_hosts: frozenset[str]) -> None:
        self.pool = pool
        self.limits = limits
        self.allowed_hosts = allowed_hosts
        self.static = _static_files()

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return  # no lifespan or websocket handling: uvicorn is told so
        from starlette.requests import ClientDisconnect, Request

        request = Request(scope, receive)
        try:
            response = await self._respond(request)
        except ClientDisconnect:
            return
        await _starlette(response)(scope, receive, send)

    async def _respond(self, request) -> Response:
        refused = self._refusal(request)
        if refused is not None:
            return refused
        path, method = request.url.path, request.method
        if path == "/sparql":
            return await self._sparql(request)
        if path.startswith("/api/"):
            if method != "GET":
                return Response.error(405, "use GET", Allow="GET")
            deadline = time.monotonic() + self.limits.timeout_s
            params = {key: value for key, value in request.query_params.items()}
            return await self.pool.run(("api", path, params), deadline)
        if path in self.static:
            if method not in ("GET", "HEAD"):
                return Response.error(405, "use GET", Allow="GET, HEAD")
            return self.static[path]
        return Response.error(404, f"no such page: {path}; try / or /sparql")

    async def _sparql(self, request) -> Response:
        deadline = time.monotonic() + self.limits.timeout_s
        if request.method not in ("GET", "POST"):
            return Response.error(405, "use GET or POST", Allow="GET, POST")
        body = None
        if request.method == "POST":
            body = await _read_body(request)
            if isinstance(body, Response):
                return body
        params: dict[str, list[str]] = {}
        for key, value in request.query_params.multi_items():
            params.setdefault(key, []).append(value)
        query = read_request(request.method, params, body, request.headers.get("content-type"))
        if isinstance(query, Response):
            return query
        return await self.pool.run(("sparql", query, request.headers.get("accept")), deadline)

    def _refusal(self, request) -> Response | None:
        """400 or 403 for requests this server must not answer (see the module's docstring)."""
        host = request.headers.get("host", "")
        if not _host_allowed(host, self.allowed_hosts):
            return Response.error(400, f"this server does not answer for host {host!r}; it answers for "
                                       f"{', '.join(sorted(self.allowed_hosts))} and IP addresses "
                                       "(zhitu serve --allow-host NAME adds a name)")
        origin = request.headers.get("origin")
        if origin is not None and origin.lower() != f"http://{host}".lower():
            return Response.error(403, f"cross-origin request from {origin!r} refused")
        site = request.headers.get("sec-fetch-site")
        if site is not None and site.lower() not in ("same-origin", "none"):
            return Response.error(403, f"request from another site refused (Sec-Fetch-Site: {site})")
        return None


async def _read_body(request) -> bytes | Response:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > _MAX_BODY:
        return Response.error(413, f"request body over {_MAX_BODY} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():  # chunked bodies have no length: count as they come
        size += len(chunk)
        if size > _MAX_BODY:
            return Response.error(413, f"request body over {_MAX_BODY} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _starlette(response: Response):
    from starlette.responses import Response as StarletteResponse

    # nosniff everywhere: an error message may echo a request's text.
    headers = {"X-Content-Type-Options": "nosniff", **response.headers, "content-type": response.content_type}
    return StarletteResponse(response.body, status_code=response.status, headers=headers)


def _host_allowed(host_header: str, allowed: frozenset[str]) -> bool:
    """Whether ``Host: host_header`` names this server: an allowed name, or an
    IP address (a rebinding page cannot make the browser send one for its own site)."""
    host = urlsplit(f"//{host_header}").hostname if host_header else None
    if not host:
        return False
    if host in allowed:
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class ZhituServer:
    """uvicorn serving :class:`_App` on a socket bound at construction (so a
    busy port fails at once, and port 0 is known before serving)."""

    def __init__(self, store, *, host: str, port: int, limits: Limits, quiet: bool, allow_service: bool,
                 allowed_hosts: frozenset[str]) -> None:
        import uvicorn

        from zhitu.graph.results import RESULT_PREFIXES

        self.store = store
        self.socket = _listen(host, port)
        try:
            self.pool = QueryPool(store.path, limits, prefixes=dict(RESULT_PREFIXES),
                                  allow_service=allow_service)
        except BaseException:
            self.socket.close()
            raise
        hosts = allowed_hosts | LOOPBACK_NAMES | ({host} if host not in _WILDCARDS else set())
        self.app = _App(self.pool, limits, allowed_hosts=frozenset(hosts))
        config = uvicorn.Config(self.app, http=_Protocol, loop="asyncio", lifespan="off", ws="none",
                                interface="asgi3", timeout_keep_alive=KEEP_ALIVE_S,
                                limit_concurrency=MAX_CONNECTIONS, backlog=2048, timeout_graceful_shutdown=2,
                                server_header=False, date_header=True, access_log=not quiet,
                                log_config=None if quiet else _log_config(), log_level="error" if quiet else None)
        self._server = uvicorn.Server(config)
        self._stopped = threading.Event()
        self._stopped.set()

    @property
    def url(self) -> str:
        host, port = self.socket.getsockname()[:2]
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    @property
    def started(self) -> bool:
        """Whether uvicorn is accepting connections."""
        return self._server.started

    def connections(self) -> list:
        """uvicorn's protocol object of each open connection (for tests)."""
        return list(self._server.server_state.connections)

    @property
    def server_address(self) -> tuple[str, int]:
        return self.socket.getsockname()[:2]

    def serve_forever(self) -> None:
        """Serve until :meth:`shutdown` (or SIGINT/SIGTERM, in the main thread)."""
        self._stopped.clear()
        try:
            self._server.run(sockets=[self.socket])
        finally:
            self._stopped.set()

    def shutdown(self) -> None:
        """Stop :meth:`serve_forever` and wait for it to return."""
        self._server.should_exit = True
        self._stopped.wait(10)

    def server_close(self) -> None:
        """Kill the query processes and close the socket."""
        self.pool.close()
        self.socket.close()


def _listen(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family, backlog=2048, reuse_port=False)
    except OSError as err:
        raise ZhituError(f"cannot listen on {host}:{port}: {err.strerror or err}") from err
    except (OverflowError, ValueError) as err:
        raise ZhituError(f"cannot listen on {host}:{port}: {err}") from err


def _log_config() -> dict:
    """uvicorn's logging, less its start-up chatter (zhitu serve prints its own line)."""
    from uvicorn.config import LOGGING_CONFIG

    config = {**LOGGING_CONFIG, "loggers": {name: dict(value) for name, value in LOGGING_CONFIG["loggers"].items()}}
    config["loggers"]["uvicorn.error"]["level"] = "WARNING"
    return config


def make_server(store, *, host: str = "127.0.0.1", port: int = 0, limits: Limits = Limits(),
                quiet: bool = False, allow_service: bool = False,
                allowed_hosts: frozenset[str] | set[str] = frozenset()) -> ZhituServer:
    """A server for ``store`` (a :class:`zhitu.store.Store`; the query
    processes open its folder read-only) bound to ``host:port`` (port 0: a
    free one), its query processes started; call ``serve_forever()`` on it,
    and ``server_close()`` when done."""
    return ZhituServer(store, host=host, port=port, limits=limits, quiet=quiet, allow_service=allow_service,
                       allowed_hosts=frozenset(h.lower() for h in allowed_hosts))


def serve_in_thread(server: ZhituServer) -> threading.Thread:
    """Run ``server`` in a daemon thread (for tests and embedding); stop it with ``server.shutdown()``."""
    thread = threading.Thread(target=server.serve_forever, name="zhitu-serve", daemon=True)
    thread.start()
    for _ in range(500):  # until uvicorn listens, so a request right away is answered
        if server.started:
            break
        time.sleep(0.01)
    return thread

