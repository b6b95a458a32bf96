"""Reading-stage benchmark: do normalising, reading and splitting a page take
time linear in its size, on the inputs that once made them quadratic?

Three generated inputs, each at several sizes: one long line without
punctuation (joined across a layout break), many short lines broken in the
middle of a sentence (every break joined), and a file of one long line read
and split into articles. For each it prints seconds and characters per second;
a rate that stays flat from size to size means linear time. With ``--check``
it exits 1 when the rate at the largest size falls below a quarter of the rate
at the smallest (quadratic time over a 16-fold size range falls to about 1/16).

The tests assert what does not depend on the machine (the results, and that
the Python work counted by ``tests/work.py`` grows linearly); time is
measured here.

Not for: extraction time (``bench/long_article.py``) or whole builds
(``bench/throughput.py``).

    .venv/bin/python bench/reading_scale.py                 # 64k, 256k, 1M characters
    .venv/bin/python bench/reading_scale.py --sizes 100000 1600000 --check
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

DEFAULT_SIZES = (64_000, 256_000, 1_024_000)


def _long_line(size: int) -> Callable[[], object]:
    from zhitu.read.normalise import normalise

    half = "职工" * (size // 4)
    return lambda: normalise(half + "\n\n" + half)


def _broken_lines(size: int) -> Callable[[], object]:
    from zhitu.read.normalise import normalise

    line = "各级工会，推动工作"
    text = "\n".join([line] * (size // (len(line) + 1)))
    return lambda: normalise(text)


def _read_and_split(size: int, folder: Path) -> Callable[[], object]:
    from zhitu.read.articles import split_articles
    from zhitu.read.reading import iter_documents

    path = folder / f"line-{size}.txt"
    path.write_text("职工" * (size // 2) + "\n", encoding="utf-8")
    return lambda: [split_articles(doc) for doc in iter_documents([str(path)])]


def _best_seconds(run: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES), help="characters per input")
    parser.add_argument("--repeat", type=int, default=3, help="keep the best of this many runs")
    parser.add_argument("--check", action="store_true", help="exit 1 when a rate falls below a quarter")
    args = parser.parse_args(argv)
    sizes = sorted(args.sizes)

    from zhitu.read.normalise import normalise

    normalise("预热")  # the character classes are built once, on first use
    failed = []
    with tempfile.TemporaryDirectory(prefix="zhitu-reading-scale-") as tmp:
        cases = {
            "one long line": _long_line,
            "short broken lines": _broken_lines,
            "read and split a long line": lambda size: _read_and_split(size, Path(tmp)),
        }
        for name, make in cases.items():
            print(f"{name}:")
            rates = []
            for size in sizes:
                seconds = _best_seconds(make(size), args.repeat)
                rates.append(size / max(seconds, 1e-9))
                print(f"  {size:>10,} chars  {seconds:8.3f} s  {rates[-1]:>14,.0f} chars/s")
            if rates[-1] < rates[0] / 4:
                failed.append(name)
    if failed:
        print("slower than linear: " + ", ".join(failed))
    return 1 if failed and args.check else 0


if __name__ == "__main__":
    sys.exit(main())
