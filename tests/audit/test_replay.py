"""Replay: logged decisions judged again are identical; another pack shows what changed."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from socialpolicy.audit.diff import frozen_at, resolve_pack_spec
from socialpolicy.audit.log import open_log
from socialpolicy.audit.replay import replay
from socialpolicy.loader import load_pack

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
RULE = "tps.privacy.personal-information"


def test_an_unmodified_log_replays_with_zero_differences(checked_log: Path) -> None:
    with open_log(str(checked_log), create=False) as log:
        total = log.count()
        res = replay(log)
    assert total == 11
    assert res.ok and res.records == total and res.identical == total
    assert not res.changes and not res.not_replayable and not res.errors


def test_the_replay_command(checked_log: Path, cli: Callable[..., Any]) -> None:
    out = cli("replay", str(checked_log), "--format", "json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["identical"] == data["records"] == 11 and data["differ"] == 0
    text = cli("replay", str(checked_log))
    assert "11 identical, 0 differ, 0 not replayable" in text.output


def test_replay_needs_no_original_pack_directory(
    tmp_path: Path, check: Callable[..., Any], pack_copy: Callable[[str], Path]
) -> None:
    pack = pack_copy("toronto")
    log = tmp_path / "l.sqlite"
    check("--policy", str(pack), "--log", str(log), str(EXAMPLES / "toronto-posts.jsonl"))
    shutil.rmtree(pack)
    with open_log(str(log), create=False) as lg:
        res = replay(lg)
    assert res.ok and res.identical == 6


def _toronto_log(tmp_path: Path, check: Callable[..., Any], pack: Path) -> Path:
    log = tmp_path / "toronto.sqlite"
    res = check("--policy", str(pack), "--log", str(log), str(EXAMPLES / "toronto-posts.jsonl"))
    assert res.exit_code in (0, 1), res.output
    return log


def test_replay_under_a_revised_pack_shows_the_changed_clause(
    tmp_path: Path, check: Callable[..., Any], revision: Any, cli: Callable[..., Any]
) -> None:
    log = _toronto_log(tmp_path, check, revision.base)
    old, new = f"{RULE}@{revision.old}", f"{RULE}@{revision.new}"
    with open_log(str(log), create=False) as lg:
        logged = {r.decision["post_id"]: r.decision for r in lg.records()}
        res = replay(lg, load_pack(revision.revised))
    fired = [pid for pid, d in logged.items() if any(f["rule_id"] == RULE for f in d["findings"])]
    assert fired, "the examples should include a post with personal information"
    assert res.mode == "policy" and not res.ok
    assert sorted(c.post_id for c in res.changes) == sorted(fired)
    change = next(c for c in res.changes if c.post_id == fired[0])
    assert change.clauses["tps.privacy"] == {"added": [new], "removed": [old]}
    assert [f["level"] for f in change.added] == ["review"]
    if len(logged[fired[0]]["findings"]) == 1:
        assert change.verdict == ("violation", "review")
    assert change.fields == []  # the pack is expected to differ; nothing else does
    assert res.identical == res.replayed - len(fired)

    out = cli("replay", str(log), "--policy", str(revision.revised))
    assert out.exit_code == 1
    assert f"tps.privacy: + {new}" in out.output
    assert f"tps.privacy: - {old}" in out.output
    assert (
        "verdict violation → review" in out.output or "verdict violation (unchanged)" in out.output
    )


def test_replay_under_a_pack_at_a_date(
    tmp_path: Path, check: Callable[..., Any], revision: Any, cli: Callable[..., Any]
) -> None:
    log = _toronto_log(tmp_path, check, revision.base)
    rev = revision.revised
    with open_log(str(log), create=False) as lg:
        before = replay(lg, frozen_at(resolve_pack_spec(f"{rev}@2024-06-01")))
        after = replay(lg, frozen_at(resolve_pack_spec(f"{rev}@2025-09-01")))
    assert before.ok and before.identical == 6  # the rules as they stood before the revision
    assert after.changes and all(
        f"{RULE}@{revision.new}" in c.clauses["tps.privacy"]["added"] for c in after.changes
    )
    out = cli("replay", str(log), "--policy", f"{rev}@2024-06-01", "--format", "json")
    assert out.exit_code == 0 and json.loads(out.output)["differ"] == 0


def test_a_decision_edited_in_the_log_is_a_difference(
    log_copy: Path, tamper: Callable[[Path], Any]
) -> None:
    con = tamper(log_copy)
    row = con.execute("SELECT decision FROM records WHERE seq = 2").fetchone()[0]
    decision = json.loads(row)
    decision["verdict"] = "pass"
    decision["findings"] = []
    con.execute("UPDATE records SET decision = ? WHERE seq = 2", (json.dumps(decision),))
    con.close()
    with open_log(str(log_copy), create=False) as lg:
        assert not lg.verify().ok
        res = replay(lg)
    (change,) = res.changes
    assert change.seq == 2 and change.verdict[0] == "pass" and change.removed == []
    assert change.added


def test_masked_records_are_counted_not_passed(
    tmp_path: Path, check: Callable[..., Any], cli: Callable[..., Any]
) -> None:
    log = tmp_path / "masked.sqlite"
    out = cli(
        "log",
        "init",
        str(log),
        "--mask-personal-data",
        "--mask",
        "post.media[*].people[*].name",
        "--format",
        "json",
    )
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["mask"]["personal_data"] is True
    check("--policy", "toronto", "--log", str(log), str(EXAMPLES / "toronto-posts.jsonl"))
    with open_log(str(log), create=False) as lg:
        recs = list(lg.records())
        res = replay(lg)
    masked = [r for r in recs if r.masked_fields]
    assert masked, "the examples should include personal data"
    for r in masked:
        assert r.mask is not None and r.mask["personal_data"] is True
        assert "[MASKED]" in json.dumps(r.input)
    pd = [r for r in recs if any(m.startswith("post.text[") for m in r.masked_fields)]
    assert pd, "a phone number in the examples should be masked in post.text"
    for r in pd:
        for f in r.decision["findings"]:
            for ev in f["evidence"]:
                if ev["field"] == "text" and ev["detector"] == "personal_data":
                    assert ev["text"] == "[MASKED]"
    assert len(res.not_replayable) == len(masked)
    assert res.identical == len(recs) - len(masked) and res.ok
    assert {n["seq"] for n in res.not_replayable} == {r.seq for r in masked}
    text = cli("replay", str(log))
    assert text.exit_code == 0
    assert f"{len(masked)} not replayable (inputs masked or erased)" in text.output
    assert cli("replay", str(log), "--strict").exit_code == 1


def test_a_substitute_engine_is_reported(
    checked_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Years later the production engine may be gone: the reference interpreter stands in."""
    from socialpolicy.audit import replay as replay_mod
    from socialpolicy.errors import EngineError
    from socialpolicy.policy import Policy

    class NoDurable(Policy):
        def __init__(self, pack: Any, engine: Any = "auto") -> None:
            if engine == "durable":
                raise EngineError("durable-rules is not installed")
            super().__init__(pack, engine=engine)

    monkeypatch.setattr(replay_mod, "Policy", NoDurable)
    with open_log(str(checked_log), create=False) as lg:
        engines = {r.decision["engine"]["name"] for r in lg.records()}
        res = replay(lg)
    assert res.ok and res.identical == res.records
    assert res.engine_substituted == (res.records if "durable" in engines else 0)


def test_selected_records(checked_log: Path, cli: Callable[..., Any]) -> None:
    with open_log(str(checked_log), create=False) as lg:
        res = replay(lg, seqs=[2, 5])
    assert res.records == 2 and res.identical == 2
    out = cli("replay", str(checked_log), "-r", "3", "--format", "json")
    assert json.loads(out.output)["records"] == 1


def test_replay_of_a_missing_log_is_a_usage_error(tmp_path: Path, cli: Callable[..., Any]) -> None:
    out = cli("replay", str(tmp_path / "nope.sqlite"), "--format", "json")
    assert out.exit_code == 2 and json.loads(out.output)["error"]["code"] == "log_error"


def test_sqlite_file_is_left_consistent(checked_log: Path) -> None:
    con = sqlite3.connect(str(checked_log))
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
