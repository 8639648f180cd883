"""Fuzz target: the JSON Lines reader and the batch job, from a file of generated lines to the written output.

    python fuzz/fuzz_jsonl.py -max_total_time=1800 -timeout=20 /tmp/corpus-jsonl

Lines are good records, odd JSON (arrays, numbers, deep nesting, lone surrogates,
non-string texts), raw bytes (invalid UTF-8, NUL), blank lines; files are plain or
compressed, whole or cut short; options vary.  Whatever the input, the job must finish
and account for every line: records out = records in - skipped, one message per error,
each output line either the input line unchanged or the record with its text cleaned.
"""

from __future__ import annotations

import io
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import atheris

with atheris.instrument_imports():
    from pages import known_lines, page  # also puts tests/ on the path

    from newsclean import _default_cleaner
    from newsclean.batch import BatchJob, CleanOptions, LocalEngine, run
    from newsclean.io import _COMPRESSORS, decode, get_field, open_binary

# The Cleaner the batch job uses (batch.cleaner_for), compiled before fuzzing: compiled by
# the first input instead, under instrumentation, it ran past -timeout on a loaded machine.
CLEANER = _default_cleaner().prepare()
LINES = known_lines(CLEANER)
WORK = Path(tempfile.mkdtemp(prefix="fuzz-jsonl-", dir="/dev/shm" if Path("/dev/shm").is_dir() else None))
# Lines as the reader splits them: at b"\n" only.
SPLIT = re.compile(rb"[^\n]*\n|[^\n]+$")
EXTENSIONS = ["", ".gz", ".bz2", ".xz", ".zst"]
TEXT_FIELDS = ["text", "body.text", "a.b.c"]


def _value(fdp: atheris.FuzzedDataProvider, depth: int = 0) -> Any:
    kind = fdp.ConsumeIntInRange(0, 7 if depth < 4 else 3)
    if kind == 0:
        return fdp.ConsumeInt(8)
    if kind == 1:
        return fdp.ConsumeRegularFloat()
    if kind == 2:
        return fdp.PickValueInList([None, True, False])
    if kind == 3:
        return fdp.ConsumeUnicode(fdp.ConsumeIntInRange(0, 20))  # surrogates too: valid as JSON escapes
    if kind in (4, 5):
        return page(fdp, LINES)
    if kind == 6:
        return [_value(fdp, depth + 1) for _ in range(fdp.ConsumeIntInRange(0, 3))]
    return {_key(fdp): _value(fdp, depth + 1) for _ in range(fdp.ConsumeIntInRange(0, 4))}


def _key(fdp: atheris.FuzzedDataProvider) -> str:
    return fdp.PickValueInList(["text", "title", "id", "url", "body", "a", "b", "c", "newsclean", "body.text", "x"])


def _line(fdp: atheris.FuzzedDataProvider) -> bytes:
    kind = fdp.ConsumeIntInRange(0, 7)
    if kind <= 2:  # a record, its text where the options look for it (or not)
        record = {_key(fdp): _value(fdp) for _ in range(fdp.ConsumeIntInRange(0, 4))}
        record[fdp.PickValueInList(TEXT_FIELDS)] = page(fdp, LINES)
        text = json.dumps(record, ensure_ascii=fdp.ConsumeBool())
        data = text.encode("utf-8", "backslashreplace")  # a lone surrogate as an escape, as JSON has it
    elif kind == 3:
        data = json.dumps(_value(fdp)).encode()
    elif kind == 4:
        depth = fdp.ConsumeIntInRange(1, 100_000)
        data = (b"[" * depth + b"]" * depth) if fdp.ConsumeBool() else (b'{"a":' * depth + b"1" + b"}" * depth)
    elif kind == 5:
        data = fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 200))
    elif kind == 6:
        data = fdp.PickValueInList([b"", b" ", b"\t", b"\r", b"\xef\xbb\xbf", b"\xff\xfe{\x00"])
    else:
        data = b'{"text": ' + fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 60)) + b"}"
    return data.replace(b"\n", b" ") + fdp.PickValueInList([b"\n", b"\r\n"])


def _options(fdp: atheris.FuzzedDataProvider) -> CleanOptions:
    return CleanOptions(
        text_field=fdp.PickValueInList(TEXT_FIELDS),
        title_field=fdp.PickValueInList(["title", None, "meta.title", "text"]),
        output_field=fdp.PickValueInList([None, "clean", "text.clean", "body.clean"]),
        annotate=fdp.ConsumeBool(),
        on_error=fdp.PickValueInList(["keep", "skip"]),
        errors=fdp.PickValueInList(["strict", "replace"]),
    )


def _check_output(options: CleanOptions, source: list[bytes], written: list[bytes], skipped: int) -> None:
    """Under "keep" every line comes out, in order: unchanged, or cleaned with every other field as it was."""
    if options.on_error == "skip":
        assert len(written) == len(source) - skipped, (len(written), len(source), skipped)
        return
    assert len(written) == len(source), (len(written), len(source))
    fields = [name for name in (options.text_field, options.output_field, options.title_field) if name]
    changed = {"newsclean", *fields, *(name.split(".")[0] for name in fields)}
    for number, (before, after) in enumerate(zip(source, written, strict=True), 1):
        if after.rstrip(b"\n") == before.rstrip(b"\n"):
            continue  # passed through, or blank
        record = json.loads(decode(before, "input", number, options.errors))
        cleaned = json.loads(after)
        result = CLEANER.clean(get_field(record, options.text_field))
        assert get_field(cleaned, options.output_field or options.text_field) == result.text
        assert {key: value for key, value in record.items() if key not in changed} == {
            key: value for key, value in cleaned.items() if key not in changed
        }


def test_one_input(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    lines = [_line(fdp) for _ in range(fdp.ConsumeIntInRange(0, 12))]
    if lines and fdp.ConsumeBool():
        lines[-1] = lines[-1].rstrip(b"\r\n")  # no final line break
    options = _options(fdp)
    plain = b"".join(lines)
    extension = fdp.PickValueInList(EXTENSIONS)
    buffer = io.BytesIO()
    if extension:
        with _COMPRESSORS[extension](buffer) as compressor:
            compressor.write(plain)
    stored = buffer.getvalue() if extension else plain
    cut = fdp.ConsumeBool() and extension != ""
    if cut:
        stored = stored[: fdp.ConsumeIntInRange(0, len(stored))]
    source = WORK / "input.jsonl"
    source.write_bytes(stored)
    output = fdp.PickValueInList([None, str(WORK / "out.jsonl.gz"), str(WORK / "out.jsonl.zst")])
    job = BatchJob((str(source),), "jsonl", options, output=output, chunk_bytes=fdp.ConsumeIntInRange(1, 4096))
    messages: list[str] = []
    stdout = io.BytesIO()
    with LocalEngine(1) as engine:
        stats = run(job, engine, report=messages.append, stdout=stdout)
    if output is not None:
        with open_binary(output) as written_file:
            written = written_file.read()
    else:
        written = stdout.getvalue()
    assert stats.records_out == stats.records_in - stats.skipped
    assert len(messages) == stats.errors
    assert not any("internal error" in message for message in messages), messages
    assert all(message.startswith(str(source)) for message in messages), messages
    assert stats.bytes_out == len(written)
    if not cut:
        assert stats.records_in == len(SPLIT.findall(plain)), (stats.records_in, plain)
        _check_output(options, SPLIT.findall(plain), SPLIT.findall(written), stats.skipped)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
