"""Position words of the lexicon that begin after a body's name."""
from __future__ import annotations

import pytest


@pytest.mark.parametrize(("text", "body", "person", "second"), [
    ("澄溪市总工会党组成员、副主席周明远出席会议。", "澄溪市总工会", "周明远", "副主席"),
    ("柳岸县人民政府党组成员、副县长林晓岚主持会议。", "柳岸县人民政府", "林晓岚", "副县长"),
])
def test_party_group_member_is_a_post_not_part_of_the_body(nlp, text: str, body: str, person: str,
                                                           second: str) -> None:
    doc = nlp(text)
    assert body in {e.text for e in doc.ents if e.label_ == "ORG"}
    roles = {r.role for r in doc._.relations or [] if r.relation == "holdsPosition"}
    assert {"党组成员", second} <= roles
