"""The HTML writer entry of the registry: RDF → NetworkX → offline pyvis page."""
from __future__ import annotations

from pathlib import Path

from rdflib import Dataset

from zhitu.graph.nx import to_networkx
from zhitu.output.html import write_html


def write_html_view(dataset: Dataset, path: Path) -> None:
    write_html(to_networkx(dataset, include_mentions=False), path)
