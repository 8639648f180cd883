"""Literal openings of a regex: the words every match must start with.

Used to give pattern rules keywords automatically: `(?:published|updated) on …` can
only match where "published" or "updated" stands, so the scan looks for those words
(found by the factored scan at almost no cost) instead of trying the pattern at every
line.  Patterns that open with a class (`\\d+ min`, `[\\w-]+ is a reporter`) have none.
"""

from __future__ import annotations

from typing import Any

try:  # Python 3.11+ names the parser re._parser; older ones sre_parse
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

MIN_LENGTH = 5  # shorter openings ("by", "eine", "wir ") are so frequent that searching for them costs more
MAX_LENGTH = 12
_ZERO_WIDTH = {sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT}


def literal_openings(pattern: str) -> set[str] | None:
    """Strings one of which every match of `pattern` starts with, or None if there are none."""
    try:
        parsed = sre_parse.parse(pattern)
    except Exception:  # the regex module accepts more than re: no openings then
        return None
    openings = _openings(list(parsed))
    if not openings or any(len(opening.strip()) < MIN_LENGTH for opening in openings):
        return None
    return openings


def _openings(items: list[Any]) -> set[str] | None:
    """Openings of a sequence of parsed items: literal text up to the first non-literal."""
    results = {""}
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is sre_constants.LITERAL:
            results = {result + chr(av) for result in results}
        elif op is sre_constants.SUBPATTERN or op is sre_constants.BRANCH:
            branches = [list(av[3])] if op is sre_constants.SUBPATTERN else [list(branch) for branch in av[1]]
            heads = [_openings(branch) for branch in branches]
            if any(head is None for head in heads):
                return _stop(results)
            results = {result + head for result in results for branch_heads in heads for head in branch_heads}  # type: ignore[union-attr]
            return _stop(results)  # what follows a group is not needed: its openings are enough
        else:
            return _stop(results)
        if all(len(result) >= MAX_LENGTH for result in results):
            break
    return results


def _stop(results: set[str]) -> set[str] | None:
    return None if "" in results else results


ANY = None  # "could start with any character"


def first_chars(pattern: str) -> frozenset[str] | None:
    """The characters a match of `pattern` can start with, or None when it could be any."""
    try:
        parsed = sre_parse.parse(pattern)
    except Exception:
        return ANY
    chars = _first(list(parsed))
    return None if chars is ANY else frozenset(chars)


def _first(items: list[Any]) -> set[str] | None:
    """First characters of a sequence; "" in the result means the sequence can match empty."""
    for index, (op, av) in enumerate(items):
        if op in _ZERO_WIDTH:
            continue
        if op is sre_constants.LITERAL:
            return {chr(av)}
        if op is sre_constants.IN:
            return _class_chars(av)
        if op is sre_constants.SUBPATTERN or op is sre_constants.BRANCH:
            branches = [list(av[3])] if op is sre_constants.SUBPATTERN else [list(branch) for branch in av[1]]
            return _then(branches, items[index + 1 :])
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT):
            low, _high, body = av
            branches = [list(body)] if low else [list(body), []]
            return _then(branches, items[index + 1 :])
        return ANY
    return {""}


def _then(branches: list[list[Any]], rest: list[Any]) -> set[str] | None:
    """First characters of any branch, followed by `rest` (which counts when a branch can be empty)."""
    chars: set[str] = set()
    for branch in branches:
        first = _first(branch)
        if first is ANY:
            return ANY
        chars |= first
    if "" in chars:
        chars.discard("")
        after = _first(rest)
        if after is ANY:
            return ANY
        chars |= after
    return chars


_DIGITS = set("0123456789")


def _class_chars(items: list[Any]) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is sre_constants.LITERAL:
            chars.add(chr(av))
        elif op is sre_constants.RANGE and av[1] - av[0] < 512:
            chars |= {chr(code) for code in range(av[0], av[1] + 1)}
        elif op is sre_constants.CATEGORY and av is sre_constants.CATEGORY_DIGIT:
            chars |= _DIGITS
        else:
            return ANY
    return chars
