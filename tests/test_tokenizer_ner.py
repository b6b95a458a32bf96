"""The tokenizer's ``ner = true`` mode: PER/LOC/ORG from the trained NER, LAC's
words cut at the mentions' edges, text and offsets unchanged."""
from __future__ import annotations

import spacy

from zhitu.extractors.tokenizer import LacTokenizer, _split_for_mentions

TEXT = "澄溪市总工会主席许建国在青岚县调研。\n\n周明远和宋佳宁参加了会议。"


def test_split_for_mentions_cuts_words_at_mention_edges() -> None:
    words = [("许建国在", "n"), ("青岚县", "LOC")]
    pieces, labels = _split_for_mentions(words, [(0, 3, "PER"), (4, 7, "LOC")])
    assert [w for w, _ in pieces] == ["许建国", "在", "青岚县"]
    assert [label[1] if label else None for label in labels] == ["PER", None, "LOC"]


def test_split_for_mentions_across_words_and_within_one() -> None:
    words = [("澄溪", "LOC"), ("市总工会", "ORG"), ("主席许建国", "n"), ("说", "v")]
    # One mention over two words, two mentions' edges inside one word, a word no cut touches.
    pieces, labels = _split_for_mentions(words, [(0, 6, "ORG"), (8, 11, "PER")])
    assert pieces == [("澄溪", "LOC"), ("市总工会", "ORG"), ("主席", "n"), ("许建国", "n"), ("说", "v")]
    assert labels == [(0, "ORG"), (0, "ORG"), None, (1, "PER"), None]
    assert _split_for_mentions(words, []) == (words, [None] * 4)


def test_ner_mode_sets_entities_from_the_trained_model() -> None:
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "zhitu.LacTokenizer.v1", "ner": True}}})
    assert isinstance(nlp.tokenizer, LacTokenizer) and nlp.tokenizer.ner
    doc = nlp(TEXT)
    assert doc.text == TEXT
    found = {(e.text, e.label_) for e in doc.ents}
    assert ("许建国", "PER") in found
    assert ("周明远", "PER") in found
    assert all(e.label_ in ("PER", "LOC", "ORG") for e in doc.ents)
    assert all(TEXT[e.start_char : e.end_char] == e.text for e in doc.ents)
