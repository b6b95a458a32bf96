"""Options shared by the commands that work on a store (build, query, remove,
stats). Only click here: the store library is imported when a command runs."""
from __future__ import annotations

from collections.abc import Callable

import click

#: Kept equal to ``zhitu.store.DEFAULT_STORE`` / ``STORE_ENV`` (importing the
#: store here would load pyoxigraph whenever the CLI starts).
DEFAULT_STORE = "zhitu-data"
STORE_ENV = "ZHITU_STORE"


def store_option(help_text: str = "The store folder.") -> Callable[[Callable], Callable]:
    """``--store DIR``: default ``./zhitu-data``, or ``$ZHITU_STORE`` when set."""
    return click.option(
        "--store", "store_dir", default=DEFAULT_STORE, envvar=STORE_ENV, show_default=True,
        type=click.Path(file_okay=False),
        help=f"{help_text} Also set by ${STORE_ENV}.",
    )
