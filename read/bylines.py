"""The grammar of datelines and bylines, written once for the reading stage.

A dateline opens a story and says who filed it, where and when
(本报澄溪3月5日电, 新华社兰州10月9日电, 据中新社电, 本报讯); a byline credits
the people who wrote or photographed it (本报记者 张三 本报通讯员 李四,
文/张三, 林小川 摄/某图片社, 本报记者 李 刚 with a name padded by the layout,
综合本报记者张三、李四报道 for a round-up). Two readers share this grammar, so that they
agree on what a dateline or a byline is: ``zhitu.read.normalise`` keeps a
layout line break before a dateline and around a byline (:func:`find_dateline`,
:func:`is_credit_line`, :func:`ends_with_byline`), and ``zhitu.read.articles``
reads the date, place, publisher and credits out of them
(:func:`find_dateline`, :func:`parse_byline`).

Not for: where an article starts and ends (``zhitu.read.articles``), or
people and organisations named in sentences (``zhitu.extractors``).
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from zhitu.read.model import Credit, CreditRole

__all__ = ["AGENCIES", "Dateline", "find_dateline", "parse_byline", "is_credit_line", "ends_with_byline"]

#: Who files a story: the paper itself (本报), news agencies and news sites.
#: They open a dateline (新华社兰州10月9日电) and may stand before a role word in a
#: byline (新华社记者 张三).
AGENCIES = ("本报", "新华社", "中新社", "中国新闻社", "人民网", "新华网", "央视网", "中新网", "人民日报", "工人日报")
_AGENCY = "|".join(AGENCIES)
_DIGIT = "0-9０-９"
# Several places for a round-up from bureaus abroad: 本报罗马、莫斯科、开罗1月20日电.
_PLACES = r"[\u4e00-\u9fff]{0,8}?(?:、[\u4e00-\u9fff（）]{1,10}?){0,20}"
_DATELINE = re.compile(
    rf"据?(?P<agency>{_AGENCY})"
    rf"(?:(?P<place>{_PLACES})\s*(?:(?P<year>[{_DIGIT}]{{4}})年)?"
    rf"(?P<month>[{_DIGIT}]{{1,2}})月(?P<day>[{_DIGIT}]{{1,2}})日\s*(?:电|讯)"
    rf"|(?P<undated>[\u4e00-\u9fff]{{2,8}}?(?:、[\u4e00-\u9fff]{{2,10}}?){{0,20}})电(?=[\s(（，,]|$)"
    r"|(?P<bare>讯|电))"
)
_DATELINE_WINDOW = 240

# A role word: 记者, 特约记者, 摄影记者, 通讯员, 见习通讯员, 实习生…
_ROLE_WORD = r"(?:特约|见习|摄影)?(?:记者|通讯员|实习生)"
# Who a role word works for: 本报, 新华社, or a posting abroad (本报驻泰国记者).
_EMPLOYER = rf"(?:{_AGENCY})(?:驻[\u4e00-\u9fff]{{1,8}}?(?={_ROLE_WORD}))?"
# A role word with the agency it works for, or a credit by slash: 文/张三, 图：李四.
_ROLE = re.compile(rf"(?P<agency>{_EMPLOYER})?(?P<word>{_ROLE_WORD})|(?P<slash>文图|文|图|摄影|摄)\s*[/／:：]")
# 林小川 摄 / 林小川 摄/某图片社 / 许某摄（影像中国） / 刘某摄影报道
_PHOTO = r"摄(?:影)?(?:报道)?(?:\s*[/／]\s*[^\s/／()（）]{1,12}|\s*[(（][^()（）\s]{1,12}[)）])?"
_PHOTO_END = re.compile(rf"\s*{_PHOTO}\s*$")

# A line that starts or ends like a credit (normalise keeps it a line of its own).
_CREDIT_START = re.compile(rf"[(（]?\s*(?:(?:{_EMPLOYER})?{_ROLE_WORD}|(?:文图|文|图|摄影|摄)\s*[/／:：])")
_CREDIT_END = re.compile(rf"{_PHOTO}\s*[)）]?$")
#: Longer than this, a line is text rather than a credit line.
CREDIT_LINE_MAX = 50
# A byline after the last sentence of a caption or paragraph: …走上赛场。本报记者 宋一帆
_BYLINE_TAIL = re.compile(rf"[。！？!?”」』)）]\s*[(（]?(?:{_EMPLOYER})?{_ROLE_WORD}[^。！？!?，,]{{1,40}}$")

_NAME = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff·•]*")
_SEPARATOR = re.compile(r"[\s、，,；;]+")
# A two-character name padded to the width of three by the layout: 李  刚 (one space after normalising).
_PADDED_NAME = re.compile(r"([\u4e00-\u9fff])[ \u3000]{1,3}([\u4e00-\u9fff])(?![\u4e00-\u9fff·•])")
#: A round-up byline names the reporters whose reports were combined, all authors:
#: （综合本报记者张三、李四报道）, （综合张三、李四报道）.
_ROUND_UP = re.compile(r"综合(?P<inner>.+?)(?:采写|报道)")
#: What the reporters after a role word did: 本报记者张三整理 (authors), 本报记者李四参与采写
#: (contributors); 报道 only after a list (记者张三、李四报道: 记者张三 北京报道 ends with a place).
_WORK_DONE = re.compile(r"(?:采访整理|整理|采写|(?<=、[^、\s]{2})报道|(?<=、[^、\s]{3})报道|(?<=、[^、\s]{4})报道)$")
_HELPED = re.compile(r"参与(?:采写|采访|报道)$")
#: Words that close or label a piece where a pen name could stand: never names.
NOT_NAMES = frozenset({"完", "待续", "未完待续", "续完", "全文完", "供图", "资料图", "图片", "广告", "题图",
                       # column labels after a role word: 记者手记, 记者点评, 记者观察
                       "手记", "点评", "观察", "调查", "述评", "札记", "随笔", "日记", "感言"})
_NOT_NAME_ENDINGS = ("报道", "电", "讯", "版", "图片", "摄")
_NOT_NAME_STARTS = ("作者", "本报", "图为", "资料")


@dataclass(frozen=True)
class Dateline:
    """A dateline as written: 本报澄溪3月5日电, 新华社兰州10月9日电, 本报讯, 据新华社伦敦电,
    本报罗马、开罗1月20日电 (several places: no place of its own)."""

    agency: str
    place: str | None
    year: int | None
    month: int | None
    day: int | None
    start: int
    end: int


def find_dateline(text: str, start: int = 0, end: int | None = None) -> Dateline | None:
    """The dateline opening ``text[start:end]`` (after an optional bracket), or None."""
    end = len(text) if end is None else end
    pos = start
    if pos < end and text[pos] in "(（":
        pos += 1
    m = _DATELINE.match(text, pos, min(end, pos + _DATELINE_WINDOW))
    if not m:
        return None
    if m["bare"] or m["undated"]:
        # 据新华社伦敦电: a place without a date; one place only is the dateline's.
        place = m["undated"] if m["undated"] and "、" not in m["undated"] else None
        return Dateline(m["agency"], place, None, None, None, m.start(), m.end())
    return Dateline(
        agency=m["agency"],
        place=m["place"] if m["place"] and "、" not in m["place"] else None,
        year=_int(m["year"]) if m["year"] else None,
        month=_int(m["month"]),
        day=_int(m["day"]),
        start=m.start(),
        end=m.end(),
    )


def parse_byline(text: str, offset: int = 0, *, bare: bool = False) -> list[Credit] | None:
    """The credits in a byline such as ``记者沈一舟 柏岩``, ``本报记者 张三 本报通讯员 李四``
    or ``林小川 摄/某图片社``; None when *text* is not wholly a byline.

    *offset* is where *text* starts in the document, so the credits' offsets
    point into it. A name before any role word is an author only when *bare*
    (a pen name, the brackets after a dateline) or in a photo credit.
    """
    round_up = _ROUND_UP.fullmatch(text)
    if round_up:
        return parse_byline(round_up["inner"], offset + round_up.start("inner"), bare=True)
    helped = _HELPED.search(text)
    if helped:
        found = parse_byline(text[: helped.start()], offset)
        return [dataclasses.replace(c, role="contributor") for c in found] if found else None
    done = _WORK_DONE.search(text)
    if done and _ROLE.match(text):
        return parse_byline(text[: done.start()], offset)
    end = len(text)
    photo = _PHOTO_END.search(text)
    if photo:
        end = photo.start()
    credits: list[Credit] = []
    role: CreditRole | None = "photographer" if photo else ("author" if bare else None)
    position: str | None = None
    pos = 0
    while pos < end:
        sep = _SEPARATOR.match(text, pos, end)
        if sep:
            pos = sep.end()
            continue
        m = _ROLE.match(text, pos, end)
        if m:
            role, position = _role(m, photo=bool(photo))
            pos = m.end()
            continue
        padded = _PADDED_NAME.match(text, pos, end)
        if padded and role is not None and _single(text, pos):
            credits.append(Credit(padded[1] + padded[2], role, position, offset + pos, offset + padded.end()))
            pos = padded.end()
            continue
        m = _NAME.match(text, pos, end)
        if not m or role is None:
            return None
        name = m.group()
        cut = _ROLE.search(name, 1)  # a role word glued after a name: 卢思远通讯员潘晓雯
        if cut:
            name = name[: cut.start()]
        if not _is_name(name):
            return None
        credits.append(Credit(name, role, position, offset + pos, offset + pos + len(name)))
        pos += len(name)
    return credits or None


def is_credit_line(line: str) -> bool:
    """Whether *line*, a line of its own, is shaped like a credit (it starts
    with a role word or ``文/``, or ends with a photo credit)."""
    if len(line) > CREDIT_LINE_MAX:
        return False
    return bool(_CREDIT_START.match(line) or _CREDIT_END.search(line))


def ends_with_byline(text: str) -> bool:
    """Whether *text* ends with a byline after its last sentence (…赛场。本报记者 宋一帆)."""
    return _BYLINE_TAIL.search(text) is not None


def _role(m: re.Match[str], *, photo: bool) -> tuple[CreditRole, str | None]:
    if m["slash"]:
        return ("author" if m["slash"] in ("文", "文图") and not photo else "photographer"), None
    word = m["word"]
    if photo:
        return "photographer", word
    return ("contributor" if word.endswith(("通讯员", "实习生")) else "author"), word


def _single(text: str, pos: int) -> bool:
    """Whether the character at *pos* stands alone (the first half of a padded name)."""
    return (pos + 1 < len(text) and not ("\u4e00" <= text[pos + 1] <= "\u9fff")
            and (pos == 0 or not ("\u4e00" <= text[pos - 1] <= "\u9fff")))


def _is_name(name: str) -> bool:
    if name in NOT_NAMES or name.endswith(_NOT_NAME_ENDINGS) or name.startswith(_NOT_NAME_STARTS):
        return False
    if "·" in name or "•" in name:
        return 3 <= len(name) <= 20 and name[-1] not in "·•"
    return 2 <= len(name) <= 4


def _int(digits: str) -> int:
    return int(digits.translate(str.maketrans("０１２３４５６７８９", "0123456789")))
