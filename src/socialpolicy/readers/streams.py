"""Streaming JSON: the items of a (possibly huge) JSON array, one at a time, via ijson.

Platform exports put every post in one JSON array (X's `tweets.js`, Mastodon's outbox, Meta's
`posts_1.json`); parsing them whole would hold the whole archive in memory. ijson's C
backend yields each item as it is parsed, so memory stays flat whatever the export's size.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import IO, Any

import ijson

from socialpolicy.batch import BadRecord
from socialpolicy.errors import InputSyntaxError, Location

_START = (ord("["), ord("{"))


class _AfterAssignment(io.RawIOBase):
    """A byte stream with X's `window.YTD.tweets.part0 = ` prefix (JavaScript) cut off."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._head = b""
        self._skipped = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self._skipped:
            self._skipped = True
            head = self._raw.read(65536)
            idx = next((i for i, c in enumerate(head) if c in _START), len(head))
            self._head = head[idx:]
        if self._head:
            n = min(len(buffer), len(self._head))
            buffer[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def skip_js_prefix(raw: IO[bytes]) -> IO[bytes]:
    """The JSON part of a `window.YTD.<name>.part0 = [...]` file."""
    return io.BufferedReader(_AfterAssignment(raw), buffer_size=65536)


def array_items(
    stream: IO[bytes], file: str, prefix: str = "item"
) -> Iterator[tuple[int, Any] | BadRecord]:
    """(1-based index, item) for each element at `prefix` (ijson's path: `item` for a top-level
    array, `orderedItems.item` for an ActivityStreams collection).

    A syntax error ends the stream with one BadRecord at the item it was in: JSON cannot
    be resynchronised after it, and every item before it has been yielded.
    """
    index = 0
    try:
        for index, item in enumerate(ijson.items(stream, prefix, use_float=True), start=1):
            yield index, item
    except ijson.JSONError as exc:
        yield BadRecord(
            file,
            index + 1,
            InputSyntaxError(
                f"malformed JSON in item {index + 1}: {exc} (the items before it were read)",
                Location(file=file, record=str(index + 1)),
            ),
        )
    except UnicodeDecodeError as exc:
        yield BadRecord(
            file,
            index + 1,
            InputSyntaxError(
                f"not UTF-8: {exc.reason}", Location(file=file, record=str(index + 1))
            ),
        )


def load_small(stream: IO[bytes], file: str, limit: int = 20_000_000) -> Any:
    """A small JSON document (a profile, an actor) read whole; InputSyntaxError otherwise."""
    from socialpolicy.batch import decode_json_bytes

    raw = stream.read(limit + 1)
    if len(raw) > limit:
        raise InputSyntaxError(f"larger than {limit} bytes", Location(file=file))
    text = raw.lstrip()
    if text.startswith(b"window."):
        idx = next((i for i, c in enumerate(text) if c in _START), len(text))
        text = text[idx:]
    return decode_json_bytes(text, file)
