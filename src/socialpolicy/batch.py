"""Reading posts from JSON and JSONL files: one bad record is reported, the rest are judged."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from socialpolicy.errors import InputError, InputSyntaxError, InputValidationError, Location

MAX_LINE_CHARS = 1_000_000


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
    if first.lstrip().startswith(b"["):
        # A JSON array: read whole (arrays are for small inputs; use JSONL for streams).
        raw = first + handle.read()
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            yield BadRecord(name, 1, InputSyntaxError(f"not UTF-8: {exc}", Location(file=name)))
            return
        except json.JSONDecodeError as exc:
            yield BadRecord(
                name,
                exc.lineno,
                InputSyntaxError(
                    f"malformed JSON: {exc.msg} (column {exc.colno})",
                    Location(file=name, line=exc.lineno),
                ),
            )
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
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        # A pretty-printed single JSON object is not JSONL: say so.
        hint = " (JSONL needs one JSON object per line)" if text.strip() in ("{", "[") else ""
        yield BadRecord(
            name,
            line_no,
            InputSyntaxError(
                f"malformed JSON: {exc.msg} (column {exc.colno}){hint}",
                Location(file=name, line=line_no),
            ),
        )
        return
    yield RawRecord(name, line_no, data)


def is_whole_json_file(path: str) -> bool:
    """True when a file is one pretty-printed JSON object (its first line is just '{')."""
    if path == "-":
        return False
    try:
        with Path(path).open("rb") as fh:
            first = fh.readline(4096)
    except OSError:
        return False
    return first.strip() == b"{"


def read_whole_json(path: str) -> Iterator[RawRecord | BadRecord]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        yield BadRecord(
            path,
            exc.lineno,
            InputSyntaxError(
                f"malformed JSON: {exc.msg} (column {exc.colno})",
                Location(file=path, line=exc.lineno),
            ),
        )
        return
    except (OSError, UnicodeDecodeError) as exc:
        yield BadRecord(path, 0, InputSyntaxError(f"cannot read: {exc}", Location(file=path)))
        return
    yield RawRecord(path, 1, data)


def records(path: str) -> Iterator[RawRecord | BadRecord]:
    """Records from a JSONL file, a JSON array file, a single JSON object file, or stdin."""
    if is_whole_json_file(path):
        yield from read_whole_json(path)
    else:
        yield from read_records(path)
