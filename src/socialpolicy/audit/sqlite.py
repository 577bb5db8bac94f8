"""The SQLite decision log: one file, no server, the default backend.

WAL mode with `synchronous=FULL`: a committed batch survives a kill or a power cut. Appends
run in `BEGIN IMMEDIATE` transactions, so two writers on the same file queue up instead of
forking the chain. Triggers refuse UPDATE and DELETE on records, so accidents cannot
rewrite history (deliberate tampering with the file is what `verify` is for).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from socialpolicy.audit.log import (
    GENESIS,
    SCHEMA_VERSION,
    DecisionLog,
    LogEntry,
    LogRecord,
    RawRow,
    StoredPack,
    chain,
    to_row,
    utc_now,
)
from socialpolicy.errors import Location, LogError

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS records (
        seq INTEGER PRIMARY KEY,
        recorded_at TEXT NOT NULL,
        pack_digest TEXT NOT NULL,
        decision TEXT NOT NULL,
        input TEXT NOT NULL,
        mask TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS packs (
        digest TEXT PRIMARY KEY,
        pack_id TEXT NOT NULL,
        version TEXT NOT NULL,
        stored_at TEXT NOT NULL,
        files TEXT NOT NULL)""",
    """CREATE TRIGGER IF NOT EXISTS records_no_update BEFORE UPDATE ON records
        BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS records_no_delete BEFORE DELETE ON records
        BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS packs_no_change BEFORE UPDATE ON packs
        BEGIN SELECT RAISE(ABORT, 'stored packs are immutable'); END""",
)

_COLUMNS = "seq, recorded_at, pack_digest, decision, input, mask, prev_hash, hash"


class SqliteLog(DecisionLog):
    """A decision log in a SQLite file. Use one instance per thread."""

    def __init__(self, path: str | Path, create: bool = True, timeout: float = 60.0) -> None:
        self.location = str(path)
        p = Path(path)
        if not create and not p.is_file():
            raise LogError("no decision log at this path", Location(file=self.location))
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves, one per chunk.
            self._con = sqlite3.connect(str(p), timeout=timeout, isolation_level=None)
            self._con.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            self._con.execute("PRAGMA journal_mode = WAL")
            self._con.execute("PRAGMA synchronous = FULL")
            tables = {
                r[0]
                for r in self._con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
        except sqlite3.Error as exc:
            raise LogError(
                f"cannot open the decision log: {exc}", Location(file=self.location)
            ) from None
        if not {"meta", "records", "packs"} <= tables:
            if tables - {"meta", "records", "packs"} or not create:
                self._con.close()
                raise LogError(
                    "this SQLite file is not a socialpolicy decision log",
                    Location(file=self.location),
                )
            self._init_schema()

    def _init_schema(self) -> None:
        con = self._con
        try:
            con.execute("BEGIN IMMEDIATE")
            for stmt in _SCHEMA:
                con.execute(stmt)
            con.executemany(
                "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)",
                [
                    ("schema_version", SCHEMA_VERSION),
                    ("created_at", utc_now()),
                    ("head_seq", "0"),
                    ("head_hash", GENESIS),
                ],
            )
            con.execute("COMMIT")
        except sqlite3.Error as exc:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise LogError(
                f"cannot create the decision log: {exc}", Location(file=self.location)
            ) from None

    # -- writing ----------------------------------------------------------------------------
    def _append_rows(
        self, entries: Sequence[LogEntry], clock: Callable[[], str]
    ) -> list[LogRecord]:
        con = self._con
        try:
            con.execute("BEGIN IMMEDIATE")  # takes the write lock now: no other writer interleaves
            try:
                head = self._head_checked()
                recs = chain(head[0], head[1], entries, clock)
                con.executemany(
                    f"INSERT INTO records ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [_tuple(to_row(r)) for r in recs],
                )
                con.executemany(
                    "UPDATE meta SET value = ? WHERE key = ?",
                    [(str(recs[-1].seq), "head_seq"), (recs[-1].hash, "head_hash")],
                )
                con.execute("COMMIT")
            except BaseException:
                if con.in_transaction:
                    con.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            raise LogError(
                f"cannot append to the decision log: {exc}", Location(file=self.location)
            ) from None
        return recs

    def _head_checked(self) -> tuple[int, str]:
        head = self.head()
        if head is None:
            raise LogError(
                "the decision log has no head record; run `socialpolicy log verify`",
                Location(file=self.location),
            )
        last = self._con.execute(
            "SELECT seq, hash FROM records ORDER BY seq DESC LIMIT 1"
        ).fetchone()
        if (tuple(last) if last else (0, GENESIS)) != head:
            # Extending a tampered log would bury the break under valid-looking records.
            raise LogError(
                "the log's last record does not match its head; refusing to append "
                "(run `socialpolicy log verify`)",
                Location(file=self.location),
            )
        return head

    def put_pack(self, pack: StoredPack) -> bool:
        files = json.dumps(pack.files, sort_keys=True, separators=(",", ":"))
        try:
            cur = self._con.execute(
                "INSERT OR IGNORE INTO packs (digest, pack_id, version, stored_at, files) "
                "VALUES (?, ?, ?, ?, ?)",
                (pack.digest, pack.pack_id, pack.version, utc_now(), files),
            )
        except sqlite3.Error as exc:
            raise LogError(f"cannot store pack: {exc}", Location(file=self.location)) from None
        return cur.rowcount == 1

    def set_meta(self, key: str, value: str) -> None:
        try:
            self._con.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value)
            )
        except sqlite3.Error as exc:
            raise LogError(
                f"cannot write log settings: {exc}", Location(file=self.location)
            ) from None

    # -- reading ----------------------------------------------------------------------------
    def raw_rows(self, start: int = 1) -> Iterator[RawRow]:
        try:
            cur = self._con.execute(
                f"SELECT {_COLUMNS} FROM records WHERE seq >= ? ORDER BY seq", (start,)
            )
            while True:
                rows = cur.fetchmany(500)
                if not rows:
                    return
                for r in rows:
                    yield RawRow(
                        seq=int(r[0]),
                        recorded_at=str(r[1]),
                        pack_digest=str(r[2]),
                        decision=str(r[3]),
                        input=str(r[4]),
                        mask=None if r[5] is None else str(r[5]),
                        prev_hash=str(r[6]),
                        hash=str(r[7]),
                    )
        except sqlite3.Error as exc:
            raise LogError(
                f"cannot read the decision log: {exc}", Location(file=self.location)
            ) from None

    def head(self) -> tuple[int, str] | None:
        seq = self.get_meta("head_seq")
        digest = self.get_meta("head_hash")
        if seq is None or digest is None:
            return None
        try:
            return int(seq), digest
        except ValueError:
            return None

    @contextmanager
    def _reading(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise LogError(
                f"cannot read the decision log: {exc}", Location(file=self.location)
            ) from None

    def count(self) -> int:
        with self._reading():
            return int(self._con.execute("SELECT count(*) FROM records").fetchone()[0])

    def get_pack(self, digest: str) -> StoredPack | None:
        with self._reading():
            row = self._con.execute(
                "SELECT digest, pack_id, version, files FROM packs WHERE digest = ?", (digest,)
            ).fetchone()
        if row is None:
            return None
        try:
            files = json.loads(row[3])
        except json.JSONDecodeError as exc:
            raise LogError(
                f"stored pack {digest} is not valid JSON: {exc}", Location(file=self.location)
            ) from None
        return StoredPack(digest=row[0], pack_id=row[1], version=row[2], files=files)

    def pack_digests(self) -> list[str]:
        with self._reading():
            rows = self._con.execute("SELECT digest FROM packs ORDER BY digest").fetchall()
        return [str(r[0]) for r in rows]

    def get_meta(self, key: str) -> str | None:
        with self._reading():
            row = self._con.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        # A deferred transaction's first read fixes a WAL snapshot; writers are not blocked.
        con = self._con
        if con.in_transaction:
            yield
            return
        con.execute("BEGIN")
        try:
            yield
        finally:
            if con.in_transaction:
                con.execute("COMMIT")

    def close(self) -> None:
        self._con.close()


def _tuple(row: RawRow) -> tuple[object, ...]:
    return (
        row.seq,
        row.recorded_at,
        row.pack_digest,
        row.decision,
        row.input,
        row.mask,
        row.prev_hash,
        row.hash,
    )
