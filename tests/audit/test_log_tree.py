"""The Merkle-tree log: any single edit, deletion or reordering is detected and named; with a
checkpoint kept elsewhere, so is every tampering that rebuilds the log consistently."""

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

from socialpolicy.audit import merkle
from socialpolicy.audit.anchor import issue_checkpoint, register_key, verify_against
from socialpolicy.audit.checkpoint import SigningKey
from socialpolicy.audit.log import build, commit, leaf_bytes, open_log, split_decision
from socialpolicy.errors import CheckpointError, LogError

N = 7
Entries = Callable[..., list[Any]]
Tamper = Callable[[Path], sqlite3.Connection]
RECORD_COLUMNS = (
    "recorded_at",
    "pack_digest",
    "pack_files",
    "decision",
    "mask",
    "commitment",
    "leaf_hash",
)
KEY = SigningKey.generate("example.org/decisions")


@pytest.fixture(scope="module")
def base_log(tmp_path_factory: pytest.TempPathFactory, entries: Entries) -> tuple[Path, Path]:
    """A log of N records in two appends, and a checkpoint of it kept outside."""
    root = tmp_path_factory.mktemp("tree")
    path = root / "base.sqlite"
    log = open_log(str(path), origin="example.org/decisions")
    log.append(entries(3))
    log.append(entries(N - 3, start=3))  # two transactions, one tree
    register_key(log, KEY.verifier)
    log.close()
    cp = root / "kept-elsewhere.checkpoint"
    with open_log(str(path)) as log:
        cp.write_text(_checkpoint(log))
    return path, cp


def _checkpoint(log: Any) -> str:
    # Synthetic entries name a pack the log does not hold: sign without the pack check.
    from socialpolicy.audit.checkpoint import Checkpoint, sign

    res = log.verify(check_packs=False)
    assert res.ok, res.to_dict()
    import base64

    cp = Checkpoint(
        origin=log.origin, size=res.records, root=base64.b64encode(bytes.fromhex(res.root)).decode()
    )
    return sign(cp, KEY)


def _copy(base: Path, tmp: Path, name: str) -> Path:
    # A fresh name each time: a stale -wal file beside a reused name would be replayed into it.
    target = tmp / f"{uuid.uuid4().hex}-{name}"
    shutil.copyfile(base, target)
    return target


def _verify(path: Path, checkpoint: Path | None = None) -> tuple[bool, int | None, str]:
    with open_log(str(path), create=False) as log:
        res = verify_against(log, [checkpoint] if checkpoint else [], check_packs=False)
    broken = res.first_broken
    return res.ok, broken.seq if broken else None, broken.problem if broken else ""


def test_untouched_log_verifies_with_and_without_its_checkpoint(
    base_log: tuple[Path, Path],
) -> None:
    path, cp = base_log
    assert _verify(path) == (True, None, "")
    assert _verify(path, cp) == (True, None, "")
    with open_log(str(path), create=False) as log:
        recs = list(log.records())
        assert [r.seq for r in recs] == list(range(1, N + 1))
        leaves = [bytes.fromhex(r.leaf_hash) for r in recs]
        assert log.head() == (N, merkle.root(leaves).hex())


def test_leaf_is_rfc9162_hash_of_the_canonical_public_content(entries: Entries) -> None:
    from socialpolicy.audit.log import Frontier, LogEntry

    e = entries(3)
    digest = "sha256:" + "1" * 64
    quoted = {
        **e[0].decision,
        "input_digest": digest,
        "findings": [{"rule_id": "r", "evidence": [{"field": "text", "text": "a secret quote"}]}],
    }
    e[0] = LogEntry(quoted, e[0].input, e[0].pack_digest)
    new, frontier = build(Frontier.empty(), e, clock=lambda: "2025-01-01T00:00:00+00:00")
    rec = new[0].record
    leaf = merkle.leaf_hash(leaf_bytes(rec.content()))
    assert leaf.hex() == rec.leaf_hash
    assert frontier.root() == merkle.root([bytes.fromhex(n.record.leaf_hash) for n in new])
    # The leaf covers the commitment, never the input, its digest or the quotes of it...
    content = json.dumps(rec.content())
    assert "post number 0" not in content and rec.commitment in content
    assert digest not in content and "a secret quote" not in content
    assert rec.content()["decision"]["findings"][0]["evidence"][0]["text"] is None
    # ...which the record read back still has.
    assert rec.decision == quoted


def test_commitment_is_keyed_by_a_random_salt(entries: Entries) -> None:
    from socialpolicy.audit.log import Frontier, private_payload

    a, _ = build(Frontier.empty(), entries(1))
    b, _ = build(Frontier.empty(), entries(1))
    assert a[0].row.payload == b[0].row.payload  # the same input...
    assert a[0].record.commitment != b[0].record.commitment  # ...committed differently
    salt = bytes.fromhex(a[0].row.salt or "")
    _, withheld = split_decision(entries(1)[0].decision)
    payload = private_payload(entries(1)[0].input, withheld)
    assert commit(salt, payload) == a[0].record.commitment


def _new_value(column: str, old: str | None, salt: str) -> str | None:
    if column in ("decision", "mask", "payload"):
        data = json.loads(old) if old else {}
        data["tampered"] = salt
        return json.dumps(data)
    if column in ("pack_digest", "pack_files", "commitment"):
        return "sha256:" + (salt.encode().hex() + "0" * 64)[:64]
    if column in ("leaf_hash", "salt"):
        return (salt.encode().hex() + "0" * 64)[:64]
    return f"2030-01-01T00:00:00.{len(salt):06d}+00:00"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_single_tampering_is_detected_and_named(
    base_log: tuple[Path, Path], tmp_path: Path, tamper: Tamper, data: st.DataObject
) -> None:
    kind = data.draw(st.sampled_from(["edit", "edit-private", "delete", "swap", "renumber"]))
    i = data.draw(st.integers(1, N), label="record")
    path = _copy(base_log[0], tmp_path, f"t-{kind}-{i}.sqlite")
    con = tamper(path)
    if kind in ("edit", "edit-private"):
        table, columns = (
            ("records", RECORD_COLUMNS) if kind == "edit" else ("private", ("salt", "payload"))
        )
        column = data.draw(st.sampled_from(columns), label="column")
        salt = data.draw(st.text(min_size=1, max_size=8), label="salt")
        old = con.execute(f"SELECT {column} FROM {table} WHERE seq = ?", (i,)).fetchone()[0]
        new = _new_value(column, old, salt)
        if new == old:
            return
        con.execute(f"UPDATE {table} SET {column} = ? WHERE seq = ?", (new, i))
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


def _rehash(con: sqlite3.Connection, seq: int, decision: dict[str, Any]) -> None:
    """Rewrite record `seq`'s public decision and recompute its leaf hash: a careful tamperer."""
    row = con.execute(
        "SELECT recorded_at, pack_digest, pack_files, mask, commitment FROM records WHERE seq = ?",
        (seq,),
    ).fetchone()
    from socialpolicy.audit.log import leaf_content

    content = leaf_content(
        seq, row[0], decision, row[1], row[2], json.loads(row[3]) if row[3] else None, row[4]
    )
    leaf = merkle.leaf_hash(leaf_bytes(content)).hex()
    con.execute(
        "UPDATE records SET decision = ?, leaf_hash = ? WHERE seq = ?",
        (json.dumps(decision), leaf, seq),
    )


def _forget_heads(con: sqlite3.Connection) -> None:
    """Remove everything the log keeps about its own past heads: only outside copies remain."""
    con.execute("DELETE FROM heads")
    con.execute("DELETE FROM checkpoints")


def test_rehashed_edit_is_caught_by_the_recorded_heads(
    base_log: tuple[Path, Path], tmp_path: Path, tamper: Tamper
) -> None:
    path = _copy(base_log[0], tmp_path, "rehash.sqlite")
    con = tamper(path)
    decision = json.loads(con.execute("SELECT decision FROM records WHERE seq = 2").fetchone()[0])
    _rehash(con, 2, {**decision, "verdict": "pass"})
    con.close()
    ok, seq, problem = _verify(path)
    assert not ok and seq == 3 and "records 1..3 do not match" in problem  # first head: size 3


# -- the tamperings of issue 12, each by someone who can write the whole database -----------


def _truncate(con: sqlite3.Connection) -> None:
    con.execute("DELETE FROM private WHERE seq > 4")
    con.execute("DELETE FROM records WHERE seq > 4")
    _forget_heads(con)
    con.execute(
        "INSERT INTO heads (size, root, frontier, recorded_at) VALUES (0, ?, '[]', 'x')",
        (merkle.EMPTY_ROOT.hex(),),
    )


def _rewrite(con: sqlite3.Connection) -> None:
    decision = json.loads(con.execute("SELECT decision FROM records WHERE seq = 5").fetchone()[0])
    _rehash(con, 5, {**decision, "verdict": "violation"})
    _forget_heads(con)


def _reorder(con: sqlite3.Connection) -> None:
    # Swap records 2 and 6 and re-hash both so each leaf matches its new place.
    rows = {
        s: con.execute("SELECT decision FROM records WHERE seq = ?", (s,)).fetchone()[0]
        for s in (2, 6)
    }
    _rehash(con, 2, json.loads(rows[6]))
    _rehash(con, 6, json.loads(rows[2]))
    _forget_heads(con)


def _empty(con: sqlite3.Connection) -> None:
    con.execute("DELETE FROM private")
    con.execute("DELETE FROM records")
    _forget_heads(con)


TAMPERINGS: dict[str, Callable[[sqlite3.Connection], None]] = {
    "delete the tail and move the head": _truncate,
    "rewrite a record and re-hash": _rewrite,
    "reorder records and re-hash": _reorder,
    "empty the log": _empty,
}


@pytest.mark.parametrize("what", sorted(TAMPERINGS))
def test_each_tampering_passes_alone_but_fails_against_the_checkpoint(
    base_log: tuple[Path, Path], tmp_path: Path, tamper: Tamper, what: str
) -> None:
    path, cp = base_log
    copy = _copy(path, tmp_path, "tampered.sqlite")
    con = tamper(copy)
    TAMPERINGS[what](con)
    con.close()
    assert _verify(copy)[0], what  # self-consistent: only an outside anchor can tell
    ok, _, problem = _verify(copy, cp)
    assert not ok, what
    assert "checkpoint" in problem


def test_a_log_rebuilt_with_a_forged_decision_fails_against_the_checkpoint(
    base_log: tuple[Path, Path], tmp_path: Path, entries: Entries
) -> None:
    """The library itself writes the forgery: every leaf, head and commitment is valid."""
    path, cp = base_log
    forged = tmp_path / "forged.sqlite"
    with open_log(str(path)) as original:
        recs = list(original.records())
    with open_log(str(forged), origin="example.org/decisions") as log:
        register_key(log, KEY.verifier)
        from socialpolicy.audit.log import LogEntry

        def entry(r: Any) -> LogEntry:
            return LogEntry(r.decision, r.input or {}, r.pack_digest, r.mask, r.pack_files)

        log.append([entry(r) for r in recs[:3]])
        log.append(entries(1, start=500))  # the inserted decision
        log.append([entry(r) for r in recs[3:]])
        assert log.verify(check_packs=False).ok  # self-consistent...
    ok, _, problem = _verify(forged, cp)
    assert not ok and "records 1..7 do not match the checkpoint" in problem  # ...but not anchored


def test_records_appended_after_the_checkpoint_are_reported_as_not_yet_covered(
    base_log: tuple[Path, Path], tmp_path: Path, entries: Entries
) -> None:
    path, cp = base_log
    copy = _copy(path, tmp_path, "later.sqlite")
    with open_log(str(copy)) as log:
        log.append(entries(2, start=100))
        res = verify_against(log, [cp], check_packs=False)
    assert res.ok and res.anchored == N and res.records == N + 2


def test_a_checkpoint_of_another_log_or_unsigned_is_refused(
    base_log: tuple[Path, Path], tmp_path: Path
) -> None:
    path, cp = base_log
    other = tmp_path / "other.checkpoint"
    other.write_text(cp.read_text().replace("example.org/decisions\n", "example.org/other\n", 1))
    with open_log(str(path)) as log, pytest.raises(CheckpointError, match="not of this log"):
        verify_against(log, [other], check_packs=False)
    forged = tmp_path / "forged.checkpoint"
    text = cp.read_text().splitlines()
    text[1] = str(N + 5)  # a bigger size: the signature no longer matches
    forged.write_text("\n".join(text) + "\n")
    with open_log(str(path)) as log, pytest.raises(CheckpointError, match="no valid signature"):
        verify_against(log, [forged], check_packs=False)


def test_issue_checkpoint_refuses_a_log_that_does_not_verify(
    base_log: tuple[Path, Path], tmp_path: Path, tamper: Tamper
) -> None:
    copy = _copy(base_log[0], tmp_path, "broken.sqlite")
    con = tamper(copy)
    con.execute("UPDATE records SET decision = '{}' WHERE seq = 2")
    con.close()
    with open_log(str(copy)) as log, pytest.raises(LogError, match="does not verify"):
        issue_checkpoint(log, KEY)


def test_triggers_refuse_update_and_delete(base_log: tuple[Path, Path], tmp_path: Path) -> None:
    path = _copy(base_log[0], tmp_path, "trig.sqlite")
    con = sqlite3.connect(str(path))
    for stmt in (
        "UPDATE records SET decision = '{}' WHERE seq = 1",
        "DELETE FROM records WHERE seq = 1",
        "DELETE FROM heads",
        "UPDATE private SET payload = '{}' WHERE seq = 1",
    ):
        with pytest.raises(sqlite3.DatabaseError, match="append-only|erased"):
            con.execute(stmt)
    con.close()
    assert _verify(path)[0]


def test_appending_to_a_tampered_log_is_refused(
    base_log: tuple[Path, Path], tmp_path: Path, tamper: Tamper, entries: Entries
) -> None:
    path = _copy(base_log[0], tmp_path, "refuse.sqlite")
    con = tamper(path)
    con.execute("DELETE FROM records WHERE seq = ?", (N,))
    con.close()
    with open_log(str(path), create=False) as log, pytest.raises(LogError, match="head"):
        log.append(entries(1))


def test_concurrent_writers_do_not_fork_the_tree(tmp_path: Path, entries: Entries) -> None:
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


@settings(max_examples=25, deadline=None)
@given(erased=st.sets(st.integers(1, N)))
def test_erasing_any_records_keeps_the_tree_and_the_checkpoint(
    base_log: tuple[Path, Path], erased: set[int]
) -> None:
    import tempfile

    path, cp = base_log
    with tempfile.TemporaryDirectory() as tmp:
        copy = _copy(path, Path(tmp), "erase.sqlite")
        with open_log(str(copy)) as log:
            before = log.head()
            log.erase_records(sorted(erased), "property", "record")
            res = verify_against(log, [cp], check_packs=False)
            assert res.ok, res.to_dict()
            assert {e.seq for e in res.erased} == erased and log.head() == before
            assert {r.seq for r in log.records() if r.input is None} == erased
