#!/usr/bin/env python3
"""Linear time: cleaning time against input size, for normal text and text built to make patterns backtrack.

    nice python benchmarks/linear.py                     # sizes 0.25 to 4 MB, every input kind
    python benchmarks/linear.py --sizes 0.1 0.2 0.4 --kinds near-miss-lines --repeat 1
    python benchmarks/linear.py --json > linear.json

For each kind of input and each size, the best CPU time of `--repeat` cleanings (rule
packs compiled before timing).  Reports the time per MB, the ratio of each time to the
one before it (doubling the size should double the time: a ratio near 2, near 4 for a
quadratic cost), and the growth exponent k of time ~ size^k fitted over all sizes
(1 is linear).  Exits 1 if some kind's exponent exceeds `--max-exponent`.

The adversarial kinds are what backtracking patterns choke on: phrases of every rule
cut short or broken just before their end, one per line and run together in one long
line; a million one-character lines' worth of short lines; and long lines of prose,
of a single repeated character, and of punctuation (decoration, which every anchored
pattern may skip over).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Callable, Iterator
from itertools import cycle, pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from newsclean import Cleaner  # noqa: E402 - after the path is set, for running from a checkout

PROSE = (
    "The city council voted on Tuesday to close the old harbour bridge for six months while engineers replace "
    "its corroded steel joints, and traders said they expected fewer customers during the closure."
)


def articles() -> list[str]:
    """The bundled fixture articles (prose with chrome, in five languages): normal input."""
    folder = ROOT / "fixtures" / "articles"
    return [path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.txt")) if ".expected." not in path.name]


def near_misses(cleaner: Cleaner) -> list[str]:
    """Every rule phrase and example, cut before its last character and broken there: almost a match, each."""
    phrases = {text for rule in cleaner.ruleset.rules for text in (*rule.phrases, *rule.examples) if len(text) > 3}
    misses = []
    for phrase in sorted(phrases):
        misses.append(phrase[:-1])  # cut short
        misses.append(phrase[:-1] + "\u00a7" + phrase[-1])  # broken just before the end
        misses.append(phrase + phrase[-1] * 3)  # run on past the end
    return misses


def repeated(pieces: Callable[[], Iterator[str]], size: int, separator: str) -> str:
    """Pieces joined by `separator`, cycled until the text has `size` characters."""
    parts, length = [], 0
    for piece in pieces():
        parts.append(piece)
        length += len(piece) + len(separator)
        if length >= size:
            break
    return separator.join(parts)[:size]


def input_kinds(cleaner: Cleaner) -> dict[str, Callable[[int], str]]:
    texts, misses = articles(), near_misses(cleaner)
    return {
        "articles": lambda size: repeated(lambda: cycle(texts), size, "\n\n"),
        "near-miss-lines": lambda size: repeated(lambda: cycle(misses), size, "\n"),
        "near-miss-long-line": lambda size: repeated(lambda: cycle(misses), size, " "),
        "short-lines": lambda size: repeated(lambda: cycle("abcdefghij.,;:-"), size, "\n"),
        "long-line-prose": lambda size: repeated(lambda: cycle([PROSE]), size, " "),
        "long-line-one-char": lambda size: "a" * size,
        "long-line-decoration": lambda size: repeated(lambda: cycle(["»", "•", "|", "-", "*", " "]), size, ""),
        "decorated-lines": lambda size: repeated(lambda: cycle(["» " * 40 + "Share", "-" * 80 + " Read"]), size, "\n"),
    }


def best_time(cleaner: Cleaner, text: str, repeat: int) -> float:
    """The least CPU time of `repeat` cleanings: other processes on the machine only ever add to it."""
    times = []
    for _ in range(repeat):
        started = time.process_time()
        cleaner.clean(text)
        times.append(time.process_time() - started)
    return min(times)


def exponent(sizes: list[int], seconds: list[float]) -> float:
    """The least-squares slope of log(time) against log(size)."""
    xs, ys = [math.log(size) for size in sizes], [math.log(max(second, 1e-6)) for second in seconds]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum((x - mean_x) ** 2 for x in xs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.25, 0.5, 1, 2, 4], help="input sizes in MB")
    parser.add_argument("--kinds", nargs="+", help="input kinds to run (default: all)")
    parser.add_argument("--repeat", type=int, default=3, help="cleanings per size; the best time counts")
    parser.add_argument("--max-exponent", type=float, default=1.3, help="fail above this growth exponent")
    parser.add_argument("--json", action="store_true", help="print the measurements as JSON")
    args = parser.parse_args()

    cleaner = Cleaner().prepare()
    kinds = input_kinds(cleaner)
    unknown = set(args.kinds or ()) - set(kinds)
    if unknown:
        parser.error(f"unknown kinds {sorted(unknown)}; choose from {sorted(kinds)}")
    sizes = [int(megabytes * 1_000_000) for megabytes in sorted(args.sizes)]
    report = {}
    for name in args.kinds or kinds:
        cleaner.clean(kinds[name](sizes[0]))  # compiles what is compiled on first use (rules' own patterns)
        seconds = [best_time(cleaner, kinds[name](size), args.repeat) for size in sizes]
        report[name] = {"sizes": sizes, "seconds": seconds, "exponent": exponent(sizes, seconds)}
        if not args.json:
            ratios = " ".join(f"{later / earlier:4.2f}" for earlier, later in pairwise(seconds))
            per_mb = " ".join(f"{second / size * 1e6:5.2f}" for second, size in zip(seconds, sizes, strict=True))
            print(f"{name:22} s/MB {per_mb}   ratios {ratios}   exponent {report[name]['exponent']:.2f}", flush=True)
    if args.json:
        print(json.dumps(report, indent=2))
    worst = max(report.values(), key=lambda kind: kind["exponent"])
    return 1 if worst["exponent"] > args.max_exponent else 0


if __name__ == "__main__":
    sys.exit(main())
