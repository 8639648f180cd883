"""What the matches of a regex can start with, and where they can end, from its parsed form.

`literal_openings` gives pattern rules keywords automatically: `(?:published|updated) on …`
can only match where "published" or "updated" stands, so the scan looks for those words
(found by the factored scan at almost no cost) instead of trying the pattern at every
line.  Patterns that open with a class (`\\d+ min`, `[\\w-]+ is a reporter`) have none.

`first_chars` and `openings` tell where a pattern cannot match, so that the anchored scan
tries it only on blocks that open right; `line_bound` tells that a pattern can be matched
in a whole document for what it would match in one line (see ruleset._AnchoredGroup).
"""

from __future__ import annotations

import re
from functools import cache
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


@cache  # the packs of every language share patterns
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


# Where a match can open, and whether it stays in its line -----------------------------

MAX_OPENINGS = 1024  # more openings are cut shorter, which keeps them true


@cache  # the packs of every language share patterns
def openings(pattern: str) -> tuple[frozenset[str], frozenset[str]] | None:
    """How every match of `pattern` opens: with one of some strings, or with one of some characters.

    The characters are given as items of a regex class (`a`, `a-f`, `\\d`).  None when a
    match could open with any character or be empty, or when that cannot be told (the
    pattern needs `regex`, or ignores case).  Unlike `literal_openings`, short openings
    count: these tell where a pattern cannot match, not where to look for it.
    """
    try:
        parsed = sre_parse.parse(pattern)
    except Exception:
        return None
    if parsed.state.flags & sre_constants.SRE_FLAG_IGNORECASE:
        return None
    strings, classes = _open_sequence(list(parsed))
    if classes is None or any(string == "" for string, _ in strings):
        return None
    return frozenset(string for string, _ in strings), frozenset(classes)


def _open_sequence(items: list[Any]) -> tuple[set[tuple[str, bool]], set[str] | None]:
    """The openings of a sequence of parsed items.

    Strings come as (string, whether the whole sequence is that string), and the classes
    of characters it can open with are None for "any character".
    """
    strings = {("", True)}
    classes: set[str] | None = set()
    for op, av in items:
        if not any(whole for _, whole in strings):
            break
        if op in _ZERO_WIDTH:
            continue
        alternatives, heads = _open_item(op, av)
        if ("", True) in strings:
            classes = None if classes is None or heads is None else classes | heads
        joined = {(string, False) for string, whole in strings if not whole or (string and heads != set())}
        joined |= {(string + more, done) for string, whole in strings if whole for more, done in alternatives}
        strings = _shorten(joined)
    return strings, classes


def _open_item(op: Any, av: Any) -> tuple[set[tuple[str, bool]], set[str] | None]:
    """The openings of one parsed item, as of a sequence."""
    if op is sre_constants.LITERAL:
        return {(chr(av), True)}, set()
    if op is sre_constants.IN:
        return set(), _class_items(av)
    if op is sre_constants.SUBPATTERN:
        return (set(), None) if av[1] & sre_constants.SRE_FLAG_IGNORECASE else _open_sequence(list(av[3]))
    if op is sre_constants.ATOMIC_GROUP:
        return _open_sequence(list(av))
    if op is sre_constants.BRANCH:
        alternatives: set[tuple[str, bool]] = set()
        heads: set[str] | None = set()
        for branch in av[1]:
            more, more_heads = _open_sequence(list(branch))
            alternatives |= more
            heads = None if heads is None or more_heads is None else heads | more_heads
        return alternatives, heads
    if op in _REPEATS:
        low, high, body = av
        alternatives, heads = _open_sequence(list(body))
        if high != 1:  # the body may repeat: what follows its first round is unknown
            alternatives = {(string, False) for string, _ in alternatives}
        if low == 0:
            alternatives.add(("", True))
        return alternatives, heads
    return set(), None


def _class_items(items: list[Any]) -> set[str] | None:
    """A class's items as regex class source; None for classes too large to list."""
    sources: set[str] = set()
    for op, av in items:
        if op is sre_constants.LITERAL:
            sources.add(re.escape(chr(av)))
        elif op is sre_constants.RANGE:
            sources.add(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is sre_constants.CATEGORY and av is sre_constants.CATEGORY_DIGIT:
            sources.add(r"\d")
        else:
            return None
    return sources


def _shorten(strings: set[tuple[str, bool]]) -> set[tuple[str, bool]]:
    """At most MAX_LENGTH characters each and, cutting them shorter, at most MAX_OPENINGS strings."""
    length = MAX_LENGTH
    while True:
        cut = {(string[:length], whole and len(string) <= length) for string, whole in strings}
        if len(cut) <= MAX_OPENINGS or length == 1:
            return cut
        length -= 1


_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT)
# Categories by whether they contain a line break.
_BREAKING = {
    sre_constants.CATEGORY_SPACE,
    sre_constants.CATEGORY_NOT_WORD,
    sre_constants.CATEGORY_NOT_DIGIT,
    sre_constants.CATEGORY_LINEBREAK,
}
_NOT_BREAKING = {
    sre_constants.CATEGORY_DIGIT,
    sre_constants.CATEGORY_WORD,
    sre_constants.CATEGORY_NOT_SPACE,
    sre_constants.CATEGORY_NOT_LINEBREAK,
}


@cache  # the packs of every language share patterns
def line_bound(pattern: str) -> bool:
    """Whether `pattern` can neither match a line break nor anchor at the end of the string.

    A match of such a pattern stops at the line break that ends its line exactly as it
    would at the end of the string, so matching it in a whole document finds at a line's
    start what matching it in that line alone (with `endpos` at the line's end) finds.
    """
    try:
        parsed = sre_parse.parse(pattern)
    except Exception:
        return False
    return _bound(list(parsed), bool(parsed.state.flags & sre_constants.SRE_FLAG_DOTALL))


def _bound(items: list[Any], dotall: bool) -> bool:
    for op, av in items:
        if op is sre_constants.LITERAL:
            bound = av != ord("\n")
        elif op is sre_constants.NOT_LITERAL:
            bound = av == ord("\n")
        elif op is sre_constants.ANY:
            bound = not dotall
        elif op is sre_constants.IN:
            bound = not _has_line_break(av)
        elif op is sre_constants.AT:
            bound = av is not sre_constants.AT_END_STRING
        elif op is sre_constants.SUBPATTERN:
            _, added, removed, body = av
            if removed & sre_constants.SRE_FLAG_MULTILINE:  # a `$` inside would not stop at line breaks
                return False
            dotall_inside = (dotall or bool(added & sre_constants.SRE_FLAG_DOTALL)) and not (
                removed & sre_constants.SRE_FLAG_DOTALL
            )
            bound = _bound(list(body), dotall_inside)
        elif op is sre_constants.BRANCH:
            bound = all(_bound(list(branch), dotall) for branch in av[1])
        elif op in _REPEATS:
            bound = _bound(list(av[2]), dotall)
        elif op is sre_constants.ASSERT or op is sre_constants.ASSERT_NOT:
            bound = _bound(list(av[1]), dotall)
        elif op is sre_constants.ATOMIC_GROUP:
            bound = _bound(list(av), dotall)
        elif op is sre_constants.GROUPREF:
            bound = True  # repeats text its group matched, which held no line break
        elif op is sre_constants.GROUPREF_EXISTS:
            _, yes, no = av
            bound = _bound(list(yes), dotall) and (no is None or _bound(list(no), dotall))
        else:
            return False
        if not bound:
            return False
    return True


def _has_line_break(items: list[Any]) -> bool:
    negated = bool(items) and items[0][0] is sre_constants.NEGATE
    found = False
    for op, av in items:
        if op is sre_constants.NEGATE:
            continue
        if op is sre_constants.LITERAL:
            found = found or av == ord("\n")
        elif op is sre_constants.RANGE:
            found = found or av[0] <= ord("\n") <= av[1]
        elif op is sre_constants.CATEGORY and (av in _BREAKING or av in _NOT_BREAKING):
            found = found or av in _BREAKING
        else:
            return True  # unknown: assume it may
    return found != negated
