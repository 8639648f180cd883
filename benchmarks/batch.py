#!/usr/bin/env python3
"""Batch cleaning throughput and memory: `newsclean --jsonl` on generated scrape dumps.

    python benchmarks/batch.py                            # 200,000 records, then a dump 10x larger
    python benchmarks/batch.py --records 20000 --scale 3  # a quick run
    python benchmarks/batch.py --keep /tmp/dumps          # keep (and reuse) the generated dumps

Builds a JSON Lines dump from the fixture articles (records with an id, a URL and the
article text), plain and gzip-compressed, and runs the real command line on each with
--jobs 1 and --jobs 2, reporting records/s and MB/s (MB of uncompressed input per second
of wall time, rule-pack compilation included) and the speed-up, after checking that both
gave the same bytes.  Then it cleans a dump `--scale` times larger and compares peak
memory: the sum of the resident memory of the command and its workers, sampled every
50 ms, and the largest single process's peak (VmHWM), which must stay flat if
nothing holds the whole dump.

The machine must be otherwise idle for the wall-clock speed-up to mean anything: the
load average is printed before each run, and the CPU time of each run (the command and
its workers) gives the speed-up two free cores would allow, whatever else is running.
Last, two --jobs 1 runs at once on half the dump each show what two processes can gain
on this machine at all (`machine_ceiling`; skip with --no-ceiling).
"""

from __future__ import annotations

import argparse
import filecmp
import gzip
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "articles"
NEWSCLEAN = [sys.executable, "-c", "from newsclean.cli import main; main()"]  # the console script, in this Python


def generate(path: Path, records: int) -> None:
    """`records` fixture articles in a fixed random order, as JSON Lines (gzip when the name ends .gz)."""
    if path.exists():
        return
    texts = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt")) if ".expected." not in p.name]
    rng = random.Random(3)
    partial = path.with_name(path.name + ".partial")
    with gzip.open(partial, "wb", compresslevel=1) if path.suffix == ".gz" else partial.open("wb") as out:
        for number in range(records):
            record = {"id": number, "url": f"https://news.example/{number}", "text": rng.choice(texts)}
            out.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
    partial.replace(path)


def _memory(pid: int) -> tuple[int, int]:
    """Resident bytes of a process and all its descendants, and the highest peak (VmHWM) of any one of them."""
    total, highest, pending = 0, 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(status.split("VmRSS:")[1].split()[0]) * 1024
            highest = max(highest, int(status.split("VmHWM:")[1].split()[0]) * 1024)
            pending += [int(child) for child in Path(f"/proc/{current}/task/{current}/children").read_text().split()]
        except (OSError, IndexError, ValueError):  # gone meanwhile
            continue
    return total, highest


def clean(source: Path, output: Path, jobs: int) -> dict[str, float]:
    """Runs newsclean once; wall seconds, the stats it wrote, and peak memory."""
    stats_path = output.with_name(output.name + ".stats.json")
    command = [*NEWSCLEAN, "--jsonl", str(source), "-o", str(output), "--jobs", str(jobs), "-q", "--stats"]
    print(f"  load {os.getloadavg()[0]:.2f}; newsclean {' '.join(command[3:])} {stats_path.name}", flush=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen([*command, str(stats_path)], cwd=ROOT)
    peak, highest, done = 0, 0, threading.Event()

    def sample() -> None:
        nonlocal peak, highest
        while not done.wait(0.05):
            total, one = _memory(process.pid)
            peak, highest = max(peak, total), max(highest, one)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    returncode = process.wait()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command and its workers, which it waited for
    done.set()
    sampler.join()
    if returncode != 0:
        raise SystemExit(f"newsclean exited with {returncode}")
    stats = json.loads(stats_path.read_text())
    return {
        "seconds": seconds,
        "cpu_seconds": after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
        "records": stats["records_in"],
        "megabytes": stats["bytes_in"] / 1e6,
        "tree_peak_mb": peak / 1e6,
        "process_peak_mb": highest / 1e6,  # VmHWM: a spike between two samples still counts
    }


def report(label: str, run: dict[str, float]) -> None:
    print(
        f"  {label:<28} {run['records']:>9,.0f} records {run['megabytes']:>8,.1f} MB  {run['seconds']:>7.1f} s  "
        f"{run['records'] / run['seconds']:>7,.0f} records/s  {run['megabytes'] / run['seconds']:>5.2f} MB/s  "
        f"cpu {run['cpu_seconds']:>6.1f} s  peak {run['tree_peak_mb']:,.0f} MB all processes, "
        f"{run['process_peak_mb']:,.0f} MB largest",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=200_000, help="records in the dump (default 200,000)")
    parser.add_argument("--scale", type=int, default=10, help="memory run: a dump this many times larger (0: none)")
    parser.add_argument("--keep", type=Path, help="folder for the dumps, kept for the next run (default: temporary)")
    parser.add_argument(
        "--no-ceiling", dest="ceiling", action="store_false", help="skip measuring what two processes gain here"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="newsclean-bench-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        out = Path(scratch)
        print(f"cores {os.cpu_count()}; dumps in {folder}", flush=True)
        speedups = []
        for suffix in (".jsonl", ".jsonl.gz"):
            dump = folder / f"dump-{args.records}{suffix}"
            generate(dump, args.records)
            print(f"{dump.name}: {dump.stat().st_size / 1e6:,.1f} MB on disk", flush=True)
            runs = {jobs: clean(dump, out / f"out-{jobs}{suffix}", jobs) for jobs in (1, 2)}
            same = filecmp.cmp(out / f"out-1{suffix}", out / f"out-2{suffix}", shallow=False)
            for jobs, run in runs.items():
                report(f"--jobs {jobs}", run)
            speedups.append(runs[1]["seconds"] / runs[2]["seconds"])
            # What 2 jobs would give with both cores to themselves: the CPU work split over two.
            idle = 2 * runs[1]["cpu_seconds"] / runs[2]["cpu_seconds"]
            print(
                f"  speed-up at 2 jobs: {speedups[-1]:.2f}x (wall); ceiling with both cores free {idle:.2f}x "
                f"(2 x CPU time at 1 job / CPU time at 2 jobs); outputs identical: {same}",
                flush=True,
            )
            small = runs[2]

        ceiling = machine_ceiling(folder, out, args.records) if args.ceiling else None
        growth = 0.0
        if args.scale:
            growth = memory_run(folder, out, args.records, args.scale, small)
        verdict = min(speedups) >= 1.7 and abs(growth) <= 0.2
        machine = f"; this machine allows {ceiling:.2f}x" if ceiling else ""
        print(f"{'PASS' if verdict else 'FAIL'}: speed-up >= 1.7x ({min(speedups):.2f}x{machine}), memory within 20%")


def machine_ceiling(folder: Path, out: Path, records: int) -> float:
    """What two processes can gain on this machine: two one-job runs at once, on half the records each.

    Neither shares anything with the other, so their speed-up over one run of the same
    half is the most that any split of the work over two processes could reach here (two
    cores that slow each other down, as virtual cores of one host often do, allow less
    than 2x), compiling included.
    """
    half = folder / f"dump-{records // 2}.jsonl"
    generate(half, records // 2)
    alone = clean(half, out / "half-alone.jsonl", 1)
    report("--jobs 1, half the dump", alone)
    with ThreadPoolExecutor(2) as pool:
        pair = list(pool.map(lambda n: clean(half, out / f"half-{n}.jsonl", 1), (1, 2)))
    wall = max(run["seconds"] for run in pair)  # they start together
    ceiling = 2 * alone["seconds"] / wall
    print(
        f"  two --jobs 1 runs at once, half the dump each: {wall:.1f} s for the whole dump's work, against "
        f"{2 * alone['seconds']:.1f} s one after the other: this machine allows {ceiling:.2f}x at 2 processes",
        flush=True,
    )
    return ceiling


def memory_run(folder: Path, out: Path, records: int, scale: int, small: dict[str, float]) -> float:
    """Cleans a dump `scale` times larger with 2 jobs; how much more memory it took than `small`."""
    dump = folder / f"dump-{records * scale}.jsonl.gz"
    generate(dump, records * scale)
    print(f"{dump.name}: {dump.stat().st_size / 1e6:,.1f} MB on disk", flush=True)
    large = clean(dump, out / "out-large.jsonl.gz", 2)
    report("--jobs 2", large)
    growth = large["tree_peak_mb"] / small["tree_peak_mb"] - 1
    print(
        f"peak memory at --jobs 2, all processes: {small['tree_peak_mb']:,.0f} MB for {records:,} records, "
        f"{large['tree_peak_mb']:,.0f} MB for {records * scale:,} ({growth:+.0%}); largest single process: "
        f"{small['process_peak_mb']:,.0f} MB and {large['process_peak_mb']:,.0f} MB",
        flush=True,
    )
    return growth


if __name__ == "__main__":
    main()
