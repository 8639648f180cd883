#!/usr/bin/env python3
"""The structure classifier's thresholds, measured: what each setting costs and gains.

    python benchmarks/thresholds.py                          # fixtures/articles and fixtures/pages
    python benchmarks/thresholds.py --fixtures fixtures/pages
    python benchmarks/thresholds.py --devset ../shared/bench/devset.jsonl.gz
    python benchmarks/thresholds.py --threshold trailer_prose_words      # move only that one

Starting from the balanced mode, each threshold is moved one at a time over a range,
and every setting is scored line by line on fixtures whose `.expected.txt` says which
lines are article and which are chrome: article lines lost (must stay 0) and chrome
lines left.  fixtures/articles are the golden tests; fixtures/pages are whole-page
dumps full of chrome that no rule names, written for this measure.  With `--devset`
(JSON Lines with `text`, `with`, `without`, as the development benchmark has them) it
also reports the share of article strings kept and of chrome strings removed.
docs/classifier.md gives the figures this prints and the choices they led to.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsclean import Cleaner
from newsclean.document import Document
from newsclean.structure import THRESHOLDS, Mode, Thresholds

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DIRS = (ROOT / "fixtures" / "articles", ROOT / "fixtures" / "pages")
# The settings tried for each threshold of the balanced mode (booleans are tried both ways).
RANGES: dict[str, tuple[Any, ...]] = {
    "cues": (False, True),
    "menu_min_run": (2, 3, 4, 5, 6),
    "smooth_max_run": (0, 2, 3, 5, 8, 12),
    "smooth_max_words": (4, 6, 10, 14, 20),
    "trailer_needs_chrome": (False, True),
    "trailer_sentences": (False, True),
    "trailer_gap": (0, 3, 4, 5, 8, 12),
    "trailer_prose_words": (0, 40, 80, 120),
}


@dataclass
class Score:
    article_lost: int = 0  # fixture lines of the expected output that the setting removed
    chrome_left: int = 0  # fixture lines not in the expected output that it kept
    kept: int = 0  # devset article strings still there, of `with_total`
    with_total: int = 0
    removed: int = 0  # devset chrome strings gone, of `without_total`
    without_total: int = 0

    def row(self, name: str, devset: bool) -> str:
        line = f"{name:34} {self.article_lost:>12} {self.chrome_left:>12}"
        if devset:
            kept = 100 * self.kept / max(self.with_total, 1)
            removed = 100 * self.removed / max(self.without_total, 1)
            line += f" {kept:>12.2f}% {removed:>14.2f}%"
        return line


def fixture_pairs(folders: list[Path]) -> list[tuple[str, set[str]]]:
    """Each fixture's text with the set of its lines that the expected output keeps."""
    pairs = []
    for source in sorted(path for folder in folders for path in folder.glob("*.txt")):
        expected = source.with_name(source.name.removesuffix(".txt") + ".expected.txt")
        if source.name.endswith(".expected.txt") or not expected.exists():
            continue
        text = source.read_text(encoding="utf-8")
        pairs.append((text, {block.text for block in Document(expected.read_text(encoding="utf-8")).blocks}))
    return pairs


def devset_records(path: Path) -> list[dict[str, Any]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def settings(only: list[str] | None = None) -> Iterator[tuple[str, Thresholds]]:
    balanced = THRESHOLDS[Mode.BALANCED]
    yield "balanced (as shipped)", balanced
    for name, values in RANGES.items():
        if only and name not in only:
            continue
        for value in values:
            if value != getattr(balanced, name):
                yield f"{name}={value}", balanced._replace(**{name: value})


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def score(cleaner: Cleaner, thresholds: Thresholds, pairs: list[tuple[str, set[str]]], records: list[Any]) -> Score:
    result = Score()
    for text, article in pairs:
        cleaned = cleaner.clean(text, mode=thresholds)
        kept = {block.text for block in Document(cleaned.text).blocks} | {cleaned.title or ""}
        for block in Document(text).blocks:
            if block.text in article and block.text not in kept:
                result.article_lost += 1
            elif block.text not in article and block.text in kept:
                result.chrome_left += 1
    for record in records:
        out = _squeeze(cleaner.clean(record["text"], mode=thresholds).text)
        result.with_total += len(record["with"])
        result.kept += sum(_squeeze(string) in out for string in record["with"])
        result.without_total += len(record["without"])
        result.removed += sum(_squeeze(string) not in out for string in record["without"])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fixtures", type=Path, action="append", help="a folder of fixtures (repeatable)")
    parser.add_argument("--devset", type=Path, help="also score on these records (text, with, without)")
    parser.add_argument("--threshold", action="append", choices=sorted(RANGES), help="move only this one (repeatable)")
    args = parser.parse_args()
    cleaner = Cleaner().prepare()
    pairs = fixture_pairs(args.fixtures or [folder for folder in FIXTURE_DIRS if folder.is_dir()])
    records = devset_records(args.devset) if args.devset else []
    print(f"{len(pairs)} fixtures" + (f", {len(records)} devset records" if records else ""))
    header = f"{'setting':34} {'article lost':>12} {'chrome left':>12}"
    print(header + (f" {'content kept':>13} {'chrome removed':>15}" if records else ""))
    for name, thresholds in settings(args.threshold):
        print(score(cleaner, thresholds, pairs, records).row(name, bool(records)), flush=True)


if __name__ == "__main__":
    main()
