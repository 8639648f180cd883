"""Documents built from a fuzzer's bytes: real chrome and prose lines, mangled lines and random text.

Random bytes alone rarely spell "Sign up for our newsletter"; lines taken from the rule
packs' own examples and counter-examples make the fuzzer drive every pass of the
pipeline, and its mutations of them (cut, doubled, cased, spliced) find the edges.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from newsclean import Cleaner

SEPARATORS = ["\n", "\r\n", "\n\n", "\r", "  \n", "\n\n\n", "\r\n\r\n", "\n \t\n", "\u2028", "\x0c", " ", ""]
# What a page flattened onto one line has between its pieces (newsclean.flattened).
SEPARATORS += [" | ", " \u00b7 ", "  ", " \u203a ", ". "]


def known_lines(cleaner: Cleaner) -> list[str]:
    """Every example and counter-example of every loaded rule, and a few prose sentences."""
    lines = {line for rule in cleaner.ruleset.rules for line in (*rule.examples, *rule.counter_examples)}
    return sorted(lines)


def _mangled(fdp: atheris.FuzzedDataProvider, line: str) -> str:
    how = fdp.ConsumeIntInRange(0, 5)
    cut = fdp.ConsumeIntInRange(0, len(line))
    if how == 0:
        return line[:cut]
    if how == 1:
        return line[cut:]
    if how == 2:
        return line.upper()
    if how == 3:
        return line * fdp.ConsumeIntInRange(2, 30)
    if how == 4:
        return line[:cut] + fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 8)) + line[cut:]
    return line[:cut] + line[cut:].swapcase()


def page(fdp: atheris.FuzzedDataProvider, lines: list[str]) -> str:
    """A document of up to 60 lines chosen, mangled or made up by `fdp`, with mixed separators."""
    parts = [fdp.PickValueInList(["", "\n", "\r\n", "\ufeff", "  \n"])]
    for _ in range(fdp.ConsumeIntInRange(0, 60)):
        kind = fdp.ConsumeIntInRange(0, 3)
        if kind == 0:
            parts.append(fdp.PickValueInList(lines))
        elif kind == 1:
            parts.append(_mangled(fdp, fdp.PickValueInList(lines)))
        else:
            parts.append(fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 80)))
        parts.append(fdp.PickValueInList(SEPARATORS))
    return "".join(parts)
