"""``zhitu_entity_rules``: correct LAC's PER/LOC/ORG mentions with rules that
generalise: extend a place or body to the organisation head that follows it
(澄溪市 + 总工会), join transliterated names around ·, tag standard
abbreviations (全总) and division names LAC missed, and drop what is not a
named entity (generic plurals, eras, role nouns, single characters, the letters
of an e-mail or web address, the common noun a verb like 不负 takes).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache
from itertools import accumulate

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from zhitu.extractors.facts import ensure_token_edges, split_tokens, tags_of, text_of, words_of
from zhitu.extractors.lexicon import (
    DIVISION_LEVELS, GENERIC_BODIES, GENERIC_ORG_RE, INDEFINITE_RE, JOINT_ISSUERS, LEVEL_WORDS, NOT_ORG,
    NOT_PERSON_AFTER,
    NOT_PERSON_AFTER_VERBS,
    NOT_PERSON_SUFFIXES, NOT_PLACE, ORG_HEAD_RE, ORG_HEADS, PERIOD_PREFIXES, PERIODICAL_AFTER, PERIODICAL_BEFORE,
    PLACE_HEAD_RE, POSITION_RE, STORM_WORDS, TITLE_PREFIXES, TOWN_LEVELS,
)
from zhitu.extractors.places import ends_in_places, places_in_name
from zhitu.ontology import gazetteer

#: Token tags that can sit inside an organisation name.
NOMINAL = {"n", "nz", "vn", "LOC", "ORG", "PER", "nw", "an", "s", "f", "m", "j"}
MAX_ORG_TOKENS = 8
#: Common nouns that end in an organisation head but name no body.
NOT_ORG_ENDINGS = (
    "干部", "部分", "全部", "内部", "外部", "局部", "格局", "布局", "大局", "全局", "结局", "好处", "到处",
    "场所", "住所", "驿站", "网站", "车站", "团队", "队伍", "梯队", "社会", "工作站", "服务站", "领导班子",
    "部署", "决策部署", "常委", "委员", "主委", "编委", "办法", "举办", "开办", "创办", "承办", "主办", "协办",
)
_QUANTITY = re.compile(r"^(?:首|一|两|[二三四五六七八九十百千万\d]+|多|几|各|这|那|该)(?:家|个|名|批|所|座|支)$")
#: A count of places or bodies inside a phrase (两国政府, 议会两院, 180多处): not one body's name.
_COUNTED = re.compile(r"^(?:[两各多几诸]|[一二三四五六七八九十百千万\d]+(?:多|余)?)(?:国|院|处|所|家|方|地)$")
#: A rank by size (第三大, 最大): 澄溪第三大银行 describes a bank, it does not name one.
_RANK = re.compile(r"^(?:第[一二三四五六七八九十\d]+|最)大")
#: A unit's number at the end of its name (环卫一所, 刑侦二队), read by LAC as a count.
_NUMBERED_UNIT = re.compile(r"^[一二三四五六七八九十]{1,2}(?:所|队|处|科|站)$")
#: Army units written after a numeral (红九军团, 第三师): a name ending in that numeral is the unit's.
_UNIT_AFTER_NUMERAL = re.compile(r"(?:军团|方面军|纵队|军|师|旅)")
_CN_DIGITS = "一二三四五六七八九十"
#: 院区, 校区: a campus of a hospital or school, LAC's 区 cut off it.
_CAMPUS = ("院区", "校区")
#: A leg of a tour (…积分赛第一站): 站 there is no station or body.
_LEG = re.compile(r"第[一二三四五六七八九十\d]+站$")
#: The part of a place named by direction (澄溪北部, 西南地区东部, 大部): 部 is no body there.
_DIRECTION_PART = re.compile(r"(?:[东南西北中]+|大|全)部$")
#: Words ending in a head that name a state of affairs or a spot, not a body (政局, 交界处).
NOT_BODY_WORDS = (
    "国内政局", "国际政局", "时局", "战局", "僵局", "骗局", "危局", "残局", "开局", "终局", "变局", "定局", "棋局", "赛局",
    "交界处", "结合部", "接合部", "深处", "之处", "远处", "近处", "各处", "多处", "此处", "住处", "去处",
    "出处", "难处", "用处", "益处", "长处", "短处", "坏处", "相处", "共处", "政委",
    # Rooms of a body, not bodies (…派出所值班室), and set phrases (特事特办).
    "值班室", "会议室", "接待室", "休息室", "阅览室", "活动室", "监控室", "控制室", "调解室", "特事特办",
)
#: Group nouns that a place before them does not make a body's name (澄溪球队, 澄溪部队, 澄溪总部).
PLACE_GROUP_WORDS = frozenset({"球队", "部队", "军队", "总部", "队伍", "政局"})
_LINK = ("和", "与")
_FIRST_OF_KIND = ("首家", "首个")
#: Body words that are also the first part of a title (书记处书记).
_TITLE_BODIES = {"书记处"}
_UNIT_HEADS = "|".join(("分厂", "处理厂", "厂", "分公司", "公司", "工程局", "局", "车间", "支队", "大队", "作业区",
                        "工区", "项目部", "研究所", "矿"))
_LEVEL_CHARS = frozenset(level for level in LEVEL_WORDS if len(level) == 1)
_ORDINAL_UNIT = f"第[一二三四五六七八九十百零〇0-9]+[^第，。、]{{0,8}}?(?:{_UNIT_HEADS})"
_ORDINAL_CHAIN = re.compile(f"^({_ORDINAL_UNIT})({_ORDINAL_UNIT})$")
#: Parts of a body that begin a title (党组书记, 工会主席), at the end of a name; an
#: executive committee or presidium stays in the name (…执委会 | 副主席: the role is 副主席).
_TITLE_PREFIX_AT_END = re.compile(
    "(?:" + "|".join(p for p in TITLE_PREFIXES if p not in ("执委会", "主席团")) + ")$")

def _joined_into_ideology(span: Span) -> bool:
    """马克思|列宁主义: a name right before another name that 主义 follows is part of an
    ideology's name, not a person."""
    text, end = text_of(span.doc), span.end_char
    if "主义" not in text[end + 1 : end + 8]:  # cheap first: a name is short
        return False
    after = next((e for e in span.doc.ents if e.start_char == end and e.label_ == "PER"), None)
    return after is not None and text.startswith("主义", after.end_char)


@Language.factory(
    "zhitu_entity_rules",
    assigns=["doc.ents"],
    requires=["token.tag", "doc.ents"],
    default_config={"drop_single_char": True},
)
def make_entity_rules(nlp: Language, name: str, drop_single_char: bool) -> "EntityRules":
    return EntityRules(drop_single_char=drop_single_char)


class EntityRules:
    def __init__(self, *, drop_single_char: bool = True) -> None:
        self.drop_single_char = drop_single_char

    def __call__(self, doc: Doc) -> Doc:
        found = filter_spans(list(doc.ents) + self._lexicon_spans(doc) + self._ordinal_units(doc) + self._level_bodies(doc))
        spans = [s for s in (self._extend(doc, e) for e in found) if s is not None]
        spans = _join_dotted_names(doc, filter_spans(spans))
        # A name that takes in the start of a title after it ends where the title starts,
        # even inside one of LAC's words (主席 | 团书记处 | 书记): the word is cut there.
        marks = [(s.start_char, _title_start(doc, s) or s.end_char, s.label_) for s in spans]
        text = text_of(doc)
        marks = _listed_names_whole(text, _reshaped(doc, marks))
        marks = _ideology_bodies(text, _balanced(doc, _names_apart(text, marks)))
        doc = ensure_token_edges(doc, {edge for start, end, _ in marks for edge in (start, end)})
        spans = [span for start, end, label in marks if (span := doc.char_span(start, end, label=label)) is not None]
        spans = [_country_as_place(_without_period(doc, s)) for s in spans]
        addresses = _addresses(text_of(doc))
        doc.ents = [s for s in filter_spans(spans) if self._keep(s) and not _inside(s, addresses)]
        return _split_ordinal_chains(doc)

    def _extend(self, doc: Doc, ent: Span) -> Span | None:
        if ent.label_ not in ("LOC", "ORG"):
            return ent
        if ent.label_ == "LOC":
            text = ent.text
            for j in range(ent.end, min(ent.end + 4, len(doc))):
                if doc[j].tag_ not in NOMINAL:
                    break
                text += doc[j].text
                if PLACE_HEAD_RE.search(text):
                    return Span(doc, ent.start, j + 1, label="LOC")
        best = None
        text = ent.text
        start = self._left_place(doc, ent)
        for j in range(ent.end, min(ent.end + MAX_ORG_TOKENS, len(doc))):
            token = doc[j]
            if _starts_other_name(token) and (token.ent_type_ == "PER" or doc[j - 1].text in _LINK or len(ent.text) == 1):
                break  # 澄溪外援 | 周明远, 澄溪作协和 | 柳岸文学馆: another name begins, not this one's head
            if _RANK.match(token.text):
                break  # 澄溪 | 第一大银行: a rank describes the body, it is no part of its name
            if token.text in _LINK and j > ent.end and j + 1 < len(doc) and doc[j + 1].tag_ in NOMINAL:
                if best == j or text.endswith("党"):
                    break  # 澄溪党和政府, 澄溪大学和…: the first body is whole, a second one follows
                text += token.text
                continue
            if (j == ent.end and token.text[0] in _LINK and len(token.text) > 1 and ORG_HEAD_RE.search(token.text)
                    and not ends_in_places(ent.text, from_start=True) and not ORG_HEAD_RE.search(ent.text)):
                # LAC's …自治区文化 | 和旅游厅: the link and the head came as one word.
                text += token.text
                best = j + 1
                break
            if token.text in _FIRST_OF_KIND and j + 1 < len(doc) and doc[j + 1].tag_ in NOMINAL:
                text += token.text  # 澄溪市首家…联合会: "the city's first", dropped from the name later
                continue
            if _NUMBERED_UNIT.match(token.text) and j > ent.end and doc[j - 1].tag_ in NOMINAL and (
                    j + 1 == len(doc) or doc[j + 1].tag_ not in NOMINAL):
                best = j + 1  # 澄溪区环卫 | 一所: the unit's number, not a count (一所学校)
                break
            if (token.tag_ not in NOMINAL or _QUANTITY.match(token.text) or _COUNTED.match(token.text)
                    or token.text.endswith("次")):
                break
            text += token.text
            if token.text == "区" and text.endswith(_CAMPUS):
                best = j + 1  # 澄溪医院青禾院 | 区: a hospital's or school's campus
                break
            if ent.label_ == "LOC" and _is_place_group(text[len(ent.text):]):
                break  # 澄溪部队, 澄溪公司: the place's troops or companies, no body's name
            if ORG_HEAD_RE.search(token.text) and ORG_HEAD_RE.search(text) and not _names_no_body(text):
                title = POSITION_RE.match(text_of(doc), token.idx) if token.text in _TITLE_BODIES else None
                if title and title.end() > token.idx + len(token.text):
                    break  # 书记处书记: the head word begins a title, not the body's name
                best = j + 1
        if best is not None and not (best < len(doc) and doc[best].text.startswith("界")):
            return Span(doc, start, best, label="ORG")  # not 澄溪银行 | 界: the banking world
        if start != ent.start:
            return Span(doc, start, ent.end, label=ent.label_)
        return ent

    @staticmethod
    def _left_place(doc: Doc, ent: Span) -> int:
        """LAC sometimes splits a place off the name it starts (青岚 | 县白沙镇中心小学)."""
        if ent.start == 0 or not ent.text.startswith(DIVISION_LEVELS + TOWN_LEVELS):
            return ent.start
        for back in (1, 2):
            if ent.start - back < 0:
                break
            before = doc[ent.start - back : ent.start]
            if (any(t.ent_type_ or t.tag_ in ("w", "_SP", "v", "p", "c", "u", "d") for t in before)
                    or (back == 2 and len(before.text) != 2)):  # 张丰任 | 县委书记: a verb, not a place
                break
            found = places_in_name(before.text + ent.text)
            if found and found[0][0] == 0 and found[0][1] > len(before.text):
                return ent.start - back
        return ent.start

    def _lexicon_spans(self, doc: Doc) -> list[Span]:
        abbreviations = gazetteer.abbreviations()
        divisions = gazetteer.divisions()
        words, tags = words_of(doc), tags_of(doc)
        in_entity = _entity_tokens(doc)
        spans = []
        for i, word in enumerate(words):
            if i in in_entity or tags[i] in ("w", "_SP"):
                continue
            if len(word) == 1:
                # LAC sometimes cuts an abbreviation into characters (全 | 总).
                for size in (3, 2):
                    pieces = words[i : i + size]
                    if len(pieces) == size and all(len(p) == 1 for p in pieces) and "".join(pieces) in abbreviations:
                        spans.append(Span(doc, i, i + size, label=abbreviations["".join(pieces)][1]))
                        break
                continue
            entry = abbreviations.get(word)
            if entry is not None:
                # LAC tags some abbreviations as other words (全总 as an adverb): the table wins.
                spans.append(Span(doc, i, i + 1, label=entry[1]))
            elif len(word) >= 3 and tags[i] not in ("m", "v", "p", "c", "u", "d") and divisions.by_name(word):
                spans.append(Span(doc, i, i + 1, label="LOC"))
        return spans

    def _level_bodies(self, doc: Doc) -> list[Span]:
        """自治区商务厅: a body named after the level of the place just mentioned."""
        words, tags = words_of(doc), tags_of(doc)
        in_entity = None
        spans = []
        for i, word in enumerate(words):
            if word not in DIVISION_LEVELS or (i > 0 and tags[i - 1] not in ("w", "_SP", "p", "v")):
                continue
            in_entity = _entity_tokens(doc) if in_entity is None else in_entity
            if i in in_entity:
                continue
            extended = self._extend(doc, Span(doc, i, i + 1, label="ORG"))
            if extended is not None and extended.end > i + 1:
                spans.append(extended)
        return spans

    def _ordinal_units(self, doc: Doc) -> list[Span]:
        """Units named by an ordinal (第二机修厂, 第一净化车间)."""
        words, tags = words_of(doc), tags_of(doc)
        people = None
        spans = []
        for i, word in enumerate(words):
            if tags[i] != "m" or not word.startswith("第") or len(word) > 4:
                continue
            people = {t for e in doc.ents if e.label_ == "PER" for t in range(e.start, e.end)} if people is None else people
            text = word
            for j in range(i + 1, min(i + 5, len(words))):
                if tags[j] not in NOMINAL or j in people:
                    break
                text += words[j]
                if text.endswith(("厂", "分厂", "处理厂", "分公司", "车间", "支队", "大队", "中学", "小学", "医院", "研究所", "委员会")):
                    spans.append(Span(doc, i, j + 1, label="ORG"))
                    break
        return spans

    def _keep(self, span: Span) -> bool:
        text = span.text
        if self.drop_single_char and len(text) < 2:
            return False
        if _is_country_pair(text) or _names_a_people(span):
            return False
        if span.label_ == "PER":
            after = text_of(span.doc)[span.end_char : span.end_char + 2]
            if _joined_into_ideology(span):
                return False
            # 李  刚: a byline pads a name with spaces; the credit names the person.
            if _UNIT_AFTER_NUMERAL.match(text_of(span.doc), span.end_char) and text[-1] in _CN_DIGITS:
                return False  # 周红九 | 军团: the numeral names an army's unit (红九军团), no person
            return (text not in NOT_PLACE and not text.endswith(NOT_PERSON_SUFFIXES)
                    and not after.startswith(NOT_PERSON_AFTER)
                    and not _is_kinship_noun(text) and not any(c.isspace() for c in text)
                    and not _object_of_owing(span) and not _names_a_journal_or_storm(span))
        if span.label_ == "ORG":
            # A bare head (工会, 联合会) or a counted one (4处指挥部) names no particular body.
            # A one-character level word before a generic body (村党支部, 县人民政府) names no place.
            generic = text in GENERIC_BODIES or (text[0] in _LEVEL_CHARS and text[1:] in GENERIC_BODIES)
            if text in ORG_HEADS or generic or text[0].isdigit() or _QUANTITY.match(text[:2]):
                return False
            return (text not in NOT_ORG and not GENERIC_ORG_RE.match(text) and not _is_unnamed_body(text)
                    and not text.endswith(NOT_BODY_WORDS) and not _names_no_entity(text))
        if span.label_ == "LOC":
            # 润疆, 稳疆: a verb + 疆 is a slogan word, not a place.
            if _UNNAMED_PLACE.match(text):
                return False
            return (text not in NOT_PLACE and not (len(text) == 2 and text.endswith("疆") and text != "新疆")
                    and not _names_no_entity(text)
                    and not _is_bare_place_head(text) and not text.endswith(NOT_PLACE_ENDINGS)
                    and not text_of(span.doc).startswith(NOT_PLACE_AFTER, span.end_char))
        return True


#: A community of shared future, of life, of health (人类命运共同体, 山水林田湖草生命共同体): an idea
#: of the state's discourse (the PRC constitution's preamble since 2018), no body; a body named
#: 共同体 is one of states or of places (某某国家共同体, 欧洲共同体).
CONCEPT_COMMUNITIES = ("命运共同体", "生命共同体", "健康共同体", "发展共同体", "治理共同体", "民族共同体")


#: A language (西班牙语, 印地语), a script (阿拉伯文, 缅文) or a people (维吾尔族, 上班族) is no body
#: and no place: their names end in their heads (…委员会, …自治县, …民族乡), never in these.
LANGUAGE_OR_PEOPLE_ENDINGS = ("语", "文", "族")
#: A law's title in title marks (《…法》, 《…条例（草案）》) inside a name: the name is the law's or a text's.
_LAW_TITLE = re.compile(r"(?:法|法典|条例)(?:（草案）)?》")


#: 族 after a name, not a place's head going on (某某族自治州, 某某族乡; but 某某族乡亲 are its people).
_PEOPLE_AFTER = re.compile(r"族(?!自治|乡(?!亲))")


def _names_a_people(span: Span) -> bool:
    """毛南 | 族, 哈萨克 | 族: a name the NER cut before 族 is a people's (某某族), not a person,
    body or place; 某某族自治州 and 某某族乡 are places whose names go on."""
    return _PEOPLE_AFTER.match(text_of(span.doc), span.end_char) is not None


def _names_no_entity(text: str) -> bool:
    """A law (某国民法典, 中华人民共和国某某法, 《…法》…), a concept (…命运共同体), a language
    or script (某国语, 某某文) or a people (某某族): no body, no place."""
    return (text.endswith(CONCEPT_COMMUNITIES) or text.endswith(LANGUAGE_OR_PEOPLE_ENDINGS) or text.endswith("法典")
            or (text.startswith("中华人民共和国") and text.endswith("法")) or _LAW_TITLE.search(text) is not None)


def _country_as_place(span: Span) -> Span:
    """美国 read as a body, or a small state's name read as a person (before 总统 and a name): a
    sovereign state's name alone is a place (its government is 美国政府, a body the NER's
    span would have taken in)."""
    if span.label_ in ("ORG", "PER") and span.text in gazetteer.countries():
        return Span(span.doc, span.start, span.end, label="LOC")
    return span


def _object_of_owing(span: Span) -> bool:
    """不负 | 韶华 | ，: a name that is the whole object of a verb of :data:`NOT_PERSON_AFTER_VERBS`
    (right after it, and punctuation, a space or the end of the text after it, by LAC's tags)
    is a common noun; 不负林晓岚的嘱托 and 不负林晓岚主任 keep the person."""
    doc = span.doc
    return (text_of(doc).endswith(NOT_PERSON_AFTER_VERBS, 0, span.start_char)
            and (span.end == len(doc) or doc[span.end].tag_ == "w" or doc[span.end].is_space))


def _names_a_journal_or_storm(span: Span) -> bool:
    """医学期刊《柳叶刀》, 《柳叶刀》杂志主编: a name that is a whole title in title marks, with a
    periodical's word before or after it, names a journal; 台风利奇马: a name right after or before
    a kind of storm (quoted or not) names the storm. Neither is a person (a play titled by its
    hero, 《林则徐》, keeps him)."""
    text = text_of(span.doc)
    start, end = span.start_char, span.end_char
    if text[start - 1 : start] == "《" and text[end : end + 1] == "》" and (
            text.endswith(PERIODICAL_BEFORE, 0, start - 1) or text.startswith(PERIODICAL_AFTER, end + 1)):
        return True
    # 台风利奇马, 台风“利奇马”, “利奇马”台风
    before = start - 1 if text[start - 1 : start] in _OPENING_QUOTES else start
    after = end + 1 if text[end : end + 1] in _CLOSING_QUOTES else end
    return text.endswith(STORM_WORDS, 0, before) or text.startswith(STORM_WORDS, after)


def _starts_other_name(token) -> bool:
    """Whether the NER begins a name at ``token`` (a person, place or body of its own)."""
    return token.ent_iob_ == "B" and token.ent_type_ in ("PER", "LOC", "ORG")


def _is_place_group(words: str) -> bool:
    """Whether ``words`` after a place are a group or a kind of body, no name
    (澄溪 + 部队, 边防部队, 公司): 澄溪部队 is the place's troops."""
    return words in PLACE_GROUP_WORDS or words in BARE_HEADS or words.endswith(("部队", "军队", "球队"))


def _names_no_body(text: str) -> bool:
    """Whether ``text``, ending in a head word, names no body: a common noun (干部),
    a part of a place by direction (澄溪北部), a state of affairs or a spot (政局, 交界处)."""
    return (text.endswith(NOT_ORG_ENDINGS) or text.endswith(NOT_BODY_WORDS) or bool(_DIRECTION_PART.search(text))
            or bool(_LEG.search(text)))


def _entity_tokens(doc: Doc) -> set[int]:
    """Indices of the tokens inside an entity."""
    return {i for e in doc.ents for i in range(e.start, e.end)}


def _split_ordinal_chains(doc: Doc) -> Doc:
    """第一机械厂第二铸造分厂: two units, the second under the first, not one
    name. Each part becomes an ORG; a part inside one word (LAC reads some such
    chains as one numeral) is split off first. Returns the Doc to go on with."""
    chains = [(e, m) for e in doc.ents if e.label_ == "ORG" and (m := _ORDINAL_CHAIN.match(e.text))]
    if not chains:
        return doc
    one_word = {e.start: [m.group(1), m.group(2)] for e, m in chains if len(e) == 1}
    doc = split_tokens(doc, one_word, tag="n", pos="PROPN")
    cuts = [(e.start_char, e.start_char + len(m.group(1)), e.end_char) for e, m in chains]
    whole = {(a, c) for a, _, c in cuts}
    kept = [e for e in doc.ents if (e.start_char, e.end_char) not in whole]
    for start, middle, end in cuts:
        first, second = doc.char_span(start, middle, label="ORG"), doc.char_span(middle, end, label="ORG")
        if first is None or second is None:  # not at a token edge: keep the name whole
            kept.append(doc.char_span(start, end, label="ORG", alignment_mode="expand"))
        else:
            kept += [first, second]
    doc.ents = filter_spans([e for e in kept if e is not None])
    return doc


def _without_period(doc: Doc, span: Span) -> Span:
    """新时代 | 中国共产党: a period before a body's name is not part of it."""
    if span.label_ != "ORG" or not span.text.startswith(PERIOD_PREFIXES):
        return span
    prefix = next(p for p in PERIOD_PREFIXES if span.text.startswith(p))
    if len(span.text) - len(prefix) < 2:
        return span
    trimmed = doc.char_span(span.start_char + len(prefix), span.end_char, label="ORG")  # only at a token edge
    return trimmed if trimmed is not None else span


def _title_start(doc: Doc, span: Span) -> int | None:
    """Where a title begins inside a body's name and runs past its end
    (青岚县总工会党组 | 书记: 党组书记, 工会主席, 书记处书记 are the roles), or None."""
    if span.label_ != "ORG":
        return None
    found = _TITLE_PREFIX_AT_END.search(span.text)
    if found is None or found.start() == 0:
        return None
    head = ORG_HEAD_RE.search(span.text)
    if head is not None and head.start() < found.start():
        return None  # the part is the end of a longer head: 澄溪市总工会 | 副主席, not 工会副主席
    start = span.start_char + found.start()
    title = POSITION_RE.match(text_of(doc), start)
    return start if title is not None and title.end() > span.end_char else None


def _join_dotted_names(doc: Doc, spans: list[Span]) -> list[Span]:
    """阿卜杜拉 · 买买提明: a PER, a middle dot and a name-like word are one name."""
    by_start = {s.start: s for s in spans}
    out = []
    skip_until = -1
    for span in spans:
        if span.start < skip_until:
            continue
        end = span.end
        if span.label_ == "PER":
            while end + 1 < len(doc) and doc[end].text in ("·", "•", "‧", "・") and doc[end + 1].tag_ in ("PER", "n", "nz", "LOC", "ORG", "nr"):
                nxt = by_start.get(end + 1)
                end = nxt.end if nxt is not None else end + 2
        if end != span.end:
            label = "ORG" if ORG_HEAD_RE.search(doc[end - 1].text) else "PER"
            out.append(Span(doc, span.start, end, label=label))
            skip_until = end
        else:
            out.append(span)
    return out


# -- The shape of a name: where it ends, what it is ------------------------------

Mark = tuple[int, int, str]
#: Kinship words and forms of address after a name (张三丰伯伯, 张三丰哥哥): not part of it.
KINSHIP_TERMS = (
    "伯伯", "叔叔", "阿姨", "哥哥", "姐姐", "弟弟", "妹妹", "爷爷", "奶奶", "姥姥", "姥爷", "外婆", "外公",
    "大爷", "大娘", "婶婶", "婶子", "嫂子", "舅舅", "姑姑", "大伯", "老伯", "阿婆", "阿公",
)
#: Kinship nouns that name a relative, not a person (小孙女, 大儿子).
KINSHIP_NOUNS = frozenset({
    "孙女", "孙子", "女儿", "儿子", "孙儿", "外孙", "外孙女", "闺女", "媳妇", "儿媳", "女婿", "侄子", "侄女",
})
_KIN_PREFIXES = ("小", "大", "老", "二", "三")
#: One-character short names of countries as the press pairs them with 中 (中美, 中埃两国):
#: standard Chinese usage in the names of bilateral relations (外交部 country profiles).
COUNTRY_SHORT = frozenset("美俄英法德日韩朝印巴埃越老泰缅柬菲澳加意葡荷希土伊以蒙哈乌吉塔阿沙新马")
#: Facilities and features named after a place before them (澄江锚地, 青岚船闸, 澄溪地铁站).
FACILITY_HEADS = ("锚地", "河段", "船闸", "枢纽", "地铁站", "火车站", "高铁站", "汽车站", "码头", "大坝", "纪念碑",
                  "高原", "盆地", "平原", "根据地")
#: Region words after a part of a country (西北地区, 珠三角地区), not after a division.
REGION_HEADS = ("地区",)
#: Level words of a village or neighbourhood written apart from its name (青禾 | 社区).
VILLAGE_WORDS = frozenset({"社区", "村", "嘎查"})
COUNTY_SEAT = "县城"
#: Museums and memorial halls: bodies with staff (ORG), unlike monuments and squares.
MUSEUM_HEADS = ("纪念馆", "博物馆", "陈列馆", "陈列室", "展览馆", "美术馆")
#: What a place's name before it names instead of the place (辽宁 | 舰: a ship).
NOT_PLACE_AFTER = ("舰",)
#: Kinds of zone (and of museum, and 共和国: a republic) that alone name none.
BARE_PLACE_HEADS = frozenset({"特区", "合作区", "开发区", "园区", "新区", "景区", "山区", "县城", "社区", "港区", "城区",
                              "郊区", "市区", "老区", "库区", "经济区", "自贸区", "老城区", "共和国", "人民共和国", *MUSEUM_HEADS})
#: Heads of named zones, short forms included (澄溪经开区).
ZONE_HEADS = ("经开区", "开发区", "高新区", "保税区", "综保区", "自贸区", "工业园", "产业园", "示范区")
#: A company's legal ending with a unit's name after it (…集团有限公司 | 澄溪客运段): two bodies.
_INNER_COMPANY = re.compile(r"^.{2,}?(?:股份有限公司|有限责任公司|有限公司)(?=.{2,}$)")
#: Words that put a body under another inside one written span (X旗下Y, X下属Y).
_AFFILIATION = re.compile(r"(?:携|及)?(?:旗下|下属|所属)")
#: Bare heads that a place or country before them does not make a name (中国公司, 本地企业).
BARE_HEADS = ("公司", "企业", "党", "法院", "工厂", "高校", "媒体")
_UNNAMED_INSIDE = re.compile(r"各地|各级|各类|^第[一二三四五六七八九十百零〇\d]+批|^(?:区县|乡镇|县乡)")
#: Kinds of body that alone, or after a one-character level word (区指挥部), name none.
GENERIC_KINDS = frozenset({"管理局", "海事局", "常委会", "特委", "指挥部", "审判委员会", "领导小组", "工作组", "专班",
                           "高级人民法院", "中级人民法院", "基层人民法院", "高级法院", "中级法院", "基层法院"})
#: A country's short name and 军: a nationality's troops, not a named army (日军, 美军).
_NATIONAL_TROOPS = re.compile(r"^[苏" + "".join(sorted(COUNTRY_SHORT)) + r"]军$")
#: Words that end a phrase about a place, not its name (澄溪一带, 张三丰家乡).
NOT_PLACE_ENDINGS = ("家乡", "故乡", "老家", "一带", "附近", "境内", "周边")
#: An e-mail or web address (a page's 投稿邮箱：…@….com): the letters in it name nobody.
#: Parts bounded as the mail standard bounds them (RFC 5321: 64 characters before the @, 63
#: a label), so a long run of letters costs linear time.
_ADDRESS = re.compile(r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}"
                      r"|(?:https?://|www\.)[!-~]+", re.ASCII)


def _addresses(text: str) -> list[tuple[int, int]]:
    """The spans of the e-mail and web addresses in ``text``."""
    if "@" not in text and "http" not in text and "www." not in text:  # cheap first: most pages have none
        return []
    return [match.span() for match in _ADDRESS.finditer(text)]


def _inside(span: Span, addresses: list[tuple[int, int]]) -> bool:
    """Whether ``span`` overlaps one of ``addresses``."""
    return any(start < span.end_char and span.start_char < end for start, end in addresses)


#: A level word after a word for "the whole", "this" or "each", or a ranking (举村, 全县, 本市, 百强县):
#: which place, the words do not name.
_UNNAMED_PLACE = re.compile(r"^(?:[举全整本该每各此邻外我]|[十百千]强)(?:村|镇|乡|县|市|省|区|州)$")
#: A count of places after the last one of a list (长沙、岳阳、常德3市): not part of its name.
_PLACE_COUNT = re.compile(r"\d+(?:个)?[省市县区州乡镇村]$")
_PLACE_END = tuple("省市县区州盟旗乡镇村屯寨组河江湖海山岭岛港湾路街道")
_DIRECTIONS = frozenset("东南西北中")
_NAME_TAGS = frozenset({"PER", "LOC", "ORG", "n", "nz", "nr", "nw", "j"})
_INNER_TAGS = frozenset({"v", "vd", "d", "a", "ad"})
_DOTS = "·•‧・"
_DOTTED_AFTER = re.compile(rf"[\u4e00-\u9fff]{{0,2}}[{_DOTS}](?=[\u4e00-\u9fff])")
MAX_NAME_PART = 8


def _names_apart(text: str, marks: list[Mark]) -> list[Mark]:
    """A person's name that is two names the text also writes apart is those two people:
    a headline lists leaders without a separator, a title joins two authors' names. And the
    central bodies that issue documents together, written without 、 in a title (中共中央国务院
    关于…的意见), are those two bodies."""
    names = {text[start:end] for start, end, label in marks if label == "PER"}
    out: list[Mark] = []
    for start, end, label in marks:
        name = text[start:end]
        cut = next((k for k in (2, 3) if label == "PER" and len(name) - k >= 2 and "·" not in name
                    and name[:k] in names and name[k:] in names), None)
        if label == "ORG":
            cut = JOINT_ISSUERS.get(name)
        out += [(start, start + cut, label), (start + cut, end, label)] if cut else [(start, end, label)]
    return out


#: Marks that come in pairs around part of a name: “青禾”…委员会, 《…》杂志, …（集团）有限公司.
#: A name may begin with an opening quote or title mark, not with an opening bracket.
QUOTE_MARKS = (("“", "”"), ("《", "》"), ("「", "」"), ("‘", "’"))
BRACKETS = (("（", "）"), ("(", ")"))
#: Marks further back than this from a bracket are not looked at for the name it continues.
MAX_NAME_CHARS = 40
#: Words before a bracket taken into the name it continues when no name is marked there.
MAX_WORDS_BEFORE_BRACKET = 3
_PAIRS = tuple((pair, False) for pair in QUOTE_MARKS) + tuple((pair, True) for pair in BRACKETS)
_PAIR_CHARS = frozenset(char for (opening, closing), _ in _PAIRS for char in (opening, closing))
#: Quotes around a name (not title marks): “利奇马”.
_OPENING_QUOTES = frozenset(opening for opening, _ in QUOTE_MARKS) - {"《"}
_CLOSING_QUOTES = frozenset(closing for _, closing in QUOTE_MARKS) - {"》"}


def _balanced(doc: Doc, marks: list[Mark]) -> list[Mark]:
    """Each name with its paired marks whole. A name cut right after an opening mark whose
    closing one it holds takes the opening mark in (青禾” | …委员会); after an opening
    bracket, also the name or the word before it (澄溪（ | 青禾）环保公司); a name cut right
    before the closing mark of one it opened takes that in (…党校（…学院 | ）). A lone
    mark at a name's edge is dropped."""
    text = text_of(doc)
    words: list = []  # the words' starts and tags, found once if a bracket needs them

    def name_before(bracket: int) -> int:
        if not words:
            words.extend((list(accumulate(map(len, words_of(doc)), initial=0)), tags_of(doc),
                          [start for start, _, _ in marks]))
        return _name_before(marks, *words, bracket)

    out: list[Mark] = []
    for start, end, label in marks:
        if _PAIR_CHARS.isdisjoint(text[start:end]):
            out.append((start, end, label))
            continue
        for (opening, closing), bracket in _PAIRS:
            if opening not in text[start:end] and closing not in text[start:end]:
                continue
            unopened, unclosed = _unpaired(text[start:end], opening, closing)
            if unopened == 1 and start > 0 and text[start - 1] == opening:
                start = name_before(start - 1) if bracket else start - 1
            elif unopened and text[start] == closing:
                start += 1
            if unclosed == 1 and text.startswith(closing, end):
                end += 1
            elif unclosed and text[end - 1] == opening:
                end -= 1
        if end > start:
            out.append((start, end, label))
    return out


def _name_before(marks: list[Mark], starts: list[int], tags: list[str], mark_starts: list[int],
                 bracket: int) -> int:
    """Where the name that an opening bracket at ``bracket`` continues begins: the start of
    the name marked before it (``marks`` in order of their starts, ``mark_starts``), else of
    the words before it (``starts``, ``tags``) that can be part of a name (at most
    :data:`MAX_WORDS_BEFORE_BRACKET`: 青禾 | 律师 | （格尔木）事务所); else the bracket's end
    (no name begins with a bracket)."""
    first = bisect_right(mark_starts, bracket - MAX_NAME_CHARS)
    before = [start for start, end, _ in marks[first : bisect_right(mark_starts, bracket - 1)] if bracket <= end]
    if before:
        return min(before)
    i = bisect_right(starts, bracket) - 2  # the word that ends at the bracket
    if i < 0 or starts[i + 1] != bracket:
        return bracket + 1
    begin = bracket + 1
    for j in range(i, max(i - MAX_WORDS_BEFORE_BRACKET, -1), -1):
        if tags[j] not in NOMINAL:
            break
        begin = starts[j]
    return begin


#: The rest of a body named for a person's thought (某某新时代…思想研究中心, 某某思想研究会)
#: after the person's name: the name is the body's, with what is written right before it.
_IDEOLOGY_BODY = re.compile(r"(?:新时代)?[\u4e00-\u9fff]{0,12}?(?:思想|主义|理论)[\u4e00-\u9fff]{0,6}?"
                            r"(?:研究中心|研究院|研究会|研究所|研究基地)")
#: What may stand between the person's name and the body the NER read after it.
_PERIOD_BETWEEN = ("", "新时代")


#: A listed name an ORG mark is extended to is at most this long (the table's longest short names).
_LONGEST_LISTED = 12


def _listed_names_whole(text: str, marks: list[Mark]) -> list[Mark]:
    """A body's name cut before the rest of a standard short name (中央 | 纪委委员, 中央 | 书记处书记):
    the ORG takes in the longest name abbreviations.tsv lists that it begins, and a name marked
    inside that rest goes."""
    listed = gazetteer.listed_body_names()
    out: list[Mark] = []
    taken = 0  # marks up to here were taken into a longer name
    for start, end, label in marks:
        if start < taken:
            continue
        if label == "ORG":
            whole = next((stop for stop in range(min(len(text), start + _LONGEST_LISTED), end, -1)
                          if text[start:stop] in listed), None)
            if whole is not None:
                out.append((start, whole, label))
                taken = whole
                continue
        out.append((start, end, label))
    return out


def _ideology_bodies(text: str, marks: list[Mark]) -> list[Mark]:
    """A person's name that begins a body named for that person's thought is part of the body's
    name (林某新时代…思想研究中心: the NER read a person and a body from 思想 on), and so is the
    place or body written right before it (某省, 某大学: whose centre it is)."""
    out: list[Mark] = []
    for start, end, label in marks:
        if label == "ORG" and out and out[-1][2] == "PER" and text[out[-1][1] : start] in _PERIOD_BETWEEN:
            person = out[-1]
            if _IDEOLOGY_BODY.fullmatch(text, person[1], end):
                out.pop()
                start = person[0]
                if out and out[-1][1] == start and out[-1][2] in ("LOC", "ORG"):
                    start = out.pop()[0]
        out.append((start, end, label))
    return out


def _unpaired(name: str, opening: str, closing: str) -> tuple[int, int]:
    """How many closing marks in ``name`` have no opening one before them, and how many
    opening marks no closing one after them."""
    unopened = depth = 0
    for char in name:
        if char == opening:
            depth += 1
        elif char == closing:
            if depth:
                depth -= 1
            else:
                unopened += 1
    return unopened, depth


def _reshaped(doc: Doc, marks: list[Mark]) -> list[Mark]:
    """The marks with each name cut to its own words: a person without the
    kinship word or the verb after it and with the rest of a dotted name, a
    body without the verb before it, two bodies where one is under the other."""
    text = text_of(doc)
    starts = list(accumulate(map(len, words_of(doc)), initial=0))
    tags = tags_of(doc)
    out: list[Mark] = []
    for start, end, label in marks:
        if label == "PER":
            end = _dotted_end(text, starts, tags, start, _before_kinship(text, start, end))
            out.append(_person_or_not(text, starts, tags, start, end))
        elif label == "LOC" and len(chain := _chain_marks(text, start, end)) > 1:
            out.extend(chain)
        elif label in ("LOC", "ORG"):
            out.extend(_body_marks(text, starts, tags, start, end, label))
        else:
            out.append((start, end, label))
    return out


#: Verbs of going before a destination (派往, 前往, 飞往, 赴): what follows is a place.
_TOWARDS = ("往", "赴", "抵达")
#: Words after a name that make it the name of a body (澄溪支部, 澄溪合作社), unless a title starts there.
_BODY_AFTER_NAME = ("党支部", "支部", "合作社", "村委会", "居委会")


def _person_or_not(text: str, starts: list[int], tags: list[str], start: int, end: int) -> Mark:
    """A person, or what a name the NER took for a person is by its context:
    a place after a verb of going (派往 | 澄溪堡), a body with the 支部/合作社
    after it (澄溪支部), unless that word starts a title (澄溪支部书记 is a person's)."""
    if text.endswith(_TOWARDS, max(0, start - 2), start):
        return (start, end, "LOC")
    i = _tokens_from(starts, end)
    if 0 <= i < len(tags) and starts[i] == end and text[end : starts[i + 1]] in _BODY_AFTER_NAME:
        title = POSITION_RE.match(text, end)
        if (title is None or title.end() <= starts[i + 1]) and not POSITION_RE.match(text, starts[i + 1]):
            return (start, starts[i + 1], "ORG")
    return (start, end, "PER")


def _chain_marks(text: str, start: int, end: int) -> list[Mark]:
    """A place mention written as a chain of divisions (湖北青岚县, 浙江省澄溪市澄江镇)
    is one mention per place; a last part that ends as a place is one too."""
    found = places_in_name(text[start:end])
    if len(found) < 2 or found[0][0] != 0:
        return []
    marks = [(start + a, start + b, "LOC") for a, b, _ in found]
    rest = text[marks[-1][1] : end]
    if rest:
        if len(rest) < 2 or not rest.endswith(_PLACE_END):
            return []
        marks.append((marks[-1][1], end, "LOC"))
    return marks


def _before_kinship(text: str, start: int, end: int) -> int:
    """Where a person's name ends before a kinship word inside or across its end."""
    window = text[start : end + 1]
    for term in KINSHIP_TERMS:
        at = window.find(term, 2)
        if 0 < at < end - start:
            return start + at
    return end


def _tokens_from(starts: list[int], offset: int) -> int:
    """The index of the token that holds character ``offset``."""
    return bisect_right(starts, offset) - 1


def _dotted_end(text: str, starts: list[int], tags: list[str], start: int, end: int) -> int:
    """A transliterated name goes on over its middle dot (张丰·阿三 | 说): up to
    two characters, the dot, then the name-like words after it; a name cut
    short after its dot (张丰·阿 | 三说) takes the rest of its last word."""
    found = _DOTTED_AFTER.match(text, end)
    if found is None:
        dot = max(text.rfind(d, start, end) for d in _DOTS)
        return _rest_of_dotted(text, starts, tags, end) if dot >= 0 and end - dot <= 3 else end
    limit = found.end() + MAX_NAME_PART
    i = _tokens_from(starts, found.end())
    new_end = found.end()
    while 0 <= i < len(tags) and starts[i + 1] <= limit:
        # A word LAC read as a verb inside the name counts when a name-like word follows it.
        inner = tags[i] in _INNER_TAGS and i + 1 < len(tags) and tags[i + 1] in _NAME_TAGS
        if tags[i] not in _NAME_TAGS and not inner:
            break
        new_end = starts[i + 1]
        i += 1
    return new_end if new_end > found.end() else end


def _rest_of_dotted(text: str, starts: list[int], tags: list[str], end: int) -> int:
    """The end of a dotted name's last part: one short noun word LAC cut off
    it (…·麦 | 提尔 | 是), never a title."""
    i = _tokens_from(starts, end)
    if i < 0 or i >= len(tags) or starts[i] != end or tags[i] not in ("n", "nz", "nr"):
        return end
    word = text[starts[i] : starts[i + 1]]
    if len(word) > 2 or POSITION_RE.match(word) or word.endswith(NOT_PERSON_SUFFIXES):
        return end
    return starts[i + 1]


def _body_marks(text: str, starts: list[int], tags: list[str], start: int, end: int, label: str) -> list[Mark]:
    """A place or body: without a verb before it or a count after it, cut
    before a title that starts inside it, split at 旗下/下属, typed by its words."""
    i = _tokens_from(starts, start)
    if tags[i] == "v" and starts[i] == start and starts[i + 1] - start >= 2 and end - starts[i + 1] >= 3:
        start = starts[i + 1]  # 宣布 | 澄溪市总工会
    count = _PLACE_COUNT.search(text, start, end)
    if count is not None and count.start() - start >= 2:
        end = count.start()
    if label == "LOC":
        end = _before_title(text, start, end)
        end = _with_facility(text, starts, start, end) if end - start >= 2 else end
        if text.endswith(COUNTY_SEAT, start, end) and end - start > len(COUNTY_SEAT):
            end -= 1  # 青岚县城 is the county 青岚县
        if text.endswith("站站台", start, end):
            end -= 2  # 澄溪火车站 | 站台: the platform is part of the station
        if _glued_direction(text, start, end):
            end -= 1  # 澄溪运河 | 南入口: the direction belongs to the words after the name
    end = _zone_end(text, start, end) if label == "LOC" else end
    name = text[start:end]
    split = _AFFILIATION.search(name, 2)
    if label == "ORG" and split is not None and ORG_HEAD_RE.search(name):
        parts = [(start, start + split.start()), (start + split.end(), end)]
        return [(a, b, "ORG") for a, b in parts if b - a >= 2]
    counted = INDEFINITE_RE.search(name, 2) if label == "ORG" else None
    if counted is not None and counted.end() < len(name) and _named_word_at(starts, tags, start) \
            and tags[_tokens_from(starts, start)] == "LOC" and starts[_tokens_from(starts, start) + 1] == start + counted.start():
        return [(start, start + counted.start(), "LOC")]  # 澄溪 | 一家报社: a place, then a body counted, not named
    inner = _INNER_COMPANY.search(name) if label == "ORG" else None
    if inner is not None and _named_word_at(starts, tags, start + inner.end()):
        return [(start, start + inner.end(), "ORG"), (start + inner.end(), end, "ORG")]
    places = _lac_places(text, starts, tags, start, end) if label == "ORG" else []
    if len(places) >= 2:
        return places  # 青禾村 | 石坪组: a village and its group, no body
    return [(start, end, _label_by_words(text, starts, tags, start, end, label))]


def _lac_places(text: str, starts: list[int], tags: list[str], start: int, end: int) -> list[Mark]:
    """A village and one of its groups (青禾村 | 石坪组) as two places when LAC read
    both words as places and no body's head ends the span; else none. (A longer
    chain cut before a title, 澄溪县青禾村 | 党支部书记, stays for the post's body.)"""
    first, last = _tokens_from(starts, start), _tokens_from(starts, end - 1)
    if starts[first] != start or starts[last + 1] != end or last != first + 1 or ORG_HEAD_RE.search(text[start:end]):
        return []
    village, group = text[starts[first] : starts[first + 1]], text[starts[last] : end]
    if tags[first] == tags[last] == "LOC" and village.endswith(("村", "社区")) and group.endswith(_VILLAGE_GROUPS) \
            and len(village) >= 2 and len(group) >= 2:
        return [(starts[first], starts[last], "LOC"), (starts[last], end, "LOC")]
    return []


#: A village's groups (村民小组, 屯): places below the village.
_VILLAGE_GROUPS = ("组", "屯")


def _glued_direction(text: str, start: int, end: int) -> bool:
    """Whether a place of three or more characters that ends in a feature (河, 江, 湖…)
    has taken a direction word from the words after it (澄溪运河南 | 入口); not a
    division of that name (the gazetteer knows 河南)."""
    name = text[start:end]
    return (len(name) >= 4 and name[-1] in "东南西北" and name[-2] in "河江湖海山桥港"
            and not gazetteer.canonical_place(name) and not gazetteer.divisions().by_name(name))


def _named_word_at(starts: list[int], tags: list[str], offset: int) -> bool:
    """Whether a word LAC read as a place or a body starts at ``offset`` (not 工会, 党委)."""
    i = _tokens_from(starts, offset)
    return 0 <= i < len(tags) and starts[i] == offset and tags[i] in ("LOC", "ORG")


def _zone_end(text: str, start: int, end: int) -> int:
    """A zone or facility whose name the NER cut inside its head (澄溪经 | 开区,
    澄江河 | 段): the head is whole."""
    for k in range(1, min(3, len(text) - end + 1)):  # never past the text's end
        ahead = text[start : end + k]
        if any(ahead.endswith(head) and len(head) > k for head in ZONE_HEADS + FACILITY_HEADS):
            return end + k
    return end


def _with_facility(text: str, starts: list[int], start: int, end: int) -> int:
    """A place goes on over the facility or feature word after it (澄江 | 船闸,
    西北 | 地区, 环渤海 | 地区), except a division's 地区 (a city's area is the city),
    and a name without a level over the village level word after it (青禾 | 社区)."""
    i = _tokens_from(starts, end)
    if i < 0 or i + 1 >= len(starts) or starts[i] != end:
        return end
    word = text[starts[i] : starts[i + 1]]
    if word in FACILITY_HEADS or (word in REGION_HEADS and _is_region(text[max(start, end - 4) : end])
                                  and not _is_division(text, starts, end)):
        return starts[i + 1]
    if word in VILLAGE_WORDS and not text.endswith(_PLACE_END, start, end) and not _is_division(text, starts, end):
        return starts[i + 1]
    return end


def _is_region(name: str) -> bool:
    """A part of a country named by direction or shape (东北, 长三角, 沿江, 环渤海), not a city."""
    return bool(set(name) & _DIRECTIONS) or name.startswith(("环", "沿")) or "三角" in name


def _is_division(text: str, starts: list[int], end: int) -> bool:
    """Whether the place that ends at ``end`` is an administrative division."""
    for begin in range(max(0, end - 8), end - 1):
        if gazetteer.canonical_place(text[begin:end]):
            return True
    return False


def _before_title(text: str, start: int, end: int) -> int:
    """A place that takes the first character of a title after it (澄溪村 | 村 | 支书)."""
    for at in range(start + 2, end):
        title = POSITION_RE.match(text, at)
        if title is not None and title.end() > end and text[start:at].endswith(_PLACE_END):
            return at
    return end


def _label_by_words(text: str, starts: list[int], tags: list[str], start: int, end: int, label: str) -> str:
    """LAC's tag wins over the NER's where the name's shape agrees: a span of
    LAC organisation words with no place in it is a body, one of LAC place
    words without an organisation's head a place; a museum is a body."""
    first, last = _tokens_from(starts, start), _tokens_from(starts, end - 1)
    if label == "LOC" and text.endswith(MUSEUM_HEADS, start, end) and end - start > 3:
        return "ORG"  # 张三丰纪念馆: a museum is a body, a monument a place
    if starts[first] != start or starts[last + 1] != end:
        return label
    inner = set(tags[first : last + 1])
    name = text[start:end]
    if label == "LOC" and inner == {"ORG"} and not name.endswith(_PLACE_END) and not PLACE_HEAD_RE.search(name) \
            and name not in NOT_PLACE and not set(name) <= _DIRECTIONS and not places_in_name(name) \
            and not gazetteer.divisions().by_name(name) and name not in gazetteer.countries() \
            and not _where_by_context(text, start, end):
        return "ORG"
    if label == "ORG" and inner == {"LOC"} and first == last and name.endswith(_PLACE_END) and not ORG_HEAD_RE.search(name):
        return "LOC"
    if label == "ORG" and name.endswith(FACILITY_HEADS) and tags[first] == "LOC":
        return "LOC"  # 澄江地铁站: a facility named after a place
    return label


#: Words before a name that make it where someone is or goes (本报澄溪电, 抵澄溪, 赴澄溪).
_PLACE_BEFORE = ("本报", "抵", "抵达", "飞抵", "赴", "前往")
#: A dateline after a name (澄溪5月25日电): the name is where the report was filed.
_DATELINE_AFTER = re.compile(r"\s*\d{1,2}月\d{1,2}日电")


def _where_by_context(text: str, start: int, end: int) -> bool:
    """Whether the words around a name make it a place: a dateline, a verb of arriving."""
    return (text.endswith(_PLACE_BEFORE, 0, start) or bool(_DATELINE_AFTER.match(text, end))
            or text.startswith("《", end)  # 澄溪《青禾日报》: the paper of a place
            or (text.endswith("在", 0, start) and text.startswith(_HELD_VERBS, end)))  # 在澄溪举行


#: Verbs of an event held somewhere (在澄溪举行): what stands between 在 and them is where.
_HELD_VERBS = ("举行", "进行", "召开", "举办", "开幕", "闭幕", "开赛")


#: The level at the end of an autonomous division's name (某某族自治州, 某某族乡).
_AUTONOMOUS_LEVEL = re.compile(r"(?<=族)(?:自治区|自治州|自治县|自治旗|乡)$")


def _is_bare_place_head(text: str) -> bool:
    """特区, 合作区: the kind of a zone without its name; 朝鲜族自治州, 土家族乡: an autonomous
    division's peoples and level without the place's own name (延边朝鲜族自治州)."""
    if text in BARE_PLACE_HEADS:
        return True
    peoples = _AUTONOMOUS_LEVEL.sub("", text)
    return peoples != text and _peoples().fullmatch(peoples) is not None


@cache
def _peoples() -> re.Pattern:
    """One or more of China's ethnic groups in a row (布依族苗族), from the gazetteer's list."""
    return re.compile("(?:" + "|".join(map(re.escape, sorted(gazetteer.ethnic_groups()))) + ")+")


def _is_country_pair(text: str) -> bool:
    """中美, 埃中: two countries' short names, a pair, not one place or person."""
    if len(text) != 2 or "中" not in text or text == "中中":
        return False
    other = text[1] if text[0] == "中" else text[0]
    return other in COUNTRY_SHORT and not gazetteer.divisions().by_name(text)


def _is_kinship_noun(text: str) -> bool:
    """小孙女, 大儿子, 伯伯: a relative or a form of address, not a person's name."""
    return (text in KINSHIP_NOUNS or text in KINSHIP_TERMS
            or (text.startswith(_KIN_PREFIXES) and text[1:] in KINSHIP_NOUNS))


def _is_unnamed_body(text: str) -> bool:
    """中国公司, 财政部各地监管局, 第三批医疗队: a kind of body, a place's bodies of
    one kind, or a batch of groups, not one named body."""
    if _UNNAMED_INSIDE.search(text) or _NATIONAL_TROOPS.match(text):
        return True
    if text in GENERIC_KINDS or (text[0] in _LEVEL_CHARS and text[1:] in GENERIC_KINDS):
        return True
    head = next((h for h in BARE_HEADS if text.endswith(h)), None)
    if head is None or len(text) == len(head):
        return False
    before = text[: -len(head)]
    return before in ("中国", "我国", "外国", "本地", "当地", "国内") or bool(gazetteer.canonical_place(before))
