"""``zhitu_credits``: the article's metadata as facts. The paper and the people
its byline names become entities, linked to the article (``doc._.article_links``:
author, contributor, photographer with the byline's sentence as evidence;
publisher); a credit with a position word gives holdsPosition in the publisher
(本报记者 X → X holds 记者 in the paper); the dateline's place is resolved to its
full name (``doc._.dateline_place``).

Not for: reading bylines and datelines off the page (``zhitu.read``), or
writing the triples (``zhitu.graph.rdf`` maps these facts).
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from zhitu.extractors import confidence
from zhitu.extractors.evidence import evidence_of, add_relation
from zhitu.extractors.facts import text_of, ArticleLink, Entity, Relation, register_extensions
from zhitu.ontology import gazetteer

NAME = "credits"
_PHOTO_SOURCE = re.compile(r"摄\s*/\s*([\u4e00-\u9fff]{2,10})")


def publisher_entity(publisher: str) -> Entity:
    """The entity of a publisher named as written (新华社 → 新华通讯社)."""
    full = gazetteer.abbreviations().get(publisher)
    entity = Entity("ORG", full[0] if full else publisher)
    if full:
        entity.aliases.add(publisher)
    return entity


@Language.factory("zhitu_credits", requires=["doc._.entities"],
                  assigns=["doc._.entities", "doc._.relations", "doc._.article_links", "doc._.dateline_place"])
def make_credits(nlp: Language, name: str) -> "Credits":
    return Credits()


def _named_in(entity: Entity, text: str) -> bool:
    """Whether the text writes the entity's name or one of its aliases."""
    return any(name and name in text for name in (entity.canonical, *entity.aliases))


class Credits:
    def __init__(self) -> None:
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        article = doc._.article
        if article is None:
            return doc
        entities = {e.key: e for e in (doc._.entities or [])}
        links: list[ArticleLink] = []
        publisher = None
        if article.publisher:
            candidate = publisher_entity(article.publisher)
            if "本报" in text_of(doc):
                candidate.aliases.add("本报")
            if candidate.key in entities or _named_in(candidate, text_of(doc)):
                publisher = entities.setdefault(candidate.key, candidate)
                publisher.aliases |= candidate.aliases
            # else: the layout names the paper, the text does not (no 本报, no name): the
            # article's publisher, not an entity of the text (the link names it alone).
            links.append(ArticleLink("publisher", candidate.key, None, "layout", confidence.PUBLISHER))
        evidence = evidence_of(doc)
        base = doc._.offset
        for credit in article.credits:
            start, end = credit.start - base, credit.end - base
            person = entities.setdefault(("PER", credit.name), Entity("PER", credit.name))
            if 0 <= start < end <= len(text_of(doc)) and (start, end) not in person.mentions:
                person.mentions.append((start, end))
            sentence = evidence.sentence_of(max(0, start))
            links.append(ArticleLink(credit.role, person.key, sentence, NAME, confidence.CREDIT))
            if credit.position and publisher is not None:
                add_relation(doc, Relation(
                    head=person.key, relation="holdsPosition", tail=publisher.key, role=credit.position,
                    sentence=sentence, extractor=NAME, confidence=confidence.CREDIT,
                ))
        doc._.article_links = links
        if article.dateline:
            doc._.dateline_place = ("LOC", gazetteer.canonical_place(article.dateline) or article.dateline)
        # 林小川 摄/某图片社: the photo agency after the credit is a body.
        for match in _PHOTO_SOURCE.finditer(text_of(doc)):
            start, end = match.span(1)
            agency = entities.setdefault(("ORG", match.group(1)), Entity("ORG", match.group(1)))
            agency.mentions.append((start, end))
        doc._.entities = list(entities.values())
        return doc
