"""``zhitu extract --lines``: the mentions of each input line, with offsets into it.

A mention is a span of text that names a person, place, organisation, programme or
event. The graph keeps fewer of them than the text holds: the rule components drop
names that identify no node on their own (a single character such as 中 in 中美关系,
a bare 村委会), and retype or join others into the graph's entities. Each line
reports the graph's entities (``"graph": true``) and, beside them, the mentions the
NER found that no entity covers (``"graph": false``), so a NER user sees what the
model read and a graph user what the graph holds.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from zhitu.ontology.vocabulary import ENTITY_LABELS


def extract_lines(lines: Iterable[str], *, batch_size: int = 256) -> Iterator[dict]:
    """``{"text", "entities": [{"start", "end", "label", "text", "graph"}]}`` for each line."""
    from zhitu.extractors.pipeline import default_pipeline

    nlp = default_pipeline()
    batch: list[str] = []

    def flush() -> Iterator[dict]:
        docs = list(nlp.tokenizer.pipe(batch, batch_size=len(batch)))
        for text, doc in zip(batch, nlp.pipe(docs)):
            yield {"text": text, "entities": mentions(doc)}

    for line in lines:
        batch.append(line)
        if len(batch) >= batch_size:
            yield from flush()
            batch = []
    if batch:
        yield from flush()


def mentions(doc: Doc) -> list[dict]:
    """The Doc's entities, then the NER's mentions that overlap none of them, in text order."""
    found = [(e.start_char, e.end_char, e.label_, True) for e in doc.ents if e.label_ in ENTITY_LABELS]
    covered = sorted((start, end) for start, end, _, _ in found)
    for span in doc.spans.get("ner", ()):
        start, end = span.start_char, span.end_char
        if span.label_ in ENTITY_LABELS and not _overlaps(covered, start, end):
            found.append((start, end, span.label_, False))
    text = doc.text
    return [
        {"start": start, "end": end, "label": label, "text": text[start:end], "graph": graph}
        for start, end, label, graph in sorted(found)
    ]


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps any of the sorted, non-overlapping ``spans``."""
    i = bisect_left(spans, (end,))
    return i > 0 and spans[i - 1][1] > start
