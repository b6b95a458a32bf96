"""Every exception zhitu raises on purpose.

The CLI turns a :class:`ZhituError` into one line on stderr, without a
traceback; anything else is a bug.
"""
from __future__ import annotations

import unicodedata


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


class OutputError(ZhituError):
    """A file or folder zhitu writes (graph files, summary.json, the store)
    that cannot be written: the message names the path and the system's reason."""

    def __init__(self, path: object, reason: str) -> None:
        self.path, self.reason = str(path), reason
        super().__init__(f"cannot write {self.path}: {reason}")


def os_reason(err: OSError) -> str:
    """The system's words for ``err`` ("No space left on device"), without the
    errno and path that ``str(err)`` repeats."""
    return err.strerror or " ".join(str(err).split()) or type(err).__name__


def printable(text: str) -> str:
    """``text`` safe for one line of a terminal: control and format characters,
    line separators and lone surrogates (undecodable file-name bytes) escaped
    as ``\\n``, ``\\x1b``, ``\\u202e``, ``\\udcff``.

    A file name may hold any of them; printed raw, a newline forges a line of
    zhitu's output and an escape sequence rewrites the terminal.
    """
    if text.isprintable():
        return text
    return "".join(_escape(ch) for ch in text)


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: Other (control, format, surrogate) and line/paragraph separators.
_UNSAFE = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def _escape(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    if unicodedata.category(ch) not in _UNSAFE:
        return ch
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def one_line(err: BaseException | str) -> str:
    """An error's message on one line, at most 200 characters (what the CLI and
    the endpoint show of a library's or parser's message)."""
    text = " ".join(str(err).split())
    return text if len(text) <= 200 else text[:197] + "..."
