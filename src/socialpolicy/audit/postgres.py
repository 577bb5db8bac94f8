"""The PostgreSQL decision log, for teams that share one log (psycopg 3).

Same records, chain and pack store as the SQLite log. Appends lock the head row
(`SELECT ... FOR UPDATE`), so concurrent writers queue up and the chain never forks;
verification reads inside one REPEATABLE READ transaction. JSON is kept as TEXT, not
jsonb, so what was hashed is what is stored.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

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
    """CREATE TABLE IF NOT EXISTS socialpolicy_meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS socialpolicy_records (
        seq BIGINT PRIMARY KEY,
        recorded_at TEXT NOT NULL,
        pack_digest TEXT NOT NULL,
        decision TEXT NOT NULL,
        input TEXT NOT NULL,
        mask TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS socialpolicy_packs (
        digest TEXT PRIMARY KEY,
        pack_id TEXT NOT NULL,
        version TEXT NOT NULL,
        stored_at TEXT NOT NULL,
        files TEXT NOT NULL)""",
    """CREATE OR REPLACE FUNCTION socialpolicy_append_only() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'the decision log is append-only'; END; $$ LANGUAGE plpgsql""",
    """DROP TRIGGER IF EXISTS socialpolicy_records_append_only ON socialpolicy_records""",
    """CREATE TRIGGER socialpolicy_records_append_only
        BEFORE UPDATE OR DELETE ON socialpolicy_records
        FOR EACH ROW EXECUTE FUNCTION socialpolicy_append_only()""",
    """DROP TRIGGER IF EXISTS socialpolicy_packs_immutable ON socialpolicy_packs""",
    """CREATE TRIGGER socialpolicy_packs_immutable
        BEFORE UPDATE ON socialpolicy_packs
        FOR EACH ROW EXECUTE FUNCTION socialpolicy_append_only()""",
)

_COLUMNS = "seq, recorded_at, pack_digest, decision, input, mask, prev_hash, hash"
_INIT_LOCK = 0x50C1A1  # advisory lock key: two processes creating the schema at once


class PostgresLog(DecisionLog):
    """A decision log in a PostgreSQL database, given as a `postgresql://` URL."""

    def __init__(self, url: str, connect_timeout: int = 10) -> None:
        self.location = _redact(url)
        try:
            import psycopg
        except ImportError:
            raise LogError(
                "a PostgreSQL log needs psycopg: pip install 'psycopg[binary]'",
                Location(file=self.location),
            ) from None
        self._errors: type[Exception] = psycopg.Error
        try:
            self._con = psycopg.connect(url, autocommit=True, connect_timeout=connect_timeout)
            self._init_schema()
        except psycopg.Error as exc:
            raise LogError(
                f"cannot open the PostgreSQL decision log: {_first_line(exc)}",
                Location(file=self.location),
            ) from None

    def _init_schema(self) -> None:
        with self._con.transaction():
            self._con.execute("SELECT pg_advisory_xact_lock(%s)", (_INIT_LOCK,))
            exists = self._con.execute(
                "SELECT to_regclass('socialpolicy_records') IS NOT NULL"
            ).fetchone()
            if exists and exists[0]:
                return
            for stmt in _SCHEMA:
                self._con.execute(stmt)
            self._con.cursor().executemany(
                "INSERT INTO socialpolicy_meta (key, value) VALUES (%s, %s) "
                "ON CONFLICT (key) DO NOTHING",
                [
                    ("schema_version", SCHEMA_VERSION),
                    ("created_at", utc_now()),
                    ("head_seq", "0"),
                    ("head_hash", GENESIS),
                ],
            )

    def _fail(self, what: str, exc: Exception) -> LogError:
        return LogError(f"{what}: {_first_line(exc)}", Location(file=self.location))

    # -- writing ----------------------------------------------------------------------------
    def _append_rows(
        self, entries: Sequence[LogEntry], clock: Callable[[], str]
    ) -> list[LogRecord]:
        try:
            with self._con.transaction():
                # The head rows are the lock: one writer at a time extends the chain.
                rows = self._con.execute(
                    "SELECT key, value FROM socialpolicy_meta "
                    "WHERE key IN ('head_seq', 'head_hash') FOR UPDATE"
                ).fetchall()
                meta = {str(k): str(v) for k, v in rows}
                if "head_seq" not in meta or "head_hash" not in meta:
                    raise LogError(
                        "the decision log has no head; run `socialpolicy log verify`",
                        Location(file=self.location),
                    )
                head = (int(meta["head_seq"]), meta["head_hash"])
                last = self._con.execute(
                    "SELECT seq, hash FROM socialpolicy_records ORDER BY seq DESC LIMIT 1"
                ).fetchone()
                if ((int(last[0]), str(last[1])) if last else (0, GENESIS)) != head:
                    raise LogError(
                        "the log's last record does not match its head; refusing to "
                        "append (run `socialpolicy log verify`)",
                        Location(file=self.location),
                    )
                recs = chain(head[0], head[1], entries, clock)
                with self._con.cursor() as cur:
                    cur.executemany(
                        f"INSERT INTO socialpolicy_records ({_COLUMNS}) "
                        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                        [_tuple(to_row(r)) for r in recs],
                    )
                    cur.executemany(
                        "UPDATE socialpolicy_meta SET value = %s WHERE key = %s",
                        [(str(recs[-1].seq), "head_seq"), (recs[-1].hash, "head_hash")],
                    )
        except self._errors as exc:
            raise self._fail("cannot append to the decision log", exc) from None
        return recs

    def put_pack(self, pack: StoredPack) -> bool:
        files = json.dumps(pack.files, sort_keys=True, separators=(",", ":"))
        try:
            cur = self._con.execute(
                "INSERT INTO socialpolicy_packs (digest, pack_id, version, stored_at, files) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (digest) DO NOTHING",
                (pack.digest, pack.pack_id, pack.version, utc_now(), files),
            )
        except self._errors as exc:
            raise self._fail("cannot store pack", exc) from None
        return cur.rowcount == 1

    def set_meta(self, key: str, value: str) -> None:
        try:
            self._con.execute(
                "INSERT INTO socialpolicy_meta (key, value) VALUES (%s, %s) "
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                (key, value),
            )
        except self._errors as exc:
            raise self._fail("cannot write log settings", exc) from None

    # -- reading ----------------------------------------------------------------------------
    def raw_rows(self, start: int = 1) -> Iterator[RawRow]:
        seq = start
        while True:
            try:
                rows = self._con.execute(
                    f"SELECT {_COLUMNS} FROM socialpolicy_records WHERE seq >= %s "
                    "ORDER BY seq LIMIT 500",
                    (seq,),
                ).fetchall()
            except self._errors as exc:
                raise self._fail("cannot read the decision log", exc) from None
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
            seq = int(rows[-1][0]) + 1

    def head(self) -> tuple[int, str] | None:
        seq, digest = self.get_meta("head_seq"), self.get_meta("head_hash")
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
        except self._errors as exc:
            raise self._fail("cannot read the decision log", exc) from None

    def count(self) -> int:
        with self._reading():
            row = self._con.execute("SELECT count(*) FROM socialpolicy_records").fetchone()
        return int(row[0]) if row else 0

    def get_pack(self, digest: str) -> StoredPack | None:
        with self._reading():
            row = self._con.execute(
                "SELECT digest, pack_id, version, files FROM socialpolicy_packs WHERE digest = %s",
                (digest,),
            ).fetchone()
        if row is None:
            return None
        try:
            files = json.loads(row[3])
        except json.JSONDecodeError as exc:
            raise LogError(
                f"stored pack {digest} is not valid JSON: {exc}", Location(file=self.location)
            ) from None
        return StoredPack(digest=str(row[0]), pack_id=str(row[1]), version=str(row[2]), files=files)

    def pack_digests(self) -> list[str]:
        with self._reading():
            rows = self._con.execute(
                "SELECT digest FROM socialpolicy_packs ORDER BY digest"
            ).fetchall()
        return [str(r[0]) for r in rows]

    def get_meta(self, key: str) -> str | None:
        with self._reading():
            row = self._con.execute(
                "SELECT value FROM socialpolicy_meta WHERE key = %s", (key,)
            ).fetchone()
        return None if row is None else str(row[0])

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        with self._reading(), self._con.transaction():
            self._con.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield

    def close(self) -> None:
        self._con.close()


def _tuple(row: RawRow) -> tuple[Any, ...]:
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


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))
