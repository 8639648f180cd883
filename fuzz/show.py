"""Shows what a fuzz target made of a crash file: `python fuzz/show.py clean|jsonl CRASH_FILE`."""

from __future__ import annotations

import sys
from pathlib import Path

import atheris
from pages import known_lines, page

from newsclean import Cleaner

if __name__ == "__main__":
    target, crash = sys.argv[1], Path(sys.argv[2])
    fdp = atheris.FuzzedDataProvider(crash.read_bytes())
    cleaner = Cleaner()
    if target == "clean":
        text = page(fdp, known_lines(cleaner))
        print(repr(text))
        first = cleaner.clean(text)
        print("first:", first.title, [(r.rule, r.text) for r in first.removed])
        print("body:", repr(first.text))
        second = cleaner.clean(first.text)
        print("second:", second.title, [(r.rule, r.text) for r in second.removed])
