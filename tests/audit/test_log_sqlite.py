"""The SQLite log: transactions, durability settings, and a batch killed midway."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from socialpolicy.audit.log import LogEntry, open_log
from socialpolicy.errors import LogError

Entries = Callable[..., list[Any]]


def test_wal_mode_and_full_sync(tmp_path: Path) -> None:
    path = tmp_path / "l.sqlite"
    with open_log(str(path)) as log:
        log.append([])
    con = sqlite3.connect(str(path))
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()


def test_a_failing_batch_commits_nothing(tmp_path: Path, entries: Entries) -> None:
    path = tmp_path / "l.sqlite"
    with open_log(str(path)) as log:
        log.append(entries(3))
        bad = [
            *entries(2, start=3),
            LogEntry(decision={"x": object()}, input={}, pack_digest="sha256:0"),
        ]
        with pytest.raises(TypeError):
            log.append(bad)
        assert log.count() == 3
        log.append(entries(1, start=3))  # the log is still usable, and the chain continues
        assert log.count() == 4 and log.verify(check_packs=False).ok


def test_a_missing_file_is_not_created_by_readers(tmp_path: Path) -> None:
    with pytest.raises(LogError, match="no decision log"):
        open_log(str(tmp_path / "absent.sqlite"), create=False)
    assert not (tmp_path / "absent.sqlite").exists()


def test_other_files_are_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a database at all, just text" * 20)
    with pytest.raises(LogError):
        open_log(str(junk), create=False)
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(str(other))
    con.execute("CREATE TABLE customers (id INTEGER)")
    con.commit()
    con.close()
    with pytest.raises(LogError, match="not a socialpolicy decision log"):
        open_log(str(other))


def _generated_posts(path: Path, n: int) -> list[str]:
    texts = [
        "Great turnout at the community BBQ today, thanks everyone!",
        "Call his sister Maria at 416-555-0199, she is worried sick.",
        "Non-emergency? Call 416-808-2222. Emergencies: 911.",
        "Lovely sunrise over the lake from the marine unit this morning.",
    ]
    ids = []
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            pid = f"gen-{i:06d}"
            ids.append(pid)
            fh.write(
                json.dumps(
                    {
                        "id": pid,
                        "text": f"{texts[i % len(texts)]} #{i}",
                        "created_at": "2025-05-01T10:00:00-04:00",
                    }
                )
                + "\n"
            )
    return ids


def _count(path: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1)
        try:
            return int(con.execute("SELECT count(*) FROM records").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def _env() -> dict[str, str]:
    src = Path(__file__).resolve().parents[2] / "src"
    env = dict(os.environ)
    env["PYTHONPATH"] = str(src) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def test_a_batch_killed_midway_keeps_a_verified_prefix(
    tmp_path: Path, run_cli: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    posts = tmp_path / "posts.jsonl"
    ids = _generated_posts(posts, 60_000)
    log = tmp_path / "killed.sqlite"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from socialpolicy.cli import main; main()",
            "check",
            "--policy",
            "toronto",
            "--format",
            "jsonl",
            "--log",
            str(log),
            str(posts),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    try:
        deadline = time.monotonic() + 60
        # Wait until at least two chunks are committed, then kill without warning.
        while _count(log) < 400 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, "the batch finished before it could be killed: " + (
            proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        )
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
        if proc.stderr:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL

    verified = run_cli("log", "verify", str(log), "--format", "json")
    report = json.loads(verified.stdout)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert report["ok"] and report["first_broken"] is None
    kept = report["records"]
    assert 400 <= kept < len(ids)
    with open_log(str(log), create=False) as lg:
        logged = [r.decision["post_id"] for r in lg.records()]
        assert logged == ids[:kept]  # a prefix: nothing lost before, nothing half-written after
        assert all(r.input["post"]["id"] == r.decision["post_id"] for r in lg.records(kept - 5))

    # The log goes on: a later batch appends after the kept prefix.
    more = tmp_path / "more.jsonl"
    _generated_posts(more, 3)
    again = run_cli(
        "check", "--policy", "toronto", "--format", "jsonl", "--log", str(log), str(more)
    )
    assert again.returncode in (0, 1), again.stderr
    verified = run_cli("log", "verify", str(log), "--format", "json")
    assert verified.returncode == 0 and json.loads(verified.stdout)["records"] == kept + 3
