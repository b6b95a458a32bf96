"""Places written inside a name: 中石化浙江安吉县分公司 holds 浙江 and 安吉县;
浙江省湖州市安吉县澄溪镇 is a chain of four. Division names come from the
gazetteer; towns (…镇/乡/街道) below a county are recognised by their level word.
"""
from __future__ import annotations

import re
from functools import lru_cache

from zhitu.extractors.lexicon import COUNTY_LEVELS, TOWN_LEVELS, alternation
from zhitu.ontology import gazetteer

_TOWN = re.compile(r"[\u4e00-\u9fff]{2,4}?" + alternation(TOWN_LEVELS))
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
            if found and found[-1][2].endswith(COUNTY_LEVELS):
                town = _TOWN.match(name, i)
                if town:
                    found.append((i, town.end(), town.group()))
            break
        end, canonical = match
        found.append((i, end, canonical))
        i = end
    return tuple(found)


def ends_in_places(name: str, *, from_start: bool = False) -> bool:
    """Whether ``name`` ends with the chain of places written in it: a name of
    places only (广西壮族自治区, 浙江省杭州市), not a body or zone named after one.
    ``from_start``: the chain must start the name too (no year or abbreviation
    before it, as in 2020年浙江省)."""
    found = places_in_name(name)
    return bool(found) and found[-1][1] == len(name) and (not from_start or found[0][0] == 0)


def _longest_division(name: str, start: int) -> tuple[int, str] | None:
    for end in range(min(len(name), start + _MAX_NAME), start + 1, -1):
        canonical = gazetteer.canonical_place(name[start:end])
        if canonical:
            return end, canonical
    return None
