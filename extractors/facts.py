"""The facts the pipeline puts on a spaCy ``Doc``, and the extension
attributes that hold them (declared once, by :func:`register_extensions`).

Everything points at text by character offsets into ``doc.text`` (never by list
position), so facts survive retokenisation and can be mapped to the document's
normalised text by adding ``doc._.offset``.

On a Doc:
- ``doc.ents``: PER, LOC, ORG, PROG, EVENT mentions;
- ``doc.spans["time"]``: TIME expressions (LAC);
- ``doc.spans["positions"]``: position words (副主席, 记者…);
- ``doc._.entities``: the entities the mentions resolve to, with aliases;
- ``doc._.relations``: relations with their evidence;
- ``doc._.merges``: why written names were resolved to canonical ones;
- ``doc._.article`` / ``doc._.offset``: the article and where its text starts
  in the document text.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc

ENTITY_LABELS = ("PER", "LOC", "ORG", "PROG", "EVENT")

RELATION_TYPES = (
    "holdsPosition",
    "locatedIn",
    "subOrganizationOf",
    "organizes",
    "participatesIn",
    "founded",
)

Offsets = tuple[int, int]


@dataclass
class Entity:
    """An entity of one Doc: a canonical name, its aliases and its mentions."""

    label: str
    canonical: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[Offsets] = field(default_factory=list)
    """Offsets in ``doc.text``; the empty list for entities known only by inference
    (a place a name implies, such as 江苏省 from 江苏工会)."""

    @property
    def key(self) -> tuple[str, str]:
        return (self.label, self.canonical)


@dataclass(frozen=True)
class Merge:
    """Why a written form was resolved to an entity's canonical name."""

    label: str
    canonical: str
    alias: str
    reason: str
    mention: Offsets | None = None


@dataclass(frozen=True)
class Relation:
    """One relation with its evidence.

    ``head`` and ``tail`` are entity keys ``(label, canonical)`` from
    ``doc._.entities``; ``value`` holds a literal tail (an ISO date for founded).
    """

    head: tuple[str, str]
    relation: str
    tail: tuple[str, str] | None
    sentence: Offsets
    """The evidence sentence's offsets in ``doc.text``."""
    extractor: str
    confidence: float
    role: str | None = None
    value: str | None = None
    place: tuple[str, str] | None = None
    """For founded: where, when the text says."""


def register_extensions() -> None:
    """Declare the Doc extensions once; safe to call again."""
    for name, default in (
        ("entities", None),
        ("relations", None),
        ("article", None),
        ("offset", 0),
        ("merges", None),
    ):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def text_of(doc: Doc) -> str:
    """``doc.text``, computed once: spaCy joins the tokens on every access."""
    text = doc.user_data.get("zhitu.text")
    if text is None:
        text = doc.user_data["zhitu.text"] = doc.text
    return text


def words_of(doc: Doc) -> list[str]:
    """The tokens' texts, read once: a Token object per access costs more than
    the rules that look at it. Call :func:`tokens_changed` after retokenizing."""
    words = doc.user_data.get("zhitu.words")
    if words is None:
        words = doc.user_data["zhitu.words"] = [t.text for t in doc]
    return words


def tags_of(doc: Doc) -> list[str]:
    """The tokens' LAC tags (``tag_``), read once; see :func:`words_of`."""
    tags = doc.user_data.get("zhitu.tags")
    if tags is None:
        tags = doc.user_data["zhitu.tags"] = [t.tag_ for t in doc]
    return tags


def tokens_changed(doc: Doc) -> None:
    """Forget the cached words and tags (the text stays the same)."""
    doc.user_data.pop("zhitu.words", None)
    doc.user_data.pop("zhitu.tags", None)


def ensure_token_edges(doc: Doc, offsets: Iterable[int]) -> None:
    """Split tokens so that every character offset is a token edge: a name
    found in the text may end inside one of LAC's words (十九大和 → 十九大 | 和).
    The pieces keep the word's tag."""
    from bisect import bisect_right

    words = words_of(doc)
    starts, at = [], 0
    for word in words:
        starts.append(at)
        at += len(word)
    cuts: dict[int, set[int]] = {}
    for offset in offsets:
        i = bisect_right(starts, offset) - 1
        if 0 <= i < len(words) and starts[i] < offset < starts[i] + len(words[i]):
            cuts.setdefault(i, set()).add(offset - starts[i])
    if not cuts:
        return
    with doc.retokenize() as retokenizer:
        for i, inner in cuts.items():
            token, edges = doc[i], [0, *sorted(inner), len(words[i])]
            pieces = [words[i][a:b] for a, b in zip(edges, edges[1:])]
            retokenizer.split(token, pieces, heads=[(token, 0)] * len(pieces),
                              attrs={"TAG": [token.tag_] * len(pieces), "POS": [token.pos_] * len(pieces)})
    tokens_changed(doc)
