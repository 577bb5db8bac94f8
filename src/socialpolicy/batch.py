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
    """Records of a JSON file (an object or an array) or a JSONL file; `-` is stdin."""
    if path == "-":
        yield from _read_stream(sys.stdin, "<stdin>")
        return
    try:
        handle = Path(path).open(encoding="utf-8", errors="strict")  # noqa: SIM115 - closed below
    except OSError as exc:
        yield BadRecord(
            path, 0, InputSyntaxError(f"cannot open: {exc.strerror or exc}", Location(file=path))
        )
        return
    with handle:
        yield from _read_stream(handle, path)


def _read_stream(handle: IO[str], name: str) -> Iterator[RawRecord | BadRecord]:
    try:
        first = handle.readline(MAX_LINE_CHARS + 1)
    except UnicodeDecodeError as exc:
        yield BadRecord(name, 1, InputSyntaxError(f"not UTF-8: {exc}", Location(file=name, line=1)))
        return
    stripped = first.lstrip()
    if stripped.startswith("["):
        # A JSON array: read whole (arrays are for small inputs; use JSONL for streams).
        try:
            rest = handle.read()
        except UnicodeDecodeError as exc:
            yield BadRecord(name, 1, InputSyntaxError(f"not UTF-8: {exc}", Location(file=name)))
            return
        try:
            data = json.loads(first + rest)
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
        for i, item in enumerate(data, start=1):
            yield RawRecord(name, i, item)
        return
    line_no = 0
    pending = first
    while pending:
        line_no += 1
        yield from _parse_line(pending, name, line_no)
        try:
            pending = handle.readline(MAX_LINE_CHARS + 1)
        except UnicodeDecodeError as exc:
            yield BadRecord(
                name,
                line_no + 1,
                InputSyntaxError(f"not UTF-8: {exc}", Location(file=name, line=line_no + 1)),
            )
            return


def _parse_line(text: str, name: str, line_no: int) -> Iterator[RawRecord | BadRecord]:
    if len(text) > MAX_LINE_CHARS and not text.endswith("\n"):
        yield BadRecord(
            name,
            line_no,
            InputValidationError(
                f"record longer than {MAX_LINE_CHARS} characters", Location(file=name, line=line_no)
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
    """True when a file is a single pretty-printed JSON object rather than JSONL."""
    if path == "-":
        return False
    try:
        with Path(path).open(encoding="utf-8") as fh:
            head = fh.read(4096).lstrip()
    except (OSError, UnicodeDecodeError):
        return False
    if not head.startswith("{"):
        return False
    first_line = head.splitlines()[0] if head else ""
    try:
        json.loads(first_line)
        return False
    except json.JSONDecodeError:
        return True


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
