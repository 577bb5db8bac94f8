"""The decisions digest (`benchmarks/decisions_digest.py`): what speed work is checked against.

It must be reproducible (the same decisions give the same digest, in any process) and must
move when any decision does, or a speed change that alters a decision would pass unnoticed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import socialpolicy as sp
from _paths import load_benchmark as _load

dd = _load("decisions_digest")
POST = {
    "id": "p1",
    "text": "Thanks to everyone at the safety fair today!",
    "created_at": "2025-06-02T12:00:00+00:00",
}


@pytest.fixture(scope="module")
def policies() -> dict[str, sp.Policy]:
    return {p: sp.load_policy(p) for p in dd.PACKS}


def test_the_digest_is_reproducible(policies: dict[str, sp.Policy]) -> None:
    items = [(POST, None), ({**POST, "id": "p2", "text": "Call me at 416-555-0199 tonight"}, None)]
    first = dd.digest_set(policies, items)
    assert dd.digest_set(policies, list(items)) == first
    assert len(first) == 64


class _Altered:
    """A policy whose decisions lose their first finding, or whose signal values gain one."""

    def __init__(self, policy: sp.Policy, *, findings: bool) -> None:
        self.policy = policy
        self.findings = findings

    def evaluate(self, post: Any, account: Any = None) -> Any:
        d = self.policy.evaluate(post, account)
        return d.model_copy(update={"findings": d.findings[1:]}) if self.findings else d

    def signals_for(self, post: Any, account: Any = None) -> Any:
        facts, sig = self.policy.signals_for(post, account)
        if not self.findings:
            sig.values["respect.extra"] = 1
        return facts, sig


BREACH = {**POST, "id": "p3", "text": "Call my neighbour Jane Doe at 416-555-0199 tonight"}


def test_the_digest_moves_with_any_finding_or_signal(policies: dict[str, sp.Policy]) -> None:
    assert any(p.evaluate(BREACH, dd.MEMBER[k]).findings for k, p in policies.items())
    real = dd.digest_set(policies, [(BREACH, None)])
    for findings in (True, False):
        altered = {k: _Altered(p, findings=findings) for k, p in policies.items()}
        assert dd.digest_set(altered, [(BREACH, None)]) != real


def test_sets_skip_the_police_tweets_when_absent(tmp_path: Path) -> None:
    got = dd.sets(tmp_path)
    assert "police" not in got
    assert {"ordinary", "blind-odd", "blind-even", "fresh"} <= got.keys()
    assert len(got["ordinary"]) == 400
