"""Tests for zhitu.evaluation: gold files, reading RDF, matching and reports."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rdflib import Dataset

from zhitu.errors import GoldError
from zhitu.evaluation import (
    Entity,
    Report,
    evaluate,
    load_gold,
    match,
    parse_gold,
    predicted_from_graph,
    score,
)
from zhitu.evaluation.scoring import entities_match
from zhitu.output import read as load_graph

PREFIXES = """\
@prefix zt: <https://w3id.org/zhitu/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix schema: <https://schema.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/r/> .
"""

# An invented town: a factory, its union, a person, a programme, a contest.
GRAPH = PREFIXES + """\
ex:zhao a zt:Person ; rdfs:label "赵一鸣"@zh .
ex:qian a zt:Person ; skos:prefLabel "钱小雨"@zh .
ex:factory a zt:Organization ; rdfs:label "青山市机床厂"@zh ; skos:altLabel "青机"@zh .
ex:union a zt:Organization ; rdfs:label "青山市机床厂工会"@zh ;
    org:subOrganizationOf ex:factory ; zt:locatedIn ex:town ;
    zt:organizes ex:seedling ; schema:foundingDate "1990-05-04"^^xsd:date .
ex:paper a zt:Organization ; rdfs:label "青山日报"@zh ; skos:altLabel "本报"@zh .
ex:town a zt:Place ; rdfs:label "青山市"@zh .
ex:seedling a zt:Programme ; rdfs:label "“青苗计划”"@zh ; skos:altLabel "青苗计划"@zh .
ex:contest a zt:Event ; rdfs:label "青山市第一届车工技能大赛"@zh .
ex:factory zt:participatesIn ex:contest .
ex:chair a org:Role , skos:Concept ; skos:prefLabel "主席"@zh .
ex:m1 a org:Membership ; org:member ex:zhao ; org:organization ex:union ; org:role ex:chair .
ex:a1 a schema:NewsArticle ; schema:headline "青山 机床厂 办技能赛"@zh ;
    schema:datePublished "2001-02-03"^^xsd:date ;
    schema:author ex:qian ; schema:publisher ex:paper .
"""

GOLD: dict[str, Any] = {
    "document": "invented/qingshan.txt",
    "entities": [
        {"name": "赵一鸣", "type": "PER", "aliases": []},
        {"name": "钱小雨", "type": "PER", "aliases": []},
        {"name": "青山市机床厂", "type": "ORG", "aliases": ["青机"]},
        {"name": "青山市机床厂工会", "type": "ORG", "aliases": []},
        {"name": "青山日报", "type": "ORG", "aliases": ["本报"]},
        {"name": "青山市", "type": "LOC", "aliases": []},
        {"name": "“青苗计划”", "type": "PROG", "aliases": ["青苗计划"]},
        {"name": "青山市第一届车工技能大赛", "type": "EVENT", "aliases": []},
    ],
    "relations": [
        {"head": "赵一鸣", "relation": "holdsPosition", "tail": "青山市机床厂工会", "role": "主席"},
        {"head": "青山市机床厂工会", "relation": "subOrganizationOf", "tail": "青机"},
        {"head": "青山市机床厂工会", "relation": "locatedIn", "tail": "青山市"},
        {"head": "青山市机床厂工会", "relation": "organizes", "tail": "青苗计划"},
        {"head": "青山市机床厂", "relation": "participatesIn", "tail": "青山市第一届车工技能大赛"},
        {"head": "青山市机床厂工会", "relation": "founded", "tail": "1990-05-04", "place": "青山市"},
        {"head": "ex-article", "relation": "mentions", "tail": "青山市"},
    ],
    "articles": [
        {
            "headline": "青山机床厂办技能赛",
            "date": "2001-02-03",
            "dateline": None,
            "authors": ["钱小雨"],
            "contributors": [],
            "photographers": [],
            "publisher": "本报",
        }
    ],
}


def _gold(**changes: Any) -> dict[str, Any]:
    gold = json.loads(json.dumps(GOLD))
    gold.update(changes)
    return gold


def _predicted(turtle: str, *, fmt: str = "turtle"):
    dataset = Dataset(default_union=True)
    dataset.parse(data=turtle, format=fmt)
    return predicted_from_graph(dataset)


def _report(turtle: str = GRAPH, gold: dict[str, Any] | None = None) -> Report:
    return score(parse_gold(gold or GOLD), _predicted(turtle))


# -- perfect and empty graphs ---------------------------------------------------


def test_perfect_graph_scores_one_everywhere() -> None:
    report = _report()
    for block in report.blocks:
        assert block.micro.f1 == 1.0, block.name
        for type_score in block.types:
            assert (type_score.precision, type_score.recall, type_score.f1) == (1.0, 1.0, 1.0)
    assert report.entities.micro.gold == 8
    assert report.relations.micro.gold == 6  # mentions is not scored
    assert report.credits.micro.gold == 2


def test_empty_graph_scores_zero() -> None:
    report = _report(PREFIXES)
    assert report.entities.micro.matched == 0
    assert (report.relations.micro.precision, report.relations.micro.recall) == (0.0, 0.0)
    assert report.credits.micro.f1 == 0.0


def test_nothing_on_either_side_is_undefined() -> None:
    report = _report(PREFIXES, {"entities": [], "relations": []})
    assert report.entities.micro.f1 is None
    assert report.format().splitlines()[-1].split() == ["micro", "0", "0", "0", "-", "-", "-"]


# -- entities -----------------------------------------------------------------


def test_alias_matches_canonical_name() -> None:
    graph = PREFIXES + """
ex:f a zt:Organization ; rdfs:label "青机"@zh .
ex:s a zt:Programme ; skos:prefLabel "青苗计划"@zh ; skos:altLabel "“青苗计划”"@zh .
"""
    report = _report(graph)
    assert report.entities.type("ORG").matched == 1
    assert report.entities.type("PROG").matched == 1


def test_wrong_type_is_a_miss_and_a_false_positive() -> None:
    graph = PREFIXES + 'ex:t a zt:Organization ; rdfs:label "青山市"@zh .'
    report = _report(graph)
    assert report.entities.type("LOC").missed == ("青山市",)
    assert report.entities.type("ORG").spurious == ("青山市",)
    assert report.entities.type("ORG").matched == 0


def test_one_to_one_each_gold_entity_matched_once() -> None:
    graph = PREFIXES + """
ex:f1 a zt:Organization ; rdfs:label "青山市机床厂"@zh .
ex:f2 a zt:Organization ; rdfs:label "青机"@zh .
"""
    org = _report(graph).entities.type("ORG")
    assert (org.predicted, org.matched) == (2, 1)
    assert len(org.spurious) == 1


def test_matching_is_maximum_not_greedy() -> None:
    gold = [Entity("ORG", "甲厂", ("乙",)), Entity("ORG", "乙")]
    predicted = [Entity("ORG", "乙"), Entity("ORG", "甲厂")]
    # Greedy in gold order would pair 甲厂 with the first 乙 and strand gold 乙.
    assert match(gold, predicted, entities_match) == [(0, 1), (1, 0)]


def test_duplicate_nodes_in_the_graph_count_once() -> None:
    graph = PREFIXES + """
ex:t1 a zt:Place ; rdfs:label "青山市"@zh .
ex:t2 a zt:Place ; rdfs:label "青山市"@zh .
"""
    assert _report(graph).entities.type("LOC").predicted == 1


# -- relations ----------------------------------------------------------------


MEMBERSHIP = PREFIXES + """
ex:m a org:Membership ; org:member ex:zhao ; org:organization ex:union ; org:role ex:r .
ex:zhao rdfs:label "赵一鸣"@zh . ex:union rdfs:label "青山市机床厂工会"@zh .
ex:r skos:prefLabel "{role}"@zh .
"""


def test_holds_position_with_the_same_role_matches() -> None:
    assert _report(MEMBERSHIP.format(role="主席")).relations.type("holdsPosition").matched == 1


def test_role_mismatch_is_not_a_match() -> None:
    holds = _report(MEMBERSHIP.format(role="副主席")).relations.type("holdsPosition")
    assert holds.matched == 0
    assert holds.missed == ("赵一鸣 → 青山市机床厂工会 [主席]",)
    assert holds.spurious == ("赵一鸣 → 青山市机床厂工会 [副主席]",)


def test_role_from_rdfs_label() -> None:
    graph = MEMBERSHIP.replace("skos:prefLabel", "rdfs:label").format(role="主席")
    assert _report(graph).relations.type("holdsPosition").matched == 1


def test_relation_ends_match_through_aliases() -> None:
    # gold tail is the alias 青机; the graph names the canonical form, and the
    # programme is named only by its quoted form.
    graph = PREFIXES + """
ex:u rdfs:label "青山市机床厂工会"@zh ; org:subOrganizationOf ex:f ; zt:organizes ex:s .
ex:f rdfs:label "青山市机床厂"@zh .
ex:s rdfs:label "“青苗计划”"@zh .
"""
    relations = _report(graph).relations
    assert relations.type("subOrganizationOf").matched == 1
    assert relations.type("organizes").matched == 1


def test_swapped_ends_do_not_match() -> None:
    graph = PREFIXES + """
ex:f rdfs:label "青山市机床厂"@zh ; org:subOrganizationOf ex:u .
ex:u rdfs:label "青山市机床厂工会"@zh .
"""
    assert _report(graph).relations.type("subOrganizationOf").matched == 0


@pytest.mark.parametrize(("date", "matched"), [("1990-05-04", 1), ("1990-05-05", 0)])
def test_founded_compares_the_date(date: str, matched: int) -> None:
    graph = PREFIXES + f'ex:u rdfs:label "青山市机床厂工会"@zh ; schema:foundingDate "{date}"^^xsd:date .'
    founded = _report(graph).relations.type("founded")
    assert founded.matched == matched
    if not matched:
        assert founded.spurious == (f"青山市机床厂工会 → {date}",)


def test_named_graphs_are_merged() -> None:
    trig = PREFIXES + """
ex:doc1 { ex:u a zt:Organization ; rdfs:label "青山市机床厂工会"@zh . }
ex:doc2 { ex:u zt:locatedIn ex:t . ex:t a zt:Place ; rdfs:label "青山市"@zh . }
ex:doc3 { ex:u zt:locatedIn ex:t . }
"""
    report = score(parse_gold(GOLD), _predicted(trig, fmt="trig"))
    assert report.relations.type("locatedIn").predicted == 1
    assert report.relations.type("locatedIn").matched == 1
    assert report.entities.type("ORG").matched == 1


# -- credits ------------------------------------------------------------------


def test_credits_match_headline_ignoring_whitespace() -> None:
    credits = _report().credits
    assert credits.type("author").matched == 1
    assert credits.type("publisher").matched == 1


def test_credits_are_not_in_the_relation_scores() -> None:
    report = _report()
    assert {t.type for t in report.relations.types}.isdisjoint({"author", "publisher"})
    assert report.relations.micro.gold == 6


def test_credit_under_another_headline_does_not_match() -> None:
    graph = GRAPH.replace("青山 机床厂 办技能赛", "另一篇报道")
    author = _report(graph).credits.type("author")
    assert author.matched == 0
    assert author.missed == ("《青山机床厂办技能赛》 钱小雨",)


def test_articles_are_read_from_the_graph() -> None:
    (article,) = _predicted(GRAPH).articles
    assert article.headline == "青山 机床厂 办技能赛"
    assert article.date == "2001-02-03"
    assert [ref.name for ref in article.authors] == ["钱小雨"]
    assert article.publishers[0].names == {"青山日报", "本报"}


# -- report -------------------------------------------------------------------


def test_format_lists_misses_only_when_asked() -> None:
    report = _report(MEMBERSHIP.format(role="副主席"))
    plain = report.format()
    assert "false negatives" not in plain
    for header in ("entities", "relations", "credits"):
        assert header in plain
    detailed = report.format(show_misses=True)
    assert "relations: wrong role (1)" in detailed
    assert "赵一鸣 → 青山市机床厂工会 [主席] found as [副主席]" in detailed


def test_to_dict_is_json_ready() -> None:
    data = json.loads(json.dumps(_report().to_dict(), ensure_ascii=False))
    assert data["document"] == "invented/qingshan.txt"
    assert data["entities"]["micro"]["f1"] == 1.0
    assert data["relations"]["types"]["holdsPosition"]["matched"] == 1
    assert set(data) == {"gold", "document", "entities", "relations", "credits"}


def test_evaluate_reads_files(tmp_path: Path) -> None:
    graph = tmp_path / "graph.ttl"
    graph.write_text(GRAPH, encoding="utf-8")
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    report = evaluate([graph], gold)
    assert report.relations.micro.f1 == 1.0
    assert report.gold == str(gold)
    assert evaluate([], gold).entities.micro.matched == 0


def test_predicted_from_load_graph_merges_files(tmp_path: Path) -> None:
    first, second = tmp_path / "a.ttl", tmp_path / "b.ttl"
    first.write_text(PREFIXES + 'ex:t a zt:Place ; rdfs:label "青山市"@zh .', encoding="utf-8")
    second.write_text(PREFIXES + 'ex:t skos:altLabel "青山"@zh .', encoding="utf-8")
    (place,) = predicted_from_graph(load_graph([first, second])).entities
    assert place == Entity("LOC", "青山市", ("青山",))


# -- gold files ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("gold", "problem"),
    [
        ([], "expected a JSON object, found an array"),
        ({"relations": []}, "missing 'entities'"),
        (_gold(entities={}), "entities: expected an array"),
        (_gold(entities=[{"name": "青山市", "type": "CITY"}]), "entities[0].type: unknown type 'CITY'; choose from: PER"),
        (_gold(entities=[{"type": "LOC"}]), "entities[0]: missing 'name'"),
        (_gold(entities=[{"name": "青山市", "type": "LOC", "aliases": [3]}]), "entities[0].aliases[0]"),
        (_gold(relations=[{"head": "赵一鸣", "relation": "holdsPosition", "tail": "青机"}]), "holdsPosition needs a 'role'"),
        (_gold(relations=[{"head": "a", "relation": "author", "tail": "b"}]), "put it in the 'articles' array"),
        (_gold(relations=[{"head": "a", "relation": "likes", "tail": "b"}]), "unknown relation 'likes'"),
        (_gold(relations=[{"head": "青机", "relation": "founded", "tail": "5月4日"}]), "founded needs an ISO date"),
        (_gold(articles=[{"authors": []}]), "articles[0]: missing 'headline'"),
        (_gold(articles=[{"headline": "h", "authors": "钱小雨"}]), "articles[0].authors: expected an array"),
    ],
)
def test_malformed_gold_raises_gold_error(tmp_path: Path, gold: Any, problem: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(GoldError) as info:
        load_gold(path)
    assert str(info.value).startswith(f"{path}: ")
    assert problem in str(info.value)
    assert "\n" not in str(info.value)


def test_gold_that_is_not_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n "entities": [,]\n}', encoding="utf-8")
    with pytest.raises(GoldError, match=r"bad\.json:2: not JSON"):
        load_gold(path)


def test_missing_gold_file(tmp_path: Path) -> None:
    with pytest.raises(GoldError, match="no such file"):
        load_gold(tmp_path / "absent.json")


def test_gold_relation_ends_resolve_to_entity_aliases() -> None:
    gold = parse_gold(GOLD)
    sub = next(r for r in gold.relations if r.relation == "subOrganizationOf")
    assert sub.tail.names == {"青山市机床厂", "青机"}
    (article,) = gold.articles
    assert article.publishers[0].names == {"青山日报", "本报"}
