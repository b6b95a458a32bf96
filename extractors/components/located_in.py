"""``zhitu_located_in``: what is where.

- a chain of places written together (湖北省襄阳市保康县黄堡镇): each in the one before;
- places inside a name (太原市总工会 → 太原市; 国网山东莒县供电公司 → 莒县 → 山东省;
  a zone or port: 喀什综合保税区 → 喀什);
  a body that belongs to another body by name takes no place of its own;
- a place and one of its gazetteer ancestors in the same sentence (在江苏…南京、徐州);
- 位于/地处 + place.
Only the most specific container is given.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from zhitu.extractors.evidence import evidence_of, add_relation
from zhitu.extractors.facts import Entity, Relation
from zhitu.extractors.lexicon import LOCATED_VERBS, PLACE_HEAD_RE
from zhitu.extractors.places import places_in_name
from zhitu.ontology import gazetteer

NAME = "located_in"


@Language.factory("zhitu_located_in", requires=["doc._.entities"], assigns=["doc._.relations"])
def make_located_in(nlp: Language, name: str) -> "LocatedIn":
    return LocatedIn()


class LocatedIn:
    def __call__(self, doc: Doc) -> Doc:
        evidence = evidence_of(doc)
        entities = {e.key: e for e in (doc._.entities or [])}
        done: set = set()

        def emit(head, tail, offset, confidence, how=NAME):
            if head == tail or (head, tail) in done or head[0] == "PER":
                return
            if tail not in entities:
                return
            done.add((head, tail))
            add_relation(doc, Relation(
                head=head, relation="locatedIn", tail=tail, sentence=evidence.sentence_of(offset),
                extractor=how, confidence=confidence,
            ))

        children = _bodies_with_parent_body(entities.values())
        # Places written inside names, and chains of adjacent place mentions.
        for m in evidence.mentions:
            if m.label in ("ORG", "EVENT", "LOC"):
                inside = places_in_name(m.entity.canonical if m.label == "LOC" else evidence.text(m.start, m.end))
                keys = [("LOC", c) for _, _, c in inside]
                for outer, inner in zip(keys, keys[1:]):
                    if _consistent(inner[1], outer[1]):
                        emit(inner, outer, m.start, 0.9)
                if m.label != "LOC" and keys and m.entity.key not in children:
                    emit(m.entity.key, keys[-1], m.start, 0.85)
                elif m.label == "LOC" and keys and PLACE_HEAD_RE.search(m.entity.canonical) and not _is_place(m.entity.canonical):
                    emit(m.entity.key, keys[-1], m.start, 0.85)  # a zone or port named after its place (…综合保税区)
        for a, b in zip(evidence.mentions, evidence.mentions[1:]):
            if (
                a.label == "LOC" and b.label == "LOC" and a.end == b.start
                and _place_like(a.entity.canonical) and _place_like(b.entity.canonical)
                and _consistent(b.entity.canonical, a.entity.canonical)
            ):
                emit(b.entity.key, a.entity.key, b.start, 0.9)
        # A place and its nearest gazetteer ancestor named in the same sentence.
        for index in range(len(evidence.sentences)):
            places = {m.entity.canonical: m for m in evidence.mentions_in(index) if m.label == "LOC"}
            for name, m in places.items():
                ancestor = _nearest_named_ancestor(name, places)
                if ancestor:
                    emit(m.entity.key, ("LOC", ancestor), m.start, 0.75)
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
                        emit(m.entity.key, nxt.entity.key, m.start, 0.8)
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
        if not _is_place(other.canonical):
            bodies.setdefault(other.canonical, []).append(other)
    # Look up each name's beginnings rather than compare all pairs: linear in the bodies.
    return {e.key for e in orgs
            if any(o is not e for size in range(len(e.canonical) + 1) for o in bodies.get(e.canonical[:size], ()))}


def _is_place(name: str) -> bool:
    found = places_in_name(name)
    return bool(found) and found[-1][1] == len(name)


_PLACE_SUFFIXES = ("省", "市", "县", "区", "州", "盟", "旗", "镇", "乡", "村", "街道", "社区")


def _place_like(name: str) -> bool:
    """A division the gazetteer knows, or a name with a place suffix or head (…镇, …口岸)."""
    return bool(gazetteer.divisions().by_name(name)) or name.endswith(_PLACE_SUFFIXES) or bool(PLACE_HEAD_RE.search(name))
