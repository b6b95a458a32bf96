"""The analyst's lexicon (``zhitu build --lexicon FILE``, :mod:`zhitu.read.lexicon`)
applied to a Doc, in three stages of the pipeline, one factory each
(``zhitu_lexicon_<stage>``, :data:`FACTORIES`; where they sit: ``pipeline.cfg``):

- ``mentions`` (after the entity rules and programmes, before positions and
  resolution): a mention written as a stop word leaves ``doc.ents``; a
  lexicon name or alias written in the text becomes a mention of its type,
  in place of the mentions it overlaps (but not inside a longer name).
  Every later component sees the corrected mentions.
- ``entities`` (right after resolution, before the relation components):
  splits undo what resolution joined (a name written A becomes its own entity
  again when A is not B), aliases and forced merges fold A into B, stopped
  entities go; the relations then see the entities as the lexicon says.
- ``final`` (last): the same merges and stops over everything the relation
  components added (entities, relations, article links, the dateline place),
  so no stopped name and no merged-away name is left.

Each decision is a :class:`~zhitu.extractors.facts.Merge` whose reason starts
with :data:`REASON`: a name found by the lexicon is "merged" into itself
(its provenance), a split name likewise, with the name it is kept apart from.
With an empty lexicon every stage returns the Doc as it is.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from zhitu.extractors.facts import Entity, Merge, ensure_token_edges, register_extensions, text_of
from zhitu.read.lexicon import Lexicon

#: Every reason a lexicon decision gives starts with this (``zhitu build --explain-merges`` groups them).
REASON = "user lexicon"
STAGES = ("mentions", "entities", "final")
#: The factory of each stage; each takes the lexicon's content as its ``lexicon`` config.
FACTORIES = {f"zhitu_lexicon_{stage}": stage for stage in STAGES}
_FOUND = "zhitu.lexicon.found"  # user_data: {(start, end): lexicon name} of the mentions the lexicon made


def _register(factory: str, stage: str) -> None:
    assigns = (["doc.ents"] if stage == "mentions"
               else ["doc._.entities", "doc._.merges", "doc._.relations", "doc._.article_links"])

    def make(nlp: Language, name: str, lexicon: dict) -> UserLexicon:
        return UserLexicon(Lexicon.from_config(lexicon), stage)

    Language.factory(factory, default_config={"lexicon": {}}, assigns=assigns)(make)


class UserLexicon:
    def __init__(self, lexicon: Lexicon, stage: str) -> None:
        if stage not in STAGES:
            from zhitu.errors import UnknownChoiceError

            raise UnknownChoiceError("user lexicon stage", stage, STAGES)
        register_extensions()
        self.lexicon, self.stage = lexicon, stage
        self._source = f" ({lexicon.file_name})" if lexicon.source else ""
        self._stops = frozenset(lexicon.stops)
        self._types = {n.name: n.label for n in lexicon.names}
        #: A written name → the lexicon name it is (its aliases and forced merges).
        self._into = {alias: n.name for n in lexicon.names for alias in n.aliases} | dict(lexicon.merges)
        self._written = {w: n for n in lexicon.names for w in (n.name, *n.aliases)}
        self._pattern = (re.compile("|".join(map(re.escape, sorted(self._written, key=len, reverse=True))))
                         if self._written else None)
        self._splits = [pair for a, b in lexicon.splits for pair in ((a, b), (b, a))]

    def __call__(self, doc: Doc) -> Doc:
        if not self.lexicon:
            return doc
        if self.stage == "mentions":
            return self._mentions(doc)
        if self.stage == "entities":
            self._split(doc)
        self._merge_and_stop(doc)
        return doc

    # -- mentions ---------------------------------------------------------------------------

    def _mentions(self, doc: Doc) -> Doc:
        text = text_of(doc)
        found = [(m.start(), m.end(), m.group()) for m in self._pattern.finditer(text)] if self._pattern else []
        ents = [e for e in doc.ents if e.text not in self._stops]
        # Inside a longer mention a lexicon name is only part of a name (澄溪 of 澄溪港务集团).
        found = [(s, e, w) for s, e, w in found
                 if not any(x.start_char <= s and e <= x.end_char and (x.end_char - x.start_char) > e - s for x in ents)]
        if not found:
            if len(ents) != len(doc.ents):
                doc.ents = ents
            return doc
        doc = ensure_token_edges(doc, [o for s, e, _ in found for o in (s, e)])
        spans = []
        for start, end, written in found:
            span = doc.char_span(start, end, label=self._written[written].label)
            if span is not None:
                spans.append(span)
        taken = {(s.start_char, s.end_char) for s in spans}
        kept = [doc.char_span(e.start_char, e.end_char, label=e.label_) for e in doc.ents if e.text not in self._stops]
        kept = [e for e in kept if e is not None and not any(_overlap(e, s) for s in spans)]
        doc.ents = filter_spans(spans + kept)
        doc.user_data[_FOUND] = {o: self._written[text[o[0]:o[1]]].name for o in taken}
        return doc

    # -- entities ---------------------------------------------------------------------------

    def _split(self, doc: Doc) -> None:
        """A is not B: a name written A that resolution joined to B (as its
        canonical name or an alias) becomes an entity of its own again."""
        text = text_of(doc)
        entities = {e.key: e for e in doc._.entities or []}
        merges = list(doc._.merges or [])
        for apart, other in self._splits:
            for entity in list(entities.values()):
                names = entity.aliases | {entity.canonical}
                if apart not in names or other not in names or entity.canonical == apart:
                    continue
                own = entities.setdefault((entity.label, apart), Entity(entity.label, apart))
                moved = [m for m in entity.mentions if text[m[0]:m[1]] == apart]
                entity.mentions = [m for m in entity.mentions if m not in moved]
                own.mentions += moved
                entity.aliases.discard(apart)
                merges = [m for m in merges if not (m.canonical == entity.canonical and m.alias == apart)]
                merges.append(Merge(entity.label, apart, apart, f"{REASON}{self._source}: {apart} is not {other}",
                                    moved[0] if moved else None))
        doc._.entities = list(entities.values())
        doc._.merges = merges

    def _merge_and_stop(self, doc: Doc) -> None:
        entities = {e.key: e for e in doc._.entities or []}
        merges = list(doc._.merges or [])
        moved: dict[tuple[str, str], tuple[str, str]] = {}  # an entity's key → the key it was merged into
        for key, entity in list(entities.items()):
            into = self._into.get(entity.canonical)
            if into is None:
                continue
            label = self._types.get(into) or next((k[0] for k in entities if k[1] == into), entity.label)
            target = entities.setdefault((label, into), Entity(label, into))
            target.aliases |= entity.aliases | {entity.canonical}
            target.mentions += [m for m in entity.mentions if m not in target.mentions]
            del entities[key]
            moved[key] = target.key
            reason = f"{REASON}{self._source}: {entity.canonical} is {into}"
            merges = [m for m in merges if (m.label, m.canonical, m.alias) != (label, into, entity.canonical)]
            merges.append(Merge(label, into, entity.canonical, reason, entity.mentions[0] if entity.mentions else None))
        gone = {k for k, e in entities.items() if e.canonical in self._stops}
        for key in gone:
            del entities[key]
        for entity in entities.values():
            entity.aliases -= self._stops
        found = doc.user_data.get(_FOUND, {})
        for (start, end), name in found.items():
            entity = next((e for e in entities.values() if (start, end) in e.mentions), None)
            if entity is not None and entity.canonical == name:
                merges = [m for m in merges if (m.label, m.canonical, m.alias) != (entity.label, name, name)]
                merges.append(Merge(entity.label, name, name, f"{REASON}{self._source}: a name of type {entity.label}",
                                    (start, end)))
        doc._.entities = list(entities.values())
        doc._.merges = _unique(self._rekey_merge(m, moved) for m in merges
                               if m.canonical not in self._stops and (m.label, m.canonical) not in gone)
        if not moved and not gone:
            return
        relations = (_rekey_relation(r, moved) for r in doc._.relations or [] if not _touches(r, gone))
        doc._.relations = list(dict.fromkeys(r for r in relations if r is not None))
        doc._.article_links = [_rekey_link(link, moved) for link in doc._.article_links or [] if link.entity not in gone]
        place = doc._.dateline_place
        if place is not None:
            doc._.dateline_place = None if place in gone else moved.get(place, place)

    @staticmethod
    def _rekey_merge(merge: Merge, moved: dict) -> Merge:
        label, canonical = moved.get((merge.label, merge.canonical), (merge.label, merge.canonical))
        if (label, canonical) == (merge.label, merge.canonical):
            return merge
        return Merge(label, canonical, merge.alias, merge.reason, merge.mention)


def _overlap(a, b) -> bool:
    return a.start_char < b.end_char and b.start_char < a.end_char


def _touches(relation, gone: set) -> bool:
    return relation.head in gone or relation.tail in gone or relation.place in gone


def _rekey_relation(relation, moved: dict):
    head = moved.get(relation.head, relation.head)
    tail = moved.get(relation.tail, relation.tail) if relation.tail else relation.tail
    place = moved.get(relation.place, relation.place) if relation.place else relation.place
    if (head, tail, place) == (relation.head, relation.tail, relation.place):
        return relation
    if head == tail:
        return None
    return replace(relation, head=head, tail=tail, place=place)


def _rekey_link(link, moved: dict):
    return replace(link, entity=moved[link.entity]) if link.entity in moved else link


def _unique(merges: Iterable[Merge]) -> list[Merge]:
    """One merge per (type, canonical, written name): the last given (a lexicon decision over an automatic one)."""
    seen: dict[tuple[str, str, str], Merge] = {}
    for merge in merges:
        seen.pop((merge.label, merge.canonical, merge.alias), None)
        seen[(merge.label, merge.canonical, merge.alias)] = merge
    return list(seen.values())


for _factory, _stage in FACTORIES.items():
    _register(_factory, _stage)
