"""Provenance you can query: from every fact, the shipped query
``queries/provenance.rq`` (also in the README) reaches the sentence, its
offsets, the article, the input document, the extractor, the confidence and
the run, through PROV-O terms; rdflib and Oxigraph give the same answer.

The acceptance check: on the sample, every holdsPosition's sentence names both
the person and the organisation (by name or alias).
"""
from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from zhitu import __version__
from zhitu.graph.namespaces import ORG, ZT
from zhitu.graph.namespaces import PREFIXES
from zhitu.graph.results import QueryResult
from zhitu.query import named_query, run_query

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture(scope="module")
def provenance(sample_dataset: Dataset) -> QueryResult:
    return run_query(sample_dataset, named_query("provenance").text)


def rows_of(result: QueryResult) -> list[dict[str, object]]:
    return [dict(zip(result.variables, row)) for row in result.rows]


def names(graph: Graph, node: URIRef) -> set[str]:
    """An entity's canonical name and its aliases."""
    return {str(n) for p in (RDFS.label, SKOS.prefLabel, SKOS.altLabel) for n in graph.objects(node, p)}


def test_the_readme_shows_the_shipped_query() -> None:
    shipped = named_query("provenance").text
    body = "".join(line for line in shipped.splitlines(keepends=True) if not line.startswith("#"))
    blocks = re.findall(r"```sparql\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    assert body in blocks


def test_every_statement_reaches_its_provenance(sample_dataset: Dataset, provenance: QueryResult,
                                                sample_document) -> None:
    statements = set(sample_dataset.subjects(RDF.type, RDF.Statement))
    rows = rows_of(provenance)
    assert len(statements) > 30
    assert {row["fact"] for row in rows} == statements
    assert len(rows) == len(statements)  # one sentence, one run per statement
    for row in rows:
        assert None not in (row["sentence"], row["start"], row["end"], row["headline"], row["document"],
                            row["extractor"], row["confidence"], row["version"]), row
        assert 0 <= float(row["confidence"]) <= 1
        assert str(row["version"]) == __version__
        assert row["document"].toPython() == sample_document.doc_id


def test_offsets_point_into_the_normalised_text(provenance: QueryResult, sample_document) -> None:
    for row in rows_of(provenance):
        start, end = int(row["start"]), int(row["end"])
        assert sample_document.text[start:end] == str(row["sentence"])


def test_every_membership_has_a_sentence_naming_person_and_organisation(
    sample_dataset: Dataset, provenance: QueryResult
) -> None:
    """Acceptance: each holdsPosition's evidence names both ends (name or alias)."""
    memberships = set(sample_dataset.subjects(RDF.type, ORG.Membership))
    assert len(memberships) >= 10
    reached = set()
    for row in rows_of(provenance):
        if row["predicate"] != ORG.memberOf:
            continue
        fact = row["fact"]
        membership = sample_dataset.value(fact, ZT.membership)
        person = sample_dataset.value(membership, ORG.member)
        organisation = sample_dataset.value(membership, ORG.organization)
        assert sample_dataset.value(fact, RDF.subject) == person
        assert sample_dataset.value(fact, RDF.object) == organisation
        sentence = str(row["sentence"])
        assert any(name in sentence for name in names(sample_dataset, person)), (row["subject"], sentence)
        assert any(name in sentence for name in names(sample_dataset, organisation)), (row["object"], sentence)
        assert row["role"] == sample_dataset.value(sample_dataset.value(membership, ORG.role), SKOS.prefLabel)
        reached.add(membership)
    assert reached == memberships


def test_the_chain_is_prov_o(sample_dataset: Dataset) -> None:
    """Statement → sentence (wasDerivedFrom) and → extraction (wasGeneratedBy),
    which used the sentence's document and was associated with zhitu."""
    for statement in sample_dataset.subjects(RDF.type, RDF.Statement):
        sentence = sample_dataset.value(statement, PROV.wasDerivedFrom)
        activity = sample_dataset.value(statement, PROV.wasGeneratedBy)
        document = sample_dataset.value(sentence, ZT.document)
        assert (activity, RDF.type, PROV.Activity) in sample_dataset
        assert (activity, PROV.used, document) in sample_dataset
        agent = sample_dataset.value(activity, PROV.wasAssociatedWith)
        assert (agent, RDF.type, PROV.SoftwareAgent) in sample_dataset
        assert (statement, RDF.type, ZT.Assertion) in sample_dataset


def test_each_fact_and_its_provenance_live_in_the_document_graph(sample_dataset: Dataset) -> None:
    """Removing a document's named graph removes its facts' provenance with it."""
    for graph in sample_dataset.graphs():
        for statement in graph.subjects(RDF.type, RDF.Statement):
            sentence = graph.value(statement, PROV.wasDerivedFrom)
            assert graph.value(sentence, ZT.text) is not None
            assert graph.value(graph.value(statement, PROV.wasGeneratedBy), PROV.used) is not None


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_oxigraph_answers_the_same(sample_dataset: Dataset, provenance: QueryResult, fmt: str) -> None:
    store = ox.Store()
    data = sample_dataset.serialize(format=fmt, encoding="utf-8")
    store.load(data, ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS)
    declared = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in PREFIXES.items())
    answer = store.query(declared + named_query("provenance").text, use_default_graph_as_union=True)
    oxi = {(s["fact"].value, s["sentence"].value, int(s["start"].value), s["extractor"].value) for s in answer}
    ours = {(str(r["fact"]), str(r["sentence"]), int(r["start"]), str(r["extractor"])) for r in rows_of(provenance)}
    assert oxi == ours
