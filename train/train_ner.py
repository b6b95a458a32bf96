"""Train zhitu's NER (char + bigram + LAC + lexicon features, dilated CNN + CRF) and export it to ONNX.

    .venv/bin/python train/train_ner.py --data ../shared/data --out extractors/ner/model

Reads the training corpora named in ``train/ner.json`` (MSRA char-per-line BIO,
CLUENER JSON lines mapped to PER/LOC/ORG), runs LAC over them for its
features (cached under build/ner), builds the lexicon (``lexicon``: jieba's
dictionary and zhitu's gazetteers, matched SoftLexicon-style, every word over
a character), pretrains the character and bigram embeddings with word2vec on
the unannotated corpus and the training texts (``pretrain``; cached), trains on
CPU for ``epochs`` epochs (``max_minutes`` is a safety stop), keeps the epoch
with the best micro F1 on the dev corpus (People's Daily: used for choosing
the epoch only, never trained on, never in the embeddings' text), and writes
``ner.onnx``, ``crf.npz``, ``chars.txt``, ``bigrams.txt``, ``lexicon.npz``,
``NOTICE.txt`` and ``meta.json``.
Needs the ``train`` extra (PyTorch, gensim, jieba). Not for: evaluation (``zhitu eval-ner``).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

from zhitu.extractors.lac import get_lac
from zhitu.extractors.ner.features import (
    EDGE, LEX_SOURCES, TAGS, Lexicon, Vocab, batch_arrays, lac_feature_count, lac_features, lexicon_ids_count,
    normalise,
)
from zhitu.extractors.ner.network import NetConfig, Tagger
from zhitu.evaluation.ner import Sentence, read_corpus, score

HERE = Path(__file__).resolve().parent
CACHE = HERE.parent / "build" / "ner"
BREAKS = set("。！？；!?;")
LEXICON_NOTICE = """lexicon.npz holds 64-bit keys (hashes, not the words) of words from jieba's
dictionary (jieba 0.42.1, jieba/dict.txt, MIT License, Copyright (c) 2013 Sun Junyi; licence below)
and from zhitu's gazetteers in zhitu/ontology/data (the divisions come from cpca, MIT License,
see LICENSE-cpca.txt there).

The MIT License (MIT)

Copyright (c) 2013 Sun Junyi

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
the Software, and to permit persons to whom the Software is furnished to do so,
subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def split_long(sentence: Sentence, limit: int) -> list[Sentence]:
    """Cut a sentence longer than ``limit`` after sentence marks (or anywhere) outside mentions."""
    text = sentence.text
    if len(text) <= limit:
        return [sentence]
    inside = set()
    for s, e, _ in sentence.mentions:
        inside.update(range(s + 1, e))
    cuts, last = [], 0
    while len(text) - last > limit:
        window = range(last + limit, last, -1)
        cut = next((i for i in window if text[i - 1] in BREAKS and i not in inside), None)
        cut = cut or next((i for i in window if text[i - 1] in "，,、" and i not in inside), None)
        cut = cut or next((i for i in window if i not in inside), last + limit)
        cuts.append(cut)
        last = cut
    pieces = []
    for a, b in zip([0, *cuts], [*cuts, len(text)]):
        spans = frozenset((s - a, e - a, t) for s, e, t in sentence.mentions if a <= s and e <= b)
        pieces.append(Sentence(text[a:b], spans))
    return pieces


def tag_ids(sentence: Sentence) -> list[int]:
    ids = [0] * len(sentence.text)
    for s, e, t in sentence.mentions:
        ids[s] = TAGS.index(f"B-{t}")
        for i in range(s + 1, e):
            ids[i] = TAGS.index(f"I-{t}")
    return ids


def lac_words(texts: list[str]) -> list[list[tuple[str, str]]]:
    """LAC's words for each text, cached on disk by the texts' hash."""
    key = hashlib.sha1("\n".join(texts).encode("utf-8")).hexdigest()[:16]
    path = CACHE / f"lac-{key}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    lac = get_lac()
    words = []
    for k in range(0, len(texts), 2000):
        words += lac.analyse(texts[k : k + 2000])
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(words))
    return words


def encode(vocab: Vocab, sentences: list[Sentence], words, styles: list[int], lexicon: Lexicon | None):
    """(chars, bigrams, lac, style[, lexicon ids]) for each sentence."""
    out = []
    lex = lexicon.features([s.text for s in sentences]) if lexicon else None
    for k, (sentence, ws, style) in enumerate(zip(sentences, words, styles)):
        chars, bigrams = vocab.encode(sentence.text)
        item = (chars, bigrams, lac_features(ws), style)
        out.append(item + (lex[k],) if lex is not None else item)
    return out


def arrays_of(items) -> dict[str, np.ndarray]:
    arrays = batch_arrays([item[:3] + item[4:] for item in items])
    arrays["style"] = np.array([item[3] for item in items], dtype=np.int64)
    return arrays


def corpus_lines(path: Path) -> list[str]:
    """The non-empty lines of the unannotated corpus (JSON lines with a ``text`` field)."""
    lines = []
    with open(path, encoding="utf-8") as handle:
        for row in handle:
            for line in json.loads(row)["text"].split("\n"):
                line = line.strip().strip("\u3000").strip()
                if line:
                    lines.append(line)
    return lines


def build_lexicon(cfg: dict) -> tuple[Lexicon, dict]:
    """Words from jieba's dictionary (MIT: any word; nr/nrt → PER, ns → LOC, nt → ORG) and
    zhitu's gazetteers (divisions and their short forms → LOC, abbreviations by their type)."""
    from importlib.resources import files

    bit = {name: 1 << i for i, name in enumerate(LEX_SOURCES)}
    words: dict[str, int] = {}

    def add(word: str, mask: int) -> None:
        word = word.strip()
        if word:
            words[word] = words.get(word, 0) | mask

    counts = {}
    if cfg.get("jieba"):
        import jieba

        kinds = {"nr": "PER", "nrt": "PER", "nrfg": "PER", "ns": "LOC", "nt": "ORG"}
        text = (Path(jieba.__file__).parent / "dict.txt").read_text(encoding="utf-8")
        for line in text.splitlines():
            parts = line.split()
            if len(parts) < 2 or int(parts[1]) < cfg.get("min_freq", 0):
                continue
            tag = parts[2] if len(parts) > 2 else ""
            add(parts[0], bit["word"] | (bit[kinds[tag]] if tag in kinds else 0))
        counts["jieba"] = len(words)
    data = files("zhitu.ontology.data")
    if cfg.get("gazetteer"):
        for line in (data / "divisions.tsv").read_text(encoding="utf-8").splitlines()[2:]:
            cols = line.split("\t")
            add(cols[1], bit["LOC"])
            if len(cols) > 4:
                add(cols[4], bit["LOC"])
        for line in (data / "abbreviations.tsv").read_text(encoding="utf-8").splitlines()[2:]:
            cols = line.split("\t")
            if len(cols) > 2 and cols[2] in bit:
                add(cols[0], bit[cols[2]])
                add(cols[1], bit[cols[2]])
        counts["with_gazetteer"] = len(words)
    return Lexicon.build(words, max_len=cfg.get("max_len", 10)), counts


def pretrain_vectors(texts: list[str], dim_char: int, dim_bigram: int, cfg: dict, seed: int):
    """word2vec (skip-gram, gensim, one thread) over characters and over bigrams, cached on disk."""
    key = hashlib.sha1(json.dumps([cfg, dim_char, dim_bigram, seed, len(texts),
                                   "\n".join(texts[:: max(1, len(texts) // 1000)])]).encode()).hexdigest()[:16]
    path = CACHE / f"w2v-{key}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    import zlib

    from gensim.models import Word2Vec

    def run(sequences, dim):
        model = Word2Vec(sequences, vector_size=dim, window=cfg["window"], min_count=cfg["min_count"],
                         sg=1, negative=cfg["negative"], epochs=cfg["epochs"], workers=1, seed=seed,
                         hashfxn=lambda s: zlib.crc32(s.encode("utf-8")), sample=cfg.get("sample", 1e-4))
        return {w: model.wv[w].copy() for w in model.wv.index_to_key}

    normed = [normalise(t) for t in texts]
    chars = run([list(t) for t in normed], dim_char)
    bigrams = run([[p[i : i + 2] for i in range(len(p) - 1)] for p in (EDGE + t + EDGE for t in normed)], dim_bigram)
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps((chars, bigrams)))
    return chars, bigrams


def load_vectors(embedding: torch.nn.Embedding, table: dict[str, int], vectors: dict[str, np.ndarray]) -> int:
    """Copy pretrained vectors into the rows of their entries (scaled to the embedding's spread)."""
    found = [(i, vectors[w]) for w, i in table.items() if w in vectors]
    if not found:
        return 0
    rows = np.stack([v for _, v in found])
    scale = float(embedding.weight.detach().std()) / float(rows.std())
    with torch.no_grad():
        for i, v in found:
            embedding.weight[i] = torch.from_numpy(v * scale)
    return len(found)


def batches(lengths: list[int], batch_chars: int, rng: random.Random) -> list[list[int]]:
    """Index batches of similar lengths, about ``batch_chars`` padded characters each, shuffled."""
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], rng.random()))
    out, k = [], 0
    while k < len(order):
        j = k
        while j < len(order) and (j - k + 1) * lengths[order[j]] <= batch_chars:
            j += 1
        j = max(j, k + 1)
        out.append(order[k:j])
        k = j
    rng.shuffle(out)
    return out


def tensors(encoded, tags, group):
    arrays = arrays_of([encoded[i] for i in group])
    width = arrays["chars"].shape[1]
    gold = np.zeros((len(group), width), dtype=np.int64)
    for row, i in enumerate(group):
        gold[row, : len(tags[i])] = tags[i]
    return {k: torch.from_numpy(v) for k, v in arrays.items()}, torch.from_numpy(gold)


def viterbi_paths(model: Tagger, encoded) -> list[np.ndarray]:
    """Decode with the run-time decoder, from the torch encoder's emissions."""
    from zhitu.extractors.ner.runtime import NerModel

    decoder = NerModel.__new__(NerModel)
    decoder._transitions = model.crf.transitions.detach().numpy()
    decoder._start = model.crf.start.detach().numpy()
    decoder._end = model.crf.end.detach().numpy()
    decoder._types = [tag[2:] for tag in TAGS]
    model.eval()
    paths: list[np.ndarray] = [None] * len(encoded)  # type: ignore[list-item]
    order = sorted(range(len(encoded)), key=lambda i: len(encoded[i][0]))
    with torch.no_grad():
        for k in range(0, len(order), 256):
            group = order[k : k + 256]
            arrays = arrays_of([encoded[i] for i in group])
            em = model.encoder(**{n: torch.from_numpy(v) for n, v in arrays.items()}).numpy()
            for i, p in zip(group, decoder.viterbi(em, arrays["lengths"])):
                paths[i] = p
    model.train()
    return paths, decoder


def evaluate(model: Tagger, encoded, sentences) -> float:
    paths, decoder = viterbi_paths(model, encoded)
    report = score(sentences, [decoder.mentions(p) for p in paths])
    return report


def export(model: Tagger, vocab: Vocab, lexicon: Lexicon | None, out: Path, meta: dict) -> None:
    """Write the model files into a fresh folder, then swap it in for ``out``."""
    model.eval()
    tmp = Path(tempfile.mkdtemp(prefix=".ner-", dir=out.parent))
    from onnxruntime.quantization import QuantType, quantize_dynamic

    items = [([5, 6, 7], [5, 6, 7, 8], [3, 4, 5], 0), ([5, 6], [5, 6, 7], [3, 4], 1)]
    if lexicon is not None:
        items = [item + (lexicon.features(["甲乙丙"[: len(item[0])]])[0],) for item in items]
    example = arrays_of(items)
    names = ["chars", "bigrams", "lac", "lengths", "style"] + (["lex"] if lexicon is not None else [])
    args = tuple(torch.from_numpy(example[k]) for k in names)
    torch.onnx.export(
        model.encoder, args, str(tmp / "full.onnx"), dynamo=False,
        input_names=names, output_names=["emissions"],
        dynamic_axes={"chars": {0: "batch", 1: "steps"}, "bigrams": {0: "batch", 1: "steps1"},
                      "lac": {0: "batch", 1: "steps"}, "lengths": {0: "batch"}, "style": {0: "batch"},
                      "lex": {0: "batch", 1: "steps"}, "emissions": {0: "batch", 1: "steps"}},
        opset_version=17,
    )
    # int8 weights: a quarter of the size and about twice the speed on a CPU.
    quantize_dynamic(str(tmp / "full.onnx"), str(tmp / "ner.onnx"), weight_type=QuantType.QInt8)
    (tmp / "full.onnx").unlink()
    np.savez(tmp / "crf.npz", transitions=model.crf.transitions.detach().numpy(),
             start=model.crf.start.detach().numpy(), end=model.crf.end.detach().numpy())
    vocab.save(tmp)
    if lexicon is not None:
        lexicon.save(tmp)
        (tmp / "NOTICE.txt").write_text(LEXICON_NOTICE, encoding="utf-8")
    (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if out.exists():
        shutil.rmtree(out)
    tmp.rename(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=HERE.parent.parent / "shared" / "data")
    parser.add_argument("--config", type=Path, default=HERE / "ner.json")
    parser.add_argument("--out", type=Path, default=HERE.parent / "extractors" / "ner" / "model")
    parser.add_argument("--limit", type=int, default=0, help="Training sentences per corpus (0: all; for smoke runs).")
    args = parser.parse_args(argv)
    cfg = json.loads(args.config.read_text(encoding="utf-8"))
    torch.set_num_threads(cfg["threads"])
    torch.manual_seed(cfg["seed"])
    rng = random.Random(cfg["seed"])
    began = time.perf_counter()

    train: list[Sentence] = []
    styles: list[int] = []
    for name, style in zip(cfg["train"], cfg["styles"]):
        for s in read_corpus(args.data / name, limit=args.limit):
            pieces = [p for p in split_long(s, cfg["max_sentence"]) if p.text]
            train += pieces
            styles += [style] * len(pieces)
    dev = [s for s in read_corpus(args.data / cfg["dev"]) if s.text]
    print(f"train {len(train)} sentences, dev {len(dev)}", file=sys.stderr)
    train_words = lac_words([s.text for s in train])
    dev_words = lac_words([s.text for s in dev])
    print(f"LAC done in {time.perf_counter() - began:.0f}s", file=sys.stderr)

    lexicon, lexicon_counts = build_lexicon(cfg["lexicon"]) if cfg.get("lexicon") else (None, {})
    if lexicon is not None:
        print(f"lexicon {len(lexicon.keys)} words {lexicon_counts}", file=sys.stderr)
    pre = cfg.get("pretrain")
    corpus = corpus_lines(args.data / pre["corpus"]) if pre else []
    if args.limit:
        corpus = corpus[: 10 * args.limit]
    vocab_cfg = {k: v for k, v in cfg["vocab"].items() if k != "with_corpus"}
    vocab_texts = [s.text for s in train] + (corpus if cfg["vocab"].get("with_corpus") else [])
    vocab = Vocab.build(vocab_texts, **vocab_cfg)
    print(f"vocab {len(vocab.chars)} chars, {len(vocab.bigrams)} bigrams", file=sys.stderr)
    train_enc = encode(vocab, train, train_words, styles, lexicon)
    # The smaller corpus is seen ``repeat`` times an epoch, so that its convention is learnt too.
    repeat = dict(zip(cfg["styles"], cfg["repeat"]))
    keep = [i for i, style in enumerate(styles) for _ in range(repeat[style])]
    train, train_enc = [train[i] for i in keep], [train_enc[i] for i in keep]
    dev_enc = encode(vocab, dev, dev_words, [0] * len(dev), lexicon)
    train_tags = [tag_ids(s) for s in train]
    net = NetConfig(chars=len(vocab.chars) + 2, bigrams=len(vocab.bigrams) + 2, lac=lac_feature_count(),
                    tags=len(TAGS), **cfg["net"],
                    lex=lexicon_ids_count() if lexicon else 0,
                    lex_dim=cfg["lexicon"]["dim"] if lexicon else 0, lex_sources=len(LEX_SOURCES))
    model = Tagger(net)
    pretrained = {}
    if pre:
        # Unannotated news and the training texts (never the dev texts).
        chars_vec, bigrams_vec = pretrain_vectors(corpus + sorted({s.text for s in train}), net.char_dim,
                                                  net.bigram_dim, pre, cfg["seed"])
        pretrained = {"chars": load_vectors(model.encoder.char, vocab.chars, chars_vec),
                      "bigrams": load_vectors(model.encoder.bigram, vocab.bigrams, bigrams_vec),
                      "corpus_lines": len(corpus)}
        print(f"pretrained vectors {pretrained} ({time.perf_counter() - began:.0f}s)", file=sys.stderr)
    optimiser = torch.optim.Adam(model.parameters(), lr=cfg["lr"])
    steps_per_epoch = len(batches([len(s.text) for s in train], cfg["batch_chars"], rng))
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimiser, max_lr=cfg["lr"], total_steps=cfg["epochs"] * steps_per_epoch, pct_start=0.1)
    best, best_state, history = -1.0, None, []
    deadline = began + 60 * cfg["max_minutes"]
    lengths = [len(s.text) for s in train]
    for epoch in range(cfg["epochs"]):
        total, seen = 0.0, 0
        for n, group in enumerate(batches(lengths, cfg["batch_chars"], rng)):
            inputs, gold = tensors(train_enc, train_tags, group)
            emissions = model.encoder(**inputs)
            mask = torch.arange(gold.shape[1]).unsqueeze(0) < inputs["lengths"].unsqueeze(1)
            loss = model.crf.nll(emissions, gold, mask)
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            optimiser.step()
            schedule.step()
            total += float(loss.detach()) * len(group)
            seen += len(group)
            if n % 100 == 0:
                print(f"  epoch {epoch} batch {n}/{steps_per_epoch} loss {total / seen:.3f} "
                      f"{time.perf_counter() - began:.0f}s", file=sys.stderr)
            if time.perf_counter() > deadline:
                break
        report = evaluate(model, dev_enc, dev)
        f1 = report.micro.f1 or 0.0
        history.append({"epoch": epoch, "loss": total / max(seen, 1), "dev_micro_f1": f1,
                        "seconds": round(time.perf_counter() - began)})
        print(f"epoch {epoch}: loss {total / max(seen, 1):.3f} dev F1 {f1:.4f} "
              + " ".join(f"{t.type} {t.f1:.4f}" for t in report.types)
              + f" ({time.perf_counter() - began:.0f}s)", file=sys.stderr)
        if f1 > best:
            best = f1
            best_state = {k: v.clone() for k, v in model.state_dict().items()}
        if time.perf_counter() > deadline:
            print("time budget reached", file=sys.stderr)
            break
    model.load_state_dict(best_state)
    meta = {"network": net.to_dict(), "tags": list(TAGS), "config": cfg, "history": history,
            "dev_micro_f1": best, "train_sentences": len(train), "lexicon": lexicon_counts,
            "pretrained": pretrained,
            "train_seconds": round(time.perf_counter() - began), "torch": torch.__version__}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    export(model, vocab, lexicon, args.out, meta)
    print(f"wrote {args.out} (dev micro F1 {best:.4f}, {time.perf_counter() - began:.0f}s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
