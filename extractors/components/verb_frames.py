"""``zhitu_verb_frames``: organizes and participatesIn from trigger verbs.

In a sentence, the bodies (or people) before a trigger verb act on the
programmes and events after it, up to the next trigger or clause break:
澄溪市总工会、市文旅局等单位主办…大赛; 澄溪工会推出“职工创业贷”. The passive
(…由X主办) and an event named after its organiser (中国科协十二届三次执委会) count
too. A generic noun after 参加 (比赛, 会议) refers to the last event named. A
fronted clause without a subject (参加完…培训，X感慨道) takes the person of the next.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from zhitu.extractors import confidence
from zhitu.extractors.evidence import evidence_of, Mention
from zhitu.extractors.facts import text_of
from zhitu.extractors.lexicon import ORGANIZE_VERBS, PARTICIPATE_VERBS, alternation
from zhitu.extractors.rules import Relations

NAME = "verb_frames"
_TRIGGER = re.compile("(?P<verb>" + alternation(ORGANIZE_VERBS + PARTICIPATE_VERBS) + ")")
_ANAPHOR = re.compile(r"^(?:了|了本次|本次|此次|该|这次)?(?:比赛|大赛|竞赛|会议|大会|活动|培训)")
_HARD_BREAK = re.compile(r"[。；;！？]")


@Language.factory("zhitu_verb_frames", requires=["doc._.entities"], assigns=["doc._.relations"])
def make_verb_frames(nlp: Language, name: str) -> "VerbFrames":
    return VerbFrames()


class VerbFrames:
    def __call__(self, doc: Doc) -> Doc:
        evidence = evidence_of(doc)
        text = text_of(doc)
        relations = Relations(doc, NAME)
        last_event: Mention | None = None

        def emit(head: Mention, relation: str, tail: Mention, sentence, trust: float) -> None:
            relations.add(head.entity.key, relation, tail.entity.key, sentence=sentence, confidence=trust)

        for index, sentence in enumerate(evidence.sentences):
            mentions = [m for m in evidence.mentions_in(index) if not _nested(m, evidence.mentions_in(index))]
            triggers = [t for t in _TRIGGER.finditer(text, *sentence) if not _inside_mention(t, mentions)]
            for k, trigger in enumerate(triggers):
                verb = trigger.group("verb")
                relation = "organizes" if verb in ORGANIZE_VERBS else "participatesIn"
                stop = triggers[k + 1].start() if k + 1 < len(triggers) else sentence[1]
                agents = _agents_before(mentions, trigger.start(), text, relation)
                if "由" in text[max(sentence[0], trigger.start() - 20) : trigger.start()]:
                    passive = [m for m in mentions if m.end <= trigger.start() and m.label in ("PROG", "EVENT")]
                    if passive and agents:
                        for agent in agents:
                            emit(agent, relation, passive[-1], sentence, confidence.PASSIVE_AGENT)
                        continue
                targets = [
                    m for m in mentions
                    if trigger.end() <= m.start < stop and m.label in ("PROG", "EVENT")
                    and not _HARD_BREAK.search(text[trigger.end() : m.start])
                ]
                if not targets and relation == "participatesIn" and last_event is not None:
                    if _ANAPHOR.match(text[trigger.end() : trigger.end() + 6]):
                        targets = [last_event]
                if not agents and targets and relation == "participatesIn":
                    # 参加完…培训，…主席X感慨道: a fronted clause's subject is the next clause's person.
                    agents = _subject_of_next_clause(mentions, targets[-1].end, sentence[1], text)
                for agent in agents:
                    for target in targets:
                        emit(agent, relation, target, sentence, confidence.TRIGGER_VERB)
            for m in mentions:
                if m.label == "EVENT":
                    last_event = m
        # X在EVENT上(讲话/强调…): X took part.
        for index, sentence in enumerate(evidence.sentences):
            mentions = evidence.mentions_in(index)
            for i, m in enumerate(mentions):
                if m.label not in ("PER", "ORG"):
                    continue
                for nxt in mentions[i + 1 : i + 3]:
                    gap = text[m.end : nxt.start]
                    if nxt.label == "EVENT" and re.fullmatch(r"(?:总书记|主席|同志)?(?:在|出席)", gap) and text[nxt.end : nxt.end + 1] in ("上", "并", "，", ","):
                        emit(m, "participatesIn", nxt, sentence, confidence.TRIGGER_VERB)
        # An event named after its organiser: 中国科协十二届三次执委会 → 中国科协.
        bodies_at: dict[int, list[Mention]] = {}
        for m in evidence.mentions:
            if m.label == "ORG":
                bodies_at.setdefault(m.start, []).append(m)
        for m in evidence.mentions:
            if m.label != "EVENT":
                continue
            for inner in bodies_at.get(m.start, ()):
                if inner.end < m.end:
                    emit(inner, "organizes", m, evidence.sentence_of(m.start), confidence.ORGANISER_IN_NAME)
        return doc


def _nested(m: Mention, mentions: list[Mention]) -> bool:
    return any(o is not m and o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start) for o in mentions)


def _inside_mention(trigger: re.Match, mentions: list[Mention]) -> bool:
    return any(m.start <= trigger.start() < m.end for m in mentions)


def _agents_before(mentions: list[Mention], position: int, text: str, relation: str) -> list[Mention]:
    """The nearest body (or person, for participatesIn) before the verb, with those coordinated with it."""
    labels = ("ORG",) if relation == "organizes" else ("ORG", "PER")
    before = [m for m in mentions if m.end <= position and m.label in labels]
    if not before:
        return []
    nearest = before[-1]
    group = [nearest]
    for m in reversed(before[:-1]):
        if re.fullmatch(r"[、和与及\s]*|(?:联合|会同|携手|联手)", text[m.end : group[-1].start]):  # X联合Y推出…
            group.append(m)
        else:
            break
    return list(reversed(group))


def _subject_of_next_clause(mentions: list[Mention], position: int, end: int, text: str) -> list[Mention]:
    """The person named in the clause after the comma that follows ``position`` (within the sentence)."""
    comma = min((i for i in (text.find("，", position, end), text.find(",", position, end)) if i >= 0), default=-1)
    if comma < 0:
        return []
    following = re.search(r"[，,。；;！？]", text[comma + 1 : end])
    clause_end = comma + 1 + following.start() if following else end
    people = [m for m in mentions if comma < m.start < clause_end and m.label == "PER"]
    return people[:1]
