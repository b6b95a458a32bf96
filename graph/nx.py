"""The NetworkX view of the RDF graph: one converter, RDF → MultiDiGraph.

Nodes are entities and articles (keyed by IRI); edges are relations (keyed by
relation name) with their evidence as plain scalar attributes, so every graph
format can hold them. Roles and provenance nodes are folded into attributes.
"""
from __future__ import annotations

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from zhitu.graph.namespaces import LABEL_OF, ORG, SCHEMA, ZT

RELATION_OF = {
    str(ZT.locatedIn): "locatedIn",
    str(ORG.subOrganizationOf): "subOrganizationOf",
    str(ZT.organizes): "organizes",
    str(ZT.participatesIn): "participatesIn",
    str(ORG.memberOf): "holdsPosition",
    str(SCHEMA.author): "author",
    str(SCHEMA.contributor): "contributor",
    str(ZT.photographer): "photographer",
}


def to_networkx(graph: Graph, *, include_mentions: bool = True) -> nx.MultiDiGraph:
    """Entities, articles and relations of an RDF graph (named graphs merged)."""
    g = nx.MultiDiGraph()
    for node, rdf_type in graph.subject_objects(RDF.type):
        label = LABEL_OF.get(str(rdf_type))
        if label is None and rdf_type == SCHEMA.NewsArticle:
            label = "ARTICLE"
        if label is None or not isinstance(node, URIRef):
            continue
        key = str(node)
        name = graph.value(node, SKOS.prefLabel) or graph.value(node, RDFS.label) or graph.value(node, SCHEMA.headline)
        aliases = sorted({str(a) for a in graph.objects(node, SKOS.altLabel)})
        g.add_node(key, iri=key, type=label, label=str(name or key), aliases=" | ".join(aliases),
                   mentions=0)
    for statement in graph.subjects(RDF.type, RDF.Statement):
        head, predicate, tail = (graph.value(statement, p) for p in (RDF.subject, RDF.predicate, RDF.object))
        relation = RELATION_OF.get(str(predicate))
        if relation is None or str(head) not in g or str(tail) not in g:
            continue
        attrs = {"relation": relation, "role": "", "extractor": str(graph.value(statement, ZT.extractor) or ""),
                 "confidence": float(graph.value(statement, ZT.confidence) or 0.0)}
        membership = graph.value(statement, ZT.membership)
        if membership is not None:
            role = graph.value(membership, ORG.role)
            attrs["role"] = str(graph.value(role, SKOS.prefLabel) or "") if role is not None else ""
        sentence = graph.value(statement, PROV.wasDerivedFrom)
        attrs.update(_evidence(graph, sentence))
        g.add_edge(str(head), str(tail), key=f"{relation}:{attrs['role']}:{attrs['start']}", **attrs)
    for art, org in graph.subject_objects(SCHEMA.publisher):
        if str(art) in g and str(org) in g:
            g.add_edge(str(art), str(org), key="publisher", relation="publisher", role="", evidence="",
                       document="", article=g.nodes[str(art)]["label"], start=-1, end=-1, extractor="layout",
                       confidence=1.0)
    for art, entity in graph.subject_objects(SCHEMA.mentions):
        if str(entity) in g:
            g.nodes[str(entity)]["mentions"] += 1
            if include_mentions and str(art) in g:
                g.add_edge(str(art), str(entity), key="mentions", relation="mentions", role="", evidence="",
                           document="", article=g.nodes[str(art)]["label"], start=-1, end=-1,
                           extractor="pipeline", confidence=1.0)
    return g


def _evidence(graph: Graph, sentence) -> dict:
    if sentence is None:
        return {"evidence": "", "document": "", "article": "", "start": -1, "end": -1}
    article = graph.value(sentence, ZT.article)
    document = graph.value(sentence, ZT.document)
    return {
        "evidence": str(graph.value(sentence, ZT.text) or ""),
        "document": str(graph.value(document, ZT.source) or document or ""),
        "article": str(graph.value(article, SCHEMA.headline) or ""),
        "start": int(graph.value(sentence, ZT.start) or -1),
        "end": int(graph.value(sentence, ZT.end) or -1),
    }
