#!/usr/bin/env python3
"""Cleaning speed: MB of input text per second on one core, rule packs compiled once.

    python benchmarks/speed.py                      # the development set's text, if present
    python benchmarks/speed.py --input dump.jsonl.gz --field text
    python benchmarks/speed.py --fixtures --repeat 200
    python benchmarks/speed.py --floors             # also what the machine does at all (see below)

Reports CPU time (the per-core figure) and wall time, documents per second, and the
process's peak resident memory.  Input is read before timing starts; compiling the
packs is timed separately.

MB/s per core depends on the machine more than on anything else: the same commit ran at
2 MB/s on one virtual machine and 4.6 on another.  The `machine` line times a plain Python
loop of 10 million additions, so figures from two machines can be set side by side.
`--floors` times, on the same input, the work in C that any cleaner built on Python's `re`
and this document model must do whatever its passes: lower-casing the text, splitting it
into lines and words, and trying a phrase that never matches at every word start (the least
a word-initial phrase scan costs).  Their sum is a ceiling no Python pipeline passes here.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT.parent / "shared" / "bench" / "devset.jsonl.gz"


def load_texts(args: argparse.Namespace) -> tuple[list[str], str]:
    if args.fixtures or (args.input is None and not DEVSET.exists()):
        texts = [
            p.read_text(encoding="utf-8")
            for p in sorted((ROOT / "fixtures" / "articles").glob("*.txt"))
            if not p.name.endswith(".expected.txt")
        ]
        return texts * args.repeat, f"fixtures/articles x {args.repeat}"
    path = args.input or DEVSET
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        texts = [json.loads(line)[args.field] for line in lines if line.strip()]
    return texts * args.repeat, f"{path} x {args.repeat}"


def python_loop_seconds() -> float:
    """CPU seconds of 10 million additions in a Python loop: how fast this machine runs Python."""
    started, total = time.process_time(), 0
    for number in range(10_000_000):
        total += number
    return time.process_time() - started


def best_of(runs: int, work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def report_floors(texts: list[str], megabytes: float) -> None:
    """The C-level work of any `re`-based cleaner on this input, each the best of three runs."""
    # A phrase that never occurs, tried after every non-word character as the phrase scan does.
    word_start = re.compile(r"\W(?=qzxj)")
    floors = {
        "lower-case": lambda: [text.lower() for text in texts],
        "split lines": lambda: [text.splitlines() for text in texts],
        "split words": lambda: [text.split() for text in texts],
        "try every word start (re)": lambda: [word_start.search(text) for text in texts],
    }
    total = 0.0
    for name, work in floors.items():
        seconds = best_of(3, work)
        total += seconds
        print(f"floor        {name:26} {seconds:5.2f} s = {megabytes / seconds:6.1f} MB/s")
    print(f"floor        {'all four':26} {total:5.2f} s = {megabytes / total:6.1f} MB/s, a ceiling for `re`")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", type=Path, help="JSON Lines (optionally .gz) with a text field")
    parser.add_argument("--field", default="text")
    parser.add_argument("--fixtures", action="store_true", help="use the bundled fixture articles")
    parser.add_argument("--repeat", type=int, default=1, help="clean the input this many times")
    parser.add_argument("--floors", action="store_true", help="also time the C-level work any re-based cleaner does")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    from newsclean import Cleaner

    texts, label = load_texts(args)
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    started = time.process_time()
    cleaner = Cleaner().prepare()
    compile_seconds = time.process_time() - started

    cpu, wall = time.process_time(), time.perf_counter()
    removed = sum(len(cleaner.clean(text).removed) for text in texts)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"input        {label}: {len(texts)} documents, {megabytes:.1f} MB")
    languages = ", ".join(sorted(cleaner.guesser.languages))
    print(f"compile      {compile_seconds * 1000:.0f} ms ({len(cleaner.ruleset.rules)} rules; packs for {languages})")
    print(f"cpu          {cpu:.2f} s = {megabytes / cpu:.2f} MB/s per core, {len(texts) / cpu:.0f} documents/s")
    print(f"wall         {wall:.2f} s = {megabytes / wall:.2f} MB/s")
    print(f"peak memory  {peak_mb:.0f} MB resident; {removed} blocks removed")
    print(f"machine      a Python loop of 10 million additions: {python_loop_seconds():.2f} s CPU")
    if args.floors:
        report_floors(texts, megabytes)


if __name__ == "__main__":
    main()
