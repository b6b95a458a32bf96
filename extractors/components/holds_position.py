"""``zhitu_holds_position``: who holds which post where.

Patterns over entity types and position spans, in one sentence:
- ORG + positions + persons: 全总党组书记、副主席、书记处第一书记陈刚 (three posts),
  …副主席谭天星、王少峰 (two people);
- persons + 任/担任/当选/兼任 + ORG + position;
- 选举A、B、C为 + ORG + position.
A post in a body's committee (…执委会副主席) is a post in the body itself.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from zhitu.extractors.evidence import evidence_of, Mention, add_relation
from zhitu.extractors.facts import text_of, Entity, Relation
from zhitu.extractors.lexicon import APPOINT_VERBS

NAME = "holds_position"
_LIST_GAP = re.compile(r"^[、，,和及与\s]*$")
_PERSON_GAP = re.compile(r"^[、和及与\s]*$")
_COMMITTEE = ("执行委员会", "执委会", "主席团", "书记处", "常委会", "委员会", "党组", "领导班子")
_APPOINT = re.compile("^(?:" + "|".join(APPOINT_VERBS) + ")$")


@Language.factory("zhitu_holds_position", requires=["doc._.entities", "doc.spans"], assigns=["doc._.relations"])
def make_holds_position(nlp: Language, name: str) -> "HoldsPosition":
    return HoldsPosition()


class HoldsPosition:
    def __call__(self, doc: Doc) -> Doc:
        evidence = evidence_of(doc)
        positions = sorted((s.start_char, s.end_char) for s in doc.spans.get("positions", []))
        parents = _committee_parents(doc)
        seen: set = set()
        for index, sentence in enumerate(evidence.sentences):
            mentions = [m for m in evidence.mentions_in(index) if m.label in ("ORG", "PER")]
            posts = [p for p in positions if sentence[0] <= p[0] < sentence[1]]
            for org, roles, people, confidence in self._frames(doc, mentions, posts):
                org_entity = parents.get(org.entity.key, org.entity)
                for role in roles:
                    for person in people:
                        key = (person.entity.key, org_entity.key, role)
                        if key in seen:
                            continue
                        seen.add(key)
                        add_relation(doc, Relation(
                            head=person.entity.key, relation="holdsPosition", tail=org_entity.key,
                            role=role, sentence=sentence, extractor=NAME, confidence=confidence,
                        ))
        return doc

    def _frames(self, doc: Doc, mentions: list[Mention], posts: list[tuple[int, int]]):
        text = text_of(doc)
        for i, org in enumerate(mentions):
            if org.label != "ORG":
                continue
            # ORG positions PERSONS
            roles, cursor = [], org.end
            for start, end in posts:
                if start < cursor:
                    continue
                if not _LIST_GAP.match(text[cursor:start]) or (roles and start - cursor > 2) or (not roles and start != cursor):
                    break
                roles.append(text[start:end])
                cursor = end
            if roles:
                people = _people_from(mentions, cursor, text)
                if people:
                    yield org, roles, people, 0.9
        # PERSONS 任/当选 ORG position ; 选举 PERSONS 为 ORG position
        for i, person in enumerate(mentions):
            if person.label != "PER":
                continue
            people = [person] + _people_from(mentions, person.end, text)
            last = people[-1]
            after = text[last.end : last.end + 3]
            verb = next((v for v in sorted(APPOINT_VERBS, key=len, reverse=True) if after.startswith(v)), None)
            if verb is None and after.startswith("为"):
                verb = "为"
            if verb is None:
                continue
            org = next((m for m in mentions if m.label == "ORG" and m.start == last.end + len(verb)), None)
            if org is None:
                continue
            roles = []
            cursor = org.end
            for start, end in posts:
                if start < cursor:
                    continue
                if not _LIST_GAP.match(text[cursor:start]) or start - cursor > 2:
                    break
                roles.append(text[start:end])
                cursor = end
            if roles:
                yield org, roles, people, 0.8


def _people_from(mentions: list[Mention], cursor: int, text: str) -> list[Mention]:
    people = []
    for m in mentions:
        if m.start < cursor:
            continue
        if m.label != "PER" or not _PERSON_GAP.match(text[cursor:m.start]) or (not people and m.start != cursor):
            break
        people.append(m)
        cursor = m.end
    return people


def _committee_parents(doc: Doc) -> dict[tuple[str, str], Entity]:
    """A committee of a body (…第十七届执委会, …主席团) → the top body it belongs to."""
    orgs = [e for e in (doc._.entities or []) if e.label == "ORG"]
    names = {n: e for e in orgs for n in (e.aliases | {e.canonical})}
    parents = {}
    for entity in orgs:
        name = entity.canonical
        if not name.endswith(_COMMITTEE):
            continue
        best = None
        for other_name, other in names.items():
            if other is not entity and name.startswith(other_name) and len(other_name) < len(name):
                if not other.canonical.endswith(_COMMITTEE) and (best is None or len(other_name) < len(best[0])):
                    best = (other_name, other)
        if best:
            parents[entity.key] = best[1]
    return parents
