"""The trained NER: its features, the ONNX runtime (a sentence's mentions do not
depend on its batch), the BIO decoding. (The tokenizer's ``ner = true`` mode is
tested in test_tokenizer_ner.py.)

Sentences here are invented for the tests.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import spacy
from spacy.tokens import Doc, Span

from zhitu.errors import UnknownChoiceError
from zhitu.extractors.ner.features import (
    LAC_LABELS, LEX_BEGIN, LEX_END, LEX_MIDDLE, LEX_SOURCES, TAGS, UNK, Lexicon, Vocab, batch_arrays,
    lac_feature_count, lac_features, lexicon_ids_count, normalise, word_key,
)

SENTENCES = [
    "澄溪市总工会主席王海涛昨天在杭州会见了远航科技有限公司的代表。",
    "李雪梅说，她明年要去南京大学读书。",
    "会议由省人民政府办公厅主办。",
    "好。",
    "北京",
]


@pytest.fixture(scope="module")
def ner():
    from zhitu.extractors.ner.runtime import get_ner

    return get_ner()


@pytest.fixture(scope="module")
def lac_words(lac_model):
    return lac_model.analyse(SENTENCES)


def test_normalise_keeps_length():
    text = "ＡＢＣ１２３　，中文"
    assert normalise(text) == "ABC123 ,中文"
    assert len(normalise(text)) == len(text)


def test_lac_features_one_per_char_with_positions():
    words = [("王海涛", "PER"), ("在", "p"), ("杭州", "LOC"), ("", "w"), ("？", "w")]
    ids = lac_features(words)
    assert len(ids) == 7
    per = 2 + LAC_LABELS.index("PER") * 4
    assert ids[:3] == [per, per + 1, per + 2]  # B, I, E
    assert ids[3] == 2 + LAC_LABELS.index("p") * 4 + 3  # S
    assert max(ids) < lac_feature_count()
    assert lac_features([("x", "no-such-tag")]) == [2 + (len(LAC_LABELS) - 1) * 4 + 3]


def test_vocab_round_trip_keeps_odd_entries(tmp_path: Path):
    vocab = Vocab.build(["甲乙 甲\n乙\\甲", "甲乙 甲"], min_char=1, min_bigram=1)
    vocab.save(tmp_path)
    assert Vocab.load(tmp_path) == vocab
    chars, bigrams = vocab.encode("甲丙")
    assert chars[0] == vocab.chars["甲"] and chars[1] == UNK
    assert len(bigrams) == 3


def test_encode_many_equals_encode():
    vocab = Vocab.build(["ＡＢ中国人民１２３　好", "新华社北京电。"], min_char=1, min_bigram=1)
    texts = ["ＡＢ中国人民１２３　好", "", "北", "新华社北京电，未知字𠀋。"]
    for text, (chars, bigrams) in zip(texts, vocab.encode_many(texts)):
        assert (list(chars), list(bigrams)) == vocab.encode(text)
    assert vocab.encode_many([]) == []


def test_batch_arrays_pads_with_zero():
    arrays = batch_arrays([([3, 4], [5, 6, 7], [8, 9]), ([3], [5, 6], [8])])
    assert arrays["chars"].tolist() == [[3, 4], [3, 0]]
    assert arrays["bigrams"].shape == (2, 3)
    assert arrays["lengths"].tolist() == [2, 1]


WORD, PER, LOC, ORG = (1 << LEX_SOURCES.index(name) for name in ("word", "PER", "LOC", "ORG"))
#: An invented lexicon: nested and overlapping words, a long one, a full-width one.
LEXICON_WORDS = {"澄溪": WORD | LOC, "澄溪市": LOC, "市总工会": ORG, "总工会": WORD, "工会": WORD,
                 "溪市": WORD, "青岚县人民政府办公室": ORG, "Ａ股": WORD, "王海涛": PER}


def lexicon_bits(lexicon_words: dict[str, int], text: str) -> np.ndarray:
    """The lexicon features by brute force: every window, every word."""
    bits = np.zeros((len(text), len(LEX_SOURCES)), dtype=np.int64)
    for word, mask in lexicon_words.items():
        word = normalise(word)
        for i in range(len(text) - len(word) + 1):
            if normalise(text[i : i + len(word)]) == word:
                for source in range(len(LEX_SOURCES)):
                    if mask >> source & 1:
                        bits[i, source] |= LEX_BEGIN
                        bits[i + len(word) - 1, source] |= LEX_END
                        bits[i + 1 : i + len(word) - 1, source] |= LEX_MIDDLE
    return bits + 8 * np.arange(len(LEX_SOURCES))


def test_lexicon_marks_every_word_over_a_character():
    lexicon = Lexicon.build(LEXICON_WORDS)
    (ids,) = lexicon.features(["澄溪市总工会"])
    assert ids.shape == (6, len(LEX_SOURCES))
    loc = LEX_SOURCES.index("LOC")
    # 澄溪 and 澄溪市 are places: 澄 begins both, 溪 ends one and is inside the other, 市 ends one.
    assert ids[:, loc].tolist() == [8 * loc + b for b in (LEX_BEGIN, LEX_MIDDLE | LEX_END, LEX_END, 0, 0, 0)]
    org = LEX_SOURCES.index("ORG")
    assert ids[:, org].tolist() == [8 * org + b for b in (0, 0, LEX_BEGIN, LEX_MIDDLE, LEX_MIDDLE, LEX_END)]
    assert ids.max() < lexicon_ids_count()


def test_lexicon_features_equal_brute_force():
    lexicon = Lexicon.build(LEXICON_WORDS)
    texts = ["澄溪市总工会主席王海涛在青岚县人民政府办公室说，A股和Ａ股。", "", "澄", "溪市", "工会工会工",
             "青岚县人民政府办公", "王海涛\x00王海涛"]
    for text, ids in zip(texts, lexicon.features(texts)):
        assert ids.tolist() == lexicon_bits(LEXICON_WORDS, text).tolist(), text
    assert lexicon.features([]) == []


def test_lexicon_never_matches_across_texts():
    lexicon = Lexicon.build(LEXICON_WORDS)
    apart = lexicon.features(["澄", "溪市", "总工", "会"])
    assert all((ids % 8 == 0).all() for ids in apart[:1] + apart[2:])
    assert apart[1][:, 0].tolist() == [LEX_BEGIN, LEX_END]  # 溪市 alone is a word


def test_lexicon_round_trip(tmp_path: Path):
    lexicon = Lexicon.build(LEXICON_WORDS, max_len=4)
    lexicon.save(tmp_path)
    loaded = Lexicon.load(tmp_path)
    assert loaded.keys.tolist() == lexicon.keys.tolist() and loaded.masks.tolist() == lexicon.masks.tolist()
    assert loaded.max_len == 4
    text = "青岚县人民政府办公室的澄溪市总工会"
    assert loaded.features([text])[0].tolist() == lexicon.features([text])[0].tolist()
    assert word_key("澄溪") != word_key("溪澄")


def test_batch_arrays_pads_lexicon_ids():
    lex = Lexicon.build(LEXICON_WORDS).features(["澄溪", "工"])
    arrays = batch_arrays([([3, 4], [5, 6, 7], [8, 9], lex[0]), ([3], [5, 6], [8], lex[1])])
    assert arrays["lex"].shape == (2, 2, len(LEX_SOURCES))
    assert arrays["lex"][1, 1].tolist() == [0] * len(LEX_SOURCES)


def test_shipped_model_files(ner):
    assert ner.meta["tags"] == list(TAGS)
    assert ner.meta["dev_micro_f1"] > 0.5


def test_batched_paths_equal_one_by_one(ner, lac_words):
    encoded = ner.encode(SENTENCES, lac_words)
    together = ner.paths(encoded)
    for item, path in zip(encoded, together):
        (alone,) = ner.paths([item])
        assert path.tolist() == alone.tolist()
        assert len(path) == len(item[0])


def invented_sentences(count: int, *, seed: int = 7) -> list[str]:
    """Seeded news-like sentences with made-up people, places and bodies, short and long."""
    import random

    rng = random.Random(seed)
    surnames = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许沈曾彭吕苏蒋蔡丁魏叶潘杜戴夏钟汪田姜范方石姚谭廖熊金陆孔白康秦江顾侯邵孟段雷汤尹易乔赖文"
    given = "海涛雪梅建国丽华志强秀英明辉晓燕国庆玉兰子轩思琪浩然雨桐振华春生桂芳德胜文静宏伟"
    places = ["澄溪市", "青岚县", "临川市", "西江省", "北湖区", "东山镇", "临海新区", "云岭州", "长宁县", "白沙洲"]
    bodies = ["远航科技有限公司", "青禾农业合作社", "南方电力集团", "星河大学", "东岭中学", "市人民医院",
              "省交通运输厅", "海川银行", "北辰研究院", "县委宣传部", "绿野环保协会", "江城日报社"]
    templates = [
        "{p}在{l}会见了{o}代表{q}。", "{o}董事长{p}表示，{l}将加快发展。",
        "记者从{o}获悉，{p}和{q}近日前往{l}调研。", "{l}{o}负责人{p}说：“今年任务很重。”",
        "据{o}消息，{p}于昨日抵达{l}，与{q}举行会谈。", "{p}（{o}）", "在{l}，{o}的{p}带领大家参观。",
        "{q}、{p}等出席{l}{o}成立大会。",
    ]

    def person() -> str:
        return rng.choice(surnames) + "".join(rng.choice(given) for _ in range(rng.randint(1, 2)))

    def clause() -> str:
        return rng.choice(templates).format(p=person(), q=person(), l=rng.choice(places), o=rng.choice(bodies))

    out = []
    for _ in range(count):
        n = 1 if rng.random() < 0.85 else rng.randint(2, 6)
        out.append("，".join(clause().rstrip("。") for _ in range(n)) + "。" if n > 1 else clause())
    return out


@pytest.mark.slow
def test_mentions_do_not_depend_on_the_batch(ner, lac_model):
    # The int8 model quantises activations per tensor: batched together, a
    # sentence's neighbours used to move borderline names (a 2- or 3-character
    # person) in some 4 of 1,000 sentences.
    texts = invented_sentences(1500)
    words = lac_model.analyse(texts)
    together = ner.predict(texts, words)
    alone = [ner.predict([t], [w])[0] for t, w in zip(texts, words)]
    backwards = ner.predict(texts[::-1], words[::-1])[::-1]
    in_small_batches = [m for k in range(0, len(texts), 37) for m in ner.predict(texts[k : k + 37], words[k : k + 37])]
    assert together == alone
    assert backwards == alone
    assert in_small_batches == alone
    assert sum(map(len, alone)) > 3 * len(texts)  # it did find the names


def test_predict_finds_people_places_and_organisations(ner, lac_words):
    found = ner.predict(SENTENCES, lac_words)
    first = {(SENTENCES[0][s:e], label) for s, e, label in found[0]}
    assert ("王海涛", "PER") in first
    assert ("杭州", "LOC") in first
    assert ("远航科技有限公司", "ORG") in first
    second = {(SENTENCES[1][s:e], label) for s, e, label in found[1]}
    assert ("李雪梅", "PER") in second and ("南京大学", "ORG") in second
    assert found[3] == []


def test_predict_rejects_words_that_do_not_cover_the_text(ner):
    with pytest.raises(ValueError, match="cover"):
        ner.predict(["杭州西湖"], [[("杭州", "LOC")]])


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["O", "B-PER", "I-PER", "O"], [(1, 3, "PER")]),
        (["B-LOC", "B-LOC", "I-ORG", "I-ORG"], [(0, 1, "LOC"), (1, 2, "LOC"), (2, 4, "ORG")]),
        (["I-ORG", "O", "I-ORG"], [(0, 1, "ORG"), (2, 3, "ORG")]),
        (["O", "O"], []),
        (["B-PER", "I-PER"], [(0, 2, "PER")]),
    ],
)
def test_mentions_from_paths(ner, tags, expected):
    assert ner.mentions(np.array([TAGS.index(t) for t in tags])) == expected


def test_viterbi_follows_transitions(ner):
    # Emissions that prefer I-PER everywhere; a forbidding O→I-PER transition must win.
    from zhitu.extractors.ner.runtime import NerModel

    model = NerModel.__new__(NerModel)
    n = len(TAGS)
    model._start = np.zeros(n, dtype=np.float32)
    model._end = np.zeros(n, dtype=np.float32)
    model._transitions = np.zeros((n, n), dtype=np.float32)
    i_per, b_per = TAGS.index("I-PER"), TAGS.index("B-PER")
    model._start[i_per] = -100.0
    emissions = np.zeros((2, 3, n), dtype=np.float32)
    emissions[:, :, i_per] = 1.0
    emissions[:, :, b_per] = 0.5
    paths = model.viterbi(emissions, np.array([3, 1]))
    assert [TAGS[t] for t in paths[0]] == ["B-PER", "I-PER", "I-PER"]
    assert [TAGS[t] for t in paths[1]] == ["B-PER"]


def test_unknown_style_lists_choices(ner):
    with pytest.raises(UnknownChoiceError, match="cluener, news"):
        ner.predict(["好"], [[("好", "a")]], style="wiki")


def test_styles_share_one_model(ner, lac_words):
    news = ner.predict(SENTENCES, lac_words, style="news")
    cluener = ner.predict(SENTENCES, lac_words, style="cluener")
    assert len(news) == len(cluener) == len(SENTENCES)
    people = {(SENTENCES[0][s:e], label) for s, e, label in cluener[0]}
    assert ("王海涛", "PER") in people
