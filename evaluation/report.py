"""Scores as numbers, readable tables and JSON-ready dictionaries.

For: holding counts and misses per type, computing precision, recall and F1,
and rendering a :class:`Report` as text or a dict.
Not for: deciding what matches (that is :mod:`zhitu.evaluation.scoring`).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from zhitu.evaluation.misses import Miss, format_misses


@dataclass(frozen=True)
class TypeScore:
    """Counts for one type; ``missed`` are false negatives, ``spurious`` false positives.

    Precision and recall are 0.0 when their denominator is 0 but the other
    count is not; all three scores are ``None`` when there is nothing in
    either gold or prediction.
    """

    type: str
    gold: int
    predicted: int
    matched: int
    missed: tuple[str, ...] = ()
    spurious: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return self.gold == 0 and self.predicted == 0

    @property
    def precision(self) -> float | None:
        if self.empty:
            return None
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float | None:
        if self.empty:
            return None
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "false_negatives": list(self.missed),
            "false_positives": list(self.spurious),
        }


def micro_of(types: tuple[TypeScore, ...]) -> TypeScore:
    """The micro average of per-type scores: their counts summed (misses stay per type)."""
    return TypeScore(
        "micro",
        gold=sum(t.gold for t in types),
        predicted=sum(t.predicted for t in types),
        matched=sum(t.matched for t in types),
    )


@dataclass(frozen=True)
class BlockScore:
    """Scores of one block (entities, relations or credits), per type and micro-averaged."""

    name: str
    types: tuple[TypeScore, ...]

    @property
    def micro(self) -> TypeScore:
        """Counts summed over types (misses are left per type)."""
        return micro_of(self.types)

    def type(self, name: str) -> TypeScore:
        for score in self.types:
            if score.type == name:
                return score
        return TypeScore(name, 0, 0, 0)

    @classmethod
    def summed(cls, blocks: Iterable["BlockScore"]) -> "BlockScore":
        """One block of the same name with each type's counts summed over ``blocks`` (misses joined)."""
        blocks = list(blocks)
        order: dict[str, list[TypeScore]] = {}
        for block in blocks:
            for score in block.types:
                order.setdefault(score.type, []).append(score)
        return cls(blocks[0].name if blocks else "", tuple(
            TypeScore(name, gold=sum(s.gold for s in scores), predicted=sum(s.predicted for s in scores),
                      matched=sum(s.matched for s in scores),
                      missed=tuple(m for s in scores for m in s.missed),
                      spurious=tuple(m for s in scores for m in s.spurious))
            for name, scores in order.items()
        ))

    def to_dict(self) -> dict[str, Any]:
        micro = self.micro.to_dict()
        del micro["false_negatives"], micro["false_positives"]
        return {"types": {t.type: t.to_dict() for t in self.types}, "micro": micro}


@dataclass(frozen=True)
class Report:
    """The scores of one graph against one gold file."""

    gold: str
    document: str | None
    entities: BlockScore
    relations: BlockScore
    credits: BlockScore
    misses: tuple[Miss, ...] = ()

    @property
    def blocks(self) -> tuple[BlockScore, ...]:
        return (self.entities, self.relations, self.credits)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: counts, scores (``null`` where undefined) and misses per type."""
        out: dict[str, Any] = {"gold": self.gold, "document": self.document}
        out.update({block.name: block.to_dict() for block in self.blocks})
        return out

    def format(self, show_misses: bool = False) -> str:
        """A plain-text table per block; with ``show_misses``, the misses grouped by kind."""
        lines = [f"gold: {self.gold}" + (f" ({self.document})" if self.document else "")]
        for block in self.blocks:
            lines.append("")
            lines.extend(_block_table(block))
        if show_misses:
            lines.extend(format_misses(self.misses))
        return "\n".join(lines) + "\n"


def block_table(block: BlockScore) -> list[str]:
    """The lines of one block's table: a row per type, then the micro average."""
    return _block_table(block)


def fraction(value: float | None) -> str:
    """A score as three decimals, or ``-`` when undefined."""
    return _fraction(value)


_COLUMNS = ("gold", "predicted", "matched", "P", "R", "F1")


def _block_table(block: BlockScore) -> list[str]:
    width = max([len(t.type) for t in block.types] + [len("micro")])
    rows = [(t.type, t) for t in block.types]
    header = "type".ljust(width) + "".join(f"{c:>10}" for c in _COLUMNS)
    lines = [block.name, header, "-" * len(header)]
    lines.extend(_score_row(name, score, width) for name, score in rows)
    lines.append("-" * len(header))
    lines.append(_score_row("micro", block.micro, width))
    return lines


def _score_row(name: str, score: TypeScore, width: int) -> str:
    counts = f"{score.gold:>10}{score.predicted:>10}{score.matched:>10}"
    values = "".join(f"{_fraction(v):>10}" for v in (score.precision, score.recall, score.f1))
    return name.ljust(width) + counts + values


def _fraction(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"
