"""Every exception zhitu raises on purpose.

The CLI turns a :class:`ZhituError` into one line on stderr, without a
traceback; anything else is a bug.
"""
from __future__ import annotations


class ZhituError(Exception):
    """Base class: a user-facing problem with a one-line message."""


class InputError(ZhituError):
    """An input document (or one line of it) cannot be read.

    ``source`` names the file (and ``line`` the line, for JSON Lines) so the
    message can say where the problem is.
    """

    def __init__(self, source: str, problem: str, *, line: int | None = None) -> None:
        self.source = source
        self.problem = problem
        self.line = line
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {problem}")


class UnknownChoiceError(ZhituError, ValueError):
    """A name (format, component, query…) that is not one of the valid choices."""

    def __init__(self, kind: str, name: str, choices: list[str] | tuple[str, ...]) -> None:
        self.kind, self.name, self.choices = kind, name, sorted(choices)
        super().__init__(f"unknown {kind} {name!r}; choose from: {', '.join(self.choices)}")


class QueryError(ZhituError):
    """A SPARQL query that does not parse or cannot run."""


class GoldError(ZhituError):
    """A gold file that does not follow SCHEMA.md."""


class StoreError(ZhituError):
    """A graph store that cannot be opened, is locked by another process, or
    refuses a change (opened read-only)."""


class ShapesError(ZhituError):
    """SHACL shapes that the validator cannot run (a malformed shapes graph)."""
