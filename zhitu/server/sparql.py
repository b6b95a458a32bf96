"""The SPARQL 1.1 Protocol's query operation over a zhitu store, minus HTTP.

For: turning a protocol request (its parameters, body and headers) into a
response (status, headers, bytes): read-only (SPARQL Update is refused),
with a deadline and a row limit, answers in the format the ``Accept`` header
asks for. ``zhitu.server.app`` only moves bytes between this and the socket.

The limits, and what they cannot do: Oxigraph cannot cancel a running
query. The endpoint runs each query in a worker thread and waits for it until
the deadline; it then answers 503 and the worker stops at its next solution.
A query whose evaluation produces nothing for a long time (a huge ORDER BY or
GROUP BY) keeps its worker busy until Oxigraph finishes it; the pool of
workers is small, so at most that many such queries run at once, and later
ones wait (counting against their own deadlines). Rows past ``max_rows`` are
not sent: the ``X-Zhitu-Max-Rows`` header gives the limit and
``X-Zhitu-Truncated: true`` says when it cut the answer.

Not for: the explorer's JSON API (``zhitu.server.explorer``).
"""
from __future__ import annotations

import concurrent.futures
import re
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from zhitu.errors import QueryError
from zhitu.query import PREFIXES
from zhitu.server.results import (GRAPH_FORMATS, SOLUTION_FORMATS, negotiate, write_boolean, write_solutions,
                                  write_triples)

__all__ = ["Limits", "Response", "SparqlEndpoint", "READ_ONLY_MESSAGE"]

READ_ONLY_MESSAGE = ("this endpoint is read-only: SPARQL Update is refused; the store changes only through "
                     "zhitu build and zhitu remove")

_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
    r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)
_COMMENT = re.compile(r"^\s*#.*$", re.MULTILINE)
_GRAPH_PREFIXES = {**PREFIXES, "zid": "https://w3id.org/zhitu/id/"}


@dataclass(frozen=True)
class Limits:
    """How much one query may take."""

    timeout_s: float = 30.0
    """Seconds from the start of a query to the last row it may produce."""
    max_rows: int = 10_000
    """Solutions (SELECT) or triples (CONSTRUCT, DESCRIBE) sent at most."""
    workers: int = 4
    """Queries evaluated at once."""


@dataclass
class Response:
    """What the endpoint answers: an HTTP status, headers and a body."""

    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def error(cls, status: int, message: str) -> Response:
        return cls(status, (message.rstrip() + "\n").encode("utf-8"))


class _Timeout(Exception):
    pass


class SparqlEndpoint:
    """Answers SPARQL Protocol query requests against ``store`` (a
    :class:`zhitu.store.Store`, normally opened read-only)."""

    def __init__(self, store, limits: Limits = Limits()) -> None:
        self.store = store
        self.limits = limits
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=limits.workers,
                                                           thread_name_prefix="zhitu-sparql")

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    # -- the protocol -----------------------------------------------------------

    def handle(self, method: str, params: Mapping[str, Sequence[str]], body: bytes | None,
               content_type: str | None, accept: str | None) -> Response:
        """One request to ``/sparql``: ``params`` are the URL's query parameters;
        a POST's ``body`` is read according to its ``content_type``."""
        media = (content_type or "").split(";")[0].strip().lower()
        params = {k: list(v) for k, v in params.items()}
        if method == "POST":
            if media == "application/x-www-form-urlencoded":
                from urllib.parse import parse_qs

                for key, values in parse_qs((body or b"").decode("utf-8", "replace"),
                                            keep_blank_values=True).items():
                    params.setdefault(key, []).extend(values)
            elif media == "application/sparql-query":
                params.setdefault("query", []).append((body or b"").decode("utf-8", "replace"))
            elif media == "application/sparql-update":
                return Response.error(403, READ_ONLY_MESSAGE)
            else:
                return Response.error(415, f"unsupported Content-Type {media or '(none)'!r}; send "
                                           "application/x-www-form-urlencoded or application/sparql-query")
        elif method != "GET":
            return Response(405, b"use GET or POST\n", headers={"Allow": "GET, POST"})
        if "update" in params:
            return Response.error(403, READ_ONLY_MESSAGE)
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            return Response.error(400, "give exactly one SPARQL query in the 'query' parameter")
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            return Response.error(400, "default-graph-uri and named-graph-uri are not supported: the default "
                                       "graph is the merge of all documents; use GRAPH ?g for each document")
        return self.run(queries[0], accept)

    def run(self, sparql: str, accept: str | None) -> Response:
        """Evaluate ``sparql`` within the limits and write the answer as ``accept`` asks."""
        if _UPDATE.match(_COMMENT.sub("", sparql)):
            return Response.error(403, READ_ONLY_MESSAGE)
        limits = self.limits
        deadline = time.monotonic() + limits.timeout_s
        stop = threading.Event()
        future = self._pool.submit(self._evaluate, sparql, deadline, stop)
        try:
            kind, variables, items, truncated = future.result(timeout=max(0.0, deadline - time.monotonic()) + 0.5)
        except (concurrent.futures.TimeoutError, _Timeout):
            stop.set()
            return Response.error(503, f"query timed out after {limits.timeout_s:g} s (the server's limit)")
        except QueryError as err:
            if "Update" in str(err):
                return Response.error(403, READ_ONLY_MESSAGE)
            return Response.error(400, str(err))
        headers = {"X-Zhitu-Max-Rows": str(limits.max_rows), "Vary": "Accept"}
        if truncated:
            headers["X-Zhitu-Truncated"] = "true"
        if kind == "graph":
            fmt = negotiate(accept, GRAPH_FORMATS)
            if fmt is None:
                return _not_acceptable(accept, GRAPH_FORMATS)
            return Response(200, write_triples(items, fmt, prefixes=_GRAPH_PREFIXES), fmt.content_type, headers)
        fmt = negotiate(accept, SOLUTION_FORMATS)
        if fmt is None:
            return _not_acceptable(accept, SOLUTION_FORMATS)
        if kind == "boolean":
            return Response(200, write_boolean(items, fmt), fmt.content_type, headers)
        return Response(200, write_solutions(variables, items, fmt), fmt.content_type, headers)

    def _evaluate(self, sparql: str, deadline: float, stop: threading.Event):
        """In a worker: run the query and keep at most ``max_rows`` answers,
        giving up at the deadline or when the waiting request has gone."""
        result = self.store.execute(sparql)
        error: Exception
        try:
            return self._collect(result, deadline, stop)
        except _Timeout:
            error = _Timeout()
        except (OSError, RuntimeError, ValueError, TypeError) as err:  # raised while evaluating
            error = QueryError(f"SPARQL query failed: {' '.join(str(err).split())}")
        finally:
            # Oxigraph's answers must be freed on the thread that made them: a
            # traceback holding this frame's (or _collect's) reference to it
            # would carry it to the waiting thread, so the error raised is a new one.
            del result
        raise error

    def _collect(self, result, deadline: float, stop: threading.Event):
        if isinstance(result, ox.QueryBoolean):
            return "boolean", (), bool(result), False
        limit = self.limits.max_rows
        graph = isinstance(result, ox.QueryTriples)
        items: list = []
        truncated = False
        for count, item in enumerate(result):
            if count % 64 == 0 and (stop.is_set() or time.monotonic() > deadline):
                raise _Timeout()
            if count >= limit:
                truncated = True
                break
            items.append(item if graph else tuple(item))
        if graph:
            return "graph", (), items, truncated
        return "solutions", tuple(v.value for v in result.variables), items, truncated


def _not_acceptable(accept: str | None, formats) -> Response:
    offered = ", ".join(m for f in formats for m in f.media_types)
    return Response.error(406, f"cannot answer in {accept!r}; this query's answer comes as: {offered}")
