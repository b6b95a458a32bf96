"""Reading input that is hostile or odd: ids that must not collide, encodings
that must not turn into mojibake, characters no document may hold, files that
are not files, and documents without end (issue 14, items 2, 3, 4, 8, 12)."""
from __future__ import annotations

import io
import json
import os
import sys
import threading
import unicodedata
from pathlib import Path

import pytest

from zhitu.read.articles import split_articles
from zhitu.read.model import Document, Skipped
from zhitu.read.reading import DEFAULT_MAX_BYTES, document_id, iter_documents

PAGE = "# 白沙镇职工书屋开放\n\n本报讯（记者张明）9月10日，白沙镇“职工书屋”正式向职工开放。\n"
TRADITIONAL = "# 白沙鎮職工書屋開放\n\n本報訊（記者張明）9月10日，白沙鎮「職工書屋」正式向職工開放。市總工會主席李華出席並講話。\n"
KOREAN = "서울시는 10일 시민들을 위한 새로운 도서관을 열었다고 밝혔다. 이 도서관은 노동자들이 퇴근 후에도 이용할 수 있도록 밤늦게까지 운영된다.\n"
JAPANESE = "東京都は十日、市民のための新しい図書館を開いたと発表した。この図書館は労働者が仕事の後にも利用できるよう、夜遅くまで開いている。\n"


def read_all(*paths: str, **kwargs: object) -> list[Document | Skipped]:
    return list(iter_documents(list(paths), **kwargs))  # type: ignore[arg-type]


def documents(items: list[Document | Skipped]) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def skips(items: list[Document | Skipped]) -> list[Skipped]:
    found = [item for item in items if isinstance(item, Skipped)]
    assert all("\n" not in str(item) and "\r" not in str(item) for item in found)
    return found


def only_document(items: list[Document | Skipped]) -> Document:
    [item] = items
    assert isinstance(item, Document), item
    return item


def only_skip(items: list[Document | Skipped]) -> Skipped:
    [item] = skips(items)
    assert len(items) == 1, items
    return item


def holds_only_text(value: str) -> bool:
    """No lone surrogate, control, format, private-use or noncharacter code point."""
    value.encode("utf-8")  # raises on a lone surrogate
    return not any(unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs") and ch not in "\n\t" for ch in value)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, data: str | bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return str(path)


# -- item 2: document ids are unique and stable ----------------------------------------------


def test_files_of_the_same_name_in_two_folders_get_two_ids(in_tmp: Path) -> None:
    first = write(in_tmp / "days" / "1" / "01.txt", PAGE)
    second = write(in_tmp / "days" / "2" / "01.txt", PAGE.replace("张明", "王芳"))
    assert [d.doc_id for d in documents(read_all(first, second))] == ["days/1/01.txt", "days/2/01.txt"]


def test_a_file_has_one_id_however_it_is_named(in_tmp: Path) -> None:
    path = in_tmp / "days" / "1" / "01.txt"
    write(path, PAGE)
    (in_tmp / "link").symlink_to(in_tmp / "days")
    ways = ["days/1/01.txt", str(path), "./days/../days/1/01.txt", "days/1/", "days/*/01.txt", "days/**", "link/1/01.txt"]
    assert {only_document(read_all(way)).doc_id for way in ways} == {"days/1/01.txt"}


def test_a_file_outside_the_working_folder_is_named_by_its_relative_path(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    page = write(tmp_path / "corpus" / "p.txt", PAGE)
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    assert only_document(read_all(page)).doc_id == "../corpus/p.txt"
    assert document_id(page, root=tmp_path) == "corpus/p.txt"


def test_standard_input_is_named_by_its_text() -> None:
    def stdin_id(text: str) -> str:
        return only_document(read_all("-", stdin=io.BytesIO(text.encode("utf-8")))).doc_id

    assert stdin_id(PAGE) == stdin_id(PAGE.replace("\n", "\r\n"))  # the same text, normalised alike
    assert stdin_id(PAGE) != stdin_id(PAGE.replace("张明", "王芳"))


def test_two_inputs_with_one_id_are_reported_not_built_over_each_other(in_tmp: Path) -> None:
    record = json.dumps({"id": "x.txt", "text": "澄溪市召开职工代表大会。"}, ensure_ascii=False)
    jsonl = write(in_tmp / "a.jsonl", record + "\n")
    page = write(in_tmp / "a.jsonl#x.txt", PAGE)
    items = read_all(jsonl, page)
    assert [d.doc_id for d in documents(items)] == ["a.jsonl#x.txt"]
    [skip] = skips(items)
    assert skip.source == page
    assert skip.reason == f"document id a.jsonl#x.txt is already taken by {jsonl}; not built (rename one of them)"


@pytest.mark.skipif(sys.platform == "win32", reason="file names are not bytes on Windows")
def test_a_file_name_with_a_line_break_or_bytes_that_are_not_utf8_gives_a_clean_id(in_tmp: Path) -> None:
    write(in_tmp / "a\nb.txt", PAGE)
    write(Path(os.fsdecode(bytes(in_tmp) + b"/caf\xe9.txt")), PAGE.replace("张明", "王芳"))
    ids = sorted(d.doc_id for d in documents(read_all(".")))
    assert ids == ["a%0Ab.txt", "caf%E9.txt"]


# -- item 3 (reading): no document holds a lone surrogate ------------------------------------


def test_a_lone_surrogate_in_a_record_never_reaches_a_document(in_tmp: Path) -> None:
    # json.dumps writes "\ud800" as an escape, which json.loads turns back into a lone surrogate.
    record = {"id": "r\ud800", "title": "标题\udfff", "source": "澄溪\ud800日报", "text": "标题\udfff\n张\ud800三出席会议。"}
    doc = only_document(read_all(write(in_tmp / "s.jsonl", json.dumps(record) + "\n")))
    for value in (doc.doc_id, doc.text, doc.title or "", doc.publisher or ""):
        assert holds_only_text(value), repr(value)
    assert doc.text == "标题\ufffd\n张\ufffd三出席会议。"
    assert doc.doc_id == "s.jsonl#r%ED%A0%80"


# -- item 4: decoding --------------------------------------------------------------------------


def test_an_invalid_utf8_byte_costs_only_its_line(in_tmp: Path) -> None:
    lines = [json.dumps({"id": f"r{i}", "text": f"第{i}条新闻，澄溪市召开职工代表大会。"}, ensure_ascii=False).encode("utf-8")
             for i in range(5)]
    lines[2] = lines[2].replace("新闻".encode("utf-8"), b"\xff\xfe")
    items = read_all(write(in_tmp / "news.jsonl", b"\n".join(lines) + b"\n"))
    assert [d.doc_id for d in documents(items)] == ["news.jsonl#r0", "news.jsonl#r1", "news.jsonl#r3", "news.jsonl#r4"]
    [skip] = skips(items)
    assert (skip.line, skip.reason.split(":")[0]) == (3, "invalid UTF-8")


def test_a_jsonl_file_in_gbk_or_utf16_is_still_read(in_tmp: Path) -> None:
    text = "\n".join(json.dumps({"id": i, "text": "澄溪市召开职工代表大会。"}, ensure_ascii=False) for i in range(3))
    for name, encoding in (("gbk.jsonl", "gbk"), ("u16.jsonl", "utf-16"), ("u16le.jsonl", "utf-16-le")):
        items = read_all(write(in_tmp / name, text.encode(encoding)))
        assert [d.text for d in documents(items)] == ["澄溪市召开职工代表大会。"] * 3, (name, items)


def test_stray_control_characters_are_dropped_and_the_page_built(in_tmp: Path) -> None:
    page = PAGE.replace("白沙镇“", "白沙\x01镇“").replace("记者", "记\x1b者").replace("开放", "开\x7f放")
    doc = only_document(read_all(write(in_tmp / "p.txt", page)))
    assert doc.text == PAGE.strip()


def test_a_stray_nul_byte_is_dropped_too(in_tmp: Path) -> None:
    data = PAGE.encode("utf-8").replace("记者".encode("utf-8"), "记\x00者".encode("utf-8"))
    assert only_document(read_all(write(in_tmp / "p.txt", data))).text == PAGE.strip()


def test_big5_is_decoded_as_chinese(in_tmp: Path) -> None:
    doc = only_document(read_all(write(in_tmp / "tw.txt", TRADITIONAL.encode("big5"))))
    assert doc.encoding == "big5"
    assert "市總工會主席李華" in doc.text


@pytest.mark.parametrize(("text", "encoding", "says"), [
    (KOREAN, "euc_kr", "looks like EUC-KR (Korean) text; zhitu reads Chinese"),
    (JAPANESE, "shift_jis", "looks like Shift-JIS (Japanese) text; zhitu reads Chinese"),
], ids=["korean", "japanese"])
def test_korean_and_japanese_pages_are_refused_by_name(in_tmp: Path, text: str, encoding: str, says: str) -> None:
    assert only_skip(read_all(write(in_tmp / "p.txt", text.encode(encoding)))).reason == says


@pytest.mark.parametrize("encoding", ["gbk", "utf-8"])
def test_chinese_is_not_taken_for_korean_big5_or_japanese(in_tmp: Path, encoding: str) -> None:
    lines = ["澄溪 青岚 白沙 市委 书记 李华 王芳 张明 出席 会议 上海 生产 社会 时间", "澄溪市总工会", "一二三四五六七八九十", PAGE]
    for number, line in enumerate(lines):
        doc = only_document(read_all(write(in_tmp / f"{number}.txt", line.encode(encoding))))
        assert doc.text == line.strip(), doc


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_decoded(in_tmp: Path, encoding: str) -> None:
    doc = only_document(read_all(write(in_tmp / "p.txt", PAGE.encode(encoding))))
    assert (doc.encoding, doc.text) == (encoding, PAGE.strip())


def test_nul_bytes_on_both_parities_are_still_binary(in_tmp: Path) -> None:
    data = b"\x00\x01\x02\x00" * 64 + "澄溪".encode("utf-8")
    assert "binary file" in only_skip(read_all(write(in_tmp / "b.txt", data))).reason


def test_a_utf8_page_with_a_broken_byte_keeps_the_rest(in_tmp: Path) -> None:
    data = PAGE.encode("utf-8").replace("正式".encode("utf-8"), b"\xe6\xad")  # 正 cut short, 式 gone
    doc = only_document(read_all(write(in_tmp / "p.txt", data)))
    assert "白沙镇“职工书屋”\ufffd向职工开放" in doc.text


# -- item 7: characters that carry no text -------------------------------------------------------


@pytest.mark.parametrize("mark", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200f",
                                  "\u202a", "\u202e", "\u2066", "\u2069", "\u180e", "\U000e0041", "\U000e007f",
                                  "\ufe0f", "\U000e0100", "\ufffc"])
def test_invisible_characters_do_not_split_a_name(in_tmp: Path, mark: str) -> None:
    page = f"# 会议\n\n本报讯 张{mark}三出席会议。\n"
    doc = only_document(read_all(write(in_tmp / "p.txt", page)))
    assert "张三出席会议" in doc.text
    [article] = split_articles(doc)
    assert doc.text[article.body_start:article.end] == "本报讯 张三出席会议。"


def test_noncharacters_and_private_use_characters_become_replacement_characters(in_tmp: Path) -> None:
    record = {"id": "r", "text": "张\ufdd0三、李\uffff四、王\ue000五、赵\U0010fffd六出席会议。"}
    doc = only_document(read_all(write(in_tmp / "p.jsonl", json.dumps(record) + "\n")))
    assert doc.text == "张\ufffd三、李\ufffd四、王\ufffd五、赵\ufffd六出席会议。"


# -- item 12: only regular files, and never without end ----------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_skipped_not_waited_on(in_tmp: Path) -> None:
    os.mkfifo(in_tmp / "pipe.txt")
    write(in_tmp / "good.txt", PAGE)
    result: list[list[Document | Skipped]] = []
    reader = threading.Thread(target=lambda: result.append(read_all(".")), daemon=True)
    reader.start()
    reader.join(60)  # a hang guard, not a speed test: the old code never returned
    assert result, "reading a FIFO blocked"
    [items] = result
    assert [d.doc_id for d in documents(items)] == ["good.txt"]
    assert [(s.source, s.reason) for s in skips(items)] == [("./pipe.txt", "not a regular file (a FIFO)")]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_a_link_to_a_device_is_skipped(in_tmp: Path) -> None:
    (in_tmp / "zero.txt").symlink_to("/dev/zero")
    (in_tmp / "zero.jsonl").symlink_to("/dev/zero")
    items = read_all("zero.txt", "zero.jsonl")
    assert [s.reason for s in skips(items)] == ["not a regular file (a character device)"] * 2


def test_a_file_over_the_cap_is_skipped_with_its_size(in_tmp: Path) -> None:
    page = write(in_tmp / "p.txt", PAGE)
    size = len(PAGE.encode("utf-8"))
    skip = only_skip(read_all(page, max_bytes=100))
    assert skip.reason == f"document too big: {size:,} bytes, over the cap of 100 bytes per document"
    assert isinstance(only_document(read_all(page, max_bytes=None)), Document)
    assert isinstance(only_document(read_all(page, max_bytes=size)), Document)


def test_the_default_cap_applies(in_tmp: Path) -> None:
    with open(in_tmp / "huge.txt", "wb") as f:
        f.truncate(DEFAULT_MAX_BYTES + 1)  # sparse: costs no disk, and is never read
    assert "over the cap of" in only_skip(read_all("huge.txt")).reason


class EndlessStream(io.RawIOBase):
    """Standard input that never ends, counting what was read."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        n = len(buffer)
        buffer[:n] = "职工".encode("utf-8") * (n // 6) + b"x" * (n % 6)
        self.given += n
        return n


def test_endless_standard_input_is_read_only_up_to_the_cap() -> None:
    stream = EndlessStream()
    skip = only_skip(read_all("-", stdin=stream, max_bytes=10_000))  # type: ignore[arg-type]
    assert skip.reason == "document too big: more than 10,000 bytes, over the cap of 10,000 bytes per document"
    assert stream.given <= 10_001


def test_a_jsonl_record_over_the_cap_costs_only_its_line(in_tmp: Path) -> None:
    small = json.dumps({"id": "s", "text": "澄溪市召开职工代表大会。"}, ensure_ascii=False)
    big = json.dumps({"id": "b", "text": "职工" * 5_000}, ensure_ascii=False)
    items = read_all(write(in_tmp / "n.jsonl", "\n".join([small, big, small.replace('"s"', '"t"')])), max_bytes=1_000)
    assert [d.doc_id for d in documents(items)] == ["n.jsonl#s", "n.jsonl#t"]
    [skip] = skips(items)
    assert skip.line == 2 and skip.reason.startswith("record too big: more than 1,000 bytes")
