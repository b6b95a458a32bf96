"""Reading a user lexicon: the analyst's corrections to extraction
(``zhitu build --lexicon FILE``), from TOML or TSV.

A lexicon holds names with their type and aliases (entities wherever they are
written), a stop list (never an entity), forced merges (A is B) and splits (A
is not B). :class:`Lexicon` is plain, hashable data: it travels to worker
processes with the work, configures the ``zhitu_user_lexicon`` components and
is digested into each document's fingerprint (only the entries that touch the
document, :meth:`Lexicon.touching`).

TOML (``samples/lexicon.toml``)::

    stop = ["中央", "昆曲"]
    split = [["青禾公司", "青禾港务有限公司"]]     # A is not B

    [merge]                                         # A is B
    "澄港集团" = "澄溪港务集团"

    [[name]]
    name = "澄溪港务集团"
    type = "ORG"                                    # PER LOC ORG PROG EVENT, or Person, 机构…
    aliases = ["澄港"]

TSV: one entry a line, ``#`` starts a comment::

    name<TAB>澄溪港务集团<TAB>ORG<TAB>澄港|澄港集团
    stop<TAB>中央
    merge<TAB>澄港集团<TAB>澄溪港务集团
    split<TAB>青禾公司<TAB>青禾港务有限公司
"""
from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from zhitu.errors import InputError
from zhitu.ontology.vocabulary import ENTITY_TYPES

#: What a lexicon file may hold, for error messages.
KINDS = ("name", "stop", "merge", "split")
#: Every spelling of an entity type a lexicon may use → its label (PER, Person, person, 人物).
_TYPES = {spelling: t.label for t in ENTITY_TYPES
          for spelling in (t.label, t.label.lower(), t.en, t.en.lower(), t.zh)}


@dataclass(frozen=True)
class LexiconName:
    """A name the user declares: its entity type (a label: PER, LOC…) and aliases."""

    name: str
    label: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, eq=False)
class Lexicon:
    """A user lexicon's content; equal (and hashed) by :attr:`digest`."""

    source: str = ""
    names: tuple[LexiconName, ...] = ()
    stops: tuple[str, ...] = ()
    merges: tuple[tuple[str, str], ...] = ()
    """(A, B): A is B."""
    splits: tuple[tuple[str, str], ...] = ()
    """(A, B): A is not B."""

    @property
    def digest(self) -> str:
        """A digest of the content (not of the file's name or layout)."""
        return _digest(self.to_config() | {"source": ""})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Lexicon) and other.digest == self.digest

    def __hash__(self) -> int:
        return hash(self.digest)

    def __bool__(self) -> bool:
        return bool(self.names or self.stops or self.merges or self.splits)

    def to_config(self) -> dict:
        """The content as the components' config takes it (JSON data)."""
        return {
            "source": self.source,
            "names": [[n.name, n.label, list(n.aliases)] for n in self.names],
            "stops": list(self.stops),
            "merges": [list(pair) for pair in self.merges],
            "splits": [list(pair) for pair in self.splits],
        }

    @classmethod
    def from_config(cls, config: dict) -> Lexicon:
        return cls(
            source=config.get("source", ""),
            names=tuple(LexiconName(n, label, tuple(aliases)) for n, label, aliases in config.get("names", ())),
            stops=tuple(config.get("stops", ())),
            merges=tuple((a, b) for a, b in config.get("merges", ())),
            splits=tuple((a, b) for a, b in config.get("splits", ())),
        )

    def touching(self, text: str) -> str:
        """A digest of the entries with a name written in ``text``: what the
        fingerprint of a document with this text depends on ("" when none does)."""
        entries = [["name", n.name, n.label, list(n.aliases)] for n in self.names
                   if any(s in text for s in (n.name, *n.aliases))]
        entries += [["stop", s] for s in self.stops if s in text]
        entries += [["merge", a, b] for a, b in self.merges if a in text or b in text]
        entries += [["split", a, b] for a, b in self.splits if a in text or b in text]
        return _digest([self.file_name, entries]) if entries else ""

    @property
    def file_name(self) -> str:
        """The lexicon file's name (its decisions' reasons name it)."""
        return Path(self.source).name if self.source else ""


def read_lexicon(path: str | Path) -> Lexicon:
    """The lexicon in ``path`` (``.toml``, or ``.tsv``/``.txt``); an
    :class:`~zhitu.errors.InputError` naming the file, and the line for TSV, when
    it cannot be read or holds something a lexicon cannot."""
    path = Path(path)
    source = str(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(source, f"cannot read the lexicon: {err.strerror or err}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(source, "a lexicon must be UTF-8 text") from None
    if path.suffix.lower() == ".toml":
        return _from_toml(source, text)
    if path.suffix.lower() in (".tsv", ".txt", ".tab"):
        return _from_tsv(source, text)
    raise InputError(source, f"unknown lexicon format {path.suffix or '(no suffix)'!r}; choose from: .toml, .tsv")


def _from_toml(source: str, text: str) -> Lexicon:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise InputError(source, f"not valid TOML: {err}") from None
    unknown = sorted(set(data) - set(KINDS))
    if unknown:
        raise InputError(source, f"unknown key {unknown[0]!r}; a lexicon holds: {', '.join(KINDS)}")
    names = []
    entries = data.get("name", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise InputError(source, "name must be a list of tables ([[name]] with name, type, aliases)")
    for i, entry in enumerate(entries, 1):
        where = f"[[name]] number {i}"
        extra = sorted(set(entry) - {"name", "type", "aliases"})
        if extra:
            raise InputError(source, f"{where}: unknown key {extra[0]!r}; choose from: aliases, name, type")
        aliases = entry.get("aliases", [])
        if isinstance(aliases, str):
            aliases = [aliases]
        names.append(_name(source, where, entry.get("name"), entry.get("type"), aliases))
    stops = _entry_list(source, "stop", data.get("stop", []))
    merges = data.get("merge", {})
    if not isinstance(merges, dict):
        raise InputError(source, 'merge must be a table of "A" = "B" (A is B)')
    pairs = data.get("split", [])
    if not isinstance(pairs, list) or not all(isinstance(p, list) and len(p) == 2 for p in pairs):
        raise InputError(source, 'split must be a list of pairs [["A", "B"], …] (A is not B)')
    return _lexicon(source, names, stops, [_pair(source, "merge", a, b) for a, b in merges.items()],
                    [_pair(source, "split", a, b) for a, b in pairs])


def _from_tsv(source: str, text: str) -> Lexicon:
    names, stops, merges, splits = [], [], [], []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        kind, *fields = [f.strip() for f in line.split("\t")]
        where = f"line {number}"
        if kind == "name" and len(fields) in (2, 3):
            aliases = [a for a in fields[2].split("|") if a.strip()] if len(fields) == 3 else []
            names.append(_name(source, where, fields[0], fields[1], aliases))
        elif kind == "stop" and len(fields) == 1:
            stops.append(fields[0])
        elif kind in ("merge", "split") and len(fields) == 2:
            (merges if kind == "merge" else splits).append(_pair(source, f"{where}: {kind}", *fields))
        elif kind in KINDS:
            shapes = {"name": "name NAME TYPE [ALIAS|ALIAS…]", "stop": "stop NAME",
                      "merge": "merge A B", "split": "split A B"}
            raise InputError(source, f"{where}: {kind} takes tab-separated fields: {shapes[kind]}")
        else:
            raise InputError(source, f"{where}: unknown entry {kind!r}; choose from: {', '.join(KINDS)}")
    return _lexicon(source, names, _entry_list(source, "stop", stops), merges, splits)


def _entry_list(source: str, key: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InputError(source, f"{key} must be a list of non-empty names")
    return [v.strip() for v in value]


def _name(source: str, where: str, name: object, label: object, aliases: object) -> LexiconName:
    if not isinstance(name, str) or not name.strip():
        raise InputError(source, f"{where}: a name needs a non-empty name")
    if not isinstance(label, str) or label.strip() not in _TYPES:
        choices = ", ".join(t.label for t in ENTITY_TYPES)
        raise InputError(source, f"{where}: {name}: unknown type {label!r}; choose from: {choices}")
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise InputError(source, f"{where}: {name}: aliases must be a list of non-empty names")
    return LexiconName(name.strip(), _TYPES[label.strip()], tuple(a.strip() for a in aliases if a.strip() != name))


def _pair(source: str, where: str, a: object, b: object) -> tuple[str, str]:
    if not (isinstance(a, str) and isinstance(b, str) and a.strip() and b.strip()):
        raise InputError(source, f"{where}: needs two non-empty names")
    if a.strip() == b.strip():
        raise InputError(source, f"{where}: {a} and {b} are the same name")
    return a.strip(), b.strip()


def _lexicon(source: str, names: list[LexiconName], stops: list[str], merges: list[tuple[str, str]],
             splits: list[tuple[str, str]]) -> Lexicon:
    """The lexicon, once its entries agree with each other."""
    declared: dict[str, str] = {}
    for entry in names:
        for written in (entry.name, *entry.aliases):
            if declared.setdefault(written, entry.name) != entry.name:
                raise InputError(source, f"{written} is a name of both {declared[written]} and {entry.name}")
    stopped = set(stops)
    for written, owner in declared.items():
        if written in stopped:
            raise InputError(source, f"{written} is both a stop word and a name of {owner}")
    merged = dict(merges)
    for a, b in merges:
        if b in merged:
            raise InputError(source, f"merge {a} → {b}: {b} is itself merged into {merged[b]}; merge into the last")
        if a in stopped or b in stopped:
            raise InputError(source, f"merge {a} → {b}: {a if a in stopped else b} is a stop word")
    joined = {(a, b) for a, b in merges} | {(a, e.name) for e in names for a in e.aliases}
    for a, b in splits:
        if (a, b) in joined or (b, a) in joined:
            raise InputError(source, f"{a} is merged into {b} and split from it: give one of the two")
    return Lexicon(source, tuple(names), tuple(dict.fromkeys(stops)), tuple(merges), tuple(splits))


def _digest(data: object) -> str:
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()[:16]
