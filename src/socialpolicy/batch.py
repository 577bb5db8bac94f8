"""Reading posts from JSON and JSONL files: one bad record is reported, the rest are judged.

Files may start with a byte-order mark (what Excel and Notepad write): UTF-8 with a BOM is read
as UTF-8, and UTF-16 with a BOM is decoded. An input with no record at all is reported, not
passed over in silence.
"""

from __future__ import annotations

import codecs
import io
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from socialpolicy.errors import InputError, InputSyntaxError, InputValidationError, Location

MAX_LINE_CHARS = 1_000_000
MAX_JSON_FILE_BYTES = 100_000_000
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _syntax_error(exc: json.JSONDecodeError, name: str, line: int | None = None) -> BadRecord:
    """A JSON syntax error at its file, line and column.

    `line` is the file line of a JSONL record (the decoder's own line is then always 1).
    """
    at_end = exc.pos >= len(exc.doc.rstrip()) and len(exc.doc.strip()) > 1
    msg = exc.msg + (" (the JSON ends too early: is it cut short?)" if at_end else "")
    where = Location(file=name, line=line or exc.lineno, column=exc.colno)
    return BadRecord(name, where.line or 0, InputSyntaxError(f"malformed JSON: {msg}", where))


def _utf16_to_utf8(handle: IO[bytes]) -> IO[bytes]:
    """A UTF-8 stream of a UTF-16 file (read whole: Notepad's "Unicode" files are small)."""
    text = handle.read(MAX_JSON_FILE_BYTES).decode("utf-16")
    return io.BytesIO(text.encode("utf-8"))


def decode_json_bytes(raw: bytes, name: str) -> Any:
    """A whole JSON document from bytes, with or without a BOM; InputSyntaxError otherwise."""
    try:
        text = raw.decode("utf-16" if raw.startswith(_UTF16_BOMS) else "utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputSyntaxError(
            f"not UTF-8 (byte {exc.start + 1}): save the file as UTF-8", Location(file=name)
        ) from None
    if not text.strip():
        raise InputSyntaxError("the file is empty", Location(file=name))
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _syntax_error(exc, name).error from None


def read_json_file(path: str | Path) -> Any:
    """One JSON document (e.g. an `--account` file); errors name the file, line and column."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputSyntaxError(f"cannot read: {exc.strerror or exc}", Location(file=name)) from None
    return decode_json_bytes(raw, name)


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One record as read: its file, line (JSONL) or index (JSON array), and data."""

    file: str
    line: int
    data: Any

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class BadRecord:
    """A record that could not be read or judged."""

    file: str
    line: int
    error: InputError


def read_records(path: str) -> Iterator[RawRecord | BadRecord]:
    """Records of a JSON array file or a JSONL file; `-` is stdin.

    Read as bytes and decoded line by line, so a bad byte or an oversized line costs only
    its own record.
    """
    if path == "-":
        yield from _read_stream(sys.stdin.buffer, "<stdin>")
        return
    try:
        handle = Path(path).open("rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        yield BadRecord(
            path, 0, InputSyntaxError(f"cannot open: {exc.strerror or exc}", Location(file=path))
        )
        return
    with handle:
        yield from _read_stream(handle, path)


def _read_stream(handle: IO[bytes], name: str) -> Iterator[RawRecord | BadRecord]:
    first = handle.readline(MAX_LINE_CHARS + 1)
    if first.startswith(_UTF16_BOMS):
        handle = _utf16_to_utf8(io.BytesIO(first + handle.read(MAX_JSON_FILE_BYTES)))
        first = handle.readline(MAX_LINE_CHARS + 1)
    first = first.removeprefix(codecs.BOM_UTF8)
    if first.lstrip().startswith(b"["):
        # A JSON array: read whole (arrays are for small inputs; use JSONL for streams).
        raw = first + handle.read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield BadRecord(
                name,
                raw.count(b"\n", 0, exc.start) + 1,
                InputSyntaxError(f"not UTF-8 (byte {exc.start + 1})", Location(file=name)),
            )
            return
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            yield _syntax_error(exc, name)
            return
        if not isinstance(data, list):
            data = [data]
        for i, item in enumerate(data, start=1):
            yield RawRecord(name, i, item)
        return
    line_no = 0
    pending = first
    while pending:
        line_no += 1
        if len(pending) > MAX_LINE_CHARS and not pending.endswith(b"\n"):
            yield BadRecord(
                name,
                line_no,
                InputValidationError(
                    f"record longer than {MAX_LINE_CHARS} bytes", Location(file=name, line=line_no)
                ),
            )
            # Skip the rest of this physical line: it is not the next record.
            while pending and not pending.endswith(b"\n"):
                pending = handle.readline(1 << 20)
        else:
            yield from _parse_line(pending, name, line_no)
        pending = handle.readline(MAX_LINE_CHARS + 1)


def _parse_line(raw: bytes, name: str, line_no: int) -> Iterator[RawRecord | BadRecord]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        yield BadRecord(
            name,
            line_no,
            InputSyntaxError(
                f"not UTF-8 (byte {exc.start + 1} of the line)", Location(file=name, line=line_no)
            ),
        )
        return
    if not text.strip():
        return
    # Without its line ending, an error at the end of the record is reported on this line
    # (at its last column), not at column 1 of a line that does not exist.
    text = text.rstrip("\r\n")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        bad = _syntax_error(exc, name, line_no)
        if text.strip() in ("{", "["):
            # A pretty-printed single JSON object is not JSONL: say so.
            bad = BadRecord(
                name,
                line_no,
                InputSyntaxError(
                    bad.error.message + " (JSONL needs one JSON object per line)",
                    bad.error.location,
                ),
            )
        yield bad
        return
    yield RawRecord(name, line_no, data)


def parse_record_line(raw: bytes, name: str, line_no: int) -> Iterator[RawRecord | BadRecord]:
    """One JSONL line read from elsewhere (the HTTP service's NDJSON body), as files are read.

    Gives nothing for a blank line; an unparsable line is a BadRecord at `name:line_no`.
    """
    if len(raw) > MAX_LINE_CHARS:
        yield BadRecord(
            name,
            line_no,
            InputValidationError(
                f"record longer than {MAX_LINE_CHARS} bytes", Location(file=name, line=line_no)
            ),
        )
        return
    yield from _parse_line(raw, name, line_no)


def is_whole_json_file(path: str) -> bool:
    """True when a file is one pretty-printed JSON object (its first line is just '{')."""
    if path == "-":
        return False
    try:
        with Path(path).open("rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    encoding = "utf-16" if head.startswith(_UTF16_BOMS) else "utf-8-sig"
    first = head.decode(encoding, errors="replace").split("\n", 1)[0]
    return first.strip() == "{"


def read_whole_json(path: str) -> Iterator[RawRecord | BadRecord]:
    try:
        data = read_json_file(path)
    except InputError as exc:
        yield BadRecord(path, exc.location.line or 0, exc)
        return
    yield RawRecord(path, 1, data)


def records(path: str) -> Iterator[RawRecord | BadRecord]:
    """Records from a JSONL file, a JSON array file, a single JSON object file, or stdin.

    An input that holds no record (an empty file, blank lines, `[]`) gives one BadRecord.
    """
    source = read_whole_json(path) if is_whole_json_file(path) else read_records(path)
    empty = True
    for item in source:
        empty = False
        yield item
    if empty:
        name = "<stdin>" if path == "-" else path
        yield BadRecord(
            name,
            0,
            InputSyntaxError("no records: the input is empty", Location(file=name)),
        )
