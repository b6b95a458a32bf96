"""The input data model: documents as read, and the articles in them.

A *document* is what one named graph holds: one .txt/.md page, or one line of a
.jsonl file. Its ``text`` is the normalised text; every offset zhitu records
(article spans, sentence spans, provenance) is an offset into that text.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

CreditRole = Literal["author", "contributor", "photographer"]


@dataclass(frozen=True)
class Document:
    """One input document after decoding and normalisation."""

    doc_id: str
    """Stable and unique identifier: the file's path relative to the working
    directory (``seed/page.txt``, ``../shared/page.txt``), ``<that>#<id>`` for a
    JSON Lines record, ``stdin-<digest of the text>`` for standard input."""
    source: str
    """Where it came from, as the user gave it (a path, or ``<stdin>``)."""
    text: str
    """The normalised text: what every offset refers to."""
    format: str
    """``txt``, ``md`` or ``jsonl``."""
    date: dt.date | None = None
    """The page date (from metadata, ``--date`` or the page itself)."""
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Skipped:
    """An input that could not be built, with the reason (one line)."""

    source: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class Credit:
    """A person credited in an article's byline or photo credit."""

    name: str
    role: CreditRole
    position: str | None
    """The position word the credit gives (记者, 通讯员), or None (林小川 摄)."""
    start: int
    end: int
    """The name's offsets in the document text."""


@dataclass(frozen=True)
class Article:
    """One article of a document, with the metadata the layout gives."""

    doc_id: str
    index: int
    """0-based position of the article in its document."""
    start: int
    end: int
    """The article's span in the document text (headline included)."""
    headline: str
    body_start: int
    """Where the body text starts (after the headline)."""
    date: dt.date | None = None
    dateline: str | None = None
    """The dateline place as written (本报北京6月28日电 → 北京)."""
    publisher: str | None = None
    """As written or given: 工人日报, 新华社…"""
    credits: tuple[Credit, ...] = field(default_factory=tuple)

    @property
    def article_id(self) -> str:
        return f"{self.doc_id}#a{self.index}"
