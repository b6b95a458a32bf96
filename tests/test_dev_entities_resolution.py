"""Short forms folded into the one longer name of the same type they stand for
(issue 9: one entity written twice counts once right and once wrong): the end of
a body's name, a person's given name, 小/老 and the surname, the last part of a
dotted name, a place without its level word, a company without its trade word.
A short form that fits two longer names stays apart. Invented names throughout.
"""
from __future__ import annotations

import pytest

from zhitu.extractors.components.resolution import Resolution
from zhitu.extractors.facts import Entity
from zhitu.extractors.places import parent_in_name


def folded(label: str, names: list[str]) -> dict[str, set[str]]:
    """Fold ``names`` (one entity each) and return canonical name → aliases."""
    table = {(label, n): Entity(label, n, {n}, [(i, i + 1)]) for i, n in enumerate(names)}
    Resolution._merge_short_forms(table, [])
    return {e.canonical: e.aliases for e in table.values()}


@pytest.mark.parametrize("label, long, short", [
    ("ORG", "澄溪大学青禾医院", "青禾医院"),
    ("ORG", "柳岸部澄江航道管理局", "澄江航道管理局"),
    ("ORG", "澄江船闸调度中心", "调度中心"),
    ("ORG", "澄溪电器", "澄溪"),
    ("PER", "周明远", "明远"),
    ("PER", "周明远", "小周"),
    ("PER", "阿卜杜·塔里木", "塔里木"),
    ("LOC", "青禾村", "青禾"),
])
def test_a_short_form_folds_into_its_one_longer_name(label: str, long: str, short: str) -> None:
    result = folded(label, [long, short])
    assert list(result) == [long]
    assert short in result[long]


@pytest.mark.parametrize("label, longs, short", [
    ("ORG", ["澄溪电器", "澄溪置地"], "澄溪"),
])
def test_a_short_form_that_fits_two_names_stays_apart(label: str, longs: list[str], short: str) -> None:
    assert short in folded(label, [*longs, short])


def test_a_company_with_a_bracketed_group_takes_its_short_name() -> None:
    table = {("ORG", "澄溪（集团）有限公司"): Entity("ORG", "澄溪（集团）有限公司", {"澄溪集团"}, [(0, 1)]),
             ("ORG", "澄溪"): Entity("ORG", "澄溪", {"澄溪"}, [(5, 6)])}
    Resolution._merge_short_forms(table, [])
    assert list(table) == [("ORG", "澄溪（集团）有限公司")]


def test_a_body_that_is_a_head_is_not_a_trade_word() -> None:
    # 澄溪 and 澄溪医院 are two bodies: a hospital is not the company's trade.
    assert set(folded("ORG", ["澄溪医院", "澄溪"])) == {"澄溪医院", "澄溪"}


@pytest.mark.parametrize("long, short", [
    ("澄溪农村工作领导小组办公室", "澄农办"),
    ("柳岸部澄江通航管理局", "澄江通航局"),
    ("澄溪劳动人民党", "澄劳党"),
])
def test_an_abbreviation_folds_into_its_full_name(long: str, short: str) -> None:
    result = folded("ORG", [long, short])
    assert list(result) == [long]


@pytest.mark.parametrize("long, short", [("澄溪建设银行", "澄溪银行"), ("澄溪大学医学院", "澄溪大学"),
                                         ("澄溪理工大学", "澄溪大学")])
def test_a_name_with_a_word_left_out_is_another_body(long: str, short: str) -> None:
    assert set(folded("ORG", [long, short])) == {long, short}


def test_a_term_before_a_standard_short_name_is_no_part_of_the_body() -> None:
    from spacy.lang.zh import Chinese

    from zhitu.extractors.facts import register_extensions

    register_extensions()
    nlp = Chinese()
    doc = nlp.make_doc("十二届全国妇联开幕")
    doc.ents = [doc.char_span(0, 7, label="ORG", alignment_mode="expand")]
    entities = Resolution()(doc)._.entities
    assert [e.canonical for e in entities if e.label == "ORG"] == ["中华全国妇女联合会"]


@pytest.mark.parametrize("long, short", [("挪威青禾澄溪纤维织物股份有限公司", "青禾澄溪"),
                                         ("澄溪汽车集团有限公司", "澄溪集团")])
def test_a_company_short_name_folds_into_its_full_name(long: str, short: str) -> None:
    assert list(folded("ORG", [long, short])) == [long]


def test_a_place_is_no_company_short_name() -> None:
    assert set(folded("ORG", ["挪威澄溪银行股份有限公司", "挪威"])) == {"挪威澄溪银行股份有限公司", "挪威"}


def test_a_familiar_name_is_the_person_named_last_before_it() -> None:
    table = {("PER", n): Entity("PER", n, {n}, [at]) for n, at in
             (("周明远", (0, 3)), ("周立新", (50, 53)), ("小周", (60, 62)))}
    Resolution._merge_short_forms(table, [])
    assert "小周" in table[("PER", "周立新")].aliases


def test_a_familiar_name_before_any_full_name_stays_apart() -> None:
    table = {("PER", n): Entity("PER", n, {n}, [at]) for n, at in
             (("小周", (0, 2)), ("周明远", (10, 13)), ("周立新", (50, 53)))}
    Resolution._merge_short_forms(table, [])
    assert ("PER", "小周") in table


def test_a_county_since_made_a_city_is_the_city() -> None:
    # The gazetteer knows 义乌市 only: 义乌县 is the same place before it became a city.
    assert list(folded("LOC", ["义乌市", "义乌县"])) == ["义乌市"]


def test_a_county_the_gazetteer_knows_stays_apart() -> None:
    assert len(folded("LOC", ["吉林市", "吉林省"])) == 2


def test_a_short_form_that_ends_two_bodies_names_neither() -> None:
    assert set(folded("ORG", ["澄江海巡执法大队", "柳岸海巡执法大队", "海巡执法大队"])) == {
        "澄江海巡执法大队", "柳岸海巡执法大队"}


@pytest.mark.parametrize("name, unwanted", [("白沙镇", "白沙黎族自治县"), ("义乌洋航运协会", "义乌市")])
def test_a_short_division_name_before_a_town_word_or_ocean_is_no_division(name: str, unwanted: str) -> None:
    from spacy.lang.zh import Chinese

    from zhitu.extractors.facts import register_extensions

    register_extensions()
    doc = Chinese().make_doc(name + "。")
    label = "LOC" if name.endswith("镇") else "ORG"
    doc.ents = [doc.char_span(0, len(name), label=label)]
    assert unwanted not in {e.canonical for e in Resolution()(doc)._.entities}


@pytest.mark.parametrize("name, named", [("澄溪区环卫一所", True), ("一家青禾用品公司", False)])
def test_a_unit_number_is_no_count(name: str, named: bool) -> None:
    from spacy.lang.zh import Chinese

    from zhitu.extractors.facts import register_extensions

    register_extensions()
    doc = Chinese().make_doc(name + "。")
    doc.ents = [doc.char_span(0, len(name), label="ORG")]
    assert (name in {e.canonical for e in Resolution()(doc)._.entities}) == named


@pytest.mark.parametrize("label, long, short", [("ORG", "澄溪油田公司工会", "澄溪油田工会"),
                                                ("LOC", "澄溪综合保税区", "澄溪综保区")])
def test_a_union_without_the_company_word_or_a_zone_abbreviation_folds(label: str, long: str, short: str) -> None:
    assert list(folded(label, [long, short])) == [long]


def test_a_division_is_no_abbreviation_of_a_place_named_after_it() -> None:
    assert set(folded("LOC", ["义乌蔬菜批发市场", "义乌市"])) == {"义乌蔬菜批发市场", "义乌市"}


def test_a_village_branch_is_the_one_village_party_branch_named() -> None:
    assert list(folded("ORG", ["澄溪县青禾镇党支部", "镇支部"])) == ["澄溪县青禾镇党支部"]


@pytest.mark.parametrize(("text", "canonical"), [
    ("中央组织部派员到澄溪县调研。", "中共中央组织部"),
    ("中央政治局常委会召开会议，研究澄溪的救灾工作。", "中共中央政治局常务委员会"),
    ("澄溪市卫生健康委通报了病例。", "澄溪市卫生健康委员会"),
    ("国家发展改革委印发了青禾片区的规划。", "国家发展和改革委员会"),
    ("澄溪市监察委对此立案调查。", "澄溪市监察委员会"),
])
def test_central_party_bodies_and_commissions_by_their_short_names_are_the_bodies(nlp, text: str,
                                                                                  canonical: str) -> None:
    assert canonical in {e.canonical for e in nlp(text)._.entities if e.label == "ORG"}


def test_a_central_body_no_list_names_keeps_its_name(nlp) -> None:
    canonicals = {e.canonical for e in nlp("中央民族乐团在澄溪演出。")._.entities}
    assert not {c for c in canonicals if c.startswith("中共中央")}


def test_a_cppcc_national_committee_of_a_term_is_the_committee_of_every_term(nlp) -> None:
    doc = nlp("政协第十二届全国委员会常务委员会通过决议。中国人民政治协商会议第十二届全国委员会第四次会议开幕。")
    organisations = {e.canonical for e in doc._.entities if e.label == "ORG"}
    assert {"中国人民政治协商会议全国委员会常务委员会", "中国人民政治协商会议全国委员会"} <= organisations
    assert not {name for name in organisations if "第十二届" in name or name.endswith("协商会")}
    assert ("中国人民政治协商会议全国委员会", "organizes", "中国人民政治协商会议第十二届全国委员会第四次会议") in {
        (r.head[1], r.relation, r.tail[1]) for r in doc._.relations}


@pytest.mark.parametrize("name", ["澄溪商工会议所", "中国人民政治协商会议第十二届全国委员会"])
def test_a_body_named_with_a_meeting_word_has_no_parent_cut_inside_it(name: str) -> None:
    # 会议 is one word: 某某商工会议所 is no unit of a body named 某某商工会
    assert parent_in_name(name) is None


def test_a_central_commission_for_discipline_plenum_has_its_official_name(nlp) -> None:
    events = {e.canonical for e in nlp("十八届中央纪委五次全会在京召开。")._.entities if e.label == "EVENT"}
    assert events == {"中国共产党第十八届中央纪律检查委员会第五次全体会议"}


@pytest.mark.parametrize(("text", "bodies"), [
    ("中共中央国务院印发了关于澄溪片区的意见。", {"中国共产党中央委员会", "国务院"}),
    ("中共中央办公厅国务院办公厅印发通知。", {"中共中央办公厅", "国务院办公厅"}),
])
def test_joint_issuers_written_as_one_name_are_two_bodies_neither_under_the_other(nlp, text: str,
                                                                                  bodies: set[str]) -> None:
    doc = nlp(text)
    assert bodies <= {e.canonical for e in doc._.entities if e.label == "ORG"}
    units = {(r.head[1], r.tail[1]) for r in doc._.relations or [] if r.relation == "subOrganizationOf"}
    assert not {(a, b) for a in bodies for b in bodies if (a, b) in units}


@pytest.mark.parametrize(("text", "body"), [
    ("澄溪县委书记、中央纪委委员林晓岚说。", "中国共产党中央纪律检查委员会"),
    ("中共中央政治局委员、中央书记处书记周明远出席会议。", "中共中央书记处"),
])
def test_a_body_cut_before_the_rest_of_its_standard_short_name_takes_it_in(nlp, text: str, body: str) -> None:
    # the NER read 中央 alone as a body and the rest of the name as part of a title
    organisations = {e.canonical for e in nlp(text)._.entities if e.label == "ORG"}
    assert body in organisations and "中央" not in organisations


@pytest.mark.parametrize(("text", "canonical"), [
    ("中国全国人民代表大会代表林晓岚说。", "全国人民代表大会"),
    ("中国人民银行澄溪分行发布数据。中国人民银行发布数据。", "中国人民银行"),
])
def test_a_national_body_written_after_its_countrys_name_is_the_body(nlp, text: str, canonical: str) -> None:
    # 中国 + a full name the abbreviations table lists; 中国人民银行 is itself a full name and stays whole
    assert canonical in {e.canonical for e in nlp(text)._.entities if e.label == "ORG"}
