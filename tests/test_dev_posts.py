"""Posts (holdsPosition) and bodies written short, on invented sentences:
title chains over several bodies, former posts, party bodies of a place,
standard national bodies that start with 全国, and 国家主席 naming no body.
"""
from __future__ import annotations

import pytest

from zhitu.extractors.lexicon import GENERIC_ORG_RE, POSITION_RE


def relations(doc, name: str = "holdsPosition") -> set[tuple]:
    return {(r.head[1], r.tail[1], r.role) for r in doc._.relations or [] if r.relation == name}


def entity(doc, label: str, canonical: str):
    found = [e for e in doc._.entities or [] if e.key == (label, canonical)]
    assert found, f"no {label} {canonical!r} in {[e.key for e in doc._.entities or []]}"
    return found[0]


@pytest.mark.parametrize("title", ["副委员长", "新闻发言人", "总经济师", "参谋长", "联合主席", "全国执行书记", "国际书记",
                                   "代理军团长", "列车长"])
def test_title_words(title: str) -> None:
    assert POSITION_RE.fullmatch(title)


def test_national_bodies_starting_with_quanguo_are_not_generic() -> None:
    assert not GENERIC_ORG_RE.match("全国人大常委会")
    assert not GENERIC_ORG_RE.match("全国妇联")
    assert GENERIC_ORG_RE.match("全国各级工会")


def test_standing_committee_list_of_vice_chairs(nlp) -> None:
    doc = nlp("全国人大常委会副委员长张三丰、李四光出席会议。")
    assert relations(doc) == {
        ("张三丰", "全国人民代表大会常务委员会", "副委员长"),
        ("李四光", "全国人民代表大会常务委员会", "副委员长"),
    }


def test_state_president_takes_no_party_body(nlp) -> None:
    doc = nlp("中共中央总书记、国家主席、中央军委主席张三丰出席。")
    assert relations(doc) == {
        ("张三丰", "中国共产党中央委员会", "总书记"),
        ("张三丰", "中央军事委员会", "主席"),
    }


def test_former_post_without_its_body_is_left_out(nlp) -> None:
    doc = nlp("新西兰民主复兴党总裁、前参议长张三丰表示支持。")
    assert relations(doc) == {("张三丰", "新西兰民主复兴党", "总裁")}


def test_former_post_with_its_body(nlp) -> None:
    doc = nlp("国家统计局原总经济师张三丰表示。")
    assert relations(doc) == {("张三丰", "国家统计局", "总经济师")}


def test_village_party_branch_secretary(nlp) -> None:
    doc = nlp("福建省龙岩市武平县城厢镇青山村党支部书记张三丰介绍了情况。")
    branch = next(e for e in doc._.entities if "青山村党支部" in e.aliases | {e.canonical})
    assert branch.label == "ORG" and branch.canonical.endswith("武平县城厢镇青山村党支部")
    assert relations(doc) == {("张三丰", branch.canonical, "书记")}


def test_town_party_committee_secretary(nlp) -> None:
    doc = nlp("重庆市长寿区白沙镇党委书记张三丰介绍了情况。")
    committee = entity(doc, "ORG", "中国共产党重庆市长寿区白沙镇委员会")
    assert {"中共重庆市长寿区白沙镇委员会", "重庆市长寿区白沙镇党委"} <= committee.aliases
    assert relations(doc) == {("张三丰", committee.canonical, "书记")}


def test_former_county_committee_and_its_bare_form(nlp) -> None:
    doc = nlp("山东原青州县委书记张三丰说，县委支持你们。")
    committee = entity(doc, "ORG", "中国共产党青州县委员会")
    assert {"青州县委", "县委"} <= committee.aliases
    assert relations(doc) == {("张三丰", committee.canonical, "书记")}


def test_bare_committee_without_its_place_is_no_entity(nlp) -> None:
    doc = nlp("县委要求各地抓紧。")
    assert not [e for e in doc._.entities if e.label == "ORG"]


def test_department_of_a_city_committee(nlp) -> None:
    doc = nlp("湖州市委书记张三丰主持会议。市委组织部部长李四光出席。")
    department = entity(doc, "ORG", "湖州市委组织部")
    assert {"中共湖州市委组织部", "市委组织部"} <= department.aliases
    assert ("湖州市委组织部", "中国共产党湖州市委员会", None) in relations(doc, "subOrganizationOf")
    assert ("李四光", "湖州市委组织部", "部长") in relations(doc)


def test_every_district_and_county_body_takes_no_place() -> None:
    from zhitu.extractors.components.resolution import Resolution, _Places

    places = _Places()
    places.append("澄溪区")
    assert Resolution._complete_level("区县生态环境局", 0, places) == "区县生态环境局"
    assert Resolution._complete_level("区生态环境局", 0, places) == "澄溪区生态环境局"


def test_title_of_the_body_pointed_back_to(nlp) -> None:
    doc = nlp("澄溪尚宝牧业有限公司种了很多麦子。“今年长势好。”该公司负责人张三丰介绍。")
    assert relations(doc) == {("张三丰", "澄溪尚宝牧业有限公司", "负责人")}


def test_speaker_is_no_post_of_a_party(nlp) -> None:
    doc = nlp("澄溪民主联盟副主席、议长张三丰表示支持。")
    assert ("张三丰", "澄溪民主联盟", "议长") not in relations(doc)


def test_a_bare_zhongyang_is_never_a_body(nlp) -> None:
    doc = nlp("中共中央政治局常委、国务院总理、中央财经委员会副主任张大山，"
              "中共中央政治局常委、中央书记处书记王小明出席会议。")
    found = relations(doc)
    assert ("张大山", "中央财经委员会", "副主任") in found
    assert ("王小明", "中共中央书记处", "书记") in found
    assert not any(tail == "中央" for _, tail, _ in found)


def test_another_partys_committee_is_not_the_communist_partys(nlp) -> None:
    from zhitu.ontology.gazetteer import expand_org_suffix

    assert expand_org_suffix("民盟安徽省委") is None
    assert expand_org_suffix("安徽省委") == "中国共产党安徽省委员会"
    doc = nlp("民盟安徽省委参政议政部部长张小明介绍，民盟安徽省委将开展调研。")
    names = {e.canonical for e in doc._.entities if e.label == "ORG"}
    assert not any("民盟" in name and name.startswith("中国共产党") for name in names), names
