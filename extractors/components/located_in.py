"""``zhitu_located_in``: what is where.

- a chain of places written together (浙江省湖州市安吉县澄溪镇): each in the one before;
- places inside a name (湖州市总工会 → 湖州市; 中石化浙江安吉县分公司 → 安吉县 → 浙江省;
  a zone or port: 湖州综合保税区 → 湖州市);
  a body that belongs to another body by name takes no place of its own;
- a place and one of its gazetteer ancestors in the same sentence (在浙江…杭州、湖州);
- 位于/地处 + place.
Only the most specific container is given.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from zhitu.extractors import confidence
from zhitu.extractors.evidence import evidence_of
from zhitu.extractors.facts import Entity
from zhitu.extractors.lexicon import LEVEL_WORDS, LOCATED_VERBS, PLACE_HEAD_RE
from zhitu.extractors.places import ends_in_places, places_in_name
from zhitu.extractors.rules import Relations
from zhitu.ontology import gazetteer

NAME = "located_in"


@Language.factory("zhitu_located_in", requires=["doc._.entities"], assigns=["doc._.relations"])
def make_located_in(nlp: Language, name: str) -> "LocatedIn":
    return LocatedIn()


class LocatedIn:
    def __call__(self, doc: Doc) -> Doc:
        evidence = evidence_of(doc)
        entities = {e.key: e for e in (doc._.entities or [])}
        relations = Relations(doc, NAME)

        def emit(head, tail, offset: int, trust: float) -> None:
            # People are not placed; a place implied by no mention is not an entity of this Doc.
            if head[0] != "PER" and tail in entities:
                relations.add(head, "locatedIn", tail, sentence=evidence.sentence_of(offset), confidence=trust)

        children = _bodies_with_parent_body(entities.values())
        # Places written inside names, and chains of adjacent place mentions.
        for m in evidence.mentions:
            if m.label in ("ORG", "EVENT", "LOC"):
                inside = places_in_name(m.entity.canonical if m.label == "LOC" else evidence.text(m.start, m.end))
                keys = [("LOC", c) for _, _, c in inside]
                for outer, inner in zip(keys, keys[1:]):
                    if _consistent(inner[1], outer[1]):
                        emit(inner, outer, m.start, confidence.PLACE_CHAIN)
                if m.label != "LOC" and keys and m.entity.key not in children:
                    emit(m.entity.key, keys[-1], m.start, confidence.PLACE_IN_NAME)
                elif (m.label == "LOC" and keys and PLACE_HEAD_RE.search(m.entity.canonical)
                      and not ends_in_places(m.entity.canonical)):
                    emit(m.entity.key, keys[-1], m.start, confidence.PLACE_IN_NAME)  # a zone or port named after its place
        for a, b in zip(evidence.mentions, evidence.mentions[1:]):
            if (
                a.label == "LOC" and b.label == "LOC" and a.end == b.start
                and _place_like(a.entity.canonical) and _place_like(b.entity.canonical)
                and _consistent(b.entity.canonical, a.entity.canonical)
            ):
                emit(b.entity.key, a.entity.key, b.start, confidence.PLACE_CHAIN)
        # A place and its nearest gazetteer ancestor named in the same sentence.
        for index in range(len(evidence.sentences)):
            places = {m.entity.canonical: m for m in evidence.mentions_in(index) if m.label == "LOC"}
            for name, m in places.items():
                ancestor = _nearest_named_ancestor(name, places)
                if ancestor:
                    emit(m.entity.key, ("LOC", ancestor), m.start, confidence.PLACE_WITH_ANCESTOR)
        # X位于/地处 place
        pattern = re.compile("(?:在)?(?:" + "|".join(LOCATED_VERBS) + ")(?:在|于)?")
        for index in range(len(evidence.sentences)):
            mentions = evidence.mentions_in(index)
            for i, m in enumerate(mentions):
                if m.label not in ("ORG", "LOC", "EVENT"):
                    continue
                for nxt in mentions[i + 1 : i + 3]:
                    gap = evidence.text(m.end, nxt.start)
                    if nxt.label == "LOC" and pattern.fullmatch(gap):
                        emit(m.entity.key, nxt.entity.key, m.start, confidence.LOCATED_VERB)
        return doc


def _consistent(inner: str, outer: str) -> bool:
    """False only when the gazetteer knows ``inner`` and puts it elsewhere."""
    known = gazetteer.divisions().by_name(inner)
    if not known:
        return True
    return any(outer in _ancestor_names(d) for d in known)


def _ancestor_names(division) -> set[str]:
    names = set()
    parent = gazetteer.divisions().parent(division)
    while parent is not None:
        names.add(parent.name)
        parent = gazetteer.divisions().parent(parent)
    return names


def _nearest_named_ancestor(name: str, named: dict) -> str | None:
    divisions = gazetteer.divisions().by_name(name)
    if len(divisions) != 1:
        return None
    parent = gazetteer.divisions().parent(divisions[0])
    while parent is not None:
        if parent.name in named:
            return parent.name
        parent = gazetteer.divisions().parent(parent)
    return None


def _bodies_with_parent_body(entities) -> set[tuple[str, str]]:
    """Bodies whose name begins with another body's name (not a place's)."""
    orgs = [e for e in entities if e.label == "ORG"]
    bodies: dict[str, list[Entity]] = {}
    for other in orgs:
        if not ends_in_places(other.canonical):
            bodies.setdefault(other.canonical, []).append(other)
    # Look up each name's beginnings rather than compare all pairs: linear in the bodies.
    return {e.key for e in orgs
            if any(o is not e for size in range(len(e.canonical) + 1) for o in bodies.get(e.canonical[:size], ()))}


def _place_like(name: str) -> bool:
    """A division the gazetteer knows, or a name with a level word or place head (…镇, …口岸)."""
    return bool(gazetteer.divisions().by_name(name)) or name.endswith(LEVEL_WORDS) or bool(PLACE_HEAD_RE.search(name))
