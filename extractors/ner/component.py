"""``zhitu_ner``: the trained NER's PER/LOC/ORG mentions as ``doc.ents``.

Runs after the LAC tokenizer and reads its words and tags (``token.tag_``) as
features, one ONNX call per Doc (or per batch of Docs in :meth:`ZhituNer.pipe`).
It replaces LAC's PER/LOC/ORG ents and keeps any other label. A mention that
cuts through a LAC word is made whole by splitting that word (``align =
"split"``, the default; span groups such as ``doc.spans["time"]`` are rebuilt
by character offsets), or snapped to word edges (``"expand"`` / ``"contract"``).
``style`` is the annotation convention (``news``, the default, or ``cluener``).
Not for: deciding what the model is (see :mod:`zhitu.extractors.ner.runtime`).
"""
from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from zhitu.errors import UnknownChoiceError
from zhitu.extractors.facts import text_of
from zhitu.extractors.ner.runtime import STYLES, NerModel, get_ner

NER_LABELS = frozenset({"PER", "LOC", "ORG"})
ALIGN_MODES = ("split", "expand", "contract")
#: Whitespace between sentences, as the tokenizer marks it.
SPACE_TAG = "_SP"


@Language.factory(
    "zhitu_ner",
    assigns=["doc.ents"],
    requires=["token.tag"],
    default_config={"model_dir": "", "align": "split", "style": "news"},
)
def make_ner(nlp: Language, name: str, model_dir: str, align: str, style: str) -> "ZhituNer":
    return ZhituNer(model_dir=model_dir or None, align=align, style=style)


class ZhituNer:
    """Sets the trained model's PER/LOC/ORG mentions as ``doc.ents``."""

    def __init__(self, *, model_dir: str | None = None, align: str = "split", style: str = "news",
                 model: NerModel | None = None) -> None:
        if align not in ALIGN_MODES:
            raise UnknownChoiceError("alignment mode", align, ALIGN_MODES)
        if style not in STYLES:
            raise UnknownChoiceError("NER style", style, STYLES)
        self.style = style
        self.model_dir = model_dir
        self.align = align
        self._model = model

    @property
    def model(self) -> NerModel:
        if self._model is None:
            self._model = NerModel(self.model_dir) if self.model_dir else get_ner()
        return self._model

    def __call__(self, doc: Doc) -> Doc:
        return self._apply([doc])[0]

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._apply(batch)
                batch = []
        if batch:
            yield from self._apply(batch)

    def _apply(self, docs: list[Doc]) -> list[Doc]:
        texts, words, owners = [], [], []
        for n, doc in enumerate(docs):
            for start, piece in _pieces(doc):
                texts.append("".join(w for w, _ in piece))
                words.append(piece)
                owners.append((n, start))
        found: list[list[tuple[int, int, str]]] = [[] for _ in docs]
        for (n, offset), mentions in zip(owners, self.model.predict(texts, words, style=self.style) if texts else []):
            found[n] += [(offset + s, offset + e, label) for s, e, label in mentions]
        return [self._set(doc, mentions) for doc, mentions in zip(docs, found)]

    def _set(self, doc: Doc, mentions: list[tuple[int, int, str]]) -> Doc:
        if self.align == "split" and mentions:
            _split_at(doc, {x for s, e, _ in mentions for x in (s, e)})
        mode = "strict" if self.align == "split" else self.align
        spans = [doc.char_span(s, e, label=label, alignment_mode=mode) for s, e, label in mentions]
        others = [e for e in doc.ents if e.label_ not in NER_LABELS]
        doc.ents = filter_spans([s for s in spans if s is not None and len(s)] + others)
        return doc


def _pieces(doc: Doc) -> Iterator[tuple[int, list[tuple[str, str]]]]:
    """Runs of LAC words within each sentence, with their start offsets (whitespace tokens cut them)."""
    if not len(doc):
        return
    from spacy.attrs import IDX, SENT_START, TAG

    text = text_of(doc)
    table = doc.to_array([IDX, TAG, SENT_START])
    strings = doc.vocab.strings
    ends = [*table[1:, 0].tolist(), len(text)]
    piece: list[tuple[str, str]] = []
    start = 0
    for (idx, tag_id, sent_start), end in zip(table.tolist(), ends):
        tag = strings[tag_id] if tag_id else ""
        word = text[idx:end]
        if piece and (sent_start == 1 or tag == SPACE_TAG or word.isspace()):
            yield start, piece
            piece = []
        if tag == SPACE_TAG or word.isspace():
            continue
        if not piece:
            start = idx
        piece.append((word, tag))
    if piece:
        yield start, piece


def _split_at(doc: Doc, cuts: set[int]) -> None:
    """Split the tokens that the character offsets ``cuts`` fall inside, keeping span groups."""
    from spacy.attrs import IDX

    starts = doc.to_array(IDX).tolist()
    text = text_of(doc)
    inside: dict[int, list[int]] = {}
    for cut in cuts:
        i = bisect_right(starts, cut) - 1
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        if i >= 0 and starts[i] != cut and cut < end:
            inside.setdefault(i, []).append(cut)
    if not inside:
        return
    targets = [doc[i] for i in sorted(inside)]
    groups = {name: [(s.start_char, s.end_char, s.label_) for s in group] for name, group in doc.spans.items()}
    with doc.retokenize() as retokenizer:
        for token in targets:
            edges = sorted({0, len(token.text), *(c - token.idx for c in inside[token.i])})
            parts = [token.text[a:b] for a, b in zip(edges, edges[1:])]
            heads = [(token, 0)] * len(parts)
            attrs = {"TAG": [token.tag_] * len(parts), "POS": [token.pos_] * len(parts)}
            retokenizer.split(token, parts, heads=heads, attrs=attrs)
    for name, spans in groups.items():
        rebuilt = [doc.char_span(s, e, label=label, alignment_mode="expand") for s, e, label in spans]
        doc.spans[name] = [s for s in rebuilt if s is not None]
