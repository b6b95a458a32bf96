"""Places written inside a name: 国网山东莒县供电公司 holds 山东 and 莒县;
湖北省襄阳市保康县黄堡镇 is a chain of four. Division names come from the
gazetteer; towns (…镇/乡/街道) below a county are recognised by their suffix.
"""
from __future__ import annotations

import re
from functools import lru_cache

from zhitu.ontology import gazetteer

_TOWN = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:镇|乡|街道)")
_MAX_NAME = 12
_YEAR = re.compile(r"\d{4}年")


@lru_cache(maxsize=65536)
def places_in_name(name: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, canonical place) for each place written in ``name``, left to right.

    Only a prefix chain counts, plus a town right after a county, so words that
    merely contain a place-like string in the middle (…新区 in a programme) do not.
    """
    found: list[tuple[int, int, str]] = []
    year = _YEAR.match(name)
    i = year.end() if year else 0
    abbreviations = gazetteer.abbreviations()
    for size in (3, 2):
        if name[i : i + size] in abbreviations and _longest_division(name, i) is None:
            i += size
            break
    while i < len(name):
        match = _longest_division(name, i)
        if match is None:
            if found and found[-1][2].endswith(("县", "区", "市", "旗")):
                town = _TOWN.match(name, i)
                if town:
                    found.append((i, town.end(), town.group()))
            break
        end, canonical = match
        found.append((i, end, canonical))
        i = end
    return tuple(found)


def _longest_division(name: str, start: int) -> tuple[int, str] | None:
    for end in range(min(len(name), start + _MAX_NAME), start + 1, -1):
        canonical = gazetteer.canonical_place(name[start:end])
        if canonical:
            return end, canonical
    return None
