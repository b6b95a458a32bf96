"""The trained NER at run time: ONNX emissions and numpy Viterbi, in batches.

For: :class:`NerModel` (sentences + LAC's words → PER/LOC/ORG mentions) and
:func:`get_ner`, the shared instance loaded on first use.
Not for: training (``train/train_ner.py``) or putting entities on a Doc
(the tokenizer does that, :mod:`zhitu.extractors.tokenizer`).

A sentence's mentions depend on that sentence alone, whatever else is in the
batch: the encoder runs once per sentence (its int8 activations are quantised
per call, see :meth:`NerModel.paths`), and Viterbi, exact per row, decodes
sentences of similar length together.
"""
from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from pathlib import Path

import numpy as np

from zhitu.errors import UnknownChoiceError
from zhitu.extractors.crf import decode, viterbi
from zhitu.extractors.ner.features import TAGS, Lexicon, Vocab, lac_features

#: Annotation conventions the model learnt, by its style id.
STYLES = ("news", "cluener")

Mention = tuple[int, int, str]
Words = Sequence[tuple[str, str]]


def default_model_dir() -> Path:
    return Path(str(files("zhitu.extractors.ner") / "model"))


class NerModel:
    """PER/LOC/ORG mentions from sentences and LAC's (word, tag) pairs for them."""

    def __init__(self, model_dir: str | Path | None = None, *, threads: int = 1) -> None:
        import onnxruntime as ort

        folder = Path(model_dir) if model_dir else default_model_dir()
        self.vocab = Vocab.load(folder)
        #: Word lists matched over the text (models trained with lexicon features).
        self.lexicon = Lexicon.load(folder) if (folder / "lexicon.npz").exists() else None
        crf = np.load(folder / "crf.npz")
        self._transitions = crf["transitions"].astype(np.float32)
        self._start = crf["start"].astype(np.float32)
        self._end = crf["end"].astype(np.float32)
        self.meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(folder / "ner.onnx"), options, providers=["CPUExecutionProvider"])
        self._lock = threading.Lock()
        self._types = [tag[2:] for tag in TAGS]

    def predict(self, texts: Sequence[str], words: Sequence[Words], *, style: str = "news") -> list[list[Mention]]:
        """Mentions (start, end exclusive, type) for each text; ``words`` are LAC's for that text.

        ``style`` is the annotation convention to follow: ``news`` (MSRA's, the
        default) or ``cluener`` (CLUENER's: fewer places, no bare country names).
        """
        if style not in STYLES:
            raise UnknownChoiceError("NER style", style, STYLES)
        encoded = self.encode(texts, words)
        return [self.mentions(path) for path in self.paths(encoded, style=STYLES.index(style))]

    def encode(self, texts: Sequence[str], words: Sequence[Words]) -> list[tuple]:
        """The model's inputs for each text: (chars, bigrams, LAC ids[, lexicon ids])."""
        encoded = []
        lex = self.lexicon.features(texts) if self.lexicon is not None else None
        for k, (text, ws, (chars, bigrams)) in enumerate(zip(texts, words, self.vocab.encode_many(texts))):
            lac = lac_features(ws)
            if len(lac) != len(text):
                raise ValueError(f"LAC's words cover {len(lac)} characters of a {len(text)}-character text")
            encoded.append((chars, bigrams, lac) if lex is None else (chars, bigrams, lac, lex[k]))
        return encoded

    def paths(self, encoded: Sequence[tuple], *, style: int = 0) -> list[np.ndarray]:
        """The best tag path of each encoded sentence (empty ones give empty paths).

        Each sentence goes through the encoder on its own: the int8 model
        quantises its activations with one scale per tensor
        (``DynamicQuantizeLinear``), so in a shared batch a sentence's
        emissions would depend on its neighbours' largest activations, and the
        same document would get other entities in another batch. Viterbi, exact
        per sentence, decodes them all in one call.
        """
        results: list[np.ndarray] = [np.empty(0, dtype=np.int64)] * len(encoded)
        live = [i for i in range(len(encoded)) if len(encoded[i][0])]
        for i, path in zip(live, decode(self._emissions([encoded[i] for i in live], style), self._transitions,
                                         start=self._start, end=self._end)):
            results[i] = path
        return results

    def _emissions(self, encoded: Sequence[tuple], style: int) -> list[np.ndarray]:
        """The encoder's (steps, tags) scores for each sentence, one ONNX call per sentence."""
        style_ids = np.full(1, style, dtype=np.int64)
        out = []
        with self._lock:
            for chars, bigrams, lac, *lex in encoded:
                inputs = {
                    "chars": np.asarray(chars, dtype=np.int64)[None],
                    "bigrams": np.asarray(bigrams, dtype=np.int64)[None],
                    "lac": np.asarray(lac, dtype=np.int64)[None],
                    "lengths": np.array([len(chars)], dtype=np.int64),
                    "style": style_ids,
                }
                if lex:
                    inputs["lex"] = np.asarray(lex[0], dtype=np.int64)[None]
                out.append(self._session.run(None, inputs)[0][0])
        return out

    def viterbi(self, emissions: np.ndarray, lengths: np.ndarray) -> list[np.ndarray]:
        """Best paths for a padded batch of emissions (batch, steps, tags), each row to its length."""
        return viterbi(emissions, lengths, self._transitions, start=self._start, end=self._end)

    def mentions(self, path: np.ndarray) -> list[Mention]:
        """BIO path → mentions; an I after O or after another type opens a mention."""
        out: list[Mention] = []
        types = self._types
        start, kind = -1, ""
        for i in np.flatnonzero(path).tolist() + [len(path)]:
            tag = int(path[i]) if i < len(path) else 0
            label = types[tag]
            begins = tag % 2 == 1  # B-* tags are odd in TAGS
            if kind and (begins or label != kind or i != end):
                out.append((start, end, kind))
                kind = ""
            if not label:
                break
            if not kind:
                start, kind = i, label
            end = i + 1
        return out


@cache
def get_ner() -> NerModel:
    """The shipped model, loaded once per process."""
    return NerModel()
