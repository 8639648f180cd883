"""Golden files: every fixture article cleans to exactly its `.expected.txt`.

Both files are read as UTF-8 with newline="" so CRLF and lone CR survive the reading.
Mismatches show a line diff.  Fixtures whose rules are still being written fail here on
purpose: the expected files are the specification.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import pytest
from invariants import assert_every_character_accounted, assert_no_invented_text

from newsclean import Cleaner
from newsclean.document import Document

REPO_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = REPO_ROOT / "fixtures" / "articles"
SAMPLES = REPO_ROOT.parent / "shared" / "samples"


def _read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as file:
        return file.read()


def _expected_path(source: Path) -> Path:
    return source.with_name(source.name.removesuffix(".txt") + ".expected.txt")


def _golden_pairs() -> list[Path]:
    sources = sorted(p for p in FIXTURES.glob("*.txt") if not p.name.endswith(".expected.txt"))
    return [p for p in sources if _expected_path(p).exists()]


GOLDEN = _golden_pairs()


def _diff(expected: str, actual: str, name: str) -> str:
    lines = difflib.unified_diff(
        expected.splitlines(keepends=True),
        actual.splitlines(keepends=True),
        fromfile=f"{name} (expected)",
        tofile=f"{name} (actual)",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def test_there_are_golden_fixtures() -> None:
    assert len(GOLDEN) >= 20
    for source in GOLDEN:
        assert not source.name.endswith(".expected.txt")


@pytest.mark.parametrize("source", GOLDEN, ids=[p.name for p in GOLDEN])
def test_fixture_cleans_to_expected(cleaner: Cleaner, source: Path) -> None:
    text = _read(source)
    expected = _read(_expected_path(source))
    actual = cleaner.clean(text, source=source.name).render()
    assert actual == expected, "\n" + _diff(expected, actual, source.name)


@pytest.mark.parametrize("source", GOLDEN, ids=[p.name for p in GOLDEN])
def test_fixture_output_is_made_of_input_lines(cleaner: Cleaner, source: Path) -> None:
    """Whatever the verdicts, the output only ever contains input lines (or their trimmed middles), in order."""
    text = _read(source)
    result = cleaner.clean(text)
    assert_no_invented_text(text, result)
    assert_every_character_accounted(text, result)


@pytest.mark.parametrize("source", GOLDEN, ids=[p.name for p in GOLDEN])
def test_expected_files_follow_the_fixture_conventions(source: Path) -> None:
    """Check the golden files themselves: headline, blank line, body lines taken from the input."""
    text = _read(source)
    expected = _read(_expected_path(source))
    newline = Document(text).newline
    assert expected.endswith(newline) and not expected.endswith(newline * 2)
    input_blocks = [b.text for b in Document(text).blocks]
    expected_blocks = [b.text for b in Document(expected).blocks]
    head, blank, _ = expected.partition(newline * 2)
    assert blank, "the headline is followed by one empty line"
    assert head == expected_blocks[0] and head in input_blocks
    position = 0
    for line in expected_blocks:
        # A page flattened onto one line keeps the middle of that line (newsclean.flattened).
        found = [i for i in range(position, len(input_blocks)) if _kept_from(line, input_blocks[i], source)]
        assert found, f"{line!r} is not an input line (in order)"
        position = found[0] + 1


def _kept_from(line: str, input_line: str, source: Path) -> bool:
    """The expected line is the input line, or for a flattened fixture a piece of it."""
    return line == input_line or ("-flattened-" in source.name and line in input_line)


# --- shared sample outside the repository ------------------------------------------------------

MOSCOW = SAMPLES / "moscow-times.txt"
needs_samples = pytest.mark.skipif(not MOSCOW.exists(), reason=f"{MOSCOW} not present (shared samples are optional)")


@needs_samples
def test_moscow_times_body(cleaner: Cleaner) -> None:
    text = _read(MOSCOW)
    expected = _read(SAMPLES / "moscow-times.expected.txt")
    actual = cleaner.clean(text).render(title=False)
    assert actual == expected, "\n" + _diff(expected, actual, MOSCOW.name)


@needs_samples
def test_moscow_times_title(cleaner: Cleaner) -> None:
    text = _read(MOSCOW)
    lines = re.split(r"\r\n|\r|\n", text)
    labels = [row.split("\t") for row in _read(SAMPLES / "moscow-times.labels.tsv").splitlines()[1:] if row.strip()]
    (title_row,) = [row for row in labels if row[1] == "title"]
    line_number, _, label_text = title_row
    # The labels file may shorten long lines; the input line it points at is the full title.
    title = lines[int(line_number) - 1]
    assert title.startswith(label_text)
    assert cleaner.clean(text).title == title
