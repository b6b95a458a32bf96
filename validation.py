"""SHACL validation of zhitu graphs against ``ontology/shapes.ttl`` (pyshacl).

For: checking that a graph zhitu built (or one edited by hand) has the shape
SCHEMA.md and the ontology promise, and reporting each violation readably: the
focus node by its label, the property path, what the shape wants, the value.
The named graphs of a dataset are merged first, as users query them.

Not for: building or repairing graphs (``zhitu.graph``), or reasoning. No
inference is run; the ontology is mixed into the data so that ``sh:class``
follows ``rdfs:subClassOf`` (a ``zt:Assertion`` is an ``rdf:Statement``).
"""
from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH, SKOS
from rdflib.term import Node

from zhitu.errors import ShapesError
from zhitu.graph.namespaces import ID_IRI, ORG, SCHEMA, ZT
from zhitu.graph.results import RESULT_PREFIXES as PREFIXES
from zhitu.output.answers import compact_iri

__all__ = ["Violation", "ValidationReport", "validate", "validate_files", "merged_graph"]

#: Prefixes used to shorten IRIs in reports (``zid:`` for zhitu's own nodes).
REPORT_PREFIXES: Mapping[str, str] = {**PREFIXES, "sh": str(SH)}

_LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, SCHEMA.headline, ZT.source, SCHEMA.name)
_SNIPPET = 24


@dataclass(frozen=True)
class Violation:
    """One SHACL result: which node broke which constraint of which shape."""

    focus: Node
    focus_label: str
    """The focus node as a reader knows it: its label, headline or text, or its IRI."""
    path: str
    """The property path, compacted (``org:role``); '' for a node-level constraint."""
    message: str
    value: Node | None
    value_label: str
    shape: str
    """The node shape's ``rdfs:label`` (``membership``, ``sentence``…)."""
    constraint: str
    """The constraint component, compacted (``sh:MaxCountConstraintComponent``)."""
    severity: str = "Violation"

    def line(self) -> str:
        """The focus node as the report lists it: label, short IRI, offending value."""
        text = f"{self.focus_label}  {_compact(self.focus)}"
        if self.value is not None:
            text += f"  value: {self.value_label}"
        return text

    @property
    def kind(self) -> tuple[str, str, str]:
        """What groups violations: the same shape, path and message."""
        return (self.shape, self.path, self.message)


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of :func:`validate`."""

    conforms: bool
    triples: int
    """Triples checked (the merged data graph, the ontology not counted)."""
    shapes: int
    """Node shapes in the shapes graph."""
    violations: tuple[Violation, ...] = ()
    """Distinct violations: one per focus node, constraint message and value."""
    seconds: float = 0.0
    sources: tuple[str, ...] = field(default=())

    def groups(self) -> list[tuple[tuple[str, str, str], list[Violation]]]:
        """Violations grouped by :attr:`Violation.kind`, largest group first."""
        grouped: dict[tuple[str, str, str], list[Violation]] = {}
        for violation in self.violations:
            grouped.setdefault(violation.kind, []).append(violation)
        return sorted(grouped.items(), key=lambda item: (-len(item[1]), item[0]))

    def format(self, *, examples: int = 5) -> str:
        """A readable report: a summary line, then each kind of violation with its
        count and up to ``examples`` focus nodes (label, IRI, offending value)."""
        where = ", ".join(self.sources) or "graph"
        if self.conforms:
            return (f"{where}: conforms ({self.triples} triples, {self.shapes} shapes, "
                    f"{self.seconds:.1f} s)\n")
        groups = self.groups()
        count = len(self.violations)
        lines = [
            f"{where}: does not conform: {count} violation{'s' if count != 1 else ''} "
            f"of {len(groups)} kind{'s' if len(groups) != 1 else ''} "
            f"({self.triples} triples, {self.shapes} shapes, {self.seconds:.1f} s)"
        ]
        for (shape, path, message), members in groups:
            target = f"{shape} › {path}" if path else shape
            lines.append("")
            lines.append(f"[{len(members)}] {target}: {message}")
            lines.extend(f"    {violation.line()}" for violation in members[:examples])
            if len(members) > examples:
                lines.append(f"    … and {len(members) - examples} more")
        return "\n".join(lines) + "\n"


def merged_graph(graph: Graph) -> Graph:
    """A plain Graph holding every triple of ``graph``: for a Dataset, of all its
    named graphs (whether or not its default graph is their union)."""
    merged = Graph(bind_namespaces="none")
    if graph.context_aware:
        merged.addN((s, p, o, merged) for s, p, o, _ in graph.quads((None, None, None, None)))
    else:
        merged.addN((s, p, o, merged) for s, p, o in graph.triples((None, None, None)))
    return merged


def validate(
    graph: Graph,
    *,
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    sources: Sequence[str] = (),
) -> ValidationReport:
    """Validate ``graph`` (a Graph or Dataset; named graphs are merged) against
    zhitu's SHACL shapes, or ``shapes`` when given.

    ``ontology`` (default: ``zhitu.ttl``) is mixed into a copy of the data, never
    into ``graph`` itself. Conforms only when there is no result of any severity.
    """
    import pyshacl

    from zhitu.ontology import ontology_graph, shapes_graph

    started = time.perf_counter()
    shapes = shapes if shapes is not None else shapes_graph()
    ontology = ontology if ontology is not None else ontology_graph()
    data = merged_graph(graph)
    triples = len(data)
    conforms, results, _text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        advanced=True,  # SHACL-AF SPARQL targets (see shapes.ttl)
        inplace=True,  # ``data`` is our own copy
        allow_warnings=False,
        allow_infos=False,
    )
    if not isinstance(results, Graph):  # pyshacl reports a shapes graph it cannot run this way
        raise ShapesError(" ".join(str(results).split()))
    violations = _violations(results, data, shapes)
    return ValidationReport(
        conforms=bool(conforms),
        triples=triples,
        shapes=len(set(shapes.subjects(RDF.type, SH.NodeShape))),
        violations=tuple(violations),
        seconds=time.perf_counter() - started,
        sources=tuple(sources),
    )


def validate_files(paths: Sequence[str | Path], **options) -> ValidationReport:
    """Parse RDF files with :func:`zhitu.output.read` and :func:`validate` them."""
    from zhitu.output import read as load_graph

    return validate(load_graph(paths), sources=tuple(str(p) for p in paths), **options)


# -- reading pyshacl's results graph -------------------------------------------


def _violations(results: Graph, data: Graph, shapes: Graph) -> list[Violation]:
    violations = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        source_shape = results.value(result, SH.sourceShape)
        messages = [m for m in results.objects(result, SH.resultMessage) if isinstance(m, Literal)]
        message = _pick_message(messages)
        severity = results.value(result, SH.resultSeverity)
        constraint = results.value(result, SH.sourceConstraintComponent)
        violations.append(Violation(
            focus=focus,
            focus_label=_describe(data, focus),
            path=_path_text(results if (path, None, None) in results else shapes, path),
            message=message,
            value=value,
            value_label=_describe(data, value, literal_form=True) if value is not None else "",
            shape=_shape_name(shapes, source_shape),
            constraint=_compact(constraint) if constraint is not None else "",
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
        ))
    # Several components of one constraint (datatype, languageIn…) can fail on the
    # same value with the same message: the reader needs it once.
    unique = {(v.kind, v.focus, v.value): v for v in violations}
    return sorted(unique.values(), key=lambda v: (v.shape, v.path, v.message, str(v.focus), str(v.value)))


def _pick_message(messages: list[Literal]) -> str:
    """The shape's own English message when it has one, else pyshacl's."""
    for message in messages:
        if message.language == "en":
            return str(message)
    return " ".join(str(messages[0]).split()) if messages else "constraint not met"


def _shape_name(shapes: Graph, shape: Node | None) -> str:
    """The node shape's label; a property shape is named by the node shape holding it."""
    if shape is None:
        return "shape"
    owner = shapes.value(predicate=SH.property, object=shape) if isinstance(shape, BNode) else None
    for node in (shape, owner):
        if node is not None:
            label = shapes.value(node, RDFS.label)
            if label is not None:
                return str(label)
    return _compact(shape) if isinstance(shape, URIRef) else "shape"


def _path_text(graph: Graph, path: Node | None) -> str:
    """A SHACL property path in SPARQL syntax: ``org:role``, ``^zt:membership``,
    ``zt:article/schema:isPartOf``."""
    if path is None:
        return ""
    if isinstance(path, URIRef):
        return _compact(path)
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{_path_text(graph, inverse)}"
    if graph.value(path, RDF.first) is not None:
        return "/".join(_path_text(graph, step) for step in Collection(graph, path))
    return "(path)"


def _describe(graph: Graph, node: Node | None, *, literal_form: bool = False) -> str:
    """How a reader knows ``node``: a label, a headline, a text snippet; for a
    membership or statement, its parts; a literal with its language or datatype."""
    if node is None:
        return ""
    if isinstance(node, Literal):
        return _literal(node) if literal_form else str(node)
    if isinstance(node, URIRef) and not node.startswith(ID_IRI):
        return _compact(node)  # a vocabulary term: its name says more than its label
    label = _label(graph, node)
    if label:
        return label
    member, org = graph.value(node, ORG.member), graph.value(node, ORG.organization)
    if member is not None or org is not None:
        roles = "/".join(sorted(str(graph.value(r, SKOS.prefLabel) or "?") for r in graph.objects(node, ORG.role)))
        return " · ".join(part for part in (_label(graph, member) or "?", roles, _label(graph, org) or "?") if part)
    subject = graph.value(node, RDF.subject)
    if subject is not None:
        predicate = graph.value(node, RDF.predicate)
        return " ".join((_short(graph, subject), _compact(predicate) if predicate is not None else "?",
                         _short(graph, graph.value(node, RDF.object))))
    text = graph.value(node, ZT.text)
    if text is not None:
        return _snippet(str(text))
    return _compact(node) if isinstance(node, URIRef) else f"_:{node}"


def _label(graph: Graph, node: Node | None) -> str:
    if node is None or isinstance(node, Literal):
        return "" if node is None else str(node)
    for prop in _LABEL_PROPERTIES:
        value = graph.value(node, prop)
        if value is not None:
            return _snippet(str(value))
    return ""


def _short(graph: Graph, node: Node | None) -> str:
    if node is None:
        return "?"
    if isinstance(node, Literal):
        return _literal(node)
    return _label(graph, node) or _compact(node)


def _snippet(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _SNIPPET else text[: _SNIPPET - 1] + "…"


def _literal(node: Literal) -> str:
    text = f'"{_snippet(str(node))}"'
    if node.language:
        return f"{text}@{node.language}"
    if node.datatype:
        return f"{text}^^{_compact(node.datatype)}"
    return text


def _compact(node: Node) -> str:
    if not isinstance(node, URIRef):
        return str(node)
    if node.startswith(ID_IRI):  # zhitu's own nodes: paths are readable as they are
        return f"zid:{node[len(ID_IRI):]}"
    return compact_iri(str(node), REPORT_PREFIXES)
