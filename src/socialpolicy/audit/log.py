"""The decision log: records, the hash chain, and the interface every backend implements.

A record holds one decision, the input it judged, the digest of the pack that judged it and
the mask applied to the input. Records are chained: `hash = sha256(prev_hash + canonical
JSON of the record's content)`, where the content is every field but `prev_hash` and `hash`
themselves. Editing, deleting or reordering any record therefore breaks the chain at that
record, and `verify_chain` names the first record where it breaks.
"""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from socialpolicy.errors import Location, LogError
from socialpolicy.packs import canonical_json

GENESIS = "sha256:" + "0" * 64
"""The `prev_hash` of the first record."""

SCHEMA_VERSION = "1"

DEFAULT_CHUNK = 200
"""Records per transaction when a batch is logged (also committed at least every second)."""


def utc_now() -> str:
    """The recording timestamp: UTC, ISO 8601 with microseconds."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True, slots=True)
class LogEntry:
    """What a caller appends: the chain fields are filled in by the log."""

    decision: Mapping[str, Any]
    input: Mapping[str, Any]
    pack_digest: str
    mask: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class LogRecord:
    """One record of the log, as stored."""

    seq: int
    recorded_at: str
    decision: dict[str, Any]
    input: dict[str, Any]
    pack_digest: str
    mask: dict[str, Any] | None
    prev_hash: str
    hash: str

    def content(self) -> dict[str, Any]:
        """Everything the hash covers (all but `prev_hash` and `hash`)."""
        return record_content(
            self.seq, self.recorded_at, self.decision, self.input, self.pack_digest, self.mask
        )

    @property
    def masked_fields(self) -> tuple[str, ...]:
        """The input fields (or text spans) the mask actually replaced."""
        if not self.mask:
            return ()
        return tuple(str(m) for m in self.mask.get("masked", ()))

    @property
    def replayable(self) -> bool:
        """False when masking changed the input: it can no longer be judged again."""
        return not self.masked_fields

    def to_dict(self) -> dict[str, Any]:
        return {**self.content(), "prev_hash": self.prev_hash, "hash": self.hash}


def record_content(
    seq: int,
    recorded_at: str,
    decision: Mapping[str, Any],
    input: Mapping[str, Any],
    pack_digest: str,
    mask: Mapping[str, Any] | None,
) -> dict[str, Any]:
    return {
        "seq": seq,
        "recorded_at": recorded_at,
        "decision": dict(decision),
        "input": dict(input),
        "pack_digest": pack_digest,
        "mask": dict(mask) if mask is not None else None,
    }


def chain_hash(prev_hash: str, content: Mapping[str, Any]) -> str:
    """`sha256(prev_hash + canonical JSON of content)`, as `sha256:<hex>`."""
    h = hashlib.sha256(prev_hash.encode("ascii"))
    h.update(canonical_json(content))
    return "sha256:" + h.hexdigest()


def chain(
    prev_seq: int, prev_hash: str, entries: Iterable[LogEntry], clock: Callable[[], str] = utc_now
) -> list[LogRecord]:
    """Records for `entries`, continuing a chain whose last record is `prev_seq`/`prev_hash`."""
    out: list[LogRecord] = []
    seq, prev = prev_seq, prev_hash
    for entry in entries:
        seq += 1
        # Round-trip through JSON so the stored record is exactly what a reader gets back.
        decision = json.loads(canonical_json(entry.decision))
        inp = json.loads(canonical_json(entry.input))
        mask = json.loads(canonical_json(entry.mask)) if entry.mask is not None else None
        content = record_content(seq, clock(), decision, inp, entry.pack_digest, mask)
        digest = chain_hash(prev, content)
        out.append(
            LogRecord(
                seq=seq,
                recorded_at=content["recorded_at"],
                decision=decision,
                input=inp,
                pack_digest=entry.pack_digest,
                mask=mask,
                prev_hash=prev,
                hash=digest,
            )
        )
        prev = digest
    return out


@dataclass(frozen=True, slots=True)
class RawRow:
    """A stored row before its JSON columns are parsed: verification must survive bad JSON."""

    seq: int
    recorded_at: str
    pack_digest: str
    decision: str
    input: str
    mask: str | None
    prev_hash: str
    hash: str

    def parse(self) -> LogRecord:
        try:
            decision = json.loads(self.decision)
            inp = json.loads(self.input)
            mask = json.loads(self.mask) if self.mask is not None else None
        except (json.JSONDecodeError, TypeError) as exc:
            raise LogError(
                f"record content is not valid JSON: {exc}", Location(record=str(self.seq))
            ) from None
        if (
            not isinstance(decision, dict)
            or not isinstance(inp, dict)
            or not (mask is None or isinstance(mask, dict))
        ):
            raise LogError("record content is not a JSON object", Location(record=str(self.seq)))
        return LogRecord(
            seq=self.seq,
            recorded_at=self.recorded_at,
            decision=decision,
            input=inp,
            pack_digest=self.pack_digest,
            mask=mask,
            prev_hash=self.prev_hash,
            hash=self.hash,
        )


def to_row(rec: LogRecord) -> RawRow:
    return RawRow(
        seq=rec.seq,
        recorded_at=rec.recorded_at,
        pack_digest=rec.pack_digest,
        decision=canonical_json(rec.decision).decode(),
        input=canonical_json(rec.input).decode(),
        mask=canonical_json(rec.mask).decode() if rec.mask is not None else None,
        prev_hash=rec.prev_hash,
        hash=rec.hash,
    )


@dataclass(frozen=True, slots=True)
class Break:
    """The first place the chain is broken."""

    seq: int
    problem: str

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "problem": self.problem}


@dataclass(slots=True)
class VerifyResult:
    """What `verify_chain` found."""

    records: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    first_broken: Break | None = None
    pack_problems: list[str] = field(default_factory=list)
    packs: int = 0
    pack_digests: set[str] = field(default_factory=set)  # the packs the records name

    @property
    def ok(self) -> bool:
        return self.first_broken is None and not self.pack_problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "records": self.records,
            "head": {"seq": self.head_seq, "hash": self.head_hash},
            "first_broken": self.first_broken.to_dict() if self.first_broken else None,
            "packs": self.packs,
            "pack_problems": list(self.pack_problems),
        }


def verify_chain(rows: Iterable[RawRow], head: tuple[int, str] | None) -> VerifyResult:
    """Recompute the chain over `rows` (in stored seq order); name the first broken record.

    `head` is the (seq, hash) the log recorded for its last append, in the same transaction;
    it catches the deletion of the newest records, which the chain alone cannot.
    """
    res = VerifyResult()
    expected_seq, prev = 1, GENESIS
    head_seq, head_hash = head if head is not None else (None, None)
    hash_at_head: str | None = None
    for row in rows:
        res.records += 1
        if row.seq != expected_seq:
            what = (
                "is missing (deleted, or records renumbered)"
                if row.seq > expected_seq
                else f"is out of order (found record {row.seq} after {expected_seq - 1})"
            )
            res.first_broken = Break(expected_seq, f"record {expected_seq} {what}")
            return res
        try:
            rec = row.parse()
        except LogError as exc:
            res.first_broken = Break(row.seq, f"{exc.message}: the record was edited")
            return res
        if chain_hash(row.prev_hash, rec.content()) != row.hash:
            res.first_broken = Break(
                row.seq, "its content does not match its hash: the record was edited or moved"
            )
            return res
        if row.prev_hash != prev:
            res.first_broken = Break(
                row.seq,
                f"its prev_hash is not the hash of record {row.seq - 1}: a record was "
                "deleted, inserted, reordered or re-hashed before it",
            )
            return res
        res.pack_digests.add(row.pack_digest)
        if row.seq == head_seq:
            hash_at_head = row.hash
        prev = row.hash
        expected_seq += 1
        res.head_seq, res.head_hash = row.seq, row.hash
    if head_seq is None:
        if res.records:
            res.first_broken = Break(1, "the log has records but no head: the head was deleted")
        return res
    if head_seq > res.head_seq:
        res.first_broken = Break(
            res.head_seq + 1,
            f"record {res.head_seq + 1} is missing: the log's head says it holds {head_seq} "
            f"record(s) but only {res.head_seq} remain (the newest were deleted)",
        )
    elif hash_at_head != head_hash and head_seq > 0:
        res.first_broken = Break(
            head_seq,
            f"record {head_seq} does not match the log's head hash: the head "
            "or the record was changed",
        )
    elif head_seq < res.head_seq:
        res.first_broken = Break(
            head_seq + 1,
            f"record {head_seq + 1} was added outside the log (the head says {head_seq} record(s))",
        )
    return res


@dataclass(frozen=True, slots=True)
class StoredPack:
    """A pack as the log keeps it: every file of its directory, keyed by its digest."""

    digest: str
    pack_id: str
    version: str
    files: dict[str, str]  # relative path -> base64 of the file's bytes


class DecisionLog(ABC):
    """An append-only, hash-chained decision log. Backends: SQLite (default) and PostgreSQL."""

    location: str

    # -- backend primitives -----------------------------------------------------------------
    @abstractmethod
    def _append_rows(
        self, entries: Sequence[LogEntry], clock: Callable[[], str]
    ) -> list[LogRecord]:
        """In one transaction that excludes other writers: read the head, chain, insert."""

    @abstractmethod
    def raw_rows(self, start: int = 1) -> Iterator[RawRow]:
        """Stored rows from seq `start`, in seq order, unparsed."""

    @abstractmethod
    def head(self) -> tuple[int, str] | None:
        """The (seq, hash) recorded by the last append, or None for an empty log."""

    @abstractmethod
    def count(self) -> int: ...

    @abstractmethod
    def put_pack(self, pack: StoredPack) -> bool:
        """Store a pack unless its digest is already stored; True when it was added."""

    @abstractmethod
    def get_pack(self, digest: str) -> StoredPack | None: ...

    @abstractmethod
    def pack_digests(self) -> list[str]: ...

    @abstractmethod
    def get_meta(self, key: str) -> str | None: ...

    @abstractmethod
    def set_meta(self, key: str, value: str) -> None: ...

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def snapshot(self) -> AbstractContextManager[None]:
        """A read transaction: everything read inside sees one consistent state of the log."""

    # -- shared behaviour -------------------------------------------------------------------
    def append(
        self, entries: Iterable[LogEntry], clock: Callable[[], str] = utc_now
    ) -> list[LogRecord]:
        """Append entries in one transaction: all of them are committed, or none."""
        batch = list(entries)
        if not batch:
            return []
        return self._append_rows(batch, clock)

    def records(self, start: int = 1) -> Iterator[LogRecord]:
        for row in self.raw_rows(start):
            yield row.parse()

    def record(self, seq: int) -> LogRecord | None:
        for rec in self.records(seq):
            return rec if rec.seq == seq else None
        return None

    def verify(self, check_packs: bool = True) -> VerifyResult:
        """Recompute the chain; with `check_packs`, also restore every stored pack and check it."""
        with self.snapshot():
            res = verify_chain(self.raw_rows(), self.head())
        if check_packs:
            from socialpolicy.audit.packstore import check_stored

            digests = self.pack_digests()
            res.packs = len(digests)
            for digest in digests:
                problem = check_stored(self, digest)
                if problem:
                    res.pack_problems.append(problem)
            for digest in sorted(res.pack_digests - set(digests)):
                res.pack_problems.append(
                    f"records name pack {digest}, which the log does not hold: they cannot be "
                    "replayed"
                )
        return res

    def resolve_digest(self, prefix: str) -> str:
        """A stored pack digest from its full form or a unique prefix (`sha256:` optional)."""
        want = prefix if prefix.startswith("sha256:") else "sha256:" + prefix
        found = [d for d in self.pack_digests() if d.startswith(want)]
        if len(found) == 1:
            return found[0]
        if not found:
            raise LogError(
                f"the log holds no pack with digest {prefix!r}", Location(file=self.location)
            )
        raise LogError(
            f"digest prefix {prefix!r} is ambiguous: {', '.join(found)}",
            Location(file=self.location),
        )

    def __enter__(self) -> DecisionLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def is_postgres_url(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))


def open_log(location: str, create: bool = True) -> DecisionLog:
    """Open a log: a SQLite file path (created if absent) or a `postgresql://` URL."""
    if is_postgres_url(location):
        from socialpolicy.audit.postgres import PostgresLog

        return PostgresLog(location)
    from socialpolicy.audit.sqlite import SqliteLog

    return SqliteLog(location, create=create)
