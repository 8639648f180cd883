#!/usr/bin/env python3
"""Cleaning speed: MB of input text per second on one core, rule packs compiled once.

    python benchmarks/speed.py                      # the development set's text, if present
    python benchmarks/speed.py --input dump.jsonl.gz --field text
    python benchmarks/speed.py --fixtures --repeat 200

Reports CPU time (the per-core figure) and wall time, documents per second, and the
process's peak resident memory.  Input is read before timing starts; compiling the
packs is timed separately.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import time
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--input", type=Path, help="JSON Lines (optionally .gz) with a text field")
    parser.add_argument("--field", default="text")
    parser.add_argument("--fixtures", action="store_true", help="use the bundled fixture articles")
    parser.add_argument("--repeat", type=int, default=1, help="clean the input this many times")
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


if __name__ == "__main__":
    main()
