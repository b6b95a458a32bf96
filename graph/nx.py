"""The NetworkX view of the RDF graph: one converter, RDF → MultiDiGraph.

Nodes are entities and articles (keyed by IRI); edges are relations (keyed by
relation name) with their evidence as plain scalar attributes, so every graph
format can hold them. Roles and provenance nodes are folded into attributes.
"""
from __future__ import annotations

from collections import defaultdict

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from zhitu.graph.namespaces import LABEL_OF, ORG, SCHEMA, ZT, merged_triples
from zhitu.ontology.vocabulary import RELATIONS

#: Predicate IRIs → relation names, for the edges that statements give. Not
#: founded (its object is a date, not a node), nor publisher and mentions, which
#: have no statement and are added from their links below.
RELATION_OF: dict[str, str] = {
    r.predicate: r.name for r in RELATIONS if r.name not in ("founded", "publisher", "mentions")
}


def to_networkx(graph: Graph, *, include_mentions: bool = True) -> nx.MultiDiGraph:
    """Entities, articles and relations of an RDF graph (named graphs merged)."""
    index = _Index(graph)
    value = index.value
    g = nx.MultiDiGraph()
    for node, rdf_type in index.pairs[RDF.type]:
        label = LABEL_OF.get(str(rdf_type))
        if label is None and rdf_type == SCHEMA.NewsArticle:
            label = "ARTICLE"
        if label is None or not isinstance(node, URIRef):
            continue
        key = str(node)
        name = value(node, SKOS.prefLabel) or value(node, RDFS.label) or value(node, SCHEMA.headline)
        aliases = sorted({str(a) for a in index.objects(node, SKOS.altLabel)})
        g.add_node(key, iri=key, type=label, label=str(name or key), aliases=" | ".join(aliases),
                   mentions=0)
    for statement, rdf_type in index.pairs[RDF.type]:
        if rdf_type != RDF.Statement:
            continue
        head, predicate, tail = (value(statement, p) for p in (RDF.subject, RDF.predicate, RDF.object))
        relation = RELATION_OF.get(str(predicate))
        if relation is None or str(head) not in g or str(tail) not in g:
            continue
        attrs = {"relation": relation, "role": "", "extractor": str(value(statement, ZT.extractor) or ""),
                 "confidence": float(value(statement, ZT.confidence) or 0.0)}
        membership = value(statement, ZT.membership)
        if membership is not None:
            role = value(membership, ORG.role)
            attrs["role"] = str(value(role, SKOS.prefLabel) or "") if role is not None else ""
        sentence = value(statement, PROV.wasDerivedFrom)
        attrs.update(_evidence(index, sentence))
        g.add_edge(str(head), str(tail), key=f"{relation}:{attrs['role']}:{attrs['start']}", **attrs)
    for art, org in index.pairs[SCHEMA.publisher]:
        if str(art) in g and str(org) in g:
            g.add_edge(str(art), str(org), key="publisher", relation="publisher", role="", evidence="",
                       document="", article=g.nodes[str(art)]["label"], start=-1, end=-1, extractor="layout",
                       confidence=1.0)
    for art, entity in index.pairs[SCHEMA.mentions]:
        if str(entity) in g:
            g.nodes[str(entity)]["mentions"] += 1
            if include_mentions and str(art) in g:
                g.add_edge(str(art), str(entity), key="mentions", relation="mentions", role="", evidence="",
                           document="", article=g.nodes[str(art)]["label"], start=-1, end=-1,
                           extractor="pipeline", confidence=1.0)
    return g


class _Index:
    """The triples read once into dicts: a Dataset's lookups go through every
    context and cost far more than these, on graphs of 100,000 triples."""

    def __init__(self, graph: Graph) -> None:
        self._by_subject: dict = defaultdict(dict)
        self.pairs: dict = defaultdict(list)
        walk = (RDF.type, SCHEMA.publisher, SCHEMA.mentions)
        for s, p, o in merged_triples(graph):
            self._by_subject[s].setdefault(p, []).append(o)
            if p in walk:
                self.pairs[p].append((s, o))
        for pairs in self.pairs.values():
            pairs.sort(key=_pair_key)  # the same graph gives the same node and edge order

    def objects(self, subject, predicate) -> list:
        return self._by_subject.get(subject, {}).get(predicate, [])

    def value(self, subject, predicate):
        """One object (the least, so runs agree), or None."""
        found = self.objects(subject, predicate)
        if not found:
            return None
        return found[0] if len(found) == 1 else min(found)


def _pair_key(pair: tuple) -> tuple[str, str]:
    return str(pair[0]), str(pair[1])


def _evidence(index: _Index, sentence) -> dict:
    if sentence is None:
        return {"evidence": "", "document": "", "article": "", "start": -1, "end": -1}
    value = index.value
    article = value(sentence, ZT.article)
    document = value(sentence, ZT.document)
    return {
        "evidence": str(value(sentence, ZT.text) or ""),
        "document": str(value(document, ZT.source) or document or ""),
        "article": str(value(article, SCHEMA.headline) or ""),
        "start": int(value(sentence, ZT.start) or -1),
        "end": int(value(sentence, ZT.end) or -1),
    }
