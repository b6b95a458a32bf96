"""Reading back the entity-resolution decisions recorded in a graph
(``zt:Merge``: a written name, the entity it was resolved to, and why; and
people of one name kept apart, ``owl:differentFrom``).

A user lexicon's decisions (``zhitu build --lexicon``) are merges too, their
reason starting with :data:`LEXICON_REASON`: a name it found (merged into
itself: its provenance), a forced merge (A is B), a split (A is not B).
:func:`explain_merges` lists them apart from the automatic ones."""
from __future__ import annotations

from rdflib import Graph

from zhitu.graph.namespaces import PREFIXES

#: How the reason of every user-lexicon decision starts (``zhitu_user_lexicon`` writes it).
LEXICON_REASON = "user lexicon"

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


def is_lexicon_decision(reason: str) -> bool:
    """Whether a merge's reason is a user lexicon's decision, not an automatic one."""
    return reason.startswith(LEXICON_REASON)


def explain_merges(graph: Graph) -> str:
    """One line per merge: ``江苏 → 江苏省 [Place] gazetteer: …``; then, under a
    heading, the user lexicon's decisions (``澄港 → 澄溪港务集团 [Organization]
    user lexicon (lexicon.toml): 澄港 is 澄溪港务集团``; a name it found or kept
    apart, ``澄溪港务集团 [Organization] user lexicon (…): a name of type ORG``)."""
    found = merges(graph)
    lines = [f"{name} → {canonical} [{kind}] {reason}" for kind, name, canonical, reason in found
             if not is_lexicon_decision(reason)]
    decided = [f"{name}{'' if name == canonical else ' → ' + canonical} [{kind}] {reason}"
               for kind, name, canonical, reason in found if is_lexicon_decision(reason)]
    for name, people in namesakes(graph).items():
        lines.append(f"{name} ≠ {name} [Person] {len(people)} people of this name kept apart: their posts are in "
                     f"different organisations ({'; '.join(p.rsplit('/', 1)[-1] for p in people)})")
    if decided:
        lines += [f"{len(decided)} user lexicon decision(s):", *decided]
    return "".join(line + "\n" for line in lines) or "no merges\n"
