"""Read and validate a gold file (SCHEMA.md, "Gold files").

For: turning ``data/gold/*.json`` into a :class:`GoldDocument`, with relation
ends and credited names resolved to the alias sets of the gold entities.
Not for: scoring, or reading graphs.
"""
from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from zhitu.errors import GoldError
from zhitu.evaluation.model import (
    CREDIT_TYPES,
    ENTITY_TYPES,
    GOLD_RELATION_TYPES,
    Article,
    Entity,
    GoldDocument,
    Ref,
    Relation,
)

_ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


class _Problem(Exception):
    """A shape problem at a JSON path; turned into :class:`GoldError` with the file."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}" if where else problem)


def load_gold(path: str | Path) -> GoldDocument:
    """Read a gold JSON file; :class:`GoldError` names the file and the problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GoldError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as err:
        raise GoldError(f"{path}: cannot read: {err}") from err
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise GoldError(f"{path}:{err.lineno}: not JSON: {err.msg}") from err
    try:
        return parse_gold(data, source=str(path))
    except _Problem as err:
        raise GoldError(f"{path}: {err}") from None


def parse_gold(data: Any, *, source: str = "<gold>") -> GoldDocument:
    """Validate an already-decoded gold object (raises :class:`GoldError`)."""
    try:
        return _parse_document(data, source)
    except _Problem as err:
        raise GoldError(f"{source}: {err}") from None


def _parse_document(data: Any, source: str) -> GoldDocument:
    if not isinstance(data, Mapping):
        raise _Problem("", f"expected a JSON object, found {_json_type(data)}")
    document = _optional_str(data, "document", "")
    raw_entities = _list(data, "entities", "", required=True)
    raw_relations = _list(data, "relations", "", required=True)
    raw_articles = _list(data, "articles", "", required=False)
    notes = data.get("notes", [])
    if isinstance(notes, str):
        notes = [notes]

    entities = tuple(_parse_entity(item, f"entities[{i}]") for i, item in enumerate(raw_entities))
    resolve = _Resolver(entities)
    relations = tuple(
        _parse_relation(item, f"relations[{i}]", resolve) for i, item in enumerate(raw_relations)
    )
    articles = tuple(
        _parse_article(item, f"articles[{i}]", resolve) for i, item in enumerate(raw_articles)
    )
    return GoldDocument(
        source=source,
        document=document,
        entities=entities,
        relations=relations,
        articles=articles,
        notes=tuple(str(note) for note in notes) if isinstance(notes, list) else (),
    )


def _parse_entity(item: Any, where: str) -> Entity:
    item = _object(item, where)
    name = _required_str(item, "name", where)
    kind = _required_str(item, "type", where)
    if kind not in ENTITY_TYPES:
        raise _Problem(f"{where}.type", f"unknown type {kind!r}; choose from: {', '.join(ENTITY_TYPES)}")
    aliases = _str_list(item, "aliases", where)
    return Entity(kind, name, tuple(a for a in aliases if a != name))


def _parse_relation(item: Any, where: str, resolve: _Resolver) -> Relation:
    item = _object(item, where)
    head = _required_str(item, "head", where)
    relation = _required_str(item, "relation", where)
    tail = _required_str(item, "tail", where)
    if relation in CREDIT_TYPES:
        raise _Problem(f"{where}.relation", f"{relation!r} is a credit; put it in the 'articles' array")
    if relation not in GOLD_RELATION_TYPES:
        raise _Problem(
            f"{where}.relation",
            f"unknown relation {relation!r}; choose from: {', '.join(GOLD_RELATION_TYPES)}",
        )
    role = _optional_str(item, "role", where)
    if relation == "holdsPosition" and role is None:
        raise _Problem(where, "holdsPosition needs a 'role'")
    _optional_str(item, "place", where)
    _optional_str(item, "evidence", where)
    if relation == "founded":
        if not _ISO_DATE.fullmatch(tail):
            raise _Problem(f"{where}.tail", f"founded needs an ISO date (YYYY[-MM[-DD]]), found {tail!r}")
        tail_ref = Ref(tail, frozenset({tail}))
    else:
        tail_ref = resolve(tail)
    return Relation(relation, resolve(head), tail_ref, role if relation == "holdsPosition" else None)


def _parse_article(item: Any, where: str, resolve: _Resolver) -> Article:
    item = _object(item, where)
    headline = _required_str(item, "headline", where)
    date = _optional_str(item, "date", where)
    if date is not None and not _ISO_DATE.fullmatch(date):
        raise _Problem(f"{where}.date", f"expected an ISO date (YYYY[-MM[-DD]]), found {date!r}")
    publisher = _optional_str(item, "publisher", where)
    return Article(
        headline=headline,
        date=date,
        dateline=_optional_str(item, "dateline", where),
        authors=tuple(resolve(n) for n in _str_list(item, "authors", where)),
        contributors=tuple(resolve(n) for n in _str_list(item, "contributors", where)),
        photographers=tuple(resolve(n) for n in _str_list(item, "photographers", where)),
        publishers=(resolve(publisher),) if publisher else (),
    )


class _Resolver:
    """Map a name in a relation or credit to the names of the gold entity it means.

    A canonical name wins over an alias; a name no entity has stands for itself.
    """

    def __init__(self, entities: tuple[Entity, ...]) -> None:
        self._canonical: dict[str, set[str]] = {}
        self._alias: dict[str, set[str]] = {}
        for entity in entities:
            self._canonical.setdefault(entity.name, set()).update(entity.names)
            for alias in entity.aliases:
                self._alias.setdefault(alias, set()).update(entity.names)

    def __call__(self, name: str) -> Ref:
        names = self._canonical.get(name) or self._alias.get(name) or {name}
        return Ref(name, frozenset(names))


# -- shape checks -------------------------------------------------------------


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def _object(item: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(item, Mapping):
        raise _Problem(where, f"expected an object, found {_json_type(item)}")
    return item


def _list(data: Mapping[str, Any], key: str, where: str, *, required: bool) -> list[Any]:
    if key not in data:
        if required:
            raise _Problem(where, f"missing {key!r}")
        return []
    value = data[key]
    if not isinstance(value, list):
        raise _Problem(_join(where, key), f"expected an array, found {_json_type(value)}")
    return value


def _required_str(item: Mapping[str, Any], key: str, where: str) -> str:
    if key not in item:
        raise _Problem(where, f"missing {key!r}")
    value = item[key]
    if not isinstance(value, str) or not value.strip():
        raise _Problem(_join(where, key), f"expected a non-empty string, found {_json_type(value)}")
    return value.strip()


def _optional_str(item: Mapping[str, Any], key: str, where: str) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _Problem(_join(where, key), f"expected a string or null, found {_json_type(value)}")
    return value.strip() or None


def _str_list(item: Mapping[str, Any], key: str, where: str) -> list[str]:
    values = _list(item, key, where, required=False)
    out = []
    for i, value in enumerate(values):
        if not isinstance(value, str) or not value.strip():
            raise _Problem(f"{_join(where, key)}[{i}]", f"expected a non-empty string, found {_json_type(value)}")
        out.append(value.strip())
    return out


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key
