"""``zhitu_divisions``: which places are China's administrative divisions.

Each place entity whose name (full or short: 新疆维吾尔自治区, 新疆) is one
division of the gazetteer (``ontology/data/divisions.tsv``) gets a
:class:`~zhitu.extractors.facts.DivisionLink`: its GB/T 2260 code, its WGS84
coordinates and the division directly containing it. The containing divisions
up to the province become place entities of the Doc when no sentence names
them (温宿县 brings in 阿克苏地区 and 新疆维吾尔自治区, alias 新疆), so the
hierarchy is whole in every document graph. A name several divisions share
(朝阳区) is linked only when a place the Doc names contains exactly one of them.

These are facts of the gazetteer, not of the text: graph assembly states them
with the gazetteer as their source, never with a sentence.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from zhitu.extractors.facts import DivisionLink
from zhitu.extractors.rules import add_inferred_entity
from zhitu.ontology import gazetteer
from zhitu.ontology.gazetteer import Division, Divisions

NAME = "divisions"


@Language.factory("zhitu_divisions", requires=["doc._.entities"], assigns=["doc._.entities", "doc._.divisions"])
def make_divisions(nlp: Language, name: str) -> "DivisionsComponent":
    return DivisionsComponent()


class DivisionsComponent:
    def __call__(self, doc: Doc) -> Doc:
        table = gazetteer.divisions()
        source = gazetteer.divisions_source()
        places = [e for e in (doc._.entities or []) if e.label == "LOC" and e.canonical.strip()]
        named = {e.canonical for e in places} | {a for e in places for a in e.aliases}
        linked: dict[tuple[str, str], Division] = {}
        for entity in places:
            division = resolve(table, entity.canonical, named)
            if division is not None:
                linked[entity.key] = division
                if division.short and division.short != entity.canonical and table.resolve(division.short) == division:
                    entity.aliases.add(division.short)  # the name the press uses (新疆), so queries find it
        # One entity a division: the Doc's own name for it, else its full name (added).
        by_code: dict[str, tuple[str, str]] = {}
        for key, division in linked.items():
            if by_code.get(division.code) != ("LOC", division.name):
                by_code[division.code] = key
        entities = {e.key: e for e in (doc._.entities or [])}
        added: set[tuple[str, str]] = set()
        for division in list(linked.values()):
            for ancestor in table.ancestors(division):
                if ancestor.code in by_code:
                    continue
                key = ("LOC", ancestor.name)
                if key not in entities:
                    aliases = [ancestor.short] if ancestor.short and table.resolve(ancestor.short) == ancestor else []
                    entities[key] = add_inferred_entity(doc, "LOC", ancestor.name, aliases=aliases)
                    added.add(key)
                linked[key] = ancestor
                by_code[ancestor.code] = key
        doc._.divisions = [
            DivisionLink(
                entity=key, code=division.code, level=division.level, lon=division.lon, lat=division.lat,
                parent=by_code.get(division.parent_code) if division.parent_code else None,
                added=key in added, source=source,
            )
            for key, division in linked.items()
        ]
        return doc


def resolve(table: Divisions, name: str, named: set[str]) -> Division | None:
    """The division a place entity named ``name`` is, or None. An ambiguous name is
    settled by the other places the Doc names (``named``): the one candidate
    that one of them contains."""
    division = table.resolve(name)
    if division is not None:
        return division
    candidates = [d for d in table.by_name(name) if name in (d.name, d.short)]
    inside = [d for d in candidates if any(a.name in named or (a.short and a.short in named) for a in table.ancestors(d))]
    return inside[0] if len(inside) == 1 else None


__all__ = ["DivisionsComponent", "resolve"]
