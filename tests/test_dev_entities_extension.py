"""How far ``zhitu_entity_rules`` extends a place or body to a head word after
it (issue 9; issue 10, item 3): not over a second name after 和/与, a person,
a rank, a count, a direction word before 部 or a word that names a spot or a
state of affairs. Docs are built by hand from invented sentences.
"""
from __future__ import annotations

import pytest

from tests.test_dev_entities import run


@pytest.mark.parametrize("tokens, expected", [
    # Two bodies joined by 和 (LAC tags the link ORG too): two names, not one.
    ([("澄溪作协", "ORG", "ORG"), ("和", "ORG", ""), ("柳岸文学馆", "ORG", "ORG"), ("负责人", "n", "")],
     {("澄溪作协", "ORG"), ("柳岸文学馆", "ORG")}),
    # A place, a word, a person, 和 and a body: the place stays a place.
    ([("澄溪", "LOC", "LOC"), ("外援", "n", ""), ("周明远", "PER", "PER"), ("和", "c", ""), ("柳岸队", "ORG", "ORG"),
      ("的", "u", "")],
     {("澄溪", "LOC"), ("周明远", "PER"), ("柳岸队", "ORG")}),
])
def test_a_second_name_after_a_link_is_its_own(tokens, expected) -> None:
    assert run(tokens) == expected


def test_a_link_inside_one_body_name_still_joins() -> None:
    tokens = [("澄溪省", "LOC", "LOC"), ("人力资源", "n", ""), ("和", "c", ""), ("社会保障厅", "n", ""), ("发布", "v", "")]
    assert run(tokens) == {("澄溪省人力资源和社会保障厅", "ORG")}


@pytest.mark.parametrize("part", ["北部", "东南部", "中南部", "大部"])
def test_a_direction_before_bu_is_part_of_the_place(part: str) -> None:
    assert run([("澄溪", "LOC", "LOC"), (part, "f", ""), ("有", "v", ""), ("雨", "n", "")]) == {("澄溪", "LOC")}


@pytest.mark.parametrize("word", ["交界处", "政局", "部队", "球队", "总部"])
def test_a_spot_a_state_or_a_group_after_a_place_is_no_body(word: str) -> None:
    assert run([("位于", "v", ""), ("澄溪", "LOC", "LOC"), (word, "n", ""), ("。", "w", "")]) == {("澄溪", "LOC")}


@pytest.mark.parametrize("count", ["两国", "两院", "30多处"])
def test_a_count_ends_the_extension(count: str) -> None:
    tokens = [("澄溪", "LOC", "LOC"), (count, "m", ""), ("政府", "n", ""), ("。", "w", "")]
    assert run(tokens) == {("澄溪", "LOC")}


def test_a_rank_is_no_part_of_a_name() -> None:
    tokens = [("澄溪", "LOC", "LOC"), ("第三大银行", "m", ""), ("青禾银行", "ORG", "ORG"), ("宣布", "v", "")]
    assert run(tokens) == {("澄溪", "LOC"), ("青禾银行", "ORG")}


def test_a_place_still_takes_a_body_head() -> None:
    tokens = [("澄溪市", "LOC", "LOC"), ("总工会", "n", ""), ("组织", "v", "")]
    assert run(tokens) == {("澄溪市总工会", "ORG")}


def test_a_link_after_a_whole_body_ends_it() -> None:
    tokens = [("诋毁", "v", ""), ("澄溪", "LOC", "LOC"), ("党", "ORG", ""), ("和", "c", ""), ("政府", "n", ""),
              ("声誉", "n", "")]
    assert ("澄溪党和政府", "ORG") not in run(tokens)


@pytest.mark.parametrize("word", ["举村", "全县", "本市", "百强县"])
def test_a_level_word_after_whole_this_or_a_rank_names_no_place(word: str) -> None:
    assert run([("进入", "v", ""), (word, "LOC", "LOC"), ("行列", "n", "")]) == set()


@pytest.mark.parametrize("word", ["高级人民法院", "中级人民法院", "青禾派出所值班室", "特事特办"])
def test_a_kind_of_court_a_room_or_a_set_phrase_is_no_body(word: str) -> None:
    assert run([("会同", "v", ""), (word, "ORG", "ORG"), ("办理", "v", "")]) == set()


@pytest.mark.parametrize("word", ["澄溪市邮政局", "澄溪县财政局", "澄溪县民政局"])
def test_a_bureau_ending_like_a_state_of_affairs_stays(word: str) -> None:
    assert run([("据", "p", ""), (word, "ORG", "ORG"), ("通知", "v", "")]) == {(word, "ORG")}


def test_lac_does_not_make_a_country_a_body() -> None:
    # LAC reads a country's name as an organisation word; a country stays a place.
    tokens = [("诋毁", "v", ""), ("挪威", "ORG", "LOC"), ("的", "u", "")]
    assert run(tokens) == {("挪威", "LOC")}


@pytest.mark.parametrize("words", [[("边防部队", "n")], [("公司", "n")], [("银行", "n"), ("界", "n")]])
def test_troops_companies_and_circles_of_a_place_are_no_body(words) -> None:
    tokens = [("据", "p", ""), ("澄溪", "LOC", "LOC"), *[(w, t, "") for w, t in words], ("说", "v", "")]
    assert run(tokens) == {("澄溪", "LOC")}


def test_a_leg_of_a_tour_is_no_station() -> None:
    tokens = [("今年", "t", ""), ("澄溪", "LOC", "LOC"), ("积分赛", "n", ""), ("第一站", "m", ""), ("冠军", "n", "")]
    assert run(tokens) == {("澄溪", "LOC")}


@pytest.mark.parametrize("before, after", [("本报", "5月25日电"), ("抵", "后"), ("赴", "访问")])
def test_a_dateline_or_a_verb_of_arriving_keeps_a_place(before: str, after: str) -> None:
    # LAC reads the foreign city as an organisation word; the context makes it a place.
    tokens = [(before, "v", ""), ("澄斯堡", "ORG", "LOC"), (after, "n", "")]
    assert ("澄斯堡", "LOC") in run(tokens)


def test_without_such_context_lac_reads_a_club() -> None:
    assert ("澄斯堡", "ORG") in run([("击败", "v", ""), ("澄斯堡", "ORG", "LOC"), ("。", "w", "")])


def test_a_name_takes_the_village_level_word_after_it() -> None:
    tokens = [("搬迁", "v", ""), ("至", "v", ""), ("青禾", "LOC", "LOC"), ("社区", "LOC", ""), ("。", "w", "")]
    assert run(tokens) == {("青禾社区", "LOC")}


def test_a_region_after_a_list_comma_takes_its_region_word() -> None:
    tokens = [("西北", "LOC", "LOC"), ("地区", "n", "+"), ("、", "w", ""), ("环澄溪湾", "LOC", "LOC"), ("地区", "n", ""),
              ("引导", "v", "")]
    assert ("环澄溪湾地区", "LOC") in run(tokens)


def test_a_place_before_a_paper_title_stays_a_place() -> None:
    tokens = [("据", "p", ""), ("澄斯堡", "ORG", "LOC"), ("《", "w", ""), ("青禾日报", "nz", ""), ("》", "w", "")]
    assert ("澄斯堡", "LOC") in run(tokens)


def test_a_one_character_place_does_not_run_into_the_next_name() -> None:
    tokens = [("访", "v", ""), ("澄", "LOC", "LOC"), ("青禾社", "ORG", "ORG"), ("电", "n", "")]
    assert run(tokens) == {("青禾社", "ORG")}


def test_a_verb_before_a_level_word_is_no_place() -> None:
    # 代 (acting) before 县委: no county 代县, though the gazetteer has one.
    tokens = [("周明远", "PER", "PER"), ("代", "v", ""), ("县委", "n", "ORG"), ("书记", "n", "")]
    assert not [n for n, label in run(tokens) if n.startswith("代")]


def test_a_campus_keeps_its_district_word() -> None:
    tokens = [("通知", "n", ""), ("澄溪医院青禾院", "ORG", "ORG"), ("区", "n", ""), ("可以", "v", "")]
    assert run(tokens) == {("澄溪医院青禾院区", "ORG")}


def test_a_form_of_address_alone_is_no_person() -> None:
    assert run([("有", "v", ""), ("伯伯", "PER", "PER"), ("说", "v", "")]) == set()


def test_a_station_platform_is_the_station() -> None:
    tokens = [("在", "p", ""), ("澄溪火车站站台", "LOC", "LOC"), ("上", "f", "")]
    assert run(tokens) == {("澄溪火车站", "LOC")}


def test_a_unit_number_ends_a_name() -> None:
    tokens = [("代表", "n", ""), ("、", "w", ""), ("澄溪区", "LOC", "LOC"), ("环卫", "n", ""), ("二所", "m", ""),
              ("扫道", "v", "")]
    assert ("澄溪区环卫二所", "ORG") in run(tokens)


def test_a_count_before_a_noun_is_no_unit_number() -> None:
    tokens = [("澄溪市", "LOC", "LOC"), ("新建", "v", ""), ("一所", "m", ""), ("学校", "n", "")]
    assert run(tokens) == {("澄溪市", "LOC")}


def test_a_village_and_its_group_read_as_one_body_are_two_places() -> None:
    tokens = [("在", "p", ""), ("青禾村", "LOC", "ORG"), ("石坪组", "LOC", "+"), ("，", "w", "")]
    assert run(tokens) == {("青禾村", "LOC"), ("石坪组", "LOC")}


def test_a_body_after_places_stays_one_body() -> None:
    tokens = [("在", "p", ""), ("青禾村", "LOC", "ORG"), ("卫生室", "LOC", "+"), ("，", "w", "")]
    assert ("青禾村卫生室", "ORG") in run(tokens)


def test_a_direction_after_a_feature_belongs_to_the_words_after_it() -> None:
    tokens = [("距", "p", ""), ("澄溪运河南", "LOC", "LOC"), ("入口", "n", ""), ("40公里", "m", "")]
    assert run(tokens) == {("澄溪运河", "LOC")}


def test_a_name_ending_in_an_army_units_numeral_is_no_person() -> None:
    tokens = [("，", "w", ""), ("周红一", "PER", "PER"), ("军团", "n", ""), ("代理", "v", ""), ("军团长", "n", "")]
    assert run(tokens) == set()


def test_where_an_event_is_held_is_a_place() -> None:
    tokens = [("在", "p", ""), ("澄斯堡", "ORG", "LOC"), ("举行", "v", ""), ("比赛", "n", "")]
    assert ("澄斯堡", "LOC") in run(tokens)


def test_a_place_before_a_counted_body_stays_a_place() -> None:
    tokens = [("在", "p", ""), ("澄溪", "LOC", "ORG"), ("一家报社", "m", "+"), ("任", "v", "")]
    assert run(tokens) == {("澄溪", "LOC")}
