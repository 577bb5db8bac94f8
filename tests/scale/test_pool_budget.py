"""The per-record time budget in worker processes: a stalled record is reported, in its
place, and the batch goes on (issue 12)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import socialpolicy as sp
from socialpolicy.cli import app
from socialpolicy.decisions import Decision
from socialpolicy.detectors import run_detectors, run_detectors_many
from socialpolicy.errors import RecordFailedError, RecordTimeoutError
from socialpolicy.scale import judge_outcomes

POLICY = sp.load_policy("toronto")
# Warm (its models load on first use, seconds on a loaded machine): the budgets below are for
# a stall, not for that first load, which a timed-out record would start again each time.
POLICY.evaluate({"id": "warm", "text": "Great turnout!", "created_at": "2025-05-04T18:40:00Z"})


def _post(i: int, text: str = "Great turnout tonight!") -> dict[str, Any]:
    return {"id": f"p{i}", "text": text, "created_at": "2025-05-04T18:40:00-04:00"}


@pytest.fixture
def stalls(monkeypatch: pytest.MonkeyPatch) -> None:
    """Posts whose text starts with SLOW stall in a backtracking regex (run by `re` in C),
    BOOM raises a plain exception, judged alone or in a batch. Workers are forked, so they
    inherit the patch."""

    def trouble(ctx: Any) -> None:
        if ctx.post.text.startswith("SLOW"):
            re.match(r"(a+)+$", "a" * 64 + "b")
        if ctx.post.text.startswith("BOOM"):
            raise ZeroDivisionError("boom")

    def run(ctx: Any, *args: Any) -> Any:
        trouble(ctx)
        return run_detectors(ctx, *args)

    def run_many(ctxs: Any, *args: Any) -> Any:
        for ctx in ctxs:
            trouble(ctx)
        return run_detectors_many(ctxs, *args)

    monkeypatch.setattr("socialpolicy.policy.run_detectors", run)
    monkeypatch.setattr("socialpolicy.policy.run_detectors_many", run_many)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_stalled_record_in_a_worker_is_reported_in_its_place(stalls: None, workers: int) -> None:
    items = [_post(i) for i in range(12)]
    items[3] = _post(3, "SLOW and steady")
    items[8] = _post(8, "BOOM")
    got = list(
        judge_outcomes(
            POLICY,
            enumerate(items, start=1),
            workers=workers,
            chunk_size=4,
            timeout=0.5,
            start_method="fork",
        )
    )
    assert [k for k, _ in got] == list(range(1, 13))
    slow, boom = got[3][1], got[8][1]
    assert isinstance(slow, RecordTimeoutError) and slow.code == "record_timeout"
    assert slow.location.record == "4" and "0.5 s" in slow.message
    assert isinstance(boom, RecordFailedError) and "ZeroDivisionError" in boom.message
    others = [o for k, o in got if k not in (4, 9)]
    assert all(isinstance(o, Decision) for o in others)
    assert [o.post_id for o in others if isinstance(o, Decision)] == [
        f"p{i}" for i in range(12) if i not in (3, 8)
    ]


def test_with_a_budget_records_are_judged_a_batch_at_a_time(
    stalls: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from socialpolicy.scale import pool

    batches: list[int] = []
    alone: list[str] = []
    real_many, real_one = POLICY._judge_many, POLICY._judge

    def judge_many(items: Any, as_of: Any) -> Any:
        batches.append(len(items))
        return real_many(items, as_of)

    def judge_one(post: Any, account: Any, as_of: Any) -> Any:
        alone.append(post.id)
        return real_one(post, account, as_of)

    monkeypatch.setattr(POLICY, "_judge_many", judge_many)
    monkeypatch.setattr(POLICY, "_judge", judge_one)
    items = [_post(i) for i in range(40)]
    items[35] = _post(35, "SLOW and steady")
    got = pool.judge_chunk(POLICY, [(str(i), x) for i, x in enumerate(items)], timeout=1.0)
    # the first batch within its budget; the second stalls, so its 8 are judged alone
    assert batches == [32, 8]
    assert alone == [f"p{i}" for i in range(32, 40)]
    assert isinstance(got[35], RecordTimeoutError) and got[35].location.record == "35"
    assert [o.post_id for o in got if isinstance(o, Decision)] == [
        f"p{i}" for i in range(40) if i != 35
    ]


def test_a_stalled_record_judged_alone_is_cut_short_once(
    stalls: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from socialpolicy.scale import pool

    judged: list[str] = []
    real = POLICY._judge

    def judge_one(post: Any, account: Any, as_of: Any) -> Any:
        judged.append(post.id)
        return real(post, account, as_of)

    monkeypatch.setattr(POLICY, "_judge", judge_one)
    # one record a chunk, as `judge_outcomes(..., workers=1)` judges a stream
    got = pool.judge_chunk(POLICY, [("1", _post(1, "SLOW down"))], timeout=0.5)
    assert isinstance(got[0], RecordTimeoutError)
    assert judged == ["p1"]  # not once in a batch of one and again alone


def test_check_with_workers_applies_the_record_timeout(stalls: None, tmp_path: Path) -> None:
    posts = [_post(i) for i in range(1, 7)]
    posts[2] = _post(3, "SLOW post")
    f = tmp_path / "in.jsonl"
    f.write_text("".join(json.dumps(p) + "\n" for p in posts), "utf-8")
    args = ["check", "--isolated", "--policy", "toronto", "--format", "jsonl", "--workers", "2"]
    res = CliRunner().invoke(app, [*args, "--record-timeout", "0.5", str(f)])
    assert res.exit_code == 2, res.output
    out = [json.loads(line) for line in res.stdout.splitlines()]
    assert [o.get("post_id") or o["error"]["code"] for o in out] == [
        "p1",
        "p2",
        "record_timeout",
        "p4",
        "p5",
        "p6",
    ]
    assert out[2]["error"]["location"]["line"] == 3
