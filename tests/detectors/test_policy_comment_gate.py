"""The policy-comment detector reads a field only where it can find something (docs/performance.md,
"Session 13: one core"): a field whose only cue is one procedure word ("searched", "cells",
common in police posts) is not read, and the gate changes no signal or evidence."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.detectors.test_policy_comment import DETECTOR, ctx_for

import socialpolicy.detectors.policy_comment as pc
from socialpolicy.detectors.base import Hit

ORDINARY = Path(__file__).resolve().parents[1] / "data" / "ordinary" / "canadian_police_posts.jsonl"


def _hits(text: str, reply: str | None = None) -> list[Hit]:
    return list(DETECTOR.detect(ctx_for(text, reply)))


def _ungated(monkeypatch: pytest.MonkeyPatch, text: str, reply: str | None = None) -> list[Hit]:
    """The hits with every field past `_GATE` read, as before the gate."""
    with monkeypatch.context() as m:
        m.setattr(pc, "_read_field", lambda g: True)
        return _hits(text, reply)


def _fields_read(monkeypatch: pytest.MonkeyPatch, text: str) -> int:
    calls = 0
    original = pc.PolicyCommentDetector._field

    def counted(self: pc.PolicyCommentDetector, *args: Any) -> Any:
        nonlocal calls
        calls += 1
        return original(self, *args)

    with monkeypatch.context() as m:
        m.setattr(pc.PolicyCommentDetector, "_field", counted)
        _hits(text)
    return calls


@pytest.mark.parametrize(
    "text",
    [
        "Officers searched the area overnight and found the missing dog safe.",
        "Great work by the team: suspect in cells within the hour.",
    ],
)
def test_one_procedure_word_is_not_read(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    g = ctx_for(text).grouped("text", text)
    assert pc.STEPS in g and pc._CUES.isdisjoint(g)
    assert len({m.term for m in g[pc.STEPS]}) < pc.WALK_ACTS
    assert _fields_read(monkeypatch, text) == 0
    assert _hits(text) == _ungated(monkeypatch, text) == []


def test_a_walkthrough_is_still_read(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "Step one, we put the cuffs on; step two, booking and prints; step three, a phone call "
        "to a lawyer, then the bail hearing."
    )
    assert _fields_read(monkeypatch, text) == 1
    hits = _hits(text)
    assert pc.STATEMENT_SIGNAL in [h.signal for h in hits]
    assert hits == _ungated(monkeypatch, text)


def test_ordinary_posts_read_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [json.loads(line)["post"]["text"] for line in ORDINARY.read_text().splitlines() if line]
    assert texts
    for text in texts:
        assert _hits(text) == _ungated(monkeypatch, text), text


_WORDS = [
    "we",
    "first",
    "then",
    "next",
    "finally",
    "step 1",
    "arrested",
    "booked",
    "charged",
    "released",
    "bail hearing",
    "search",
    "prints",
    "policy",
    "the Service",
    "TPS",
    "procedure",
    "directive",
    "is a joke",
    "our",
    "you",
    "the province's",
    "rules",
    "today",
    ".",
    ",",
    "-",
]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from(_WORDS), min_size=1, max_size=18).map(" ".join),
    st.one_of(st.none(), st.lists(st.sampled_from(_WORDS), max_size=8).map(" ".join)),
)
def test_the_gate_changes_no_hit(text: str, reply: str | None) -> None:
    with pytest.MonkeyPatch.context() as m:
        assert _hits(text, reply) == _ungated(m, text, reply)
