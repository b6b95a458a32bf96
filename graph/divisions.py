"""Administrative divisions as RDF: codes, coordinates and containment from the gazetteer.

For each ``DivisionLink`` fact on a Doc (``doc._.divisions``, see
``zhitu.extractors.facts``) the place the text names gets

- ``zt:divisionCode`` "653122" (GB/T 2260);
- ``schema:geo`` a ``schema:GeoCoordinates`` with ``schema:latitude`` and
  ``schema:longitude`` (WGS84, ``xsd:decimal``);
- ``geo:hasGeometry`` a ``geo:Geometry`` with ``geo:asWKT "POINT(lon lat)"^^geo:wktLiteral``
  (GeoSPARQL; a WKT literal without a CRS IRI is in CRS84: longitude first);
- ``geo:sfWithin`` the division directly containing it, and so on up to the
  province. A containing division the text names is its place entity; one it
  does not name is a division node (``id/division/<code>``, a ``zt:Division``,
  no ``zt:Place``: not an entity of the text) with its labels, code and
  coordinates, ``prov:wasDerivedFrom`` the table. Each containment is stated by a
  ``zt:DatasetAssertion`` (``rdf:subject``/``rdf:predicate``/``rdf:object``) that
  ``prov:wasDerivedFrom`` the gazetteer table (a ``schema:Dataset``/``prov:Entity``
  with its file name, version, upstream and licence) and ``prov:wasGeneratedBy``
  the document's extraction, never from a sentence: the text did not say it.

``zt:locatedIn`` is what texts state; ``geo:sfWithin`` what the gazetteer
states. This module never writes ``zt:locatedIn``.
Pure: maps facts to triples, no I/O, no gazetteer import.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal

from rdflib import Literal, URIRef
from rdflib.namespace import GEO, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from zhitu.graph import iris
from zhitu.graph.namespaces import ID_IRI, ZT_IRI, ZT

Add = Callable[[tuple[Node, Node, Node]], None]

_SCHEMA = "https://schema.org/"
#: The terms this module writes beyond the closed namespaces' (zhitu.ttl defines the zt: ones).
DIVISION_CODE = URIRef(ZT_IRI + "divisionCode")
DATASET_ASSERTION = URIRef(ZT_IRI + "DatasetAssertion")
DIVISION = URIRef(ZT_IRI + "Division")
#: Containment the gazetteer states (GeoSPARQL simple features "within").
WITHIN = GEO.sfWithin
SCHEMA_GEO = URIRef(_SCHEMA + "geo")
GEO_COORDINATES = URIRef(_SCHEMA + "GeoCoordinates")
LATITUDE = URIRef(_SCHEMA + "latitude")
LONGITUDE = URIRef(_SCHEMA + "longitude")
DATASET = URIRef(_SCHEMA + "Dataset")
NAME = URIRef(_SCHEMA + "name")
VERSION = URIRef(_SCHEMA + "version")
IS_BASED_ON = URIRef(_SCHEMA + "isBasedOn")
LICENSE = URIRef(_SCHEMA + "license")
#: The extractor name gazetteer statements carry.
EXTRACTOR = "gazetteer"


def dataset_iri(source) -> URIRef:
    """The node of one version of a shipped table (``divisions.tsv`` at a version)."""
    return URIRef(f"{ID_IRI}dataset/{iris.segment(source.name)}/{iris.segment(source.version)}")


def division_iri(code: str) -> URIRef:
    """The node of a division no text names, by its code (``id/division/653122``)."""
    return URIRef(f"{ID_IRI}division/{iris.segment(code)}")


def division_node(code: str, part: str) -> URIRef:
    """A division's coordinates (``geo``) or geometry (``geometry``) node, by its code."""
    return URIRef(f"{division_iri(code)}/{part}")


def add_divisions(add: Add, doc_id: str, links: Iterable, entity_iris: Mapping[tuple[str, str], URIRef],
                  activity: URIRef) -> None:
    """The triples of ``links`` (``DivisionLink`` facts) whose entities have IRIs."""
    for link in links:
        place = entity_iris.get(link.entity)
        if place is None:
            continue
        source = dataset_iri(link.source)
        _add_source(add, source, link.source)
        add((place, DIVISION_CODE, Literal(link.code)))
        if link.lat is not None and link.lon is not None:
            _add_position(add, place, link.code, link.lon, link.lat)
        child = place
        for ancestor in link.ancestors:
            parent = entity_iris.get(ancestor.entity) if ancestor.entity else None
            if parent is None:
                parent = division_iri(ancestor.code)
                _add_division(add, parent, ancestor, source)
            if parent != child:
                _add_containment(add, doc_id, child, parent, source, activity)
            child = parent


def _add_division(add: Add, node: URIRef, division, source: URIRef) -> None:
    """A division no text names: a node of the gazetteer's hierarchy, not an entity."""
    add((node, RDF.type, DIVISION))
    add((node, RDFS.label, Literal(division.name, lang="zh")))
    add((node, SKOS.prefLabel, Literal(division.name, lang="zh")))
    if division.short and division.short != division.name:
        add((node, SKOS.altLabel, Literal(division.short, lang="zh")))
    add((node, DIVISION_CODE, Literal(division.code)))
    add((node, PROV.wasDerivedFrom, source))
    if division.lat is not None and division.lon is not None:
        _add_position(add, node, division.code, division.lon, division.lat)


def _add_source(add: Add, node: URIRef, source) -> None:
    add((node, RDF.type, DATASET))
    add((node, RDF.type, PROV.Entity))
    add((node, NAME, Literal(source.name)))
    add((node, VERSION, Literal(source.version)))
    if source.based_on:
        add((node, IS_BASED_ON, Literal(source.based_on)))
    if source.licence:
        add((node, LICENSE, Literal(source.licence)))


def _decimal(value: float) -> Literal:
    return Literal(Decimal(str(value)), datatype=XSD.decimal)


def _add_position(add: Add, place: URIRef, code: str, lon: float, lat: float) -> None:
    coordinates, geometry = division_node(code, "geo"), division_node(code, "geometry")
    add((place, SCHEMA_GEO, coordinates))
    add((coordinates, RDF.type, GEO_COORDINATES))
    add((coordinates, LATITUDE, _decimal(lat)))
    add((coordinates, LONGITUDE, _decimal(lon)))
    add((place, GEO.hasGeometry, geometry))
    add((geometry, RDF.type, GEO.Geometry))
    add((geometry, GEO.asWKT, Literal(f"POINT({lon} {lat})", datatype=GEO.wktLiteral)))


def _add_containment(add: Add, doc_id: str, place: URIRef, parent: URIRef, source: URIRef,
                     activity: URIRef) -> None:
    add((place, WITHIN, parent))
    statement = iris.assertion_iri(doc_id, str(place), str(WITHIN), str(parent), EXTRACTOR)
    add((statement, RDF.type, DATASET_ASSERTION))
    add((statement, RDF.type, PROV.Entity))
    add((statement, RDF.subject, place))
    add((statement, RDF.predicate, WITHIN))
    add((statement, RDF.object, parent))
    add((statement, PROV.wasDerivedFrom, source))
    add((statement, PROV.wasGeneratedBy, activity))
    add((statement, ZT.extractor, Literal(EXTRACTOR)))
    add((statement, ZT.confidence, Literal(Decimal("1"))))
