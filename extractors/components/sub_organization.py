"""``zhitu_sub_organization``: which body belongs to which.

- a name that extends another body's name (长庆油田公司工会 → 长庆油田公司;
  …联合会第一届委员会 → …联合会), or starts with a standard abbreviation of one
  (国网… → 国家电网有限公司);
- a body written right after another (澄溪港务集团第二装卸公司 → 澄溪港务集团);
- 下属/所属/旗下/成员单位 patterns.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from zhitu.extractors.evidence import evidence_of, add_relation
from zhitu.extractors.facts import Relation
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
        abbreviations = gazetteer.abbreviations()
        for child in orgs:
            best = None
            for parent in orgs:
                if parent is child or _is_place(parent.canonical) or not _is_body_name(parent):
                    continue
                for name in parent.aliases | {parent.canonical}:
                    if len(name) >= 2 and child.canonical.startswith(name) and len(child.canonical) > len(name):
                        if best is None or len(name) > best[0]:
                            best = (len(name), parent)
            if best:
                emit(child, best[1], first_mention.get(child.key, 0), 0.85)
                continue
            for short, (full, label) in abbreviations.items():
                if label == "ORG" and child.canonical.startswith(short) and len(child.canonical) > len(short) + 1 and child.canonical != full:
                    parent = next((o for o in orgs if o.canonical == full), None)
                    if parent is None:
                        from zhitu.extractors.facts import Entity
                        parent = Entity("ORG", full, {short})
                        doc._.entities.append(parent)
                        orgs.append(parent)
                    emit(child, parent, first_mention.get(child.key, 0), 0.7)
                    break
        mentions = [m for m in evidence.mentions if m.label == "ORG"]
        for a, b in zip(mentions, mentions[1:]):
            if a.end == b.start or _BELONGS.match(evidence.text(a.end, b.start)):
                if not _is_place(a.entity.canonical):
                    emit(b.entity, a.entity, b.start, 0.75)
        return doc


def _is_place(name: str) -> bool:
    found = places_in_name(name)
    return bool(found) and found[-1][1] == len(name)


def _is_body_name(entity) -> bool:
    """A parent must be named as a body (…工会, …公司) or be a standard abbreviation of one."""
    names = entity.aliases | {entity.canonical}
    abbreviations = gazetteer.abbreviations()
    return bool(ORG_HEAD_RE.search(entity.canonical)) or any(n in abbreviations for n in names) or entity.canonical.endswith("党")
