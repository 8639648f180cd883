"""The document model: text split into line blocks that remember their exact offsets.

Everything newsclean outputs is assembled from slices of the input, so kept text is
byte-identical to it.  Rules never see a copy of the text that could drift: they see
`Document.folded`, a case-folded twin of the same length, so an offset found in the
folded text is an offset in the original.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import NamedTuple

# Lines are split on \n, \r\n and lone \r; a line that is only white space is a gap, not a block.
_LINE = re.compile(r"[^\r\n]+")
_SENTENCE_END = frozenset(".!?…。！？\"'”’»)")
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
        return self.text.rstrip()[-1:] in _SENTENCE_END


class Document:
    """Input text, its folded twin, and its blocks in order."""

    def __init__(self, text: str) -> None:
        self.text = text
        lines = (m for m in _LINE.finditer(text) if not m.group().isspace())
        self.blocks: list[Block] = [
            Block(i, m.start(), m.end(), m.group(), len(m.group().split())) for i, m in enumerate(lines)
        ]

    @cached_property
    def folded(self) -> str:
        return fold(self.text)

    @cached_property
    def block_starts(self) -> list[int]:
        return [b.start for b in self.blocks]

    @cached_property
    def newline(self) -> str:
        """The document's own line terminator, for output that must add one."""
        match = re.search(r"\r\n|\n|\r", self.text)
        return match.group() if match else "\n"

    def gap(self, index: int) -> str:
        """The separator between block `index - 1` and block `index` (line breaks, blank lines)."""
        return self.text[self.blocks[index - 1].end : self.blocks[index].start]

    def assemble(self, kept: list[int]) -> str:
        """Join kept blocks (indices in order) with the input's own separators.

        Where removed blocks stood between two kept ones, the wider of the two
        separators around the removed run is used, so a paragraph break survives the
        removal of whatever stood in it, and no new characters appear.
        """
        parts: list[str] = []
        previous = -1
        for index in kept:
            if parts:
                if index == previous + 1:
                    parts.append(self.gap(index))
                else:
                    parts.append(max(self.gap(previous + 1), self.gap(index), key=line_breaks))
            parts.append(self.blocks[index].text)
            previous = index
        return "".join(parts)


def line_breaks(separator: str) -> int:
    return separator.count("\n") + separator.count("\r") - separator.count("\r\n")
