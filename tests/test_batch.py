"""Batch cleaning: I/O, the worker function, jobs on the local and Dask engines, the command line, real processes."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import multiprocessing
import multiprocessing.connection
import multiprocessing.process
import os
import pickle
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pytest
import zstandard
from click.testing import CliRunner
from click.testing import Result as Invocation
from conftest import FIXTURES, REPO_ROOT
from test_cli import NEWSCLEAN, on_terminal

from newsclean import batch, clean
from newsclean.batch import (
    BatchJob,
    ChunkResult,
    CleanOptions,
    EngineUnavailable,
    LineChunk,
    LocalEngine,
    Stats,
    clean_chunk,
    clean_records,
    open_engine,
    run,
)
from newsclean.cli import cli
from newsclean.io import (
    ANNOTATION_FIELD,
    PARTIAL_SUFFIX,
    FieldError,
    atomic_output,
    expand_inputs,
    open_binary,
    set_field,
)
from newsclean.pipeline import Cleaner
from newsclean.result import Result

ARTICLES = [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt")) if ".expected." not in p.name]
# Every kind of line that cannot be cleaned, and what it is reported as.
BAD_LINES = {
    b'{"id": "broken", "text": "unterminated': "not valid JSON",
    b'{"id": "no-text", "body": "no text field here"}': "no 'text' field",
    b'{"id": "number", "text": 42}': "is a JSON number, not a string",
    b'{"id": "null", "text": null}': "field 'text' is a JSON null, not a string",
    b'["text", "an array"]': "a JSON array, not an object",
    b'{"id": "latin1", "text": "caf\xe9"}': "not valid UTF-8",
}
COMPRESSIONS = {".gz": gzip.decompress, ".bz2": bz2.decompress, ".xz": lzma.decompress, ".zst": None}


def record_line(number: int, text: str | None = None) -> bytes:
    record = {"id": number, "url": f"https://news.example/{number}", "text": text or ARTICLES[number % len(ARTICLES)]}
    return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")


def dump_lines(records: int, *, bad: bool = False) -> list[bytes]:
    """Good records from the fixtures; with `bad`, every bad kind of line and blank lines scattered among them."""
    lines = [record_line(number) for number in range(records)]
    if bad:
        for offset, line in enumerate([*BAD_LINES, b"", b"   "]):
            lines.insert(offset * 7 + 3, line + b"\n")
    return lines


def decompress(path: Path) -> bytes:
    with open_binary(str(path)) as stream:
        return stream.read()


def invoke(*args: str, input: bytes | None = None) -> Invocation:
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def run_process(*args: str, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*NEWSCLEAN, *args], input=input, capture_output=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def big_dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dump of several chunks (over 1 MiB) with bad lines, so that worker processes really share the work."""
    path = tmp_path_factory.mktemp("dump") / "dump.jsonl"
    path.write_bytes(b"".join(dump_lines(700, bad=True)))
    assert path.stat().st_size > 1 << 20
    return path


# --- I/O -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", list(COMPRESSIONS))
def test_compressed_output_round_trip_and_sniffed_input(tmp_path: Path, suffix: str) -> None:
    data = b"".join(dump_lines(30))
    path = tmp_path / f"out.jsonl{suffix}"
    with atomic_output(path) as out:
        out.write(data)
    stored = path.read_bytes()
    assert stored != data
    if COMPRESSIONS[suffix] is not None:
        assert COMPRESSIONS[suffix](stored) == data  # type: ignore[misc]
    else:
        assert zstandard.ZstdDecompressor().stream_reader(stored).read() == data
    renamed = tmp_path / "no-telling-name.data"  # read by content, not by name
    renamed.write_bytes(stored)
    assert decompress(renamed) == data


def test_gzip_output_has_no_name_or_time_in_its_header(tmp_path: Path) -> None:
    """So that the same records always give the same file, whatever its name and whenever it was written."""
    with atomic_output(tmp_path / "out.jsonl.gz") as out:
        out.write(b"same\n")
    header = (tmp_path / "out.jsonl.gz").read_bytes()[:10]
    assert header[3] == 0  # flags: no FNAME
    assert header[4:8] == b"\0\0\0\0"  # MTIME


def test_zstd_dump_of_several_frames_is_read_whole(tmp_path: Path) -> None:
    compressor = zstandard.ZstdCompressor()
    path = tmp_path / "frames.jsonl.zst"
    path.write_bytes(compressor.compress(b'{"text": "a"}\n') + compressor.compress(b'{"text": "b"}\n'))
    assert decompress(path) == b'{"text": "a"}\n{"text": "b"}\n'


def test_zstd_round_trip_through_the_command_line(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl.zst"
    source.write_bytes(zstandard.ZstdCompressor().compress(b"".join(dump_lines(5))))
    result = invoke("--jsonl", str(source), "-o", str(tmp_path / "out.jsonl.zst"), "-q")
    assert result.exit_code == 0, result.stderr
    plain = invoke("--jsonl", str(source), "-q")
    assert decompress(tmp_path / "out.jsonl.zst") == plain.stdout_bytes
    assert len(plain.stdout_bytes.splitlines()) == 5


def test_atomic_output_appears_only_when_complete(tmp_path: Path) -> None:
    final = tmp_path / "sub" / "out.jsonl.gz"
    with atomic_output(final) as out:
        out.write(b"x\n")
        assert not final.exists()
        assert (tmp_path / "sub" / f"out.jsonl.gz{PARTIAL_SUFFIX}").exists()
    assert final.exists()
    assert list((tmp_path / "sub").iterdir()) == [final]


def test_atomic_output_is_removed_on_error(tmp_path: Path) -> None:
    final = tmp_path / "out.jsonl"
    with pytest.raises(RuntimeError), atomic_output(final) as out:
        out.write(b"half\n")
        raise RuntimeError("interrupted")
    assert list(tmp_path.iterdir()) == []


def test_expand_inputs_walks_sorted_and_matches_from_the_right(tmp_path: Path) -> None:
    for name in ("b/2.txt", "a/z/1.txt", "a/0.txt", "a/skip.md", "c.txt", f"a/old.txt{PARTIAL_SUFFIX}"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    found = [relative for _, relative in expand_inputs((str(tmp_path),), "*.txt")]
    assert found == ["c.txt", "a/0.txt", "a/z/1.txt", "b/2.txt"]
    assert [relative for _, relative in expand_inputs((str(tmp_path),), "z/*.txt")] == ["a/z/1.txt"]
    assert list(expand_inputs(("-", str(tmp_path / "c.txt")), "*.md")) == [
        ("-", "-"),
        (str(tmp_path / "c.txt"), "c.txt"),
    ]


def test_set_field_through_a_non_object_is_a_field_error() -> None:
    with pytest.raises(FieldError, match="'meta' is a str"):
        set_field({"meta": "a string"}, "meta.clean", "x")


# --- the worker function -----------------------------------------------------------------------------


def test_clean_records_keeps_every_other_field_in_order() -> None:
    lines = [record_line(n) for n in range(4)]
    out = [json.loads(line) for line in clean_records(lines)]
    for number, record in enumerate(out):
        result = clean(ARTICLES[number % len(ARTICLES)])
        assert record == {
            "id": number,
            "url": f"https://news.example/{number}",
            "text": result.text,
            "title": result.title,
        }


def test_output_field_keeps_the_text_and_annotations_point_into_it() -> None:
    options = CleanOptions(output_field="clean.text", annotate=True, title_field=None)
    (record,) = [json.loads(line) for line in clean_records([record_line(0)], options)]
    assert record["text"] == ARTICLES[0]
    assert record["clean"] == {"text": clean(ARTICLES[0]).text}
    annotation = record[ANNOTATION_FIELD]
    assert annotation["removed"] and set(annotation["stats"]) >= {"chars_in", "removed_chars", "fallback"}
    for removal in annotation["removed"]:
        assert ARTICLES[0][removal["start"] : removal["end"]] == removal["text"]


@pytest.mark.parametrize("policy", ["keep", "skip"])
def test_bad_lines_are_reported_and_kept_or_skipped(policy: str) -> None:
    lines = dump_lines(20, bad=True)
    chunk = clean_chunk(LineChunk("dump.jsonl", 1, lines), CleanOptions(on_error=policy, id_field="id"))  # type: ignore[arg-type]
    bad_numbers = [number for number, line in enumerate(lines, 1) if line.rstrip(b"\n") in BAD_LINES]
    assert [message.split(": ")[0] for message in chunk.messages] == [f"dump.jsonl:{n}" for n in bad_numbers]
    for message, reason in zip(chunk.messages, BAD_LINES.values(), strict=True):
        assert reason in message
    assert "(id no-text)" in chunk.messages[1] and "(id number)" in chunk.messages[2]
    outputs = [line for line in chunk.outputs if line is not None]
    stats = chunk.stats
    assert stats.records_in == len(lines) and stats.errors == len(BAD_LINES) and stats.blank == 2
    if policy == "keep":
        assert len(outputs) == len(lines) == stats.records_out
        assert [outputs[n - 1] for n in bad_numbers] == [line + b"\n" for line in BAD_LINES]
    else:
        assert len(outputs) == len(lines) - len(BAD_LINES) == stats.records_out
        assert stats.skipped == len(BAD_LINES)


def test_fail_stops_at_the_first_bad_line() -> None:
    lines = dump_lines(20, bad=True)
    chunk = clean_chunk(LineChunk("d", 1, lines), CleanOptions(on_error="fail"))
    assert chunk.failed and len(chunk.messages) == 1 and "d:4:" in chunk.messages[0]
    assert len(chunk.outputs) == 3
    with pytest.raises(ValueError, match="d:4: not valid JSON"):
        clean_records(lines, CleanOptions(on_error="fail"), name="d")


def test_a_field_that_cannot_be_set_is_a_bad_record() -> None:
    line = json.dumps({"text": ARTICLES[0], "meta": "a string"}).encode() + b"\n"
    chunk = clean_chunk(LineChunk("d", 1, [line]), CleanOptions(title_field="meta.title"))
    assert chunk.outputs == [line] and "cannot set 'meta.title'" in chunk.messages[0]


def test_a_cleaner_bug_costs_one_record_not_the_run() -> None:
    class Broken(Cleaner):
        def clean(self, text: str, **_: Any) -> Result:
            raise RecursionError("deep")

    lines = dump_lines(2)
    chunk = LineChunk("d", 1, lines).clean(Broken(rules=[]), CleanOptions())
    assert chunk.outputs == lines
    assert chunk.messages == [
        f"d:{n}: internal error while cleaning: RecursionError: deep (passed through unchanged)" for n in (1, 2)
    ]


def test_the_worker_function_and_its_data_pickle() -> None:
    """What the local pool and Dask send to workers: the function by name, options and chunks by value."""
    options = CleanOptions(text_field="body.text", on_error="skip", annotate=True)
    chunk = LineChunk("d", 5, dump_lines(3))
    assert pickle.loads(pickle.dumps(clean_chunk)) is clean_chunk
    assert pickle.loads(pickle.dumps(options)) == options
    result = pickle.loads(pickle.dumps(clean_chunk(chunk, CleanOptions(id_field="id", url_field="url"))))
    assert isinstance(result, ChunkResult) and result.stats.cleaned == 3


def test_stats_of_chunks_add_up_to_the_stats_of_the_whole() -> None:
    lines = dump_lines(60, bad=True)
    options = CleanOptions(id_field="id", url_field="url")
    whole = clean_chunk(LineChunk("d", 1, lines), options).stats
    total = Stats()
    for start in range(0, len(lines), 13):
        total.add(clean_chunk(LineChunk("d", start + 1, lines[start : start + 13]), options).stats)
    assert total.to_dict() | {"seconds": 0} == whole.to_dict() | {"seconds": 0}
    assert whole.records_in == whole.cleaned + whole.blank + whole.passed_through + whole.skipped
    assert sum(whole.removed_chars.values()) == sum(whole.rule_chars.values())


def test_fallbacks_are_counted_and_the_first_ones_named() -> None:
    fallback = Result(title=None, text="", removed=(), stats={"removed_chars": {}, "fallback": "would remove 90%"})
    stats = Stats()
    for number in range(12):
        stats.count_result(fallback, f"d:{number}", record_id=number, url=f"https://x/{number}" if number else None)
    assert stats.fallbacks == 12 and len(stats.fallback_examples) == 10
    assert stats.fallback_examples[:2] == [
        {"where": "d:0", "id": 0, "reason": "would remove 90%"},
        {"where": "d:1", "id": 1, "url": "https://x/1", "reason": "would remove 90%"},
    ]


# --- jobs (library) ---------------------------------------------------------------------------------------


def _run(job: BatchJob, jobs: int, stdout: Path) -> tuple[Stats, list[str]]:
    messages: list[str] = []
    with LocalEngine(jobs) as engine, stdout.open("wb") as out:
        stats = run(job, engine, report=messages.append, stdout=out)
    return stats, messages


def test_jobs_1_and_2_give_the_same_bytes_messages_and_stats(tmp_path: Path, big_dump: Path) -> None:
    job = BatchJob((str(big_dump),), chunk_bytes=64 << 10)  # many chunks, so both workers take some
    one, one_messages = _run(job, 1, tmp_path / "one.jsonl")
    two, two_messages = _run(job, 2, tmp_path / "two.jsonl")
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()
    assert one_messages == two_messages and len(one_messages) == len(BAD_LINES)
    assert one.to_dict() | {"seconds": 0} == two.to_dict() | {"seconds": 0}


def test_records_in_equal_records_out_on_a_corrupted_dump(tmp_path: Path, big_dump: Path) -> None:
    lines = big_dump.read_bytes().splitlines(keepends=True)
    stats, messages = _run(BatchJob((str(big_dump),), chunk_bytes=64 << 10), 2, tmp_path / "out.jsonl")
    out = (tmp_path / "out.jsonl").read_bytes().splitlines(keepends=True)
    assert stats.records_in == stats.records_out == len(lines) == len(out)
    assert [line for line in out if line.rstrip(b"\n") in BAD_LINES] == [line + b"\n" for line in BAD_LINES]
    assert stats.errors == stats.passed_through == len(messages) == len(BAD_LINES)
    skip = BatchJob((str(big_dump),), options=CleanOptions(on_error="skip"), chunk_bytes=64 << 10)
    stats, _ = _run(skip, 2, tmp_path / "skipped.jsonl")
    skipped = (tmp_path / "skipped.jsonl").read_bytes().splitlines()
    assert stats.records_out == len(skipped) == len(lines) - len(BAD_LINES) == stats.records_in - stats.skipped


def test_a_damaged_input_is_reported_in_order_and_the_rest_cleaned(tmp_path: Path) -> None:
    whole = gzip.compress(b"".join(dump_lines(40)))
    damaged = tmp_path / "damaged.jsonl.gz"
    damaged.write_bytes(whole[: len(whole) // 2])
    good = tmp_path / "good.jsonl"
    good.write_bytes(record_line(1))
    job = BatchJob((str(damaged), str(tmp_path / "missing.jsonl"), str(good)), chunk_bytes=4096)
    stats, messages = _run(job, 1, tmp_path / "out.jsonl")
    assert len(messages) == 2
    assert messages[0].startswith(f"{damaged}: cannot read") and "missing.jsonl: cannot open" in messages[1]
    out = (tmp_path / "out.jsonl").read_bytes().splitlines()
    assert 0 < len(out) - 1 < 40 and json.loads(out[-1])["id"] == 1
    assert stats.errors == 2 and stats.records_in == stats.records_out == len(out)


class _DiesInTheWorker:
    """A chunk whose cleaning kills the worker process, as the kernel's out-of-memory killer would."""

    def __len__(self) -> int:
        return 1

    def clean(self, cleaner: object, options: CleanOptions, stopped: object = None) -> ChunkResult:
        os._exit(9)


def test_a_worker_that_dies_fails_the_run_instead_of_hanging_it() -> None:
    with pytest.raises(BrokenProcessPool), LocalEngine(2) as engine:
        engine.submit(LineChunk("d", 1, dump_lines(1)), CleanOptions())
        engine.submit(_DiesInTheWorker(), CleanOptions())()  # type: ignore[arg-type]


def test_a_failed_run_asks_its_busy_workers_to_stop_rather_than_killing_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed while it sends a result leaves half a message in the pool's pipe: the run hung at exit.

    The grace is long here so that a worker still compiling its packs on a loaded machine ends on its own too:
    what is tested is that workers are asked to stop, and stop at their next record, not that they are fast.
    """
    monkeypatch.setattr(batch, "STOP_GRACE", 60.0)
    killed: list[int | None] = []
    monkeypatch.setattr(multiprocessing.process.BaseProcess, "terminate", lambda worker: killed.append(worker.pid))
    engine = LocalEngine(2)
    with pytest.raises(OSError, match="disk full"), engine:
        waits = [engine.submit(LineChunk("d", 1, dump_lines(400)), CleanOptions()) for _ in range(engine.window)]
        waits[0]()  # the workers are up and busy with the rest
        workers = list(engine._pool._processes.values())  # type: ignore[union-attr]
        raise OSError("disk full")
    assert killed == []
    ended = multiprocessing.connection.wait([worker.sentinel for worker in workers], timeout=30)
    assert len(ended) == len(workers) == 2


def test_batch_job_refuses_what_cannot_work() -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"output": "a", "output_dir": "b"}, "not both"),
        ({"kind": "text"}, "output folder"),
        ({"inputs": ("-",), "output_dir": "b"}, "standard input"),
        ({"resume": True}, "--resume"),
    ]
    for kwargs, words in cases:
        with pytest.raises(ValueError, match=words):
            BatchJob(**{"inputs": ("x",), **kwargs})


def test_the_dask_engine_asks_for_its_extra_when_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)
    monkeypatch.delitem(sys.modules, "newsclean.engines.dask", raising=False)
    with pytest.raises(EngineUnavailable, match=r"newsclean\[dask\]"):
        open_engine("dask", 1)


# --- the command line ---------------------------------------------------------------------------------------


def test_output_file_is_compressed_by_its_extension_and_matches_stdout(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"".join(dump_lines(10, bad=True)))
    to_stdout = invoke("--jsonl", str(source), "-q")
    for suffix in COMPRESSIONS:
        result = invoke("--jsonl", str(source), "-o", str(tmp_path / f"out{suffix}"), "-q")
        assert result.exit_code == 1 and result.stdout_bytes == b""
        assert decompress(tmp_path / f"out{suffix}") == to_stdout.stdout_bytes
    assert to_stdout.stderr.count("passed through unchanged") == len(BAD_LINES)


def test_stats_file_and_summary(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    lines = dump_lines(30, bad=True)
    source.write_bytes(b"".join(lines))
    result = invoke("--jsonl", str(source), "-o", str(tmp_path / "out.jsonl"), "--stats", str(tmp_path / "s.json"))
    stats = json.loads((tmp_path / "s.json").read_text())
    assert stats["records_in"] == stats["records_out"] == len(lines)
    assert stats["cleaned"] == 30 and stats["blank"] == 2 and stats["passed_through"] == stats["errors"] == 6
    assert stats["bytes_in"] == source.stat().st_size == sum(map(len, lines))
    assert stats["bytes_out"] == (tmp_path / "out.jsonl").stat().st_size
    chars = [rule["chars"] for rule in stats["top_rules"]]
    assert 0 < len(chars) <= 10 and chars == sorted(chars, reverse=True)
    annotated = invoke("--jsonl", str(source), "--annotate", "-q").stdout.splitlines()
    removals = [
        r for line in annotated if ANNOTATION_FIELD in line for r in json.loads(line)[ANNOTATION_FIELD]["removed"]
    ]
    assert sum(stats["removed_chars"].values()) == sum(len(r["text"]) for r in removals)
    summary = result.stderr
    assert "newsclean summary" in summary and "records in" in summary and "rules that removed most" in summary
    assert stats["top_rules"][0]["rule"] in summary
    assert f"{len(lines):,}" in summary


def test_quiet_shows_nothing_but_errors(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"".join(dump_lines(3)))
    assert invoke("--jsonl", str(source), "-q").stderr == ""
    source.write_bytes(b"".join(dump_lines(3)) + b"{bad\n")
    assert invoke("--jsonl", str(source), "-q").stderr.strip().splitlines() == [
        f"newsclean: {source}:4: not valid JSON (Expecting property name enclosed in double quotes at column 2) "
        "(passed through unchanged)"
    ]


def test_skip_and_fail(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    lines = dump_lines(12, bad=True)
    source.write_bytes(b"".join(lines))
    skipped = invoke("--jsonl", str(source), "--on-error", "skip", "--stats", str(tmp_path / "s.json"))
    assert skipped.exit_code == 1
    assert len(skipped.stdout_bytes.splitlines()) == len(lines) - len(BAD_LINES)
    assert "skipped (--on-error skip)" in skipped.stderr
    assert json.loads((tmp_path / "s.json").read_text())["skipped"] == len(BAD_LINES)
    failed = invoke("--jsonl", str(source), "--on-error", "fail", "-o", str(tmp_path / "out.jsonl.gz"), "-q")
    assert failed.exit_code == 1 and "stopping: --on-error fail" in failed.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "s.json"]  # no output, complete or partial


def test_output_dir_mirrors_jsonl_shards_and_resume_skips_complete_ones(tmp_path: Path) -> None:
    shards = tmp_path / "shards"
    (shards / "2024").mkdir(parents=True)
    (shards / "a.jsonl").write_bytes(b"".join(dump_lines(3)))
    (shards / "2024" / "b.jsonl.gz").write_bytes(gzip.compress(b"".join(dump_lines(4))))
    (shards / "2024" / "empty.jsonl").write_bytes(b"")
    (shards / "notes.md").write_text("not a shard")
    out = tmp_path / "out"
    result = invoke("--jsonl", str(shards), "--output-dir", str(out), "-q")
    assert result.exit_code == 0, result.stderr
    written = sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file())
    assert written == ["2024/b.jsonl.gz", "2024/empty.jsonl", "a.jsonl"]
    assert (
        gzip.decompress((out / "2024" / "b.jsonl.gz").read_bytes())
        == invoke("--jsonl", str(shards / "2024" / "b.jsonl.gz"), "-q").stdout_bytes
    )
    assert (out / "2024" / "empty.jsonl").read_bytes() == b""
    (out / "a.jsonl").write_bytes(b"left as it was\n")
    (out / "2024" / "b.jsonl.gz").unlink()
    resumed = invoke("--jsonl", str(shards), "--output-dir", str(out), "--resume", "--stats", str(tmp_path / "s.json"))
    assert resumed.exit_code == 0, resumed.stderr
    assert (out / "a.jsonl").read_bytes() == b"left as it was\n"
    assert (out / "2024" / "b.jsonl.gz").exists()
    assert json.loads((tmp_path / "s.json").read_text())["outputs_resumed"] == 2
    assert "already complete" in resumed.stderr


def test_a_tree_of_text_files_is_mirrored(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    names = ["a.txt", "news/b.txt", "news/deep/c.txt"]
    for number, name in enumerate(names):
        (pages / name).parent.mkdir(parents=True, exist_ok=True)
        (pages / name).write_text(ARTICLES[number], encoding="utf-8")
    (pages / "news" / "skip.html").write_text("<p>not text</p>")
    (pages / "news" / "bad.txt").write_bytes(b"caf\xe9\n")
    out = tmp_path / "out"
    result = invoke(str(pages), "--output-dir", str(out), "--no-title", "-q")
    assert result.exit_code == 1 and "bad.txt: not valid UTF-8" in result.stderr
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == sorted([*names, "news/bad.txt"])
    for name in names:
        assert (out / name).read_text(encoding="utf-8") == invoke("--no-title", str(pages / name)).stdout
    assert (out / "news" / "bad.txt").read_bytes() == b"caf\xe9\n"  # kept unchanged, like a bad JSON line
    only_deep = invoke(str(pages), "--glob", "deep/*.txt", "--output-dir", str(tmp_path / "deep"), "-q")
    assert only_deep.exit_code == 0
    assert [str(p.relative_to(tmp_path / "deep")) for p in (tmp_path / "deep").rglob("*.txt")] == ["news/deep/c.txt"]
    skipped = invoke(str(pages), "--output-dir", str(tmp_path / "skip"), "--on-error", "skip", "-q")
    assert not (tmp_path / "skip" / "news" / "bad.txt").exists()
    assert skipped.exit_code == 1


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["a.txt", "-o", "out.txt"], "--output: for batch runs only"),
        (["a.txt", "--jobs", "2", "--resume"], "--jobs, --resume: for batch runs only"),
        (["--jsonl", "a.jsonl", "--resume"], "--resume needs outputs"),
        (["--jsonl", "a.jsonl", "--scheduler", "tcp://x:1"], "--scheduler is for --engine dask"),
        (["--jsonl", "a.jsonl", "-o", "x", "--output-dir", "y"], "not both"),
        (["--jsonl", "-", "--output-dir", "y"], "standard input"),
        (["dir", "--output-dir", "y", "--format", "json"], "--format json"),
        (["--jsonl", "a.jsonl", "--jobs", "0"], "--jobs"),
    ],
)
def test_usage_errors(args: list[str], words: str) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert words in result.stderr


def test_plain_jsonl_without_new_options_still_passes_bad_lines_through(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    lines = dump_lines(5, bad=True)
    source.write_bytes(b"".join(lines))
    result = invoke("--jsonl", str(source))
    assert result.exit_code == 1
    out = result.stdout_bytes.splitlines(keepends=True)
    assert len(out) == len(lines)
    assert json.loads(out[0]) == {
        **json.loads(lines[0]),
        "text": clean(ARTICLES[0]).text,
        "title": clean(ARTICLES[0]).title,
    }


# --- real processes -------------------------------------------------------------------------------------------


def test_subprocess_jobs_1_and_2_byte_identical(tmp_path: Path, big_dump: Path) -> None:
    outputs = []
    for jobs in ("1", "2"):
        output = tmp_path / f"out-{jobs}.jsonl.gz"
        done = run_process("--jsonl", str(big_dump), "-o", str(output), "--jobs", jobs, "-q")
        assert done.returncode == 1  # the dump's bad lines
        assert done.stderr.decode().count("passed through unchanged") == len(BAD_LINES)
        outputs.append(output.read_bytes())
    assert outputs[0] == outputs[1]
    assert len(gzip.decompress(outputs[0]).splitlines()) == len(big_dump.read_bytes().splitlines())


def _wait_for(condition: Any, process: subprocess.Popen[bytes]) -> None:
    """Polls until `condition()` holds; fails if the process ends first (it would have finished too soon)."""
    deadline = time.monotonic() + 60
    while not condition():
        assert process.poll() is None, "finished before it could be interrupted: make the dump larger"
        assert time.monotonic() < deadline
        time.sleep(0.01)


def test_killed_run_leaves_no_complete_looking_output_and_resume_finishes(tmp_path: Path) -> None:
    source = tmp_path / "dump.jsonl"
    with source.open("wb") as out:
        for _ in range(3):
            out.write(b"".join(dump_lines(1000)))
    output = tmp_path / "out.jsonl.gz"
    partial = tmp_path / f"out.jsonl.gz{PARTIAL_SUFFIX}"
    command = [*NEWSCLEAN, "--jsonl", str(source), "-o", str(output), "--jobs", "1", "-q"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _wait_for(lambda: partial.exists() and partial.stat().st_size > 0, process)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert not output.exists()
    assert partial.exists()  # what was written so far, under a name that does not look finished
    done = run_process("--jsonl", str(source), "-o", str(output), "--resume", "--jobs", "2", "-q")
    assert done.returncode == 0, done.stderr
    assert not partial.exists()
    assert len(gzip.decompress(output.read_bytes()).splitlines()) == 3000
    finished = output.stat().st_mtime_ns
    again = run_process("--jsonl", str(source), "-o", str(output), "--resume")
    assert again.returncode == 0 and "already complete" in again.stderr.decode()
    assert output.stat().st_mtime_ns == finished


def test_subprocess_broken_pipe_ends_quietly(big_dump: Path) -> None:
    """`newsclean --jsonl dump.jsonl | head -1`, with worker processes running."""
    process = subprocess.Popen(
        [*NEWSCLEAN, "--jsonl", str(big_dump), "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    stderr = process.stderr.read().decode()
    process.wait(timeout=60)
    assert json.loads(first)["id"] == 0
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr and "Exception ignored" not in stderr
    assert process.returncode == 128 + signal.SIGPIPE


def _stderr_on_terminal(args: list[str]) -> str:
    """Runs with standard error on a pseudo-terminal; what it showed there, escape sequences removed."""
    shown = on_terminal(args, "stderr", {"TERM": "xterm", "COLUMNS": "150"})
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.decode())


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"".join(dump_lines(40)))
    shown = _stderr_on_terminal(["--jsonl", str(source), "-o", str(tmp_path / "out.jsonl")])
    assert "cleaning" in shown and "40 records" in shown and "100%" in shown
    assert "newsclean summary" in shown
    assert _stderr_on_terminal(["--jsonl", str(source), "-o", str(tmp_path / "out.jsonl"), "-q"]) == ""
    piped = run_process("--jsonl", str(source), "-o", str(tmp_path / "out.jsonl"))
    assert "cleaning" not in piped.stderr.decode() and "newsclean summary" in piped.stderr.decode()


# --- Dask ----------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[str]:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def test_dask_engine_gives_the_same_output_as_the_local_one(tmp_path: Path, big_dump: Path, dask_cluster: str) -> None:
    local = invoke(
        "--jsonl", str(big_dump), "-o", str(tmp_path / "local.jsonl.zst"), "--stats", str(tmp_path / "l.json")
    )
    dask = invoke(
        "--jsonl",
        str(big_dump),
        "-o",
        str(tmp_path / "dask.jsonl.zst"),
        "--engine",
        "dask",
        "--scheduler",
        dask_cluster,
        "--stats",
        str(tmp_path / "d.json"),
    )
    assert dask.exit_code == local.exit_code == 1
    assert (tmp_path / "dask.jsonl.zst").read_bytes() == (tmp_path / "local.jsonl.zst").read_bytes()
    assert dask.stderr.splitlines()[: len(BAD_LINES)] == local.stderr.splitlines()[: len(BAD_LINES)]
    local_stats, dask_stats = (json.loads((tmp_path / name).read_text()) for name in ("l.json", "d.json"))
    assert local_stats | {"seconds": 0} == dask_stats | {"seconds": 0}


def test_dask_engine_cleans_a_text_tree_too(tmp_path: Path, dask_cluster: str) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.txt").write_text(ARTICLES[0], encoding="utf-8")
    args = [str(tmp_path / "pages"), "--engine", "dask", "--scheduler", dask_cluster, "-q"]
    assert invoke(*args, "--output-dir", str(tmp_path / "out")).exit_code == 0
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == clean(ARTICLES[0]).render()


def test_dask_engine_without_an_address_starts_its_own_local_cluster(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    source = tmp_path / "in.jsonl"
    source.write_bytes(b"".join(dump_lines(5, bad=True)))
    dask = invoke("--jsonl", str(source), "--engine", "dask", "--jobs", "1", "-q")
    local = invoke("--jsonl", str(source), "-q")
    assert dask.exit_code == local.exit_code == 1
    assert dask.stdout_bytes == local.stdout_bytes and dask.stderr == local.stderr


# --- the README's examples for other engines ----------------------------------------------------------------------


def readme_example(name: str) -> str:
    """The README's Python blocks marked `<!-- example: NAME -->` (and the blocks after, up to the next marker)."""
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split(f"<!-- example: {name} -->", 1)[1].split("<!-- example:", 1)[0]
    return "\n".join(re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL))


def _example_dump(folder: Path) -> list[bytes]:
    lines = dump_lines(30)
    (folder / "dump.jsonl.gz").write_bytes(gzip.compress(b"".join(lines)))
    return lines


def test_readme_spark_example(tmp_path: Path) -> None:
    pytest.importorskip("pyspark")
    pytest.importorskip("pyarrow")
    pytest.importorskip("pandas")
    lines = _example_dump(tmp_path)
    (tmp_path / "example.py").write_text(readme_example("spark") + "\nspark.stop()\n", encoding="utf-8")
    env = {**os.environ, "PYSPARK_PYTHON": sys.executable}  # Spark's Python workers: this one, with newsclean
    done = subprocess.run(
        [sys.executable, "example.py"], cwd=tmp_path, env=env, capture_output=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    spark_lines = b"".join(p.read_bytes() for p in sorted((tmp_path / "clean-spark").glob("part-*")))
    assert spark_lines == b"".join(clean_records(lines))
    frames = [json.loads(line) for p in sorted((tmp_path / "clean-frames").glob("part-*")) for line in p.open()]
    assert sorted((r["id"], r["text"]) for r in frames) == sorted(
        (n, clean(ARTICLES[n % len(ARTICLES)]).text) for n in range(30)
    )


def test_readme_datatrove_example(tmp_path: Path) -> None:
    pytest.importorskip("datatrove")
    pytest.importorskip("orjson")  # datatrove's JsonlReader needs it
    lines = _example_dump(tmp_path)
    (tmp_path / "dump").mkdir()
    (tmp_path / "dump.jsonl.gz").rename(tmp_path / "dump" / "dump.jsonl.gz")
    (tmp_path / "example.py").write_text(readme_example("datatrove"), encoding="utf-8")
    done = subprocess.run([sys.executable, "example.py"], cwd=tmp_path, capture_output=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    written = [gzip.decompress(p.read_bytes()) for p in sorted((tmp_path / "clean-datatrove").glob("*.jsonl.gz"))]
    records = [json.loads(line) for data in written for line in data.splitlines()]
    expected = {json.loads(line)["url"]: clean(json.loads(line)["text"]) for line in lines}
    assert len(records) == len(lines)
    for record in records:
        result = expected[record["metadata"]["url"]]
        assert record["text"] == result.text and record["metadata"]["title"] == result.title
