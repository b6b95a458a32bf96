"""Normalising a page's text once, before anything records an offset into it.

What changes: characters that carry no text (:func:`clean_characters`: format
characters such as zero-width spaces, soft hyphens and bidi marks, variation
selectors, tag characters, control characters other than tabs and line breaks:
dropped; lone surrogates, noncharacters and private-use characters: U+FFFD),
line endings (CRLF, CR, NEL and U+2028 become LF, U+2029 a blank line),
horizontal white space (a run of spaces, tabs, full-width spaces or NBSPs
becomes one ASCII space; indentation and trailing space are dropped), blank
lines (a run becomes one), page-continuation markers such as （上接第1版） or
下转第2版 (dropped), and layout line breaks: a newspaper page scanned to text
breaks lines, often with a blank line, in the middle of a word or sentence
(澄溪市青 / 岚县供电公司); those breaks are joined.

Not for: changing characters otherwise. There is no NFC/NFKC folding and no
full-width to ASCII punctuation mapping, so “”、，。 stay as written. Splitting
a page into articles is ``zhitu.read.articles``.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from zhitu.read.bylines import CREDIT_LINE_MAX, ends_with_byline, find_dateline, is_credit_line

__all__ = ["clean_characters", "escape_characters", "normalise"]

# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt): what a
# renderer shows as nothing. Listed because unicodedata does not expose it.
_DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)
# Controls other than \t \n \v \f \r (white space); normalise() makes NEL a line break first.
_CONTROLS = ((0x00, 0x08), (0x0E, 0x1F), (0x7F, 0x9F))
# U+FFFC stands for an embedded object that plain text does not have.
_OBJECT_REPLACEMENT = ((0xFFFC, 0xFFFC),)
# Not characters of any text: lone surrogates (a str can hold them, UTF-8 cannot),
# noncharacters, and private-use characters (their meaning is a private agreement
# of some font or system, not Unicode's; each becomes U+FFFD so a name keeps a
# placeholder rather than silently losing a character).
_NOT_TEXT = (
    (0xD800, 0xDFFF), (0xE000, 0xF8FF), (0xFDD0, 0xFDEF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD),
    *((plane | 0xFFFE, plane | 0xFFFF) for plane in range(0, 0x110000, 0x10000)),
)
_LINE_BREAKS = {"\r\n": "\n", "\r": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n\n"}
_LINE_BREAK = re.compile("|".join(_LINE_BREAKS))

# A run of horizontal white space, whatever its width.
_HSPACE = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# Indentation: a line that starts with white space starts a paragraph.
_INDENT = re.compile(r"^[ \t\u00a0\u3000]")

_NUM = r"[0-9０-９一二三四五六七八九十百零〇两]{1,4}"
# （上接第1版） (下转第2版) 【转第3版】 and the unbracketed 上接第一版, 下转第2版.
_MARKER_BRACKETED = rf"[（(【〔\[]\s*(?:上接|下转|接|转)(?:自|至)?\s*第?\s*{_NUM}\s*版\s*[)）】〕\]]"
_MARKER_BARE = rf"(?:上接|下转)(?:自|至)?第?{_NUM}版"
_MARKER = re.compile(rf"{_MARKER_BRACKETED}|{_MARKER_BARE}")
# 转第3版 / 接第2版 without brackets only count at a line's start or end, where
# they cannot be the end of a word (迎接第…).
_MARKER_EDGE_START = re.compile(rf"^(?:接|转)第{_NUM}版")
_MARKER_EDGE_END = re.compile(rf"(?:接|转)第{_NUM}版$")

_HEADING = re.compile(r"^#{1,6}[ \t]+\S")
# Characters after which a line break is a real paragraph break: sentence-final
# punctuation (full-width and ASCII), closing quotes and brackets.
_FINAL = frozenset("。！？!?：:；;…”’」』）)】》〉\"'")
# Inside-sentence punctuation; a short line without any looks like a title.
_CLAUSE = frozenset("，,。；;")
_TITLE_MAX = 40
_TAIL_KEPT = 60
# The start of a list item: （一） 1. 一、
_LIST_ITEM = re.compile(r"^(?:[（(][一二三四五六七八九十0-9]{1,3}[)）]|[0-9]{1,2}[.、．]|[一二三四五六七八九十]{1,3}、)")


@dataclass
class _Para:
    """A paragraph being assembled; parts are joined once, at the end, so a
    page of many short broken lines stays linear in time."""

    parts: list[str]
    blank_before: bool
    hard_start: bool
    hard_end: bool
    length: int = 0
    tail: str = ""
    """The paragraph's last few characters, which is all the joining rules look at."""

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)
        self.tail = (self.tail + text)[-_TAIL_KEPT:]

    @property
    def short_text(self) -> str | None:
        """The whole text when it is short enough to be a title or a credit line, else None."""
        return "".join(self.parts) if self.length <= CREDIT_LINE_MAX else None


def clean_characters(text: str) -> str:
    """*text* without characters that carry no text, and with U+FFFD for code
    points that are not characters of any text (see the module docstring).

    Zero-width and format characters are dropped rather than kept because they
    would make ``张\u200b三`` a different name from ``张三``; line breaks are left
    alone (:func:`normalise` deals with them).
    """
    invisible, not_text, _ = _patterns()
    return not_text.sub("\ufffd", invisible.sub("", text))


def escape_characters(text: str) -> str:
    """*text* with every character :func:`clean_characters` would drop or
    replace, white space other than the space, and "%" itself, percent-encoded as UTF-8
    (``a\nb`` → ``a%0Ab``; a byte of a file name that is not UTF-8, which
    Python holds as a lone surrogate, as itself).

    For names that must stay distinct and fit on one line (document ids,
    paths in messages), where dropping a character could merge two of them.
    """
    _, _, escaped = _patterns()
    return escaped.sub(lambda m: "".join(f"%{b:02X}" for b in _raw_bytes(m.group())), text)


def _raw_bytes(ch: str) -> bytes:
    try:
        return ch.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return ch.encode("utf-8", "surrogatepass")


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The character classes of :func:`clean_characters` (what it drops, what it
    replaces) and :func:`escape_characters`, built once on first use (format
    characters come from this Python's Unicode database)."""
    invisible = [*_DEFAULT_IGNORABLE, *_CONTROLS, *_OBJECT_REPLACEMENT, *_format_characters()]
    # "%" too, so an escaped name never reads as another's ("%0A.txt" vs a name holding a line break).
    escaped = [*invisible, *_NOT_TEXT, (0x09, 0x0D), (0x25, 0x25), (0x85, 0x85), (0x2028, 0x2029)]
    return re.compile(_char_class(invisible) + "+"), re.compile(_char_class(_NOT_TEXT)), re.compile(_char_class(escaped))


def _format_characters() -> list[tuple[int, int]]:
    """Every code point of category Cf (they lie in planes 0, 1 and 14)."""
    planes = (*range(0x0000, 0x20000), *range(0xE0000, 0xF0000))
    return [(c, c) for c in planes if unicodedata.category(chr(c)) == "Cf"]


def _char_class(ranges: list[tuple[int, int]] | tuple[tuple[int, int], ...]) -> str:
    """A regular-expression class of *ranges* (inclusive code point pairs),
    overlapping and adjacent ones merged: ``re`` tests a character against a
    class's ranges one by one, and the format characters alone are 163 code
    points in 21 runs (merged: :func:`normalise` over the 3,497 corpus articles
    took 0.6 s instead of 2.3)."""
    merged: list[list[int]] = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return "[" + "".join(rf"\U{lo:08x}-\U{hi:08x}" for lo, hi in merged) + "]"


def normalise(text: str) -> str:
    """Return *text* normalised as the module docstring says."""
    text = clean_characters(_LINE_BREAK.sub(lambda m: _LINE_BREAKS[m.group()], text))
    paras: list[_Para] = []
    blank = False
    for raw in text.split("\n"):
        line, hard_start, hard_end = _clean_line(raw)
        if not line:
            blank = True
            # A marker on a line of its own ends what came before it.
            if hard_end and paras:
                paras[-1].hard_end = True
            continue
        if paras and _joins(paras[-1], line, indented=bool(_INDENT.match(raw)) or hard_start):
            prev = paras[-1]
            prev.add(_glue(prev.tail, line) + line)
            prev.hard_end = hard_end
        else:
            para = _Para([], blank and bool(paras), hard_start, hard_end)
            para.add(line)
            paras.append(para)
        blank = False
    return "".join(("\n\n" if p.blank_before else "\n") * (i > 0) + "".join(p.parts) for i, p in enumerate(paras))


def _clean_line(raw: str) -> tuple[str, bool, bool]:
    """One line with its white space collapsed and continuation markers dropped.

    Returns the line and whether a marker stood at its start or its end (a
    marker is where the story jumps to another page, so nothing joins across it).
    """
    line = _HSPACE.sub(" ", raw).strip()
    if not line or ("版" not in line):
        return line, False, False
    hard_start = hard_end = False
    for m in reversed(list(_MARKER.finditer(line))):
        hard_start |= not line[: m.start()].strip()
        hard_end |= not line[m.end():].strip()
        line = line[: m.start()] + line[m.end():]
    line = line.strip()
    for edge, at_start in ((_MARKER_EDGE_START, True), (_MARKER_EDGE_END, False)):
        m = edge.search(line)
        if m:
            line = (line[: m.start()] + line[m.end():]).strip()
            hard_start |= at_start
            hard_end |= not at_start
    return _HSPACE.sub(" ", line), hard_start, hard_end


def _joins(prev: _Para, line: str, *, indented: bool) -> bool:
    """Whether the break between *prev* and *line* is a layout break."""
    first, tail, short = prev.parts[0], prev.tail, prev.short_text
    if prev.hard_end or indented or tail[-1] in _FINAL:
        return False
    if _HEADING.match(first) or _HEADING.match(line) or _LIST_ITEM.match(line) or find_dateline(line):
        return False  # a dateline always opens a paragraph
    if short is not None and len(short) <= _TITLE_MAX and not any(ch in _CLAUSE for ch in short):
        return False  # a title, a masthead or a caption line
    if (short is not None and is_credit_line(short)) or ends_with_byline(tail):
        return False
    return not is_credit_line(line)


def _glue(before: str, after: str) -> str:
    """Nothing between Chinese text; one space between two Latin words."""
    return " " if before[-1].isascii() and before[-1].isalnum() and after[0].isascii() and after[0].isalnum() else ""
