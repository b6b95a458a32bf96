"""Extraction work grows linearly with an article's length.

Wall-clock time is for ``bench/long_article.py``; here the work is counted:
every function call (Python and built-in) the components make on one article
of n generated sentences and on one of 4n. A component that rescans all
entities, mentions or positions per sentence or per entity makes about 16
times the calls on the longer article; a linear one about 4.
"""
from __future__ import annotations

import sys
from itertools import product

import pytest

from zhitu.extractors.pipeline import run_components

_SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜"
_GIVEN = "海明建国志强立新春华秀英晓东文博嘉怡子涵雨桐"
_WORDS = ("星河", "青禾", "云杉", "澄溪", "白鹭", "松柏", "银杏", "晨光", "远帆", "石榴", "碧波", "金穗")
_HEADS = ("科技协会", "物流有限公司", "文化研究会", "机械集团")
_CITIES = ("南京市", "苏州市", "杭州市", "成都市", "西安市", "长沙市")
_NUMERALS = "一二三四五六七八九"


def _sentences(n: int) -> str:
    """n sentences, each with its own body, meeting, people, posts and quoted programme."""
    people = ("".join(p) for p in product(_SURNAMES, _GIVEN, _GIVEN))
    bodies = ("".join(p) for p in product(_WORDS, _WORDS, _HEADS))
    out = []
    for i in range(n):
        city, body = _CITIES[i % len(_CITIES)], next(bodies)
        chair, deputy = next(people), next(people)
        programme = _WORDS[i % len(_WORDS)] + _WORDS[(i // len(_WORDS)) % len(_WORDS)] + _NUMERALS[i % 9] + "号"
        out.append(
            f"{city}{body}第{_NUMERALS[i % 9]}次会员代表大会在{city}召开，"
            f"{city}{body}会长{chair}、副会长{deputy}出席会议。"
            f"会议决定开展“{programme}”行动，{body}下属的{_WORDS[i % len(_WORDS)]}分公司参加“{programme}”行动。\n"
        )
    return "".join(out)


def _calls(nlp, text: str) -> int:
    """Function calls the components make on ``text`` as one article."""
    doc = nlp.tokenizer(text)
    count = 0

    def profile(frame, event, arg) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        doc = run_components(nlp, doc)
    finally:
        sys.setprofile(None)
    assert "zhitu.error" not in doc.user_data, doc.user_data.get("zhitu.error")
    assert len(doc._.relations or []) > 0  # the text does exercise the relation components
    return count


@pytest.mark.slow
@pytest.mark.parametrize("n", [60])
def test_component_work_grows_linearly(nlp, n: int) -> None:
    short, long = _calls(nlp, _sentences(n)), _calls(nlp, _sentences(4 * n))
    # Linear work gives a ratio near 4 (a little over, for the logarithms of sorting and bisecting).
    assert long / short < 5.5, f"{short} calls for {n} sentences, {long} for {4 * n}"


def test_the_text_has_many_distinct_entities(nlp) -> None:
    """The long article holds ever new bodies and people, as a long article does."""
    doc = nlp(_sentences(40))
    labels = [e.label for e in doc._.entities]
    assert labels.count("ORG") >= 40 and labels.count("PER") >= 40
