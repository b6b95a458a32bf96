"""Where an evidence sentence names the ends of a relation: whole mentions only.

The store keeps a relation's sentence and its offsets, not the offsets of the
names inside it, so the explorer finds the names again. A plain search marks
柳岸县政府 inside 柳岸县政府令 or 柳岸县 inside 柳岸县总工会; here an occurrence
counts only when it is a whole mention:

- it is not inside a longer name the graph knows (the names of the entities
  the article mentions: the longest name wins where occurrences overlap);
- it is not the front of a longer name the text writes: a name followed by the
  head of a body's, a zone's or a meeting's name (总工会, 人民政府, 委员会…,
  from the extractors' lexicon) or by 令 (a decree: 柳岸县政府令) is part of that name.
  A one-character head (局, 部, 所, 社…) also starts common words (部署, 所有,
  社会), so it counts only when LAC segments it as a word of its own; and a
  title after a name (党组书记, 主席: the lexicon's positions) leaves it whole.

For: ``zhitu.serve.explorer.evidence``. Not for: extraction (which knows its
mentions' offsets while it reads).
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import cache

__all__ = ["whole_mentions"]

#: What follows a name to make a longer word of it, besides the lexicon's heads.
_EXTRA_HEADS = ("令", "办公室")

Span = tuple[int, int]


@cache
def _heads() -> tuple[frozenset[str], tuple[str, ...]]:
    """(one-character heads, longer heads longest first)."""
    from zhitu.extractors.lexicon import EVENT_HEADS, GENERIC_BODIES, ORG_HEADS, PLACE_HEADS

    heads = set(ORG_HEADS) | set(PLACE_HEADS) | set(EVENT_HEADS) | GENERIC_BODIES | set(_EXTRA_HEADS)
    return (frozenset(h for h in heads if len(h) == 1),
            tuple(sorted((h for h in heads if len(h) > 1), key=len, reverse=True)))


def _occurrences(text: str, name: str) -> Iterable[Span]:
    start = text.find(name)
    while start != -1:
        yield start, start + len(name)
        start = text.find(name, start + 1)


def _resolve(text: str, marks: set[str], names: set[str]) -> list[tuple[Span, bool]]:
    """Non-overlapping occurrences of ``marks`` and ``names``, longest first then
    leftmost, each with whether it is a mark."""
    found = sorted(((span, name in marks) for name in marks | names if name for span in _occurrences(text, name)),
                   key=lambda item: (item[0][0] - item[0][1], item[0][0], not item[1]))
    taken: list[tuple[Span, bool]] = []
    for (start, end), is_mark in found:
        if all(end <= s or start >= e for (s, e), _ in taken):
            taken.append(((start, end), is_mark))
    return sorted(taken)


def _starts_longer_name(text: str, end: int, segment) -> bool:
    """Whether the text from ``end`` on begins the head of a longer name."""
    from zhitu.extractors.lexicon import POSITION_RE

    single, longer = _heads()
    rest = text[end:]
    if not rest or POSITION_RE.match(text, end):
        return False  # a title follows the name (…总工会党组书记): the name is whole
    if any(rest.startswith(head) for head in longer):
        return True
    if rest[0] not in single:
        return False
    return segment(text, end) == rest[0]


def _lac_word_at(text: str, position: int) -> str:
    """What LAC reads as one word from ``position`` of ``text`` on: the word that
    starts there, or the rest of the word that runs across it."""
    from zhitu.extractors.lac import get_lac

    at = 0
    for word, _tag in get_lac(1).analyse([text])[0]:
        if at + len(word) > position:
            return word[position - at:]
        at += len(word)
    return ""


def whole_mentions(text: str, marks: Iterable[str], *, names: Iterable[str] = (), segment=_lac_word_at) -> list[Span]:
    """The spans (code-point offsets into ``text``, sorted) where one of
    ``marks`` is named whole, given ``names``: the other names the text may
    hold. ``segment(text, position)`` is the word that starts at ``position``
    (LAC's by default; asked only when a one-character head follows a mark)."""
    marks = {m for m in marks if m}
    spans = []
    for (start, end), is_mark in _resolve(text, marks, set(names) - marks):
        if is_mark and not _starts_longer_name(text, end, segment):
            spans.append((start, end))
    return spans
