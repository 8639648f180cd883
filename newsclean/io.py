"""Readers and writers: text files, JSON Lines records, compressed streams.

Nothing here decides what is chrome; it only turns bytes into documents and results
back into bytes, and names the file and line of anything it cannot read.
"""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from newsclean.result import Result

STDIN = "-"
_MAGIC = {b"\x1f\x8b": gzip.open, b"BZh": bz2.open, b"\xfd7zXZ\x00": lzma.open}


class InputError(Exception):
    """Input that cannot be used; `str()` is the message to show, starting with `FILE:LINE:`."""


def display_name(path: str) -> str:
    return "<stdin>" if path == STDIN else path


def open_binary(path: str) -> IO[bytes]:
    """Open a file (or stdin for "-") for reading, decompressing gzip, bzip2 and xz by their magic bytes."""
    if path == STDIN:
        raw: IO[bytes] = sys.stdin.buffer
    else:
        file_path = Path(path)
        if file_path.is_dir():
            raise InputError(f"{path}: is a directory")
        try:
            raw = file_path.open("rb")
        except OSError as error:
            raise InputError(f"{path}: cannot open: {error.strerror or error}") from error
    head = raw.peek(6)[:6] if hasattr(raw, "peek") else b""
    for magic, opener in _MAGIC.items():
        if head.startswith(magic):
            return opener(raw)  # type: ignore[no-any-return]
    return raw


def decode(data: bytes, name: str, line: int | None = None) -> str:
    """UTF-8 text from bytes, or an InputError that says where the bytes went wrong."""
    where = f"{name}:{line}" if line is not None else name
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(f"{where}: looks like a binary file (NUL byte at byte offset {nul})")
    try:
        return data.decode("utf-8-sig" if line in (None, 1) else "utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{where}: not valid UTF-8 (byte offset {error.start}: {error.reason})") from error


def read_document(path: str) -> str:
    """One whole text document (a file, or stdin for "-")."""
    name = display_name(path)
    try:
        with open_binary(path) as stream:
            data = stream.read()
    except (OSError, EOFError, lzma.LZMAError) as error:
        raise InputError(f"{name}: cannot read: {error}") from error
    return decode(data, name)


@dataclass(frozen=True, slots=True)
class Record:
    """One JSON Lines line: the parsed object, or the raw line and why it could not be used."""

    name: str
    line: int
    raw: bytes
    data: dict[str, Any] | None
    text: str | None
    error: str | None


def read_records(path: str, text_field: str) -> Iterator[Record]:
    """JSON Lines records one by one, streaming; a bad line becomes a Record with `error` set.

    A blank line is a Record with neither data nor error: it passes through as it is.
    """
    name = display_name(path)
    with open_binary(path) as stream:
        for number, raw in enumerate(stream, 1):
            if not raw.strip():
                yield Record(name, number, raw, None, None, None)
            else:
                yield _parse_record(name, number, raw, text_field)


def _parse_record(name: str, number: int, raw: bytes, text_field: str) -> Record:
    def bad(reason: str) -> Record:
        return Record(name, number, raw, None, None, reason)

    try:
        line = decode(raw, name, number)
        data = json.loads(line)
    except InputError as error:
        return bad(str(error).split(": ", 1)[1])
    except json.JSONDecodeError as error:
        return bad(f"not valid JSON ({error.msg} at column {error.colno})")
    except RecursionError:
        return bad("JSON nested too deeply")
    if not isinstance(data, dict):
        return bad(f"a JSON {type(data).__name__}, not an object")
    text = get_field(data, text_field)
    if text is None:
        return bad(f"no {text_field!r} field")
    if not isinstance(text, str):
        return bad(f"field {text_field!r} is a {type(text).__name__}, not a string")
    return Record(name, number, raw, data, text, None)


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


def set_field(data: dict[str, Any], dotted: str, value: Any) -> None:
    if dotted in data or "." not in dotted:
        data[dotted] = value
        return
    *parents, last = dotted.split(".")
    target = data
    for key in parents:
        target = target.setdefault(key, {})
    target[last] = value


def cleaned_record(record: Record, result: Result, text_field: str, title_field: str | None) -> dict[str, Any]:
    """The input record with its text replaced by the body and the title added.

    A field the record already has is never overwritten by the title.
    """
    assert record.data is not None
    data = dict(record.data)
    set_field(data, text_field, result.text)
    if title_field and not has_field(data, title_field):
        set_field(data, title_field, result.title)
    return data


def dumps_line(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False) + "\n"
