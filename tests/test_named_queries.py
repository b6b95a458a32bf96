"""Named queries (queries/*.rq) and ``zhitu query`` against a store: the
parameter is bound as a literal (never spliced), the answers are the same on
the store and on graph files, and every result format works on the store."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from store_pages import PUBLISHER, SHARED_ORG, write_pages
from zhitu.cli import main
from zhitu.errors import QueryError, UnknownChoiceError
from zhitu.graph import iris
from zhitu.query import format_named_list, named_queries, named_query, parse_named_query
from zhitu.store import open_store

SHIPPED = {"posts", "people-in", "programmes-of", "evidence"}


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(store folder, graph.ttl) of the two pages built into a fresh store."""
    folder = tmp_path_factory.mktemp("named")
    pages = write_pages(folder / "pages")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(folder / "pages")  # document ids are paths from the working folder
        result = CliRunner().invoke(main, ["build", *(str(p) for p in pages), "--store", str(folder / "store"),
                                           "--out", str(folder / "out"), "--publisher", PUBLISHER,
                                           "--no-progress", "--format", "turtle"])
    assert result.exit_code == 0, result.output
    return folder / "store", folder / "out" / "graph.ttl"


def rows(store: Path, name: str, value: str) -> list[dict[str, str]]:
    result = run("query", "--store", str(store), "--named", name, value, "--format", "csv")
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


# -- the catalogue ------------------------------------------------------------------------

def test_the_shipped_queries_are_listed_with_descriptions() -> None:
    queries = named_queries()
    assert SHIPPED <= set(queries)
    for name in SHIPPED:
        assert queries[name].description and queries[name].parameter and queries[name].argument
    listing = run("query", "--list")
    assert listing.exit_code == 0
    for query in queries.values():
        assert query.description
        assert f"{query.usage}\n    {query.description}\n" in listing.stdout
    assert "zhitu query --named posts ORG\n" in listing.stdout
    assert listing.stdout == format_named_list()


def test_a_query_file_without_a_description_is_refused() -> None:
    with pytest.raises(QueryError, match="no '# description:' line"):
        parse_named_query("bare", "SELECT * WHERE { ?s ?p ?o }")


def test_the_parameter_must_be_selected() -> None:
    text = "# description: d\n# parameter: ?name NAME\nSELECT ?e WHERE { ?e rdfs:label ?name }\n"
    with pytest.raises(QueryError, match=r"\?name must be in the SELECT list"):
        parse_named_query("hidden", text)


def test_unknown_named_query_lists_the_choices(built) -> None:
    with pytest.raises(UnknownChoiceError, match="choose from: evidence, holders-of, people-in"):
        named_query("postz")
    result = run("query", "--store", str(built[0]), "--named", "postz", "X")
    assert result.exit_code == 2 and "unknown named query 'postz'" in result.stderr


def test_a_missing_parameter_is_a_usage_error(built) -> None:
    result = run("query", "--store", str(built[0]), "--named", "posts")
    assert result.exit_code == 2 and "needs its ORG argument" in result.stderr


# -- the answers ---------------------------------------------------------------------------

def test_posts_by_name_and_by_alias(built) -> None:
    by_name = rows(built[0], "posts", SHARED_ORG)
    posts = {(r["person"], r["role"]) for r in by_name}
    assert {("韩立川", "董事长"), ("莫知远", "副董事长")} <= posts
    assert {r["organisation"] for r in by_name} == {SHARED_ORG}
    by_alias = rows(built[0], "posts", "青禾港务集团")
    assert {(r["person"], r["role"]) for r in by_alias} == posts
    assert {r["org_name"] for r in by_alias} == {"青禾港务集团"}


def test_people_in_a_place(built) -> None:
    found = {(r["person"], r["role"], r["organisation"]) for r in rows(built[0], "people-in", "湖州市")}
    assert ("宁书瑶", "副主席", "湖州市总工会") in found
    assert not rows(built[0], "people-in", "嘉兴市")


def test_programmes_of_an_organisation(built) -> None:
    found = {(r["relation"], r["type"], r["name"]) for r in rows(built[0], "programmes-of", SHARED_ORG)}
    assert ("organizes", "PROG", "“海港工匠”培育工程") in found


def test_evidence_of_an_entity(built) -> None:
    found = rows(built[0], "evidence", "韩立川")
    assert found
    for row in found:
        assert "韩立川" in (row["head"], row["tail"])
        assert "韩立川" in row["sentence"] and row["document"] == "a.md"
        assert int(row["start"]) < int(row["end"]) and 0 < float(row["confidence"]) <= 1
    assert {r["relation"] for r in found} >= {"http://www.w3.org/ns/org#memberOf"}


@pytest.mark.parametrize("name, value", [("posts", SHARED_ORG), ("people-in", "湖州市"),
                                         ("programmes-of", SHARED_ORG), ("evidence", "韩立川")])
def test_the_store_and_the_graph_file_give_the_same_answer(built, name: str, value: str) -> None:
    store, ttl = built
    on_store = run("query", "--store", str(store), "--named", name, value, "--format", "json")
    on_file = run("query", str(ttl), "--named", name, value, "--format", "json")
    assert on_store.exit_code == on_file.exit_code == 0

    def bindings(result) -> list[str]:
        return sorted(json.dumps(b, sort_keys=True, ensure_ascii=False)
                      for b in json.loads(result.stdout)["results"]["bindings"])
    assert bindings(on_store) and bindings(on_store) == bindings(on_file)



@pytest.mark.parametrize("value", [
    'x" } ; DROP ALL ; #',
    '青禾港务集团有限公司"@zh . ?org ?p ?o } #',
    "\\u0022) } UNION { ?s ?p ?o",
])
def test_the_parameter_is_bound_not_spliced(built, value: str) -> None:
    store, ttl = built
    for source in (["--store", str(store)], [str(ttl)]):
        result = run("query", *source, "--named", "posts", value, "--format", "csv")
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines() == ["person,role,organisation,org_name"]
    with open_store(store, read_only=True) as opened:
        assert len(opened.documents()) == 2


def test_bindings_on_the_library(built) -> None:
    query = named_query("posts")
    with open_store(built[0], read_only=True) as store:
        result = store.query(query.text, bindings=query.bind(f"  {SHARED_ORG} "))
    assert result.variables == ("person", "role", "organisation", "org_name")
    assert result.rows and all(row[3] == Literal(SHARED_ORG, lang="zh") for row in result.rows)
    with pytest.raises(QueryError, match="non-empty ORG"):
        query.bind("  ")


# -- zhitu query --store: formats and sources -------------------------------------------------

PEOPLE = "SELECT ?p ?name WHERE { ?p a zt:Person ; rdfs:label ?name } ORDER BY ?name"


def test_select_formats_on_the_store(built) -> None:
    store = str(built[0])
    table = run("query", "--store", store, PEOPLE)
    assert table.exit_code == 0
    assert table.stdout.splitlines()[0].split() == ["p", "name"] and f"<{iris.entity_iri('PER', '韩立川')}>" in table.stdout
    csv_rows = list(csv.DictReader(io.StringIO(run("query", "--store", store, PEOPLE, "--format", "csv").stdout)))
    names = [r["name"] for r in csv_rows]
    assert {"韩立川", "莫知远", "宁书瑶"} <= set(names) and names == sorted(names)
    assert csv_rows[0]["p"] == str(iris.entity_iri("PER", names[0]))
    tsv = run("query", "--store", store, PEOPLE, "--format", "tsv").stdout.splitlines()
    assert tsv[0] == "p\tname" and [line.split("\t")[1] for line in tsv[1:]] == names
    document = json.loads(run("query", "--store", store, PEOPLE, "--format", "json").stdout)
    assert document["head"] == {"vars": ["p", "name"]}
    first = document["results"]["bindings"][0]
    assert first["p"]["type"] == "uri" and first["name"] == {"type": "literal", "value": names[0], "xml:lang": "zh"}


def test_ask_on_the_store(built) -> None:
    yes = run("query", "--store", str(built[0]), f'ASK {{ ?o rdfs:label "{SHARED_ORG}"@zh }}', "--format", "json")
    assert json.loads(yes.stdout) == {"head": {}, "boolean": True}
    assert run("query", "--store", str(built[0]), "ASK { ?x a zt:Event }").stdout == "false\n"


def test_construct_as_turtle_on_the_store(built) -> None:
    query = "CONSTRUCT { ?p rdfs:label ?n } WHERE { ?p a zt:Person ; rdfs:label ?n }"
    text = run("query", "--store", str(built[0]), query, "--format", "turtle").stdout
    graph = Graph().parse(data=text, format="turtle")
    assert (iris.entity_iri("PER", "韩立川"), RDFS.label, Literal("韩立川", lang="zh")) in graph
    assert "@prefix rdfs:" in text and "ns1:" not in text
    expected = Graph()
    for triple in Graph().parse(built[1]).triples((None, RDFS.label, None)):
        if str(triple[0]).startswith(f"{iris.ID_IRI}person/"):
            expected.add(triple)
    assert set(graph) == set(expected)
    nt = run("query", "--store", str(built[0]), query, "--format", "nt").stdout
    assert set(Graph().parse(data=nt, format="nt")) == set(graph)


def test_describe_on_the_store(built) -> None:
    iri = iris.entity_iri("PER", "韩立川")
    result = run("query", "--store", str(built[0]), f"DESCRIBE <{iri}>")
    assert result.exit_code == 0
    graph = Graph().parse(data=result.stdout, format="turtle")
    assert set(graph.subjects()) == {URIRef(iri)}


def test_query_file_on_the_store(built, tmp_path: Path) -> None:
    rq = tmp_path / "people.rq"
    rq.write_text(PEOPLE, encoding="utf-8")
    by_file = run("query", "--store", str(built[0]), "--file", str(rq), "--format", "csv")
    assert by_file.exit_code == 0 and by_file.stdout == run("query", "--store", str(built[0]), PEOPLE,
                                                               "--format", "csv").stdout


def test_the_default_store_answers_without_store(built, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHITU_STORE", str(built[0]))
    result = run("query", PEOPLE, "--format", "csv")
    assert result.exit_code == 0 and "韩立川" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["--store", "{store}", "{ttl}", PEOPLE], "not both"),
    (["{ttl}"], "give a SPARQL query"),
    (["--file", "{ttl}", "--named", "posts", "X"], "one of --file and --named"),
])
def test_query_usage_errors(built, args: list[str], message: str) -> None:
    places = {"{store}": str(built[0]), "{ttl}": str(built[1])}
    args = [places.get(a, a) for a in args]
    result = run("query", *args)
    assert result.exit_code == 2 and message in result.stderr


def test_query_errors_on_the_store_are_one_line(built, tmp_path: Path) -> None:
    bad = run("query", "--store", str(built[0]), "SELEC ?s WHERE { ?s ?p ?o }")
    assert bad.exit_code == 1 and bad.stderr.startswith("zhitu: error: SPARQL syntax error")
    assert len(bad.stderr.strip().splitlines()) == 1
    for update in ("DROP ALL", "# wipe\nPREFIX ex: <https://example.org/>\nINSERT DATA { ex:a ex:b ex:c }"):
        refused = run("query", "--store", str(built[0]), update)
        assert refused.exit_code == 1
        assert refused.stderr.strip() == ("zhitu: error: SPARQL Update is not supported: the store changes only "
                                          "through zhitu build and zhitu remove")
    missing = run("query", "--store", str(tmp_path / "none"), PEOPLE)
    assert missing.exit_code == 1 and "no store at" in missing.stderr
