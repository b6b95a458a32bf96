"""``zhitu_positions``: position words (副主席, 书记处第一书记, 记者…) as spans in
``doc.spans["positions"]``. Positions are the ``role`` of holdsPosition, not
entities; a position word inside an entity's name (…委员会) is not one.
"""
from __future__ import annotations

import csv
import re
from bisect import bisect_left
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from zhitu.extractors.facts import text_of
from zhitu.extractors.lexicon import POSITION_CORES, POSITION_RE, alternation
from zhitu.ontology import data_path

#: The ontology table of title words beyond the lexicon's (巡视员, 指导员…), with their sources.
TITLE_WORDS = "title_words.tsv"


@cache
def title_words() -> tuple[str, ...]:
    """The words of ``title_words.tsv``."""
    with data_path(TITLE_WORDS).open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t",
                              quoting=csv.QUOTE_NONE)
        return tuple(row["word"] for row in rows if row["word"])


@cache
def title_re() -> re.Pattern:
    """POSITION_RE with the table's words beside the lexicon's: the same modifiers before them."""
    cores = alternation(POSITION_CORES)
    assert POSITION_RE.pattern.endswith(cores), "POSITION_RE is its modifiers followed by the cores"
    return re.compile(POSITION_RE.pattern[: -len(cores)] + alternation(POSITION_CORES + title_words()))

#: A character after a position word that makes it part of a body's name.
_NAME_CONTINUES = set("会团处部厅局办组室")
#: Words after a position word that make it a rank, not a post (副主任科员, 主任医师, 主任记者).
_RANK_ENDS = ("科员", "医师", "护师", "药师", "技师", "记者", "编辑")


@Language.factory("zhitu_positions", assigns=["doc.spans"], requires=["doc.ents"])
def make_positions(nlp: Language, name: str) -> "Positions":
    return Positions()


class Positions:
    def __call__(self, doc: Doc) -> Doc:
        text = text_of(doc)
        # Mentions do not overlap: sorted by start, their ends are sorted too.
        taken = [(e.start_char, e.end_char) for e in doc.ents if e.label_ != "PER"]
        taken_starts = [s for s, _ in taken]
        spans = []
        titles = title_re()
        matches = list(titles.finditer(text))
        match_starts = [m.start() for m in matches]
        again_end = -1  # the furthest end of the matches added below
        for _, e in taken:
            # 执委会副主席 after the body 中国科协十二届执委会: the title starts where the name ends.
            again = titles.match(text, e)
            if again and (_inside(matches, match_starts, e) or e < again_end):
                matches.append(again)
                again_end = max(again_end, again.end())
        for match in sorted(matches, key=lambda m: m.start()):
            start, end = match.span()
            if end < len(text) and text[end] in _NAME_CONTINUES or text.startswith(_RANK_ENDS, end):
                continue
            i = bisect_left(taken_starts, end) - 1  # the last mention starting before this word ends
            if i >= 0 and start < taken[i][1]:
                continue
            span = doc.char_span(start, end, label="POSITION", alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans["positions"] = spans
        return doc


def _inside(matches: list[re.Match], starts: list[int], offset: int) -> bool:
    """Whether ``offset`` lies strictly inside one of ``matches`` (sorted, not overlapping)."""
    i = bisect_left(starts, offset) - 1
    return i >= 0 and offset < matches[i].end()
