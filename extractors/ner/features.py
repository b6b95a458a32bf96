"""The inputs of the trained NER: character, bigram, LAC and lexicon ids for one sentence.

Shared by training (``train/train_ner.py``) and inference
(:mod:`zhitu.extractors.ner.runtime`), so the two read text the same way.
For: normalising characters, the vocabularies and their files, turning a
sentence and LAC's (word, tag) pairs into id arrays, the lexicon (word lists
matched in every window of a text, vectorised over a batch of texts, each
text's ids depending on that text alone).
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


def batch_arrays(encoded: Sequence[tuple]) -> dict[str, np.ndarray]:
    """Pad (chars, bigrams, lac) id lists, and lexicon ids where the items carry them
    (a fourth element, (steps, sources) ids from :meth:`Lexicon.features`), to one
    batch: the model's named inputs."""
    lengths = np.array([len(item[0]) for item in encoded], dtype=np.int64)
    width = int(lengths.max()) if len(lengths) else 0
    n = len(encoded)
    chars = np.zeros((n, width), dtype=np.int64)
    bigrams = np.zeros((n, width + 1), dtype=np.int64)
    lac = np.zeros((n, width), dtype=np.int64)
    for row, (c, b, f, *_) in enumerate(encoded):
        chars[row, : len(c)] = c
        bigrams[row, : len(b)] = b
        lac[row, : len(f)] = f
    arrays = {"chars": chars, "bigrams": bigrams, "lac": lac, "lengths": lengths}
    if n and len(encoded[0]) > 3:
        lex = np.zeros((n, width, len(LEX_SOURCES)), dtype=np.int64)
        for row, item in enumerate(encoded):
            lex[row, : len(item[3])] = item[3]
        arrays["lex"] = lex
    return arrays


#: Word lists the lexicon features match, by bit: any word, then names of people, places, organisations.
LEX_SOURCES = ("word", "PER", "LOC", "ORG")
#: Where a character sits in a matched word (a bit each; a character can be in several words).
LEX_BEGIN, LEX_MIDDLE, LEX_END = 1, 2, 4
_HASH_BASE = 0x9E3779B97F4A7C15  # odd, 64-bit: polynomial hash of code points, wrapping
_MIX = (0xBF58476D1CE4E5B9, 0x94D049BB133111EB)  # splitmix64's finaliser, so the top bits are well spread
_MASK64 = 0xFFFFFFFFFFFFFFFF
#: A key's mask bit saying that a longer word starts with this one (matching goes on past it).
LEX_PREFIX = 0x80
#: Buckets of the lexicon's hash index: 2**bits, by the keys' top bits.
_BUCKET_BITS = 20


def lexicon_ids_count() -> int:
    return 8 * len(LEX_SOURCES)


def _poly(word: str) -> int:
    key, power = 0, 1
    for c in word:
        key = (key + ord(c) * power) & _MASK64
        power = (power * _HASH_BASE) & _MASK64
    return key


def _mix_int(x: int) -> int:
    x ^= x >> 30
    x = (x * _MIX[0]) & _MASK64
    x ^= x >> 27
    x = (x * _MIX[1]) & _MASK64
    return x ^ (x >> 31)


def _mix(x: np.ndarray) -> np.ndarray:
    """:func:`_mix_int` over a uint64 array."""
    with np.errstate(over="ignore"):
        x = x ^ (x >> np.uint64(30))
        x = x * np.uint64(_MIX[0])
        x = x ^ (x >> np.uint64(27))
        x = x * np.uint64(_MIX[1])
        return x ^ (x >> np.uint64(31))


def word_key(word: str) -> int:
    """The 64-bit key of a (normalised) word: :meth:`Lexicon.features` computes the same over windows."""
    return _mix_int(_poly(word))


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Words of 2..``max_len`` characters, each with the sources it is in (a bitmask over
    :data:`LEX_SOURCES`), matched in every window of a text (SoftLexicon-style: every
    word that covers a character, not one segmentation).

    Stored as sorted 64-bit keys of the words (and of their prefixes, marked
    :data:`LEX_PREFIX`, so that matching stops where no word goes on) and one mask
    per key; looked up through buckets of the keys' top bits.
    """

    keys: np.ndarray  # uint64, sorted
    masks: np.ndarray  # uint8, one per key
    max_len: int
    _index: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def build(cls, words: dict[str, int], *, max_len: int = 10) -> "Lexicon":
        """``words``: word → source bitmask (bit i: ``LEX_SOURCES[i]``)."""
        merged: dict[int, int] = {}
        for word, mask in words.items():
            word = normalise(word)
            if 2 <= len(word) <= max_len and mask:
                key = word_key(word)
                merged[key] = merged.get(key, 0) | mask
                for k in range(2, len(word)):
                    key = word_key(word[:k])
                    merged[key] = merged.get(key, 0) | LEX_PREFIX
        keys = np.array(sorted(merged), dtype=np.uint64)
        masks = np.array([merged[int(k)] for k in keys], dtype=np.uint8)
        return cls(keys, masks, max_len)

    def save(self, folder: Path) -> None:
        np.savez_compressed(folder / "lexicon.npz", keys=self.keys, masks=self.masks,
                            max_len=np.array(self.max_len))

    @classmethod
    def load(cls, folder: Path) -> "Lexicon":
        data = np.load(folder / "lexicon.npz")
        return cls(data["keys"], data["masks"], int(data["max_len"]))

    def lookup(self, keys: np.ndarray) -> np.ndarray:
        """The mask of each key (uint64 array), 0 where it is not in the lexicon."""
        if not self._index:
            bounds = np.arange(2**_BUCKET_BITS + 1, dtype=np.uint64) << np.uint64(64 - _BUCKET_BITS)
            starts = np.searchsorted(self.keys, bounds[:-1]).astype(np.int64)
            self._index["starts"] = np.append(starts, len(self.keys))
        starts = self._index["starts"]
        bucket = (keys >> np.uint64(64 - _BUCKET_BITS)).astype(np.int64)
        lo, hi = starts[bucket], starts[bucket + 1]
        out = np.zeros(len(keys), dtype=np.uint8)
        idx = np.flatnonzero(lo < hi)
        pos = lo[idx]
        while len(idx):
            eq = self.keys[pos] == keys[idx]
            out[idx[eq]] = self.masks[pos[eq]]
            pos = pos + 1
            keep = ~eq & (pos < hi[idx])
            idx, pos = idx[keep], pos[keep]
        return out

    def features(self, texts: Sequence[str]) -> list[np.ndarray]:
        """For each text, (chars, sources) ids: source × 8 + its B/M/E bits at that character."""
        if not texts:
            return []
        # A separator no word holds: no window across two texts matches.
        joined = normalise("\x00".join(texts))
        points = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        points[points == 0] = 0x110000  # past Unicode: a zero would add nothing to the hash
        n = len(points)
        hits: list[list[tuple[np.ndarray, int]]] = [[] for _ in LEX_SOURCES]
        starts = np.arange(max(n - 1, 0), dtype=np.int64)
        power = np.uint64(_HASH_BASE)
        with np.errstate(over="ignore"):
            poly = points[:-1] + points[1:] * power  # windows of two characters
            for length in range(2, self.max_len + 1):
                found = self.lookup(_mix(poly))
                for source in range(len(LEX_SOURCES)):
                    s = starts[(found >> source) & 1 == 1]
                    if len(s):
                        hits[source].append((s, length))
                go = (found & LEX_PREFIX != 0) & (starts + length < n)
                if not go.any():
                    break
                starts, poly = starts[go], poly[go]
                power = power * np.uint64(_HASH_BASE)
                poly = poly + points[starts + length] * power
        bits = np.zeros((n, len(LEX_SOURCES)), dtype=np.uint8)
        for source, found_hits in enumerate(hits):
            if not found_hits:
                continue
            first = np.concatenate([s for s, _ in found_hits])
            last = np.concatenate([s + length - 1 for s, length in found_hits])
            bits[first, source] |= LEX_BEGIN
            bits[last, source] |= LEX_END
            inside = np.cumsum(np.bincount(first + 1, minlength=n + 1) - np.bincount(last, minlength=n + 1))[:n] > 0
            bits[inside, source] |= LEX_MIDDLE
        ids = bits.astype(np.int64) + 8 * np.arange(len(LEX_SOURCES), dtype=np.int64)
        out, offset = [], 0
        for text in texts:
            out.append(ids[offset : offset + len(text)])
            offset += len(text) + 1
        return out
