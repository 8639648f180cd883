"""The document model: text split into line blocks that remember their exact offsets.

Everything newsclean outputs is assembled from slices of the input, so kept text is
byte-identical to it.  Rules never see a copy of the text that could drift: they see
`Document.folded`, a case-folded twin of the same length, so an offset found in the
folded text is an offset in the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cached_property
from itertools import accumulate, compress, count, repeat
from operator import add
from typing import NamedTuple

# Lines are split on \n, \r\n and lone \r; a line that is only white space is a gap, not a block.
_LINE = re.compile(r"[^\r\n]+")
# str.splitlines also breaks lines at these, which are not line breaks here.
_OTHER_BREAKS = re.compile("[\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
_SENTENCE_END = frozenset(".!?…。！？)")
# Closing quotes after a sentence's end ('"We will."'); a line that ends in one without a full
# stop inside it is a headline quoting someone ('Minister: "We will"'), not a sentence.
# (German closes with “ and ‘, French with a space and » or ›.)
_CLOSERS = "\"'”’“‘»› \u00a0\u202f"
_FOLD_MAP = {
    "\r": "\n",
    "\t": " ",
    "\xa0": " ",
    "\u2007": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u202f": " ",
    "\u3000": " ",
    "\u2019": "'",
    "\u2018": "'",
    "\u02bc": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2013": "-",
    "\u2014": "-",
}


def fold(text: str) -> str:
    """Lower-case `text` and unify spaces, quotes and dashes, keeping its length.

    Rule patterns are written in this folded form, so one lower-case phrase matches
    "Share", "SHARE" and "Share\u00a0this" alike without IGNORECASE (which is slow).
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters (e.g. U+0130) grow when lowered
        lowered = "".join(c if len(low := c.lower()) != 1 else low for c in text)
    # A chain of str.replace over the few characters present is ~40x faster than
    # str.translate, whose table maps non-ASCII characters (measured on the devset).
    for char, replacement in _FOLD_MAP.items():
        if char in lowered:
            lowered = lowered.replace(char, replacement)
    return lowered


class Block(NamedTuple):
    """One non-blank line of the input: `text[start:end]`, without its line terminator.

    A NamedTuple, not a dataclass: documents have hundreds of thousands of blocks, and
    tuple construction is several times cheaper (measured with benchmarks/speed.py).
    """

    index: int
    start: int
    end: int
    text: str
    words: int

    @property
    def ends_sentence(self) -> bool:
        return self.text.rstrip().rstrip(_CLOSERS)[-1:] in _SENTENCE_END


class Document:
    """Input text, its folded twin, and its blocks in order."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Every step below runs in C over all lines at once: building the blocks one by one
        # from _LINE matches took 0.50 s of the devset's 3.9 s, this takes 0.25 s.
        starts: Iterable[int]
        if _OTHER_BREAKS.search(text) is not None:
            matches = list(_LINE.finditer(text))
            lines, starts = [m.group() for m in matches], [m.start() for m in matches]
        elif "\r" in text:
            lines = text.splitlines()
            starts = accumulate(map(len, text.splitlines(keepends=True)), initial=0)
        else:  # every line ends with one "\n"
            lines = text.splitlines()
            starts = accumulate(map(add, map(len, lines), repeat(1)), initial=0)
        words = list(map(len, map(str.split, lines)))  # 0 for an empty or blank line: a gap
        lines = list(compress(lines, words))
        self.block_starts: list[int] = list(compress(starts, words))
        ends = map(add, self.block_starts, map(len, lines))
        # tuple.__new__ is what Block._make calls, without a Python frame per block (0.04 s).
        rows = zip(count(), self.block_starts, ends, lines, compress(words, words))
        self.blocks: list[Block] = list(map(tuple.__new__, repeat(Block), rows))

    @cached_property
    def folded(self) -> str:
        return fold(self.text)

    @cached_property
    def newline(self) -> str:
        """The document's own line terminator, for output that must add one."""
        match = re.search(r"\r\n|\n|\r", self.text)
        return match.group() if match else "\n"

    def gap(self, index: int) -> str:
        """The separator between block `index - 1` and block `index` (line breaks, blank lines)."""
        return self.text[self.blocks[index - 1].end : self.blocks[index].start]

    def assemble(self, kept: list[int], spans: Mapping[int, tuple[int, int]] | None = None) -> str:
        """Join kept blocks (indices in order) with the input's own separators.

        Where removed blocks stood between two kept ones, the wider of the two
        separators around the removed run is used, so a paragraph break survives the
        removal of whatever stood in it, and no new characters appear.  `spans` gives
        the part kept of blocks whose edges were trimmed (newsclean.flattened).
        """
        if not kept:
            return ""
        # A run of consecutive kept blocks is one slice of the input, separators included;
        # slicing per run rather than per block and gap took assembly from 0.15 s to 0.03 s.
        # A trimmed block ends the run before it and starts a run of its own.
        spans = spans or {}
        parts: list[str] = []
        first = previous = kept[0]
        for index in kept[1:]:
            if index != previous + 1 or index in spans or previous in spans:
                parts.append(self._run(first, previous, spans))
                parts.append(self.gap(index) if index == previous + 1 else self._wider_gap(previous, index))
                first = index
            previous = index
        parts.append(self._run(first, previous, spans))
        return "".join(parts)

    def _run(self, first: int, last: int, spans: Mapping[int, tuple[int, int]]) -> str:
        start = spans[first][0] if first in spans else self.blocks[first].start
        end = spans[last][1] if last in spans else self.blocks[last].end
        return self.text[start:end]

    def _wider_gap(self, before: int, after: int) -> str:
        return max(self.gap(before + 1), self.gap(after), key=line_breaks)


def line_breaks(separator: str) -> int:
    return separator.count("\n") + separator.count("\r") - separator.count("\r\n")
