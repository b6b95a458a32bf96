"""Finding evidence in a Doc: which sentence an offset is in, and the entity
mentions of a sentence in text order. Shared by the relation components.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc

from zhitu.extractors.facts import text_of, Entity, Offsets


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    entity: Entity

    @property
    def label(self) -> str:
        return self.entity.label


class Evidence:
    """Sentences and mentions of one Doc, indexed once per Doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        text = text_of(doc)
        self.sentences: list[Offsets] = []
        for sent in doc.sents:
            start, end = sent.start_char, sent.end_char
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                self.sentences.append((start, end))
        self._starts = [s for s, _ in self.sentences]
        mentions = [
            Mention(s, e, entity) for entity in (doc._.entities or []) for s, e in entity.mentions
        ]
        mentions.sort(key=lambda m: (m.start, -m.end))
        self.mentions = mentions
        self._by_sentence: dict[int, list[Mention]] = {}
        for m in mentions:
            self._by_sentence.setdefault(self.sentence_index(m.start), []).append(m)

    def sentence_index(self, offset: int) -> int:
        return max(0, bisect_right(self._starts, offset) - 1)

    def sentence_of(self, offset: int) -> Offsets:
        if not self.sentences:
            return (0, len(text_of(self.doc)))
        return self.sentences[self.sentence_index(offset)]

    def mentions_in(self, index: int) -> list[Mention]:
        """Mentions of sentence ``index``, outermost first when they nest."""
        return self._by_sentence.get(index, [])

    def text(self, start: int, end: int) -> str:
        return text_of(self.doc)[start:end]


def add_relation(doc: Doc, relation) -> None:
    if doc._.relations is None:
        doc._.relations = []
    doc._.relations.append(relation)


def evidence_of(doc: Doc) -> Evidence:
    """The Doc's Evidence, built once and rebuilt only when the entities change."""
    entities = doc._.entities or []
    stamp = (id(entities), len(entities), sum(len(e.mentions) for e in entities))
    cached = doc.user_data.get("zhitu.evidence")
    if cached is None or cached[0] != stamp:
        cached = doc.user_data["zhitu.evidence"] = (stamp, Evidence(doc))
    return cached[1]
