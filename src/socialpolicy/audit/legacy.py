"""Logs of format 1 (socialpolicy before the Merkle tree): read, verify, migrate.

A format-1 log is a hash chain: `hash = sha256(prev_hash + canonical JSON of the record's
content)`, with the head (seq, hash) in its meta table. It is never written to again:
`log verify` still checks its chain, and `migrate` copies it, record by record, into a new
(format 2) log, after checking the chain, keeping each record's `recorded_at`, mask and pack,
and noting the old head in the new log's meta (`migrated_from`), so the old anchor stays
quotable.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from socialpolicy.audit.log import (
    DEFAULT_CHUNK,
    DecisionLog,
    LogEntry,
    StoredPack,
    files_digest,
    is_postgres_url,
    open_log,
    utc_now,
)
from socialpolicy.errors import Location, LogError
from socialpolicy.packs import canonical_json

GENESIS = "sha256:" + "0" * 64
_COLUMNS = "seq, recorded_at, pack_digest, decision, input, mask, prev_hash, hash"


@dataclass(frozen=True, slots=True)
class V1Record:
    seq: int
    recorded_at: str
    pack_digest: str
    decision: str
    input: str
    mask: str | None
    prev_hash: str
    hash: str

    def content(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "recorded_at": self.recorded_at,
            "decision": _obj(self.decision, self.seq),
            "input": _obj(self.input, self.seq),
            "pack_digest": self.pack_digest,
            "mask": None if self.mask is None else _obj(self.mask, self.seq),
        }


def _obj(text: str, seq: int) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, TypeError, RecursionError) as exc:
        raise LogError(
            f"record content is not valid JSON: {exc}", Location(record=str(seq))
        ) from None
    if not isinstance(value, dict):
        raise LogError("record content is not a JSON object", Location(record=str(seq)))
    return value


def chain_hash(prev_hash: str, content: dict[str, Any]) -> str:
    """Format 1's record hash: `sha256(prev_hash + canonical JSON of content)`."""
    h = hashlib.sha256(prev_hash.encode("ascii"))
    h.update(canonical_json(content))
    return "sha256:" + h.hexdigest()


class V1Log:
    """Read-only access to a format-1 log (SQLite file or PostgreSQL URL)."""

    def __init__(self, location: str) -> None:
        self.location = location
        self._pg = is_postgres_url(location)
        self._p = "socialpolicy_" if self._pg else ""
        try:
            if self._pg:
                import psycopg

                self._errors: tuple[type[Exception], ...] = (psycopg.Error,)
                self._con: Any = psycopg.connect(location, autocommit=True)
            else:
                self._errors = (sqlite3.Error,)
                if not Path(location).is_file():
                    raise LogError("no decision log at this path", Location(file=location))
                uri = Path(location).resolve().as_uri() + "?mode=ro"
                self._con = sqlite3.connect(uri, uri=True)
        except self._errors as exc:
            raise LogError(f"cannot open the log: {exc}", Location(file=location)) from None
        try:
            version = self.meta("schema_version")
        except LogError:
            self.close()
            raise
        if version != "1":
            self.close()
            raise LogError("not a format-1 decision log", Location(file=location))

    def _q(self, sql: str, params: tuple[Any, ...] = ()) -> Any:
        sql = sql.format(p=self._p)
        try:
            if self._pg:
                return self._con.execute(sql.replace("?", "%s").encode(), params or None)
            return self._con.execute(sql, params)
        except self._errors as exc:
            raise LogError(f"cannot read the log: {exc}", Location(file=self.location)) from None

    def meta(self, key: str) -> str | None:
        row = self._q("SELECT value FROM {p}meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def head(self) -> tuple[int, str] | None:
        seq, digest = self.meta("head_seq"), self.meta("head_hash")
        if seq is None or digest is None or not seq.isdigit():
            return None
        return int(seq), digest

    def records(self) -> Iterator[V1Record]:
        seq = 1
        while True:
            rows = self._q(
                f"SELECT {_COLUMNS} FROM {{p}}records WHERE seq >= ? ORDER BY seq LIMIT 500",
                (seq,),
            ).fetchall()
            if not rows:
                return
            for r in rows:
                yield V1Record(
                    int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]),
                    None if r[5] is None else str(r[5]), str(r[6]), str(r[7]),
                )  # fmt: skip
            seq = int(rows[-1][0]) + 1

    def packs(self) -> Iterator[StoredPack]:
        rows = self._q("SELECT digest, pack_id, version, files FROM {p}packs").fetchall()
        for digest, pack_id, version, files in rows:
            data = _obj(str(files), 0)
            yield StoredPack(str(digest), str(pack_id), str(version), data, files_digest(data))

    def close(self) -> None:
        self._con.close()


@dataclass(slots=True)
class V1Verify:
    records: int = 0
    head_hash: str = GENESIS
    first_broken: tuple[int, str] | None = None

    @property
    def ok(self) -> bool:
        return self.first_broken is None


def verify_v1(log: V1Log) -> V1Verify:
    """Recompute a format-1 chain; name the first broken record."""
    res = V1Verify()
    expected, prev = 1, GENESIS
    for rec in log.records():
        res.records += 1
        if rec.seq != expected:
            res.first_broken = (expected, f"record {expected} is missing or out of order")
            return res
        try:
            content = rec.content()
        except LogError as exc:
            res.first_broken = (rec.seq, f"{exc.message}: the record was edited")
            return res
        if chain_hash(rec.prev_hash, content) != rec.hash:
            res.first_broken = (rec.seq, "its content does not match its hash: it was edited")
            return res
        if rec.prev_hash != prev:
            res.first_broken = (
                rec.seq,
                f"its prev_hash is not the hash of record {rec.seq - 1}: a record was "
                "deleted, inserted, reordered or re-hashed before it",
            )
            return res
        prev = rec.hash
        expected += 1
    res.head_hash = prev
    head = log.head()
    if head is None or head != (res.records, prev):
        missing = head is not None and head[0] > res.records
        res.first_broken = (
            res.records + 1 if missing else max(1, res.records),
            f"the log's head {head} does not match its last record ({res.records}, {prev})",
        )
    return res


def is_v1(location: str) -> bool:
    try:
        log = V1Log(location)
    except LogError:
        return False
    log.close()
    return True


def migrate(source: str, target: str, chunk: int = DEFAULT_CHUNK) -> tuple[int, DecisionLog]:
    """Copy the format-1 log at `source` into a new log at `target`; (records, new log).

    The chain is verified first and a broken one is refused: migrating would launder it.
    """
    old = V1Log(source)
    try:
        check = verify_v1(old)
        if not check.ok:
            assert check.first_broken is not None
            seq, problem = check.first_broken
            raise LogError(
                f"the old log does not verify (record {seq}: {problem}); refusing to migrate",
                Location(file=source, record=str(seq)),
            )
        new = open_log(target, create=True)
        try:
            if new.count():
                raise LogError(
                    "the target log already holds records; migrate into a new log",
                    Location(file=target),
                )
            files_of: dict[str, str] = {}
            for pack in old.packs():
                new.put_pack(pack)
                files_of[pack.digest] = pack.files_digest
            mask = old.meta("mask")
            if mask:
                new.set_meta("mask", mask)
            batch: list[LogEntry] = []
            times: list[str] = []
            total = 0
            for rec in old.records():
                content = rec.content()
                if content["mask"] and content["mask"].get("masked"):
                    # Format 1 kept the digest of the unmasked input: a guessable copy of it.
                    content["decision"]["input_digest"] = None
                batch.append(
                    LogEntry(
                        decision=content["decision"],
                        input=content["input"],
                        pack_digest=rec.pack_digest,
                        mask=content["mask"],
                        pack_files=files_of.get(rec.pack_digest),
                    )
                )
                times.append(rec.recorded_at)
                if len(batch) >= chunk:
                    total += _flush(new, batch, times)
            total += _flush(new, batch, times)
            new.set_meta(
                "migrated_from",
                json.dumps(
                    {
                        "log": source if not is_postgres_url(source) else "postgresql",
                        "format": 1,
                        "records": check.records,
                        "head_hash": check.head_hash,
                        "migrated_at": utc_now(),
                    },
                    sort_keys=True,
                ),
            )
        except BaseException:
            new.close()
            raise
    finally:
        old.close()
    return total, new


def _flush(log: DecisionLog, batch: list[LogEntry], times: list[str]) -> int:
    if not batch:
        return 0
    it = iter(list(times))
    log.append(list(batch), clock=lambda: next(it))
    n = len(batch)
    batch.clear()
    times.clear()
    return n
