"""Reading input pages into :class:`~zhitu.read.model.Document` objects.

Inputs are any mix of .txt/.md files, folders (searched recursively), glob
patterns, ``-`` for standard input, and .jsonl files holding one article a
line. Bytes are decoded by ``zhitu.read.decoding`` (a JSON Lines file line by
line); the text is normalised once (``zhitu.read.normalise``).

Only regular files are read (a FIFO would block, a link to /dev/zero never
ends), and at most *max_bytes* of each document. An input that cannot be read
becomes a :class:`~zhitu.read.model.Skipped` with a one-line reason, in order
with the documents: nothing raises and nothing is lost silently, except files
in a folder whose suffix zhitu does not read.

Document ids are what a store keys graphs by, so they must be stable across
runs (building a file again replaces its own graph) and unique (a different
file never replaces it): a file's id is its path relative to the working
directory, which is where the default store lives too; standard input's is a
digest of its text.

Not for: splitting a page into articles (``zhitu.read.articles``).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import glob
import hashlib
import json
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, TextIO

from zhitu.errors import InputError
from zhitu.read.decoding import decode_bytes, decode_line
from zhitu.read.model import Document, Skipped
from zhitu.read.normalise import clean_characters, escape_characters, normalise

__all__ = ["DEFAULT_MAX_BYTES", "SUFFIXES", "date_from_name", "decode_bytes", "document_from_text", "document_id",
           "find_page_date", "iter_documents", "read_document"]

SUFFIXES = (".txt", ".md", ".jsonl")
"""The file suffixes zhitu reads (a folder is searched for these only)."""

DEFAULT_MAX_BYTES = 8 * 1024 * 1024
"""The largest document read by default, in bytes (a page or a JSON Lines record):
a newspaper page is a few tens of kB, and extraction of a huge one ties up a worker."""

_FULL_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# YYYYMMDD in a file name, not part of a longer number.
_NAME_DATE = re.compile(r"(?<!\d)((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")
_STDIN = "<stdin>"
# What a JSON Lines file's first bytes must show for it to be read whole rather than line by line.
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")
_DRAIN_CHUNK = 1 << 20


def iter_documents(
    paths: Iterable[str],
    *,
    date: dt.date | None = None,
    publisher: str | None = None,
    stdin: TextIO | BinaryIO | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    root: str | os.PathLike[str] | None = None,
) -> Iterator[Document | Skipped]:
    """Yield a Document for each page (and each JSON Lines record) in *paths*,
    or a Skipped saying why an input could not be read, in input order.

    A doc_id is :func:`document_id` of the file (its path relative to *root*,
    by default the working directory: ``seed/page.txt``), ``<that>#<id>`` for
    a JSON Lines record and ``stdin-<digest of the text>`` for standard input
    (``-``). Two inputs that would still share an id are not built over each
    other: the second is skipped with a reason naming the first. *date* and
    *publisher* apply when the input does not give them: a record's own
    ``date`` and ``source`` win, while a page's masthead date is only a guess
    and yields to *date* and to a date in the file's name (:func:`date_from_name`). A document over *max_bytes* (None: no cap) is
    skipped, having read no more than *max_bytes* + 1 bytes of it. A file
    reached twice is read once.
    """
    seen: set[tuple[int, int]] = set()
    taken: dict[str, str] = {}
    stdin_read = False
    for given in paths:
        if given == "-":
            if stdin_read:
                yield Skipped(_STDIN, "standard input given more than once")
                continue
            stdin_read = True
            items: Iterable[Document | Skipped] = [_read_stdin(stdin if stdin is not None else sys.stdin,
                                                               date=date, publisher=publisher, max_bytes=max_bytes)]
        else:
            items = _read_given(given, seen, date=date, publisher=publisher, max_bytes=max_bytes, root=root)
        for item in items:
            yield _unique(item, taken)


def _read_given(given: str, seen: set[tuple[int, int]], *, date: dt.date | None, publisher: str | None,
                max_bytes: int | None, root: str | os.PathLike[str] | None) -> Iterator[Document | Skipped]:
    for item in _expand(given):
        if isinstance(item, Skipped):
            yield item
        else:
            yield from _read_file(item, seen, date=date, publisher=publisher, max_bytes=max_bytes, root=root)


def _unique(item: Document | Skipped, taken: dict[str, str]) -> Document | Skipped:
    """*item*, or a Skipped naming the input that already gave this run a document with its id."""
    if isinstance(item, Skipped):
        return item
    first = taken.get(item.doc_id)
    if first is None:
        taken[item.doc_id] = item.source
        return item
    return Skipped(item.source, f"document id {_shown(item.doc_id)} is already taken by {_shown(first)}; "
                                "not built (rename one of them)")


def input_files(paths: Iterable[str]) -> Iterator[str]:
    """The files *paths* name (folders walked, globs expanded), as
    :func:`iter_documents` would read them; standard input and what cannot
    be found are left out. For sizing a build before reading it."""
    for given in paths:
        if given == "-":
            continue
        for item in _expand(given):
            if not isinstance(item, Skipped):
                yield item


def document_id(path: str | os.PathLike[str], *, root: str | os.PathLike[str] | None = None) -> str:
    """The doc_id of the file at *path*: its path relative to *root* (default:
    the working directory), ``/``-separated, ``..`` where it lies outside.

    Folders are resolved (a folder reached through a link is the same folder),
    the file's own name is kept. Characters that cannot stand in an id (line
    breaks, controls, invisible characters, bytes of a name that is not
    UTF-8) are percent-encoded.
    """
    folder, name = os.path.split(os.path.abspath(os.fspath(path)))
    base = os.path.realpath(os.fspath(root) if root is not None else os.curdir)
    full = os.path.join(os.path.realpath(folder), name)
    try:
        relative = os.path.relpath(full, base)
    except ValueError:  # another drive (Windows): no relative path exists
        relative = full
    return escape_characters(Path(relative).as_posix())


def read_document(path: str | os.PathLike[str], *, date: dt.date | None = None, publisher: str | None = None,
                  doc_id: str | None = None, max_bytes: int | None = DEFAULT_MAX_BYTES,
                  root: str | os.PathLike[str] | None = None) -> Document:
    """Read one .txt or .md page; its doc_id is *doc_id*, or :func:`document_id`
    as :func:`iter_documents` would give it.

    Raises InputError when the file is missing, not a regular file, over
    *max_bytes*, empty, binary, undecodable, or a .jsonl file (which holds many
    documents: use :func:`iter_documents`).
    """
    path = os.fspath(path)
    suffix = Path(path).suffix.lower()
    if suffix == ".jsonl":
        raise InputError(path, "a .jsonl file holds one document a line; read it with iter_documents")
    if suffix not in SUFFIXES:
        raise InputError(path, f"unsupported file type {suffix or '(none)'!r}; zhitu reads .txt, .md and .jsonl")
    with _open_regular(path) as (stream, size):
        data = _read_capped(stream, path, max_bytes, size)
    text, encoding = decode_bytes(data, source=path)
    return document_from_text(text, doc_id=doc_id if doc_id is not None else document_id(path, root=root),
                              source=path, format=suffix[1:], date=date or date_from_name(path), publisher=publisher,
                              encoding=encoding)


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
        if clean_characters(first).strip() == title.strip() and rest.strip():
            return f"{normalise(first)}\n{normalise(rest)}"
    return normalise(text)


def date_from_name(path: str | os.PathLike[str]) -> dt.date | None:
    """The page date a file's name gives as eight digits (rmrb-20190202-06-03.md, 20230914_page2.txt):
    an archive names pages by their issue date, which is surer than the first date in the text."""
    m = _NAME_DATE.search(Path(path).name)
    if m is None:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def find_page_date(text: str) -> dt.date | None:
    """The first valid full date (YYYY年M月D日) in *text*, or None."""
    for m in _FULL_DATE.finditer(text):
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            continue
    return None


# -- files -----------------------------------------------------------------------------------


_KINDS = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


@contextmanager
def _open_regular(path: str) -> Iterator[tuple[BinaryIO, int]]:
    """Open *path* for reading if it is a regular file (links followed); give
    the stream and its size.

    Opened without blocking and checked again on the open descriptor, so a FIFO
    neither hangs the open nor slips in between the check and the open.
    """
    try:
        kind = _kind(os.stat(path).st_mode)
        if kind is not None:
            raise InputError(path, "is a folder, not a file" if kind == "a folder" else f"not a regular file ({kind})")
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
                     | getattr(os, "O_BINARY", 0))
    except FileNotFoundError as err:
        raise InputError(path, "no such file or folder") from err
    except OSError as err:
        raise InputError(path, f"cannot read: {err.strerror or err}") from err
    try:
        info = os.fstat(fd)
        kind = _kind(info.st_mode)
        if kind is not None:
            raise InputError(path, f"not a regular file ({kind})")
        stream = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with stream:
        yield stream, info.st_size


def _kind(mode: int) -> str | None:
    """What a file that is not regular is ("a FIFO"), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _read_capped(stream: BinaryIO, source: str, max_bytes: int | None, size: int | None = None) -> bytes:
    """The whole of *stream*, or InputError when it holds more than *max_bytes*
    (having read at most *max_bytes* + 1 bytes)."""
    if max_bytes is None:
        return stream.read()
    if size is not None and size > max_bytes:
        raise InputError(source, _too_big(max_bytes, size))
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(source, _too_big(max_bytes))
    return data


def _too_big(max_bytes: int, size: int | None = None, what: str = "document") -> str:
    have = f"{size:,} bytes" if size is not None else f"more than {max_bytes:,} bytes"
    return f"{what} too big: {have}, over the cap of {max_bytes:,} bytes per document"


def _expand(given: str) -> Iterator[str | Skipped]:
    """The files an input names, or why there are none."""
    if os.path.isdir(given):
        found = list(_walk(given))
        if not found:
            yield Skipped(given, "folder holds no .txt, .md or .jsonl files")
        yield from found
    elif os.path.lexists(given):
        yield from _supported(given)
    elif glob.has_magic(given):
        matches = sorted(glob.glob(given, recursive=True))
        if not matches:
            yield Skipped(given, "pattern matches no files")
            return
        for match in matches:
            if os.path.isdir(match):
                yield from _walk(match)
            else:
                yield from _supported(match)
    else:
        yield Skipped(given, "no such file or folder")


def _walk(folder: str) -> Iterator[str]:
    """Every readable file under *folder*, sorted by relative path; hidden ones left out."""
    found: list[tuple[str, str]] = []
    for top, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith(".") or Path(name).suffix.lower() not in SUFFIXES:
                continue
            path = os.path.join(top, name)
            found.append((Path(os.path.relpath(path, folder)).as_posix(), path))
    for _, path in sorted(found):
        yield path


def _supported(path: str) -> Iterator[str | Skipped]:
    suffix = Path(path).suffix.lower()
    if suffix in SUFFIXES:
        yield path
    else:
        yield Skipped(path, f"unsupported file type {suffix or '(none)'!r}; zhitu reads .txt, .md and .jsonl")


def _read_file(path: str, seen: set[tuple[int, int]], *, date: dt.date | None, publisher: str | None,
               max_bytes: int | None, root: str | os.PathLike[str] | None) -> Iterator[Document | Skipped]:
    suffix = Path(path).suffix.lower()
    try:
        with _open_regular(path) as (stream, size):
            info = os.fstat(stream.fileno())
            key = (info.st_dev, info.st_ino)
            if key in seen:
                return
            seen.add(key)
            doc_id = document_id(path, root=root)
            if suffix == ".jsonl":
                yield from _read_jsonl(stream, path, doc_id, date=date, publisher=publisher, max_bytes=max_bytes)
                return
            text, encoding = decode_bytes(_read_capped(stream, path, max_bytes, size), source=path)
        yield document_from_text(text, doc_id=doc_id, source=path, format=suffix[1:],
                                 date=date or date_from_name(path), publisher=publisher, encoding=encoding)
    except InputError as err:
        yield Skipped(err.source, err.problem, err.line)


def _read_stdin(stream: TextIO | BinaryIO, *, date: dt.date | None, publisher: str | None,
                max_bytes: int | None) -> Document | Skipped:
    """Standard input as one text page, named by a digest of its normalised
    text: the same text piped again replaces its own graph, another never does."""
    try:
        raw = getattr(stream, "buffer", stream).read(-1 if max_bytes is None else max_bytes + 1)
        if isinstance(raw, str):
            text, encoding = raw, "utf-8"
            if max_bytes is not None and len(text.encode("utf-8", "surrogatepass")) > max_bytes:
                raise InputError(_STDIN, _too_big(max_bytes))
            if not text.strip():
                raise InputError(_STDIN, "empty input")
        else:
            if max_bytes is not None and len(raw) > max_bytes:
                raise InputError(_STDIN, _too_big(max_bytes))
            text, encoding = decode_bytes(raw, source=_STDIN)
        document = document_from_text(text, doc_id="stdin", source=_STDIN, format="txt",
                                      date=date, publisher=publisher, encoding=encoding)
        digest = hashlib.sha256(document.text.encode("utf-8")).hexdigest()[:16]
        return dataclasses.replace(document, doc_id=f"stdin-{digest}")
    except InputError as err:
        return Skipped(err.source, err.problem, err.line)
    except OSError as err:
        return Skipped(_STDIN, f"cannot read: {err.strerror or err}")


# -- JSON Lines ------------------------------------------------------------------------------


def _read_jsonl(stream: BinaryIO, path: str, file_id: str, *, date: dt.date | None, publisher: str | None,
                max_bytes: int | None) -> Iterator[Document | Skipped]:
    """One Document per record; a bad line is Skipped and reading goes on."""
    ids: set[str] = set()
    records = 0
    for number, line in _record_lines(stream, path, max_bytes):
        records += 1
        try:
            if isinstance(line, InputError):
                raise line
            text, encoding = line
            yield _record_document(text, path, number, file_id, ids, encoding=encoding, date=date, publisher=publisher)
        except InputError as err:
            yield Skipped(path, err.problem, number)
    if not records:
        yield Skipped(path, "empty file (no JSON lines)")


def _record_lines(stream: BinaryIO, path: str,
                  max_bytes: int | None) -> Iterator[tuple[int, tuple[str, str] | InputError]]:
    """``(line number, (text, encoding) or why not)`` for each line that is not blank.

    UTF-8 (JSON Lines' own encoding) and other byte-wise encodings are read and
    decoded a line at a time, so one bad byte costs one record; UTF-16 or -32
    cannot be split into lines before decoding, so such a file is decoded whole.
    """
    start = stream.read(4096)
    stream.seek(0)
    # JSON's keys and punctuation are ASCII, half NUL bytes in UTF-16; a stray NUL is not that.
    if start.startswith(_WIDE_BOMS) or start.count(0) * 10 > len(start):
        yield from _wide_lines(stream, path, max_bytes)
        return
    for number, raw in _byte_lines(stream, max_bytes):
        if raw is None:
            yield number, InputError(path, _too_big(max_bytes or 0, what="record"), line=number)
            continue
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if not raw.strip():
            continue
        try:
            yield number, decode_line(raw, source=path, line=number)
        except InputError as err:
            yield number, err


def _byte_lines(stream: BinaryIO, max_bytes: int | None) -> Iterator[tuple[int, bytes | None]]:
    """Numbered lines of *stream* without their line break; None for a line over
    *max_bytes*, whose rest is read and dropped a chunk at a time."""
    limit = -1 if max_bytes is None else max_bytes + 2  # the record, and "\r\n"
    number = 0
    while chunk := stream.readline(limit):
        number += 1
        complete = chunk.endswith(b"\n") or len(chunk) < limit or limit < 0
        line = chunk.rstrip(b"\r\n")
        if complete and (max_bytes is None or len(line) <= max_bytes):
            yield number, line
            continue
        while not complete and (chunk := stream.readline(_DRAIN_CHUNK)):
            complete = chunk.endswith(b"\n")
        yield number, None


def _wide_lines(stream: BinaryIO, path: str,
                max_bytes: int | None) -> Iterator[tuple[int, tuple[str, str] | InputError]]:
    text, encoding = decode_bytes(stream.read(), source=path)
    # split("\n"), not splitlines(): U+2028 and friends may stand unescaped inside a JSON string.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        if max_bytes is not None and len(line.encode("utf-8", "surrogatepass")) > max_bytes:
            yield number, InputError(path, _too_big(max_bytes, what="record"), line=number)
        else:
            yield number, (line, encoding)


def _record_document(line: str, path: str, number: int, file_id: str, ids: set[str], *, encoding: str,
                     date: dt.date | None, publisher: str | None) -> Document:
    record = _parse_record(line, path, number)
    record_id = escape_characters(str(record.get("id", f"L{number}")))
    if record_id in ids:
        raise InputError(path, f"duplicate id {record_id!r}", line=number)
    ids.add(record_id)
    return document_from_text(
        record["text"],  # type: ignore[arg-type]
        doc_id=f"{file_id}#{record_id}",
        source=path,
        format="jsonl",
        # The record's own metadata wins: the options are for what the input does not say.
        date=record.get("date") or date,  # type: ignore[arg-type]
        publisher=_optional_str(record.get("source")) or publisher,
        title=_optional_str(record.get("title")),
        url=_optional_str(record.get("url")),
        encoding=encoding,
    )


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
    """A record's text field cleaned of characters that carry no text, or None."""
    return clean_characters(str(value)).strip() or None if value is not None else None


def _shown(text: str) -> str:
    """*text* fit for a one-line message: controls and invisible characters escaped."""
    return escape_characters(text)
