"""How far each kind of evidence is trusted: the ``confidence`` every relation carries.

One constant per kind of evidence, named for what the text shows, so a rule
says which kind it found rather than a number. Each value is that kind's
precision measured on the development set (24 People's Daily pages with gold):
(right + 1) / (statements + 2), the Laplace-smoothed share of its statements
that match a gold relation, so that a kind seen a few times is not given 1.0;
``scripts/measure_confidence.py --build`` measures them (the counts are beside
each value). Kinds the development set never exercises keep a value set by
hand, said so. The rules were written looking at these pages, so the figures
are optimistic for unseen news. The graph records them (``zt:confidence``) and users filter on them, so a changed
value changes the published graph: change one on purpose, with a note.

Not for: thresholds of the NER model, or anything evaluation scores.
"""
from __future__ import annotations

# Stated by the page itself.
#: A credit of the paper's own byline (本报记者 X): the page says who wrote it and as what.
CREDIT = 0.96  # dev: 22 of 22 right
#: The paper itself as publisher: the reading stage was told it (or read it from the page's head).
PUBLISHER = 1.0

# Written inside one name: the writer put the parts together, little can go wrong.
#: Places written as a chain (浙江省湖州市安吉县): each lies in the one before.
PLACE_CHAIN = 0.96  # dev: 23 of 23 right
#: A body or zone named after its place (澄溪县总工会, 湖州综合保税区): it lies there.
PLACE_IN_NAME = 0.88  # dev: 76 of 86 right
#: A body whose name extends another's (澄溪港务集团工会 → 澄溪港务集团).
NAME_EXTENDS_BODY = 0.93  # dev: 24 of 25 right
#: A meeting named after the body that holds it (某某工会十届三次全委会).
ORGANISER_IN_NAME = 0.88  # dev: 6 of 6 right
#: A name that starts with a standard abbreviation of a body (南网… → 中国南方电网有限责任公司):
#: abbreviations are short and sometimes begin unrelated names.
ABBREVIATION_PREFIX = 0.78  # dev: 6 of 7 right

# A pattern across words of one sentence.
#: A title and a person right after a body (澄溪县总工会副主席林晓岚).
TITLE_AFTER_BODY = 0.99  # dev: 69 of 69 right
#: An appointment verb (X任/当选 + body + title): the body and title may be listed loosely.
APPOINTED = 0.83  # dev: 4 of 4 right
#: A place after 位于/地处.
LOCATED_VERB = 0.8  # dev: 3 of 3 right
#: A body and a date before 成立/挂牌: the date may belong to another clause.
FOUNDED_WITH_DATE = 0.75  # dev: 2 of 2 right
#: A body written right after another, or after 下属/所属 (澄溪港务集团第二装卸公司).
BODY_AFTER_BODY = 0.83  # dev: 4 of 4 right
#: A place and one of its gazetteer ancestors in the same sentence (在浙江…杭州): often a list, not containment.
PLACE_WITH_ANCESTOR = 0.97  # dev: 31 of 31 right
#: The passive (…由X主办): the agent is named far from the verb.
PASSIVE_AGENT = 0.75  # not on the dev set: set by hand
#: The bodies or people before a trigger verb and the programmes or events after it
#: (X推出“…”, X在…会议上讲话): clauses and lists blur who does what.
TRIGGER_VERB = 0.98  # dev: 39 of 39 right

# Inferred from what is near, not stated.
#: A bare title (校长X) and the last body of its kind named nearby.
TITLE_NEARBY_BODY = 0.75  # dev: 2 of 2 right
#: The sentence's subject and a title after 现任/是 + body, further down the sentence.
SUBJECT_IS_TITLE = 0.94  # dev: 16 of 16 right
#: A division named in the sentence after its nearest gazetteer ancestor (湖南各地…。其中，长沙…):
#: the article may only mention both; since the rule asks for 各地/其中 wording it was right
#: 12 of 12 times on the development set, optimistic for unseen news.
PLACE_IN_ARTICLE = 0.93  # dev: 12 of 12 right
#: A unit's name written after its parent's (某某大学医学院 → 某某大学), the parent named by no other mention.
PARENT_IN_NAME = 0.91  # dev: 19 of 20 right
#: A founding year counted back from an anniversary or N年前 (X成立70周年): the year the
#: count starts from is often not the article's (an anniversary still to come, a
#: retrospective); 10 of 17 right on a sample of 120 corpus pages.
FOUNDED_BY_COUNT = 0.6
