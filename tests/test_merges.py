"""Entity-resolution decisions are recorded in the graph and listed by
``zhitu build --explain-merges``."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from zhitu.build import build_dataset
from zhitu.cli import main
from zhitu.graph.merges import merges

PAGE = """# 浙江科协推出新举措

本报讯（记者周明远）近日，中国科协与浙江省科学技术协会在杭州召开座谈会。浙江各地科协负责人参加会议。
"""


def _page(tmp_path: Path) -> Path:
    path = tmp_path / "page.md"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_merges_are_recorded_with_their_reason(tmp_path: Path) -> None:
    dataset, _ = build_dataset([str(_page(tmp_path))])
    found = {(name, canonical): (kind, reason) for kind, name, canonical, reason in merges(dataset)}
    assert found[("中国科协", "中国科学技术协会")] == ("Organization", "standard abbreviation")
    assert found[("杭州", "杭州市")][0] == "Place"
    assert "gazetteer" in found[("杭州", "杭州市")][1]


def test_build_explains_merges(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(_page(tmp_path)), "--no-store", "--out", str(tmp_path / "out"),
                                       "--explain-merges", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "中国科协 → 中国科学技术协会 [Organization] standard abbreviation" in result.output
