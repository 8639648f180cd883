"""The document model: blocks with exact offsets, length-keeping fold, assembly from input slices."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsclean.document import Document, fold, line_breaks
from newsclean.result import Result

# Characters that make line splitting and folding interesting.
_TRICKY = "aB \t\xa0\u2019\u201c\u201d\u00ab\u00bb\u2013\u2014İßΣ\u3000\u202f"
_lines = st.text(alphabet=st.sampled_from([*_TRICKY, "x", "Y", "."]), max_size=12)
_separators = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\r\r", "  \n", "\n \t\n", "\n\xa0\n"])


@st.composite
def documents(draw: st.DrawFn) -> str:
    lines = draw(st.lists(_lines, max_size=12))
    parts: list[str] = [draw(st.sampled_from(["", "\n", " \n", "\r\n"]))]
    for line in lines:
        parts += [line, draw(_separators)]
    return "".join(parts)


def _expected_lines(text: str) -> list[str]:
    """Non-blank lines of `text`, split on \\n, \\r\\n and lone \\r (an independent reference)."""
    return [line for line in re.split(r"\r\n|\r|\n", text) if line and not line.isspace()]


# --- blocks ----------------------------------------------------------------------------


def test_blocks_split_on_lf_crlf_and_lone_cr() -> None:
    doc = Document("one\ntwo\r\nthree\rfour")
    assert [b.text for b in doc.blocks] == ["one", "two", "three", "four"]


def test_crlf_is_one_terminator_not_an_empty_line() -> None:
    doc = Document("one\r\ntwo")
    assert len(doc.blocks) == 2
    assert doc.gap(1) == "\r\n"


def test_whitespace_only_lines_are_gaps_not_blocks() -> None:
    text = "first\n   \n\t\n\xa0\nsecond\n\n\u3000\nthird"
    doc = Document(text)
    assert [b.text for b in doc.blocks] == ["first", "second", "third"]
    assert doc.gap(1) == "\n   \n\t\n\xa0\n"


def test_blocks_keep_exact_offsets_and_inner_whitespace() -> None:
    text = "\n\n  indented line\t\r\nnbsp\xa0inside \u201cquoted\u201d\r\n\r\n  \r\nlast"
    doc = Document(text)
    assert [b.text for b in doc.blocks] == ["  indented line\t", "nbsp\xa0inside \u201cquoted\u201d", "last"]
    for block in doc.blocks:
        assert text[block.start : block.end] == block.text


def test_block_indices_and_word_counts() -> None:
    doc = Document("Share this\n\nA sentence of exactly six words.\nx")
    assert [b.index for b in doc.blocks] == [0, 1, 2]
    assert [b.words for b in doc.blocks] == [2, 6, 1]


@pytest.mark.parametrize(
    ("line", "ends"),
    [
        ("He left.", True),
        ('"We will stay," she said.', True),
        ('She said: "We will stay."', True),
        ("Er sagte: „Wir bleiben.“", True),
        ("Il a dit : « Nous restons. »", True),
        ("Was it worth it? :)", True),
        ('Minister on the strike: "We will not give in"', False),  # a headline quoting someone
        ("Ministra: «No vamos a ceder»", False),
        ("Kanzler: „Wir schaffen das“", False),
        ("Zum Deal »", False),  # an arrow, not a closing quote
        ("More from the Gazette", False),
    ],
)
def test_a_sentence_ends_in_a_full_stop_or_mark_before_any_closing_quotes(line: str, ends: bool) -> None:
    assert Document(line).blocks[0].ends_sentence is ends


def test_empty_and_blank_documents_have_no_blocks() -> None:
    assert Document("").blocks == []
    assert Document(" \n\r\n\t\r").blocks == []


@given(documents())
def test_blocks_are_exact_slices_in_order(text: str) -> None:
    doc = Document(text)
    assert [b.text for b in doc.blocks] == _expected_lines(text)
    previous_end = -1
    for index, block in enumerate(doc.blocks):
        assert block.index == index
        assert text[block.start : block.end] == block.text
        assert block.start > previous_end
        assert "\n" not in block.text and "\r" not in block.text
        assert not block.text.isspace()
        previous_end = block.end


@pytest.mark.parametrize(
    ("text", "newline"),
    [("a\nb\r\nc", "\n"), ("a\r\nb\nc", "\r\n"), ("a\rb\nc", "\r"), ("no line break", "\n")],
)
def test_document_newline_is_the_first_terminator(text: str, newline: str) -> None:
    assert Document(text).newline == newline


# --- fold ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "İstanbul",
        "STRAẞE und Straße",
        "Share\xa0this",
        "\u201cquoted\u201d \u2018single\u2019",
        "a\u2013b\u2014c",
        "İİİ x",
    ],
)
def test_fold_keeps_length(text: str) -> None:
    assert len(fold(text)) == len(text)


def test_fold_lowercases_and_unifies_spaces_quotes_and_dashes() -> None:
    assert fold("SHARE\xa0This") == "share this"
    assert fold("Don\u2019t \u201cQuote\u201d \u00abMe\u00bb") == 'don\'t "quote" "me"'
    assert fold("A\u2013B\u2014C") == "a-b-c"
    assert fold("Tab\there") == "tab here"


def test_fold_turns_carriage_returns_into_line_feeds_in_place() -> None:
    assert fold("A\r\nB\rC") == "a\n\nb\nc"


def test_fold_of_dotted_capital_i_keeps_positions_of_what_follows() -> None:
    folded = fold("İ Share")
    assert len(folded) == len("İ Share")
    assert folded.endswith(" share")


@given(st.text())
def test_fold_keeps_length_for_any_text(text: str) -> None:
    assert len(fold(text)) == len(text)


@given(st.text(alphabet=st.characters(codec="ascii")))
def test_fold_of_ascii_is_lowercase_with_tabs_and_crs_unified(text: str) -> None:
    assert fold(text) == text.lower().replace("\t", " ").replace("\r", "\n")


@given(documents())
def test_folded_offsets_are_original_offsets(text: str) -> None:
    doc = Document(text)
    folded = doc.folded
    assert len(folded) == len(text)
    for block in doc.blocks:
        # A folded block is still one line at the same place (line breaks stay line breaks).
        piece = folded[block.start : block.end]
        assert "\n" not in piece
        assert len(piece) == len(block.text)


# --- assemble --------------------------------------------------------------------------


def test_assemble_copies_the_separator_between_adjacent_blocks() -> None:
    text = "A\n\nB\r\nC\rD"
    doc = Document(text)
    assert doc.assemble([0, 1, 2, 3]) == text
    assert doc.assemble([1, 2]) == "B\r\nC"
    assert doc.assemble([2, 3]) == "C\rD"


def test_assemble_uses_the_wider_separator_around_a_removed_run() -> None:
    doc = Document("A\n\nB\nC\nD")
    assert doc.assemble([0, 3]) == "A\n\nD"  # the paragraph break before B survives
    doc = Document("A\nB\nC\n\n\nD")
    assert doc.assemble([0, 3]) == "A\n\n\nD"
    doc = Document("A\nB\nC")
    assert doc.assemble([0, 2]) == "A\nC"  # nothing new appears


def test_assemble_keeps_crlf_and_lone_cr_separators_around_removed_runs() -> None:
    doc = Document("A\r\n\r\nB\r\nC")
    assert doc.assemble([0, 2]) == "A\r\n\r\nC"
    doc = Document("A\rB\r\rC")
    assert doc.assemble([0, 2]) == "A\r\rC"


def test_assemble_keeps_whitespace_only_lines_inside_a_copied_separator() -> None:
    doc = Document("A\n  \nB")
    assert doc.assemble([0, 1]) == "A\n  \nB"


def test_assemble_drops_leading_and_trailing_blank_lines() -> None:
    text = "\n\n  \nA\n\nB\n\n\n"
    assert Document(text).assemble([0, 1]) == "A\n\nB"


def test_assemble_keeps_nbsp_tabs_and_curly_quotes_byte_for_byte() -> None:
    line = "Le pr\u00e9fet a parl\u00e9\xa0: \u00ab\xa0non\xa0\u00bb,\tsaid \u201cshe\u201d \u2014 twice"
    text = f"Share\r\n\r\n{line}\r\nPrint\r\n"
    doc = Document(text)
    assert doc.assemble([1]) == line


def test_assemble_of_nothing_is_empty() -> None:
    assert Document("A\nB").assemble([]) == ""


@given(documents(), st.data())
def test_assemble_is_made_of_input_slices_with_the_widest_separator(text: str, data: st.DataObject) -> None:
    doc = Document(text)
    n = len(doc.blocks)
    kept = sorted(data.draw(st.sets(st.integers(0, max(n - 1, 0)), max_size=n)) if n else [])
    out = doc.assemble(kept)
    # Reconstruct independently from the specification.
    expected = ""
    for position, index in enumerate(kept):
        if position:
            previous = kept[position - 1]
            if index == previous + 1:
                expected += text[doc.blocks[previous].end : doc.blocks[index].start]
            else:
                before = text[doc.blocks[previous].end : doc.blocks[previous + 1].start]
                after = text[doc.blocks[index - 1].end : doc.blocks[index].start]
                expected += before if line_breaks(before) >= line_breaks(after) else after
        expected += doc.blocks[index].text
    assert out == expected
    if kept == list(range(n)) and n:
        assert out == text[doc.blocks[0].start : doc.blocks[-1].end]


@pytest.mark.parametrize(
    ("separator", "count"), [("\n", 1), ("\r\n", 1), ("\r", 1), ("\n\n", 2), ("\r\n\r\n", 2), ("\r\r", 2), ("\n \n", 2)]
)
def test_line_breaks_counts_crlf_once(separator: str, count: int) -> None:
    assert line_breaks(separator) == count


# --- render ----------------------------------------------------------------------------


def test_render_puts_title_blank_line_body_and_one_final_terminator_in_document_style() -> None:
    result = Result(title="Head", text="Body one\r\n\r\nBody two", removed=(), stats={}, newline="\r\n")
    assert result.render() == "Head\r\n\r\nBody one\r\n\r\nBody two\r\n"
    assert result.render(title=False) == "Body one\r\n\r\nBody two\r\n"


def test_render_without_title_or_body() -> None:
    assert Result(title=None, text="Body", removed=(), stats={}).render() == "Body\n"
    assert Result(title="Only a title", text="", removed=(), stats={}).render() == "Only a title\n"
    assert Result(title=None, text="", removed=(), stats={}).render() == ""
