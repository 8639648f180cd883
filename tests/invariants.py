"""What must hold for every cleaning, whatever the input: checked by the property tests and the fuzz targets.

Each check raises AssertionError naming what broke.  They look at a Result only through
the input's own blocks (document.Document), never through the pipeline's reasons, so
they hold for any rule pack.
"""

from __future__ import annotations

import json

from newsclean.document import Document, line_breaks
from newsclean.io import dumps_line
from newsclean.pipeline import Cleaner
from newsclean.result import Result


def kept_blocks(text: str, result: Result) -> list[int]:
    """Indices of the input blocks that are neither removed as a whole nor the title."""
    doc = Document(text)
    removed = {(r.start, r.end) for r in result.removed}
    title = {result.title_span} if result.title_span else set()
    return [b.index for b in doc.blocks if (b.start, b.end) not in removed and (b.start, b.end) not in title]


def kept_parts(text: str, result: Result) -> dict[int, tuple[int, int]]:
    """Per kept block, the span of it that is kept: all of it, or what trims at its edges leave."""
    doc = Document(text)
    parts = {}
    for index in kept_blocks(text, result):
        block = doc.blocks[index]
        start, end = block.start, block.end
        for removal in result.removed:
            if removal.start == block.start and removal.end < block.end:
                start = removal.end
            elif removal.end == block.end and removal.start > block.start:
                end = removal.start
        parts[index] = (start, end)
    return parts


def assert_no_invented_text(text: str, result: Result) -> None:
    """Every body line is an input block or a part of one, in input order: nothing invented, nothing reordered."""
    input_blocks = [b.text for b in Document(text).blocks]
    position = 0
    for block in Document(result.text).blocks:
        found = next((i for i in range(position, len(input_blocks)) if block.text in input_blocks[i]), None)
        assert found is not None, f"body line not in the input (after block {position}): {block}"
        position = found + 1


def assert_kept_byte_identical(text: str, result: Result) -> None:
    """The body is exactly the kept blocks (or their kept parts), joined by the input's separators.

    Between blocks with removed ones between them, the wider separator around the removal.
    """
    doc = Document(text)
    parts = kept_parts(text, result)
    kept = list(parts)
    expected = ""
    for position, index in enumerate(kept):
        if position:
            previous = kept[position - 1]
            if index == previous + 1:
                expected += doc.gap(index)
            else:
                before, after = doc.gap(previous + 1), doc.gap(index)
                assert line_breaks(before) >= 1 and line_breaks(after) >= 1, (before, after)
                expected += before if line_breaks(before) >= line_breaks(after) else after
        start, end = parts[index]
        expected += text[start:end]
    assert result.text == expected, "the body is not the kept blocks with the input's separators"
    if result.text:
        assert result.render(title=False) == result.text + doc.newline


def assert_every_character_accounted(text: str, result: Result) -> None:
    """Title, removed spans and kept parts tile the input's lines; what lies between them is white space.

    So no character of the input is lost without a trace: it is in the body, the title, a
    `removed` span (with `input[start:end] == text`), or a blank separator.  A removed span
    is a whole block, or a trim at a kept block's edge.
    """
    doc = Document(text)
    blocks = {(b.start, b.end): b for b in doc.blocks}
    parts = kept_parts(text, result)
    whole = [(r.start, r.end) for r in result.removed if (r.start, r.end) in blocks]
    trims = [(r.start, r.end) for r in result.removed if (r.start, r.end) not in blocks]
    for removal in result.removed:
        assert text[removal.start : removal.end] == removal.text, removal
        assert removal.category and removal.rule and removal.reason, removal
    kept_spans = {doc.blocks[i].start: doc.blocks[i] for i in parts}
    for start, end in trims:
        block = next((b for b in kept_spans.values() if b.start <= start and end <= b.end), None)
        assert block is not None and (start == block.start or end == block.end), f"removed span {start, end} is no trim"
    removed = [(r.start, r.end) for r in result.removed]
    assert removed == sorted(set(removed)), "removed spans out of order or repeated"
    title = [result.title_span] if result.title_span is not None else []
    if result.title_span is not None:
        assert result.title_span in blocks and result.title_span not in whole, result.title_span
        assert text[result.title_span[0] : result.title_span[1]] == result.title
    else:
        assert result.title is None
    assert len(whole) + len(title) + len(parts) == len(blocks), "a block is counted twice or not at all"
    position = 0
    for start, end in [*sorted(removed + title + list(parts.values())), (len(text), len(text))]:
        assert text[position:start].isspace() or position == start, f"characters {position}..{start} unaccounted"
        position = end
    assert len(Document(result.text).blocks) == len(parts)
    stats = result.stats
    assert (stats["chars_in"], stats["chars_out"]) == (len(text), len(result.text))
    assert (stats["blocks"], stats["blocks_removed"], stats["spans_trimmed"]) == (len(blocks), len(whole), len(trims))
    assert sum(stats["removed_chars"].values()) == sum(len(r.text) for r in result.removed)


def assert_json_round_trips(text: str, result: Result) -> None:
    """The JSON form parses back to the same object, escaped or not, and its spans index the input."""
    data = result.to_dict()
    for ensure_ascii in (True, False):
        assert json.loads(json.dumps(data, ensure_ascii=ensure_ascii)) == data
    assert json.loads(dumps_line(data)) == data
    assert [r["text"] for r in data["removed"]] == [text[r["start"] : r["end"]] for r in data["removed"]]


# The language every pack applies under: one that no pack is for (see Cleaner.ruleset_for).
ALL_PACKS = "*"


def assert_idempotent(cleaner: Cleaner, result: Result) -> None:
    """The body of a clean document is clean: a second pass in the same language keeps every line, finds no title.

    In the same language, not a new guess: the guess is made from the whole text, and the
    chrome the first pass removed is often what told the language (an English paywall
    notice around "10 Euro pro Monat").  Guessed anew from the body, another pack can
    apply and find chrome the first pass's packs do not know (README, "Cleaning twice").
    Nor after a fallback (`stats.fallback`): the first pass judged the whole document and
    kept what its other passes removed; the body, without the direct removals that tipped
    the balance, may be judged otherwise.
    """
    if result.stats["fallback"] is not None:
        return
    second = cleaner.clean(result.text, language=result.stats["language"] or ALL_PACKS)
    assert second.removed == (), f"second pass removed {[(r.rule, r.text) for r in second.removed]}"
    assert second.title is None, f"second pass found the title {second.title!r}"
    assert second.text == result.text


def check_cleaning(cleaner: Cleaner, text: str, *, idempotence: bool = True) -> Result:
    """Cleans `text` and checks every invariant above; returns the result."""
    result = cleaner.clean(text, source="input.txt")
    assert_no_invented_text(text, result)
    assert_kept_byte_identical(text, result)
    assert_every_character_accounted(text, result)
    assert_json_round_trips(text, result)
    if idempotence:
        assert_idempotent(cleaner, result)
    return result
