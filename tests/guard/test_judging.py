"""judge_record: whatever a record causes comes back as a located, coded error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from socialpolicy.batch import BadRecord, RawRecord
from socialpolicy.errors import InputValidationError, RecordFailedError
from socialpolicy.guard.judging import Judged, judge_record
from socialpolicy.policy import Policy, load_policy

POST = {"id": "a", "text": "Great turnout!", "created_at": "2025-05-04T18:40:00-04:00"}


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy("toronto")


@pytest.mark.parametrize(
    "data",
    [
        None,
        1,
        "text",
        [POST],
        {},
        {"post": 5},
        {**POST, "created_at": "yesterday"},
        {**POST, "x": 1},
    ],
)
def test_bad_shapes_are_input_errors_at_their_line(policy: Policy, data: Any) -> None:
    got = judge_record(policy, RawRecord("in.jsonl", 7, data))
    assert isinstance(got, BadRecord) and isinstance(got.error, InputValidationError)
    assert (got.error.location.file, got.error.location.line) == ("in.jsonl", 7)


def test_an_unexpected_exception_is_a_record_failed_error(
    policy: Policy, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any) -> Any:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("socialpolicy.policy.run_detectors", broken)
    got = judge_record(policy, RawRecord("in.jsonl", 3, POST))
    assert isinstance(got, BadRecord) and isinstance(got.error, RecordFailedError)
    assert got.error.code == "record_failed" and "RecursionError" in got.error.message
    assert got.error.location.line == 3


def test_a_good_record_is_judged_with_the_default_account(policy: Policy) -> None:
    from socialpolicy.policy import coerce_account

    acc = coerce_account({"handle": "@x", "owner": {"organisation": "tps", "role": "officer"}})
    got = judge_record(policy, RawRecord("in.jsonl", 1, POST), account=acc)
    assert isinstance(got, Judged) and got.account is acc and not got.decision.account_assumed


def test_the_hostile_input_page_snippets_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import re

    page = Path(__file__).resolve().parents[2] / "docs" / "hostile-input.md"
    blocks = re.findall(r"```python\n(.*?)```", page.read_text("utf-8"), re.S)
    assert len(blocks) == 2
    monkeypatch.chdir(tmp_path)
    (tmp_path / "posts.jsonl").write_text(
        '{"id": "a", "text": "hi", "created_at": "2025-05-04T18:40:00-04:00"}\n[[[[\n', "utf-8"
    )
    for block in blocks:
        exec(compile(block, "hostile-input.md snippet", "exec"), {})
    out = capsys.readouterr().out
    assert "posts.jsonl:1 pass" in out and "[input_syntax_error] posts.jsonl:2" in out
