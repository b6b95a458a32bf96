"""``zhitu_resolution``: in-document entity resolution. Mentions become
``doc._.entities``: one canonical name per entity and its aliases.

- standard abbreviations (中国科协 → 中国科学技术协会) from the ontology's tables;
- places short and long (浙江 → 浙江省) from the gazetteer;
- local abbreviations completed from context (市文旅局 after 湖州市 →
  湖州市文化和旅游局; 区总 → the 区总工会 named before);
- a name with its title (张某某同志 → 张某某), the first part of a
  transliterated name (阿卜杜拉 → 阿卜杜拉·买买提明);
- a short form that ends a longer name of the same type in the document
  (首届职工代表大会 → …协会首届职工代表大会), or a body with its company
  suffix (澄溪港务 → 澄溪港务公司);
- a short name the text declares (…公司（以下简称青禾港务）) stands for the body before it;
- quoted names get their unquoted form as an alias;
- places written inside organisation and event names become place entities.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from zhitu.extractors import confidence
from zhitu.extractors.components.programmes import plenum_lists
from zhitu.extractors.facts import Entity, Merge, Offsets, register_extensions, text_of
from zhitu.extractors.lexicon import (
    DIVISION_LEVELS, INDEFINITE_RE, ORG_HEAD_RE, ORG_HEADS, TITLE_SUFFIXES, TOWN_LEVELS, alternation,
)
from zhitu.extractors.places import ends_in_places, places_in_name, without_bracketed_end
from zhitu.extractors.rules import Relations
from zhitu.ontology import gazetteer

_CONGRESS = re.compile(r"^(?:党的|中共)?(十[一二三四五六七八九]|二十[一二]?)大$")
#: A plenum of the Party's Central Committee by its term and ordinal (党的十九届四中全会, 七届二中全会);
#: its official name is 中国共产党第…届中央委员会第…次全体会议 (the Party constitution's 中央委员会全体会议).
_PARTY_PLENUM = re.compile(r"^(?:党的|中共)?(二十[一二]?|十[一二三四五六七八九]?|[一二三四五六七八九])届"
                           r"(十[一二]?|[一二三四五六七八九])中全会$")
#: Written right before a plenum (or before 扩大的 and the like before it), the end of its owner's
#: name: a local committee's (市委, 党委, …委员会) or another party's (国民党) plenum, not the
#: Central Committee's (中共中央, 党中央 and the Party's names are the Central Committee's).
_PLENUM_OWNER_ENDS = ("委", "会", "党")
_CENTRAL_OWNERS = ("中共中央", "党中央", "中央委员会", "中国共产党", "中共")
_PLENUM_OWNER_LINK = re.compile(r"(?:扩大的|召开的|举行的)$")
_N = "[一二三四五六七八九十]+"
#: The CPPCC's national committee (or its standing committee) of a term, written with the term
#: inside its name (政协第十三届全国委员会): the body of every term, as 十二届全国妇联 is.
_CPPCC_OF_TERM = re.compile(rf"^(?:中国人民政治协商会议|政协)第?{_N}届全国委员会(?P<standing>常务委员会|常委会)?$")
#: Sessions of the national legislature and advisory body by term and number, however written
#: (十三届全国人大三次会议, 全国政协十三届三次会议, …), → their official names (the NPC's
#: 第…届全国人民代表大会第…次会议, the CPPCC's 中国人民政治协商会议第…届全国委员会第…次会议,
#: and their standing committees').
_NATIONAL_SESSIONS = (
    (re.compile(rf"^(?:第?(?P<t>{_N})届全国人大|全国人大第?(?P<t2>{_N})届|(?:中华人民共和国)?第?(?P<t3>{_N})届全国人民代表大会)"
                rf"第?(?P<s>{_N})次会议$"), "第{t}届全国人民代表大会第{s}次会议"),
    (re.compile(rf"^(?:第?(?P<t>{_N})届全国人大常委会|(?:中华人民共和国)?第?(?P<t3>{_N})届全国人民代表大会常务委员会)"
                rf"第?(?P<s>{_N})次(?P<k>委员长会议|会议)$"), "第{t}届全国人民代表大会常务委员会第{s}次{k}"),
    (re.compile(rf"^(?:全国政协第?(?P<t>{_N})届|第?(?P<t2>{_N})届全国政协|(?:中国人民政治协商会议|政协)第?(?P<t3>{_N})届全国委员会)"
                rf"第?(?P<s>{_N})次会议$"), "中国人民政治协商会议第{t}届全国委员会第{s}次会议"),
    (re.compile(rf"^(?:党的|中共)?第?(?P<t>{_N})届中央纪委第?(?P<s>{_N})次全会$"),
     "中国共产党第{t}届中央纪律检查委员会第{s}次全体会议"),
    (re.compile(rf"^(?:全国政协第?(?P<t>{_N})届常委会|第?(?P<t2>{_N})届全国政协常委会|"
                rf"(?:中国人民政治协商会议|政协)第?(?P<t3>{_N})届全国委员会常务委员会)第?(?P<s>{_N})次会议$"),
     "中国人民政治协商会议第{t}届全国委员会常务委员会第{s}次会议"),
)
#: A national occurrence that comes every year (programmes' yearly kinds), with its year or,
#: written 全国… alone, this year's: canonical {year}年全国两会, {year}年春运, {year}年新年贺词.
_YEARLY = re.compile(r"^(?:(?P<year>\d{4}|[〇零一二三四五六七八九]{4})年)?(?P<national>全国)?(?P<kind>两会|春运|新年贺词)$")
_YEAR_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_LEVEL_PREFIX = re.compile("^(" + "|".join(DIVISION_LEVELS) + r")(?=[\u4e00-\u9fff])")
_COMPANY_SUFFIXES = ("公司", "有限公司", "集团", "股份有限公司", "有限责任公司")
_BODY_BEFORE_MEETING = re.compile(
    "^(.{2,30}?" + alternation(ORG_HEADS) + ")"
    r"(?=首届|第[一二三四五六七八九十百零〇\d]+[届次]|[一二三四五六七八九十百\d]+届)")
#: 镇政府, 街道办: a town's body written with the town's level word alone.
_TOWN_BODY = re.compile("^(" + "|".join(TOWN_LEVELS) + r")(?:党委|党工委|人民政府|政府|办事处|办)$")
#: A level word and a body every place of that level has (县委, 市政府): alone, it names
#: no particular body until the place is known.
_BARE_LEVEL_BODY = re.compile(
    "^(?:" + "|".join(DIVISION_LEVELS + TOWN_LEVELS) + r")(?:党委|党工委|委|人民政府|政府|办事处|办)$")
#: A place's party committee and one of its departments (湖州市委组织部, 某区委督查室).
_NOT_ANOTHER_PARTY = "(?!" + "|".join(gazetteer.OTHER_PARTIES) + ")"
_COMMITTEE_DEPARTMENT = re.compile(
    "^(?:中共|中国共产党)?" + _NOT_ANOTHER_PARTY + "(.{2,16}?(?:" + "|".join(DIVISION_LEVELS) + "))(委|党委)"
    r"(.{1,6}?(?:部|室|办|办公室|厅|局|处))$")
#: A place's party committee or government, written with the place (澄溪县委, 澄溪县人民政府).
_PLACE_BODY = re.compile("^" + _NOT_ANOTHER_PARTY + "(.{2,16}?(?:" + "|".join(DIVISION_LEVELS + TOWN_LEVELS) + r"))(?:委|党委|人民政府|政府)$")
#: 原/前 between a body's places and its name (山东原澄溪县委): the body as it was then.
_FORMER = ("原", "前")
_PARTY = "中国共产党"
_LEVEL_CHARS = frozenset(level for level in DIVISION_LEVELS + TOWN_LEVELS if len(level) == 1)
#: （以下简称青禾港务）right after a body's name: the short name the text will use.
_DECLARED_SHORT = re.compile(r"[（(](?:以下|下文)?(?:简称|下称|称)[“\"]?([^（）()“”\"，。]{2,16})[”\"]?[）)]")


@Language.factory("zhitu_resolution", assigns=["doc._.entities", "doc._.merges", "doc._.relations"], requires=["doc.ents"])
def make_resolution(nlp: Language, name: str) -> "Resolution":
    return Resolution()


NAME = "resolution"


class Resolution:
    def __init__(self) -> None:
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        found = self._found = _Found()
        table = found.entities
        places = _Places()
        self._last_org = None
        self._departments: list[tuple[str, tuple[str, str], Offsets]] = []
        self._text = text_of(doc)
        self._plenums = plenum_lists(self._text)
        article = doc._.article
        self._year = article.date.year if article is not None and article.date else None
        merges: list[Merge] = []
        self._merges = merges
        declared_at = {m.start(): m.group(1) for m in _DECLARED_SHORT.finditer(self._text)}
        declared: dict[str, str] = {}  # short name → canonical name of the body it stands for
        for ent in doc.ents:
            label = ent.label_
            if label == "ORG" and (ends_in_places(ent.text) or _indefinite(ent.text)):
                # 一家医疗用品公司 is no name, but the places before it are.
                # LAC sometimes tags a bare chain of places (浙江省湖州市安吉县) ORG.
                self._places_inside(ent, places)
                continue
            if label == "ORG" and ent.text in declared and declared[ent.text] != ent.text:
                canonical, aliases, reason = declared[ent.text], {ent.text}, "the short name the text declared (以下简称)"
            else:
                canonical, aliases, reason = self._canonical(label, ent.text, ent.start_char, places)
            if label == "ORG":
                if _BARE_LEVEL_BODY.match(canonical):
                    continue  # 县委 with no county named: no particular body
                for alias in sorted(aliases | {canonical}):  # in one order: the last place appended counts
                    named = _PLACE_BODY.match(_without_party(alias))
                    # 省委省政府 names no place 省委省: a body's word is no part of a place's name.
                    if named and not any(f in named.group(1) for f in _FORMER) and "委" not in named.group(1):
                        places.append(named.group(1))  # 澄溪县委 names 澄溪县 for a later bare 县委
                canonical, aliases = self._committee_department(canonical, aliases, (ent.start_char, ent.end_char))
            if reason:
                merges.append(Merge(label, canonical, ent.text, reason, (ent.start_char, ent.end_char)))
            entity = found.entity(label, canonical)
            found.add_aliases(entity, (a for a in aliases if a != canonical))
            found.add_mention(entity, (ent.start_char, ent.end_char))
            if label == "LOC":
                places.append(canonical)
                self._places_inside(ent, places)
            if label == "ORG":
                self._last_org = (ent.text, canonical, ent.end_char)
                short = declared_at.get(ent.end_char)
                if short:
                    declared[short] = canonical
                    found.add_aliases(entity, (short,))
            if label in ("ORG", "EVENT"):
                self._places_inside(ent, places)
            if label == "EVENT":
                self._organiser_inside(ent)
        for _ in range(2):  # a merge can make another one visible (澄溪港务 → …公司, then …工会)
            self._merge_short_forms(table, merges)
        doc._.entities = list(table.values())
        doc._.merges = _unique(merges)
        self._link_departments(doc)
        return doc

    def _committee_department(self, canonical: str, aliases: set[str], mention: Offsets) -> tuple[str, set[str]]:
        """湖州市委组织部 → 中共湖州市委组织部, a department of 中国共产党湖州市委员会 (noted
        for :meth:`_link_departments`)."""
        match = _COMMITTEE_DEPARTMENT.match(canonical)
        if not match or match.group(3).startswith("员"):
            return canonical, aliases
        place, committee, department = match.groups()
        written = place + committee
        full = gazetteer.expand_org_suffix(written) or written
        parent = self._found.entity("ORG", full)
        self._found.add_aliases(parent, {written} - {full})
        # The standard form is 中共湖州市委组织部; as canonical name it would read as a body of 中共 itself.
        name = place + "委" + department
        self._departments.append((name, parent.key, mention))
        return name, aliases | {canonical, "中共" + name}

    def _link_departments(self, doc: Doc) -> None:
        """subOrganizationOf from each party committee's department to its committee."""
        relations = Relations(doc, NAME)
        for name, parent, (start, end) in self._departments:
            span = doc.char_span(start, end, alignment_mode="expand")
            sentence = (span.sent.start_char, span.sent.end_char) if span is not None else (start, end)
            relations.add(("ORG", name), "subOrganizationOf", parent, sentence=sentence,
                          confidence=confidence.NAME_EXTENDS_BODY)

    def _canonical(self, label: str, text: str, offset: int, places: "_Places") -> tuple[str, set[str], str]:
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
            central = gazetteer.central_party_body(text)
            if central:
                return central, aliases, "a central Party body written without 中共"
            if text.startswith("中国") and text[2:] in gazetteer.listed_full_names():
                return text[2:], aliases, "a national body with its country's name before it"
            # 某某党校（某某行政学院）: one body with two names (一个机构两块牌子), the second in brackets
            bare = without_bracketed_end(text)
            if bare != text and (full := gazetteer.abbreviations().get(bare)):
                return full[0], aliases, "a body's second name in brackets after its standard abbreviation"
            every = committee_of_every_term(text)
            if every:
                return every, aliases, "the body of every term"
            bare = _without_former(text)
            termless = _TERM.sub("", text)
            if termless != text and _starts_with_standard_name(termless):
                bare = termless  # 十二届全国妇联(…主席团): the body of every term
            if bare != text:
                canonical, more, reason = self._canonical(label, bare, offset, places)
                return canonical, more | aliases, reason or "a former body: 原 after its places"
            name = self._complete_level(text, offset, places)
            reason = "the place of that level named before" if name != text else ""
            if "首家" in name or "首个" in name:
                name, reason = name.replace("首家", "").replace("首个", ""), "“the first” is no part of the name"
            if name == text and _LEVEL_PREFIX.match(text):
                name = self._named_before(text)
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
            plenum = self._plenums.get((offset, offset + len(text)))
            written = plenum or text
            central = _PARTY_PLENUM.match(written)
            if central and _centrally_owned(self._text[max(0, offset - 20):offset]):
                aliases.add(f"{central.group(1)}届{central.group(2)}中全会")
                return (f"中国共产党第{central.group(1)}届中央委员会第{central.group(2)}次全体会议", aliases,
                        "a plenum of the Party's Central Committee by its term and ordinal")
            if plenum:
                return plenum, aliases, "one of plenums listed with their term and 全会 written once"
            yearly = _yearly_occurrence(text, self._year)
            if yearly and yearly != text:
                return yearly, aliases, "a yearly occurrence by its year (the page's when none is written)"
            session = _national_session(text)
            if session:
                return session, aliases, "a session of the NPC or the CPPCC by its term and number"
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
        """…协会第二届理事会、第二届监事会: the second shares the first's owner."""
        previous = self._last_org
        if previous is None:
            return text
        prev_text, prev_canonical, prev_end = previous
        gap = self._text[prev_end:offset]
        if gap in ("、", "和", "及", "与") and "第" in prev_canonical:
            return prev_canonical[: prev_canonical.index("第")] + text
        return text

    @staticmethod
    def _complete_level(text: str, offset: int, places: "_Places") -> str:
        """市文旅局 → 湖州市文旅局 when 湖州市 is the last city named before (镇政府 → the last town)."""
        match = _LEVEL_PREFIX.match(text) or _TOWN_BODY.match(text)
        if not match or text[len(match.group(1)):][:1] in _LEVEL_CHARS:  # 区县生态环境局: every district's and county's
            return text
        level = match.group(1)
        place = places.last_of_level(level)
        return place + text[len(level):] if place is not None else text

    def _named_before(self, text: str) -> str:
        """市总工会 after 澄溪市总工会: the body named in full earlier (places the gazetteer lacks)."""
        body = self._found.org_ending(text)
        if body is not None:
            return body.canonical
        expanded = gazetteer.expand_org_suffix(text)
        if expanded:
            body = self._found.org_ending(expanded)
            if body is not None:
                return body.canonical
        return text

    def _places_inside(self, ent, places: "_Places") -> None:
        for start, end, canonical in places_in_name(ent.text):
            written = ent.text[start:end]
            if written != canonical and ent.text.startswith(_OTHER_PLACE_AFTER_SHORT, end):
                continue  # 澄溪镇 is a town of its own, not the county 澄溪县; 澄溪洋 no county
            entity = self._found.entity("LOC", canonical)
            if written != canonical:
                entity.aliases.add(written)
                self._merges.append(Merge("LOC", canonical, written, "gazetteer: short and full name of a division",
                                          (ent.start_char + start, ent.start_char + end)))
            if self._found.add_mention(entity, (ent.start_char + start, ent.start_char + end), unique=True):
                places.append(canonical)

    def _organiser_inside(self, ent) -> None:
        """中国科协十二届三次执委会 names the body that holds it: 中国科协 is a mention of it too."""
        found = self._found
        abbreviations = gazetteer.abbreviations()
        for size in range(min(len(ent.text) - 2, 16), 1, -1):
            prefix = ent.text[:size]
            entity = found.org_named(prefix)
            if entity is None and prefix in abbreviations and abbreviations[prefix][1] == "ORG":
                entity = found.entity("ORG", abbreviations[prefix][0])
                found.add_aliases(entity, (prefix,))
            if entity is not None:
                found.add_mention(entity, (ent.start_char, ent.start_char + size))
                return
        # …行业协会首届职工代表大会: a body named nowhere else, before an ordinal meeting of its own.
        named = _BODY_BEFORE_MEETING.match(ent.text)
        if named and not ends_in_places(named.group(1)):
            every = committee_of_every_term(named.group(1))  # 政协第十三届全国委员会第三次会议
            entity = found.entity("ORG", every or named.group(1))
            if every:
                found.add_aliases(entity, (named.group(1),))
            found.add_mention(entity, (ent.start_char, ent.start_char + len(named.group(1))))

    @staticmethod
    def _merge_short_forms(table: dict, merges: list) -> None:
        """Fold an entity into a longer one of the same type it is a short form of."""
        by_label: dict[str, list[Entity]] = {}
        for entity in table.values():
            by_label.setdefault(entity.label, []).append(entity)
        for label, entities in by_label.items():
            folding = _Folding(sorted(entities, key=lambda e: len(e.canonical), reverse=True), label)
            for short in range(len(folding.entities)):
                found = folding.longer_form(short)
                if found is None:
                    if folding.ends_several(short):
                        # 执法大队 after 澄江执法大队 and 柳岸执法大队: which one, the text does not say.
                        folding.drop(short)
                        del table[folding.entities[short].key]
                    continue
                target, reason = found
                entity, other = folding.entities[short], folding.entities[target]
                offset = entity.mentions[0] if entity.mentions else None
                merges.append(Merge(label, other.canonical, entity.canonical, reason, offset))
                other.mentions += entity.mentions
                folding.fold(short, target)
                del table[entity.key]


class _Found:
    """The entities of one Doc in the order they were found, with the indexes the
    rules look names up in: a dict access each, where a scan of every entity per
    mention made long articles quadratic."""

    def __init__(self) -> None:
        self.entities: dict[tuple[str, str], Entity] = {}
        self._order: dict[int, int] = {}  # id(entity) → its place in ``entities``
        self._org_names: dict[str, Entity] = {}  # a body's name or alias → the last body found with it
        self._org_endings: dict[str, Entity] = {}  # a body's name less 2-8 leading characters → the last body
        self._mentions: dict[int, set[Offsets]] = {}

    def entity(self, label: str, canonical: str) -> Entity:
        """The entity ``(label, canonical)``, made the first time it is asked for."""
        entity = self.entities.get((label, canonical))
        if entity is None:
            entity = self.entities[(label, canonical)] = Entity(label, canonical)
            self._order[id(entity)] = len(self._order)
            if label == "ORG":
                self._org_names[canonical] = entity
                for cut in range(2, min(8, len(canonical)) + 1):
                    self._org_endings[canonical[cut:]] = entity
        return entity

    def add_aliases(self, entity: Entity, aliases: Iterable[str]) -> None:
        for alias in aliases:
            entity.aliases.add(alias)
            if entity.label == "ORG":
                holder = self._org_names.get(alias)
                if holder is None or self._order[id(holder)] < self._order[id(entity)]:
                    self._org_names[alias] = entity

    def add_mention(self, entity: Entity, mention: Offsets, *, unique: bool = False) -> bool:
        """Add ``mention`` to the entity's mentions (only if new, when ``unique``); whether it was added."""
        seen = self._mentions.setdefault(id(entity), set())
        if unique and mention in seen:
            return False
        seen.add(mention)
        entity.mentions.append(mention)
        return True

    def org_named(self, name: str) -> Entity | None:
        """The last body found that has ``name`` as its name or an alias."""
        return self._org_names.get(name)

    def org_ending(self, text: str) -> Entity | None:
        """The last body found whose name is ``text`` after 2 to 8 more characters."""
        return self._org_endings.get(text)


class _Places:
    """The places named so far, as far as :meth:`Resolution._complete_level` needs them."""

    def __init__(self) -> None:
        self._last: dict[str, str] = {}

    def append(self, place: str) -> None:
        for level in DIVISION_LEVELS + TOWN_LEVELS:
            if place.endswith(level) and len(place) > len(level):
                self._last[level] = place

    def last_of_level(self, level: str) -> str | None:
        """The last place named whose name ends in ``level`` (湖州市 for 市)."""
        return self._last.get(level)


_SAME_ALIAS = "the same name as an alias of the other"
#: What the rules of :meth:`_Folding.longer_form` give as the reason, in the order they are tried.
_FOLD_REASONS = (
    "first part of a transliterated name", "the body without its company suffix",
    "short form of a name given in full", "the body written without its places", "derived from an alias of its owner",
    "the end of one longer name of a body", "a person's given name or last name part",
    "a person called by 小/老 and the surname", "the place without its level word",
    "a company without its trade word", "abbreviation: characters taken from the full name in order",
    "a county since made a city",
)
#: What after a division's short name makes another place of it (澄溪 | 镇, 澄溪 | 洋): a town or
#: village of the same name, an ocean.
_OTHER_PLACE_AFTER_SHORT = ("镇", "乡", "村", "街道", "社区", "屯", "洋")
#: A level word and 支部 (镇支部): the party branch of the town or village named in full elsewhere.
_LEVEL_BRANCH = re.compile(r"^[村镇乡]支部$")
#: Words for a company that a union's or unit's short name leaves out (澄溪油田 | 公司 | 工会).
_COMPANY_WORDS = ("公司", "集团", "有限公司", "股份公司", "集团公司")
#: A company's legal ending, left out of its abbreviations.
_LEGAL_ENDINGS = ("股份有限公司", "有限责任公司", "有限公司")
#: A term before a body's standard short name (十二届全国妇联): the body is the same from term to term.
_TERM = re.compile(r"^第?[一二三四五六七八九十]+届(?=[\u4e00-\u9fff]{2})")
#: Level words a place's name is written with or without (澄溪村 → 澄溪).
_PLACE_LEVELS = ("村", "镇", "乡", "县", "市", "区", "省", "州", "街道", "社区", "组", "屯")
#: 小张, 老张: a person called by the surname.
_FAMILIAR = re.compile(r"^[小老]([\u4e00-\u9fff])$")


class _Folding:
    """One label's entities while short forms are folded into longer ones.

    Every rule finds its candidates through a dict keyed by the short name (its
    aliases, the names with a suffix added, the longer names it ends), so folding
    costs a few lookups per entity instead of a scan of all the others (or all
    pairs of others, for the alias rule).
    """

    def __init__(self, entities: list[Entity], label: str) -> None:
        self.entities = entities  # longest first: the order candidates are preferred in
        self.label = label
        self._alive = [True] * len(entities)
        self._canonical = {e.canonical: i for i, e in enumerate(entities)}
        self._by_alias: dict[str, set[int]] = {}
        self._by_ending: dict[str, list[int]] = {}  # proper endings of 4+ characters
        self._by_dotted_start: dict[str, list[int]] = {}  # 阿卜杜拉 for 阿卜杜拉·买买提明
        self._by_part: dict[str, list[int]] = {}  # 明远 for 周明远, 塔里木 for 阿卜·塔里木, 澄溪 for 澄溪村
        self._by_surname: dict[str, list[int]] = {}
        self._by_start: dict[str, list[int]] = {}  # 澄溪 for 澄溪电器
        self._by_char: dict[str, set[int]] = {}  # each character of a body's name of 5+ characters
        for i, entity in enumerate(entities):
            for alias in entity.aliases:
                self._by_alias.setdefault(alias, set()).add(i)
            name = entity.canonical
            if label in ("ORG", "EVENT"):  # only endings that are names: the only ones looked up
                for cut in range(1, len(name) - 2):
                    if name[cut:] in self._canonical:
                        self._by_ending.setdefault(name[cut:], []).append(i)
            if label == "ORG" and len(name) == 4:
                self._by_start.setdefault(name[:2], []).append(i)
            if label in ("ORG", "LOC") and len(name) >= 5:
                for char in set(name):
                    self._by_char.setdefault(char, set()).add(i)
            if label == "PER":
                for at, char in enumerate(name):
                    if char == "·":
                        self._by_dotted_start.setdefault(name[:at], []).append(i)
                for part in _name_parts(name):
                    self._by_part.setdefault(part, []).append(i)
                if len(name) == 3 and "·" not in name:
                    self._by_surname.setdefault(name[0], []).append(i)
            if label == "LOC":
                for level in _PLACE_LEVELS:
                    if name.endswith(level) and len(name) - len(level) >= 2:
                        self._by_part.setdefault(name[: -len(level)], []).append(i)

    def longer_form(self, short: int) -> tuple[int, str] | None:
        """The entity ``short`` is a short form of, and why: the first the rules
        accept in longest-first order (any entity with ``short``'s name as an
        alias comes before the others)."""
        name = self.entities[short].canonical
        same = [i for i in self._by_alias.get(name, ()) if i != short]
        if same:
            return min(same), _SAME_ALIAS
        rules: dict[int, int] = {}  # candidate → the first rule that accepts it

        def offer(candidates: Iterable[int], rule: int, *, as_long: bool = False) -> None:
            for i in candidates:
                longer = len(self.entities[i].canonical) > len(name) or (as_long and len(self.entities[i].canonical) == len(name))
                if i != short and self._alive[i] and longer:
                    rules[i] = min(rules.get(i, rule), rule)

        if self.label == "PER":
            offer(self._by_dotted_start.get(name, ()), 0)
            offer(self._only(self._by_part.get(name, ()), short), 6)
            familiar = _FAMILIAR.match(name)
            offer(self._last_before(self._by_surname.get(familiar.group(1), ()), short) if familiar else (), 7)
        if self.label == "LOC":
            offer(self._only(self._by_part.get(name, ()), short), 8)
            offer(self._renamed_county(name), 11, as_long=True)
            if 2 < len(name) <= 6 and not _before_is_places(name):  # 澄溪综保区 of 澄溪综合保税区, not 澄溪市
                candidates = self._by_char.get(name[0], set()) & self._by_char.get(name[-1], set())
                offer(self._only((i for i in candidates if self.entities[i].canonical.endswith(name[-1])
                                  and _abbreviates(name, self.entities[i].canonical)), short), 10)
        if self.label == "ORG":
            offer((self._canonical[name + s] for s in _COMPANY_SUFFIXES if name + s in self._canonical), 1)
            offer((i for s in _COMPANY_SUFFIXES for i in self._by_alias.get(name + s, ())), 1)
            if len(name) == 2:
                starts = [i for i in self._by_start.get(name, ()) if not ORG_HEAD_RE.search(self.entities[i].canonical)]
                offer(self._only(starts, short), 9)
        endings = self._by_ending.get(name, ()) if len(name) >= 3 else ()
        if self.label in ("ORG", "EVENT") and len(name) >= 5 and name[0] in "首第":
            offer(endings, 2)
        if self.label == "ORG" and len(name) >= 4:
            offer((i for i in endings if ends_in_places(self.entities[i].canonical[: -len(name)])), 3)
        if self.label == "ORG":
            offer(self._derived_from_owner(short), 4)
            offer(self._only(endings, short), 5)
            if _LEVEL_BRANCH.match(name):  # 镇支部 for …青禾镇党支部
                party = name[0] + "党" + name[1:]
                offer(self._only((i for i, e in enumerate(self.entities) if e.canonical.endswith(party)), short), 5)
            if 2 <= len(name) <= 6:
                candidates = self._by_char.get(name[0], set()) & self._by_char.get(name[-1], set())
                offer(self._only((i for i in candidates if _abbreviates(name, self.entities[i].canonical)), short), 10)
                offer(self._only((i for i in candidates if _company_short(name, self.entities[i].canonical)), short), 9)
        if not rules:
            return None
        best = min(rules)
        return best, _FOLD_REASONS[rules[best]]

    def _last_before(self, candidates: Iterable[int], short: int) -> list[int]:
        """The live candidate named last before ``short`` is first mentioned (小周 after
        周明远 and before 周立新 is 周明远), or the only one when none is."""
        live = [i for i in candidates if i != short and self._alive[i]]
        if len(live) <= 1:
            return live
        first = min((start for start, _ in self.entities[short].mentions), default=None)
        if first is None:
            return []
        before = [(max((m for m, _ in self.entities[i].mentions if m < first), default=-1), i) for i in live]
        last, best = max(before)
        return [best] if last >= 0 else []

    def _renamed_county(self, name: str) -> list[int]:
        """澄溪县 where the gazetteer knows only 澄溪市: a county made a city, one place."""
        stem = name[:-1]
        if not name.endswith("县") or len(stem) < 2 or gazetteer.canonical_place(name):
            return []
        city = self._canonical.get(stem + "市")
        return [city] if city is not None and gazetteer.canonical_place(stem) == stem + "市" else []

    def ends_several(self, short: int) -> bool:
        """Whether the body ``short`` is the end of two or more longer bodies' names."""
        name = self.entities[short].canonical
        if self.label != "ORG" or len(name) < 3:
            return False
        live = {i for i in self._by_ending.get(name, ()) if i != short and self._alive[i]}
        return len(live) >= 2

    def drop(self, short: int) -> None:
        """``short`` names no one entity: it leaves."""
        for alias in self.entities[short].aliases:
            self._by_alias[alias].discard(short)
        self._alive[short] = False

    def _only(self, candidates: Iterable[int], short: int) -> list[int]:
        """The one live candidate other than ``short``, or none when there are several:
        a short form that fits two longer names names neither for sure."""
        live = {i for i in candidates if i != short and self._alive[i]}
        return list(live) if len(live) == 1 else []

    def _derived_from_owner(self, short: int) -> Iterator[int]:
        """Entities named as an owner's name + what ``short`` adds to one of the owner's aliases."""
        entity = self.entities[short]
        for alias in entity.aliases | {entity.canonical}:
            for cut in range(2, len(alias)):
                for owner in self._by_alias.get(alias[:cut], ()):
                    other = self._canonical.get(self.entities[owner].canonical + alias[cut:])
                    if other is not None and other != owner:
                        yield other

    def fold(self, short: int, target: int) -> None:
        """``short`` is merged into ``target``: the target takes its names; it leaves."""
        entity, other = self.entities[short], self.entities[target]
        for alias in (entity.aliases | {entity.canonical}) - other.aliases:
            other.aliases.add(alias)
            self._by_alias.setdefault(alias, set()).add(target)
        for alias in entity.aliases:
            self._by_alias[alias].discard(short)
        self._alive[short] = False


def _company_short(short: str, full: str) -> bool:
    """Whether ``short`` is a company's short name for ``full``: the words after its
    places without the trade and legal words (澄溪 | 青禾 for 澄溪青禾纺织有限公司),
    or its first word with the group word (青禾集团 for 青禾汽车集团有限公司)."""
    core = full
    for ending in _LEGAL_ENDINGS:
        if core.endswith(ending):
            core = core[: -len(ending)]
            break
    if (core == full and not full.endswith(("公司", "集团"))) or _before_is_places(short):
        return False  # a country or place is no company's short name
    if short.endswith(("集团", "公司")):
        stem, head = short[:-2], short[-2:]
        at = core.find(stem)
        return len(stem) >= 2 and at >= 0 and core.endswith(head) and len(core) > len(short) and _before_is_places(core[:at])
    at = core.find(short)
    return (at >= 0 and len(core) > len(short) + 1 and not ORG_HEAD_RE.search(short)
            and _before_is_places(core[:at]))


def _before_is_places(prefix: str) -> bool:
    """Whether ``prefix`` is nothing, a country or places only."""
    return not prefix or prefix in gazetteer.countries() or ends_in_places(prefix)


def _indefinite(name: str) -> bool:
    """一家医疗用品公司: a body counted, not named; 澄溪区环卫一所 ends in its unit's number."""
    found = INDEFINITE_RE.search(name)
    return found is not None and not (found.end() == len(name) and found.start() >= 2)


def committee_of_every_term(name: str) -> str | None:
    """The CPPCC's national committee (or its standing committee) of every term for one written
    with its term (政协第十三届全国委员会常务委员会 → 中国人民政治协商会议全国委员会常务委员会), or None."""
    match = _CPPCC_OF_TERM.match(name)
    if not match:
        return None
    return "中国人民政治协商会议全国委员会" + ("常务委员会" if match["standing"] else "")


def _yearly_occurrence(name: str, page_year: int | None) -> str | None:
    """The canonical name of a yearly national occurrence written ``name`` (2020年全国两会,
    全国春运 on a page of 2031 → 2031年春运, 二〇二〇年新年贺词 → 2020年新年贺词), or None."""
    match = _YEARLY.match(name)
    if not match or not (match["year"] or match["national"]):
        return None
    year = match["year"].translate(_YEAR_DIGITS) if match["year"] else page_year
    if year is None:
        return None
    return f"{year}年{'全国两会' if match['kind'] == '两会' else match['kind']}"


def _national_session(name: str) -> str | None:
    """The official name of a session of the NPC, the CPPCC or their standing committees written
    ``name`` (十三届全国人大三次会议 → 第十三届全国人民代表大会第三次会议), or None."""
    for pattern, official in _NATIONAL_SESSIONS:
        match = pattern.match(name)
        if match:
            parts = match.groupdict()
            term = parts["t"] or parts.get("t2") or parts.get("t3")
            return official.format(t=term, s=parts["s"], k=parts.get("k") or "")
    return None


def _centrally_owned(before: str) -> bool:
    """Whether a plenum written after ``before`` is the Central Committee's: no other owner's name ends there."""
    before = _PLENUM_OWNER_LINK.sub("", before)
    return before.endswith(_CENTRAL_OWNERS) or not before.endswith(_PLENUM_OWNER_ENDS)


def _starts_with_standard_name(name: str) -> bool:
    """Whether ``name`` starts with a standard short name of a body (全国妇联…)."""
    abbreviations = gazetteer.abbreviations()
    return any(name[:size] in abbreviations for size in range(min(len(name), 10), 1, -1))


def _abbreviates(short: str, full: str) -> bool:
    """Whether ``short`` is an abbreviation of ``full`` (澄农办 of 澄溪农村工作领导小组办公室,
    澄江通航局 of 柳岸部澄江通航管理局): its characters in order, with a gap, the last
    one in the full name's head; not the start and end of a name with a word left out
    (澄溪银行 is no abbreviation of 澄溪建设银行, nor 澄溪大学 of 澄溪大学医学院)."""
    core = full
    for ending in _LEGAL_ENDINGS:
        if core.endswith(ending) and len(core) > len(ending) + 1:
            core = core[: -len(ending)]
            break
    if len(core) < len(short) + 2 or short[-1] not in core[-3:] or short in core:
        return False
    at, chunks, previous = -1, [], -2
    for char in short:
        at = core.find(char, at + 1)
        if at < 0:
            return False
        if at == previous + 1:
            chunks[-1] += 1
        else:
            chunks.append(1)
        previous = at
    if len(chunks) < 2:
        return False
    if len(chunks) == 2 and core[chunks[0] : len(core) - chunks[1]] in _COMPANY_WORDS:
        return True  # 澄溪油田工会 of 澄溪油田公司工会: the company word left out
    # Two chunks of two or more characters: a word left out of a name, not an abbreviation.
    return not (len(chunks) == 2 and min(chunks) >= 2)


def _name_parts(name: str) -> list[str]:
    """The parts of a person's name that may stand for it: the given name of a
    three-character name (周明远 → 明远), the last part of a dotted one."""
    if "·" in name:
        last = name.rsplit("·", 1)[1]
        return [last] if len(last) >= 2 else []
    return [name[1:]] if len(name) == 3 else []


def _drop_province_before_city(name: str) -> str:
    """浙江省湖州市总工会 → 湖州市总工会: a prefecture-level city names its bodies
    without its province; districts and counties keep theirs (天津市和平区总工会)."""
    found = places_in_name(name)
    if len(found) >= 2 and found[-1][1] < len(name):
        first, second = found[0], found[1]
        levels = [d.level for d in gazetteer.divisions().by_name(second[2])]
        if first[0] == 0 and levels == ["prefecture"]:
            return name[second[0]:]
    return name


def _without_former(name: str) -> str:
    """山东原澄溪县委 → 澄溪县委: 原/前 after the places that begin a body's name."""
    found = places_in_name(name)
    end = found[-1][1] if found and found[0][0] == 0 else 0
    if end and name[end:end + 1] in _FORMER and len(name) - end > 3:
        return name[end + 1:]
    return name


def _without_party(name: str) -> str:
    """澄溪县委 of 中共澄溪县委."""
    for prefix in (_PARTY, "中共"):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def _unique(merges: list) -> list:
    seen, out = set(), []
    for merge in merges:
        key = (merge.label, merge.canonical, merge.alias)
        if key not in seen and merge.alias != merge.canonical:
            seen.add(key)
            out.append(merge)
    return out
