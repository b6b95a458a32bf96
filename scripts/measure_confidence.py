"""Measure each rule's precision on gold documents: how ``extractors/confidence.py`` is set.

Reads a TriG/N-Quads graph built from gold documents (``zhitu build DEV --root
DATA --format trig``), and for every ``zt:Assertion`` of a fact relation asks
whether the fact it states matches a gold relation of its document (SCHEMA.md's
matching). Prints, per extractor and confidence value, how many statements
were right out of how many: the precision that value should be.

With ``--build FOLDER`` it builds the folder itself (in this process), with
every constant of ``zhitu.extractors.confidence`` set to a value of its own for
the run, and reports per constant (rule kind) instead: right, of, precision,
and the Laplace-smoothed precision (right + 1) / (of + 2) that the constant is
set to.

    .venv/bin/python scripts/measure_confidence.py out/dev/graph.trig ../shared/data/gold/dev/ [--json FILE]
    .venv/bin/python scripts/measure_confidence.py --build ../shared/data/dev --root ../shared/data \
        --publisher 人民日报 ../shared/data/gold/dev/
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


def build_with_codes(folder: str, root: str | None, publisher: str | None):
    """Build ``folder`` in memory with each confidence constant set to a code of its own:
    the dataset and code → constant name."""
    from zhitu.build import build_dataset
    from zhitu.extractors import confidence

    names = sorted(n for n in dir(confidence) if n.isupper() and isinstance(getattr(confidence, n), float))
    codes = {}
    for i, name in enumerate(names):
        code = round(0.101 + i / 1000, 3)
        codes[code] = name
        setattr(confidence, name, code)
    dataset, _ = build_dataset([folder], root=root, publisher=publisher, jobs=1)
    return dataset, codes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="GRAPH GOLD..., or GOLD... with --build")
    parser.add_argument("--build", metavar="FOLDER", help="build FOLDER here and report per constant")
    parser.add_argument("--root")
    parser.add_argument("--publisher")
    parser.add_argument("--json")
    args = parser.parse_args(argv)
    codes: dict[float, str] = {}
    if args.build:
        dataset, codes = build_with_codes(args.build, args.root, args.publisher)
        args.gold = args.paths
    else:
        dataset = load_graph([args.paths[0]])
        args.gold = args.paths[1:]
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
            key = (codes.get(round(confidence, 3), extractor), confidence if not codes else 0.0)
            counts[key][0] += right
            counts[key][1] += 1
    print(f"{'rule' if codes else 'extractor':<28}{'confidence':>11}{'right':>7}{'of':>6}{'precision':>11}{'smoothed':>10}")
    rows = []
    for (extractor, confidence), (right, total) in sorted(counts.items()):
        smoothed = (right + 1) / (total + 2)
        print(f"{extractor:<28}{confidence:>11.3f}{right:>7}{total:>6}{right / total:>11.3f}{smoothed:>10.3f}")
        rows.append({"rule": extractor, "confidence": confidence, "right": right, "of": total,
                     "smoothed": round(smoothed, 3)})
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(rows, handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
