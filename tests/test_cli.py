"""The ``zhitu`` command, through click's CliRunner and once as a real process.

Bad inputs are the point here: each must be reported on one line that names
the file (and line), the run must go on, and summary.json must account for
every document. No traceback, ever.
"""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from rdflib import Graph, Literal
from rdflib.namespace import RDFS

from zhitu.cli import main

GOOD_PAGE = """2023年9月14日 星期四

# 澄溪港务集团召开职工代表大会

本报讯 9月12日，澄溪港务集团有限公司董事长周明远、副董事长宋佳宁出席会议。湖州市总工会副主席陆晓岚到会讲话。
"""


def run(*args: str, input: str | bytes | None = None) -> Result:
    result = CliRunner().invoke(main, list(args), input=input)
    assert "Traceback" not in result.output and "Traceback" not in result.stderr, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def summary_of(out: Path) -> dict:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def skipped_lines(result: Result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("zhitu: skipped ")]


def assert_accounts_for_everything(summary: dict) -> None:
    docs = summary["documents"]
    assert docs["read"] == docs["built"] + docs["skipped"]
    assert docs["built"] == docs["extracted"] + docs["unchanged"]
    assert docs["skipped"] == len(summary["skipped"])


def documents(read: int, extracted: int, skipped: int, unchanged: int = 0) -> dict:
    """summary.json's ``documents`` block."""
    return {"read": read, "extracted": extracted, "unchanged": unchanged, "skipped": skipped,
            "built": extracted + unchanged}


@pytest.fixture
def good_page(tmp_path: Path) -> Path:
    path = tmp_path / "good.md"
    path.write_text(GOOD_PAGE, encoding="utf-8")
    return path


# -- help and version ------------------------------------------------------------------

@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage:")
    assert main.commands[command].help, f"{command} has no docstring"


def test_main_help_lists_every_command() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in main.commands:
        assert command in result.stdout
    assert run("-h").stdout == result.stdout


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.startswith("zhitu")


def test_starting_the_cli_imports_no_library() -> None:
    # Each command imports the library it calls when it runs: --help stays quick.
    code = ("import sys, zhitu.cli; print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('rdflib', 'pyoxigraph', 'spacy', 'tqdm') or m in ('zhitu.store', 'zhitu.build', 'zhitu.query')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_help_names_the_libraries_defaults_and_is_the_same_twice() -> None:
    from zhitu.cli._options import format_size
    from zhitu.read.reading import DEFAULT_MAX_BYTES
    from zhitu.store import DEFAULT_STORE, STORE_ENV

    first = run("build", "--help").stdout
    assert first == run("build", "--help").stdout
    text = " ".join(first.split())
    assert f"Also set by ${STORE_ENV}. [default: {DEFAULT_STORE}]" in text
    assert f"[default: {format_size(DEFAULT_MAX_BYTES)}]" in text


# -- build -------------------------------------------------------------------------------

def test_build_sample_writes_graph_html_and_summary(sample_out: Path) -> None:
    for name in ("graph.ttl", "graph.html", "summary.json"):
        assert (sample_out / name).stat().st_size > 0, name
    summary = summary_of(sample_out)
    assert summary["documents"] == documents(1, 1, 0)
    assert summary["articles"] >= 2
    assert summary["triples"] == len(Graph().parse(sample_out / "graph.ttl"))
    assert set(summary["outputs"]) >= {"turtle", "html", "summary"}
    assert not [p for p in sample_out.iterdir() if p.name.endswith(".part")]


def test_build_reports_what_it_built(good_page: Path, tmp_path: Path) -> None:
    result = run("build", str(good_page), "--out", str(tmp_path / "out"), "--no-progress")
    assert result.exit_code == 0
    assert result.stdout.startswith("read 1 documents: 1 extracted, 0 unchanged, 0 skipped; ")
    assert result.stderr == ""


def _bad_inputs(folder: Path) -> dict[str, tuple[Path, str | None]]:
    """name → (path, the text naming it in the skip message)."""
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "undecodable.txt").write_bytes(b"\x80\x81\x82\xff\xfe\xfd\xfc\x80")
    records = [
        json.dumps({"id": "one", "text": "澄溪港务集团有限公司董事长周明远出席会议。"}, ensure_ascii=False),
        '{"id": "two", "text": 澄溪',
        json.dumps({"id": "three", "text": "湖州市总工会召开会议。"}, ensure_ascii=False),
    ]
    (folder / "news.jsonl").write_text("\n".join(records) + "\n", encoding="utf-8")
    return {
        "empty": (folder / "empty.txt", "empty.txt"),
        "binary": (folder / "binary.txt", "binary.txt"),
        "undecodable": (folder / "undecodable.txt", "undecodable.txt"),
        "jsonl": (folder / "news.jsonl", "news.jsonl:2"),
        "missing": (folder / "missing.txt", "missing.txt"),
    }


@pytest.mark.parametrize("bad", ["empty", "binary", "undecodable", "jsonl", "missing"])
def test_a_bad_input_is_skipped_and_the_run_goes_on(bad: str, good_page: Path, tmp_path: Path) -> None:
    path, named = _bad_inputs(tmp_path)[bad]
    out = tmp_path / "out"
    result = run("build", str(path), str(good_page), "--out", str(out), "--no-progress")
    assert result.exit_code == 0, result.output
    lines = skipped_lines(result)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"zhitu: skipped {path.parent / named}: ")
    assert len(lines[0]) > len(f"zhitu: skipped {path.parent / named}: ")  # a reason follows
    summary = summary_of(out)
    assert_accounts_for_everything(summary)
    built = 3 if bad == "jsonl" else 1  # the good page, and the jsonl's two good lines
    assert summary["documents"]["built"] == built
    assert summary["documents"]["skipped"] == 1
    skipped = summary["skipped"][0]
    assert skipped["source"] == str(path)
    assert skipped["line"] == (2 if bad == "jsonl" else None)
    assert (out / "graph.ttl").exists()


def test_every_bad_input_at_once(good_page: Path, tmp_path: Path) -> None:
    bad = _bad_inputs(tmp_path)
    out = tmp_path / "out"
    result = run("build", *(str(p) for p, _ in bad.values()), str(good_page), "--out", str(out), "--no-progress")
    assert result.exit_code == 0
    lines = skipped_lines(result)
    assert len(lines) == len(bad)
    for line, (_, named) in zip(lines, bad.values()):
        assert named in line
    assert all("\n" not in line for line in lines)
    summary = summary_of(out)
    assert_accounts_for_everything(summary)
    assert summary["documents"] == documents(8, 3, 5)


def test_nothing_built_exits_1_and_still_writes_the_summary(tmp_path: Path) -> None:
    bad = _bad_inputs(tmp_path)
    paths = [str(p) for name, (p, _) in bad.items() if name != "jsonl"]
    out = tmp_path / "out"
    result = run("build", *paths, "--out", str(out), "--no-progress")
    assert result.exit_code == 1
    assert len(skipped_lines(result)) == len(paths)
    assert result.stderr.strip().splitlines()[-1].startswith("zhitu: error: nothing could be built")
    summary = summary_of(out)
    assert_accounts_for_everything(summary)
    assert summary["documents"] == documents(len(paths), 0, len(paths))


@pytest.mark.slow
def test_a_megabyte_line_without_punctuation(good_page: Path, tmp_path: Path) -> None:
    long = tmp_path / "long.txt"
    long.write_text("职工技能提升" * 58_300, encoding="utf-8")  # about 1 MB, one line
    assert long.stat().st_size > 1_000_000
    out = tmp_path / "out"
    result = run("build", str(long), str(good_page), "--out", str(out), "--no-progress")
    assert result.exit_code == 0
    summary = summary_of(out)
    assert_accounts_for_everything(summary)
    assert summary["documents"]["read"] == 2
    lines = skipped_lines(result)
    # Built (cut into sentences) or skipped with a one-line reason naming it: never lost.
    assert summary["documents"]["built"] + len(lines) == 2
    assert all("long.txt" in line for line in lines)


def test_build_from_stdin(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("build", "-", "--out", str(out), "--no-progress", input=GOOD_PAGE.encode("utf-8"))
    assert result.exit_code == 0, result.output
    assert summary_of(out)["documents"]["built"] == 1
    labels = {str(o) for o in Graph().parse(out / "graph.ttl").objects(None, RDFS.label)}
    assert "澄溪港务集团有限公司" in labels


def test_empty_stdin_is_skipped(tmp_path: Path) -> None:
    result = run("build", "-", "--out", str(tmp_path / "out"), "--no-progress", input=b"")
    assert result.exit_code == 1
    assert skipped_lines(result) and "<stdin>" in skipped_lines(result)[0]


def test_a_gb18030_page_builds(tmp_path: Path) -> None:
    page = tmp_path / "gb.txt"
    # 𠀀 (CJK Extension B) is outside GBK: only GB18030 decodes the file.
    page.write_bytes((GOOD_PAGE + "生僻字𠀀也在。\n").encode("gb18030"))
    out = tmp_path / "out"
    result = run("build", str(page), "--out", str(out), "--no-progress")
    assert result.exit_code == 0, result.output
    assert summary_of(out)["documents"]["built"] == 1
    graph = Graph().parse(out / "graph.ttl")
    assert (None, RDFS.label, Literal("澄溪港务集团有限公司", lang="zh")) in graph


def test_build_with_formats(good_page: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("build", str(good_page), "--out", str(out), "--format", "turtle", "--format", "graphml",
                 "--no-progress")
    assert result.exit_code == 0
    assert {p.name for p in out.iterdir()} == {"graph.ttl", "graph.graphml", "summary.json"}


def test_build_no_files_fills_the_store_and_writes_only_the_summary(good_page: Path, tmp_path: Path) -> None:
    out, store = tmp_path / "out", tmp_path / "store"
    result = run("build", str(good_page), "--out", str(out), "--store", str(store), "--no-files", "--no-progress")
    assert result.exit_code == 0, result.output
    assert {p.name for p in out.iterdir()} == {"summary.json"}
    summary = summary_of(out)
    assert summary["documents"]["built"] == 1
    assert summary["outputs"] == {"summary": str(out / "summary.json")}
    assert summary["graph"]["documents"] == 1  # what the store holds, counted as usual
    # The files come when wanted, from the store, by a build with no PATHS.
    result = run("build", "--out", str(out), "--store", str(store), "--format", "turtle", "--no-progress")
    assert result.exit_code == 0, result.output
    graph = Graph().parse(out / "graph.ttl")
    assert (None, RDFS.label, Literal("澄溪港务集团有限公司", lang="zh")) in graph


@pytest.mark.parametrize(("extra", "reason"), [(["--format", "turtle"], "not both"), ([], "nothing else to do")])
def test_build_no_files_with_a_format_or_without_paths_is_a_usage_error(extra: list[str], reason: str,
                                                                        good_page: Path, tmp_path: Path) -> None:
    paths = [str(good_page)] if extra else []
    result = run("build", *paths, "--out", str(tmp_path / "out"), "--store", str(tmp_path / "store"),
                 "--no-files", *extra)
    assert result.exit_code == 2
    assert "--no-files" in result.stderr and reason in result.stderr
    assert not (tmp_path / "out").exists() and not (tmp_path / "store").exists()


def test_build_unknown_format_lists_the_choices(good_page: Path, tmp_path: Path) -> None:
    result = run("build", str(good_page), "--out", str(tmp_path / "out"), "--format", "tutle")
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert "\n" not in message
    assert "tutle" in message and "turtle" in message and "html" in message
    assert not (tmp_path / "out").exists()


def test_build_bad_date_is_a_usage_error(good_page: Path, tmp_path: Path) -> None:
    result = run("build", str(good_page), "--out", str(tmp_path / "out"), "--date", "2023-13-01")
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr


# -- query -------------------------------------------------------------------------------

PEOPLE = "SELECT ?person ?name WHERE { ?person a zt:Person ; rdfs:label ?name } ORDER BY ?name"


@pytest.fixture(scope="module")
def people(sample_out: Path) -> list[str]:
    graph = Graph().parse(sample_out / "graph.ttl")
    from zhitu.graph.namespaces import ZT

    names = sorted(str(graph.value(p, RDFS.label)) for p in graph.subjects(None, ZT.Person))
    assert names
    return names


def test_query_table(sample_out: Path, people: list[str]) -> None:
    result = run("query", str(sample_out / "graph.ttl"), PEOPLE)
    assert result.exit_code == 0, result.output
    for name in people:
        assert name in result.stdout
    assert result.stdout.splitlines()[0].split() == ["person", "name"]


def test_query_csv(sample_out: Path, people: list[str]) -> None:
    result = run("query", str(sample_out / "graph.ttl"), PEOPLE, "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert sorted(r["name"] for r in rows) == sorted(set(people))


def test_query_tsv(sample_out: Path, people: list[str]) -> None:
    result = run("query", str(sample_out / "graph.ttl"), PEOPLE, "--format", "tsv")
    assert result.exit_code == 0
    lines = result.stdout.rstrip("\n").split("\n")
    assert lines[0].split("\t")[-1].lstrip("?") == "name"
    assert len(lines) - 1 == len(set(people))
    assert all(len(line.split("\t")) == 2 for line in lines)


def test_query_json(sample_out: Path, people: list[str]) -> None:
    result = run("query", str(sample_out / "graph.ttl"), PEOPLE, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["head"]["vars"] == ["person", "name"]
    assert sorted(b["name"]["value"] for b in data["results"]["bindings"]) == sorted(set(people))


def test_query_from_a_file(sample_out: Path, tmp_path: Path) -> None:
    rq = tmp_path / "people.rq"
    rq.write_text(PEOPLE, encoding="utf-8")
    by_file = run("query", str(sample_out / "graph.ttl"), "--file", str(rq), "--format", "csv")
    inline = run("query", str(sample_out / "graph.ttl"), PEOPLE, "--format", "csv")
    assert by_file.exit_code == 0 and by_file.stdout == inline.stdout


def test_query_unknown_format_lists_the_choices(sample_out: Path) -> None:
    result = run("query", str(sample_out / "graph.ttl"), PEOPLE, "--format", "xml")
    assert result.exit_code == 2
    message = result.stderr.strip()
    assert "\n" not in message and "xml" in message
    for choice in ("table", "csv", "tsv", "json"):
        assert choice in message


def test_query_syntax_error_is_one_line(sample_out: Path) -> None:
    result = run("query", str(sample_out / "graph.ttl"), "SELEC ?s WHERE { ?s ?p ?o }")
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("zhitu: error:")


def test_query_missing_graph_file(tmp_path: Path) -> None:
    result = run("query", str(tmp_path / "nope.ttl"), PEOPLE)
    assert result.exit_code != 0
    assert "nope.ttl" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# -- extract --lines ------------------------------------------------------------------------

LINES = [
    "青岚县总工会党组书记、主席、副书记周明远出席会议。",
    "澄溪市人社局、澄溪市总工会联合主办“港城工匠”评选。",
    "",
    "ASCII only",
    "9月9日，由澄溪市总工会主办的2023年澄溪市数控车工职业技能大赛落幕。",
]


def _check_extract_output(stdout: str) -> None:
    records = [json.loads(line) for line in stdout.splitlines()]
    assert [r["text"] for r in records] == LINES
    for line, record in zip(LINES, records):
        for e in record["entities"]:
            assert line[e["start"] : e["end"]] == e["text"]
            assert e["label"] in {"PER", "LOC", "ORG", "PROG", "EVENT"}
    assert any(record["entities"] for record in records)


def test_extract_lines_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "lines.txt"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    result = run("extract", "--lines", str(path))
    assert result.exit_code == 0, result.output
    _check_extract_output(result.stdout)
    assert "周明远" in result.stdout  # not \u-escaped


def test_extract_lines_from_stdin() -> None:
    result = run("extract", "--lines", "-", input="\n".join(LINES) + "\n")
    assert result.exit_code == 0, result.output
    _check_extract_output(result.stdout)


# -- eval ------------------------------------------------------------------------------------

TINY_GRAPH = """\
@prefix zt: <https://w3id.org/zhitu/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix ex: <https://example.org/t/> .
ex:p a zt:Person ; rdfs:label "周明远"@zh .
ex:o a zt:Organization ; rdfs:label "澄溪港务集团有限公司"@zh ; skos:altLabel "澄溪港务集团"@zh .
ex:x a zt:Place ; rdfs:label "白沙镇"@zh .
ex:m a org:Membership ; org:member ex:p ; org:organization ex:o ; org:role ex:r .
ex:r skos:prefLabel "董事长"@zh .
"""

TINY_GOLD = {
    "document": "tiny.md",
    "entities": [
        {"name": "周明远", "type": "PER"},
        {"name": "澄溪港务集团", "type": "ORG", "aliases": ["澄溪港务集团有限公司"]},
        {"name": "青岚县", "type": "LOC"},
    ],
    "relations": [
        {"head": "周明远", "relation": "holdsPosition", "tail": "澄溪港务集团", "role": "董事长",
         "evidence": "澄溪港务集团有限公司董事长周明远出席会议。"},
    ],
}


@pytest.fixture
def tiny(tmp_path: Path) -> tuple[Path, Path]:
    graph, gold = tmp_path / "tiny.ttl", tmp_path / "tiny.json"
    graph.write_text(TINY_GRAPH, encoding="utf-8")
    gold.write_text(json.dumps(TINY_GOLD, ensure_ascii=False), encoding="utf-8")
    return graph, gold


def test_eval_prints_precision_recall_f1(tiny) -> None:
    graph, gold = tiny
    result = run("eval", str(graph), str(gold))
    assert result.exit_code == 0, result.output
    header = next(line for line in result.stdout.splitlines() if "F1" in line)
    assert "P" in header.split() and "R" in header.split()
    micro = [line.split() for line in result.stdout.splitlines() if line.startswith("micro")]
    # Entities: 2 of 3 predicted match, 2 of 3 gold found; the one relation matches.
    assert micro[0][-3:] == ["0.667", "0.667", "0.667"]
    assert micro[1][-3:] == ["1.000", "1.000", "1.000"]


def test_eval_json(tiny) -> None:
    graph, gold = tiny
    result = run("eval", str(graph), str(gold), "--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["entities"]["types"]["PER"]["f1"] == 1.0


def test_eval_bad_gold_is_one_line(tiny, tmp_path: Path) -> None:
    graph, _ = tiny
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = run("eval", str(graph), str(bad))
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "bad.json" in result.stderr


# -- a real process ---------------------------------------------------------------------------

def _zhitu_command() -> list[str]:
    script = Path(sys.executable).with_name("zhitu")
    return [str(script)] if script.exists() else [sys.executable, "-m", "zhitu.cli"]


def test_real_process_builds_the_sample_with_the_same_graph(sample_path: Path, sample_dataset, tmp_path: Path) -> None:
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONHASHSEED="12345")
    done = subprocess.run(
        [*_zhitu_command(), "build", str(sample_path), "--out", str(out)],
        capture_output=True, text=True, env=env, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout.startswith("read 1 documents: 1 extracted, 0 unchanged, 0 skipped; ")
    assert summary_of(out)["documents"] == documents(1, 1, 0)
    # Another process, another hash seed: the very same triples (IRIs are stable).
    theirs = set(Graph().parse(out / "graph.ttl"))
    ours = {(s, p, o) for s, p, o, _ in sample_dataset.quads((None, None, None, None))}
    assert theirs == ours


def test_real_process_reports_a_bad_input_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    done = subprocess.run(
        [*_zhitu_command(), "build", str(tmp_path / "empty.txt"), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[0] == f"zhitu: skipped {tmp_path / 'empty.txt'}: empty file"


def test_root_keeps_ids_the_same_from_any_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A daily job run from different folders still replaces a page's own graph."""
    from zhitu.store import open_store

    page = tmp_path / "pages" / "days" / "1" / "01.txt"
    page.parent.mkdir(parents=True)
    page.write_text("# 澄溪新闻\n\n澄溪市总工会主席马文博在青岚县调研。\n", encoding="utf-8")
    store = tmp_path / "store"
    for folder in (tmp_path, page.parent):
        monkeypatch.chdir(folder)
        result = run("build", str(page), "--root", str(tmp_path / "pages"), "--store", str(store),
                     "--out", str(tmp_path / "out"), "--no-progress", "--rebuild")
        assert result.exit_code == 0, result.output
    with open_store(store, read_only=True) as opened:
        assert [d.doc_id for d in opened.documents()] == ["days/1/01.txt"]
