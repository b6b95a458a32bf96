"""The package's shape: data flows one way (read → extract → graph →
store/output → serve → CLI), with the ontology and the vocabulary as data every
stage reads. Walks every module's imports with ``ast`` (nothing is imported).
"""
from __future__ import annotations

import ast
import fnmatch
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Stages in the order data flows; a module may import its own stage or an earlier one.
STAGES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("data", ("zhitu", "zhitu.errors", "zhitu.ontology", "zhitu.ontology.*")),
    ("read", ("zhitu.read", "zhitu.read.*")),
    ("extract", ("zhitu.extractors", "zhitu.extractors.*")),
    ("graph", ("zhitu.graph", "zhitu.graph.*", "zhitu.document_graphs")),
    ("store/output", ("zhitu.store", "zhitu.store.*", "zhitu.output", "zhitu.output.*", "zhitu.query",
                      "zhitu.validation", "zhitu.evaluation", "zhitu.evaluation.*", "zhitu.build",
                      "zhitu.cluster", "zhitu.dask_worker", "zhitu.allocator", "zhitu.collector", "zhitu.progress")),
    ("serve", ("zhitu.serve", "zhitu.serve.*")),
    ("cli", ("zhitu.cli", "zhitu.cli.*")),
)


def _modules() -> dict[str, Path]:
    """Every module of the installed package → its file, from pyproject's packages and package-dir."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    where = config.get("package-dir", {})
    found: dict[str, Path] = {}
    for package in config["packages"]:
        # The longest package-dir entry that is the package or holds it gives its folder.
        parent = max((p for p in where if package == p or package.startswith(p + ".")), key=len, default="")
        folder = Path(where.get(parent, "")) / Path(*package[len(parent):].lstrip(".").split(".") or [""])
        for path in (ROOT / folder).glob("*.py"):
            found[package if path.stem == "__init__" else f"{package}.{path.stem}"] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The zhitu modules ``name`` imports (``from zhitu.x import y`` counts y when it is a module)."""
    package = name if path.stem == "__init__" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {m for m in found if m in MODULES and m != name}


IMPORTS = {name: _imports(name, path) for name, path in MODULES.items()}


def _stage(module: str) -> int:
    for rank, (_, patterns) in enumerate(STAGES):
        if any(fnmatch.fnmatchcase(module, p) for p in patterns):
            return rank
    raise AssertionError(f"{module} belongs to no stage: add it to STAGES")


@pytest.mark.parametrize("module", sorted(MODULES))
def test_every_module_belongs_to_a_stage(module):
    _stage(module)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_a_later_stage(module):
    later = sorted(m for m in IMPORTS[module]
                   if _stage(m) > _stage(module) and not (module == "zhitu" or m.startswith(module + ".")))
    assert not later, f"{module} ({STAGES[_stage(module)][0]}) imports later stages: {later}"


def test_no_import_cycles():
    cycles = []
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for other in sorted(IMPORTS[module]):
            # A package's __init__ importing its own submodules is how packages re-export.
            if other.startswith(module + "."):
                continue
            if state.get(other) == 1:
                cycles.append(path[path.index(other):] + [other] if other in path else [module, other])
            elif other not in state:
                visit(other, path + [other])
        state[module] = 2

    for module in sorted(MODULES):
        if module not in state:
            visit(module, [module])
    assert not cycles, f"import cycles: {cycles}"


def test_nothing_imports_the_cli():
    # Commands register with the CLI group; the CLI is the top of the stack, so a
    # command importing ``zhitu.cli`` back (for a helper) would close a cycle.
    bad = sorted(m for m in MODULES if "zhitu.cli" in IMPORTS[m] and m != "zhitu.cli.__main__")  # python -m zhitu.cli
    assert not bad, f"modules importing zhitu.cli: {bad}"


def test_graph_imports_no_extraction_component_and_no_gazetteer():
    bad = sorted((m, i) for m in MODULES if m == "zhitu.graph" or m.startswith("zhitu.graph.")
                 for i in IMPORTS[m]
                 if i.startswith("zhitu.extractors") or i == "zhitu.ontology.gazetteer")
    assert not bad, f"graph assembly must map Doc facts only: {bad}"


def test_store_does_not_import_the_query_formatter():
    store = [m for m in MODULES if m == "zhitu.store" or m.startswith("zhitu.store.")]
    assert store
    bad = sorted((m, i) for m in store for i in IMPORTS[m] if i == "zhitu.query")
    assert not bad, f"the store must not depend on the text formatter: {bad}"


def test_the_walk_sees_the_package():
    # The rules above are only as good as the walk: it must find every stage and real imports.
    assert {STAGES[_stage(m)][0] for m in MODULES} == {name for name, _ in STAGES}
    assert "zhitu.extractors.facts" in IMPORTS["zhitu.extractors.tokenizer"]
