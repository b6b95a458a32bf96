"""JSON-LD writer: the dataset compacted with zhitu's published @context
(``ontology/context.jsonld``: every zhitu prefix, a short term for every
class and property zhitu writes, ``@language: zh``), embedded in the file so
it reads offline. Named graphs are kept (one per input document).

Compaction is rdflib's JSON-LD serializer; nodes are sorted by ``@id`` and
multi-valued properties by value, so the same graph gives the same file.

Not for: the other RDF syntaxes (``zhitu.output.rdf``).
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from rdflib import Dataset

from zhitu.output.atomic import atomic_open

__all__ = ["CONTEXT_PATH", "context", "to_jsonld", "write_jsonld"]

#: The published @context (package data of ``zhitu.ontology``).
CONTEXT_PATH = Path(str(files("zhitu.ontology") / "context.jsonld"))


@lru_cache(maxsize=1)
def _context_text() -> str:
    return CONTEXT_PATH.read_text(encoding="utf-8")


def context() -> dict[str, Any]:
    """The value of ``@context`` in ``ontology/context.jsonld`` (a fresh copy)."""
    return json.loads(_context_text())["@context"]


def to_jsonld(dataset: Dataset) -> dict[str, Any]:
    """The dataset as a compacted JSON-LD document."""
    text = dataset.serialize(format="json-ld", context=context(), auto_compact=True)
    document = json.loads(text)
    document["@context"] = context()  # the published one verbatim, in its own order
    return _sorted(document)


def _sorted(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _sorted(item) for key, item in value.items()}
    if isinstance(value, list):
        items = [_sorted(item) for item in value]
        return sorted(items, key=lambda item: (item.get("@id", "") if isinstance(item, dict) else "",
                                               json.dumps(item, ensure_ascii=False, sort_keys=True)))
    return value


def write_jsonld(dataset: Dataset, path: Path) -> None:
    document = to_jsonld(dataset)
    with atomic_open(path, "w", encoding="utf-8", newline="\n") as handle:
        json.dump(document, handle, ensure_ascii=False, indent=2)
        handle.write("\n")
