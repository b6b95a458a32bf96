"""The trained NER: its features, the ONNX runtime (batched = one by one), the
BIO decoding. (The tokenizer's ``ner = true`` mode is tested in test_tokenizer_ner.py.)

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
    LAC_LABELS, TAGS, UNK, Vocab, batch_arrays, lac_feature_count, lac_features, normalise,
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


def test_shipped_model_files(ner):
    assert ner.meta["tags"] == list(TAGS)
    assert ner.meta["dev_micro_f1"] > 0.5


def test_batched_paths_equal_one_by_one(ner, lac_words):
    encoded = []
    for text, words in zip(SENTENCES, lac_words):
        chars, bigrams = ner.vocab.encode(text)
        encoded.append((chars, bigrams, lac_features(words)))
    together = ner.paths(encoded)
    for item, path in zip(encoded, together):
        (alone,) = ner.paths([item])
        assert path.tolist() == alone.tolist()
        assert len(path) == len(item[0])


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
