"""Time on facts (issue 11, item 1), on pages this test writes: posts reported on
two dates (first and last report), a post begun in a stated year, a former post
(曾任, 原…), ``posts-of`` / ``holders-of`` / ``--as-of`` on the store and on
graph files, SHACL conformance, and the dates in the exports."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal
from rdflib import namespace as ns

from zhitu.cli import main
from zhitu.extractors.components.holds_position import When, when_of
from zhitu.query import named_query

FIRST_DAY, SECOND_DAY = "2020-03-05", "2021-06-05"
PAGES = [
    {"id": "a", "title": "澄溪县总工会召开全委会议", "date": FIRST_DAY,
     "text": "澄溪县总工会主席林晓岚出席会议。林晓岚自2018年起任澄溪县总工会主席。宋佳宁曾任澄溪县总工会副主席。"},
    {"id": "b", "title": "澄溪县总工会换届", "date": SECOND_DAY,
     "text": "澄溪县总工会主席林晓岚主持会议。宋佳宁曾任澄溪县总工会主席。韩立川任澄溪县总工会副主席。"},
]


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def table(*args: str) -> list[dict[str, str]]:
    result = run("query", *args, "--format", "csv")
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(store, out folder) of the two dated pages, one JSON Lines record each."""
    folder = tmp_path_factory.mktemp("time")
    pages = folder / "pages.jsonl"
    pages.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in PAGES), encoding="utf-8")
    result = run("build", str(pages), "--root", str(folder), "--store", str(folder / "store"), "--out", str(folder / "out"),
                 "--no-progress", "-j", "1", "--format", "turtle", "--format", "gexf", "--format", "graphml",
                 "--format", "neo4j", "--format", "kuzu")
    assert result.exit_code == 0, result.output
    return folder / "store", folder / "out"


# -- extraction ------------------------------------------------------------------------------


@pytest.mark.parametrize("words, when", [
    ("自2018年起担任", When(began="2018")),
    ("2018年5月当选", When(began="2018-05")),
    ("，2015年至2019年任", When(began="2015", ended="2019")),
    ("2016年3月2日起，担任", When(began="2016-03-02")),
    ("曾任", When(former=True)),
    ("曾经担任", When(former=True)),
    ("1998年毕业于某校，现任", When()),
    ("任", When()),
])
def test_what_words_say_of_a_posts_time(words: str, when: When) -> None:
    assert when_of(words) == when


def posts(doc) -> set[tuple]:
    return {(r.head[1], r.tail[1], r.role, r.began, r.ended, r.former)
            for r in doc._.relations or [] if r.relation == "holdsPosition"}


def test_posts_in_sentences_carry_their_time(nlp) -> None:
    assert posts(nlp("林晓岚自2018年起任澄溪县总工会主席。")) == {("林晓岚", "澄溪县总工会", "主席", "2018", None, False)}
    assert posts(nlp("宋佳宁曾任澄溪县总工会副主席。")) == {("宋佳宁", "澄溪县总工会", "副主席", None, None, True)}
    assert posts(nlp("澄溪县总工会原主席宋佳宁出席。")) == {("宋佳宁", "澄溪县总工会", "主席", None, None, True)}
    assert posts(nlp("目前澄溪县总工会主席林晓岚说。")) == {("林晓岚", "澄溪县总工会", "主席", None, None, False)}


def test_a_post_stated_again_with_its_time_keeps_the_time(nlp) -> None:
    doc = nlp("澄溪县总工会主席林晓岚出席会议。林晓岚自2018年起任澄溪县总工会主席。")
    assert ("林晓岚", "澄溪县总工会", "主席", "2018", None, False) in posts(doc)


# -- the graph ------------------------------------------------------------------------------------


def test_every_assertion_reaches_its_report_date_in_one_step(built) -> None:
    graph = Graph().parse(built[1] / "graph.ttl")
    missing = graph.query("""SELECT ?fact WHERE { ?fact a zt:Assertion .
        FILTER NOT EXISTS { ?fact zt:article/schema:datePublished ?date } }""")
    assert list(missing) == []
    assert len(graph.query("SELECT ?fact WHERE { ?fact a zt:Assertion }")) > 3


def test_memberships_carry_every_report_date(built) -> None:
    graph = Graph().parse(built[1] / "graph.ttl")
    rows = graph.query("""SELECT ?date WHERE { ?m org:member/rdfs:label "林晓岚"@zh ;
        org:role/skos:prefLabel "主席"@zh ; zt:reportedOn ?date }""")
    assert {str(r[0]) for r in rows} == {FIRST_DAY, SECOND_DAY}
    undated = graph.query("SELECT ?m WHERE { ?m a org:Membership FILTER NOT EXISTS { ?m zt:reportedOn ?d } }")
    assert list(undated) == []


def test_a_stated_beginning_is_an_owl_time_interval(built) -> None:
    graph = Graph().parse(built[1] / "graph.ttl")
    rows = graph.query("""SELECT ?year WHERE { ?m org:member/rdfs:label "林晓岚"@zh ; org:role/skos:prefLabel "主席"@zh ;
        org:memberDuring ?i . ?i a time:Interval ; time:hasBeginning ?b . ?b a time:Instant ; time:inXSDgYear ?year }""")
    assert [r[0] for r in rows] == [Literal("2018", datatype=ns.XSD.gYear)]


def test_a_former_post_is_historical_and_ends_before_the_report(built) -> None:
    graph = Graph().parse(built[1] / "graph.ttl")
    rows = graph.query("""SELECT ?role ?date WHERE {
        ?fact zt:historical true ; zt:membership ?m ; zt:article/schema:datePublished ?date .
        ?m org:member/rdfs:label "宋佳宁"@zh ; org:role/skos:prefLabel ?role ;
           org:memberDuring/time:hasEnd/time:before/time:inXSDDate ?date }""")
    assert {(str(r[0]), str(r[1])) for r in rows} == {("副主席", FIRST_DAY), ("主席", SECOND_DAY)}
    current = graph.query("""SELECT ?fact WHERE { ?fact zt:historical true ;
        zt:membership/org:member/rdfs:label "林晓岚"@zh }""")
    assert list(current) == []


def test_the_graph_conforms_to_the_shapes(built) -> None:
    result = run("validate", str(built[1] / "graph.ttl"))
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_a_broken_interval_is_a_violation(built, tmp_path: Path) -> None:
    graph = Graph().parse(built[1] / "graph.ttl")
    interval = next(graph.objects(None, ns.ORG.memberDuring))
    graph.remove((interval, ns.TIME.hasBeginning, None))
    graph.remove((interval, ns.TIME.hasEnd, None))
    broken = tmp_path / "broken.ttl"
    graph.serialize(broken, format="turtle")
    result = run("validate", str(broken))
    assert result.exit_code == 1
    assert "time:hasBeginning or a time:hasEnd" in result.output


# -- named queries --------------------------------------------------------------------------------


@pytest.mark.parametrize("source", ["store", "file"])
def test_posts_of_gives_first_and_last_report(built, source: str) -> None:
    where = ["--store", str(built[0])] if source == "store" else [str(built[1] / "graph.ttl")]
    rows = table(*where, "--named", "posts-of", "林晓岚")
    assert [(r["role"], r["organisation"], r["first_reported"], r["last_reported"], r["began"], r["former_reports"])
            for r in rows] == [("主席", "澄溪县总工会", FIRST_DAY, SECOND_DAY, "2018", "0")]
    assert set(rows[0]["sources"].split(" | ")) == {"pages.jsonl#a", "pages.jsonl#b"}


@pytest.mark.parametrize("source", ["store", "file"])
def test_posts_of_as_of_a_date(built, source: str) -> None:
    where = ["--store", str(built[0])] if source == "store" else [str(built[1] / "graph.ttl")]
    held = table(*where, "--named", "posts-of", "林晓岚", "--as-of", "2020-12-31")
    assert [(r["role"], r["last_reported"]) for r in held] == [("主席", FIRST_DAY)]
    assert table(*where, "--named", "posts-of", "林晓岚", "--as-of", "2017-06-30") == []  # no report yet
    # A post only ever reported as former is not held on any date.
    former = table(*where, "--named", "posts-of", "宋佳宁")
    assert {(r["role"], r["former_reports"]) for r in former} == {("副主席", "1"), ("主席", "1")}
    assert table(*where, "--named", "posts-of", "宋佳宁", "--as-of", "2022-01-01") == []


@pytest.mark.parametrize("source", ["store", "file"])
def test_holders_of_by_date(built, source: str) -> None:
    where = ["--store", str(built[0])] if source == "store" else [str(built[1] / "graph.ttl")]
    rows = table(*where, "--named", "holders-of", "主席", "澄溪县总工会")
    assert [(r["person"], r["first_reported"], r["former_reports"]) for r in rows] == [
        ("林晓岚", FIRST_DAY, "0"), ("宋佳宁", SECOND_DAY, "1")]
    deputies = table(*where, "--named", "holders-of", "副主席", "澄溪县总工会")
    assert [r["person"] for r in deputies] == ["宋佳宁", "韩立川"]


def test_query_options_are_checked(built) -> None:
    store = str(built[0])
    wrong = run("query", "--store", store, "--named", "posts", "澄溪县总工会", "--as-of", "2020-01-01")
    assert wrong.exit_code == 2 and "does not take --as-of" in wrong.output
    bad = run("query", "--store", store, "--named", "posts-of", "林晓岚", "--as-of", "2020-13-01")
    assert bad.exit_code == 1 and "YYYY-MM-DD" in bad.output
    short = run("query", "--store", store, "--named", "holders-of", "主席")
    assert short.exit_code == 2 and "ROLE ORG" in short.output
    assert named_query("posts-of").usage == "zhitu query --named posts-of PERSON [--as-of DATE]"
    listing = run("query", "--list").stdout
    assert "zhitu query --named holders-of ROLE ORG\n" in listing


# -- exports --------------------------------------------------------------------------------------


def test_gexf_membership_edges_are_dynamic(built) -> None:
    root = ET.parse(built[1] / "graph.gexf").getroot()
    ns = {"g": root.tag[1:].split("}")[0]}
    graph = root.find("g:graph", ns)
    assert graph.get("mode") == "dynamic" and graph.get("timeformat") == "date"
    spans = {(e.get("source").rsplit("/", 1)[1], e.get("start"), e.get("end"))
             for e in graph.iter(f"{{{ns['g']}}}edge") if e.get("label") == "holdsPosition"}
    assert ("林晓岚", "2018-01-01", SECOND_DAY) in spans
    assert ("宋佳宁", None, FIRST_DAY) in spans  # left by the first report that calls it former
    others = [e for e in graph.iter(f"{{{ns['g']}}}edge") if e.get("label") != "holdsPosition"]
    assert others and all(e.get("start") is None and e.get("end") is None for e in others)


def test_graphml_edges_carry_the_dates(built) -> None:
    import networkx as nx

    graph = nx.read_graphml(built[1] / "graph.graphml")
    posts = [d for _, _, d in graph.edges(data=True) if d.get("relation") == "holdsPosition"]
    assert {d["reported"] for d in posts} == {FIRST_DAY, SECOND_DAY}
    lin = [d for d in posts if d["role"] == "主席" and d["began"]]
    assert lin and all(d["first_reported"] == FIRST_DAY and d["last_reported"] == SECOND_DAY for d in lin)
    assert any(d["historical"] for d in posts)


def test_graph_database_csv_has_date_columns(built) -> None:
    with open(built[1] / "graph.neo4j" / "relationships.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {"reported", "first_reported", "last_reported", "began", "ended", "historical:boolean"} <= set(rows[0])
    assert {r["historical:boolean"] for r in rows} == {"true", "false"}
    schema = (built[1] / "graph.kuzu" / "schema.cypher").read_text(encoding="utf-8")
    assert "first_reported STRING" in schema and "historical BOOLEAN" in schema
