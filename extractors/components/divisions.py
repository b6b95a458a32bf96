"""``zhitu_divisions``: which places are China's administrative divisions.

Each place entity whose name (full or short: 新疆维吾尔自治区, 新疆) is one
division of the gazetteer (``ontology/data/divisions.tsv``) gets a
:class:`~zhitu.extractors.facts.DivisionLink`: its GB/T 2260 code, its WGS84
coordinates and the chain of divisions containing it up to the province
(温宿县: 阿克苏地区, 新疆维吾尔自治区), each with its code, names and
coordinates. A containing division the text does not name stays out of the
Doc's entities (the text did not name it); one the text names points at its
place entity. A name several divisions share (朝阳区) is linked only when a place
the Doc names contains exactly one of them.

These are facts of the gazetteer, not of the text: graph assembly states them
with the gazetteer as their source (GeoSPARQL ``geo:sfWithin``), never with a
sentence and never as ``zt:locatedIn``.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from zhitu.extractors.facts import DivisionAncestor, DivisionLink
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
        # The Doc's entity of each division it names: its full name's if it has one.
        by_code: dict[str, tuple[str, str]] = {}
        for key, division in linked.items():
            if by_code.get(division.code) != ("LOC", division.name):
                by_code[division.code] = key
        doc._.divisions = [
            DivisionLink(
                entity=key, code=division.code, level=division.level, lon=division.lon, lat=division.lat,
                ancestors=tuple(_ancestor(table, a, by_code.get(a.code)) for a in table.ancestors(division)),
                source=source,
            )
            for key, division in linked.items()
        ]
        return doc


def _ancestor(table: Divisions, division: Division, entity: tuple[str, str] | None) -> DivisionAncestor:
    short = division.short if division.short and table.resolve(division.short) == division else ""
    return DivisionAncestor(code=division.code, name=division.name, short=short, level=division.level,
                            lon=division.lon, lat=division.lat, entity=entity)


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
