"""The per-record time budget: slow records are cut and reported; the engine is never cut."""

from __future__ import annotations

import re
import threading
import time
from typing import Any

import pytest

from socialpolicy.batch import BadRecord, RawRecord
from socialpolicy.detectors import run_detectors
from socialpolicy.errors import Location, RecordTimeoutError
from socialpolicy.guard.deadline import record_budget, shielded
from socialpolicy.guard.judging import Judged, judge_record, judge_records
from socialpolicy.policy import Policy, load_policy

POST = {"id": "a", "text": "Great turnout!", "created_at": "2025-05-04T18:40:00-04:00"}


@pytest.fixture(scope="module")
def policy() -> Policy:
    loaded = load_policy("toronto")
    loaded.evaluate(POST)  # the first post loads models lazily: not what is timed here
    return loaded


def _slow_when_asked(monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    """Make the detectors stall on a post whose text starts with SLOW (test-only)."""
    real = run_detectors

    def run(ctx: Any, *args: Any) -> Any:
        if ctx.post.text.startswith("SLOW"):
            if how == "python":
                while True:
                    pass
            else:  # a catastrophically backtracking regex, run by `re` in C
                re.match(r"(a+)+$", "a" * 64 + "b")
        return real(ctx, *args)

    monkeypatch.setattr("socialpolicy.policy.run_detectors", run)


@pytest.mark.parametrize("how", ["python", "regex"])
def test_a_stalling_record_is_reported_and_the_next_is_judged(
    policy: Policy, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    _slow_when_asked(monkeypatch, how)
    items = [
        RawRecord("in.jsonl", 1, POST),
        RawRecord("in.jsonl", 2, {**POST, "id": "slow", "text": "SLOW post"}),
        RawRecord("in.jsonl", 3, {**POST, "id": "c"}),
    ]
    start = time.monotonic()
    got = list(judge_records(policy, items, timeout=1.5))
    assert time.monotonic() - start < 10
    assert [type(g) for g in got] == [Judged, BadRecord, Judged]
    bad = got[1]
    assert isinstance(bad, BadRecord) and isinstance(bad.error, RecordTimeoutError)
    assert bad.error.code == "record_timeout"
    assert bad.error.location.file == "in.jsonl" and bad.error.location.line == 2
    assert "1.5 s" in bad.error.message


def test_no_budget_means_no_alarm(policy: Policy) -> None:
    got = judge_record(policy, RawRecord("x", 1, POST), timeout=0)
    assert isinstance(got, Judged) and got.decision.post_id == "a"


def test_an_alarm_in_a_shielded_section_waits_for_its_end() -> None:
    finished = []
    with pytest.raises(RecordTimeoutError), record_budget(0.05, Location(file="f", line=1)):
        with shielded():
            time.sleep(0.3)
            finished.append(True)
        pytest.fail("the budget should end the block when the shield ends")
    assert finished == [True]


def test_the_engine_still_works_after_a_record_timed_out(
    policy: Policy, monkeypatch: pytest.MonkeyPatch
) -> None:
    _slow_when_asked(monkeypatch, "python")
    for _ in range(3):
        slow = judge_record(policy, RawRecord("f", 1, {**POST, "text": "SLOW"}), timeout=0.05)
        assert isinstance(slow, BadRecord)
        fine = judge_record(policy, RawRecord("f", 2, POST), timeout=5)
        assert isinstance(fine, Judged)


def test_no_alarm_is_left_armed_after_the_block() -> None:
    import signal

    before = signal.getsignal(signal.SIGALRM)
    with record_budget(5):
        pass
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) == before


def test_outside_the_main_thread_the_budget_is_measured_after_the_fact() -> None:
    caught: list[BaseException] = []

    def work() -> None:
        try:
            with record_budget(0.05):
                time.sleep(0.2)
        except RecordTimeoutError as exc:
            caught.append(exc)

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert len(caught) == 1 and "measured when it finished" in str(caught[0])


@pytest.mark.parametrize("seconds", [None, 0, -1, float("inf"), float("nan")])
def test_no_finite_positive_budget_means_no_limit(seconds: float | None) -> None:
    import signal

    with record_budget(seconds):
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_engine_runs_shielded_while_a_budget_runs(
    policy: Policy, monkeypatch: pytest.MonkeyPatch
) -> None:
    from socialpolicy.guard import deadline

    seen: list[tuple[bool, int]] = []
    engine = policy._engine
    real = engine.fired

    def fired(*args: Any, **kwargs: Any) -> Any:
        seen.append((deadline.armed(), deadline._STATE.shield))
        return real(*args, **kwargs)

    monkeypatch.setattr(engine, "fired", fired)
    policy.evaluate(POST)  # no budget: nothing to shield
    with record_budget(5):
        policy.evaluate(POST)
    assert seen == [(False, 0), (True, 1)]
    assert not deadline.armed()
