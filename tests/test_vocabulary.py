"""The vocabulary is written once (``zhitu.ontology.vocabulary``): every table of
entity or relation types that extraction, graph assembly, the writers and the
evaluation use is what the vocabulary gives, and every class and predicate it
names is defined (``ontology/zhitu.ttl`` or the standard vocabularies).

These tests add nothing to the vocabulary; they fail when a table is spelt out
again and drifts. (The explorer's table is the server's, tested with it.)
"""
from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import ORG

from zhitu.ontology import vocabulary
from zhitu.ontology.vocabulary import ENTITY_TYPES, FACT_RELATIONS, NODE_TYPES, RELATIONS

ZT = "https://w3id.org/zhitu/ontology#"
SCHEMA = "https://schema.org/"


@cache
def _ontology() -> Graph:
    return Graph().parse(files("zhitu.ontology") / "zhitu.ttl", format="turtle")


# -- what each stage derives --------------------------------------------------------


def test_graph_classes_and_predicates():
    from zhitu.graph.namespaces import CLASS_OF, LABEL_OF, PREDICATE

    assert CLASS_OF == {t.label: URIRef(t.cls) for t in ENTITY_TYPES}
    assert LABEL_OF == {t.cls: t.label for t in ENTITY_TYPES}
    assert PREDICATE == {r.name: URIRef(r.predicate) for r in RELATIONS}


def test_graph_assembly_writes_the_vocabulary_predicates():
    from zhitu.graph import rdf

    assert rdf.PREDICATE == {r.name: URIRef(r.predicate) for r in RELATIONS}


def test_networkx_view_names_edges_as_the_vocabulary():
    from zhitu.graph.nx import RELATION_OF

    pairs = {(r.predicate, r.name) for r in RELATIONS}
    assert set(RELATION_OF.items()) <= pairs
    # Every relation a statement links between two nodes is named: all but the
    # date-valued founded and the statement-less publisher and mentions.
    assert set(RELATION_OF.values()) == {r.name for r in RELATIONS} - {"founded", "publisher", "mentions"}


def test_extraction_labels_and_relations():
    from zhitu.extractors.facts import ENTITY_LABELS, RELATION_TYPES

    assert tuple(ENTITY_LABELS) == vocabulary.ENTITY_LABELS
    assert tuple(RELATION_TYPES) == FACT_RELATIONS


def test_html_styles_and_edge_names():
    from zhitu.output.html import RELATION_NAMES, TYPE_STYLES

    assert TYPE_STYLES == {t.label: t for t in NODE_TYPES}
    assert RELATION_NAMES == {r.name: r.zh for r in RELATIONS}


def test_graph_database_labels_are_class_names():
    from zhitu.output.view import TYPE_NAMES

    assert TYPE_NAMES == {t.label: re.split(r"[/#]", t.cls)[-1] for t in NODE_TYPES}


def test_evaluation_scores_the_vocabulary():
    from zhitu.evaluation import model
    from zhitu.evaluation.rdf import ENTITY_CLASSES

    assert tuple(model.ENTITY_TYPES) == vocabulary.ENTITY_LABELS
    assert tuple(model.RELATION_TYPES) == FACT_RELATIONS
    assert set(model.CREDIT_TYPES) == {r.name for r in RELATIONS if not r.fact} - {"mentions"}
    assert ENTITY_CLASSES == {t.cls: t.label for t in ENTITY_TYPES}


def test_store_counts_every_relation_but_mentions():
    from zhitu import store

    assert dict(store._COUNTED_RELATIONS) == {r.name: r.predicate for r in RELATIONS if r.name != "mentions"}


# -- every IRI is defined -----------------------------------------------------------------


_IRIS = sorted({t.cls for t in NODE_TYPES} | {r.predicate for r in RELATIONS})


@pytest.mark.parametrize("iri", _IRIS)
def test_every_class_and_predicate_is_defined(iri: str):
    term = URIRef(iri)
    if iri.startswith(ZT):
        assert (term, None, None) in _ontology(), f"{iri} is not defined in ontology/zhitu.ttl"
    elif iri.startswith(str(ORG)):
        assert term in ORG, f"{iri} is not a W3C ORG term"
    elif iri.startswith(SCHEMA):
        from rdflib.namespace import SDO  # open: warns when pytest inspects it at module level

        local = iri[len(SCHEMA):]
        assert local in SDO.__annotations__, f"{iri} is not a schema.org term"
        from zhitu.graph.namespaces import SCHEMA as closed

        assert getattr(closed, local) == term  # the closed namespace zhitu writes with lists it
    else:
        pytest.fail(f"{iri} is in no vocabulary zhitu writes")


def test_the_closed_namespaces_refuse_typos():
    from zhitu.graph.namespaces import ORG as org, SCHEMA as schema, ZT as zt

    for namespace in (org, schema, zt):
        with pytest.raises(AttributeError):
            namespace.memberof_typo  # noqa: B018
