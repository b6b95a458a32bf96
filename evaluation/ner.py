"""Mention-level NER evaluation: reading NER corpora and scoring taggers on them.

For: char-per-line corpora (``char<TAB or space>TAG``, BIO / BIOES / BMES
tags, a blank line between sentences) and CLUENER JSON lines, reduced to
PER/LOC/ORG spans; exact span-and-type scoring (P/R/F1 per type and micro);
timing a tagger in characters per second. Taggers are plain callables from a
list of texts to a list of span lists, so LAC and the trained model are scored
the same way.
Not for: scoring graphs against SCHEMA.md gold (that is
:mod:`zhitu.evaluation.scoring`) or training.
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from zhitu.errors import InputError
from zhitu.evaluation.report import TypeScore, micro_of

#: The types scored, in report order.
NER_TYPES = ("PER", "LOC", "ORG")

#: Corpus type names → the scored types; names not here are ignored (not scored).
TYPE_ALIASES = {
    "PER": "PER", "LOC": "LOC", "ORG": "ORG",
    "NR": "PER", "NS": "LOC", "NT": "ORG",  # People's Daily POS-style names
    "PERSON": "PER", "GPE": "LOC", "ORGANIZATION": "ORG",
}

#: CLUENER's labels → the scored types (address is LOC; scene, game, book… are ignored).
CLUENER_TYPES = {
    "name": "PER",
    "address": "LOC",
    "organization": "ORG",
    "government": "ORG",
    "company": "ORG",
}

#: A mention: (start, end, type) with ``end`` exclusive, offsets into the sentence.
Mention = tuple[int, int, str]
Tagger = Callable[[list[str]], list[list[Mention]]]


@dataclass(frozen=True)
class Sentence:
    """One sentence of a corpus and its gold mentions."""

    text: str
    mentions: frozenset[Mention] = field(default_factory=frozenset)


def read_corpus(path: str | Path, *, limit: int = 0) -> list[Sentence]:
    """The sentences of a corpus, its format guessed from its first character.

    A file starting with ``{`` is CLUENER JSON lines; anything else is read as
    char-per-line tags. ``limit`` keeps the first N sentences (0: all).
    """
    reader = read_cluener if corpus_format(path) == "cluener" else read_char_tags
    sentences: list[Sentence] = []
    for sentence in reader(path):
        sentences.append(sentence)
        if limit and len(sentences) >= limit:
            break
    return sentences


def corpus_format(path: str | Path) -> str:
    """``cluener`` for a file starting with ``{`` (JSON lines), else ``chars`` (char-per-line tags)."""
    try:
        with open(path, encoding="utf-8-sig") as handle:
            head = handle.read(1)
    except OSError as err:
        raise InputError(str(path), f"cannot read: {err.strerror or err}") from err
    except UnicodeDecodeError as err:
        raise InputError(str(path), "not UTF-8") from err
    return "cluener" if head == "{" else "chars"


def read_char_tags(path: str | Path) -> Iterator[Sentence]:
    """Sentences from a char-per-line file: ``char<sep>TAG`` lines, blank lines between sentences.

    Tags may be BIO, BIOES or BMES (``B-PER``, ``M-LOC``, ``S-ORG``…, or
    ``PER-B`` with the type first); types outside :data:`TYPE_ALIASES` read as O.
    """
    chars: list[str] = []
    tags: list[str] = []
    with open(path, encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\r\n")
            if not line.strip():
                if chars:
                    yield Sentence("".join(chars), frozenset(spans_from_tags(tags)))
                    chars, tags = [], []
                continue
            parts = line.split()
            # A space character itself: the line is " <sep>TAG" with one field left.
            if len(parts) == 1 and line[:1].isspace():
                parts = [line[0], parts[0]]
            if len(parts) != 2 or len(parts[0]) != 1:
                raise InputError(str(path), f"expected 'char TAG', got {line[:40]!r}", line=number)
            chars.append(parts[0])
            tags.append(parts[1])
    if chars:
        yield Sentence("".join(chars), frozenset(spans_from_tags(tags)))


def read_cluener(path: str | Path) -> Iterator[Sentence]:
    """Sentences from CLUENER JSON lines, its labels mapped by :data:`CLUENER_TYPES`.

    CLUENER offsets are inclusive; the mentions here are end-exclusive.
    """
    with open(path, encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                text = record["text"]
                mentions = {
                    (start, end + 1, CLUENER_TYPES[label])
                    for label, names in (record.get("label") or {}).items()
                    if label in CLUENER_TYPES
                    for offsets in names.values()
                    for start, end in offsets
                }
            except (ValueError, KeyError, TypeError) as err:
                raise InputError(str(path), f"not a CLUENER record: {err}", line=number) from err
            yield Sentence(text, frozenset(mentions))


def spans_from_tags(tags: Sequence[str]) -> list[Mention]:
    """Mentions from one sentence's BIO/BIOES/BMES tags (lenient: a stray I/M/E opens a mention)."""
    spans: list[Mention] = []
    start, kind = -1, ""
    for i, tag in enumerate([*tags, "O"]):
        prefix, label = _split_tag(tag)
        if kind and (prefix in ("B", "S", "O") or label != kind):
            spans.append((start, i, kind))
            start, kind = -1, ""
        if prefix == "O" or not label:
            continue
        if not kind:
            start, kind = i, label
        if prefix in ("E", "S"):
            spans.append((start, i + 1, kind))
            start, kind = -1, ""
    return spans


def _split_tag(tag: str) -> tuple[str, str]:
    """``B-PER`` / ``PER-B`` / ``O`` → (prefix, scored type or '')."""
    if tag in ("O", "o", "-"):
        return "O", ""
    head, _, tail = tag.partition("-")
    if len(head) == 1 and head.upper() in "BIMES":
        prefix, name = head.upper(), tail
    elif len(tail) == 1 and tail.upper() in "BIMES":
        prefix, name = tail.upper(), head
    else:
        return "O", ""
    prefix = {"M": "I"}.get(prefix, prefix)
    label = TYPE_ALIASES.get(name.upper(), "")
    return (prefix, label) if label else ("O", "")


@dataclass(frozen=True)
class NerReport:
    """A tagger's scores on a corpus, with its speed."""

    name: str
    types: tuple[TypeScore, ...]
    sentences: int
    chars: int
    seconds: float

    @property
    def micro(self) -> TypeScore:
        return micro_of(self.types)

    @property
    def chars_per_second(self) -> float:
        return self.chars / self.seconds if self.seconds else float("nan")

    def to_dict(self) -> dict:
        def scores(t: TypeScore) -> dict:
            return {k: v for k, v in t.to_dict().items() if k not in ("false_negatives", "false_positives")}

        return {
            "model": self.name,
            "sentences": self.sentences,
            "chars": self.chars,
            "seconds": self.seconds,
            "chars_per_second": self.chars_per_second,
            "micro": scores(self.micro),
            "types": {t.type: scores(t) for t in self.types},
        }


def score(gold: Sequence[Sentence], predicted: Sequence[Sequence[Mention]], *, name: str = "",
          seconds: float = 0.0) -> NerReport:
    """Exact span-and-type matching of ``predicted`` against ``gold``, sentence by sentence."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(predicted)} predictions for {len(gold)} sentences")
    counts = {t: [0, 0, 0] for t in NER_TYPES}  # gold, predicted, matched
    for sentence, guess in zip(gold, predicted):
        guessed = {m for m in guess if m[2] in counts}
        for m in sentence.mentions:
            counts[m[2]][0] += 1
        for m in guessed:
            counts[m[2]][1] += 1
        for m in sentence.mentions & guessed:
            counts[m[2]][2] += 1
    types = tuple(TypeScore(t, gold=g, predicted=p, matched=m) for t, (g, p, m) in counts.items())
    chars = sum(len(s.text) for s in gold)
    return NerReport(name, types, len(gold), chars, seconds)


def evaluate(tagger: Tagger, sentences: Sequence[Sentence], *, name: str = "",
             warmup: int = 16) -> NerReport:
    """Run ``tagger`` over the sentences (timed, after a short warm-up) and score it."""
    texts = [s.text for s in sentences]
    if warmup:
        tagger(texts[:warmup])
    began = time.perf_counter()
    predicted = tagger(texts)
    return score(sentences, predicted, name=name, seconds=time.perf_counter() - began)


def format_reports(reports: Sequence[NerReport]) -> str:
    """Reports side by side: one row per type and micro, P/R/F1 columns per model."""
    head = f"{'type':<6}" + "".join(f" | {r.name:^22}" for r in reports)
    sub = f"{'':<6}" + "".join(f" | {'P':>6} {'R':>6} {'F1':>7}" for _ in reports)
    lines = [head, sub, "-" * len(sub)]
    for i, label in enumerate([*NER_TYPES, "micro"]):
        row = f"{label:<6}"
        for r in reports:
            t = r.micro if label == "micro" else r.types[i]
            row += " | " + " ".join(_cell(x, w) for x, w in ((t.precision, 6), (t.recall, 6), (t.f1, 7)))
        lines.append(row)
    lines.append("-" * len(sub))
    first = reports[0] if reports else None
    if first:
        gold = ", ".join(f"{t.type} {t.gold}" for t in first.types)
        lines.append(f"{first.sentences} sentences, {first.chars} chars; gold mentions: {gold}")
    for r in reports:
        lines.append(f"{r.name}: {r.chars_per_second:,.0f} chars/s ({r.seconds:.2f} s)")
    return "\n".join(lines)


def _cell(value: float | None, width: int) -> str:
    return f"{'-':>{width}}" if value is None else f"{value:>{width}.4f}"


#: LAC's entity tags that are scored.
LAC_ENTITY_TAGS = frozenset(NER_TYPES)


def lac_mentions(words: Sequence[tuple[str, str]]) -> list[Mention]:
    """LAC's PER/LOC/ORG words as mentions."""
    out: list[Mention] = []
    cursor = 0
    for word, tag in words:
        if tag in LAC_ENTITY_TAGS:
            out.append((cursor, cursor + len(word), tag))
        cursor += len(word)
    return out


class LacTagger:
    """LAC alone: its PER/LOC/ORG words are the mentions."""

    name = "lac"

    def __call__(self, texts: list[str]) -> list[list[Mention]]:
        from zhitu.extractors.lac import get_lac

        return [lac_mentions(words) for words in get_lac().analyse(texts)]


class ZhituTagger:
    """LAC, then zhitu's trained NER over LAC's words; ``ner_seconds`` is the NER's share of the time.

    ``style`` is the annotation convention the model follows (``news`` or ``cluener``).
    """

    name = "zhitu"

    def __init__(self, model_dir: str | Path | None = None, *, style: str = "news") -> None:
        self.model_dir = model_dir
        self.style = style
        self.ner_seconds = 0.0

    def __call__(self, texts: list[str]) -> list[list[Mention]]:
        from zhitu.extractors.lac import get_lac
        from zhitu.extractors.ner.runtime import NerModel, get_ner

        words = get_lac().analyse(texts)
        model = NerModel(self.model_dir) if self.model_dir else get_ner()
        began = time.perf_counter()
        found = model.predict(texts, words, style=self.style)
        self.ner_seconds = time.perf_counter() - began
        return found


class PipelineTagger:
    """The whole pipeline, as ``zhitu extract --lines`` runs it: its PER/LOC/ORG entities
    after the rule components (so the time is the whole extraction's, LAC included)."""

    name = "pipeline"

    def __call__(self, texts: list[str]) -> list[list[Mention]]:
        from zhitu.extractors.lines import extract_lines

        return [
            [(e["start"], e["end"], e["label"]) for e in record["entities"] if e["label"] in NER_TYPES]
            for record in extract_lines(texts)
        ]


TAGGERS: dict[str, Callable[[], Tagger]] = {"lac": LacTagger, "zhitu": ZhituTagger, "pipeline": PipelineTagger}
