"""Entity boundaries and what is no name (issue 9, item 8): rules of
``zhitu_entity_rules`` and the tokenizer's mention post-processing, on Docs
built by hand from invented sentences (LAC's words and tags as LAC gives them,
the NER's mentions as a model might give them), so each rule is tested alone.
"""
from __future__ import annotations

import pytest
from spacy.lang.zh import Chinese
from spacy.tokens import Doc

from zhitu.extractors.components.entity_rules import EntityRules
from zhitu.extractors.facts import register_extensions
from zhitu.extractors.tokenizer import _person_before_verb

_NLP = Chinese()


def make_doc(tokens: list[tuple[str, str, str]]) -> Doc:
    """A Doc from (word, LAC tag, entity label or '') triples; consecutive
    tokens with one label are one mention, '+' continues the mention before."""
    register_extensions()
    words = [w for w, _, _ in tokens]
    ents, previous = [], ""
    for _, _, label in tokens:
        if label == "+":
            ents.append("I-" + previous)
        elif label:
            ents.append("B-" + label)
            previous = label
        else:
            ents.append("O")
    return Doc(_NLP.vocab, words=words, spaces=[False] * len(words), tags=[t for _, t, _ in tokens], ents=ents)


def names(doc: Doc) -> set[tuple[str, str]]:
    return {(e.text, e.label_) for e in doc.ents}


def run(tokens: list[tuple[str, str, str]]) -> set[tuple[str, str]]:
    return names(EntityRules()(make_doc(tokens)))


# -- people -----------------------------------------------------------------------

@pytest.mark.parametrize("tokens, person", [
    ([("有", "v", ""), ("张三丰伯伯", "PER", "PER"), ("，", "w", "")], "张三丰"),
    ([("告诉", "v", ""), ("李四光", "PER", "PER"), ("哥", "n", "+"), ("哥", "n", ""), ("大", "a", "")], "李四光"),
])
def test_a_kinship_word_is_not_part_of_the_name(tokens, person: str) -> None:
    found = run(tokens)
    assert (person, "PER") in found
    assert not [n for n, label in found if label == "PER" and n != person]


@pytest.mark.parametrize("word", ["小孙女", "大儿子", "孙女"])
def test_a_relative_named_by_kinship_is_no_person(word: str) -> None:
    assert run([("把", "p", ""), (word, "PER", "PER"), ("托", "v", "")]) == set()


def test_a_dotted_name_goes_on_over_its_dot() -> None:
    tokens = [("、", "w", ""), ("阿布", "PER", "PER"), ("更", "d", ""), ("·", "w", ""), ("依沙", "n", ""),
              ("江木", "LOC", "LOC"), ("、", "w", "")]
    assert run(tokens) == {("阿布更·依沙江木", "PER")}


def test_a_dotted_name_stops_at_the_verb_after_it() -> None:
    tokens = [("姑娘", "n", ""), ("古丽·麦", "PER", "PER"), ("提尔", "n", ""), ("是", "v", ""), ("讲解员", "n", "")]
    assert run(tokens) == {("古丽·麦提尔", "PER")}


@pytest.mark.parametrize("text, words, mention, expected", [
    # LAC read a name and a verb; the NER's mention took the verb in.
    # A one-character verb may be the end of the given name: the mention stands.
    ("张建会表示", [("张建", "PER"), ("会", "v"), ("表示", "v")], (0, 3), (0, 3)),
    ("周远晋升一级", [("周远", "PER"), ("晋升", "v"), ("一级", "m")], (0, 4), (0, 2)),
    # The verb cut out of a longer word of LAC's: the mention's reading wins.
    ("李玉爱上有老人", [("李玉", "PER"), ("爱上", "v"), ("有", "v")], (0, 3), (0, 3)),
    # A "verb" before a comma ends a transliterated name LAC misread.
    ("本萨扎、", [("本萨", "PER"), ("扎", "v"), ("、", "w")], (0, 3), (0, 3)),
])
def test_a_person_does_not_take_the_verb_after_it(text, words, mention, expected) -> None:
    assert _person_before_verb(text, words, *mention, "PER")[:2] == expected


def test_only_people_lose_a_verb() -> None:
    assert _person_before_verb("澄溪租", [("澄溪", "PER"), ("租", "v")], 0, 3, "LOC") == (0, 3, "LOC")


# -- places and bodies ------------------------------------------------------------------

def test_a_verb_before_a_body_is_not_part_of_it() -> None:
    tokens = [("宣布", "v", ""), ("，", "w", ""), ("同意", "v", "ORG"), ("综合", "a", "+"), ("服务", "vn", "+"),
              ("办公室", "n", "+"), ("主任", "n", "")]
    assert ("综合服务办公室", "ORG") in run(tokens)


@pytest.mark.parametrize("words, expected", [
    ([("澄溪集团", "ORG"), ("旗下", "n"), ("澄溪汽车有限公司", "ORG")], {"澄溪集团", "澄溪汽车有限公司"}),
    ([("澄溪", "ORG"), ("携", "v"), ("旗下", "n"), ("澄溪资产管理有限公司", "ORG")], {"澄溪", "澄溪资产管理有限公司"}),
])
def test_a_body_under_another_is_its_own_name(words, expected) -> None:
    tokens = [(w, t, "ORG" if i == 0 else "+") for i, (w, t) in enumerate(words)] + [("捐款", "v", "")]
    assert {n for n, label in run(tokens) if label == "ORG"} == expected


def test_a_count_after_the_last_place_of_a_list_is_no_part_of_it() -> None:
    tokens = [("长沙", "LOC", "LOC"), ("、", "w", ""), ("湘潭", "LOC", "LOC"), ("2", "m", "+"), ("市", "n", "+"),
              ("捐赠", "v", "")]
    assert run(tokens) == {("长沙", "LOC"), ("湘潭", "LOC")}


def test_a_place_does_not_take_the_start_of_a_title() -> None:
    tokens = [("得知", "v", ""), ("青岚", "LOC", "LOC"), ("村村", "LOC", "+"), ("支书", "n", ""), ("张丰", "PER", "PER")]
    assert ("青岚村", "LOC") in run(tokens)


def test_a_county_keeps_its_level_before_a_head_title() -> None:
    tokens = [("青岚县", "LOC", "LOC"), ("长", "n", ""), ("张丰", "PER", "PER")]
    assert ("青岚县", "LOC") in run(tokens)


@pytest.mark.parametrize("word, lac, ner, expected", [
    ("澄华置地", "ORG", "LOC", "ORG"),   # a company LAC knows, the NER took for a place
    ("东北", "ORG", "LOC", "LOC"),       # directions stay places
    ("澄溪村", "LOC", "ORG", "LOC"),     # a village alone is a place
    ("新西兰工人复兴党", "LOC", "ORG", "ORG"),  # a party keeps its type
])
def test_lac_decides_the_type_where_the_name_agrees(word: str, lac: str, ner: str, expected: str) -> None:
    assert run([("，", "w", ""), (word, lac, ner), ("向", "p", "")]) == {(word, expected)}


@pytest.mark.parametrize("pair", ["中埃", "埃中", "中美"])
def test_two_countries_short_names_are_no_name(pair: str) -> None:
    assert run([("推动", "v", ""), (pair, "LOC", "LOC"), ("合作", "v", "")]) == set()


@pytest.mark.parametrize("word", ["中国公司", "中国党", "财政部各地监管局", "第十六批援助医疗队", "浙江省法院"])
def test_a_kind_of_body_is_no_named_body(word: str) -> None:
    assert run([("在", "p", ""), (word, "ORG", "ORG"), ("工作", "v", "")]) == set()


@pytest.mark.parametrize("word", ["中国银行", "澄溪市总工会"])
def test_named_bodies_stay(word: str) -> None:
    assert run([("在", "p", ""), (word, "ORG", "ORG"), ("工作", "v", "")]) == {(word, "ORG")}


def test_a_dotted_name_keeps_a_word_read_as_a_verb_inside_it() -> None:
    tokens = [("、", "w", ""), ("阿布", "PER", "PER"), ("更", "d", ""), ("·", "w", ""), ("依明", "v", ""),
              ("江木", "LOC", "LOC"), ("、", "w", "")]
    assert run(tokens) == {("阿布更·依明江木", "PER")}


def test_a_dotted_name_does_not_take_the_verb_after_it() -> None:
    tokens = [("秘书长", "n", ""), ("阿布", "PER", "PER"), ("·", "w", ""), ("萨德", "PER", "PER"), ("认为", "v", ""),
              ("，", "w", "")]
    assert ("阿布·萨德", "PER") in run(tokens)


@pytest.mark.parametrize("place, head", [("澄江", "锚地"), ("青岚", "船闸"), ("西北", "地区"), ("长三角", "地区"),
                                         ("澄溪山", "根据地")])
def test_a_place_takes_the_facility_or_region_word_after_it(place: str, head: str) -> None:
    assert run([("在", "p", ""), (place, "LOC", "LOC"), (head, "n", ""), ("等待", "v", "")]) == {(place + head, "LOC")}


def test_a_division_does_not_take_region_after_it() -> None:
    assert run([("在", "p", ""), ("苏州", "LOC", "LOC"), ("地区", "n", ""), ("等待", "v", "")]) == {("苏州", "LOC")}


def test_a_facility_named_after_a_place_is_a_place() -> None:
    tokens = [("在", "p", ""), ("澄园", "LOC", "ORG"), ("地铁站", "n", "+"), ("试点", "v", "")]
    assert run(tokens) == {("澄园地铁站", "LOC")}


def test_a_county_seat_is_the_county() -> None:
    assert run([("发至", "v", ""), ("青岚县城", "LOC", "LOC"), ("的", "u", "")]) == {("青岚县", "LOC")}


@pytest.mark.parametrize("word", ["特区", "合作区", "山区"])
def test_a_kind_of_zone_alone_is_no_place(word: str) -> None:
    assert run([("负责", "v", ""), (word, "LOC", "LOC"), ("运营", "v", "")]) == set()


def test_a_single_character_does_not_take_a_feature_word() -> None:
    tokens = [("黄", "LOC", "LOC"), ("土", "LOC", "LOC"), ("高原", "n", ""), ("上", "f", "")]
    assert run(tokens) == set()


def test_a_name_padded_with_spaces_is_left_to_the_credit() -> None:
    assert run([("（", "w", ""), ("张  丰", "PER", "PER"), ("）", "w", "")]) == set()


def test_a_unit_after_a_company_is_its_own_body() -> None:
    tokens = [("由", "p", ""), ("澄溪铁路集团有限公司", "ORG", "ORG"), ("青岚客运段", "LOC", "+"), ("担当", "v", "")]
    assert run(tokens) == {("澄溪铁路集团有限公司", "ORG"), ("青岚客运段", "ORG")}


def test_a_zone_cut_inside_its_head_is_whole() -> None:
    tokens = [("，", "w", ""), ("澄溪经", "LOC", "LOC"), ("开", "v", ""), ("区", "n", ""), ("派", "v", "")]
    assert run(tokens) == {("澄溪经开区", "LOC")}


def test_a_zone_at_the_end_of_the_text_ends_there() -> None:
    tokens = [("澄溪", "LOC", "LOC"), ("高新区", "LOC", "+")]
    assert run(tokens) == {("澄溪高新区", "LOC")}


def test_a_company_keeps_its_own_union() -> None:
    tokens = [("澄溪港务有限公司", "ORG", "ORG"), ("工会", "n", "+"), ("召开", "v", "")]
    assert run(tokens) == {("澄溪港务有限公司工会", "ORG")}


def test_a_name_after_a_verb_of_going_is_a_place() -> None:
    tokens = [("被", "p", ""), ("派", "v", ""), ("往", "p", ""), ("澄溪堡", "PER", "PER"), ("，", "w", "")]
    assert run(tokens) == {("澄溪堡", "LOC")}


def test_a_name_with_a_branch_after_it_is_a_body() -> None:
    tokens = [("，", "w", ""), ("澄溪湾", "PER", "PER"), ("支部", "n", ""), ("推行", "v", "")]
    assert run(tokens) == {("澄溪湾支部", "ORG")}


def test_a_branch_secretary_stays_a_person() -> None:
    tokens = [("，", "w", ""), ("张三丰", "PER", "PER"), ("支部", "n", ""), ("书记", "n", ""), ("说", "v", "")]
    assert run(tokens) == {("张三丰", "PER")}


def test_a_chain_of_divisions_is_one_mention_per_place() -> None:
    tokens = [("在", "p", ""), ("湖北大悟县", "LOC", "LOC"), ("，", "w", "")]
    assert run(tokens) == {("湖北", "LOC"), ("大悟县", "LOC")}


@pytest.mark.parametrize("word", ["日军", "美军", "管理局", "常委会", "区指挥部", "区县生态环境局", "审判委员会"])
def test_troops_of_a_nation_and_kinds_of_body_are_no_named_body(word: str) -> None:
    assert run([("在", "p", ""), (word, "ORG", "ORG"), ("工作", "v", "")]) == set()


@pytest.mark.parametrize("word", ["青岚县公安局", "澄溪市委", "八路军"])
def test_named_bodies_and_armies_stay(word: str) -> None:
    assert run([("在", "p", ""), (word, "ORG", "ORG"), ("工作", "v", "")]) == {(word, "ORG")}


def test_a_facility_cut_inside_its_head_is_whole() -> None:
    tokens = [("，", "w", ""), ("澄江河", "LOC", "LOC"), ("段", "LOC", ""), ("水上", "s", "")]
    assert run(tokens) == {("澄江河段", "LOC")}


@pytest.mark.parametrize("word", ["张三丰家乡", "澄溪一带"])
def test_a_phrase_about_a_place_is_no_place_name(word: str) -> None:
    assert run([("……", "w", ""), (word, "LOC", "LOC"), ("通过", "p", "")]) == set()


def test_a_province_s_market_bureau_is_a_named_body() -> None:
    assert run([("在", "p", ""), ("省市场监督管理局", "ORG", "ORG"), ("工作", "v", "")]) == {("省市场监督管理局", "ORG")}


def test_a_memorial_hall_is_a_body() -> None:
    assert run([("在", "p", ""), ("张三丰纪念馆", "LOC", "LOC"), ("工作", "v", "")]) == {("张三丰纪念馆", "ORG")}


def test_a_ship_named_after_a_province_is_no_place() -> None:
    assert run([("航母", "n", ""), ("“", "w", ""), ("辽宁", "LOC", "LOC"), ("舰", "n", ""), ("”", "w", "")]) == set()


def test_a_foreign_city_does_not_take_region_after_it() -> None:
    assert run([("在", "p", ""), ("柏林", "LOC", "LOC"), ("地区", "n", ""), ("等待", "v", "")]) == {("柏林", "LOC")}


@pytest.mark.parametrize("word", ["中华", "华夏"])
def test_words_that_are_no_place_do_not_become_bodies(word: str) -> None:
    assert run([("书写", "v", ""), (word, "ORG", "LOC"), ("文明", "n", "")]) == set()


def test_a_person_before_an_ideology_stays_a_person(nlp) -> None:
    doc = nlp("张三丰坚持社会主义，李小川说社会主义好。")
    people = [e.text for e in doc.ents if e.label_ == "PER"]
    assert "张三丰" in people and "李小川" in people
