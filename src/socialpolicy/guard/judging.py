"""Judging one record so that whatever it causes is a reported error, not the end of a batch."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from socialpolicy.batch import BadRecord, RawRecord
from socialpolicy.decisions import Decision
from socialpolicy.errors import Location, RecordFailedError, SocialPolicyError
from socialpolicy.guard.deadline import DEFAULT_RECORD_TIMEOUT, record_budget
from socialpolicy.inputs import Account, Post
from socialpolicy.policy import AccountLike, Policy, coerce_account, coerce_record


@dataclass(frozen=True, slots=True)
class Judged:
    """A record that was judged: where it was read, what was judged, and the decision."""

    file: str
    line: int
    post: Post
    account: Account | None
    decision: Decision

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


def judge_record(
    policy: Policy,
    raw: RawRecord,
    *,
    account: Account | None = None,
    as_of: date | None = None,
    timeout: float | None = DEFAULT_RECORD_TIMEOUT,
    accept: Callable[[Post], None] | None = None,
) -> Judged | BadRecord:
    """Validate and judge one record within `timeout` seconds.

    Every error it causes comes back as a `BadRecord` at the record's file and line: an
    `InputError` for bad input, `RecordTimeoutError` when over budget, `RecordFailedError`
    for any other exception (a defect, with its type and message). `account` is used when
    the record carries none. `accept`, when given, checks the post before it is judged
    (a service's size limit) and raises a `SocialPolicyError` to refuse it.
    """
    where = Location(file=raw.file, line=raw.line or None)
    try:
        with record_budget(timeout, where):
            post, acc = coerce_record(raw.data)
            if accept is not None:
                accept(post)
            acc = acc or account
            decision = policy.evaluate(post, account=acc, as_of=as_of)
    except SocialPolicyError as exc:
        return BadRecord(raw.file, raw.line, _at(exc, raw))
    except Exception as exc:  # noqa: BLE001 - one record's failure must not end the batch
        failed = RecordFailedError(
            f"judging this record raised {type(exc).__name__}: {exc}"[:1000],
            where,
            suggestion="this is a defect in socialpolicy: please report it with the record",
        )
        return BadRecord(raw.file, raw.line, failed)
    return Judged(raw.file, raw.line, post, acc, decision)


def _at(exc: SocialPolicyError, raw: RawRecord) -> SocialPolicyError:
    return exc.relocated(file=raw.file, line=raw.line or exc.location.line)


def judge_records(
    policy: Policy,
    items: Iterable[RawRecord | BadRecord],
    *,
    account: AccountLike | None = None,
    as_of: date | None = None,
    timeout: float | None = DEFAULT_RECORD_TIMEOUT,
) -> Iterator[Judged | BadRecord]:
    """Judge what `socialpolicy.batch.records` reads: a `Judged` or a `BadRecord` for each
    item, in order; no record ends the stream."""
    default = coerce_account(account) if account is not None else None
    for item in items:
        if isinstance(item, BadRecord):
            yield item
        else:
            yield judge_record(policy, item, account=default, as_of=as_of, timeout=timeout)
