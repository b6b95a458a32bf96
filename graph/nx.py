"""The NetworkX view of the RDF graph: one converter, RDF → MultiDiGraph.

Nodes are entities and articles (keyed by IRI); edges are relations (keyed by
relation name) with their evidence as plain scalar attributes, so every graph
format can hold them. Roles and provenance nodes are folded into attributes.

Time (ISO strings, ``""`` when unknown): every edge has ``reported``, the date of
the article that states it, and ``historical`` (the sentence reports a post as
left); a holdsPosition edge also has its membership's ``first_reported`` and
``last_reported`` (over every report in the graph), ``began`` and ``ended`` (as
the text dates them: 2018, 2018-05, 2018-05-03) and ``ended_by`` (the first
report that says the post was left).
"""
from __future__ import annotations

from collections import defaultdict

import networkx as nx
from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, TIME

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
    times = _MembershipTimes(index)
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
        attrs.update(reported=_date_of(index, statement), historical=_is_historical(index, statement),
                     **times.of(membership))
        g.add_edge(str(head), str(tail), key=f"{relation}:{attrs['role']}:{attrs['start']}", **attrs)
    for art, org in index.pairs[SCHEMA.publisher]:
        if str(art) in g and str(org) in g:
            g.add_edge(str(art), str(org), key="publisher", relation="publisher", role="", evidence="",
                       document="", article=g.nodes[str(art)]["label"], start=-1, end=-1, extractor="layout",
                       confidence=1.0, reported=_published(index, art), historical=False, **_NO_TIMES)
    for art, entity in index.pairs[SCHEMA.mentions]:
        if str(entity) in g:
            g.nodes[str(entity)]["mentions"] += 1
            if include_mentions and str(art) in g:
                g.add_edge(str(art), str(entity), key="mentions", relation="mentions", role="", evidence="",
                           document="", article=g.nodes[str(art)]["label"], start=-1, end=-1,
                           extractor="pipeline", confidence=1.0, reported=_published(index, art),
                           historical=False, **_NO_TIMES)
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


#: A membership's time attributes (holdsPosition edges; empty on the others).
_NO_TIMES = {"first_reported": "", "last_reported": "", "began": "", "ended": "", "ended_by": ""}


def _published(index: _Index, article) -> str:
    return str(index.value(article, SCHEMA.datePublished) or "")


def _date_of(index: _Index, statement) -> str:
    """The date of the article that reported the statement (its zt:article, or its sentence's)."""
    article = index.value(statement, ZT.article)
    if article is None:
        sentence = index.value(statement, PROV.wasDerivedFrom)
        article = index.value(sentence, ZT.article) if sentence is not None else None
    return _published(index, article) if article is not None else ""


def _is_historical(index: _Index, statement) -> bool:
    return any(v.toPython() is True for v in index.objects(statement, ZT.historical))


class _MembershipTimes:
    """Each membership's report dates and stated interval, gathered once."""

    def __init__(self, index: _Index) -> None:
        self._index = index
        self._left: dict = defaultdict(list)  # membership → dates of the reports saying it was left
        for statement, rdf_type in index.pairs[RDF.type]:
            if rdf_type == RDF.Statement and _is_historical(index, statement):
                membership = index.value(statement, ZT.membership)
                if membership is not None and (reported := _date_of(index, statement)):
                    self._left[membership].append(reported)
        self._cache: dict = {}

    def of(self, membership) -> dict:
        if membership is None:
            return dict(_NO_TIMES)
        if membership not in self._cache:
            index = self._index
            reports = sorted(str(d) for d in index.objects(membership, ZT.reportedOn))
            began, ended = [], []
            for interval in index.objects(membership, ORG.memberDuring):
                for link, found in ((TIME.hasBeginning, began), (TIME.hasEnd, ended)):
                    for instant in index.objects(interval, link):
                        found += [str(v) for p in (TIME.inXSDDate, TIME.inXSDgYearMonth, TIME.inXSDgYear)
                                  for v in index.objects(instant, p)]
            self._cache[membership] = {
                "first_reported": reports[0] if reports else "", "last_reported": reports[-1] if reports else "",
                "began": min(began, default=""), "ended": max(ended, default=""),
                "ended_by": min(self._left.get(membership, []), default=""),
            }
        return dict(self._cache[membership])


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
