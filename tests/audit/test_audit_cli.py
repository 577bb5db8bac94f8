"""The audit commands as a user runs them: output, `--format json`, exit codes 0/1/2."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from socialpolicy.loader import load_pack

Cli = Callable[..., Any]
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_log_verify_clean(checked_log: Path, cli: Cli) -> None:
    out = cli("log", "verify", str(checked_log))
    assert out.exit_code == 0 and "Merkle tree intact, 11 record(s)" in out.output
    data = json.loads(cli("log", "verify", str(checked_log), "--format", "json").output)
    assert data["ok"] and data["count"] == 11 and data["packs"] == 2
    assert data["tree"]["size"] == 11 and len(data["tree"]["root"]) == 64
    assert data["erased"] == [] and data["checkpoints"] == []


def test_log_verify_names_the_first_broken_record(
    log_copy: Path, cli: Cli, tamper: Callable[[Path], Any]
) -> None:
    con = tamper(log_copy)
    con.execute("UPDATE private SET payload = replace(payload, 'Marco', 'Mario') WHERE seq = 2")
    con.execute("DELETE FROM records WHERE seq = 7")
    con.close()
    out = cli("log", "verify", str(log_copy))
    assert out.exit_code == 1
    assert "broken at record 2" in out.output and "commitment" in out.output
    data = json.loads(cli("log", "verify", str(log_copy), "--format", "json").output)
    assert data["ok"] is False and data["first_broken"]["seq"] == 2


def test_log_verify_unreadable(tmp_path: Path, cli: Cli) -> None:
    assert cli("log", "verify", str(tmp_path / "missing.sqlite")).exit_code == 2
    junk = tmp_path / "junk.txt"
    junk.write_text("hello")
    out = cli("log", "verify", str(junk), "--format", "json")
    assert out.exit_code == 2 and json.loads(out.output)["error"]["code"] == "log_error"


def test_log_show_and_packs(checked_log: Path, cli: Cli) -> None:
    rec = json.loads(cli("log", "show", str(checked_log), "-r", "2", "--format", "json").output)
    assert len(rec) == 1 and rec[0]["seq"] == 2
    assert set(rec[0]) == {
        "seq",
        "recorded_at",
        "decision",
        "input",
        "pack_digest",
        "pack_files",
        "mask",
        "commitment",
        "leaf_hash",
        "erased",
    }
    assert rec[0]["input"]["post"]["id"] == rec[0]["decision"]["post_id"]
    assert rec[0]["pack_digest"] == rec[0]["decision"]["pack"]["digest"]
    text = cli("log", "show", str(checked_log), "-r", "2").output
    assert "record 2" in text and "[tps.privacy]" in text
    assert cli("log", "show", str(checked_log), "-r", "99").exit_code == 2
    packs = json.loads(cli("log", "packs", str(checked_log), "--format", "json").output)
    assert sorted(p["id"] for p in packs) == ["edmonton", "toronto"]


def test_log_init_refuses_a_bad_mask(tmp_path: Path, cli: Cli) -> None:
    out = cli("log", "init", str(tmp_path / "l.sqlite"), "--mask", "password", "--format", "json")
    assert out.exit_code == 2 and "post." in json.loads(out.output)["error"]["message"]


def test_check_log_to_an_unusable_location(tmp_path: Path, check: Callable[..., Any]) -> None:
    res = check(
        "--policy",
        "toronto",
        "--log",
        str(tmp_path / "no" / "such" / "dir.sqlite"),
        str(EXAMPLES / "toronto-posts.jsonl"),
    )
    assert res.exit_code == 2


def test_check_log_keeps_bad_records_out(
    tmp_path: Path, check: Callable[..., Any], cli: Cli
) -> None:
    posts = tmp_path / "mixed.jsonl"
    posts.write_text(
        '{"id": "a", "text": "hello", "created_at": "2025-01-01T00:00:00Z"}\n'
        "not json\n"
        '{"id": "b", "text": "bye", "created_at": "2025-01-02T00:00:00Z"}\n'
    )
    log = tmp_path / "l.sqlite"
    assert check("--policy", "toronto", "--log", str(log), str(posts)).exit_code == 2
    data = json.loads(cli("log", "verify", str(log), "--format", "json").output)
    assert data["ok"] and data["records"] == 2


def test_diff_commands(revision: Any, cli: Cli, tmp_path: Path, check: Callable[..., Any]) -> None:
    base, rev = str(revision.base), str(revision.revised)
    same = cli("diff", "toronto", "toronto")
    assert same.exit_code == 0 and "no differences" in same.output
    changed = cli("diff", base, rev)
    assert changed.exit_code == 1
    assert (
        f"~ rule tps.privacy.personal-information {revision.old} → {revision.new}" in changed.output
    )
    data = json.loads(
        cli("diff", f"{rev}@2024-06-01", f"{rev}@2025-09-01", "--format", "json").output
    )
    assert [r["id"] for r in data["rules"]["changed"]] == ["tps.privacy.personal-information"]
    assert data["a"]["as_of"] == "2024-06-01" and data["identical"] is False

    # A pack known only by the digest a log recorded.
    log = tmp_path / "l.sqlite"
    check("--policy", rev, "--log", str(log), str(EXAMPLES / "toronto-posts.jsonl"))
    digest = load_pack(rev).digest
    assert cli("diff", digest, base).exit_code == 2  # needs --log
    out = cli("diff", base, digest[:16], "--log", str(log), "--format", "json")
    assert out.exit_code == 1 and json.loads(out.output)["b"]["digest"] == digest
    assert cli("diff", "toronto", "nonexistent-pack").exit_code == 2


def test_shipped_packs_at_two_dates(cli: Cli) -> None:
    # The shipped Edmonton pack keeps epc.3f.disclaimer 1.0.0 (to 2024-06-30) as history.
    out = cli("diff", "edmonton@2024-06-01", "edmonton@2025-09-01", "--format", "json")
    assert out.exit_code == 1
    data = json.loads(out.output)
    assert data["a"]["as_of"] == "2024-06-01" and data["b"]["as_of"] == "2025-09-01"
    assert "epc.3f.disclaimer" in json.dumps(data)
    assert '"1.2.0"' in json.dumps(data)
    same = cli("diff", "edmonton@2025-01-01", "edmonton@2025-09-01", "--format", "json")
    assert same.exit_code == 0


def test_log_show_says_which_records_it_shows(checked_log: Path, cli: Cli) -> None:
    text = cli("log", "show", str(checked_log)).output
    assert "the last 10 of 11 records" in text and "--last N" in text
    assert "record 2  " in text and "record 1  " not in text
    last3 = cli("log", "show", str(checked_log), "--last", "3").output
    assert "the last 3 of 11 records" in last3 and "record 8  " not in last3
    every = cli("log", "show", str(checked_log), "-n", "50").output
    assert "all 11 record(s)" in every and "record 1  " in every
    data = json.loads(cli("log", "show", str(checked_log), "-n", "2", "--format", "json").output)
    assert [r["seq"] for r in data] == [10, 11]


def test_replay_exit_codes_from_the_installed_command(
    checked_log: Path, run_cli: Callable[..., Any]
) -> None:
    """Through `main()`, as a shell sees it: 0 identical, 1 when any record differs."""
    same = run_cli("replay", str(checked_log))
    assert same.returncode == 0, same.stderr
    for fmt in ("text", "json"):
        differ = run_cli(
            "replay", str(checked_log), "--policy", "edmonton@2024-06-01", "--format", fmt
        )
        assert differ.returncode == 1, (fmt, differ.stdout[-500:], differ.stderr[-500:])


def test_replay_under_another_pack_warns(checked_log: Path, cli: Cli) -> None:
    out = cli("replay", str(checked_log), "--policy", "toronto")
    assert out.exit_code == 1
    assert "warning: 5 record(s) were judged by another pack (5 by edmonton), not toronto" in (
        out.stderr
    )
    assert "5 were judged by another pack" in out.stdout
    data = json.loads(
        cli("replay", str(checked_log), "--policy", "toronto", "--format", "json").output
    )
    assert data["other_packs"] == {"edmonton": 5} and data["warnings"]
    same_pack = json.loads(
        cli("replay", str(checked_log), "--policy", "edmonton", "--format", "json").output
    )
    assert same_pack["other_packs"] == {"toronto": 6}
