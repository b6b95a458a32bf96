"""The explorer's JSON API: find entities, load a node's neighbourhood, read
the evidence of an edge. Each call is a few bounded SPARQL queries against the
store, so the browser only ever holds the part of the graph it has opened.

For: ``/api/search``, ``/api/neighbours``, ``/api/evidence`` and ``/api/types``
(:func:`call`, run in a query process by ``zhitu.serve.workers``; the shapes of
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

__all__ = ["call", "search", "neighbours", "evidence", "ENTITY_TYPES"]

_SCHEMA = "https://schema.org/"
_ARTICLE = _SCHEMA + "NewsArticle"
#: Type labels the search can filter by (ARTICLE: a news article).
ENTITY_TYPES: dict[str, str] = {**{label: iri for iri, label in LABEL_OF.items()}, "ARTICLE": _ARTICLE}
_RELATIONS: dict[str, str] = {**RELATION_OF, _SCHEMA + "publisher": "publisher"}
_MENTIONS = _SCHEMA + "mentions"
_MEMBER_OF = "http://www.w3.org/ns/org#memberOf"


def call(store, path: str, params: Mapping[str, str]):
    """The answer (JSON-ready) to ``GET path?params`` of the API, or None when
    ``path`` names no call."""
    def arg(name: str) -> str:
        return params.get(name, "")

    if path == "/api/search":
        return search(store, arg("q"), entity_type=arg("type") or None)
    if path == "/api/neighbours":
        return neighbours(store, arg("iri"), mentions=arg("mentions") in ("1", "true"))
    if path == "/api/evidence":
        return evidence(store, arg("s"), arg("p"), arg("o"), role=arg("role"))
    if path == "/api/types":
        return sorted(ENTITY_TYPES)
    if path == "/api/place":
        return place_position(store, arg("iri"))
    return None


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
    """``{iri: {"id", "label", "type", "aliases"}}`` for the entities and articles among ``iris``."""
    if not iris:
        return {}
    values = " ".join(_iri(i) for i in iris)
    query = f"""
SELECT ?e ?t ?label ?alias WHERE {{
  VALUES ?e {{ {values} }}
  ?e a ?t .
  OPTIONAL {{ ?e skos:prefLabel|rdfs:label|schema:headline ?label }}
  OPTIONAL {{ ?e skos:altLabel ?alias }}
}}"""
    types: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    aliases: dict[str, set[str]] = defaultdict(set)
    for row in store.execute(query):
        iri = row["e"].value
        types[iri].add(row["t"].value)
        if row["label"] is not None:
            labels.setdefault(iri, row["label"].value)
        if row["alias"] is not None:
            aliases[iri].add(row["alias"].value)
    return {
        iri: {"id": iri, "label": labels.get(iri, iri), "type": _type_of(kinds),
              "aliases": sorted(aliases[iri] - {labels.get(iri)})}
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
    roles: dict[tuple[str, str], list[str]] = defaultdict(list)
    if any(p == _MEMBER_OF for _, p, _ in triples):
        role_query = f"""
SELECT DISTINCT ?s ?o ?role WHERE {{
  ?m org:member ?s ; org:organization ?o ; org:role/skos:prefLabel ?role .
  FILTER(?s = {node} || ?o = {node})
}}"""
        for r in store.execute(role_query):
            roles[(r["s"].value, r["o"].value)].append(r["role"].value)
    edges = []
    for s, p, o in triples:
        relation = "mentions" if p == _MENTIONS else _RELATIONS[p]
        for role in sorted(roles.get((s, o), [])) if p == _MEMBER_OF else [""]:
            edges.append({"id": f"{s} {p} {o} {role}", "from": s, "to": o, "relation": relation,
                          "predicate": p, "role": role})
    ends = {iri} | {e["from"] for e in edges} | {e["to"] for e in edges}
    nodes = describe_nodes(store, sorted(ends))
    edges = [e for e in edges if e["from"] in nodes and e["to"] in nodes]
    return {"nodes": list(nodes.values()), "edges": edges, "truncated": truncated}


def evidence(store, subject: str, predicate: str, obj: str, *, role: str = "") -> dict:
    """The sentences an edge was read from: ``{"marks": [names to highlight],
    "sentences": [{"text", "start", "end", "article", "headline", "url",
    "document", "extractor", "confidence", "role"}]}``."""
    s, p, o = _iri(subject), _iri(predicate), _iri(obj)
    query = f"""
SELECT ?text ?start ?end ?article ?headline ?url ?doc ?extractor ?confidence ?role WHERE {{
  ?fact rdf:subject {s} ; rdf:predicate {p} ; rdf:object {o} ; prov:wasDerivedFrom ?sent .
  ?sent zt:text ?text .
  OPTIONAL {{ ?sent zt:start ?start ; zt:end ?end }}
  OPTIONAL {{ ?sent zt:article ?article
             OPTIONAL {{ ?article schema:headline ?headline }} OPTIONAL {{ ?article schema:url ?url }} }}
  OPTIONAL {{ ?sent zt:document/zt:source ?doc }}
  OPTIONAL {{ ?fact zt:extractor ?extractor }}
  OPTIONAL {{ ?fact zt:confidence ?confidence }}
  OPTIONAL {{ ?fact zt:membership/org:role/skos:prefLabel ?role }}
}} ORDER BY ?doc ?start LIMIT 100"""

    def value(term) -> str:
        return "" if term is None else term.value

    sentences = []
    for row in store.execute(query):
        if role and value(row["role"]) and value(row["role"]) != role:
            continue
        sentence = {key: value(row[key]) for key in ("text", "article", "headline", "url", "extractor", "role")}
        sentence["document"] = value(row["doc"])
        for key in ("start", "end"):
            sentence[key] = int(row[key].value) if row[key] is not None else None
        sentence["confidence"] = float(row["confidence"].value) if row["confidence"] is not None else None
        if sentence not in sentences:
            sentences.append(sentence)
    ends = describe_nodes(store, [subject, obj])
    marks = sorted({name for n in ends.values() for name in [n["label"], *n["aliases"]] if name},
                   key=lambda name: (-len(name), name))
    return {"marks": marks, "sentences": sentences}


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
