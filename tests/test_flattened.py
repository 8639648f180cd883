"""Pages flattened onto one line: labels trimmed from the line's edges, never its article text."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from newsclean import Cleaner
from newsclean.cli import cli
from newsclean.custom import RuleConfig
from newsclean.flattened import EDGE_CHARS, FLAT_MIN_WORDS

SENTENCE = (
    "The city council voted on Tuesday to close the harbour bridge for three months while engineers replace "
    "the corroded steel joints that inspectors found last winter."
)
BODY = " ".join([SENTENCE] * 6)  # 132 words: a page, not a paragraph


def _removed(text: str, cleaner: Cleaner | None = None, **options: str) -> list[tuple[str, str, str]]:
    result = (cleaner or Cleaner()).clean(text, **options)
    return [(r.rule, r.category, r.text) for r in result.removed]


def test_a_menu_before_the_first_sentence_is_trimmed(cleaner: Cleaner) -> None:
    text = "Home | News | Politics | Sport | " + BODY
    result = cleaner.clean(text)
    assert result.text == BODY
    (removal,) = result.removed
    menu = "Home | News | Politics | Sport | "
    assert (removal.start, removal.end, removal.text) == (0, len(menu), menu)
    assert (removal.rule, removal.category) == ("structure.flat-head", "navigation")
    assert "4 labels" in removal.reason and "before its first sentence" in removal.reason
    assert result.stats["blocks_removed"] == 0 and result.stats["spans_trimmed"] == 1


def test_a_page_that_opens_with_its_copyright_notice_keeps_the_article_after_it(cleaner: Cleaner) -> None:
    # Found by the idempotence property: trimming "Share | Share | " left a line that opened with
    # the notice, and the notice's rule (a start rule) took the whole page on the second pass.
    notice = "© 2026 Harbour Gazette Ltd. All rights reserved. | "
    words = " ".join([SENTENCE] * 3)  # 69 words after the notice's 7: no paragraph
    for text in (notice + BODY, "Share | Share | Share | " + notice + words):
        result = cleaner.clean(text)
        assert SENTENCE in result.text
        assert cleaner.clean(result.text).removed == ()


def test_a_share_bar_after_the_last_sentence_is_trimmed_word_by_word(cleaner: Cleaner) -> None:
    result = cleaner.clean(BODY + " Share Tweet Email")
    assert result.text == BODY
    removed = [(r.rule, r.category, r.text) for r in result.removed]
    assert removed == [("structure.flat-tail", "share", " Share Tweet Email")]


def test_separators_at_the_line_ends_are_trimmed_with_the_labels(cleaner: Cleaner) -> None:
    result = cleaner.clean("Home | News | Politics | " + BODY + " | Share | Tweet | ")  # (cells on both sides: a table)
    assert result.text == BODY


def test_both_edges_in_other_languages(cleaner: Cleaner) -> None:
    german = " ".join(
        [
            "Der Stadtrat hat am Dienstag beschlossen, die Parkgebühren in der Innenstadt ab Juli zu verdoppeln, "
            "und die Verwaltung will die Einnahmen in den Ausbau der Buslinien stecken."
        ]
        * 5
    )
    result = cleaner.clean("Startseite › Lokales › Politik › " + german + "  Teilen  Drucken  E-Mail")
    assert result.text == german
    assert [r.rule for r in result.removed] == ["structure.flat-head", "structure.flat-tail"]


@pytest.mark.parametrize(
    "text",
    [
        BODY + " Share",  # one chrome word: too little to go on
        "Bridges | Harbours | " + BODY,  # two labels that no rule names
        "Home News Politics Sport " + BODY,  # labels run into the text with single spaces: cannot be told apart
        "LONDON | Reuters | " + BODY,  # a dateline
        "Ten years on — the town that rebuilt itself — " + BODY,
        BODY.replace("bridge for", "bridge | for | three | four | for", 1),  # pipes in the middle
        "| Time | Location | Notes | " + BODY + " | Share | Tweet | Email |",  # a table row's cells
    ],
    ids=["lone share", "two labels", "single spaces", "dateline", "dashes", "middle", "table row"],
)
def test_what_cannot_be_told_apart_stays(cleaner: Cleaner, text: str) -> None:
    assert _removed(text, cleaner) == []


def test_a_page_that_ends_with_a_caption_credit_is_not_taken_for_a_caption(cleaner: Cleaner) -> None:
    for caption in ("A ferry crosses the river. Jane Marlow / Reuters", "The quay at dawn. (AP Photo/Tom Berry)"):
        result = cleaner.clean(BODY + " | " + caption)
        assert result.text.startswith(BODY + " | " + caption.split(".")[0])  # a credit alone may be trimmed
        assert not result.stats["blocks_removed"]
    alone = cleaner.clean("The quay at dawn. (AP Photo/Tom Berry)")  # the control: a caption on its own line
    assert [r.rule for r in alone.removed] == ["caption.agency-credit"]


def test_a_line_shorter_than_a_page_is_not_trimmed(cleaner: Cleaner) -> None:
    short = " ".join(SENTENCE.split()[: FLAT_MIN_WORDS - 8])
    assert _removed("Home | News | Politics | Sport | " + short + ".", cleaner) == []


def test_labels_up_to_the_end_of_the_window_are_not_trimmed(cleaner: Cleaner) -> None:
    labels = " | ".join(["News"] * (EDGE_CHARS // 7 + 2))
    assert len(labels) > EDGE_CHARS
    assert not [r for r in _removed(labels + " | " + BODY, cleaner) if r[0] == "structure.flat-head"]


def test_most_of_a_line_is_never_trimmed(cleaner: Cleaner) -> None:
    labels = " | ".join(["Share", "Tweet"] * 40)  # 80 chrome words, then only 20 of text
    text = " ".join(SENTENCE.split()[:20]) + ". " + labels
    assert _removed(text, cleaner) == []


def test_conservative_mode_and_disable_leave_the_line_whole() -> None:
    text = "Home | News | Politics | Sport | " + BODY + " Share | Tweet | Email"
    assert _removed(text, mode="conservative") == []
    disabled = Cleaner(config=RuleConfig(disable=("structure.flat-head",)))
    assert [rule for rule, _, _ in _removed(text, disabled)] == ["structure.flat-tail"]


def test_explain_marks_the_trimmed_edges(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Home | News | Politics | Sport | " + BODY + " Share | Tweet | Email\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["explain", str(page)], env={"NO_COLOR": "1", "COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "structure.flat-head" in result.output and "structure.flat-tail" in result.output
    assert "2 spans trimmed from line edges" in result.output
