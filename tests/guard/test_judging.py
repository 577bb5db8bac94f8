"""judge_record: whatever a record causes comes back as a located, coded error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialpolicy.batch import BadRecord, RawRecord
from socialpolicy.errors import (
    InputError,
    InputValidationError,
    RecordFailedError,
    RecordTimeoutError,
)
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


_text = st.text(max_size=200)
_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _text
_any = st.recursive(
    _scalars,
    lambda c: st.lists(c, max_size=3) | st.dictionaries(_text, c, max_size=3),
    max_leaves=10,
)
_posts = st.fixed_dictionaries(
    {"id": _text, "text": _text, "created_at": st.sampled_from(["2025-05-04T18:40:00-04:00", "x"])},
    optional={
        "platform": _any,
        "visibility": st.sampled_from(["public", "direct", "secret"]) | _any,
        "media": _any,
        "links": _any,
        "mentions": _any,
        "in_reply_to": _any,
    },
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_any, _posts, st.fixed_dictionaries({"post": _posts, "account": _any})))
def test_any_record_is_judged_or_an_input_error_never_a_defect(policy: Policy, data: Any) -> None:
    got = judge_record(policy, RawRecord("h.jsonl", 1, data), timeout=30)
    if isinstance(got, BadRecord):
        assert isinstance(got.error, InputError), got.error
        assert not isinstance(got.error, RecordFailedError | RecordTimeoutError), got.error
        assert got.error.location.line == 1
    else:
        assert got.decision.post_id == data["post"]["id"] if "post" in data else data["id"]
