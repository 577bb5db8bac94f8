"""The PostgreSQL backend: same records, same tree, same verification as SQLite; and a writing
role that can append but cannot change the tables or their triggers."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from socialpolicy.audit.log import open_log
from socialpolicy.audit.postgres import PostgresLog
from socialpolicy.errors import LogError

Entries = Callable[..., list[Any]]
CLOCK = "2025-03-01T12:00:00.000000+00:00"


def _raw(url: str) -> Any:
    import psycopg

    con = psycopg.connect(url, autocommit=True)
    con.execute("SET session_replication_role = replica")  # a superuser skipping the triggers
    return con


def test_append_verify_and_read_back(postgres_url: str, entries: Entries) -> None:
    log = open_log(postgres_url)
    assert isinstance(log, PostgresLog)
    with log:
        log.append(entries(5))
        log.append(entries(4, start=5))
        res = log.verify(check_packs=False)  # synthetic records name no stored pack
        assert res.ok and res.records == 9 and log.count() == 9
        recs = list(log.records())
        assert [r.seq for r in recs] == list(range(1, 10))
        assert log.head() == (9, res.root)
        assert recs[3].decision == entries(5)[3].decision


def test_the_tree_is_the_same_as_sqlite(
    postgres_url: str, tmp_path: Path, entries: Entries
) -> None:
    """Leaves differ only by their random salts: with the same commitments, the same tree."""
    from socialpolicy.audit import merkle

    with open_log(postgres_url) as pg, open_log(str(tmp_path / "l.sqlite")) as lite:
        a = pg.append(entries(3), clock=lambda: CLOCK)
        b = lite.append(entries(3), clock=lambda: CLOCK)
        for x, y in zip(a, b, strict=True):
            cx, cy = x.content(), y.content()
            assert {**cx, "commitment": ""} == {**cy, "commitment": ""}
        for log, recs in ((pg, a), (lite, b)):
            leaves = [merkle.leaf_hash(merkle_input(r)) for r in recs]
            assert log.head() == (3, merkle.root(leaves).hex())
            assert [r.leaf_hash for r in log.records()] == [h.hex() for h in leaves]


def merkle_input(rec: Any) -> bytes:
    from socialpolicy.audit.log import leaf_bytes

    return leaf_bytes(rec.content())


@pytest.mark.parametrize(
    "tampering, expected",
    [
        (
            "UPDATE socialpolicy_records SET decision = replace(decision, 'review', 'pass') "
            "WHERE seq = 4",
            4,
        ),
        ("DELETE FROM socialpolicy_records WHERE seq = 3", 3),
        ("DELETE FROM socialpolicy_records WHERE seq = 6", 6),
        (
            "UPDATE socialpolicy_records SET seq = -1 WHERE seq = 2; "
            "UPDATE socialpolicy_records SET seq = 2 WHERE seq = 5; "
            "UPDATE socialpolicy_records SET seq = 5 WHERE seq = -1",
            2,
        ),
    ],
)
def test_tampering_is_detected_and_named(
    postgres_url: str, entries: Entries, tampering: str, expected: int
) -> None:
    with open_log(postgres_url) as log:
        log.append(entries(6))
    con = _raw(postgres_url)
    con.execute(tampering.encode())
    con.close()
    with open_log(postgres_url) as log:
        res = log.verify(check_packs=False)
        assert not res.ok and res.first_broken is not None
        assert res.first_broken.seq == expected, res.first_broken


def test_a_writer_role_can_append_but_not_alter_the_tables_or_triggers(
    postgres_url: str, entries: Entries
) -> None:
    """The set-up docs/auditors-log.md describes: the tables belong to an owner; the
    application connects as a role with INSERT and SELECT only."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    role = "sp_writer_" + urlsplit(postgres_url).path.strip("/")[-8:]
    with psycopg.connect(postgres_url, autocommit=True) as con:
        con.execute(f"CREATE ROLE {role} LOGIN".encode())
    with open_log(postgres_url) as owner:  # created by the owner (here the superuser)
        assert isinstance(owner, PostgresLog)
        owner.grant_roles(writer=role)
    parts = urlsplit(postgres_url)
    writer_url = urlunsplit(parts._replace(netloc=f"{role}@{parts.hostname}:{parts.port}"))
    with open_log(writer_url) as log:
        log.append(entries(3))
        assert log.verify(check_packs=False).ok and log.count() == 3
        with pytest.raises(LogError, match="permission denied"):
            log.set_meta("mask", "{}")  # nor can it change what the log masks
    attempts = [
        "UPDATE socialpolicy_records SET decision = '{}' WHERE seq = 1",
        "DELETE FROM socialpolicy_records WHERE seq = 3",
        "TRUNCATE socialpolicy_records",
        "DELETE FROM socialpolicy_heads",
        "DELETE FROM socialpolicy_private WHERE seq = 1",
        "ALTER TABLE socialpolicy_records DISABLE TRIGGER ALL",
        "ALTER TABLE socialpolicy_records DISABLE TRIGGER socialpolicy_records_append_only",
        "DROP TRIGGER socialpolicy_records_append_only ON socialpolicy_records",
        "DROP TABLE socialpolicy_records",
        "SET session_replication_role = replica",
        "CREATE OR REPLACE FUNCTION socialpolicy_append_only() RETURNS trigger AS "
        "$$ BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql",
    ]
    with psycopg.connect(writer_url, autocommit=True) as con:
        for stmt in attempts:
            with pytest.raises(psycopg.Error, match="permission denied|must be owner"):
                con.execute(stmt.encode())
    with open_log(postgres_url) as log:
        assert log.verify(check_packs=False).ok and log.count() == 3
    with psycopg.connect(postgres_url, autocommit=True) as con:
        con.execute(f"DROP OWNED BY {role}".encode())
        con.execute(f"DROP ROLE {role}".encode())


def test_updates_are_refused_by_a_trigger(postgres_url: str, entries: Entries) -> None:
    import psycopg

    with open_log(postgres_url) as log:
        log.append(entries(2))
    with (
        psycopg.connect(postgres_url, autocommit=True) as con,
        pytest.raises(psycopg.Error, match="append-only"),
    ):
        con.execute("DELETE FROM socialpolicy_records WHERE seq = 1")


def test_concurrent_writers_do_not_fork_the_tree(postgres_url: str, entries: Entries) -> None:
    open_log(postgres_url).close()
    errors: list[BaseException] = []

    def writer(k: int) -> None:
        try:
            with open_log(postgres_url) as log:
                for n in range(8):
                    log.append(entries(2, start=k * 100 + n * 2))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    with open_log(postgres_url) as log:
        assert log.verify(check_packs=False).ok and log.count() == 64


def test_packs_round_trip(postgres_url: str) -> None:
    from socialpolicy.audit.packstore import load_stored, store_pack
    from socialpolicy.loader import load_pack, resolve_pack_dir

    pack = load_pack("toronto")
    with open_log(postgres_url) as log:
        assert store_pack(log, resolve_pack_dir("toronto"), pack.digest) == pack.digest
        store_pack(log, resolve_pack_dir("toronto"), pack.digest)
        assert log.pack_digests() == [pack.digest]
        assert load_stored(log, pack.digest).digest == pack.digest


def test_an_unreachable_server_is_a_log_error() -> None:
    pytest.importorskip("psycopg", reason="psycopg is not installed")
    with pytest.raises(LogError, match="cannot open"):
        PostgresLog("postgresql://nobody:secret@127.0.0.1:1/none", connect_timeout=2)
    try:
        PostgresLog("postgresql://nobody:secret@127.0.0.1:1/none", connect_timeout=2)
    except LogError as exc:
        assert "secret" not in str(exc)


def test_check_log_verify_replay_report_on_postgres(
    postgres_url: str, tmp_path: Path, check: Callable[..., Any], cli: Callable[..., Any]
) -> None:
    examples = Path(__file__).resolve().parents[2] / "examples"
    res = check(
        "--policy",
        "toronto",
        "--format",
        "jsonl",
        "--log",
        postgres_url,
        str(examples / "toronto-posts.jsonl"),
    )
    assert res.exit_code in (0, 1), res.output
    verified = cli("log", "verify", postgres_url, "--format", "json")
    assert verified.exit_code == 0 and json.loads(verified.output)["records"] == 6
    replayed = cli("replay", postgres_url, "--format", "json")
    assert replayed.exit_code == 0 and json.loads(replayed.output)["identical"] == 6
    out = tmp_path / "pg.html"
    assert cli("report", postgres_url, "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").count("<svg") == 3


def test_erasure_on_postgres_keeps_the_tree(postgres_url: str, entries: Entries) -> None:
    import psycopg

    with open_log(postgres_url) as log:
        log.append(entries(4))
        root = log.head()
        done = log.erase_records([2, 3], "request 1", "record")
        assert [e.seq for e in done] == [2, 3]
        res = log.verify(check_packs=False)
        assert res.ok and [e.seq for e in res.erased] == [2, 3] and log.head() == root
        rec = log.record(2)
        assert rec is not None and rec.input is None and rec.erasure is not None
    with psycopg.connect(postgres_url, autocommit=True) as con:
        rows = con.execute("SELECT seq FROM socialpolicy_private ORDER BY seq").fetchall()
        assert [r[0] for r in rows] == [1, 4]
