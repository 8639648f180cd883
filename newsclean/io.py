"""Readers and writers: text files, JSON Lines records, compressed streams, atomic outputs.

Nothing here decides what is chrome; it only turns bytes into documents and results
back into bytes, and names the file and line of anything it cannot read.
"""

from __future__ import annotations

import bz2
import codecs
import gzip
import io
import json
import lzma
import os
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import IO, Any, Literal

import zstandard

from newsclean.result import Result

STDIN = "-"
# Written next to an output while it is incomplete; renamed to the output's name when done.
PARTIAL_SUFFIX = ".partial"
# Annotations (--annotate) go under this key of a JSON Lines record.
ANNOTATION_FIELD = "newsclean"
# What a damaged or truncated (compressed) stream raises part-way through.
READ_ERRORS = (OSError, EOFError, lzma.LZMAError, zlib.error, zstandard.ZstdError)
# What to do with bytes that are not text: stop with an InputError, or decode them as U+FFFD.
DecodeErrors = Literal["strict", "replace"]
# Byte order marks of the encodings a whole text document may also be in; UTF-32 LE's starts like UTF-16 LE's.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def _zstd_reader(raw: IO[bytes]) -> IO[bytes]:
    # Buffered for readline; read_across_frames because zstd dumps are often concatenated frames;
    # closefd=False like the other decompressors, so that `raw` can still tell how far it was read.
    reader = zstandard.ZstdDecompressor().stream_reader(raw, read_across_frames=True, closefd=False)
    return io.BufferedReader(reader)


_MAGIC: dict[bytes, Callable[[IO[bytes]], IO[bytes]]] = {
    b"\x1f\x8b": gzip.open,  # type: ignore[dict-item]
    b"BZh": bz2.open,
    b"\xfd7zXZ\x00": lzma.open,
    b"\x28\xb5\x2f\xfd": _zstd_reader,
}
# Output compression by extension.  gzip: level 6 and no name or time in the header, so that
# the same records always give the same bytes (and the compressor keeps up with the workers).
_COMPRESSORS: dict[str, Callable[[IO[bytes]], IO[bytes]]] = {
    ".gz": lambda raw: gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=6, mtime=0),  # type: ignore[dict-item,return-value]
    ".bz2": lambda raw: bz2.BZ2File(raw, "wb"),
    ".xz": lambda raw: lzma.LZMAFile(raw, "wb"),  # noqa: SIM115 - atomic_output closes it
    ".zst": lambda raw: zstandard.ZstdCompressor(level=3).stream_writer(raw, closefd=False),
}


class InputError(Exception):
    """Input that cannot be used; `str()` is the message to show, starting with `FILE:LINE:`."""


def display_name(path: str) -> str:
    return "<stdin>" if path == STDIN else path


def open_raw(path: str) -> IO[bytes]:
    """A file as stored (or stdin for "-"), for reading; its position tells how much was consumed."""
    if path == STDIN:
        return sys.stdin.buffer
    file_path = Path(path)
    if file_path.is_dir():
        raise InputError(f"{path}: is a directory")
    try:
        return file_path.open("rb")
    except OSError as error:
        raise InputError(f"{path}: cannot open: {error.strerror or error}") from error


def decompressed(raw: IO[bytes]) -> IO[bytes]:
    """`raw` decompressed if it starts with the magic bytes of gzip, bzip2, xz or zstd; whatever its name says."""
    head = raw.peek(6)[:6] if hasattr(raw, "peek") else b""
    for magic, opener in _MAGIC.items():
        if head.startswith(magic):
            return opener(raw)
    return raw


def open_binary(path: str) -> IO[bytes]:
    """Open a file (or stdin for "-") for reading, decompressing it by its magic bytes."""
    return decompressed(open_raw(path))


def expand_inputs(paths: tuple[str, ...], pattern: str) -> Iterator[tuple[str, str]]:
    """Each input as (path, name relative to the argument it came from), directories walked recursively.

    Walked in sorted order, so that a tree always gives the same output order; a file in a
    directory is taken when `pattern` matches its relative path from the right ("*.txt",
    "2024/*.jsonl.gz").  Files and stdin given by name are always taken.
    """
    for path in paths:
        if path == STDIN or not os.path.isdir(path):
            yield path, os.path.basename(path)
            continue
        for folder, subfolders, names in os.walk(path):
            subfolders.sort()
            for name in sorted(names):
                relative = os.path.relpath(os.path.join(folder, name), path)
                if PurePath(relative).match(pattern) and not name.endswith(PARTIAL_SUFFIX):
                    yield os.path.join(folder, name), relative


@contextmanager
def atomic_output(path: str | Path) -> Iterator[IO[bytes]]:
    """A file that appears under its name only once complete, compressed as its extension says.

    Bytes go to `NAME.partial` in the same directory (so the rename cannot cross file
    systems), which is synced and renamed over NAME at the end; on an exception it is
    removed.  A run killed part-way leaves at most the `.partial` file, never a file that
    looks finished; the next run truncates it.
    """
    final = Path(path)
    partial = final.with_name(final.name + PARTIAL_SUFFIX)
    final.parent.mkdir(parents=True, exist_ok=True)
    compressor = _COMPRESSORS.get(final.suffix.lower())
    try:
        with partial.open("wb") as raw:
            stream = compressor(raw) if compressor else raw
            yield stream
            if stream is not raw:
                stream.close()  # a compressor writes its trailer; it never closes `raw` itself
            raw.flush()
            os.fsync(raw.fileno())
    except OSError as error:
        partial.unlink(missing_ok=True)
        if error.filename is None:  # a write that failed (a full disk, say): name the output
            error.filename = str(final)
        raise
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, final)


def bom_encoding(head: bytes) -> str | None:
    """UTF-16 or UTF-32 (with its byte order), told by the byte order mark `head` starts with; else None."""
    for bom, encoding in _WIDE_BOMS:
        if head.startswith(bom):
            return encoding
    return None


def decode(data: bytes, name: str, line: int | None = None, errors: DecodeErrors = "strict") -> str:
    """Text from UTF-8 bytes (a byte order mark dropped), or an InputError that says where the bytes went wrong.

    A whole document may also be UTF-16 or UTF-32 with a byte order mark (Windows tools
    write them); a JSON line must be UTF-8.  errors="replace" turns each byte that cannot
    be decoded into U+FFFD and lets NUL bytes through, for dumps that must go through whole.
    """
    where = f"{name}:{line}" if line is not None else name
    start, encoding = 0, "UTF-8"
    if line in (None, 1) and (wide := bom_encoding(data[:4])) is not None:
        if line is not None:
            raise InputError(f"{where}: {wide} text; JSON Lines must be UTF-8 (iconv -f {wide} -t UTF-8)")
        encoding = wide  # its codec drops the byte order mark
    elif line in (None, 1) and data.startswith(codecs.BOM_UTF8):
        start = len(codecs.BOM_UTF8)
    nul = data.find(b"\x00") if errors == "strict" and encoding == "UTF-8" else -1
    if nul >= 0:
        raise InputError(f"{where}: looks like a binary file (NUL byte at byte offset {nul})")
    try:
        return str(memoryview(data)[start:], encoding, errors)
    except UnicodeDecodeError as error:
        offset = start + error.start
        raise InputError(
            f"{where}: not valid {encoding} (byte offset {offset}: {error.reason}; --errors replace to proceed)"
        ) from error


def read_document(path: str, errors: DecodeErrors = "strict") -> str:
    """One whole text document (a file, or stdin for "-")."""
    name = display_name(path)
    try:
        with open_binary(path) as stream:
            data = stream.read()
    except READ_ERRORS as error:
        raise InputError(f"{name}: cannot read: {error}") from error
    return decode(data, name, errors=errors)


@dataclass(frozen=True, slots=True)
class Record:
    """One JSON Lines line: the parsed object, or the raw line and why it could not be used.

    `data` is set for a bad record that is a JSON object (one without its text, say), so
    that its id can still be named.
    """

    name: str
    line: int
    raw: bytes
    data: dict[str, Any] | None
    text: str | None
    error: str | None


def parse_record(name: str, number: int, raw: bytes, text_field: str, errors: DecodeErrors = "strict") -> Record:
    """Line `number` of input `name` as a Record; a bad line has `error` set (and `data`, if it was JSON).

    A blank line is a Record with neither data nor error: it passes through as it is.
    """
    if not raw.strip():
        return Record(name, number, raw, None, None, None)

    def bad(reason: str, data: dict[str, Any] | None = None) -> Record:
        return Record(name, number, raw, data, None, reason)

    too_deep = f"JSON nested more than {MAX_JSON_DEPTH} levels deep"
    try:
        line = decode(raw, name, number, errors)
        data = json.loads(line)
    except InputError as error:
        return bad(str(error).split(": ", 1)[1])
    except json.JSONDecodeError as error:
        return bad(f"not valid JSON ({error.msg} at column {error.colno})")
    except RecursionError:
        return bad(too_deep)
    if line.count("[") + line.count("{") > MAX_JSON_DEPTH and json_depth(data) > MAX_JSON_DEPTH:
        return bad(too_deep)
    if not isinstance(data, dict):
        return bad(f"a JSON {json_type(data)}, not an object")
    text = get_field(data, text_field)
    if text is None and not has_field(data, text_field):
        return bad(f"no {text_field!r} field", data)
    if not isinstance(text, str):
        return bad(f"field {text_field!r} is a JSON {json_type(text)}, not a string", data)
    return Record(name, number, raw, data, text, None)


# Deeper records are bad records, whatever the stack: `json.loads` alone fails at a depth that
# depends on how deep the caller's stack is (a worker's or the main process's), so the same
# line could be cleaned by one run and passed through by another.  Far below Python's limit.
MAX_JSON_DEPTH = 500


def json_depth(value: Any) -> int:
    """How many arrays and objects deep `value` nests (0 for a scalar), counted without recursion."""
    depth, level = 0, [value]
    while level := [item for item in level if isinstance(item, (list, dict))]:
        depth += 1
        level = [child for item in level for child in _children(item)]
    return depth


def _children(container: list[Any] | dict[str, Any]) -> Iterable[Any]:
    return container.values() if isinstance(container, dict) else container


def json_type(value: Any) -> str:
    """The JSON name of a parsed value's type, as a record's author would call it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return {str: "string", list: "array", dict: "object"}[type(value)]


def has_field(data: dict[str, Any], dotted: str) -> bool:
    if dotted in data:
        return True
    *parents, last = dotted.split(".")
    parent = get_field(data, ".".join(parents)) if parents else data
    return isinstance(parent, dict) and last in parent


def get_field(data: dict[str, Any], dotted: str) -> Any:
    """`data["a"]["b"]` for "a.b"; a key that itself contains dots is found first."""
    if dotted in data:
        return data[dotted]
    value: Any = data
    for key in dotted.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


class FieldError(ValueError):
    """A dotted field that cannot be set because a parent on its path is not an object."""


def set_field(data: dict[str, Any], dotted: str, value: Any) -> None:
    if dotted in data or "." not in dotted:
        data[dotted] = value
        return
    *parents, last = dotted.split(".")
    target = data
    for key in parents:
        target = target.setdefault(key, {})
        if not isinstance(target, dict):
            raise FieldError(f"cannot set {dotted!r}: {key!r} is a {type(target).__name__}, not an object")
    target[last] = value


def cleaned_record(
    record: Record,
    result: Result,
    text_field: str,
    title_field: str | None,
    *,
    output_field: str | None = None,
    annotate: bool = False,
) -> dict[str, Any]:
    """The input record with the body in its text field (or `output_field`) and the title added.

    A field the record already has is never overwritten by the title.  With `annotate`, the
    removed spans (offsets into the input text) and the document's stats go under
    ANNOTATION_FIELD.
    """
    assert record.data is not None
    data = dict(record.data)
    set_field(data, output_field or text_field, result.text)
    if title_field and not has_field(data, title_field):
        set_field(data, title_field, result.title)
    if annotate:
        data[ANNOTATION_FIELD] = {"removed": [removal.to_dict() for removal in result.removed], "stats": result.stats}
    return data


def dumps_line(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False) + "\n"
