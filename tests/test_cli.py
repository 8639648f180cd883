"""The command line, in-process with CliRunner and as a real subprocess."""

from __future__ import annotations

import bz2
import gzip
import importlib.util
import json
import lzma
import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from newsclean import __version__
from newsclean.cli import cli
from newsclean.rules.packs import load_builtin

HEADLINE = "Harbour Bridge To Close For Six Months Of Repairs"
P0 = (
    "The city council voted on Tuesday to close the old harbour bridge for six months while engineers replace "
    "its corroded steel joints and repaint the main span."
)
P1 = (
    "Officials said the work had been postponed twice because of funding disputes, and that the cost had risen "
    "by almost a third since the first estimate three years ago."
)
P2 = (
    "Traders at the fish market on the south bank said they expected fewer customers during the closure, "
    "although a temporary ferry will carry pedestrians across the river."
)
# A page with chrome around the headline and inside the body.
DOC = f"Home\nNews\nPolitics\n\n{HEADLINE}\n\nBy Jane Marlow\n\n{P0}\n\nShare\n\n{P1}\n\n{P2}\n"
BODY = f"{P0}\n\n{P1}\n\n{P2}"
RENDERED = f"{HEADLINE}\n\n{BODY}\n"
# A page without a headline.
PLAIN = f"{P1}\n\nAdvertisement\n\n{P2}\n"
PLAIN_RENDERED = f"{P1}\n\n{P2}\n"

ANSI = re.compile(r"\x1b\[")


def _console_command() -> list[str]:
    if importlib.util.find_spec("newsclean.__main__") is not None:
        return [sys.executable, "-m", "newsclean"]
    script = Path(sys.executable).parent / "newsclean"
    assert script.exists(), f"no newsclean/__main__.py and no console script at {script}"
    return [str(script)]


NEWSCLEAN = _console_command()


def run(
    *args: str, input: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*NEWSCLEAN, *args],
        input=input,
        capture_output=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        check=False,
    )


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str, input: str | bytes | None = None, **kwargs: object) -> Result:
    return runner.invoke(cli, list(args), input=input, catch_exceptions=False, **kwargs)  # type: ignore[arg-type]


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def assert_no_traceback(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr


# --- text documents ----------------------------------------------------------------------------


def test_file_argument(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", DOC)
    result = invoke(runner, str(path))
    assert result.exit_code == 0
    assert result.stdout == RENDERED
    assert result.stderr == ""


def test_explicit_clean_command(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", DOC)
    assert invoke(runner, "clean", str(path)).stdout == RENDERED


def test_standard_input(runner: CliRunner) -> None:
    result = invoke(runner, input=DOC)
    assert result.exit_code == 0
    assert result.stdout == RENDERED


def test_dash_is_standard_input(runner: CliRunner) -> None:
    result = invoke(runner, "-", input=DOC)
    assert result.exit_code == 0
    assert result.stdout == RENDERED


def test_no_title(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", DOC)
    result = invoke(runner, "--no-title", str(path))
    assert result.exit_code == 0
    assert result.stdout == BODY + "\n"


def test_crlf_document_is_written_with_crlf(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path / "crlf.txt", DOC.replace("\n", "\r\n"))
    result = invoke(runner, str(path))
    assert result.stdout_bytes == RENDERED.replace("\n", "\r\n").encode()


def test_multiple_files_in_order(runner: CliRunner, tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", DOC)
    b = write(tmp_path / "b.txt", PLAIN)
    result = invoke(runner, str(a), str(b))
    assert result.exit_code == 0
    assert result.stdout == RENDERED + PLAIN_RENDERED


def test_format_json(runner: CliRunner, tmp_path: Path) -> None:
    # Non-ASCII before the spans: offsets count characters, not bytes.
    text = DOC.replace("Politics", "Politics \u2014 \u00e9t\u00e9")
    path = write(tmp_path / "a.txt", text)
    result = invoke(runner, "--format", "json", str(path))
    assert result.exit_code == 0
    (line,) = result.stdout.splitlines()
    data = json.loads(line)
    assert set(data) >= {"source", "title", "text", "removed", "stats"}
    assert data["source"] == str(path)
    assert data["title"] == HEADLINE
    assert data["text"] == BODY
    removed_texts = [r["text"] for r in data["removed"]]
    assert "Share" in removed_texts and "By Jane Marlow" in removed_texts
    for removal in data["removed"]:
        assert text[removal["start"] : removal["end"]] == removal["text"]
        assert set(removal) == {"start", "end", "category", "rule", "reason", "text"}
    assert data["stats"]["chars_in"] == len(text)
    assert data["stats"]["fallback"] is None


def test_format_json_multiple_files_and_stdin(runner: CliRunner, tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", DOC)
    result = invoke(runner, "--format", "json", str(a), "-", input=PLAIN)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source"] for r in records] == [str(a), "<stdin>"]
    assert records[1]["text"] == PLAIN_RENDERED.rstrip("\n")
    assert records[1]["title"] is None


# --- JSON Lines ------------------------------------------------------------------------------------


def _jsonl(*records: object) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def test_jsonl_records_cleaned_in_order_with_other_fields_kept(runner: CliRunner, tmp_path: Path) -> None:
    records = [
        {"id": 1, "url": "https://example.com/a", "text": DOC, "meta": {"lang": "en"}},
        {"id": 2, "text": PLAIN},
        {"id": 3, "text": DOC, "title": "Title from the crawler"},
    ]
    path = write(tmp_path / "in.jsonl", _jsonl(*records))
    result = invoke(runner, "--jsonl", str(path))
    assert result.exit_code == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 3
    assert [r["id"] for r in out] == [1, 2, 3]
    assert out[0] == {"id": 1, "url": "https://example.com/a", "text": BODY, "meta": {"lang": "en"}, "title": HEADLINE}
    assert out[1]["text"] == PLAIN_RENDERED.rstrip("\n") and "title" in out[1] and out[1]["title"] is None
    assert out[2]["title"] == "Title from the crawler"
    assert out[2]["text"] == BODY


def test_jsonl_nested_text_field(runner: CliRunner, tmp_path: Path) -> None:
    record = {"body": {"text": DOC, "words": 12}, "id": "x"}
    path = write(tmp_path / "in.jsonl", _jsonl(record))
    result = invoke(runner, "--jsonl", "--text-field", "body.text", str(path))
    assert result.exit_code == 0, result.stderr
    (out,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert out["body"] == {"text": BODY, "words": 12}
    assert out["id"] == "x"
    assert out["title"] == HEADLINE


def test_jsonl_title_field_option(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path / "in.jsonl", _jsonl({"text": DOC}))
    out = json.loads(invoke(runner, "--jsonl", "--title-field", "headline", str(path)).stdout)
    assert out == {"text": BODY, "headline": HEADLINE}
    out = json.loads(invoke(runner, "--jsonl", "--title-field", "", str(path)).stdout)
    assert out == {"text": BODY}


def test_jsonl_null_title_field_is_not_overwritten(runner: CliRunner, tmp_path: Path) -> None:
    """README: "a field the record already has is never overwritten" -- also when its value is null."""
    path = write(tmp_path / "in.jsonl", _jsonl({"text": DOC, "title": None}))
    out = json.loads(invoke(runner, "--jsonl", str(path)).stdout)
    assert out["title"] is None


def test_jsonl_from_standard_input(runner: CliRunner) -> None:
    result = invoke(runner, "--jsonl", input=_jsonl({"text": DOC}, {"text": PLAIN}))
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in out] == [BODY, PLAIN_RENDERED.rstrip("\n")]


BAD_LINES = {
    "malformed": b'{"text": "unterminated',
    "missing-field": b'{"body": "no text field here"}',
    "non-string-text": b'{"text": 42}',
    "array": b'["text", "a JSON array"]',
    "invalid-utf8": b'{"text": "caf\xe9"}',
}


@pytest.mark.parametrize("bad", list(BAD_LINES))
def test_jsonl_bad_line_passes_through_and_is_reported(runner: CliRunner, tmp_path: Path, bad: str) -> None:
    good = _jsonl({"n": 1, "text": DOC}).encode()
    after = _jsonl({"n": 3, "text": PLAIN}).encode()
    path = tmp_path / "in.jsonl"
    path.write_bytes(good + BAD_LINES[bad] + b"\n" + after)
    result = invoke(runner, "--jsonl", str(path))
    assert result.exit_code == 1
    lines = result.stdout_bytes.split(b"\n")
    assert lines[-1] == b""
    assert len(lines) == 4
    assert lines[1] == BAD_LINES[bad]
    assert json.loads(lines[0])["text"] == BODY
    assert json.loads(lines[2])["text"] == PLAIN_RENDERED.rstrip("\n")
    assert f"{path}:2:" in result.stderr
    assert f"{path}:1:" not in result.stderr and f"{path}:3:" not in result.stderr
    assert_no_traceback(result.stderr)


def test_jsonl_all_bad_lines_together(runner: CliRunner, tmp_path: Path) -> None:
    good = _jsonl({"text": PLAIN}).encode()
    lines = [good.rstrip(b"\n"), *BAD_LINES.values(), good.rstrip(b"\n")]
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    result = invoke(runner, "--jsonl", str(path))
    assert result.exit_code == 1
    out = result.stdout_bytes.split(b"\n")[:-1]
    assert len(out) == len(lines)
    assert out[1:-1] == list(BAD_LINES.values())
    for number in range(2, 2 + len(BAD_LINES)):
        assert f"{path}:{number}:" in result.stderr


def test_jsonl_last_line_without_newline(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_bytes(_jsonl({"text": DOC}).encode() + b'{"text": 1}')
    result = invoke(runner, "--jsonl", str(path))
    assert result.exit_code == 1
    assert result.stdout_bytes.endswith(b'\n{"text": 1}\n')


def test_jsonl_output_has_as_many_lines_as_the_input(runner: CliRunner, tmp_path: Path) -> None:
    """README: a line that is not a JSON object passes through "so the output has as many lines as the input"."""
    text = _jsonl({"text": DOC}) + "\n" + _jsonl({"text": PLAIN})
    path = write(tmp_path / "in.jsonl", text)
    result = invoke(runner, "--jsonl", str(path))
    assert len(result.stdout_bytes.split(b"\n")) == len(text.encode().split(b"\n"))


@pytest.mark.parametrize("compress", [gzip.compress, bz2.compress, lzma.compress], ids=["gzip", "bzip2", "xz"])
def test_jsonl_compressed_input(runner: CliRunner, tmp_path: Path, compress: object) -> None:
    data = _jsonl({"id": 1, "text": DOC}, {"id": 2, "text": PLAIN}).encode()
    path = tmp_path / "in.jsonl.data"  # detected by content, not by name
    path.write_bytes(compress(data))  # type: ignore[operator]
    result = invoke(runner, "--jsonl", str(path))
    assert result.exit_code == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["id"], r["text"]) for r in out] == [(1, BODY), (2, PLAIN_RENDERED.rstrip("\n"))]


def test_jsonl_multiple_files(runner: CliRunner, tmp_path: Path) -> None:
    a = write(tmp_path / "a.jsonl", _jsonl({"f": "a", "text": DOC}))
    b = tmp_path / "b.jsonl.gz"
    b.write_bytes(gzip.compress(_jsonl({"f": "b", "text": PLAIN}).encode()))
    result = invoke(runner, "--jsonl", str(a), str(b))
    assert [json.loads(line)["f"] for line in result.stdout.splitlines()] == ["a", "b"]


def test_jsonl_missing_file_is_reported_and_others_processed(runner: CliRunner, tmp_path: Path) -> None:
    a = write(tmp_path / "a.jsonl", _jsonl({"text": DOC}))
    missing = tmp_path / "missing.jsonl"
    result = invoke(runner, "--jsonl", str(missing), str(a))
    assert result.exit_code == 1
    assert str(missing) in result.stderr
    assert json.loads(result.stdout)["text"] == BODY


# --- unreadable inputs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("binary.txt", b"GIF89a\x00\x01\x02 binary \x00 data", "binary"),
        ("latin1.txt", "Caf\u00e9 au lait, cr\u00e8me br\u00fbl\u00e9e.".encode("latin-1"), "UTF-8"),
    ],
    ids=["nul-bytes", "invalid-utf8"],
)
def test_unreadable_file_is_a_clear_error_and_others_still_processed(
    runner: CliRunner, tmp_path: Path, name: str, data: bytes, words: str
) -> None:
    bad = tmp_path / name
    bad.write_bytes(data)
    good = write(tmp_path / "good.txt", DOC)
    result = invoke(runner, str(bad), str(good))
    assert result.exit_code == 1
    assert str(bad) in result.stderr
    assert words.lower() in result.stderr.lower()
    assert result.stdout == RENDERED
    assert_no_traceback(result.stderr)


def test_directory_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", PLAIN)
    folder = tmp_path / "folder"
    folder.mkdir()
    result = invoke(runner, str(folder), str(good))
    assert result.exit_code == 1
    assert str(folder) in result.stderr and "directory" in result.stderr
    assert result.stdout == PLAIN_RENDERED


def test_missing_file_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    good = write(tmp_path / "good.txt", PLAIN)
    missing = tmp_path / "nope.txt"
    result = invoke(runner, str(missing), str(good))
    assert result.exit_code == 1
    assert str(missing) in result.stderr
    assert result.stdout == PLAIN_RENDERED
    assert_no_traceback(result.stderr)


def test_unknown_option_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--no-such-option"])
    assert result.exit_code == 2
    assert "no-such-option" in result.stderr


def test_bad_format_choice_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", DOC)
    assert runner.invoke(cli, ["--format", "xml", str(path)]).exit_code == 2


def test_version(runner: CliRunner) -> None:
    result = invoke(runner, "--version")
    assert result.exit_code == 0
    assert __version__ in result.stdout


def test_help_mentions_the_commands(runner: CliRunner) -> None:
    result = invoke(runner, "--help")
    assert result.exit_code == 0
    for word in ("explain", "rules", "--jsonl"):
        assert word in result.stdout


# --- explain and rules -------------------------------------------------------------------------------


def test_explain_names_the_rule_of_every_removal(runner: CliRunner, tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", DOC)
    data = json.loads(invoke(runner, "--format", "json", str(path)).stdout)
    result = invoke(runner, "explain", str(path))
    assert result.exit_code == 0
    assert data["removed"]
    for removal in data["removed"]:
        assert removal["rule"] in result.stdout
    assert not ANSI.search(result.stdout)  # not a terminal: plain text


def test_explain_unreadable_file(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "explain", str(tmp_path / "missing.txt"))
    assert result.exit_code == 1
    assert "missing.txt" in result.stderr


def test_rules_lists_every_rule_id(runner: CliRunner) -> None:
    result = invoke(runner, "rules", env={"COLUMNS": "250"})
    assert result.exit_code == 0
    for rule in load_builtin():
        assert rule.id in result.stdout


# --- as a real process ---------------------------------------------------------------------------------


def test_subprocess_file_and_stdin(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", DOC)
    done = run(str(path))
    assert done.returncode == 0, done.stderr
    assert done.stdout == RENDERED.encode()
    done = run(input=DOC.encode())
    assert done.stdout == RENDERED.encode()
    done = run("--no-title", "-", input=DOC.encode())
    assert done.stdout == (BODY + "\n").encode()


def test_subprocess_jsonl_gzip_from_stdin() -> None:
    data = gzip.compress(_jsonl({"text": DOC}, {"text": PLAIN}).encode())
    done = run("--jsonl", "-", input=data)
    assert done.returncode == 0, done.stderr
    out = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["text"] for r in out] == [BODY, PLAIN_RENDERED.rstrip("\n")]


def test_subprocess_errors_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.bin"
    bad.write_bytes(b"\x00\x01\x02\xff")
    good = write(tmp_path / "good.txt", PLAIN)
    done = run(str(bad), str(tmp_path / "missing.txt"), str(tmp_path), str(good))
    stderr = done.stderr.decode()
    assert done.returncode == 1
    assert done.stdout == PLAIN_RENDERED.encode()
    assert str(bad) in stderr and "missing.txt" in stderr and str(tmp_path) in stderr
    assert_no_traceback(stderr)


def test_subprocess_unknown_option_and_version() -> None:
    assert run("--definitely-not-an-option").returncode == 2
    done = run("--version")
    assert done.returncode == 0 and __version__ in done.stdout.decode()


def test_subprocess_broken_pipe_is_quiet(tmp_path: Path) -> None:
    """`newsclean big.txt | head -1`: the reader goes away early; no traceback."""
    big = write(tmp_path / "big.txt", "\n\n".join(f"{P0[:-1]}, item {i}." for i in range(20000)) + "\n")
    process = subprocess.Popen([*NEWSCLEAN, str(big)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode()
    process.wait(timeout=60)
    assert first.startswith(P0[:20].encode())
    assert stderr == ""  # no traceback, no "BrokenPipeError", no "Exception ignored"
    assert process.returncode == 128 + signal.SIGPIPE  # what a shell shows for a command ended by SIGPIPE


def on_terminal(args: list[str], stream: str = "stdout", env: dict[str, str] | None = None) -> bytes:
    """What newsclean wrote to `stream` ("stdout" or "stderr") when it is a pseudo-terminal of a colour terminal."""
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    full_env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    full_env.update({"TERM": "xterm-256color", "COLUMNS": "160", **(env or {})})
    other = {"stdout": "stderr", "stderr": "stdout"}[stream]
    streams: dict[str, Any] = {stream: slave, other: subprocess.DEVNULL}
    process = subprocess.Popen([*NEWSCLEAN, *args], env=full_env, **streams)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO once the child has closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    process.wait(timeout=120)
    return b"".join(chunks)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_explain_on_a_terminal_is_coloured_without_no_color(tmp_path: Path) -> None:
    """Control for the NO_COLOR test: on a terminal, explain does use ANSI styling."""
    path = write(tmp_path / "a.txt", DOC)
    out = on_terminal(["explain", str(path)])
    assert ANSI.search(out.decode())


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_no_color_gives_no_colour_codes(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", DOC)
    out = on_terminal(["explain", str(path)], env={"NO_COLOR": "1"}).decode()
    # SGR colour parameters: 30-39, 40-49, 90-97, 100-107 (and 38;5 / 48;2 forms).
    for sequence in re.findall(r"\x1b\[([0-9;]*)m", out):
        for parameter in filter(None, sequence.split(";")):
            assert not (30 <= int(parameter) <= 49 or 90 <= int(parameter) <= 107), repr(sequence)
    assert "By Jane Marlow" in out


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_no_color_gives_no_ansi_escapes_at_all(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", DOC)
    for args in (["explain", str(path)], ["rules"], [str(path)]):
        out = on_terminal(args, env={"NO_COLOR": "1"}).decode()
        escapes = sorted(set(re.findall(r"\x1b\[[0-9;]*m", out)))
        assert not ANSI.search(out), f"{args} wrote {escapes}"
