"""zhitu (知图): Chinese news pages to a knowledge graph.

Importing this package only defines things: models load lazily, on first use.
The library API lives in the subpackages (``zhitu.read`` reads input,
``zhitu.extractors`` finds facts, ``zhitu.graph`` assembles RDF and NetworkX,
``zhitu.output`` writes formats); ``zhitu.cli`` is a thin layer over them.
"""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("zhitu")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
