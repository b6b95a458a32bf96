"""iter_documents() and read_document(): inputs, decoding, JSON Lines, bad input."""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
from pathlib import Path

import pytest

from tests.work import work
from zhitu.errors import InputError
from zhitu.read.articles import split_articles
from zhitu.read.model import Document, Skipped
from zhitu.read.reading import decode_bytes, document_from_text, find_page_date, iter_documents, read_document

PAGE = "# 白沙镇职工书屋开放\n\n本报讯（记者张明）9月10日，白沙镇“职工书屋”正式向职工开放。\n"


def read_all(*paths: str, **kwargs: object) -> list[Document | Skipped]:
    return list(iter_documents(list(paths), **kwargs))  # type: ignore[arg-type]


def only(items: list[Document | Skipped]) -> Document | Skipped:
    assert len(items) == 1, items
    return items[0]


def skipped(items: list[Document | Skipped]) -> Skipped:
    item = only(items)
    assert isinstance(item, Skipped), item
    assert "\n" not in str(item)
    return item


# -- files and decoding ------------------------------------------------------


def test_a_file_given_directly_is_named_by_its_path_from_the_working_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "page.md").write_text(PAGE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    doc = only(read_all(str(tmp_path / "page.md")))
    assert isinstance(doc, Document)
    assert (doc.doc_id, doc.format, doc.encoding) == ("page.md", "md", "utf-8")
    assert doc.source == str(tmp_path / "page.md")
    assert doc.text == PAGE.strip()


def test_utf8_bom_is_read_and_dropped(tmp_path: Path) -> None:
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + PAGE.encode("utf-8"))
    doc = only(read_all(str(tmp_path / "bom.txt")))
    assert isinstance(doc, Document)
    assert doc.encoding == "utf-8-sig"
    assert doc.text.startswith("# 白沙镇")


@pytest.mark.parametrize(("encoding", "text", "kept"), [
    ("gbk", PAGE, "职工书屋"),
    ("gb18030", PAGE + "生僻字𠀀和䶮也能读出。\n", "𠀀和䶮"),  # characters outside GBK
])
def test_gbk_and_gb18030_files_are_decoded(tmp_path: Path, encoding: str, text: str, kept: str) -> None:
    (tmp_path / f"{encoding}.txt").write_bytes(text.encode(encoding))
    doc = only(read_all(str(tmp_path / f"{encoding}.txt")))
    assert isinstance(doc, Document)
    assert doc.encoding == encoding
    assert kept in doc.text


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    (tmp_path / "u16.txt").write_bytes(PAGE.encode("utf-16"))
    doc = only(read_all(str(tmp_path / "u16.txt")))
    assert isinstance(doc, Document) and doc.encoding == "utf-16"


@pytest.mark.parametrize(("content", "reason"), [
    (b"", "empty file"),
    (b"  \n\n\t \r\n", "empty file"),
    ("\u3000\u3000\n\n".encode("utf-8"), "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
    (bytes(range(1, 32)) * 20, "binary file"),
    (b"\xff\xfd\xfc\x80\x81 caf\xe9", "cannot decode"),
    (b"\xef\xbb\xbf\xff\xfe bad", "cannot decode"),
])
def test_bad_files_are_skipped_with_a_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    (tmp_path / "bad.txt").write_bytes(content)
    item = skipped(read_all(str(tmp_path / "bad.txt")))
    assert item.source == str(tmp_path / "bad.txt")
    assert reason in item.reason


def test_missing_path_and_unsupported_suffix_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "table.csv").write_text("a,b\n", encoding="utf-8")
    missing, unsupported = read_all(str(tmp_path / "nope.txt"), str(tmp_path / "table.csv"))
    assert isinstance(missing, Skipped) and "no such file" in missing.reason
    assert isinstance(unsupported, Skipped) and "unsupported file type '.csv'" in unsupported.reason


def test_pattern_matching_nothing_is_skipped(tmp_path: Path) -> None:
    item = skipped(read_all(str(tmp_path / "*.txt")))
    assert "matches no files" in item.reason


def test_bad_inputs_are_reported_in_order_and_the_rest_still_read(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    items = read_all(str(tmp_path / "empty.txt"), str(tmp_path / "missing.md"), str(tmp_path / "good.txt"))
    assert [type(item).__name__ for item in items] == ["Skipped", "Skipped", "Document"]


def test_a_file_reached_twice_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    assert len(read_all(str(tmp_path / "a.txt"), str(tmp_path), str(tmp_path / "*.txt"))) == 1


# -- folders, globs and stdin ------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    seed = tmp_path / "data" / "seed"
    (seed / "sub").mkdir(parents=True)
    (seed / "b.txt").write_text(PAGE, encoding="utf-8")
    (seed / "a.md").write_text(PAGE, encoding="utf-8")
    (seed / "sub" / "c.txt").write_text(PAGE, encoding="utf-8")
    (seed / "notes.csv").write_text("ignored", encoding="utf-8")
    (seed / ".hidden.txt").write_text(PAGE, encoding="utf-8")
    return seed


def test_folder_is_read_recursively_sorted_with_paths_as_doc_ids(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree.parent.parent)
    ids = [item.doc_id for item in read_all(str(tree) + os.sep)]  # type: ignore[union-attr]
    assert ids == ["data/seed/a.md", "data/seed/b.txt", "data/seed/sub/c.txt"]


def test_relative_folder_keeps_its_name(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree.parent)
    assert [d.doc_id for d in read_all("seed/")][0] == "seed/a.md"  # type: ignore[union-attr]
    monkeypatch.chdir(tree)
    assert [d.doc_id for d in read_all(".")][0] == "a.md"  # type: ignore[union-attr]


def test_glob_doc_ids_are_paths_too(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree)
    ids = [item.doc_id for item in read_all(str(tree / "**" / "*.txt"))]  # type: ignore[union-attr]
    assert ids == ["b.txt", "sub/c.txt"]


def test_glob_matching_folders_reads_them_once(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tree.parent)
    items = read_all(str(tree / "**"))
    assert [item.doc_id for item in items if isinstance(item, Document)] == ["seed/a.md", "seed/b.txt", "seed/sub/c.txt"]
    assert [item.source for item in items if isinstance(item, Skipped)] == [str(tree / "notes.csv")]


def test_glob_reports_unsupported_matches(tree: Path) -> None:
    items = read_all(str(tree / "*.csv"))
    assert "unsupported" in skipped(items).reason


def test_empty_folder_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert "no .txt, .md or .jsonl" in skipped(read_all(str(tmp_path / "empty"))).reason


@pytest.mark.parametrize("stream", [io.BytesIO(PAGE.encode("gbk")), io.StringIO(PAGE),
                                    io.TextIOWrapper(io.BytesIO(PAGE.encode("utf-8")), encoding="utf-8")])
def test_stdin_is_read_as_a_text_page(stream: io.IOBase) -> None:
    doc = only(read_all("-", stdin=stream))  # type: ignore[arg-type]
    assert isinstance(doc, Document)
    assert (doc.source, doc.format) == ("<stdin>", "txt")
    assert re.fullmatch(r"stdin-[0-9a-f]{16}", doc.doc_id)
    assert "职工书屋" in doc.text


def test_empty_stdin_is_skipped() -> None:
    assert "empty" in skipped(read_all("-", stdin=io.BytesIO(b""))).reason


# -- dates and publishers ----------------------------------------------------


def test_page_date_comes_from_the_masthead(tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text("2023年9月14日 星期四\n\n" + PAGE, encoding="utf-8")
    doc = only(read_all(str(tmp_path / "p.txt")))
    assert isinstance(doc, Document) and doc.date == dt.date(2023, 9, 14) and doc.publisher is None


def test_date_and_publisher_arguments_win(tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text("2023年9月14日 星期四\n\n" + PAGE, encoding="utf-8")
    doc = only(read_all(str(tmp_path / "p.txt"), date=dt.date(2022, 6, 29), publisher="澄溪工人报"))
    assert isinstance(doc, Document)
    assert (doc.date, doc.publisher) == (dt.date(2022, 6, 29), "澄溪工人报")


def test_find_page_date_skips_impossible_dates() -> None:
    assert find_page_date("2023年2月30日有误，2023年3月1日正确") == dt.date(2023, 3, 1)
    assert find_page_date("2021年以来，3月5日") is None


# -- JSON Lines ----------------------------------------------------------------


def test_jsonl_records_become_documents_and_bad_lines_are_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    lines = [
        json.dumps({"id": "a1", "title": "职工书屋开放", "date": "2023-09-10", "text": "职工书屋开放\n正文第一段。",
                    "source": "澄溪工人报", "url": "https://example.org/a1"}, ensure_ascii=False),
        "",
        "{not json",
        json.dumps({"id": "a2", "title": "无正文"}, ensure_ascii=False),
        json.dumps({"id": "a3", "date": "2023/09/10", "text": "日期格式不对。"}, ensure_ascii=False),
        json.dumps({"id": "a4", "date": "2023-02-30", "text": "日期不存在。"}, ensure_ascii=False),
        json.dumps(["not", "an", "object"]),
        json.dumps({"id": "a1", "text": "重复的编号。"}, ensure_ascii=False),
        json.dumps({"id": 7, "text": "没有日期也没有标题。"}, ensure_ascii=False),
    ]
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read_all(str(tmp_path / "corpus"))
    docs = [item for item in items if isinstance(item, Document)]
    bad = [item for item in items if isinstance(item, Skipped)]
    assert [d.doc_id for d in docs] == ["corpus/news.jsonl#a1", "corpus/news.jsonl#7"]
    first = docs[0]
    assert (first.format, first.title, first.date, first.publisher, first.url) == (
        "jsonl", "职工书屋开放", dt.date(2023, 9, 10), "澄溪工人报", "https://example.org/a1")
    assert first.source == str(tmp_path / "corpus" / "news.jsonl")
    assert docs[1].date is None and docs[1].title is None
    assert [(s.line, s.reason.split(":")[0].split(" '")[0]) for s in bad] == [
        (3, "invalid JSON"), (4, 'record has no "text"'), (5, "bad date"), (6, "bad date"),
        (7, "a record must be a JSON object, not list"), (8, "duplicate id"),
    ]
    assert all(s.source == str(tmp_path / "corpus" / "news.jsonl") for s in bad)


def test_jsonl_title_line_is_not_joined_to_the_next(tmp_path: Path) -> None:
    record = {"id": "x", "title": "新任主帅正式亮相，集训开启", "text": "新任主帅正式亮相，集训开启\n球队重建迈出第一步\n正文。"}
    (tmp_path / "t.jsonl").write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    doc = only(read_all(str(tmp_path / "t.jsonl")))
    assert isinstance(doc, Document)
    assert doc.text.split("\n")[0] == "新任主帅正式亮相，集训开启"


def test_a_records_own_date_and_source_win_over_the_arguments(tmp_path: Path) -> None:
    records = [{"id": "x", "date": "2020-01-01", "source": "澄溪日报", "text": "正文。"}, {"id": "y", "text": "正文。"}]
    (tmp_path / "t.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    own, bare = read_all(str(tmp_path / "t.jsonl"), date=dt.date(2021, 5, 1), publisher="某报")
    assert isinstance(own, Document) and (own.date, own.publisher) == (dt.date(2020, 1, 1), "澄溪日报")
    assert isinstance(bare, Document) and (bare.date, bare.publisher) == (dt.date(2021, 5, 1), "某报")


def test_empty_jsonl_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "e.jsonl").write_text("\n\n", encoding="utf-8")
    assert "empty" in skipped(read_all(str(tmp_path / "e.jsonl"))).reason


# -- read_document, document_from_text, decode_bytes ----------------------------


def test_read_document_returns_a_document_named_as_iter_documents_would(tmp_path: Path) -> None:
    (tmp_path / "p.txt").write_text(PAGE, encoding="utf-8")
    doc = read_document(tmp_path / "p.txt", publisher="澄溪工人报")
    assert (doc.doc_id, doc.publisher) == (only(read_all(str(tmp_path / "p.txt"))).doc_id, "澄溪工人报")
    assert read_document(tmp_path / "p.txt", root=tmp_path).doc_id == "p.txt"
    assert read_document(tmp_path / "p.txt", doc_id="第一版").doc_id == "第一版"


@pytest.mark.parametrize(("name", "content", "problem"), [
    ("missing.txt", None, "no such file"),
    ("empty.txt", b"", "empty file"),
    ("binary.txt", b"abc\x00def", "binary file"),
    ("many.jsonl", b'{"text": "x"}', "iter_documents"),
    ("table.csv", b"a,b", "unsupported"),
])
def test_read_document_raises_input_error(tmp_path: Path, name: str, content: bytes | None, problem: str) -> None:
    if content is not None:
        (tmp_path / name).write_bytes(content)
    with pytest.raises(InputError, match=problem) as caught:
        read_document(tmp_path / name)
    assert caught.value.source == str(tmp_path / name)


def test_document_from_text_normalises_once() -> None:
    doc = document_from_text("（上接第1版）正文。\r\n", doc_id="x", source="<text>")
    assert doc.text == "正文。"
    with pytest.raises(InputError, match="empty"):
        document_from_text(" \n ", doc_id="x", source="<text>")


def test_decode_bytes_names_the_bad_byte() -> None:
    with pytest.raises(InputError, match=r"byte 0xff at offset 3"):
        decode_bytes(b"abc\xff\xfe\xfd", source="x.txt")


# -- size --------------------------------------------------------------------


def test_a_megabyte_line_without_punctuation_reads_fine(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("职工" * 180_000 + "\n", encoding="utf-8")  # about 1 MB of UTF-8
    assert (tmp_path / "big.txt").stat().st_size > 1_000_000
    doc = only(read_all(str(tmp_path / "big.txt")))
    assert isinstance(doc, Document) and len(doc.text) == 360_000
    [article] = split_articles(doc)
    assert (article.start, article.end, article.headline, article.credits) == (0, 360_000, "", ())


def test_work_on_a_line_does_not_grow_with_its_length(tmp_path: Path) -> None:
    """Reading and splitting scan a long line only inside regular expressions and
    decoders (their speed is bench/reading_scale.py's), never character by character in Python."""
    def read_and_split(path: Path) -> None:
        split_articles(only(read_all(str(path))))

    counts = []
    for size in (5_000, 20_000):
        path = tmp_path / f"line-{size}.txt"
        path.write_text("职工" * size + "\n", encoding="utf-8")
        read_and_split(path)  # warm: caches and lazy imports are not the line's work
        counts.append(work(read_and_split, path))
    short, long = counts
    assert long < 1.5 * short, counts
