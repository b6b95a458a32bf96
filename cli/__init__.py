"""The ``zhitu`` command: the click group, and the list of its commands.

Each command is a module under :mod:`zhitu.cli` that defines a click
command named ``command``: it validates its options, calls one library
function (imported when it runs, so starting the CLI loads no library) and
formats the answer; a :class:`~zhitu.errors.ZhituError` becomes one line on
stderr (:mod:`zhitu.cli._common`). Nothing imports this module: it is the
top of the stack.
"""
from __future__ import annotations

import click

from zhitu import __version__
from zhitu.cli import build, eval, eval_ner, export, extract, ontology, query, remove, report, serve, stats, validate

#: The command modules, in the order data flows (``zhitu --help`` lists them by name).
COMMANDS = (build, extract, query, stats, report, remove, export, validate, ontology, serve, eval, eval_ner)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="zhitu")
def main() -> None:
    """zhitu (知图): Chinese news pages to a knowledge graph you can query, look at and export."""


for _module in COMMANDS:
    main.add_command(_module.command)


if __name__ == "__main__":
    main()
