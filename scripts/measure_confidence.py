"""Measure each rule's precision on gold documents: how ``extractors/confidence.py`` is set.

Reads a TriG/N-Quads graph built from gold documents (``zhitu build DEV --root
DATA --format trig``), and for every ``zt:Assertion`` of a fact relation asks
whether the fact it states matches a gold relation of its document (SCHEMA.md's
matching). Prints, per extractor and confidence value, how many statements
were right out of how many: the precision that value should be.

    .venv/bin/python scripts/measure_confidence.py out/dev/graph.trig ../shared/data/gold/dev/ [--json FILE]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict

from rdflib import Graph

from zhitu.evaluation.corpus import _document_graphs, _graph_of, gold_files
from zhitu.evaluation.gold import load_gold
from zhitu.evaluation.model import Relation
from zhitu.evaluation.rdf import _LABELS, _Labels, _role_name, _select
from zhitu.evaluation.scoring import relations_match
from zhitu.ontology.vocabulary import RELATIONS
from zhitu.output import read as load_graph

_STATEMENTS = """
SELECT ?st ?s ?p ?o ?confidence ?extractor ?role WHERE {
  ?st a zt:Assertion ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
      zt:confidence ?confidence ; zt:extractor ?extractor .
  OPTIONAL { ?st zt:membership/org:role ?role }
}"""


def statements(graph: Graph) -> list[tuple[str, float, Relation]]:
    """(extractor, confidence, the fact) of every assertion of a fact relation in ``graph``."""
    names = {r.predicate: r.name for r in RELATIONS if r.fact}
    labels = _Labels(_select(graph, _LABELS))
    out = []
    for _, s, p, o, confidence, extractor, role in _select(graph, _STATEMENTS):
        relation = names.get(str(p))
        if relation is None:
            continue
        role_name = _role_name(role, labels) if relation == "holdsPosition" else None
        out.append((str(extractor), float(confidence), Relation(relation, labels.ref(s), labels.ref(o), role_name)))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("graph")
    parser.add_argument("gold", nargs="+")
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    dataset = load_graph([args.graph])
    graphs = _document_graphs(dataset)
    counts: dict[tuple[str, float], list[int]] = defaultdict(lambda: [0, 0])
    for path in gold_files(args.gold):
        gold = load_gold(path)
        graph = _graph_of(gold, graphs, dataset)
        if graph is None:
            print(f"no graph for {gold.document}", file=sys.stderr)
            continue
        for extractor, confidence, fact in statements(graph):
            right = any(relations_match(g, fact) for g in gold.relations)
            counts[(extractor, confidence)][0] += right
            counts[(extractor, confidence)][1] += 1
    print(f"{'extractor':<28}{'confidence':>11}{'right':>7}{'of':>6}{'precision':>11}")
    rows = []
    for (extractor, confidence), (right, total) in sorted(counts.items()):
        print(f"{extractor:<28}{confidence:>11.3f}{right:>7}{total:>6}{right / total:>11.3f}")
        rows.append({"extractor": extractor, "confidence": confidence, "right": right, "of": total})
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(rows, handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
