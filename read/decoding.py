"""Decoding a page's bytes: which encoding, and whether it is text at all.

UTF-8 (with or without a BOM), UTF-16 and UTF-32 with a BOM, UTF-16 without
one (recognised by where its NUL bytes fall, or by reading as Chinese), GBK and
GB18030, and Big5: Chinese in the traditional script is still Chinese, so it is
decoded, not turned into GB18030 mojibake. Korean (EUC-KR) and Japanese
(Shift-JIS) pages are refused with a line saying so: their bytes also decode as
GB18030, into Chinese-looking nonsense that would give the graph people and
places that do not exist, and decoded correctly they are not Chinese, which is
all zhitu reads.

A UTF-8 page with a few broken bytes is decoded with U+FFFD in their place
rather than lost, or misread as GB18030 (valid UTF-8 Chinese often is valid
GB18030 as well).

Not for: JSON Lines framing, file access or normalising text
(``zhitu.read.reading``, ``zhitu.read.normalise``).
"""
from __future__ import annotations

import re
from collections.abc import Callable

from zhitu.errors import InputError

__all__ = ["decode_bytes", "decode_line"]

_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe\x00\x00", "utf-32"),  # before UTF-16's, which they start with
    (b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"),
)
# C0 and C1 control characters other than white space: text has (almost) none.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Beyond this share of control characters a "text" is binary; below it the
# controls are strays that normalising drops.
_MAX_CONTROL_SHARE = 0.1
# Text, even damaged, has less than one NUL byte in a hundred; binary files have more.
_MAX_NUL_SHARE = 100
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# The commonest Hangul syllables (particles, endings, 하다 and its forms): a
# good part of any Korean text, rare in other bytes that happen to read as Hangul.
_COMMON_HANGUL = re.compile("[이의다는에을를가하고지기서로한사도리으어자나인시대수일아정해게있것국들라적은과와만요제]")
_KANA = re.compile(r"[\u3041-\u30ff]")  # full-width hiragana and katakana, not the half-width ones
# What Chinese text is made of: Han, ASCII, CJK and full-width punctuation, white space.
_CHINESE_TEXT = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\x09-\x0d\x20-\x7e\u3000-\u303f\uff00-\uffef\u2010-\u2027]")
# Private use, kana and Hangul: what Big5 bytes read as GB18030 turn into.
_MISREAD_GB = re.compile(r"[\ue000-\uf8ff\u3041-\u30ff\uac00-\ud7a3]")


def decode_bytes(data: bytes, *, source: str) -> tuple[str, str]:
    """Decode a page's bytes; return the text and the encoding's name.

    Raises InputError for an empty or binary file, a Korean or Japanese page in
    a legacy encoding, or bytes no supported encoding decodes.
    """
    if not data.strip():
        raise InputError(source, "empty file" if not data else "empty file (only white space)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(data.decode(encoding), source), encoding
            except UnicodeDecodeError as err:
                raise InputError(source, f"cannot decode as {encoding} despite its byte-order mark: {err.reason} "
                                         f"at byte {err.start}") from err
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _check_text(utf16[0], source), utf16[1]
    nuls = data.count(0)
    if nuls * _MAX_NUL_SHARE > len(data):  # a stray NUL or two is dropped with the other controls
        raise InputError(source, f"binary file (NUL byte at offset {data.find(0)}), not text")
    try:
        return _check_text(data.decode("utf-8"), source), "utf-8"
    except UnicodeDecodeError as err:
        utf8_error = err
    if _mostly_utf8(data):
        return _check_text(data.decode("utf-8", errors="replace"), source), "utf-8 (invalid bytes replaced)"
    return _decode_legacy(data, source, utf8_error)


def decode_line(data: bytes, *, source: str, line: int) -> tuple[str, str]:
    """Decode one JSON Lines record's bytes (a BOM already removed).

    JSON Lines is UTF-8, so a line with a broken UTF-8 byte is an error of its
    own, not a reason to guess another encoding; a line wholly in GBK, GB18030
    or Big5 is decoded as :func:`decode_bytes` would. Raises InputError naming
    *line*.
    """
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        if _mostly_utf8(data):
            raise InputError(source, f"invalid UTF-8: byte 0x{data[err.start]:02x} at column {err.start + 1}",
                             line=line) from err
    try:
        return decode_bytes(data, source=source)
    except InputError as err:
        raise InputError(source, err.problem, line=line) from err


def _check_text(text: str, source: str) -> str:
    controls = len(_CONTROL.findall(text))
    if controls > 2 and controls > _MAX_CONTROL_SHARE * len(text):
        raise InputError(source, f"binary file ({controls} control characters), not text")
    return text


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _share(pattern: re.Pattern[str], text: str, among: Callable[[str], bool] = lambda ch: not ch.isspace()) -> float:
    """The share of the characters of *text* that pass *among* which *pattern* matches."""
    counted = [ch for ch in text if among(ch)]
    return sum(1 for ch in counted if pattern.match(ch)) / len(counted) if counted else 0.0


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Text and encoding if *data* reads as UTF-16 without a BOM, else None.

    ASCII characters in UTF-16 (line breaks, digits, punctuation) have a NUL
    byte, at odd offsets in little-endian and even ones in big-endian; the
    other parity gets a NUL only from the rare U+xx00 character. Binary data
    with NULs does not read as Chinese text in either byte order. (UTF-16 of
    Chinese without a single ASCII character has no NUL and is left alone:
    Shift-JIS and Big5 bytes also read as Han characters in UTF-16.)
    """
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if not even and not odd:
        return None
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    text = _strict(data, encoding)
    return (text, encoding) if text is not None and _share(_CHINESE_TEXT, text) >= 0.9 else None


def _mostly_utf8(data: bytes) -> bool:
    """Whether *data* is UTF-8 text with a few broken bytes rather than another
    encoding: its valid multi-byte characters far outnumber the broken ones
    (GBK or Big5 bytes read as UTF-8 are almost all broken)."""
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    wide = sum(1 for ch in text if "\u0800" <= ch != "\ufffd")
    return broken > 0 and wide >= 4 * broken


def _decode_legacy(data: bytes, source: str, utf8_error: UnicodeDecodeError) -> tuple[str, str]:
    """GBK, GB18030 or Big5; a Korean or Japanese page is refused by name.

    GB18030 decodes most byte strings, so it is the fallback, not the test:
    Japanese is recognised by its kana, Korean by Hangul with spaces between
    words (Chinese has none), Big5 by the private-use characters, kana and
    Hangul it becomes when read as GB18030.
    """
    japanese = _strict(data, "cp932")
    if japanese is not None and len(_KANA.findall(japanese)) >= 3 and _share(_KANA, japanese, _non_ascii) >= 0.15:
        raise InputError(source, "looks like Shift-JIS (Japanese) text; zhitu reads Chinese")
    korean = _strict(data, "cp949")
    if korean is not None and _looks_korean(korean):
        raise InputError(source, "looks like EUC-KR (Korean) text; zhitu reads Chinese")
    gb = _strict(data, "gbk")
    gb_name = "gbk"
    if gb is None:
        gb, gb_name = _strict(data, "gb18030"), "gb18030"
    big5 = _strict(data, "cp950")
    if big5 is not None and (gb is None or _misread_big5(gb)):
        return _check_text(big5, source), "big5"
    if gb is not None:
        return _check_text(gb, source), gb_name
    bad = data[utf8_error.start]
    raise InputError(source, f"cannot decode: not UTF-8 (byte 0x{bad:02x} at offset {utf8_error.start}), "
                             "GBK, GB18030 or Big5; binary or another encoding")


def _misread_big5(gb: str) -> bool:
    """Whether GB18030 text is Big5 bytes misread: private-use characters, kana
    or Hangul, or characters outside GB2312 (which covers all but a few of the
    characters of simplified Chinese), where Big5 text has many."""
    if _share(_MISREAD_GB, gb, _non_ascii) >= 0.05:
        return True
    outside = sum(1 for ch in gb if not ch.isascii() and not _in_gb2312(ch))
    return outside >= 2 and outside >= 0.1 * sum(1 for ch in gb if not ch.isascii())


def _in_gb2312(ch: str) -> bool:
    """Whether GBK encodes *ch* in its GB2312 area (both bytes from 0xA1)."""
    try:
        code = ch.encode("gbk")
    except UnicodeEncodeError:
        return False
    return len(code) == 2 and code[0] >= 0xA1 and code[1] >= 0xA1


def _non_ascii(ch: str) -> bool:
    return not ch.isascii()


def _looks_korean(text: str) -> bool:
    """Mostly Hangul, with words spaced as Korean writes them and its commonest
    syllables among them. GBK Chinese read as EUC-KR mostly fails to decode,
    and where it does not its Hangul is unspaced and made of any syllables."""
    hangul = _HANGUL.findall(text)
    if len(hangul) < 10 or _share(_HANGUL, text, _non_ascii) < 0.8 or text.count(" ") * 5 < len(hangul):
        return False
    return sum(1 for ch in hangul if _COMMON_HANGUL.match(ch)) >= 0.15 * len(hangul)
