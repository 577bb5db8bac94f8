"""`check --log` stopped by SIGTERM or SIGINT mid-batch: every printed decision is in the log."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from socialpolicy.audit.log import open_log
from socialpolicy.guard.stopping import Interrupted, stop_signals

N = 5000


def _posts(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(N):
            text = f"Great turnout tonight, number {i}! Call 416-555-0199"
            post = {"id": f"p{i}", "text": text, "created_at": "2025-05-04T18:40:00-04:00"}
            fh.write(json.dumps(post) + "\n")
    return path


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_mid_batch_commits_every_printed_decision(
    tmp_path: Path, sig: signal.Signals, code: int
) -> None:
    log = tmp_path / "log.sqlite"
    cmd = [sys.executable, "-m", "socialpolicy", "check", "--isolated", "--policy", "toronto"]
    cmd += ["--format", "jsonl", "--log", str(log), str(_posts(tmp_path / "in.jsonl"))]
    with (tmp_path / "err.txt").open("wb") as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err)
        assert proc.stdout is not None
        head = [proc.stdout.readline() for _ in range(50)]
        proc.send_signal(sig)
        rest = proc.stdout.read()
        assert proc.wait(timeout=60) == code
    printed = [json.loads(line)["post_id"] for line in head + rest.splitlines() if line.strip()]
    assert 50 <= len(printed) < N, "the batch should have been stopped part-way"
    with open_log(str(log)) as opened:
        logged = [r.decision["post_id"] for r in opened.records()]
    assert printed == logged[: len(printed)]
    assert f"stopped by {sig.name}" in (tmp_path / "err.txt").read_text("utf-8")
    with open_log(str(log)) as opened:
        result = opened.verify()  # what `socialpolicy log verify` runs
    assert result.ok and result.records == len(logged)


def test_a_signal_in_a_critical_section_waits_for_its_end() -> None:
    done = []
    with pytest.raises(Interrupted) as caught, stop_signals() as stop:
        with stop.critical():
            signal.raise_signal(signal.SIGTERM)
            done.append("after the signal")
        pytest.fail("the held signal should be raised when the section ends")
    assert done == ["after the signal"] and caught.value.exit_code == 143


def test_handlers_are_restored() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with stop_signals():
        assert signal.getsignal(signal.SIGTERM) != before
    assert signal.getsignal(signal.SIGTERM) == before


def test_any_command_stopped_by_a_signal_exits_128_plus_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import socialpolicy.cli as cli

    def stopped(**_: object) -> None:
        signal.raise_signal(signal.SIGINT)

    monkeypatch.setattr(cli, "app", stopped)
    with pytest.raises(SystemExit) as caught:
        cli.main()
    assert caught.value.code == 130 and "stopped by SIGINT" in capsys.readouterr().err


def test_an_internal_error_exits_2_with_its_traceback_never_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import socialpolicy.cli as cli

    def broken(**_: object) -> None:
        raise ZeroDivisionError("a defect")

    monkeypatch.setattr(cli, "app", broken)
    with pytest.raises(SystemExit) as caught:
        cli.main()
    err = capsys.readouterr().err
    assert caught.value.code == 2
    assert "Traceback" in err and "[internal_error]" in err and "ZeroDivisionError" in err
