"""Places linked (issue 11, item 2): a division's code, coordinates and WKT point,
its containment from the gazetteer (geo:sfWithin, never zt:locatedIn) with the
table as provenance, divisions no text names as zt:Division nodes (no entities), people-in and
programmes-in through the hierarchy by any name, SHACL conformance. Real builds
of text written here (invented people and bodies)."""
from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib import namespace
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from zhitu.cli import main
from zhitu.evaluation import predicted_from_graph
from zhitu.extractors.components.divisions import resolve
from zhitu.graph import iris
from zhitu.graph.divisions import (DATASET_ASSERTION, DIVISION, DIVISION_CODE, LATITUDE, LONGITUDE, SCHEMA_GEO,
                                   division_iri)
from zhitu.graph.namespaces import SCHEMA, ZT
from zhitu.ontology.gazetteer import divisions, divisions_source
from zhitu.validation import validate


PAGE = """温宿县青禾合作社理事长阿力木·吐尔洪介绍，今年合作社在温宿县种了三千亩核桃。
温宿县青禾合作社发起“核桃助农”行动，带动周边农户增收。
"""
OTHER = "记者从河北省邢台市获悉，邢台市清河县融通商会会长周岚当选为县政协委员。\n"


def place(name: str) -> URIRef:
    return iris.entity_iri("LOC", name)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Graph]:
    """(store folder, graph.ttl parsed) of the two pages built into a fresh store."""
    folder = tmp_path_factory.mktemp("divisions")
    (folder / "a.txt").write_text(PAGE, encoding="utf-8")
    (folder / "b.txt").write_text(OTHER, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder)
        result = CliRunner().invoke(main, ["build", "a.txt", "b.txt", "--store", str(folder / "store"),
                                           "--out", str(folder / "out"), "--no-progress"])
    assert result.exit_code == 0, result.output
    return folder / "store", Graph().parse(folder / "out" / "graph.ttl", format="turtle")


def rows(store: Path, name: str, value: str) -> list[dict[str, str]]:
    result = CliRunner().invoke(main, ["query", "--store", str(store), "--named", name, value, "--format", "csv"])
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_a_place_carries_its_code_coordinates_and_wkt_point(built) -> None:
    graph = built[1]
    county = divisions().resolve("温宿县")
    assert county is not None
    node = place("温宿县")
    assert graph.value(node, DIVISION_CODE) == Literal(county.code)
    coordinates = graph.value(node, SCHEMA_GEO)
    assert Decimal(str(graph.value(coordinates, LATITUDE))) == Decimal(str(county.lat))
    assert Decimal(str(graph.value(coordinates, LONGITUDE))) == Decimal(str(county.lon))
    geometry = graph.value(node, namespace.GEO.hasGeometry)
    assert (geometry, RDF.type, namespace.GEO.Geometry) in graph
    assert graph.value(geometry, namespace.GEO.asWKT) == Literal(f"POINT({county.lon} {county.lat})", datatype=namespace.GEO.wktLiteral)


def test_containment_up_to_the_province_with_the_gazetteer_as_provenance(built) -> None:
    graph = built[1]
    table = divisions()
    prefecture_code = table.resolve("温宿县").parent_code
    county, prefecture, province = place("温宿县"), division_iri(prefecture_code), division_iri("650000")
    assert (county, namespace.GEO.sfWithin, prefecture) in graph
    assert (prefecture, namespace.GEO.sfWithin, province) in graph
    assert not set(graph.objects(county, ZT.locatedIn))  # the text does not say it
    # Divisions no text names are nodes of the hierarchy, not places of the text.
    for node, name in ((prefecture, "阿克苏地区"), (province, "新疆维吾尔自治区")):
        assert (node, RDF.type, DIVISION) in graph
        assert (node, RDF.type, ZT.Place) not in graph
        assert graph.value(node, RDFS.label) == Literal(name, lang="zh")
        assert (place(name), None, None) not in graph
    assert graph.value(province, DIVISION_CODE) == Literal("650000")
    assert Literal("新疆", lang="zh") in set(graph.objects(province, SKOS.altLabel))
    assert graph.value(graph.value(province, namespace.GEO.hasGeometry), namespace.GEO.asWKT) is not None
    source = divisions_source()
    statements = [s for s in graph.subjects(RDF.subject, county) if graph.value(s, RDF.object) == prefecture]
    assert len(statements) == 1
    statement = statements[0]
    assert (statement, RDF.type, DATASET_ASSERTION) in graph
    assert graph.value(statement, RDF.predicate) == namespace.GEO.sfWithin
    assert (statement, RDF.type, RDF.Statement) not in graph  # no sentence says it
    table_node = graph.value(statement, PROV.wasDerivedFrom)
    assert (table_node, RDF.type, URIRef("https://schema.org/Dataset")) in graph
    assert graph.value(table_node, SCHEMA.name) == Literal("divisions.tsv")
    assert graph.value(table_node, URIRef("https://schema.org/version")) == Literal(source.version)
    assert graph.value(statement, ZT.extractor) == Literal("gazetteer")
    assert (province, PROV.wasDerivedFrom, table_node) in graph
    assert not set(graph.subjects(SCHEMA.mentions, province))


def test_a_containing_division_the_text_names_is_its_place(built) -> None:
    graph = built[1]
    county, city, province = place("清河县"), place("邢台市"), place("河北省")
    assert (county, namespace.GEO.sfWithin, city) in graph
    assert (city, namespace.GEO.sfWithin, province) in graph
    assert (division_iri("130000"), None, None) not in graph
    assert graph.value(province, DIVISION_CODE) == Literal("130000")


def test_people_in_a_province_by_its_short_name_when_the_body_is_in_a_county(built) -> None:
    store = built[0]
    for name in ("新疆", "新疆维吾尔自治区", "阿克苏", "温宿县"):
        found = {(r["person"], r["role"], r["organisation"]) for r in rows(store, "people-in", name)}
        assert found == {("阿力木·吐尔洪", "理事长", "温宿县青禾合作社")}, name
    assert {r["person"] for r in rows(store, "people-in", "河北")} == {"周岚"}
    assert not rows(store, "people-in", "西藏")


def test_programmes_in_a_place_through_the_body_that_organises_them(built) -> None:
    found = {(r["type"], r["name"], r["how"], r["by"]) for r in rows(built[0], "programmes-in", "新疆")}
    assert found == {("PROG", "“核桃助农”行动", "organizes", "温宿县青禾合作社")}
    assert not rows(built[0], "programmes-in", "河北")


def test_the_graph_conforms_to_the_shapes(built) -> None:
    report = validate(built[1])
    assert report.conforms, report.format()


def test_a_wrong_division_triple_is_reported(built) -> None:
    graph = Graph()
    for triple in built[1]:
        graph.add(triple)
    node = place("温宿县")
    graph.add((node, DIVISION_CODE, Literal("65A922")))
    report = validate(graph)
    assert not report.conforms
    assert any("six-digit" in v.message for v in report.violations)


def test_gazetteer_facts_add_no_places_and_no_located_in(built) -> None:
    graph = built[1]
    # Every zt:Place is one a text names; every zt:locatedIn one a sentence states.
    for node in graph.subjects(RDF.type, ZT.Place):
        assert set(graph.subjects(SCHEMA.mentions, node)), node
    stated = {(graph.value(s, RDF.subject), graph.value(s, RDF.object))
              for s in graph.subjects(RDF.type, RDF.Statement) if graph.value(s, RDF.predicate) == ZT.locatedIn}
    assert set(graph.subject_objects(ZT.locatedIn)) <= stated
    # What the scorer reads (SCHEMA.md): the text's places and containment only.
    predicted = predicted_from_graph(graph)
    names = {e.name for e in predicted.entities}
    assert {"温宿县", "邢台市", "清河县"} <= names
    assert "新疆维吾尔自治区" not in names and "阿克苏地区" not in names
    located = {(r.head.name, r.tail.name) for r in predicted.relations if r.relation == "locatedIn"}
    assert ("温宿县青禾合作社", "温宿县") in located  # stated by its name
    assert ("温宿县", "阿克苏地区") not in located  # the gazetteer's alone
    assert ("清河县", "邢台市") in located  # the text says 邢台市清河县: a sentence states it


def test_an_ambiguous_name_is_settled_by_the_places_the_text_names() -> None:
    table = divisions()
    assert resolve(table, "朝阳区", set()) is None
    beijing = resolve(table, "朝阳区", {"北京市"})
    assert beijing is not None and beijing.parent_code == "110000"
    assert resolve(table, "朝阳区", {"长春市"}).code != beijing.code


def test_the_explorer_gives_a_place_its_position_and_the_provinces(built) -> None:
    from zhitu.serve import explorer
    from zhitu.store import open_store

    county = divisions().resolve("温宿县")
    with open_store(built[0], read_only=True) as store:
        answer = explorer.call(store, "/api/place", {"iri": str(place("温宿县"))})
        assert (answer["code"], answer["lat"], answer["lon"]) == (county.code, county.lat, county.lon)
        provinces = {p["name"] for p in answer["provinces"]}
        assert {"新疆", "河北", "北京"} <= provinces and len(provinces) >= 31
        person = explorer.call(store, "/api/place", {"iri": str(iris.entity_iri("PER", "周岚"))})
        assert person["code"] is None and person["lat"] is None
