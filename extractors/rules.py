"""How the relation components write facts on a Doc: each relation once, and an
entity a rule infers (a body known only by the abbreviation a name starts with)
added to ``doc._.entities`` in one place. A component that uses these declares
``doc._.relations`` (and ``doc._.entities``, when it infers entities) in its
factory's ``assigns``.

Not for: the facts' types and extensions (:mod:`zhitu.extractors.facts`), or
finding evidence (:mod:`zhitu.extractors.evidence`).
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable

from spacy.tokens import Doc

from zhitu.extractors.evidence import add_relation
from zhitu.extractors.facts import Entity, Offsets, Relation

Key = tuple[str, str]


class Relations:
    """The relations one component adds to one Doc, each added once.

    ``add`` drops a relation of an entity with itself, and one whose ``once``
    key (by default: head, relation, tail, role and value) was added before.
    """

    def __init__(self, doc: Doc, extractor: str) -> None:
        self.doc = doc
        self.extractor = extractor
        self._seen: set[Hashable] = set()

    def add(
        self, head: Key, relation: str, tail: Key | None, *, sentence: Offsets, confidence: float,
        role: str | None = None, value: str | None = None, once: Hashable | None = None,
    ) -> bool:
        """Add the relation unless it is a self-relation or seen; whether it was added."""
        if head == tail:
            return False
        key = (head, relation, tail, role, value) if once is None else once
        if key in self._seen:
            return False
        self._seen.add(key)
        add_relation(self.doc, Relation(
            head=head, relation=relation, tail=tail, role=role, value=value,
            sentence=sentence, extractor=self.extractor, confidence=confidence,
        ))
        return True


def add_inferred_entity(doc: Doc, label: str, canonical: str, *, aliases: Iterable[str] = ()) -> Entity:
    """A new entity with ``aliases`` and no mentions, added to ``doc._.entities``:
    one the text implies without naming it in full (南网… → 中国南方电网有限责任公司).
    The caller has looked for it first, in whatever index it keeps."""
    entity = Entity(label, canonical, set(aliases))
    if doc._.entities is None:
        doc._.entities = []
    doc._.entities.append(entity)
    return entity
