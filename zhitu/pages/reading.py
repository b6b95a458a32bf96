"""Reading input pages into :class:`~zhitu.pages.model.Document` objects.

Inputs are any mix of .txt/.md files, folders (searched recursively), glob
patterns, ``-`` for standard input, and .jsonl files holding one article a
line. Bytes are decoded as UTF-8 (with or without a BOM), UTF-16 with a BOM,
or GBK/GB18030; the text is normalised once (``zhitu.pages.normalise``).

An input that cannot be read becomes a :class:`~zhitu.pages.model.Skipped`
with a one-line reason, in order with the documents: nothing raises and nothing
is lost silently, except files in a folder whose suffix zhitu does not read.

Not for: splitting a page into articles (``zhitu.pages.articles``).
"""
from __future__ import annotations

import datetime as dt
import glob
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, TextIO

from zhitu.errors import InputError
from zhitu.pages.model import Document, Skipped
from zhitu.pages.normalise import normalise

__all__ = ["SUFFIXES", "decode_bytes", "document_from_text", "find_page_date", "iter_documents", "read_document"]

SUFFIXES = (".txt", ".md", ".jsonl")
"""The file suffixes zhitu reads (a folder is searched for these only)."""

_FULL_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# C0 and C1 control characters other than white space: text has (almost) none.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_MAX_CONTROL_SHARE = 0.001


def iter_documents(
    paths: Iterable[str],
    *,
    date: dt.date | None = None,
    publisher: str | None = None,
    stdin: TextIO | BinaryIO | None = None,
) -> Iterator[Document | Skipped]:
    """Yield a Document for each page (and each JSON Lines record) in *paths*,
    or a Skipped saying why an input could not be read, in input order.

    A doc_id is the path relative to the folder or glob root the file was found
    under, the folder's name kept (``seed/page.txt``); a file given directly is
    named by its file name, standard input (``-``) is ``stdin`` and a JSON Lines
    record is ``news.jsonl#<id>``. *date* and *publisher*, when given, override
    what a record says and what the page text suggests (a masthead date). A
    file reached twice is read once.
    """
    seen: set[str] = set()
    stdin_read = False
    for given in paths:
        if given == "-":
            if stdin_read:
                yield Skipped("<stdin>", "standard input given more than once")
                continue
            stdin_read = True
            yield _read_stdin(stdin if stdin is not None else sys.stdin, date=date, publisher=publisher)
            continue
        for item in _expand(given):
            if isinstance(item, Skipped):
                yield item
                continue
            path, doc_id = item
            key = os.path.realpath(path)
            if key in seen:
                continue
            seen.add(key)
            yield from _read_file(path, doc_id, date=date, publisher=publisher)


def input_files(paths: Iterable[str]) -> Iterator[str]:
    """The files *paths* name (folders walked, globs expanded), as
    :func:`iter_documents` would read them; standard input and what cannot
    be found are left out. For sizing a build before reading it."""
    for given in paths:
        if given == "-":
            continue
        for item in _expand(given):
            if not isinstance(item, Skipped):
                yield item[0]


def read_document(path: str | os.PathLike[str], *, date: dt.date | None = None,
                  publisher: str | None = None) -> Document:
    """Read one .txt or .md page; its doc_id is its file name.

    Raises InputError when the file is missing, empty, binary, undecodable, or a
    .jsonl file (which holds many documents: use :func:`iter_documents`).
    """
    path = os.fspath(path)
    suffix = Path(path).suffix.lower()
    if suffix == ".jsonl":
        raise InputError(path, "a .jsonl file holds one document a line; read it with iter_documents")
    if suffix not in SUFFIXES:
        raise InputError(path, f"unsupported file type {suffix or '(none)'!r}; zhitu reads .txt, .md and .jsonl")
    text, encoding = decode_bytes(_read_bytes(path), source=path)
    return document_from_text(text, doc_id=Path(path).name, source=path, format=suffix[1:],
                              date=date, publisher=publisher, encoding=encoding)


def document_from_text(
    text: str,
    *,
    doc_id: str,
    source: str,
    format: str = "txt",
    date: dt.date | None = None,
    publisher: str | None = None,
    title: str | None = None,
    url: str | None = None,
    encoding: str = "utf-8",
) -> Document:
    """Normalise *text* and make it a Document.

    Without a *date*, the first full date the text gives (2022年6月29日, as in a
    masthead) is the page date. Raises InputError when nothing but white space
    is left.
    """
    normalised = _normalise_keeping_title(text, title)
    if not normalised:
        raise InputError(source, "empty file (no text)" if not text.strip() else "no text left after normalising")
    return Document(
        doc_id=doc_id,
        source=source,
        text=normalised,
        format=format,
        date=date if date is not None else find_page_date(normalised),
        title=title,
        publisher=publisher,
        url=url,
        encoding=encoding,
    )


def _normalise_keeping_title(text: str, title: str | None) -> str:
    """Normalise *text*; a first line that is the given title stays a line of its own
    (a title with a comma would otherwise look like a broken line)."""
    if title:
        first, _, rest = text.lstrip().partition("\n")
        if first.strip() == title.strip() and rest.strip():
            return f"{normalise(first)}\n{normalise(rest)}"
    return normalise(text)


def find_page_date(text: str) -> dt.date | None:
    """The first valid full date (YYYY年M月D日) in *text*, or None."""
    for m in _FULL_DATE.finditer(text):
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            continue
    return None


def decode_bytes(data: bytes, *, source: str) -> tuple[str, str]:
    """Decode a page's bytes; return the text and the encoding's name.

    Tries UTF-8 (``utf-8-sig`` when it starts with a BOM), UTF-16 with a BOM,
    then GBK and GB18030, all strictly. Raises InputError for an empty or binary
    file or one no candidate decodes.
    """
    if not data.strip():
        raise InputError(source, "empty file" if not data else "empty file (only white space)")
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return _check_text(data.decode(encoding), source), encoding
            except UnicodeDecodeError as err:
                raise InputError(source, f"cannot decode as {encoding} despite its byte-order mark: {err.reason} "
                                         f"at byte {err.start}") from err
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(source, f"binary file (NUL byte at offset {nul}), not text")
    try:
        return _check_text(data.decode("utf-8"), source), "utf-8"
    except UnicodeDecodeError as err:
        utf8_error = err
    for encoding in ("gbk", "gb18030"):
        try:
            return _check_text(data.decode(encoding), source), encoding
        except UnicodeDecodeError:
            continue
    bad = data[utf8_error.start]
    raise InputError(source, f"cannot decode: not UTF-8 (byte 0x{bad:02x} at offset {utf8_error.start}), "
                             "GBK or GB18030; binary or another encoding")


def _check_text(text: str, source: str) -> str:
    controls = len(_CONTROL.findall(text))
    if controls > 2 and controls > _MAX_CONTROL_SHARE * len(text):
        raise InputError(source, f"binary file ({controls} control characters), not text")
    return text


def _read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError as err:
        raise InputError(path, "no such file or folder") from err
    except IsADirectoryError as err:
        raise InputError(path, "is a folder, not a file") from err
    except OSError as err:
        raise InputError(path, f"cannot read: {err.strerror or err}") from err


def _expand(given: str) -> Iterator[tuple[str, str] | Skipped]:
    """The files an input names, each with its doc_id, or why there are none."""
    if os.path.isdir(given):
        found = list(_walk(given, _root_label(given)))
        if not found:
            yield Skipped(given, "folder holds no .txt, .md or .jsonl files")
        yield from found
    elif os.path.exists(given):
        yield from _supported(given, Path(given).name)
    elif glob.has_magic(given):
        matches = sorted(glob.glob(given, recursive=True))
        if not matches:
            yield Skipped(given, "pattern matches no files")
            return
        root = _glob_root(given)
        label = _root_label(root) if root else ""
        for match in matches:
            doc_id = _join(label, Path(os.path.relpath(match, root or ".")).as_posix())
            if os.path.isdir(match):
                yield from _walk(match, doc_id)
            else:
                yield from _supported(match, doc_id)
    else:
        yield Skipped(given, "no such file or folder")


def _walk(folder: str, label: str) -> Iterator[tuple[str, str]]:
    """Every readable file under *folder*, sorted by relative path; hidden ones left out."""
    found: list[tuple[str, str]] = []
    for top, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith(".") or Path(name).suffix.lower() not in SUFFIXES:
                continue
            path = os.path.join(top, name)
            rel = Path(os.path.relpath(path, folder)).as_posix()
            found.append((rel, path))
    for rel, path in sorted(found):
        yield path, _join(label, rel)


def _join(label: str, rel: str) -> str:
    """A doc_id from a root's label and a path relative to the root."""
    if rel in ("", "."):
        return label
    return f"{label}/{rel}" if label else rel


def _supported(path: str, doc_id: str) -> Iterator[tuple[str, str] | Skipped]:
    suffix = Path(path).suffix.lower()
    if suffix in SUFFIXES:
        yield path, doc_id
    else:
        yield Skipped(path, f"unsupported file type {suffix or '(none)'!r}; zhitu reads .txt, .md and .jsonl")


def _root_label(folder: str) -> str:
    """The name a folder lends its documents' ids: ``seed`` for ../data/seed/, none for the working folder."""
    if os.path.abspath(folder) == os.path.abspath(os.curdir):
        return ""
    return Path(os.path.abspath(folder)).name


def _glob_root(pattern: str) -> str:
    """The folder part of a glob pattern before its first wildcard ('' for none)."""
    parts = Path(pattern).parts
    fixed: list[str] = []
    for part in parts[:-1]:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return str(Path(*fixed)) if fixed else ""


def _read_file(path: str, doc_id: str, *, date: dt.date | None,
               publisher: str | None) -> Iterator[Document | Skipped]:
    suffix = Path(path).suffix.lower()
    try:
        text, encoding = decode_bytes(_read_bytes(path), source=path)
        if suffix == ".jsonl":
            yield from _read_jsonl(text, path, doc_id, encoding=encoding, date=date, publisher=publisher)
            return
        yield document_from_text(text, doc_id=doc_id, source=path, format=suffix[1:],
                                 date=date, publisher=publisher, encoding=encoding)
    except InputError as err:
        yield Skipped(err.source, err.problem, err.line)


def _read_stdin(stream: TextIO | BinaryIO, *, date: dt.date | None, publisher: str | None) -> Document | Skipped:
    source = "<stdin>"
    try:
        raw = getattr(stream, "buffer", stream).read()
        if isinstance(raw, str):
            text, encoding = raw, "utf-8"
            if not text.strip():
                raise InputError(source, "empty input")
        else:
            text, encoding = decode_bytes(raw, source=source)
        return document_from_text(text, doc_id="stdin", source=source, format="txt",
                                  date=date, publisher=publisher, encoding=encoding)
    except InputError as err:
        return Skipped(err.source, err.problem, err.line)
    except OSError as err:
        return Skipped(source, f"cannot read: {err}")


def _read_jsonl(text: str, path: str, rel: str, *, encoding: str, date: dt.date | None,
                publisher: str | None) -> Iterator[Document | Skipped]:
    """One Document per record; a bad line is Skipped and reading goes on."""
    ids: set[str] = set()
    records = 0
    # split("\n"), not splitlines(): U+2028 and friends may stand unescaped inside a JSON string.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        records += 1
        try:
            record = _parse_record(line, path, number)
            record_id = str(record.get("id", f"L{number}"))
            if record_id in ids:
                raise InputError(path, f"duplicate id {record_id!r}", line=number)
            ids.add(record_id)
            source_name = _optional_str(record.get("source"))
            yield document_from_text(
                record["text"],
                doc_id=f"{rel}#{record_id}",
                source=path,
                format="jsonl",
                date=date if date is not None else record.get("date"),
                publisher=publisher if publisher is not None else (source_name or None),
                title=_optional_str(record.get("title")),
                url=_optional_str(record.get("url")),
                encoding=encoding,
            )
        except InputError as err:
            yield Skipped(path, err.problem, number)
    if not records:
        yield Skipped(path, "empty file (no JSON lines)")


def _parse_record(line: str, path: str, number: int) -> dict[str, object]:
    """A JSON Lines record with its fields checked; ``date`` becomes a date."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(path, f"invalid JSON: {err.msg} at column {err.colno}", line=number) from err
    if not isinstance(record, dict):
        raise InputError(path, f"a record must be a JSON object, not {type(record).__name__}", line=number)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(path, "record has no \"text\"" if text is None else "record's \"text\" is empty or not a string",
                         line=number)
    for key in ("id", "title", "source", "url"):
        value = record.get(key)
        if value is not None and not isinstance(value, (str, int)) or isinstance(value, bool):
            raise InputError(path, f"record's {key!r} must be a string", line=number)
    raw_date = record.get("date")
    if raw_date is not None:
        if not isinstance(raw_date, str) or not _ISO_DATE.fullmatch(raw_date.strip()):
            raise InputError(path, f"bad date {raw_date!r}; want YYYY-MM-DD", line=number)
        try:
            record["date"] = dt.date.fromisoformat(raw_date.strip())
        except ValueError as err:
            raise InputError(path, f"bad date {raw_date!r}: {err}", line=number) from err
    return record


def _optional_str(value: object) -> str | None:
    return str(value).strip() or None if value is not None else None
