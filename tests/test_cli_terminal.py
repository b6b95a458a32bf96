"""``zhitu build`` at a terminal: the real command under a pseudo-terminal, so
its progress bar is on, as for anyone who types it (and ``make demo``)."""
from __future__ import annotations

import fcntl
import io
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from store_pages import write_records
from zhitu.read.model import Document, Skipped
from zhitu.progress import BuildProgress

PAGE = """2024年3月8日 星期五

# 青禾机床厂召开职工大会

本报讯 3月7日，青禾机床厂厂长柏望舒出席会议并讲话。澄溪市总工会副主席邵闻溪到会指导。
"""


def zhitu_command() -> list[str]:
    script = Path(sys.executable).with_name("zhitu")
    return [str(script)] if script.exists() else [sys.executable, "-m", "zhitu.cli"]


def run_in_terminal(args: list[str], *, rows: int, columns: int, timeout: float = 300) -> tuple[int, str]:
    """Run ``zhitu ARGS`` with stdin, stdout and stderr on a new pseudo-terminal of
    the given size (0 × 0: a terminal that reports no size, as under ``script``);
    its exit status and everything it wrote."""
    main, child = pty.openpty()
    if rows or columns:
        fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    process = subprocess.Popen([*zhitu_command(), *args], stdin=child, stdout=child, stderr=child,
                               close_fds=True)
    os.close(child)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 1.0)
            if not ready:
                if process.poll() is not None:
                    break
                continue
            try:
                data = os.read(main, 65536)
            except OSError:  # EIO: the command has exited and closed its side
                break
            if not data:
                break
            chunks.append(data)
        status = process.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(main)
    return status, b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize("rows, columns", [(0, 0), (24, 100)], ids=["no-size", "24x100"])
def test_build_at_a_terminal_shows_progress_and_succeeds(tmp_path: Path, rows: int, columns: int) -> None:
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    status, output = run_in_terminal(
        ["build", str(page), "--store", str(tmp_path / "store"), "--out", str(tmp_path / "out"),
         "--format", "turtle"], rows=rows, columns=columns)
    assert status == 0, output
    assert "Traceback" not in output
    assert "building:" in output and "char/s" in output  # the bar, with its rate
    assert "1 extracted, 0 unchanged, 0 skipped documents" in output
    assert "read 1 documents: 1 extracted, 0 unchanged, 0 skipped; " in output
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 0


def test_build_at_a_terminal_with_workers_counts_every_document(tmp_path: Path) -> None:
    records = write_records(tmp_path / "news.jsonl", 6)
    status, output = run_in_terminal(
        ["build", str(records), "--no-store", "-j", "2", "--out", str(tmp_path / "out"), "--format", "turtle"],
        rows=24, columns=120)
    assert status == 0, output
    assert "Traceback" not in output
    assert "6 extracted, 0 unchanged, 0 skipped documents" in output  # on_document runs in this process
    assert "read 6 documents: 6 extracted, 0 unchanged, 0 skipped; " in output


# -- the bar itself, without a build ----------------------------------------------------

def _document(doc_id: str, text: str) -> Document:
    return Document(doc_id=doc_id, source=doc_id, text=text, format="txt")


def test_progress_counts_characters_and_documents_and_escapes_names() -> None:
    out = io.StringIO()
    with BuildProgress(enabled=True, verbose=True, file=out) as progress:
        for document in (_document("a.md", "甲" * 1200), _document("b.md", "乙" * 800)):
            progress.arrived(document)
            progress.stored(document)
        progress.unchanged(_document("c.md", "丙"))
        progress.skipped(Skipped("bad\nzhitu: stored forged.md", "empty file"))
    text = out.getvalue()
    assert progress.done == {"extracted": 2, "unchanged": 1, "skipped": 1}
    assert "2.00kchar" in text  # characters of the documents extracted
    assert "2 extracted, 1 unchanged, 1 skipped documents" in text
    lines = text.replace("\r", "\n").splitlines()
    assert "zhitu: skipped bad\\nzhitu: stored forged.md: empty file" in lines
    assert not any(line.startswith("zhitu: stored forged") for line in lines)
    assert "zhitu: stored a.md" in lines and "zhitu: unchanged c.md" in lines


def test_progress_moves_when_a_document_arrives_and_names_it_once_stored() -> None:
    out = io.StringIO()
    with BuildProgress(enabled=True, verbose=True, file=out) as progress:
        progress.arrived(_document("a.md", "甲" * 1500))
        progress.close()  # the bar's last state drawn
        arrived = out.getvalue()
        progress.stored(_document("a.md", "甲" * 1500))
    assert progress.done["extracted"] == 1
    assert "1.50kchar" in arrived and "1 extracted" in arrived
    assert "zhitu: stored a.md" not in arrived  # not before its batch is committed
    assert "zhitu: stored a.md" in out.getvalue()


def test_progress_off_prints_only_the_lines() -> None:
    out = io.StringIO()
    with BuildProgress(enabled=False, file=out) as progress:
        progress.arrived(_document("a.md", "甲"))
        progress.stored(_document("a.md", "甲"))
        progress.skipped(Skipped("x.txt", "empty file", line=3))
    assert out.getvalue() == "zhitu: skipped x.txt:3: empty file\n"
