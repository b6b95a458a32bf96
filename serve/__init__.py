"""``zhitu serve``: a read-only SPARQL 1.1 Protocol endpoint and a browser
explorer over a zhitu store, on uvicorn, each query in a process that can be
stopped.

Modules: ``app`` (HTTP, routes, what guards the host), ``sparql`` (the
protocol, limits), ``workers`` (the query processes), ``results`` (answer
formats, content negotiation), ``explorer`` (the page's JSON API),
``mentions`` (where evidence names a relation's ends whole); the page
itself is under ``static/``. Importing this package loads nothing heavy; the
server starts only through :func:`make_server`.
"""
from __future__ import annotations

__all__ = ["make_server", "Limits"]


def __getattr__(name: str):
    if name == "make_server":
        from zhitu.serve.app import make_server

        return make_server
    if name == "Limits":
        from zhitu.serve.sparql import Limits

        return Limits
    raise AttributeError(name)
