"""No built-in pattern backtracks catastrophically (issue 6): each one's work on adversarial strings is bounded.

Every rule the default Cleaner loads (language packs, publisher packs) is compiled
from its own source with `regex`, whose matching can be given a time limit, and run
the way the scan runs it (searched along a line, matched at line starts) over strings
built to nearly match it: its examples and phrases cut short or broken, run together
on one long line, and runs of the characters patterns repeat (letters, digits, spaces,
decoration).  A pattern with nested or overlapping quantifiers takes seconds to
hours on such strings; a sound one takes milliseconds.  The second test checks the
merged patterns the scan really runs (compiled with `re`, which has no time limit) by
how the time of a whole cleaning grows with such input.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import regex

from newsclean import Cleaner
from newsclean.document import fold
from newsclean.rules.rule import Rule

LENGTH = 20_000
# A linear search over LENGTH characters takes a few milliseconds; a quadratic one, about
# LENGTH² = 4·10⁸ steps, takes seconds.  The limit is far from both, for a loaded machine.
TIME_LIMIT = 1.0
# Characters that patterns repeat (\w+, \d+, \s*, [^\w\n]*) and their mixtures.
RUNS = ["a", "1", " ", "-", "»", "a ", "1 ", "a1", "a.", "a-", ". ", "a\n", "'", "a,"]
# Near-misses are made of a rule's first few examples, phrases or keywords.
SEEDS = 3

RULES = Cleaner().ruleset.rules


def adversarial(rule: Rule) -> Iterator[str]:
    """Strings of LENGTH characters that nearly match `rule` at every place, in the folded form the scan sees."""
    seeds = [fold(text) for text in (*rule.examples, *rule.phrases, *rule.keywords) if len(text) > 1][:SEEDS]
    for seed in seeds:
        yield _filled(seed[:-1] + " ")  # cut short, again and again along one line
        yield _filled(seed[:-1])  # cut short, run together
        yield _filled(seed[:-1] + "\u00a7" + seed[-1] + "\n")  # broken just before its end, line after line
        yield seed[:-1] + seed[-2] * (LENGTH - len(seed))  # its last letter but one, run on
    if rule.patterns:
        for run in RUNS:
            yield _filled(run)
            yield _filled(seeds[0][:-1] + run * 100) if seeds else _filled(run)  # its opening, then a run


def _filled(piece: str) -> str:
    return (piece * (LENGTH // len(piece) + 1))[:LENGTH]


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_every_built_in_pattern_does_bounded_work_on_near_misses(rule: Rule) -> None:
    pattern = regex.compile(rule.pattern_source(), regex.MULTILINE)
    for text in adversarial(rule):
        started = time.perf_counter()
        try:
            for _ in pattern.finditer(text, timeout=TIME_LIMIT):
                pass
            pattern.match(text, timeout=TIME_LIMIT)
        except TimeoutError:
            pytest.fail(f"{rule.id} ({rule.source}): more than {TIME_LIMIT} s on {text[:60]!r}...")
        assert time.perf_counter() - started < 2 * TIME_LIMIT


def test_the_scan_of_near_miss_text_grows_linearly() -> None:
    """Four times the input, about four times the time; a quadratic scan would take sixteen.

    Best of three CPU times, so that other processes on the machine only add noise in
    one direction; a ratio under 8 leaves room for noise and still fails anything quadratic.
    """
    cleaner = Cleaner().prepare()
    misses = sorted({fold(text)[:-1] for rule in RULES for text in (*rule.examples, *rule.phrases) if len(text) > 3})
    line = " ".join(misses)
    documents = {size: _sized("\n".join(misses), size) + _sized(line, size // 4) for size in (100_000, 400_000)}
    cleaner.clean(documents[100_000])  # what is compiled on first use

    def best(text: str) -> float:
        times = []
        for _ in range(3):
            started = time.process_time()
            cleaner.clean(text)
            times.append(time.process_time() - started)
        return min(times)

    small, large = best(documents[100_000]), best(documents[400_000])
    assert large / small < 8, f"{small:.3f} s for 100 kB, {large:.3f} s for 400 kB"


def _sized(text: str, size: int) -> str:
    return (text * (size // len(text) + 1))[:size]


# The scan compiles with `re` where it can (newsclean.rules.ruleset.compile_pattern), and `re`
# backtracks where `regex` does not: `\d(?:[\d ]+|…)*` takes exponential time in `re` only.  `re`
# has no time limit, so a child process runs the patterns as the scan compiles them, naming each
# before it runs; the parent gives it a deadline.
RE_LENGTH = 2_000  # exponential backtracking shows within a few dozen characters
RE_DEADLINE = 120.0  # seconds for all rules on a loaded machine; a sound run takes about 4
_RE_CHILD = """
import sys, time
sys.path.insert(0, {tests!r})
import test_backtracking as t
from newsclean.rules.ruleset import compile_pattern
t.LENGTH = {length}
for rule in t.RULES:
    pattern = compile_pattern(rule.pattern_source())
    for text in t.adversarial(rule):
        print(rule.id, rule.source, repr(text[:40]), flush=True)
        started = time.process_time()
        for _ in pattern.finditer(text):
            pass
        pattern.match(text)
        print("took", time.process_time() - started, flush=True)
"""


def test_every_built_in_pattern_as_the_scan_compiles_it_does_bounded_work() -> None:
    import subprocess
    import sys
    from pathlib import Path

    child = _RE_CHILD.format(tests=str(Path(__file__).parent), length=RE_LENGTH)
    try:
        done = subprocess.run(
            [sys.executable, "-c", child], capture_output=True, text=True, timeout=RE_DEADLINE, check=True
        )
        lines = done.stdout.splitlines()
    except subprocess.TimeoutExpired as expired:
        out = expired.stdout.decode() if isinstance(expired.stdout, bytes) else expired.stdout or ""
        pytest.fail(f"no answer in {RE_DEADLINE} s; stuck on: {out.splitlines()[-1] if out else '?'}")
    slow = [
        f"{what} ({took.split()[1]} s)"
        for what, took in zip(lines[::2], lines[1::2], strict=True)
        if float(took.split()[1]) > TIME_LIMIT
    ]
    assert not slow, "patterns that backtrack under re: " + "; ".join(slow)
