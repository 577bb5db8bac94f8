"""Judging runs only the detectors whose signals some rule reads (`policy.judging_detectors`,
docs/performance.md "Session 9: detspeed"): the decisions must be the ones every detector
gives, and `signals_for` still reports every detector's signals."""

from __future__ import annotations

from functools import cache
from typing import Any
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialpolicy as sp
from _gate_posts import labelled_texts
from _policies import shared_policy
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
    return shared_policy(pack)


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


# -- judging a batch detector by detector (`Policy._judge_many`, `evaluate_many`) ------------

OTHER = {
    "handle": "@neighbour",
    "bio": "Gardening, bikes, the odd photo of the lake.",
    "owner": {"organisation": "other", "role": "other"},
}

_PIECE = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=8),
    st.sampled_from(["\u2019", "\u201c", "\u00a0", "\u200b", "\n", "😂", "🤡", "@", "#"]),
    st.sampled_from(["sooooo", "d0nate", "416-555-0199", "http://x.ca", "idiot", "police"]),
)
_TEXT = st.lists(_PIECE, max_size=24).map(" ".join)


def _records(texts: list[str]) -> list[dict[str, Any]]:
    accounts = (None, MEMBER, OTHER)
    out: list[dict[str, Any]] = []
    for i, text in enumerate(texts):
        post = _post(text, reply="you again?" if i % 5 == 4 else None) | {"id": f"b{i}"}
        acc = accounts[i % 3]
        out.append(post if acc is None else {"post": post, "account": acc})
    return out


def _same_in_batches(records: list[dict[str, Any]]) -> None:
    for pack in PACKS:
        pol = policy(pack)
        one_by_one = [pol.evaluate_many([r], MEMBER) for r in records]
        alone = [d.model_dump_json() for it in one_by_one for d in it]
        together = [d.model_dump_json() for d in pol.evaluate_many(records, MEMBER)]
        assert together == alone, pack


@settings(max_examples=40, deadline=None)
@given(st.lists(_TEXT, min_size=2, max_size=40))
def test_a_batch_is_judged_as_each_post_alone(texts: list[str]) -> None:
    _same_in_batches(_records(texts))


def test_a_batch_of_development_posts_is_judged_as_each_alone() -> None:
    texts = list(labelled_texts())
    _same_in_batches(_records(texts))


def test_run_detectors_many_folds_as_run_detectors() -> None:
    from socialpolicy.detectors import run_detectors, run_detectors_many

    pol = policy("toronto")
    texts = list(labelled_texts())[:200]
    prepared = [
        pol._context(sp.Post.model_validate(_post(t)), None, None)  # noqa: SLF001
        for t in texts
    ]
    many = run_detectors_many([c for c, _ in prepared], pol._catalogue)  # noqa: SLF001
    again = [pol._context(c.post, None, None)[0] for c, _ in prepared]  # noqa: SLF001
    alone = [run_detectors(c, pol._catalogue) for c in again]  # noqa: SLF001
    assert many == alone


def test_a_bad_record_comes_after_the_decisions_before_it() -> None:
    pol = policy("toronto")
    good = [_post(f"Thanks for coming out, number {i}.") | {"id": f"g{i}"} for i in range(40)]
    got: list[str] = []
    with pytest.raises(sp.InputValidationError) as info:
        for d in pol.evaluate_many([*good, {"id": 3}, good[0]]):
            got.append(d.post_id)
    assert got == [p["id"] for p in good]
    assert info.value.location.record == "41"


def test_a_detector_error_comes_at_its_own_post(monkeypatch: pytest.MonkeyPatch) -> None:
    pol = policy("toronto")
    real = type(pol._judging[0]).detect  # noqa: SLF001

    def detect(self: Any, ctx: Any) -> Any:
        if ctx.post.id == "g5":
            raise RuntimeError("boom")
        return real(self, ctx)

    monkeypatch.setattr(type(pol._judging[0]), "detect", detect)  # noqa: SLF001
    got: list[str] = []
    with pytest.raises(RuntimeError, match="boom"):
        for d in pol.evaluate_many([_post("hello") | {"id": f"g{i}"} for i in range(10)]):
            got.append(d.post_id)
    assert got == [f"g{i}" for i in range(5)]


def test_an_error_of_the_stream_comes_after_the_decisions_before_it() -> None:
    pol = policy("toronto")

    def stream() -> Any:
        for i in range(5):
            yield _post("Road closed for the parade.") | {"id": f"s{i}"}
        raise ValueError("the reader failed")

    got: list[str] = []
    with pytest.raises(ValueError, match="the reader failed"):
        for d in pol.evaluate_many(stream()):
            got.append(d.post_id)
    assert got == [f"s{i}" for i in range(5)]
