"""Chrome at the edges of a flattened line: a page that an extractor put on one line.

Some extractors join a whole page into one line: the menu, the article, the share bar.
Such a line is mostly article text, so no block rule may remove it; what can still be
told apart is trimmed from its two edges, and the rest is kept as it stands:

- its head: a run of short labels, each set off by separators, before the first segment
  that is not one ("Home | News | Politics | The council voted ...");
- its tail: after the last segment that is not a label, labels and the chrome phrases
  that the `line` rules name, one per segment or one per word ("... on Tuesday. Share
  Tweet Email").

A run is chrome when it has ROW_MIN_LABELS labels (as newsclean.structure's label rows
need), or two words of chrome phrases: "Read more", not a lone "Share".  Only separators
and sentence ends split a line here: a menu run into the first sentence with single
spaces ("Sport The council ...") cannot be told apart, and stays.  Nothing between the
edges is ever touched; a run that reaches the end of the window looked at (EDGE_CHARS)
is not trimmed, since what lies beyond it is unknown; and a line needs sentences and no
table cells to be a page at all.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple

from newsclean.document import Block, Document
from newsclean.rules.rule import Category, Rule
from newsclean.structure import ROW_MIN_LABELS, RULE_PREFIX, SENTENCE_BREAK, is_row_label
from newsclean.verdict import Strength, Trim, Verdict

# A line of at least this many words, with this many sentences, may be a page on one line
# (a long paragraph is ~100 words); fewer sentences, and it is a flattened table or list.
FLAT_MIN_WORDS, FLAT_MIN_SENTENCES = 80, 3
# How far into a line, from each end, labels are looked for.
EDGE_CHARS = 600
# What sets segments apart: the separators of label rows but dashes, which set off clauses and
# title parts in article text ("Motormechanik – Motorsteuerung"), and white space after a sentence.
_SEGMENT_BREAK = re.compile(r"\s*[|·•›»▸►▾]\s*|\s+[/>\\]\s+|\s{2,}|\t|(?<=[.!?…])\s+|(?<=[.!?…][\"'”’»)])\s+")
_DIGIT = re.compile(r"\d")
# Cells between pipes ("| Time | Location |"): a table, which is data, however it was flattened.
_TABLE_ROW = re.compile(r"\s*\|.*\|\s*$")
# A chrome phrase is a label when it is as short as a button and no sentence: a sentence that
# a `line` rule matches ("By December we had ...") is article text inside a long line.
CHROME_MAX_WORDS = 6


class _Segment(NamedTuple):
    """A piece of a line between separators (offsets in the document), and what it is."""

    start: int
    end: int
    words: int
    categories: tuple[Category, ...]  # of the chrome phrases it is made of (itself, or one per word); () if not
    label: bool  # a chrome phrase, words that each are one ("Share Tweet Email"), or a short label


def trims(document: Document, candidates: Sequence[int], line_rule: Callable[[str], Rule | None]) -> list[Trim]:
    """The trims of the `candidates` (kept blocks) that are flattened lines, in document order.

    Segments are judged from the edge inward and only until the first that is not a label:
    most long lines open and end with a sentence, and cost one split of their edge.
    """
    found: list[Trim] = []
    text = document.text
    for index in candidates:
        block = document.blocks[index]
        if block.words < FLAT_MIN_WORDS:
            continue
        head_end = block.start
        run, stop = _edge_run(document, _pieces_forward(text, block.start, block.end), block, line_rule)
        if stop is not None and _flattened_page(block):
            head_end = stop.start
            found.append(_trim(index, block.start, head_end, run, "flat-head", "before its first sentence"))
        run, stop = _edge_run(document, _pieces_backward(text, head_end, block.end), block, line_rule)
        if stop is not None and _flattened_page(block):
            found.append(_trim(index, stop.end, block.end, run, "flat-tail", "after its last sentence"))
    return found


def _flattened_page(block: Block) -> bool:
    """The line has sentences and is no table row: a page's article, not a table or a list flattened."""
    if _TABLE_ROW.match(block.text) is not None:
        return False
    sentences = SENTENCE_BREAK.finditer(block.text)
    return all(next(sentences, None) is not None for _ in range(FLAT_MIN_SENTENCES))


# The spans between separators, from one edge of `text[start:end]` inward.  A separator is
# looked for only this far from the last: a longer piece is no label, and ends the run,
# so a line that opens with a sentence costs one short search instead of a scan of its edge.
PIECE_MAX_CHARS = 80


def _pieces_forward(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    position = start
    while position < min(end, start + EDGE_CHARS):
        found = _SEGMENT_BREAK.search(text, position, min(end, position + PIECE_MAX_CHARS))
        if found is None:
            yield position, min(end, position + PIECE_MAX_CHARS + 1)  # too long to be a label
            return
        if found.start() > position:
            yield position, found.start()
        position = found.end()


def _pieces_backward(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    position = end
    while position > max(start, end - EDGE_CHARS):
        found = None
        for found in _SEGMENT_BREAK.finditer(text, max(start, position - PIECE_MAX_CHARS), position):  # noqa: B007
            pass  # the last separator before `position` is wanted
        if found is None:
            yield max(start, position - PIECE_MAX_CHARS - 1), position  # too long to be a label
            return
        if found.end() < position:
            yield found.end(), position
        position = found.start()
        while position > start and text[position - 1].isspace():  # the window may cut a run of spaces
            position -= 1


def _segment(document: Document, first: int, last: int, line_rule: Callable[[str], Rule | None]) -> _Segment:
    words = document.folded[first:last].split()
    piece = document.text[first:last]
    if len(words) > CHROME_MAX_WORDS or last - first > PIECE_MAX_CHARS:  # no button, no label: no rule to ask
        return _Segment(first, last, len(words), (), False)
    whole = line_rule(" ".join(words))
    rules = [whole] if whole is not None else list(map(line_rule, words))
    chrome = None not in rules and piece.rstrip()[-1:] not in ".!?…"
    categories = tuple(rule.category for rule in rules if rule is not None) if chrome else ()
    label = chrome or (is_row_label(piece) and _DIGIT.search(piece) is None)
    return _Segment(first, last, len(words), categories, label)


def _edge_run(
    document: Document, pieces: Iterable[tuple[int, int]], block: Block, line_rule: Callable[[str], Rule | None]
) -> tuple[list[_Segment], _Segment | None]:
    """The labels at the edge that make a chrome run, and the segment where it stops; ([], None) if none.

    The run must stop at a segment that is not a label: a run up to the window's end might
    go on beyond it.  It must be less than half of the line.
    """
    run: list[_Segment] = []
    for first, last in pieces:
        segment = _segment(document, first, last, line_rule)
        if not segment.words:
            continue
        if not segment.label:
            chrome_words = sum(label.words for label in run if label.categories)
            enough = len(run) >= ROW_MIN_LABELS or chrome_words >= 2
            if run and enough and 2 * sum(label.words for label in run) < block.words:
                return run, segment
            break
        run.append(segment)
    return [], None


def _trim(block: int, start: int, end: int, run: Sequence[_Segment], name: str, where: str) -> Trim:
    categories = [category for segment in run for category in segment.categories]
    if categories:
        category = Counter(categories).most_common(1)[0][0]
        what = f"{len(run)} labels, {len(categories)} {category} phrases among them"
    else:
        category, what = Category.NAVIGATION, f"{len(run)} short labels"
    reason = f"a flattened line's {what}, {where}"
    return Trim(block, start, end, Verdict(category, f"{RULE_PREFIX}.{name}", reason, Strength.STRUCTURE))
