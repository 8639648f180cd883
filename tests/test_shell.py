"""Shell manners (issue 6), as real processes: Ctrl-C, full disks, colour, and what goes where.

A pipeline sees newsclean only through its exit status, its standard output and its
standard error; these tests look at nothing else.  (A closed pipe, `| head`, is tested
in test_cli.py and test_batch.py.)
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_cli import ANSI, BODY, DOC, NEWSCLEAN, PLAIN, PLAIN_RENDERED, RENDERED, on_terminal

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals, /dev/full and pseudo-terminals")

EXIT_SIGINT = 128 + signal.SIGINT
# Colour-capable, as a developer's terminal is: only the absence of a terminal, or NO_COLOR, may make output plain.
COLOUR_ENV = {"TERM": "xterm-256color", "COLUMNS": "120"}


def environment(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("NO_COLOR", "FORCE_COLOR")}
    return {**env, **COLOUR_ENV, **extra}


def newsclean(*args: str, stdin: bytes = b"", **popen: object) -> subprocess.CompletedProcess[bytes]:
    popen.setdefault("stdout", subprocess.PIPE)
    return subprocess.run(
        [*NEWSCLEAN, *args], input=stdin, stderr=subprocess.PIPE, env=environment(), timeout=120, check=False, **popen
    )


def dump(path: Path, records: int) -> Path:
    """A JSON Lines dump big enough to take many seconds with two workers."""
    with path.open("w", encoding="utf-8") as out:
        for number in range(records):
            out.write(json.dumps({"id": number, "text": DOC if number % 2 else PLAIN}) + "\n")
    return path


def wait_for(condition: Callable[[], bool], process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while not condition():
        assert process.poll() is None, "finished before it could be interrupted: make the input larger"
        assert time.monotonic() < deadline, "the run did not get going"
        time.sleep(0.02)


# --- Ctrl-C ----------------------------------------------------------------------------------------


def interrupt(
    command: list[str], started: Callable[[subprocess.Popen[bytes]], bool], *, stdout: Any, stdin: Any = None
) -> tuple[int, str, float]:
    """Runs `command`, presses Ctrl-C once `started(process)` (SIGINT to its process group, as a terminal does).

    Returns the exit status, standard error, and how long it took to end after the signal.
    """
    env = environment()
    process = subprocess.Popen(
        command, stdin=stdin, stdout=stdout, stderr=subprocess.PIPE, env=env, start_new_session=True
    )
    try:
        wait_for(lambda: started(process), process)
        pressed = time.monotonic()
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=60)
        return process.returncode, stderr.decode(), time.monotonic() - pressed
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)


def waiting_on_a_pipe(process: subprocess.Popen[bytes]) -> bool:
    """Whether the process is blocked reading a pipe (Linux: /proc/PID/wchan)."""
    return "pipe" in Path(f"/proc/{process.pid}/wchan").read_text()


@pytest.mark.skipif(not Path("/proc/self/wchan").exists(), reason="tells a blocked read by /proc/PID/wchan")
def test_ctrl_c_while_reading_standard_input_ends_quietly_with_130() -> None:
    """`newsclean -` waiting for its input (after start-up, so inside the command) when Ctrl-C comes."""
    status, stderr, _ = interrupt([*NEWSCLEAN, "-"], waiting_on_a_pipe, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert status == EXIT_SIGINT
    assert stderr == ""


def test_ctrl_c_during_a_parallel_run_ends_at_once_with_130_and_no_output(tmp_path: Path) -> None:
    source = dump(tmp_path / "dump.jsonl", 30_000)
    output = tmp_path / "clean.jsonl"
    partial = tmp_path / "clean.jsonl.partial"
    command = [*NEWSCLEAN, "--jsonl", str(source), "-o", str(output), "--jobs", "2", "-q"]
    status, stderr, took = interrupt(
        command, lambda _: partial.exists() and partial.stat().st_size > 0, stdout=subprocess.DEVNULL
    )
    assert status == EXIT_SIGINT
    assert stderr == ""
    assert not output.exists() and not partial.exists()
    # Workers busy with their chunks are stopped, not waited for (that took 7 to 21 s).
    assert took < 10, f"took {took:.1f} s to end after Ctrl-C"


# --- a full disk ---------------------------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("mode", [[], ["--format", "json"], ["--jsonl", "-q"]], ids=["text", "json", "jsonl"])
def test_standard_output_on_a_full_disk_is_one_clear_error(tmp_path: Path, mode: list[str]) -> None:
    source = tmp_path / ("dump.jsonl" if "--jsonl" in mode else "page.txt")
    source.write_text(json.dumps({"text": DOC}) + "\n" if "--jsonl" in mode else DOC)
    with open("/dev/full", "wb") as full:
        done = newsclean(*mode, str(source), stdout=full)
    assert done.returncode == 1
    assert done.stderr.decode() == "newsclean: standard output: cannot write: No space left on device\n"


def fill_disk_under(output: Path) -> Path:
    """Makes NAME.partial, where newsclean writes NAME, a link to /dev/full: every write to it fails with ENOSPC."""
    partial = output.with_name(output.name + ".partial")
    partial.symlink_to("/dev/full")
    return partial


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_an_output_file_filling_the_disk_mid_run_is_an_error_and_nothing_looks_complete(tmp_path: Path) -> None:
    """With two workers busy, the first write fails: the run stops at once, names the file, leaves nothing."""
    source = dump(tmp_path / "dump.jsonl", 6_000)
    output = tmp_path / "clean.jsonl"
    partial = fill_disk_under(output)
    started = time.monotonic()
    done = newsclean("--jsonl", str(source), "-o", str(output), "--jobs", "2", "-q")
    assert done.returncode == 1
    assert done.stderr.decode() == f"newsclean: {output}: cannot write: No space left on device\n"
    assert not output.exists() and not partial.is_symlink()
    assert time.monotonic() - started < 60


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("name", ["clean.jsonl.gz", "stats.json"])
def test_a_compressed_output_or_stats_file_on_a_full_disk_is_an_error(tmp_path: Path, name: str) -> None:
    source = tmp_path / "dump.jsonl"
    source.write_text(json.dumps({"text": DOC}) + "\n")
    output = tmp_path / name
    partial = fill_disk_under(output)
    target = (
        ["--stats", str(output), "-o", str(tmp_path / "out.jsonl")] if name == "stats.json" else ["-o", str(output)]
    )
    done = newsclean("--jsonl", str(source), *target, "-q")
    assert done.returncode == 1
    assert done.stderr.decode() == f"newsclean: {output}: cannot write: No space left on device\n"
    assert not output.exists() and not partial.is_symlink()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_an_output_folder_on_a_full_disk_is_an_error_and_nothing_looks_complete(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.txt").write_text(DOC)
    (tmp_path / "clean").mkdir()
    fill_disk_under(tmp_path / "clean" / "a.txt")
    done = newsclean(str(tmp_path / "pages"), "--output-dir", str(tmp_path / "clean"), "-q")
    assert done.returncode == 1
    assert "a.txt: cannot write: No space left on device" in done.stderr.decode()
    assert list((tmp_path / "clean").iterdir()) == []


# --- colour, terminals and what goes to standard output ----------------------------------------------


def test_the_summary_on_a_terminal_is_coloured_unless_no_color(tmp_path: Path) -> None:
    """NO_COLOR (any value) takes the colour and styling out of the progress bar and summary on standard error."""
    source = dump(tmp_path / "dump.jsonl", 50)
    coloured = on_terminal(["--jsonl", str(source), "-o", str(tmp_path / "a.jsonl")], "stderr").decode()
    assert re.search(r"\x1b\[[0-9;]*m", coloured), "control: without NO_COLOR the terminal gets styling"
    plain = on_terminal(["--jsonl", str(source), "-o", str(tmp_path / "b.jsonl")], "stderr", {"NO_COLOR": "1"}).decode()
    assert "records in" in plain
    assert not re.search(r"\x1b\[[0-9;]*m", plain), sorted(set(re.findall(r"\x1b\[[0-9;]*m", plain)))


def test_stderr_that_is_not_a_terminal_gets_plain_lines(tmp_path: Path) -> None:
    """No escape sequences, no progress bar redrawn with carriage returns: a log file reads cleanly."""
    source = tmp_path / "dump.jsonl"
    source.write_text(json.dumps({"text": DOC}) + "\n[1]\n")
    done = newsclean("--jsonl", str(source), "-o", str(tmp_path / "out.jsonl"))
    stderr = done.stderr.decode()
    assert done.returncode == 1
    assert stderr.startswith(f"newsclean: {source}:2: a JSON array, not an object (passed through unchanged)\n")
    assert "records in" in stderr
    assert not ANSI.search(stderr) and "\r" not in stderr, repr(stderr)
    assert not [line for line in stderr.splitlines() if line != line.rstrip()], "lines padded with spaces"


def test_standard_output_holds_the_clean_text_and_nothing_else(tmp_path: Path) -> None:
    """Errors, warnings, progress and the summary go to standard error, whatever happens."""
    page = tmp_path / "page.txt"
    page.write_text(DOC)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"caf\xe9 is not UTF-8")
    done = newsclean(str(page), str(bad), str(tmp_path / "missing.txt"), str(tmp_path))
    assert done.returncode == 1
    assert done.stdout == RENDERED.encode()
    assert done.stderr.decode().count("newsclean: ") == 3
    done = newsclean("--no-title", "-", stdin=PLAIN.encode())
    assert (done.returncode, done.stdout, done.stderr) == (0, PLAIN_RENDERED.encode(), b"")
    source = tmp_path / "dump.jsonl"
    source.write_text(json.dumps({"text": DOC}) + "\nnot json\n" + json.dumps({"text": DOC}) + "\n")
    done = newsclean("--jsonl", str(source), "--jobs", "1")
    lines = done.stdout.splitlines()
    assert [json.loads(lines[0])["text"], lines[1], json.loads(lines[2])["text"]] == [BODY, b"not json", BODY]
    assert "records in" in done.stderr.decode()


def test_standard_output_on_a_terminal_is_the_clean_text_too(tmp_path: Path) -> None:
    """On a terminal the text is not decorated: what a person sees is what a pipe would get."""
    page = tmp_path / "page.txt"
    page.write_text(DOC)
    shown = on_terminal([str(page)], "stdout").replace(b"\r\n", b"\n")  # the terminal's own line discipline
    assert shown == RENDERED.encode()
