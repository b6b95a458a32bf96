"""``zhitu_holds_position``: who holds which post where.

Patterns over entity types and position spans, in one sentence:
- ORG + positions + persons: 澄溪县总工会党组书记、主席、机关党委书记林晓岚 (three posts),
  …副主席陆晓岚、宋佳宁 (two people);
- persons + 任/担任/当选/兼任 + ORG + position;
- 选举A、B、C为 + ORG + position;
- a post verb at the head of a clause (…，先后任A校校长、B局局长; 后在C厂任副厂长、厂长;
  是D会负责人之一; 曾任…的X): the clause's persons, else the sentence's subject, else
  the person the paragraph is about (a biography told clause by clause);
- a department written bare after its party committee (X区委常委、组织部部长Y).
A post in a body's committee (…执委会副主席) is a post in the body itself; a
committee whose body is written only as a standard abbreviation (中国科协…执委会)
makes that body an entity of the Doc.

Time on posts (:class:`When`): a post the text marks as left (曾任, 曾担任, 原…,
前…, 生前) is ``former``; a date before the verb gives when it began
(自2018年起任, 2018年5月当选) and a span when it began and ended
(2015年至2019年任); the graph turns these into an OWL-Time interval.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from zhitu.extractors import confidence
from zhitu.extractors.evidence import Evidence, Mention, evidence_of
from zhitu.extractors.facts import text_of, Entity
from zhitu.extractors.lexicon import APPOINT_VERBS, LEVEL_WORDS, ORG_HEAD_RE, TITLE_PREFIXES
from zhitu.extractors.places import places_in_name
from zhitu.extractors.rules import Relations, add_inferred_entity
from zhitu.ontology import gazetteer

NAME = "holds_position"
_LIST_GAP = re.compile(r"^[、，,和及与\s]*$")
_PERSON_GAP = re.compile(r"^[、和及与\s]*$")
_SELF_CONTAINED = ("国家",)
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
        bodies = _PlaceBodies(doc)
        relations = Relations(doc, NAME)
        text = text_of(doc)
        breaks = [i for i, c in enumerate(text) if c == "\n"]
        topic, topic_paragraph = None, -1
        for index, sentence in enumerate(evidence.sentences):
            in_sentence = evidence.mentions_in(index)
            paragraph = bisect_left(breaks, sentence[0])
            if paragraph != topic_paragraph:
                topic = None  # the person a paragraph is about is named in it

            mentions = [m for m in in_sentence if m.label in ("ORG", "PER")]
            posts = positions[bisect_left(position_starts, sentence[0]) : bisect_left(position_starts, sentence[1])]
            frames = list(self._frames(doc, mentions + _places_before_titles(in_sentence, posts), posts))
            frames += self._bare_titles(evidence, index, mentions, posts, text_of(doc))
            frames += self._subject_is(mentions, posts, text_of(doc))
            frames += _this_body(evidence, index, mentions, posts, text_of(doc))
            frames += _clause_posts(text, sentence, in_sentence, posts, topic)
            if subject := sentence_subject(text, sentence, in_sentence, sentence[1]):
                topic, topic_paragraph = subject, paragraph
            for org, roles, people, trust, when in frames:
                org_entity = parents.get(org.entity.key, org.entity)
                if org_entity.canonical == CENTRE:
                    # 中央 alone is no body: 中央财经委员会副主任 is 副主任 of 中央财经委员会.
                    roles = [pair for pair in (_central_organ(doc, role) for role in roles) if pair]
                elif _is_place(org_entity):
                    roles = [(bodies.of(org_entity, role), core) for role, core in map(_body_title, roles)]
                    roles = [(body, core) for body, core in roles if body is not None]
                else:
                    roles = [(org_entity, role) for role in roles if _fits(role, org_entity)]
                # A body named in an earlier sentence (校长X after 走进…小学): the evidence spans both.
                span = (min(sentence[0], evidence.sentence_of(org.start)[0]), sentence[1])
                for body, role in roles:
                    for person in people:
                        # A post stated again with its time (自2018年起任) is kept beside the plain one.
                        once = (person.entity.key, body.key, role, when) if when else None
                        added = relations.add(person.entity.key, "holdsPosition", body.key, role=role,
                                              sentence=span, confidence=trust, once=once)
                        if added and when:
                            doc._.relations[-1] = replace(doc._.relations[-1], began=when.began,
                                                          ended=when.ended, former=when.former)
        return doc

    def _frames(self, doc: Doc, mentions: list[Mention], posts: list[tuple[int, int]]):
        text = text_of(doc)
        # [ORG] title、title、[ORG] title PERSONS: walk back from the persons over the chain,
        # each title belonging to the nearest body before it (澄溪市委常委、澄溪市副市长韩立川).
        items = sorted(
            [(m.start, m.end, m) for m in mentions if m.label in ("ORG", "PER", "LOC")] + [(s, e, None) for s, e in posts],
            key=lambda item: (item[0], -item[1]),
        )
        for k, (start, end, mention) in enumerate(items):
            if mention is None or mention.label != "PER" or k == 0:
                continue
            before = items[k - 1]
            if before[2] is not None or before[1] != start:
                continue  # persons must follow a title directly
            people = [mention] + _people_from(mentions, mention.end, text, adjacent=False)
            cursor, roles, j, skipped = start, [], k - 1, False
            departments: list[tuple[str, list[str]]] = []  # 区委常委、组织部部长X: 部长 of the 区委's 组织部
            while j >= 0:
                s, e, item = items[j]
                gap = text[e:cursor]
                if item is None:
                    if roles and (department := _DEPARTMENT_GAP.fullmatch(gap)):
                        departments.append((_department_name(department.group(1), roles[0]), roles))
                        roles, gap = [], ""  # the title before is the committee's own
                    if gap in _FORMER_GAPS:
                        roles = []  # 总裁、前参议长X: the former post's body is not written
                    elif gap not in ("", *_CHAIN_GAPS) or (gap in _CHAIN_GAPS and not roles and not skipped and cursor != start):
                        break
                    if text[s:e].startswith(_SELF_CONTAINED):
                        skipped = True  # 国家主席 names its own body: no body before it takes it
                    else:
                        roles.insert(0, text[s:e])
                elif item.label in ("ORG", "LOC") and gap in ("", "原", "前") and roles:
                    former = gap in ("原", "前") or _marked_former(text, s)
                    yield item, roles, people, confidence.TITLE_AFTER_BODY, When(former=former)
                    for name, titles in departments if _party_committee(text[s:e], item.entity) else ():
                        body = Mention(s, e, _department(doc, text[s:e], name))
                        yield body, titles, people, confidence.TITLE_AFTER_BODY, When(former=former)
                    roles, departments = [], []
                    if j > 0 and text[items[j - 1][1] : s] in _CHAIN_GAPS:
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
            prefix = _BEFORE_VERB.match(text, last.end).group()  # 自2018年起, 曾
            after = text[last.end + len(prefix) : last.end + len(prefix) + 3]
            verb = next((v for v in sorted(APPOINT_VERBS, key=len, reverse=True) if after.startswith(v)), None)
            if verb is None and after.startswith("为"):
                verb = "为"
            if verb is None:
                continue
            org = next((m for m in mentions if m.label == "ORG" and m.start == last.end + len(prefix) + len(verb)), None)
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
                yield org, roles, people, confidence.APPOINTED, when_of(prefix + verb)


    @staticmethod
    def _bare_titles(evidence: Evidence, index: int, mentions, posts, text: str):
        """校长X with no body named before the title: the last body named nearby whose
        kind fits the title (a 校长 heads a school)."""
        for start, end in posts:
            title = text[start:end]
            heads = next((h for t, h in TITLE_HEADS.items() if title.endswith(t)), None)
            if heads is None:
                continue
            if any(m.end == start and m.label == "ORG" for m in mentions) or text[start - 1 : start] in _NAME_ENDS:
                continue  # a body named right before, recognised or not (《某某报》总编辑)
            people = _people_from(mentions, end, text)
            if not people:
                continue
            nearby = [m for i in range(max(0, index - 2), index + 1) for m in evidence.mentions_in(i)]
            bodies = [m for m in nearby if m.label == "ORG" and m.end <= start and m.entity.canonical.endswith(heads)]
            if bodies:
                yield bodies[-1], [title], people, confidence.TITLE_NEARBY_BODY, When(former=_marked_former(text, start))

    @staticmethod
    def _subject_is(mentions, posts, text: str):
        """X…现为/现任/是 ORG title: the sentence's subject holds the post."""
        if not mentions or mentions[0].label != "PER":
            return
        person = mentions[0]
        for org in mentions[1:]:
            if org.label == "PER":
                return
            if org.label != "ORG" or not re.search(r"(?:现为|现任|担任|出任|是|曾任)$", text[max(person.end, org.start - 2) : org.start]):
                continue
            roles = [text[s:e] for s, e in posts if s == org.end and not text.startswith("的", e)]  # not 是…主席的儿子
            if roles:
                yield org, roles, [person], confidence.SUBJECT_IS_TITLE, when_of(text[person.end : org.start])


#: "The centre": written before an organ's name (中央财经委员会, 中央书记处), never a body itself.
CENTRE = "中央"
#: Organ heads that end the organ's name inside a title written after 中央.
_ORGAN_HEADS = ("委员会", "书记处", "政治局", "领导小组", "办公厅", "办公室")
#: Organs of the Party's Central Committee, whose standard names start 中共中央 (中共中央政治局).
_PARTY_CENTRE_ORGANS = ("政治局", "书记处")


def _central_organ(doc: Doc, title: str) -> tuple[Entity, str] | None:
    """For a title written after a bare 中央 (财经委员会副主任, 书记处书记): the organ as a
    body (found among the Doc's entities, or inferred) and the title left; None when
    the title names no organ."""
    ends = [(title.rfind(head) + len(head)) for head in _ORGAN_HEADS if head in title]
    if not ends:
        return None
    cut = max(ends)
    organ, role = title[:cut], title[cut:]
    if not role:
        return None
    name = ("中共中央" if organ in _PARTY_CENTRE_ORGANS else CENTRE) + organ
    written = CENTRE + organ
    for entity in doc._.entities or []:
        if entity.label == "ORG" and (entity.canonical in (name, written) or {name, written} & set(entity.aliases)):
            return entity, role
    return add_inferred_entity(doc, "ORG", name, aliases=[written] if written != name else []), role


@dataclass(frozen=True)
class When:
    """What a sentence says of a post's time: ISO dates as precise as written."""

    began: str | None = None
    ended: str | None = None
    former: bool = False

    def __bool__(self) -> bool:
        return bool(self.began or self.ended or self.former)


_DATE = r"(\d{4})年(?:(\d{1,2})月(?:(\d{1,2})日)?)?"
_DATE_PLAIN = r"\d{4}年(?:\d{1,2}月(?:\d{1,2}日)?)?"
_UNTIL = r"(?:至|到|—|–|-|～|~)"
#: What may stand between a person and the verb of an appointment: a date or span, then 曾/生前.
_BEFORE_VERB = re.compile(
    rf"(?:[，,]?(?:自|从|于)?{_DATE_PLAIN}(?:起|以来|开始)?(?:{_UNTIL}(?:今|{_DATE_PLAIN}))?(?:起)?[，,]?)?(?:曾经|曾|生前)?")
_SPAN = re.compile(rf"{_DATE}{_UNTIL}(?:今|{_DATE})")
_SINCE = re.compile(rf"{_DATE}(?:起|以来|开始)")
_AT_VERB = re.compile(rf"{_DATE}(?:[，,])?(?:被)?(?:曾经|曾)?(?:任命为|当选为|当选|担任|出任|兼任|任|为)?$")
_DATE_ONLY = re.compile(rf"(?:自|从|于)?{_DATE_PLAIN}(?:起|以来|开始)?(?:{_UNTIL}(?:今|{_DATE_PLAIN}))?")
_FORMER_WORDS = re.compile(r"曾经?(?:任|担任|是|为)|生前")


def _iso(year: str | None, month: str | None, day: str | None) -> str | None:
    """``2018``, ``2018-05`` or ``2018-05-03`` from the parts written, None when not a date."""
    if year is None:
        return None
    try:
        if day:
            return date(int(year), int(month), int(day)).isoformat()
        if month:
            return date(int(year), int(month), 1).isoformat()[:7]
        return f"{int(year):04d}"
    except ValueError:
        return None


def when_of(words: str) -> When:
    """What the words before a post's body say of its time (``自2018年起担任``, ``曾任``,
    ``2015年至2019年任``)."""
    parts = [p for p in re.split(r"[，,；;]", words) if p]
    words = parts[-1] if parts else ""
    if len(parts) > 1 and _DATE_ONLY.fullmatch(parts[-2]):
        words = parts[-2] + words  # 2018年起，担任
    began = ended = None
    if span := _SPAN.search(words):
        began, ended = _iso(*span.group(1, 2, 3)), _iso(*span.group(4, 5, 6))
    elif since := _SINCE.search(words):
        began = _iso(*since.group(1, 2, 3))
    elif at := _AT_VERB.search(words):
        began = _iso(*at.group(1, 2, 3))
    return When(began=began, ended=ended, former=bool(_FORMER_WORDS.search(words)))


#: Characters after which 原/前 is the word "former" (了原县长, 的前主席), not the end of a word (目前, 草原).
_BEFORE_FORMER = set("的是和与及为任了对向把被由据称")


def _marked_former(text: str, position: int) -> bool:
    """Whether 原 or 前 right before ``position`` marks a former post (原澄溪县县长, 前主席)."""
    if position < 1 or text[position - 1] not in "原前":
        return False
    before = text[position - 2] if position >= 2 else ""
    return not before or not ("\u4e00" <= before <= "\u9fff") or before in _BEFORE_FORMER


#: Departments of a party committee written bare in a chain after it (区委常委、组织部部长):
#: the departments every committee has (组织部, 宣传部…), or their first part before 部长.
_DEPARTMENT_GAP = re.compile(r"、(组织部|宣传部|统战部|政法委|纪委|政策研究室|办公室|组织|宣传|统战)")


def _department_name(written: str, title: str) -> str:
    """组织部 as written, or 宣传 + the 部 of 部长 (宣传部长)."""
    return written + "部" if written in ("组织", "宣传", "统战") else written


def _party_committee(written: str, body: Entity) -> bool:
    """Whether a body is a party committee (…区委, 中国共产党…委员会)."""
    return written.endswith("委") or body.canonical.startswith("中国共产党") and body.canonical.endswith("委员会")


def _department(doc: Doc, committee: str, name: str) -> Entity:
    """The department ``name`` of the committee written ``committee`` (城西区委 + 组织部):
    among the Doc's bodies, or added to them."""
    full = committee + name
    forms = {full, "中共" + full} if not committee.startswith("中共") else {full, full[2:]}
    for entity in doc._.entities or []:
        if entity.label == "ORG" and forms & (entity.aliases | {entity.canonical}):
            return entity
    return add_inferred_entity(doc, "ORG", full, aliases=forms - {full})


#: What stands between two titles of a chain (副书记、县长; 董事长兼总经理).
_CHAIN_GAPS = ("、", "兼")
#: What stands between two titles of a chain when the second is a former post (总裁、前参议长).
_FORMER_GAPS = ("、前", "、原")
#: Party bodies written between a place and a title (青山村党支部书记, 白沙镇党委书记):
#: the post is the title in that place's body, not a title of the place.
PLACE_BODIES = ("党支部", "党总支", "党工委", "党委")


def _places_before_titles(mentions: list[Mention], posts: list[tuple[int, int]]) -> list[Mention]:
    """The place mentions a title follows directly (青山村党支部书记), the longest at each end."""
    starts = {start for start, _ in posts}
    longest: dict[int, Mention] = {}
    for m in mentions:
        if m.label == "LOC" and m.end in starts and (m.end not in longest or m.start < longest[m.end].start):
            longest[m.end] = m
    return list(longest.values())


def _last_place(chain: str) -> str:
    """The last place of a chain (青山村 of 某县白沙镇青山村, 白沙镇 of 某县白沙镇)."""
    found = places_in_name(chain)
    if not found:
        return chain
    start, end, _ = found[-1]
    return chain[start:] if end == len(chain) else chain[end:]


def _is_place(entity: Entity) -> bool:
    """A place, or a bare place name tagged as a body (青山村, 某县白沙镇; not 某某民主联盟)."""
    return entity.label == "LOC" or (entity.canonical.endswith(LEVEL_WORDS) and not ORG_HEAD_RE.search(entity.canonical))


def _body_title(role: str) -> tuple[str, str]:
    """党支部书记 → (党支部, 书记); a title with no body in front → ("", title)."""
    body = next((b for b in PLACE_BODIES if role.startswith(b) and len(role) > len(b)), "")
    return body, role[len(body):]


class _PlaceBodies:
    """The bodies a place's title names (青山村 + 党支部 → 青山村党支部; 白沙镇 + 党委 →
    中国共产党白沙镇委员会), found among the Doc's entities or added to them."""

    def __init__(self, doc: Doc) -> None:
        self._doc = doc
        self._named: dict[str, Entity] | None = None

    def of(self, place: Entity, body: str) -> Entity | None:
        if not body:
            return None  # a title of the place itself (村长 of a LOC) has no body to hold it in
        written = place.canonical + body
        full = gazetteer.expand_org_suffix(written) or written
        if self._named is None:
            self._named = {n: e for e in self._doc._.entities or [] if e.label == "ORG"
                           for n in e.aliases | {e.canonical}}
        entity = self._named.get(full) or self._named.get(written)
        if entity is None:
            aliases = {written} | ({"中共" + full[len("中国共产党"):]} if full.startswith("中国共产党") else set())
            last = _last_place(place.canonical)
            if last != place.canonical and len(last) >= 3:
                aliases.add(last + body)  # 白沙镇党委 for 某县白沙镇党委
            entity = add_inferred_entity(self._doc, "ORG", full, aliases=aliases - {full})
            for name in entity.aliases | {full}:
                self._named[name] = entity
        return entity


#: Titles that only a body of some kind has (a parliament's 议长): in a chain after a
#: body of another kind, the title's own body is not written.
TITLE_BODIES = {"议长": ("议会", "国会", "议院", "参议院", "众议院", "人民代表大会", "人大"),
                # A division's head is in its government, not its party committee (市委常委、常务副市长).
                **{level + "长": ("政府",) for level in ("省", "市", "县", "区", "州", "镇", "乡")},
                "班长": ("班",)}  # a class's monitor, not a post of the branch before it (团支部书记、副班长)


def _fits(role: str, body: Entity) -> bool:
    kinds = next((k for t, k in TITLE_BODIES.items() if role.endswith(t)), None)
    return kinds is None or any(name.endswith(kinds) for name in body.aliases | {body.canonical})


#: 该公司负责人X: the word after 该/本 and the name endings of the bodies it points back to.
POINTING_HEADS = {
    "公司": ("公司",), "集团": ("集团",), "企业": ("公司", "集团", "厂"), "所": ("所",), "局": ("局",), "厂": ("厂",),
    "院": ("院",), "校": ("学校", "小学", "中学", "大学", "学院"), "行": ("银行",), "社": ("社",), "馆": ("馆",),
    "中心": ("中心",), "站": ("站",), "队": ("队",),
}
_POINTING = re.compile("(?:该|本)(" + "|".join(sorted(POINTING_HEADS, key=len, reverse=True)) + ")$")


def _this_body(evidence: Evidence, index: int, mentions: list[Mention], posts, text: str):
    """该公司负责人X: the title is in the last body of that kind named up to two sentences before."""
    for start, end in posts:
        pointing = _POINTING.search(text, max(0, start - 3), start)
        if pointing is None:
            continue
        people = _people_from(mentions, end, text)
        if not people:
            continue
        heads = POINTING_HEADS[pointing.group(1)]
        nearby = [m for i in range(max(0, index - 2), index + 1) for m in evidence.mentions_in(i)]
        bodies = [m for m in nearby if m.label == "ORG" and m.end <= start and m.entity.canonical.endswith(heads)]
        if bodies:
            yield bodies[-1], [text[start:end]], people, confidence.TITLE_NEARBY_BODY, When(former=_marked_former(text, start))


#: What ends a name written right before a title (《某某报》, “某某社”).
_NAME_ENDS = ("》", "”", "」")
#: Titles and the kind of body they head.
TITLE_HEADS = {
    "校长": ("学校", "小学", "中学", "大学", "学院", "学校"), "院长": ("院",), "馆长": ("馆",), "厂长": ("厂",),
    "局长": ("局",), "厅长": ("厅",), "所长": ("所",), "站长": ("站",), "队长": ("队",), "社长": ("社",),
    "行长": ("银行", "行"), "台长": ("台",), "董事长": ("公司", "集团"), "总经理": ("公司", "集团"),
    "讲解员": ("馆",), "总编辑": ("报", "报社", "杂志社", "出版社", "台"), "主编": ("报", "杂志", "社"), "工会主席": ("厂", "公司", "集团", "处", "站", "矿", "学校", "医院"),
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


def _standard_body(entity: Entity) -> bool:
    """Whether the ontology's table of standard abbreviations names ``entity``."""
    abbreviations = gazetteer.abbreviations()
    return any(name in abbreviations for name in entity.aliases | {entity.canonical})


def _local_committee(name: str) -> bool:
    """A body's committee of a place (中国共产党澄溪县委员会, …柳岸镇党委): a body in its own right."""
    head = next(h for h in sorted(_COMMITTEE, key=len, reverse=True) if name.endswith(h))
    return name[: -len(head)].endswith(LEVEL_WORDS)


def _committee_parents(doc: Doc) -> dict[tuple[str, str], Entity]:
    """A committee of a body (…第十七届执委会, …主席团) → the top body it belongs to."""
    orgs = [e for e in (doc._.entities or []) if e.label == "ORG"]
    names = {n: e for e in orgs for n in (e.aliases | {e.canonical})}
    parents = {}
    for entity in orgs:
        name = entity.canonical
        if not name.endswith(_COMMITTEE) or _standard_body(entity) or _local_committee(name):
            continue  # a committee with a standard name of its own (全国人大常委会) is a body in its own right
        # The shortest name of another body that begins this one (its prefixes, not every name: linear time).
        best = next((other for size in range(len(name)) if (other := names.get(name[:size])) is not None
                     and other is not entity and not other.canonical.endswith(_COMMITTEE)
                     and other.canonical != CENTRE), None)  # 中央财经委员会 is no committee of "中央"
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


# Posts told clause by clause (biographies): 1958年调回澄溪，先后任柳岸中学校长、澄溪县教育局局长。
#: Verbs that give a post; a clause's subject stands before them or is the sentence's or paragraph's.
_GIVE_POST = re.compile(r"被(?:任命|选举|选|推选|提名|聘任|聘|委任|提拔)为|当选为|当选|兼任|担任了|担任|出任|就任|升任|调任|"
                        r"改任|转任|接任|继任|历任|任职|任")
#: Verbs that say what someone is (X是…负责人, 作为…负责人): their post needs its body written.
_BE_POST = re.compile(r"是|系|作为|以")
#: Mention labels as one character each, so that a clause's shape is one regex.
_MARKS = {"PER": "Ⓟ", "ORG": "Ⓞ", "LOC": "Ⓛ"}
#: A time before a clause's verb (1958年5月, 同年底, 2015年至2019年, 90后).
_TIME = (r"(?:(?:自|从|于)?(?:\d0后|同年|次年|当年|翌年|\d{1,4}年|\d{1,2}月|\d{1,2}日|[—\-－至到～~]|[上中下]旬|底|初|"
         r"[春夏秋冬]季?|[上下]午)+(?:起|以来|开始|后|间|期间)?)")
_ADVERBS = r"(?:先后|后来|其后|此后|随后|之后|后|又|还|并|也|即|旋即|继而|同时|曾经|曾|已|再|分别|正式|一度|原本|如今|现|拟)*"
#: A clause before its post verb: [time] [persons or 他/她] [time] [adverbs] [在 body] [adverbs].
_CLAUSE_HEAD = re.compile(rf"{_TIME}?[，,]?(?P<who>Ⓟ(?:[、和与及]Ⓟ)*|他|她)?{_TIME}?{_ADVERBS}(?:(?:在|于)(?P<at>Ⓞ))?{_ADVERBS}")
#: A clause that starts with a person (after a time): that person is its subject.
_SUBJECT_FIRST = re.compile(rf"[“”\"]?{_TIME}?[，,]?Ⓟ")
_CLAUSE_END = "，,：:（(）)"
#: What joins two posts in one chain (副厂长、厂长; 厂长兼党委书记).
_JOIN = re.compile(r"[、和及与]|兼")
#: What may stand between a post verb and its body or title: an ordinal (第一任), a quote.
_BEFORE_CHAIN = re.compile(r"第[一二三四五六七八九十\d]+任|[“\"]")


def _outermost(mentions: list[Mention]) -> list[Mention]:
    """Mentions not inside another (they come outermost first)."""
    out: list[Mention] = []
    for m in mentions:
        if not out or m.start >= out[-1].end:
            out.append(m)
    return out


def _marked(text: str, start: int, end: int, mentions: list[Mention]) -> tuple[str, list[Mention]]:
    """``text[start:end]`` with each mention written as its mark (Ⓟ for a person…), and
    the marked mentions in order."""
    parts, marked, cursor = [], [], start
    for m in mentions:
        if m.start < start or m.end > end or m.label not in _MARKS:
            continue
        parts.append(text[cursor:m.start])
        parts.append(_MARKS[m.label])
        marked.append(m)
        cursor = m.end
    parts.append(text[cursor:end])
    return "".join(parts), marked


def _clause_start(text: str, sentence_start: int, offset: int) -> int:
    """Where the clause holding ``offset`` begins (after the last comma before it)."""
    return max([sentence_start] + [text.rfind(c, sentence_start, offset) + 1 for c in _CLAUSE_END])


def sentence_subject(text: str, sentence: tuple[int, int], mentions: list[Mention], before: int) -> Mention | None:
    """The last person who begins a clause of the sentence before ``before``
    (周明远，1931年生…; 1960年5月，周明远从柳岸…)."""
    subject = None
    for m in _outermost(mentions):
        if m.label != "PER" or m.start >= before:
            continue
        start = _clause_start(text, sentence[0], m.start)
        marked, _ = _marked(text, start, m.end, mentions)
        if _SUBJECT_FIRST.fullmatch(marked):
            subject = m
    return subject


#: What a post given by 是/作为/以 ends on (…负责人之一, 以…特派员身份): not 是…主席的女儿.
_BE_END = re.compile(r"之一|身份|了|[，,。；;！!）)”]|$")


def _chain(text: str, cursor: int, bodies: dict[int, Mention], titles: dict[int, int],
           body: Mention | None, earlier: list[Mention]) -> tuple[list[tuple[Mention, list[str]]], int]:
    """The posts listed from ``cursor`` (柳岸中学校长、澄溪县教育局局长; 副厂长、厂长; 厂长兼党委书记),
    each title in the body written last before it (``body`` when none is; a body
    of ``earlier`` when the end of its name is written: 澄溪工委…，任工委书记): the
    (body, titles) pairs and where the list ends."""
    pairs: list[tuple[Mention, list[str]]] = []
    if skip := _BEFORE_CHAIN.match(text, cursor):
        cursor = skip.end()
    while True:
        short = _short_form(text, cursor, earlier, titles)
        if short and (cursor not in bodies or bodies[cursor].end < short[1]):
            body, cursor = short  # the end of an earlier body's name, longer than any mention here
        while cursor in bodies:  # a body, or a body written right after another (…委员会办公室)
            body = bodies[cursor]
            cursor = body.end + (text[body.end : body.end + 1] in ("”", "\""))
            body = next((b for b in reversed(earlier) if b.end <= body.start and text[b.start : b.end].endswith(
                text[body.start : body.end]) and b.end - b.start > body.end - body.start), body)
            if text.startswith("的", cursor) and cursor + 1 in titles:
                cursor += 1  # 是澄溪县总工会的副主席
        roles = []
        while cursor in titles:
            roles.append(text[cursor : titles[cursor]])
            cursor = titles[cursor]
            join = _JOIN.match(text, cursor)
            if not join or join.end() not in titles:
                break
            cursor = join.end()
        if not roles:
            break
        if body is not None:
            pairs.append((body, roles))
        join = _JOIN.match(text, cursor)
        if not join or not (join.end() in bodies or join.end() in titles):
            break
        cursor = join.end()
    return pairs, cursor


def _short_form(text: str, cursor: int, earlier: list[Mention], titles: dict[int, int]) -> tuple[Mention, int] | None:
    """The body of ``earlier`` (last first) whose name ends with what is written at
    ``cursor`` before a title (特委 for 澄溪特委), and where that short form ends."""
    for body in reversed(earlier):
        name = text[body.start : body.end]
        for size in range(len(name) - 1, 1, -1):
            if text.startswith(name[-size:], cursor) and cursor + size in titles:
                return body, cursor + size
    return None


def _headed_body(title: str, bodies: list[Mention]) -> Mention | None:
    """The last of ``bodies`` that ``title`` heads (总编辑 a …报, 军长 a …军)."""
    return next((body for body in reversed(bodies) if _heads(title, body.entity)), None)


def _clause_posts(text: str, sentence: tuple[int, int], mentions: list[Mention], posts: list[tuple[int, int]],
                  topic: Mention | None):
    """Posts given by a verb at the head of a clause (…，先后任柳岸中学校长、澄溪县教育局局长; 后在柳岸农机厂任副厂长、厂长;
    是澄溪县作协负责人之一): the clause's persons hold them, or, when it names none, the
    sentence's subject or the paragraph's (the person a biography is about)."""
    outer = _outermost(mentions)
    bodies, titles = _chain_bodies(outer, mentions, posts), _chain_titles(text, posts)
    for verb in re.finditer(f"{_GIVE_POST.pattern}|{_BE_POST.pattern}", text[sentence[0] : sentence[1]]):
        v_start, v_end = sentence[0] + verb.start(), sentence[0] + verb.end()
        start = _clause_start(text, sentence[0], v_start)
        marked, inside = _marked(text, start, v_start, outer)
        head = _CLAUSE_HEAD.fullmatch(marked)
        if head is None:
            continue
        being = _BE_POST.fullmatch(verb.group()) is not None
        at = inside[_count_marks(marked[: head.start("at")])] if head.group("at") else None
        first = _BEFORE_CHAIN.match(text, v_end)
        first = first.end() if first else v_end
        earlier = [m for m in outer if m.label == "ORG" and sentence[0] <= m.start and m.end <= v_start]
        # A bare title after the verb is in the body of this clause (在X团任排长), or in the
        # sentence's last body of the kind it heads (任某军政委，后任军长; 某报…被任命为总编辑).
        if at is None and first in titles:
            at = _headed_body(text[first : titles[first]], earlier)
        pairs, end = _chain(text, v_end, bodies, titles, None if being else at, earlier)
        if not pairs:
            continue
        if being and not _BE_END.match(text, end):
            continue
        if text.startswith("的", end):  # 曾任…书记的X: the post is X's
            people = _people_from(outer, end + 1, text)
            if people:
                yield from ((body, roles, people, confidence.APPOINTED, when_of(text[start:v_end])) for body, roles in pairs)
            continue
        if (who := head.group("who")) and who.startswith("Ⓟ"):
            people, trust = [m for m in inside if m.label == "PER"], confidence.APPOINTED
        else:
            subject = sentence_subject(text, sentence, mentions, start) or topic
            if subject is None:
                continue
            people, trust = [subject], confidence.SUBJECT_IS_TITLE
        when = when_of(text[start:v_end])
        for body, roles in pairs:
            yield body, roles, people, trust, when


def _chain_bodies(outer: list[Mention], mentions: list[Mention], posts: list[tuple[int, int]]) -> dict[int, Mention]:
    """The bodies a chain of posts may name, by start: bodies, places written before a
    body (澄溪市柳岸区 + 某街道某办: that body), places a title follows (青山村党支部书记)."""
    bodies = {m.start: m for m in outer if m.label == "ORG"}
    for m in reversed(outer):
        if m.label == "LOC" and m.end in bodies:
            bodies[m.start] = bodies[m.end]
    bodies.update({m.start: m for m in _places_before_titles(mentions, posts)})
    return bodies


def _chain_titles(text: str, posts: list[tuple[int, int]]) -> dict[int, int]:
    """Titles by start; one that starts with a part of a body (党支部书记) also starts after
    it, for the body written short before it (…临时党支部…任临时党支部书记: 书记)."""
    titles = dict(posts)
    for start, end in posts:
        part = next((p for p in TITLE_PREFIXES if text.startswith(p, start) and start + len(p) < end), None)
        if part:
            titles.setdefault(start + len(part), end)
    return titles


def _heads(title: str, body: Entity) -> bool:
    """Whether ``title`` heads a body of ``body``'s kind (军长 a …军, 局长 a …局, 校长 a school)."""
    names = body.aliases | {body.canonical}
    kinds = next((k for t, k in TITLE_HEADS.items() if title.endswith(t)), None)
    if kinds is None:
        kinds = (title[-2],) if len(title) >= 2 and title.endswith("长") else ()
    return any(name.endswith(kinds) for name in names) if kinds else False


def _count_marks(marked: str) -> int:
    return sum(marked.count(mark) for mark in _MARKS.values())
