"""Splitting a page into articles, with the metadata its layout gives.

A page may hold several articles (SCHEMA.md). A Markdown heading with text of
its own starts an article; a heading directly followed by another heading is a
column header, whose sub-headings start articles; a deeper heading inside an
article that already has body text is a section of it. Two signals override
that last rule, because a printed page nests stories as well as sections:
a heading at or above the level of a column header on the page is a story of
the page, never a section, and a heading whose text opens with a dateline
(本报讯, 新华社…电) starts its own article. A page without headings, or a
JSON Lines record, is one article. Inside an article of a page, a story's title lines
written without heading marks (引题 and 主题, perhaps a deck) followed by its
byline or dateline start a story of their own: a column page of several
bylined stories is several articles.

For each article this module reads the dateline (本报澄溪3月5日电 → 澄溪 and
a date whose year comes from the page date), the publisher (本报 → the paper,
新华社…电 → 新华社) and the credits. Credits come only from byline-shaped
text: the brackets after a dateline, a short line of its own
(本报记者 张三 本报通讯员 李四, 林小川 摄/某图片社), a byline ending a caption
after its last sentence, or a pen name in brackets ending the piece (（林溪）).

Not for: finding people, places or organisations in sentences
(``zhitu.extractors``); reading files (``zhitu.read.reading``).
"""
from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass

from zhitu.read.bylines import CREDIT_LINE_MAX, NOT_NAMES, Dateline, find_dateline, parse_byline
from zhitu.read.model import Article, Credit, Document

__all__ = ["split_articles"]

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_BRACKET = re.compile(r"\s*[(（]([^()（）\n]{1,160})[)）]")
_SENTENCE_END = "。！？!?…"
_CLAUSE = "，,。；;！!？?"
_SHORT_LINE = CREDIT_LINE_MAX
_TITLE_MAX = 40
#: A line of its own in brackets may be a long list of reporters (（本报记者张三、李四、…）).
_LIST_CREDIT_MAX = 160
#: Title blocks: at most this many deck lines between the title lines and the
#: byline; a title line (no clause punctuation) has at least this many characters
#: somewhere in the block; a deck is at most this long.
_DECK_LINES = 2
_TITLE_MIN = 5
_DECK_MAX = 100
_TITLE_STOPS = _CLAUSE + "。！？!?…：:；;"
_DATE_LINE = re.compile(r"\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?")
#: A dateline opens one of the article's first lines: after the title lines the
#: page repeats, a deck (副题) or a pull quote.
_DATELINE_LINES = 4

# …参加了培训。本报记者 宋一帆 本报通讯员 柏岩 / …找工作。林小川 摄
_TAIL = re.compile(rf"(?:[{_SENTENCE_END}”」』)）])\s*([^{_SENTENCE_END}，,“”]{{2,{_SHORT_LINE}}})$")
# （林溪） ending a piece, perhaps followed by the page's 广告 tag.
_PEN_NAME = re.compile(rf"(?:^|[{_SENTENCE_END}”」』])\s*[(（]\s*([^()（）\s]{{2,8}}(?:[ 、][^()（）\s]{{1,8}}){{0,5}})\s*[)）]"
                       r"(?:\s*广告)?\s*$")


@dataclass
class _Line:
    start: int
    end: int
    text: str
    level: int = 0
    title: str = ""


@dataclass
class _Draft:
    start: int
    level: int
    headline: str
    body_start: int
    end: int = -1


def split_articles(doc: Document) -> list[Article]:
    """The articles of *doc*, in page order, with their metadata."""
    lines = _lines(doc.text)
    drafts = _split(lines, doc)
    if doc.format != "jsonl":  # a JSON Lines record is one article
        drafts = _split_title_blocks(drafts, lines, doc.text)
    starts = [ln.start for ln in lines]
    articles = []
    for index, draft in enumerate(drafts):
        first, last = bisect_left(starts, draft.body_start), bisect_left(starts, draft.end)
        body = [ln for ln in lines[first:last] if not ln.level]
        dateline, byline = _dateline_of(doc.text, body)
        credits = _dedupe([*byline, *_credits(doc.text, body)])
        articles.append(Article(
            doc_id=doc.doc_id,
            index=index,
            start=draft.start,
            end=draft.end,
            headline=draft.headline,
            body_start=draft.body_start,
            date=_article_date(dateline, doc.date),
            dateline=dateline.place if dateline else None,
            publisher=_publisher(dateline, doc.publisher),
            credits=tuple(credits),
        ))
    return articles


def _lines(text: str) -> list[_Line]:
    lines = []
    for m in re.finditer(r"[^\n]+", text):
        line = _Line(m.start(), m.end(), m.group())
        h = _HEADING.match(line.text)
        if h:
            line.level, line.title = len(h[1]), h[2].strip()
        lines.append(line)
    return lines


def _split(lines: list[_Line], doc: Document) -> list[_Draft]:
    """Article spans by the heading rules in the module docstring."""
    text = doc.text
    heads = [i for i, ln in enumerate(lines) if ln.level]
    if not heads:
        drafts = [_single(lines, doc)] if lines else []
        _close(drafts, len(text), text)
        return drafts
    column = {i for i in heads if i + 1 < len(lines) and lines[i + 1].level}
    page_level = max((lines[i].level for i in column), default=0)
    drafts: list[_Draft] = []
    preamble = lines[: heads[0]]
    if any(ch in ln.text for ln in preamble for ch in "。！？!?"):
        drafts.append(_single(preamble, doc, use_title=False))
    current: _Draft | None = None
    for i in heads:
        line = lines[i]
        if i in column or i + 1 == len(lines):
            # A column header, or a heading with no text: no article of its own.
            _close(drafts, line.start, text)
            current = None
            continue
        nxt = lines[i + 1]
        if (current is not None and line.level > current.level and line.level > page_level
                and find_dateline(text, nxt.start, nxt.end) is None):
            continue  # a section of the current article
        _close(drafts, line.start, text)
        current = _Draft(line.start, line.level, line.title, nxt.start)
        drafts.append(current)
    _close(drafts, len(text), text)
    return drafts


def _split_title_blocks(drafts: list[_Draft], lines: list[_Line], text: str) -> list[_Draft]:
    """Drafts cut where a story's unmarked title block starts (see :func:`_title_blocks`).

    One block inside a draft starts a story only after body text of its own (a
    block at the top is the draft's own title); two or more are the stories of a
    column, and a draft with no body text before its first block is that column's
    header, not an article.
    """
    starts = [ln.start for ln in lines]
    result: list[_Draft] = []
    for draft in drafts:
        first, last = bisect_left(starts, draft.body_start), bisect_left(starts, draft.end)
        body = [ln for ln in lines[first:last] if not ln.level]
        if body and _squeeze(body[0].text) == _squeeze(draft.headline):
            body = body[1:]  # the page repeats the heading as a line of text
        blocks = _title_blocks(body, text)
        text_before = bool(blocks) and any(_is_sentence(ln.text) for ln in body[: blocks[0][0]])
        if not blocks or (len(blocks) == 1 and not text_before):
            result.append(draft)
            continue
        if text_before:
            result.append(_Draft(draft.start, draft.level, draft.headline, draft.body_start))
            _close(result, body[blocks[0][0]].start, text)
        for i, (head, stop) in enumerate(blocks):
            headline = " ".join(ln.text.strip() for ln in body[head:stop])
            result.append(_Draft(body[head].start, draft.level, headline, body[stop].start))
            _close(result, body[blocks[i + 1][0]].start if i + 1 < len(blocks) else draft.end, text)
    return result


def _title_blocks(body: list[_Line], text: str) -> list[tuple[int, int]]:
    """The unmarked title blocks of *body* that start stories, as (first, stop) line indexes.

    A title block is a run of short lines without clause punctuation (引题,
    主题), perhaps a deck or two (副题: no full stop at its end), then a byline
    or a dateline opening the story. Without that opening, a run of two or more
    title lines before a paragraph starts a story only in a column of such
    stories from its top: no body text before the first block, and every such
    story ends with its own byline (（本报记者 张三）); otherwise those lines are
    the subheads of sections.
    """
    strong: list[tuple[int, int]] = []
    weak: list[tuple[int, int]] = []
    i = 0
    while i < len(body):
        if not _is_title_line(body[i], text):
            i += 1
            continue
        stop = i
        while stop < len(body) and _is_title_line(body[stop], text):
            stop += 1
        after = stop
        while after < len(body) and after - stop < _DECK_LINES and _is_deck(body[after].text):
            after += 1
        if any(len(_squeeze(ln.text)) >= _TITLE_MIN for ln in body[i:stop]):
            if after < len(body) and _opens_story(body[after], text):
                strong.append((i, stop))
            elif after == stop and stop - i >= 2 and stop < len(body) and _is_sentence(body[stop].text):
                weak.append((i, stop))
        i = stop
    if weak and _weak_blocks_are_stories(body, strong, weak):
        return sorted(strong + weak)
    return strong


def _weak_blocks_are_stories(body: list[_Line], strong: list[tuple[int, int]], weak: list[tuple[int, int]]) -> bool:
    """Whether the blocks without a byline after them are a column's stories (see :func:`_title_blocks`)."""
    blocks = sorted(strong + weak)
    if any(_is_sentence(ln.text) for ln in body[: blocks[0][0]]):
        return False
    ends = [nxt[0] for nxt in blocks[1:]] + [len(body)]
    return all(_is_closing_credit(body[end - 1].text) for block, end in zip(blocks, ends) if block in weak)


def _is_title_line(line: _Line, text: str) -> bool:
    """A short line without clause punctuation that is no byline, dateline, date, signature
    (——编者) or note in brackets (（张三）, （李四参与采写））."""
    stripped = line.text.strip()
    return (2 <= len(stripped) <= _TITLE_MAX and not any(ch in _TITLE_STOPS for ch in stripped)
            and not stripped.startswith(("—", "-", "(", "（")) and not _DATE_LINE.fullmatch(stripped)
            and find_dateline(text, line.start, line.end) is None and not _is_byline(stripped))


def _is_deck(line: str) -> bool:
    """A deck (副题): a line of clauses (commas) that ends without a full stop."""
    return (len(line) <= _DECK_MAX and any(ch in "，,；;" for ch in line)
            and line.rstrip()[-1] not in _SENTENCE_END + "”」』)）" and not _is_byline(line))


def _opens_story(line: _Line, text: str) -> bool:
    """A byline line, or a dateline opening a paragraph (not one in brackets ending a piece)."""
    if _is_byline(line.text):
        return True
    return text[line.start] not in "(（" and find_dateline(text, line.start, line.end) is not None


def _is_byline(line: str) -> bool:
    if len(line) > _SHORT_LINE:
        return False
    inner = _BRACKET.fullmatch(line)
    return parse_byline(inner[1] if inner else line) is not None


def _is_closing_credit(line: str) -> bool:
    """A byline line, or names in brackets of their own ending a piece (（林溪 王 海））."""
    inner = _BRACKET.fullmatch(line)
    return _is_byline(line) or (inner is not None and parse_byline(inner[1], bare=True) is not None)


def _is_sentence(line: str) -> bool:
    return any(ch in _SENTENCE_END for ch in line) and not _is_byline(line)


def _squeeze(line: str) -> str:
    return "".join(line.split())


def _close(drafts: list[_Draft], at: int, text: str) -> None:
    """End the open draft, if any, at *at* less the white space before it."""
    if drafts and drafts[-1].end < 0:
        while at > drafts[-1].start and text[at - 1].isspace():
            at -= 1
        drafts[-1].end = at


def _single(lines: list[_Line], doc: Document, *, use_title: bool = True) -> _Draft:
    """One article over *lines*: headline from the title or a short first line."""
    content = [ln for ln in lines if not _is_masthead(ln.text)] or lines
    first = content[0]
    title = doc.title.strip() if use_title and doc.title else None
    if title:
        if first.text.strip() == title:
            body = content[1].start if len(content) > 1 else first.end
            return _Draft(first.start, 0, title, body)
        return _Draft(first.start, 0, title, first.start)
    if len(first.text) <= _TITLE_MAX and not any(ch in first.text for ch in _CLAUSE) and len(content) > 1:
        return _Draft(first.start, 0, first.text.strip(), content[1].start)
    return _Draft(first.start, 0, "", first.start)


def _is_masthead(line: str) -> bool:
    return len(line) <= _TITLE_MAX and "。" not in line and re.search(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日", line) is not None


def _dateline_of(text: str, body: list[_Line]) -> tuple[Dateline | None, list[Credit]]:
    """The article's dateline (opening its first paragraphs, or a bracketed line
    of its own such as （新华社兰州10月9日电）) and the byline in brackets after it."""
    candidates = body[:_DATELINE_LINES] + [ln for ln in body[_DATELINE_LINES:]
                                           if ln.text[0] in "(（" and ln.text[-1] in ")）"]
    for line in candidates:
        found = find_dateline(text, line.start, line.end)
        if not found:
            continue
        credits: list[Credit] = []
        m = _BRACKET.match(text, found.end, line.end)
        if m:
            credits = parse_byline(m[1], m.start(1), bare=True) or []
        elif text[line.start] in "(（":  # （新华社杭州9月13日电 记者 卢思远）
            rest = _BRACKET.match(text, line.start, line.end)
            if rest and rest.end() == line.end:
                credits = parse_byline(text[found.end:rest.end(1)], found.end, bare=False) or []
        return found, credits
    return None, []


def _credits(text: str, body: list[_Line]) -> list[Credit]:
    """Credits from byline-shaped lines and tails of the body."""
    credits: list[Credit] = []
    for number, line in enumerate(body):
        last = number == len(body) - 1
        if len(line.text) <= _SHORT_LINE or (len(line.text) <= _LIST_CREDIT_MAX and line.text[0] in "(（"):
            inner = _BRACKET.fullmatch(line.text)
            start, piece = (line.start + inner.start(1), inner[1]) if inner else (line.start, line.text)
            found = parse_byline(piece, start, bare=False)
            if found:
                credits += found
                continue
        if number == 0:
            opening = _BRACKET.match(text, line.start, line.end)
            if opening and opening.start(1) == line.start + 1:
                credits += parse_byline(opening[1], opening.start(1), bare=False) or []
        window = max(line.start, line.end - _SHORT_LINE - 2)
        tail = _TAIL.search(text, window, line.end)
        if tail:
            piece, start = tail[1], tail.start(1)
            inner = _BRACKET.fullmatch(piece)
            if inner:
                piece, start = inner[1], start + inner.start(1)
            found = parse_byline(piece.rstrip(), start, bare=False)
            if found:
                credits += found
                continue
        if last:
            pen = _PEN_NAME.search(line.text, max(0, len(line.text) - _SHORT_LINE))
            if pen and pen[1] not in NOT_NAMES and find_dateline(pen[1]) is None:
                credits += parse_byline(pen[1], line.start + pen.start(1), bare=True) or []
    return credits


def _article_date(dateline: Dateline | None, page: dt.date | None) -> dt.date | None:
    """The dateline's date, its year from the page date when it gives none; else the page date."""
    if dateline is None or dateline.month is None or dateline.day is None:
        return page
    year = dateline.year or (page.year if page else None)
    if year is None:
        return None
    try:
        found = dt.date(year, dateline.month, dateline.day)
    except ValueError:
        return page
    if dateline.year is None and page is not None and found > page:
        # 新华社北京12月31日电 on a page of 1 January: last year's December.
        try:
            found = found.replace(year=year - 1)
        except ValueError:
            return page
    return found


def _publisher(dateline: Dateline | None, paper: str | None) -> str | None:
    if dateline is None or dateline.agency == "本报":
        return paper
    return dateline.agency


def _dedupe(credits: list[Credit]) -> list[Credit]:
    seen: set[tuple[str, str]] = set()
    kept = []
    for credit in credits:
        if (credit.name, credit.role) not in seen:
            seen.add((credit.name, credit.role))
            kept.append(credit)
    return kept
