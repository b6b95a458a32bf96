"""The extraction pipeline: its config, each component on short invented texts,
and invariants every processed Doc must keep.

The texts name invented people, bodies and places (澄溪市, 青岚县, 周明远…) beside
real administrative divisions; the assertions are ones any sane rule set keeps.
"""
from __future__ import annotations

import datetime as dt

import pytest
import spacy
from spacy.util import load_config_from_str, load_model_from_config

from zhitu.extractors.facts import ENTITY_LABELS, RELATION_TYPES
from zhitu.extractors.lines import extract_lines
from zhitu.extractors.pipeline import extract_articles, load_pipeline
from zhitu.read.articles import split_articles
from zhitu.read.reading import document_from_text

COMPONENTS = [
    "zhitu_entity_rules", "zhitu_programmes", "zhitu_positions", "zhitu_resolution", "zhitu_credits",
    "zhitu_holds_position", "zhitu_located_in", "zhitu_sub_organization", "zhitu_verb_frames", "zhitu_founded",
]


def ents(doc) -> set[tuple[str, str]]:
    return {(e.text, e.label_) for e in doc.ents}


def entity(doc, label: str, canonical: str):
    found = [e for e in doc._.entities or [] if e.key == (label, canonical)]
    assert found, f"no {label} {canonical!r} in {[e.key for e in doc._.entities or []]}"
    return found[0]


def relations(doc, name: str) -> set[tuple]:
    """``(head name, tail name or value, role)`` of the relations called ``name``."""
    return {
        (r.head[1], r.tail[1] if r.tail else r.value, r.role)
        for r in doc._.relations or [] if r.relation == name
    }


# -- the pipeline and its config ----------------------------------------------

def test_pipeline_has_every_component(nlp) -> None:
    assert nlp.lang == "zh"
    assert set(COMPONENTS) <= set(nlp.pipe_names)
    for name in nlp.pipe_names:
        assert nlp.get_pipe_meta(name).factory == name


def test_config_round_trips(nlp) -> None:
    text = nlp.config.to_str()
    again = load_model_from_config(load_config_from_str(text), auto_fill=True)
    assert again.pipe_names == nlp.pipe_names
    assert again.config.to_str() == text
    assert type(again.tokenizer) is type(nlp.tokenizer)
    assert again.tokenizer.max_sentence == nlp.tokenizer.max_sentence


def test_config_file_round_trips(nlp, tmp_path) -> None:
    path = tmp_path / "pipeline.cfg"
    path.write_text(nlp.config.to_str(), encoding="utf-8")
    assert load_pipeline(path).pipe_names == nlp.pipe_names


def test_pipeline_saves_and_loads_with_spacy(nlp, tmp_path) -> None:
    nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    assert loaded.pipe_names == nlp.pipe_names
    text = "澄溪港务集团有限公司董事长周明远出席会议。"
    assert ents(loaded(text)) == ents(nlp(text))


def test_tokenizer_setting_comes_from_the_config(nlp) -> None:
    config = nlp.config.copy()
    config["nlp"]["tokenizer"]["max_sentence"] = 17
    assert load_model_from_config(config, auto_fill=True).tokenizer.max_sentence == 17


# -- zhitu_entity_rules ---------------------------------------------------------

@pytest.mark.parametrize("text, org", [
    ("湖州市总工会召开会议。", "湖州市总工会"),
    ("澄溪市总工会召开会议。", "澄溪市总工会"),
    ("浙江省湖州市总工会召开会议。", "浙江省湖州市总工会"),
])
def test_place_and_union_are_one_organisation(nlp, text: str, org: str) -> None:
    doc = nlp(text)
    assert (org, "ORG") in ents(doc)
    inside = [e for e in doc.ents if e.start_char >= text.index(org) and e.end_char <= text.index(org) + len(org)]
    assert [e.text for e in inside] == [org]


@pytest.mark.parametrize("text", [
    "各级工会要积极参与。",
    "全市各级工会围绕中心、服务大局。",
    "各地工会、有关部门要抓好落实。",
])
def test_generic_plural_is_not_an_organisation(nlp, text: str) -> None:
    doc = nlp(text)
    assert not [e for e in doc.ents if e.label_ == "ORG" and e.text.startswith(("各级", "各地", "有关", "全市"))]


@pytest.mark.parametrize("text", ["澄溪高新区", "青禾经开区", "澄溪综保区", "青禾工业园"])
def test_a_line_that_is_a_zone_name_is_one_place(nlp, text: str) -> None:
    # a title line that is only a zone's name: its head ends the text, nothing is read past it
    assert [(e.text, e.label_) for e in nlp(text).ents] == [(text, "LOC")]


@pytest.mark.parametrize("text", [
    "来稿请寄电子信箱qxphoto@163.com，编辑部择优刊用。",
    "照片可发至lanxishe@163.com，往期作品见http://www.lanxi-news.cn/photo 。",
])
def test_the_letters_of_an_email_or_web_address_name_nobody(nlp, text: str) -> None:
    # a photo page's footer: the NER reads the mailbox's name as a body's
    assert not [e for e in nlp(text).ents if any("a" <= c.lower() <= "z" for c in e.text)]


def test_a_name_before_a_web_address_stays(nlp) -> None:
    doc = nlp("澄溪市总工会主席林晓岚说，详情见 www.chengxi.gov.cn。")
    assert {("澄溪市总工会", "ORG"), ("林晓岚", "PER")} <= ents(doc)


@pytest.mark.parametrize("text", ["澄溪青年立志不负韶华。", "青禾人决不辜负韶华。", "不负韶华"])
def test_the_whole_object_of_not_failing_is_no_person(nlp, text: str) -> None:
    # 不负 + a common noun the NER reads as a given name
    assert "韶华" not in {e.text for e in nlp(text).ents if e.label_ == "PER"}


@pytest.mark.parametrize("text", ["澄溪队员不负林晓岚的叮嘱。", "青禾新兵不负林晓岚主任期望，"])
def test_a_person_after_not_failing_stays(nlp, text: str) -> None:
    assert ("林晓岚", "PER") in ents(nlp(text))


@pytest.mark.parametrize(("text", "plenums"), [
    ("澄溪县委传达学习十七届五中、六中和七中全会精神。", ["中国共产党第十七届中央委员会第五次全体会议",
                                                       "中国共产党第十七届中央委员会第六次全体会议",
                                                       "中国共产党第十七届中央委员会第七次全体会议"]),
    ("青禾镇学习中共十六届三中、四中全会决定。", ["中国共产党第十六届中央委员会第三次全体会议",
                                                "中国共产党第十六届中央委员会第四次全体会议"]),
])
def test_plenums_listed_with_one_term_are_each_an_event(nlp, text: str, plenums: list[str]) -> None:
    # the ordinals alone (五中, 六中) read as schools' short names without the rule
    doc = nlp(text)
    assert [e.canonical for e in doc._.entities if e.label == "EVENT"] == plenums
    assert not [e for e in doc.ents if e.label_ == "ORG" and "中" in e.text and len(e.text) <= 3]


@pytest.mark.parametrize("text", ["党的十九届四中全会闭幕后，澄溪县召开大会。", "澄溪县学习中共十九届四中全会精神。",
                                  "十九届四中全会以来，青禾镇加快改革。", "党中央召开的十九届四中全会作出决定。"])
def test_a_central_committee_plenum_has_its_official_name_however_written(nlp, text: str) -> None:
    (plenum,) = [e for e in nlp(text)._.entities if e.label == "EVENT"]
    assert plenum.canonical == "中国共产党第十九届中央委员会第四次全体会议"
    assert "十九届四中全会" in plenum.aliases


def test_a_plenum_of_the_earliest_terms_and_of_a_late_ordinal_has_its_official_name(nlp) -> None:
    canonicals = {e.canonical for e in nlp("会上回顾了八届十二中全会和七届二中全会的历史。")._.entities}
    assert {"中国共产党第八届中央委员会第十二次全体会议", "中国共产党第七届中央委员会第二次全体会议"} <= canonicals


def test_a_local_committees_plenum_is_not_the_central_committees(nlp) -> None:
    canonicals = {e.canonical for e in nlp("澄溪县委十二届五中全会在县城召开。")._.entities}
    assert not {c for c in canonicals if c.startswith("中国共产党第")}


def test_a_party_congress_written_with_the_partys_short_name_is_the_congress(nlp) -> None:
    entities = nlp("澄溪县干部重温中共十七大报告。")._.entities
    assert ("EVENT", "中国共产党第十七次全国代表大会") in {(e.label, e.canonical) for e in entities}


@pytest.mark.parametrize(("text", "official"), [
    ("十二届全国人大五次会议期间，澄溪代表团审议报告。", "第十二届全国人民代表大会第五次会议"),
    ("全国人大十二届五次会议闭幕后，林晓岚回到澄溪。", "第十二届全国人民代表大会第五次会议"),
    ("中华人民共和国第十二届全国人民代表大会第五次会议通过了决议。", "第十二届全国人民代表大会第五次会议"),
    ("全国政协十二届四次会议闭幕。", "中国人民政治协商会议第十二届全国委员会第四次会议"),
    ("政协第十二届全国委员会第四次会议在京开幕。", "中国人民政治协商会议第十二届全国委员会第四次会议"),
    ("十二届全国人大常委会第二十次会议审议了草案。", "第十二届全国人民代表大会常务委员会第二十次会议"),
    ("十二届全国政协常委会第十一次会议召开。", "中国人民政治协商会议第十二届全国委员会常务委员会第十一次会议"),
])
def test_a_session_of_the_npc_or_cppcc_has_its_official_name_however_written(nlp, text: str, official: str) -> None:
    assert official in {e.canonical for e in nlp(text)._.entities if e.label == "EVENT"}


def test_a_local_congress_session_keeps_its_name(nlp) -> None:
    assert "澄溪市十六届人大三次会议" in {e.canonical for e in nlp("澄溪市十六届人大三次会议开幕。")._.entities}


def test_a_school_outside_a_plenum_list_stays(nlp) -> None:
    assert ("澄溪二中", "ORG") in ents(nlp("林晓岚毕业于澄溪二中，现任青禾县教育局局长。"))


@pytest.mark.parametrize("text", ["澄溪村民说，守住青山绿水，就守住了金山银山。", "荒坡成了澄溪人的金山银山。"])
def test_riches_in_a_set_phrase_are_no_place(nlp, text: str) -> None:
    # 金山银山: riches, not a place, nor Shanghai's 金山区 read out of it
    assert not {e.canonical for e in nlp(text)._.entities} & {"金山银山", "金山区"}


@pytest.mark.parametrize(("text", "country"), [
    ("由巴西、欧盟、澄溪国共同参与的项目启动。", "巴西"),
    ("墨西哥“青禾”网站列出了注意事项。", "墨西哥"),
    ("图瓦卢总理周明远今起访华。", "图瓦卢"),
    ("萨摩亚和汤加代表出席。", "汤加"),
])
def test_a_country_named_alone_is_a_place(nlp, text: str, country: str) -> None:
    # the NER reads a state's name in a list of bodies, or before a medium's name, as a body;
    # a small state's name before a title or in a pair, as a person
    assert (country, "LOC") in ents(nlp(text))


def test_a_countrys_government_stays_a_body(nlp) -> None:
    assert ("加拿大政府", "ORG") in ents(nlp("英国和加拿大政府宣布了新的援助计划。"))


def test_two_names_written_together_are_two_people_when_written_apart_too(nlp) -> None:
    # a title (or a headline's list) joins names the text also writes one by one
    people = [e.text for e in nlp("青禾县出版了《周明远林晓岚文集》。周明远和林晓岚都是作家。").ents if e.label_ == "PER"]
    assert people == ["周明远", "林晓岚", "周明远", "林晓岚"]


def test_a_name_whose_parts_are_not_written_apart_stays_whole(nlp) -> None:
    assert ("欧阳明远", "PER") in ents(nlp("欧阳明远说，明远工作室今年很忙。"))


@pytest.mark.parametrize(("text", "body"), [
    ("澄溪研究所“青禾”文化研究中心举行年会。", "“青禾”文化研究中心"),  # cut after the opening quote
    ("队员们穿着“中国（青海）救援队”的制服。", "中国（青海）救援队"),  # cut after the opening bracket
    ("青禾律师（格尔木）事务所主任林晓岚说。", "青禾律师（格尔木）事务所"),  # the words before the bracket
])
def test_a_body_keeps_the_paired_marks_of_its_name(nlp, text: str, body: str) -> None:
    assert (body, "ORG") in ents(nlp(text))


def test_a_second_name_in_brackets_is_the_same_body(nlp) -> None:
    # 中央党校 and 国家行政学院: one body with two names (abbreviations.tsv); the NER cut the
    # bracket's closing mark off, and the body was read as a part of itself
    doc = nlp("中央党校（国家行政学院）研究员林晓岚指出，要抓落实。")
    assert ("中央党校（国家行政学院）", "ORG") in ents(doc)
    assert entity(doc, "ORG", "中共中央党校").aliases >= {"中央党校（国家行政学院）"}
    assert not {tail for _, tail, _ in relations(doc, "subOrganizationOf") if tail == "中共中央党校"}


def test_a_body_named_for_a_persons_thought_is_one_name() -> None:
    # the NER reads a well-known leader's name as a person and the body from the thought on
    # (青海省 | 周明远 | 新时代 | 澄溪思想研究中心): the three are one body's name
    from zhitu.extractors.components.entity_rules import _ideology_bodies

    text = "青海省周明远新时代澄溪思想研究中心研究员"
    marks = [(0, 3, "LOC"), (3, 6, "PER"), (9, 17, "ORG")]
    assert text[9:17] == "澄溪思想研究中心"
    assert _ideology_bodies(text, marks) == [(0, 17, "ORG")]
    # without 新时代 between, and not after 的
    assert _ideology_bodies("周明远澄溪思想研究会", [(0, 3, "PER"), (3, 10, "ORG")]) == [(0, 10, "ORG")]
    assert _ideology_bodies("周明远的澄溪思想研究会", [(0, 3, "PER"), (4, 11, "ORG")]) == [
        (0, 3, "PER"), (4, 11, "ORG")]


def test_a_person_before_a_body_not_named_for_a_thought_stays_a_person(nlp) -> None:
    assert ("林晓岚", "PER") in ents(nlp("林晓岚领导的青禾思想研究会成立了。"))


@pytest.mark.parametrize("text", ["《巴西民法典》颁布于2002年。", "构建青禾澄溪卫生健康共同体。"])
def test_a_law_or_an_idea_is_no_body(nlp, text: str) -> None:
    assert not ents(nlp(text))


@pytest.mark.parametrize(("text", "word"), [
    ("青禾县新建了博物馆，澄溪市的老城区也改造了。", "老城区"),
    ("共和国的旗帜上有林晓岚的汗水。", "共和国"),
])
def test_a_bare_kind_of_place_names_none(nlp, text: str, word: str) -> None:
    assert word not in {e.text for e in nlp(text).ents}


@pytest.mark.parametrize("text", ["这本书已被译成西班牙语、俄语、日语等多种文字出版。", "手册印有缅文和僧伽罗文。"])
def test_a_language_or_a_script_is_no_body_and_no_place(nlp, text: str) -> None:
    assert not nlp(text)._.entities


@pytest.mark.parametrize(("text", "kept"), [
    ("赫哲族渔民周明远说。", {("周明远", "PER")}),
    ("维吾尔族、哈萨克族的歌手同台演唱。", set()),
    ("青禾村的毛南族乡亲在村口迎客。", {("青禾村", "LOC")}),
])
def test_a_people_is_no_person_body_or_place(nlp, text: str, kept: set) -> None:
    assert {(e.canonical, e.label) for e in nlp(text)._.entities or ()} == kept


def test_an_autonomous_county_and_a_name_before_a_set_phrase_stay(nlp) -> None:
    assert ("峨边彝族自治县", "LOC") in ents(nlp("峨边彝族自治县召开会议。"))
    assert ("周明远", "PER") in ents(nlp("周明远语气平和地解释。"))


@pytest.mark.parametrize(("text", "places"), [
    ("该县有三个土家族乡和一个苗族乡。", set()),
    ("延边朝鲜族自治州召开会议。", {"延边朝鲜族自治州"}),
])
def test_peoples_and_an_autonomous_level_name_no_place(nlp, text: str, places: set) -> None:
    assert {e.canonical for e in nlp(text)._.entities or ()} == places


@pytest.mark.parametrize(("text", "word"), [
    ("《柳叶刀》主编周明远表示支持。", "柳叶刀"),
    ("青禾医院的研究成果在《柳叶刀》上发表。", "柳叶刀"),
    ("“利奇马”台风过境后，青禾村开始重建。", "利奇马"),
    ("受台风利奇马影响，格尔木降雨。", "利奇马"),
])
def test_a_journal_or_a_storm_is_no_person(nlp, text: str, word: str) -> None:
    assert word not in {e.canonical for e in nlp(text)._.entities or ()}


def test_a_play_titled_by_its_hero_keeps_the_person(nlp) -> None:
    assert ("周明远", "PER") in {(e.canonical, e.label) for e in nlp("剧团排演了《周明远》，林晓岚主演。")._.entities}


@pytest.mark.parametrize("text", ["林晓岚曾在防治非典和埃博拉的一线工作。", "周明远两次出国防治埃博拉。",
                                  "非典那年，林晓岚刚当上护士。"])
def test_a_disease_is_no_place_and_no_person(nlp, text: str) -> None:
    assert not {e.canonical for e in nlp(text)._.entities or ()} & {"非典", "埃博拉"}


def test_a_community_of_states_stays_a_body(nlp) -> None:
    assert ("加勒比国家共同体", "ORG") in ents(nlp("加勒比国家共同体成员国代表林晓岚说。"))


def test_a_bare_committee_and_government_twice_name_one_body(nlp) -> None:
    # the first 省委省政府 once left 省委省 behind as a "province" for the second one to take
    doc = nlp("青海省体育局开会，学习省委省政府的部署。会议要求落实省委省政府对全民健身的安排。")
    bodies = [e for e in doc._.entities if e.label == "ORG" and "省委" in e.canonical]
    assert len(bodies) == 1 and len(bodies[0].mentions) == 2


def test_single_characters_are_dropped(nlp) -> None:
    doc = nlp("周明远在京出席会议，澄溪港务集团有限公司董事长宋佳宁到会。")
    assert all(len(e.text) >= 2 for e in doc.ents)


# -- zhitu_programmes -----------------------------------------------------------

@pytest.mark.parametrize("text, name, label", [
    ("澄溪市总工会开展“澄江杯”竞赛。", "“澄江杯”竞赛", "PROG"),
    ("澄溪市总工会推出“职工健康守护”行动。", "“职工健康守护”行动", "PROG"),
    ("9月9日，2023年澄溪市数控车工职业技能大赛落幕。", "2023年澄溪市数控车工职业技能大赛", "EVENT"),
])
def test_programmes_and_events(nlp, text: str, name: str, label: str) -> None:
    assert (name, label) in ents(nlp(text))


def test_ordinal_meeting_is_an_event(nlp) -> None:
    doc = nlp("澄溪市总工会十五届三次全委会在市职工文化中心召开。")
    events = [e.text for e in doc.ents if e.label_ == "EVENT"]
    assert any(e.endswith("十五届三次全委会") for e in events), events


def test_quoted_programme_gets_its_unquoted_alias(nlp) -> None:
    doc = nlp("澄溪市总工会开展“澄江杯”竞赛。")
    assert "澄江杯竞赛" in entity(doc, "PROG", "“澄江杯”竞赛").aliases


# -- zhitu_positions -------------------------------------------------------------

def test_coordinated_titles_are_separate_positions(nlp) -> None:
    doc = nlp("青岚县总工会党组书记、主席、副书记周明远出席会议。")
    assert [s.text for s in doc.spans["positions"]] == ["党组书记", "主席", "副书记"]


def test_a_position_word_inside_a_body_name_is_not_a_position(nlp) -> None:
    doc = nlp("澄溪市总工会经费审查委员会召开会议。")
    assert [s.text for s in doc.spans["positions"]] == []


@pytest.mark.parametrize("text", ["湖州市总工会主席周明远出席。", "澄溪市总工会副主席周明远出席。"])
def test_a_position_does_not_swallow_the_body_before_it(nlp, text: str) -> None:
    doc = nlp(text)
    orgs = [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "ORG"]
    for span in doc.spans["positions"]:
        assert not any(s < span.end_char and span.start_char < e for s, e in orgs), span.text


# -- zhitu_resolution -----------------------------------------------------------

def test_short_and_long_place_names_are_one_entity(nlp) -> None:
    doc = nlp("在浙江省，浙江的职工很多。")
    places = [e for e in doc._.entities if e.label == "LOC"]
    assert [p.canonical for p in places] == ["浙江省"]
    assert "浙江" in places[0].aliases
    assert len(places[0].mentions) == 2


def test_standard_abbreviation_gets_its_full_name(nlp) -> None:
    doc = nlp("中国科协副主席周明远出席会议。")
    association = entity(doc, "ORG", "中国科学技术协会")
    assert "中国科协" in association.aliases


def test_local_abbreviation_is_expanded(nlp) -> None:
    doc = nlp("澄溪市人社局召开会议。")
    bureau = entity(doc, "ORG", "澄溪市人力资源和社会保障局")
    assert "澄溪市人社局" in bureau.aliases


# -- zhitu_holds_position -------------------------------------------------------

def test_body_three_titles_one_person(nlp) -> None:
    doc = nlp("青岚县总工会党组书记、主席、副书记周明远出席会议。")
    assert relations(doc, "holdsPosition") == {
        ("周明远", "青岚县总工会", "党组书记"),
        ("周明远", "青岚县总工会", "主席"),
        ("周明远", "青岚县总工会", "副书记"),
    }


def test_abbreviated_body_three_titles_one_person(nlp) -> None:
    doc = nlp("中国科协副主席、党组书记、书记处第一书记周明远出席会议并讲话。")
    assert relations(doc, "holdsPosition") == {
        ("周明远", "中国科学技术协会", "党组书记"),
        ("周明远", "中国科学技术协会", "副主席"),
        ("周明远", "中国科学技术协会", "书记处第一书记"),
    }


def test_body_one_title_three_people(nlp) -> None:
    doc = nlp("澄溪港务集团有限公司董事长周明远、宋佳宁、陆晓岚出席会议。")
    assert relations(doc, "holdsPosition") == {
        (person, "澄溪港务集团有限公司", "董事长") for person in ("周明远", "宋佳宁", "陆晓岚")
    }


def test_union_one_title_three_people(nlp) -> None:
    doc = nlp("澄溪市总工会副主席周明远、宋佳宁、陆晓岚出席会议。")
    assert relations(doc, "holdsPosition") == {
        (person, "澄溪市总工会", "副主席") for person in ("周明远", "宋佳宁", "陆晓岚")
    }


def test_no_position_without_a_title(nlp) -> None:
    doc = nlp("周明远和宋佳宁在澄溪港务集团有限公司参观。")
    assert relations(doc, "holdsPosition") == set()


# -- zhitu_located_in -----------------------------------------------------------

def test_place_chain_gives_each_place_in_the_one_before(nlp) -> None:
    doc = nlp("浙江省澄溪市青岚县白沙镇")
    located = {(h, t) for h, t, _ in relations(doc, "locatedIn")}
    assert located == {("澄溪市", "浙江省"), ("青岚县", "澄溪市"), ("白沙镇", "青岚县")}


def test_real_place_chain(nlp) -> None:
    doc = nlp("浙江省湖州市安吉县的职工。")
    located = {(h, t) for h, t, _ in relations(doc, "locatedIn")}
    assert {("湖州市", "浙江省"), ("安吉县", "湖州市")} <= located
    assert ("安吉县", "浙江省") not in located  # only the most specific container


def test_body_named_after_a_place_is_in_it(nlp) -> None:
    doc = nlp("湖州市总工会召开会议。")
    assert ("湖州市总工会", "湖州市", None) in relations(doc, "locatedIn")


def test_located_verb_dichu(nlp) -> None:
    doc = nlp("澄溪技师学院地处湖州市。")
    assert ("澄溪技师学院", "湖州市", None) in relations(doc, "locatedIn")


def test_located_verb_weiyu(nlp) -> None:
    doc = nlp("白沙镇位于湖州市。")
    assert ("白沙镇", "湖州市", None) in relations(doc, "locatedIn")


# -- zhitu_sub_organization -----------------------------------------------------

def test_name_that_extends_another_body(nlp) -> None:
    doc = nlp("澄溪港务集团有限公司工会组织职工开展技能竞赛。澄溪港务集团有限公司位于港区。")
    subs = {(h, t) for h, t, _ in relations(doc, "subOrganizationOf")}
    assert ("澄溪港务集团有限公司工会", "澄溪港务集团有限公司") in subs
    assert ("澄溪港务集团有限公司", "澄溪港务集团有限公司工会") not in subs


def test_title_beginning_with_a_body_part_stays_the_role(nlp) -> None:
    # 工会主席, 党组书记: the role keeps the body part; the organisation is the body before it.
    doc = nlp("澄溪港务集团有限公司工会主席方立诚说，青岚县总工会党组书记周明远到会。")
    assert relations(doc, "holdsPosition") == {
        ("方立诚", "澄溪港务集团有限公司", "工会主席"),
        ("周明远", "青岚县总工会", "党组书记"),
    }


def test_declared_short_name_stands_for_the_body(nlp) -> None:
    doc = nlp("澄溪港务集团有限公司（以下简称澄港集团）召开职代会。澄港集团董事长韩立川出席会议。")
    assert relations(doc, "holdsPosition") == {("韩立川", "澄溪港务集团有限公司", "董事长")}
    assert any(m.alias == "澄港集团" and m.canonical == "澄溪港务集团有限公司" for m in doc._.merges)


# -- zhitu_verb_frames -----------------------------------------------------------

def test_organises_with_zhuban_and_coordinated_bodies(nlp) -> None:
    doc = nlp("澄溪市人社局、澄溪市总工会联合主办“港城工匠”评选。")
    organises = {(h, t) for h, t, _ in relations(doc, "organizes")}
    assert organises == {
        ("澄溪市人力资源和社会保障局", "“港城工匠”评选"),
        ("澄溪市总工会", "“港城工匠”评选"),
    }


def test_organises_with_tuichu(nlp) -> None:
    doc = nlp("澄溪市总工会推出“职工健康守护”行动。")
    assert ("澄溪市总工会", "“职工健康守护”行动", None) in relations(doc, "organizes")


def test_organises_in_the_passive(nlp) -> None:
    doc = nlp("9月9日，由澄溪市总工会主办的2023年澄溪市数控车工职业技能大赛落幕。")
    assert relations(doc, "organizes") == {("澄溪市总工会", "2023年澄溪市数控车工职业技能大赛", None)}


# -- zhitu_founded ---------------------------------------------------------------

@pytest.mark.parametrize("text, body, date", [
    ("2023年6月27日，青岚县外卖配送行业联合会成立。", "青岚县外卖配送行业联合会", "2023-06-27"),
    ("青岚县茶叶协会成立于2021年3月5日。", "青岚县茶叶协会", "2021-03-05"),
])
def test_founded_with_a_date(nlp, text: str, body: str, date: str) -> None:
    assert relations(nlp(text), "founded") == {(body, date, None)}


def test_founded_with_yu_and_a_date(nlp) -> None:
    doc = nlp("澄溪港务集团有限公司工会于2023年6月27日成立。")
    assert relations(doc, "founded") == {("澄溪港务集团有限公司工会", "2023-06-27", None)}


def test_founded_without_a_year_takes_the_article_year() -> None:
    page = ("2023年9月14日 星期四\n\n# 青岚县成立外卖配送行业联合会\n\n"
            "6月27日，青岚县外卖配送行业联合会成立。澄溪港务集团有限公司董事长宋佳宁出席。\n")
    document = document_from_text(page, doc_id="t.md", source="t.md", format="md")
    articles = split_articles(document)
    docs = list(extract_articles([(document, a) for a in articles]))
    assert len(docs) == len(articles) == 1
    assert docs[0]._.article.date == dt.date(2023, 9, 14)
    assert relations(docs[0], "founded") == {("青岚县外卖配送行业联合会", "2023-06-27", None)}
    assert document.text[docs[0]._.offset :].startswith(docs[0].text)


def test_no_founded_without_a_date(nlp) -> None:
    assert relations(nlp("青岚县外卖配送行业联合会成立。"), "founded") == set()


# -- zhitu_credits ----------------------------------------------------------------

CREDITED_PAGE = ("2023年9月14日 星期四\n\n# 澄溪港务集团召开职工代表大会\n\n"
                 "本报讯（记者周明远 通讯员宋佳宁）9月12日，澄溪港务集团有限公司召开职工代表大会。\n\n陆晓岚 摄\n")


def test_credits_give_people_and_posts_in_the_paper() -> None:
    document = document_from_text(CREDITED_PAGE, doc_id="c.md", source="c.md", format="md", publisher="澄溪日报")
    [doc] = extract_articles([(document, a) for a in split_articles(document)])
    for name in ("周明远", "宋佳宁", "陆晓岚"):
        person = entity(doc, "PER", name)
        assert [doc.text[s:e] for s, e in person.mentions] == [name]
    assert "本报" in entity(doc, "ORG", "澄溪日报").aliases
    assert relations(doc, "holdsPosition") == {("周明远", "澄溪日报", "记者"), ("宋佳宁", "澄溪日报", "通讯员")}


# -- invariants over every text above -------------------------------------------

TEXTS = [
    "青岚县总工会党组书记、主席、副书记周明远出席会议。",
    "中国科协副主席、党组书记、书记处第一书记周明远出席会议并讲话。",
    "澄溪港务集团有限公司董事长周明远、宋佳宁、陆晓岚出席会议。",
    "澄溪市人社局、澄溪市总工会联合主办“港城工匠”评选。",
    "9月9日，由澄溪市总工会主办的2023年澄溪市数控车工职业技能大赛落幕。",
    "浙江省澄溪市青岚县白沙镇",
    "在浙江省，浙江的职工很多。\n湖州市总工会召开会议。",
    "2023年6月27日，青岚县外卖配送行业联合会成立。",
    "澄溪港务集团有限公司工会主席方立诚说。澄溪港务集团有限公司位于港区。",
    "本报澄溪9月13日电（记者周明远 宋佳宁）澄溪市总工会十五届三次全委会召开。",
    "",
    "   ",
]


@pytest.mark.parametrize("text", TEXTS)
def test_facts_point_at_the_text(nlp, text: str) -> None:
    doc = nlp(text)
    assert doc.text == text
    assert {e.label_ for e in doc.ents} <= set(ENTITY_LABELS)
    keys = set()
    for e in doc._.entities or []:
        assert e.label in ENTITY_LABELS
        assert e.canonical
        keys.add(e.key)
        for start, end in e.mentions:
            assert 0 <= start < end <= len(text)
            assert text[start:end] in e.aliases | {e.canonical}
    for r in doc._.relations or []:
        assert r.relation in RELATION_TYPES
        assert r.head in keys
        assert r.tail is None or r.tail in keys
        assert (r.tail is None) == (r.relation == "founded")
        assert 0.0 <= r.confidence <= 1.0
        start, end = r.sentence
        assert 0 <= start < end <= len(text)
        assert text[start:end].strip() == text[start:end]
        if r.role is not None:
            assert r.relation == "holdsPosition" and r.role in text[start:end]


# -- extract_lines ----------------------------------------------------------------

LINES = [
    "青岚县总工会党组书记、主席、副书记周明远出席会议。",
    "",
    "澄溪市人社局、澄溪市总工会联合主办“港城工匠”评选。",
    "  前导空格：湖州市总工会召开会议。",
    "ASCII only line",
    "9月9日，由澄溪市总工会主办的2023年澄溪市数控车工职业技能大赛落幕。",
]


def test_extract_lines_offsets_index_the_line() -> None:
    records = list(extract_lines(LINES))
    assert [r["text"] for r in records] == LINES
    found = 0
    for line, record in zip(LINES, records):
        for e in record["entities"]:
            assert set(e) == {"start", "end", "label", "text", "graph"}
            assert line[e["start"] : e["end"]] == e["text"]
            assert e["label"] in {"PER", "LOC", "ORG", "PROG", "EVENT"}
            found += 1
    assert records[1]["entities"] == []
    assert found >= 5


def test_extract_lines_batches_do_not_change_the_answer() -> None:
    assert list(extract_lines(LINES, batch_size=2)) == list(extract_lines(LINES))


@pytest.mark.parametrize(("text", "short", "full"), [
    ("澄溪市政府新闻办今天发布消息。", "澄溪市政府新闻办", "澄溪市政府新闻办公室"),
    ("柳岸县外办主任周明远出席。", "柳岸县外办", "柳岸县外事办公室"),
])
def test_short_office_names_are_one_body_with_the_full_name(nlp, text: str, short: str, full: str) -> None:
    # 新闻办, 外办: the usual short forms of an office's name (org_suffixes.tsv).
    body = entity(nlp(text), "ORG", full)
    assert short in body.aliases


def test_extract_lines_reports_the_mentions_the_graph_lets_go() -> None:
    # 中 and 美 in 中美 name two countries: mentions for a NER user, no node of the graph.
    line = "周明远说，中美两国在澄溪市举行会谈。"
    (record,) = extract_lines([line])
    by_text = {e["text"]: e for e in record["entities"]}
    assert by_text["周明远"]["graph"] is True and by_text["澄溪市"]["graph"] is True
    singles = [e for e in record["entities"] if len(e["text"]) == 1]
    assert singles and all(e["graph"] is False and e["label"] == "LOC" for e in singles)
    assert [e["start"] for e in record["entities"]] == sorted(e["start"] for e in record["entities"])
    spans = [(e["start"], e["end"]) for e in record["entities"]]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))  # never two mentions over one character


def test_chain_of_ordinal_units_is_two_bodies(nlp) -> None:
    doc = nlp("第一机械厂第二铸造分厂工会主席方立诚说，第二工程局第三分公司承建该项目。")
    names = {e.text for e in doc.ents if e.label_ == "ORG"}
    assert {"第一机械厂", "第二铸造分厂", "第二工程局", "第三分公司"} <= names
    subs = {(h, t) for h, t, _ in relations(doc, "subOrganizationOf")}
    assert {("第二铸造分厂", "第一机械厂"), ("第三分公司", "第二工程局")} <= subs
    assert ("方立诚", "第二铸造分厂", "工会主席") in relations(doc, "holdsPosition")


def test_quoted_name_takes_no_date_or_demonstrative_as_its_head(nlp) -> None:
    for text in ("“辉煌成就——庆祝建校70周年大型成就展”于12月31日闭幕。",
                 "要落实“推进治理能力现代化”这一全面深化改革总目标。"):
        assert not any(e.label_ == "PROG" and ("于" in e.text or "这一" in e.text) for e in nlp(text).ents)


def test_event_name_ending_inside_a_word_is_cut_there(nlp) -> None:
    doc = nlp("深入学习贯彻党的十七大和十七届四中全会精神，回顾中共十六届三中全会以来的历程。")
    events = {e.text for e in doc.ents if e.label_ == "EVENT"}
    assert {"党的十七大", "十七届四中全会", "中共十六届三中全会"} <= events
    assert not any(e.endswith("和") for e in events)


def test_a_kind_of_reform_is_no_programme(nlp) -> None:
    doc = nlp("推进国家战略和制度改革，深化园区改革，实施澄溪振兴战略。")
    programmes = {e.text for e in doc.ents if e.label_ == "PROG"}
    assert programmes == {"园区改革", "澄溪振兴战略"}


def test_person_mention_has_no_bracket_at_its_edge(nlp) -> None:
    # The NER reads a two-character name before ）+ a date as running into the bracket.
    doc = nlp("（记者江岚）1月3日，青禾市总工会通报了典型案例。")
    assert [e.text for e in doc.ents if e.label_ == "PER"] == ["江岚"]


def test_ideas_prizes_and_kinds_of_body_are_no_entities(nlp) -> None:
    doc = nlp("坚持马克思列宁主义，他获得诺贝尔奖。村党支部和村委会组织村民开会。")
    assert [e.text for e in doc.ents if e.label_ in ("PER", "ORG")] == []


def test_period_and_open_bracket_are_not_part_of_a_name(nlp) -> None:
    doc = nlp("新时代中国共产党人勇于担当。他在中央党校（国家行政学院）学习。")
    assert {e.text for e in doc.ents if e.label_ == "ORG"} == {"中国共产党", "中央党校", "国家行政学院"}


def test_title_start_inside_a_word_still_leaves_the_name(nlp) -> None:
    # LAC reads 主席团书记处 as 主席 | 团书记处: the body still ends before 书记处书记.
    doc = nlp("推选方立诚、宁书瑶为中国科协十二届执委会主席团书记处书记。")
    assert relations(doc, "holdsPosition") == {
        ("方立诚", "中国科学技术协会", "书记处书记"), ("宁书瑶", "中国科学技术协会", "书记处书记")}


def test_fronted_clause_takes_the_next_clauses_person(nlp) -> None:
    doc = nlp("近日，参加完第三期青岚油田基层工会主席培训，第二铸造分厂工会主席方立诚感慨道。")
    assert ("方立诚", "第三期青岚油田基层工会主席培训", None) in relations(doc, "participatesIn")


def test_zone_or_port_is_located_in_the_place_it_is_named_after(nlp) -> None:
    doc = nlp("湖州综合保税区和满洲里口岸的货运量持续增长，杭州国际陆港区建设加快。")
    assert relations(doc, "locatedIn") == {
        ("湖州综合保税区", "湖州市", None), ("满洲里口岸", "满洲里市", None), ("杭州国际陆港区", "杭州市", None)}


def test_coordinated_department_name_is_one_body(nlp) -> None:
    doc = nlp("新疆维吾尔自治区民族和宗教事务委员会发布通知。北京和上海的工会开展交流。")
    names = {(e.text, e.label_) for e in doc.ents}
    assert ("新疆维吾尔自治区民族和宗教事务委员会", "ORG") in names
    assert {("北京", "LOC"), ("上海", "LOC")} <= names


def test_two_bodies_joined_by_a_link_stay_two(nlp) -> None:
    doc = nlp("近日，中国科协与浙江省总工会在杭州召开座谈会。")
    assert {e.text for e in doc.ents if e.label_ == "ORG"} == {"中国科协", "浙江省总工会"}


def test_bodies_working_together_both_organise(nlp) -> None:
    doc = nlp("青岚市总工会联合澄溪银行推出“职工创业贷”，为职工提供贷款。")
    assert {h for h, _, _ in relations(doc, "organizes")} == {"青岚市总工会", "澄溪银行"}


def test_meeting_named_after_a_body_named_nowhere_else(nlp) -> None:
    doc = nlp("青岚市外卖配送行业协会首届职工代表大会召开。")
    assert relations(doc, "organizes") == {("青岚市外卖配送行业协会", "青岚市外卖配送行业协会首届职工代表大会", None)}


# -- cutting tokens and finding names in time linear in the text ---------------


def _made_doc(nlp):
    from spacy.tokens import Doc, Span

    words = ["澄溪市", "总工会和", "青岚县", "。", "\n", "周明远", "出席"]
    doc = Doc(nlp.vocab, words=words, spaces=[False] * len(words), tags=["LOC", "n", "LOC", "w", "_SP", "PER", "v"],
              pos=["PROPN", "NOUN", "PROPN", "PUNCT", "SPACE", "PROPN", "VERB"],
              sent_starts=[True, False, False, False, False, True, False])
    doc.ents = [Span(doc, 0, 2, label="ORG"), Span(doc, 5, 6, label="PER")]
    doc.spans["time"] = [Span(doc, 6, 7, label="TIME")]
    doc.user_data["zhitu.marker"] = "kept"
    return doc


def test_ensure_token_edges_cuts_a_word_and_keeps_the_rest(nlp) -> None:
    from zhitu.extractors.facts import ensure_token_edges, tags_of, words_of

    doc = _made_doc(nlp)
    cut = ensure_token_edges(doc, {6, 3, 0, 12})  # 6: inside 总工会和; the others are edges already
    assert words_of(cut) == [t.text for t in cut] == ["澄溪市", "总工会", "和", "青岚县", "。", "\n", "周明远", "出席"]
    assert tags_of(cut) == [t.tag_ for t in cut] == ["LOC", "n", "n", "LOC", "w", "_SP", "PER", "v"]
    assert [t.pos_ for t in cut][1:3] == ["NOUN", "NOUN"]
    assert cut.text == doc.text
    assert [(e.text, e.label_) for e in cut.ents] == [("澄溪市总工会和", "ORG"), ("周明远", "PER")]
    assert [(s.text, s.label_) for s in cut.spans["time"]] == [("出席", "TIME")]
    assert [s.text for s in cut.sents] == [s.text for s in doc.sents]
    assert cut.user_data["zhitu.marker"] == "kept"
    assert ensure_token_edges(cut, {6}) is cut  # nothing left to cut: the same Doc


def test_split_tokens_can_give_the_pieces_their_own_tag(nlp) -> None:
    from zhitu.extractors.facts import split_tokens

    cut = split_tokens(_made_doc(nlp), {1: ["总", "工会和"], 5: ["周", "明远"]}, tag="n", pos="PROPN")
    assert [(t.text, t.tag_, t.pos_) for t in cut][1:3] == [("总", "n", "PROPN"), ("工会和", "n", "PROPN")]
    assert [(t.text, t.is_sent_start) for t in cut][6:8] == [("周", True), ("明远", False)]
    assert [e.text for e in cut.ents] == ["澄溪市总工会和", "周明远"]


@pytest.mark.parametrize("seed", range(20))
def test_quoted_names_are_found_again_as_a_regex_alternation_would(seed: int) -> None:
    import random
    import re

    from zhitu.extractors.components.programmes import _quoted_again

    rng = random.Random(seed)
    pieces = ["“澄溪”", "“澄溪杯”", "“职工”", "“驿站”", "“”", "“", "”", "等", "，", "开展", "澄溪"]
    text = "".join(rng.choice(pieces) for _ in range(60))
    named = {"“澄溪”", "“澄溪”“职工”", "“职工”“驿站”", "“驿站”", "“澄溪杯”"}
    named = {n for n in named if rng.random() < 0.8} or {"“澄溪”"}
    alternation = "|".join(map(re.escape, sorted(named, key=len, reverse=True)))
    assert list(_quoted_again(text, named)) == [m.span() for m in re.finditer(alternation, text)]


def test_split_for_mentions_cuts_inside_words_only() -> None:
    """Several mention edges inside one word cut it into pieces; an edge on a word's
    boundary cuts nothing; a mention over two words labels both pieces alike."""
    from zhitu.extractors.tokenizer import _split_for_mentions

    words = [("周明远和宋", "n"), ("佳宁", "n"), ("在", "p"), ("柳岸县", "LOC")]
    pieces, labels = _split_for_mentions(words, [(0, 3, "PER"), (4, 7, "PER"), (8, 11, "LOC")])
    assert [w for w, _ in pieces] == ["周明远", "和", "宋", "佳宁", "在", "柳岸县"]
    assert [t for _, t in pieces] == ["n", "n", "n", "n", "p", "LOC"]
    assert labels == [(0, "PER"), None, (1, "PER"), (1, "PER"), None, (2, "LOC")]


@pytest.mark.parametrize("batch_size", [1, 2])
def test_tokenizer_pipe_gives_each_text_the_doc_it_gets_alone(batch_size: int) -> None:
    """LAC, the NER and Doc making overlap in stages over batches: every text still
    gets, in input order, the words, tags and mentions it gets on its own."""
    import zhitu.extractors.tokenizer  # noqa: F401 - registers zhitu.LacTokenizer.v1

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "zhitu.LacTokenizer.v1", "ner": True}}})
    texts = ["澄溪市总工会主席周明远在柳岸县调研。", "宋佳宁来到青岚县白沙镇。", "", "会议在澄溪市召开。\n\n周明远出席。",
             "柳岸县人民政府副县长许建国讲话。"]
    alone = [nlp.tokenizer(text) for text in texts]
    piped = list(nlp.tokenizer.pipe(texts, batch_size=batch_size))

    def seen(doc):
        return [t.text for t in doc], [t.tag_ for t in doc], [(e.start_char, e.end_char, e.label_) for e in doc.ents]

    assert [d.text for d in piped] == texts
    assert [seen(d) for d in piped] == [seen(d) for d in alone]


def _dated_events(nlp, text: str, date: dt.date | None) -> dict[str, set[str]]:
    document = document_from_text(text, doc_id="y.txt", source="y.txt", date=date)
    docs = extract_articles([(document, a) for a in split_articles(document)], nlp=nlp)
    return {e.canonical: e.aliases for doc in docs for e in doc._.entities if e.label == "EVENT"}


def test_a_yearly_occurrence_written_without_its_year_is_the_pages_years(nlp) -> None:
    events = _dated_events(nlp, "澄溪代表林晓岚说，今年全国两会前她要把建议写好。", dt.date(2031, 2, 20))
    assert "全国两会" in events["2031年全国两会"]
    # with no page date it stays as written
    assert "全国两会" in _dated_events(nlp, "澄溪代表林晓岚说，今年全国两会前她要把建议写好。", None)


@pytest.mark.parametrize(("text", "canonical"), [
    ("二〇三〇年新年贺词里提到了澄溪。", "2030年新年贺词"),
    ("2030年全国春运期间，澄溪站客流平稳。", "2030年春运"),
    ("2030年两会期间，林晓岚提交了建议。", "2030年全国两会"),
])
def test_a_yearly_occurrence_has_one_name_for_its_year(nlp, text: str, canonical: str) -> None:
    assert canonical in _dated_events(nlp, text, dt.date(2031, 2, 20))
