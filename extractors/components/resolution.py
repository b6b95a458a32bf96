"""``zhitu_resolution``: in-document entity resolution. Mentions become
``doc._.entities``: one canonical name per entity and its aliases.

- standard abbreviations (全总 → 中华全国总工会) from the ontology's tables;
- places short and long (江苏 → 江苏省) from the gazetteer;
- local abbreviations completed from context (市人社局 after 石家庄市 →
  石家庄市人力资源和社会保障局; 区总 → the 区总工会 named before);
- a name with its title (张某某同志 → 张某某), the first part of a
  transliterated name (阿卜杜拉 → 阿卜杜拉·买买提明);
- a short form that ends a longer name of the same type in the document
  (首届会员代表大会 → …联合会首届会员代表大会), or a body with its company
  suffix (长庆油田 → 长庆油田公司);
- a short name the text declares (…公司（以下简称青禾港务）) stands for the body before it;
- quoted names get their unquoted form as an alias;
- places written inside organisation and event names become place entities.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from zhitu.extractors.facts import Entity, Merge, register_extensions, text_of
from zhitu.extractors.lexicon import ORG_HEADS, TITLE_SUFFIXES
from zhitu.extractors.places import places_in_name
from zhitu.ontology import gazetteer

_CONGRESS = re.compile(r"^(?:党的)?(十[一二三四五六七八九]|二十[一二]?)大$")
_LEVEL_PREFIX = re.compile(r"^(省|市|区|县|州|自治区)(?=[\u4e00-\u9fff])")
_INDEFINITE = re.compile(r"(?:一|这|那|多|几|某|各)(?:家|个|所|批)")
_COMPANY_SUFFIXES = ("公司", "有限公司", "集团", "股份有限公司", "有限责任公司")
_BODY_BEFORE_MEETING = re.compile(
    "^(.{2,30}?(?:" + "|".join(sorted(map(re.escape, ORG_HEADS), key=len, reverse=True)) + "))"
    r"(?=首届|第[一二三四五六七八九十百零〇\d]+[届次]|[一二三四五六七八九十百\d]+届)")
#: （以下简称青禾港务）right after a body's name: the short name the text will use.
_DECLARED_SHORT = re.compile(r"[（(](?:以下|下文)?(?:简称|下称|称)[“\"]?([^（）()“”\"，。]{2,16})[”\"]?[）)]")


@Language.factory("zhitu_resolution", assigns=["doc._.entities", "doc._.merges"], requires=["doc.ents"])
def make_resolution(nlp: Language, name: str) -> "Resolution":
    return Resolution()


class Resolution:
    def __init__(self) -> None:
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        table: dict[tuple[str, str], Entity] = {}
        places: list[tuple[int, str]] = []
        self._last_org = None
        self._text = text_of(doc)
        merges: list[Merge] = []
        self._merges = merges  # (offset, canonical) of places seen so far
        declared_at = {m.start(): m.group(1) for m in _DECLARED_SHORT.finditer(self._text)}
        declared: dict[str, str] = {}  # short name → canonical name of the body it stands for
        for ent in doc.ents:
            label = ent.label_
            if label == "ORG" and (_is_place_chain(ent.text) or _INDEFINITE.search(ent.text)):
                # 一家医疗用品公司 is no name, but the places before it are.
                # LAC sometimes tags a bare chain of places (江苏省苏州市吴江区) ORG.
                self._places_inside(table, ent, places)
                continue
            if label == "ORG" and ent.text in declared and declared[ent.text] != ent.text:
                canonical, aliases, reason = declared[ent.text], {ent.text}, "the short name the text declared (以下简称)"
            else:
                canonical, aliases, reason = self._canonical(label, ent.text, ent.start_char, places, table)
            if reason:
                merges.append(Merge(label, canonical, ent.text, reason, (ent.start_char, ent.end_char)))
            entity = table.setdefault((label, canonical), Entity(label, canonical))
            entity.aliases.update(a for a in aliases if a != canonical)
            entity.mentions.append((ent.start_char, ent.end_char))
            if label == "LOC":
                places.append((ent.start_char, canonical))
                self._places_inside(table, ent, places)
            if label == "ORG":
                self._last_org = (ent.text, canonical, ent.end_char)
                short = declared_at.get(ent.end_char)
                if short:
                    declared[short] = canonical
                    entity.aliases.add(short)
            if label in ("ORG", "EVENT"):
                self._places_inside(table, ent, places)
            if label == "EVENT":
                self._organiser_inside(table, ent)
        for _ in range(2):  # a merge can make another one visible (长庆油田 → …公司, then …工会)
            self._merge_short_forms(table, merges)
        doc._.entities = list(table.values())
        doc._.merges = _unique(merges)
        return doc

    def _canonical(self, label: str, text: str, offset: int, places, table: dict) -> tuple[str, set[str], str]:
        """The canonical name of a mention, the aliases it gives, and why (a merge reason)."""
        aliases = {text}
        if label == "PER":
            for title in TITLE_SUFFIXES:
                if text.endswith(title) and len(text) - len(title) >= 2:
                    return text[: -len(title)], aliases, "title stripped"
            return text, aliases, ""
        if label == "LOC":
            full = gazetteer.canonical_place(text)
            return (full, aliases, "gazetteer: short and full name of a division") if full and full != text else (text, aliases, "")
        if label == "ORG":
            full = gazetteer.abbreviations().get(text)
            if full:
                return full[0], aliases, "standard abbreviation"
            name = self._complete_level(text, offset, places)
            reason = "the place of that level named before" if name != text else ""
            if "首家" in name or "首个" in name:
                name, reason = name.replace("首家", "").replace("首个", ""), "“the first” is no part of the name"
            if name == text and _LEVEL_PREFIX.match(text):
                name = _named_before(table, text)
                reason = "the full name given before" if name != text else ""
            if name == text and text.startswith("第"):
                name = self._elided_owner(text, offset)
                reason = "owner shared with the body listed before" if name != text else ""
            expanded = gazetteer.expand_org_suffix(name) or name
            if expanded != name:
                name, reason = expanded, reason or "abbreviated ending of a local body"
            dropped = _drop_province_before_city(name)
            if dropped != name:
                name, reason = dropped, reason or "a city's body named without its province"
            if name != text:
                aliases.add(name if name.startswith(text[:1]) else text)
            return name, aliases, reason
        if label == "EVENT":
            congress = _CONGRESS.match(text)
            if congress:
                aliases.add(congress.group(1) + "大")
                return f"中国共产党第{congress.group(1)}次全国代表大会", aliases, "party congress short form"
            if text.endswith("会会议"):
                aliases.add(text[: -len("会议")])
        if "“" in text:
            aliases.add(text.replace("“", "").replace("”", ""))
            quoted = re.findall(r"“([^“”]+)”", text)
            if len(quoted) == 1 and not text.endswith("”"):
                aliases.add(quoted[0])
        stripped = re.sub(r"^\d{4}年(?:[~～至-]\d{4}年)?", "", text)
        if stripped != text and label == "PROG":
            aliases.add(stripped)
        return text, aliases, ""

    def _elided_owner(self, text: str, offset: int) -> str:
        """…联合会第一届委员会、第一届经费审查委员会: the second shares the first's owner."""
        previous = self._last_org
        if previous is None:
            return text
        prev_text, prev_canonical, prev_end = previous
        gap = self._text[prev_end:offset]
        if gap in ("、", "和", "及", "与") and "第" in prev_canonical:
            return prev_canonical[: prev_canonical.index("第")] + text
        return text

    @staticmethod
    def _complete_level(text: str, offset: int, places) -> str:
        """市人社局 → 石家庄市人社局 when 石家庄市 is the last city named before."""
        match = _LEVEL_PREFIX.match(text)
        if not match:
            return text
        level = match.group(1)
        for _, place in reversed(places):
            if place.endswith(level) and len(place) > len(level):
                return place + text[len(level):]
        return text

    def _places_inside(self, table: dict, ent, places) -> None:
        for start, end, canonical in places_in_name(ent.text):
            entity = table.setdefault(("LOC", canonical), Entity("LOC", canonical))
            written = ent.text[start:end]
            if written != canonical:
                entity.aliases.add(written)
                self._merges.append(Merge("LOC", canonical, written, "gazetteer: short and full name of a division",
                                          (ent.start_char + start, ent.start_char + end)))
            mention = (ent.start_char + start, ent.start_char + end)
            if mention not in entity.mentions:
                entity.mentions.append(mention)
                places.append((ent.start_char + start, canonical))

    @staticmethod
    def _organiser_inside(table: dict, ent) -> None:
        """全总十七届六次执委会 names the body that holds it: 全总 is a mention of it too."""
        abbreviations = gazetteer.abbreviations()
        known = {n: e for e in table.values() if e.label == "ORG" for n in e.aliases | {e.canonical}}
        for size in range(min(len(ent.text) - 2, 16), 1, -1):
            prefix = ent.text[:size]
            entity = known.get(prefix)
            if entity is None and prefix in abbreviations and abbreviations[prefix][1] == "ORG":
                full = abbreviations[prefix][0]
                entity = table.setdefault(("ORG", full), Entity("ORG", full))
                entity.aliases.add(prefix)
            if entity is not None:
                entity.mentions.append((ent.start_char, ent.start_char + size))
                return
        # …行业联合会首届会员代表大会: a body named nowhere else, before an ordinal meeting of its own.
        named = _BODY_BEFORE_MEETING.match(ent.text)
        if named and not _is_place_chain(named.group(1)):
            entity = table.setdefault(("ORG", named.group(1)), Entity("ORG", named.group(1)))
            entity.mentions.append((ent.start_char, ent.start_char + len(named.group(1))))

    @staticmethod
    def _merge_short_forms(table: dict, merges: list) -> None:
        """Fold an entity into a longer one of the same type it is a short form of."""
        by_label: dict[str, list[Entity]] = {}
        for entity in table.values():
            by_label.setdefault(entity.label, []).append(entity)
        for label, entities in by_label.items():
            names = sorted(entities, key=lambda e: len(e.canonical), reverse=True)
            for short in names:
                found = _longer_form(short, names, label)
                if found is None:
                    continue
                target, reason = found
                offset = short.mentions[0] if short.mentions else None
                merges.append(Merge(label, target.canonical, short.canonical, reason, offset))
                target.aliases |= short.aliases | {short.canonical}
                target.mentions += short.mentions
                del table[short.key]
                names = [e for e in names if e is not short]


def _longer_form(short: Entity, entities: list[Entity], label: str) -> tuple[Entity, str] | None:
    name = short.canonical
    for other in entities:
        if other is not short and name in other.aliases:
            return other, "the same name as an alias of the other"
    for other in entities:
        if other is short or len(other.canonical) <= len(name):
            continue
        longer = other.canonical
        if label == "PER" and longer.startswith(name + "·"):
            return other, "first part of a transliterated name"
        if label == "ORG" and longer in (name + s for s in _COMPANY_SUFFIXES):
            return other, "the body without its company suffix"
        if label in ("ORG", "EVENT") and len(name) >= 5 and longer.endswith(name) and name[0] in "首第":
            return other, "short form of a name given in full"
        if label == "ORG" and longer.endswith(name) and _is_place_chain(longer[: -len(name)]) and len(name) >= 4:
            return other, "the body written without its places"
        if label == "ORG":
            for alias in short.aliases | {name}:
                for base in entities:
                    if base is other or base.label != "ORG":
                        continue
                    for base_alias in base.aliases:
                        if len(base_alias) >= 2 and alias.startswith(base_alias) and alias != base_alias:
                            if longer == base.canonical + alias[len(base_alias):]:
                                return other, "derived from an alias of its owner"
    return None


def _is_place_chain(text: str) -> bool:
    found = places_in_name(text)
    return bool(found) and found[-1][1] == len(text)


def _drop_province_before_city(name: str) -> str:
    """河北省石家庄市总工会 → 石家庄市总工会: a prefecture-level city names its bodies
    without its province; districts and counties keep theirs (北京市密云区总工会)."""
    found = places_in_name(name)
    if len(found) >= 2 and found[-1][1] < len(name):
        first, second = found[0], found[1]
        levels = [d.level for d in gazetteer.divisions().by_name(second[2])]
        if first[0] == 0 and levels == ["prefecture"]:
            return name[second[0]:]
    return name


def _named_before(table: dict, text: str) -> str:
    """市总工会 after 澄溪市总工会: the body named in full earlier (places the gazetteer lacks)."""
    for (label, canonical) in reversed(list(table)):
        if label == "ORG" and canonical.endswith(text) and 2 <= len(canonical) - len(text) <= 8:
            return canonical
    expanded = gazetteer.expand_org_suffix(text)
    if expanded:
        for (label, canonical) in reversed(list(table)):
            if label == "ORG" and canonical.endswith(expanded) and 2 <= len(canonical) - len(expanded) <= 8:
                return canonical
    return text


def _unique(merges: list) -> list:
    seen, out = set(), []
    for merge in merges:
        key = (merge.label, merge.canonical, merge.alias)
        if key not in seen and merge.alias != merge.canonical:
            seen.add(key)
            out.append(merge)
    return out
