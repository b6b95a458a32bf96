"""The SPARQL 1.1 Protocol's query operation over a zhitu store, minus HTTP.

For: reading a protocol request (its parameters, body and headers) into one
query (:func:`read_request`), and answering that query inside a query process
(:func:`answer`): read-only (SPARQL Update is refused), federated queries
(``SERVICE``) refused unless allowed, a row limit and a deadline, the answer
serialised in the format the ``Accept`` header asks for. The HTTP layer
(``zhitu.serve.app``) and the processes that run queries
(``zhitu.serve.workers``) only move requests and bytes.

Why processes: Oxigraph cannot cancel a running query (pyoxigraph 0.5 has no
timeout or cancellation), so a query runs in a process that can be killed
when it overstays its deadline or its memory. :func:`answer` also checks the
deadline itself between rows, so a query that streams rows stops on its own.
Rows past ``max_rows`` are not sent: the ``X-Zhitu-Max-Rows`` header gives the
limit and ``X-Zhitu-Truncated: true`` says when it cut the answer.

Not for: the explorer's JSON API (``zhitu.serve.explorer``).
"""
from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from zhitu.errors import one_line

__all__ = ["Limits", "Response", "read_request", "answer", "uses_service", "READ_ONLY_MESSAGE",
           "SERVICE_MESSAGE", "timed_out"]

READ_ONLY_MESSAGE = ("this endpoint is read-only: SPARQL Update is refused; the store changes only through "
                     "zhitu build and zhitu remove")
SERVICE_MESSAGE = ("federated queries (SERVICE) are refused: they make the server call other hosts; "
                   "start zhitu serve with --allow-service to allow them")

_UPDATE = re.compile(
    r"^\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*"
    r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.IGNORECASE)
_COMMENT = re.compile(r"^\s*#.*$", re.MULTILINE)
# SPARQL 1.1 §19.2: \u and \U escapes may stand for any character of a query.
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


@dataclass(frozen=True)
class Limits:
    """How much one query, and the endpoint as a whole, may take."""

    timeout_s: float = 30.0
    """Seconds from a request's arrival to the last row of its answer (waiting for a free process included)."""
    max_rows: int = 10_000
    """Solutions (SELECT) or triples (CONSTRUCT, DESCRIBE) sent at most."""
    workers: int = 4
    """Queries evaluated at once, each in its own process (one more process is kept ready)."""
    queue: int = 64
    """Requests that may wait for a free process; past it the answer is 503 with Retry-After."""
    memory_mb: int = 2048
    """Address space of one query process (the store's own mappings take about 400 MB)."""


@dataclass
class Response:
    """What the endpoint answers: an HTTP status, headers and a body."""

    status: int
    body: bytes
    content_type: str = "text/plain; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def error(cls, status: int, message: str, **headers: str) -> Response:
        return cls(status, (message.rstrip() + "\n").encode("utf-8"), headers=dict(headers))


# -- the protocol (in the server) -------------------------------------------------


def read_request(method: str, params: Mapping[str, Sequence[str]], body: bytes | None,
                 content_type: str | None) -> str | Response:
    """The query of one request to ``/sparql``, or the error Response to send.

    ``params`` are the URL's query parameters; a POST's ``body`` is read
    according to its ``content_type``. Updates are refused here, before any
    process is asked."""
    media = (content_type or "").split(";")[0].strip().lower()
    params = {k: list(v) for k, v in params.items()}
    if method == "POST":
        if media == "application/x-www-form-urlencoded":
            for key, values in parse_qs((body or b"").decode("utf-8", "replace"), keep_blank_values=True).items():
                params.setdefault(key, []).extend(values)
        elif media == "application/sparql-query":
            params.setdefault("query", []).append((body or b"").decode("utf-8", "replace"))
        elif media == "application/sparql-update":
            return Response.error(403, READ_ONLY_MESSAGE)
        else:
            return Response.error(415, f"unsupported Content-Type {media or '(none)'!r}; send "
                                       "application/x-www-form-urlencoded or application/sparql-query")
    elif method != "GET":
        return Response.error(405, "use GET or POST", Allow="GET, POST")
    if "update" in params:
        return Response.error(403, READ_ONLY_MESSAGE)
    queries = params.get("query", [])
    if len(queries) != 1 or not queries[0].strip():
        return Response.error(400, "give exactly one SPARQL query in the 'query' parameter")
    if params.get("default-graph-uri") or params.get("named-graph-uri"):
        return Response.error(400, "default-graph-uri and named-graph-uri are not supported: the default "
                                   "graph is the merge of all documents; use GRAPH ?g for each document")
    if _is_update(queries[0]):
        return Response.error(403, READ_ONLY_MESSAGE)
    return queries[0]


def _is_update(sparql: str) -> bool:
    return bool(_UPDATE.match(_COMMENT.sub("", sparql)))


def uses_service(sparql: str) -> bool:
    """Whether ``sparql`` holds a ``SERVICE`` pattern, by rdflib's parser.

    Most queries do not mention the word at all, so the parse (slow in pure
    Python) runs only when it appears, \\u escapes decoded; a query that
    mentions it and that rdflib cannot read counts as federated."""
    text = _CODEPOINT.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), sparql)
    if "service" not in text.lower():
        return False
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(text)
    except (ParseException, ValueError, TypeError, RecursionError):
        return True
    return _has_service(tree)


def _has_service(node) -> bool:
    from pyparsing import ParseResults

    stack, seen = [node], set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if getattr(item, "name", None) == "ServiceGraphPattern":
            return True
        if isinstance(item, ParseResults):  # a list with named parts (and registered as a Mapping)
            stack.extend(item)
            stack.extend(item[key] for key in item.keys())
        elif isinstance(item, Mapping):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return False


# -- answering (in a query process) -----------------------------------------------


class _Timeout(Exception):
    pass


def answer(store, sparql: str, accept: str | None, *, limits: Limits, deadline: float,
           prefixes: Mapping[str, str], allow_service: bool = False) -> Response:
    """Evaluate ``sparql`` on ``store`` (a ``pyoxigraph.Store``) until
    ``deadline`` (``time.monotonic()``) and write the answer as ``accept`` asks."""
    import pyoxigraph as ox

    from zhitu.serve.results import (GRAPH_FORMATS, SOLUTION_FORMATS, negotiate, write_boolean,
                                      write_solutions, write_triples)

    if not allow_service and uses_service(sparql):
        return Response.error(403, SERVICE_MESSAGE)
    try:
        result = store.query(sparql, prefixes=dict(prefixes))
        kind, variables, items, truncated = _collect(ox, result, limits.max_rows, deadline)
    except SyntaxError as err:
        if _is_update(sparql):
            return Response.error(403, READ_ONLY_MESSAGE)
        return Response.error(400, f"SPARQL syntax error: {one_line(err)}")
    except _Timeout:
        return timed_out(limits)
    except (OSError, RuntimeError, ValueError, TypeError) as err:  # raised while evaluating
        return Response.error(400, f"SPARQL query failed: {one_line(err)}")
    headers = {"X-Zhitu-Max-Rows": str(limits.max_rows), "Vary": "Accept"}
    if truncated:
        headers["X-Zhitu-Truncated"] = "true"
    if kind == "graph":
        fmt = negotiate(accept, GRAPH_FORMATS)
        if fmt is None:
            return _not_acceptable(accept, GRAPH_FORMATS)
        return Response(200, write_triples(items, fmt, prefixes=prefixes), fmt.content_type, headers)
    fmt = negotiate(accept, SOLUTION_FORMATS)
    if fmt is None:
        return _not_acceptable(accept, SOLUTION_FORMATS)
    if kind == "boolean":
        return Response(200, write_boolean(items, fmt), fmt.content_type, headers)
    return Response(200, write_solutions(variables, items, fmt), fmt.content_type, headers)


def timed_out(limits: Limits) -> Response:
    """The answer to a query that overstayed ``limits.timeout_s``."""
    return Response.error(503, f"query timed out after {limits.timeout_s:g} s (the server's limit)")


def _collect(ox, result, limit: int, deadline: float):
    if isinstance(result, ox.QueryBoolean):
        return "boolean", (), bool(result), False
    graph = isinstance(result, ox.QueryTriples)
    items: list = []
    truncated = False
    for count, item in enumerate(result):
        if count % 64 == 0 and time.monotonic() > deadline:
            raise _Timeout()
        if count >= limit:
            truncated = True
            break
        items.append(item if graph else tuple(item))
    if time.monotonic() > deadline:
        raise _Timeout()
    if graph:
        return "graph", (), items, truncated
    return "solutions", tuple(v.value for v in result.variables), items, truncated


def _not_acceptable(accept: str | None, formats) -> Response:
    offered = ", ".join(m for f in formats for m in f.media_types)
    return Response.error(406, f"cannot answer in {accept!r}; this query's answer comes as: {offered}")
