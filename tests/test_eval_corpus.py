"""Scoring many documents at once (zhitu.evaluation.corpus) and misses grouped by kind."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from zhitu.cli import main
from zhitu.evaluation import Entity, Ref, Relation
from zhitu.evaluation.corpus import evaluate_corpus, gold_files
from zhitu.evaluation.misses import entity_misses, relation_misses
from zhitu.graph.iris import document_iri

PREFIXES = """\
@prefix zt: <https://w3id.org/zhitu/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/r/> .
"""

# Two invented documents, each in its own named graph, sharing one entity IRI.
TRIG = PREFIXES + f"""
<{document_iri("news/a.md")}> {{
  ex:wang a zt:Person ; rdfs:label "王小川"@zh .
  ex:mill a zt:Organization ; rdfs:label "白河纺织厂"@zh .
  ex:chair a org:Role ; skos:prefLabel "厂长"@zh .
  ex:m1 a org:Membership ; org:member ex:wang ; org:organization ex:mill ; org:role ex:chair .
}}
<{document_iri("news/b.md")}> {{
  ex:mill a zt:Organization ; rdfs:label "白河纺织厂"@zh .
  ex:river a zt:Person ; rdfs:label "白河"@zh .
}}
"""


def _gold(document: str, entities: list, relations: list | None = None) -> dict:
    return {"document": document, "entities": entities, "relations": relations or [], "articles": []}


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, Path]:
    graph = tmp_path / "graph.trig"
    graph.write_text(TRIG, encoding="utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.json").write_text(json.dumps(_gold("news/a.md", [
        {"name": "王小川", "type": "PER", "aliases": []},
        {"name": "白河纺织厂", "type": "ORG", "aliases": []},
    ], [{"head": "王小川", "relation": "holdsPosition", "tail": "白河纺织厂", "role": "副厂长"}]),
        ensure_ascii=False), encoding="utf-8")
    (gold / "b.json").write_text(json.dumps(_gold("news/b.md", [
        {"name": "白河", "type": "LOC", "aliases": []},
        {"name": "白河纺织厂", "type": "ORG", "aliases": []},
        {"name": "黑山镇", "type": "LOC", "aliases": []},
    ]), ensure_ascii=False), encoding="utf-8")
    return graph, gold


def test_each_gold_file_is_scored_against_its_document_graph(corpus) -> None:
    graph, gold = corpus
    report = evaluate_corpus([graph], [gold])
    assert [r.document for r in report.reports] == ["news/a.md", "news/b.md"]
    # a: 2 of 2 entities; b: 白河纺织厂 only (白河 has the wrong type, 黑山镇 is missing)
    assert (report.entities.micro.gold, report.entities.micro.predicted, report.entities.micro.matched) == (5, 4, 3)
    # the person of document a is not counted in document b
    assert report.reports[1].entities.type("PER").predicted == 1  # 白河 as a person, b's own
    assert report.relations.micro.matched == 0


def test_misses_are_grouped_by_kind(corpus) -> None:
    graph, gold = corpus
    report = evaluate_corpus([graph], [gold])
    kinds = {(m.block, m.kind, m.document) for m in report.misses}
    assert ("entities", "wrong type", "news/b.md") in kinds
    assert ("entities", "missing entity", "news/b.md") in kinds
    assert ("relations", "wrong role", "news/a.md") in kinds
    text = report.format(show_misses=True, per_document=True)
    assert "entities: wrong type (1)" in text
    assert "白河 (LOC) found as PER" in text
    assert "news/a.md" in text and "news/b.md" in text


def test_a_document_missing_from_the_graph_counts_as_all_missed(tmp_path: Path, corpus) -> None:
    graph, gold = corpus
    (gold / "c.json").write_text(json.dumps(_gold("news/c.md", [{"name": "李四", "type": "PER", "aliases": []}]),
                                            ensure_ascii=False), encoding="utf-8")
    report = evaluate_corpus([graph], [gold])
    assert report.no_graph == ("news/c.md",)
    assert report.entities.micro.gold == 6
    assert "no graph for document news/c.md" in report.format()


def test_document_ids_may_carry_a_longer_path(tmp_path: Path) -> None:
    graph = tmp_path / "g.trig"
    graph.write_text(PREFIXES + f'<{document_iri("../data/news/a.md")}> {{ ex:w a zt:Person ; rdfs:label "王小川"@zh . }}\n',
                     encoding="utf-8")
    gold = tmp_path / "a.json"
    gold.write_text(json.dumps(_gold("news/a.md", [{"name": "王小川", "type": "PER", "aliases": []}]),
                               ensure_ascii=False), encoding="utf-8")
    assert evaluate_corpus([graph], [gold]).entities.micro.matched == 1


def test_gold_folder_without_gold_files_is_an_error(tmp_path: Path) -> None:
    from zhitu.errors import GoldError

    with pytest.raises(GoldError, match="no gold files"):
        gold_files([tmp_path])


def test_cli_scores_a_folder_with_floors(corpus) -> None:
    graph, gold = corpus
    result = CliRunner().invoke(main, ["eval", str(graph), str(gold), "--per-document", "--min-entity-f1", "0.9"])
    assert result.exit_code == 1, result.output
    assert "gold: 2 documents" in result.output
    assert "entities micro F1 0.667 < 0.9" in result.output
    data = json.loads(CliRunner().invoke(main, ["eval", str(graph), str(gold), "--json"]).output)
    assert data["documents"] == 2 and data["entities"]["micro"]["matched"] == 3
    assert {m["kind"] for m in data["misses"]} >= {"wrong type", "missing entity", "wrong role"}


def test_cli_needs_both_graphs_and_gold(corpus) -> None:
    graph, _ = corpus
    result = CliRunner().invoke(main, ["eval", str(graph)])
    assert result.exit_code == 2
    assert "no gold files" in result.output


def test_boundary_and_wrong_tail_kinds() -> None:
    gold = [Entity("PER", "李大山")]
    predicted = [Entity("PER", "李大山语")]
    (miss,) = entity_misses(gold, predicted)
    assert (miss.kind, miss.text) == ("boundary", "李大山 found as 李大山语")
    ref = lambda name: Ref(name, frozenset({name}))  # noqa: E731
    gold_r = [Relation("locatedIn", ref("青石村"), ref("南坪县"))]
    predicted_r = [Relation("locatedIn", ref("青石村"), ref("南坪市")), Relation("locatedIn", ref("甲"), ref("乙"))]
    kinds = [m.kind for m in relation_misses(gold_r, predicted_r)]
    assert kinds == ["wrong tail", "spurious relation"]
