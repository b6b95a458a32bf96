"""Kill-and-resume acceptance: a build SIGKILLed at five points and rerun ends
with the same store as an uninterrupted build, quad for quad; ``-j 1`` and
``-j 2`` build the same store too.

The input is the first N records (default 300) of the JSON Lines corpus in
``../shared/data/corpus/``. Every build is a real ``zhitu build`` process with
``-v``, whose ``zhitu: stored …`` / ``zhitu: unchanged …`` lines say how many
documents the store holds; the chain build is SIGKILLed once that count passes
10 %, 30 %, 50 %, 70 % and 90 % of the documents (plus a seeded delay of up to
half a second, so the kill lands at any point of a document's transaction),
rerun each time, and finally run to completion. Stores are compared as sorted
N-Quads. ``--separate`` runs each kill point in a fresh store instead (one
kill, one rerun to completion each: five times the work).

    .venv/bin/python bench/kill_resume.py                 # 300 articles, -j 2
    .venv/bin/python bench/kill_resume.py --articles 60 --json

Exits 1 when a store differs. Not a test: it takes minutes
(``tests/test_determinism.py`` is the small version CI runs).
"""
from __future__ import annotations

import argparse
import json
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpus"
POINTS = (0.1, 0.3, 0.5, 0.7, 0.9)
PROGRESS = re.compile(r"^zhitu: (stored|unchanged) ")


@dataclass
class Run:
    """One ``zhitu build`` process: how many documents it saw stored, whether it was killed."""

    jobs: int
    documents: int = 0
    killed_at: int | None = None
    exit_code: int | None = None
    seconds: float = 0.0


@dataclass
class Comparison:
    """Two stores, quad for quad."""

    quads: tuple[int, int]
    only_left: int
    only_right: int
    graphs_differing: list[str] = field(default_factory=list)

    @property
    def equal(self) -> bool:
        return not self.only_left and not self.only_right


def corpus_file(folder: Path = CORPUS) -> Path:
    files = sorted(folder.glob("*.jsonl"))
    if not files:
        raise SystemExit(f"no JSON Lines corpus under {folder}")
    return files[0]


def write_input(source: Path, count: int, folder: Path) -> Path:
    """The first ``count`` records of ``source``, as one JSON Lines file in ``folder``."""
    lines = []
    with open(source, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                lines.append(line if line.endswith("\n") else line + "\n")
            if len(lines) >= count:
                break
    path = folder / "news.jsonl"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def build(inputs: Path, store: Path, *, jobs: int, kill_after: int | None = None, delay: float = 0.0) -> Run:
    """Run ``zhitu build`` into ``store``; SIGKILL it ``delay`` seconds after the
    store holds ``kill_after`` documents (None: let it finish)."""
    command = [sys.executable, "-m", "zhitu.cli", "build", "-v", "--no-progress", "-j", str(jobs),
               "--store", str(store), "--out", str(store.parent / f"{store.name}-out"), "--format", "nquads",
               str(inputs)]
    run = Run(jobs)
    began = time.perf_counter()
    process = subprocess.Popen(command, cwd=inputs.parent, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               text=True, encoding="utf-8")
    errors = []
    for line in process.stderr:
        if PROGRESS.match(line):
            run.documents += 1
        elif line.strip():
            errors.append(line.rstrip())
        if kill_after is not None and run.documents >= kill_after:
            time.sleep(delay)
            process.send_signal(signal.SIGKILL)
            run.killed_at = run.documents
            break
    process.stderr.close()
    run.exit_code = process.wait()
    run.seconds = time.perf_counter() - began
    if run.killed_at is None and run.exit_code != 0:
        raise SystemExit(f"zhitu build failed ({run.exit_code}): " + "; ".join(errors[-3:]))
    return run


def quads(store: Path) -> list[str]:
    """Every quad of the store as an N-Quads line, sorted."""
    from zhitu.store import open_store

    with open_store(store, read_only=True) as opened:
        lines = [str(q) for q in opened.oxigraph.quads_for_pattern(None, None, None, None)]
    if any(line.startswith("_:") or " _:" in line for line in lines):
        raise SystemExit(f"{store} holds blank nodes: compare its graphs by isomorphism instead")
    return sorted(lines)


def compare(left: Path, right: Path) -> Comparison:
    a, b = quads(left), quads(right)
    only_a, only_b = set(a) - set(b), set(b) - set(a)
    graphs = sorted({line.rsplit(" ", 1)[-1] for line in only_a | only_b})
    return Comparison((len(a), len(b)), len(only_a), len(only_b), graphs)


def kill_chain(inputs: Path, store: Path, total: int, points, *, jobs: int, rng: random.Random) -> list[Run]:
    """One store, killed at each point in turn and rerun; the last run finishes."""
    runs = []
    for point in points:
        runs.append(build(inputs, store, jobs=jobs, kill_after=max(1, round(point * total)), delay=rng.uniform(0, 0.5)))
    runs.append(build(inputs, store, jobs=jobs))
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=300, help="records of the corpus to build (default 300)")
    parser.add_argument("--jobs", type=int, default=2, help="workers of the killed builds (default 2)")
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--separate", action="store_true", help="a fresh store per kill point")
    parser.add_argument("--corpus", type=Path, default=None, help="a JSON Lines file (default: the shared corpus)")
    parser.add_argument("--keep", type=Path, default=None, help="build in this folder and keep it")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="zhitu-kill-") as scratch:
        work = args.keep or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        inputs = write_input(args.corpus or corpus_file(), args.articles, work)
        total = sum(1 for line in inputs.read_text(encoding="utf-8").splitlines() if line.strip())
        report: dict = {"articles": total, "jobs": args.jobs, "seed": args.seed, "runs": {}}
        reference = build(inputs, work / "uninterrupted", jobs=args.jobs)
        single = build(inputs, work / "one-process", jobs=1)
        report["runs"]["uninterrupted"] = asdict(reference)
        report["runs"]["one-process"] = asdict(single)
        results = {"-j 1 vs -j %d" % args.jobs: compare(work / "one-process", work / "uninterrupted")}
        if args.separate:
            for point in POINTS:
                name = f"killed at {point:.0%}"
                store = work / f"killed-{round(point * 100)}"
                runs = kill_chain(inputs, store, total, [point], jobs=args.jobs, rng=rng)
                report["runs"][name] = [asdict(r) for r in runs]
                results[f"{name}, rerun vs uninterrupted"] = compare(store, work / "uninterrupted")
        else:
            runs = kill_chain(inputs, work / "killed", total, POINTS, jobs=args.jobs, rng=rng)
            report["runs"]["killed at " + ", ".join(f"{p:.0%}" for p in POINTS)] = [asdict(r) for r in runs]
            results["killed 5 times, rerun vs uninterrupted"] = compare(work / "killed", work / "uninterrupted")
        report["comparisons"] = {name: {**asdict(c), "equal": c.equal} for name, c in results.items()}
        print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else _format(report))
        return 0 if all(c.equal for c in results.values()) else 1


def _format(report: dict) -> str:
    lines = [f"{report['articles']} articles, killed builds with -j {report['jobs']}, seed {report['seed']}"]
    for name, runs in report["runs"].items():
        for run in runs if isinstance(runs, list) else [runs]:
            what = f"SIGKILL after {run['killed_at']} documents stored" if run["killed_at"] is not None else "completed"
            lines.append(f"  {name}: -j {run['jobs']}, {what}, {run['seconds']:.1f} s")
    for name, c in report["comparisons"].items():
        verdict = "EQUAL" if c["equal"] else f"DIFFER in {len(c['graphs_differing'])} graphs"
        lines.append(f"{name}: {c['quads'][0]:,} vs {c['quads'][1]:,} quads, "
                     f"{c['only_left']} only left, {c['only_right']} only right: {verdict}")
        lines.extend(f"    {g}" for g in c["graphs_differing"][:10])
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
