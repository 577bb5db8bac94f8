"""The commission detector's gate (docs/performance.md, "Session 9: detspeed"): a field with
neither an activity nor anything that starts a finding is skipped before it is read. The
detector before the gate is kept here as the specification: both give the same hits, on
generated text and on the development posts."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from _gate_posts import labelled_texts
from _policies import shared_policy
from socialpolicy.detectors import commission as cm
from socialpolicy.detectors._windows import nearest, pick
from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.commission_decisions import (
    ACTIVITY,
    DECISION,
    Text,
    contradicted,
    misreported,
)
from socialpolicy.detectors.context import Context, own_text_fields
from socialpolicy.inputs import Post
from socialpolicy.policy import Policy

DETECTOR = cm.CommissionDetector()


def _detect_before(ctx: Context) -> Iterator[Hit]:
    """`CommissionDetector.detect` before session 9."""
    reply: Text | None = None
    reply_read = False
    for field, raw in own_text_fields(ctx):
        groups = ctx.grouped(field, raw)
        if cm.LEXICONS.isdisjoint(groups):
            continue
        nt = ctx.normalised(field, raw)
        own = Text(field, nt, groups)
        activities = pick(groups, ACTIVITY)
        for a in activities:
            yield Hit("commission.activity", (own.ev(a),))
        if cm._STARTERS.isdisjoint(groups):  # noqa: SLF001
            replying = ctx.post.in_reply_to is not None and (
                not cm._AGAINST_REPLY.isdisjoint(groups)  # noqa: SLF001
                or any(ch.isdigit() for ch in raw)
            )
            quoted = DECISION in groups and ("'" in nt.text or '"' in nt.text)
            if not (replying or quoted):
                continue
        if not reply_read:
            reply, reply_read = cm._reply(ctx), True  # noqa: SLF001
        reply_ev = reply.ev(reply.groups[ACTIVITY][0]) if reply is not None else None
        for c in pick(groups, cm.CRITICAL):
            near = nearest(activities, c, cm.COMMENT_WINDOW)
            about = own.ev(near) if near is not None else reply_ev
            if about is None:
                continue
            yield Hit("commission.critical_comment", (own.ev(c), about))
            break
        in_view = own.ev(activities[0]) if activities else reply_ev
        found = list(contradicted(own, reply, in_view is not None))
        if found:
            yield from found
            continue
        yield from misreported(own, in_view, reply is not None and DECISION in reply.groups)


@cache
def policy(pack: str) -> Policy:
    return shared_policy(pack)


def ctx_for(text: str, pack: str, reply: str | None) -> Context:
    pol = policy(pack)
    data: dict[str, Any] = {"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z"}
    if reply is not None:
        data["in_reply_to"] = {"author": "@epc", "text": reply}
    return Context(
        post=Post.model_validate(data),
        author=pol.pack.assumed_account,
        account_given=False,
        resources=pol._resources,  # noqa: SLF001
    )


def _key(hits: Iterator[Hit]) -> list[tuple[str, tuple[tuple[str, str, Any], ...]]]:
    return [(h.signal, tuple((e.field, e.text, e.span) for e in h.evidence)) for h in hits]


def _same(text: str, reply: str | None = None) -> None:
    for pack in ("edmonton", "toronto"):
        got = _key(DETECTOR.detect(ctx_for(text, pack, reply)))
        assert got == _key(_detect_before(ctx_for(text, pack, reply))), (pack, text, reply)


# The commission's and the decisions' words, quotes and digits, and the fillers most posts hold.
commission_ish = st.lists(
    st.sampled_from(
        [
            "the Commission",
            "EPC",
            "commission meeting",
            "approved",
            "passed",
            "rejected",
            "deferred",
            "the budget",
            "decision",
            "'decision'",
            '"approved"',
            "unanimous",
            "unanimously",
            "rubber stamp",
            "🙄",
            "lol",
            "not",
            "will",
            "next week",
            "the",
            "a",
            "5-2",
            "7",
            " ",
            ", ",
            ". ",
            "\n",
            "\u2019",
            "\u00a0",
            "\u200b",
        ]
    ),  # fmt: skip
    max_size=14,
).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(commission_ish, st.text(max_size=80)),
    st.one_of(st.none(), commission_ish),
)
def test_gated_commission_finds_what_the_ungated_finds(text: str, reply: str | None) -> None:
    _same(text, reply)


def test_gated_commission_on_the_development_posts() -> None:
    texts = labelled_texts()
    assert len(texts) > 300
    for text in texts:
        _same(text)
        _same(text, "The Commission approved the budget 5-2 at tonight's public meeting.")
