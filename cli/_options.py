"""Options and value parsers the commands share. Only click here: a default
that the library defines (the store folder, the document size cap) is left to
the library, and its help is looked up only when help is shown, so starting
the CLI imports no library.

Not for: error reporting (:mod:`zhitu.cli._common`).
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import click


class _LibraryDefault(click.Option):
    """An option left as None when not given, so that the library applies its
    own default; ``describe`` adds that default (and whatever else the library
    defines) to the help text, importing the library only then."""

    def __init__(self, *args, describe: Callable[[str], str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._describe = describe

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        if record is None:
            return None
        spec, text = record
        return spec, self._describe(text)


def _describe_store(text: str) -> str:
    from zhitu.store import DEFAULT_STORE, STORE_ENV

    return f"{text} Also set by ${STORE_ENV}.  [default: {DEFAULT_STORE}]"


def store_option(help_text: str = "The store folder.") -> Callable[[Callable], Callable]:
    """``--store DIR``; not given, the command passes None and
    :func:`zhitu.store.open_store` opens ``$ZHITU_STORE`` or its default folder."""
    return click.option("--store", "store_dir", cls=_LibraryDefault, describe=_describe_store,
                        type=click.Path(file_okay=False), help=help_text)


def given(ctx: click.Context, name: str) -> bool:
    """Whether the parameter ``name`` was given on the command line."""
    return ctx.get_parameter_source(name) is click.core.ParameterSource.COMMANDLINE


# -- --max-document-size ------------------------------------------------------------------

_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 10**3, "kb": 10**3, "kib": 2**10, "m": 10**6, "mb": 10**6, "mib": 2**20,
          "g": 10**9, "gb": 10**9, "gib": 2**30}


def parse_size(text: str) -> int:
    """Bytes in ``5MB``, ``200kB``, ``1.5GiB`` or ``4096`` (kB/MB/GB are powers of
    1000, KiB/MiB/GiB of 1024); ValueError for anything else."""
    match = _SIZE.fullmatch(text)
    if not match:
        raise ValueError(text)
    number, unit = match.groups()
    size = int(float(number) * _UNITS[(unit or "").lower()])
    if size < 1:
        raise ValueError(text)
    return size


def format_size(size: int) -> str:
    """``5MB``, ``200kB``, ``64KiB`` or ``4096B``: exact, what :func:`parse_size` reads back."""
    for unit, factor in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3), ("GiB", 2**30), ("MiB", 2**20),
                         ("KiB", 2**10)):
        if size >= factor and size % factor == 0:
            return f"{size // factor}{unit}"
    return f"{size}B"


def _parse_size(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return parse_size(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a size such as 5MB, 200kB or 4096 (bytes)") from None


def _describe_size_cap(text: str) -> str:
    from zhitu.read import reading

    default = getattr(reading, "DEFAULT_MAX_BYTES", None)
    return text if default is None else f"{text}  [default: {format_size(default)}]"


def max_document_size_option(help_text: str) -> Callable[[Callable], Callable]:
    """``--max-document-size SIZE`` as bytes; not given, None: the reading
    stage's own cap (``zhitu.read.reading.DEFAULT_MAX_BYTES``)."""
    return click.option("--max-document-size", "max_bytes", cls=_LibraryDefault, describe=_describe_size_cap,
                        callback=_parse_size, metavar="SIZE", help=help_text)


# -- other values -------------------------------------------------------------------------

def parse_date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    """A click callback: ``YYYY-MM-DD`` → date."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form") from None


def parse_jobs(ctx: click.Context, param: click.Parameter, value: str) -> int | str:
    """A click callback: a positive number of worker processes, or ``auto``."""
    if value == "auto":
        return value
    if value.isdigit() and int(value) >= 1:
        return int(value)
    raise click.BadParameter(f"{value!r} is not a positive number or 'auto'")
