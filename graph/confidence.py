"""Keep only the facts stated with at least a given confidence (``--min-confidence``).

Every relation in a document graph has one ``zt:Assertion`` per sentence that
states it, with the ``zt:confidence`` of the rule that found it
(``zhitu.extractors.confidence``: each value is that rule's precision measured
on the development set). :func:`drop_below` removes the assertions under a
threshold and every fact that no remaining assertion states: the shortcut
triple, a membership node, a founding place. Entities stay (the document still
names them); sentences no assertion derives from any more go. Facts with no
assertion at all (a publisher the reading stage was told) are kept.

Not for: deciding confidences (extraction does), or reading files.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import Dataset
from rdflib.namespace import PROV, RDF
from rdflib.term import Node

from zhitu.graph.namespaces import SCHEMA, ZT

Triple = tuple[Node, Node, Node]


def drop_below(triples: Iterable[Triple], threshold: float | None) -> list[Triple]:
    """``triples`` (one document's graph) without the facts stated only below ``threshold``."""
    triples = list(triples)
    if not threshold:
        return triples
    by_subject: dict[Node, list[Triple]] = defaultdict(list)
    for triple in triples:
        by_subject[triple[0]].append(triple)
    assertions = {s for s, p, o in triples if p == RDF.type and o == ZT.Assertion}
    low, kept_facts, kept_memberships = set(), set(), set()
    for statement in assertions:
        values = {p: o for _, p, o in by_subject[statement]}
        confidence = values.get(ZT.confidence)
        fact = (values.get(RDF.subject), values.get(RDF.predicate), values.get(RDF.object))
        if confidence is not None and float(confidence) < threshold:
            low.add((statement, fact, values.get(ZT.membership)))
        else:
            kept_facts.add(fact)
            kept_memberships.add(values.get(ZT.membership))
    drop_subjects = {statement for statement, _, _ in low}
    drop_triples: set[Triple] = set()
    for _, fact, membership in low:
        if fact in kept_facts:
            continue
        drop_triples.add(fact)
        if membership is not None and membership not in kept_memberships:
            drop_subjects.add(membership)
        if fact[1] == SCHEMA.foundingDate and not any(
                f[0] == fact[0] and f[1] == SCHEMA.foundingDate for f in kept_facts):
            drop_triples.update(t for t in by_subject[fact[0]] if t[1] == SCHEMA.foundingLocation)
    kept = [t for t in triples if t[0] not in drop_subjects and t not in drop_triples]
    used_sentences = {o for s, p, o in kept if p == PROV.wasDerivedFrom}
    sentences = {s for s, p, o in kept if p == RDF.type and o == ZT.Sentence}
    orphans = sentences - used_sentences
    return [t for t in kept if t[0] not in orphans]


def drop_below_in_dataset(dataset: Dataset, threshold: float | None) -> Dataset:
    """Apply :func:`drop_below` to every graph of ``dataset`` in place (each named graph on its own)."""
    if not threshold:
        return dataset
    for graph in list(dataset.graphs()):
        triples = list(graph)
        if not triples:
            continue
        kept = set(drop_below(triples, threshold))
        for triple in triples:
            if triple not in kept:
                graph.remove(triple)
    return dataset
