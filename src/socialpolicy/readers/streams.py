"""Streaming JSON: the items of a (possibly huge) JSON array, one at a time, via ijson.

Platform exports put every post in one JSON array (X's `tweets.js`, a JavaScript assignment
`window.YTD.tweets.part0 = [...]` whose prefix is cut off as it is read; Mastodon's outbox;
Meta's `posts_1.json`); parsing them whole would hold the whole archive in memory. ijson's C
parser gives the events of 64 KiB of input at a time and each item is built from them, so
memory stays flat whatever the export's size (one item, one buffer's events).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import IO, Any

import ijson

from socialpolicy.batch import BadRecord
from socialpolicy.errors import InputError, InputLimitError, InputSyntaxError, Location

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
    """(1-based index, item) for each element of the array at `prefix`: `item` for a
    top-level array, `KEY.item` for the array under KEY of a top-level object (an
    ActivityStreams collection's `orderedItems.item`).

    ijson's C parser gives the events; each item is built here, so the guarded JSON input's
    limits hold per item (`guard.json_input`): an item nested deeper than `max_depth` is
    skipped unbuilt, and every item passes `check_item` (number literals, lone surrogates).
    A bad item is a BadRecord naming the file, the item and the field, and the items after
    it are still read. A syntax error (or a byte that is not UTF-8, or a number too large
    for the parser's 64-bit integers) ends the stream with one BadRecord at the item it was
    in: JSON cannot be resynchronised after it, and every item before it has been yielded.
    """
    from socialpolicy.guard.json_input import JSON_LIMITS, check_item

    key = None if prefix == "item" else prefix.removesuffix(".item")
    max_depth = JSON_LIMITS.max_depth
    index = 0
    problem: str | None = None
    events = ijson.basic_parse(stream, use_float=True)
    stack: list[Any] = []
    too_deep = 0  # depth of the item being skipped, 0 when building
    try:
        if not _to_array(events, key):
            return
        names: list[Any] = []
        for event, value in events:
            if too_deep:
                if event in _OPEN:
                    too_deep += 1
                elif event in _CLOSE:
                    too_deep -= 1
                    if too_deep == 0:
                        yield BadRecord(
                            file,
                            index,
                            InputLimitError(
                                f"nested deeper than the reader allows (at most {max_depth} "
                                "levels)",
                                Location(file=file, record=f"item {index}"),
                            ),
                        )
                continue
            if event == "map_key":
                names[-1] = value
                continue
            if event in _CLOSE:
                if not stack:
                    return  # the end of the array read
                done = stack.pop()
                names.pop()
                if stack:
                    continue
                value = done
            elif event in _OPEN:
                new: Any = {} if event == "start_map" else []
                if not stack:
                    index += 1
                elif len(stack) >= max_depth:
                    too_deep = len(stack) + 1
                    stack.clear()
                    names.clear()
                    continue
                if stack:
                    _attach(stack[-1], names[-1], new)
                stack.append(new)
                names.append(None)
                continue
            elif stack:
                _attach(stack[-1], names[-1], value)
                continue
            else:
                index += 1
            try:
                check_item(value, file, record=f"item {index}")
            except InputError as exc:
                yield BadRecord(file, index, exc)
                continue
            yield index, value
    except ijson.JSONError as exc:
        problem = f"malformed JSON: {exc}"
    except UnicodeDecodeError as exc:
        problem = f"not UTF-8: {exc.reason}"
    except (ValueError, TypeError, OverflowError, MemoryError) as exc:
        problem = f"cannot parse: {type(exc).__name__}: {exc}"
    if problem is not None:
        at = index if stack or too_deep else index + 1  # the item it was in
        yield BadRecord(
            file,
            at,
            InputSyntaxError(
                f"{problem.strip()[:400]} (in item {at}; the items before it were read, JSON "
                "cannot be resumed after it)",
                Location(file=file, record=f"item {at}"),
            ),
        )


_OPEN = frozenset({"start_map", "start_array"})


def _attach(parent: dict[str, Any] | list[Any], name: str | None, value: Any) -> None:
    """Put `value` into the object or array being built, under `name` in an object."""
    if isinstance(parent, dict):
        parent[name] = value  # type: ignore[index]
    else:
        parent.append(value)


_CLOSE = frozenset({"end_map", "end_array"})


def _to_array(events: Iterator[tuple[str, Any]], key: str | None) -> bool:
    """Consume events up to the start of the array at `key` (None: the top level); False
    when the document has none there."""
    event, value = next(events, ("", None))
    if key is None:
        return event == "start_array"
    if event != "start_map":
        return False
    depth = 0
    for event, value in events:
        if depth == 0 and event == "map_key" and value == key:
            event, value = next(events, ("", None))
            if event == "start_array":
                return True
            if event in _OPEN:
                depth += 1
            continue
        if event in _OPEN:
            depth += 1
        elif event in _CLOSE:
            if depth == 0:
                return False
            depth -= 1
    return False


def load_small(stream: IO[bytes], file: str, limit: int = 20_000_000) -> Any:
    """A small JSON document (a profile, an actor) read whole; InputSyntaxError otherwise."""
    from socialpolicy.batch import decode_json_bytes

    # In pieces: read(limit) would set aside `limit` bytes at once, whatever the file's size.
    parts: list[bytes] = []
    size = 0
    while size <= limit:
        part = stream.read(1 << 20)
        if not part:
            break
        parts.append(part)
        size += len(part)
    raw = b"".join(parts)
    if len(raw) > limit:
        raise InputSyntaxError(f"larger than {limit} bytes", Location(file=file))
    text = raw.lstrip()
    if text.startswith(b"window."):
        idx = next((i for i, c in enumerate(text) if c in _START), len(text))
        text = text[idx:]
    return decode_json_bytes(text, file)
