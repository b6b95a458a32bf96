"""Fuzz a whole build: thousands of generated documents, realistic and hostile.

Writes ``--count`` documents (default 10,000; a .txt or .md file is one
document, a JSON Lines line one record) into folders of ``--batch`` documents
(default 1,000), builds each folder with ``zhitu build --no-progress`` in a
subprocess, into a fresh store, and checks what issue 14 asks of any build:

- the command exits 0 and prints no traceback; every stderr line is one of
  zhitu's own (``zhitu: …``), so no file name forged a line;
- summary.json accounts for every input: ``read == built + skipped``; each skip
  is one line that names its file; every generated file (every record of a
  JSON Lines file, or the file as a whole) is built or skipped, none lost;
- nothing readable is lost: a page of clean text in an encoding zhitu reads,
  and each good record of a JSON Lines file, is built, not skipped;
- the store holds one graph per built document (no id collided silently);
- ``graph.ttl`` conforms to the SHACL shapes (:mod:`zhitu.validation`).

Batches bound the memory that writing and validating one graph take; each is a
build of its own. When a build crashes, its files are built again in this
process (click's runner: the model loads once), in groups, then alone, then a
JSON Lines file line by line, to list every distinct crash (exception and
place) with an input that reproduces it; ``--peel`` then builds the rest
without the crashing files, so one crash does not hide other failures. Prints
the counts and failures; exits 1 on any failure.

The documents mix invented news (names, posts, bodies, places, quotes,
datelines such as 本报北京6月28日电, credits such as （记者 …）) with hostile
content: a character of every Unicode general category, controls, private
use, noncharacters, tag characters, zero-width and bidi marks, lone
surrogates, emoji, combining marks; GBK, Big5, EUC-KR, Shift-JIS, UTF-16 with
and without a BOM, invalid UTF-8 bytes; very long lines; empty, blank and
heading-only pages; malformed JSON, wrong types, huge and odd ids; file and
folder names with spaces, newlines, ``#``, undecodable bytes. Everything is
seeded: a seed and a count give the same files.

Not for: speed (``bench/throughput.py``) or extraction quality
(``zhitu.evaluation``). Special files (FIFOs, /dev/zero links) are not made:
a build that hangs would hang the fuzz run too.

    .venv/bin/python bench/fuzz.py --seed 14 --count 10000 [--batch 1000] [--peel] [--keep DIR]
"""
from __future__ import annotations

import argparse
import bisect
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from urllib.parse import quote

ZHITU = Path(sys.executable).with_name("zhitu")

# -- invented news ---------------------------------------------------------------

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
            "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "令狐")
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国文辉林波宁晓晨阳春雨晴松岚川海峰远航思源嘉怡子涵"
CITIES = ("北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "西安", "南京", "重庆", "天津", "长沙", "郑州",
          "济南", "福州", "昆明", "兰州", "拉萨", "乌鲁木齐", "哈尔滨", "喀什", "澄溪", "青岚", "鹭洲", "云枫")
PROVINCES = ("河北省", "山西省", "浙江省", "四川省", "湖南省", "云南省", "甘肃省", "广东省", "新疆维吾尔自治区")
PLACE_KINDS = ("市", "县", "区", "镇", "村")
BODY_KINDS = ("总工会", "人民政府", "教育局", "卫生健康委员会", "科学技术协会", "文化和旅游厅", "妇女联合会",
              "发展和改革委员会", "人民医院", "实验中学", "大学", "星河电子有限公司", "鸿远集团", "青禾农业合作社")
TITLES = ("主席", "副主席", "书记", "副书记", "市长", "副市长", "局长", "院长", "校长", "总经理", "董事长", "主任",
          "教授", "研究员", "党委书记", "常务副主任")
EVENTS = ("第{n}届{c}数字经济论坛", "{c}国际博览会", "全国劳动模范表彰大会", "{c}乡村建设工作会议",
          "第{n}届{c}马拉松赛", "{c}职工技能大赛", "{p}科技创新大会")
PROGRAMMES = ("“{c}绿色出行”计划", "{c}人才工程", "“强基”行动", "{p}数字乡村建设试点", "“{c}英才”计划")
TOPICS = ("安全生产", "防汛救灾", "职业教育", "乡村建设", "疫情防控", "营商环境", "生态保护", "科技创新", "就业")
QUOTES = ("我们要把好事办实、把实事办好", "这是大家共同努力的结果", "希望更多年轻人投身技能岗位",
          "让群众看到实实在在的变化", "下一步还要继续加大投入", "没想到这么快就拿到了补贴")
PAPERS = ("工人日报", "澄溪日报", "青岚晚报", "新华社", "鹭洲工人报")
WEEKDAYS = "一二三四五六日"


def person(rng: random.Random) -> str:
    """An invented name: one or two surname characters, one or two given ones."""
    surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.05 else rng.choice(SURNAMES)
    return surname + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def place(rng: random.Random) -> str:
    return rng.choice(CITIES) + rng.choice(PLACE_KINDS) if rng.random() < 0.6 else rng.choice(PROVINCES)


def body(rng: random.Random) -> str:
    return rng.choice(CITIES) + rng.choice(("", "市", "省")) + rng.choice(BODY_KINDS)


def fill(template: str, rng: random.Random) -> str:
    return template.format(n=rng.randint(1, 30), c=rng.choice(CITIES), p=rng.choice(PROVINCES))


# -- hostile characters ------------------------------------------------------------

_RANGES: dict[str, tuple[tuple[int, int], ...]] = {
    "C0 control": ((0x01, 0x08), (0x0B, 0x0C), (0x0E, 0x1F), (0x7F, 0x7F)),
    "NUL": ((0x00, 0x00),),
    "C1 control": ((0x80, 0x9F),),
    "private use": ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD)),
    "noncharacter": ((0xFDD0, 0xFDEF), (0xFFFE, 0xFFFF), (0x1FFFE, 0x1FFFF), (0x10FFFE, 0x10FFFF)),
    "replacement": ((0xFFFC, 0xFFFD),),
    "tag": ((0xE0001, 0xE0001), (0xE0020, 0xE007F)),
    "zero-width": ((0x200B, 0x200D), (0x2060, 0x2060), (0xFEFF, 0xFEFF), (0x00AD, 0x00AD), (0x180E, 0x180E)),
    "bidi": ((0x200E, 0x200F), (0x202A, 0x202E), (0x2066, 0x2069), (0x061C, 0x061C)),
    "line separator": ((0x2028, 0x2029), (0x0085, 0x0085), (0x000B, 0x000C)),
    "space": ((0x3000, 0x3000), (0x00A0, 0x00A0), (0x2000, 0x200A), (0x202F, 0x202F), (0x1680, 0x1680)),
    "variation selector": ((0xFE00, 0xFE0F), (0xE0100, 0xE01EF)),
    "combining": ((0x0300, 0x036F), (0x20D0, 0x20FF), (0x302A, 0x302F)),
    "astral ideograph": ((0x20000, 0x2A6DF), (0x30000, 0x3134A)),
    "full-width ASCII": ((0xFF01, 0xFF5E),),
    "compatibility ideograph": ((0xF900, 0xFAD9), (0x2F00, 0x2FD5)),
}
_SNIPPETS: dict[str, tuple[str, ...]] = {
    "emoji": ("😀", "👩‍🔬", "🇨🇳", "👍🏽", "1️⃣", "🏳️‍🌈", "🀄", "㊗️"),
    "IRI special": tuple('<>"{}|\\^`%#?/\' &') + ("%2F", "%zz", "..", "./", "a:b", "http://x/", "_:b0"),
    "markup": ("<script>alert(1)</script>", "</textarea>", "]]>", "-->", "${x}", "{{x}}", '"""', "'''",
               "@prefix x: <y> .", "\\u0000", "&amp;", "<!--", "\"\\", "javascript:", "'\"><img src=x>"),
    "other script": ("김정호", "ソウル", "ﾃｽﾄ", "שלום", "مرحبا", "नमस्ते", "Ωμέγα", "Ελλάδα", "𝐀𝐁𝐂", "ǅ"),
    "zalgo": ("张" + "\u0301\u0310\u0337" * 5, "\u0301" * 30, "李\u20dd"),
}


@cache
def _category_table() -> tuple[list[str], dict[str, tuple[list[int], list[int]]]]:
    """Every assigned and unassigned code point (surrogates aside) by general
    category, as sorted runs (starts, cumulative sizes) to draw from uniformly."""
    runs: dict[str, list[tuple[int, int]]] = {}
    start, current = 0, unicodedata.category(chr(0))
    for cp in range(1, 0x110000):
        cat = unicodedata.category(chr(cp))
        if cat != current:
            runs.setdefault(current, []).append((start, cp - 1))
            start, current = cp, cat
    runs.setdefault(current, []).append((start, 0x10FFFF))
    runs.pop("Cs", None)  # surrogates cannot stand in text: see lone_surrogate()
    table: dict[str, tuple[list[int], list[int]]] = {}
    for cat, spans in runs.items():
        starts, ends, total = [], [], 0
        for lo, hi in spans:
            starts.append(lo)
            total += hi - lo + 1
            ends.append(total)
        table[cat] = (starts, ends)
    return sorted(table), table


def from_category(cat: str, rng: random.Random) -> str:
    """A code point of general category ``cat`` (Lu, Mn, Cn, Co…), uniformly."""
    starts, ends = _category_table()[1][cat]
    k = rng.randrange(ends[-1])
    i = bisect.bisect_right(ends, k)
    before = ends[i - 1] if i else 0
    return chr(starts[i] + (k - before))


def from_range(kind: str, rng: random.Random) -> str:
    lo, hi = rng.choice(_RANGES[kind])
    return chr(rng.randint(lo, hi))


class Hostile:
    """Draws hostile characters, cycling through every kind and every Unicode
    general category first, so that a few hundred draws cover them all."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        categories, _ = _category_table()
        kinds = [("category", c) for c in categories] + [("range", k) for k in _RANGES]
        kinds += [("snippet", k) for k in _SNIPPETS]
        rng.shuffle(kinds)
        self.queue = kinds
        self.kinds = tuple(kinds)
        self.used: Counter = Counter()

    def draw(self) -> str:
        kind, name = self.queue.pop() if self.queue else self.rng.choice(self.kinds)
        self.used[name] += 1
        if kind == "category":
            return from_category(name, self.rng)
        if kind == "range":
            return from_range(name, self.rng)
        return self.rng.choice(_SNIPPETS[name])

    def sprinkle(self, text: str, count: int) -> str:
        """``text`` with ``count`` hostile characters at random places (names included)."""
        chars = list(text)
        for _ in range(count):
            chars.insert(self.rng.randint(0, len(chars)), self.draw())
        return "".join(chars)


class Cycle:
    """Draws from ``choices``: each once, in a shuffled order, before any twice,
    so that a small run still meets every case."""

    def __init__(self, rng: random.Random, choices) -> None:
        self.rng = rng
        self.choices = tuple(choices)
        self.queue: list = []
        self.used: Counter = Counter()
        """How often each choice was drawn, by its repr."""

    def draw(self):
        if not self.queue:
            self.queue = list(self.choices)
            self.rng.shuffle(self.queue)
        choice = self.queue.pop()
        self.used[repr(choice)[:40]] += 1
        return choice


def lone_surrogate(rng: random.Random) -> str:
    return chr(rng.choice((0xD800, 0xDBFF, 0xDC00, 0xDFFF, rng.randint(0xD800, 0xDFFF))))


# -- documents ---------------------------------------------------------------------


class News:
    """Invented news text; ``taint`` is the chance that a name, title or body
    name carries a hostile character (so it reaches entity names and IRIs)."""

    def __init__(self, rng: random.Random, hostile: Hostile) -> None:
        self.rng = rng
        self.hostile = hostile
        self.taint = 0.0

    def _t(self, text: str) -> str:
        return self.hostile.sprinkle(text, 1) if self.rng.random() < self.taint else text

    def person(self) -> str:
        return self._t(person(self.rng))

    def body(self) -> str:
        return self._t(body(self.rng))

    def title(self) -> str:
        return self._t(self.rng.choice(TITLES))

    def dateline(self) -> str:
        r = self.rng
        m, d = r.randint(1, 12), r.randint(1, 28)
        city = r.choice(CITIES)
        return r.choice((f"本报{city}{m}月{d}日电", f"新华社{city}{m}月{d}日电", "本报讯", f"本报记者{self.person()}报道",
                         f"{r.choice(PAPERS)}{city}{m}月{d}日电"))

    def credit(self) -> str:
        r = self.rng
        names = " ".join(self.person() for _ in range(r.randint(1, 3)))
        return r.choice((f"（记者 {names}）", f"（记者{names}　通讯员{self.person()}）", f"{self.person()} 摄",
                         f"本报记者 {names}", f"（{r.choice(PAPERS)}记者 {names}）"))

    def sentence(self) -> str:
        r = self.rng
        p, b, t = self.person(), self.body(), self.title()
        c = self._t(place(r))
        templates = (
            f"{b}{t}{p}日前到{c}调研{r.choice(TOPICS)}工作。",
            f"{p}，{b}{t}，{r.randint(1, 12)}月{r.randint(1, 28)}日在{c}出席{fill(r.choice(EVENTS), r)}并讲话。",
            f"“{r.choice(QUOTES)}。”{p}说。",
            f"{p}表示，{r.choice(QUOTES)}。",
            f"{b}与{self.body()}联合推出{fill(r.choice(PROGRAMMES), r)}。",
            f"{p}当选{b}{t}。",
            f"{c}位于{r.choice(PROVINCES)}，是{r.choice(TOPICS)}示范区。",
            f"{p}参加了{fill(r.choice(EVENTS), r)}，{b}{t}{self.person()}为其颁奖。",
            f"据{b}介绍，今年以来全市新增{r.randint(2, 9000)}个就业岗位，同比增长{r.randint(1, 99)}.{r.randint(0, 9)}%。",
            f"{r.randint(2000, 2030)}年{r.randint(1, 12)}月{r.randint(1, 31)}日，{p}在{c}会见了{self.person()}一行。",
        )
        return r.choice(templates)

    def paragraph(self) -> str:
        return "".join(self.sentence() for _ in range(self.rng.randint(1, 3)))

    def headline(self) -> str:
        r = self.rng
        return r.choice((f"{self.body()}召开{r.choice(TOPICS)}工作会议", f"{self.person()}：{r.choice(QUOTES)}",
                         f"{fill(r.choice(EVENTS), r)}在{r.choice(CITIES)}开幕", f"{r.choice(TOPICS)}有了新变化"))

    def article(self) -> str:
        r = self.rng
        lines = [self.headline()]
        if r.random() < 0.3:
            lines.append(self.credit())
        first = self.paragraph()
        lines.append(f"{self.dateline()}{'（记者' + self.person() + '）' if r.random() < 0.4 else ''} {first}")
        lines += [self.paragraph() for _ in range(r.choice((0, 0, 1, 2)))]
        if r.random() < 0.4:
            lines.append(self.credit())
        return "\n".join(lines)

    def page(self) -> str:
        r = self.rng
        parts = []
        if r.random() < 0.5:
            y, m, d = r.randint(1990, 2030), r.randint(1, 12), r.randint(1, 28)
            parts.append(f"{r.choice(PAPERS)}  {y}年{m}月{d}日 星期{r.choice(WEEKDAYS)}  第{r.randint(1, 16)}版")
        parts += [self.article() for _ in range(r.choice((1, 1, 1, 2, 3)))]
        return "\n\n".join(parts) + "\n"

    def markdown(self) -> str:
        r = self.rng
        parts = [f"# {self.headline()}"]
        for _ in range(r.choice((1, 1, 2))):
            parts.append(f"{'#' * r.randint(1, 4)} {self.headline()}")
            parts.append(self.article().split("\n", 1)[-1])
            if r.random() < 0.2:
                parts.append(f"> {r.choice(QUOTES)}\n\n- {self.person()}\n- {self.body()}\n\n**{self.person()}**")
        return "\n\n".join(parts) + "\n"


# -- files -------------------------------------------------------------------------


@dataclass
class Planned:
    """One generated file and what a build must account for."""

    path: Path
    kind: str
    """What the generator meant it to be (news, heading-only, gbk, malformed-json…)."""
    records: int | None = None
    """For .jsonl: its non-blank lines, each one document to build or skip."""
    must_build: int = 0
    """Documents in it that a build must not skip: clean text in an encoding
    zhitu reads (a page; each good record of a JSON Lines file)."""


@dataclass
class Corpus:
    """The generated folder: its files, and the documents they hold."""

    root: Path
    files: list[Planned] = field(default_factory=list)
    documents: int = 0
    kinds: Counter = field(default_factory=Counter)
    hostile: Counter = field(default_factory=Counter)
    """Hostile characters drawn, by kind (Unicode general category or range)."""
    cases: Counter = field(default_factory=Counter)
    """JSON Lines cases drawn: ``id: …``, ``field: (key, value)``, ``malformed: …``."""


_ENCODINGS = (("utf-8", 60), ("utf-8-sig", 6), ("gb18030", 6), ("gbk", 5), ("utf-16", 4), ("utf-16-le", 2),
              ("utf-16-be", 2), ("big5", 3), ("euc-kr", 2), ("shift_jis", 2), ("bad-utf-8", 8))
GOOD_ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "gbk", "gb18030")
"""Encodings a page may come in and must still be built (UTF-16 with its BOM)."""
CLEAN_PAGES = ("news", "line breaks", "combining marks", "one line", "long line", "repeated", "controls", "html",
               "long name run", "long unbroken")
"""Kinds of page that hold text to build: a skip loses them (three stray
controls are stripped, not a reason to reject a page: issue 14, item 4)."""
_BAD_BYTES = (b"\xff", b"\xfe", b"\xc3", b"\x80", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf8\x88\x80\x80\x80", b"\xe4\xb8",
              b"\xf4\x90\x80\x80", b"\x00", b"\x1b[31m")


def weighted(rng: random.Random, choices: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([c for c, _ in choices], [w for _, w in choices])[0]


def encode(text: str, rng: random.Random, encoding: str) -> bytes:
    """``text`` as bytes in ``encoding``; what it cannot hold becomes ``?``
    (GB18030 holds everything but surrogates); ``bad-utf-8`` is UTF-8 with
    invalid sequences put between characters."""
    if encoding == "bad-utf-8":
        data = bytearray(text.encode("utf-8", "surrogatepass"))
        for _ in range(rng.randint(1, 3)):
            cut = _char_boundary(data, rng.randint(0, len(data)))
            data[cut:cut] = rng.choice(_BAD_BYTES)
        return bytes(data)
    if encoding.startswith("utf-8") or encoding.startswith("utf-16"):
        return text.encode(encoding, "surrogatepass")
    return text.encode(encoding, "replace")


def _char_boundary(data: bytearray, at: int) -> int:
    while 0 < at < len(data) and data[at] & 0xC0 == 0x80:
        at -= 1
    return at


def safe_name(text: str) -> str:
    """``text`` as one file or folder name: no ``/`` or NUL (no file system takes
    them), not hidden (folders are searched for visible files only)."""
    text = text.replace("/", "_").replace("\x00", "_")
    return "_" + text if text.startswith(".") else text


class Names:
    """File names, unique within the run: plain, spaced, Chinese, emoji, with
    newlines, tabs, ``#``, ``%``, bidi marks, undecodable bytes, long ones."""

    def __init__(self, rng: random.Random, hostile: Hostile) -> None:
        self.rng = rng
        self.hostile = hostile
        self.n = 0

    def __call__(self, suffix: str) -> str:
        r = self.rng
        self.n += 1
        n = self.n
        style = r.random()
        if style < 0.55:
            base = f"page-{n:05d}"
        elif style < 0.65:
            base = f"新闻 稿 {n}"
        elif style < 0.70:
            base = f"第{n}版 人民·日报（要闻）"
        elif style < 0.73:
            base = f"line\nbreak {n}"
        elif style < 0.75:
            base = f"tab\t{n}\r"
        elif style < 0.78:
            base = f"frag#{n}?q=1%20&x"
        elif style < 0.80:
            base = f"-{n} 😀 {person(r)}"
        elif style < 0.82:
            base = f"\u202e{n}txt.exe"
        elif style < 0.84:
            base = f"{n}" + "长" * r.randint(60, 75)  # about 230 bytes: near the 255-byte limit
        elif style < 0.86:
            base = os.fsdecode(b"bytes-\xff\xfe-%d" % n)  # not UTF-8: surrogate-escaped in Python
        elif style < 0.88:
            base = f" {n} spaced "
        else:
            base = f"{self.hostile.draw()}{n}{self.hostile.draw()}"
        base = safe_name(base)
        if r.random() < 0.05:
            suffix = suffix.upper() if r.random() < 0.5 else suffix[:2] + suffix[2:].upper()
        name = base + suffix
        while len(os.fsencode(name)) > 250:
            base = base[:-1]
            name = base + suffix
        return name


ODD_IDS = (10**40, -1, 0, 1.5, True, None, [], {"nested": 1}, "", " ", "a/b", "a#b#c", "x\ny", "../../etc",
           "(long)", "%2F", "<script>", "\u200b", "\ue000", "\ufffd", "\U000e0041", "id with spaces", "张\u200b三",
           "(previous)", "1", 1)
"""JSON Lines ids a record may give (``(previous)``: the id before it; ``(long)``: 1k-20k characters)."""
WRONG_TYPES = (
    ("text", 5), ("text", None), ("text", ["a"]), ("text", {"a": 1}), ("text", ""), ("text", " \n "),
    ("text", True), ("date", "not a date"), ("date", 20200101), ("date", "2020-13-45"),
    ("date", "2020-02-30"), ("date", ""), ("date", {"y": 2020}), ("date", "2020-1-1"),
    ("date", " 2020-06-28 "), ("title", 5), ("title", ["t"]), ("title", ""), ("source", {"x": 1}),
    ("url", "javascript:alert(1)"), ("url", 5), ("extra", {"deep": [1, {"x": None}]}),
)
"""Fields with a value of the wrong type or form."""
MALFORMED = (
    '"just a string"', "42", "null", "true", "NaN", "{}", "[]", "{",
    '{"text": NaN}', '{"text": "a", "text": 5}', '{"text": "\\x41"}', '{"text": "\\ud800"}',
    '{"text": "a\u0000b"}',  # a raw NUL byte inside a string: the file's other records must survive it
    '{"text": "bad \\escape"}', "// comment", '{"text": "长长长长长"}}}',
    '{"text": "' + "\\n" * 2000 + '"}', "{" * 2000 + "}" * 2000,
)
"""Lines that are not JSON objects, or not JSON."""


class Generator:
    """Writes corpora of .txt, .md and .jsonl files; one seed, one sequence of
    corpora (file names stay unique across them)."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.hostile = Hostile(random.Random(seed + 1))
        self.news = News(self.rng, self.hostile)
        self.names = Names(self.rng, self.hostile)
        self.odd_ids = Cycle(self.rng, ODD_IDS)
        self.wrong_types = Cycle(self.rng, WRONG_TYPES)
        self.malformed_lines = Cycle(self.rng, MALFORMED)
        self.corpus = Corpus(Path())
        self.folders: list[Path] = []

    def run(self, count: int, root: Path) -> Corpus:
        """Write ``count`` documents into the folder ``root``."""
        self.corpus = Corpus(root)
        self.folders = [root]
        for cycle in (self.hostile, self.odd_ids, self.wrong_types, self.malformed_lines):
            cycle.used = Counter()
        root.mkdir(parents=True, exist_ok=True)
        while self.corpus.documents < count:
            left = count - self.corpus.documents
            r = self.rng.random()
            if r < 0.06 and left >= 2:
                self.jsonl(min(left, self.rng.randint(2, 25)))
            elif r < 0.85:
                self.page(".txt" if self.rng.random() < 0.7 else ".md")
            else:
                self.edge()
        self.corpus.hostile = self.hostile.used
        for name, cycle in (("id", self.odd_ids), ("field", self.wrong_types), ("malformed", self.malformed_lines)):
            self.corpus.cases.update({f"{name}: {k}": n for k, n in cycle.used.items()})
        return self.corpus

    # where files go: mostly the root, some in (oddly named) subfolders
    def folder(self) -> Path:
        r = self.rng
        if r.random() < 0.1:
            name = safe_name(r.choice(("sub", "子 目录", "a#b", "日报 2020", "x\ny", "%41", self.hostile.draw() + "d")))
            parent = r.choice(self.folders)
            folder = parent / f"{name}{len(self.folders)}"
            folder.mkdir(parents=True, exist_ok=True)
            self.folders.append(folder)
            return folder
        return r.choice(self.folders) if r.random() < 0.3 else self.corpus.root

    def write(self, data: bytes, suffix: str, kind: str, records: int | None = None, *, must_build: int = 0) -> None:
        path = self.folder() / self.names(suffix)
        path.write_bytes(data)
        self.corpus.files.append(Planned(path, kind, records, must_build))
        self.corpus.documents += records if records is not None else 1
        self.corpus.kinds[kind] += 1

    def text_of_page(self, suffix: str) -> tuple[str, str]:
        """A page's text and what makes it hostile."""
        r = self.rng
        self.news.taint = 0.3 if r.random() < 0.5 else 0.0
        text = self.news.markdown() if suffix == ".md" else self.news.page()
        kind = "news" if not self.news.taint else "tainted names"
        roll = r.random()
        if roll < 0.3:
            text = self.hostile.sprinkle(text, r.randint(1, 12))
            kind = "sprinkled"
        elif roll < 0.35:
            text = text.replace("\n", r.choice(("\r\n", "\r", "\u2028", "\n\n\n", "\n\u3000\u3000")))
            kind = "line breaks"
        elif roll < 0.38:
            text = "".join(ch + "\u0301" if r.random() < 0.2 else ch for ch in text)
            kind = "combining marks"
        elif roll < 0.40:
            text = self.hostile.sprinkle(text, len(text) // 4)
            kind = "dense hostile"
        return text, kind

    def page(self, suffix: str) -> None:
        text, kind = self.text_of_page(suffix)
        encoding = weighted(self.rng, _ENCODINGS)
        must = int(kind in CLEAN_PAGES and encoding in GOOD_ENCODINGS)
        if encoding not in ("utf-8", "utf-8-sig"):
            kind = encoding
        self.write(encode(text, self.rng, encoding), suffix, kind, must_build=must)

    def edge(self) -> None:
        """An odd page: empty, blank, headings only, one very long line…"""
        r = self.rng
        cases: list[tuple[str, Callable[[], bytes]]] = [
            ("empty", lambda: b""),
            ("blank", lambda: r.choice((" ", "\n\n", "\t \r\n", "\u3000\u3000\n", "\ufeff", "\u200b\u200b",
                                        "\u00a0\u2028")).encode("utf-8")),
            ("headings only", lambda: "\n".join(f"{'#' * r.randint(1, 6)} {self.news.headline()}"
                                                for _ in range(r.randint(1, 4))).encode("utf-8")),
            ("hashes only", lambda: b"#\n##\n###   \n"),
            ("one line", lambda: self.news.sentence().encode("utf-8")),
            ("one character", lambda: r.choice(("张", "。", "a", "😀", "\ufffd", "\ue000")).encode("utf-8")),
            ("punctuation only", lambda: "。，、；：？！“”‘’（）《》—…·".encode("utf-8") * r.randint(1, 20)),
            ("dateline only", lambda: self.news.dateline().encode("utf-8")),
            ("credits only", lambda: "\n".join(self.news.credit() for _ in range(3)).encode("utf-8")),
            ("long line", lambda: "".join(self.news.sentence() for _ in range(r.randint(50, 300))).encode("utf-8")),
            ("long unbroken", lambda: "".join(r.choice(GIVEN + SURNAMES) for _ in range(r.randint(2000, 10000)))
             .encode("utf-8")),
            ("long name run", lambda: "、".join(person(r) for _ in range(r.randint(100, 1000))).encode("utf-8")),
            ("repeated", lambda: (self.news.sentence() + "\n").encode("utf-8") * r.randint(20, 150)),
            ("hostile only", lambda: "".join(self.hostile.draw() for _ in range(r.randint(1, 200)))
             .encode("utf-8", "surrogatepass")),
            ("controls", lambda: "\x01\x02\x03".join(self.news.paragraph() for _ in range(3)).encode("utf-8")),
            ("binary", lambda: bytes(r.getrandbits(8) for _ in range(r.randint(1, 2000)))),
            ("html", lambda: f"<html><body><h1>{self.news.headline()}</h1><p>{self.news.paragraph()}</p>"
                             f"<script>alert('{person(r)}')</script></body></html>".encode("utf-8")),
            ("lone surrogate bytes", lambda: (self.news.sentence() + lone_surrogate(r) + self.news.sentence())
             .encode("utf-8", "surrogatepass")),
        ]
        kind, make = r.choice(cases)
        self.write(make(), r.choice((".txt", ".md")), kind, must_build=int(kind in CLEAN_PAGES))

    # -- JSON Lines
    def jsonl(self, records: int) -> None:
        r = self.rng
        lines: list[str] = []
        good: list[bool] = []
        ids: list[object] = []
        while len([line for line in lines if line.strip()]) < records:
            if r.random() < 0.05:
                lines.append(r.choice(("", "   ", "\t")))
                good.append(False)
                continue
            line, record_id, fine = self.record(ids)
            ids.append(record_id)
            lines.append(line)
            good.append(fine)
        newline = "\r\n" if r.random() < 0.1 else "\n"
        text = newline.join(lines) + (newline if r.random() < 0.8 else "")
        encoding = weighted(r, _ENCODINGS) if r.random() < 0.15 else "utf-8"
        if encoding == "bad-utf-8":  # bad lines among good ones: the good ones must be built
            broken = [r.random() < 0.2 for _ in lines]
            data = b"".join(encode(line + newline, r, "bad-utf-8") if bad
                            else (line + newline).encode("utf-8", "surrogatepass") for line, bad in zip(lines, broken))
            must = sum(fine and not bad for fine, bad in zip(good, broken))
        else:
            data = encode(text, r, encoding)
            must = sum(good) if encoding in GOOD_ENCODINGS else 0
        self.write(data, ".jsonl", "jsonl" if encoding == "utf-8" else f"jsonl {encoding}", records, must_build=must)

    def record(self, ids: list[object]) -> tuple[str, object, bool]:
        """One JSON Lines line (good, odd or broken), the id it gives, and
        whether it is a good record (which a build must not skip)."""
        r = self.rng
        roll = r.random()
        self.news.taint = 0.2 if roll >= 0.45 and r.random() < 0.3 else 0.0
        record: dict[str, object] = {"id": f"r{len(ids) + 1}", "title": self.news.headline(),
                                     "text": self.news.article()}
        if r.random() < 0.7:
            record["date"] = f"{r.randint(1990, 2030)}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}"
        if r.random() < 0.5:
            record["source"] = r.choice(PAPERS)
        if r.random() < 0.2:
            record["url"] = f"http://example.org/{r.randint(1, 10**6)}.html"
        if roll < 0.45:
            pass  # a good record
        elif roll < 0.6:
            key = r.choice(("text", "title", "id", "source"))
            if isinstance(record.get(key), str):
                record[key] = self.hostile.sprinkle(record[key], r.randint(1, 5))
        elif roll < 0.68:
            key = r.choice(("text", "title", "id"))
            value = str(record[key])
            at = r.randint(0, len(value))
            record[key] = value[:at] + lone_surrogate(r) + value[at:]
        elif roll < 0.8:
            record["id"] = self.odd_ids.draw()
            if record["id"] == "(previous)":
                record["id"] = ids[-1] if ids else "dup"
            elif record["id"] == "(long)":
                record["id"] = "r" * r.randint(1000, 20000)
        elif roll < 0.92:
            key, value = self.wrong_types.draw()
            record[key] = value
        else:
            return self.malformed(record), record.get("id"), False
        ensure_ascii = r.random() < 0.3 or any(
            isinstance(v, str) and any(0xD800 <= ord(c) <= 0xDFFF for c in v) for v in record.values())
        good = roll < 0.45 and record["id"] not in ids
        return json.dumps(record, ensure_ascii=ensure_ascii), record.get("id"), good

    def malformed(self, record: dict) -> str:
        """A line that is not a JSON object: one of :data:`MALFORMED`, or ``record`` broken."""
        r = self.rng
        good = json.dumps(record, ensure_ascii=False)
        return self.malformed_lines.draw() if r.random() < 0.6 else r.choice((
            good[: r.randint(1, max(1, len(good) - 1))],  # cut short
            good[:-1] + ",}",
            good.replace('"', "'"),
            "[" + good + "]",
            good + " trailing", good + good, "\ufeff" + good,
        ))


def generate(seed: int, count: int, root: Path) -> Corpus:
    """Write ``count`` documents into ``root`` (seeded): see the module docstring."""
    return Generator(seed).run(count, root)


# -- the build and its checks -------------------------------------------------------


@dataclass
class Batch:
    """One build of one generated folder, and what its checks found."""

    corpus: Corpus
    failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    summary: dict | None = None
    stored: int | None = None
    triples: int | None = None
    peeled: Corpus | None = None
    """The folder built again without the files that crash (``peel``)."""
    seconds: Counter = field(default_factory=Counter)

    def fail(self, text: str) -> None:
        self.failures.append(text)


def build(corpus: Corpus, work: Path, *, jobs: str = "1", formats: tuple[str, ...] = ("turtle", "html"),
          timeout: float | None = None) -> subprocess.CompletedProcess:
    """``zhitu build ROOT`` into a fresh store and ``work/out``, as a user runs it."""
    command = [str(ZHITU), "build", str(corpus.root), "--store", str(work / "store"), "--out", str(work / "out"),
               "--no-progress", "--jobs", jobs]
    for name in formats:
        command += ["--format", name]
    return subprocess.run(command, capture_output=True, timeout=timeout, cwd=work)


def check(corpus: Corpus, work: Path, run: subprocess.CompletedProcess, batch: Batch, *,
          validate_graph: bool = True) -> None:
    """Every check of the module docstring; failures are added to ``batch``."""
    stdout = run.stdout.decode("utf-8", "replace")
    stderr = run.stderr.decode("utf-8", "replace")
    crashed = "Traceback (most recent call last)" in stdout + stderr
    if crashed:
        batch.fail("build raised:\n" + _tail(stderr or stdout))
    if run.returncode != 0:
        batch.fail(f"zhitu build exited {run.returncode}" + ("" if crashed else ":\n" + _tail(stderr)))
    if crashed or run.returncode != 0:
        return
    summary = json.loads((work / "out" / "summary.json").read_text(encoding="utf-8"))
    batch.summary = summary
    check_stderr(stderr, summary["skipped"], batch)
    check_summary(summary, batch)
    batch.stored = check_store(corpus, work / "store", summary, batch)
    if validate_graph:
        started = time.perf_counter()
        check_shapes(work / "out" / "graph.ttl", batch)
        batch.seconds["validate"] += time.perf_counter() - started


def check_stderr(stderr: str, skipped: list[dict], batch: Batch) -> None:
    """Only zhitu's own one-line messages, one per skip: a file name cannot forge a line."""
    lines = [line for line in stderr.split("\n") if line.strip()]
    stray = [line for line in lines if not line.startswith("zhitu: ")]
    if stray:
        batch.fail(f"{len(stray)} stderr line(s) not zhitu's own (a forged line or a warning), e.g.: "
                     + "; ".join(repr(line[:160]) for line in stray[:3]))
    said = sum(line.startswith("zhitu: skipped ") for line in lines)
    if said != len(skipped):
        batch.fail(f"stderr reports {said} skips, summary.json {len(skipped)}")


def check_summary(summary: dict, batch: Batch) -> None:
    """read = built + skipped, and each skip a one-line reason naming its file."""
    docs = summary["documents"]
    skipped = summary["skipped"]
    if docs["read"] != docs["built"] + docs["skipped"]:
        batch.fail(f"summary: read {docs['read']} != built {docs['built']} + skipped {docs['skipped']}")
    if docs["skipped"] != len(skipped):
        batch.fail(f"summary: skipped count {docs['skipped']} != {len(skipped)} entries")
    bad = [s for s in skipped if not isinstance(s.get("reason"), str) or not s["reason"].strip()
           or "\n" in s["reason"] or "\r" in s["reason"] or not s.get("source")]
    for entry in bad[:5]:
        batch.fail(f"skip without a one-line reason or a file: {entry!r}")
    if len(bad) > 5:
        batch.fail(f"… and {len(bad) - 5} more skips without a one-line reason or a file")


def check_store(corpus: Corpus, store_path: Path, summary: dict, batch: Batch) -> int:
    """The store holds one graph per built document; every generated file's
    documents are built or skipped."""
    from zhitu.store import open_store

    with open_store(store_path, read_only=True) as store:
        doc_ids = [info.doc_id for info in store.documents()]
        batch.triples = len(store)
    built = summary["documents"]["built"]
    if len(doc_ids) != built:
        batch.fail(f"store holds {len(doc_ids)} documents, summary says {built} built (ids collided or lost)")
    account(corpus, doc_ids, summary["skipped"], batch)
    return len(doc_ids)


def account(corpus: Corpus, doc_ids: list[str], skipped: list[dict], batch: Batch) -> None:
    """Each file: a .txt/.md page built or skipped once; a .jsonl file's
    records each built or skipped, or the file skipped as a whole."""
    by_path = {str(planned.path): planned for planned in corpus.files}
    skips: dict[str, list[dict]] = {}
    for entry in skipped:
        source = _unescape(entry.get("source"))
        if source in by_path:
            skips.setdefault(source, []).append(entry)
        else:
            batch.fail(f"skip names no input file: {entry!r}"[:300])
    built = _attribute(corpus, doc_ids, batch)
    if built is None:
        return
    lost = []
    for planned in corpus.files:
        key = str(planned.path)
        n_built, n_skips = built.get(key, 0), len(skips.get(key, []))
        if n_built < planned.must_build:
            reasons = "; ".join(sorted({_reason_kind(s["reason"]) for s in skips.get(key, [])}))
            batch.fail(f"lost: {_rel(corpus, planned)!r} ({planned.kind}) has {planned.must_build} document(s) to "
                       f"build, {n_built} built; skipped for: {reasons}")
        if planned.records is None:
            if n_built + n_skips != 1:
                lost.append(f"{_rel(corpus, planned)} ({planned.kind}): built {n_built}, skipped {n_skips}, want 1")
        elif n_built + n_skips != planned.records and not (n_built == 0 and n_skips == 1):
            lost.append(f"{_rel(corpus, planned)} ({planned.kind}): {planned.records} records, "
                        f"built {n_built}, skipped {n_skips}")
    for line in lost[:10]:
        batch.fail("not accounted for: " + line)
    if len(lost) > 10:
        batch.fail(f"… and {len(lost) - 10} more files not accounted for")


def _unescape(source: object) -> object:
    """A skip's source as a path: as written, or with Python-style escapes
    (``\\n``, ``\\udcff``) undone, for a build that prints file names escaped."""
    if not isinstance(source, str) or "\\" not in source:
        return source
    try:
        return source.encode("latin-1", "backslashreplace").decode("unicode_escape")
    except UnicodeDecodeError:
        return source


def _attribute(corpus: Corpus, doc_ids: list[str], batch: Batch) -> dict[str, int] | None:
    """Built documents per generated file, by the file's path relative to the
    root found in the doc_id; None (with a warning) when ids name no file."""
    rels = {form: str(planned.path) for planned in corpus.files for form in _id_forms(_rel(corpus, planned))}
    counts: Counter = Counter()
    unknown = []
    for doc_id in doc_ids:
        path = _file_of(doc_id, rels)
        if path is None:
            unknown.append(doc_id)
        else:
            counts[path] += 1
    if unknown:
        batch.warnings.append(f"{len(unknown)} document id(s) do not contain their file's path, so files "
                                f"were not checked one by one, e.g. {unknown[0][:120]!r}")
        return None
    return counts


def _file_of(doc_id: str, rels: dict[str, str]) -> str | None:
    """The file whose relative path ends the doc_id's path part (the part before a
    ``#record``; ids of records may hold ``#`` themselves, so each is tried)."""
    cuts = [len(doc_id)] + [i for i, ch in enumerate(doc_id) if ch == "#"]
    for cut in cuts:
        head = doc_id[:cut]
        for start in [0] + [i + 1 for i, ch in enumerate(head) if ch == "/"]:
            if head[start:] in rels:
                return rels[head[start:]]
    return None


def _id_forms(rel: str) -> set[str]:
    """How a relative path may appear in a doc_id: as it is, percent-escaped as
    zhitu escapes ids (line breaks, controls, bytes that are not UTF-8), or
    fully percent-encoded but for ``/``."""
    forms = {rel, quote(rel, safe="/", errors="surrogateescape")}
    try:
        from zhitu.read.normalise import escape_characters
    except ImportError:  # a zhitu that keeps ids as they are
        return forms
    return forms | {escape_characters(rel)}


def _rel(corpus: Corpus, planned: Planned) -> str:
    return planned.path.relative_to(corpus.root).as_posix()


def check_shapes(graph_file: Path, batch: Batch) -> None:
    """``graph_file`` conforms to zhitu's SHACL shapes (what ``zhitu validate`` checks)."""
    from zhitu.validation import validate_files

    try:
        report = validate_files([graph_file])
    except Exception as err:  # noqa: BLE001 - the graph zhitu wrote must at least parse
        batch.fail(f"graph.ttl cannot be validated: {type(err).__name__}: {' '.join(str(err).split())[:300]}")
        return
    if not report.conforms:
        batch.fail("graph.ttl does not conform to the shapes:\n" + report.format(examples=3))


def _tail(text: str, lines: int = 12) -> str:
    return "\n".join(text.rstrip().split("\n")[-lines:])


# -- when the build crashes: each file alone -----------------------------------------

Crashes = dict[str, list[tuple[Planned, str, str]]]
"""Distinct crashes, by exception type and place: (file, reproduction, traceback tail) each."""


def isolate(corpus: Corpus, scratch: Path, *, formats: tuple[str, ...] = ("turtle", "html"),
            chunk: int = 16) -> Crashes:
    """Find the inputs that crash ``zhitu build`` (run in this process by click's
    runner, so the model loads once): files in groups of ``chunk``, then each
    file of a group that crashes, then each line of a JSON Lines file that
    crashes alone. Distinct crashes with the inputs that raise them."""
    crashes: Crashes = {}
    for at in range(0, len(corpus.files), chunk):
        group = corpus.files[at:at + chunk]
        if len(group) > 1 and _build_alone([p.path for p in group], scratch, formats) is None:
            continue
        for planned in group:
            crash = _build_alone([planned.path], scratch, formats)
            if crash is None:
                continue
            found = _crashing_lines(planned, scratch, crashes, formats) if planned.records is not None else 0
            if not found:  # the file's name or its whole bytes are what crash
                crashes.setdefault(crash[0], []).append((planned, describe(planned, corpus), crash[1]))
    return crashes


def _build_alone(paths: list[Path], scratch: Path, formats: tuple[str, ...]) -> tuple[str, str] | None:
    """None when ``zhitu build PATHS`` ends without an exception; else the
    crash's key (exception type and innermost frame outside site-packages)
    and its traceback's tail."""
    from click.testing import CliRunner

    from zhitu.cli import main as cli

    shutil.rmtree(scratch / "store", ignore_errors=True)
    args = ["build", *map(str, paths), "--store", str(scratch / "store"), "--out", str(scratch / "out"),
            "--no-progress", "--jobs", "1"]
    for name in formats:
        args += ["--format", name]
    result = CliRunner().invoke(cli, args)
    err = result.exception
    if err is None or isinstance(err, SystemExit):
        return None
    frames = traceback.extract_tb(err.__traceback__)
    ours = [f for f in frames if "site-packages" not in f.filename] or frames
    where = f"{Path(ours[-1].filename).name}:{ours[-1].lineno} in {ours[-1].name}"
    # One place, one defect: the message (positions, characters) varies between inputs.
    return f"{type(err).__name__} at {where}", "".join(traceback.format_exception(err)[-4:]).rstrip()


def _crashing_lines(planned: Planned, scratch: Path, crashes: Crashes, formats: tuple[str, ...]) -> int:
    """Try each non-blank line of a JSON Lines file alone; record those that crash."""
    found = 0
    scratch.mkdir(parents=True, exist_ok=True)
    one = scratch / "one.jsonl"
    for number, line in enumerate(planned.path.read_bytes().split(b"\n"), start=1):
        if not line.strip():
            continue
        one.write_bytes(line + b"\n")
        crash = _build_alone([one], scratch, formats)
        if crash is not None:
            found += 1
            crashes.setdefault(crash[0], []).append(
                (planned, f"line {number} of {planned.path.name!r}: {_clip(line)!r}", crash[1]))
    return found


def _clip(data: bytes, size: int = 300) -> bytes:
    return data if len(data) <= size else data[:size] + b"..."


def describe(planned: Planned, corpus: Corpus) -> str:
    """A file as a reproduction: its name, kind, and first bytes."""
    data = planned.path.read_bytes()
    return f"{_rel(corpus, planned)!r} ({planned.kind}, {len(data)} bytes): {_clip(data)!r}"


def peel(corpus: Corpus, crashes: Crashes) -> Corpus:
    """The corpus without the files that crash (deleted from disk), to look
    for what the crashes hid."""
    bad = {str(planned.path) for cases in crashes.values() for planned, _, _ in cases}
    for path in bad:
        Path(path).unlink()
    kept = [planned for planned in corpus.files if str(planned.path) not in bad]
    documents = sum(p.records if p.records is not None else 1 for p in kept)
    return Corpus(corpus.root, kept, documents, Counter(p.kind for p in kept), corpus.hostile, corpus.cases)


# -- the command ---------------------------------------------------------------------


@dataclass
class Outcome:
    """What one fuzz run found: its batches, each one build."""

    batches: list[Batch] = field(default_factory=list)

    @property
    def failures(self) -> list[str]:
        many = len(self.batches) > 1
        return [f"[batch {i}] {f}" if many else f for i, b in enumerate(self.batches, 1) for f in b.failures]


def fuzz(seed: int, count: int, work: Path, *, batch: int = 1000, jobs: str = "1",
         formats: tuple[str, ...] = ("turtle", "html"), validate_graph: bool = True, isolate_crashes: bool = True,
         peel_crashes: bool = False, timeout: float | None = None) -> Outcome:
    """Generate ``count`` documents and build them, ``batch`` documents per
    build (0: all in one; each build reads a folder of its own into a store of
    its own, which bounds the memory that writing and validating a graph take).
    When a build crashes, each file is built alone to list the crashes; with
    ``peel_crashes`` the files that crash are then left out and the rest built
    again, once, so the crashes do not hide other failures."""
    generator = Generator(seed)
    outcome = Outcome()
    size = batch or count
    for number, at in enumerate(range(0, count, size), start=1):
        place = work / f"batch-{number:03d}"
        started = time.perf_counter()
        current = Batch(generator.run(min(size, count - at), place / "in"))
        current.seconds["generate"] += time.perf_counter() - started
        outcome.batches.append(current)
        options = dict(jobs=jobs, formats=formats, validate_graph=validate_graph, timeout=timeout)
        _build_and_check(current.corpus, place / "run", current, **options)
        if current.summary is not None or not isolate_crashes:
            _progress(number, current)
            continue
        started = time.perf_counter()
        crashes = isolate(current.corpus, place / "scratch", formats=formats)
        current.seconds["isolate"] += time.perf_counter() - started
        for kind, cases in crashes.items():
            _planned, repro, trace = cases[0]
            current.fail(f"crash: {kind} ({len(cases)} input(s)); e.g. {repro}\n{trace}")
        if peel_crashes and crashes:
            current.peeled = peel(current.corpus, crashes)
            _build_and_check(current.peeled, place / "peeled", current, **options)
        _progress(number, current)
    return outcome


def _progress(number: int, batch: Batch) -> None:
    """One line on stderr per batch, so a long run shows how it goes."""
    docs = batch.summary["documents"] if batch.summary else None
    built = f"built {docs['built']} of {docs['read']}" if docs else "no summary"
    seconds = ", ".join(f"{k} {v:.0f} s" for k, v in batch.seconds.items())
    print(f"batch {number}: {batch.corpus.documents} documents, {built}, {len(batch.failures)} failure(s) "
          f"({seconds})", file=sys.stderr, flush=True)


def _build_and_check(corpus: Corpus, work: Path, batch: Batch, *, jobs: str, formats: tuple[str, ...],
                     validate_graph: bool, timeout: float | None) -> None:
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    try:
        run = build(corpus, work, jobs=jobs, formats=formats, timeout=timeout)
    except subprocess.TimeoutExpired:
        batch.fail(f"zhitu build did not finish in {timeout} s")
        return
    batch.seconds["build"] += time.perf_counter() - started
    check(corpus, work, run, batch, validate_graph=validate_graph)


def report(outcome: Outcome) -> str:
    """Counts, timings, warnings and failures, for a terminal."""
    batches = outcome.batches
    files = [p for b in batches for p in b.corpus.files]
    kinds = sum((b.corpus.kinds for b in batches), Counter())
    hostile = sum((b.corpus.hostile for b in batches), Counter())
    lines = [f"generated {sum(b.corpus.documents for b in batches)} documents in {len(files)} files "
             f"({sum(p.records is not None for p in files)} JSON Lines), {len(batches)} build(s)",
             "  kinds: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()),
             f"  hostile characters: {sum(hostile.values())} drawn from {len(hostile)} kinds "
             "(every Unicode general category; Cs by JSON escapes and bytes)"]
    summaries = [b.summary for b in batches if b.summary]
    if summaries:
        read, built, skipped = (sum(s["documents"][k] for s in summaries) for k in ("read", "built", "skipped"))
        lines.append(f"built: read {read}, built {built}, skipped {skipped} in {len(summaries)} build(s); "
                     f"stores hold {sum(b.stored or 0 for b in batches)} documents, "
                     f"{sum(b.triples or 0 for b in batches)} triples")
        reasons = Counter(_reason_kind(s["reason"]) for summary in summaries for s in summary["skipped"])
        lines.append("  skip reasons: " + "; ".join(f"{r} ×{n}" for r, n in reasons.most_common(12)))
    for number, b in enumerate(batches, start=1):
        if b.peeled is not None:
            lines.append(f"batch {number}: built again without the {len(b.corpus.files) - len(b.peeled.files)} "
                         f"files that crash ({b.peeled.documents} documents in {len(b.peeled.files)} files)")
    seconds = sum((b.seconds for b in batches), Counter())
    lines.append("  seconds: " + ", ".join(f"{k} {v:.1f}" for k, v in seconds.items()))
    lines += [f"warning: {w}" for b in batches for w in b.warnings]
    failures = outcome.failures
    lines.append(f"{len(failures)} failure(s)")
    lines += [f"FAIL {failure}" for failure in failures]
    return "\n".join(lines)


def _reason_kind(reason: str) -> str:
    """A skip reason without its particulars (offsets, values), to count kinds."""
    reason = re.sub(r"^record .*?: ", "record …: ", reason)
    reason = re.sub(r"'[^']*'|\"[^\"]*\"|\d+|0x[0-9a-f]+", "…", reason)
    return reason[:70]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--count", type=int, default=10_000, help="documents to generate (default 10,000)")
    parser.add_argument("--batch", type=int, default=1000,
                        help="documents per build, each into a fresh store (default 1,000; 0: one build)")
    parser.add_argument("--jobs", default="1", help="zhitu build --jobs (default 1)")
    parser.add_argument("--format", dest="formats", action="append",
                        help="output formats (default: turtle and html, as zhitu build)")
    parser.add_argument("--no-validate", action="store_true", help="skip the SHACL check of graph.ttl")
    parser.add_argument("--no-isolate", action="store_true",
                        help="when a build crashes, do not build each file alone to list the crashes")
    parser.add_argument("--peel", action="store_true",
                        help="when the build crashes, build again without the files that crash")
    parser.add_argument("--keep", type=Path, help="generate and build in this folder and keep it")
    args = parser.parse_args(argv)
    formats = tuple(args.formats or ("turtle", "html"))
    if "turtle" not in formats and not args.no_validate:
        formats = ("turtle", *formats)
    if args.keep:
        if args.keep.exists():
            shutil.rmtree(args.keep)
        args.keep.mkdir(parents=True)
        outcome = fuzz(args.seed, args.count, args.keep.resolve(), batch=args.batch, jobs=args.jobs, formats=formats,
                       validate_graph=not args.no_validate, isolate_crashes=not args.no_isolate,
                       peel_crashes=args.peel)
    else:
        with tempfile.TemporaryDirectory(prefix="zhitu-fuzz-") as tmp:
            outcome = fuzz(args.seed, args.count, Path(tmp), batch=args.batch, jobs=args.jobs, formats=formats,
                           validate_graph=not args.no_validate, isolate_crashes=not args.no_isolate,
                           peel_crashes=args.peel)
    print(report(outcome))
    return 1 if outcome.failures else 0


if __name__ == "__main__":
    sys.exit(main())
