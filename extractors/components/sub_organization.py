"""``zhitu_sub_organization``: which body belongs to which.

- a name that extends another body's name (长庆油田公司工会 → 长庆油田公司;
  …联合会第一届委员会 → …联合会), or starts with a standard abbreviation of one
  (国网… → 国家电网有限公司);
- a body written right after another (澄溪港务集团第二装卸公司 → 澄溪港务集团);
- 下属/所属/旗下/成员单位 patterns.
"""
from __future__ import annotations

import re
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from zhitu.extractors.evidence import evidence_of, add_relation
from zhitu.extractors.facts import Entity, Relation
from zhitu.extractors.lexicon import ORG_HEAD_RE
from zhitu.extractors.places import places_in_name
from zhitu.ontology import gazetteer

NAME = "sub_organization"
_BELONGS = re.compile(r"^(?:的)?(?:下属|所属|旗下|直属)(?:的)?$")


@Language.factory("zhitu_sub_organization", requires=["doc._.entities"], assigns=["doc._.relations"])
def make_sub_organization(nlp: Language, name: str) -> "SubOrganization":
    return SubOrganization()


class SubOrganization:
    def __call__(self, doc: Doc) -> Doc:
        evidence = evidence_of(doc)
        orgs = [e for e in (doc._.entities or []) if e.label == "ORG"]
        done: set = set()

        def emit(child, parent, offset, confidence):
            if child.key == parent.key or (child.key, parent.key) in done:
                return
            done.add((child.key, parent.key))
            add_relation(doc, Relation(
                head=child.key, relation="subOrganizationOf", tail=parent.key,
                sentence=evidence.sentence_of(offset), extractor=NAME, confidence=confidence,
            ))

        first_mention = {e.key: (e.mentions[0][0] if e.mentions else 0) for e in orgs}
        parents = _Parents(orgs)
        for child in orgs:  # grows when a body is known only by its abbreviation
            parent = parents.named_before(child)
            if parent is not None:
                emit(child, parent, first_mention.get(child.key, 0), 0.85)
                continue
            abbreviation = _abbreviation_starting(child.canonical)
            if abbreviation is not None:
                short, full = abbreviation
                parent = parents.by_canonical.get(full)
                if parent is None:
                    parent = Entity("ORG", full, {short})
                    doc._.entities.append(parent)
                    orgs.append(parent)
                    parents.add(parent)
                emit(child, parent, first_mention.get(child.key, 0), 0.7)
        mentions = [m for m in evidence.mentions if m.label == "ORG"]
        for a, b in zip(mentions, mentions[1:]):
            if a.end == b.start or _BELONGS.match(evidence.text(a.end, b.start)):
                if not _is_place(a.entity.canonical):
                    emit(b.entity, a.entity, b.start, 0.75)
        return doc


class _Parents:
    """The bodies that can be a parent, indexed by their names and aliases, so a
    child's parent is found from the beginnings of its name (not a scan of all bodies)."""

    def __init__(self, orgs: list[Entity]) -> None:
        self.by_canonical: dict[str, Entity] = {}
        self._by_name: dict[str, list[Entity]] = {}
        for org in orgs:
            self.add(org)

    def add(self, org: Entity) -> None:
        self.by_canonical.setdefault(org.canonical, org)
        if _is_place(org.canonical) or not _is_body_name(org):
            return
        for name in org.aliases | {org.canonical}:
            if len(name) >= 2:
                self._by_name.setdefault(name, []).append(org)

    def named_before(self, child: Entity) -> Entity | None:
        """The body whose name (or alias) is the longest beginning of the child's name;
        on a tie, the first body."""
        name = child.canonical
        for size in range(len(name) - 1, 1, -1):
            parent = next((p for p in self._by_name.get(name[:size], ()) if p is not child), None)
            if parent is not None:
                return parent
        return None


@cache
def _org_abbreviations() -> dict[str, tuple[int, str]]:
    """ORG abbreviations → (their place in the table, the full name)."""
    return {short: (i, full) for i, (short, (full, label)) in enumerate(gazetteer.abbreviations().items())
            if label == "ORG"}


def _abbreviation_starting(name: str) -> tuple[str, str] | None:
    """(short, full) of the first ORG abbreviation in the table that begins ``name``
    with at least two characters after it, unless ``name`` is its full name."""
    table = _org_abbreviations()
    found = [(table[name[:size]], name[:size]) for size in range(1, len(name) - 1) if name[:size] in table]
    found = [(order, short, full) for (order, full), short in found if full != name]
    if not found:
        return None
    _, short, full = min(found)
    return short, full


def _is_place(name: str) -> bool:
    found = places_in_name(name)
    return bool(found) and found[-1][1] == len(name)


def _is_body_name(entity) -> bool:
    """A parent must be named as a body (…工会, …公司) or be a standard abbreviation of one."""
    names = entity.aliases | {entity.canonical}
    abbreviations = gazetteer.abbreviations()
    return bool(ORG_HEAD_RE.search(entity.canonical)) or any(n in abbreviations for n in names) or entity.canonical.endswith("党")
