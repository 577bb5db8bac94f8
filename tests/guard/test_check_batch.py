"""`check` over hostile lines: exit 2, every other record judged, and every decision logged."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from socialpolicy.audit.log import open_log
from socialpolicy.cli import app
from socialpolicy.detectors import run_detectors

runner = CliRunner()


def _post(i: int, text: str = "Great turnout tonight!") -> str:
    return json.dumps({"id": f"p{i}", "text": text, "created_at": "2025-05-04T18:40:00-04:00"})


def test_the_issue_batch_goes_on_and_logs_everything(tmp_path: Path) -> None:
    """150 posts, a 2 kB line nested 1,000 deep, a 4,301-digit integer, 150 more posts."""
    lines = [_post(i) for i in range(150)]
    lines += ["[" * 1000 + "]" * 1000, '{"id": "big", "n": ' + "1" * 4301 + "}"]
    lines += [_post(i) for i in range(150, 300)]
    f = tmp_path / "in.jsonl"
    f.write_text("\n".join(lines) + "\n", "utf-8")
    log = tmp_path / "log.sqlite"
    args = ["check", "--isolated", "--policy", "toronto", "--format", "jsonl"]
    res = runner.invoke(app, [*args, "--log", str(log), str(f)])
    assert res.exit_code == 2, res.output
    out = [json.loads(line) for line in res.stdout.splitlines()]
    errors = [o["error"] for o in out if "error" in o]
    assert [(e["code"], e["location"]["line"]) for e in errors] == [
        ("input_limit_exceeded", 151),
        ("input_limit_exceeded", 152),
    ]
    assert errors[1]["location"]["field"] == "post.n"
    with open_log(str(log)) as opened:
        assert opened.count() == 300


def test_record_timeout_flag_and_config_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = run_detectors

    def run(ctx: Any, *args: Any) -> Any:
        while ctx.post.text == "SLOW":
            pass
        return real(ctx, *args)

    monkeypatch.setattr("socialpolicy.policy.run_detectors", run)
    f = tmp_path / "in.jsonl"
    f.write_text("\n".join([_post(1), _post(2, "SLOW"), _post(3)]) + "\n", "utf-8")
    args = ["check", "--policy", "toronto", "--format", "jsonl", str(f)]
    res = runner.invoke(app, [*args, "--isolated", "--record-timeout", "1.5"])
    assert res.exit_code == 2
    out = [json.loads(line) for line in res.stdout.splitlines()]
    assert [o.get("post_id") or o["error"]["code"] for o in out] == ["p1", "record_timeout", "p3"]
    assert out[1]["error"]["location"]["line"] == 2
    config = tmp_path / "sp.toml"
    config.write_text("record-timeout = 1.5\n", "utf-8")
    res = runner.invoke(app, [*args, "--config", str(config)])
    assert res.exit_code == 2 and '"record_timeout"' in res.stdout


@pytest.mark.parametrize("value", ["-1", "true", '"ten"'])
def test_a_bad_record_timeout_in_the_config_is_a_config_error(tmp_path: Path, value: str) -> None:
    config = tmp_path / "sp.toml"
    config.write_text(f"record-timeout = {value}\n", "utf-8")
    f = tmp_path / "in.jsonl"
    f.write_text(_post(1) + "\n", "utf-8")
    res = runner.invoke(app, ["check", "--policy", "toronto", "--config", str(config), str(f)])
    assert res.exit_code == 2 and "record-timeout" in res.output


def test_a_closed_stdout_stops_quietly_and_keeps_the_log(tmp_path: Path) -> None:
    f = tmp_path / "in.jsonl"
    f.write_text("\n".join(_post(i) for i in range(1000)) + "\n", "utf-8")
    log = tmp_path / "log.sqlite"
    cmd = [sys.executable, "-m", "socialpolicy", "check", "--isolated", "--policy", "toronto"]
    cmd += ["--format", "jsonl", "--log", str(log), str(f)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 141
    assert "Traceback" not in err
    with open_log(str(log)) as opened:
        logged = [r.decision["post_id"] for r in opened.records()]
    assert json.loads(first)["post_id"] == logged[0]


def test_a_hostile_account_file_is_a_located_error(tmp_path: Path) -> None:
    posts = tmp_path / "in.jsonl"
    posts.write_text(_post(1) + "\n", "utf-8")
    account = tmp_path / "acc.json"
    account.write_text('{"handle": "@x", "owner": {"organisation": "tps", "role": NaN}}', "utf-8")
    args = ["check", "--isolated", "--policy", "toronto", "--format", "json"]
    res = runner.invoke(app, [*args, "--account", str(account), str(posts)])
    assert res.exit_code == 2
    error = json.loads(res.stdout)["error"]
    assert error["code"] == "input_syntax_error"
    assert error["location"]["file"] == str(account)
    assert error["location"]["field"] == "owner.role"
