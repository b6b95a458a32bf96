"""Score a graph against a gold file (SCHEMA.md, "Scoring").

For: :func:`evaluate` (graph files + gold file → :class:`Report`) and its
parts: :func:`load_gold`, :func:`predicted_from_graph`, :func:`score`.
Not for: building graphs. Mention-level NER corpora (MSRA, People's Daily) are
scored by :mod:`zhitu.evaluation.ner`, which this package does not import eagerly.
"""
from __future__ import annotations

from zhitu.evaluation.gold import load_gold, parse_gold
from zhitu.evaluation.model import (
    CREDIT_TYPES,
    ENTITY_TYPES,
    RELATION_TYPES,
    Article,
    Credit,
    Entity,
    GoldDocument,
    Predicted,
    Ref,
    Relation,
)
from zhitu.evaluation.rdf import predicted_from_graph
from zhitu.evaluation.report import BlockScore, Report, TypeScore
from zhitu.evaluation.scoring import evaluate, match, score

__all__ = [
    "CREDIT_TYPES",
    "ENTITY_TYPES",
    "RELATION_TYPES",
    "Article",
    "BlockScore",
    "Credit",
    "Entity",
    "GoldDocument",
    "Predicted",
    "Ref",
    "Relation",
    "Report",
    "TypeScore",
    "evaluate",
    "load_gold",
    "match",
    "parse_gold",
    "predicted_from_graph",
    "score",
]
