"""``zhitu.build.run_build``, the whole build as a library call: what ``zhitu
build`` runs, without click (the command's own tests are in test_cli.py)."""
from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest
from rdflib import Graph

from zhitu.build import DEFAULT_FORMATS, run_build
from zhitu.errors import OutputError, UnknownChoiceError
from zhitu.progress import BuildProgress

PAGE = """2024年5月6日 星期一

# 松岭纺织厂召开安全生产会议

本报讯 5月5日，松岭纺织厂厂长祁远帆出席会议并讲话。
"""


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "page.md"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_an_in_memory_build_writes_the_files_and_returns_its_graph(page: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_build([str(page)], out_dir=out, in_memory=True, formats=["turtle"], jobs=1)
    assert result.ok
    assert list(result.written) == ["turtle", "summary"]
    assert result.summary.documents_extracted == 1 and result.summary.store is None
    assert len(Graph().parse(result.written["turtle"])) == len(result.dataset) == result.summary.triples
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["documents"]["built"] == 1


def test_a_store_build_writes_every_default_format(page: Path, tmp_path: Path) -> None:
    progress = BuildProgress(enabled=False, verbose=True, file=io.StringIO())
    result = run_build([str(page)], out_dir=tmp_path / "out", store_dir=tmp_path / "store", jobs=1,
                       progress=progress)
    assert result.ok and result.summary.store["path"] == str(tmp_path / "store")
    assert list(result.written) == [*DEFAULT_FORMATS, "summary"]
    assert progress.done["extracted"] == 1


def test_nothing_built_writes_only_the_summary(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    out = tmp_path / "out"
    result = run_build([str(tmp_path / "empty.txt")], out_dir=out, in_memory=True)
    assert not result.ok
    assert list(result.written) == ["summary"] and sorted(p.name for p in out.iterdir()) == ["summary.json"]
    assert result.summary.documents_read == 1 and len(result.summary.skipped) == 1


@pytest.mark.parametrize("options, error", [
    ({"formats": ["tutle"]}, UnknownChoiceError),
    ({"out_dir": "a-file/out"}, OutputError),
])
def test_bad_options_fail_before_any_work(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                          options: dict, error: type) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    screen = io.StringIO()
    with pytest.raises(error):
        run_build([str(page)], **{"out_dir": "out", **options}, progress=BuildProgress(enabled=True, file=screen))
    assert screen.getvalue() == ""  # no bar drawn
    assert not Path(os.environ["ZHITU_STORE"]).exists() and not (tmp_path / "out").exists()
