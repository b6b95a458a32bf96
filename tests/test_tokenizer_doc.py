"""The tokenizer's Docs: each word's tag, POS and sentence start as spaCy's own
``Doc(words=..., tags=..., pos=..., sent_starts=...)`` sets them, in and out of
memory zones."""
from __future__ import annotations

import spacy
from spacy.tokens import Doc

from zhitu.extractors.sentences import split_sentences
from zhitu.extractors.tokenizer import UPOS

TEXT = "澄溪市总工会主席许建国在青岚县调研。\n\n周明远和宋佳宁参加了会议，会期三天。"
COLUMNS = ["ORTH", "TAG", "POS", "SENT_START", "HEAD", "SPACY", "IDX"]


def _nlp():
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "zhitu.LacTokenizer.v1"}}})


def _as_spacy_makes_it(doc: Doc) -> Doc:
    return Doc(doc.vocab, words=[t.text for t in doc], spaces=[False] * len(doc), tags=[t.tag_ for t in doc],
               pos=[t.pos_ for t in doc], sent_starts=[bool(t.is_sent_start) for t in doc])


def _expected_pos(tag: str) -> str:
    return UPOS.get(tag, "SPACE" if tag == "_SP" else "X")


def test_the_words_carry_what_spacys_constructor_would_set() -> None:
    doc = _nlp()(TEXT)
    assert doc.text == TEXT
    # LAC's tag of each word (as the tokenizer lists them for the components), its POS by the table,
    # and a sentence wherever the sentence splitter cut one (the white space between them trails).
    lac_tags = doc.user_data["zhitu.tags"]
    assert [t.tag_ for t in doc] == lac_tags and "_SP" in lac_tags and "PER" in lac_tags
    assert [t.pos_ for t in doc] == [_expected_pos(tag) for tag in lac_tags]
    assert [s.text.rstrip() for s in doc.sents] == [TEXT[a:b] for a, b in split_sentences(TEXT)]
    assert [s.text for s in doc.sents] == [s.text for s in _as_spacy_makes_it(doc).sents]
    assert doc.to_array(COLUMNS).tolist() == _as_spacy_makes_it(doc).to_array(COLUMNS).tolist()
    assert doc.has_annotation("TAG") and doc.has_annotation("POS") and doc.has_annotation("SENT_START")


def test_tags_first_met_in_a_memory_zone_outlive_it() -> None:
    nlp = _nlp()
    with nlp.memory_zone():
        inside = [(t.tag_, t.pos_) for t in nlp(TEXT)]
    after = nlp(TEXT)  # the tags' ids, cached by the tokenizer, name strings that are still there
    assert [(t.tag_, t.pos_) for t in after] == inside
    assert inside == [(tag, _expected_pos(tag)) for tag in after.user_data["zhitu.tags"]]
    assert after.to_array(COLUMNS).tolist() == _as_spacy_makes_it(after).to_array(COLUMNS).tolist()
