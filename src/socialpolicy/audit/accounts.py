"""Account history in the decision log's database: profiles seen over time, posts judged.

Every time an account is read (an export, a snapshot), its profile (handle, display name,
bio, disclaimer) is compared with the last one kept; a change adds a snapshot. From the
snapshots the log derives `previous_handles` and `previous_display_names`, so Edmonton's
clause 4 (a renamed account stays bound) applies without anyone typing the old names.
The posts judged per account (the monitoring high-water mark) are kept beside them, so a
monitoring run judges only what is new.

These tables sit beside the hash-chained records, not in the chain: what a decision relied
on is in its logged input (the account with the previous names it was judged with), which
the chain covers. Works on both backends (SQLite file, PostgreSQL URL).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from pydantic import Field

from socialpolicy._model import Frozen
from socialpolicy.audit.log import DecisionLog, utc_now
from socialpolicy.errors import Location, LogError
from socialpolicy.inputs import Account

PROFILE_FIELDS = ("handle", "display_name", "bio", "disclaimer")

_TABLES = (
    """CREATE TABLE IF NOT EXISTS {p}account_profiles (
        id {serial} PRIMARY KEY,
        account_key TEXT NOT NULL,
        observed_at TEXT NOT NULL,
        source TEXT NOT NULL,
        platform TEXT,
        platform_id TEXT,
        handle TEXT NOT NULL,
        display_name TEXT,
        bio TEXT,
        disclaimer TEXT)""",
    """CREATE INDEX IF NOT EXISTS {p}account_profiles_key ON {p}account_profiles (account_key, id)""",
    """CREATE TABLE IF NOT EXISTS {p}account_posts (
        account_key TEXT NOT NULL,
        post_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        judged_at TEXT NOT NULL,
        PRIMARY KEY (account_key, post_id))""",
)


class ProfileSnapshot(Frozen):
    """An account's profile as it was read at one time."""

    account_key: str = Field(
        description="The watch list's id for the account (stable across renames)."
    )
    observed_at: str = Field(description="When it was read (UTC, ISO 8601).")
    source: str = Field(description="Where it was read from (a file, a feed).")
    platform: str | None = None
    platform_id: str | None = None
    handle: str
    display_name: str | None = None
    bio: str | None = None
    disclaimer: str | None = None


class ProfileChange(Frozen):
    """One profile field that differs from the last snapshot kept."""

    account_key: str
    field: str = Field(description="handle, display_name, bio or disclaimer.")
    before: str | None
    after: str | None
    observed_at: str


class JudgedMark(Frozen):
    """How far monitoring has judged an account."""

    account_key: str
    posts: int = Field(description="Posts judged so far.")
    latest_created_at: str | None = Field(description="The newest judged post's time.")
    last_judged_at: str | None = Field(description="When a post was last judged.")


class _Db:
    """The log's own connection, with its placeholder style (SQLite `?`, psycopg `%s`)."""

    def __init__(self, log: DecisionLog) -> None:
        from socialpolicy.audit.sqlite import SqliteLog

        self.location = log.location
        # The history shares the log's connection, so it lives and dies with the log.
        self.con: Any = getattr(log, "_con", None)
        if self.con is None:
            raise LogError(
                "this decision log keeps no account history", Location(file=log.location)
            )
        self.sqlite = isinstance(log, SqliteLog)
        self.prefix = "" if self.sqlite else "socialpolicy_"

    def sql(self, text: str) -> str:
        text = text.replace("{p}", self.prefix)
        return text if self.sqlite else text.replace("?", "%s")

    @contextmanager
    def write(self) -> Iterator[None]:
        try:
            if self.sqlite:
                self.con.execute("BEGIN IMMEDIATE")
                try:
                    yield
                    self.con.execute("COMMIT")
                except BaseException:
                    if self.con.in_transaction:
                        self.con.execute("ROLLBACK")
                    raise
            else:
                with self.con.transaction():
                    yield
        except LogError:
            raise
        except Exception as exc:  # sqlite3.Error / psycopg.Error, named by backend
            if _is_db_error(exc):
                raise LogError(
                    f"cannot write account history: {exc}", Location(file=self.location)
                ) from None
            raise

    def rows(self, text: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return [tuple(r) for r in self.con.execute(self.sql(text), tuple(params)).fetchall()]
        except Exception as exc:
            if _is_db_error(exc):
                raise LogError(
                    f"cannot read account history: {exc}", Location(file=self.location)
                ) from None
            raise


def _is_db_error(exc: Exception) -> bool:
    import sqlite3

    if isinstance(exc, sqlite3.Error):
        return True
    try:
        import psycopg
    except ImportError:
        return False
    return isinstance(exc, psycopg.Error)


class AccountHistory:
    """Profiles and judged posts per account, in the tables beside a decision log."""

    def __init__(self, log: DecisionLog) -> None:
        self._db = _Db(log)
        serial = "INTEGER" if self._db.sqlite else "BIGSERIAL"
        with self._db.write():
            for stmt in _TABLES:
                self._db.con.execute(
                    stmt.replace("{serial}", serial).replace("{p}", self._db.prefix)
                )

    # -- profiles ---------------------------------------------------------------------------
    def snapshots(self, key: str) -> list[ProfileSnapshot]:
        """Every profile kept for the account, oldest first."""
        rows = self._db.rows(
            "SELECT account_key, observed_at, source, platform, platform_id, handle, display_name, "
            "bio, disclaimer FROM {p}account_profiles WHERE account_key = ? ORDER BY id",
            (key,),
        )
        names = (
            "account_key", "observed_at", "source", "platform", "platform_id", "handle",
            "display_name", "bio", "disclaimer",
        )  # fmt: skip
        return [ProfileSnapshot.model_validate(dict(zip(names, r, strict=True))) for r in rows]

    def observe(
        self,
        key: str,
        account: Account,
        source: str,
        platform_id: str | None = None,
        observed_at: str | None = None,
    ) -> tuple[ProfileChange, ...]:
        """Keep `account`'s profile if it differs from the last one kept; return what changed.

        The first observation of an account changes nothing (there is nothing to compare).
        """
        when = observed_at or utc_now()
        snaps = self.snapshots(key)
        before = snaps[-1] if snaps else None
        changes: list[ProfileChange] = []
        if before is not None:
            for fld in PROFILE_FIELDS:
                old, new = getattr(before, fld), getattr(account, fld)
                if (old or None) != (new or None):
                    changes.append(
                        ProfileChange(
                            account_key=key, field=fld, before=old, after=new, observed_at=when
                        )
                    )
        if before is None or changes:
            with self._db.write():
                self._db.con.execute(
                    self._db.sql(
                        "INSERT INTO {p}account_profiles (account_key, observed_at, source, platform, "
                        "platform_id, handle, display_name, bio, disclaimer) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                    ),
                    (
                        key,
                        when,
                        source,
                        account.platform,
                        platform_id,
                        account.handle,
                        account.display_name,
                        account.bio,
                        account.disclaimer,
                    ),
                )
        return tuple(changes)

    def learned_names(self, key: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(handles, display names) the account had in any snapshot, oldest first."""
        handles: dict[str, None] = {}
        names: dict[str, None] = {}
        for snap in self.snapshots(key):
            handles.setdefault(snap.handle, None)
            if snap.display_name:
                names.setdefault(snap.display_name, None)
        return tuple(handles), tuple(names)

    def with_history(self, key: str, account: Account) -> Account:
        """`account` with the handles and display names it had before, as learned here."""
        handles, names = self.learned_names(key)
        return account.model_copy(
            update={
                "previous_handles": _previous(account.previous_handles, handles, account.handle),
                "previous_display_names": _previous(
                    account.previous_display_names, names, account.display_name
                ),
            }
        )

    # -- posts judged -----------------------------------------------------------------------
    def judged_ids(self, key: str) -> set[str]:
        """Ids of the account's posts already judged."""
        return {
            str(r[0])
            for r in self._db.rows(
                "SELECT post_id FROM {p}account_posts WHERE account_key = ?", (key,)
            )
        }

    def mark_judged(self, key: str, posts: Iterable[tuple[str, str]]) -> None:
        """Remember (post id, created_at) pairs as judged (again is harmless)."""
        rows = [(key, pid, created, utc_now()) for pid, created in posts]
        if not rows:
            return
        with self._db.write():
            cur = self._db.con.cursor()
            try:
                cur.executemany(
                    self._db.sql(
                        "INSERT INTO {p}account_posts (account_key, post_id, created_at, judged_at) "
                        "VALUES (?, ?, ?, ?) ON CONFLICT (account_key, post_id) DO NOTHING"
                    ),
                    rows,
                )
            finally:
                cur.close()

    def mark(self, key: str) -> JudgedMark:
        row = self._db.rows(
            "SELECT count(*), max(created_at), max(judged_at) FROM {p}account_posts "
            "WHERE account_key = ?",
            (key,),
        )[0]
        return JudgedMark(
            account_key=key,
            posts=int(row[0] or 0),
            latest_created_at=row[1],
            last_judged_at=row[2],
        )

    def accounts(self) -> list[str]:
        """Every account key with a profile or a judged post."""
        rows = self._db.rows(
            "SELECT account_key FROM {p}account_profiles UNION SELECT account_key FROM {p}account_posts"
        )
        return sorted(str(r[0]) for r in rows)


def _previous(given: Sequence[str], learned: Sequence[str], current: str | None) -> tuple[str, ...]:
    cur = (current or "").strip().lstrip("@").casefold()
    seen = {cur} if cur else set()
    out: list[str] = []
    for name in (*given, *learned):
        k = name.strip().lstrip("@").casefold()
        if name and k not in seen:
            seen.add(k)
            out.append(name)
    return tuple(out)
