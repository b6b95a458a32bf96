"""CLI commands beyond the core four, one module each: a module defines a click
command named ``command`` and ``zhitu.cli`` adds it to the ``zhitu`` group.
Use ``zhitu.cli.friendly`` to turn library errors into one-line messages."""
