"""The explorer's JSON API: an overview of the store, find entities, load a
node's neighbourhood, read the evidence of an edge (whole mentions marked),
shortest paths between two nodes with the evidence of each hop, a node's
timeline, and the named queries. Each call is a few bounded SPARQL queries
against the store (LIMITs, capped steps), so the browser only ever holds the
part of the graph it has opened, and a parameter that is not what a call takes
is a :class:`QueryError` (a 400 with one line).

For: ``/api/search``, ``/api/neighbours``, ``/api/evidence``, ``/api/types``,
``/api/place``, ``/api/overview``, ``/api/path``, ``/api/timeline``,
``/api/queries`` and ``/api/named`` (:func:`call`, run in a query process by
``zhitu.serve.workers``, which stops a call past the deadline; the shapes of
their answers are what ``static/explorer.js`` reads). Not for: HTTP
(``zhitu.serve.app``) or the SPARQL endpoint (``zhitu.serve.sparql``).

Text from the store is returned as JSON strings and never as markup: the page
puts it into the DOM with ``textContent``.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

import pyoxigraph as ox

from zhitu.errors import QueryError
from zhitu.graph.namespaces import LABEL_OF
from zhitu.graph.nx import RELATION_OF
from zhitu.ontology.vocabulary import RELATIONS
from zhitu.serve.mentions import whole_mentions

__all__ = ["call", "search", "neighbours", "evidence", "overview", "shortest_paths", "timeline",
           "named_query_list", "run_named", "ENTITY_TYPES", "MAX_HOPS"]

_SCHEMA = "https://schema.org/"
_ARTICLE = _SCHEMA + "NewsArticle"
#: Type labels the search can filter by (ARTICLE: a news article).
ENTITY_TYPES: dict[str, str] = {**{label: iri for iri, label in LABEL_OF.items()}, "ARTICLE": _ARTICLE}
_RELATIONS: dict[str, str] = {**RELATION_OF, _SCHEMA + "publisher": "publisher"}
_MENTIONS = _SCHEMA + "mentions"
_MEMBER_OF = "http://www.w3.org/ns/org#memberOf"
#: Relations between two entities read from sentences (founded's object is a date).
_FACTS: dict[str, str] = {r.predicate: r.name for r in RELATIONS if r.fact and r.name != "founded"}
_CREDITS: dict[str, str] = {r.predicate: r.name for r in RELATIONS if r.name in ("author", "contributor", "photographer")}


def call(store, path: str, params: Mapping[str, str]):
    """The answer (JSON-ready) to ``GET path?params`` of the API, or None when
    ``path`` names no call. Bad parameters raise :class:`QueryError` (a 400)."""
    def arg(name: str) -> str:
        return params.get(name, "")

    if path == "/api/search":
        return search(store, arg("q"), entity_type=arg("type") or None)
    if path == "/api/neighbours":
        return neighbours(store, arg("iri"), mentions=_flag(arg("mentions")))
    if path == "/api/evidence":
        return evidence(store, arg("s"), arg("p"), arg("o"), role=arg("role"))
    if path == "/api/types":
        return sorted(ENTITY_TYPES)
    if path == "/api/place":
        return place_position(store, arg("iri"))
    if path == "/api/overview":
        return _overview_of(store, _bounded("top", arg("top"), 15, 1, 50), _bounded("latest", arg("latest"), 10, 1, 50))
    if path == "/api/path":
        return shortest_paths(store, arg("from"), arg("to"), hops=_bounded("hops", arg("hops"), 4, 1, MAX_HOPS),
                              mentions=_flag(arg("mentions")))
    if path == "/api/timeline":
        return timeline(store, arg("iri"))
    if path == "/api/queries":
        return named_query_list()
    if path == "/api/named":
        return run_named(store, arg("name"), params)
    return None


def _flag(value: str) -> bool:
    return value in ("1", "true")


def _bounded(name: str, value: str, default: int, low: int, high: int) -> int:
    """``value`` as a whole number from ``low`` to ``high`` (``default`` when empty); QueryError otherwise."""
    if not value:
        return default
    if not (value.isascii() and value.isdigit()) or not low <= int(value) <= high:
        raise QueryError(f"{name} must be a whole number from {low} to {high}, not {value[:40]!r}")
    return int(value)


def _iri(value: str) -> str:
    """``value`` as a SPARQL IRI term (escaped by Oxigraph); QueryError if it is not an IRI."""
    try:
        return str(ox.NamedNode(value))
    except ValueError as err:
        raise QueryError(f"not an IRI: {value!r}") from err


def _type_of(types: set[str]) -> str:
    for iri in sorted(types):
        if iri in LABEL_OF:
            return LABEL_OF[iri]
    return "ARTICLE" if _ARTICLE in types else "OTHER"


def search(store, text: str, *, entity_type: str | None = None, limit: int = 30) -> list[dict]:
    """Entities (and articles) whose name, alias or headline contains ``text``
    (case-insensitive), exact matches first, then shorter names."""
    text = text.strip()
    if not text:
        return []
    if entity_type and entity_type not in ENTITY_TYPES:
        from zhitu.errors import UnknownChoiceError

        raise UnknownChoiceError("entity type", entity_type, list(ENTITY_TYPES))
    types = [ENTITY_TYPES[entity_type]] if entity_type else list(ENTITY_TYPES.values())
    values = " ".join(_iri(t) for t in types)
    needle = str(ox.Literal(text.lower()))
    # The matching names are few; ranking them in Python keeps the query simple.
    query = f"""
SELECT DISTINCT ?e ?name WHERE {{
  VALUES ?type {{ {values} }}
  ?e a ?type ; rdfs:label|skos:prefLabel|skos:altLabel|schema:headline ?name .
  FILTER(CONTAINS(LCASE(STR(?name)), {needle}))
}} LIMIT {limit * 20}"""
    best: dict[str, tuple] = {}
    for row in store.execute(query):
        name = row["name"].value
        rank = (name.lower() != text.lower(), len(name), name)
        iri = row["e"].value
        if iri not in best or rank < best[iri]:
            best[iri] = rank
    chosen = sorted(best, key=lambda iri: best[iri])[:limit]
    nodes = describe_nodes(store, chosen)
    return [nodes[iri] for iri in chosen if iri in nodes]


def describe_nodes(store, iris: list[str]) -> dict[str, dict]:
    """``{iri: {"id", "label", "type", "aliases", "date"}}`` for the entities and articles
    among ``iris`` (``date``: an article's, else the empty string)."""
    if not iris:
        return {}
    values = " ".join(_iri(i) for i in iris)
    query = f"""
SELECT ?e ?t ?label ?alias ?date WHERE {{
  VALUES ?e {{ {values} }}
  ?e a ?t .
  OPTIONAL {{ ?e skos:prefLabel|rdfs:label|schema:headline ?label }}
  OPTIONAL {{ ?e skos:altLabel ?alias }}
  OPTIONAL {{ ?e schema:datePublished ?date }}
}}"""
    types: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    aliases: dict[str, set[str]] = defaultdict(set)
    dates: dict[str, str] = {}
    for row in store.execute(query):
        iri = row["e"].value
        types[iri].add(row["t"].value)
        if row["date"] is not None:
            dates[iri] = min(dates.get(iri, row["date"].value), row["date"].value)
        if row["label"] is not None:
            labels.setdefault(iri, row["label"].value)
        if row["alias"] is not None:
            aliases[iri].add(row["alias"].value)
    return {
        iri: {"id": iri, "label": labels.get(iri, iri), "type": _type_of(kinds),
              "aliases": sorted(aliases[iri] - {labels.get(iri)}), "date": dates.get(iri, "")}
        for iri, kinds in types.items()
    }


def neighbours(store, iri: str, *, mentions: bool = False, limit: int = 200) -> dict:
    """The node ``iri``, its relations (both directions) and the nodes at their
    other ends: ``{"nodes": [...], "edges": [...], "truncated": bool}``. An edge
    is ``{"id", "from", "to", "relation", "predicate", "role"}``; holdsPosition
    gives one edge per role. ``mentions`` adds article → entity mentions."""
    node = _iri(iri)
    predicates = list(_RELATIONS) + ([_MENTIONS] if mentions else [])
    values = " ".join(_iri(p) for p in predicates)
    query = f"""
SELECT ?s ?p ?o WHERE {{
  VALUES ?p {{ {values} }}
  {{ {node} ?p ?o . BIND({node} AS ?s) }} UNION {{ ?s ?p {node} . BIND({node} AS ?o) }}
  FILTER(isIRI(?s) && isIRI(?o))
}} LIMIT {limit + 1}"""
    triples = [(r["s"].value, r["p"].value, r["o"].value) for r in store.execute(query)]
    truncated = len(triples) > limit
    triples = triples[:limit]
    ends = {iri} | {s for s, _, _ in triples} | {o for _, _, o in triples}
    nodes = describe_nodes(store, sorted(ends))
    edges = _date_edges(store, [e for e in _edges(store, triples) if e["from"] in nodes and e["to"] in nodes], nodes)
    return {"nodes": list(nodes.values()), "edges": edges, "truncated": truncated}


def _edges(store, triples: list[tuple[str, str, str]]) -> list[dict]:
    """Edges for the page from ``(s, p, o)`` links: ``{"id", "from", "to", "relation",
    "predicate", "role"}``, one per role for a membership."""
    roles = _membership_roles(store, sorted({(s, o) for s, p, o in triples if p == _MEMBER_OF}))
    edges = []
    for s, p, o in triples:
        relation = "mentions" if p == _MENTIONS else _RELATIONS[p]
        for role in roles.get((s, o), []) if p == _MEMBER_OF else [""]:
            edges.append({"id": f"{s} {p} {o} {role}", "from": s, "to": o, "relation": relation,
                          "predicate": p, "role": role})
    return edges


def _membership_roles(store, pairs: list[tuple[str, str]]) -> dict[tuple[str, str], list[str]]:
    """The roles (sorted) of each (person, organisation) pair's memberships."""
    roles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for chunk in range(0, len(pairs), 500):
        values = " ".join(f"({_iri(s)} {_iri(o)})" for s, o in pairs[chunk:chunk + 500])
        query = f"""
SELECT DISTINCT ?s ?o ?role WHERE {{
  VALUES (?s ?o) {{ {values} }}
  ?m org:member ?s ; org:organization ?o ; org:role/skos:prefLabel ?role .
}}"""
        for r in store.execute(query):
            roles[(r["s"].value, r["o"].value)].add(r["role"].value)
    return {pair: sorted(found) for pair, found in roles.items()}


def _date_edges(store, edges: list[dict], nodes: dict[str, dict]) -> list[dict]:
    """Give each edge the first and last dates of the articles that report it
    (``"first"``, ``"last"``: ISO dates; an article's own date for its credits and
    mentions; empty when none is known): what the page's date filter reads."""
    links = sorted({(e["from"], e["predicate"], e["to"]) for e in edges if e["predicate"] in _FACTS})
    dates: dict[tuple[str, str, str], tuple[str, str]] = {}
    for chunk in range(0, len(links), 300):
        values = " ".join(f"({_iri(s)} {_iri(p)} {_iri(o)})" for s, p, o in links[chunk:chunk + 300])
        query = f"""
SELECT ?s ?p ?o (MIN(STR(?d)) AS ?first) (MAX(STR(?d)) AS ?last) WHERE {{
  VALUES (?s ?p ?o) {{ {values} }}
  ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; zt:article/schema:datePublished ?d .
}} GROUP BY ?s ?p ?o"""
        for r in store.execute(query):
            if r["first"] is not None:
                dates[(r["s"].value, r["p"].value, r["o"].value)] = (r["first"].value, r["last"].value)
    for edge in edges:
        found = dates.get((edge["from"], edge["predicate"], edge["to"]))
        if found is None:
            article = nodes.get(edge["from"], {}).get("date") or nodes.get(edge["to"], {}).get("date") or ""
            found = (article, article)
        edge["first"], edge["last"] = found
    return edges


def evidence(store, subject: str, predicate: str, obj: str, *, role: str = "", limit: int = 100) -> dict:
    """The sentences an edge was read from: ``{"marks": [names of its ends],
    "sentences": [{"text", "spans", "start", "end", "article", "headline", "date",
    "url", "document", "extractor", "confidence", "role"}]}``. ``spans`` are the
    ``[start, end]`` code-point offsets in ``text`` where an end is named whole
    (:func:`zhitu.serve.mentions.whole_mentions`): what the page highlights."""
    s, p, o = _iri(subject), _iri(predicate), _iri(obj)
    query = f"""
SELECT ?text ?start ?end ?article ?headline ?date ?url ?doc ?extractor ?confidence ?role WHERE {{
  ?fact rdf:subject {s} ; rdf:predicate {p} ; rdf:object {o} ; prov:wasDerivedFrom ?sent .
  ?sent zt:text ?text .
  OPTIONAL {{ ?sent zt:start ?start ; zt:end ?end }}
  OPTIONAL {{ ?sent zt:article ?article
             OPTIONAL {{ ?article schema:headline ?headline }} OPTIONAL {{ ?article schema:url ?url }}
             OPTIONAL {{ ?article schema:datePublished ?date }} }}
  OPTIONAL {{ ?sent zt:document/zt:source ?doc }}
  OPTIONAL {{ ?fact zt:extractor ?extractor }}
  OPTIONAL {{ ?fact zt:confidence ?confidence }}
  OPTIONAL {{ ?fact zt:membership/org:role/skos:prefLabel ?role }}
}} ORDER BY ?date ?doc ?start LIMIT {limit}"""

    def value(term) -> str:
        return "" if term is None else term.value

    sentences = []
    for row in store.execute(query):
        if role and value(row["role"]) and value(row["role"]) != role:
            continue
        sentence = {key: value(row[key]) for key in ("text", "article", "headline", "date", "url", "extractor", "role")}
        sentence["document"] = value(row["doc"])
        for key in ("start", "end"):
            sentence[key] = int(row[key].value) if row[key] is not None else None
        sentence["confidence"] = float(row["confidence"].value) if row["confidence"] is not None else None
        if sentence not in sentences:
            sentences.append(sentence)
    ends = describe_nodes(store, [subject, obj])
    marks = sorted({name for n in ends.values() for name in [n["label"], *n["aliases"]] if name},
                   key=lambda name: (-len(name), name))
    names = _article_names(store, sorted({x["article"] for x in sentences if x["article"]}))
    for sentence in sentences:
        sentence["spans"] = [list(span) for span in
                             whole_mentions(sentence["text"], marks, names=names.get(sentence["article"], ()))]
    return {"marks": marks, "sentences": sentences}


def _article_names(store, articles: list[str]) -> dict[str, set[str]]:
    """The names and aliases of the entities each of ``articles`` mentions."""
    names: dict[str, set[str]] = defaultdict(set)
    if not articles:
        return names
    values = " ".join(_iri(a) for a in articles)
    query = f"""
SELECT DISTINCT ?article ?name WHERE {{
  VALUES ?article {{ {values} }}
  ?article schema:mentions ?e .
  ?e rdfs:label|skos:prefLabel|skos:altLabel ?name .
}} LIMIT 50000"""
    for row in store.execute(query):
        names[row["article"].value].add(row["name"].value)
    return names


# -- the overview ------------------------------------------------------------------


#: Overviews made in this process, by store folder and size: a served store is opened
#: read-only and does not change under it, and counting a large one takes seconds.
_OVERVIEWS: dict[tuple[str, int, int], dict] = {}


def _overview_of(store, top: int, latest: int) -> dict:
    key = (str(store.path), top, latest)
    if key not in _OVERVIEWS or not store.read_only:
        _OVERVIEWS[key] = overview(store, top=top, latest=latest)
    return _OVERVIEWS[key]


def overview(store, *, top: int = 15, latest: int = 10) -> dict:
    """What the page shows before anything is opened: ``{"counts"`` (as ``zhitu
    stats``), ``"top"`` (the entities with most relations between entities, each
    with ``degree`` and ``articles``, those that mention it), ``"edges"`` (the
    relations among them), ``"latest"`` (the newest articles)``}``."""
    values = " ".join(_iri(p) for p in _FACTS)
    query = f"""
SELECT ?e (COUNT(*) AS ?degree) WHERE {{
  VALUES ?p {{ {values} }}
  {{ ?e ?p ?x }} UNION {{ ?x ?p ?e }}
  FILTER(isIRI(?x))
}} GROUP BY ?e ORDER BY DESC(?degree) STR(?e) LIMIT {top}"""
    degrees = {row["e"].value: int(row["degree"].value) for row in store.execute(query)}
    ranked = list(degrees)
    nodes = describe_nodes(store, ranked)
    articles = _article_counts(store, ranked)
    leaders = [{**nodes[iri], "degree": degrees[iri], "articles": articles.get(iri, 0)} for iri in ranked if iri in nodes]
    return {"counts": store.stats().to_dict(), "top": leaders,
            "edges": _date_edges(store, _edges_among(store, ranked), nodes), "latest": _latest_articles(store, latest)}


def _article_counts(store, iris: list[str]) -> dict[str, int]:
    if not iris:
        return {}
    values = " ".join(_iri(i) for i in iris)
    query = f"""
SELECT ?e (COUNT(DISTINCT ?a) AS ?n) WHERE {{ VALUES ?e {{ {values} }} ?a schema:mentions ?e }} GROUP BY ?e"""
    return {row["e"].value: int(row["n"].value) for row in store.execute(query)}


def _edges_among(store, iris: list[str], *, limit: int = 500) -> list[dict]:
    """The relations between two of ``iris`` (entity to entity)."""
    if len(iris) < 2:
        return []
    ends = " ".join(_iri(i) for i in iris)
    values = " ".join(_iri(p) for p in _FACTS)
    query = f"""
SELECT DISTINCT ?s ?p ?o WHERE {{
  VALUES ?s {{ {ends} }} VALUES ?o {{ {ends} }} VALUES ?p {{ {values} }}
  ?s ?p ?o .
}} ORDER BY ?s ?p ?o LIMIT {limit}"""
    return _edges(store, [(r["s"].value, r["p"].value, r["o"].value) for r in store.execute(query)])


def _latest_articles(store, limit: int) -> list[dict]:
    query = f"""
SELECT ?a ?date ?headline ?doc WHERE {{
  ?a a schema:NewsArticle ; schema:datePublished ?date .
  OPTIONAL {{ ?a schema:headline ?headline }}
  OPTIONAL {{ ?a schema:isPartOf/zt:source ?doc }}
}} ORDER BY DESC(STR(?date)) STR(?a) LIMIT {limit}"""
    return [{"id": row["a"].value, "date": row["date"].value,
             "label": row["headline"].value if row["headline"] is not None else row["a"].value,
             "document": row["doc"].value if row["doc"] is not None else "", "type": "ARTICLE"}
            for row in store.execute(query)]


# -- shortest paths -------------------------------------------------------------------

#: Most links a path may have.
MAX_HOPS = 6
#: Links read, and nodes expanded, at most per step of a path search (hubs stop it, marked truncated).
_STEP_LINKS = 5000
_STEP_NODES = 2000


def shortest_paths(store, source: str, target: str, *, hops: int = 4, mentions: bool = False,
                   most: int = 3) -> dict:
    """Up to ``most`` shortest paths of at most ``hops`` links between two nodes,
    over the relations between entities (and, with ``mentions``, through the
    articles that mention or credit them; never through the publisher, which
    every article has): ``{"paths": [{"nodes": [iri…], "hops": [{"from", "to",
    "relation", "predicate", "roles", "first", "last", "evidence": [...]}]}], "nodes": {iri: node},
    "truncated": bool}``. ``truncated``: a step met more links than it reads, so
    a shorter path may have been missed. Each hop carries up to three evidence
    sentences (as :func:`evidence`), or the article for an article's link."""
    if not source or not target:
        raise QueryError("a path needs two nodes: from=IRI and to=IRI")
    _iri(source), _iri(target)
    if source == target:
        raise QueryError("a path needs two different nodes")
    known = describe_nodes(store, [source, target])
    for end in (source, target):
        if end not in known:
            raise QueryError(f"no such node in the store: {end[:200]}")
    predicates = [*_FACTS, *([_MENTIONS, *_CREDITS] if mentions else [])]
    # Each side: node → (steps from its end, [(previous node, (s, p, o))…]).
    sides: list[dict[str, tuple[int, list]]] = [{source: (0, [])}, {target: (0, [])}]
    frontiers, truncated, met = [[source], [target]], False, set()
    for _ in range(hops):
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        if not frontiers[side]:
            break
        seen, depth = sides[side], sides[side][frontiers[side][0]][0] + 1
        links, cut = _links(store, frontiers[side][:_STEP_NODES], predicates)
        truncated |= cut or len(frontiers[side]) > _STEP_NODES
        fresh: dict[str, list] = defaultdict(list)
        for here, there, link in links:
            if there not in seen:
                fresh[there].append((here, link))
        for node, parents in fresh.items():
            seen[node] = (depth, sorted(parents))
        frontiers[side] = sorted(fresh)
        met = set(sides[0]) & set(sides[1])
        if met:
            break
    paths = _join(sides, met, most)
    nodes = describe_nodes(store, sorted({n for path in paths for n in path[0]}))
    found = [{"nodes": ends, "hops": _date_edges(store, [_hop(store, link, nodes) for link in links], nodes)}
             for ends, links in paths]
    return {"paths": found, "nodes": nodes, "truncated": truncated}


def _links(store, frontier: list[str], predicates: list[str]) -> tuple[list[tuple[str, str, tuple]], bool]:
    """``(here, there, (s, p, o))`` for each link of a node of ``frontier``; and whether some were left."""
    nodes = " ".join(_iri(n) for n in frontier)
    values = " ".join(_iri(p) for p in predicates)
    query = f"""
SELECT DISTINCT ?a ?s ?p ?o WHERE {{
  VALUES ?a {{ {nodes} }} VALUES ?p {{ {values} }}
  {{ ?a ?p ?o . BIND(?a AS ?s) }} UNION {{ ?s ?p ?a . BIND(?a AS ?o) }}
  FILTER(isIRI(?s) && isIRI(?o))
}} LIMIT {_STEP_LINKS + 1}"""
    rows = [(r["a"].value, r["s"].value, r["p"].value, r["o"].value) for r in store.execute(query)]
    links = [(a, o if s == a else s, (s, p, o)) for a, s, p, o in rows[:_STEP_LINKS]]
    return links, len(rows) > _STEP_LINKS


def _chains(side: dict[str, tuple[int, list]], node: str, most: int) -> list[list[tuple[str, tuple]]]:
    """Up to ``most`` ways from ``node`` back to its side's end: [(node, link to the next)…]."""
    depth, parents = side[node]
    if not parents:
        return [[]]
    found = []
    for previous, link in parents:
        for chain in _chains(side, previous, most - len(found)):
            found.append(chain + [(previous, link)])
            if len(found) >= most:
                return found
    return found


def _join(sides: list[dict], met: set[str], most: int) -> list[tuple[list[str], list[tuple]]]:
    """The shortest paths through the nodes both sides reached: (nodes, links) each."""
    if not met:
        return []
    length = min(sides[0][m][0] + sides[1][m][0] for m in met)
    paths = []
    for middle in sorted(m for m in met if sides[0][m][0] + sides[1][m][0] == length):
        for left in _chains(sides[0], middle, most):
            for right in _chains(sides[1], middle, most):
                if len(paths) == most:
                    return paths
                nodes = [n for n, _ in left] + [middle] + [n for n, _ in reversed(right)]
                links = [link for _, link in left] + [link for _, link in reversed(right)]
                paths.append((nodes, links))
    return paths


def _hop(store, link: tuple[str, str, str], nodes: dict[str, dict]) -> dict:
    s, p, o = link
    relation = _FACTS.get(p) or _CREDITS.get(p) or ("mentions" if p == _MENTIONS else _RELATIONS.get(p, p))
    hop = {"from": s, "to": o, "relation": relation, "predicate": p, "roles": [], "evidence": []}
    if p in _FACTS:
        found = evidence(store, s, p, o, limit=3)["sentences"]
        hop["evidence"] = found
        hop["roles"] = sorted({x["role"] for x in found if x["role"]})
    else:  # an article's link: the article is the evidence
        article = nodes.get(s, {})
        hop["evidence"] = [{"text": "", "spans": [], "article": s, "headline": article.get("label", s),
                            "date": article.get("date", ""), "document": "", "role": ""}]
    return hop


# -- an entity's timeline ----------------------------------------------------------------


def timeline(store, iri: str, *, limit: int = 500) -> dict:
    """What the graph says of a node, by the date of the articles that say it:
    ``{"node", "facts": [{"date", "relation", "role", "from", "to", "sentence",
    "article", "headline", "document"}], "mentions": [{"date", "articles"}],
    "truncated": bool}``, each sorted by date. ``from`` and ``to`` are nodes
    (``{"id", "label", "type"}``); credits (author…) are facts of their article."""
    node = _iri(iri)
    described = describe_nodes(store, [iri])
    if iri not in described:
        raise QueryError(f"no such node in the store: {iri[:200]}")
    values = " ".join(_iri(p) for p in _FACTS)
    query = f"""
SELECT DISTINCT ?s ?p ?o ?date ?article ?headline ?text ?doc ?role WHERE {{
  VALUES ?p {{ {values} }}
  {{ ?st rdf:subject {node} ; rdf:object ?o . BIND({node} AS ?s) }}
  UNION {{ ?st rdf:object {node} ; rdf:subject ?s . BIND({node} AS ?o) }}
  ?st rdf:predicate ?p .
  OPTIONAL {{ ?st zt:article ?article OPTIONAL {{ ?article schema:datePublished ?date }}
             OPTIONAL {{ ?article schema:headline ?headline }} }}
  OPTIONAL {{ ?st prov:wasDerivedFrom ?sent . ?sent zt:text ?text OPTIONAL {{ ?sent zt:document/zt:source ?doc }} }}
  OPTIONAL {{ ?st zt:membership/org:role/skos:prefLabel ?role }}
}} ORDER BY STR(?date) ?doc LIMIT {limit + 1}"""
    rows = list(store.execute(query))
    credits = " ".join(_iri(p) for p in _CREDITS)
    credit_query = f"""
SELECT DISTINCT ?s ?p ?o ?date ?article ?headline WHERE {{
  VALUES ?p {{ {credits} }}
  ?article ?p {node} ; schema:datePublished ?date . BIND(?article AS ?s) BIND({node} AS ?o)
  OPTIONAL {{ ?article schema:headline ?headline }}
}} ORDER BY STR(?date) LIMIT {limit + 1}"""
    rows += list(store.execute(credit_query))
    truncated = len(rows) > limit

    def value(row, key: str) -> str:
        try:
            term = row[key]
        except (KeyError, IndexError):
            return ""
        return "" if term is None else term.value

    ends = describe_nodes(store, sorted({value(r, k) for r in rows for k in ("s", "o")}))
    facts = []
    for row in rows:
        p = value(row, "p")
        facts.append({
            "date": value(row, "date"), "relation": _FACTS.get(p) or _CREDITS.get(p, p), "role": value(row, "role"),
            "from": _brief(ends, value(row, "s")), "to": _brief(ends, value(row, "o")),
            "sentence": value(row, "text"), "article": value(row, "article"), "headline": value(row, "headline"),
            "document": value(row, "doc"),
        })
    facts.sort(key=lambda f: (f["date"] or "9999", f["document"], f["relation"], f["from"]["label"], f["to"]["label"]))
    return {"node": described[iri], "facts": facts[:limit], "mentions": _mentions_by_date(store, node),
            "truncated": truncated}


def _brief(nodes: dict[str, dict], iri: str) -> dict:
    found = nodes.get(iri)
    return {"id": iri, "label": found["label"] if found else iri, "type": found["type"] if found else "OTHER"}


def _mentions_by_date(store, node: str) -> list[dict]:
    query = f"""
SELECT ?date (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a schema:mentions {node} ; schema:datePublished ?date }}
GROUP BY ?date ORDER BY ?date LIMIT 5000"""
    return [{"date": row["date"].value, "articles": int(row["n"].value)} for row in store.execute(query)]


# -- the named queries ------------------------------------------------------------------


def named_query_list() -> list[dict]:
    """The named queries (``queries/*.rq``) with what each takes: ``[{"name",
    "description", "parameters": [{"name", "argument"}], "options": [{"name",
    "flag", "argument"}]}]``; a parameter's or option's ``name`` is the request key."""
    from zhitu.query import named_queries

    return [{"name": q.name, "description": q.description,
             "parameters": [{"name": variable, "argument": argument} for variable, argument in q.parameters],
             "options": [{"name": o.variable, "flag": o.flag, "argument": o.argument} for o in q.options]}
            for q in named_queries().values()]


def run_named(store, name: str, params: Mapping[str, str], *, limit: int = 1000) -> dict:
    """Run the named query ``name`` with its parameters and options from ``params``
    (by variable name): ``{"variables", "rows": [[{"value", "iri"}…]], "truncated"}``."""
    from zhitu.query import named_query

    if not name:
        raise QueryError("which named query? give name=…")
    query = named_query(name)
    for key, value in params.items():
        if len(value) > 200:
            raise QueryError(f"{key} is over 200 characters")
    values = [params.get(variable, "") for variable, _ in query.parameters]
    options = {o.flag: params.get(o.variable) or None for o in query.options}
    result = store.execute(query.text, bindings=query.bind(*values, options=options))
    variables = [v.value for v in result.variables]
    rows = []
    for solution in result:
        if len(rows) == limit:
            return {"variables": variables, "rows": rows, "truncated": True}
        rows.append([{"value": "" if term is None else term.value, "iri": isinstance(term, ox.NamedNode)}
                     for term in solution])
    return {"variables": variables, "rows": rows, "truncated": False}


# -- a place's position (the map panel) ------------------------------------------


def place_position(store, iri: str) -> dict:
    """Where a place is: ``{"code", "lat", "lon"}`` (the gazetteer's, as the graph
    carries them; null when it has none) and ``"provinces"``, each province's
    ``{"name", "lat", "lon"}`` from the gazetteer, which the page plots on a
    plain equirectangular projection (no tiles, no outline files)."""
    from zhitu.ontology.gazetteer import divisions

    node = _iri(iri)
    query = f"""
SELECT ?code ?lat ?lon WHERE {{
  {node} <https://w3id.org/zhitu/ontology#divisionCode> ?code .
  OPTIONAL {{ {node} schema:geo ?g . ?g schema:latitude ?lat ; schema:longitude ?lon }}
}} LIMIT 1"""
    found = {"code": None, "lat": None, "lon": None}
    for row in store.execute(query):
        found["code"] = row["code"].value
        if row["lat"] is not None and row["lon"] is not None:
            found["lat"], found["lon"] = float(row["lat"].value), float(row["lon"].value)
    provinces = [{"name": d.short or d.name, "lat": d.lat, "lon": d.lon}
                 for d in divisions() if d.level == "province" and d.lat is not None and d.lon is not None]
    return {**found, "provinces": provinces}
