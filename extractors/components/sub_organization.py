"""``zhitu_sub_organization``: which body belongs to which.

- a name that extends another body's name (澄溪港务集团工会 → 澄溪港务集团;
  …联合会第一届委员会 → …联合会), or starts with a standard abbreviation of one
  (南网… → 中国南方电网有限责任公司, a body this component adds when the text names it no other way);
- a unit's name written after its parent's (某某大学医学院 → 某某大学, 某某市公安局某某区分局 →
  某某市公安局), the parent added as a body when the text names it nowhere alone;
- a body written right after another (澄溪港务集团第二装卸公司 → 澄溪港务集团);
- a body named with a group's brand (华青集团 → 华青医疗), or with a company's brand and then a
  place (青松股份有限公司 → 青松浙江公司);
- the longest standard abbreviation that begins a name wins over a shorter body's name
  (中共中央某局 is 中共中央's, not 中共's);
- a unit named by its army's prefix and a number (红三军团, from ontology/data/army_units.tsv);
  a 中央某某部 is a department of 中共中央 when the text names it;
- a body's own union or party committee after a name with no body head (某某油田公司工会);
- 下属/所属/旗下/成员单位 patterns, for every body of a list after them;
- a session's presidium (某某会议主席团) is the meeting's: no body's by name.
A parent added from its unit's name is placed where its own name says (某某市公安局 → 某某市,
某国某某运动 → 某国).
"""
from __future__ import annotations

import csv
import re
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from zhitu.extractors import confidence
from zhitu.extractors.components.resolution import committee_of_every_term
from zhitu.extractors.evidence import evidence_of
from zhitu.extractors.facts import Entity
from zhitu.extractors.lexicon import JOINT_ISSUERS, ORG_HEAD_RE
from zhitu.extractors.places import (HOME_COUNTRY, country_prefix, ends_in_places, is_bracketed, parent_in_name,
                                     places_in_name)
from zhitu.extractors.rules import Relations, add_inferred_entity
from zhitu.ontology import data_path, gazetteer

NAME = "sub_organization"
_BELONGS = re.compile(r"^(?:携|及其|和其|与其)?(?:的)?(?:下属|所属|旗下|直属)(?:的)?(?:企业|单位|子公司)?$")
_LIST_JOINER = re.compile(r"^(?:、|，|和|及|以及|与)$")


@Language.factory("zhitu_sub_organization", requires=["doc._.entities"], assigns=["doc._.entities", "doc._.relations"])
def make_sub_organization(nlp: Language, name: str) -> "SubOrganization":
    return SubOrganization()


class SubOrganization:
    def __call__(self, doc: Doc) -> Doc:
        evidence = evidence_of(doc)
        orgs = [e for e in (doc._.entities or []) if e.label == "ORG"]
        relations = Relations(doc, NAME)

        def emit(child: Entity, parent: Entity, offset: int, trust: float) -> None:
            relations.add(child.key, "subOrganizationOf", parent.key,
                          sentence=evidence.sentence_of(offset), confidence=trust)

        first_mention = {e.key: (e.mentions[0][0] if e.mentions else 0) for e in orgs}
        parents = _Parents(orgs)
        brands = _Brands(orgs)
        inferred: set[tuple[str, str]] = set()  # parents this rule added: their names are written
        for child in orgs:  # grows when a body is known only by its abbreviation
            if _OF_A_MEETING.search(child.canonical):
                continue  # 某某二次会议主席团 is the meeting's, not a body's
            if child.canonical in _standard_groups():
                continue  # 中国石油 | 化工集团有限公司: a group the table lists is its own body
            parent = parents.named_before(child)
            abbreviation = _abbreviation_starting(child.canonical)
            if parent is not None and abbreviation is not None and _longer_than_parent(abbreviation[0], parent, child):
                parent = None  # 中共中央某局: the longer standard abbreviation, not 中共
            if parent is not None:
                emit(child, parent, first_mention.get(child.key, 0), confidence.NAME_EXTENDS_BODY)
                continue
            split = _parent_written_in(child, evidence, inferred)
            if split is not None:
                parent = parents.named(split[0])
                if parent is None:
                    parent = _add_parent(doc, split[0])
                    inferred.add(parent.key)
                    orgs.append(parent)
                    parents.add(parent)
                    place = _place_of(parent.canonical, doc)
                    if place is not None:  # the added parent is where its name says
                        relations.add(parent.key, "locatedIn", place, confidence=confidence.PLACE_IN_NAME,
                                      sentence=evidence.sentence_of(first_mention.get(child.key, 0)))
                emit(child, parent, first_mention.get(child.key, 0), confidence.PARENT_IN_NAME)
                continue
            if abbreviation is not None:
                short, full = abbreviation
                parent = parents.by_canonical.get(full)
                if parent is None:
                    parent = add_inferred_entity(doc, "ORG", full, aliases={short})
                    orgs.append(parent)
                    parents.add(parent)
                emit(child, parent, first_mention.get(child.key, 0), confidence.ABBREVIATION_PREFIX)
                continue
            parent = brands.parent_of(child) or _army_of(child, parents) or _central_department_of(child, parents)
            if parent is not None:
                emit(child, parent, first_mention.get(child.key, 0), confidence.NAME_EXTENDS_BODY)
        mentions = [m for m in evidence.mentions if m.label == "ORG"]
        for i, (a, b) in enumerate(zip(mentions, mentions[1:])):
            belongs = _BELONGS.match(evidence.text(a.end, b.start))
            if (a.end == b.start or belongs) and not ends_in_places(a.entity.canonical) \
                    and evidence.text(a.start, b.end) not in JOINT_ISSUERS:
                emit(b.entity, a.entity, b.start, confidence.BODY_AFTER_BODY)
                if belongs:  # 某某集团旗下的甲公司、乙公司和丙公司: the whole list
                    for prev, nxt in zip(mentions[i + 1:], mentions[i + 2:]):
                        if not _LIST_JOINER.match(evidence.text(prev.end, nxt.start)):
                            break
                        emit(nxt.entity, a.entity, nxt.start, confidence.BODY_AFTER_BODY)
        return doc


class _Parents:
    """The bodies that can be a parent, indexed by their names and aliases, so a
    child's parent is found from the beginnings of its name (not a scan of all bodies)."""

    def __init__(self, orgs: list[Entity]) -> None:
        self.by_canonical: dict[str, Entity] = {}
        self._by_name: dict[str, list[Entity]] = {}
        self._headless: dict[str, list[Entity]] = {}  # 某某油田: a parent only of its own union, committee
        for org in orgs:
            self.add(org)

    def add(self, org: Entity) -> None:
        self.by_canonical.setdefault(org.canonical, org)
        if ends_in_places(org.canonical):
            return
        index = self._by_name if _is_body_name(org) else self._headless
        for name in org.aliases | {org.canonical}:
            if len(name) >= 2:
                index.setdefault(name, []).append(org)

    def named(self, name: str) -> Entity | None:
        """The body whose name or alias is ``name`` (or whose standard abbreviation it is)."""
        found = self.by_canonical.get(name) or next(iter(self._by_name.get(name, ())), None)
        if found is None and name in gazetteer.abbreviations():
            found = self.by_canonical.get(gazetteer.abbreviations()[name][0])
        return found

    def named_before(self, child: Entity) -> Entity | None:
        """The body whose name (or alias) is the longest beginning of the child's name;
        on a tie, the first body."""
        name = child.canonical
        for size in range(len(name) - 1, 1, -1):
            if name[size] in "（(" and is_bracketed(name[size:]):
                continue  # 某某大学（某某学院）: one body with a second name in brackets, not a unit
            parent = next((p for p in self._by_name.get(name[:size], ()) if p is not child), None)
            if parent is None and _OWN_BODY.match(name, size):
                parent = next((p for p in self._headless.get(name[:size], ()) if p is not child), None)
            if parent is not None:
                return parent
        return None


#: A body's own union or party committee, written after a name with no body head (某某油田公司工会).
_OWN_BODY = re.compile(r"(?:公司|集团)?(?:工会|党委|团委|纪委|工会委员会)$")


#: Endings of a group's name after its brand (华青集团, 某某（集团）有限公司 → the brand).
GROUP_ENDINGS = ("（集团）有限公司", "(集团)有限公司", "集团股份有限公司", "集团有限责任公司", "集团有限公司",
                 "集团公司", "控股集团", "集团")
#: Endings of a company's name after its brand.
COMPANY_ENDINGS = ("股份有限公司", "有限责任公司", "有限公司")
_MIN_BRAND = 2


class _Brands:
    """Groups and companies by the brand their names begin with: a body named with a group's
    brand is the group's (某某集团 → 某某医疗, 某某置地), one named with a company's brand and
    then a place is the company's branch or subsidiary (某某股份有限公司 → 某某浙江公司)."""

    def __init__(self, orgs: list[Entity]) -> None:
        self._by_brand: dict[str, tuple[Entity, bool]] = {}
        for org in orgs:
            for name in sorted(org.aliases | {org.canonical}):
                brand = _brand(name)
                if brand is not None:
                    self._by_brand.setdefault(brand[0], (org, brand[1]))

    def parent_of(self, child: Entity) -> Entity | None:
        name = child.canonical
        for size in range(len(name) - 1, _MIN_BRAND - 1, -1):
            found = self._by_brand.get(name[:size])
            if found is None or found[0] is child:
                continue
            parent, group = found
            if name in parent.aliases | {parent.canonical}:
                continue
            if group or places_in_name(name[size:], towns=True) or country_prefix(name[size:]):
                return parent
        return None


def _brand(name: str) -> tuple[str, bool] | None:
    """(brand, whether a group) of a group's or company's name, or None."""
    for endings, group in ((GROUP_ENDINGS, True), (COMPANY_ENDINGS, False)):
        ending = next((e for e in endings if name.endswith(e)), None)
        if ending is not None:
            brand = name[: -len(ending)]
            if len(brand) >= _MIN_BRAND and not ends_in_places(brand):
                return brand, group
            return None
    return None


#: A department of the Party's Central Committee written without 中共 (中央农村工作部, 中央统战部);
#: the Central Military Commission's own departments are not.
_CENTRAL_DEPARTMENT = re.compile(r"^中央(?!军委|军事)[\u4e00-\u9fff]{1,6}部$")


def _central_department_of(child: Entity, parents: "_Parents") -> Entity | None:
    """The Central Committee (中共中央) a 中央某某部 belongs to, when the Doc names it."""
    if _CENTRAL_DEPARTMENT.match(child.canonical):
        return parents.named("中共中央")
    return None


@cache
def _army_units() -> tuple[tuple[re.Pattern[str], str], ...]:
    """(unit name pattern, army) from ``army_units.tsv``: 红三军团 is 中国工农红军's."""
    rows = []
    with data_path("army_units.tsv").open(encoding="utf-8") as f:
        lines = [line for line in f if not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        units = "|".join(re.escape(u) for u in row["units"].split("|"))
        rows.append((re.compile(f"^{re.escape(row['prefix'])}[一二三四五六七八九十百零〇\\d]+(?:{units})$"), row["army"]))
    return tuple(rows)


def _army_of(child: Entity, parents: "_Parents") -> Entity | None:
    """The army a unit named by its army's prefix and a number belongs to, when the Doc names it."""
    for pattern, army in _army_units():
        if any(pattern.match(n) for n in child.aliases | {child.canonical}):
            return parents.by_canonical.get(army)
    return None


def _longer_than_parent(short: str, parent: Entity, child: Entity) -> bool:
    """Whether the abbreviation ``short`` begins the child's name further than any name
    of ``parent`` does."""
    return not any(child.canonical.startswith(n) and len(n) >= len(short) for n in parent.aliases | {parent.canonical})


def _place_of(name: str, doc: Doc) -> tuple[str, str] | None:
    """The last place written at the start of a body's name (or the foreign country it starts
    with), when the Doc has it as an entity."""
    inside = places_in_name(name, towns=True)
    if inside:
        key = ("LOC", inside[-1][2])
        return key if any(e.key == key for e in doc._.entities or []) else None
    country = country_prefix(name)
    if country is None or country == HOME_COUNTRY:
        return None
    if not any(e.key == ("LOC", country) for e in doc._.entities or []):
        add_inferred_entity(doc, "LOC", country)  # a foreign country in a name is a place of the Doc
    return ("LOC", country)


def _parent_written_in(child: Entity, evidence, inferred: set) -> tuple[str, str] | None:
    """(parent, unit) from a name of ``child`` as the text writes it, not as expanded
    (中共中央 is written; 中国共产党中央委员会 is only its standard name)."""
    written = {child.canonical} if child.key in inferred else {evidence.text(s, e) for s, e in child.mentions}
    return next((split for name in sorted(written, key=len, reverse=True)
                 if (split := parent_in_name(name)) is not None), None)


def _add_parent(doc: Doc, name: str) -> Entity:
    """A parent body known only from its unit's name, under its standard full name if it has one."""
    full = gazetteer.abbreviations().get(name)
    if full is not None and full[1] == "ORG":
        return add_inferred_entity(doc, "ORG", full[0], aliases={name})
    every = committee_of_every_term(name)
    if every is not None:
        return add_inferred_entity(doc, "ORG", every, aliases={name})
    return add_inferred_entity(doc, "ORG", name)


@cache
def _org_abbreviations() -> dict[str, tuple[int, str]]:
    """ORG abbreviations → (their place in the table, the full name)."""
    return {short: (i, full) for i, (short, (full, label)) in enumerate(gazetteer.abbreviations().items())
            if label == "ORG"}


#: The legal ending of a group company's name.
_GROUP_COMPANY = re.compile(r"集团(?:股份)?有限公司$")


@cache
def _standard_groups() -> frozenset[str]:
    """The group companies abbreviations.tsv lists by their full names (the central enterprises,
    each reporting to the state, none a unit of another): one whose name begins with another's
    short name (中国石油化工集团有限公司 and 中国石油) is no unit of it."""
    return frozenset(full for full, label in gazetteer.abbreviations().values()
                     if label == "ORG" and _GROUP_COMPANY.search(full))


#: A body of a meeting (its presidium, its secretariat): written after the meeting's name.
_OF_A_MEETING = re.compile(r"会议(?:主席团|秘书处)$")


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


def _is_body_name(entity) -> bool:
    """A parent must be named as a body (…工会, …公司) or be a standard abbreviation of one."""
    names = entity.aliases | {entity.canonical}
    abbreviations = gazetteer.abbreviations()
    return (bool(ORG_HEAD_RE.search(entity.canonical)) or any(n in abbreviations for n in names)
            or entity.canonical.endswith(("党", "青年团", "军校")))
