"""Faults a user or the machine causes, each reported by ``zhitu`` in one clear
line: a full disk, an output folder that cannot be written, control
characters in file names, a query too long to be a path; and the exit
statuses (1 for a library error, 2 for a usage error)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from store_pages import write_records
from zhitu.build import Summary, write_outputs
from zhitu.cli import main
from zhitu.cli._options import format_size, parse_size
from zhitu.errors import OutputError, printable
from zhitu.graph.namespaces import new_dataset

PAGE = """2024年3月8日 星期五

# 青禾机床厂召开职工大会

本报讯 3月7日，青禾机床厂厂长柏望舒出席会议并讲话。澄溪市总工会副主席邵闻溪到会指导。
"""

#: Runs ``zhitu`` with a cap on the size of any file it writes: a write past
#: it fails with EFBIG ("File too large"), as a write to a full disk fails.
FULL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from zhitu.cli import main
sys.argv = ["zhitu", *sys.argv[2:]]
main()
"""


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def one_error_line(stderr: str) -> str:
    lines = stderr.strip("\n").split("\n")
    assert len(lines) == 1, stderr
    assert lines[0].startswith("zhitu: error: "), stderr
    return lines[0]


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "page.md"
    path.write_text(PAGE, encoding="utf-8")
    return path


def run_with_file_size_limit(limit: int, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", FULL_DISK, str(limit), *args],
                          capture_output=True, text=True, timeout=600)


# -- a full disk ----------------------------------------------------------------------

def test_a_full_disk_while_storing_is_one_line(tmp_path: Path) -> None:
    records = write_records(tmp_path / "news.jsonl", 30)
    # Room for the store's own files, not for the write-ahead log of 30 documents.
    done = run_with_file_size_limit(250_000, "build", str(records), "--store", str(tmp_path / "store"),
                                    "--out", str(tmp_path / "out"), "--no-progress", "--format", "turtle")
    assert done.returncode == 1, done.stderr
    line = one_error_line(done.stderr)
    assert str(tmp_path / "store") in line and "File too large" in line


def test_a_full_disk_while_writing_the_files_is_one_line(page: Path, tmp_path: Path) -> None:
    done = run_with_file_size_limit(2_000, "build", str(page), "--no-store", "--out", str(tmp_path / "out"),
                                    "--no-progress", "--format", "turtle")
    assert done.returncode == 1, done.stderr
    line = one_error_line(done.stderr)
    assert line == f"zhitu: error: cannot write {tmp_path / 'out' / 'graph.ttl'}: File too large"
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.endswith(".part")]


# -- an output folder that cannot be written ----------------------------------------------

def test_out_under_a_file_fails_before_the_build(page: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run("build", str(page), "--store", str(tmp_path / "store"), "--out", str(blocker / "out"),
                 "--no-progress")
    assert result.exit_code == 1
    assert one_error_line(result.stderr) == f"zhitu: error: cannot write {blocker / 'out'}: {blocker} is a file"
    assert not (tmp_path / "store").exists()  # refused before any work


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_out_where_no_folder_can_be_made_is_one_line(page: Path, tmp_path: Path) -> None:
    result = run("build", str(page), "--no-store", "--out", "/proc/zhitu-out", "--no-progress")
    assert result.exit_code == 1
    assert one_error_line(result.stderr).startswith("zhitu: error: cannot write /proc/zhitu-out: ")


def test_write_outputs_names_the_path_and_the_reason(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(OutputError) as info:
        write_outputs(new_dataset(), Summary(), blocker / "out", ["turtle"])
    assert str(info.value).startswith(f"cannot write {blocker / 'out'}: ")
    assert "\n" not in str(info.value)


# -- control characters in names --------------------------------------------------------

@pytest.mark.parametrize("text, shown", [
    ("平常的名字.txt", "平常的名字.txt"),
    ("a\nzhitu: b", "a\\nzhitu: b"),
    ("tab\there\r", "tab\\there\\r"),
    ("\x1b[31mred", "\\x1b[31mred"),
    ("\u202etxt.exe", "\\u202etxt.exe"),
    ("bad\udcffbyte", "bad\\udcffbyte"),
    ("line\u2028sep", "line\\u2028sep"),
    ("全角\u3000空格", "全角\u3000空格"),
])
def test_printable_escapes_what_could_forge_a_line(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_a_newline_in_a_file_name_cannot_forge_a_line(page: Path, tmp_path: Path) -> None:
    forged = tmp_path / "x\nzhitu: skipped nothing, all is well.txt"
    forged.write_bytes(b"")
    result = run("build", str(forged), str(page), "--no-store", "--out", str(tmp_path / "out"), "--no-progress")
    assert result.exit_code == 0, result.output
    [line] = result.stderr.splitlines()
    assert line.startswith(f"zhitu: skipped {tmp_path}/x\\nzhitu: skipped nothing, all is well.txt: ")


def test_error_lines_are_escaped(tmp_path: Path) -> None:
    result = run("stats", "--store", str(tmp_path / "no\nzhitu: error: forged"))
    assert result.exit_code == 1
    assert "no\\nzhitu: error: forged" in one_error_line(result.stderr)


# -- a query too long to be a path ----------------------------------------------------------

@pytest.mark.parametrize("query", [
    "SELECT ?s WHERE { ?s ?p ?o } # " + "长" * 200,  # 600 bytes: longer than a file name may be
    "SELECT ?s WHERE { ?s ?p ?o } # a\0b",  # a NUL byte: no path at all
])
def test_a_query_that_cannot_be_a_path_is_taken_as_a_query(tmp_path: Path, query: str) -> None:
    result = run("query", "--store", str(tmp_path / "none"), query)
    assert result.exit_code == 1
    assert "no store at" in one_error_line(result.stderr)


# -- exit statuses ------------------------------------------------------------------------

def test_a_library_error_exits_1_and_a_usage_error_2(page: Path, tmp_path: Path) -> None:
    assert run("stats", "--store", str(tmp_path / "none")).exit_code == 1
    assert run("build", str(page), "--no-store", "--store", "x").exit_code == 2
    assert run("build", str(page), "--format", "tutle").exit_code == 2  # a choice, like click's


# -- --max-document-size ------------------------------------------------------------------

@pytest.mark.parametrize("text, size", [
    ("4096", 4096), ("200kB", 200_000), ("200 KB", 200_000), ("5MB", 5_000_000), ("5mb", 5_000_000),
    ("1.5MB", 1_500_000), ("2MiB", 2 * 2**20), ("64KiB", 64 * 1024), ("1GB", 10**9), ("12b", 12),
])
def test_sizes_parse(text: str, size: int) -> None:
    assert parse_size(text) == size
    assert parse_size(format_size(size)) == size


@pytest.mark.parametrize("text", ["", "five", "5XB", "-3", "0", "MB"])
def test_a_bad_size_is_a_usage_error(page: Path, tmp_path: Path, text: str) -> None:
    with pytest.raises(ValueError):
        parse_size(text)
    result = run("build", str(page), "--no-store", "--out", str(tmp_path / "out"), "--max-document-size", text)
    assert result.exit_code == 2
    assert "is not a size" in result.stderr


def test_a_document_over_the_size_cap_is_skipped(page: Path, tmp_path: Path) -> None:
    import inspect

    from zhitu.read.reading import iter_documents

    if "max_bytes" not in inspect.signature(iter_documents).parameters:
        pytest.skip("the reading stage has no size cap yet")
    small = tmp_path / "small.md"
    small.write_text("本报讯 青禾机床厂召开职工大会。\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", str(page), str(small), "--no-store", "--out", str(out), "--no-progress",
                 "--max-document-size", "100")
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["documents"]["extracted"] == 1
    assert [s["source"] for s in summary["skipped"]] == [str(page)]
