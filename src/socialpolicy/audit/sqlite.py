"""The SQLite decision log: one file, no server, the default backend.

WAL mode with `synchronous=FULL`: a committed batch survives a kill or a power cut. Appends
run in `BEGIN IMMEDIATE` transactions, so two writers on the same file queue up instead of
forking the tree. Triggers refuse UPDATE and DELETE on records, heads, tombstones and
checkpoints (only erasure deletes, and only private parts), so accidents cannot rewrite
history; deliberate tampering is what `log verify --checkpoint` is for.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from socialpolicy.audit.sqlstore import SqlLog
from socialpolicy.errors import Location, LogError

_TRIGGERS = (
    *(
        f"""CREATE TRIGGER IF NOT EXISTS {table}_no_{op} BEFORE {op.upper()} ON {table}
        BEGIN SELECT RAISE(ABORT, 'the decision log is append-only'); END"""
        for table in ("records", "erasures", "heads", "checkpoints")
        for op in ("update", "delete")
    ),
    """CREATE TRIGGER IF NOT EXISTS private_no_update BEFORE UPDATE ON private
        BEGIN SELECT RAISE(ABORT, 'inputs are erased, never changed'); END""",
    """CREATE TRIGGER IF NOT EXISTS packs_no_update BEFORE UPDATE ON packs
        BEGIN SELECT RAISE(ABORT, 'stored packs are immutable'); END""",
    """CREATE TRIGGER IF NOT EXISTS packs_no_delete BEFORE DELETE ON packs
        BEGIN SELECT RAISE(ABORT, 'stored packs are immutable'); END""",
)


class SqliteLog(SqlLog):
    """A decision log in a SQLite file. Use one instance per thread."""

    errors = (sqlite3.Error,)

    def __init__(
        self,
        path: str | Path,
        create: bool = True,
        timeout: float = 60.0,
        origin: str | None = None,
    ) -> None:
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
            # Erased inputs are overwritten on disk, not just unlinked from the b-tree.
            self._con.execute("PRAGMA secure_delete = ON")
            tables = {
                r[0]
                for r in self._con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            }
        except sqlite3.Error as exc:
            raise LogError(
                f"cannot open the decision log: {exc}", Location(file=self.location)
            ) from None
        try:
            if not tables:
                if not create:
                    raise LogError(
                        "this SQLite file is not a socialpolicy decision log",
                        Location(file=self.location),
                    )
                try:
                    with self._writing():
                        self._create(origin)
                except sqlite3.Error as exc:
                    raise LogError(
                        f"cannot create the decision log: {exc}", Location(file=self.location)
                    ) from None
            elif not {"meta", "records"} <= tables:
                raise LogError(
                    "this SQLite file is not a socialpolicy decision log",
                    Location(file=self.location),
                )
            else:
                self._check_version()
        except BaseException:
            self._con.close()
            raise

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._con.execute(sql, params)

    def _execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._con.executemany(sql, rows)

    def _triggers(self) -> Sequence[str]:
        return _TRIGGERS

    def _after_erase(self) -> None:
        # Copy the WAL into the database and empty it: the erased pages' old versions go too.
        self._con.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    @contextmanager
    def _writing(self) -> Iterator[None]:
        con = self._con
        if con.in_transaction:
            yield
            return
        con.execute("BEGIN IMMEDIATE")  # takes the write lock now: no other writer interleaves
        try:
            yield
        except BaseException:
            if con.in_transaction:
                con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

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
