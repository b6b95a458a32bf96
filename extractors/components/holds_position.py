"""``zhitu_holds_position``: who holds which post where.

Patterns over entity types and position spans, in one sentence:
- ORG + positions + persons: 澄溪县总工会党组书记、主席、机关党委书记林晓岚 (three posts),
  …副主席陆晓岚、宋佳宁 (two people);
- persons + 任/担任/当选/兼任 + ORG + position;
- 选举A、B、C为 + ORG + position.
A post in a body's committee (…执委会副主席) is a post in the body itself; a
committee whose body is written only as a standard abbreviation (中国科协…执委会)
makes that body an entity of the Doc.
"""
from __future__ import annotations

import re
from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc

from zhitu.extractors import confidence
from zhitu.extractors.evidence import Evidence, Mention, evidence_of
from zhitu.extractors.facts import text_of, Entity
from zhitu.extractors.lexicon import APPOINT_VERBS
from zhitu.extractors.rules import Relations, add_inferred_entity
from zhitu.ontology import gazetteer

NAME = "holds_position"
_LIST_GAP = re.compile(r"^[、，,和及与\s]*$")
_PERSON_GAP = re.compile(r"^[、和及与\s]*$")
_SELF_CONTAINED = ("国家", "全国")
_COMMITTEE = ("执行委员会", "执委会", "主席团", "书记处", "常委会", "委员会", "党组", "领导班子")


@Language.factory("zhitu_holds_position", requires=["doc._.entities", "doc.spans"],
                  assigns=["doc._.entities", "doc._.relations"])
def make_holds_position(nlp: Language, name: str) -> "HoldsPosition":
    return HoldsPosition()


class HoldsPosition:
    def __call__(self, doc: Doc) -> Doc:
        evidence = evidence_of(doc)
        positions = sorted((s.start_char, s.end_char) for s in doc.spans.get("positions", []))
        position_starts = [start for start, _ in positions]
        parents = _committee_parents(doc)
        relations = Relations(doc, NAME)
        for index, sentence in enumerate(evidence.sentences):
            mentions = [m for m in evidence.mentions_in(index) if m.label in ("ORG", "PER")]
            posts = positions[bisect_left(position_starts, sentence[0]) : bisect_left(position_starts, sentence[1])]
            frames = list(self._frames(doc, mentions, posts))
            frames += self._bare_titles(evidence, index, mentions, posts, text_of(doc))
            frames += self._subject_is(mentions, posts, text_of(doc))
            for org, roles, people, trust in frames:
                org_entity = parents.get(org.entity.key, org.entity)
                # A body named in an earlier sentence (校长X after 走进…小学): the evidence spans both.
                span = (min(sentence[0], evidence.sentence_of(org.start)[0]), sentence[1])
                for role in roles:
                    for person in people:
                        relations.add(person.entity.key, "holdsPosition", org_entity.key, role=role,
                                      sentence=span, confidence=trust)
        return doc

    def _frames(self, doc: Doc, mentions: list[Mention], posts: list[tuple[int, int]]):
        text = text_of(doc)
        # [ORG] title、title、[ORG] title PERSONS: walk back from the persons over the chain,
        # each title belonging to the nearest body before it (澄溪市委常委、澄溪市副市长韩立川).
        items = sorted(
            [(m.start, m.end, m) for m in mentions if m.label in ("ORG", "PER")] + [(s, e, None) for s, e in posts],
            key=lambda item: (item[0], -item[1]),
        )
        for k, (start, end, mention) in enumerate(items):
            if mention is None or mention.label != "PER" or k == 0:
                continue
            before = items[k - 1]
            if before[2] is not None or before[1] != start:
                continue  # persons must follow a title directly
            people = [mention] + _people_from(mentions, mention.end, text, adjacent=False)
            cursor, roles, j = start, [], k - 1
            while j >= 0:
                s, e, item = items[j]
                gap = text[e:cursor]
                if item is None:
                    if gap not in ("", "、") or (gap == "、" and not roles and cursor != start):
                        break
                    if text[s:e].startswith(_SELF_CONTAINED) and gap == "、":
                        break  # 国家主席 names its own body: it does not take the one before
                    roles.insert(0, text[s:e])
                elif item.label == "ORG" and gap == "" and roles:
                    yield item, roles, people, confidence.TITLE_AFTER_BODY
                    roles = []
                    if j > 0 and text[items[j - 1][1] : s] == "、":
                        cursor, j = s - 1, j - 1
                        continue
                    break
                else:
                    break
                cursor, j = s, j - 1
        # PERSONS 任/当选 ORG position ; 选举 PERSONS 为 ORG position
        for i, person in enumerate(mentions):
            if person.label != "PER":
                continue
            people = [person] + _people_from(mentions, person.end, text, adjacent=False)
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
                yield org, roles, people, confidence.APPOINTED


    @staticmethod
    def _bare_titles(evidence: Evidence, index: int, mentions, posts, text: str):
        """校长X with no body named before the title: the last body named nearby whose
        kind fits the title (a 校长 heads a school)."""
        for start, end in posts:
            title = text[start:end]
            heads = next((h for t, h in TITLE_HEADS.items() if title.endswith(t)), None)
            if heads is None:
                continue
            if any(m.end == start and m.label == "ORG" for m in mentions):
                continue
            people = _people_from(mentions, end, text)
            if not people:
                continue
            nearby = [m for i in range(max(0, index - 2), index + 1) for m in evidence.mentions_in(i)]
            bodies = [m for m in nearby if m.label == "ORG" and m.end <= start and m.entity.canonical.endswith(heads)]
            if bodies:
                yield bodies[-1], [title], people, confidence.TITLE_NEARBY_BODY

    @staticmethod
    def _subject_is(mentions, posts, text: str):
        """X…现为/现任/是 ORG title: the sentence's subject holds the post."""
        if not mentions or mentions[0].label != "PER":
            return
        person = mentions[0]
        for org in mentions[1:]:
            if org.label == "PER":
                return
            if org.label != "ORG" or not re.search(r"(?:现为|现任|担任|出任|是)$", text[max(person.end, org.start - 2) : org.start]):
                continue
            roles = [text[s:e] for s, e in posts if s == org.end]
            if roles:
                yield org, roles, [person], confidence.SUBJECT_IS_TITLE


#: Titles and the kind of body they head.
TITLE_HEADS = {
    "校长": ("学校", "小学", "中学", "大学", "学院", "学校"), "院长": ("院",), "馆长": ("馆",), "厂长": ("厂",),
    "局长": ("局",), "厅长": ("厅",), "所长": ("所",), "站长": ("站",), "队长": ("队",), "社长": ("社",),
    "行长": ("银行", "行"), "台长": ("台",), "董事长": ("公司", "集团"), "总经理": ("公司", "集团"),
    "讲解员": ("馆",), "工会主席": ("厂", "公司", "集团", "处", "站", "矿", "学校", "医院"),
}


def _people_from(mentions: list[Mention], cursor: int, text: str, *, adjacent: bool = True) -> list[Mention]:
    """The persons listed from ``cursor`` on (the first right there when ``adjacent``)."""
    people = []
    for m in mentions:
        if m.start < cursor:
            continue
        if m.label != "PER" or not _PERSON_GAP.match(text[cursor:m.start]) or (adjacent and not people and m.start != cursor):
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
        # The shortest name of another body that begins this one (its prefixes, not every name: linear time).
        best = next((other for size in range(len(name)) if (other := names.get(name[:size])) is not None
                     and other is not entity and not other.canonical.endswith(_COMMITTEE)), None)
        if best:
            parents[entity.key] = best
            continue
        abbreviations = gazetteer.abbreviations()
        for size in (4, 3, 2):
            full = abbreviations.get(name[:size])
            if full and full[1] == "ORG":
                parent = next((e for e in orgs if e.canonical == full[0]), None)
                if parent is None:
                    parent = add_inferred_entity(doc, "ORG", full[0], aliases={name[:size]})
                parents[entity.key] = parent
                break
    return parents
