"""The PostgreSQL backend: same records, same chain, same verification as SQLite."""

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
        assert log.head() == (9, recs[-1].hash)
        assert recs[3].decision == entries(5)[3].decision


def test_the_chain_is_the_same_as_sqlite(
    postgres_url: str, tmp_path: Path, entries: Entries
) -> None:
    with open_log(postgres_url) as pg, open_log(str(tmp_path / "l.sqlite")) as lite:
        a = pg.append(entries(3), clock=lambda: CLOCK)
        b = lite.append(entries(3), clock=lambda: CLOCK)
        assert [r.hash for r in a] == [r.hash for r in b]
        assert [r.hash for r in pg.records()] == [r.hash for r in lite.records()]


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


def test_updates_are_refused_by_a_trigger(postgres_url: str, entries: Entries) -> None:
    import psycopg

    with open_log(postgres_url) as log:
        log.append(entries(2))
    with (
        psycopg.connect(postgres_url, autocommit=True) as con,
        pytest.raises(psycopg.Error, match="append-only"),
    ):
        con.execute("DELETE FROM socialpolicy_records WHERE seq = 1")


def test_concurrent_writers_do_not_fork_the_chain(postgres_url: str, entries: Entries) -> None:
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
