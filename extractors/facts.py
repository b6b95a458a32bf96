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
- ``doc._.article_links``: the article's own links to entities (its credits
  and publisher), with their evidence;
- ``doc._.dateline_place``: the entity key of the place the dateline names;
- ``doc._.divisions``: the entities that are administrative divisions, with
  their codes, coordinates and containment from the gazetteer (:class:`DivisionLink`);
- ``doc._.article`` / ``doc._.offset``: the article and where its text starts
  in the document text.

This is the whole contract between extraction and graph assembly: ``zhitu.graph``
reads these attributes and nothing else of the pipeline.
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate

import numpy as np
from spacy.attrs import POS, SENT_START, SPACY, TAG
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc, Span, SpanGroup

from zhitu.ontology.vocabulary import ENTITY_LABELS, FACT_RELATIONS

#: The relations the components extract from sentences (the vocabulary's facts).
RELATION_TYPES: tuple[str, ...] = FACT_RELATIONS

Offsets = tuple[int, int]


@dataclass
class Entity:
    """An entity of one Doc: a canonical name, its aliases and its mentions."""

    label: str
    canonical: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[Offsets] = field(default_factory=list)
    """Offsets in ``doc.text``; the empty list for entities known only by inference
    (a place a name implies, such as 浙江省 from 浙江工会)."""

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
    began: str | None = None
    """For holdsPosition: when the post began, when the text says (自2018年起任 → ``2018``;
    an ISO year, year-month or date, as precise as written)."""
    ended: str | None = None
    """For holdsPosition: when the post ended, when the text says (2015年至2019年任 → ``2019``)."""
    former: bool = False
    """For holdsPosition: the text reports the post as already left (曾任, 原…, 前…)."""


@dataclass(frozen=True)
class ArticleLink:
    """A link from the article itself to one of its entities: a credit
    (author, contributor, photographer) or its publisher.

    ``relation`` is a vocabulary relation name; ``entity`` an entity key from
    ``doc._.entities``. ``sentence`` is the evidence sentence's offsets in
    ``doc.text``, or None for a link the page's layout states without a
    sentence to quote (the publisher): such a link has no provenance statement.
    """

    relation: str
    entity: tuple[str, str]
    sentence: Offsets | None
    extractor: str
    confidence: float


@dataclass(frozen=True)
class DivisionAncestor:
    """A division containing a linked place, from the gazetteer: its code, names
    (full and short, ``""`` when none), level and WGS84 coordinates. ``entity`` is
    the Doc's place entity for it when the text names it, else None: a division
    the text does not name is no entity, only a node of the hierarchy."""

    code: str
    name: str
    short: str
    level: str
    lon: float | None
    lat: float | None
    entity: tuple[str, str] | None = None


@dataclass(frozen=True)
class DivisionLink:
    """A place entity that is one of China's administrative divisions (``doc._.divisions``):
    its GB/T 2260 code and WGS84 coordinates from the gazetteer, and the chain of
    divisions containing it up to the province (``ancestors``, nearest first; empty
    for a province), each a :class:`DivisionAncestor`.

    ``source`` names the table these facts come from (an
    ``ontology.gazetteer.DataSource``: name, version, based_on, licence). They are
    the gazetteer's, not the text's: no sentence states them.
    """

    entity: tuple[str, str]
    code: str
    level: str
    lon: float | None
    lat: float | None
    ancestors: tuple[DivisionAncestor, ...]
    source: object


def register_extensions() -> None:
    """Declare the Doc extensions once; safe to call again."""
    for name, default in (
        ("entities", None),
        ("relations", None),
        ("article", None),
        ("offset", 0),
        ("merges", None),
        ("article_links", None),
        ("dateline_place", None),
        ("divisions", None),
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
    the rules that look at it. Tokens are cut only by :func:`split_tokens`,
    which hands the new Doc its words and tags."""
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


def ensure_token_edges(doc: Doc, offsets: Iterable[int]) -> Doc:
    """Split tokens so that every character offset is a token edge: a name
    found in the text may end inside one of LAC's words (十九大和 → 十九大 | 和).
    The pieces keep the word's tag. Returns the Doc to go on with (a new one
    when a word was cut, see :func:`split_tokens`)."""
    words = words_of(doc)
    starts = list(accumulate(map(len, words), initial=0))
    cuts: dict[int, set[int]] = {}
    for offset in offsets:
        i = bisect_right(starts, offset) - 1
        if 0 <= i < len(words) and starts[i] < offset < starts[i] + len(words[i]):
            cuts.setdefault(i, set()).add(offset - starts[i])
    pieces = {}
    for i, inner in cuts.items():
        edges = [0, *sorted(inner), len(words[i])]
        pieces[i] = [words[i][a:b] for a, b in zip(edges, edges[1:])]
    return split_tokens(doc, pieces)


def split_tokens(doc: Doc, pieces: dict[int, list[str]], *, tag: str | None = None, pos: str | None = None) -> Doc:
    """A copy of ``doc`` with token ``i`` cut into ``pieces[i]`` for each ``i``.

    The pieces keep the token's tag and part of speech (or take ``tag`` and
    ``pos``), its entity and its sentence; entities, span groups and user data
    carry over by character offsets. ``doc`` itself is returned when there is
    nothing to cut.

    Why a new Doc rather than ``doc.retokenize()``: spaCy's retokenizer moves
    every later token once per split, so k splits cost O(k·n) and an article
    with a split every few sentences took time quadratic in its length; this
    copies the tokens once.
    """
    if not pieces:
        return doc
    words, tags = words_of(doc), tags_of(doc)
    attrs = doc.to_array(_CARRIED)
    counts = np.ones(len(words), dtype=np.int64)
    for i, parts in pieces.items():
        counts[i] = len(parts)
    firsts = np.cumsum(counts) - counts  # where each old token's first piece lands
    array = np.repeat(attrs, counts, axis=0)
    new_words: list[str] = []
    new_tags: list[str] = []
    done = 0
    for i in sorted(pieces):
        parts, at = pieces[i], int(firsts[i])
        new_words += words[done:i]
        new_tags += tags[done:i]
        new_words += parts
        new_tags += [tag or tags[i]] * len(parts)
        done = i + 1
        array[at + 1 : at + len(parts), _SENT_START] = _NOT_SENT_START
        array[at : at + len(parts) - 1, _SPACY] = 0  # only the last piece keeps the whitespace after
        if tag is not None:
            array[at : at + len(parts), _TAG] = doc.vocab.strings.add(tag)
        if pos is not None:
            array[at : at + len(parts), _POS] = POS_IDS[pos]
    new_words += words[done:]
    new_tags += tags[done:]
    new = Doc(doc.vocab, words=new_words, spaces=array[:, _SPACY].astype(bool).tolist())
    new.from_array(_CARRIED, array)
    new.ents = [_same_span(new, span) for span in doc.ents]
    for name, group in doc.spans.items():
        new.spans[name] = SpanGroup(new, name=name, attrs=dict(group.attrs), spans=[_same_span(new, s) for s in group])
    new.user_data.update(doc.user_data)
    new.user_data.pop("zhitu.evidence", None)  # it indexes the old Doc
    new.user_data["zhitu.words"], new.user_data["zhitu.tags"] = new_words, new_tags
    new.cats = dict(doc.cats)
    return new


def _same_span(doc: Doc, span: Span) -> Span:
    """``span`` of another Doc with the same text, in ``doc``."""
    new = doc.char_span(span.start_char, span.end_char, label=span.label, kb_id=span.kb_id, span_id=span.id)
    if new is None:  # cannot happen: splitting only adds token edges
        raise ValueError(f"no tokens for span {span.start_char}-{span.end_char}")
    return new


_CARRIED = [TAG, POS, SENT_START, SPACY]
_TAG, _POS, _SENT_START, _SPACY = range(4)
_NOT_SENT_START = np.uint64(2**64 - 1)  # -1 as Doc.to_array gives it
