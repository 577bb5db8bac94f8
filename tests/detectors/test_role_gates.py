"""The role detector's cheap paths (docs/performance.md, "Session 9: detspeed") must give what
the readings they stand for give: the speed cue before `SPEED`, the pack's vocabulary set
before the per-lexicon test, the account's evidence read once per identity. The previous
code is kept here as the specification, compared on generated text and the development
posts."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any
from unittest import mock

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from _gate_posts import labelled_texts
from _policies import shared_policy
from socialpolicy.detectors._windows import evidence
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.role import detector as role_detector
from socialpolicy.detectors.role.detector import (
    CONTEXT,
    IDENTIFIED,
    REPLY_FIELD,
    RoleDetector,
    _is_vocabulary,
    _negated_noun,
)
from socialpolicy.detectors.role.lexicons import NOUNS, TRIGGERS
from socialpolicy.detectors.role.unbecoming import SPEED, speed_named
from socialpolicy.detectors.role.view import RoleField
from socialpolicy.evidence import Evidence
from socialpolicy.inputs import Account, Post
from socialpolicy.normalise import normalise
from socialpolicy.policy import Policy

DETECTOR = RoleDetector()
PACKS = ("toronto", "edmonton")
POLICE_BIO = "Constable, Toronto Police Service. Hockey and dogs."

# What the speed cue and the role's words are made of, with the characters that move text
# about in normalisation: typographic quotes, NBSP, zero-width, line breaks, emoji,
# elongations, digits of other scripts.
role_ish = st.lists(
    st.sampled_from(
        [
            "170",
            "214",
            "140",
            "199",
            "2999",
            "1",
            "2",
            "0",
            " ",
            "km/h",
            "kmh",
            "kph",
            "km",
            "on the 427",
            "down the",
            "through",
            "clocked",
            "my badge",
            "the uniform",
            "I'm a cop",
            "not a cop",
            "off duty",
            "cruiser",
            "ticket",
            "shift",
            "today",
            "\u2019",
            "\u201c",
            "\u201d",
            "\u00a0",
            "\u200b",
            "\n",
            "😂",
            "soooo",
            "٢١٤",
            ".",
            ",",
            "!",
            "?",
        ]
    ),  # fmt: skip
    max_size=14,
).map("".join)


@cache
def policy(pack: str) -> Policy:
    return shared_policy(pack)


def ctx_for(text: str, pack: str, reply: str | None, bio: str | None) -> Context:
    pol = policy(pack)
    data: dict[str, Any] = {"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z"}
    if reply is not None:
        data["in_reply_to"] = {"author": "@someone", "text": reply}
    author = (
        pol.pack.assumed_account
        if bio is None
        else Account.model_validate(
            {"handle": "@member", "bio": bio, "owner": {"organisation": "tps", "role": "officer"}}
        )
    )
    return Context(
        post=Post.model_validate(data),
        author=author,
        account_given=bio is not None,
        resources=pol._resources,  # noqa: SLF001
    )


def _role_context_before(self: RoleDetector, ctx: Context) -> Evidence | None:
    """`RoleDetector._role_context` before session 9: every matched lexicon asked in turn."""
    fields = list(ctx.own_texts())
    target = ctx.post.in_reply_to
    if target is not None and target.text:
        fields.append((REPLY_FIELD, target.text))
    for field, raw in fields:
        for lexicon, ms in ctx.grouped(field, raw).items():
            if ms and _is_vocabulary(lexicon):
                m = ms[0]
                return evidence(self.name, field, ctx.normalised(field, raw), m.start, m.end)
    return None


def _negated_noun_before(text: str, nouns: Any) -> bool:
    """`_negated_noun` before session 13: each noun's twelve characters searched."""
    return bool(nouns) and any(
        role_detector._NEGATION.search(text, max(0, n.start - 12), n.start)  # noqa: SLF001
        for n in nouns or ()
    )


def _account_known_before(ident: Any, detector: str) -> tuple[Evidence, ...]:
    current = tuple(e for e in ident.evidence if not e.field.startswith("account.prev"))
    return current or (
        Evidence(detector=detector, field="account.identifies_as_member", text="true"),
    )


@contextmanager
def general() -> Iterator[None]:
    """The detector with its session-9 fast paths replaced by the readings they stand for."""
    with (
        mock.patch.object(role_detector, "speed_named", lambda t: SPEED.search(t) is not None),
        mock.patch.object(RoleDetector, "_role_context", _role_context_before),
        mock.patch.object(role_detector, "_account_known", _account_known_before),
        mock.patch.object(role_detector, "_negated_noun", _negated_noun_before),
    ):
        yield


def _hits(ctx: Context) -> list[tuple[str, tuple[tuple[str, str, Any], ...]]]:
    return [
        (h.signal, tuple((e.field, e.text, e.span) for e in h.evidence))
        for h in DETECTOR.detect(ctx)
    ]


def _same(text: str, reply: str | None = None) -> None:
    for pack in PACKS:
        for bio in (None, POLICE_BIO, "Hockey and dogs."):
            fast = _hits(ctx_for(text, pack, reply, bio))
            with general():
                assert fast == _hits(ctx_for(text, pack, reply, bio)), (pack, text, reply, bio)


@settings(max_examples=300, deadline=None)
@given(st.one_of(role_ish, st.text(max_size=80)))
@example("Clocked 214 on the 427 on my way home, off duty")
@example("clocked 170km/h\u00a0through the school zone")
@example("199 km")  # the cue without the bounded pattern
def test_speed_named_is_speed_search(text: str) -> None:
    for t in (text, normalise(text).text):
        assert speed_named(t) is (SPEED.search(t) is not None), t


negated = st.lists(
    st.sampled_from(
        [
            "not",
            "ain't",
            "aint",
            "knot",
            "cannot",
            "notably",
            "a",
            "your",
            "cop",
            "the police",
            "officer",
            "i'm",
            "today",
            "!",
            " ",
            "\u00a0",
        ]
    ),  # fmt: skip
    max_size=14,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(negated, role_ish, st.text(max_size=60)))
@example("I'm not a cop today")
@example("ain't your cop")
def test_negated_noun_is_the_search_before_each_noun(text: str) -> None:
    for pack in PACKS:
        ctx = ctx_for(text, pack, None, None)
        nt = ctx.normalised("text", text)
        nouns = ctx.grouped("text", text).get(NOUNS)
        assert _negated_noun(nt.text, nouns) is _negated_noun_before(nt.text, nouns), text


@settings(max_examples=150, deadline=None)
@given(st.one_of(role_ish, negated, st.text(max_size=80)), st.one_of(st.none(), role_ish))
def test_role_fast_paths_give_the_general_hits(text: str, reply: str | None) -> None:
    _same(text, reply)


def test_role_fast_paths_on_the_development_posts() -> None:
    texts = labelled_texts()
    assert len(texts) > 300
    for text in texts:
        _same(text)


def test_account_evidence_is_read_once_per_identity() -> None:
    pol = policy("toronto")
    acc = Account.model_validate(
        {
            "handle": "@member",
            "bio": POLICE_BIO,
            "owner": {"organisation": "tps", "role": "officer"},
        }
    )
    ident = pol._account_part(acc, True).view.identity  # noqa: SLF001
    first = role_detector._account_known(ident, "role")  # noqa: SLF001
    assert first == _account_known_before(ident, "role")
    assert role_detector._account_known(ident, "role") is first  # noqa: SLF001


def _read_hits(text: str, reply: str | None, pack: str, bio: str | None) -> None:
    """With `Context.reads` set (judging), the hits are the full hits of the signals read."""
    reads = policy(pack)._reads  # noqa: SLF001
    full = [h for h in _hits(ctx_for(text, pack, reply, bio)) if h[0] in reads]
    ctx = ctx_for(text, pack, reply, bio)
    ctx.reads = reads
    assert _hits(ctx) == full, (pack, text, reply, bio)
    ctx = ctx_for(text, pack, reply, bio)
    ctx.reads = frozenset()  # nothing read: the conduct hits all the same
    conduct = [h for h in full if h[0] not in (IDENTIFIED, CONTEXT)]
    assert [h for h in _hits(ctx) if h[0] in reads] == conduct


@settings(max_examples=100, deadline=None)
@given(st.one_of(role_ish, st.text(max_size=80)), st.one_of(st.none(), role_ish))
def test_role_signals_no_rule_reads_are_skipped(text: str, reply: str | None) -> None:
    for pack in PACKS:
        for bio in (None, POLICE_BIO):
            _read_hits(text, reply, pack, bio)


def test_role_signals_no_rule_reads_on_the_development_posts() -> None:
    for text in labelled_texts():
        for bio in (None, POLICE_BIO):
            _read_hits(text, None, "toronto", bio)


def test_a_field_past_the_gate_builds_no_layout_it_does_not_read() -> None:
    # One pressure word ("careful") opens the gate; no check then holds a match whose speaker
    # it must know, so the speech layout is never built (it was, eagerly, before session 13).
    text = "Please be careful on the roads this weekend."
    ctx = ctx_for(text, "toronto", None, None)
    assert not TRIGGERS.isdisjoint(ctx.grouped("text", text))
    hits = _hits(ctx)
    assert ctx._layouts == {}  # noqa: SLF001
    with general():
        assert hits == _hits(ctx_for(text, "toronto", None, None))


def test_own_of_no_match_reads_no_layout() -> None:
    text = "Clocked 214 on the 427 on my way home"
    ctx = ctx_for(text, "toronto", None, None)
    f = RoleField("role", "text", text, ctx.normalised("text", text), lambda: pytest.fail("read"))
    assert f.own([]) == []
