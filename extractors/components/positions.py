"""``zhitu_positions``: position words (副主席, 书记处第一书记, 记者…) as spans in
``doc.spans["positions"]``. Positions are the ``role`` of holdsPosition, not
entities; a position word inside an entity's name (…委员会) is not one.
"""
from __future__ import annotations

from zhitu.extractors.facts import text_of

from spacy.language import Language
from spacy.tokens import Doc

from zhitu.extractors.lexicon import POSITION_RE

#: A character after a position word that makes it part of a body's name.
_NAME_CONTINUES = set("会团处部厅局办组室")


@Language.factory("zhitu_positions", assigns=["doc.spans"], requires=["doc.ents"])
def make_positions(nlp: Language, name: str) -> "Positions":
    return Positions()


class Positions:
    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        taken = [(e.start_char, e.end_char) for e in doc.ents if e.label_ != "PER"]
        spans = []
        matches = list(POSITION_RE.finditer(text))
        for s, e in taken:
            # 执委会副主席 after the body 全总十七届执委会: the title starts where the name ends.
            again = POSITION_RE.match(text, e)
            if again and any(m.start() < e < m.end() for m in matches):
                matches.append(again)
        for match in sorted(matches, key=lambda m: m.start()):
            start, end = match.span()
            if end < len(text) and text[end] in _NAME_CONTINUES:
                continue
            if any(s < end and start < e for s, e in taken):
                continue
            span = doc.char_span(start, end, label="POSITION", alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans["positions"] = spans
        return doc
