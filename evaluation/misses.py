"""Misses grouped by kind, so that error analysis starts from the largest kind.

For: turning the unmatched gold and predicted items of one document into
:class:`Miss` records: an entity found with the wrong type or the wrong
boundary, a relation with the wrong role, tail or head, and what is plainly
missing or spurious. A predicted item that explains a gold miss (the same
name with another type, say) is paired with it and not listed again.
Not for: deciding what matches (:mod:`zhitu.evaluation.scoring`).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from zhitu.evaluation.model import Credit, Entity, Relation

#: Kinds in report order, per block.
KINDS: dict[str, tuple[str, ...]] = {
    "entities": ("missing entity", "wrong type", "boundary", "spurious entity"),
    "relations": ("missing relation", "wrong role", "wrong tail", "wrong head", "spurious relation"),
    "credits": ("missing credit", "spurious credit"),
}


@dataclass(frozen=True)
class Miss:
    """One false negative (with what was predicted instead, if anything) or false positive."""

    block: str
    kind: str
    type: str
    text: str
    document: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"block": self.block, "kind": self.kind, "type": self.type, "text": self.text,
                "document": self.document}


def entity_misses(gold: Sequence[Entity], predicted: Sequence[Entity], document: str | None = None) -> list[Miss]:
    """Unmatched entities: wrong type (a name in common), boundary (one name inside the other), missing, spurious."""
    def same_name(g: Entity, p: Entity) -> bool:
        return g.type != p.type and not g.names.isdisjoint(p.names)

    def overlap(g: Entity, p: Entity) -> bool:
        return g.type == p.type and any(
            len(a) >= 2 and len(b) >= 2 and (a in b or b in a) for a in g.names for b in p.names
        )

    def typed(kind: str) -> Callable[[Entity, Entity], str]:
        if kind == "wrong type":
            return lambda g, p: f"{g.describe()} ({g.type}) found as {p.type}"
        return lambda g, p: f"{g.describe()} found as {p.describe()}"

    return _pair_misses(
        "entities", gold, predicted, document,
        [("wrong type", same_name, typed("wrong type")), ("boundary", overlap, typed("boundary"))],
        missing="missing entity", spurious="spurious entity",
        type_of=lambda e: e.type, describe=lambda e: e.describe(),
    )


def relation_misses(gold: Sequence[Relation], predicted: Sequence[Relation], document: str | None = None) -> list[Miss]:
    """Unmatched relations: wrong role, wrong tail, wrong head (the other parts agree), missing, spurious."""
    def ends(g: Relation, p: Relation) -> tuple[bool, bool]:
        return (not g.head.names.isdisjoint(p.head.names), not g.tail.names.isdisjoint(p.tail.names))

    def wrong_role(g: Relation, p: Relation) -> bool:
        return g.relation == p.relation and ends(g, p) == (True, True) and g.role != p.role

    def wrong_tail(g: Relation, p: Relation) -> bool:
        return g.relation == p.relation and ends(g, p) == (True, False)

    def wrong_head(g: Relation, p: Relation) -> bool:
        return g.relation == p.relation and ends(g, p) == (False, True)

    return _pair_misses(
        "relations", gold, predicted, document,
        [
            ("wrong role", wrong_role, lambda g, p: f"{g.describe()} found as [{p.role}]"),
            ("wrong tail", wrong_tail, lambda g, p: f"{g.describe()} found as → {p.tail.describe()}"),
            ("wrong head", wrong_head, lambda g, p: f"{g.describe()} found as {p.head.describe()} →"),
        ],
        missing="missing relation", spurious="spurious relation",
        type_of=lambda r: r.relation, describe=lambda r: r.describe(),
    )


def credit_misses(gold: Sequence[Credit], predicted: Sequence[Credit], document: str | None = None) -> list[Miss]:
    """Unmatched credits: missing and spurious."""
    return _pair_misses("credits", gold, predicted, document, [], missing="missing credit",
                        spurious="spurious credit", type_of=lambda c: c.credit, describe=lambda c: c.describe())


def _pair_misses(block, gold, predicted, document, pairings, *, missing, spurious, type_of, describe) -> list[Miss]:
    """Pair each gold miss with the first unused predicted miss of the first kind that fits."""
    out: list[Miss] = []
    used: set[int] = set()
    for g in gold:
        for kind, fits, text in pairings:
            j = next((j for j, p in enumerate(predicted) if j not in used and fits(g, p)), None)
            if j is not None:
                used.add(j)
                out.append(Miss(block, kind, type_of(g), text(g, predicted[j]), document))
                break
        else:
            out.append(Miss(block, missing, type_of(g), describe(g), document))
    out.extend(Miss(block, spurious, type_of(p), describe(p), document)
               for j, p in enumerate(predicted) if j not in used)
    return out


def format_misses(misses: Sequence[Miss]) -> list[str]:
    """Lines: for each block and kind (largest first within a block), a header with the count, then the items."""
    lines: list[str] = []
    for block, kinds in KINDS.items():
        groups = {kind: [m for m in misses if m.block == block and m.kind == kind] for kind in kinds}
        for kind, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            if not items:
                continue
            lines.append("")
            lines.append(f"{block}: {kind} ({len(items)})")
            for m in sorted(items, key=lambda m: (m.type, m.document or "", m.text)):
                where = f"{m.document}: " if m.document else ""
                lines.append(f"  {m.type:<18} {where}{m.text}")
    return lines
