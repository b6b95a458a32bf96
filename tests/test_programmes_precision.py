"""Programmes on unseen news (issue 9): quoted nicknames, sayings and terms, quoted
names that run into the sentence after them, and generic reforms, plans and actions
are no programmes; quoted names with their heads stay programmes. Invented text only."""
from __future__ import annotations

import pytest


def programmes(doc) -> set[str]:
    return {e.text for e in doc.ents if e.label_ == "PROG"}


@pytest.mark.parametrize("text", [
    "“夜猫族”“低头族”等说法在校园里流行。",  # a list closed by a noun that is no programme
    "社区张贴了“随手关灯”“节约用水”等8条标语。",  # … by a count of something else
    "新馆达到了“湿度低于百分之四十”等“硬门槛”。",
])
def test_quoted_terms_in_a_list_of_something_else_are_no_programmes(nlp, text: str) -> None:
    assert programmes(nlp(text)) == set()


def test_quoted_names_in_a_list_of_activities_are_programmes(nlp) -> None:
    assert {"“澄溪随手拍”", "“柳岸找茬”"} <= programmes(nlp("相关部门开展“澄溪随手拍”“柳岸找茬”等活动。"))


@pytest.mark.parametrize("text", [
    "“柳岸贷”放款三个月后，工厂扩建了车间。",  # a head inside a time (三个月)
    "“精简”同样能带来好服务。",  # an adverb and a verb between
    "省里把“柳岸夜市”写进年度工作要点。",
    "“澄溪通办”基本服务功能已覆盖全市。",  # the head modifies a noun after it
    "银行提供“陪伴式”服务，医院推行“管家式”服务。",  # a style: a kind of service
    "警方严打“澄溪帮”敲诈违法活动。",  # wrongdoing
])
def test_quoted_names_running_into_the_sentence_are_no_programmes(nlp, text: str) -> None:
    assert programmes(nlp(text)) == set()


@pytest.mark.parametrize("text", [
    "村里组织“齐上阵”清理河道。",  # a phrase of its own before the next verb
    "柳岸县推出“云上”问诊。",
    "武装组织“黑旗会”声称对爆炸负责。",  # 组织 a noun here
    "要走好科技创新“先手招”。",  # 创新 a noun of action here
])
def test_a_bare_quoted_word_that_is_no_object_of_a_programme_verb_is_none(nlp, text: str) -> None:
    assert programmes(nlp(text)) == set()


@pytest.mark.parametrize(("text", "name"), [
    ("澄溪市开展“澄溪清河”行动。", "“澄溪清河”行动"),
    ("柳岸县启动“三清一改”专项整治行动。", "“三清一改”专项整治行动"),
    ("柳岸县开展“智慧菜场”建设试点。", "“智慧菜场”建设试点"),
    ("柳岸县每年组织“最美护林员”评选工作。", "“最美护林员”评选"),  # the work of the programme
    ("澄溪市公布“容缺受理”改革事项清单。", "“容缺受理”改革"),  # the head right after the quote
    ("柳岸县启动“澄溪之友”援建学校项目。", "“澄溪之友”援建学校项目"),  # what a project does
    ("各社区都在推广“光盘打卡行动”等新风尚。", "“光盘打卡行动”"),  # a head of its own
    ("“澄溪计划”更加注重基础学科。", "“澄溪计划”"),
    ("青禾港务集团启动“澄港工匠”培育工程。", "“澄港工匠”培育工程"),  # one verb and the head: one noun
])
def test_quoted_programmes_with_their_heads(nlp, text: str, name: str) -> None:
    assert name in programmes(nlp(text))


@pytest.mark.parametrize("text", [
    "这项做法被中央改革办列为典型。",  # the centre's reform office
    "两位部长就加强双方战略对话交换意见。",
    "各村将根据受损情况拟定相应修复计划。",
    "学院正在酝酿职业教育相关改革。",
    "柳岸码头计划明年春天启用。",  # plans to
    "2031年园区计划种树三千株。",
    "她在本子上写下自己的暑期读书计划。",  # someone's own plan
    "两地警方组织联合行动，超市的促销活动也多了。",  # kinds of action
    "澄溪警方严打电信诈骗犯罪活动。",
])
def test_generic_reforms_plans_and_actions_are_no_programmes(nlp, text: str) -> None:
    assert programmes(nlp(text)) == set()


def test_a_plan_that_is_something_keeps_its_name(nlp) -> None:
    assert "茶叶振兴计划" in programmes(nlp("他说，茶叶振兴计划是全县增收的主要抓手。"))


def test_the_country_before_a_programme_is_no_part_of_it(nlp) -> None:
    assert programmes(nlp("这台设备将服务于我国深海探测工程。")) == {"深海探测工程"}


def test_a_titles_short_form_of_heads_alone_is_no_programme(nlp) -> None:
    doc = nlp("柳岸市印发《柳岸湾区协同发展规划纲要》（以下简称《规划纲要》）。")
    assert programmes(doc) == {"柳岸湾区协同发展规划纲要"}


def test_a_campaign_is_named_after_a_governing_verb_and_not_where_its_start_is_unclear(nlp) -> None:
    doc = nlp("各乡镇要确保攻坚战质量，坚决打赢治水攻坚战。狠抓攻坚任务落实。")
    assert programmes(doc) == {"治水攻坚"}
    assert programmes(nlp("专家调研治水攻坚工作，剩余治水攻坚任务艰巨。")) == set()


def test_keeping_up_or_stepping_up_an_assault_names_no_campaign(nlp) -> None:
    doc = nlp("青禾县保持攻坚态势，强化攻坚措施，决不松劲。青禾县处于攻坚阶段，坚决打赢治水攻坚战。")
    assert programmes(doc) == {"治水攻坚"}


def test_a_quoted_noun_before_a_verb_of_purpose_is_the_object_of_the_verb_before(nlp) -> None:
    assert "“金牌月嫂”" in programmes(nlp("妇联选树“金牌月嫂”带动就业。"))


def test_a_quoted_character_is_no_name(nlp) -> None:
    assert programmes(nlp("他们用巧手“织”出小镇品牌。")) == set()


def test_someones_own_plan_is_none_but_a_bodys_strategy_is_one(nlp) -> None:
    assert programmes(nlp("她写下自己的暑期读书计划。")) == set()
    assert "滨海开放开发战略" in programmes(nlp("要把自身的滨海开放开发战略融入全省布局。"))


def test_a_quoted_name_after_de_before_a_verb_only_modifies_it(nlp) -> None:
    assert programmes(nlp("两家报社联合主办的“奋进之路”征文正式开篇。")) == set()


@pytest.mark.parametrize("text", [
    "村民自发组建“护河小分队”“巡逻互助队”等。",  # groups, not programmes
    "当地组织了“农忙帮扶小组”，帮助困难户。",
])
def test_a_quoted_group_is_no_programme(nlp, text: str) -> None:
    assert programmes(nlp(text)) == set()


def test_a_quoted_meeting_after_a_programme_verb_is_an_event(nlp) -> None:
    doc = nlp("由澄溪日报主办的“第二届茶乡振兴论坛”近日举办。")
    assert "“第二届茶乡振兴论坛”" in {e.text for e in doc.ents if e.label_ == "EVENT"}
    assert programmes(doc) == set()


@pytest.mark.parametrize("text", [
    "资金用于三大山地公园改造工程。",  # a count of works of a kind
    "推进柳岸新型农村合作医疗改革。",  # an adjective before: the start is unclear
    "深化省和市机构改革。",  # a head both words share
    "借鉴柳岸等地医保支付改革的做法。",  # a kind of what is listed
])
def test_names_with_an_unclear_start_or_a_kind_are_no_programmes(nlp, text: str) -> None:
    assert programmes(nlp(text)) == set()


@pytest.mark.parametrize(("text", "name"), [
    ("柳岸市启动“清洁家园”和河道环境整治行动。", "河道环境整治行动"),  # after a quoted name and 和
    ("柳岸县统筹推进社区工作和社区治理改革。", "社区治理改革"),  # after a name's head and 和
    ("已连续实施三轮柳岸青年创业行动计划。", "柳岸青年创业行动计划"),  # rounds, not a count of works
])
def test_names_after_a_coordinated_name_or_a_round_stay(nlp, text: str, name: str) -> None:
    assert name in programmes(nlp(text))


def test_a_quoted_name_before_a_group_names_the_group(nlp) -> None:
    assert programmes(nlp("公司“清风行动”突击队连夜出发。")) == set()


def test_an_ordinal_batch_is_no_count_of_works(nlp) -> None:
    assert "混合所有制改革" in programmes(nlp("柳岸县第一至三批混合所有制改革已经完成。"))


def test_works_listed_as_kinds_are_no_programmes(nlp) -> None:
    assert programmes(nlp("项目主要分为山地公园改造工程、湿地修复建设工程、河道景观提升工程三大类。")) == set()
    assert "澄溪水库扩容工程" in programmes(nlp("柳岸县实施澄溪水库扩容工程，完成三类指标。"))
