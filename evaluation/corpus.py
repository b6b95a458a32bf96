"""Score a graph of many documents against many gold files at once.

For: :func:`evaluate_corpus` (graph files + gold files or folders →
:class:`CorpusReport`): each gold file is scored against the named graph of
its ``document`` (a TriG or N-Quads file, as ``zhitu build --format trig``
writes), and the counts are summed over documents into micro scores per type.
Not for: the matching itself (:mod:`zhitu.evaluation.scoring`).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from rdflib import Graph, URIRef

from zhitu.errors import GoldError
from zhitu.evaluation.gold import load_gold
from zhitu.evaluation.misses import Miss, format_misses
from zhitu.evaluation.model import GoldDocument
from zhitu.evaluation.rdf import predicted_from_graph
from zhitu.evaluation.report import BlockScore, Report, TypeScore, block_table, fraction
from zhitu.evaluation.scoring import score
from zhitu.graph.iris import document_iri


def gold_files(paths: Iterable[str | Path]) -> list[Path]:
    """The gold files named by ``paths``: files as given, folders as their ``*.json`` files (sorted)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            inside = sorted(path.rglob("*.json"))
            if not inside:
                raise GoldError(f"{path}: no gold files (*.json) in this folder")
            found.extend(inside)
        else:
            found.append(path)
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class CorpusReport:
    """The scores of each gold document and their sums (micro over all documents)."""

    reports: tuple[Report, ...]
    #: Gold documents for which the graph holds no named graph (scored as all missed).
    no_graph: tuple[str, ...] = ()

    @property
    def entities(self) -> BlockScore:
        return BlockScore.summed(r.entities for r in self.reports)

    @property
    def relations(self) -> BlockScore:
        return BlockScore.summed(r.relations for r in self.reports)

    @property
    def credits(self) -> BlockScore:
        return BlockScore.summed(r.credits for r in self.reports)

    @property
    def blocks(self) -> tuple[BlockScore, ...]:
        return (self.entities, self.relations, self.credits)

    @property
    def misses(self) -> tuple[Miss, ...]:
        return tuple(m for r in self.reports for m in r.misses)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: the summed blocks, the misses, and each document's micro scores."""
        out: dict[str, Any] = {"documents": len(self.reports), "no_graph": list(self.no_graph)}
        for block in self.blocks:
            data = block.to_dict()
            for scores in data["types"].values():
                del scores["false_negatives"], scores["false_positives"]
            out[block.name] = data
        out["misses"] = [m.to_dict() for m in self.misses]
        out["per_document"] = [
            {"gold": r.gold, "document": r.document,
             **{b.name: {k: v for k, v in b.micro.to_dict().items() if not k.startswith("false_")}
                for b in r.blocks}}
            for r in self.reports
        ]
        return out

    def format(self, show_misses: bool = False, per_document: bool = False) -> str:
        """Tables summed over documents; per document one row; the misses grouped by kind."""
        lines = [f"gold: {len(self.reports)} documents"]
        lines.extend(f"  no graph for document {name}: scored as all missed" for name in self.no_graph)
        for block in self.blocks:
            lines.append("")
            lines.extend(block_table(block))
        if per_document:
            lines.append("")
            lines.extend(_per_document_table(self.reports))
        if show_misses:
            lines.extend(format_misses(self.misses))
        return "\n".join(lines) + "\n"


def evaluate_corpus(graph_paths: Sequence[str | Path], gold_paths: Sequence[str | Path]) -> CorpusReport:
    """Score each gold file against its document's named graph in ``graph_paths``.

    A gold file's ``document`` is looked up as a document id (``zhitu build
    --root`` makes ids match the gold's paths), else as the one id that ends
    with ``/`` + that path. With a single gold file and a graph that has no
    graph for its document (a Turtle file, say), the whole graph is scored.
    """
    from zhitu.output import read as load_graph

    golds = [load_gold(path) for path in gold_files(gold_paths)]
    dataset = load_graph(graph_paths)
    graphs = _document_graphs(dataset)
    reports, no_graph = [], []
    for gold in golds:
        graph = _graph_of(gold, graphs, dataset)
        if graph is None and len(golds) == 1:
            graph = dataset
        if graph is None:
            no_graph.append(gold.document or gold.source)
            graph = Graph()
        reports.append(score(gold, predicted_from_graph(graph)))
    return CorpusReport(tuple(reports), tuple(no_graph))


def _document_graphs(dataset) -> dict[str, URIRef]:
    """Document id → the identifier of its named graph."""
    prefix = str(document_iri(""))
    return {
        unquote(str(g.identifier)[len(prefix):]): g.identifier
        for g in dataset.graphs()
        if str(g.identifier).startswith(prefix)
    }


def _graph_of(gold: GoldDocument, graphs: dict[str, URIRef], dataset) -> Graph | None:
    if not gold.document:
        return None
    name = graphs.get(gold.document)
    if name is None:
        ends = [doc for doc in graphs if doc.endswith("/" + gold.document.lstrip("/"))]
        name = graphs[ends[0]] if len(ends) == 1 else None
    if name is None:
        return None
    graph = Graph()
    for triple in dataset.graph(name):
        graph.add(triple)
    return graph


def _per_document_table(reports: Sequence[Report]) -> list[str]:
    width = max([len(r.document or r.gold) for r in reports] + [len("document")])
    header = "document".ljust(width) + "".join(
        f"{name:>14}" for name in ("entities F1", "relations F1", "credits F1")) + f"{'misses':>8}"
    lines = [header, "-" * len(header)]
    for r in reports:
        cells = "".join(f"{_cell(b.micro):>14}" for b in r.blocks)
        lines.append((r.document or r.gold).ljust(width) + cells + f"{len(r.misses):>8}")
    return lines


def _cell(score: TypeScore) -> str:
    return f"{fraction(score.f1)} ({score.matched}/{score.gold})"
