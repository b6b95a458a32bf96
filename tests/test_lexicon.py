"""The user lexicon (``zhitu build --lexicon FILE``, issue 11 item 3): names with
type and aliases, stop words, forced merges and splits change the graph exactly
as written; the lexicon is part of each document's fingerprint; a bad file is
one line. Pages and names are invented."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import RDF, RDFS, SKOS, Graph

from zhitu.build import build_dataset, document_fingerprint, run_build
from zhitu.cli import main
from zhitu.errors import InputError
from zhitu.graph.merges import LEXICON_REASON, merges
from zhitu.graph.namespaces import ORG, ZT
from zhitu.read.lexicon import Lexicon, LexiconName, read_lexicon
from zhitu.validation import merged_graph

ROOT = Path(__file__).resolve().parents[1]

#: 艾力 is folded into 艾力·吐尔逊 automatically (first part of a transliterated
#: name); 昆曲 is read as a person; 中央厨房 is no entity; 韩东篱 is a typo.
PAGE_A = ("澄溪县农业农村局局长艾力·吐尔逊走访了多个村庄。艾力说，今年的收成很好。"
          "澄溪市总工会主席周岚山到中央厨房调研，中央厨房主任柳望舒陪同。昆曲说，昆曲团演员韩东篱也到场。\n")
#: Names nothing the lexicon names.
PAGE_B = "澄溪市总工会主席周岚山到青禾食品有限公司调研，公司董事长孟秋实陪同。\n"

LEXICON = """
stop = ["昆曲", "昆曲团"]
split = [["艾力", "艾力·吐尔逊"]]

[merge]
"韩东篱" = "韩冬篱"

[[name]]
name = "澄溪中央厨房"
type = "ORG"
aliases = ["中央厨房"]
"""

TSV = ("# the same lexicon\n"
       "stop\t昆曲\nstop\t昆曲团\nsplit\t艾力\t艾力·吐尔逊\nmerge\t韩东篱\t韩冬篱\n"
       "name\t澄溪中央厨房\tORG\t中央厨房\n")


@pytest.fixture
def pages(tmp_path: Path) -> list[Path]:
    found = []
    for name, text in (("a.txt", PAGE_A), ("b.txt", PAGE_B)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        found.append(path)
    return found


@pytest.fixture
def lexicon_file(tmp_path: Path) -> Path:
    path = tmp_path / "lexicon.toml"
    path.write_text(LEXICON, encoding="utf-8")
    return path


def _entities(graph: Graph) -> dict[str, str]:
    """Each entity's label → its class's local name."""
    found = {}
    for cls in (ZT.Person, ZT.Organization, ZT.Place, ZT.Programme, ZT.Event):
        for entity in graph.subjects(RDF.type, cls):
            found[str(graph.value(entity, RDFS.label))] = cls.split("#")[-1]
    return found


def _aliases(graph: Graph, name: str) -> set[str]:
    entity = next(s for s in graph.subjects(RDFS.label, None) if str(graph.value(s, RDFS.label)) == name)
    return {str(a) for a in graph.objects(entity, SKOS.altLabel)}


def _posts(graph: Graph) -> set[tuple[str, str]]:
    return {(str(graph.value(graph.value(m, ORG.member), RDFS.label)),
             str(graph.value(graph.value(m, ORG.organization), RDFS.label)))
            for m in graph.subjects(RDF.type, ORG.Membership)}


# -- reading the file ----------------------------------------------------------------------

def test_toml_and_tsv_read_to_the_same_lexicon(tmp_path: Path, lexicon_file: Path) -> None:
    tsv = tmp_path / "lexicon.tsv"
    tsv.write_text(TSV, encoding="utf-8")
    lexicon = read_lexicon(lexicon_file)
    assert lexicon == read_lexicon(tsv)
    assert lexicon.names == (LexiconName("澄溪中央厨房", "ORG", ("中央厨房",)),)
    assert lexicon.stops == ("昆曲", "昆曲团")
    assert lexicon.merges == (("韩东篱", "韩冬篱"),)
    assert lexicon.splits == (("艾力", "艾力·吐尔逊"),)


def test_the_sample_lexicon_reads() -> None:
    lexicon = read_lexicon(ROOT / "samples" / "lexicon.toml")
    assert {n.label for n in lexicon.names} == {"ORG", "PROG"} and lexicon.stops and lexicon.merges and lexicon.splits


@pytest.mark.parametrize(("name", "content", "problem"), [
    ("l.toml", "stop = [3", "not valid TOML"),
    ("l.toml", 'stops = ["中央"]', "unknown key 'stops'; a lexicon holds: name, stop, merge, split"),
    ("l.toml", '[[name]]\nname = "澄溪中央厨房"\ntype = "COMPANY"', "unknown type 'COMPANY'; choose from: PER"),
    ("l.toml", 'stop = ["中央"]\n[merge]\n"中央" = "澄溪中央厨房"', "中央 is a stop word"),
    ("l.toml", '[merge]\n"甲" = "乙"\n"乙" = "丙"', "乙 is itself merged into 丙"),
    ("l.toml", 'split = [["甲", "乙"]]\n[merge]\n"甲" = "乙"', "甲 is merged into 乙 and split from it"),
    ("l.tsv", "stop\t中央\nmerge\t甲\n", "line 2: merge takes tab-separated fields: merge A B"),
    ("l.tsv", "keep\t中央\n", "line 1: unknown entry 'keep'; choose from: name, stop, merge, split"),
    ("l.json", "{}", "unknown lexicon format '.json'; choose from: .toml, .tsv"),
])
def test_a_bad_lexicon_names_the_file_and_the_problem(tmp_path: Path, name: str, content: str, problem: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        read_lexicon(path)
    assert str(raised.value).startswith(f"{path}: ")
    assert problem in str(raised.value)


def test_a_bad_lexicon_is_one_line_and_exit_1(tmp_path: Path, pages: list[Path]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[name]]\nname = "澄溪中央厨房"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(pages[0]), "--no-store", "--out", str(tmp_path / "out"),
                                       "--lexicon", str(bad), "--no-progress", "-j", "1"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert result.stderr.strip().splitlines() == [f"zhitu: error: {bad}: [[name]] number 1: 澄溪中央厨房: "
                                                  "unknown type None; choose from: PER, ORG, LOC, PROG, EVENT"]
    assert not (tmp_path / "out").exists()  # read before any work


def test_a_missing_lexicon_is_one_line(tmp_path: Path, pages: list[Path]) -> None:
    missing = tmp_path / "none.toml"
    result = CliRunner().invoke(main, ["build", str(pages[0]), "--no-store", "--out", str(tmp_path / "out"),
                                       "--lexicon", str(missing), "--no-progress", "-j", "1"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [f"zhitu: error: {missing}: cannot read the lexicon: "
                                                  "No such file or directory"]


# -- the graph -----------------------------------------------------------------------------

def test_the_lexicon_changes_the_graph_exactly_as_written(pages: list[Path], lexicon_file: Path) -> None:
    plain = merged_graph(build_dataset([str(pages[0])])[0])
    dataset, _ = build_dataset([str(pages[0])], lexicon=read_lexicon(lexicon_file))
    graph = merged_graph(dataset)
    before, after = _entities(plain), _entities(graph)
    # What the page gives without the lexicon: 昆曲 a person, 艾力 folded into 艾力·吐尔逊, no 中央厨房.
    assert before["昆曲"] == "Person" and "艾力" in _aliases(plain, "艾力·吐尔逊") and "澄溪中央厨房" not in before
    expected = {k: v for k, v in before.items() if k not in ("昆曲", "昆曲团", "韩东篱")}
    expected |= {"澄溪中央厨房": "Organization", "艾力": "Person", "韩冬篱": before["韩东篱"]}
    assert after == expected
    assert _aliases(graph, "澄溪中央厨房") == {"中央厨房"}
    assert _aliases(graph, "韩冬篱") == {"韩东篱"}
    assert "艾力" not in _aliases(graph, "艾力·吐尔逊")
    # The added body takes part in relations (柳望舒 is its 主任); no relation names a stopped entity.
    assert _posts(graph) == _posts(plain) | {("柳望舒", "澄溪中央厨房")}
    assert not {o for o in graph.objects() if str(o) in ("昆曲", "昆曲团")}
    # Each decision is recorded, with the lexicon as its reason.
    decided = {(name, canonical): reason for _, name, canonical, reason in merges(dataset)
               if reason.startswith(LEXICON_REASON)}
    assert decided == {
        ("中央厨房", "澄溪中央厨房"): "user lexicon (lexicon.toml): 中央厨房 is 澄溪中央厨房",
        ("澄溪中央厨房", "澄溪中央厨房"): "user lexicon (lexicon.toml): a name of type ORG",
        ("韩东篱", "韩冬篱"): "user lexicon (lexicon.toml): 韩东篱 is 韩冬篱",
        ("艾力", "艾力"): "user lexicon (lexicon.toml): 艾力 is not 艾力·吐尔逊",
    }


def test_the_graph_built_with_a_lexicon_conforms(pages: list[Path], lexicon_file: Path) -> None:
    from zhitu.validation import validate

    dataset, _ = build_dataset([str(p) for p in pages], lexicon=read_lexicon(lexicon_file))
    report = validate(dataset)
    assert report.conforms, [v.message for v in report.violations]


def test_an_empty_lexicon_changes_nothing(pages: list[Path]) -> None:
    plain, _ = build_dataset([str(pages[0])])
    empty, _ = build_dataset([str(pages[0])], lexicon=Lexicon("empty.toml"))
    assert set(merged_graph(plain)) == set(merged_graph(empty))


def test_explain_merges_lists_the_lexicon_decisions_apart(tmp_path: Path, pages: list[Path],
                                                          lexicon_file: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(pages[0]), "--no-store", "--out", str(tmp_path / "out"),
                                       "--lexicon", str(lexicon_file), "--explain-merges", "--no-progress",
                                       "-j", "1"])
    assert result.exit_code == 0, result.output
    listed = result.output.split("4 user lexicon decision(s):\n", 1)[1].splitlines()
    assert sorted(listed) == sorted([
        "中央厨房 → 澄溪中央厨房 [Organization] user lexicon (lexicon.toml): 中央厨房 is 澄溪中央厨房",
        "澄溪中央厨房 [Organization] user lexicon (lexicon.toml): a name of type ORG",
        "韩东篱 → 韩冬篱 [Person] user lexicon (lexicon.toml): 韩东篱 is 韩冬篱",
        "艾力 [Person] user lexicon (lexicon.toml): 艾力 is not 艾力·吐尔逊",
    ])


# -- the fingerprint -----------------------------------------------------------------------

def _extracted(pages: list[Path], store: Path, out: Path, lexicon: Lexicon | None) -> int:
    result = run_build([str(p) for p in pages], out_dir=out, store_dir=store, jobs=1, lexicon=lexicon)
    assert result.ok
    return result.summary.documents_extracted


def test_an_unchanged_lexicon_extracts_nothing_again(tmp_path: Path, pages: list[Path], lexicon_file: Path) -> None:
    store, out = tmp_path / "store", tmp_path / "out"
    assert _extracted(pages, store, out, read_lexicon(lexicon_file)) == 2
    assert _extracted(pages, store, out, read_lexicon(lexicon_file)) == 0


def test_a_changed_lexicon_rebuilds_the_documents_it_touches(tmp_path: Path, pages: list[Path],
                                                             lexicon_file: Path) -> None:
    store, out = tmp_path / "store", tmp_path / "out"
    lexicon = read_lexicon(lexicon_file)
    assert _extracted(pages, store, out, lexicon) == 2
    # A stop word only page A writes: page A again, page B unchanged.
    lexicon_file.write_text(LEXICON.replace('"昆曲团"]', '"昆曲团", "柳望舒"]'), encoding="utf-8")
    changed = read_lexicon(lexicon_file)
    assert _extracted(pages, store, out, changed) == 1
    from zhitu.store import open_store

    with open_store(store, read_only=True) as opened:
        graph = merged_graph(opened.to_dataset())
    assert "柳望舒" not in _entities(graph) and "周岚山" in _entities(graph)
    # A stop word neither page writes: nothing again.
    lexicon_file.write_text(LEXICON.replace('"昆曲团"]', '"昆曲团", "柳望舒", "不曾写过"]'), encoding="utf-8")
    assert _extracted(pages, store, out, read_lexicon(lexicon_file)) == 0
    # No lexicon at all: page A goes back to what it was without one; page B was never touched.
    assert _extracted(pages, store, out, None) == 1


def test_the_fingerprint_holds_only_the_entries_a_document_writes(pages: list[Path], lexicon_file: Path) -> None:
    from zhitu.read.reading import read_document

    a, b = (read_document(p) for p in pages)
    lexicon = read_lexicon(lexicon_file)
    assert document_fingerprint(b, lexicon) == document_fingerprint(b)
    assert document_fingerprint(a, lexicon) != document_fingerprint(a)


# -- the pipeline --------------------------------------------------------------------------

def test_the_stages_sit_where_they_must_act() -> None:
    from zhitu.extractors.pipeline import load_pipeline

    names = load_pipeline().pipe_names
    at = names.index
    # Mentions: after the rules that make them, before anything reads them.
    assert at("zhitu_entity_rules") < at("zhitu_programmes") < at("zhitu_lexicon_mentions") < at("zhitu_positions")
    # Entities: right after resolution, before the first relation component.
    assert at("zhitu_lexicon_entities") == at("zhitu_resolution") + 1
    # Final: after every component that adds relations (the gazetteer's divisions may follow: data, not text).
    relations = ("zhitu_credits", "zhitu_holds_position", "zhitu_located_in", "zhitu_sub_organization",
                 "zhitu_verb_frames", "zhitu_founded")
    assert all(at(name) < at("zhitu_lexicon_final") for name in relations)


def test_the_pipeline_is_cached_per_lexicon(lexicon_file: Path) -> None:
    from zhitu.extractors.pipeline import default_pipeline

    first, again = read_lexicon(lexicon_file), read_lexicon(lexicon_file)
    assert default_pipeline(None, first) is default_pipeline(None, again)
    assert default_pipeline(None, first) is not default_pipeline(None, None)
    assert default_pipeline(None, first).get_pipe("zhitu_lexicon_final").lexicon == first


@pytest.mark.slow
def test_a_lexicon_reaches_dask_workers(pages: list[Path], lexicon_file: Path) -> None:
    lexicon = read_lexicon(lexicon_file)
    alone, _ = build_dataset([str(p) for p in pages], jobs=1, lexicon=lexicon)
    workers, _ = build_dataset([str(p) for p in pages], jobs=2, lexicon=lexicon)
    assert set(workers.quads()) == set(alone.quads())
    assert "澄溪中央厨房" in _entities(merged_graph(workers))
