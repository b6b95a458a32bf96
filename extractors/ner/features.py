"""The inputs of the trained NER: character, bigram and LAC ids for one sentence.

Shared by training (``train/train_ner.py``) and inference
(:mod:`zhitu.extractors.ner.runtime`), so the two read text the same way.
For: normalising characters, the vocabularies and their files, turning a
sentence and LAC's (word, tag) pairs into id arrays.
Not for: running any model.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

#: LAC's labels (its tag set without the B/I suffix); the order fixes feature ids.
LAC_LABELS = (
    "n", "f", "s", "t", "nr", "ns", "nt", "nw", "nz", "v", "vd", "vn", "a", "ad", "an",
    "d", "m", "q", "r", "p", "c", "u", "xc", "w", "PER", "LOC", "ORG", "TIME", "O",
)
#: Where a character sits in its LAC word: Begin, Inside, End, Single.
POSITIONS = "BIES"
#: The NER's output tags (BIO over PER/LOC/ORG); the order is the model's.
TAGS = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG")
PAD, UNK = 0, 1
#: Marks the sentence edges in bigrams.
EDGE = "\x02"

_FULL_TO_HALF = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_LAC_INDEX = {label: i for i, label in enumerate(LAC_LABELS)}


def normalise(text: str) -> str:
    """Full-width ASCII to half-width, one character for one (offsets are kept)."""
    return text.translate(_FULL_TO_HALF)


def lac_feature_count() -> int:
    return 2 + len(LAC_LABELS) * len(POSITIONS)


def lac_features(words: Sequence[tuple[str, str]]) -> list[int]:
    """One id per character: LAC's label of its word × its position in the word."""
    ids: list[int] = []
    get = _LAC_INDEX.get
    for word, tag in words:
        base = 2 + get(tag, len(LAC_LABELS) - 1) * 4
        n = len(word)
        if n == 1:
            ids.append(base + 3)
        elif n:
            ids.append(base)
            ids.extend([base + 1] * (n - 2))
            ids.append(base + 2)
    return ids


@dataclass(frozen=True)
class Vocab:
    """Character and bigram vocabularies (ids 0 and 1 are padding and unknown)."""

    chars: dict[str, int]
    bigrams: dict[str, int]
    _tables: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(cls, texts: Sequence[str], *, min_char: int = 2, max_bigrams: int = 30_000,
              min_bigram: int = 3) -> "Vocab":
        from collections import Counter

        chars: Counter[str] = Counter()
        bigrams: Counter[str] = Counter()
        for text in texts:
            text = normalise(text)
            chars.update(text)
            padded = EDGE + text + EDGE
            bigrams.update(padded[i : i + 2] for i in range(len(padded) - 1))
        keep_chars = sorted((c for c, n in chars.items() if n >= min_char), key=lambda c: (-chars[c], c))
        keep_bigrams = sorted((b for b, n in bigrams.items() if n >= min_bigram), key=lambda b: (-bigrams[b], b))
        return cls(
            {c: i + 2 for i, c in enumerate(keep_chars)},
            {b: i + 2 for i, b in enumerate(keep_bigrams[:max_bigrams])},
        )

    def save(self, folder: Path) -> None:
        for name, table in (("chars.txt", self.chars), ("bigrams.txt", self.bigrams)):
            items = sorted(table, key=table.get)
            # One entry a line, escaped so that spaces and line breaks survive.
            (folder / name).write_text(
                "".join(item.encode("unicode_escape").decode("ascii") + "\n" for item in items), encoding="ascii"
            )

    @classmethod
    def load(cls, folder: Path) -> "Vocab":
        def read(name: str) -> dict[str, int]:
            lines = (folder / name).read_text(encoding="ascii").split("\n")[:-1]
            return {line.encode("ascii").decode("unicode_escape"): i + 2 for i, line in enumerate(lines)}

        return cls(read("chars.txt"), read("bigrams.txt"))

    def encode(self, text: str) -> tuple[list[int], list[int]]:
        """Character ids and bigram ids (bigram i is characters i-1 and i; one more than characters)."""
        text = normalise(text)
        get_c, get_b = self.chars.get, self.bigrams.get
        char_ids = [get_c(c, UNK) for c in text]
        padded = EDGE + text + EDGE
        bigram_ids = [get_b(padded[i : i + 2], UNK) for i in range(len(padded) - 1)]
        return char_ids, bigram_ids


    def encode_many(self, texts: Sequence[str]) -> list[tuple[np.ndarray, np.ndarray]]:
        """:meth:`encode` for many texts at once, vectorised over their code points."""
        if not texts:
            return []
        char_table, bigram_keys, bigram_ids = self._lookup()
        joined = EDGE + EDGE.join(texts) + EDGE
        points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        full = (points >= 0xFF01) & (points <= 0xFF5E)
        points[full] -= 0xFEE0
        points[points == 0x3000] = 0x20
        chars = char_table[points]
        keys = points[:-1] * 0x110000 + points[1:]
        at = np.minimum(np.searchsorted(bigram_keys, keys), len(bigram_keys) - 1)
        bigrams = np.where(bigram_keys[at] == keys, bigram_ids[at], UNK)
        out, offset = [], 0
        for text in texts:
            n = len(text)
            out.append((chars[offset + 1 : offset + 1 + n], bigrams[offset : offset + n + 1]))
            offset += n + 1
        return out

    def _lookup(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Arrays for :meth:`encode_many`, built on first use: code point → id, sorted bigram keys → ids."""
        if not self._tables:
            table = np.full(0x110000, UNK, dtype=np.int64)
            for c, i in self.chars.items():
                table[ord(c)] = i
            keys = np.array([ord(b[0]) * 0x110000 + ord(b[1]) for b in self.bigrams], dtype=np.int64)
            ids = np.array(list(self.bigrams.values()), dtype=np.int64)
            order = np.argsort(keys)
            if not len(keys):  # searchsorted needs one key to compare with
                keys, ids, order = np.array([-1]), np.array([UNK]), np.array([0])
            self._tables.update(chars=table, keys=keys[order], ids=ids[order])
        return self._tables["chars"], self._tables["keys"], self._tables["ids"]


def batch_arrays(encoded: Sequence[tuple[list[int], list[int], list[int]]]) -> dict[str, np.ndarray]:
    """Pad (chars, bigrams, lac) id lists to one batch: the model's named inputs."""
    lengths = np.array([len(c) for c, _, _ in encoded], dtype=np.int64)
    width = int(lengths.max()) if len(lengths) else 0
    n = len(encoded)
    chars = np.zeros((n, width), dtype=np.int64)
    bigrams = np.zeros((n, width + 1), dtype=np.int64)
    lac = np.zeros((n, width), dtype=np.int64)
    for row, (c, b, f) in enumerate(encoded):
        chars[row, : len(c)] = c
        bigrams[row, : len(b)] = b
        lac[row, : len(f)] = f
    return {"chars": chars, "bigrams": bigrams, "lac": lac, "lengths": lengths}
