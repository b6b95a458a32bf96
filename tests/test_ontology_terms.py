"""The ontology defines every ``zt:`` term zhitu writes, in Chinese and English,
maps it onto the shared vocabularies, carries the package version, and
``zhitu ontology`` prints it in every format it offers (read back by rdflib and
by Oxigraph).
"""
from __future__ import annotations

from importlib.metadata import version

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

from zhitu.cli import main
from zhitu.graph.namespaces import ZT
from zhitu.ontology import NAMESPACE, ONTOLOGY_FORMATS, ONTOLOGY_IRI, ONTOLOGY_PATH, ontology_graph

ORG = "http://www.w3.org/ns/org#"
SCHEMA = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
FOAF = "http://xmlns.com/foaf/0.1/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
TERM_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return ontology_graph()


def defined_terms(ontology: Graph) -> set[URIRef]:
    return {s for kind in TERM_KINDS for s in ontology.subjects(RDF.type, kind) if str(s).startswith(NAMESPACE)}


def zt_iris_in(graph: Graph) -> set[URIRef]:
    """Every zt: IRI in any position, datatypes of literals included."""
    found = set()
    for triple in graph.triples((None, None, None)):
        for term in triple:
            if isinstance(term, Literal) and term.datatype is not None:
                term = term.datatype
            if isinstance(term, URIRef) and str(term).startswith(NAMESPACE):
                found.add(term)
    return found


def test_every_term_of_the_closed_namespace_is_defined(ontology: Graph) -> None:
    written = {URIRef(NAMESPACE + name) for name in ZT.__annotations__}
    assert written, "ZT lists no terms"
    assert written - defined_terms(ontology) == set()


def test_every_zt_iri_in_the_sample_graph_is_defined(ontology: Graph, sample_dataset) -> None:
    used = zt_iris_in(sample_dataset)
    assert {ZT.Person, ZT.Assertion, ZT.locatedIn, ZT.text} <= used  # the graph really was read
    assert used - defined_terms(ontology) == set()


def test_every_zt_iri_in_the_built_files_is_defined(ontology: Graph, sample_out) -> None:
    graph = Graph().parse(sample_out / "graph.ttl", format="turtle")
    used = zt_iris_in(graph)
    assert used
    assert used - defined_terms(ontology) == set()


def test_every_term_has_labels_and_definitions_in_chinese_and_english(ontology: Graph) -> None:
    for term in sorted(defined_terms(ontology)):
        for prop in (RDFS.label, RDFS.comment):
            languages = [value.language for value in ontology.objects(term, prop)]
            assert sorted(languages) == ["en", "zh"], (term, prop, languages)
        assert ontology.value(term, RDFS.isDefinedBy) == URIRef(ONTOLOGY_IRI), term


def test_version_moves_with_the_package(ontology: Graph) -> None:
    package = version("zhitu")
    header = URIRef(ONTOLOGY_IRI)
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionInfo) == Literal(package)
    assert ontology.value(header, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{package}")


@pytest.mark.parametrize(("term", "relation", "target"), [
    ("Person", RDFS.subClassOf, SCHEMA + "Person"),
    ("Person", RDFS.subClassOf, FOAF + "Person"),
    ("Organization", RDFS.subClassOf, ORG + "Organization"),
    ("Organization", RDFS.subClassOf, SCHEMA + "Organization"),
    ("Organization", RDFS.subClassOf, FOAF + "Organization"),
    ("Place", RDFS.subClassOf, SCHEMA + "Place"),
    ("Event", RDFS.subClassOf, SCHEMA + "Event"),
    ("Programme", RDFS.subClassOf, PROV + "Plan"),
    ("Document", RDFS.subClassOf, PROV + "Entity"),
    ("Document", RDFS.subClassOf, FOAF + "Document"),
    ("Sentence", RDFS.subClassOf, PROV + "Entity"),
    ("Assertion", RDFS.subClassOf, str(RDF.Statement)),
    ("Assertion", RDFS.subClassOf, PROV + "Entity"),
    ("locatedIn", RDFS.subPropertyOf, SCHEMA + "location"),
    ("organizes", OWL.inverseOf, SCHEMA + "organizer"),
    ("photographer", RDFS.subPropertyOf, SCHEMA + "contributor"),
    ("datelinePlace", RDFS.subPropertyOf, SCHEMA + "locationCreated"),
    ("text", RDFS.subPropertyOf, PROV + "value"),
    ("article", RDFS.subPropertyOf, PROV + "wasQuotedFrom"),
    ("document", RDFS.subPropertyOf, PROV + "hadPrimarySource"),
])
def test_terms_map_onto_shared_vocabularies(ontology: Graph, term: str, relation: URIRef, target: str) -> None:
    assert (URIRef(NAMESPACE + term), relation, URIRef(target)) in ontology


def test_terms_of_other_vocabularies_in_axioms_are_declared(ontology: Graph) -> None:
    """Every class or property the axioms point at is declared, as OWL 2 DL asks."""
    declared = {s for kind in TERM_KINDS for s in ontology.subjects(RDF.type, kind)}
    builtins = (str(RDF), str(RDFS), str(OWL), "http://www.w3.org/2001/XMLSchema#")
    pointed = {
        o for p in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.inverseOf, RDFS.range)
        for o in ontology.objects(None, p)
        if isinstance(o, URIRef) and not str(o).startswith(builtins)
    }
    assert pointed - declared == set()


def test_datatype_ranges_match_what_the_graph_writes(ontology: Graph, sample_dataset) -> None:
    """A literal zhitu writes has the datatype its property's rdfs:range names."""
    checked = 0
    for prop in (ZT.start, ZT.end, ZT.confidence, ZT.text, ZT.extractor, ZT.source):
        expected = ontology.value(prop, RDFS.range)
        for value in sample_dataset.objects(None, prop):
            datatype = RDF.langString if value.language else (value.datatype or URIRef(
                "http://www.w3.org/2001/XMLSchema#string"))
            assert datatype == expected, (prop, value)
            checked += 1
    assert checked > 100


# ---------------------------------------------------------------- the command


@pytest.mark.parametrize("fmt", sorted(ONTOLOGY_FORMATS))
def test_ontology_command_prints_every_format(ontology: Graph, fmt: str) -> None:
    result = CliRunner().invoke(main, ["ontology", "--format", fmt])
    assert result.exit_code == 0, result.output
    rdflib_format = ONTOLOGY_FORMATS[fmt]
    assert isomorphic(Graph().parse(data=result.output, format=rdflib_format), ontology)
    oxigraph_format = {"turtle": ox.RdfFormat.TURTLE, "xml": ox.RdfFormat.RDF_XML,
                       "json-ld": ox.RdfFormat.JSON_LD, "nt": ox.RdfFormat.N_TRIPLES}[rdflib_format]
    quads = list(ox.parse(result.output.encode("utf-8"), oxigraph_format))
    assert len(quads) == len(ontology)


def test_ontology_command_defaults_to_the_turtle_file() -> None:
    result = CliRunner().invoke(main, ["ontology"])
    assert result.exit_code == 0
    assert result.output == ONTOLOGY_PATH.read_text(encoding="utf-8")
    assert "ns1:" not in result.output


def test_ontology_command_prints_the_shapes() -> None:
    result = CliRunner().invoke(main, ["ontology", "--shapes", "--format", "nt"])
    assert result.exit_code == 0, result.output
    assert "<http://www.w3.org/ns/shacl#NodeShape>" in result.output


def test_ontology_command_names_the_formats_on_a_typo() -> None:
    result = CliRunner().invoke(main, ["ontology", "--format", "tutle"])
    assert result.exit_code == 2
    assert "unknown ontology format 'tutle'; choose from: json-ld," in result.output
    assert "Traceback" not in result.output
