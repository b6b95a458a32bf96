"""--min-confidence: facts stated only below the threshold leave the graph, the rest stays."""
from __future__ import annotations

from click.testing import CliRunner
from rdflib import Literal

from zhitu.build import build_dataset
from zhitu.cli import main
from zhitu.graph.confidence import drop_below
from zhitu.graph.namespaces import ORG, ZT
from zhitu.output import read as load_graph

# Invented: a title right after a body (a high-confidence rule) and a place after 位于.
PAGE = "澄溪县总工会副主席林晓岚介绍，青禾农场位于澄溪县。\n"


def _confidences(dataset) -> list[float]:
    return sorted(float(o) for o in dataset.objects(None, ZT.confidence))


def test_a_threshold_drops_only_the_facts_below_it(tmp_path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    dataset, _ = build_dataset([str(page)])
    confidences = _confidences(dataset)
    assert len(set(confidences)) >= 2, confidences  # two rules of different confidence
    threshold = (confidences[0] + confidences[-1]) / 2
    (graph,) = [g for g in dataset.graphs() if len(g)]
    kept = drop_below(list(graph), threshold)
    kept_confidences = sorted(float(o) for s, p, o in kept if p == ZT.confidence)
    assert kept_confidences and min(kept_confidences) >= threshold
    # a fact dropped leaves no shortcut, membership or statement behind; its entities stay
    assert len(kept) < len(graph)
    assert drop_below(list(graph), None) == list(graph)


def test_a_fact_stated_twice_stays_while_one_statement_is_high_enough(tmp_path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    dataset, _ = build_dataset([str(page)])
    (graph,) = [g for g in dataset.graphs() if len(g)]
    triples = list(graph)
    membership = next(s for s, p, o in triples if p == ORG.member)
    everything = drop_below(triples, 0.0001)
    assert set(everything) == set(triples)
    none_left = drop_below(triples, 1.0)
    assert not any(s == membership for s, p, o in none_left)
    assert not any(p == ZT.confidence for s, p, o in none_left)
    assert any(o == Literal("林晓岚", lang="zh") for s, p, o in none_left)  # the person is still named


def test_export_takes_min_confidence(tmp_path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    dataset, _ = build_dataset([str(page)])
    source = tmp_path / "g.trig"
    dataset.serialize(source, format="trig")
    result = CliRunner().invoke(main, ["export", str(source), "--to", str(tmp_path / "high.trig"),
                                       "--min-confidence", "1"])
    assert result.exit_code == 0, result.output
    assert _confidences(load_graph([tmp_path / "high.trig"])) == []
    bad = CliRunner().invoke(main, ["export", str(source), "--to", str(tmp_path / "x.trig"),
                                    "--min-confidence", "2"])
    assert bad.exit_code == 2 and "0<=x<=1" in bad.output


def test_build_takes_min_confidence_and_rebuilds_when_it_changes(tmp_path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    store, out = tmp_path / "store", tmp_path / "out"
    common = ["build", str(page), "--store", str(store), "--out", str(out), "--format", "trig", "-j", "1",
              "--no-progress"]
    first = CliRunner().invoke(main, common)
    assert first.exit_code == 0, first.output
    everything = _confidences(load_graph([out / "graph.trig"]))
    threshold = max(everything)
    high = CliRunner().invoke(main, common + ["--min-confidence", str(threshold)])
    assert high.exit_code == 0 and "1 extracted" in high.output, high.output  # a new option: built again
    kept = _confidences(load_graph([out / "graph.trig"]))
    assert kept and min(kept) >= threshold and len(kept) < len(everything)
    again = CliRunner().invoke(main, common + ["--min-confidence", str(threshold)])
    assert "0 extracted, 1 unchanged" in again.output, again.output
