"""Tests for reading graph files (the reader registry of zhitu.output), running
SPARQL over them (zhitu.query) and formatting answers (zhitu.output.answers)."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from zhitu.errors import InputError, QueryError, UnknownChoiceError
from zhitu.output import READERS, get_reader, is_file
from zhitu.output import read as load_graph
from zhitu.output.answers import GRAPH_FORMATS, TABLE_FORMATS, display_width, format_result
from zhitu.query import run_query

#: rdflib's parser for each suffix the readers take.
SUFFIX_FORMATS = {suffix: reader.parser for reader in READERS.values() for suffix in reader.suffixes}

PREFIXES = """\
@prefix zt: <https://w3id.org/zhitu/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/r/> .
"""

PEOPLE = PREFIXES + """\
ex:p1 a zt:Person ; rdfs:label "赵一鸣"@zh .
ex:p2 a zt:Person ; rdfs:label "Ann Lee" .
ex:o1 a zt:Organization ; rdfs:label "青山市机床厂"@zh ; skos:altLabel "青机"@zh .
"""

NAMED = PREFIXES + """\
ex:g1 { ex:o2 a zt:Organization ; rdfs:label "绿水公司"@zh . }
ex:g2 { ex:o2 zt:locatedIn ex:l1 . ex:l1 a zt:Place ; rdfs:label "青山市"@zh . }
"""

NAMES = "SELECT ?e ?name WHERE { ?e a zt:Person ; rdfs:label ?name } ORDER BY ?name"


@pytest.fixture
def people(tmp_path: Path) -> Path:
    path = tmp_path / "people.ttl"
    path.write_text(PEOPLE, encoding="utf-8")
    return path


@pytest.fixture
def dataset(people: Path):
    return load_graph([people])


# -- load_graph ---------------------------------------------------------------


@pytest.mark.parametrize("suffix", sorted(SUFFIX_FORMATS))
def test_load_graph_reads_every_suffix(tmp_path: Path, suffix: str) -> None:
    source = Graph().parse(data=PEOPLE, format="turtle")
    fmt = SUFFIX_FORMATS[suffix]
    path = tmp_path / f"people{suffix}"
    if fmt in ("trig", "nquads"):
        path.write_text(load_graph([_write(tmp_path, PEOPLE)]).serialize(format=fmt), encoding="utf-8")
    else:
        source.serialize(path, format=fmt, encoding="utf-8")
    loaded = load_graph([path])
    assert len(loaded) == len(source)


def _write(tmp_path: Path, text: str, name: str = "source.ttl") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_named_graphs_are_merged_with_other_files(tmp_path: Path, people: Path) -> None:
    dataset = load_graph([people, _write(tmp_path, NAMED, "named.trig")])
    result = run_query(dataset, "SELECT ?o ?l WHERE { ?o a zt:Organization ; zt:locatedIn ?l }")
    assert [tuple(map(str, row)) for row in result.rows] == [
        ("https://example.org/r/o2", "https://example.org/r/l1")
    ]


def test_prefixes_are_bound_on_the_dataset(dataset) -> None:
    bound = {prefix: str(ns) for prefix, ns in dataset.namespaces()}
    assert bound["zt"] == "https://w3id.org/zhitu/ontology#"
    assert bound["org"] == "http://www.w3.org/ns/org#"
    assert bound["schema"] == "https://schema.org/"


def test_unknown_suffix_lists_the_choices(tmp_path: Path) -> None:
    with pytest.raises(UnknownChoiceError) as info:
        load_graph([_write(tmp_path, PEOPLE, "people.txt")])
    message = str(info.value)
    assert "'.txt'" in message
    assert ".ttl" in message and ".trig" in message and ".jsonld" in message


@pytest.mark.parametrize("name", ["trig", "application/trig", ".trig", "TriG"])
def test_a_reader_is_found_by_name_media_type_or_suffix(name: str) -> None:
    assert get_reader("anything.ttl", format=name).parser == "trig"


def test_an_unknown_reader_lists_the_formats() -> None:
    with pytest.raises(UnknownChoiceError) as info:
        get_reader("people.ttl", format="tutle")
    assert "'tutle'" in str(info.value) and "turtle" in str(info.value) and "jsonld" in str(info.value)


def test_format_overrides_the_suffix(tmp_path: Path) -> None:
    path = _write(tmp_path, PEOPLE, "people.txt")
    assert len(load_graph([path], format="turtle")) == len(load_graph([_write(tmp_path, PEOPLE)]))


def test_missing_file_names_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.ttl"
    with pytest.raises(InputError, match="nowhere.ttl: no such file"):
        load_graph([missing])


def test_parse_error_is_one_line_naming_the_file(tmp_path: Path) -> None:
    broken = _write(tmp_path, PREFIXES + "ex:a ex:b .\n", "broken.ttl")
    with pytest.raises(InputError) as info:
        load_graph([broken])
    assert str(info.value).startswith(f"{broken}: not valid turtle")
    assert "\n" not in str(info.value)


# -- run_query ----------------------------------------------------------------


def test_select_without_prefix_declarations(dataset) -> None:
    result = run_query(dataset, NAMES)
    assert result.kind == "SELECT"
    assert result.variables == ("e", "name")
    assert [str(name) for _, name in result.rows] == ["Ann Lee", "赵一鸣"]


def test_ask(dataset) -> None:
    assert run_query(dataset, "ASK { ?x skos:altLabel \"青机\"@zh }").boolean is True
    no = run_query(dataset, "ASK { ?x a zt:Event }")
    assert format_result(no, "table") == "false\n"
    assert json.loads(format_result(no, "json")) == {"head": {}, "boolean": False}


@pytest.mark.parametrize(
    "query",
    ["SELEC ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE { ?x ?p ", "SELECT ?x WHERE { ?x nope:p ?o }"],
)
def test_bad_query_is_a_one_line_query_error(dataset, query: str) -> None:
    with pytest.raises(QueryError) as info:
        run_query(dataset, query)
    assert "\n" not in str(info.value)
    assert str(info.value)


# -- format_result: SELECT ----------------------------------------------------


def test_table_aligns_wide_characters(dataset) -> None:
    result = run_query(dataset, "SELECT ?name ?e WHERE { ?e rdfs:label|skos:altLabel ?name } ORDER BY ?name")
    lines = format_result(result, "table").splitlines()
    header, rule, *rows, footer = lines
    second_column = display_width(header[: header.index("e", len("name"))])
    for row in rows:
        iri_start = row.index("ex:")
        assert display_width(row[:iri_start]) == second_column
    assert footer == "(4 rows)"
    assert set(rule) <= {"-", " "}


def test_table_compacts_iris_and_prints_lexical_forms(dataset) -> None:
    table = format_result(run_query(dataset, "SELECT ?e ?c ?n WHERE { ?e a ?c ; rdfs:label ?n }"), "table")
    assert "zt:Person" in table and "ex:p1" in table
    assert "赵一鸣" in table and "@zh" not in table and '"' not in table


def test_csv_has_full_iris_and_lexical_forms(dataset) -> None:
    text = format_result(run_query(dataset, NAMES), "csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [
        ["e", "name"],
        ["https://example.org/r/p2", "Ann Lee"],
        ["https://example.org/r/p1", "赵一鸣"],
    ]


def test_tsv(dataset) -> None:
    text = format_result(run_query(dataset, NAMES), "tsv")
    assert text.splitlines() == [
        "e\tname",
        "https://example.org/r/p2\tAnn Lee",
        "https://example.org/r/p1\t赵一鸣",
    ]


def test_json_is_sparql_results_json(dataset) -> None:
    query = "SELECT ?e ?name ?alias WHERE { ?e rdfs:label ?name OPTIONAL { ?e skos:altLabel ?alias } } ORDER BY ?name"
    document = json.loads(format_result(run_query(dataset, query), "json"))
    assert document["head"] == {"vars": ["e", "name", "alias"]}
    bindings = document["results"]["bindings"]
    assert bindings[0] == {
        "e": {"type": "uri", "value": "https://example.org/r/p2"},
        "name": {"type": "literal", "value": "Ann Lee"},
    }
    factory = next(b for b in bindings if "alias" in b)
    assert factory["alias"] == {"type": "literal", "value": "青机", "xml:lang": "zh"}


def test_unbound_cells_are_empty(dataset) -> None:
    query = "SELECT ?e ?alias WHERE { ?e a zt:Person OPTIONAL { ?e skos:altLabel ?alias } } ORDER BY ?e"
    assert format_result(run_query(dataset, query), "csv").splitlines()[1:] == [
        "https://example.org/r/p1,",
        "https://example.org/r/p2,",
    ]


@pytest.mark.parametrize("fmt", ["turtle", "xml", "tabel"])
def test_unknown_select_format_lists_choices(dataset, fmt: str) -> None:
    with pytest.raises(UnknownChoiceError) as info:
        format_result(run_query(dataset, NAMES), fmt)
    assert f"{fmt!r}" in str(info.value)
    assert "choose from: " + ", ".join(sorted(TABLE_FORMATS)) in str(info.value)


@pytest.mark.parametrize("fmt", TABLE_FORMATS)
def test_select_formats_return_str(dataset, fmt: str) -> None:
    assert isinstance(format_result(run_query(dataset, NAMES), fmt), str)


# -- format_result: CONSTRUCT / DESCRIBE -----------------------------------------


CONSTRUCT = "CONSTRUCT { ?e rdfs:label ?n } WHERE { ?e a zt:Person ; rdfs:label ?n }"


@pytest.mark.parametrize("fmt", ["turtle", "table"])
def test_construct_as_turtle(dataset, fmt: str) -> None:
    text = format_result(run_query(dataset, CONSTRUCT), fmt)
    expected = Graph().parse(
        data=PREFIXES + 'ex:p1 rdfs:label "赵一鸣"@zh . ex:p2 rdfs:label "Ann Lee" .', format="turtle"
    )
    assert isomorphic(Graph().parse(data=text, format="turtle"), expected)
    assert "@prefix rdfs:" in text and "ns1:" not in text


def test_construct_as_nt_and_jsonld(dataset) -> None:
    result = run_query(dataset, CONSTRUCT)
    assert len(Graph().parse(data=format_result(result, "nt"), format="nt")) == 2
    assert len(Graph().parse(data=format_result(result, "json"), format="json-ld")) == 2


def test_describe(dataset) -> None:
    result = run_query(dataset, "DESCRIBE <https://example.org/r/o1>")
    assert result.kind == "DESCRIBE"
    described = Graph().parse(data=format_result(result, "turtle"), format="turtle")
    assert len(described) == 3


def test_unknown_graph_format_lists_choices(dataset) -> None:
    with pytest.raises(UnknownChoiceError, match="choose from: " + ", ".join(sorted(GRAPH_FORMATS))):
        format_result(run_query(dataset, CONSTRUCT), "csv")


# -- is_file ------------------------------------------------------------------


def test_is_file_is_false_for_text_that_cannot_be_a_path(people: Path) -> None:
    assert is_file(people) and is_file(str(people))
    assert not is_file(people.parent)
    assert not is_file("SELECT * WHERE { ?s ?p ?o } #" + "x" * 300)  # too long for a file name
    assert not is_file("/" + "长/" * 2000)  # too long for a path
    assert not is_file("a\0b")  # no path holds a NUL byte


def test_load_graph_names_a_file_too_long_to_exist() -> None:
    with pytest.raises(InputError, match="no such file"):
        load_graph(["x" * 300 + ".ttl"])
