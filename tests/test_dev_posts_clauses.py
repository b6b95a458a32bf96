"""Posts told clause by clause, on invented sentences: a biography's clauses
with no subject of their own (the person the paragraph is about holds them),
chains over several bodies after one verb, 是…负责人之一, and 曾任…的X.
"""
from __future__ import annotations

from zhitu.extractors.components.holds_position import sentence_subject
from zhitu.extractors.evidence import Mention
from zhitu.extractors.facts import Entity


def relations(doc) -> set[tuple]:
    return {(r.head[1], r.tail[1], r.role) for r in doc._.relations or [] if r.relation == "holdsPosition"}


def test_biography_clauses_take_the_paragraphs_person(nlp) -> None:
    doc = nlp("周明远，1931年生于澄溪县。1950年进入柳岸师范学校学习。1956年加入中国共产党，"
              "后在柳岸农机厂任副厂长、厂长。1960年回到澄溪县，先后任澄溪县农业局局长、柳岸县财政局局长。"
              "同年底，兼任澄溪县总工会主席。")
    assert relations(doc) == {
        ("周明远", "柳岸农机厂", "副厂长"), ("周明远", "柳岸农机厂", "厂长"),
        ("周明远", "澄溪县农业局", "局长"), ("周明远", "柳岸县财政局", "局长"),
        ("周明远", "澄溪县总工会", "主席"),
    }


def test_a_later_clause_keeps_the_sentences_subject(nlp) -> None:
    doc = nlp("周明远任澄溪县总工会主席、柳岸县总工会副主席，后兼任澄溪县科学技术协会主席。")
    assert relations(doc) == {
        ("周明远", "澄溪县总工会", "主席"), ("周明远", "柳岸县总工会", "副主席"),
        ("周明远", "澄溪县科学技术协会", "主席"),
    }


def test_a_paragraphs_person_does_not_carry_into_the_next(nlp) -> None:
    doc = nlp("周明远，1931年生。\n　　1960年，任澄溪县农业局局长。")
    assert relations(doc) == set()


def test_one_of_the_heads_and_not_a_relative(nlp) -> None:
    doc = nlp("周明远是澄溪县作家协会负责人之一。林晓岚是澄溪县作家协会主席的女儿。")
    assert relations(doc) == {("周明远", "澄溪县作家协会", "负责人")}


def test_a_post_before_de_is_the_next_persons(nlp) -> None:
    doc = nlp("周明远来到澄溪县。曾任澄溪县农业局局长的林晓岚介绍了情况。")
    assert relations(doc) == {("林晓岚", "澄溪县农业局", "局长")}


def test_sentence_subject_is_a_person_beginning_a_clause() -> None:
    text = "1938年2月，周明远从柳岸回到澄溪，在林晓岚家住下。"
    person = lambda name: Mention(text.index(name), text.index(name) + len(name), Entity("PER", name))
    mentions = [person("周明远"), person("林晓岚")]
    assert sentence_subject(text, (0, len(text)), mentions, len(text)).entity.canonical == "周明远"
    assert sentence_subject(text, (0, len(text)), mentions[1:], len(text)) is None


def test_a_bare_title_takes_the_earlier_body_only_when_it_heads_that_kind(nlp) -> None:
    doc = nlp("周明远任澄溪县独立团政治委员，后任团长兼政治委员。")
    assert relations(doc) == {("周明远", "澄溪县独立团", "政治委员"), ("周明远", "澄溪县独立团", "团长")}
    doc = nlp("通伦，1945年生。2001年任副总理兼柳岸计委主任，2006年任副总理。")
    assert relations(doc) == {("通伦", "柳岸计委", "主任")}


def test_a_divisions_head_is_no_post_in_its_party_committee(nlp) -> None:
    doc = nlp("1985年6月，周明远来到澄溪市，担任市委常委、常务副市长。")
    assert relations(doc) == {("周明远", "中国共产党澄溪市委员会", "常委")}


def test_a_body_written_short_after_its_full_name(nlp) -> None:
    doc = nlp("周明远回到澄溪，成立中共柳岸县工委，任工委书记。")
    assert relations(doc) == {("周明远", "中共柳岸县工委", "书记")}


def test_a_bare_title_in_the_kind_of_body_it_heads(nlp) -> None:
    doc = nlp("1941年3月，澄溪县委决定创办《柳岸日报》，周明远被任命为第一任总编辑。")
    assert relations(doc) == {("周明远", "柳岸日报", "总编辑")}


def test_places_before_the_body_and_a_post_to_come(nlp) -> None:
    doc = nlp("90后林晓岚原本是澄溪市柳岸区青石街道党建办副主任。林晓岚现已拟任职青石街道党建办主任。")
    assert relations(doc) == {("林晓岚", "青石街道党建办", "副主任"), ("林晓岚", "青石街道党建办", "主任")}


def test_a_league_is_a_body_not_a_place(nlp) -> None:
    doc = nlp("澄溪民主联盟主席周明远、柳岸人民党总书记林晓岚出席。")
    assert relations(doc) == {("周明远", "澄溪民主联盟", "主席"), ("林晓岚", "柳岸人民党", "总书记")}


def test_title_words_of_the_ontology_table_take_the_lexicons_modifiers() -> None:
    from zhitu.extractors.components.positions import title_re, title_words

    assert {"巡视员", "教导员"} <= set(title_words())
    assert title_re().fullmatch("副巡视员") and title_re().fullmatch("副主席")


def test_an_inspector_of_a_county_committee_is_in_that_committee(nlp) -> None:
    doc = nlp("周明远，1910年生。1934年，以中共柳岸县委巡视员身份回到澄溪。")
    assert relations(doc) == {("周明远", "中国共产党柳岸县委员会", "巡视员")}


def test_a_department_written_bare_after_its_committee(nlp) -> None:
    doc = nlp("澄溪县委常委、组织部部长周明远说。柳岸市委常委、宣传部长林晓岚说。")
    assert relations(doc) == {
        ("周明远", "中国共产党澄溪县委员会", "常委"), ("周明远", "澄溪县委组织部", "部长"),
        ("林晓岚", "中国共产党柳岸市委员会", "常委"), ("林晓岚", "柳岸市委宣传部", "部长"),
    }
    subs = {(r.head[1], r.tail[1]) for r in doc._.relations if r.relation == "subOrganizationOf"}
    assert ("澄溪县委组织部", "中国共产党澄溪县委员会") in subs


def test_de_between_the_body_and_the_title(nlp) -> None:
    doc = nlp("周明远是澄溪县总工会的副主席，也是柳岸县作家协会的会员。林晓岚是澄溪县总工会的副主席的女儿。")
    assert relations(doc) == {("周明远", "澄溪县总工会", "副主席")}


def test_jian_joins_titles_before_a_name(nlp) -> None:
    doc = nlp("澄溪宏达机械有限公司董事长兼总经理周明远说。澄溪县总工会党组书记兼柳岸县科协主席林晓岚说。")
    assert relations(doc) == {
        ("周明远", "澄溪宏达机械有限公司", "董事长"), ("周明远", "澄溪宏达机械有限公司", "总经理"),
        ("林晓岚", "澄溪县总工会", "党组书记"), ("林晓岚", "柳岸县科学技术协会", "主席"),
    }


def test_a_branch_written_short_before_its_title(nlp) -> None:
    doc = nlp("27日，澄溪街道成立柳岸收费站疫情监测点工作组临时党支部，周明远被选为临时党支部书记。")
    assert relations(doc) == {("周明远", "柳岸收费站疫情监测点工作组临时党支部", "书记")}


def test_ranks_are_no_posts(nlp) -> None:
    doc = nlp("周明远，1964年5月出生，先后任澄溪县财政局副主任科员、主任科员。澄溪县人民医院主任医师林晓岚说。")
    assert relations(doc) == set()


def test_a_class_monitor_is_no_post_of_the_branch(nlp) -> None:
    doc = nlp("周明远担任团支部书记、副班长。")
    assert relations(doc) == {("周明远", "团支部", "书记")}


def test_a_bare_title_after_an_unrecognised_name_takes_no_body_nearby(nlp) -> None:
    doc = nlp("《澄溪日报》报道了此事。——柳岸《晨光报》总编辑周明远")
    assert relations(doc) == set()
