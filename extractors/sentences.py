"""Cutting text into sentences: the units LAC reads and evidence quotes.

A sentence ends at 。！？!?； (with any closing quotes or brackets after it) or
at a line break. A sentence longer than ``max_length`` is cut after a comma or
enumeration mark where it can, else hard, so that no input (a 1 MB line with no
punctuation) makes one huge tensor.
"""
from __future__ import annotations

import re

_END = re.compile(r"[。！？!?；;…]+[”’」』）)》]*|\n+")
_SOFT = re.compile(r"[，,、：:]")


def split_sentences(text: str, *, max_length: int = 200) -> list[tuple[int, int]]:
    """Offsets of the sentences of ``text``; whitespace-only pieces are dropped."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        _add(text, start, match.end(), spans, max_length)
        start = match.end()
    _add(text, start, len(text), spans, max_length)
    return spans


def _add(text: str, start: int, end: int, spans: list[tuple[int, int]], max_length: int) -> None:
    # Leading/trailing whitespace (line breaks, indentation) belongs to no sentence.
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while end - start > max_length:
        cut = -1
        for soft in _SOFT.finditer(text, start + max_length // 2, start + max_length):
            cut = soft.end()
        if cut < 0:
            cut = start + max_length
        spans.append((start, cut))
        start = cut
    if end > start:
        spans.append((start, end))
