"""Places written inside a name: 中石化浙江安吉县分公司 holds 浙江 and 安吉县;
浙江省湖州市安吉县澄溪镇 is a chain of four. Division names come from the
gazetteer; towns (…镇/乡/街道) below a county are recognised by their level word.
"""
from __future__ import annotations

import re
from functools import lru_cache

from zhitu.extractors.lexicon import COUNTY_LEVELS, ORG_HEADS, TOWN_LEVELS, alternation
from zhitu.ontology import gazetteer

_TOWN = re.compile(r"[\u4e00-\u9fff]{2,4}?" + alternation(TOWN_LEVELS))
_MAX_NAME = 12
_YEAR = re.compile(r"\d{4}年")


@lru_cache(maxsize=65536)
def places_in_name(name: str, *, towns: bool = False) -> tuple[tuple[int, int, str], ...]:
    """(start, end, canonical place) for each place written in ``name``, left to right.

    Only a prefix chain counts, plus a town right after a county, so words that
    merely contain a place-like string in the middle (…新区 in a programme) do not.
    ``towns``: a division's short form before 镇/街道/乡/村 is a town's or village's name,
    not that division (白沙镇 is no 白沙 county); off by default, as the entity stage reads it so.
    """
    found: list[tuple[int, int, str]] = []
    year = _YEAR.match(name)
    i = year.end() if year else 0
    abbreviations = gazetteer.abbreviations()
    for size in (3, 2):
        if name[i : i + size] in abbreviations and _longest_division(name, i, towns=towns) is None:
            i += size
            break
    while i < len(name):
        match = _longest_division(name, i, found[-1][2] if found else None, towns=towns)
        if match is None:
            if found and found[-1][2].endswith(COUNTY_LEVELS):
                town = _TOWN.match(name, i)
                if town:
                    found.append((i, town.end(), town.group()))
            break
        end, canonical = match
        found.append((i, end, canonical))
        i = end
    return tuple(found)


def ends_in_places(name: str, *, from_start: bool = False) -> bool:
    """Whether ``name`` ends with the chain of places written in it: a name of
    places only (广西壮族自治区, 浙江省杭州市), not a body or zone named after one.
    ``from_start``: the chain must start the name too (no year or abbreviation
    before it, as in 2020年浙江省)."""
    found = places_in_name(name)
    return bool(found) and found[-1][1] == len(name) and (not from_start or found[0][0] == 0)


def _longest_division(name: str, start: int, within: str | None = None, *,
                      towns: bool = False) -> tuple[int, str] | None:
    """The longest division name at ``start`` (inside ``within`` when it names one there)."""
    for end in range(min(len(name), start + _MAX_NAME), start + 1, -1):
        written = name[start:end]
        division = within and gazetteer.divisions().resolve(written, within=within)
        division = division or gazetteer.divisions().resolve(written)
        if division is not None and not (division.name != written and _another_place(division, name, end, towns)):
            return end, division.name
    return None


#: A level word: after a division's short form it makes another place's name (白沙镇 is a
#: town, not 白沙 county; 朝阳区 a district, not 朝阳市); 乡村 and 区域 are words of their own.
_TOWN_AFTER = re.compile(r"镇|街道|乡(?!村)|村(?!民|级|干部|集体|庄)")
_COUNTY_AFTER = re.compile(r"区(?!域)|县|旗")


def _another_place(division, name: str, end: int, towns: bool) -> bool:
    """Whether the level word after a short form at ``end`` names a place other than ``division``."""
    return ((towns and bool(_TOWN_AFTER.match(name, end)))
            or (division.level != "county" and bool(_COUNTY_AFTER.match(name, end))))


#: The paper's own country: in the names of its national bodies (中国人民大学, 中国铁路…)
#: 中国 is part of the title, so alone it gives no place entity; a foreign country
#: before a body's name (某国人民党) is where the body is.
HOME_COUNTRY = "中国"


def country_prefix(name: str) -> str | None:
    """The country (its short name) that ``name`` starts with, when more follows
    and no Chinese division starts it (黑山县 is a county, not 黑山): 德国某某党 → 德国."""
    if _longest_division(name, 0) is not None:
        return None
    countries = gazetteer.countries()
    for end in range(min(len(name) - 1, _MAX_NAME), 1, -1):
        if name[:end] in countries:
            return countries[name[:end]]
    return None


#: Words that end a unit's name inside a larger body's (…大学医学院, …公安局某某分局,
#: …领导小组办公室): the part before them, when it ends in a body's head, is the parent.
SUB_UNIT_HEADS = (
    "分公司", "子公司", "分局", "分社", "分行", "支行", "分会", "分院", "分校", "院区", "分厂", "分中心",
    "办公厅", "办公室", "秘书局", "研究室", "研究院", "研究所", "研究中心", "督查室", "信息中心", "事务中心",
    "医学院", "医学部", "学院", "医院", "附属医院", "附属中学", "附属小学", "出版社", "工厂",
    "派出所", "管理处", "管理局", "中央委员会", "常务委员会", "委员会", "领导小组", "工作组", "调研组",
    "办事处", "前方总部", "总部", "司", "局", "处", "科", "部", "厅", "室", "所", "中心", "团", "军", "师", "旅", "队", "站",
)
#: Words that end in a head's character but are no head (科技, 社会): no cut inside them.
NOT_HEAD_WORDS = ("科技", "科学", "科工", "科研", "社会", "部门", "局面", "院士", "所有", "处理", "中心区", "会议")
#: Heads a parent's name may end in; a wider list than ORG_HEADS (…党, …军, …军校).
PARENT_HEADS = ORG_HEADS + tuple(h for h in SUB_UNIT_HEADS if h not in ("团", "军", "师", "旅")) + (
    "军校", "代表大会", "青年团")
#: An army's units are numbered (某某军第四军, 某某军第一军团); its headquarters are its own (某某军总部).
_ARMY_UNIT = re.compile(r"军(?=第|总部|前方总部)")
_SUB_UNIT_RE = re.compile(alternation(SUB_UNIT_HEADS) + "$")
_PARENT_RE = re.compile(alternation(PARENT_HEADS) + "$")
_MIN_PARENT = 3


def parent_in_name(name: str) -> tuple[str, str] | None:
    """(parent, unit) when ``name`` is a body's name followed by one of its units'
    (某某大学医学院 → (某某大学, 医学院)); the longest such parent. The parent is no
    place alone (湖州市公安局 has none), the unit is more than a bare head word (某某集团有限公司
    is one company) and no word runs across the cut."""
    if not _SUB_UNIT_RE.search(name):
        return None
    for cut in range(len(name) - 2, _MIN_PARENT - 1, -1):
        parent, unit = name[:cut], name[cut:]
        if _opens_bracket(parent):
            continue  # 某某大学（某某农科 | 院）…: no cut inside brackets
        bare = without_bracketed_end(parent)  # 某某大学（澄溪）: a campus or second name after the head
        if ((_PARENT_RE.search(bare) or _ARMY_UNIT.match(name, cut - 1) or _foreign_party_organ(bare, unit))
                and _SUB_UNIT_RE.search(unit)
                and len(unit) >= 2 and unit not in ORG_HEADS and unit[0].isalnum()
                and not ends_in_places(bare) and not _is_bare_level_body(bare)
                and not _head_spans(name, cut)):
            # 某某集团（青海）某某有限公司: the place in brackets is the company's (its registered
            # name: brand, place, trade, form), the parent is the group
            return (bare if unit.endswith("公司") else parent), unit
    return None


#: A part in brackets at the end of a name (某某大学（澄溪）, 某某党校（某某学院）).
_BRACKETED_END = re.compile(r"[（(][^（）()]+[）)]$")


def without_bracketed_end(name: str) -> str:
    """``name`` without a part in brackets at its end (某某大学（澄溪） → 某某大学)."""
    return _BRACKETED_END.sub("", name) if name.endswith(("）", ")")) else name


def is_bracketed(text: str) -> bool:
    """Whether ``text`` is one part in brackets (（澄溪）, （青禾学院）)."""
    return _BRACKETED_END.fullmatch(text) is not None


def _opens_bracket(name: str) -> bool:
    """Whether ``name`` opens a bracket it does not close."""
    return name.count("（") > name.count("）") or name.count("(") > name.count(")")


#: A party's organs, written after the party's name (某国某某党中央委员会).
PARTY_ORGANS = ("中央委员会", "中央执行委员会", "中央政治局", "政治局", "书记处")


def _foreign_party_organ(parent: str, unit: str) -> bool:
    """A party organ after a name that starts with a foreign country (某国某某运动中央委员会):
    the name before it is the party's, whatever its head."""
    country = country_prefix(parent)
    return unit in PARTY_ORGANS and country is not None and country != HOME_COUNTRY


_ALL_HEADS = frozenset(h for h in SUB_UNIT_HEADS + PARENT_HEADS + NOT_HEAD_WORDS if len(h) >= 2)
_LONGEST_HEAD = max(map(len, _ALL_HEADS))


def _head_spans(name: str, cut: int) -> bool:
    """Whether a head word runs across ``cut`` (办|公室 in 某某领导小组办公室)."""
    return any(name[i:j] in _ALL_HEADS
               for i in range(max(0, cut - _LONGEST_HEAD + 1), cut)
               for j in range(cut + 1, min(len(name), i + _LONGEST_HEAD) + 1))


def _is_bare_level_body(name: str) -> bool:
    """A body named by a level word only (市委, 县政府): not a parent by itself."""
    return name[:1] in ("省", "市", "县", "区", "镇", "乡", "村") and len(name) <= 4
