"""Judging runs only the detectors whose signals some rule reads (`policy.judging_detectors`,
docs/performance.md "Session 9: detspeed"): the decisions must be the ones every detector
gives, and `signals_for` still reports every detector's signals."""

from __future__ import annotations

from functools import cache
from typing import Any
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

import socialpolicy as sp
from _gate_posts import labelled_texts
from socialpolicy.conditions import SignalTest, walk
from socialpolicy.detectors import DETECTORS
from socialpolicy.policy import Policy, full_condition, judging_detectors

PACKS = ("toronto", "edmonton")
MEMBER = {
    "handle": "@member",
    "bio": "Constable, Toronto Police Service. Hockey and dogs.",
    "owner": {"organisation": "tps", "role": "officer"},
}


@cache
def policy(pack: str) -> Policy:
    return sp.load_policy(pack)


def _reads(pol: Policy) -> set[str]:
    return {
        leaf.signal
        for r in pol.rules
        for leaf, _ in walk(full_condition(r))
        if isinstance(leaf, SignalTest)
    }


def test_skipped_detectors_raise_no_signal_a_rule_reads() -> None:
    for pack in PACKS:
        pol = policy(pack)
        reads = _reads(pol)
        judging = judging_detectors(pol.rules)
        assert judging == pol._judging  # noqa: SLF001
        for det in DETECTORS:
            if det not in judging:
                assert det.signals, det.name  # per-pack signals are never skipped
                assert not reads & {s.name for s in det.signals}, det.name
            else:
                assert not det.signals or reads & {s.name for s in det.signals}, det.name
    # Each shipped pack leaves some detector out (what the skip is for).
    assert all(len(judging_detectors(policy(p).rules)) < len(DETECTORS) for p in PACKS)


def _same(data: dict[str, Any]) -> None:
    for pack in PACKS:
        pol = policy(pack)
        for acc in (None, MEMBER):
            judged = pol.evaluate(data, acc)
            with mock.patch.object(pol, "_judging", DETECTORS):
                every = pol.evaluate(data, acc)
            assert judged.model_dump_json() == every.model_dump_json(), (pack, data)


def _post(text: str, reply: str | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z"}
    if reply is not None:
        data["in_reply_to"] = {"author": "@someone", "text": reply}
    return data


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=160), st.one_of(st.none(), st.text(max_size=60)))
def test_judging_some_detectors_decides_as_all_do(text: str, reply: str | None) -> None:
    _same(_post(text, reply))


def test_judging_some_detectors_on_the_development_posts() -> None:
    texts = labelled_texts()
    assert len(texts) > 300
    for text in texts:
        _same(_post(text))


def test_signals_for_still_reports_every_detector() -> None:
    # No Toronto rule reads the account detector's signals; `signals_for` still raises them.
    pol = policy("toronto")
    assert all(det.name != "account" for det in pol._judging)  # noqa: SLF001
    values = pol.signals_for(_post("Great turnout at the barbecue today."), MEMBER)[1].values
    assert values.get("account.identifies_as_member") is True
