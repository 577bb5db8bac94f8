"""The hash chain: any single edit, deletion or reordering is detected and named."""

from __future__ import annotations

import json
import shutil
import sqlite3
import threading
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialpolicy.audit.log import GENESIS, chain, chain_hash, open_log, verify_chain

N = 7
Entries = Callable[..., list[Any]]
Tamper = Callable[[Path], sqlite3.Connection]
COLUMNS = ("recorded_at", "pack_digest", "decision", "input", "mask", "prev_hash", "hash")


@pytest.fixture(scope="module")
def base_log(tmp_path_factory: pytest.TempPathFactory, entries: Entries) -> Path:
    path = tmp_path_factory.mktemp("chain") / "base.sqlite"
    log = open_log(str(path))
    log.append(entries(3))
    log.append(entries(N - 3, start=3))  # two transactions, one chain
    log.close()
    assert not Path(str(path) + "-wal").exists() or Path(str(path) + "-wal").stat().st_size == 0
    return path


def _copy(base: Path, tmp: Path, name: str) -> Path:
    # A fresh name each time: a stale -wal file beside a reused name would be replayed into it.
    target = tmp / f"{uuid.uuid4().hex}-{name}"
    shutil.copyfile(base, target)
    return target


def _verify(path: Path) -> tuple[bool, int | None, str]:
    with open_log(str(path), create=False) as log:
        res = log.verify(check_packs=False)
    broken = res.first_broken
    return res.ok, broken.seq if broken else None, broken.problem if broken else ""


def test_untouched_log_verifies(base_log: Path) -> None:
    ok, seq, _ = _verify(base_log)
    assert ok and seq is None
    with open_log(str(base_log), create=False) as log:
        recs = list(log.records())
        assert [r.seq for r in recs] == list(range(1, N + 1))
        assert recs[0].prev_hash == GENESIS
        for a, b in zip(recs, recs[1:], strict=False):
            assert b.prev_hash == a.hash
        assert log.head() == (N, recs[-1].hash)


def test_hash_is_sha256_of_prev_hash_and_canonical_content(entries: Entries) -> None:
    recs = chain(0, GENESIS, entries(2), clock=lambda: "2025-01-01T00:00:00+00:00")
    import hashlib

    from socialpolicy.packs import canonical_json

    expected = hashlib.sha256(GENESIS.encode() + canonical_json(recs[0].content())).hexdigest()
    assert recs[0].hash == "sha256:" + expected
    assert recs[1].hash == chain_hash(recs[0].hash, recs[1].content())
    assert "prev_hash" not in recs[0].content() and "hash" not in recs[0].content()


def _new_value(column: str, old: str | None, salt: str) -> str | None:
    if column in ("decision", "input", "mask"):
        data = json.loads(old) if old else {}
        data["tampered"] = salt
        return json.dumps(data)
    if column in ("prev_hash", "hash", "pack_digest"):
        return "sha256:" + (salt.encode().hex() + "0" * 64)[:64]
    return f"2030-01-01T00:00:00.{len(salt):06d}+00:00"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_single_tampering_is_detected_and_named(
    base_log: Path, tmp_path: Path, tamper: Tamper, data: st.DataObject
) -> None:
    kind = data.draw(st.sampled_from(["edit", "delete", "swap", "renumber"]), label="kind")
    i = data.draw(st.integers(1, N), label="record")
    path = _copy(base_log, tmp_path, f"t-{kind}-{i}.sqlite")
    con = tamper(path)
    if kind == "edit":
        column = data.draw(st.sampled_from(COLUMNS), label="column")
        salt = data.draw(st.text(min_size=1, max_size=8), label="salt")
        old = con.execute(f"SELECT {column} FROM records WHERE seq = ?", (i,)).fetchone()[0]
        new = _new_value(column, old, salt)
        if new == old:
            return
        con.execute(f"UPDATE records SET {column} = ? WHERE seq = ?", (new, i))
        expected = i
    elif kind == "delete":
        con.execute("DELETE FROM records WHERE seq = ?", (i,))
        expected = i
    elif kind == "swap":
        j = data.draw(st.integers(1, N).filter(lambda j: j != i), label="other")
        # Reorder: the two records trade places (each keeps its content, gets the other's seq).
        con.execute("UPDATE records SET seq = -1 WHERE seq = ?", (i,))
        con.execute("UPDATE records SET seq = ? WHERE seq = ?", (i, j))
        con.execute("UPDATE records SET seq = ? WHERE seq = -1", (j,))
        expected = min(i, j)
    else:
        # Delete a record and close the gap, as a careful tamperer would.
        con.execute("DELETE FROM records WHERE seq = ?", (i,))
        for k in range(i + 1, N + 1):
            con.execute("UPDATE records SET seq = ? WHERE seq = ?", (k - 1, k))
        expected = i
    con.close()
    ok, seq, problem = _verify(path)
    assert not ok, (kind, i)
    assert seq == expected, (kind, i, seq, problem)


def test_deleting_the_newest_record_is_caught_by_the_head(
    base_log: Path, tmp_path: Path, tamper: Tamper
) -> None:
    path = _copy(base_log, tmp_path, "tail.sqlite")
    con = tamper(path)
    con.execute("DELETE FROM records WHERE seq = ?", (N,))
    con.close()
    ok, seq, problem = _verify(path)
    assert not ok and seq == N and "missing" in problem


def test_rehashed_edit_is_named_at_the_next_record(
    base_log: Path, tmp_path: Path, tamper: Tamper
) -> None:
    """Editing record 3 and recomputing its own hash still breaks the link to record 4."""
    path = _copy(base_log, tmp_path, "rehash.sqlite")
    with open_log(str(path), create=False) as log:
        rec = log.record(3)
    assert rec is not None
    decision = {**rec.decision, "verdict": "violation"}
    from socialpolicy.audit.log import record_content

    content = record_content(3, rec.recorded_at, decision, rec.input, rec.pack_digest, rec.mask)
    con = tamper(path)
    con.execute(
        "UPDATE records SET decision = ?, hash = ? WHERE seq = 3",
        (json.dumps(decision), chain_hash(rec.prev_hash, content)),
    )
    con.close()
    ok, seq, problem = _verify(path)
    assert not ok and seq == 4 and "prev_hash" in problem


def test_verify_chain_reports_out_of_order_rows(entries: Entries) -> None:
    from socialpolicy.audit.log import to_row

    recs = chain(0, GENESIS, entries(4))
    rows = [to_row(r) for r in recs]
    res = verify_chain([rows[0], rows[2], rows[1], rows[3]], (4, recs[-1].hash))
    assert res.first_broken is not None and res.first_broken.seq == 2


def test_triggers_refuse_update_and_delete(base_log: Path, tmp_path: Path) -> None:
    path = _copy(base_log, tmp_path, "trig.sqlite")
    con = sqlite3.connect(str(path))
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("UPDATE records SET decision = '{}' WHERE seq = 1")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("DELETE FROM records WHERE seq = 1")
    con.close()
    assert _verify(path)[0]


def test_appending_to_a_tampered_log_is_refused(
    base_log: Path, tmp_path: Path, tamper: Tamper, entries: Entries
) -> None:
    from socialpolicy.errors import LogError

    path = _copy(base_log, tmp_path, "refuse.sqlite")
    con = tamper(path)
    con.execute("DELETE FROM records WHERE seq = ?", (N,))
    con.close()
    with open_log(str(path), create=False) as log, pytest.raises(LogError, match="head"):
        log.append(entries(1))


def test_concurrent_writers_do_not_fork_the_chain(tmp_path: Path, entries: Entries) -> None:
    path = tmp_path / "concurrent.sqlite"
    open_log(str(path)).close()
    errors: list[BaseException] = []

    def writer(k: int) -> None:
        try:
            with open_log(str(path)) as log:  # one connection per thread, as documented
                for n in range(10):
                    log.append(entries(3, start=k * 100 + n * 3))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with open_log(str(path), create=False) as log:
        res = log.verify(check_packs=False)
        assert res.ok, res.to_dict()
        assert log.count() == 4 * 10 * 3
