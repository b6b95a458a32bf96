"""Long-article benchmark: is extraction time linear in an article's length?

Builds one article per size from corpus articles joined end to end (read from
``../shared`` at run time), runs the whole extraction (LAC, NER, every
component) over it as one article, and prints seconds, characters per second
and the peak memory extraction added. Each size runs in a fresh process, so the
peak is its own; a rate that stays flat from size to size means linear time.

Not for: throughput over many short articles (``bench/throughput.py``) or
accuracy (``zhitu.evaluation``).

    .venv/bin/python bench/long_article.py                      # 20k, 80k, 320k
    .venv/bin/python bench/long_article.py --sizes 20000 1000000
    .venv/bin/python bench/long_article.py --sizes 80000 --profile prof.out
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO / ".." / "shared" / "data" / "corpus" / "rmrb2020.jsonl"
DEFAULT_SIZES = (20_000, 80_000, 320_000)


def long_text(corpus: Path, size: int) -> str:
    """``size`` characters of corpus articles joined by line breaks, as one text."""
    parts, total = [], 0
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            try:
                text = json.loads(line).get("text")
            except (json.JSONDecodeError, AttributeError):
                continue
            if not isinstance(text, str) or not text.strip():
                continue
            parts.append(text.strip())
            total += len(parts[-1]) + 1
            if total >= size:
                break
    text = "\n".join(parts)
    if len(text) < size:
        raise SystemExit(f"the corpus holds only {len(text):,} characters; asked for {size:,}")
    return text[:size]


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _current_rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 2**20


def measure(corpus: Path, size: int, profile: str | None) -> dict:
    """Extract one article of ``size`` characters in this process; its figures."""
    from zhitu.extractors.pipeline import default_pipeline, extract_articles
    from zhitu.read.model import Article, Document

    text = long_text(corpus, size)
    document = Document(doc_id="long", source="long", text=text, format="txt")
    article = Article(doc_id="long", index=0, start=0, end=len(text), headline="", body_start=0)
    nlp = default_pipeline()
    warm = long_text(corpus, 2_000)  # load the models, untimed
    list(extract_articles([(Document("w", "w", warm, "txt"), Article("w", 0, 0, len(warm), "", 0))], nlp=nlp))
    base = _current_rss_mb()
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started = time.perf_counter()
    doc = next(extract_articles([(document, article)], nlp=nlp))
    seconds = time.perf_counter() - started
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    if "zhitu.error" in doc.user_data:
        raise SystemExit(doc.user_data["zhitu.error"])
    return {
        "chars": len(text), "seconds": seconds, "chars_per_s": len(text) / seconds,
        "peak_mb": max(0.0, _peak_rss_mb() - base), "entities": len(doc._.entities or []),
        "relations": len(doc._.relations or []),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="JSON Lines corpus with a 'text' field")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES), help="article sizes in characters")
    parser.add_argument("--profile", help="write cProfile stats of the (single) size to this file")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: measure one size, print JSON
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        raise SystemExit(f"no corpus at {args.corpus}")
    if args.one is not None:
        print(json.dumps(measure(args.corpus, args.one, args.profile)))
        return
    rows = []
    print(f"{'chars':>10} {'seconds':>9} {'chars/s':>9} {'×time':>7} {'×size':>6} {'peak MB':>8}")
    for size in args.sizes:
        command = [sys.executable, __file__, "--corpus", str(args.corpus), "--one", str(size)]
        if args.profile:
            command += ["--profile", args.profile]
        out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        row = json.loads(out.strip().splitlines()[-1])
        first = rows[0] if rows else row
        rows.append(row)
        print(f"{row['chars']:>10,} {row['seconds']:>9.2f} {row['chars_per_s']:>9,.0f} "
              f"{row['seconds'] / first['seconds']:>7.1f} {row['chars'] / first['chars']:>6.0f} {row['peak_mb']:>8.0f}",
              flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
