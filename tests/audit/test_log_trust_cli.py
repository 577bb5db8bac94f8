"""An auditor's path through the commands: keys, checkpoints kept elsewhere, proofs checked
without the log, erasure that leaves every proof valid."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

Cli = Callable[..., Any]
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ORIGIN = "example.org/tps-decisions"


@pytest.fixture
def signed_log(tmp_path: Path, cli: Cli, check: Callable[..., Any]) -> dict[str, Path]:
    key = tmp_path / "keys" / "log.key"
    key.parent.mkdir()
    made = cli("log", "keygen", ORIGIN, "-o", str(key))
    assert made.exit_code == 0, made.output
    assert (key.stat().st_mode & 0o777) == 0o600
    pub = key.with_name("log.key.pub")
    log = tmp_path / "decisions.sqlite"
    init = cli("log", "init", str(log), "--origin", ORIGIN, "--key", str(pub))
    assert init.exit_code == 0 and ORIGIN in init.output, init.output
    res = check("--policy", "toronto", "--log", str(log), str(EXAMPLES / "toronto-posts.jsonl"))
    assert res.exit_code in (0, 1), res.output
    cp = tmp_path / "elsewhere" / "6.checkpoint"
    cp.parent.mkdir()
    issued = cli("log", "checkpoint", str(log), "--key", str(key), "-o", str(cp))
    assert issued.exit_code == 0, issued.output
    return {"log": log, "key": key, "pub": pub, "cp": cp}


def test_keys_are_never_overwritten(signed_log: dict[str, Path], cli: Cli) -> None:
    again = cli("log", "keygen", ORIGIN, "-o", str(signed_log["key"]))
    assert again.exit_code == 2 and "never overwritten" in again.output


def test_checkpoint_is_a_c2sp_note_and_verify_uses_it(
    signed_log: dict[str, Path], cli: Cli, check: Callable[..., Any]
) -> None:
    lines = signed_log["cp"].read_text().split("\n")
    assert lines[0] == ORIGIN and lines[1] == "6" and lines[3] == ""
    assert lines[4].startswith(f"\u2014 {ORIGIN} ")
    log, cp, pub = str(signed_log["log"]), str(signed_log["cp"]), str(signed_log["pub"])
    ok = cli("log", "verify", log, "--checkpoint", cp, "--key", pub)
    assert ok.exit_code == 0 and "records 1..6 match the checkpoint" in ok.output, ok.output
    check("--policy", "toronto", "--log", log, str(EXAMPLES / "toronto-posts.jsonl"))
    later = cli("log", "verify", log, "--checkpoint", cp, "--format", "json")
    data = json.loads(later.output)
    assert later.exit_code == 0 and data["anchored"] == 6 and data["records"] == 12
    assert data["checkpoints"][0]["signed_by"] == [ORIGIN]


def test_truncation_behind_the_logs_back_is_caught(
    signed_log: dict[str, Path], cli: Cli, tamper: Callable[[Path], sqlite3.Connection]
) -> None:
    con = tamper(signed_log["log"])
    for table in ("private", "records"):
        con.execute(f"DELETE FROM {table} WHERE seq > 3")
    con.execute("DELETE FROM heads")
    con.execute("DELETE FROM checkpoints")
    con.close()
    assert cli("log", "verify", str(signed_log["log"])).exit_code == 0  # nothing inside can tell
    out = cli("log", "verify", str(signed_log["log"]), "--checkpoint", str(signed_log["cp"]))
    assert out.exit_code == 1 and "the newest were deleted" in out.output, out.output


def test_inclusion_and_consistency_proofs_check_without_the_log(
    signed_log: dict[str, Path], cli: Cli, check: Callable[..., Any], tmp_path: Path
) -> None:
    log, cp, pub = str(signed_log["log"]), str(signed_log["cp"]), str(signed_log["pub"])
    proof = tmp_path / "r2.proof.json"
    made = cli("log", "prove", log, "--record", "2", "--checkpoint", cp, "-o", str(proof))
    assert made.exit_code == 0, made.output
    bundle = json.loads(proof.read_text())
    assert bundle["tree_size"] == 6 and bundle["leaf"]["seq"] == 2 and "private" not in bundle
    ok = cli("log", "check-proof", str(proof), "--key", pub)
    assert ok.exit_code == 0, ok.output
    assert "record 2 is in the tree of 6 record(s)" in ok.output
    assert f"signed by {ORIGIN}" in ok.output
    # A forged verdict in the leaf no longer hashes to the proof.
    bundle["leaf"]["decision"]["verdict"] = "pass"
    proof.write_text(json.dumps(bundle))
    bad = cli("log", "check-proof", str(proof), "--key", pub)
    assert bad.exit_code == 1 and "does not hold" in bad.output
    # Consistency: the log grew; the old checkpoint's records are untouched.
    check("--policy", "toronto", "--log", log, str(EXAMPLES / "toronto-posts.jsonl"))
    newer = tmp_path / "12.checkpoint"
    cli("log", "checkpoint", log, "--key", str(signed_log["key"]), "-o", str(newer))
    cons = tmp_path / "6-12.proof.json"
    assert (
        cli("log", "prove", log, "--from", cp, "--to", str(newer), "-o", str(cons)).exit_code == 0
    )
    good = cli("log", "check-proof", str(cons), "--key", pub, "--format", "json")
    data = json.loads(good.output)
    assert good.exit_code == 0 and data["ok"], good.output
    assert any("prefix of the tree of 12" in line for line in data["established"])
    # Proof with the input: the recipient can check it against the commitment.
    full = tmp_path / "r3.proof.json"
    cli("log", "prove", log, "--record", "3", "--with-input", "-o", str(full))
    out = cli("log", "check-proof", str(full), "--key", pub)
    assert out.exit_code == 0 and "the input given is the one the record committed to" in out.output
    b = json.loads(full.read_text())
    b["private"]["payload"]["input"]["post"]["text"] = "something else"
    full.write_text(json.dumps(b))
    assert cli("log", "check-proof", str(full), "--key", pub).exit_code == 1


def test_erasure_keeps_the_log_verifying_against_its_checkpoint(
    signed_log: dict[str, Path], cli: Cli, tmp_path: Path
) -> None:
    log, cp, pub = str(signed_log["log"]), str(signed_log["cp"]), str(signed_log["pub"])
    proof = tmp_path / "before.json"
    cli("log", "prove", log, "--record", "2", "--checkpoint", cp, "-o", str(proof))
    dry = cli("log", "erase", log, "--person", "647-555-0148", "--reason", "r", "--dry-run")
    assert "would erase 1 record(s): 2" in dry.output
    out = cli(
        "log", "erase", log, "--person", "(647) 555 0148", "--reason", "request 2026-17"
    )  # fmt: skip
    assert out.exit_code == 0 and "erased the input of 1 record(s): 2" in out.output, out.output
    raw = sqlite3.connect(log).execute("SELECT * FROM private WHERE seq = 2").fetchall()
    assert raw == []
    # Gone from the file itself, not only from the live rows (secure_delete, WAL flushed).
    blob = b"".join(p.read_bytes() for p in Path(log).parent.glob("decisions.sqlite*"))
    assert b"647-555-0148" not in blob and b"call her son Marco" not in blob
    verified = cli("log", "verify", log, "--checkpoint", cp, "--key", pub)
    assert verified.exit_code == 0, verified.output
    assert "record 2: input erased" in verified.output and "request 2026-17" in verified.output
    data = json.loads(cli("log", "verify", log, "--format", "json").output)
    assert [e["seq"] for e in data["erased"]] == [2] and data["erased"][0]["selector"] == "person"
    # The proof made before the erasure still holds: the leaf did not change.
    assert cli("log", "check-proof", str(proof), "--key", pub).exit_code == 0
    shown = json.loads(cli("log", "show", log, "-r", "2", "--format", "json").output)[0]
    assert shown["input"] is None and shown["erased"]["reason"] == "request 2026-17"
    quotes = [e["text"] for f in shown["decision"]["findings"] for e in f["evidence"]]
    assert quotes and set(quotes) == {"[ERASED]"}
    assert shown["decision"]["input_digest"] is None
    # Replay and the report go on around it.
    replayed = json.loads(cli("replay", log, "--format", "json").output)
    assert replayed["identical"] == 5 and replayed["not_replayable"] == 1
    assert replayed["not_replayable_records"][0]["seq"] == 2
    assert "erased" in replayed["not_replayable_records"][0]["reason"]
    html = tmp_path / "r.html"
    assert cli("report", log, "-o", str(html)).exit_code == 0
    page = html.read_text()
    assert "input erased" in page and "647-555-0148" not in page
    # Erasing again finds nothing new; an unknown record number is bad usage.
    again = cli("log", "erase", log, "--record", "2", "--reason", "again")
    assert "already erased" in again.output and again.exit_code == 0
    assert cli("log", "erase", log, "--record", "99", "--reason", "x").exit_code == 2


def test_erase_by_account_and_by_record(signed_log: dict[str, Path], cli: Cli) -> None:
    log = str(signed_log["log"])
    accounts = {
        r["seq"]: (r["input"]["account"] or {}).get("handle")
        for r in json.loads(cli("log", "show", log, "-n", "6", "--format", "json").output)
    }
    handle = next(h for h in accounts.values() if h)
    wanted = sorted(s for s, h in accounts.items() if h == handle)
    out = cli("log", "erase", log, "--account", handle.upper(), "--reason", "r", "--format", "json")
    assert [e["seq"] for e in json.loads(out.output)["erased"]] == wanted
    one = json.loads(
        cli("log", "erase", log, "-r", "1", "--reason", "r", "--format", "json").output
    )
    assert [e["seq"] for e in one["erased"]] + one["already_erased"] == [1]
    assert cli("log", "verify", log).exit_code == 0
    assert cli("log", "erase", log, "--reason", "r").exit_code == 2  # nothing selected
