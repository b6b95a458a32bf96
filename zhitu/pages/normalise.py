"""Normalising a page's text once, before anything records an offset into it.

What changes: line endings (CRLF and CR become LF), byte-order marks (dropped),
horizontal white space (a run of spaces, tabs, full-width spaces or NBSPs
becomes one ASCII space; indentation and trailing space are dropped), blank
lines (a run becomes one), page-continuation markers such as （上接第1版） or
下转第2版 (dropped), and layout line breaks: a newspaper page scanned to text
breaks lines, often with a blank line, in the middle of a word or sentence
(国网山东莒 / 县供电公司); those breaks are joined.

Not for: changing characters otherwise. There is no NFC/NFKC folding and no
full-width to ASCII punctuation mapping, so “”、，。 stay as written. Splitting
a page into articles is ``zhitu.pages.articles``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["normalise"]

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
# A short line of its own that credits people: 本报记者 张三, 林小川 摄/某图片社.
_CREDIT_START = re.compile(
    r"^[(（]?\s*(?:本报|新华社|中新社)?(?:特约|见习|摄影)?(?:记者|通讯员|实习生)|^[(（]?\s*(?:文|图|摄影)\s*[/／:：]"
)
_CREDIT_END = re.compile(r"摄(?:影)?(?:报道)?(?:\s*[/／]\s*[^\s/／]{1,12}|\s*[(（][^()（）\s]{1,12}[)）])?\s*[)）]?$")
_CREDIT_LINE_MAX = 50
# A byline at the end of a caption or paragraph: …参加了比赛。本报记者 何雨桐
_CREDIT_TAIL = re.compile(
    r"[。！？!?”」』)）]\s*[(（]?(?:本报|新华社|中新社)?(?:特约|见习|摄影)?(?:记者|通讯员)[^。！？!?，,]{1,40}$"
)
# A dateline always opens a paragraph: 本报北京6月28日电, 新华社乌鲁木齐6月28日电, 本报讯
_DATELINE_START = re.compile(r"^[(（]?据?(?:本报|新华社|中新社)(?:讯|电|[\u4e00-\u9fff]{0,8}[0-9０-９]{1,2}月[0-9０-９]{1,2}日)")
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
        return "".join(self.parts) if self.length <= _CREDIT_LINE_MAX else None


def normalise(text: str) -> str:
    """Return *text* normalised as the module docstring says."""
    text = text.replace("\ufeff", "").replace("\r\n", "\n").replace("\r", "\n")
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
    if _HEADING.match(first) or _HEADING.match(line) or _LIST_ITEM.match(line) or _DATELINE_START.match(line):
        return False
    if short is not None and len(short) <= _TITLE_MAX and not any(ch in _CLAUSE for ch in short):
        return False  # a title, a masthead or a caption line
    if (short is not None and _is_credit_line(short)) or _CREDIT_TAIL.search(tail):
        return False
    return not _is_credit_line(line)


def _is_credit_line(line: str) -> bool:
    if len(line) > _CREDIT_LINE_MAX:
        return False
    return bool(_CREDIT_START.match(line) or _CREDIT_END.search(line))


def _glue(before: str, after: str) -> str:
    """Nothing between Chinese text; one space between two Latin words."""
    return " " if before[-1].isascii() and before[-1].isalnum() and after[0].isascii() and after[0].isalnum() else ""
