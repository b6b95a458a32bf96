"""The one dateline and byline grammar (``zhitu.read.bylines``): normalise and
the article splitter agree on every agency it knows."""
from __future__ import annotations

import datetime as dt

import pytest

from zhitu.read.articles import split_articles
from zhitu.read.bylines import AGENCIES, find_dateline, is_credit_line, parse_byline
from zhitu.read.model import Document
from zhitu.read.normalise import normalise

# A line broken by the layout: normalise joins what follows unless it opens a
# dateline or is a credit line of its own.
BROKEN = "今年以来，澄溪市各级工会围绕职工所需办实事，把一件件小事办成了暖心事，澄溪市青"


@pytest.mark.parametrize("agency", AGENCIES)
def test_every_agency_opens_a_dateline_in_both_readers(agency: str) -> None:
    line = f"{agency}兰州8月9日电 正文第一句。"
    found = find_dateline(line)
    assert found is not None and (found.agency, found.place, found.month, found.day) == (agency, "兰州", 8, 9)
    assert normalise(f"{BROKEN}\n{line}") == f"{BROKEN}\n{line}"
    doc = Document(doc_id="x", source="x", text=f"# 标题\n\n{line}", format="md", date=dt.date(2023, 9, 14),
                   publisher="澄溪工人报")
    [article] = split_articles(doc)
    assert (article.date, article.dateline) == (dt.date(2023, 8, 9), "兰州")


@pytest.mark.parametrize("agency", AGENCIES)
@pytest.mark.parametrize("role", ["记者", "特约记者", "通讯员", "见习通讯员", "实习生"])
def test_every_agency_and_role_make_a_byline_in_both_readers(agency: str, role: str) -> None:
    byline = f"{agency}{role} 宋一帆"
    [credit] = parse_byline(byline) or []
    assert (credit.name, credit.position) == ("宋一帆", role)
    assert credit.role == ("author" if role.endswith("记者") else "contributor")
    assert is_credit_line(byline)
    assert normalise(f"{BROKEN}\n\n{byline}") == f"{BROKEN}\n\n{byline}"


def test_a_sentence_that_starts_with_an_agency_is_no_dateline() -> None:
    assert find_dateline("本报记者在昨天举行的座谈会上了解到") is None
    assert find_dateline("新华社澄溪分社8月9日举行开放日活动。") is None
