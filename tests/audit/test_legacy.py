"""Logs of the previous version (format 1, a hash chain) are verified, refused for appends with
a clear error, and migrated into a Merkle-tree log without losing anything."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from socialpolicy.audit.legacy import GENESIS, chain_hash, migrate
from socialpolicy.audit.log import open_log
from socialpolicy.audit.replay import replay
from socialpolicy.errors import LogError, LogFormatError
from socialpolicy.packs import canonical_json

V1_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE records (seq INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL, pack_digest TEXT "
    "NOT NULL, decision TEXT NOT NULL, input TEXT NOT NULL, mask TEXT, prev_hash TEXT NOT NULL, "
    "hash TEXT NOT NULL)",
    "CREATE TABLE packs (digest TEXT PRIMARY KEY, pack_id TEXT NOT NULL, version TEXT NOT NULL, "
    "stored_at TEXT NOT NULL, files TEXT NOT NULL)",
)


def write_v1(path: Path, source: Path) -> list[dict[str, Any]]:
    """A format-1 log holding the records and packs of the (format 2) log at `source`, chained
    the way the previous version chained them."""
    with open_log(str(source)) as log:
        recs = list(log.records())
        packs = [log.get_pack(d) for d in log.pack_digests()]
    con = sqlite3.connect(str(path), isolation_level=None)
    for stmt in V1_SCHEMA:
        con.execute(stmt)
    prev = GENESIS
    out = []
    for r in recs:
        content = {
            "seq": r.seq,
            "recorded_at": r.recorded_at,
            "decision": r.decision,
            "input": r.input,
            "pack_digest": r.pack_digest,
            "mask": r.mask,
        }
        digest = chain_hash(prev, content)
        con.execute(
            "INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                r.seq,
                r.recorded_at,
                r.pack_digest,
                canonical_json(r.decision).decode(),
                canonical_json(r.input).decode(),
                None if r.mask is None else canonical_json(r.mask).decode(),
                prev,
                digest,
            ),
        )
        prev = digest
        out.append(content)
    for p in packs:
        assert p is not None
        con.execute(
            "INSERT INTO packs VALUES (?, ?, ?, 'then', ?)",
            (p.digest, p.pack_id, p.version, json.dumps(p.files)),
        )
    con.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [("schema_version", "1"), ("head_seq", str(len(recs))), ("head_hash", prev)],
    )
    con.close()
    return out


def test_a_format_1_log_is_verified_and_migrated(
    checked_log: Path, tmp_path: Path, cli: Callable[..., Any]
) -> None:
    old = tmp_path / "old.sqlite"
    contents = write_v1(old, checked_log)
    with pytest.raises(LogFormatError, match="log migrate"):
        open_log(str(old))
    out = cli("log", "verify", str(old))
    assert out.exit_code == 0 and "hash chain intact, 11 record(s)" in out.output
    assert "log migrate" in out.output

    new = tmp_path / "new.sqlite"
    done = cli("log", "migrate", str(old), str(new), "--format", "json")
    assert done.exit_code == 0, done.output
    assert json.loads(done.output)["records"] == 11
    with open_log(str(new)) as log:
        res = log.verify(load_packs=True)
        assert res.ok and res.records == 11 and res.packs == 2, res.to_dict()
        recs = list(log.records())
        for r, c in zip(recs, contents, strict=True):
            assert (r.seq, r.recorded_at, r.decision, r.input) == (
                c["seq"],
                c["recorded_at"],
                c["decision"],
                c["input"],
            )
        note = json.loads(log.get_meta("migrated_from") or "{}")
        assert note["format"] == 1 and note["records"] == 11
        assert note["head_hash"].startswith("sha256:")
        assert replay(log).identical == 11


def test_a_broken_format_1_log_is_not_migrated(checked_log: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    write_v1(old, checked_log)
    con = sqlite3.connect(str(old), isolation_level=None)
    con.execute(
        "UPDATE records SET decision = replace(decision, 'violation', 'pass') WHERE seq = 2"
    )
    con.close()
    with pytest.raises(LogError, match="refusing to migrate"):
        migrate(str(old), str(tmp_path / "new.sqlite"))
    assert not (tmp_path / "new.sqlite").exists()


def test_check_does_not_append_to_a_format_1_log(
    checked_log: Path, tmp_path: Path, check: Callable[..., Any]
) -> None:
    old = tmp_path / "old.sqlite"
    write_v1(old, checked_log)
    examples = Path(__file__).resolve().parents[2] / "examples"
    res = check("--policy", "toronto", "--log", str(old), str(examples / "toronto-posts.jsonl"))
    assert res.exit_code == 2 and "log migrate" in res.output
    with sqlite3.connect(str(old)) as con:
        assert con.execute("SELECT count(*) FROM records").fetchone()[0] == 11
