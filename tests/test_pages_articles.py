"""split_articles(): headings, columns, sections, datelines, publishers, credits."""
from __future__ import annotations

import datetime as dt
from importlib.resources import files

import pytest

from zhitu.read.articles import split_articles
from zhitu.read.bylines import find_dateline, parse_byline
from zhitu.read.model import Article, Credit, Document
from zhitu.read.reading import document_from_text

PAGE_DATE = dt.date(2023, 9, 14)


def make_doc(text: str, *, date: dt.date | None = PAGE_DATE, publisher: str | None = "澄溪工人报",
             title: str | None = None) -> Document:
    return document_from_text(text, doc_id="page.md", source="page.md", format="md", date=date,
                              publisher=publisher, title=title)


def one(text: str, **kwargs: object) -> tuple[Document, Article]:
    doc = make_doc(text, **kwargs)  # type: ignore[arg-type]
    [article] = split_articles(doc)
    return doc, article


def credits(article: Article) -> list[tuple[str, str, str | None]]:
    return [(c.name, c.role, c.position) for c in article.credits]


def check_offsets(doc: Document, article: Article) -> None:
    for credit in article.credits:
        assert doc.text[credit.start:credit.end] == credit.name
    assert article.start <= article.body_start <= article.end


# -- the bundled sample page -------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> tuple[Document, list[Article]]:
    text = files("zhitu").joinpath("samples/sample_page.md").read_text(encoding="utf-8")
    doc = document_from_text(text, doc_id="sample_page.md", source="sample_page.md", format="md",
                             publisher="澄溪工人报")
    return doc, split_articles(doc)


def test_sample_page_splits_as_designed(sample: tuple[Document, list[Article]]) -> None:
    doc, articles = sample
    assert doc.date == PAGE_DATE
    assert 3000 <= len(doc.text) <= 5000
    assert [a.headline for a in articles] == [
        "澄溪市总工会十五届三次全委会议召开 聚力推进产业工人队伍建设改革",
        "白沙镇“职工书屋”开进产业园",
        "2023年澄溪市数控车工职业技能大赛落幕",
        "山海之间展新颜",
        "青岚县新能源汽车产业工会联合会成立",
        "澄溪港务集团启动“金蓝领”培育计划",
    ]
    assert [a.article_id for a in articles][-1] == "sample_page.md#a5"


def test_sample_page_metadata(sample: tuple[Document, list[Article]]) -> None:
    doc, articles = sample
    assert [(a.date, a.dateline, a.publisher) for a in articles] == [
        (dt.date(2023, 9, 13), "澄溪", "澄溪工人报"),
        (PAGE_DATE, None, "澄溪工人报"),
        (PAGE_DATE, None, "澄溪工人报"),
        (dt.date(2023, 9, 13), "杭州", "新华社"),
        (PAGE_DATE, None, "澄溪工人报"),
        (PAGE_DATE, None, "澄溪工人报"),
    ]
    assert [credits(a) for a in articles] == [
        [("周明远", "author", "记者"), ("宋佳宁", "author", "记者"), ("陆晓岚", "contributor", "通讯员")],
        [("蒋文涛", "photographer", None)],
        [("宋佳宁", "author", "记者"), ("俞航", "contributor", "通讯员")],
        [("卢思远", "author", "记者"), ("何雨桐", "author", "记者")],
        [("潘晓雯", "contributor", "通讯员"), ("周明远", "author", "记者")],
        [("林溪", "author", None)],
    ]
    for article in articles:
        check_offsets(doc, article)


def test_sample_page_sections_stay_in_their_article(sample: tuple[Document, list[Article]]) -> None:
    doc, articles = sample
    story = doc.text[articles[3].start:articles[3].end]
    assert story.count("\n### ") == 3
    assert "黄立群说" in story  # a layout break inside the name, joined
    assert "## 工会服务在身边" not in "".join(doc.text[a.start:a.end] for a in articles)


# -- splitting -----------------------------------------------------------------


COLUMN_PAGE = """\
# 头条新闻

本报讯 头条的正文。

## 栏目名称
### 第一篇

第一篇的正文。

#### 第一篇的小节

小节的正文。

### 第二篇

第二篇的正文。

## 另一篇

另一篇的正文。

### 另一篇的小节

小节的正文。
"""


def test_column_header_sections_and_page_level_stories() -> None:
    doc = make_doc(COLUMN_PAGE)
    articles = split_articles(doc)
    assert [a.headline for a in articles] == ["头条新闻", "第一篇", "第二篇", "另一篇"]
    first = articles[1]
    assert doc.text[first.start:first.end] == "### 第一篇\n\n第一篇的正文。\n\n#### 第一篇的小节\n\n小节的正文。"
    assert doc.text[first.body_start:].startswith("第一篇的正文。")
    assert doc.text[articles[3].start:articles[3].end].endswith("### 另一篇的小节\n\n小节的正文。")


def test_without_a_column_a_deeper_heading_is_a_section() -> None:
    doc = make_doc("# 故事\n\n开头。\n\n## 第一部分\n\n正文。\n\n## 第二部分\n\n正文。\n\n# 下一个故事\n\n正文。")
    assert [a.headline for a in split_articles(doc)] == ["故事", "下一个故事"]


def test_a_deeper_heading_with_its_own_dateline_is_an_article() -> None:
    doc = make_doc("# 头条\n\n开头。\n\n## 简讯\n\n本报讯（记者张明）简讯的正文。")
    articles = split_articles(doc)
    assert [a.headline for a in articles] == ["头条", "简讯"]
    assert credits(articles[1]) == [("张明", "author", "记者")]


def test_masthead_before_the_first_heading_is_not_an_article() -> None:
    doc = make_doc("2023年9月14日 星期四 第3版\n\n# 标题\n\n正文。")
    assert [a.headline for a in split_articles(doc)] == ["标题"]


def test_text_before_the_first_heading_with_sentences_is_an_article() -> None:
    doc = make_doc("导语标题\n\n导语的正文。\n\n# 标题\n\n正文。")
    assert [a.headline for a in split_articles(doc)] == ["导语标题", "标题"]


def test_plain_page_is_one_article_headed_by_its_short_first_line() -> None:
    doc, article = one("2023年9月14日 星期四\n\n青年焊工赛技能\n\n9月9日，青年焊工在赛场上比拼技能。")
    assert article.headline == "青年焊工赛技能"
    assert doc.text[article.start:article.body_start].startswith("青年焊工赛技能")
    assert doc.text[article.body_start:] == "9月9日，青年焊工在赛场上比拼技能。"


def test_plain_page_with_a_long_first_line_has_no_headline() -> None:
    doc, article = one("9月9日，青年焊工在赛场上比拼技能，现场气氛热烈。")
    assert (article.headline, article.start, article.body_start, article.end) == ("", 0, 0, len(doc.text))


def test_record_title_is_the_headline() -> None:
    doc, article = one("新任主帅亮相，集训开启\n正文。", title="新任主帅亮相，集训开启")
    assert article.headline == "新任主帅亮相，集训开启"
    assert doc.text[article.body_start:] == "正文。"


def test_empty_page_has_no_articles() -> None:
    doc = Document(doc_id="x", source="x", text="", format="txt")
    assert split_articles(doc) == []


# -- datelines, dates, publishers ---------------------------------------------------


@pytest.mark.parametrize(("opening", "date", "place", "publisher"), [
    ("本报澄溪3月5日电（记者沈一舟）", dt.date(2023, 3, 5), "澄溪", "澄溪工人报"),
    ("新华社兰州8月9日电（记者柏岩）", dt.date(2023, 8, 9), "兰州", "新华社"),
    ("据新华社大马士革1月7日电 （记者李岩）", dt.date(2023, 1, 7), "大马士革", "新华社"),
    ("中新社广州9月1日电 ", dt.date(2023, 9, 1), "广州", "中新社"),
    ("本报６月２８日电", dt.date(2023, 6, 28), None, "澄溪工人报"),
    ("本报讯（记者沈一舟）", PAGE_DATE, None, "澄溪工人报"),
    ("新华社电 ", PAGE_DATE, None, "新华社"),
    ("3月5日，", PAGE_DATE, None, "澄溪工人报"),
])
def test_dateline_gives_date_place_and_publisher(opening: str, date: dt.date, place: str | None,
                                                 publisher: str) -> None:
    _, article = one(f"# 标题\n\n{opening}各级工会为职工办了一批实事。")
    assert (article.date, article.dateline, article.publisher) == (date, place, publisher)


def test_dateline_in_brackets_at_the_end_of_the_piece() -> None:
    _, article = one("# 标题\n\n第一段。\n\n第二段。\n\n第三段。\n\n(新华社兰州8月9日电)")
    assert (article.date, article.dateline, article.publisher) == (dt.date(2023, 8, 9), "兰州", "新华社")


def test_dateline_and_byline_in_one_bracket_at_the_end() -> None:
    doc, article = one("# 标题\n\n第一段。\n\n第二段。\n\n第三段。\n\n（新华社北京1月9日电 记者陈立、周宁）")
    assert credits(article) == [("陈立", "author", "记者"), ("周宁", "author", "记者")]
    check_offsets(doc, article)


def test_month_day_after_the_page_date_belongs_to_last_year() -> None:
    _, article = one("# 标题\n\n新华社北京12月31日电 正文。", date=dt.date(2020, 1, 1))
    assert article.date == dt.date(2019, 12, 31)


def test_month_day_without_a_page_date_gives_no_date() -> None:
    _, article = one("# 标题\n\n本报澄溪3月5日电 正文。", date=None, publisher=None)
    assert (article.date, article.dateline, article.publisher) == (None, "澄溪", None)


def test_dateline_with_its_own_year() -> None:
    _, article = one("# 标题\n\n新华社北京2021年12月30日电 正文。")
    assert article.date == dt.date(2021, 12, 30)


def test_find_dateline_offsets() -> None:
    text = "（本报澄溪3月5日电）"
    found = find_dateline(text)
    assert found is not None
    assert (found.agency, found.place, found.month, found.day) == ("本报", "澄溪", 3, 5)
    assert text[found.start:found.end] == "本报澄溪3月5日电"
    assert find_dateline("记者在昨天举行的座谈会上了解到") is None


# -- credits ---------------------------------------------------------------------


@pytest.mark.parametrize(("body", "expected"), [
    ("本报澄溪3月5日电(记者沈一舟 柏岩 邵青)正文。",
     [("沈一舟", "author", "记者"), ("柏岩", "author", "记者"), ("邵青", "author", "记者")]),
    ("本报讯(本报记者 张三 李四 本报通讯员 王五)正文。",
     [("张三", "author", "记者"), ("李四", "author", "记者"), ("王五", "contributor", "通讯员")]),
    ("本报讯（记者赵文凯 通讯员包秀云）正文。", [("赵文凯", "author", "记者"), ("包秀云", "contributor", "通讯员")]),
    ("本报讯（通讯员 耿刚）正文。", [("耿刚", "contributor", "通讯员")]),
    ("新华社北京12月31日电 （记者邹文、王思远）正文。", [("邹文", "author", "记者"), ("王思远", "author", "记者")]),
    ("本报珠海1月2日电 （廖明、钟夏，王芳）正文。",
     [("廖明", "author", None), ("钟夏", "author", None), ("王芳", "author", None)]),
    ("本报讯（记者阿依古丽·买买提）正文。", [("阿依古丽·买买提", "author", "记者")]),
    ("正文第一段。\n\n记者 张三 通讯员 李四", [("张三", "author", "记者"), ("李四", "contributor", "通讯员")]),
    ("正文第一段。\n\n本报记者 张三", [("张三", "author", "记者")]),
    ("正文第一段。\n\n（通讯员 王五）", [("王五", "contributor", "通讯员")]),
    ("正文第一段。\n\n杨某 摄", [("杨某", "photographer", None)]),
    ("正文第一段。\n\n杨光明 摄/澄溪图片社", [("杨光明", "photographer", None)]),
    ("正文第一段。\n\n许丛文摄（影像中国）", [("许丛文", "photographer", None)]),
    ("正文第一段。\n\n本报记者 黄河 摄", [("黄河", "photographer", "记者")]),
    ("正文第一段。\n\n刘晓 蔡庭摄影报道", [("刘晓", "photographer", None), ("蔡庭", "photographer", None)]),
    ("3月18日，选手们在赛场上比拼焊接技能。本报记者 李立 本报通讯员 陈超",
     [("李立", "author", "记者"), ("陈超", "contributor", "通讯员")]),
    ("职工在书屋里阅读。（蒋文 摄）", [("蒋文", "photographer", None)]),
    ("正文第一段。\n\n最后一段，大家约好明年再来。（林溪）", [("林溪", "author", None)]),
    ("正文第一段。\n\n最后一段，大家约好明年再来。(林溪) 广告", [("林溪", "author", None)]),
])
def test_bylines(body: str, expected: list[tuple[str, str, str | None]]) -> None:
    doc, article = one(f"# 标题\n\n{body}")
    assert credits(article) == expected
    check_offsets(doc, article)


@pytest.mark.parametrize("body", [
    "记者在昨天举行的座谈会上了解到，今年的帮扶资金已经全部到位。",
    "记者张三说，会议取得圆满成功。",
    "通讯员李四表示，要把工作做实。他说，要加强学习。",
    "会议由市总工会（市职工服务中心）承办。\n\n第二段。",
    "（2019年12月31日）\n\n同志们，朋友们：新年好。",
    "正文第一段。\n\n故事讲完了。（完）",
    "正文第一段。\n\n（作者为本报记者）",
    "全市各区县（市）总工会负责人参加会议。",
    "下一段由记者张三和通讯员李四共同完成采写任务，并经过编辑审核后刊发在本报第三版上",
])
def test_no_credits_from_ordinary_sentences(body: str) -> None:
    _, article = one(f"# 标题\n\n{body}")
    assert article.credits == ()


def test_credits_are_deduplicated_per_article() -> None:
    _, article = one("# 标题\n\n本报讯（记者张明）正文。\n\n本报记者 张明")
    assert credits(article) == [("张明", "author", "记者")]


def test_parse_byline_offsets_and_refusals() -> None:
    assert parse_byline("记者沈一舟 柏岩", 10) == [Credit("沈一舟", "author", "记者", 12, 15),
                                               Credit("柏岩", "author", "记者", 16, 18)]
    assert parse_byline("沈一舟 柏岩") is None  # names without a role word need bare=True
    assert parse_byline("沈一舟 柏岩", bare=True) is not None
    assert parse_byline("记者在昨天举行的座谈会上了解到") is None
    assert parse_byline("记者 张三 北京报道") is None
