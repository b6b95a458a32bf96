"""``zhitu_founded``: when (and where) a body was founded: X成立/组建/挂牌
with a date in the same sentence (year from the article's date when the text
gives only month and day). The tail is an ISO date.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from zhitu.extractors import confidence
from zhitu.extractors.evidence import evidence_of
from zhitu.extractors.facts import text_of
from zhitu.extractors.lexicon import FOUND_VERBS
from zhitu.extractors.rules import Relations

NAME = "founded"
_DATE = re.compile(r"(?:(?P<y>\d{4})年)?(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
_VERB = re.compile("(?:正式|宣告|宣布|揭牌)?(?:" + "|".join(FOUND_VERBS) + ")(?!员|以来|之初|后|的)")


#: X成立 / X于2023年6月27日正式成立 / X今日挂牌
_FOUNDED_AFTER = re.compile(r"(?:于|在|今日|近日|日前)?(?:" + _DATE.pattern + r")?(?:正式|宣告|宣布)?" + _VERB.pattern)


@Language.factory("zhitu_founded", requires=["doc._.entities"], assigns=["doc._.relations"])
def make_founded(nlp: Language, name: str) -> "Founded":
    return Founded()


class Founded:
    def __call__(self, doc: Doc) -> Doc:
        evidence = evidence_of(doc)
        text = text_of(doc)
        article = doc._.article
        year = article.date.year if article is not None and article.date else None
        relations = Relations(doc, NAME)
        for index, sentence in enumerate(evidence.sentences):
            sentence_text = text[sentence[0] : sentence[1]]
            date = _DATE.search(sentence_text)
            if not date:
                continue
            y = int(date.group("y")) if date.group("y") else year
            if y is None:
                continue
            iso = f"{y:04d}-{int(date.group('m')):02d}-{int(date.group('d')):02d}"
            for m in evidence.mentions_in(index):
                if m.label == "ORG" and _FOUNDED_AFTER.match(text, m.end, min(sentence[1], m.end + 20)):
                    # A body is founded once: its first dated sentence wins.
                    relations.add(m.entity.key, "founded", None, value=iso, sentence=sentence,
                                  confidence=confidence.FOUNDED_WITH_DATE, once=m.entity.key)
        return doc
