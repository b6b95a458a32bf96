"""Credits as People's Daily and Xinhua write them, and the story blocks of a
column page (zhitu.read.bylines, zhitu.read.articles): invented text only."""
from __future__ import annotations

import datetime as dt

import pytest

from zhitu.read.articles import split_articles
from zhitu.read.bylines import find_dateline, parse_byline
from zhitu.read.model import Article, Document
from zhitu.read.reading import date_from_name, document_from_text, read_document

PAGE_DATE = dt.date(2021, 3, 9)


def articles(text: str) -> tuple[Document, list[Article]]:
    doc = document_from_text(text, doc_id="page.md", source="page.md", format="md", date=PAGE_DATE,
                             publisher="澄溪日报")
    return doc, split_articles(doc)


def credits(article: Article) -> list[tuple[str, str, str | None]]:
    return [(c.name, c.role, c.position) for c in article.credits]


# -- bylines -----------------------------------------------------------------------


@pytest.mark.parametrize(("byline", "expected"), [
    # a two-character name padded to three by the layout
    ("本报记者 韩 立", [("韩立", "author", "记者")]),
    ("本报记者  韩  立  沈一舟", [("韩立", "author", "记者"), ("沈一舟", "author", "记者")]),
    ("记者 韩 立 通讯员 柏 岩", [("韩立", "author", "记者"), ("柏岩", "contributor", "通讯员")]),
    # a round-up of several reporters' reports: all are authors
    ("综合本报记者韩立、沈一舟、柏岩报道",
     [("韩立", "author", "记者"), ("沈一舟", "author", "记者"), ("柏岩", "author", "记者")]),
    ("综合韩立、沈一舟报道", [("韩立", "author", None), ("沈一舟", "author", None)]),
])
def test_newspaper_bylines(byline: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert [(c.name, c.role, c.position) for c in parse_byline(byline) or []] == expected


def test_a_padded_name_spans_its_two_characters() -> None:
    [credit] = parse_byline("本报记者 韩 立", 100) or []
    assert (credit.start, credit.end) == (105, 108)


@pytest.mark.parametrize("byline", ["记者 韩 立 王", "记者手记", "记者点评", "记者 韩 北京报道"])
def test_not_bylines(byline: str) -> None:
    assert parse_byline(byline) is None


def test_names_in_brackets_ending_a_story_are_its_authors() -> None:
    _, [article] = articles("# 标题\n\n正文第一段。\n\n正文第二段。\n（林溪 韩 立 柏 岩）")
    assert credits(article) == [("林溪", "author", None), ("韩立", "author", None), ("柏岩", "author", None)]


def test_round_up_credit_in_brackets() -> None:
    _, [article] = articles("# 标题\n\n正文第一段。\n\n正文第二段。\n\n（综合本报记者韩立、沈一舟报道）")
    assert credits(article) == [("韩立", "author", "记者"), ("沈一舟", "author", "记者")]


# -- datelines after title lines and decks ---------------------------------------------


def test_dateline_after_the_repeated_title_and_a_deck() -> None:
    _, [article] = articles("## 澄溪港吞吐量创新高\n\n澄溪港吞吐量创新高\n全年完成货物吞吐量3亿吨，同比增长百分之五\n"
                            "新华社澄溪3月8日电 （记者韩立）澄溪港8日发布数据。\n第二段。")
    assert (article.publisher, article.dateline, article.date) == ("新华社", "澄溪", dt.date(2021, 3, 8))
    assert credits(article) == [("韩立", "author", "记者")]


def test_dateline_after_a_pull_quote() -> None:
    _, [article] = articles("## 标题——\n\n标题——\n副题一行（权威发布）\n\n“引语一句。”\n\n"
                            "本报北京3月8日电 （记者沈一舟）正文。")
    assert (article.publisher, article.dateline) == ("澄溪日报", "北京")
    assert credits(article) == [("沈一舟", "author", "记者")]


# -- title blocks without heading marks -------------------------------------------------

COLUMN = """## 走基层

走基层

青岚县新建三座水厂
全县农户喝上放心水
本报记者 韩 立
3月5日，青岚县第三座水厂通水。村民说，水甜了。
水厂负责人介绍，今年还要再建一座。

澄溪镇办起夜校
本报记者 沈一舟
夜校开课第一天，来了六十多名村民。
"""


def test_column_of_stories_with_bylines() -> None:
    _, found = articles(COLUMN)
    assert [a.headline for a in found] == ["青岚县新建三座水厂 全县农户喝上放心水", "澄溪镇办起夜校"]
    assert [credits(a) for a in found] == [[("韩立", "author", "记者")], [("沈一舟", "author", "记者")]]
    assert all(a.publisher == "澄溪日报" for a in found)


def test_column_with_an_editors_note_keeps_its_own_article() -> None:
    text = COLUMN.replace("走基层\n\n青岚", "走基层\n\n这组报道记录了乡村的新变化。\n——编 者\n\n青岚")
    _, found = articles(text)
    assert [a.headline for a in found] == ["走基层", "青岚县新建三座水厂 全县农户喝上放心水", "澄溪镇办起夜校"]
    assert found[0].credits == ()


def test_stories_with_deck_and_dateline() -> None:
    text = ("## 数字\n\n数字\n\n3亿吨 澄溪港吞吐量创新高\n全年完成货物吞吐量3亿吨，同比增长百分之五\n"
            "本报澄溪3月8日电 （记者韩立）澄溪港8日发布数据。\n\n"
            "12万人 青岚县新增就业\n今年以来，青岚县新增就业12万人。增速居全省前列\n"
            "本报青岚3月8日电 （记者沈一舟）青岚县8日发布数据。\n")
    _, found = articles(text)
    assert [(a.headline, a.dateline) for a in found] == [("3亿吨 澄溪港吞吐量创新高", "澄溪"),
                                                        ("12万人 青岚县新增就业", "青岚")]
    assert [credits(a) for a in found] == [[("韩立", "author", "记者")], [("沈一舟", "author", "记者")]]


def test_column_of_stories_closed_by_their_bylines() -> None:
    text = ("## 一线\n\n一线\n\n守站四十年\n从绿皮车到动车\n见证家乡巨变\n正文一段。\n（本报记者 韩 立）\n\n"
            "千里送亲人\n从澄溪到青岚\n护送老人回家\n正文一段。\n（沈一舟 柏 岩）\n")
    _, found = articles(text)
    assert [a.headline for a in found] == ["守站四十年 从绿皮车到动车 见证家乡巨变", "千里送亲人 从澄溪到青岚 护送老人回家"]
    assert [credits(a) for a in found] == [[("韩立", "author", "记者")],
                                           [("沈一舟", "author", None), ("柏岩", "author", None)]]


def test_subheads_of_a_round_up_are_sections() -> None:
    text = ("## 各地支援\n\n各地支援\n\n连日来，各地积极支援。\n捐助物资\n支援一线\n正文一段。\n"
            "发挥优势\n协同攻关\n正文一段。\n（综合韩立、沈一舟报道）\n")
    _, [article] = articles(text)
    assert article.headline == "各地支援"
    assert credits(article) == [("韩立", "author", None), ("沈一舟", "author", None)]


def test_subtitles_of_a_single_story_are_not_stories() -> None:
    text = ("## 韩立给澄溪小学学生回信\n\n韩立给澄溪小学学生回信\n勉励同学们好好学习\n回 信\n同学们：\n"
            "你们好！来信收到了。\n韩立\n2021年3月1日\n（新华社北京3月8日电）\n\n新华社北京3月8日电 正文。\n")
    _, found = articles(text)
    assert [a.headline for a in found] == ["韩立给澄溪小学学生回信"]


def test_briefs_each_closed_by_a_pen_name() -> None:
    text = ("## 速递\n\n速递\n\n澄溪港开通新航线\n本报电 澄溪港日前开通新航线。\n（韩立）\n\n"
            "青岚县举办农民运动会\n本报电 青岚县日前举办农民运动会。\n（沈一舟）\n")
    _, found = articles(text)
    assert [(a.headline, credits(a)) for a in found] == [("澄溪港开通新航线", [("韩立", "author", None)]),
                                                        ("青岚县举办农民运动会", [("沈一舟", "author", None)])]


@pytest.mark.parametrize(("byline", "expected"), [
    ("本报记者 韩立整理", [("韩立", "author", "记者")]),
    ("本报记者 韩立 沈一舟采访整理", [("韩立", "author", "记者"), ("沈一舟", "author", "记者")]),
    ("本报记者韩立、沈一舟报道", [("韩立", "author", "记者"), ("沈一舟", "author", "记者")]),
    ("本报记者柏岩参与采写", [("柏岩", "contributor", "记者")]),
    ("本报驻澄溪记者 韩立", [("韩立", "author", "记者")]),
])
def test_what_the_reporters_did(byline: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert [(c.name, c.role, c.position) for c in parse_byline(byline) or []] == expected


@pytest.mark.parametrize("byline", ["记者 韩立 北京报道", "韩立整理", "本报记者韩立、沈一舟 北京报道"])
def test_place_reports_and_bare_names_are_no_bylines(byline: str) -> None:
    assert parse_byline(byline) is None


def test_a_long_list_of_reporters_in_brackets() -> None:
    names = ["韩立", "沈一舟", "柏岩", "林溪", "宋一帆", "邵青", "廖明", "钟夏", "王芳", "陈立", "周宁", "赵文凯",
             "包秀云", "耿刚", "杨光明", "许丛文"]
    _, [article] = articles("# 标题\n\n正文第一段。\n\n正文第二段。\n\n（本报记者" + "、".join(names) + "）")
    assert [c.name for c in article.credits] == names


# -- the page date from an archive's file name -------------------------------------------


@pytest.mark.parametrize(("name", "expected"), [
    ("rmrb-20190202-06-03.md", dt.date(2019, 2, 2)),
    ("20230914_page2.txt", dt.date(2023, 9, 14)),
    ("page-120230914.txt", None),
    ("rmrb-20191302-01.md", None),
    ("page.md", None),
])
def test_date_from_name(name: str, expected: dt.date | None) -> None:
    assert date_from_name(name) == expected


def test_a_file_named_by_its_date_is_dated_by_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "paper-20210309-04.md"
    path.write_text("# 标题\n\n2020年5月1日，澄溪港开港。\n", encoding="utf-8")
    assert read_document(path).date == dt.date(2021, 3, 9)
    assert read_document(path, date=dt.date(2021, 3, 10)).date == dt.date(2021, 3, 10)


# -- founded ---------------------------------------------------------------------------


def founded(text: str, date: dt.date | None = PAGE_DATE) -> set[tuple[str, str]]:
    from zhitu.extractors.pipeline import extract_articles

    doc = document_from_text(f"# 标题\n\n{text}", doc_id="f.md", source="f.md", format="md", date=date)
    found = set()
    for processed in extract_articles([(doc, a) for a in split_articles(doc)]):
        found |= {(r.head[1], r.value) for r in processed._.relations or [] if r.relation == "founded"}
    return found


@pytest.mark.parametrize(("text", "expected"), [
    ("1934年，张三丰回到澄溪，成立中共澄溪特委，任特委书记。", {("中共澄溪特委", "1934")}),
    ("澄溪港务集团成立于1998年5月。", {("澄溪港务集团", "1998-05")}),
    ("澄溪日报创刊于1948年6月15日。", {("澄溪日报", "1948-06-15")}),
    ("澄溪市外卖配送行业联合会于2020年5月正式成立。", {("澄溪市外卖配送行业联合会", "2020-05")}),
    ("6月27日，澄溪市快递行业联合会成立。", {("澄溪市快递行业联合会", "2021-06-27")}),
    # the month is the decision's: only the year
    ("1941年3月，中央决定创办第一张大型日报、中共中央机关报《澄溪日报》，张三丰任总编辑。", {("澄溪日报", "1941")}),
    # counts of years back from the article's year
    ("今年是澄溪港务集团成立30周年。", {("澄溪港务集团", "1991")}),
    ("2019年是澄溪港务集团成立30周年。", {("澄溪港务集团", "1989")}),
    ("澄溪市总工会成立专案组调查此事。", set()),  # X成立Y: X set Y up
    ("今年，澄溪县每两年创建一批澄溪县文化传承学校。", set()),  # a plural object names a kind
])
def test_founded(text: str, expected: set[tuple[str, str]], monkeypatch: pytest.MonkeyPatch) -> None:
    from zhitu.extractors.components import founded as component

    monkeypatch.setattr(component, "PARTIAL_DATES", True)
    assert founded(text) == expected


def test_founding_dates_keep_the_precision_the_text_gives() -> None:
    assert founded("1934年，张三丰回到澄溪，成立中共澄溪特委，任特委书记。") == {("中共澄溪特委", "1934")}
    assert founded("澄溪日报创刊于1948年6月15日。") == {("澄溪日报", "1948-06-15")}


@pytest.mark.parametrize("text", [
    "1921年，张三丰考入李四光等人创建的澄溪中学。",  # a relative clause: 1921 is when he entered it
    "1935年，张三丰提出组建澄溪市快递行业联合会的建议。",  # the body modifies 建议
    "澄溪港务集团成立以来，吞吐量逐年增长。",
])
def test_no_founding_date(text: str) -> None:
    assert founded(text) == set()


def test_anniversary_needs_the_article_year() -> None:
    assert founded("今年是澄溪港务集团成立30周年。", date=None) == set()


# -- datelines without a date, or with several places --------------------------------------


@pytest.mark.parametrize(("line", "agency", "place", "month"), [
    ("据新华社澄溪电 记者韩立", "新华社", "澄溪", None),
    ("本报青岚电 记者沈一舟", "本报", "青岚", None),
    ("本报罗马、开罗、布宜诺斯艾利斯1月20日电 记者韩立", "本报", None, 1),
])
def test_undated_and_round_up_datelines(line: str, agency: str, place: str | None, month: int | None) -> None:
    found = find_dateline(line)
    assert found is not None and (found.agency, found.place, found.month) == (agency, place, month)


def test_no_dateline_in_a_sentence_about_a_reporter() -> None:
    assert find_dateline("新华社记者电话采访了韩立。") is None


def test_round_up_dateline_in_brackets_gives_the_reporters() -> None:
    _, [article] = articles("# 标题\n\n正文第一段。\n\n正文第二段。\n\n（本报罗马、开罗1月20日电 记者韩立、沈一舟）")
    assert article.publisher == "澄溪日报"
    assert credits(article) == [("韩立", "author", "记者"), ("沈一舟", "author", "记者")]


def test_a_publisher_the_text_never_names_is_no_entity_of_the_text(tmp_path) -> None:
    from rdflib.namespace import RDF

    from zhitu.build import build_dataset
    from zhitu.graph.namespaces import SCHEMA, ZT
    from zhitu.validation import validate

    quiet = tmp_path / "quiet.md"
    quiet.write_text("# 青禾农场迎来丰收\n\n青禾农场今年收获小麦三千吨。\n", encoding="utf-8")
    named = tmp_path / "named.md"
    named.write_text("# 澄溪新桥通车\n\n本报讯 澄溪县新桥昨日通车。\n", encoding="utf-8")
    for page, typed in ((quiet, SCHEMA.Organization), (named, ZT.Organization)):
        dataset, _ = build_dataset([str(page)], publisher="青山日报")
        (paper,) = set(dataset.objects(None, SCHEMA.publisher))
        assert (paper, RDF.type, typed) in dataset
        assert ((paper, RDF.type, ZT.Organization) in dataset) == (typed == ZT.Organization)
        assert validate(dataset).conforms


def test_a_founding_year_alone_is_an_xsd_gyear_and_conforms(tmp_path) -> None:
    from rdflib.namespace import XSD

    from zhitu.build import build_dataset
    from zhitu.graph.namespaces import SCHEMA
    from zhitu.validation import validate

    page = tmp_path / "page.md"
    page.write_text("# 合作社的故事\n\n澄溪县青禾农业合作社成立于1998年，如今有社员三百户。\n", encoding="utf-8")
    dataset, _ = build_dataset([str(page)], publisher="青山日报")
    (founded,) = set(dataset.objects(None, SCHEMA.foundingDate))
    assert (str(founded), founded.datatype) == ("1998", XSD.gYear)
    assert validate(dataset).conforms
