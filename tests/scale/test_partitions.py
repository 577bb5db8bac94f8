"""What a Dask or Spark partition runs: the decisions of judging each record alone, judged a
batch at a time, each bad record's error in its place."""

from __future__ import annotations

import json
from typing import Any

import pytest

import socialpolicy as sp
from _archive import archive_lines
from socialpolicy.decisions import Decision
from socialpolicy.errors import RecordFailedError, SocialPolicyError
from socialpolicy.policy import BATCH
from socialpolicy.scale.partitions import judge_partition

POLICY = sp.load_policy("toronto")


def test_a_partition_decides_as_each_record_judged_alone() -> None:
    lines = archive_lines()[:120]
    got = judge_partition(lines, POLICY, prefix="7:")
    assert len(got) == len(lines)
    for i, (line, outcome) in enumerate(zip(lines, got, strict=True), start=1):
        if i == 38:  # the JSON line that does not parse
            assert isinstance(outcome, SocialPolicyError) and outcome.code == "input_syntax_error"
            assert outcome.location.record == "7:38"
            continue
        if i == 102:  # the post with no text
            assert isinstance(outcome, SocialPolicyError)
            assert outcome.code == "input_validation_error" and outcome.location.record == "7:102"
            continue
        record = json.loads(line)
        if "post" in record:
            alone = POLICY.evaluate(record["post"], record.get("account"))
        else:
            alone = POLICY.evaluate(record)
        assert outcome == alone


def test_a_partition_is_judged_a_batch_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    sizes: list[int] = []
    real = POLICY._judge_many

    def judge_many(items: Any, as_of: Any) -> Any:
        sizes.append(len(items))
        return real(items, as_of)

    monkeypatch.setattr(POLICY, "_judge_many", judge_many)
    lines = archive_lines()[:100]  # 99 readable: line 38 does not parse
    got = judge_partition(lines, POLICY)
    assert sizes == [BATCH, BATCH, BATCH, 99 - 3 * BATCH]
    assert sum(isinstance(o, Decision) for o in got) == 99


def test_a_failure_in_a_batch_costs_only_its_record(booms: None) -> None:
    lines = archive_lines()[:40]
    plain = judge_partition(lines, POLICY)  # no BOOM post: the patched detectors judge as ever
    lines[20] = json.dumps({"id": "boom", "text": "BOOM", "created_at": "2025-05-05T00:00:00Z"})
    got = judge_partition(lines, POLICY, prefix="3:")
    failed = got[20]
    assert isinstance(failed, RecordFailedError) and "ZeroDivisionError" in failed.message
    assert failed.location.record == "3:21"
    assert [o for i, o in enumerate(got) if i not in (20, 37)] == [
        o for i, o in enumerate(plain) if i not in (20, 37)
    ]
