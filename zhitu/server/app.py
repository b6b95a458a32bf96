"""The HTTP server of ``zhitu serve``: standard library ``http.server``, one
thread per connection.

Routes: ``/sparql`` (the SPARQL 1.1 Protocol, ``zhitu.server.sparql``), ``/``
(the explorer page), ``/static/…`` (its script and stylesheet, and
vis-network from the copy pyvis ships: nothing comes from a CDN) and
``/api/search``, ``/api/neighbours``, ``/api/evidence`` (``zhitu.server.explorer``).

Not for: the open internet. It binds to 127.0.0.1 unless told otherwise and
has no authentication; it is as read-only as the store it is given.
"""
from __future__ import annotations

import json
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from zhitu.errors import ZhituError
from zhitu.server import explorer
from zhitu.server.sparql import Limits, Response, SparqlEndpoint

__all__ = ["ZhituServer", "make_server", "serve_in_thread"]

_STATIC = Path(__file__).parent / "static"
_VIS = "vis-9.1.2"
_MEDIA = {".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
          ".css": "text/css; charset=utf-8"}
_MAX_BODY = 1 << 20
# The page loads only its own files; text is never markup, and nothing may be framed.
_PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                               "frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _static_files() -> dict[str, Path]:
    """URL path → file, fixed when the server starts (no path from a request reaches the disk)."""
    import pyvis

    vis = Path(pyvis.__file__).parent / "templates" / "lib" / _VIS
    files = {f"/static/{p.name}": p for p in _STATIC.iterdir() if p.suffix in _MEDIA}
    files["/static/vis-network.min.js"] = vis / "vis-network.min.js"
    files["/static/vis-network.css"] = vis / "vis-network.css"
    files["/"] = _STATIC / "index.html"
    return files


class ZhituServer(ThreadingHTTPServer):
    """A ThreadingHTTPServer that holds the store, the endpoint and the static files."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], store, limits: Limits) -> None:
        self.store = store
        self.endpoint = SparqlEndpoint(store, limits)
        self.static = _static_files()
        super().__init__(address, _Handler)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def server_close(self) -> None:
        super().server_close()
        self.endpoint.close()


class _Handler(BaseHTTPRequestHandler):
    server: ZhituServer
    server_version = "zhitu"
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
        if getattr(self.server, "quiet", False):
            return
        super().log_message(format, *args)

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_HEAD(self) -> None:
        self._send(Response(405, b"", headers={"Allow": "GET, POST"}))

    def _dispatch(self, method: str) -> None:
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        body = None
        if method == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            if length > _MAX_BODY:
                self._send(Response.error(413, f"request body over {_MAX_BODY} bytes"))
                self.close_connection = True
                return
            body = self.rfile.read(length)
        try:
            if url.path == "/sparql":
                response = self.server.endpoint.handle(method, params, body, self.headers.get("Content-Type"),
                                                       self.headers.get("Accept"))
            elif url.path.startswith("/api/"):
                response = self._api(url.path, params) if method == "GET" else Response.error(405, "use GET")
            elif url.path in self.server.static and method == "GET":
                path = self.server.static[url.path]
                response = Response(200, path.read_bytes(), _MEDIA[path.suffix], dict(_PAGE_HEADERS))
            else:
                response = Response.error(404, f"no such page: {url.path}; try / or /sparql")
        except ZhituError as err:
            response = Response.error(400, str(err))
        self._send(response)

    def _api(self, path: str, params: dict[str, list[str]]) -> Response:
        def arg(name: str, default: str = "") -> str:
            return (params.get(name) or [default])[0]

        store = self.server.store
        if path == "/api/search":
            data = explorer.search(store, arg("q"), entity_type=arg("type") or None)
        elif path == "/api/neighbours":
            data = explorer.neighbours(store, arg("iri"), mentions=arg("mentions") in ("1", "true"))
        elif path == "/api/evidence":
            data = explorer.evidence(store, arg("s"), arg("p"), arg("o"), role=arg("role"))
        elif path == "/api/types":
            data = sorted(explorer.ENTITY_TYPES)
        else:
            return Response.error(404, f"no such API: {path}")
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        return Response(200, body, "application/json; charset=utf-8")

    def _send(self, response: Response) -> None:
        self.send_response(response.status, HTTPStatus(response.status).phrase)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for key, value in response.headers.items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)


def make_server(store, *, host: str = "127.0.0.1", port: int = 0, limits: Limits = Limits(),
                quiet: bool = False) -> ZhituServer:
    """A server for ``store`` bound to ``host:port`` (port 0: a free one); call
    ``serve_forever()`` on it, and ``server_close()`` when done."""
    try:
        server = ZhituServer((host, port), store, limits)
    except OSError as err:
        raise ZhituError(f"cannot listen on {host}:{port}: {err.strerror or err}") from err
    server.quiet = quiet
    return server


def serve_in_thread(server: ZhituServer) -> threading.Thread:
    """Run ``server`` in a daemon thread (for tests and embedding); stop it with ``server.shutdown()``."""
    thread = threading.Thread(target=server.serve_forever, name="zhitu-serve", daemon=True)
    thread.start()
    return thread
