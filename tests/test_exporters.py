"""The writer registry and the contract every registered writer keeps: it
writes the sample, the same graph gives the same bytes, no ``ns1:``-style
prefix appears, a failed export leaves nothing behind; and ``zhitu export``
and ``zhitu build --format`` reach every writer.

What each file means is checked by an independent reader in
``test_export_readers.py``.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef
from rdflib.namespace import RDF

from zhitu.cli import main
from zhitu.errors import UnknownChoiceError, ZhituError
from zhitu.graph.namespaces import PREFIXES
from zhitu.output import WRITERS, get_writer, write
from zhitu.output.jsonld import CONTEXT_PATH, context

ALL = sorted(WRITERS)
GENERATED_PREFIX = re.compile(r"\bns\d+:|xmlns:ns\d+=|@prefix ns\d+:|\"ns\d+\":")


def files_of(path: Path) -> list[Path]:
    return sorted(path.iterdir()) if path.is_dir() else [path]


def snapshot(path: Path) -> dict[str, bytes]:
    """The bytes of a file, or of each file in a folder, by name within the export."""
    if path.is_dir():
        return {p.name: p.read_bytes() for p in files_of(path)}
    return {"": path.read_bytes()}


@pytest.fixture(scope="module")
def written(sample_exports: dict[str, Path]) -> dict[str, Path]:
    """Every registered format of the sample, written once (conftest)."""
    return sample_exports


# -- the registry ------------------------------------------------------------------

def test_registry_has_every_format_of_the_issue() -> None:
    assert set(WRITERS) >= {"turtle", "trig", "nquads", "ntriples", "jsonld", "rdfxml", "graphml", "gexf",
                            "cytoscape", "node-link", "neo4j", "kuzu", "html"}


def test_suffixes_and_media_types_name_one_writer_each() -> None:
    suffixes = [s for w in WRITERS.values() for s in w.suffixes]
    media = [w.media_type for w in WRITERS.values()]
    assert len(suffixes) == len(set(suffixes))
    assert len(media) == len(set(media))
    for writer in WRITERS.values():
        assert writer.title, writer.name
        for key in (writer.name, *writer.aliases, *writer.suffixes, writer.suffixes[0].lstrip("."),
                    writer.media_type, writer.name.upper()):
            assert get_writer("ignored.bin", format=key) is writer, key
        assert get_writer(f"some/where/graph{writer.suffixes[0].upper()}") is writer


def test_importing_the_registry_imports_no_writer() -> None:
    import subprocess
    import sys

    code = ("import sys, zhitu.output; "
            "print(sorted(m for m in sys.modules if m.startswith('zhitu.output.') or m in ('pyoxigraph', 'networkx')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("call", [
    lambda: get_writer("graph.ttl", format="tutle"),
    lambda: get_writer("graph.unknown"),
    lambda: get_writer("graph"),
])
def test_unknown_formats_list_the_choices(call) -> None:
    with pytest.raises(UnknownChoiceError) as err:
        call()
    message = str(err.value)
    assert "choose from:" in message and "\n" not in message
    assert "turtle" in message or ".ttl" in message


# -- the contract, over every registered writer ----------------------------------------

@pytest.mark.parametrize("name", ALL)
def test_writer_writes_the_sample_and_nothing_else(written: dict[str, Path], name: str) -> None:
    path = written[name]
    assert path.is_dir() == WRITERS[name].folder
    assert all(p.stat().st_size > 0 for p in files_of(path))
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")], "temporary files left behind"


@pytest.mark.parametrize("name", ALL)
def test_writer_output_is_utf8_without_generated_prefixes(written: dict[str, Path], name: str) -> None:
    for path in files_of(written[name]):
        text = path.read_bytes().decode("utf-8")  # raises if not UTF-8
        assert not text.startswith("\ufeff")
        if name != "html":  # the page inlines vis-network's minified script
            assert not GENERATED_PREFIX.search(text), path.name


@pytest.mark.parametrize("name", sorted(set(ALL) - {"html"}))  # the page embeds a random id per render
def test_writer_is_deterministic(sample_dataset, written: dict[str, Path], tmp_path: Path, name: str) -> None:
    again = write(sample_dataset, tmp_path / written[name].name)
    assert snapshot(again) == snapshot(written[name])


@pytest.mark.parametrize("name", ALL)
def test_failed_export_leaves_old_file_and_no_partial(sample_dataset, tmp_path: Path, monkeypatch,
                                                       name: str) -> None:
    writer = WRITERS[name]
    target = tmp_path / f"graph{writer.suffixes[0]}"
    write(sample_dataset, target)
    before = snapshot(target)

    def broken_replace(src, dst) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises((ZhituError, OSError)):
        write(sample_dataset, target)
    monkeypatch.undo()
    assert snapshot(target) == before
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


@pytest.mark.parametrize("name", sorted(n for n in ALL if WRITERS[n].folder))
def test_folder_writer_replaces_its_own_export_only(sample_dataset, tmp_path: Path, name: str) -> None:
    target = tmp_path / "export"
    write(sample_dataset, target, format=name)
    first = snapshot(target)
    write(sample_dataset, target, format=name)  # a previous export of the same format is replaced
    assert snapshot(target) == first
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ZhituError, match="notes.txt"):
        write(sample_dataset, target, format=name)
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"
    a_file = tmp_path / "a-file"
    a_file.write_text("mine", encoding="utf-8")
    with pytest.raises(ZhituError, match="not a folder"):
        write(sample_dataset, a_file, format=name)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "export"]


def test_graph_formats_hold_plain_scalars(written: dict[str, Path]) -> None:
    for name in ("cytoscape", "node-link"):
        document = json.loads(written[name].read_text(encoding="utf-8"))
        elements = (document["elements"]["nodes"] + document["elements"]["edges"]) if name == "cytoscape" \
            else [{"data": item} for item in document["nodes"] + document["links"]]
        for element in elements:
            for key, value in element["data"].items():
                assert isinstance(value, (str, int, float, bool)), (name, key, value)


# -- JSON-LD and its published context ----------------------------------------------

def test_published_context_declares_every_zhitu_prefix() -> None:
    published = json.loads(CONTEXT_PATH.read_text(encoding="utf-8"))["@context"]
    assert published["@language"] == "zh"
    assert {k: v for k, v in published.items() if k in PREFIXES} == {k: str(v) for k, v in PREFIXES.items()}


def test_published_context_has_a_term_for_every_predicate_and_class_written(sample_dataset) -> None:
    terms = {}
    for key, value in context().items():
        iri = value if isinstance(value, str) else value.get("@id") if isinstance(value, dict) else None
        if key.startswith("@") or key in PREFIXES or not iri:
            continue
        prefix, _, local = iri.partition(":")
        terms[str(PREFIXES[prefix]) + local] = key
    predicates = {str(p) for _, p, _ in sample_dataset.triples((None, None, None))} - {str(RDF.type)}
    classes = {str(o) for o in sample_dataset.objects(None, RDF.type) if isinstance(o, URIRef)}
    assert predicates - set(terms) == set()
    assert classes - set(terms) == set()


def test_jsonld_is_compacted_with_the_published_context(written: dict[str, Path]) -> None:
    document = json.loads(written["jsonld"].read_text(encoding="utf-8"))
    assert document["@context"] == context()
    keys, types = set(), set()

    def walk(value) -> None:
        if isinstance(value, dict):
            keys.update(value)
            types.update([value["@type"]] if isinstance(value.get("@type"), str) else value.get("@type", []))
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk({k: v for k, v in document.items() if k != "@context"})
    assert not [k for k in keys if "://" in k]  # properties are terms, never full IRIs
    assert {"prefLabel", "altLabel", "member", "role", "wasDerivedFrom"} <= keys
    assert {"Person", "Organization", "Membership", "NewsArticle"} <= types


# -- the command line ------------------------------------------------------------------

@pytest.fixture(scope="module")
def trig_file(sample_dataset, tmp_path_factory) -> Path:
    return write(sample_dataset, tmp_path_factory.mktemp("in") / "graph.trig")


def run(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output, result.output
    return result


def test_export_help_lists_every_format() -> None:
    result = run("export", "--help")
    assert result.exit_code == 0
    for writer in WRITERS.values():
        assert writer.name in result.output and writer.suffixes[0] in result.output


@pytest.mark.parametrize("name", ALL)
def test_export_guesses_each_format_from_the_suffix(trig_file: Path, written: dict[str, Path],
                                                     tmp_path: Path, name: str) -> None:
    target = tmp_path / f"out{WRITERS[name].suffixes[0]}"
    result = run("export", str(trig_file), "--to", str(target))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote {name}: {target}"
    if name not in ("html",):  # the same graph read back gives the same export
        assert snapshot(target) == snapshot(written[name])


def test_export_format_option_wins_over_the_suffix(trig_file: Path, tmp_path: Path) -> None:
    target = tmp_path / "graph.txt"
    result = run("export", str(trig_file), "--to", str(target), "--format", "nt")
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8").startswith("<")


def test_export_unknown_format_is_one_line_listing_the_choices(trig_file: Path, tmp_path: Path) -> None:
    result = run("export", str(trig_file), "--to", str(tmp_path / "g.ttl"), "--format", "tutle")
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "choose from:" in result.output and "turtle" in result.output
    result = run("export", str(trig_file), "--to", str(tmp_path / "g.xyz"))
    assert result.exit_code == 2 and ".ttl" in result.output and ".neo4j" in result.output
    assert list(tmp_path.iterdir()) == []


def test_export_merges_several_graph_files(sample_dataset, tmp_path: Path) -> None:
    a = write(sample_dataset, tmp_path / "a.nt")
    b = tmp_path / "b.ttl"
    b.write_text('<https://example.org/x> <http://www.w3.org/2000/01/rdf-schema#label> "x"@zh .\n', encoding="utf-8")
    result = run("export", str(a), str(b), "--to", str(tmp_path / "both.nt"))
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "both.nt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(a.read_text(encoding="utf-8").splitlines()) + 1


def test_export_of_a_missing_graph_file_is_one_line(tmp_path: Path) -> None:
    result = run("export", str(tmp_path / "nope.ttl"), "--to", str(tmp_path / "g.nt"))
    assert result.exit_code == 1 and "nope.ttl" in result.output and result.output.count("\n") == 1


def test_build_writes_every_registered_format(sample_path: Path, tmp_path: Path) -> None:
    args = ["build", str(sample_path), "--out", str(tmp_path), "--no-progress"]
    for name in ALL:
        args += ["--format", name]
    result = run(*args)
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert set(summary["outputs"]) == set(ALL) | {"summary"}
    for name in ALL:
        path = tmp_path / f"graph{WRITERS[name].suffixes[0]}"
        assert summary["outputs"][name] == str(path)
        assert path.is_dir() == WRITERS[name].folder and files_of(path)


@pytest.mark.parametrize("name", ALL)
def test_writer_handles_an_empty_graph(tmp_path: Path, name: str) -> None:
    from zhitu.graph.namespaces import new_dataset

    path = write(new_dataset(), tmp_path / f"empty{WRITERS[name].suffixes[0]}")
    assert path.is_dir() == WRITERS[name].folder and files_of(path)
