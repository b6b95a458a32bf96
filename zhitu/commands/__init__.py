"""The commands of ``zhitu``, one module each: a module defines a click command
named ``command`` and :data:`zhitu.cli.COMMANDS` lists it. Shared here:
:mod:`~zhitu.commands._common` (``friendly``: library errors as one line) and
:mod:`~zhitu.commands._options` (``--store``, sizes, dates). A command module
imports only click and these at the top; the library it calls, when it runs."""
