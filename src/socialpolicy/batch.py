"""Reading posts from JSON and JSONL files: one bad record is reported, the rest are judged.

Files may start with a byte-order mark (what Excel and Notepad write): UTF-8 with a BOM is read
as UTF-8, and UTF-16 or UTF-32 with a BOM is decoded. An input with no record at all is
reported, not passed over in silence. JSON is parsed by `socialpolicy.guard.json_input`, so
depth, long number literals, NaN and lone surrogates cost only their own record.
"""

from __future__ import annotations

import codecs
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from socialpolicy.errors import (
    InputError,
    InputLimitError,
    InputSyntaxError,
    Location,
    SocialPolicyError,
)
from socialpolicy.guard.json_input import check_tree, loads

MAX_LINE_CHARS = 1_000_000
MAX_JSON_FILE_BYTES = 100_000_000
# UTF-32 LE's BOM begins with UTF-16 LE's: test it first.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _wide_encoding(head: bytes) -> str | None:
    """The codec of a UTF-32 or UTF-16 byte-order mark at the start of `head`, or None."""
    for bom, encoding in _WIDE_BOMS:
        if head.startswith(bom):
            return encoding
    return None


def _too_big(name: str) -> InputLimitError:
    return InputLimitError(
        f"a JSON array or UTF-16/32 file over {MAX_JSON_FILE_BYTES} bytes "
        "(write large inputs as JSONL, UTF-8, one record per line)",
        Location(file=name),
    )


def _read_bounded(handle: IO[bytes], name: str, head: bytes = b"") -> bytes:
    rest = handle.read(max(0, MAX_JSON_FILE_BYTES + 1 - len(head)))
    raw = head + rest
    if len(raw) > MAX_JSON_FILE_BYTES:
        raise _too_big(name)
    return raw


def _wide_to_utf8(raw: bytes, encoding: str, name: str) -> IO[bytes]:
    """A UTF-8 stream of a UTF-16/32 file (read whole: Notepad's "Unicode" files are small)."""
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputSyntaxError(
            f"not {encoding.upper()} (byte {exc.start + 1}) although it starts with a "
            f"{encoding.upper()} byte-order mark",
            Location(file=name),
        ) from None
    try:
        return io.BytesIO(text.encode("utf-8"))
    except UnicodeEncodeError as exc:
        raise InputSyntaxError(
            f"holds a lone surrogate (character {exc.start + 1}), which is no character",
            Location(file=name),
        ) from None


def decode_json_bytes(raw: bytes, name: str) -> Any:
    """A whole JSON document from bytes, with or without a BOM; InputSyntaxError otherwise."""
    encoding = _wide_encoding(raw) or "utf-8-sig"
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputSyntaxError(
            f"not {'UTF-8' if encoding == 'utf-8-sig' else encoding.upper()} "
            f"(byte {exc.start + 1}): save the file as UTF-8",
            Location(file=name),
        ) from None
    if not text.strip():
        raise InputSyntaxError("the file is empty", Location(file=name))
    return loads(text, name)


def read_json_file(path: str | Path) -> Any:
    """One JSON document (e.g. an `--account` file); errors name the file, line and column."""
    name = str(path)
    try:
        with Path(path).open("rb") as handle:
            raw = _read_bounded(handle, name)
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
    """A record that could not be read or judged (its error is an `InputError` unless the
    engine or the log failed on it)."""

    file: str
    line: int
    error: SocialPolicyError


def read_records(path: str, *, unparsed: bool = False) -> Iterator[RawRecord | BadRecord]:
    """Records of a JSON array file or a JSONL file; `-` is stdin.

    Read as bytes and decoded line by line, so a bad byte or an oversized line costs only
    its own record. `unparsed`: a JSONL line that is neither blank nor undecodable comes as
    a RawRecord whose data is the line's bytes, for another process to parse
    (`parse_unparsed`: the same data, or the same error, as reading it here).
    """
    if path == "-":
        yield from _read_stream(sys.stdin.buffer, "<stdin>", unparsed)
        return
    try:
        handle = Path(path).open("rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        yield BadRecord(
            path, 0, InputSyntaxError(f"cannot open: {exc.strerror or exc}", Location(file=path))
        )
        return
    with handle:
        yield from _read_stream(handle, path, unparsed)


def _read_stream(
    handle: IO[bytes], name: str, unparsed: bool = False
) -> Iterator[RawRecord | BadRecord]:
    first = handle.readline(MAX_LINE_CHARS + 1)
    encoding = _wide_encoding(first)
    if encoding is not None:
        try:
            handle = _wide_to_utf8(_read_bounded(handle, name, first), encoding, name)
        except InputError as exc:
            yield BadRecord(name, 0, exc)
            return
        first = handle.readline(MAX_LINE_CHARS + 1)
    first = first.removeprefix(codecs.BOM_UTF8)
    if first.lstrip().startswith(b"["):
        yield from _read_array(handle, name, first)
        return
    line_no = 0
    pending = first
    while pending:
        line_no += 1
        if len(pending) > MAX_LINE_CHARS and not pending.endswith(b"\n"):
            yield BadRecord(
                name,
                line_no,
                InputLimitError(
                    f"record longer than {MAX_LINE_CHARS} bytes", Location(file=name, line=line_no)
                ),
            )
            # Skip the rest of this physical line: it is not the next record.
            while pending and not pending.endswith(b"\n"):
                pending = handle.readline(1 << 20)
        else:
            yield from (_line_unparsed if unparsed else _parse_line)(pending, name, line_no)
        pending = handle.readline(MAX_LINE_CHARS + 1)


def _read_array(handle: IO[bytes], name: str, first: bytes) -> Iterator[RawRecord | BadRecord]:
    """A JSON array, read whole (arrays are for small inputs; use JSONL for streams)."""
    try:
        raw = _read_bounded(handle, name, first)
    except InputError as exc:
        yield BadRecord(name, 0, exc)
        return
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        yield BadRecord(
            name,
            line,
            InputSyntaxError(f"not UTF-8 (byte {exc.start + 1})", Location(file=name, line=line)),
        )
        return
    try:
        data = loads(text, name, check=False)
    except InputError as exc:
        yield BadRecord(name, exc.location.line or 0, exc)
        return
    if not isinstance(data, list):
        data = [data]
    for i, item in enumerate(data, start=1):
        # Each item is checked on its own: one bad item costs only itself.
        try:
            check_tree(item, name, prefix=_prefix(item))
        except InputError as exc:
            yield BadRecord(name, i, exc.relocated(line=None, record=f"item {i}"))
            continue
        yield RawRecord(name, i, item)


def _prefix(data: Any) -> str:
    """How a record's fields are named in errors: `post.text` for a bare post too."""
    if isinstance(data, dict) and "post" in data and "text" not in data:
        return ""
    return "post"


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
    # A BOM on a later line: files joined with `cat` keep each one's BOM.
    text = text.rstrip("\r\n").removeprefix("\ufeff")
    try:
        data = loads(text, name, line_no, check=False)
        check_tree(data, name, line_no, prefix=_prefix(data))
    except InputError as exc:
        if text.strip() in ("{", "[") and isinstance(exc, InputSyntaxError):
            # A pretty-printed single JSON object is not JSONL: say so.
            exc = InputSyntaxError(
                exc.message + " (JSONL needs one JSON object per line)", exc.location
            )
        yield BadRecord(name, line_no, exc)
        return
    yield RawRecord(name, line_no, data)


def _line_unparsed(raw: bytes, name: str, line_no: int) -> Iterator[RawRecord | BadRecord]:
    """A JSONL line left as its bytes (a RawRecord): nothing for a blank line and a BadRecord
    for one that is not UTF-8, as `_parse_line` gives, so that what is left always holds a
    record or its error (blank means blank once decoded: U+00A0 or U+001C alone is too)."""
    if not raw.strip():
        return
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        yield from _parse_line(raw, name, line_no)
        return
    if text.strip():
        yield RawRecord(name, line_no, raw)


def parse_unparsed(raw: bytes, name: str, line_no: int) -> Any:
    """The data of a line `read_records(..., unparsed=True)` left as bytes, read exactly as
    reading it there would have; raises the InputError that reading would have reported."""
    for got in _parse_line(raw, name, line_no):
        if isinstance(got, BadRecord):
            raise got.error
        return got.data
    raise InputSyntaxError("no record on this line", Location(file=name, line=line_no))


def parse_record_line(raw: bytes, name: str, line_no: int) -> Iterator[RawRecord | BadRecord]:
    """One JSONL line read from elsewhere (the HTTP service's NDJSON body), as files are read.

    Gives nothing for a blank line; an unparsable line is a BadRecord at `name:line_no`.
    """
    if len(raw) > MAX_LINE_CHARS:
        yield BadRecord(
            name,
            line_no,
            InputLimitError(
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
    encoding = _wide_encoding(head) or "utf-8-sig"
    first = head.decode(encoding, errors="replace").split("\n", 1)[0]
    return first.strip() == "{"


def read_whole_json(path: str) -> Iterator[RawRecord | BadRecord]:
    try:
        with Path(path).open("rb") as handle:
            raw = _read_bounded(handle, path)
        encoding = _wide_encoding(raw) or "utf-8-sig"
        text = raw.decode(encoding)
        data = loads(text, path, check=False)
        check_tree(data, path, prefix=_prefix(data))
    except OSError as exc:
        error = InputSyntaxError(f"cannot read: {exc.strerror or exc}", Location(file=path))
        yield BadRecord(path, 0, error)
        return
    except UnicodeDecodeError as exc:
        error = InputSyntaxError(
            f"not {encoding.removesuffix('-sig').upper()} (byte {exc.start + 1})",
            Location(file=path),
        )
        yield BadRecord(path, 0, error)
        return
    except InputError as exc:
        yield BadRecord(path, exc.location.line or 0, exc)
        return
    yield RawRecord(path, 1, data)


def records(path: str, *, unparsed: bool = False) -> Iterator[RawRecord | BadRecord]:
    """Records from a JSONL file, a JSON array file, a single JSON object file, or stdin.

    An input that holds no record (an empty file, blank lines, `[]`) gives one BadRecord.
    `unparsed`: JSONL lines as their bytes (`read_records`).
    """
    source = (
        read_whole_json(path) if is_whole_json_file(path) else read_records(path, unparsed=unparsed)
    )
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
