"""``python -m zhitu.cli``: the ``zhitu`` command."""
from zhitu.cli import main

main()
