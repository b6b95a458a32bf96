"""Reading back the entity-resolution decisions recorded in a graph
(``zt:Merge``: a written name, the entity it was resolved to, and why; and
people of one name kept apart, ``owl:differentFrom``)."""
from __future__ import annotations

from rdflib import Graph

from zhitu.graph.namespaces import PREFIXES

MERGES_QUERY = """
SELECT DISTINCT ?type ?name ?canonical ?reason WHERE {
  ?m a zt:Merge ; zt:mergedName ?name ; zt:mergedInto ?e ; zt:mergeReason ?reason .
  ?e rdfs:label ?canonical ; a ?class .
  FILTER(STRSTARTS(STR(?class), STR(zt:)))
  BIND(STRAFTER(STR(?class), STR(zt:)) AS ?type)
}
ORDER BY ?type ?canonical ?name
"""


NAMESAKES_QUERY = """
SELECT DISTINCT ?name ?person WHERE {
  { ?person owl:differentFrom ?other } UNION { ?other owl:differentFrom ?person }
  ?person a zt:Person ; skos:prefLabel ?name .
}
ORDER BY ?name ?person
"""


def namesakes(graph: Graph) -> dict[str, list[str]]:
    """Names held by more than one person node, with those nodes' IRIs."""
    found: dict[str, list[str]] = {}
    for name, person in graph.query(NAMESAKES_QUERY, initNs=PREFIXES):
        found.setdefault(str(name), []).append(str(person))
    return found


def merges(graph: Graph) -> list[tuple[str, str, str, str]]:
    """(type, written name, canonical name, reason) for every merge in ``graph``."""
    rows = graph.query(MERGES_QUERY, initNs=PREFIXES)
    return [(str(t), str(n), str(c), str(r)) for t, n, c, r in rows]


def explain_merges(graph: Graph) -> str:
    """One line per merge: ``江苏 → 江苏省 [Place] gazetteer: …``."""
    lines = [f"{name} → {canonical} [{kind}] {reason}" for kind, name, canonical, reason in merges(graph)]
    for name, people in namesakes(graph).items():
        lines.append(f"{name} ≠ {name} [Person] {len(people)} people of this name kept apart: their posts are in "
                     f"different organisations ({'; '.join(p.rsplit('/', 1)[-1] for p in people)})")
    return "".join(line + "\n" for line in lines) or "no merges\n"
