"""``zhitu_founded``: when a body was founded, as the news writes it:

- the body, then a date and the verb: X于2023年6月27日正式成立, X今日挂牌;
- the verb, then a date: X成立于1998年5月, X始建于1950年, X创刊于1948年;
- the verb with the body as its object, dated by the sentence: 1934年，…成立X，;
  1941年3月，…决定创办…《X》;
- a count of years back: X成立70周年, X于30年前成立 (from the year the sentence names
  before the body, else the article's year: an anniversary still to come is read
  as this year's, the commonest error of this rule).

The tail is an ISO date as precise as the text: 2023-06-27, 1998-05, 1934 (a month
and day take the article's year). After 决定/批准 (decided to found) the month is
the decision's, so only the year is kept.

Not for: bodies set up without a date, or founders (the schema has no such relation).
"""
from __future__ import annotations

import datetime as dt
import re

from spacy.language import Language
from spacy.tokens import Doc

from zhitu.extractors import confidence
from zhitu.extractors.evidence import Mention, evidence_of
from zhitu.extractors.facts import text_of
from zhitu.extractors.lexicon import FOUND_VERBS
from zhitu.extractors.rules import Relations

NAME = "founded"
#: Whether a founding date known only to the year or month (1934, 1998-05) is kept:
#: the graph writes them as xsd:gYear and xsd:gYearMonth (graph.rdf.date_type).
PARTIAL_DATES = True
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_D = "[0-9０-９]"
#: A date as written: 2023年6月27日, 1998年5月, 1934年, 6月27日.
_DATE = re.compile(rf"(?:(?P<y>{_D}{{4}})年)?(?:(?P<m>{_D}{{1,2}})月(?:(?P<d>{_D}{{1,2}})日)?)?")
# X成立 is intransitive: a clause ends after the verb (X成立。, X成立暨…大会, X成立大会), while
# X成立专案组 says what X set up.
_VERB = re.compile("(?:正式|宣告|宣布|揭牌)?(?:" + "|".join(FOUND_VERBS) + ")(?:了)?"
                   r"(?=\s*(?:[，,。；;、！!？?）)”]|暨|大会|仪式|典礼|$))")

#: X成立 / X于2023年6月27日正式成立 / X今日挂牌: what may stand between the body and its verb.
_FOUNDED_AFTER = re.compile(r"(?:于|在|今日|近日|日前)?(?P<date>" + _DATE.pattern + r")?(?:正式|宣告|宣布)?" + _VERB.pattern)
#: X成立于1998年 / X始建于1950年 / X创刊于1948年 / X创办于…: the date follows the verb.
_FOUNDED_IN = re.compile(r"(?:正式)?(?:成立|创建|始建|创办|创立|组建|创刊|建立)于(?P<date>" + _DATE.pattern + ")")
#: X成立70周年 / X建党99周年-like counts of years back from the article's year.
_ANNIVERSARY = re.compile(rf"(?:成立|创建|创办|创立|建立)(?P<n>{_D}{{1,3}})周年")
#: X于30年前成立 / X30年前成立.
_YEARS_AGO = re.compile(rf"(?:于|在)?(?P<n>{_D}{{1,3}})年前(?:正式)?(?:成立|创建|创办|创立|组建)(?!以来)")
#: Verbs that found their object (成立X, 创办《X》).
OBJECT_VERBS = ("成立", "创办", "创建", "创立", "组建", "筹建")
# Not 创建的X: a relative clause (张三创建的X), whose date is the main clause's, not the founding's.
# A plural object (创建一批X) names a kind, not a body.
_OBJECT_VERB = re.compile("(?P<decided>(?:决定|批准|同意)\\s*)?(?:" + "|".join(OBJECT_VERBS) + ")(?:了|起)?"
                          "(?!的|而成|一批|一些|多个|若干|一系列|各)")
#: At most this many characters between a verb and its object body (its modifiers).
_OBJECT_WINDOW = 30
#: A body is the head of the verb's object when a clause ends after it (not X的建议).
_OBJECT_END = re.compile(r"[》」”]?\s*(?:[，,。；;！!？?）)]|$)")
_CLAUSE_STOP = re.compile(r"[，,。；;：:！!？?]")


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
            orgs = [m for m in evidence.mentions_in(index) if m.label == "ORG"]
            if not orgs:
                continue
            for mention in orgs:
                found = (_after_body(text, mention, sentence, year)
                         or _by_object_verb(text, mention, sentence[0], year))
                if found:
                    value, score = found
                    # A body is founded once: its first dated sentence wins.
                    relations.add(mention.entity.key, "founded", None, value=value, sentence=sentence,
                                  confidence=score, once=mention.entity.key)
        return doc


def _after_body(text: str, mention: Mention, sentence: tuple[int, int], year: int | None
                ) -> tuple[str, float] | None:
    """The founding date written after the body (X于…成立, X成立于…, X成立N周年, XN年前成立),
    or, for X成立 with no date of its own, the sentence's last date before the body."""
    window = (mention.end, min(sentence[1], mention.end + 20))
    m = _FOUNDED_IN.match(text, *window) or _FOUNDED_AFTER.match(text, *window)
    if m and m["date"]:
        return _scored(iso_date(m, year), confidence.FOUNDED_WITH_DATE)
    count = _ANNIVERSARY.match(text, *window) or _YEARS_AGO.match(text, *window)
    if count:
        # 2019年是X成立70周年: the year the sentence names, else the article's.
        named = [d for d in _DATE.finditer(text, sentence[0], mention.start) if d["y"]]
        base = int(named[-1]["y"].translate(_DIGITS)) if named else year
        if base is None:
            return None
        return _scored(f"{base - int(count['n'].translate(_DIGITS)):04d}", confidence.FOUNDED_BY_COUNT)
    if m:
        return _scored(_last_date(text, sentence[0], mention.start, year), confidence.FOUNDED_WITH_DATE)
    return None


def _by_object_verb(text: str, mention: Mention, start: int, year: int | None) -> tuple[str, float] | None:
    """成立X / 决定创办…《X》: the body heads the object of a founding verb in its clause,
    dated by the last date before the verb in the sentence."""
    if not _OBJECT_END.match(text, mention.end):
        return None
    lead = text[max(start, mention.start - _OBJECT_WINDOW - 6) : mention.start]
    base = mention.start - len(lead)
    verb = None
    for m in _OBJECT_VERB.finditer(lead):
        if not _CLAUSE_STOP.search(lead, m.end()) and mention.start - (base + m.end()) <= _OBJECT_WINDOW:
            verb = m
    if verb is None:
        return None
    date = _last_date(text, start, base + verb.start(), year, year_only=bool(verb["decided"]))
    return _scored(date, confidence.FOUNDED_WITH_DATE)


def _scored(date: str | None, score: float) -> tuple[str, float] | None:
    if not date or (len(date) < len("YYYY-MM-DD") and not PARTIAL_DATES):
        return None
    return date, score


def _last_date(text: str, start: int, end: int, year: int | None, *, year_only: bool = False) -> str | None:
    """The last date written in ``text[start:end]`` as ISO text, or None."""
    dates = [d for d in _DATE.finditer(text, start, end) if d["y"] or d["d"]]
    return iso_date(dates[-1], year, year_only=year_only) if dates else None


def iso_date(m: re.Match[str], year: int | None, *, year_only: bool = False) -> str | None:
    """The date *m* matched as ISO text, as precise as written: YYYY-MM-DD, YYYY-MM or YYYY
    (a month and day without a year take *year*); None when it is no date."""
    y = int(m["y"].translate(_DIGITS)) if m["y"] else year
    if y is None or not (m["y"] or m["d"]):
        return None
    if year_only or not m["m"]:
        return f"{y:04d}"
    month = int(m["m"].translate(_DIGITS))
    if not m["d"]:
        return f"{y:04d}-{month:02d}" if 1 <= month <= 12 else None
    try:
        return dt.date(y, month, int(m["d"].translate(_DIGITS))).isoformat()
    except ValueError:
        return None
