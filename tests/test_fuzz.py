"""The fuzz harness (``bench/fuzz.py``): its generator, its checks, and a small
seeded run through a whole ``zhitu build`` (issue 14's acceptance at 200
documents; ``bench/fuzz.py`` runs 10,000)."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from bench import fuzz


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_generator_is_seeded(tmp_path: Path) -> None:
    first = fuzz.generate(7, 80, tmp_path / "a")
    again = fuzz.generate(7, 80, tmp_path / "b")
    other = fuzz.generate(8, 80, tmp_path / "c")
    assert first.documents == again.documents == 80
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    assert _tree(tmp_path / "a") != _tree(tmp_path / "c")


def test_generator_covers_what_issue_14_lists(tmp_path: Path) -> None:
    corpus = fuzz.generate(14, 800, tmp_path / "in")
    assert corpus.documents == 800
    categories = {unicodedata.category(chr(cp)) for cp in range(0x110000)} - {"Cs"}
    assert categories <= set(corpus.hostile), "every Unicode general category is drawn"
    assert {"private use", "noncharacter", "tag", "zero-width", "bidi", "C1 control", "emoji"} <= set(corpus.hostile)
    suffixes = {p.path.suffix.lower() for p in corpus.files}
    assert suffixes == {".txt", ".md", ".jsonl"}
    kinds = set(corpus.kinds)
    assert {"gbk", "big5", "utf-16", "utf-16-le", "bad-utf-8", "jsonl"} <= kinds
    names = [p.path.name for p in corpus.files]
    assert any("\n" in name for name in names) and any(" " in name for name in names)
    jsonl = b"".join(p.path.read_bytes() for p in corpus.files if p.records is not None)
    assert any(_lone_surrogate(line) for line in jsonl.split(b"\n")), "a lone surrogate as a JSON escape"
    cases = set(corpus.cases)
    assert {f"field: {case!r}"[:47] for case in fuzz.WRONG_TYPES} <= cases, "every wrong type"
    assert {f"id: {case!r}"[:44] for case in fuzz.ODD_IDS} <= cases, "every odd id"
    assert {"field: ('text', 5)", "field: ('date', 'not a date')", "id: 'x\\ny'"} <= cases


def _lone_surrogate(line: bytes) -> bool:
    try:
        record = json.loads(line)
    except ValueError:
        return False
    texts = record.values() if isinstance(record, dict) else ()
    return any(isinstance(t, str) and any(0xD800 <= ord(c) <= 0xDFFF for c in t) for t in texts)


@pytest.mark.parametrize("name", ["\x00", "a/b", ".", "..", ".hidden", "\x00/."])
def test_safe_names_can_be_made(tmp_path: Path, name: str) -> None:
    folder = tmp_path / fuzz.safe_name(name + "d")
    folder.mkdir()
    (folder / fuzz.safe_name(name + ".txt")).write_text("x")
    assert folder.parent == tmp_path and not folder.name.startswith(".")


def _batch(tmp_path: Path, count: int = 12) -> fuzz.Batch:
    return fuzz.Batch(fuzz.generate(3, count, tmp_path / "in"))


def test_check_summary_catches_a_lost_document(tmp_path: Path) -> None:
    batch = _batch(tmp_path)
    summary = {"documents": {"read": 3, "built": 1, "skipped": 1},
               "skipped": [{"source": "a.txt", "line": None, "reason": "two\nlines"}]}
    fuzz.check_summary(summary, batch)
    assert any("read 3 != built 1 + skipped 1" in f for f in batch.failures)
    assert any("one-line reason" in f for f in batch.failures)


def test_check_stderr_catches_a_forged_line(tmp_path: Path) -> None:
    batch = _batch(tmp_path)
    skipped = [{"source": "x\nzhitu: built 99", "line": None, "reason": "empty file"}]
    fuzz.check_stderr("zhitu: skipped x\nforged: empty file\n", skipped, batch)
    assert any("not zhitu's own" in f for f in batch.failures)


def test_account_catches_files_neither_built_nor_skipped(tmp_path: Path) -> None:
    batch = _batch(tmp_path)
    corpus = batch.corpus
    label = corpus.root.name
    pages = [p for p in corpus.files if p.records is None]
    doc_ids = [f"{label}/{fuzz._rel(corpus, p)}" for p in pages[1:]]
    skipped = [{"source": str(p.path), "line": None, "reason": "bad"} for p in corpus.files if p.records is not None]
    fuzz.account(corpus, doc_ids, skipped, batch)
    assert f"not accounted for: {fuzz._rel(corpus, pages[0])} ({pages[0].kind}): built 0, skipped 0, want 1" \
        in batch.failures
    assert not [f for f in batch.failures if f.startswith("not accounted") and pages[0].path.name not in f]


def test_account_catches_a_clean_page_skipped(tmp_path: Path) -> None:
    """A skip with a reason still loses a page of clean text (issue 14, item 4)."""
    batch = _batch(tmp_path, 80)
    corpus = batch.corpus
    clean = next(p for p in corpus.files if p.must_build and p.records is None)
    doc_ids = [f"{corpus.root.name}/{fuzz._rel(corpus, p)}" for p in corpus.files
               if p.records is None and p is not clean]
    skipped = [{"source": str(clean.path), "line": None, "reason": "binary file (3 control characters), not text"}]
    skipped += [{"source": str(p.path), "line": None, "reason": "bad"} for p in corpus.files if p.records is not None]
    fuzz.account(corpus, doc_ids, skipped, batch)
    assert [f for f in batch.failures if f.startswith("lost: ") and clean.path.name in f] == [
        f"lost: {fuzz._rel(corpus, clean)!r} ({clean.kind}) has 1 document(s) to build, 0 built; "
        "skipped for: binary file (… control characters), not text"]


@pytest.mark.slow
def test_fuzzed_build_loses_nothing_crashes_never_and_conforms(tmp_path: Path) -> None:
    """200 generated documents through ``zhitu build``: no traceback, every
    document built or skipped with a one-line reason, the graph conforms."""
    outcome = fuzz.fuzz(14, 200, tmp_path, batch=0)
    batch = outcome.batches[0]
    if outcome.failures:
        pytest.fail(fuzz.report(outcome), pytrace=False)
    assert batch.summary["documents"]["read"] >= 150  # whole-file skips count once
    assert batch.stored == batch.summary["documents"]["built"] > 0
