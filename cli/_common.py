"""How every command reports a failure: one line on stderr, no traceback.

Exit statuses: 1 for a library error (:class:`~zhitu.errors.ZhituError`) or a
failed run, 2 for a usage error (click's own, and a name that is not one of the
valid choices). Only click and :mod:`zhitu.errors` here.

Not for: options (:mod:`zhitu.cli._options`) or registering commands
(:mod:`zhitu.cli`).
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import NoReturn, TypeVar

import click

from zhitu.errors import UnknownChoiceError, ZhituError, printable

F = TypeVar("F", bound=Callable)


def fail(message: str, *, status: int = 1) -> NoReturn:
    """Print ``zhitu: error: <message>`` on stderr (control characters
    escaped) and exit with ``status``."""
    click.echo(f"zhitu: error: {printable(message)}", err=True)
    sys.exit(status)


def friendly(func: F) -> F:
    """Report library errors as one line on stderr, without a traceback: exit
    status 1, or 2 for a choice that is not one of the valid ones (a usage
    error, as click's own)."""

    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ZhituError as err:
            fail(str(err), status=2 if isinstance(err, UnknownChoiceError) else 1)

    return wrapper  # type: ignore[return-value]
