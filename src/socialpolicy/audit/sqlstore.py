"""The SQL both backends share: tables, appends, reads, erasure, checkpoints.

Tables (PostgreSQL prefixes each name with `socialpolicy_`):

- `records`: the leaves (public part of each record), never updated or deleted;
- `private`: salt, input and withheld quotes per record; deleted only by erasure;
- `erasures`: one tombstone per erased record (when, why, what selected it);
- `heads`: the tree size, root and right edge after every append;
- `checkpoints`: every signed checkpoint the log issued;
- `packs`: the stored packs; `meta`: settings (schema version, origin, mask, verifier key).

A backend supplies the connection, the placeholder style, the write transaction (which
excludes other writers) and its triggers.
"""

from __future__ import annotations

import json
from abc import abstractmethod
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

from socialpolicy.audit.log import (
    SCHEMA_VERSION,
    DecisionLog,
    Erasure,
    Frontier,
    Head,
    LogEntry,
    LogRecord,
    RawRow,
    StoredPack,
    build,
    files_digest,
    utc_now,
)
from socialpolicy.errors import Location, LogError, LogFormatError

TABLES = ("meta", "records", "private", "erasures", "heads", "checkpoints", "packs")

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS {p}meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS {p}records (
        seq BIGINT PRIMARY KEY,
        recorded_at TEXT NOT NULL,
        pack_digest TEXT NOT NULL,
        pack_files TEXT,
        decision TEXT NOT NULL,
        mask TEXT,
        commitment TEXT NOT NULL,
        leaf_hash TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS {p}private (
        seq BIGINT PRIMARY KEY,
        salt TEXT NOT NULL,
        payload TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS {p}erasures (
        seq BIGINT PRIMARY KEY,
        erased_at TEXT NOT NULL,
        reason TEXT NOT NULL,
        selector TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS {p}heads (
        size BIGINT PRIMARY KEY,
        root TEXT NOT NULL,
        frontier TEXT NOT NULL,
        recorded_at TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS {p}checkpoints (
        size BIGINT NOT NULL,
        root TEXT NOT NULL,
        note TEXT NOT NULL,
        issued_at TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS {p}packs (
        digest TEXT PRIMARY KEY,
        pack_id TEXT NOT NULL,
        version TEXT NOT NULL,
        stored_at TEXT NOT NULL,
        files_digest TEXT NOT NULL,
        files TEXT NOT NULL)""",
)

_ROWS = (
    "SELECT r.seq, r.recorded_at, r.pack_digest, r.pack_files, r.decision, r.mask, "
    "r.commitment, r.leaf_hash, v.salt, v.payload, e.erased_at, e.reason, e.selector "
    "FROM {p}records r LEFT JOIN {p}private v ON v.seq = r.seq "
    "LEFT JOIN {p}erasures e ON e.seq = r.seq "
    "WHERE r.seq >= ? ORDER BY r.seq LIMIT 500"
)


def new_origin() -> str:
    import uuid

    return f"socialpolicy.log/{uuid.uuid4().hex[:16]}"


class SqlLog(DecisionLog):
    """The log's behaviour over a DB-API connection; subclasses bind a database."""

    prefix = ""
    placeholder = "?"
    errors: tuple[type[Exception], ...] = ()

    # -- what a backend supplies ------------------------------------------------------------
    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement; return a cursor (fetchone/fetchall)."""

    @abstractmethod
    def _execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...

    @abstractmethod
    def _writing(self) -> AbstractContextManager[None]:
        """A write transaction that no other writer interleaves with."""

    @abstractmethod
    def _triggers(self) -> Sequence[str]:
        """Statements that make the tables append-only (erasure may delete private rows)."""

    # -- helpers ------------------------------------------------------------------------------
    def _sql(self, sql: str) -> str:
        return sql.format(p=self.prefix).replace("?", self.placeholder)

    def _q(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._execute(self._sql(sql), params)

    def _fail(self, what: str, exc: Exception) -> LogError:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return LogError(f"{what}: {first}", Location(file=self.location))

    @contextmanager
    def _reading(self, what: str = "cannot read the decision log") -> Iterator[None]:
        try:
            yield
        except self.errors as exc:
            raise self._fail(what, exc) from None

    def _check_version(self) -> None:
        version = self.get_meta("schema_version")
        if version == SCHEMA_VERSION:
            return
        if version == "1":
            raise LogFormatError(
                "this log was written by an earlier socialpolicy (format 1: a hash chain "
                "without a Merkle tree or commitments); `socialpolicy log verify` still checks "
                "it, and `socialpolicy log migrate OLD NEW` copies it into a new log",
                Location(file=self.location),
            )
        raise LogFormatError(
            f"unknown decision log format {version!r} (this socialpolicy writes {SCHEMA_VERSION})",
            Location(file=self.location),
        )

    def _create(self, origin: str | None = None) -> None:
        for stmt in SCHEMA:
            self._q(stmt)
        for stmt in self._triggers():
            self._q(stmt)
        self._execute_many(
            self._sql("INSERT INTO {p}meta (key, value) VALUES (?, ?)"),
            [
                ("schema_version", SCHEMA_VERSION),
                ("created_at", utc_now()),
                ("origin", origin or new_origin()),
            ],
        )

    # -- writing ----------------------------------------------------------------------------
    def _append_rows(
        self, entries: Sequence[LogEntry], clock: Callable[[], str]
    ) -> list[LogRecord]:
        try:
            with self._writing():
                frontier = self._frontier_checked()
                new, after = build(frontier, entries, clock)
                self._execute_many(
                    self._sql(
                        "INSERT INTO {p}records (seq, recorded_at, pack_digest, pack_files, "
                        "decision, mask, commitment, leaf_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                    ),
                    [
                        (
                            n.row.seq,
                            n.row.recorded_at,
                            n.row.pack_digest,
                            n.row.pack_files,
                            n.row.decision,
                            n.row.mask,
                            n.row.commitment,
                            n.row.leaf_hash,
                        )
                        for n in new
                    ],
                )
                self._execute_many(
                    self._sql("INSERT INTO {p}private (seq, salt, payload) VALUES (?, ?, ?)"),
                    [(n.row.seq, n.row.salt, n.row.payload) for n in new],
                )
                self._q(
                    "INSERT INTO {p}heads (size, root, frontier, recorded_at) VALUES (?, ?, ?, ?)",
                    (after.size, after.root().hex(), after.to_json(), utc_now()),
                )
        except self.errors as exc:
            raise self._fail("cannot append to the decision log", exc) from None
        return [n.record for n in new]

    def _frontier_checked(self) -> Frontier:
        frontier = self.frontier()
        row = self._q("SELECT max(seq) FROM {p}records").fetchone()
        last = int(row[0]) if row and row[0] is not None else 0
        if last != frontier.size:
            # Extending a tampered log would bury the break under valid-looking records.
            raise LogError(
                f"the log's last record ({last}) does not match its head ({frontier.size}); "
                "refusing to append (run `socialpolicy log verify`)",
                Location(file=self.location),
            )
        return frontier

    def put_pack(self, pack: StoredPack) -> bool:
        files = json.dumps(pack.files, sort_keys=True, separators=(",", ":"))
        try:
            with self._writing():
                found = self._q(
                    "SELECT 1 FROM {p}packs WHERE digest = ?", (pack.digest,)
                ).fetchone()
                if found:
                    return False
                self._q(
                    "INSERT INTO {p}packs (digest, pack_id, version, stored_at, files_digest, "
                    "files) VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        pack.digest,
                        pack.pack_id,
                        pack.version,
                        utc_now(),
                        pack.files_digest or files_digest(pack.files),
                        files,
                    ),
                )
        except self.errors as exc:
            raise self._fail("cannot store pack", exc) from None
        return True

    def set_meta(self, key: str, value: str) -> None:
        with self._reading("cannot write log settings"), self._writing():
            self._q("DELETE FROM {p}meta WHERE key = ?", (key,))
            self._q("INSERT INTO {p}meta (key, value) VALUES (?, ?)", (key, value))

    def erase_records(self, seqs: Sequence[int], reason: str, selector: str) -> list[Erasure]:
        out: list[Erasure] = []
        now = utc_now()
        try:
            with self._writing():
                for seq in sorted(set(seqs)):
                    have = self._q("SELECT 1 FROM {p}private WHERE seq = ?", (seq,)).fetchone()
                    if not have:
                        continue  # already erased (or never held an input)
                    self._q("DELETE FROM {p}private WHERE seq = ?", (seq,))
                    self._q(
                        "INSERT INTO {p}erasures (seq, erased_at, reason, selector) "
                        "VALUES (?, ?, ?, ?)",
                        (seq, now, reason, selector),
                    )
                    out.append(Erasure(seq, now, reason, selector))
            if out:
                self._after_erase()
        except self.errors as exc:
            raise self._fail("cannot erase from the decision log", exc) from None
        return out

    def _after_erase(self) -> None:
        """Backend clean-up once erased rows are committed (no old copies left behind)."""

    def add_checkpoint(self, size: int, root: bytes, note: str) -> None:
        with self._reading("cannot store the checkpoint"), self._writing():
            self._q(
                "INSERT INTO {p}checkpoints (size, root, note, issued_at) VALUES (?, ?, ?, ?)",
                (size, root.hex(), note, utc_now()),
            )

    # -- reading ----------------------------------------------------------------------------
    def raw_rows(self, start: int = 1) -> Iterator[RawRow]:
        seq = start
        while True:
            with self._reading():
                rows = self._q(_ROWS, (seq,)).fetchall()
            if not rows:
                return
            for r in rows:
                yield RawRow(
                    seq=int(r[0]),
                    recorded_at=str(r[1]),
                    pack_digest=str(r[2]),
                    pack_files=None if r[3] is None else str(r[3]),
                    decision=str(r[4]),
                    mask=None if r[5] is None else str(r[5]),
                    commitment=str(r[6]),
                    leaf_hash=str(r[7]),
                    salt=None if r[8] is None else str(r[8]),
                    payload=None if r[9] is None else str(r[9]),
                    erasure=None
                    if r[10] is None
                    else Erasure(int(r[0]), str(r[10]), str(r[11]), str(r[12])),
                )
            seq = int(rows[-1][0]) + 1

    def frontier(self) -> Frontier:
        with self._reading():
            row = self._q(
                "SELECT size, frontier FROM {p}heads ORDER BY size DESC LIMIT 1"
            ).fetchone()
        if row is None:
            return Frontier.empty()
        try:
            return Frontier.from_json(int(row[0]), str(row[1]))
        except LogError as exc:
            raise exc.relocated(file=self.location) from None

    def recorded_heads(self) -> list[Head]:
        with self._reading():
            rows = self._q("SELECT size, root FROM {p}heads ORDER BY size").fetchall()
        out = []
        for size, root in rows:
            try:
                out.append(Head(int(size), bytes.fromhex(str(root)), "log's head at an append"))
            except ValueError:
                out.append(Head(int(size), b"", "log's head at an append"))
        return out

    def leaf_hashes(self, size: int | None = None) -> list[bytes]:
        with self._reading():
            if size is None:
                rows = self._q("SELECT leaf_hash FROM {p}records ORDER BY seq").fetchall()
            else:
                rows = self._q(
                    "SELECT leaf_hash FROM {p}records WHERE seq <= ? ORDER BY seq", (size,)
                ).fetchall()
        try:
            return [bytes.fromhex(str(r[0])) for r in rows]
        except ValueError:
            raise LogError(
                "a stored leaf hash is not hex: run `socialpolicy log verify`",
                Location(file=self.location),
            ) from None

    def count(self) -> int:
        with self._reading():
            row = self._q("SELECT count(*) FROM {p}records").fetchone()
        return int(row[0]) if row else 0

    def get_pack(self, digest: str) -> StoredPack | None:
        with self._reading():
            row = self._q(
                "SELECT digest, pack_id, version, files, files_digest FROM {p}packs "
                "WHERE digest = ?",
                (digest,),
            ).fetchone()
        if row is None:
            return None
        try:
            files = json.loads(row[3])
        except (json.JSONDecodeError, RecursionError) as exc:
            raise LogError(
                f"stored pack {digest} is not valid JSON: {exc}", Location(file=self.location)
            ) from None
        if not isinstance(files, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in files.items()
        ):
            raise LogError(
                f"stored pack {digest} is not a map of file names to contents",
                Location(file=self.location),
            )
        return StoredPack(
            digest=str(row[0]),
            pack_id=str(row[1]),
            version=str(row[2]),
            files=files,
            files_digest=str(row[4]),
        )

    def pack_digests(self) -> list[str]:
        with self._reading():
            rows = self._q("SELECT digest FROM {p}packs ORDER BY digest").fetchall()
        return [str(r[0]) for r in rows]

    def pack_sizes(self) -> dict[str, tuple[int, str]]:
        with self._reading():
            rows = self._q("SELECT digest, length(files), files_digest FROM {p}packs").fetchall()
        return {str(d): (int(n or 0), str(fd)) for d, n, fd in rows}

    def pack_files_digest(self, digest: str) -> str | None:
        with self._reading():
            row = self._q(
                "SELECT files_digest FROM {p}packs WHERE digest = ?", (digest,)
            ).fetchone()
        return None if row is None else str(row[0])

    def get_meta(self, key: str) -> str | None:
        with self._reading():
            row = self._q("SELECT value FROM {p}meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def stored_checkpoints(self) -> list[tuple[int, bytes, str, str]]:
        with self._reading():
            rows = self._q(
                "SELECT size, root, note, issued_at FROM {p}checkpoints ORDER BY size, issued_at"
            ).fetchall()
        out = []
        for size, root, note, at in rows:
            try:
                out.append((int(size), bytes.fromhex(str(root)), str(note), str(at)))
            except ValueError:
                out.append((int(size), b"", str(note), str(at)))
        return out
