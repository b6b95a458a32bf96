"""Score predicted entities, relations and credits against gold (SCHEMA.md, "Scoring").

For: deciding which predicted item matches which gold item and counting.
Matching is one-to-one: within each type a maximum bipartite matching
(Hopcroft-Karp) pairs gold and predicted items, so each gold item is matched
at most once and each predicted item at most once, and no greedy choice can
"steal" a partner another item needed.
Not for: reading gold files or graphs, or formatting (see ``report``).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

from zhitu.evaluation.gold import load_gold
from zhitu.evaluation.misses import credit_misses, entity_misses, relation_misses
from zhitu.evaluation.model import (
    CREDIT_TYPES,
    ENTITY_TYPES,
    RELATION_TYPES,
    Credit,
    Entity,
    GoldDocument,
    Predicted,
    Relation,
)
from zhitu.evaluation.rdf import predicted_from_graph
from zhitu.evaluation.report import BlockScore, Report, TypeScore

T = TypeVar("T", Entity, Relation, Credit)


def score(gold: GoldDocument, predicted: Predicted) -> Report:
    """Compare document-level sets: entities, relations (without ``mentions``), credits."""
    gold_relations = [r for r in gold.relations if r.relation in RELATION_TYPES]
    gold_credits = [c for article in gold.articles for c in article.credits()]
    predicted_credits = [c for article in predicted.articles for c in article.credits()]
    entities, missed_entities = _block("entities", ENTITY_TYPES, gold.entities, predicted.entities,
                                       lambda e: e.type, entities_match)
    relations, missed_relations = _block("relations", RELATION_TYPES, gold_relations, predicted.relations,
                                         lambda r: r.relation, relations_match)
    credits, missed_credits = _block("credits", CREDIT_TYPES, gold_credits, predicted_credits,
                                     lambda c: c.credit, credits_match)
    return Report(
        gold=gold.source,
        document=gold.document,
        entities=entities,
        relations=relations,
        credits=credits,
        misses=tuple(
            entity_misses(*missed_entities, gold.document)
            + relation_misses(*missed_relations, gold.document)
            + credit_misses(*missed_credits, gold.document)
        ),
    )


def evaluate(graph_paths: Sequence[str | Path], gold_path: str | Path) -> Report:
    """Load graph files and a gold file, and score the one against the other."""
    from zhitu.output import read as load_graph

    gold = load_gold(gold_path)
    return score(gold, predicted_from_graph(load_graph(graph_paths)))


def entities_match(gold: Entity, predicted: Entity) -> bool:
    """Same type, and some name or alias in common."""
    return gold.type == predicted.type and not gold.names.isdisjoint(predicted.names)


def relations_match(gold: Relation, predicted: Relation) -> bool:
    """Same relation, both ends share a name or alias, and the same role.

    Ends are compared by names only: a relation's type already fixes the
    entity types its ends may have. For ``founded`` the tail is the date's
    lexical form; a gold ``place`` is not scored.
    """
    return (
        gold.relation == predicted.relation
        and not gold.head.names.isdisjoint(predicted.head.names)
        and not gold.tail.names.isdisjoint(predicted.tail.names)
        and (gold.relation != "holdsPosition" or gold.role == predicted.role)
    )


def credits_match(gold: Credit, predicted: Credit) -> bool:
    """Same credit type, the same headline up to whitespace, and the party shares a name."""
    return (
        gold.credit == predicted.credit
        and normalise_headline(gold.headline) == normalise_headline(predicted.headline)
        and not gold.party.names.isdisjoint(predicted.party.names)
    )


def normalise_headline(headline: str) -> str:
    """The headline with all whitespace (ASCII and ideographic) removed."""
    return "".join(headline.split())


def match(gold: Sequence[T], predicted: Sequence[T], same: Callable[[T, T], bool]) -> list[tuple[int, int]]:
    """A maximum one-to-one matching as (gold index, predicted index) pairs, sorted."""
    import networkx as nx
    from networkx.algorithms.bipartite import hopcroft_karp_matching

    graph = nx.Graph()
    gold_nodes = [("gold", i) for i in range(len(gold))]
    graph.add_nodes_from(gold_nodes)
    graph.add_nodes_from(("predicted", j) for j in range(len(predicted)))
    graph.add_edges_from(
        (("gold", i), ("predicted", j))
        for i, g in enumerate(gold)
        for j, p in enumerate(predicted)
        if same(g, p)
    )
    pairs = hopcroft_karp_matching(graph, top_nodes=gold_nodes)
    return sorted((i, pairs[("gold", i)][1]) for _, i in gold_nodes if ("gold", i) in pairs)


def _block(
    name: str,
    order: Sequence[str],
    gold: Iterable[T],
    predicted: Iterable[T],
    kind_of: Callable[[T], str],
    same: Callable[[T, T], bool],
) -> tuple[BlockScore, tuple[list[T], list[T]]]:
    """The block's scores per type, and its unmatched gold and predicted items."""
    gold_by = _group(_unique(gold), kind_of)
    predicted_by = _group(_unique(predicted), kind_of)
    kinds = list(order) + sorted((set(gold_by) | set(predicted_by)) - set(order))
    scores = []
    unmatched_gold: list[T] = []
    unmatched_predicted: list[T] = []
    for kind in kinds:
        g, p = gold_by.get(kind, []), predicted_by.get(kind, [])
        if not g and not p:
            continue
        pairs = match(g, p, same)
        matched_gold = {i for i, _ in pairs}
        matched_predicted = {j for _, j in pairs}
        unmatched_gold.extend(x for i, x in enumerate(g) if i not in matched_gold)
        unmatched_predicted.extend(x for j, x in enumerate(p) if j not in matched_predicted)
        scores.append(
            TypeScore(
                kind,
                gold=len(g),
                predicted=len(p),
                matched=len(pairs),
                missed=tuple(x.describe() for i, x in enumerate(g) if i not in matched_gold),
                spurious=tuple(x.describe() for j, x in enumerate(p) if j not in matched_predicted),
            )
        )
    return BlockScore(name, tuple(scores)), (unmatched_gold, unmatched_predicted)


def _unique(items: Iterable[T]) -> list[T]:
    return list(dict.fromkeys(items))


def _group(items: Iterable[T], kind_of: Callable[[T], str]) -> dict[str, list[T]]:
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(kind_of(item), []).append(item)
    return groups
