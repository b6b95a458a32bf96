"""Lookups over zhitu's world knowledge: places, abbreviations, local-body names.

What it is for: answering "which division is 保康县, and what contains it?",
"what is 全总 short for?" and "what is the full name of 大同市总?" from the
tables in ``ontology/data``. What it is not for: finding names in text (the
extractors do that) or deciding whether a span is an entity at all. Every
table is read on first use and kept for the life of the process.
"""
from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Literal

from zhitu.ontology import data_path

__all__ = [
    "Division",
    "Divisions",
    "OrgSuffix",
    "abbreviations",
    "canonical_place",
    "countries",
    "divisions",
    "expand_org_suffix",
    "org_suffixes",
]

Level = Literal["province", "prefecture", "county"]
_LEVEL_RANK = {"province": 0, "prefecture": 1, "county": 2}


@dataclass(frozen=True, slots=True)
class Division:
    """One administrative division of China, down to county level.

    ``short`` is the common short form (江苏 for 江苏省, 延边 for
    延边朝鲜族自治州), ``""`` when the name has none or it is an everyday word.
    """

    code: str
    name: str
    short: str
    level: Level
    parent_code: str | None
    lon: float | None = None
    lat: float | None = None


class Divisions:
    """The table of divisions, indexed by code, full name and short form."""

    def __init__(self, items: list[Division]) -> None:
        self._by_code = {d.code: d for d in items}
        self._by_full: dict[str, list[Division]] = {}
        self._by_short: dict[str, list[Division]] = {}
        for d in items:
            self._by_full.setdefault(d.name, []).append(d)
            if d.short:
                self._by_short.setdefault(d.short, []).append(d)

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self) -> Iterator[Division]:
        return iter(self._by_code.values())

    def __contains__(self, name: object) -> bool:
        return name in self._by_full or name in self._by_short

    def by_code(self, code: str) -> Division | None:
        """The division with this six-digit code."""
        return self._by_code.get(code)

    def by_name(self, name: str) -> list[Division]:
        """Every division whose full name or short form is ``name``.

        Full-name matches come first, then short-form ones, each from the
        highest level down; an ambiguous name (朝阳区, 吉林) gives several.
        """
        full = self._by_full.get(name, [])
        short = [d for d in self._by_short.get(name, []) if d not in full]
        return _by_rank(full) + _by_rank(short)

    def parent(self, division: Division) -> Division | None:
        """The division directly containing ``division`` (None for a province)."""
        return self._by_code.get(division.parent_code) if division.parent_code else None

    def ancestors(self, division: Division) -> list[Division]:
        """The divisions containing ``division``, nearest first."""
        out = []
        parent = self.parent(division)
        while parent is not None:
            out.append(parent)
            parent = self.parent(parent)
        return out

    def resolve(self, name: str, *, within: str | None = None) -> Division | None:
        """The one division ``name`` stands for, or None if unknown or ambiguous.

        A full name wins over a short form. ``within`` (a containing place,
        full or short: 北京 for 朝阳) narrows the candidates. Among those left,
        a name shared across levels means the highest one, as the press uses
        it (吉林 → 吉林省, 海南 → 海南省); a tie at that level is ambiguous.
        """
        full = self._by_full.get(name, [])
        for group in (full, self._by_short.get(name, [])):
            candidates = group
            if within is not None:
                around = {d.code for d in self.by_name(within)}
                candidates = [
                    d for d in candidates
                    if any(a.code in around for a in self.ancestors(d))
                ]
            if candidates:
                return _highest(candidates)
        return None

    def canonical_place(self, name: str, *, within: str | None = None) -> str | None:
        """The full name of the division ``name`` stands for (江苏 → 江苏省), or None."""
        division = self.resolve(name, within=within)
        return division.name if division else None

    def chain(self, place: str | Division, *, within: str | None = None) -> list[Division]:
        """``place`` followed by its ancestors: 保康县 → [保康县, 襄阳市, 湖北省].

        Empty when ``place`` is a name that is unknown or ambiguous.
        """
        division = place if isinstance(place, Division) else self.resolve(place, within=within)
        if division is None:
            return []
        return [division, *self.ancestors(division)]


def _by_rank(items: list[Division]) -> list[Division]:
    return sorted(items, key=lambda d: (_LEVEL_RANK[d.level], d.code))


def _highest(candidates: list[Division]) -> Division | None:
    ranked = _by_rank(candidates)
    if len(ranked) > 1 and ranked[0].level == ranked[1].level:
        return None
    return ranked[0]


@cache
def divisions() -> Divisions:
    """China's provinces, prefectures and counties (from ``divisions.tsv``)."""
    items = []
    for row in _read_tsv("divisions.tsv"):
        items.append(Division(
            code=row["code"],
            name=row["name"],
            short=row["short"],
            level=row["level"],  # type: ignore[arg-type]  # checked by the build script
            parent_code=row["parent_code"] or None,
            lon=float(row["lon"]) if row["lon"] else None,
            lat=float(row["lat"]) if row["lat"] else None,
        ))
    return Divisions(items)


def canonical_place(name: str, *, within: str | None = None) -> str | None:
    """The full name of the division ``name`` stands for (江苏 → 江苏省).

    A full name returns itself; None when ``name`` is no division or is
    ambiguous (see :meth:`Divisions.resolve`).
    """
    return divisions().canonical_place(name, within=within)


@cache
def abbreviations() -> Mapping[str, tuple[str, str]]:
    """Standard abbreviations: short → (full name, type), e.g. 全总 → (中华全国总工会, ORG).

    Types are ``ORG``, ``EVENT`` and ``LOC``. The mapping is read-only.
    """
    table = {row["short"]: (row["full"], row["type"]) for row in _read_tsv("abbreviations.tsv")}
    return MappingProxyType(table)


def central_party_body(name: str) -> str | None:
    """The full name of a central Party body written without 中共 (中央组织部 → 中共中央组织部)
    when that full name is one :func:`abbreviations` lists; else None."""
    full = "中共" + name
    return full if name.startswith("中央") and full in listed_full_names() else None


@cache
def listed_full_names() -> frozenset[str]:
    """The full names :func:`abbreviations` expands to."""
    return frozenset(full for full, _ in abbreviations().values())


@cache
def listed_body_names() -> frozenset[str]:
    """The short and full names of the bodies (ORG) :func:`abbreviations` lists."""
    return frozenset(name for short, (full, label) in abbreviations().items() if label == "ORG"
                     for name in (short, full))


@dataclass(frozen=True, slots=True)
class OrgSuffix:
    """One abbreviated ending of a local body's name and its full form.

    ``prefixes`` are what the full name starts with, the canonical one first
    (中国共产党, 中共); empty when the full name takes no prefix.
    """

    short: str
    full: str
    prefixes: tuple[str, ...] = ()


@cache
def org_suffixes() -> tuple[OrgSuffix, ...]:
    """The local-body endings of ``org_suffixes.tsv``, in file order."""
    return tuple(
        OrgSuffix(row["short"], row["full"], tuple(p for p in row["prefix"].split("|") if p))
        for row in _read_tsv("org_suffixes.tsv")
    )


@cache
def _suffix_index() -> tuple[tuple[str, tuple[OrgSuffix, ...]], ...]:
    """Endings grouped by ``short``, longest first (the file's order within a group)."""
    groups: dict[str, list[OrgSuffix]] = {}
    for entry in org_suffixes():
        groups.setdefault(entry.short, []).append(entry)
    return tuple(sorted(((s, tuple(g)) for s, g in groups.items()), key=lambda sg: -len(sg[0])))


@cache
def _full_endings() -> tuple[str, ...]:
    return tuple(sorted({e.full for e in org_suffixes()}, key=len, reverse=True))


# A short ending that starts with a level word names a body on its own (市总
# is the city's union); any other needs a place or body before it.
_LEVEL_WORDS = ("自治区", "省", "市", "区", "县", "州", "旗", "镇", "乡")


#: The eight other parties of China (the parties that take part in the CPPCC), by their
#: short names: 民盟安徽省委 is the 民盟's provincial committee, not the Communist Party's.
OTHER_PARTIES = ("民革", "民盟", "民建", "民进", "农工党", "致公党", "九三学社", "台盟")


def expand_org_suffix(name: str) -> str | None:
    """The full name of a local body named with an abbreviated ending.

    市人社局 → 市人力资源和社会保障局, 大同市总 → 大同市总工会,
    中共大同市委 → 中国共产党大同市委员会. A name already ending in a full
    form (大同市总工会, 大同市公安局) returns itself; None when no known
    ending fits. National abbreviations (全总, 国家发改委) are
    :func:`abbreviations`' job: look there first.
    """
    name = name.strip()
    if name.endswith(_full_endings()):
        return name
    for short, group in _suffix_index():
        if not name.endswith(short):
            continue
        entry, head = group[0], name[: -len(short)]
        for candidate in group:
            given = next((p for p in candidate.prefixes if head.startswith(p)), None)
            if given is not None:
                entry, head = candidate, head[len(given):]
                break
        if not head and (entry.prefixes or not short.startswith(_LEVEL_WORDS)):
            return None
        prefix = entry.prefixes[0] if entry.prefixes else ""
        if prefix and head.startswith(OTHER_PARTIES):
            return None  # another party's committee (民盟安徽省委): not the prefix's party
        return prefix + head + entry.full
    return None


def _read_tsv(name: str) -> list[dict[str, str]]:
    """The rows of a shipped TSV table; lines starting with ``#`` are comments."""
    with data_path(name).open(encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@cache
def ethnic_groups() -> frozenset[str]:
    """China's 56 ethnic groups by their standard names (from ``ethnic_groups.tsv``, GB/T 3304): 汉族, 蒙古族, …"""
    return frozenset(row["name"] for row in _read_tsv("ethnic_groups.tsv"))


@cache
def countries() -> Mapping[str, str]:
    """Sovereign states (from ``countries.tsv``): every short and full name → the short name
    the press uses (德意志联邦共和国 → 德国, 德国 → 德国). Read-only."""
    table: dict[str, str] = {}
    for row in _read_tsv("countries.tsv"):
        table[row["name"]] = row["name"]
        if row["full"]:
            table.setdefault(row["full"], row["name"])
    return MappingProxyType(table)


@dataclass(frozen=True, slots=True)
class DataSource:
    """One shipped table as provenance names it: the file, its version (the first
    12 hex digits of its SHA-256, so any edit is a new version), what it was
    derived from and under which licence."""

    name: str
    version: str
    based_on: str
    licence: str


@cache
def divisions_source() -> DataSource:
    """``divisions.tsv`` as a source: the provenance of the codes, coordinates and
    containment the gazetteer gives."""
    import hashlib
    import re

    path = data_path("divisions.tsv")
    raw = path.read_bytes()
    header = raw.split(b"\n", 1)[0].decode("utf-8")
    found = re.search(r"from (.+?), (\S+) licence", header)
    return DataSource(
        name="divisions.tsv",
        version=hashlib.sha256(raw).hexdigest()[:12],
        based_on=found.group(1) if found else "",
        licence=found.group(2) if found else "",
    )
