"""Events and their participants (issue 9, item 5): ordinal sessions with their
body and term, meetings a body holds under its name, a year's recurring
occurrence, and who takes part (主持召开, 出席会议 lists, 出席会议的有…, 会议上，X…,
a biography's subjectless clauses, X作为…代表). Invented names only."""
from __future__ import annotations

import pytest


def events(doc) -> dict[str, set[str]]:
    return {e.canonical: e.aliases for e in doc._.entities or [] if e.label == "EVENT"}


def relations(doc, name: str) -> set[tuple[str, str]]:
    return {(r.head[1], r.tail[1]) for r in doc._.relations or [] if r.relation == name}


def test_session_takes_its_body_and_term_and_its_short_form_folds(nlp) -> None:
    doc = nlp("十五届浙江省人大常委会第三次会议在杭州举行。常委会第三次会议审议了报告。")
    assert events(doc) == {"十五届浙江省人大常委会第三次会议": {"第三次会议"}}


@pytest.mark.parametrize("text", ["全年召开九次会议，审议了报告。", "两次会议都开得很短。"])
def test_a_count_of_meetings_is_no_event(nlp, text: str) -> None:
    assert events(nlp(text)) == {}


def test_plenary_session_of_a_term(nlp) -> None:
    # no owner written before it: the Central Committee's, by its official name
    found = events(nlp("周明远出席了七届五中全会，回到澄溪后传达了会议精神。"))
    assert "七届五中全会" in found["中国共产党第七届中央委员会第五次全体会议"]


def test_meeting_held_under_a_body_name_and_the_chair_takes_part(nlp) -> None:
    doc = nlp("澄溪市市长周明远主持召开澄溪市政府常务会议。")
    assert "澄溪市政府常务会议" in events(doc)
    assert relations(doc, "participatesIn") == {("周明远", "澄溪市政府常务会议")}
    assert relations(doc, "organizes") == set()  # a person chairs; only a body organises


def test_a_years_recurring_occurrence_is_an_event(nlp) -> None:
    assert "2031年春运" in events(nlp("2031年春运，周明远坚守岗位。"))


def test_everyone_listed_before_chuxi_huiyi_takes_part_in_the_reported_meeting(nlp) -> None:
    doc = nlp("澄溪市总工会十五届三次全委会召开\n"
              "澄溪市总工会十五届三次全委会28日召开。会议听取了第二次会议以来的工作汇报。"
              "市总工会副主席周明远、林晓岚、韩立川出席会议。")
    assert relations(doc, "participatesIn") == {
        (name, "澄溪市总工会十五届三次全委会") for name in ("周明远", "林晓岚", "韩立川")
    }


def test_list_after_chuxi_huiyi_de_you(nlp) -> None:
    doc = nlp("十五届浙江省人大常委会第三次会议在杭州举行。出席会议的有：周明远、林晓岚、韩立川。")
    assert {h for h, _ in relations(doc, "participatesIn")} == {"周明远", "林晓岚", "韩立川"}


def test_people_after_huiyi_shang_take_part(nlp) -> None:
    doc = nlp("十五届浙江省人大常委会第三次会议在杭州举行。会议上，浙江省人大常委会秘书长周明远作了汇报。")
    assert ("周明远", "十五届浙江省人大常委会第三次会议") in relations(doc, "participatesIn")


def test_organiser_named_after_the_term(nlp) -> None:
    doc = nlp("十五届浙江省人大常委会第三次会议在杭州举行。浙江省人大常委会秘书长周明远作了汇报。")
    assert relations(doc, "organizes") == {("浙江省人民代表大会常务委员会", "十五届浙江省人大常委会第三次会议")}


def test_subjectless_clause_of_a_biography_is_about_its_subject(nlp) -> None:
    doc = nlp("周明远，1901年生于湖南。1922年结识林晓岚。1930年出席澄溪市总工会第五次代表大会。")
    assert relations(doc, "participatesIn") == {("周明远", "澄溪市总工会第五次代表大会")}


def test_the_delegate_takes_part_not_the_body_he_stands_for(nlp) -> None:
    doc = nlp("林晓岚作为澄溪港务集团代表，到杭州出席澄溪市总工会第九次代表大会。")
    assert relations(doc, "participatesIn") == {("林晓岚", "澄溪市总工会第九次代表大会")}


def test_a_meeting_noun_refers_to_no_congress_named_in_passing(nlp) -> None:
    doc = nlp("党的十七大代表周明远很感慨。主持会议的澄溪市委书记林晓岚说，要抓落实。")
    assert ("林晓岚", "中国共产党第十七次全国代表大会") not in relations(doc, "participatesIn")


def test_campaign_named_by_its_aim_and_gongjian(nlp) -> None:
    doc = nlp("打赢治污攻坚战，决战治污攻坚。锤炼成攻坚克难的主力军，推进沿海地区攻坚。")
    assert {e.canonical for e in doc._.entities if e.label == "PROG"} == {"治污攻坚"}


def test_meeting_named_by_place_topic_and_kind(nlp) -> None:
    doc = nlp("1月29日，拉开澄溪市基层党建工作评议会的序幕。河东区召开座谈会。")
    assert set(events(doc)) == {"澄溪市基层党建工作评议会"}


def test_bodies_that_direct_the_work_organise_it(nlp) -> None:
    doc = nlp("各地区、各部门按照澄溪市委、澄溪市政府部署，扎实推进治污攻坚。")
    assert relations(doc, "organizes") == {("中国共产党澄溪市委员会", "治污攻坚"), ("澄溪市人民政府", "治污攻坚")}
    assert relations(doc, "participatesIn") == set()


def test_battles_and_uprisings_with_a_place_name_and_who_commands_them(nlp) -> None:
    doc = nlp("1931年，协助周明远指挥著名的青岭战役。林晓岚在澄溪战斗中壮烈牺牲。要打好澄溪保卫战。")
    assert {"青岭战役", "澄溪战斗"} <= set(events(doc))
    assert not any(name.endswith("保卫战") for name in events(doc))  # a metaphor in today's news
    assert ("周明远", "青岭战役") in relations(doc, "participatesIn")


@pytest.mark.parametrize("text", [
    "这是一项历史性工程。",
    "全县推行“1名党员联系5户群众”。",
    "做好“三农”工作。",
])
def test_kinds_fields_and_counted_mechanisms_are_no_programmes(nlp, text: str) -> None:
    assert not [e for e in nlp(text)._.entities or [] if e.label == "PROG"]


def test_each_item_of_a_list_closed_by_a_kind_of_battle_is_an_event(nlp) -> None:
    doc = nlp("1936年，周明远参与指挥夜渡柳河、攻打青石关等战斗，取得了澄溪大捷、柳岸阻击战等战役的胜利。")
    assert {"夜渡柳河", "攻打青石关", "澄溪大捷", "柳岸阻击战"} <= set(events(doc))


def test_a_battle_named_in_a_list_is_the_same_event_where_named_again(nlp) -> None:
    doc = nlp("部队取得了柳岸阻击战等战役的胜利。1941年，林晓岚指挥澄溪支队进行柳岸阻击战。")
    assert "柳岸阻击战" in events(doc)
    assert not [e for e in doc._.entities if e.label == "LOC" and e.canonical == "柳岸阻击战"]


def test_a_common_noun_of_three_characters_names_a_battle(nlp) -> None:
    assert "青石堡战役" in events(nlp("周明远参与指挥青石堡战役。"))


@pytest.mark.parametrize(("text", "expected"), [
    ("周明远参加北伐，后率部南征。", {"北伐", "南征"}),
    ("他参加了讨伐军阀的两次南征。", {"南征"}),
    ("走好新北伐路，弘扬北伐精神。", set()),
    ("他们参加南征五号任务。", set()),  # a vehicle's name
])
def test_expeditions_someone_takes_part_in_are_events(nlp, text: str, expected: set[str]) -> None:
    assert set(events(nlp(text))) == expected


def test_a_quoted_operation_against_something_is_an_event(nlp) -> None:
    assert "反“清剿”作战" in events(nlp("周明远参加了历次反“清剿”作战。"))


def test_a_quoted_themed_education_campaign_is_a_programme(nlp) -> None:
    doc = nlp("柳岸县结合“守初心、担使命”主题教育，在全县党员中开展活动。")
    assert "“守初心、担使命”主题教育" in {e.canonical for e in doc._.entities if e.label == "PROG"}


def test_clauses_without_a_subject_in_a_biography_are_about_its_subject(nlp) -> None:
    doc = nlp("周明远，1905年生于澄溪。1925年后在澄溪学堂任教员，参加讨伐军阀的两次南征。"
              "1936年，任柳岸支队支队长，率部北伐并参与指挥青石堡战役。")
    assert relations(doc, "participatesIn") == {("周明远", name) for name in ("南征", "北伐", "青石堡战役")}


def test_a_clause_with_its_own_subject_keeps_it(nlp) -> None:
    doc = nlp("周明远来到澄溪。澄溪市总工会参加了2031年澄溪市职工技能大赛。")
    assert relations(doc, "participatesIn") == {("澄溪市总工会", "2031年澄溪市职工技能大赛")}


def test_a_fronted_clause_takes_the_person_of_the_next_not_the_paragraphs_first(nlp) -> None:
    doc = nlp("本报讯（通讯员韩立川）近日，参加完第三期澄溪港务基层工会主席培训，澄溪港务工会主席周明远感慨道。")
    assert relations(doc, "participatesIn") == {("周明远", "第三期澄溪港务基层工会主席培训")}


def programmes(doc) -> set[str]:
    return {e.canonical for e in doc._.entities or [] if e.label == "PROG"}


@pytest.mark.parametrize("text", [
    "近段时间，各部门广泛开展廉政教育活动。",  # an activity named by two words: a kind
    "公司内部发起向灾区捐款活动。",  # the object of a preposition: a description
    "这是指导澄溪法院改革规划和实施推进的文件。",  # 规划 a verb here
    "同时发布《澄溪法院的司法改革（2031—2035）》白皮书。",  # a work's title
    "回想改革开放40多年来，我们以科学的应对战略化解风险。",  # an era's policy; a kind after 的
])
def test_kinds_descriptions_verbs_and_titles_are_no_programmes(nlp, text: str) -> None:
    assert programmes(nlp(text)) == set()


def test_a_plans_title_is_a_programme_and_its_head_no_name_of_its_own(nlp) -> None:
    doc = nlp("澄溪市中级法院印发《澄溪法院第二个五年改革纲要（2031—2035）》。")
    assert programmes(doc) == {"澄溪法院第二个五年改革纲要（2031—2035）"}


def test_a_reform_named_through_an_adverb_and_before_a_coordinated_verb(nlp) -> None:
    assert programmes(nlp("这是澄溪法院深化林业体制综合配套改革的依据。")) == {"林业体制综合配套改革"}
    assert "澄溪振兴战略" in programmes(nlp("为实施澄溪振兴战略和推动高质量发展注入动力。"))


def test_national_programmes_from_world_knowledge_one_entity_per_programme(nlp) -> None:
    assert "科教兴国" in programmes(nlp("澄溪市大力推进科教兴国，建设人才高地。"))
    doc = nlp("澄溪市实施科教兴国战略。柳岸县也推进科教兴国。")
    assert programmes(doc) == {"科教兴国战略"}  # the short form is no second programme


def test_a_programme_named_for_the_country_is_no_brand_and_place(nlp) -> None:
    # the NER read 平安 (an insurer's short name) and 中国 (a place) out of the programme's name
    doc = nlp("澄溪县推进平安中国建设，林晓岚所在的派出所获评先进。")
    assert "平安中国" in programmes(doc)
    assert "平安" not in {e.canonical for e in doc._.entities if e.label == "ORG"}


def test_the_national_programmes_table_has_its_source_and_short_forms() -> None:
    from zhitu.extractors.components.programmes import national_programmes
    from zhitu.ontology import data_path

    assert data_path("national_programmes.tsv").read_text(encoding="utf-8").startswith("# ")
    table = national_programmes()
    assert table["科教兴国"] == "科教兴国战略" and table["西部大开发"] == "西部大开发"


def test_a_verb_written_as_a_noun_and_quoted_speech_have_no_agent(nlp) -> None:
    doc = nlp("澄溪港务集团总裁周明远说，柳岸项目的加速推进得益于科教兴国战略。")
    assert relations(doc, "participatesIn") == set()
    doc = nlp("柳岸县委书记周明远说，“新的一年我们要推进科教兴国，让群众受益。”")
    assert relations(doc, "participatesIn") == set()


def test_a_years_new_year_address_and_who_gives_it(nlp) -> None:
    doc = nlp("在2031年新年贺词中，周明远主席为奋战在一线的驻村干部点赞。在工作中，林晓岚认真负责。")
    assert set(events(doc)) == {"2031年新年贺词"}
    assert relations(doc, "participatesIn") == {("周明远", "2031年新年贺词")}
    # the year in Chinese numerals: the same address, its name in digits
    assert "二〇三一年新年贺词" in events(nlp("二〇三一年新年贺词鼓舞人心。"))["2031年新年贺词"]


def test_a_national_yearly_occurrence_without_a_year_is_this_years_not_another_years(nlp) -> None:
    doc = nlp("今年全国春运从1月10日开始。去年全国春运客流平稳。2031年全国春运结束。")
    # (no page date here: this year's keeps its written name; 2031年全国春运 is that year's 春运)
    assert set(events(doc)) == {"全国春运", "2031年春运"}


def test_a_congress_named_after_its_body_is_organised_by_it_not_by_a_place(nlp) -> None:
    doc = nlp("林晓岚到柳城出席青年国际第七次代表大会。澄溪市第五次代表大会召开。")
    assert relations(doc, "organizes") == {("青年国际", "青年国际第七次代表大会")}
    assert ("青年国际", "ORG") in {(e.canonical, e.label) for e in doc._.entities}


def test_a_delegate_of_an_event_takes_part_in_it(nlp) -> None:
    doc = nlp("党的十七大代表、澄溪港务集团总裁周明远感慨。党的十七大代表了人民意愿，林晓岚说。")
    assert relations(doc, "participatesIn") == {("周明远", "中国共产党第十七次全国代表大会")}


def test_the_chair_named_after_the_event_takes_part_not_the_reporter(nlp) -> None:
    doc = nlp("本报澄溪3月5日电 （记者韩立川）澄溪市总工会十五届三次全委会5日在澄溪举行，周明远主席主持。")
    assert relations(doc, "participatesIn") == {("周明远", "澄溪市总工会十五届三次全委会")}


def test_helpers_units_that_carry_out_a_battle_and_those_who_fell_in_it_take_part(nlp) -> None:
    doc = nlp("周明远，1905年生于澄溪。1940年秋，协助林晓岚指挥著名的青岭战役。"
              "1941年11月指挥澄溪支队进行柳岸阻击战等战役。"
              "1942年5月，周明远在柳岸附近指挥部队突围时，在十里坡战斗中壮烈牺牲。")
    assert relations(doc, "participatesIn") == {
        ("林晓岚", "青岭战役"), ("周明远", "青岭战役"), ("周明远", "柳岸阻击战"),
        ("澄溪支队", "柳岸阻击战"), ("周明远", "十里坡战斗"),
    }


def test_a_quoted_internet_plus_field_is_a_programme(nlp) -> None:
    assert programmes(nlp("澄溪市发展“互联网+养老”，提高服务水平。")) == {"“互联网+养老”"}


def test_battle_heads_that_qualify_a_noun_name_no_battle(nlp) -> None:
    doc = nlp("发挥基层党组织战斗堡垒作用，提高部队战斗力。周明远参与指挥青石堡战役。")
    assert set(events(doc)) == {"青石堡战役"}


def test_a_clause_after_a_quoted_name_is_no_head(nlp) -> None:
    doc = nlp("“澄溪学堂”举行开学典礼。“年度热词”呼唤气候行动。开展“澄溪杯”竞赛。")
    assert programmes(doc) == {"“澄溪杯”竞赛"} and events(doc) == {}


def test_a_national_programme_is_organised_by_the_centre_and_carried_out_by_others(nlp) -> None:
    doc = nlp("澄溪县委实施科教兴国战略。按照党中央、国务院的部署，县里扎实推进科教兴国战略。")
    assert relations(doc, "organizes") == {("中国共产党中央委员会", "科教兴国战略"), ("国务院", "科教兴国战略")}
    assert relations(doc, "participatesIn") == {("中国共产党澄溪县委员会", "科教兴国战略")}


def test_a_body_whose_session_is_enlarged_holds_it(nlp) -> None:
    doc = nlp("1938年，周明远出席澄溪市委扩大的三届五中全会，负责起草文件。")
    assert relations(doc, "organizes") == {("中国共产党澄溪市委员会", "三届五中全会")}


def test_numbered_editions_of_recurring_occurrences_are_events_but_a_term_is_no_event(nlp) -> None:
    doc = nlp("第三届澄溪国际茶叶博览会开幕。第45届世界技能大赛在柳城举行。第十三届全国人民代表大会代表周明远说。")
    assert set(events(doc)) == {"第三届澄溪国际茶叶博览会", "第45届世界技能大赛"}


def test_meetings_of_bodies_by_standard_abbreviation_and_forums_named_by_place_and_topic(nlp) -> None:
    doc = nlp("4月17日召开的中共中央政治局会议指出，要抓落实。在国新办新闻发布会上，周明远说。"
              "澄溪茶叶经济发展论坛在柳城举行。")
    assert {"中共中央政治局会议", "国新办新闻发布会", "澄溪茶叶经济发展论坛"} <= set(events(doc))
    assert ("周明远", "国新办新闻发布会") in relations(doc, "participatesIn")


def test_the_hosts_of_an_event_pointed_at_before_you(nlp) -> None:
    doc = nlp("2031年澄溪市职工技能大赛日前举行。本次大赛由澄溪市总工会主办，澄溪市人社局、柳岸县总工会承办。")
    assert {h for h, _ in relations(doc, "organizes")} == {"澄溪市总工会", "澄溪市人力资源和社会保障局", "柳岸县总工会"}


def test_people_after_a_named_session_kind_and_shang_take_part_in_that_session(nlp) -> None:
    doc = nlp("第二次澄溪工作座谈会召开。第三次澄溪工作座谈会召开。在第三次澄溪工作座谈会上,周明远再次强调团结。")
    assert relations(doc, "participatesIn") == {("周明远", "第三次澄溪工作座谈会")}
