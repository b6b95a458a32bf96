"""``zhitu_programmes``: named programmes (PROG) and events (EVENT).

Patterns over the text and LAC's words, not over particular names:
- quoted names with their heads (“澄溪杯”竞赛, “职工驿站”): the head ends a word, after a
  noun phrase (no adverb, number, time or clause: “澄溪贷”放款三个月); a bare quoted name
  only with a head of its own (“澄溪清河行动”), where a programme verb used as a verb
  introduces it and its phrase ends there (开展“…”，), or 等 closes a list of programmes;
  no styles, questions, groups or wrongdoing (“一站式”服务, “…队”, “…”违法活动);
- unquoted noun compounds ending in a programme head (…建设改革, …战略), not kinds
  (联合行动, 相关改革), plans to (…计划明年启用), nor where the start is unclear (after an
  adjective, a count, 等, or 和 sharing the head);
- ordinal meetings (十二届三次执委会, 第三次…座谈会, 首届…大会, 第N期…培训),
  a year + contest or show (2022年…大赛), party congresses (党的十七大);
- military events: battles by place and head (青岭战斗), the items of a list closed
  by 等 + a kind (攻打青石关、夜渡柳河等战斗), expeditions someone takes part in
  (参加北伐), quoted operations (反“清剿”作战), each named again where written again.
Programme/event spans win over overlapping LAC spans (they contain them).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from itertools import accumulate
from collections.abc import Iterator, Mapping

import csv
from functools import cache, lru_cache
from types import MappingProxyType

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from zhitu.extractors.facts import ensure_token_edges, tags_of, text_of, words_of
from zhitu.ontology import data_path, gazetteer
from zhitu.extractors.lexicon import (
    CN_NUMERAL, EVENT_HEADS, GENERIC_BODIES, NOT_PROGRAMME_HEADS, ORG_HEADS, ORGANIZE_VERBS, PARTICIPATE_VERBS, PROGRAMME_HEADS,
    alternation,
)

_HAN = r"\u4e00-\u9fff"
_NUM = CN_NUMERAL + r"\d"


#: Heads after a quoted name besides the lexicon's: a themed education campaign
#: (“…”主题教育) and the military operations a quoted name may head (反“…”作战).
_QUOTED_PROG_HEADS = ("主题教育",)
_QUOTED_EVENT_HEADS = ("作战", "战役", "战斗", "会战", "起义")
_PROG_HEAD = alternation(PROGRAMME_HEADS + _QUOTED_PROG_HEADS)
_EVENT_HEAD = alternation(EVENT_HEADS + _QUOTED_EVENT_HEADS)
_ANY_HEADS = PROGRAMME_HEADS + _QUOTED_PROG_HEADS + EVENT_HEADS + _QUOTED_EVENT_HEADS + NOT_PROGRAMME_HEADS
_ANY_HEAD = alternation(_ANY_HEADS)
#: 等 after quoted names and what makes them a list of programmes: a head or nothing more.
_LIST_OF_PROGRAMMES = re.compile(rf"等(?:[{_HAN}]{{0,4}}?{_PROG_HEAD}|[，。；！？、,;!?）)\n]|$)")
#: A character before the quotes that belongs to the name: 反“…”作战 (against the operation quoted).
_QUOTE_PREFIX = "反"
_QUOTED = re.compile(
    rf"(?P<year>\d{{4}}年(?:[~～至-]\d{{4}}年)?)?(?P<quotes>(?:“[^“”\n。！？]{{1,40}}”)+)"
    rf"(?P<head>[^\s\d的了被已在于将为是和与及或对把向从这该此“”，。、；：！？（）(),.;:!?]{{0,10}}?{_ANY_HEAD})?"
)
_INTRO = re.compile(alternation(ORGANIZE_VERBS + PARTICIPATE_VERBS + ("深化", "建设", "推进", "参与", "评选", "开通", "创新")) + r"(?:了|的)?$")
_APPOSITION = re.compile(alternation(PROGRAMME_HEADS) + r"(?:——|—|：|:)$")
#: The national “互联网+” action (国务院关于积极推进“互联网+”行动的指导意见, 2015): each
#: “互联网+X” is one of its programmes.
_PLUS_ACTION = "互联网+"
#: Verbs that make the words after a quoted name a clause of their own (…举行开学典礼).
_CLAUSE_VERB = re.compile(alternation(("举行", "召开", "举办", "登台", "呼唤", "开幕", "闭幕", "走进", "参加", "出席")))
#: Heads that after a quoted name make it a field of work (“三农”工作), not a programme.
_FIELD_HEADS = ("工作",)
_UNQUOTED_HEADS = ("改革", "战略", "工程", "计划", "规划", "行动", "活动")
_GENERIC = ("系列", "专项", "各项", "相关", "主题", "这项", "此次", "该", "本次", "有关", "一系列", "各类", "多项")
#: Words that make no name of a head alone (国家战略, 制度改革, 重点改革): only a kind of reform or strategy.
#: A modifier ending so makes an adjective (历史性工程, 全局性改革): a kind, not a name.
_QUALITY_SUFFIXES = ("性",)
_GENERIC_MODIFIERS = {"国家", "中国", "全国", "发展", "制度", "体制", "机制", "体制机制", "重点", "环节", "全球", "两国",
                      "新时代", "全面", "重大", "整体", "系统", "各方面", "总体", "长期", "国家发展",
                      "中央", "双方", "中方", "我方", "我国", "各国", "两岸", "各地", "双边", "多边"}
#: Words that make a kind of whatever they stand in (医疗相关改革, 相应整改计划).
_KIND_WORDS = ("相关", "相应", "有关", "其他", "其它")

#: Ordinal sessions: [十三届][ORG]第二次会议, [ORG]十二届三次执委会, 第九次委员长会议, [ORG]五届三中全会.
#: The body and a 届 before it are attached below; a bare count (三次会议) is no name.
_SESSIONS = [
    re.compile(rf"(?:第?[{_NUM}]+届)?第?[{_NUM}]+次[{_HAN}]{{0,6}}?(?:全委会|执委会|全体会议|常委会|主席团会议|委员长会议|代表大会|会议|全会)(?:会议)?"),
    re.compile(rf"第?[{_NUM}]+届(?:中央委员会)?第?[{_NUM}]+中全会"),
]
_ORDINAL_TERM = re.compile(rf"第?[{_NUM}]+届$")
#: Plenums of one term listed with the term and 全会 written once (十七届五中、六中、七中全会).
_PLENUM_LIST = re.compile(r"(?P<term>(?:党的|中共)?[一二三四五六七八九十]{1,3}届)"
                          r"(?P<list>[一二三四五六七八九]中(?:[、和及与][一二三四五六七八九]中)+)全会")
#: Bodies named by their kind alone (常委会, 执委会): no name to put before a session.
_KIND_ONLY = GENERIC_BODIES | {"常委会", "委员会", "执委会", "全委会", "主席团", "人大", "政协", "大会", "常务委员会"}
#: Occurrences that recur every year under one name: with a year, that year's is an event (2031年春运).
_YEARLY_OCCURRENCES = ("两会", "春运", "新年贺词")
#: Kinds of meeting a body holds under its own name (澄溪县政府常务会议, 澄溪市政府新闻办新闻发布会).
_BODY_MEETINGS = ("常务会议", "全体会议", "常委会会议", "党组会议", "新闻发布会", "工作会议", "政治局会议",
                  "政治局常委会会议")
_BODY_MEETING = re.compile(alternation(_BODY_MEETINGS))
_ORG_HEAD = re.compile(alternation(ORG_HEADS) + "$")

#: Heads of occurrences that come in numbered editions.
_EDITION_HEADS = ("论坛", "博览会", "峰会", "运动会", "大赛", "交易会", "艺术节", "电影节", "文化节", "旅游节",
                  "展览会", "锦标赛", "大会")
_EVENTS = [
    re.compile(rf"第[{_NUM}]+次[{_HAN}]{{2,14}}?(?:座谈会|工作会议|会议|代表大会|大会)"),
    re.compile(rf"首届[{_HAN}]{{2,16}}?(?:代表大会|交流大会|大会|大赛|会议|论坛|博览会|峰会|运动会)"),
    re.compile(rf"第[{_NUM}]+期[{_HAN}]{{2,16}}?培训(?:班)?"),
    # The Nth edition of a recurring occurrence (第三届澄溪国际茶叶博览会); not a body's term
    # (第十三届…代表大会 is the assembly itself).
    re.compile(rf"第[{_NUM}]+届(?:[{_HAN}]|“[^“”]{{1,12}}”){{2,20}}?{alternation(_EDITION_HEADS)}(?<!代表大会)"),
    re.compile(rf"(?:\d{{4}}|[〇零一二三四五六七八九]{{4}})年(?:[{_HAN}]|“[^“”]{{1,12}}”){{2,24}}?"
               r"(?:职业技能大赛|技能大赛|大赛|竞赛|比赛|运动会|博览会|论坛|峰会|特别节目|晚会)"),
    re.compile(r"(?:党的|中共)?(?:十[一二三四五六七八九]|二十[一二]?)(?:大|届[一二三四五六七八九]中全会)(?![学夫小众会型])"),
    re.compile(r"(?:\d{4}|[〇零一二三四五六七八九]{4})年(?:全国)?" + alternation(_YEARLY_OCCURRENCES)),
    # A national yearly occurrence without a year is this year's (今年全国春运), not another year's (去年…).
    re.compile(r"(?<!\d年)(?<![〇零一二三四五六七八九]年)(?<!去年)(?<!明年)(?<!前年)全国" + alternation(_YEARLY_OCCURRENCES)),
]


@Language.factory(
    "zhitu_programmes",
    assigns=["doc.ents"],
    requires=["doc.ents", "token.tag"],
)
def make_programmes(nlp: Language, name: str) -> "Programmes":
    return Programmes()


class Programmes:
    def __call__(self, doc: Doc) -> Doc:
        marks: list[tuple[int, int, str]] = []  # (start, end, label) in the text
        text = text_of(doc)
        layout = _Layout(doc)
        for match in _QUOTED.finditer(text):
            head = _checked_head(text, match, layout)
            label = self._quoted_label(text, match, head, layout)
            if not label:
                continue
            if match.group("quotes").count("“") > 1 and (not head or head.startswith("等")):
                # “A”“B”等: a list of names, each its own programme.
                for quote in re.finditer(r"“[^“”]+”", match.group("quotes")):
                    offset = match.start("quotes")
                    marks.append((offset + quote.start(), offset + quote.end(), "PROG"))
            else:
                start = match.start()
                if label == "EVENT" and not match.group("year") and text[start - 1 : start] == _QUOTE_PREFIX:
                    start -= 1
                marks.append((start, match.end("quotes") + len(head), label))
        named = {text[s:e] for s, e, label in marks if label == "PROG" and text[s] == "“" and text[e - 1] == "”"}
        marks += [(s, e, "PROG") for s, e in _quoted_again(text, named)]
        bodies = _Bodies(doc)
        for pattern in _EVENTS:
            for match in pattern.finditer(text):
                marks.append((bodies.start_before(match.start()), match.end(), "EVENT"))
        marks += [(s, e, "EVENT") for s, e in _sessions(text, bodies)]
        marks += [(s, e, "EVENT") for s, e in plenum_lists(text)]
        marks += [(s, e, "PROG") for s, e in _campaigns(doc)]
        marks += [(s, e, "PROG") for s, e in _titled_plans(text)]
        marks += [(s, e, "PROG") for s, e in _national_programmes(text)]
        marks += [(s, e, "EVENT") for s, e in _topic_meetings(doc, text)]
        military = list(_battles(doc)) + list(_listed_events(doc, text)) + list(_expeditions(text))
        marks += [(s, e, "EVENT") for s, e in military]
        marks += [(s, e, "EVENT") for s, e in _named_again(text, military)]
        marks += [(s, e, "EVENT") for s, e in _body_meetings(text, {e.text for e in doc.ents if e.label_ == "ORG"})]
        # A name may end inside one of LAC's words (党的十七大和…): cut the word there.
        doc = ensure_token_edges(doc, {x for s, e, _ in marks for x in (s, e)})
        found = [span for s, e, label in marks if (span := doc.char_span(s, e, label=label)) is not None]
        found += self._unquoted(doc)
        # Longer spans win, and on a tie the programme/event (listed first).
        doc.ents = filter_spans(found + list(doc.ents))
        return doc

    @staticmethod
    def _quoted_label(text: str, match: re.Match, head: str, layout: "_Layout") -> str | None:
        quotes = match.group("quotes")
        inner = quotes.strip("“”")
        if inner.endswith(_STYLE) or inner.startswith(_QUESTION_WORDS) or len(inner) < 2:
            return None  # “一站式”服务: a kind; “如何…”: a question; a quoted character
        if head and not head.startswith("等"):
            if head.endswith(_FIELD_HEADS) and not head.endswith("驻村工作"):
                return None  # “三农”工作, “结对”帮扶工作: a field of work, not a programme
            if any(w in head for w in _WRONGDOING):
                return None  # “澄溪帮”犯罪活动: wrongdoing
            if _CLAUSE_VERB.search(head):
                return None  # “澄溪学堂”举行开学典礼: a clause about the name, not one name
            rest = text[match.end("quotes") + len(head) :][:4]
            if head.endswith(NOT_PROGRAMME_HEADS) or rest.startswith(NOT_PROGRAMME_HEADS):
                return None
            if re.search(_EVENT_HEAD + "$", head) and not head.endswith(PROGRAMME_HEADS + _QUOTED_PROG_HEADS):
                return "EVENT"
            return "PROG"
        if inner[0] in CN_NUMERAL or inner[0].isdigit() or re.search(r"[，,。；]", inner):
            return None  # 五个坚决-style slogans, quoted speech
        if inner.endswith(_GROUP_HEADS) or _group_after(match.end("quotes"), layout):
            return None  # “澄溪帮帮队”: a group, not a programme; “澄溪行动”突击队: a group's name
        if _headed_inside(match, layout):
            return "PROG"  # “澄溪清河行动”: a programme by its own head
        if inner.startswith(_PLUS_ACTION):
            return "PROG"  # “互联网+X”: a field of the national Internet Plus action (State Council, 2015)
        before = text[max(0, match.start() - 8) : match.start()]
        before = re.split(r"[，。；：！？,\n]", before)[-1]
        end = match.end("quotes")
        after = text[end : end + 2]
        if after[:1] == "等":
            # “A”“B”等 closes a list of programmes where a programme head or nothing
            # follows (等活动, 等。), of something else where another noun does (等现象).
            return "PROG" if _LIST_OF_PROGRAMMES.match(text, end) else None
        if not _ends_its_phrase(text, end, layout) and (before.endswith("的") or not _noun_before_verb(match, layout)):
            return None  # 打造“澄式”养老, 组织“齐步走”助力…: a word of a phrase or a subject
        if _introduced(before, match.start(), layout) or match.group("year"):
            return "EVENT" if inner.endswith(EVENT_HEADS) else "PROG"
        if _APPOSITION.search(before):
            return "PROG"  # …扶持项目——“X”: the name of the programme just described
        return None

    @staticmethod
    def _unquoted(doc: Doc) -> list[Span]:
        words, tags = words_of(doc), tags_of(doc)
        text = text_of(doc)
        titles = [m.span() for m in _TITLE.finditer(text)]
        spans = []
        for head, word in enumerate(words):
            if word not in _UNQUOTED_HEADS and not (word.endswith(_UNQUOTED_HEADS) and len(word) > 2):
                continue
            start = head
            while start > 0 and head - start < 8 and (
                tags[start - 1] in ("n", "nz", "vn", "LOC", "ORG", "j", "TIME", "vd")
                or (words[start - 1] in ("~", "～", "-", "至") and start > 1 and tags[start - 2] == "TIME")
            ):
                start -= 1
            while start < head and (tags[start] == "TIME" and not re.match(r"^\d{4}年", words[start]) or tags[start] == "vd"):
                start += 1  # a name starts with neither a bare date nor an adverb (综合 in …综合配套改革)
            # 开展关爱环卫工人健康体检活动: after an organising verb the whole object is the name.
            verb = _verb_before(words, tags, start, head)
            if verb is not None:
                start = verb
            name_words = words[start : head + 1]
            name = "".join(name_words)
            if start == head and len(name) <= 4:
                continue
            if len(name) < 4 or name_words[0] in _GENERIC or name.startswith(_GENERIC):
                continue
            if name[: -len(word)] in _GENERIC_MODIFIERS or name[: -len(word)].endswith(_QUALITY_SUFFIXES):
                continue
            if len(name) < 5 and word not in ("改革", "战略"):
                continue
            if set(_KIND_WORDS).intersection(name_words) or name_words[0].startswith(_KIND_WORDS):
                continue
            if _kind_of_action(name_words):
                continue  # 联合行动, 促销活动: kinds
            if start > 0 and name_words[0] == "国" and words[start - 1] in _NATION_PRONOUNS:
                start += 1  # 我 + 国 + 深海探测工程: the country is no part of the name
                name_words = name_words[1:]
                if len("".join(name_words)) < 5:
                    continue
            if _not_a_name(words, tags, start, head) or _in_title(titles, doc[start].idx) \
                    or _KINDS_LISTED.match(text, doc[head].idx + len(word)):
                continue
            spans.append(Span(doc, start, head + 1, label="PROG"))
        return spans


#: The rest of a clause that makes its items kinds (A工程、B工程三大类; 分为…等四类).
_KINDS_LISTED = re.compile(rf"[^，。；！？,;\n]{{0,40}}?[{_NUM}几]+大?类")
#: Words that make a kind of an action or activity right before its head (联合行动, 促销活动),
#: and wrongdoing (犯罪活动).
_KIND_OF_ACTION = ("联合", "收网", "合作", "人道主义", "主题", "促销", "交流", "交往", "招聘", "对接")
#: Words before 国 that make it "our country" (我国), not a part of a name.
_NATION_PRONOUNS = ("我", "本", "各", "两")


def _kind_of_action(name_words: list[str]) -> bool:
    """Whether the words end in a kind of action or activity (两地警方联合行动, 超市促销活动)
    or name a wrongdoing (电信诈骗犯罪活动)."""
    name = "".join(name_words)
    if not name.endswith(("行动", "活动")):
        return False
    return name[:-2].endswith(_KIND_OF_ACTION) or any(w in _WRONGDOING for w in name_words)


#: Heads of a kind of activity, named only with three or more words of what it does
#: (关爱环卫工人健康体检活动), not with one or two (警示教育活动: a kind).
_KIND_HEADS = ("活动",)
#: Heads that are verbs too (规划和实施: to plan and carry out).
_VERBAL_HEADS = ("规划", "计划")
#: Pronouns of persons whose own plan is no programme (自己的读书计划; not 自身的…战略, a body's).
_PERSONAL_PRONOUNS = ("自己", "我", "我们", "你", "你们", "他", "她", "他们", "她们", "大家")
#: Verbs after a plan that say what it is (…计划是…), not what someone plans to do.
_COPULAS = ("是", "为", "成为", "就是", "也是")
_TITLE = re.compile(r"《[^《》\n]{1,60}》")
#: A plan's title names a programme: 《澄溪市乡村建设三年规划（2031—2033）》.
_HEADS_ONLY = re.compile(f"(?:{alternation(_UNQUOTED_HEADS + ('纲要', '方案', '实施'))})+")
_TITLED_PLAN = re.compile(rf"《(?P<name>[^《》\n]{{2,50}}?{alternation(('纲要', '规划', '行动计划', '计划', '行动方案', '实施方案'))}(?:（[\d—\-～~至年]+）)?)》")


def _not_a_name(words: list[str], tags: list[str], start: int, head: int) -> bool:
    """Whether the words ``start..head`` are no programme's name: the head is a modifier (改革纲要)
    or a verb (规划和实施), the words are the object of a preposition (向灾区捐款活动), or an
    activity is named by one or two words (警示教育活动)."""
    after = tags[head + 1] if head + 1 < len(tags) else ""
    if after == "n" or words[head + 1 : head + 2] and words[head + 1] in _UNQUOTED_HEADS + ("开放",):
        return True  # …改革纲要, …改革规划, 改革开放 (reform and opening, an era's policy)
    if words[head] in _VERBAL_HEADS and words[head + 1 : head + 2] and words[head + 1] in ("和", "与", "及", "并") and tags[head + 2 : head + 3] == ["v"]:
        return True
    copula = words[head + 1 : head + 2] and words[head + 1] in _COPULAS
    if words[head] in _VERBAL_HEADS and (tags[head] == "v" or after in ("v", "TIME") and not copula):
        return True  # 柳岸码头计划明年启用, 园区计划种树: plans to, not a plan
    if start > 1 and words[start - 1] == "的" and words[start - 2] in _PERSONAL_PRONOUNS:
        return True  # 自己的读书计划: someone's own plan
    if start > 0 and tags[start - 1] == "p":
        return True
    if start > 0 and words[start - 1] == "的" and len("".join(words[start : head + 1])) <= 4:
        return True  # 科学的应对战略: a short kind after a description
    if after == "vn" and tags[head + 2 : head + 3] == ["n"]:
        return True  # …战略合作伙伴: a modifier
    return _unclear_start(words, tags, start) or words[head] in _KIND_HEADS and head - start < 3


#: Tags of the word before a name that leave its start unclear: an adjective or adverb that
#: belongs to it (现役部队改革 read from 部队), or a count of works of a kind (五大…工程).
_UNCLEAR_BEFORE_TAGS = frozenset(("a", "an", "d"))
#: A count of works (五大, 26个), not a measure (220千伏) or a round (四轮).
_COUNT = re.compile(rf"[{_NUM}几数多]+(?:个|大|项|类|座|条|处)?")


def _unclear_start(words: list[str], tags: list[str], start: int) -> bool:
    """Whether the word before a name leaves its start unclear or makes it a kind: an
    adjective, adverb or count; 等 (…等地综合改革: the kind of what is listed); 和 after
    a word that ends no name (党和国家机构改革, X和Y建设计划: a head that both share)."""
    if start == 0:
        return False
    before = words[start - 1]
    if tags[start - 1] in _UNCLEAR_BEFORE_TAGS or before == "等" or tags[start - 1] == "m" and _COUNT.fullmatch(before):
        return True
    return before in ("和", "与", "及") and start > 1 and tags[start - 2] in ("n", "vn", "v", "a", "nz") \
        and not words[start - 2].endswith(PROGRAMME_HEADS + _UNQUOTED_HEADS)


def _in_title(titles: list[tuple[int, int]], at: int) -> bool:
    """Whether ``at`` lies inside a book title (a work's name: 《…白皮书》 is no programme);
    ``titles`` are in text order and do not overlap."""
    i = bisect_left(titles, (at, at)) - 1
    return i >= 0 and titles[i][0] < at < titles[i][1]


def _titled_plans(text: str) -> Iterator[tuple[int, int]]:
    """The names of plans written as titles (《…规划（2031—2033）》), without the brackets."""
    for match in _TITLED_PLAN.finditer(text):
        if not _HEADS_ONLY.fullmatch(match.group("name")):  # 《规划纲要》: a short form of a title
            yield match.start("name"), match.end("name")


def _sessions(text: str, bodies: "_Bodies") -> Iterator[tuple[int, int]]:
    """Ordinal sessions with the body that holds them and the term before it
    (十三届 + 澄溪市人大常委会 + 第五次会议); only those that are names: with 第, 届 or a body.
    A body named by its kind alone (常委会第五次会议) is left out: the session's own
    name then ends the full one (…常委会第五次会议), which it is a short form of."""
    for pattern in _SESSIONS:
        for match in pattern.finditer(text):
            start = bodies.start_before(match.start())
            if text[start : match.start()] in _KIND_ONLY:
                start = match.start()
            term = _ORDINAL_TERM.search(text, max(0, start - 6), start)
            if term is not None and start < match.start():
                start = term.start()
            name = text[start : match.end()]
            if start < match.start() or "第" in name or "届" in name:
                yield start, match.end()


#: The head of a named campaign after the aim it fights for (X攻坚, X攻坚战); the name is
#: written with and without 战, and the shorter form is the one both share.
_CAMPAIGN_HEAD = "攻坚"
_CAMPAIGN_WAR = "攻坚战"
#: Verbs that govern a campaign and are no aim of it (确保攻坚战质量, 打赢…攻坚战).
_CAMPAIGN_GOVERNING = frozenset(ORGANIZE_VERBS + PARTICIPATE_VERBS + (
    "确保", "打好", "打赢", "打胜", "决胜", "决战", "坚决", "全力", "助力", "聚焦", "服务", "支持", "巩固", "做好",
    "抓好", "加强", "投身", "深化", "持续", "推动", "攻坚", "坚持", "打", "赢", "狠抓", "新增", "攻克", "完成",
    "落实", "压实",
    # and verbs of keeping up or stepping up an assault, or of being at its stage (保持攻坚态势)
    "保持", "强化", "处于",
    # and the reform a campaign is a stage of (改革攻坚: the hard part of reform), no aim of one
    "改革"))


def _campaigns(doc: Doc) -> Iterator[tuple[int, int]]:
    """A campaign named by its aim, a verb, and 攻坚(战): X攻坚 as one name (not 攻坚克难,
    not a noun's place before it: 贫困地区攻坚, not a verb that governs it: 确保攻坚战), where
    the aim starts clearly (after a governing verb, not after another verb of the aim)."""
    words, tags = words_of(doc), tags_of(doc)
    at = 0
    for i, word in enumerate(words):
        if word == _CAMPAIGN_HEAD or word == _CAMPAIGN_WAR:
            before = words[i - 1] if i > 0 else ""
            if (len(before) == 2 and tags[i - 1] in ("v", "vn") and words[i + 1 : i + 2] != ["克难"]
                    and before not in _CAMPAIGN_GOVERNING and not _aim_runs_on(words, tags, i - 1)):
                yield at - len(before), at + len(_CAMPAIGN_HEAD)
        elif word.endswith(_CAMPAIGN_WAR) and len(word) == len(_CAMPAIGN_WAR) + 2 and tags[i] in ("nz", "n", "vn"):
            yield at, at + len(word) - 1
        at += len(word)


def _aim_runs_on(words: list[str], tags: list[str], aim: int) -> bool:
    """Whether the aim before 攻坚 may start further left: a verb or noun of action before it
    that governs no campaign (…防治攻坚 after 污染, 调研 or 剩余: where the name starts is unclear)."""
    return aim > 0 and tags[aim - 1] in ("v", "vn") and words[aim - 1] not in _CAMPAIGN_GOVERNING


#: Kinds of meeting that are named by where (or for whom) and on what they meet:
#: 澄溪市基层党建工作评议会, 全国组织工作会议, 澄溪县脱贫攻坚推进会.
_TOPIC_MEETINGS = ("工作会议", "座谈会", "评议会", "推进会", "现场会", "研讨会", "表彰大会", "动员大会",
                   "述职会", "交流会", "联席会议", "电视电话会议", "论坛", "博览会", "交易会", "总结大会")
_TOPIC_MEETING = re.compile(rf"[{_HAN}]{{0,10}}?{alternation(_TOPIC_MEETINGS)}")
#: Where such a name may start besides a place or body: the nation and the centre.
_TOPIC_STARTS = ("全国", "中央")
#: The tags of the words a topic may be made of (nouns and verbs, no particles or numbers).
_TOPIC_TAGS = ("n", "vn", "v", "nz", "j", "LOC", "ORG")
#: Verbs that make a clause of the words, not a topic (澄溪县召开座谈会).
_NOT_TOPIC = frozenset(ORGANIZE_VERBS + PARTICIPATE_VERBS + ("召开", "举行", "是", "有", "开", "进行"))


def _topic_meetings(doc: Doc, text: str) -> Iterator[tuple[int, int]]:
    """A place, body, 全国 or 中央, a topic of nouns and verbs, and a kind of meeting,
    all of one name (澄溪市基层党建工作评议会)."""
    words, tags = words_of(doc), tags_of(doc)
    starts = list(accumulate(map(len, words), initial=0))
    for i, word in enumerate(words):
        if tags[i] == "nz" and word.endswith(_TOPIC_MEETINGS) and _TOPIC_MEETING.fullmatch(word[2:]):
            yield starts[i], starts[i + 1]  # one word for all (中央农村工作会议)
            continue
        if not (tags[i] in ("LOC", "ORG") or word in _TOPIC_STARTS):
            continue
        match = _TOPIC_MEETING.match(text, starts[i + 1], starts[i + 1] + 16)
        if match is None:
            continue
        j = i + 1
        while j < len(words) and starts[j] < match.end() and tags[j] in _TOPIC_TAGS and words[j] not in _NOT_TOPIC:
            j += 1
        if starts[j] >= match.end():
            yield starts[i], match.end()


#: Heads of named military events: a place (or a name) before them (澄溪起义, 青岭战斗).
#: 保卫战/阻击战 are left out: news writes them of epidemics and floods (…保卫战) as metaphors.
_BATTLE_HEADS = ("起义", "战役", "大战", "会战", "战斗")
_BATTLE_NAME_TAGS = ("LOC", "nz")
#: A common noun of three or more characters may be a place LAC did not know (青石堡 + 战役).
_BATTLE_NOUN_TAGS = ("n",)
#: What makes a battle head a modifier (战斗堡垒, 战斗力, 战役指挥员).
_NOT_BATTLE_AFTER = ("堡垒", "力", "员", "队", "精神", "作用", "指挥员", "英雄")


def _battles(doc: Doc) -> Iterator[tuple[int, int]]:
    """A battle or uprising: a place or proper name and a battle head, in one word
    (澄溪起义) or two (青岭 + 战斗, 青石堡 + 战役)."""
    words, tags = words_of(doc), tags_of(doc)
    at = 0
    for i, word in enumerate(words):
        if tags[i] in _BATTLE_NAME_TAGS and word.endswith(_BATTLE_HEADS) and len(word) >= 4:
            yield at, at + len(word)
        elif word in _BATTLE_HEADS and i > 0 and _battle_name(words[i - 1], tags[i - 1], word) \
                and not "".join(words[i + 1 : i + 2]).startswith(_NOT_BATTLE_AFTER):
            yield at - len(words[i - 1]), at + len(word)
        at += len(word)


def _battle_name(word: str, tag: str, head: str) -> bool:
    """Whether a word before a battle head can name the battle (a place, a proper name; a
    common noun only before 战役 or 会战, never before 战斗, which also qualifies: 战斗堡垒)."""
    if tag in _BATTLE_NAME_TAGS:
        return len(word) >= 2
    return tag in _BATTLE_NOUN_TAGS and len(word) >= 3 and head in ("战役", "会战")


#: Kinds of military event that close a list of them (A、B等战役): each item is one by name.
_LISTED_KINDS = ("战斗", "战役", "会战", "作战", "起义", "大捷")
_LISTED = re.compile(rf"等(?:[{_NUM}多余数]+[次场个])?(?:重大|著名|大小|一系列)?{alternation(_LISTED_KINDS)}")
#: Verbs that govern a list and are no part of its first item (参与指挥A、B等战斗).
_GOVERNING = frozenset(("参加", "参与", "指挥", "参与指挥", "取得", "进行", "发动", "经历", "打赢", "赢得", "领导",
                        "组织", "策划", "率部", "参战", "包括", "歼灭", "粉碎", "是", "有", "在"))
#: An item shorter than this is a place the kind is named after (平原、青岭等战役), not a name.
_LEAST_ITEM = 4
#: Tags that end a list item on its left.
_ITEM_STOP_TAGS = ("w", "u", "p", "c", "d", "m", "TIME", "r", "f", "_SP", "ad", "a")


def _listed_events(doc: Doc, text: str) -> Iterator[tuple[int, int]]:
    """The items of a list closed by 等 and a kind of military event (攻打青岭、强渡柳河等战斗):
    each is an event's name, verb-object shapes (攻打X) included. The first item starts
    after the verb that governs the list."""
    words, tags = words_of(doc), tags_of(doc)
    starts = list(accumulate(map(len, words), initial=0))
    for match in _LISTED.finditer(text):
        end = bisect_left(starts, match.start())
        if end >= len(starts) or starts[end] != match.start():
            continue
        i, item_end = end, end
        while i > 0:
            i -= 1
            if words[i] == "、":
                if starts[item_end] - starts[i + 1] >= _LEAST_ITEM:
                    yield starts[i + 1], starts[item_end]
                item_end = i
                continue
            if tags[i] in _ITEM_STOP_TAGS or words[i] in _GOVERNING or starts[item_end] - starts[i] > 10:
                i += 1
                break
        if item_end - i > 0 and starts[item_end] - starts[i] >= _LEAST_ITEM:
            yield starts[i], starts[item_end]


#: Campaigns named by a direction and 征/伐 (an expedition): events only where someone
#: takes part in one (参加北伐, 率部南征, 两次南征), not as a figure (新北伐, 北伐精神).
_EXPEDITIONS = ("长征", "东征", "西征", "南征", "北伐")
_EXPEDITION_CUE = re.compile(r"(?:参加|参与|率部|率军|率领|随军|历次|两次|[一二三四五六七八九]次)")
_NOT_EXPEDITION_AFTER = ("精神", "路", "号", "系列", "火箭", "式", "思想", "之路")


_EXPEDITION = re.compile(alternation(_EXPEDITIONS))


def _expeditions(text: str) -> Iterator[tuple[int, int]]:
    """Expeditions (南征, 北伐) the clause before names someone taking part in."""
    for match in _EXPEDITION.finditer(text):
        at = match.start()
        clause = re.split(r"[，。；：！？,\n]", text[max(0, at - 20) : at])[-1]
        after = text[match.end() : match.end() + 2]
        numbered = after[:1].isdigit() or after[:1] in CN_NUMERAL  # a rocket's name (…五号)
        if _EXPEDITION_CUE.search(clause) and not clause.endswith("新") and not after.startswith(_NOT_EXPEDITION_AFTER) and not numbered:
            yield at, match.end()


def _named_again(text: str, spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Every other place where the text writes a name found as an event (a battle named in a
    list is named again on its own)."""
    names = {text[s:e] for s, e in spans if e - s >= 4}
    for name in names:
        at = text.find(name)
        while at >= 0:
            yield at, at + len(name)
            at = text.find(name, at + len(name))


def _body_meetings(text: str, bodies: set[str]) -> Iterator[tuple[int, int]]:
    """A body's name written right before a kind of meeting it holds (…政府常务会议). The
    name is one the text tags as a body elsewhere, or that name with a short body head
    added (…新闻办, where the tagger stopped before 办)."""
    for match in _BODY_MEETING.finditer(text):
        at = match.start()
        for size in range(min(12, at), 1, -1):
            name = text[at - size : at]
            if name in bodies or _standard_body(name) or (_ORG_HEAD.search(name) and any(name[:-k] in bodies for k in (1, 2))):
                yield at - size, match.end()
                break


def _standard_body(name: str) -> bool:
    """Whether ``name`` is a body's standard abbreviation (国新办, 中共中央) from ontology/data."""
    full = gazetteer.abbreviations().get(name)
    return full is not None and full[1] == "ORG"


class _Bodies:
    """The ORG mentions of a Doc, read once and searched by offset."""

    def __init__(self, doc: Doc) -> None:
        self._spans = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "ORG"]
        self._starts = [s for s, _ in self._spans]

    def start_before(self, start: int) -> int:
        """Extend an ordinal meeting leftwards over the body that holds it (中国科协十二届…):
        either the body just before, or a name read as the body's that runs into the meeting."""
        # Mentions do not overlap, so only the last one starting before ``start`` can hold it.
        i = bisect_left(self._starts, start) - 1
        if i >= 0 and start <= self._spans[i][1]:
            return self._spans[i][0]
        return start


_QUOTE_RUN = re.compile(r"“[^“”]*”")


def _quoted_again(text: str, named: set[str]) -> Iterator[tuple[int, int]]:
    """Where the quoted names in ``named`` occur in ``text``, leftmost and longest
    first, without overlaps (as a regex alternation of them would find them, but
    in time linear in the text: an alternation tries every name at every quote).

    A name is one or more whole quotes (“A” or “A”“B”), so at each opening quote
    only the runs of quotes starting there can match."""
    if not named:
        return
    most = max(name.count("“") for name in named)
    at = text.find("“")
    while at >= 0:
        ends, cursor = [], at
        while len(ends) < most and (quote := _QUOTE_RUN.match(text, cursor)):
            cursor = quote.end()
            ends.append(cursor)
        end = next((e for e in reversed(ends) if text[at:e] in named), None)
        if end is not None:
            yield at, end
        at = text.find("“", end if end is not None else at + 1)


def _verb_before(words: list[str], tags: list[str], start: int, head: int) -> int | None:
    """The start of the object when an organising verb opens it within a few words."""
    for i in range(start - 1, max(start - 6, -1), -1):
        if words[i] in ORGANIZE_VERBS:
            return i + 1 if i + 1 < head else None
        if tags[i] in ("w", "_SP", "u", "p", "c", "PER", "ORG", "LOC", "m", "TIME") or len(words[i]) > 4:
            return None
    return None


@cache
def national_programmes() -> dict[str, str]:
    """The national programmes of ``ontology/data/national_programmes.tsv``: every name and
    short form → the programme's name (科教兴国 → 科教兴国战略)."""
    with data_path("national_programmes.tsv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))
    table: dict[str, str] = {}
    for row in rows:
        for form in [row["name"], *filter(None, row["aliases"].split("|"))]:
            table[form] = row["name"]
    return table


@cache
def _national_pattern() -> re.Pattern:
    return re.compile(alternation(national_programmes()))


def _national_programmes(text: str) -> Iterator[tuple[int, int]]:
    """Where the text writes a national programme (科教兴国战略, or 科教兴国 where the full
    name is not written: one programme, not two)."""
    table = national_programmes()
    found = [(m.start(), m.end(), m.group()) for m in _national_pattern().finditer(text)]
    written = {form for _, _, form in found}
    for start, end, form in found:
        if form == table[form] or table[form] not in written:
            yield start, end


#: Tags of words that make no part of a name between a quoted name and its head
#: (“澄溪贷”同样…服务, “澄溪贷”更加…, “澄溪贷”放款三个月).
_GAP_STOP_TAGS = frozenset(("d", "ad", "vd", "m", "q", "TIME", "PER", "p", "u", "c", "r", "f", "xc", "w"))
#: Tags of the word a head may start inside of: a compound noun (建设试点).
_NOUN_TAGS = frozenset(("n", "vn", "nz", "nw", "j"))
#: Tags of words that leave a quoted name a phrase of its own after it (and, of, punctuation).
_PHRASE_END_TAGS = frozenset(("c", "u", "p", "w", "xc", "f", "d", "ad", "vd", "r", "m", "TIME", "q"))
#: Words after a quoted name that make it a modifier (“澄溪+”的书店).
_MODIFIER_MARKS = ("的", "式")
#: A quoted name or the words after it ending so make a style, a kind (“一站式”服务, “澄溪”式扶贫).
_STYLE = ("式",)
#: Heads of a group or body that end a quoted name (“澄溪帮帮队”, “互助小组”): no programme.
_GROUP_HEADS = ("共同体",) + tuple(h for h in ORG_HEADS if len(h) > 1 or h in ("队", "所", "站"))
#: Words that open a question, never a name (“如何…”调研).
_QUESTION_WORDS = ("如何", "怎样", "怎么", "为什么", "为何", "谁")
#: What makes an activity a wrong, not a programme (“澄溪帮”犯罪活动, 分裂活动).
_WRONGDOING = ("违法", "犯罪", "分裂", "恐怖", "非法", "违规", "走私", "诈骗", "赌博")
_GOVERNING_VERBS = frozenset(ORGANIZE_VERBS + PARTICIPATE_VERBS)
_HEADS_LONGEST_FIRST = sorted(_ANY_HEADS, key=len, reverse=True)
#: Heads whose names may say what is done (“澄溪”创建活动, “澄溪”援建学校项目).
_DOING_HEADS = ("活动", "项目")
#: A verb ending in a complement of direction or result takes an object (写进, 纳入, 变成):
#: “…” + such a verb + a head is a clause, where 培育工程, 提升行动 are one noun.
_COMPLEMENT_ENDINGS = ("进", "入", "到", "上", "出", "成", "为", "在", "向", "给", "至", "了")


class _Layout:
    """The words of a Doc and their tags, found by character offset."""

    def __init__(self, doc: Doc) -> None:
        self.words, self.tags = words_of(doc), tags_of(doc)
        self.starts = list(accumulate(map(len, self.words), initial=0))

    def index_at(self, at: int) -> int:
        """The index of the word holding the character at ``at`` (len(words) past the end)."""
        i = bisect_left(self.starts, at)
        return i if i < len(self.starts) and self.starts[i] == at else i - 1

    def tag_at(self, at: int) -> str:
        i = self.index_at(at)
        return self.tags[i] if 0 <= i < len(self.tags) else ""

    def starts_word(self, at: int) -> bool:
        i = bisect_left(self.starts, at)
        return i < len(self.starts) and self.starts[i] == at


def _checked_head(text: str, match: re.Match, layout: _Layout) -> str:
    """The head after a quoted name that makes one name with it (“澄溪杯”职工技能竞赛), or "".

    The head ends a word; where words stand between it and the quote, no noun follows it
    (“澄溪”基本服务功能: a modifier). Those words are a noun phrase: no adverb, number, time,
    person or style (“澄溪贷”更加注重…, “澄溪贷”放款三个月, “澄式”服务: a kind), and not verbs
    alone (“澄溪”写进行动) but where an activity or project says what it does (“澄溪”援建项目),
    or one verb and the head make one noun (“澄溪工匠”培育工程)."""
    if not match.group("head"):
        return ""
    quote_end = match.end("quotes")
    i = layout.index_at(quote_end)
    if i < 0 or i >= len(layout.words) or not layout.starts_word(quote_end):
        return ""
    gap_tags: list[str] = []
    gap_words: list[str] = []
    while i < len(layout.words) and layout.starts[i + 1] - quote_end <= 12:
        word, tag, end = layout.words[i], layout.tags[i], layout.starts[i + 1]
        candidate = text[quote_end:end]
        head = _head_of(candidate)
        if head is not None and (layout.starts_word(end - len(head)) or layout.tag_at(end - len(head)) in _NOUN_TAGS):
            gap = gap_tags[: layout.index_at(end - len(head)) - layout.index_at(quote_end)]
            verbs = gap_words[: len(gap)]
            if gap and all(tag == "v" for tag in gap) and not head.endswith(_DOING_HEADS) \
                    and (len(gap) > 1 or verbs[0].endswith(_COMPLEMENT_ENDINGS)):
                return ""  # “澄溪”写进行动: a clause with the quoted name its subject
            after = layout.words[i + 1] if i + 1 < len(layout.words) else ""
            if after in _FIELD_HEADS:
                return candidate  # …评选工作: the work of the programme named
            if layout.tags[i + 1 : i + 2] and layout.tags[i + 1] in ("n", "nz") \
                    and (_head_of(candidate + after) or len(candidate) > len(head)):
                i += 1
                continue  # a longer head (…行动计划), or a modifier of the noun after it
            return candidate
        if tag in _GAP_STOP_TAGS or word in _GOVERNING_VERBS or word.startswith(_STYLE):
            return ""
        gap_tags.append(tag)
        gap_words.append(word)
        i += 1
    return ""


def _head_of(candidate: str) -> str | None:
    """The longest head ``candidate`` ends with."""
    return next((h for h in _HEADS_LONGEST_FIRST if candidate.endswith(h)), None)


def _headed_inside(match: re.Match, layout: _Layout) -> bool:
    """Whether one quoted name ends in a programme head and is a noun phrase: no verb, adverb
    or number in it (“澄溪在行动”: a saying), no style or quality before the head
    (“管家式服务”, “历史性工程”: kinds)."""
    inner = match.group("quotes")[1:-1]
    if "“" in inner or not inner.endswith(PROGRAMME_HEADS) or inner.endswith(_FIELD_HEADS):
        return False
    head = _head_of(inner) or ""
    if inner[: -len(head)].endswith(_STYLE + _QUALITY_SUFFIXES):
        return False
    first, last = layout.index_at(match.start("quotes") + 1), layout.index_at(match.end("quotes") - 2)
    return not any(tag in _GAP_STOP_TAGS or tag == "v" for tag in layout.tags[first : last + 1])


def _ends_its_phrase(text: str, end: int, layout: _Layout) -> bool:
    """Whether a bare quoted name ends its phrase at ``end``: punctuation, a conjunction or
    particle follows, not a content word that makes it a modifier or a subject."""
    if end >= len(text) or not re.match(f"[{_HAN}]", text[end]):
        return True
    return layout.tag_at(end) in _PHRASE_END_TAGS and not text.startswith(_MODIFIER_MARKS, end)


def _group_after(end: int, layout: _Layout) -> bool:
    """Whether the word right after a quoted name is a group it names (“澄溪行动”突击队)."""
    i = layout.index_at(end)
    return layout.starts_word(end) and 0 <= i < len(layout.words) and layout.tags[i] == "n" \
        and layout.words[i].endswith(_GROUP_HEADS)


def _noun_before_verb(match: re.Match, layout: _Layout) -> bool:
    """Whether a quoted name is a noun phrase and a verb follows it: the object of the verb
    before, the next verb a purpose (选树“澄溪好人”带动…), unlike a quoted phrase with a verb
    of its own (组织“齐步走”助力…). Where 的 stands between (主办的“澄溪”征文…), the quoted
    name only modifies what follows."""
    first, last = layout.index_at(match.start("quotes") + 1), layout.index_at(match.end("quotes") - 2)
    inside = layout.tags[first : last + 1]
    after = layout.tags[last + 2] if last + 2 < len(layout.tags) else ""
    return after == "v" and not any(tag in ("v", "d", "ad", "vd", "r", "p") for tag in inside)


def _introduced(before: str, at: int, layout: _Layout) -> bool:
    """Whether a programme verb introduces the quoted name at ``at`` (开展“…”), ``before``
    being the clause's text before it; the verb must be one (not 组织 as a noun, 创新 as a
    noun of action)."""
    stripped = before.rstrip("“”、")
    verb = _INTRO.search(stripped)
    if verb is None:
        return False
    return layout.tag_at(at - len(before) + verb.start()) not in ("n", "nz", "vn", "ORG")


@lru_cache(maxsize=8)  # read by this component and then by resolution, for the same text
def plenum_lists(text: str) -> Mapping[tuple[int, int], str]:
    """Each plenum of a list that writes its term and 全会 once (十七届五中、六中、七中全会),
    as (start, end) of its words in ``text`` → its own name (十七届六中全会): the first
    with the term (十七届五中), the last with 全会 (七中全会), the others their ordinal alone.
    Without this the ordinals read as schools' short names (五中: No. 5 Middle School). Read-only."""
    names: dict[tuple[int, int], str] = {}
    for match in _PLENUM_LIST.finditer(text):
        term, offset = match.group("term"), match.start("list")
        ordinals = list(re.finditer(r"[一二三四五六七八九]中", match.group("list")))
        for k, ordinal in enumerate(ordinals):
            start, end = offset + ordinal.start(), offset + ordinal.end()
            if k == 0:
                start = match.start("term")
            if k == len(ordinals) - 1:
                end = match.end()
            names[(start, end)] = f"{term}{ordinal.group()}全会"
    return MappingProxyType(names)
