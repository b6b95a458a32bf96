"""``zhitu_verb_frames``: organizes and participatesIn from trigger verbs.

In a sentence, the bodies (or people) before a trigger verb act on the
programmes and events after it, up to the next trigger or clause break:
澄溪市总工会、市文旅局等单位主办…大赛; 澄溪工会推出“职工创业贷”. The passive
(…由X主办) and an event named after its organiser (中国科协十二届三次执委会,
also after a term: 十三届澄溪市人大常委会第五次会议) count too. A person who
chairs or calls a meeting (X主持召开…) takes part in it. A generic noun after
参加/出席 (比赛, 会议) refers to the article's first event of that kind (the
one its headline and lead report), else the last event named; every person of
the clause before the verb takes part (副主席A、B、C出席会议), and so do those
after 出席会议的有 or described by 主持会议的. 在…会议上，X表示: the people of the
clause after the meeting took part. A clause without a subject (1928年出席…,
他出席…) is about the paragraph's first-named person (a biography's subject);
a fronted clause (参加完…培训，X感慨道) takes the person of the next; any clause
that names no one before its verb (…率部南征并参与指挥…) is the paragraph's person's
when a person is the first it names (never one in a credit's brackets). Also: 协助X指挥
(both), X进行EVENT, 在EVENT中壮烈牺牲, EVENT代表、…X (a delegate), EVENT…举行，X主持。,
X扩大的EVENT (organizes), 本次大赛由X主办, a congress named by its body (X第N次代表大会);
a national programme (ontology/data/national_programmes.tsv) is organised by the centre
only, others take part in it. No agent across a speaker into quoted speech, and no
trigger in a verb written as a noun (…的推进).
"""
from __future__ import annotations

import re
from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc

from zhitu.extractors import confidence
from zhitu.extractors.evidence import evidence_of, Mention
from zhitu.extractors.facts import Entity, text_of
from zhitu.extractors.lexicon import CN_NUMERAL, DIVISION_LEVELS, ORGANIZE_VERBS, PARTICIPATE_VERBS, alternation
from zhitu.extractors.components.programmes import national_programmes
from zhitu.extractors.places import ends_in_places
from zhitu.extractors.rules import Relations, add_inferred_entity
from zhitu.ontology import gazetteer

NAME = "verb_frames"
#: A person who chairs a meeting (or calls one: 主持召开) takes part in it.
HOST_VERBS = ("主持召开", "主持")
#: A person who commands a battle (or helps to, or leads troops in it) takes part in it.
COMMAND_VERBS = ("参与指挥", "指挥", "率部", "率军")
#: Verbs a person organises with only as the one who chairs (X召开会议): participation, not organizes.
PERSON_HOLDS_VERBS = ("召开", "举行", "举办")
#: Verbs that take a generic noun for the event the article reports (出席会议).
ATTEND_VERBS = ("出席", "出席了", "参加", "参加了", "参与", "参与了", "列席") + HOST_VERBS + COMMAND_VERBS
#: A generic noun for an event and the endings of the names it can stand for.
EVENT_NOUNS = {
    "比赛": ("赛",), "大赛": ("赛",), "竞赛": ("赛",), "活动": ("活动",), "培训": ("培训", "培训班"),
    "会议": ("会议", "全会", "全委会", "执委会", "常委会", "座谈会", "评议会", "研讨会", "推进会", "现场会", "发布会"),
    "大会": ("大会",), "全会": ("全会", "全体会议"),
    "座谈会": ("座谈会",), "论坛": ("论坛",), "发布会": ("发布会",),
}
_TRIGGER = re.compile("(?P<verb>" + alternation(ORGANIZE_VERBS + PARTICIPATE_VERBS + HOST_VERBS + COMMAND_VERBS) + ")")
_ANAPHOR = re.compile(r"(?:了|了本次|本次|此次|该|这次)?(?P<noun>" + alternation(EVENT_NOUNS) + ")")
_RELATIVE = re.compile(r"^(?:的有|的还有|的)")
#: An event pointed at before a passive 由 (本次大赛由…主办).
_POINTED_BY = re.compile(r"(?:本次|此次|该|这次|本届|此届)(?P<noun>" + alternation(EVENT_NOUNS) + r")(?:活动)?由")
_AT_EVENT = re.compile(r"(?:(?P<noun>" + alternation(EVENT_NOUNS) + r")?(?P<at>上)|(?P<inside>中))[，,]")
#: Generic nouns that may stand for an event of any kind (参加活动 after a contest was named).
_LOOSE_NOUNS = ("活动", "比赛")
_HARD_BREAK = re.compile(r"[。；;！？]")
#: A verb's objects end with its clause.
_CLAUSE_END = re.compile(r"[。；;！？，,]")
#: 按照/根据 X(的)部署: X directs what follows, it does not do it.
_DIRECTED_BY = re.compile(r"(?:按照|根据|遵照)$")
_DEPLOYED = re.compile(r"(?:的)?(?:部署|决策部署|统一部署)[，,]?\s*(?:[\u4e00-\u9fff]{0,4})$")
#: X作为Y代表(出席…): X acts; Y is only whom X stands for.
_AS_DELEGATE = "作为"
_CLAUSE_BREAK = re.compile(r"[，,。；;：:！？\n]")
#: What a clause may hold before its verb and still have no subject: dates and a pronoun.
_NO_SUBJECT = re.compile(rf"^(?:[\d{CN_NUMERAL}年月日—\-～~至同其间后初底前秋冬春夏时]*)(?:他|她)?(?:作为[^，,]*)?$")
_TERM = re.compile(rf"^第?[{CN_NUMERAL}\d]+届")


@Language.factory("zhitu_verb_frames", requires=["doc._.entities"], assigns=["doc._.relations"])
def make_verb_frames(nlp: Language, name: str) -> "VerbFrames":
    return VerbFrames()


class VerbFrames:
    def __call__(self, doc: Doc) -> Doc:
        evidence = evidence_of(doc)
        text = text_of(doc)
        relations = Relations(doc, NAME)
        events = [m for m in evidence.mentions if m.label == "EVENT"]
        last_event: Mention | None = None

        def emit(head: Mention, relation: str, tail: Mention, sentence, trust: float) -> None:
            relations.add(head.entity.key, relation, tail.entity.key, sentence=sentence, confidence=trust)

        for index, sentence in enumerate(evidence.sentences):
            mentions = [m for m in evidence.mentions_in(index) if not _nested(m, evidence.mentions_in(index))]
            triggers = [
                t for t in _TRIGGER.finditer(text, *sentence)
                if not _inside_mention(t, mentions) and not _NOMINAL.search(text, max(sentence[0], t.start() - 3), t.start())
            ]
            for k, trigger in enumerate(triggers):
                verb = trigger.group("verb")
                relation = "organizes" if verb in ORGANIZE_VERBS else "participatesIn"
                stop = triggers[k + 1].start() if k + 1 < len(triggers) else sentence[1]
                agents = _agents_before(mentions, trigger.start(), text, relation)
                quote = _QUOTED_SPEECH.search(text, agents[-1].end, trigger.start()) if agents else None
                if quote is not None:
                    agents = []  # X说，“我们要推进…”: the speech's 我们, not X
                if agents and _DIRECTED_BY.search(text, max(sentence[0], agents[0].start - 4), agents[0].start):
                    # 按照X、Y部署，推进Z: X and Y direct the work (部署 launches it); else they are no agents.
                    directed = _DEPLOYED.match(text, agents[-1].end, trigger.start())
                    agents = agents if directed and relation == "participatesIn" else []
                    relation = "organizes" if agents else relation
                # 1930年回国，…参加北伐: a clause without a subject does not take the last clause's.
                subjectless = relation == "participatesIn" and verb in ATTEND_VERBS and _subjectless(mentions, trigger.start(), text)
                nearest, agents = agents, [] if subjectless else agents
                helper = relation == "participatesIn" and verb in ATTEND_VERBS and agents and \
                    text.endswith(_ASSIST, max(sentence[0], agents[0].start - 2), agents[0].start)
                if helper and _subjectless(mentions, agents[0].start - 2, text):
                    # 协助周明远指挥青岭战役: the clause's own subject (the paragraph's) takes part too.
                    agents = agents + _paragraph_person(evidence, text, trigger.start())
                delegate = _delegate_before(mentions, sentence[0], trigger.start(), text)
                if delegate is not None and relation == "participatesIn":
                    agents = [delegate]
                if relation == "organizes" and verb in PERSON_HOLDS_VERBS:
                    people = _agents_before(mentions, trigger.start(), text, "participatesIn")
                    if people and people[-1].label == "PER":
                        relation, agents = "participatesIn", people  # X主持召开…会议: X chairs it
                if "由" in text[max(sentence[0], trigger.start() - 40) : trigger.start()]:
                    passive = [m for m in mentions if m.end <= trigger.start() and m.label in ("PROG", "EVENT")]
                    pointed = _POINTED_BY.search(text, sentence[0], trigger.start())
                    if not passive and pointed:
                        # 本次大赛由澄溪市总工会主办: the article's event of that kind.
                        passive = [r for r in [_referent(events, pointed.group("noun"), last_event)] if r is not None]
                    if passive and agents:
                        for agent in agents:
                            emit(agent, relation, passive[-1], sentence, confidence.PASSIVE_AGENT)
                        continue
                targets = [
                    m for m in mentions
                    if trigger.end() <= m.start < stop and m.label in ("PROG", "EVENT")
                    and not _CLAUSE_END.search(text[trigger.end() : m.start])
                ]
                anaphor = _ANAPHOR.match(text, trigger.end(), trigger.end() + 6)
                if not targets and relation == "participatesIn" and anaphor:
                    referent = _referent(events, anaphor.group("noun"), last_event)
                    targets = [referent] if referent is not None else []
                    after = text[anaphor.end() : anaphor.end() + 3]
                    if targets and verb in ATTEND_VERBS and _RELATIVE.match(after):
                        # 出席会议的有A、B / 主持会议的澄溪市委书记X: the people named after.
                        agents = _people_after(mentions, anaphor.end(), sentence[1], text, after.startswith("的有") or after.startswith("的还有"))
                    elif targets and verb in ATTEND_VERBS:
                        agents = _people_of_clause(mentions, trigger.start(), text) or agents
                if not targets and verb in HOST_VERBS and _CLAUSE_END.match(text, trigger.end()):
                    # 澄溪论坛15日举行，周明远主持。: the chair of the sentence's event.
                    held = [m for m in mentions if m.label == "EVENT" and m.end <= trigger.start()]
                    targets = held[-1:] if held else []
                    agents = _people_of_clause(mentions, trigger.start(), text) if targets else []
                    targets = targets if agents else []  # only the chair the clause names
                if not agents and targets and relation == "participatesIn":
                    # 参加完…培训，…主席X感慨道: a fronted clause's subject is the next clause's person.
                    agents = _subject_of_next_clause(mentions, targets[-1].end, sentence[1], text)
                if not agents and targets and relation == "participatesIn" and verb in ATTEND_VERBS:
                    agents = _topic_if_no_subject(evidence, text, trigger.start())
                if not agents and subjectless:
                    # …率部南征并参与指挥…: a biography's clause is about its subject, else the nearest.
                    agents = _paragraph_person(evidence, text, trigger.start()) or nearest
                for agent in agents:
                    for target in targets:
                        emit(agent, _national_role(relation, agent, target), target, sentence, confidence.TRIGGER_VERB)
            for m in mentions:
                if m.label == "EVENT":
                    last_event = m
        # X在EVENT上(讲话/强调…): X took part.
        for index, sentence in enumerate(evidence.sentences):
            mentions = evidence.mentions_in(index)
            for i, m in enumerate(mentions):
                if m.label not in ("PER", "ORG"):
                    continue
                for nxt in mentions[i + 1 : i + 3]:
                    gap = text[m.end : nxt.start]
                    if nxt.label == "EVENT" and re.fullmatch(r"(?:总书记|主席|同志)?(?:在|出席)", gap) and text[nxt.end : nxt.end + 1] in ("上", "并", "，", ","):
                        emit(m, "participatesIn", nxt, sentence, confidence.TRIGGER_VERB)
            # 澄溪市第五次党代会代表、…主任X: a delegate of the event takes part in it.
            for m in mentions:
                if m.label == "EVENT" and text.startswith(_DELEGATE, m.end):
                    delegate = _person_of_title_chain(mentions, m.end + len(_DELEGATE), text)
                    if delegate is not None:
                        emit(delegate, "participatesIn", m, sentence, confidence.TRIGGER_VERB)
            # 澄溪市委扩大的三届五中全会: the body whose meeting is enlarged holds it.
            for i, m in enumerate(mentions):
                if m.label == "ORG" and text.startswith(_ENLARGED, m.end):
                    held = [n for n in mentions[i + 1 :] if n.start == m.end + len(_ENLARGED) and n.label == "EVENT"]
                    for event in held[:1]:
                        emit(m, "organizes", event, sentence, confidence.TRIGGER_VERB)
            # 指挥澄溪支队进行青岭战斗: the body (or person) that carries an event out takes part.
            for i, m in enumerate(mentions):
                if m.label in ("PER", "ORG") and text.startswith(_CARRY_OUT, m.end):
                    after = [n for n in mentions[i + 1 :] if n.start == m.end + len(_CARRY_OUT) and n.label == "EVENT"]
                    for event in after[:1]:
                        emit(m, "participatesIn", event, sentence, confidence.TRIGGER_VERB)
            # X…，在青岭战斗中壮烈牺牲: the sentence's subject fell (or was wounded, won honours) in it.
            for m in mentions:
                if m.label == "EVENT" and text[m.start - 1 : m.start] == "在" and _FELL_IN.match(text, m.end):
                    subject = next((p for p in mentions if p.label == "PER" and p.start < m.start
                                    and not _in_brackets(text, sentence[0], p.start)), None)
                    if subject is not None:
                        emit(subject, "participatesIn", m, sentence, confidence.TRIGGER_VERB)
            # (在)…会议上，X表示 / 在…贺词中，X…: the people of the clause after the comma took part.
            for at in _AT_EVENT.finditer(text, *sentence):
                ends = {at.start(), at.start("at") if at.group("at") else at.start("inside")}
                event = next((m for m in mentions if m.label == "EVENT" and m.end in ends), None)
                if event is not None and at.group("inside") and text[event.start - 1 : event.start] != "在":
                    continue  # …中 is 'in' only after 在 (在澄溪论坛中，X…)
                if event is None and at.group("noun"):
                    event = _referent(events, at.group("noun"), None)
                if event is not None:
                    for person in _people_after(mentions, at.end() - 1, sentence[1], text, False):
                        emit(person, "participatesIn", event, sentence, confidence.TRIGGER_VERB)
        self._organisers_in_names(doc, evidence, emit)
        return doc

    @staticmethod
    def _organisers_in_names(doc: Doc, evidence, emit) -> None:
        """An event named after its organiser: 中国科协十二届三次执委会 → 中国科协, and
        after a term (十三届 + 澄溪市人大常委会 + 第五次会议) → the body, by a name the
        text gives it or a standard abbreviation."""
        bodies_at: dict[int, list[Mention]] = {}
        names: dict[str, Entity] = {}
        for m in evidence.mentions:
            if m.label == "ORG":
                bodies_at.setdefault(m.start, []).append(m)
        for entity in doc._.entities or []:
            if entity.label == "ORG":
                for name in entity.aliases | {entity.canonical}:
                    names.setdefault(name, entity)
        for m in evidence.mentions:
            if m.label != "EVENT":
                continue
            sentence = evidence.sentence_of(m.start)
            inner = [b for b in bodies_at.get(m.start, ()) if b.end < m.end and not _TERM.match(b.entity.canonical)]
            written = evidence.text(m.start, m.end)
            term = _TERM.match(written)
            if term is None and inner:
                for body in inner:
                    emit(body, "organizes", m, sentence, confidence.ORGANISER_IN_NAME)
                continue
            # After a term, or where the event's span took the body's (青年国际第七次代表大会):
            # the body the name starts with, as the text names it elsewhere or by its abbreviation.
            skip = term.end() if term else 0
            body = _body_named(written[skip:], names, doc) or _congress_holder(written[skip:], names, doc)
            if body is not None:
                emit(Mention(m.start + skip, m.start + skip, body), "organizes", m, sentence,
                     confidence.ORGANISER_IN_NAME)


#: A body's congress or plenary named by the body and its ordinal (澄溪商会第七次代表大会).
_CONGRESS_OF = re.compile(rf"^(?P<body>[\u4e00-\u9fff]{{2,12}}?)第[{CN_NUMERAL}\d]+(?:次|届)(?:全国|会员)?(?:代表大会|全体会议|全委会)")


#: The last characters of a place's name (a division or settlement), never of a body's.
_PLACE_ENDS = tuple(DIVISION_LEVELS) + ("镇", "乡", "村", "国")


def _congress_holder(written: str, names: dict[str, Entity], doc: Doc) -> Entity | None:
    """The body that holds a congress named after it, made an entity when the text names it
    only there; not a place (澄溪市第五次代表大会 is the city's party congress)."""
    match = _CONGRESS_OF.match(written)
    if match is None:
        return None
    body = match.group("body")
    if ends_in_places(body) or gazetteer.canonical_place(body) or body in gazetteer.countries() or body.endswith(_PLACE_ENDS):
        return None
    entity = names.get(body)
    if entity is None:
        entity = names[body] = add_inferred_entity(doc, "ORG", body)
    return entity


#: The central bodies that launch the nation's programmes (按照党中央、国务院部署).
_CENTRAL_BODIES = frozenset(("中国共产党中央委员会", "中华人民共和国国务院", "国务院", "中国共产党", "中华人民共和国中央人民政府"))


def _national_role(relation: str, agent: Mention, target: Mention) -> str:
    """A national programme (科教兴国战略) is organised by the centre; a body that carries it
    out where it is (澄溪县委实施…) takes part in it."""
    if relation != "organizes" or agent.entity.canonical in _CENTRAL_BODIES:
        return relation
    table = national_programmes()
    names = target.entity.aliases | {target.entity.canonical}
    return "participatesIn" if any(name in table for name in names) else relation


def _body_named(rest: str, names: dict[str, Entity], doc: Doc) -> Entity | None:
    """The body whose name (or standard abbreviation) ``rest`` starts with, longest first."""
    abbreviations = gazetteer.abbreviations()
    for size in range(min(len(rest) - 2, 16), 1, -1):
        prefix = rest[:size]
        if prefix in names:
            return names[prefix]
        full = abbreviations.get(prefix)
        if full and full[1] == "ORG":
            entity = names.get(full[0])
            if entity is None:
                entity = names[full[0]] = add_inferred_entity(doc, "ORG", full[0], aliases=(prefix,))
            return entity
    return None


def _referent(events: list[Mention], noun: str, last: Mention | None) -> Mention | None:
    """The event a generic noun (会议, 比赛) stands for: the article's first of that kind, else
    the last named when it is of another kind only the noun is loose about (活动)."""
    endings = EVENT_NOUNS.get(noun, ())
    for m in events:
        if m.entity.canonical.endswith(endings):
            return m
    return last if noun in _LOOSE_NOUNS else None


#: 协助X指挥…: the helper acts with X.
_ASSIST = "协助"
#: X扩大的EVENT: an enlarged session of X's.
_ENLARGED = "扩大的"
#: X进行EVENT: X carries the event out.
_CARRY_OUT = "进行"
#: 在EVENT中 and what befalls a combatant there.
_FELL_IN = re.compile(r"中(?:英勇|壮烈)?(?:牺牲|阵亡|负伤|受伤|立功|殉职|献出)")
#: After an event's name: its delegate (…大会代表X).
_DELEGATE = "代表"


def _person_of_title_chain(mentions: list[Mention], position: int, text: str) -> Mention | None:
    """The person a chain of titles starting at ``position`` ends in (代表、澄溪港务集团总裁X),
    within its clause and with no verb of its own (代表团 or 代表了 are no title)."""
    if text[position : position + 1] in ("团", "了", "们", "性"):
        return None
    for m in mentions:
        if m.start < position:
            continue
        if m.label == "PER" and m.start - position <= 30 and not _CLAUSE_BREAK.search(text, position, m.start):
            return m
        if m.start - position > 30:
            break
    return None


def _delegate_before(mentions: list[Mention], start: int, position: int, text: str) -> Mention | None:
    """The person right before 作为 in the sentence up to ``position`` (X作为Y代表，到…出席)."""
    at = text.rfind(_AS_DELEGATE, start, position)
    if at < 0:
        return None
    people = [m for m in mentions if m.end == at and m.label == "PER"]
    return people[0] if people else None


def _people_of_clause(mentions: list[Mention], position: int, text: str) -> list[Mention]:
    """The people named in the clause that ends at ``position`` (副主席A、B、C出席会议)."""
    start = position
    while start > 0 and not _CLAUSE_BREAK.match(text, start - 1):
        start -= 1
        if position - start > 200:
            break
    return [m for m in mentions if start <= m.start and m.end <= position and m.label == "PER"]


def _people_after(mentions: list[Mention], position: int, end: int, text: str, whole_sentence: bool) -> list[Mention]:
    """The people named after ``position``: to the end of the sentence (a list after 的有),
    or in the next clause."""
    if not whole_sentence:
        following = _CLAUSE_BREAK.search(text, position + 1, end)
        end = following.start() if following else end
    return [m for m in mentions if position < m.start and m.end <= end and m.label == "PER"]


def _topic_if_no_subject(evidence, text: str, position: int) -> list[Mention]:
    """The paragraph's first-named person, when the clause before ``position`` has no
    subject of its own (1928年出席…; 他作为代表出席…): a biography's subject."""
    clause_start = position
    while clause_start > 0 and not _CLAUSE_BREAK.match(text, clause_start - 1) and position - clause_start < 40:
        clause_start -= 1
    if not _NO_SUBJECT.match(text[clause_start:position].strip()):
        return []
    paragraph = text.rfind("\n", 0, position) + 1
    for m in evidence.mentions:
        if m.start >= position:
            break
        if m.start >= paragraph and m.label == "PER":
            return [m]
    return []


#: A verb written as a noun after 的 (项目的加速推进): no one acts in it.
_NOMINAL = re.compile(r"的(?:加速|持续|全面|深入|积极|稳步|扎实|有序|大力)?$")
#: Quoted speech opened after a speaker (X说，“…): its subject is the speech's own.
_QUOTED_SPEECH = re.compile(r"(?:说|表示|指出|强调|介绍|认为|坦言|感慨)[，,：:]\s*“")
#: Words that make a clause before a verb hold its subject elsewhere (参加会议的, 由X主持).
_NOT_SUBJECTLESS = re.compile(r"[的由被将把]")


def _subjectless(mentions: list[Mention], position: int, text: str) -> bool:
    """Whether the clause before ``position`` names no one (率部南征并参与指挥…) and is no
    relative or passive phrase: its subject is the paragraph's."""
    start = position
    while start > 0 and not _CLAUSE_BREAK.match(text, start - 1) and position - start < 40:
        start -= 1
    if _NOT_SUBJECTLESS.search(text, start, position):
        return False
    return not any(start <= m.start < position and m.label in ("PER", "ORG") for m in mentions)


def _paragraph_person(evidence, text: str, position: int) -> list[Mention]:
    """The paragraph's first-named person, when a person is the first it names (a biography's
    paragraph, not a body's)."""
    paragraph = text.rfind("\n", 0, position) + 1
    mentions = evidence.mentions  # in text order
    for m in mentions[bisect_left(mentions, paragraph, key=lambda x: x.start) :]:
        if m.start >= position:
            break
        if m.label in ("PER", "ORG") and not _in_brackets(text, paragraph, m.start):
            return [m] if m.label == "PER" else []
    return []


def _in_brackets(text: str, start: int, position: int) -> bool:
    """Whether ``position`` lies inside brackets opened after ``start`` (a credit: （记者X）)."""
    return text.rfind("（", start, position) > text.rfind("）", start, position)


def _nested(m: Mention, mentions: list[Mention]) -> bool:
    return any(o is not m and o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start) for o in mentions)


def _inside_mention(trigger: re.Match, mentions: list[Mention]) -> bool:
    return any(m.start <= trigger.start() < m.end for m in mentions)


def _agents_before(mentions: list[Mention], position: int, text: str, relation: str) -> list[Mention]:
    """The nearest body (or person, for participatesIn) before the verb, with those coordinated with it."""
    labels = ("ORG",) if relation == "organizes" else ("ORG", "PER")
    before = [m for m in mentions if m.end <= position and m.label in labels]
    if not before:
        return []
    nearest = before[-1]
    group = [nearest]
    for m in reversed(before[:-1]):
        if re.fullmatch(r"[、和与及\s]*|(?:联合|会同|携手|联手)", text[m.end : group[-1].start]):  # X联合Y推出…
            group.append(m)
        else:
            break
    return list(reversed(group))


def _subject_of_next_clause(mentions: list[Mention], position: int, end: int, text: str) -> list[Mention]:
    """The person named in the clause after the comma that follows ``position`` (within the sentence)."""
    comma = min((i for i in (text.find("，", position, end), text.find(",", position, end)) if i >= 0), default=-1)
    if comma < 0:
        return []
    following = re.search(r"[，,。；;！？]", text[comma + 1 : end])
    clause_end = comma + 1 + following.start() if following else end
    people = [m for m in mentions if comma < m.start < clause_end and m.label == "PER"]
    return people[:1]
