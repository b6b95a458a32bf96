"""``zhitu extract --lines``: entities of each input line, with offsets into it."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from zhitu.ontology.vocabulary import ENTITY_LABELS


def extract_lines(lines: Iterable[str], *, batch_size: int = 256) -> Iterator[dict]:
    """``{"text", "entities": [{"start", "end", "label", "text"}]}`` for each line."""
    from zhitu.extractors.pipeline import default_pipeline

    nlp = default_pipeline()
    batch: list[str] = []

    def flush() -> Iterator[dict]:
        docs = list(nlp.tokenizer.pipe(batch, batch_size=len(batch)))
        for text, doc in zip(batch, nlp.pipe(docs)):
            yield {
                "text": text,
                "entities": [
                    {"start": e.start_char, "end": e.end_char, "label": e.label_, "text": e.text}
                    for e in doc.ents if e.label_ in ENTITY_LABELS
                ],
            }

    for line in lines:
        batch.append(line)
        if len(batch) >= batch_size:
            yield from flush()
            batch = []
    if batch:
        yield from flush()
