"""The `--workers N` option and the record loop behind it, shared by `check` and `monitor`."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from datetime import date
from typing import Annotated, Any

import typer

from socialpolicy.batch import BadRecord, RawRecord, parse_unparsed
from socialpolicy.decisions import Decision
from socialpolicy.errors import SocialPolicyError
from socialpolicy.inputs import Account, Post
from socialpolicy.policy import Policy, coerce_record
from socialpolicy.scale.pool import judge_outcomes

__all__ = ["WorkersOption", "judge_records"]

WorkersOption = Annotated[
    int,
    typer.Option(
        "--workers",
        min=0,
        metavar="N",
        help="Judge in N processes (0: one per CPU). Output order and per-record errors are "
        "the same as with 1.",
    ),
]


def judge_records(
    policy: Policy,
    records: Iterable[RawRecord | BadRecord],
    *,
    account: Account | None,
    as_of: date | None,
    workers: int = 1,
    timeout: float | None = None,
) -> Iterator[tuple[RawRecord | BadRecord, Decision | SocialPolicyError | None]]:
    """Each record with its decision or the error it raised, in input order.

    A BadRecord (unreadable) comes back with None: the caller reports its own error.
    With `workers` other than 1 the readable records are judged in that many processes.
    A record whose data is a JSONL line's bytes (`batch.records(..., unparsed=True)`) is
    parsed in the worker that judges it (`read_line`): its data, or its error, is what
    reading it here gives, and its reading costs this process nothing.
    Each record is judged within `timeout` seconds (None or 0: no limit), in the workers too:
    a record over it comes back with its `RecordTimeoutError`.
    """

    unreadable: deque[tuple[int, BadRecord]] = deque()

    # BadRecords never leave this process: they are held (as far as the pool reads ahead)
    # and given back in their place.
    def readable() -> Iterator[tuple[tuple[int, RawRecord], object]]:
        for i, rec in enumerate(records):
            if isinstance(rec, BadRecord):
                unreadable.append((i, rec))
            elif type(rec.data) is bytes:
                yield (i, rec), (rec.file, rec.line, rec.data)
            else:
                yield (i, rec), rec.data

    for (i, rec), outcome in judge_outcomes(
        policy,
        readable(),
        account=account,
        as_of=as_of,
        workers=workers,
        label=_no_label,
        timeout=timeout,
        read=read_line,
    ):
        while unreadable and unreadable[0][0] < i:
            yield unreadable.popleft()[1], None
        yield rec, outcome
    while unreadable:
        yield unreadable.popleft()[1], None


def read_line(item: Any, label: str | None) -> tuple[Post, Account | None]:
    """A worker's reader: `(file, line, bytes)` is a JSONL line to parse first
    (`batch.parse_unparsed`); anything else is a record's data, read by `coerce_record`."""
    if type(item) is tuple:
        file, line, raw = item
        item = parse_unparsed(raw, file, line)
    return coerce_record(item, label)


def _no_label(key: tuple[int, RawRecord]) -> str | None:
    return None  # the caller relocates errors to the record's file and line
