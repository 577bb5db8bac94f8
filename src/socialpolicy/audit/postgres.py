"""The PostgreSQL decision log, for teams that share one log (psycopg 3).

Same records, tree and pack store as the SQLite log. Appends take a transaction-scoped
advisory lock, so concurrent writers queue up and the tree never forks; verification reads
inside one REPEATABLE READ transaction. JSON is kept as TEXT, not jsonb, so what was hashed is
what is stored.

Roles: the tables belong to the role that created them (the owner); `grant_roles` gives an
application's writing role INSERT and SELECT only, so it cannot update, delete, truncate,
alter the tables or disable their triggers (which only an owner or a superuser can do).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from socialpolicy.audit.sqlstore import TABLES, SqlLog
from socialpolicy.errors import Location, LogError

PREFIX = "socialpolicy_"
_APPEND_LOCK = 0x50C1A2  # advisory lock key: one writer extends the tree at a time
_INIT_LOCK = 0x50C1A1  # advisory lock key: two processes creating the schema at once

_TRIGGERS = (
    """CREATE OR REPLACE FUNCTION socialpolicy_append_only() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'the decision log is append-only'; END; $$ LANGUAGE plpgsql""",
    *(
        f"""CREATE TRIGGER {PREFIX}{table}_append_only
        BEFORE UPDATE OR DELETE OR TRUNCATE ON {PREFIX}{table}
        FOR EACH STATEMENT EXECUTE FUNCTION socialpolicy_append_only()"""
        for table in ("records", "erasures", "heads", "checkpoints", "packs")
    ),
    f"""CREATE TRIGGER {PREFIX}private_no_update
        BEFORE UPDATE ON {PREFIX}private
        FOR EACH STATEMENT EXECUTE FUNCTION socialpolicy_append_only()""",
)

_ROLE = re.compile(r"^[a-z_][a-z0-9_$]{0,62}$")

WRITER_GRANTS = {
    "records": "SELECT, INSERT",
    "private": "SELECT, INSERT",
    "heads": "SELECT, INSERT",
    "packs": "SELECT, INSERT",
    "checkpoints": "SELECT, INSERT",
    "meta": "SELECT",
    "erasures": "SELECT",
}
"""What an application's writing role may do: append and read, nothing else."""


class PostgresLog(SqlLog):
    """A decision log in a PostgreSQL database, given as a `postgresql://` URL."""

    prefix = PREFIX
    placeholder = "%s"

    def __init__(self, url: str, connect_timeout: int = 10, origin: str | None = None) -> None:
        self.location = _redact(url)
        try:
            import psycopg
        except ImportError:
            raise LogError(
                "a PostgreSQL log needs psycopg: pip install 'psycopg[binary]'",
                Location(file=self.location),
            ) from None
        self.errors = (psycopg.Error,)
        try:
            self._con = psycopg.connect(url, autocommit=True, connect_timeout=connect_timeout)
        except psycopg.Error as exc:
            raise self._fail("cannot open the PostgreSQL decision log", exc) from None
        try:
            self._init_schema(origin)
            self._check_version()
        except psycopg.Error as exc:
            self._con.close()
            raise self._fail("cannot open the PostgreSQL decision log", exc) from None
        except BaseException:
            self._con.close()
            raise

    def _init_schema(self, origin: str | None) -> None:
        with self._con.transaction():
            row = self._con.execute(
                "SELECT to_regclass(%s) IS NOT NULL", (PREFIX + "records",)
            ).fetchone()
            if row and row[0]:
                return  # a writing role cannot (and need not) create anything
            self._con.execute("SELECT pg_advisory_xact_lock(%s)", (_INIT_LOCK,))
            row = self._con.execute(
                "SELECT to_regclass(%s) IS NOT NULL", (PREFIX + "records",)
            ).fetchone()
            if row and row[0]:
                return
            self._create(origin)

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self._con.execute(sql.encode(), params or None)

    def _execute_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self._con.cursor() as cur:
            cur.executemany(sql, rows)

    def _triggers(self) -> Sequence[str]:
        return _TRIGGERS

    @contextmanager
    def _writing(self) -> Iterator[None]:
        if self._con.info.transaction_status != 0:  # already inside a transaction
            yield
            return
        with self._con.transaction():
            self._con.execute("SELECT pg_advisory_xact_lock(%s)", (_APPEND_LOCK,))
            yield

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        with self._reading(), self._con.transaction():
            self._con.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield

    def _after_erase(self) -> None:
        # Rewrite the table so the erased rows' old versions leave the data files (a plain
        # DELETE only marks them dead). Needs the owner, as erasure does.
        self._con.execute(f"VACUUM FULL {PREFIX}private".encode())

    def grant_roles(self, writer: str | None = None, reader: str | None = None) -> list[str]:
        """Grant `writer` append-and-read and `reader` read-only access; run as the owner.

        Returns the statements run. Nobody else gets anything: PUBLIC is revoked.
        """
        stmts: list[str] = []
        for table in TABLES:
            stmts.append(f"REVOKE ALL ON {PREFIX}{table} FROM PUBLIC")
        if writer:
            role = _role(writer)
            for table, privileges in WRITER_GRANTS.items():
                stmts.append(f"GRANT {privileges} ON {PREFIX}{table} TO {role}")
        if reader:
            role = _role(reader)
            for table in TABLES:
                stmts.append(f"GRANT SELECT ON {PREFIX}{table} TO {role}")
        try:
            with self._con.transaction():
                for stmt in stmts:
                    self._con.execute(stmt.encode())
        except self.errors as exc:
            raise self._fail("cannot grant the roles (run as the tables' owner)", exc) from None
        return stmts

    def close(self) -> None:
        self._con.close()


def _role(name: str) -> str:
    if not _ROLE.match(name):
        raise LogError(
            f"role name {name!r} must be a plain lower-case PostgreSQL identifier",
            Location(field="role"),
        )
    return name


def _redact(url: str) -> str:
    """The URL without its password, for messages."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))
