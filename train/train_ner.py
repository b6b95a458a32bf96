"""Train zhitu's NER (char + bigram + LAC features, dilated CNN + CRF) and export it to ONNX.

    .venv/bin/python train/train_ner.py --data ../shared/data --out extractors/ner/model

Reads the training corpora named in ``train/ner.json`` (MSRA char-per-line BIO,
CLUENER JSON lines mapped to PER/LOC/ORG), runs LAC over them for its
features, trains on CPU for at most ``epochs`` epochs or ``max_minutes``, keeps
the epoch with the best micro F1 on the dev corpus (People's Daily: used for
early stopping only, never trained on), and writes ``ner.onnx``, ``crf.npz``,
``chars.txt``, ``bigrams.txt`` and ``meta.json``.
Needs the ``train`` extra (PyTorch). Not for: evaluation (``zhitu eval-ner``).
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
from zhitu.extractors.ner.features import TAGS, Vocab, batch_arrays, lac_feature_count, lac_features
from zhitu.extractors.ner.network import NetConfig, Tagger
from zhitu.evaluation.ner import Sentence, read_corpus, score

HERE = Path(__file__).resolve().parent
CACHE = HERE.parent / "build" / "ner"
BREAKS = set("。！？；!?;")


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


def encode(vocab: Vocab, sentences: list[Sentence], words, styles: list[int]):
    """(chars, bigrams, lac, style) for each sentence."""
    out = []
    for sentence, ws, style in zip(sentences, words, styles):
        chars, bigrams = vocab.encode(sentence.text)
        out.append((chars, bigrams, lac_features(ws), style))
    return out


def arrays_of(items) -> dict[str, np.ndarray]:
    arrays = batch_arrays([item[:3] for item in items])
    arrays["style"] = np.array([item[3] for item in items], dtype=np.int64)
    return arrays


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


def export(model: Tagger, vocab: Vocab, out: Path, meta: dict) -> None:
    """Write the model files into a fresh folder, then swap it in for ``out``."""
    model.eval()
    tmp = Path(tempfile.mkdtemp(prefix=".ner-", dir=out.parent))
    from onnxruntime.quantization import QuantType, quantize_dynamic

    example = arrays_of([([5, 6, 7], [5, 6, 7, 8], [3, 4, 5], 0), ([5, 6], [5, 6, 7], [3, 4], 1)])
    names = ["chars", "bigrams", "lac", "lengths", "style"]
    args = tuple(torch.from_numpy(example[k]) for k in names)
    torch.onnx.export(
        model.encoder, args, str(tmp / "full.onnx"), dynamo=False,
        input_names=names, output_names=["emissions"],
        dynamic_axes={"chars": {0: "batch", 1: "steps"}, "bigrams": {0: "batch", 1: "steps1"},
                      "lac": {0: "batch", 1: "steps"}, "lengths": {0: "batch"}, "style": {0: "batch"},
                      "emissions": {0: "batch", 1: "steps"}},
        opset_version=17,
    )
    # int8 weights: a quarter of the size and about twice the speed on a CPU.
    quantize_dynamic(str(tmp / "full.onnx"), str(tmp / "ner.onnx"), weight_type=QuantType.QInt8)
    (tmp / "full.onnx").unlink()
    np.savez(tmp / "crf.npz", transitions=model.crf.transitions.detach().numpy(),
             start=model.crf.start.detach().numpy(), end=model.crf.end.detach().numpy())
    vocab.save(tmp)
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

    vocab = Vocab.build([s.text for s in train], **cfg["vocab"])
    train_enc = encode(vocab, train, train_words, styles)
    # The smaller corpus is seen ``repeat`` times an epoch, so that its convention is learnt too.
    repeat = dict(zip(cfg["styles"], cfg["repeat"]))
    keep = [i for i, style in enumerate(styles) for _ in range(repeat[style])]
    train, train_enc = [train[i] for i in keep], [train_enc[i] for i in keep]
    dev_enc = encode(vocab, dev, dev_words, [0] * len(dev))
    train_tags = [tag_ids(s) for s in train]
    net = NetConfig(chars=len(vocab.chars) + 2, bigrams=len(vocab.bigrams) + 2, lac=lac_feature_count(),
                    tags=len(TAGS), **cfg["net"])
    model = Tagger(net)
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
            total += float(loss) * len(group)
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
            "dev_micro_f1": best, "train_sentences": len(train),
            "train_seconds": round(time.perf_counter() - began), "torch": torch.__version__}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    export(model, vocab, args.out, meta)
    print(f"wrote {args.out} (dev micro F1 {best:.4f}, {time.perf_counter() - began:.0f}s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
