"""Hostile and odd input (issue 6): each kind a scrape dump can hold, and what newsclean does with it.

Each test names the input, runs it the way a pipeline would (the library, the command
line in-process, or the batch job) and checks that nothing is lost or invented, or that
the error names the file and the place.  The big inputs (a 50 MB line, a million lines)
run at full size: if they get slow, that is a bug in the cleaner, not in the test.
"""

from __future__ import annotations

import codecs
import errno
import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from invariants import check_cleaning

from newsclean import Cleaner
from newsclean.batch import CleanOptions, LineChunk, clean_chunk, clean_records
from newsclean.cli import cli
from newsclean.io import MAX_JSON_DEPTH
from newsclean.rules.rule import MAX_LEAD_DECOR

ARTICLE = [
    "The city council voted on Tuesday to close the old harbour bridge for six months while engineers replace "
    "its corroded steel joints.",
    "Officials said the work had been postponed twice because of funding disputes, and that the cost had risen "
    "by almost a third.",
    "Traders at the fish market said they expected fewer customers during the closure, although a ferry will "
    "carry pedestrians across.",
]
CHROME = ["Share", "Sign up for our newsletter", "Advertisement", "Accept all cookies", "Donate now"]
# Chrome around the article: a line that is removed, between paragraphs that are kept.
PAGE = "\n\n".join([ARTICLE[0], "Advertisement", ARTICLE[1], "Share", ARTICLE[2]]) + "\n"
BODY = "\n\n".join(ARTICLE)


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner().prepare()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def newsclean(runner: CliRunner, *args: str, input: bytes | None = None) -> Result:
    return runner.invoke(cli, list(args), input=input, catch_exceptions=False)


def write(path: Path, data: bytes) -> str:
    path.write_bytes(data)
    return str(path)


def jsonl(*records: object) -> bytes:
    return b"".join(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n" for record in records)


# --- sizes ---------------------------------------------------------------------------------------


def test_a_50_mb_single_line_comes_out_whole(runner: CliRunner, tmp_path: Path) -> None:
    """One line of 50 MB (a page scraped without its line breaks) is one prose block: kept as it is."""
    line = (ARTICLE[0] + " ") * (50_000_000 // (len(ARTICLE[0]) + 1))
    path = write(tmp_path / "line.txt", line.encode("utf-8"))
    result = newsclean(runner, "--no-title", path)
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == line.encode("utf-8") + b"\n"  # its final space too: kept text is the input


def test_a_million_one_character_lines_are_each_kept_or_accounted_for(cleaner: Cleaner) -> None:
    letters = "abcdefghijklmnopqrstuvwxyz0123456789.,;:!?-*#"
    text = "".join(letters[number % len(letters)] + "\n" for number in range(1_000_000))
    result = cleaner.clean(text)
    assert result.stats["blocks"] == 1_000_000
    # invariants.assert_every_character_accounted, cut to this input's shape: it alone took 12 s here.
    assert all(text[start:end] == removed and end == start + 1 for start, end, *_, removed in result.removed)
    gone = {removal.start for removal in result.removed} | ({result.title_span[0]} if result.title_span else set())
    kept = [text[start] for start in range(0, len(text), 2) if start not in gone]
    assert len(kept) + len(result.removed) + (result.title is not None) == 1_000_000
    assert result.text == "\n".join(kept)  # every separator is one "\n": so is the wider one around removals


def test_a_huge_jsonl_record_with_many_fields_is_cleaned_and_keeps_them_all() -> None:
    fields = {f"field{number}": number for number in range(100_000)}
    text = PAGE * 20_000  # 8 MB
    [line] = clean_records([jsonl({**fields, "text": text})], CleanOptions())
    record = json.loads(line)
    assert record.pop("text") == Cleaner().clean(text).text
    assert record.pop("title") is None
    assert record == fields


@pytest.mark.parametrize("run", [" ", "-", "» ", ". ", "'"])
def test_a_line_with_a_huge_run_of_decoration_before_chrome_wording_is_cleaned_in_linear_time(
    cleaner: Cleaner, run: str
) -> None:
    """A line of 100,000 spaces (or dashes, dots) and then "getty images x": once quadratic, about an hour.

    Anchored patterns skip a block's leading decoration; patterns that may themselves open
    with spaces or punctuation were tried at every length of it (16,000 spaces: 19 s).
    """
    text = f"{ARTICLE[0]}\n{run * 50_000}getty images x\n{run * 50_000}by jane marlow, reporter\n{ARTICLE[1]}\n"
    started = time.process_time()
    check_cleaning(cleaner, text)
    assert time.process_time() - started < 10


def test_decoration_up_to_the_bound_before_a_button_still_makes_it_chrome(cleaner: Cleaner) -> None:
    """Anchored rules skip at most MAX_LEAD_DECOR characters of decoration: enough for any real button."""
    for decoration, removed in (("» " * (MAX_LEAD_DECOR // 2), True), (" " * (MAX_LEAD_DECOR + 1), False)):
        result = cleaner.clean(f"{ARTICLE[0]}\n\n{decoration}Share\n\n{ARTICLE[1]}\n")
        assert [removal.text for removal in result.removed] == ([f"{decoration}Share"] if removed else [])


# --- nothing to clean ------------------------------------------------------------------------------


def test_a_page_of_only_chrome_gives_an_empty_body_with_every_line_explained(
    cleaner: Cleaner, runner: CliRunner, tmp_path: Path
) -> None:
    text = "\n".join(CHROME) + "\n"
    result = check_cleaning(cleaner, text)
    assert (result.title, result.text) == (None, "")
    assert [removal.text for removal in result.removed] == CHROME
    done = newsclean(runner, write(tmp_path / "chrome.txt", text.encode()))
    assert (done.exit_code, done.stdout_bytes) == (0, b"")


@pytest.mark.parametrize("text", ["", " ", "\n", "\r\n\r\n", " \t\n\u00a0\n\u3000\r", "\n" * 10_000])
def test_empty_and_whitespace_only_input_gives_nothing_and_removes_nothing(
    cleaner: Cleaner, runner: CliRunner, tmp_path: Path, text: str
) -> None:
    result = check_cleaning(cleaner, text)
    assert (result.title, result.text, result.removed) == (None, "", ())
    done = newsclean(runner, write(tmp_path / "blank.txt", text.encode()))
    assert (done.exit_code, done.stdout_bytes, done.stderr) == (0, b"", "")


def test_an_empty_jsonl_file_gives_no_records(runner: CliRunner, tmp_path: Path) -> None:
    done = newsclean(runner, "--jsonl", "-q", write(tmp_path / "empty.jsonl", b""))
    assert (done.exit_code, done.stdout_bytes, done.stderr) == (0, b"", "")


# --- bytes that are not (UTF-8) text ------------------------------------------------------------


def test_nul_bytes_are_an_error_naming_the_file_and_offset_or_kept_with_errors_replace(
    runner: CliRunner, tmp_path: Path
) -> None:
    data = PAGE.encode().replace(b"Share", b"Sh\x00re")
    path = write(tmp_path / "nul.txt", data)
    done = newsclean(runner, path)
    assert done.exit_code == 1 and done.stdout_bytes == b""
    assert f"{path}: looks like a binary file (NUL byte at byte offset {data.index(0)})" in done.stderr
    done = newsclean(runner, "--no-title", "--errors", "replace", path)
    assert done.exit_code == 0
    assert b"Sh\x00re" in done.stdout_bytes  # not chrome any more, and passed through byte for byte


def test_invalid_utf8_is_an_error_naming_the_file_and_byte_offset(runner: CliRunner, tmp_path: Path) -> None:
    data = (ARTICLE[0] + "\n\nCaf\u00e9 au lait, cr\u00e8me br\u00fbl\u00e9e.\n").encode("latin-1")
    path = write(tmp_path / "latin1.txt", data)
    done = newsclean(runner, path)
    assert done.exit_code == 1 and done.stdout_bytes == b""
    assert f"{path}: not valid UTF-8 (byte offset {data.index(0xE9)}:" in done.stderr
    assert "--errors replace" in done.stderr


def test_errors_replace_reads_invalid_utf8_as_replacement_characters(runner: CliRunner, tmp_path: Path) -> None:
    data = (ARTICLE[0] + "\n\nCaf\u00e9 au lait.\n").encode("latin-1")
    done = newsclean(runner, "--no-title", "--errors", "replace", write(tmp_path / "latin1.txt", data))
    assert done.exit_code == 0
    assert done.stdout == ARTICLE[0] + "\n\nCaf\ufffd au lait.\n"


def test_invalid_utf8_in_a_jsonl_line_names_the_line_and_offset_and_the_rest_is_cleaned(
    runner: CliRunner, tmp_path: Path
) -> None:
    bad = b'{"text": "caf\xe9"}\n'
    path = write(tmp_path / "dump.jsonl", jsonl({"text": PAGE}) + bad + jsonl({"text": PAGE}))
    done = newsclean(runner, "--jsonl", "-q", path)
    assert done.exit_code == 1
    assert f"{path}:2: not valid UTF-8 (byte offset {bad.index(0xE9)}:" in done.stderr
    lines = done.stdout_bytes.splitlines(keepends=True)
    assert [json.loads(lines[0])["text"], lines[1], json.loads(lines[2])["text"]] == [BODY, bad, BODY]


def test_a_utf8_byte_order_mark_is_dropped(runner: CliRunner, tmp_path: Path) -> None:
    plain = newsclean(runner, write(tmp_path / "plain.txt", PAGE.encode()))
    marked = newsclean(runner, write(tmp_path / "bom.txt", codecs.BOM_UTF8 + PAGE.encode()))
    assert marked.exit_code == 0 and marked.stdout_bytes == plain.stdout_bytes == (BODY + "\n").encode()
    dump = newsclean(runner, "--jsonl", "-q", write(tmp_path / "bom.jsonl", codecs.BOM_UTF8 + jsonl({"text": PAGE})))
    assert dump.exit_code == 0 and json.loads(dump.stdout_bytes)["text"] == BODY


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_files_with_a_byte_order_mark_are_cleaned_into_utf8(
    runner: CliRunner, tmp_path: Path, encoding: str
) -> None:
    text = PAGE.replace("\n", "\r\n")
    # "utf-16" and "utf-32" write a byte order mark; the codecs that name the byte order do not.
    data = text.encode(encoding) if encoding.endswith(("16", "32")) else _with_bom(text, encoding)
    done = newsclean(runner, write(tmp_path / "wide.txt", data))
    assert done.exit_code == 0, done.stderr
    assert done.stdout_bytes == (BODY.replace("\n", "\r\n") + "\r\n").encode("utf-8")


def _with_bom(text: str, encoding: str) -> bytes:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}[encoding]
    return bom + text.encode(encoding)


def test_a_utf16_jsonl_file_is_an_error_that_says_how_to_convert_it(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path / "wide.jsonl", jsonl({"text": PAGE}).decode().encode("utf-16"))
    done = newsclean(runner, "--jsonl", "-q", path)
    assert done.exit_code == 1
    assert f"{path}:1: UTF-16 text; JSON Lines must be UTF-8 (iconv -f UTF-16 -t UTF-8)" in done.stderr


# --- line endings and scripts --------------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "lone-cr"])
def test_crlf_and_lone_cr_line_endings_are_kept_in_the_output(runner: CliRunner, tmp_path: Path, newline: str) -> None:
    page = PAGE.replace("\n", newline)
    done = newsclean(runner, "--no-title", write(tmp_path / "page.txt", page.encode()))
    assert done.exit_code == 0
    assert done.stdout_bytes == (BODY.replace("\n", newline) + newline).encode()


def test_mixed_line_endings_are_each_kept_where_they_stood(cleaner: Cleaner) -> None:
    page = f"{ARTICLE[0]}\r\n{ARTICLE[1]}\rShare\n\n{ARTICLE[2]}\r\n"
    result = check_cleaning(cleaner, page)
    assert result.text == f"{ARTICLE[0]}\r\n{ARTICLE[1]}\n\n{ARTICLE[2]}"


RIGHT_TO_LEFT_AND_CJK = [
    "صوّت مجلس المدينة يوم الثلاثاء على إغلاق جسر الميناء القديم لمدة ستة أشهر بينما يستبدل المهندسون مفاصله الفولاذية.",
    "\u200fהמועצה העירונית הצביעה ביום שלישי על סגירת גשר הנמל הישן למשך שישה חודשים.\u200f",
    "市议会周二投票决定关闭旧港口大桥六个月，工程师将更换其锈蚀的钢接头。",
    "市議会は火曜日、技術者が腐食した鋼製の継ぎ目を交換する間、古い港の橋を六か月間閉鎖することを決めた。",
    "시의회는 화요일 기술자들이 부식된 강철 이음매를 교체하는 동안 옛 항구 다리를 6개월간 폐쇄하기로 의결했다.",
    "\u202bمقال مع \u202aEnglish words\u202c في وسطه\u202c 🌉 والجسر مغلق.",
]


def test_right_to_left_and_cjk_text_is_kept_byte_for_byte_with_code_point_offsets(
    cleaner: Cleaner, runner: CliRunner, tmp_path: Path
) -> None:
    page = "\n\n".join([RIGHT_TO_LEFT_AND_CJK[0], "Share", *RIGHT_TO_LEFT_AND_CJK[1:]]) + "\n"
    result = check_cleaning(cleaner, page)
    assert result.text == "\n\n".join(RIGHT_TO_LEFT_AND_CJK)
    [share] = result.removed
    assert page[share.start : share.end] == "Share"  # offsets count code points, not bytes
    done = newsclean(runner, "--format", "json", write(tmp_path / "rtl.txt", page.encode()))
    assert json.loads(done.stdout)["text"] == result.text


# --- JSON Lines that are not records ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b"[1, 2, 3]", "a JSON array, not an object"),
        (b"42", "a JSON number, not an object"),
        (b"-0.5e3", "a JSON number, not an object"),
        (b'"text"', "a JSON string, not an object"),
        (b"null", "a JSON null, not an object"),
        (b"true", "a JSON boolean, not an object"),
        (b'{"text": ["Share"]}', "field 'text' is a JSON array, not a string"),
        (b'{"text": 1e999}', "field 'text' is a JSON number, not a string"),
    ],
)
def test_a_jsonl_line_that_is_not_a_record_passes_through_and_is_reported(
    runner: CliRunner, tmp_path: Path, line: bytes, reason: str
) -> None:
    path = write(tmp_path / "odd.jsonl", jsonl({"text": PAGE}) + line + b"\n" + jsonl({"text": PAGE}))
    done = newsclean(runner, "--jsonl", "-q", path)
    assert done.exit_code == 1
    assert done.stderr == f"newsclean: {path}:2: {reason} (passed through unchanged)\n"
    lines = done.stdout_bytes.splitlines(keepends=True)
    assert [json.loads(lines[0])["text"], lines[1], json.loads(lines[2])["text"]] == [BODY, line + b"\n", BODY]


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 990, 100_000])
def test_a_record_nested_too_deeply_is_reported_at_any_depth_of_the_caller(depth: int) -> None:
    """The same line gets the same verdict however deep the stack that reads it (a worker's, the main one's)."""
    line = b'{"x": ' + b"[" * depth + b"]" * depth + b', "text": "Share"}\n'
    results = [_clean_at_stack_depth(line, extra) for extra in (0, 300)]
    for out, messages in results:
        assert out == [line]
        assert [message.split(": ", 1)[1] for message in messages] == [
            f"JSON nested more than {MAX_JSON_DEPTH} levels deep (passed through unchanged)"
        ]


def test_a_record_nested_just_under_the_limit_is_cleaned() -> None:
    depth = MAX_JSON_DEPTH - 1  # the record itself is one more level
    line = b'{"x": ' + b"[" * depth + b"]" * depth + b', "text": "' + PAGE.encode().replace(b"\n", b"\\n") + b'"}\n'
    for out, messages in (_clean_at_stack_depth(line, extra) for extra in (0, 300)):
        assert messages == []
        assert json.loads(out[0])["text"] == BODY


def _clean_at_stack_depth(line: bytes, extra: int) -> tuple[list[bytes], list[str]]:
    """clean_records on `line` called `extra` frames deeper than here, and what it reported."""
    if extra:
        return _clean_at_stack_depth(line, extra - 1)
    result = clean_chunk(LineChunk("dump.jsonl", 1, [line]), CleanOptions())
    return [output for output in result.outputs if output is not None], result.messages


# --- files that are not there to read ----------------------------------------------------------------


def test_a_directory_given_as_a_document_is_an_error_and_the_rest_is_cleaned(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    good = write(tmp_path / "good.txt", PAGE.encode())
    for args in (["--no-title", str(folder), good], ["explain", str(folder)]):
        done = newsclean(runner, *args)
        assert done.exit_code == 1
        assert f"newsclean: {folder}: is a directory\n" in done.stderr
    assert newsclean(runner, "--no-title", str(folder), good).stdout == BODY + "\n"


def test_an_unreadable_file_is_an_error_naming_it_and_the_rest_is_cleaned(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening it fails with EACCES, as for a mode-000 file of another user.

    Simulated: the tests may run as root, who reads mode-000 files, and root cannot drop
    the privilege in a test.  The mock raises what `open` raises for such a file.
    """
    secret = tmp_path / "secret.txt"
    secret.write_bytes(PAGE.encode())
    good = write(tmp_path / "good.txt", PAGE.encode())
    real_open = Path.open

    def open_unless_secret(path: Path, *args: object, **kwargs: object) -> object:
        if path == secret:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", open_unless_secret)
    done = newsclean(runner, "--no-title", str(secret), good)
    assert done.exit_code == 1
    assert done.stderr == f"newsclean: {secret}: cannot open: Permission denied\n"
    assert done.stdout == BODY + "\n"
    dump = write(tmp_path / "good.jsonl", jsonl({"text": PAGE}))
    secret.rename(secret := tmp_path / "secret.jsonl")
    done = newsclean(runner, "--jsonl", "-q", str(secret), dump)
    assert done.exit_code == 1
    assert f"{secret}" in done.stderr and "Permission denied" in done.stderr
    assert json.loads(done.stdout)["text"] == BODY


def test_control_characters_and_unicode_line_separators_are_text_not_lost(cleaner: Cleaner) -> None:
    """Vertical tabs, form feeds, U+0085, U+2028: line breaks to Python; each character still accounted for."""
    text = f"\x0b{ARTICLE[0]}\x0c\n\x1c\x1d\x1e\u0085Share\u2028\u2029 " + "\t" * 1000 + f"{ARTICLE[1]}\x07\n"
    check_cleaning(cleaner, text)
