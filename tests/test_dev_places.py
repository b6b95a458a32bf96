"""locatedIn beyond chains and subOrganizationOf from names (issue 9, item 6), on invented
texts: bodies named after a country, divisions named in consecutive sentences, facilities,
units written after their parent's name. Real divisions and countries are world knowledge."""
from __future__ import annotations

import pytest

from zhitu.extractors.places import country_prefix, parent_in_name, places_in_name
from zhitu.ontology import gazetteer


def relations(doc, name: str) -> set[tuple[str, str]]:
    return {(r.head[1], r.tail[1]) for r in doc._.relations or [] if r.relation == name}


def keys(doc) -> set[tuple[str, str]]:
    return {e.key for e in doc._.entities or []}


# -- world knowledge and name shapes ------------------------------------------

def test_countries_table_maps_full_names_to_short_ones() -> None:
    table = gazetteer.countries()
    assert table["德意志联邦共和国"] == "德国"
    assert table["埃及"] == "埃及"
    assert len(set(table.values())) == 195  # UN members and observers


@pytest.mark.parametrize("name, country", [
    ("德国青松党", "德国"),
    ("印度尼西亚澄溪公司", "印度尼西亚"),   # the longest name, not 印度
    ("黑山县总工会", None),                  # a Chinese county first
    ("德国", None),                          # nothing follows
])
def test_country_prefix(name: str, country: str | None) -> None:
    assert country_prefix(name) == country


@pytest.mark.parametrize("name, split", [
    ("澄溪大学医学院", ("澄溪大学", "医学院")),
    ("湖州市公安局吴兴区分局", ("湖州市公安局", "吴兴区分局")),
    ("青岚县乡村建设领导小组办公室秘书局", ("青岚县乡村建设领导小组办公室", "秘书局")),
    ("澄溪工农军第三军团", ("澄溪工农军", "第三军团")),
    ("澄溪港务集团有限公司", None),          # a bare head word is no unit
    ("人力资源和社会保障部", None),          # no cut inside 社会
    ("青岚县乡村建设领导小组办公室", ("青岚县乡村建设领导小组", "办公室")),
    ("湖州市总工会", None),                  # a place is no parent
    ("中央军事委员会", None),
    ("澄溪军总部特务团", ("澄溪军总部", "特务团")),
    ("澄溪军总部", ("澄溪军", "总部")),
    ("德国青松运动中央委员会", ("德国青松运动", "中央委员会")),  # a foreign party's organ
    ("青松运动中央委员会", None),                              # no head, no country: no cut
    ("澄溪大学（青禾）化学学院", ("澄溪大学（青禾）", "化学学院")),  # a campus in brackets
    ("澄溪大学（澄溪农科院）青禾研究所", ("澄溪大学（澄溪农科院）", "青禾研究所")),  # no cut inside brackets
    ("青禾集团（青海）物流有限公司", ("青禾集团", "物流有限公司")),  # the place is the company's
    ("澄溪财政科学研究院", None),            # no cut inside 科学 (科 is no section there)
    ("澄溪大学医学院科研处", ("澄溪大学医学院", "科研处")),
])
def test_parent_in_name(name: str, split) -> None:
    assert parent_in_name(name) == split


# -- the pipeline ---------------------------------------------------------------

def test_body_named_after_a_foreign_country_is_there(nlp) -> None:
    doc = nlp("德国青松党主席周明远当天发表讲话。")
    assert ("德国青松党", "德国") in relations(doc, "locatedIn")
    assert ("LOC", "德国") in keys(doc)


def test_home_country_in_a_name_is_no_place_unless_named(nlp) -> None:
    doc = nlp("中国澄溪集团今年扩大了投资。")
    assert not any(t == "中国" for _, t in relations(doc, "locatedIn"))
    assert ("LOC", "中国") not in keys(doc)


def test_division_and_its_province_in_consecutive_sentences(nlp) -> None:
    doc = nlp("浙江各地纷纷捐赠物资。其中，杭州、湖州两市捐赠最多。")
    located = relations(doc, "locatedIn")
    assert ("杭州市", "浙江省") in located and ("湖州市", "浙江省") in located


def test_division_and_its_province_far_apart_are_not_linked(nlp) -> None:
    doc = nlp("湖州的志愿者周明远出发了。他走了很远的路。路上很冷。第二天，他说浙江的冬天很冷。")
    assert ("湖州市", "浙江省") not in relations(doc, "locatedIn")


def test_facility_named_after_its_city(nlp) -> None:
    doc = nlp("周明远每天在杭州火车站值班。")
    assert ("杭州火车站", "杭州市") in relations(doc, "locatedIn")


def test_place_in_a_company_name_becomes_an_entity(nlp) -> None:
    doc = nlp("湖州市青松物业公司为居民提供服务。")
    assert ("湖州市青松物业公司", "湖州市") in relations(doc, "locatedIn")
    assert ("LOC", "湖州市") in keys(doc)


def test_unit_written_after_its_parent(nlp) -> None:
    doc = nlp("澄溪大学医学院的学生周明远参加了实习。")
    assert ("澄溪大学医学院", "澄溪大学") in relations(doc, "subOrganizationOf")
    assert ("ORG", "澄溪大学") in keys(doc)


def test_unit_takes_only_the_place_of_its_own_part(nlp) -> None:
    doc = nlp("湖州市公安局吴兴区分局民警周明远连夜出发。")
    assert ("湖州市公安局吴兴区分局", "湖州市公安局") in relations(doc, "subOrganizationOf")
    located = relations(doc, "locatedIn")
    assert ("湖州市公安局吴兴区分局", "吴兴区") in located
    assert ("湖州市公安局吴兴区分局", "湖州市") not in located


def test_foreign_country_right_before_a_body(nlp) -> None:
    doc = nlp("埃及澄溪河管理董事会秘书长周明远表示欢迎。")
    located = relations(doc, "locatedIn")
    heads = {h for h, t in located if t == "埃及"}
    assert heads and all("澄溪河" in h for h in heads)


def test_parent_added_from_a_unit_is_placed_by_its_name(nlp) -> None:
    doc = nlp("湖州市在抗疫一线。湖州市公安局吴兴区分局民警周明远连夜出发。")
    assert ("湖州市公安局", "湖州市") in relations(doc, "locatedIn")


# -- places the Doc names inside bodies' names, chains with 的, 位于…的 ----------------

def test_village_branch_is_in_its_village(nlp) -> None:
    doc = nlp("青松村地处山区。青松村党支部书记周明远带领村民修路。")
    assert ("青松村党支部", "青松村") in relations(doc, "locatedIn")


def test_town_bodies_are_in_the_town_not_a_county_of_the_same_short_name(nlp) -> None:
    doc = nlp("白沙镇今年建了新学校。白沙镇人民政府拨款200万元，白沙镇清溪污水处理厂也投入使用。")
    located = relations(doc, "locatedIn")
    assert ("白沙镇人民政府", "白沙镇") in located and ("白沙镇清溪污水处理厂", "白沙镇") in located
    assert not any(t == "白沙黎族自治县" for _, t in located)


def test_party_committee_of_a_town_is_in_the_town(nlp) -> None:
    doc = nlp("白沙镇的党员干部很忙。中共白沙镇委员会书记周明远说。")
    assert ("中共白沙镇委员会", "白沙镇") in relations(doc, "locatedIn")


def test_office_named_after_the_facility_it_runs(nlp) -> None:
    doc = nlp("明月湖船闸今年通航。明月湖船闸管理处处长周明远介绍情况。")
    assert ("明月湖船闸管理处", "明月湖船闸") in relations(doc, "locatedIn")


def test_unit_place_is_in_the_parent_place_the_gazetteer_agrees(nlp) -> None:
    doc = nlp("湖州市公安局吴兴区分局民警周明远连夜出发。")
    assert ("吴兴区", "湖州市") in relations(doc, "locatedIn")


def test_village_written_as_a_district_own(nlp) -> None:
    doc = nlp("吴兴区的青松村，周明远一家种了三亩茶。")
    assert ("青松村", "吴兴区") in relations(doc, "locatedIn")


def test_place_after_located_verb_and_de(nlp) -> None:
    doc = nlp("工人们赶往位于白沙镇青松村的明月山庄。")
    located = relations(doc, "locatedIn")
    assert ("明月山庄", "青松村") in located and ("青松村", "白沙镇") in located


@pytest.mark.parametrize("name, places", [
    ("白沙镇人民政府", ()),                       # a town, not 白沙 county
    ("湖州乡村建设局", ("湖州市",)),              # 乡村 is a word
    ("朝阳区委", ()),                             # a district two cities share, not 朝阳市
    ("长春朝阳区委", ("长春市", "朝阳区")),       # the district of the city before it
    ("白沙县", ("白沙黎族自治县",)),              # a county's short form and its own level word
    ("杭州区域", ("杭州市",)),                    # 区域 is a word
])
def test_short_form_before_a_town_word_is_no_division(name: str, places: tuple) -> None:
    assert tuple(c for _, _, c in places_in_name(name, towns=True)) == places


def test_towns_reading_is_opt_in() -> None:
    assert [c for _, _, c in places_in_name("白沙镇人民政府")] == ["白沙黎族自治县"]  # as the entity stage reads it


def test_group_of_a_province_is_in_it(nlp) -> None:
    doc = nlp("该项目已被纳入湖州市就业帮扶工作领导小组的计划。")
    assert ("湖州市就业帮扶工作领导小组", "湖州市") in relations(doc, "locatedIn")


# -- subOrganizationOf: brands, longer abbreviations, headquarters, youth leagues -----

def relations_sub(doc) -> set[tuple[str, str]]:
    return relations(doc, "subOrganizationOf")


def test_bodies_named_with_a_group_brand_are_the_group_s(nlp) -> None:
    doc = nlp("华青集团表示，华青医疗、华青置地也将派出员工。")
    assert {("华青医疗", "华青集团"), ("华青置地", "华青集团")} <= relations_sub(doc)


def test_company_brand_and_a_place_is_its_branch(nlp) -> None:
    doc = nlp("青松股份有限公司表示，青松浙江公司已经复工。")
    assert ("青松浙江公司", "青松股份有限公司") in relations_sub(doc)


def test_company_brand_without_a_place_is_no_branch(nlp) -> None:
    doc = nlp("青松股份有限公司表示，青松物流有限公司已经复工。")
    assert not relations_sub(doc)


def test_longer_standard_abbreviation_wins_over_a_shorter_name(nlp) -> None:
    doc = nlp("周明远1930年加入中共。后任中共中央华南局书记。")
    sub = relations_sub(doc)
    assert ("中共中央华南局", "中国共产党中央委员会") in sub
    assert ("中共中央华南局", "中国共产党") not in sub


def test_army_headquarters_is_the_army_s(nlp) -> None:
    doc = nlp("澄溪军前方总部参谋长周明远到达前线。")
    assert ("澄溪军前方总部", "澄溪军") in relations_sub(doc)


def test_youth_league_committee_is_the_league_s(nlp) -> None:
    doc = nlp("澄溪民主青年团成立多年。澄溪民主青年团中央委员会发表声明。")
    assert ("澄溪民主青年团中央委员会", "澄溪民主青年团") in relations_sub(doc)


# -- the place a headline is about ------------------------------------------------------

def test_divisions_in_the_place_the_headline_is_about(nlp) -> None:
    doc = nlp("湖州基层治理观察\n周明远是一名社区工作者。他每天很忙。吴兴区今年新建了20个驿站。")
    assert ("吴兴区", "湖州市") in relations(doc, "locatedIn")


def test_a_district_name_two_cities_share_is_resolved_by_the_headline(nlp) -> None:
    doc = nlp("长春城市更新观察\n周明远是一名社区工作者。他每天很忙。朝阳区今年改造了100个小区。")
    assert ("朝阳区", "长春市") in relations(doc, "locatedIn")


def test_headline_is_about_its_most_specific_place(nlp) -> None:
    doc = nlp("浙江安吉县的茶农周明远\n他种了三亩茶。每年春天很忙。他常去杭州卖茶。")
    located = relations(doc, "locatedIn")
    assert ("安吉县", "浙江省") in located and ("杭州市", "浙江省") not in located


# -- a town or village and the one division a level up in its sentence -----------------

def test_town_and_the_one_county_of_its_sentence(nlp) -> None:
    doc = nlp("安吉县水务局接到任务，要在三天内接通青松镇和白云镇的水管。")
    located = relations(doc, "locatedIn")
    assert ("青松镇", "安吉县") in located and ("白云镇", "安吉县") in located


def test_village_and_the_one_town_of_its_sentence(nlp) -> None:
    doc = nlp("白沙镇派出工作组，帮助明月村修路。")
    assert ("明月村", "白沙镇") in relations(doc, "locatedIn")


def test_town_with_two_counties_in_its_sentence_is_not_placed(nlp) -> None:
    doc = nlp("安吉县和德清县的队伍一起赶到青松镇。")
    assert not any(h == "青松镇" for h, _ in relations(doc, "locatedIn"))


def test_foreign_party_organ_is_the_party_s_and_the_party_is_in_its_country(nlp) -> None:
    doc = nlp("埃及青松运动中央委员会秘书长周明远表示支持。")
    assert ("埃及青松运动中央委员会", "埃及青松运动") in relations(doc, "subOrganizationOf")
    located = relations(doc, "locatedIn")
    assert ("埃及青松运动", "埃及") in located
    assert ("埃及青松运动中央委员会", "埃及") not in located  # the organ only inherits it


def test_company_named_after_its_group_and_a_place_is_in_the_place(nlp) -> None:
    doc = nlp("青松集团今年扩大投资，青松集团湖州物流有限公司新建了仓库。")
    assert ("青松集团湖州物流有限公司", "湖州市") in relations(doc, "locatedIn")
    assert ("青松集团湖州物流有限公司", "青松集团") in relations(doc, "subOrganizationOf")


def test_a_country_written_as_a_body_is_no_parent_by_name() -> None:
    from zhitu.extractors.components.located_in import _bodies_with_parent_body
    from zhitu.extractors.facts import Entity

    bodies = [Entity("ORG", "德国"), Entity("ORG", "德国青松党")]
    assert _bodies_with_parent_body(bodies) == set()


# -- events held at a place, facilities after their division ----------------------------

@pytest.mark.parametrize("text, event, place", [
    ("2023年澄溪茶叶博览会2月26日在湖州举行。", "2023年澄溪茶叶博览会", "湖州市"),
    ("首届澄溪茶叶创新交流大会昨天在湖州举行。", "首届澄溪茶叶创新交流大会", "湖州市"),
    ("澄溪县政协十届三次会议26日在湖州召开。", "澄溪县政协十届三次会议", "湖州市"),
])
def test_event_held_at_a_place(nlp, text: str, event: str, place: str) -> None:
    assert (event, place) in relations(nlp(text), "locatedIn")


def test_event_not_said_to_be_held_there_is_not_placed(nlp) -> None:
    doc = nlp("2023年澄溪茶叶博览会结束后，周明远在湖州休息了两天。")
    assert not any(h == "2023年澄溪茶叶博览会" for h, _ in relations(doc, "locatedIn"))


def test_facility_right_after_its_division(nlp) -> None:
    doc = nlp("周明远在湖州西山公园散步。")
    assert ("西山公园", "湖州市") in relations(doc, "locatedIn")


def test_named_body_written_as_a_place_s_own(nlp) -> None:
    doc = nlp("湖州市的青松物流有限公司连夜发货。")
    assert ("青松物流有限公司", "湖州市") in relations(doc, "locatedIn")


def test_a_company_is_where_its_name_says_in_brackets(nlp) -> None:
    # a registered company name: brand, (place), trade, form
    doc = nlp("奥禾（青海）环保科技有限公司今年扩建了厂房。")
    assert ("奥禾（青海）环保科技有限公司", "青海省") in relations(doc, "locatedIn")
    assert not relations(nlp("青禾（集团）有限公司今年投产。"), "locatedIn")
    # the place in brackets is the body's, not the one its brand begins with
    assert relations(nlp("上海青禾（格尔木）律师事务所律师林晓岚说。"), "locatedIn") == {
        ("上海青禾（格尔木）律师事务所", "格尔木市")}


def test_a_body_for_a_regions_affairs_is_not_in_it(nlp) -> None:
    doc = nlp("澄溪省政府青海事务办公室发言人林晓岚说。")
    assert not {tail for head, tail in relations(doc, "locatedIn") if head == "澄溪省政府青海事务办公室"}
    # a district's own affairs centre, written with its level word, is in the district
    doc = nlp("海东市乐都区事务中心主任周明远说。")
    assert ("海东市乐都区事务中心", "乐都区") in relations(doc, "locatedIn")


def test_village_branch_written_without_cun_is_in_the_village(nlp) -> None:
    doc = nlp("青松村今年种了三百亩茶。青松支部组织党员帮工。")
    assert ("青松支部", "青松村") in relations(doc, "locatedIn")


@pytest.fixture
def invented_army(monkeypatch: pytest.MonkeyPatch):
    """An invented army (prefix 青) in place of the shipped table."""
    import re

    from zhitu.extractors.components import sub_organization

    table = ((re.compile("^青[一二三四五六七八九十百零〇\\d]+(?:方面军|军团|军)$"), "青松义勇军"),)
    monkeypatch.setattr(sub_organization, "_army_units", lambda: table)
    return sub_organization


def test_army_unit_named_by_prefix_and_number_is_the_army_s(invented_army) -> None:
    from zhitu.extractors.facts import Entity

    army, unit = Entity("ORG", "青松义勇军"), Entity("ORG", "青三军团")
    parents = invented_army._Parents([army, unit])
    assert invented_army._army_of(unit, parents) is army
    assert invented_army._army_of(Entity("ORG", "青松农场"), parents) is None


def test_army_unit_without_the_army_named_has_no_parent(invented_army) -> None:
    from zhitu.extractors.facts import Entity

    unit = Entity("ORG", "青12军")
    assert invented_army._army_of(unit, invented_army._Parents([unit])) is None


def test_a_listed_group_company_is_no_unit_of_another(nlp) -> None:
    # both central enterprises in abbreviations.tsv; one's name begins with the other's short name
    doc = nlp("中国石油化工集团有限公司和中国石油天然气集团有限公司签约。")
    assert not relations(doc, "subOrganizationOf")


def test_the_taiwan_party_is_not_the_mainland_association_it_shares_two_characters_with(nlp) -> None:
    doc = nlp("民进党当局一再挑衅。")
    assert relations(doc, "subOrganizationOf") == {("民进党当局", "民主进步党")}


def test_a_body_with_a_second_name_in_brackets_is_not_a_unit_of_itself() -> None:
    from zhitu.extractors.components.sub_organization import _Parents
    from zhitu.extractors.facts import Entity

    school, named_twice = Entity("ORG", "澄溪大学"), Entity("ORG", "澄溪大学（澄溪农科院）")
    institute = Entity("ORG", "澄溪大学青禾研究所")
    parents = _Parents([school, named_twice, institute])
    assert parents.named_before(named_twice) is None
    assert parents.named_before(institute) is school


def test_army_units_table_has_its_source() -> None:
    from zhitu.ontology import data_path

    lines = data_path("army_units.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("#") and "source" in lines[0]
    assert lines[1].split("\t") == ["prefix", "army", "units", "source"]
    assert all(len(line.split("\t")) == 4 and line.split("\t")[3] for line in lines[2:])


def test_committee_of_a_district_two_cities_share_is_in_the_document_s_district(nlp) -> None:
    doc = nlp("长春城市更新观察\n周明远是一名社区工作者。他每天很忙。朝阳区委书记周明远说，朝阳区今年改造了100个小区。")
    located = relations(doc, "locatedIn")
    assert ("中国共产党朝阳区委员会", "朝阳区") in located
    assert ("LOC", "朝阳市") not in keys(doc)


def test_central_department_is_the_central_committee_s_when_named(nlp) -> None:
    doc = nlp("周明远1955年调任中央农村工作部副部长，参与中共中央的农村工作。")
    assert ("中央农村工作部", "中国共产党中央委员会") in relations_sub(doc)
    assert not relations_sub(nlp("周明远1955年调任中央农村工作部副部长。"))


def test_military_commission_department_is_not_the_central_committee_s() -> None:
    from zhitu.extractors.components.sub_organization import _CENTRAL_DEPARTMENT

    assert _CENTRAL_DEPARTMENT.match("中央农村工作部")
    assert not _CENTRAL_DEPARTMENT.match("中央军委后勤保障部")


# -- a whole and its parts in the sentences after it --------------------------------------

def test_parts_after_a_place_s_various_places(nlp) -> None:
    doc = nlp("此外，浙江各地还自发捐款捐物援助灾区。一家电器公司捐赠了保存箱；湖州一家农业企业筹集了120吨大米。")
    assert ("湖州市", "浙江省") in relations(doc, "locatedIn")


def test_places_named_after_a_place_but_not_as_its_parts_are_not_linked(nlp) -> None:
    doc = nlp("浙江今年捐赠了大批物资。一家企业向杭州、湖州捐赠了消毒机械。")
    assert not relations(doc, "locatedIn")


def test_a_committee_s_presidium_is_the_committee_s_a_session_s_is_not(nlp) -> None:
    from zhitu.extractors.components.sub_organization import _OF_A_MEETING

    doc = nlp("青松协会成立多年。青松协会执行委员会主席团召开会议。")
    assert ("青松协会执行委员会主席团", "青松协会") in relations_sub(doc)
    assert not _OF_A_MEETING.search("青松协会执行委员会主席团")
    assert _OF_A_MEETING.search("青松协会第三次会员代表大会第二次会议主席团")


def test_town_written_without_its_level_word_after_a_chain(nlp) -> None:
    doc = nlp("湖州市吴兴区青松街道今年新建了驿站。湖州市吴兴区青松防疫工作指挥部连夜部署。")
    assert ("湖州市吴兴区青松防疫工作指挥部", "青松街道") in relations(doc, "locatedIn")


def test_every_body_listed_after_qixia_is_the_group_s(nlp) -> None:
    doc = nlp("青松集团携旗下青禾物流有限公司、云杉科技有限公司和白鹭置业有限公司捐款。")
    assert {("青禾物流有限公司", "青松集团"), ("云杉科技有限公司", "青松集团"),
            ("白鹭置业有限公司", "青松集团")} <= relations_sub(doc)


def test_union_of_a_body_named_without_a_head_is_its(nlp) -> None:
    doc = nlp("青松油田今年产量创新高。青松油田公司工会近日为职工举办培训。")
    assert ("青松油田公司工会", "青松油田") in relations_sub(doc)


def test_a_headless_name_is_no_parent_of_other_units(nlp) -> None:
    doc = nlp("青松油田今年产量创新高。青松油田技术服务中心派人支援。")
    assert ("青松油田技术服务中心", "青松油田") not in relations_sub(doc)


# -- short forms the Doc names in full, committees written by level alone ---------------

def test_county_committee_written_by_level_alone_is_in_the_county(nlp) -> None:
    doc = nlp("安吉县今年发展茶产业。县委书记周明远说，茶农收入翻了一番。")
    located = relations(doc, "locatedIn")
    assert ("中国共产党安吉县委员会", "安吉县") in located
    assert not any(t == "中国" for _, t in located)


def test_short_form_of_a_town_the_doc_names_is_that_town(nlp) -> None:
    doc = nlp("白沙镇今年建了新学校。湖州市公安局白沙派出所民警周明远值班。")
    located = relations(doc, "locatedIn")
    assert ("湖州市公安局白沙派出所", "白沙镇") in located
    assert not any(t == "白沙黎族自治县" for _, t in located)


def test_village_named_like_a_county_s_short_form(nlp) -> None:
    doc = nlp("白沙村今年修了路。白沙村党支部书记周明远说。")
    located = relations(doc, "locatedIn")
    assert ("白沙村党支部", "白沙村") in located
    assert not any(t == "白沙黎族自治县" for _, t in located)
