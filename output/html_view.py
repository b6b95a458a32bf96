"""The HTML writer entry of the registry: RDF → NetworkX → offline pyvis page.

From a store, only what the page draws is read (:func:`page_graph`): the nodes
are chosen in the store first, with the page's own rule (the ``max_nodes`` with
the most facts, the isolated entities its side panel lists), then only those
nodes and, of each fact between drawn nodes, the statements its edge quotes
(:data:`~zhitu.output.html.EVIDENCE_PER_EDGE`) are read, with the predicates of
:data:`DRAWN`; how many statements report the fact, when, and how confidently
come from the store's indexes. What the page reads and draws grows with the
facts among its nodes, not with how often the corpus repeats them (the plan
still holds one IRI per statement while it counts them).
"""
from __future__ import annotations

import functools
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
from rdflib import Dataset, Graph
from rdflib.namespace import PROV, RDF, RDFS, SKOS, TIME

from zhitu.graph.namespaces import LABEL_OF, ORG, SCHEMA, ZT
from zhitu.graph.nx import RELATION_OF, to_networkx
from zhitu.output.html import (CREDIT_RELATIONS, EVIDENCE_PER_EDGE, MAX_ISOLATED_LISTED, MAX_NODES, fact_key,
                               merge_facts, quote_order, write_html)

#: The predicates whose triples make the page: node types and names, the
#: statements behind edges with their roles, evidence and dates, publisher and
#: mentions. Every predicate :mod:`zhitu.graph.nx` reads must be here
#: (``tests/test_store_bulk.py`` checks).
DRAWN = (
    RDF.type, SKOS.prefLabel, RDFS.label, SCHEMA.headline, SKOS.altLabel, SCHEMA.datePublished,
    RDF.subject, RDF.predicate, RDF.object, ZT.extractor, ZT.confidence, ZT.membership, ORG.role,
    PROV.wasDerivedFrom, ZT.article, ZT.document, ZT.text, ZT.start, ZT.end, ZT.source,
    ZT.historical, ZT.reportedOn, ORG.memberDuring, TIME.hasBeginning, TIME.hasEnd,
    TIME.inXSDDate, TIME.inXSDgYearMonth, TIME.inXSDgYear,
    SCHEMA.publisher, SCHEMA.mentions,
)
#: A node's own predicates (its type and names).
_NODE_PREDICATES = (RDF.type, SKOS.prefLabel, RDFS.label, SCHEMA.headline, SKOS.altLabel, SCHEMA.datePublished)
#: The links from a statement to what its edge's attributes come from (sentence,
#: article, document, membership, role, interval, instants).
_FOLLOWED = frozenset(str(p) for p in (ZT.membership, PROV.wasDerivedFrom, ZT.article, ZT.document, ORG.role,
                                       ORG.memberDuring, TIME.hasBeginning, TIME.hasEnd))
#: Read from a statement and what it links to (types only for the statement itself).
_ATTRIBUTE_PREDICATES = frozenset(str(p) for p in DRAWN) - {str(p) for p in (SCHEMA.publisher, SCHEMA.mentions)}
_ARTICLE = str(SCHEMA.NewsArticle)
#: What an edge takes from the article and the document its evidence comes from
#: (:func:`zhitu.graph.nx.to_networkx`: headline and date, the document's source);
#: an article's other statements (its many mentions) are not read.
_SOURCE_LINKS = frozenset(str(p) for p in (ZT.article, ZT.document))
_SOURCE_PREDICATES = frozenset(str(p) for p in (SCHEMA.headline, SCHEMA.datePublished, ZT.source))

#: One row per statement of a relation: its ends and what its edge's key is made of.
_STATEMENTS = f"""
SELECT ?st ?h ?p ?t ?role ?start WHERE {{
  ?st <{RDF.type}> <{RDF.Statement}> ; <{RDF.subject}> ?h ; <{RDF.predicate}> ?p ; <{RDF.object}> ?t .
  FILTER(isIRI(?h) && isIRI(?t))
  OPTIONAL {{ ?st <{ZT.membership}> ?m . OPTIONAL {{ ?m <{ORG.role}> ?r . OPTIONAL {{ ?r <{SKOS.prefLabel}> ?role }} }} }}
  OPTIONAL {{ ?st <{PROV.wasDerivedFrom}> ?s . OPTIONAL {{ ?s <{ZT.start}> ?start }} }}
}}"""


def write_html_view(dataset: Dataset, path: Path) -> None:
    write_html(to_networkx(dataset, include_mentions=False), path)


def write_html_view_from_store(store, path: Path, *, max_nodes: int = MAX_NODES) -> None:
    """:func:`write_html_view` of a :class:`zhitu.store.Store`, reading only what the page shows."""
    plan = PagePlan.of(store, max_nodes=max_nodes)
    write_html(page_graph(store, plan), path, max_nodes=max_nodes,
               linked_total=plan.linked_total, isolated_total=plan.isolated_total)


@dataclass
class PagePlan:
    """The nodes the page shows, chosen in the store as :func:`zhitu.output.html.generate_html`
    chooses them: drawn (the linked nodes, at most ``max_nodes`` with the most facts, then the
    most edges, ties by IRI) and listed (isolated entities, most mentioned first, then by label)."""

    drawn: set[str] = field(default_factory=set)
    listed: set[str] = field(default_factory=set)
    mentions: dict[str, int] = field(default_factory=dict)
    """How many articles mention each node shown (drawn or listed)."""
    linked_total: int = 0
    isolated_total: int = 0
    statements: list = field(default_factory=list)
    """The statements (Oxigraph IRIs) the edges between drawn nodes quote, in the store's order."""
    facts: dict[tuple[str, str, str, str], dict] = field(default_factory=dict)
    """Each fact between drawn nodes (:func:`zhitu.output.html.fact_key`) → its ``statements``,
    ``reported``, ``reported_last`` and ``confidence`` over all its statements."""

    @classmethod
    def of(cls, store, *, max_nodes: int = MAX_NODES) -> PagePlan:
        kinds = _node_kinds(store)
        reports = _fact_reports(store, kinds)
        edges = set(reports) | _publisher_edges(store, kinds)
        facts, degree = Counter(), Counter()
        for head, tail, relation, _ in edges:
            for node in (head, tail):
                degree[node] += 1
                if relation not in CREDIT_RELATIONS:
                    facts[node] += 1
        drawn = set(degree)
        if len(drawn) > max_nodes:
            drawn = set(sorted(drawn, key=lambda n: (-facts[n], -degree[n], n))[:max_nodes])
            drawn = {node for head, tail, *_ in edges if head in drawn and tail in drawn for node in (head, tail)}
        mentions = _mention_counts(store)
        isolated = [node for node, kind in kinds.items() if node not in degree and kind != "ARTICLE"]
        shown = {key: by_start for key, by_start in reports.items() if key[0] in drawn and key[1] in drawn}
        statements = [by_start[start] for by_start in shown.values()
                      for start in sorted(by_start, key=quote_order)[:EVIDENCE_PER_EDGE]]
        listed = _listed(store, isolated, mentions, nodes=len(kinds))
        summaries = _Summaries(store)
        shown_mentions = {node: mentions[node] for node in drawn | listed if node in mentions}  # not the corpus's
        return cls(drawn=drawn, listed=listed, mentions=shown_mentions,
                   linked_total=len(degree), isolated_total=len(isolated), statements=statements,
                   facts={key: summaries.of(by_start.values()) for key, by_start in shown.items()})


def _node_kinds(store) -> dict[str, str]:
    """Every node of the page's graph (an IRI with an entity or article type) → its type label
    (of its greatest type IRI, as :func:`zhitu.graph.nx.to_networkx` ends up with)."""
    import pyoxigraph as ox

    best: dict[str, str] = {}
    inner, rdf_type_node = store.oxigraph, ox.NamedNode(str(RDF.type))
    for rdf_type in sorted({*LABEL_OF, _ARTICLE}):  # one type at a time: the store's type index, no other quad read
        for quad in inner.quads_for_pattern(None, rdf_type_node, ox.NamedNode(rdf_type), ox.DefaultGraph()):
            if isinstance(quad.subject, ox.NamedNode):
                node = sys.intern(quad.subject.value)  # one string per node across the plan's tables
                if rdf_type > best.get(node, ""):
                    best[node] = rdf_type
    return {node: LABEL_OF.get(rdf_type, "ARTICLE") for node, rdf_type in best.items()}


def _publisher_edges(store, kinds: dict[str, str]) -> set[tuple[str, str, str, str]]:
    """The page's publisher edges (article → organisation), keyed as facts are."""
    import pyoxigraph as ox

    found = store.oxigraph.quads_for_pattern(None, ox.NamedNode(str(SCHEMA.publisher)), None, ox.DefaultGraph())
    return {(q.subject.value, q.object.value, "publisher", "") for q in found
            if q.subject.value in kinds and q.object.value in kinds}


def _fact_reports(store, kinds: dict[str, str]) -> dict[tuple[str, str, str, str], dict[int, object]]:
    """Each fact between two nodes (head, tail, relation, role) → {its sentences' start: the
    statement there}, in the store's order. Statements of one fact at one start are one edge of
    :func:`to_networkx` (keyed by relation, role and start), whose attributes are those of the
    greatest statement IRI: kept here the same way."""
    reports: dict[tuple[str, str, str, str], dict[int, object]] = {}
    for st, head, predicate, tail, role, start in store.execute(_STATEMENTS):
        relation = RELATION_OF.get(predicate.value)
        if relation is None or head.value not in kinds or tail.value not in kinds:
            continue
        key = (sys.intern(head.value), sys.intern(tail.value), relation, role.value if role is not None else "")
        by_start = reports.setdefault(key, {})
        offset = _int(start) or -1  # as to_networkx reads it: a start of 0 is no start
        if offset not in by_start or st.value > by_start[offset].value:
            by_start[offset] = st
    return reports


class _Summaries:
    """How many of a fact's edges there are, their first and last report and highest
    confidence, read as :func:`to_networkx` reads them (the least value of a predicate).
    A page's statements share few sentences and articles: the article of each sentence
    and the date of each article are looked up once (held for the page's facts only)."""

    def __init__(self, store) -> None:
        import pyoxigraph as ox

        self._inner, self._default, self._node = store.oxigraph, ox.DefaultGraph(), ox.NamedNode
        self._article, self._derived, self._confidence, self._date = (
            ox.NamedNode(str(p)) for p in (ZT.article, PROV.wasDerivedFrom, ZT.confidence, SCHEMA.datePublished))
        self._held: dict[tuple[str, object], str | None] = {}

    def _value(self, subject, predicate) -> str | None:
        found = [q.object.value for q in self._inner.quads_for_pattern(subject, predicate, None, self._default)]
        return min(found) if found else None

    def _shared_value(self, subject: str, predicate) -> str | None:
        """:meth:`_value` of a node many statements lead to (a sentence, an article), once."""
        key = (subject, predicate)
        if key not in self._held:
            self._held[key] = self._value(self._node(subject), predicate)
        return self._held[key]

    def of(self, statements) -> dict:
        dates, confidences = [], []
        for statement in statements:
            article = self._value(statement, self._article)
            if article is None and (sentence := self._value(statement, self._derived)) is not None:
                article = self._shared_value(sentence, self._article)
            if article is not None and (date := self._shared_value(article, self._date)):
                dates.append(date)
            confidence = self._value(statement, self._confidence)
            confidences.append(float(confidence) if confidence else 0.0)
        dates.sort()
        return {"statements": len(confidences), "reported": dates[0] if dates else "",
                "reported_last": dates[-1] if dates else "", "confidence": max(confidences, default=0.0)}


def _int(literal) -> int:
    try:
        return int(literal.value) if literal is not None else 0
    except ValueError:
        return 0


def _mention_counts(store) -> dict[str, int]:
    """How many articles mention each entity."""
    import pyoxigraph as ox

    counts: Counter = Counter()
    for quad in store.oxigraph.quads_for_pattern(None, ox.NamedNode(str(SCHEMA.mentions)), None, ox.DefaultGraph()):
        counts[sys.intern(quad.object.value)] += 1
    return dict(counts)


def _listed(store, isolated: list[str], mentions: dict[str, int], *, nodes: int = 0) -> set[str]:
    """The isolated entities the side panel lists: the most mentioned, ties by label
    (read only for those that can make the list), then IRI."""
    if len(isolated) <= MAX_ISOLATED_LISTED:
        return set(isolated)
    least = sorted((mentions.get(n, 0) for n in isolated), reverse=True)[MAX_ISOLATED_LISTED - 1]
    # Every node mentioned more often is listed; the label orders only those mentioned as often
    # as the last one listed, which in news are most entities (mentioned once).
    listed = {n for n in isolated if mentions.get(n, 0) > least}
    tied = [n for n in isolated if mentions.get(n, 0) == least]
    labels = _labels(store, tied, scan=len(tied) * SCAN_LABELS_SHARE >= nodes)
    tied.sort(key=lambda n: (labels[n], n))
    return listed | set(tied[:MAX_ISOLATED_LISTED - len(listed)])


#: The isolated list's tied entities are labelled from one pass over every preferred label of
#: the store when they are at least 1 in this many of the page graph's nodes, else one lookup
#: each (on the whole test corpus a lookup cost about 85 µs, a label of the pass about 20 µs).
SCAN_LABELS_SHARE = 4


def _labels(store, nodes: list[str], *, scan: bool = True) -> dict[str, str]:
    """:func:`_label` of each of ``nodes``; with ``scan``, the preferred labels read in one pass
    over the store's index of them (rather than a lookup a node), the rest one by one."""
    import pyoxigraph as ox

    from zhitu.graph.terms import from_oxigraph

    found: dict[str, list] = {}
    if scan:
        wanted, preferred = set(nodes), ox.NamedNode(str(SKOS.prefLabel))
        for quad in store.oxigraph.quads_for_pattern(None, preferred, None, ox.DefaultGraph()):
            if quad.subject.value in wanted:
                found.setdefault(quad.subject.value, []).append(from_oxigraph(quad.object))
    labels = {}
    for node in nodes:
        values = found.get(node)
        labels[node] = str(value) if values and (value := min(values)) else _label(store, node)
    return labels


def _label(store, node: str) -> str:
    """The label :func:`to_networkx` gives a node."""
    import pyoxigraph as ox

    from zhitu.graph.terms import from_oxigraph

    for predicate in (SKOS.prefLabel, RDFS.label, SCHEMA.headline):
        found = [from_oxigraph(q.object) for q in store.oxigraph.quads_for_pattern(
            ox.NamedNode(node), ox.NamedNode(str(predicate)), None, ox.DefaultGraph())]
        if found and (value := min(found)):
            return str(value)
    return node


def page_graph(store, plan: PagePlan):
    """The NetworkX graph of the plan's nodes and the edges between the drawn ones, one per
    fact (:func:`zhitu.output.html.merge_facts`), read from the store (mention counts and
    each fact's statements, dates and confidence set from the plan)."""
    # Read once into to_networkx's index: the list goes as soon as it is read.
    read = to_networkx(_Listed(_page_triples(store, plan), once=True), include_mentions=False)
    graph = nx.MultiDiGraph()
    graph.add_nodes_from((node, dict(data, mentions=plan.mentions.get(node, 0)))
                         for node, data in read.nodes(data=True))
    for head, tail, key, data in merge_facts(read.edges(keys=True, data=True)):
        data.update(plan.facts.get(fact_key(head, tail, key, data), {}))  # over all its statements
        graph.add_edge(head, tail, key=key, **data)
    return graph


def _page_triples(store, plan: PagePlan) -> list[tuple]:
    """The triples :func:`to_networkx` needs for the plan: the nodes' types and names,
    the publisher links and statements between drawn nodes, and what those statements link to."""
    import pyoxigraph as ox

    from zhitu.graph.terms import from_oxigraph

    convert = functools.cache(from_oxigraph)
    inner, default = store.oxigraph, ox.DefaultGraph()
    triples: list[tuple] = []

    def read(subject, predicates, *, each: bool = False) -> list:
        """``subject``'s statements with ``predicates``: all its statements filtered, or with
        ``each`` one lookup per predicate (an article: its many mentions never read)."""
        if each:
            found = [q for p in sorted(predicates)
                     for q in inner.quads_for_pattern(subject, ox.NamedNode(p), None, default)]
        else:
            found = [q for q in inner.quads_for_pattern(subject, None, None, default)
                     if q.predicate.value in predicates]
        triples.extend((convert(q.subject), convert(q.predicate), convert(q.object)) for q in found)
        return found

    node_predicates = frozenset(str(p) for p in _NODE_PREDICATES)
    for node in sorted(plan.drawn | plan.listed):
        read(ox.NamedNode(node), node_predicates)
    for quad in inner.quads_for_pattern(None, ox.NamedNode(str(SCHEMA.publisher)), None, default):
        if quad.subject.value in plan.drawn and quad.object.value in plan.drawn:
            triples.append((convert(quad.subject), SCHEMA.publisher, convert(quad.object)))
    seen: set = {ox.NamedNode(node) for node in plan.drawn | plan.listed}  # read above
    for statement in plan.statements:
        _follow(statement, read, seen, first=True)
    return triples


def _follow(subject, read, seen: set, *, first: bool, via: str = "") -> None:
    """Read a statement's attributes and those of what it links to (no types past the statement;
    of an article or document, reached ``via`` zt:article or zt:document, only :data:`_SOURCE_PREDICATES`)."""
    if subject in seen:
        return
    seen.add(subject)
    import pyoxigraph as ox

    if via in _SOURCE_LINKS:
        read(subject, _SOURCE_PREDICATES, each=True)
        return
    predicates = _ATTRIBUTE_PREDICATES if first else _ATTRIBUTE_PREDICATES - {str(RDF.type)}
    for quad in read(subject, predicates):
        if quad.predicate.value in _FOLLOWED and not isinstance(quad.object, ox.Literal):
            _follow(quad.object, read, seen, first=False, via=quad.predicate.value)


def drawn_graph(store) -> Graph:
    """The part of the store's merged graph the page draws, as an rdflib Graph
    (a list of triples: :func:`to_networkx` reads them once, so no index is built)."""
    import pyoxigraph as ox

    from zhitu.graph.terms import from_oxigraph, to_oxigraph

    convert = functools.cache(from_oxigraph)
    inner = store.oxigraph
    triples = []
    for predicate in DRAWN:
        triples.extend((convert(q.subject), predicate, convert(q.object))
                       for q in inner.quads_for_pattern(None, to_oxigraph(predicate), None, ox.DefaultGraph()))
    return _Listed(triples)


class _Listed(Graph):
    """A read-only Graph over a list of triples, matched by scanning it; with ``once``, the
    list is let go when first read whole (a graph read once, as :func:`to_networkx` reads it,
    need not be held beside what is made of it)."""

    def __init__(self, triples: list[tuple], *, once: bool = False) -> None:
        super().__init__()
        self._listed = triples
        self._once = once

    def triples(self, pattern):
        s, p, o = pattern
        listed = self._listed
        if self._once and s is p is o is None:
            self._listed = []
            listed.reverse()
            while listed:  # in the list's order, each triple freed once yielded
                yield listed.pop()
            return
        for triple in listed:
            if (s is None or triple[0] == s) and (p is None or triple[1] == p) and (o is None or triple[2] == o):
                yield triple

    def __len__(self) -> int:
        return len(self._listed)
