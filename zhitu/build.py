"""The main job: input pages → extraction → one RDF graph → output files.

Streaming: documents are read lazily, extracted in batches of articles, and
written into the Dataset one document (one named graph) at a time. Every input
document ends up in the summary, built or skipped with its reason.

Not for: command-line parsing (``zhitu.cli``) or formats (``zhitu.output``).
"""
from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from zhitu.graph.namespaces import new_dataset
from zhitu.graph.rdf import add_document
from zhitu.pages.articles import split_articles
from zhitu.pages.model import Article, Document, Skipped
from zhitu.pages.reading import iter_documents

#: Articles LAC reads together (it batches sentences across them).
BATCH_ARTICLES = 64


@dataclass
class Summary:
    """What a build read, built and skipped: written as summary.json."""

    documents_read: int = 0
    documents_built: int = 0
    skipped: list[dict] = field(default_factory=list)
    articles: int = 0
    characters: int = 0
    entities: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    triples: int = 0
    seconds: float = 0.0
    outputs: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "documents": {"read": self.documents_read, "built": self.documents_built,
                          "skipped": len(self.skipped)},
            "skipped": self.skipped,
            "articles": self.articles,
            "characters": self.characters,
            "entities": dict(sorted(self.entities.items())),
            "relations": dict(sorted(self.relations.items())),
            "triples": self.triples,
            "seconds": round(self.seconds, 3),
            "chars_per_second": round(self.characters / self.seconds) if self.seconds else None,
            "outputs": self.outputs,
        }


def build_dataset(
    paths: Iterable[str],
    *,
    date: dt.date | None = None,
    publisher: str | None = None,
    dataset: Dataset | None = None,
    on_skip: Callable[[Skipped], None] | None = None,
    on_document: Callable[[Document], None] | None = None,
    stdin=None,
) -> tuple[Dataset, Summary]:
    """Read, extract and assemble: the Dataset and the run's summary."""
    from zhitu.extractors.pipeline import extract_articles

    started = time.perf_counter()
    dataset = dataset if dataset is not None else new_dataset()
    summary = Summary()

    def skip(item: Skipped) -> None:
        summary.skipped.append({"source": item.source, "line": item.line, "reason": item.reason})
        if on_skip:
            on_skip(item)

    pending: deque[tuple[Document, list]] = deque()

    def items() -> Iterator[tuple[Document, Article]]:
        for item in iter_documents(paths, date=date, publisher=publisher, stdin=stdin):
            summary.documents_read += 1
            if isinstance(item, Skipped):
                skip(item)
                continue
            articles = split_articles(item)
            if not articles:
                skip(Skipped(item.source, "no article text found"))
                continue
            pending.append((item, articles))
            for article in articles:
                yield item, article

    docs: list = []
    for doc in extract_articles(items(), batch_size=BATCH_ARTICLES):
        docs.append(doc)
        document, articles = pending[0]
        if len(docs) < len(articles):
            continue
        pending.popleft()
        errors = [d.user_data["zhitu.error"] for d in docs if "zhitu.error" in d.user_data]
        if errors:
            skip(Skipped(document.source, f"extraction failed: {errors[0]}"))
        else:
            _add(dataset, document, docs, summary, on_document)
        docs = []
    summary.triples = len(dataset)
    summary.seconds = time.perf_counter() - started
    return dataset, summary


def _add(dataset, document, docs, summary, on_document) -> None:
    counts = add_document(dataset, document, docs)
    summary.documents_built += 1
    summary.articles += counts.articles
    summary.characters += len(document.text)
    summary.entities.update(counts.entities)
    summary.relations.update(counts.relations)
    if on_document:
        on_document(document)


def write_outputs(dataset: Dataset, summary: Summary, out_dir: str | Path, formats: Iterable[str]) -> dict[str, Path]:
    """Write each requested format into ``out_dir`` as ``graph.<suffix>``, and summary.json."""
    from zhitu.output import get_writer, write

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name in formats:
        writer = get_writer("", format=name)
        path = out / f"graph{writer.suffixes[0]}"
        write(dataset, path, format=writer.name)
        written[writer.name] = path
        summary.outputs[writer.name] = str(path)
    summary_path = out / "summary.json"
    summary.outputs["summary"] = str(summary_path)
    summary_path.write_text(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    written["summary"] = summary_path
    return written
