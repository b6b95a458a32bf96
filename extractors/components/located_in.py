"""``zhitu_located_in``: what is where.

- a chain of places written together (浙江省湖州市安吉县澄溪镇): each in the one before;
- places inside a name (湖州市总工会 → 湖州市; 中石化浙江安吉县分公司 → 安吉县 → 浙江省;
  a zone or port: 湖州综合保税区 → 湖州市);
  a body that belongs to another body by name takes no place of its own;
- a place and one of its gazetteer ancestors in the same sentence (在浙江…杭州、湖州);
- a town, village or zone the Doc names, written in a body's name after its chain or a party
  prefix (白沙镇青松村党支部 → 青松村; 中共白沙镇委员会 → 白沙镇), and the place a body is named
  after and runs (某某船闸管理处 → 某某船闸); a unit's place in its parent's place when the
  gazetteer agrees (湖州市公安局吴兴区分局: 吴兴区 in 湖州市);
- 某区的青松村, 某市的某某公司 (a town, village or named body as a place's own);
- a town and the one county, a village and the one town (or county), named in its sentence: weak;
- 位于/地处 + place, and 位于 + place + 的 + X; an event 在 + place + 举行/召开;
- a facility written right after its division (湖州某某会堂);
- a body named after a country (某国人民党 → 某国; 中国 only where the text names it alone);
- a division and its nearest gazetteer ancestor named earlier as a whole of parts (浙江各地…。
  …湖州…; 浙江…。其中，湖州…), or that ancestor being the place the headline is about (a headline
  on 湖州市 and 吴兴区 in the text → 吴兴区 in 湖州市): weaker than a sentence;
- a facility named after its place (杭州火车站 → 杭州市).
A place written in a body's name is an entity of the Doc even when named nowhere else;
a unit named inside its parent's name (某某大学医学院) takes only the places written in its own part.
Only the most specific container is given: a place that contains another tail of the same head is dropped.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from zhitu.extractors import confidence
from zhitu.extractors.evidence import evidence_of
from zhitu.extractors.facts import Entity, text_of
from zhitu.extractors.lexicon import LEVEL_WORDS, LOCATED_VERBS, PLACE_HEAD_RE, TOWN_LEVELS, VILLAGE_LEVELS
from zhitu.extractors.places import HOME_COUNTRY, country_prefix, ends_in_places, parent_in_name, places_in_name
from zhitu.extractors.rules import Relations, add_inferred_entity
from zhitu.ontology import gazetteer

NAME = "located_in"
#: Endings of a place's name that name a part or side of it, not a facility in it (湖北方面, 江苏南部).
NOT_CONTAINED_ENDINGS = ("方面", "部", "地区", "一带", "境内", "全境", "全省", "全市", "全县", "各地", "人", "籍",
                         "城", "城区", "县城", "山区", "家乡")
_ANCESTOR_STEPS = 8


@Language.factory("zhitu_located_in", requires=["doc._.entities"], assigns=["doc._.entities", "doc._.relations"])
def make_located_in(nlp: Language, name: str) -> "LocatedIn":
    return LocatedIn()


class LocatedIn:
    def __call__(self, doc: Doc) -> Doc:
        evidence = evidence_of(doc)
        entities = {e.key: e for e in (doc._.entities or [])}
        found = _Candidates()

        def emit(head, tail, offset: int, trust: float) -> None:
            # People are not placed; a place implied by no mention is not an entity of this Doc.
            if head[0] != "PER" and tail in entities and head != tail:
                found.add(head, tail, offset, trust)

        def place(name: str) -> tuple[str, str]:
            """The LOC entity named ``name``, added when only a body's name holds it."""
            key = places.get(name, ("LOC", name))
            if key not in entities:
                entities[key] = add_inferred_entity(doc, "LOC", name)
                places[name] = key
            return key

        places = _place_names(entities.values())
        children = _bodies_with_parent_body(entities.values())
        bodies = _body_names(entities.values())

        def locate(entity: Entity, written: str, offset: int) -> bool:
            """The places written in one of ``entity``'s names: chained, and the entity's own.
            Whether the name held any."""
            own = _own_part(entity) if entity.label == "ORG" else None
            if own is None and entity.label == "ORG":
                own = _after_brand(written, bodies, entity)  # 某某集团's 某某湖州物流公司
            name = own if own is not None else written
            if entity.label == "ORG":
                name = _bracketed_place(name) or name
            inside = places_in_name(name, towns=True)
            inside = tuple(found for found in inside if not _affairs_of(name, found))
            if entity.label == "ORG":  # a body's name makes its places entities
                keys = [_town_named_short(name, found, places) or place(found[2]) for found in inside]
            else:
                keys = [places.get(c, ("LOC", c)) for _, _, c in inside]
            if entity.label != "LOC" and not written.endswith(_LOCAL_LEVELS):
                named = _named_place_after(name, inside[-1][1] if inside else 0, places)
                if named is not None:  # a village, town or zone this Doc names, after the chain
                    keys.append(named)
            if own is not None:  # the unit's place inside the parent's (某市公安局某区分局)
                _chain_across_unit(entity.canonical, inside, places,
                                   lambda i, o: emit(i, o, offset, confidence.PLACE_CHAIN))
            for outer, inner in zip(keys, keys[1:]):
                if _consistent(inner[1], outer[1]):
                    emit(inner, outer, offset, confidence.PLACE_CHAIN)
            if entity.label != "LOC" and keys and (own is not None or entity.key not in children):
                if not written.endswith(_LOCAL_LEVELS):  # a village written as a body is no body in it
                    emit(entity.key, keys[-1], offset, confidence.PLACE_IN_NAME)
            elif entity.label == "LOC" and keys and _named_after_place(entity.canonical):
                emit(entity.key, keys[-1], offset, confidence.PLACE_IN_NAME)  # a zone, port or facility
            if entity.label == "ORG" and not keys and written != entity.canonical:
                return locate(entity, entity.canonical, offset)  # 县委 of 中国共产党某某县委员会
            if entity.label == "ORG" and not keys and own is None and entity.key not in children:
                country = _country_of(entity.canonical)
                if country and (country in places or country != HOME_COUNTRY):
                    emit(entity.key, place(country), offset, confidence.PLACE_IN_NAME)
                    return True
            return bool(keys)

        places = _place_names(entities.values())
        children = _bodies_with_parent_body(entities.values())
        # Places written inside names, and chains of adjacent place mentions.
        mentioned = set()
        for m in evidence.mentions:
            if m.label in ("ORG", "EVENT", "LOC"):
                mentioned.add(m.entity.key)
                written = m.entity.canonical if m.label == "LOC" else evidence.text(m.start, m.end)
                locate(m.entity, written, m.start)
        # A body no mention names (known from a title or a unit's name): its own names.
        for entity in list(entities.values()):
            if entity.label == "ORG" and entity.key not in mentioned:
                offset = entity.mentions[0][0] if entity.mentions else 0
                names = sorted(entity.aliases | {entity.canonical}, key=len, reverse=True)
                any(locate(entity, name, offset) for name in names)  # the longest name holding a place
        pairs = _touching(evidence.mentions)
        for a, b in pairs:
            if (
                a.label == "LOC" and b.label == "LOC"
                and _place_like(a.entity.canonical) and _place_like(b.entity.canonical)
                and _consistent(b.entity.canonical, a.entity.canonical)
            ):
                emit(b.entity.key, a.entity.key, b.start, confidence.PLACE_CHAIN)
        # A town or village written as the division's own (某某区的青松村).
        for a, b in _joined_by(evidence, "的"):
            if a.label == "LOC" and b.label == "LOC" and _local_in(b.entity.canonical, a.entity.canonical):
                emit(b.entity.key, a.entity.key, b.start, confidence.PLACE_CHAIN)
        # A facility written right after the division it is in (湖州某某会堂).
        for a, b in pairs:
            if (a.label == "LOC" and b.label == "LOC" and gazetteer.divisions().by_name(a.entity.canonical)
                    and not _place_like(b.entity.canonical) and b.entity.canonical not in gazetteer.countries()
                    and not b.entity.canonical.endswith(NOT_CONTAINED_ENDINGS)
                    and not places_in_name(b.entity.canonical, towns=True)  # 湖州火车站 has its own place
                    and not _TOWN_START.match(b.entity.canonical)):  # nor has 某某镇某某大厅
                emit(b.entity.key, a.entity.key, b.start, confidence.PLACE_CHAIN)
        # A foreign country written right before a body or a place that is no division (某国某某运河).
        for a, b in pairs:
            if (a.label == "LOC" and b.label in ("ORG", "LOC")
                    and _is_foreign_country(a.entity.canonical) and not _place_like(b.entity.canonical)
                    and b.entity.key not in children):
                emit(b.entity.key, a.entity.key, b.start, confidence.PLACE_CHAIN)
        # A place and its nearest gazetteer ancestor named in the same sentence (a sentence ends
        # at a semicolon too: 向浙江捐赠…；向湖州捐赠… names two recipients, not a part of a whole).
        for index in range(len(evidence.sentences)):
            named = {m.entity.canonical: m for m in evidence.mentions_in(index) if m.label == "LOC"}
            for name, m in named.items():
                ancestor = _nearest_named_ancestor(name, named)
                if ancestor:
                    emit(m.entity.key, ("LOC", ancestor), m.start, confidence.PLACE_WITH_ANCESTOR)
        # A town or village and the one division a level up its sentence names (某县…白沙镇).
        for index in range(len(evidence.sentences)):
            places_here = [m for m in evidence.mentions_in(index) if m.label == "LOC"]
            named = {m.entity.key: m for m in _outermost(places_here)}
            for key, m in named.items():
                container = None if found.has_head(key) else _local_container(key[1], named)
                if container is not None:  # weak: only for a town or village placed no other way
                    emit(key, container, m.start, confidence.PLACE_IN_ARTICLE)
        # An event held at a place: 某某会议15日在湖州市某某会堂举行.
        for a, chain in _held_at(evidence):
            emit(a.entity.key, chain[-1].entity.key, a.start, confidence.LOCATED_VERB)
        # X位于/地处 place
        pattern = re.compile("(?:在)?(?:" + "|".join(LOCATED_VERBS) + ")(?:在|于)?")
        for index in range(len(evidence.sentences)):
            mentions = evidence.mentions_in(index)
            for i, m in enumerate(mentions):
                if m.label not in ("ORG", "LOC", "EVENT"):
                    continue
                for nxt in mentions[i + 1 : i + 3]:
                    gap = evidence.text(m.end, nxt.start)
                    if nxt.label == "LOC" and pattern.fullmatch(gap):
                        emit(m.entity.key, nxt.entity.key, m.start, confidence.LOCATED_VERB)
        # 某市的某某公司: a named body written as a place's own.
        for a, b in _joined_by(evidence, "的"):
            if (a.label == "LOC" and b.label == "ORG" and _place_like(a.entity.canonical)
                    and a.entity.canonical != HOME_COUNTRY):
                emit(b.entity.key, a.entity.key, b.start, confidence.PLACE_CHAIN)
        # 位于 place 的 X: X is there (位于白沙镇青松村的某某山庄).
        for a, b in _joined_by(evidence, "的"):
            if a.label == "LOC" and b.label in ("ORG", "LOC", "EVENT") and _after_located_verb(a, evidence):
                emit(b.entity.key, a.entity.key, b.start, confidence.LOCATED_VERB)
        # The place a headline is about contains the divisions the article names inside it.
        topics = _headline_places(doc, places)
        for entity in list(entities.values()):
            if entity.label == "LOC" and entity.mentions and entity.key not in topics:
                ancestor = _nearest_ancestor_in(entity.canonical, places)
                if ancestor in topics:
                    emit(entity.key, ancestor, entity.mentions[0][0], confidence.PLACE_IN_ARTICLE)
        # A division and its nearest ancestor named in the sentence before.
        for entity in list(entities.values()):
            if entity.label == "LOC" and entity.mentions:
                ancestor = _nearest_ancestor_in(entity.canonical, places)
                if ancestor is not None and ancestor in entities:
                    offset = _named_just_after(entity, entities[ancestor], evidence)
                    if offset is not None:
                        emit(entity.key, ancestor, offset, confidence.PLACE_IN_ARTICLE)
        relations = Relations(doc, NAME)
        for (head, tail), (offset, trust) in found.most_specific().items():
            relations.add(head, "locatedIn", tail, sentence=evidence.sentence_of(offset), confidence=trust)
        return doc


class _Candidates:
    """locatedIn candidates, kept with the first offset and the highest trust each was found with."""

    def __init__(self) -> None:
        self.found: dict[tuple, tuple[int, float]] = {}
        self.heads: set = set()

    def add(self, head, tail, offset: int, trust: float) -> None:
        old = self.found.get((head, tail))
        self.found[(head, tail)] = (offset, trust) if old is None else (old[0], max(old[1], trust))
        self.heads.add(head)

    def has_head(self, head) -> bool:
        return head in self.heads

    def most_specific(self) -> dict[tuple, tuple[int, float]]:
        """The candidates less those whose tail contains another tail of the same head found
        with no less trust, by the gazetteer or by the other candidates (某村 → 某镇 and → 某县: 某县 goes)."""
        up: dict = {}
        for head, tail in self.found:
            up.setdefault(head, []).append(tail)
        kept = {}
        for (head, tail), value in self.found.items():
            others = [t for t in up[head] if t != tail and self.found[(head, t)][1] >= value[1]]
            if not any(tail in _containers(t, up) for t in others):
                kept[(head, tail)] = value
        return kept


def _containers(key, up: dict) -> set:
    """Every place that contains ``key``: its candidate tails, theirs, and their gazetteer ancestors."""
    seen: set = set()
    todo = [key]
    while todo and len(seen) < 64:
        current = todo.pop()
        for tail in up.get(current, ()):
            if tail not in seen:
                seen.add(tail)
                todo.append(tail)
        if current[0] == "LOC":
            for division in gazetteer.divisions().chain(current[1])[1:]:
                seen.add(("LOC", division.name))
    return seen


#: A party's prefix before the place its committee is in (中共某镇委员会).
_PARTY_PREFIXES = ("中国共产党", "中共")
#: Places below a county, named by their level word (白沙镇, 青松村, 某某社区).
_LOCAL_LEVELS = TOWN_LEVELS + VILLAGE_LEVELS
#: Heads of a body named after the place or facility it runs (某某船闸管理处, 某某科学城管委会).
_RUNS_PLACE = ("管理处", "管理委员会", "管委会", "管理局", "办事处", "管理所", "管理站")
_MAX_LOCAL = 10


def _named_place_after(name: str, start: int, places: dict) -> tuple[str, str] | None:
    """The place this Doc names that ``name`` writes at ``start`` (after its chain of divisions
    or a party prefix), written with its level word or zone head (白沙镇青松村党支部 → 青松村; a
    district two cities' districts share, 朝阳区委 → the Doc's 朝阳区), or any place the body is
    named after and runs (某某船闸管理处 → 某某船闸)."""
    if start == 0:
        start = next((len(p) for p in _PARTY_PREFIXES if name.startswith(p)), 0)
    for end in range(min(len(name) - 1, start + _MAX_LOCAL), start + 1, -1):
        key = places.get(name[start:end])
        if key is None:
            continue
        written = name[start:end]  # as written: 某某大学 holds no 某某市 named 某某
        if written.endswith(LEVEL_WORDS) or PLACE_HEAD_RE.search(written) or name[end:].startswith(_RUNS_PLACE):
            return key
    return _local_place_written_short(name[start:], places, after_chain=start > 0)


#: A village's or community's own bodies, written after its name with or without 村 (某某支部).
_VILLAGE_BODIES = re.compile("(?:党支部|党总支|支部|党委|村委会|居委会)")


def _town_named_short(name: str, found: tuple[int, int, str], places: dict) -> tuple[str, str] | None:
    """The town this Doc names when a body's name writes it short, as a division's short form
    (某某派出所 of a Doc that names 某某镇 is the town's, not 某某县's)."""
    start, end, canonical = found
    written = name[start:end]
    if written == canonical:
        return None
    return next((places[written + level] for level in TOWN_LEVELS if written + level in places), None)


def _local_place_written_short(name: str, places: dict, *, after_chain: bool) -> tuple[str, str] | None:
    """The town or village this Doc names whose name less its level word begins ``name``:
    right after a chain of divisions (某市某区青松防疫指挥部 → 青松街道), or before a village
    body (青松支部 → 青松村)."""
    for size in range(2, min(len(name), _MAX_LOCAL)):
        stem = name[:size]
        levels = _LOCAL_LEVELS if after_chain else VILLAGE_LEVELS if _VILLAGE_BODIES.match(name, size) else ()
        key = next((places[stem + level] for level in levels if stem + level in places), None)
        if key is not None:
            return key
    return None


def _chain_across_unit(name: str, unit_places, places: dict, link) -> None:
    """Link the first place of a unit's own part to the last of its parent's part when the
    gazetteer puts one inside the other (某市公安局某区分局: 某区 in 某市)."""
    split = parent_in_name(name)
    if split is None or not unit_places:
        return
    outer = places_in_name(split[0], towns=True)
    if not outer:
        return
    inner, container = unit_places[0][2], outer[-1][2]
    known = gazetteer.divisions().by_name(inner)
    if (inner in places and container in places and known
            and all(container in _ancestor_names(d) for d in known)):
        link(places[inner], places[container])


def _outermost(mentions: list) -> list:
    """The mentions no longer one of them contains (白沙 inside 白沙镇 is no place of its own)."""
    return [m for m in mentions
            if not any(o is not m and o.start <= m.start and m.end <= o.end and o.end - o.start > m.end - m.start
                       for o in mentions)]


def _local_container(name: str, named: dict) -> tuple[str, str] | None:
    """For a town the gazetteer does not know, the one county-level division among ``named``;
    for a village, the one town (or, with no town, the one county-level division)."""
    if not name.endswith(_LOCAL_LEVELS) or len(name) < 3 or gazetteer.divisions().by_name(name):
        return None  # 全村, 举村: no village's name
    towns = [k for k in named if k[1].endswith(TOWN_LEVELS) and not gazetteer.divisions().by_name(k[1])]
    counties = [k for k in named if any(d.level == "county" for d in gazetteer.divisions().by_name(k[1]))]
    if name.endswith(TOWN_LEVELS):
        candidates = counties
    elif name.endswith("村"):
        candidates = towns or counties
    else:
        return None
    return candidates[0] if len(candidates) == 1 else None


def _body_names(entities) -> dict[str, tuple[str, str]]:
    """Each ORG entity's names (canonical and aliases) → its key."""
    names: dict[str, tuple[str, str]] = {}
    for e in entities:
        if e.label == "ORG":
            for name in (e.canonical, *sorted(e.aliases)):
                if len(name) >= 2:
                    names.setdefault(name, e.key)
    return names


#: 台湾事务办公室: a body for a region's affairs, written by its short name, works on the region,
#: not in it (a district's 某某区事务中心, written with its level, is the district's own).
_AFFAIRS = "事务"


def _affairs_of(name: str, found: tuple[int, int, str]) -> bool:
    """Whether the place ``found`` in ``name`` is written short and the affairs the body handles."""
    return name.startswith(_AFFAIRS, found[1]) and not name.endswith(LEVEL_WORDS, 0, found[1])


#: A place in brackets after a brand (某某（青海）生物科技有限公司, 某某律师（青海）事务所): a
#: registered name is brand, place, trade and form, the place in brackets when it follows the
#: brand; a branch or campus names its place so too (某某大学（青海）). That place is the body's,
#: whatever place the brand begins with.
_BRACKETED_PLACE = re.compile(r"^[^（）]{2,12}（([^（）]{2,10})）[^（）]+$")


def _bracketed_place(name: str) -> str | None:
    """The place in brackets after a body's brand, or None."""
    match = _BRACKETED_PLACE.match(name)
    if match is None:
        return None
    found = places_in_name(match.group(1), towns=True)
    return match.group(1) if found and found[0][0] == 0 and found[-1][1] == len(match.group(1)) else None


def _after_brand(name: str, bodies: dict, entity: Entity) -> str | None:
    """The part of a company's name after another body's name when a place starts it
    (某某集团 named 某某, then 某某湖州物流公司 → 湖州物流公司), or None."""
    if places_in_name(name, towns=True):
        return None
    for size in range(len(name) - 2, 1, -1):
        key = bodies.get(name[:size])
        if key is not None and key != entity.key:
            found = places_in_name(name[size:], towns=True)
            return name[size:] if found and found[0][0] == 0 else None
    return None


_TOWN_START = re.compile(r"[\u4e00-\u9fff]{2,4}?(?:" + "|".join(_LOCAL_LEVELS) + ")")
#: Verbs that say an event took place where the text names (在某地举行).
HELD_VERBS = ("隆重举行", "举行", "召开", "开幕", "闭幕", "举办")
_BEFORE_AT = re.compile(r"^[^，。；！？,;：:“”]{0,16}?在$")
_HELD_AFTER = re.compile("^(?:" + "|".join(HELD_VERBS) + ")")


def _held_at(evidence) -> list:
    """(event, chain of place mentions) for 某某会议[date]在 + places + 举行/召开…"""
    found = []
    for index in range(len(evidence.sentences)):
        mentions = evidence.mentions_in(index)
        for i, m in enumerate(mentions):
            if m.label != "EVENT":
                continue
            chain = []
            for nxt in mentions[i + 1:]:
                if nxt.start < m.end:
                    continue  # a name inside the event's (某某县政协 in 某某县政协某次会议)
                if nxt.label != "LOC":
                    break
                if not chain and not _BEFORE_AT.match(evidence.text(m.end, nxt.start)):
                    break
                if chain and nxt.start != chain[-1].end:
                    break
                chain.append(nxt)
            if chain and _HELD_AFTER.match(evidence.text(chain[-1].end, chain[-1].end + 4)):
                found.append((m, chain))
    return found


def _touching(mentions) -> list:
    """Pairs of mentions where the second starts right where the first ends; every such
    pair, also where a shorter mention nests in a longer one (白沙|镇 within 白沙镇)."""
    starting: dict[int, list] = {}
    for m in mentions:
        starting.setdefault(m.start, []).append(m)
    return [(a, b) for a in mentions for b in starting.get(a.end, ())]


def _joined_by(evidence, word: str) -> list:
    """Pairs of mentions in one sentence with only ``word`` between them."""
    starting: dict[int, list] = {}
    for m in evidence.mentions:
        starting.setdefault(m.start, []).append(m)
    return [(a, b) for a in evidence.mentions for b in starting.get(a.end + len(word), ())
            if evidence.text(a.end, b.start) == word]


def _local_in(inner: str, outer: str) -> bool:
    """Whether ``inner`` is a town or village (…镇, …村) and ``outer`` a county-level or higher
    division the gazetteer knows, or the gazetteer puts ``inner`` in ``outer``."""
    known = gazetteer.divisions().by_name(inner)
    if known:
        return all(outer in _ancestor_names(d) for d in known)
    return inner.endswith(_LOCAL_LEVELS) and bool(gazetteer.divisions().by_name(outer))


_LOCATED_BEFORE = re.compile("(?:" + "|".join(LOCATED_VERBS) + "|位于|地处)(?:在|于)?$")


def _after_located_verb(place, evidence) -> bool:
    """Whether a 位于-like verb comes right before ``place`` or the chain of places it ends."""
    start = place.start
    by_end = {m.end: m for m in evidence.mentions if m.label == "LOC"}
    while start in by_end and by_end[start].start < start:
        start = by_end[start].start
    return bool(_LOCATED_BEFORE.search(evidence.text(max(0, start - 4), start)))


def _place_names(entities) -> dict[str, tuple[str, str]]:
    """Each LOC entity's names (canonical and aliases) → its key."""
    names: dict[str, tuple[str, str]] = {}
    for e in entities:
        if e.label == "LOC":
            for name in (e.canonical, *sorted(e.aliases)):
                names.setdefault(name, e.key)
    return names


def _nearest_ancestor_in(name: str, places: dict) -> tuple[str, str] | None:
    """The key of the nearest gazetteer ancestor of ``name`` that the document names; a name
    several divisions share (朝阳区 of 北京 and of 长春) counts when the document names an ancestor of one only."""
    found = {key for division in gazetteer.divisions().by_name(name)
             if (key := _nearest_of(division, places)) is not None}
    return found.pop() if len(found) == 1 else None


def _nearest_of(division, places: dict) -> tuple[str, str] | None:
    for ancestor in gazetteer.divisions().ancestors(division)[:_ANCESTOR_STEPS]:
        for form in (ancestor.name, ancestor.short):
            if form and form in places:
                return places[form]
    return None


def _headline_places(doc: Doc, places: dict) -> set[tuple[str, str]]:
    """The places the headline names that contain no other place it names: what the article
    is about (澄溪县 in a headline 浙江澄溪县…, not 浙江省). The headline is the article's, or the
    first line of a text that has several."""
    article, text = doc._.article, text_of(doc)
    if article is not None:
        headline = text[: max(0, article.body_start - article.start)]
    else:
        headline = text.split("\n", 1)[0] if "\n" in text.strip() else ""
    named = {places[n] for n in places if len(n) >= 2 and n in headline}
    inside = {ancestor for key in named for ancestor in _containers(key, {})}
    return named - inside


#: Words that say the next sentence names parts of a place: 浙江各地…。 or …。其中，湖州…
_PARTS_AFTER = re.compile("^(?:各地|各市|各县|各区|全省|全市|全县|多地)")
_PARTS_START = re.compile(r"^\s*(?:其中|例如|比如|如)")


def _named_just_after(place: Entity, ancestor: Entity, evidence) -> int | None:
    """The offset of a mention of ``place`` in the sentence that follows one naming
    ``ancestor`` as a whole of parts (浙江各地…捐赠。湖州…; 浙江…捐赠。其中，湖州…), or None."""
    wholes = {later for start, end in ancestor.mentions if _PARTS_AFTER.match(evidence.text(end, end + 2))
              for later in _rest_of_paragraph(evidence, evidence.sentence_index(start))}
    after = {evidence.sentence_index(start) + 1 for start, _ in ancestor.mentions}
    for start, _ in place.mentions:
        index = evidence.sentence_index(start)
        if index in wholes or (index in after and _PARTS_START.match(_sentence_text(evidence, index))):
            return start
    return None


def _rest_of_paragraph(evidence, index: int, most: int = 3) -> list[int]:
    """The indexes of up to ``most`` sentences after sentence ``index`` in its paragraph."""
    out = []
    for later in range(index + 1, min(len(evidence.sentences), index + 1 + most)):
        if "\n" in evidence.text(evidence.sentences[later - 1][1], evidence.sentences[later][0]):
            break
        out.append(later)
    return out


def _sentence_text(evidence, index: int) -> str:
    start, end = evidence.sentences[index]
    return evidence.text(start, end)


def _is_foreign_country(name: str) -> bool:
    return gazetteer.countries().get(name, HOME_COUNTRY) != HOME_COUNTRY


def _country_of(name: str) -> str | None:
    """The country a body's name places it in: the one it starts with, or, after the home
    country, a foreign one further on (中国某某法国有限公司 is in 法国)."""
    country = country_prefix(name)
    if country == HOME_COUNTRY:
        foreign = next((c for i in range(len(HOME_COUNTRY), len(name) - 1)
                        if (c := country_prefix(name[i:])) and c != HOME_COUNTRY), None)
        return foreign or country
    return country


def _own_part(entity: Entity) -> str | None:
    """The unit's own part of a name that starts with its parent's (某某大学医学院 → 医学院)."""
    split = parent_in_name(entity.canonical)
    return split[1] if split else None


def _named_after_place(name: str) -> bool:
    """A zone or facility written after its place (湖州综合保税区, 杭州火车站), not a place's part or side."""
    if ends_in_places(name) or (name.endswith(LEVEL_WORDS) and not PLACE_HEAD_RE.search(name)):
        return False  # a division of its own (白沙镇 is no facility of 白沙)
    return bool(PLACE_HEAD_RE.search(name)) or not name.endswith(NOT_CONTAINED_ENDINGS)


def _consistent(inner: str, outer: str) -> bool:
    """False only when the gazetteer knows ``inner`` and puts it elsewhere."""
    known = gazetteer.divisions().by_name(inner)
    if not known:
        return True
    return any(outer in _ancestor_names(d) for d in known)


def _ancestor_names(division) -> set[str]:
    names = set()
    parent = gazetteer.divisions().parent(division)
    while parent is not None:
        names.add(parent.name)
        parent = gazetteer.divisions().parent(parent)
    return names


def _nearest_named_ancestor(name: str, named: dict) -> str | None:
    divisions = gazetteer.divisions().by_name(name)
    if len(divisions) != 1:
        return None
    parent = gazetteer.divisions().parent(divisions[0])
    while parent is not None:
        if parent.name in named:
            return parent.name
        parent = gazetteer.divisions().parent(parent)
    return None


def _bodies_with_parent_body(entities) -> set[tuple[str, str]]:
    """Bodies whose name begins with another body's name (not a place's, nor a village's or
    a country's written as a body's)."""
    orgs = [e for e in entities if e.label == "ORG"]
    bodies: dict[str, list[Entity]] = {}
    for other in orgs:
        name = other.canonical
        if not ends_in_places(name) and not name.endswith(_LOCAL_LEVELS) and name not in gazetteer.countries():
            bodies.setdefault(other.canonical, []).append(other)
    # Look up each name's beginnings rather than compare all pairs: linear in the bodies.
    return {e.key for e in orgs
            if parent_in_name(e.canonical) or any(o is not e for size in range(len(e.canonical) + 1) for o in bodies.get(e.canonical[:size], ()))}


def _place_like(name: str) -> bool:
    """A division the gazetteer knows, or a name with a level word or place head (…镇, …口岸)."""
    return bool(gazetteer.divisions().by_name(name)) or name.endswith(LEVEL_WORDS) or bool(PLACE_HEAD_RE.search(name))
