"""Fuzz target: the library.  Every cleaning must satisfy tests/invariants.py (idempotence included).

python fuzz/fuzz_clean.py -max_total_time=1800 -timeout=20 /tmp/corpus-clean
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from pages import known_lines, page  # also puts tests/ on the path, for invariants

    # isort: split
    from invariants import check_cleaning

    from newsclean import Cleaner

CLEANER = Cleaner().prepare()
LINES = known_lines(CLEANER)


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    check_cleaning(CLEANER, page(fdp, LINES))


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
