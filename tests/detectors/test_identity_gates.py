"""The identity detector's gates (docs/performance.md, "Session 8: cheaper gates") must let
through every field the ungated reading would find something in: the gated and ungated
detectors give the same hits, on generated text and on the development posts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from _gate_posts import labelled_texts
from _policies import shared_policy
from socialpolicy.detectors._windows import Groups
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.identity import (
    _AGE_HINT,
    _CAPITALISED_PAIR,
    _CROSSING_HINT,
    _DETAIL_LEXICONS,
    _UNIT_HINT,
    IdentityDetector,
    _gates,
)
from socialpolicy.detectors.identity import lexicons as lx
from socialpolicy.detectors.identity.field import Field
from socialpolicy.inputs import Post
from socialpolicy.normalise import lookalikes
from socialpolicy.policy import Policy

DETECTOR = IdentityDetector()
PACKS = ("toronto", "edmonton")


@cache
def policy(pack: str) -> Policy:
    return shared_policy(pack)


def ctx_for(text: str, pack: str, reply: str | None = None) -> Context:
    pol = policy(pack)
    data: dict[str, Any] = {"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z"}
    if reply is not None:
        data["in_reply_to"] = {"author": "@someone", "text": reply}
    return Context(
        post=Post.model_validate(data),
        author=pol.pack.assumed_account,
        account_given=False,
        resources=pol._resources,  # noqa: SLF001
    )


def _ungated_gates(
    g: Groups, raw: str, asked: bool, accused_before: bool
) -> tuple[bool, bool, bool, bool, bool]:
    """`_gates` before session 8: a digit test first, and an age read whatever the count of
    detail kinds beside it."""
    digit = re.search(r"\d", raw) is not None
    age: bool | None = None
    complainant = asked or lx.COMPLAINANT in g
    accused = lx.ACCUSED in g or lx.SUSPECT in g or accused_before
    harmed = accused or lx.VICTIM in g or lx.VICTIM_AFTER in g or lx.COMPLAINANT in g
    young = False
    if harmed:
        if lx.YOUTH in g or lx.TEEN in g:
            young = True
        else:
            age = digit and _AGE_HINT.search(raw) is not None
            young = age
    suspect = lx.SUSPECT in g and lx.PUBLIC not in g
    person = sensitive = False
    if lx.PUBLIC not in g and lx.DECEASED not in g:
        kinds = sum(lex in g for lex in _DETAIL_LEXICONS)
        kinds += lx.SCHOOL in g or lx.SCHOOL_NAME in g
        if kinds < 2 and lx.STREET not in g and ("&" in raw or "/" in raw):
            kinds += _CROSSING_HINT.search(raw) is not None
        if kinds < 2:
            if age is None:
                age = digit and _AGE_HINT.search(raw) is not None
            kinds += age
        if kinds < 2 and digit and _UNIT_HINT.search(raw) is not None:
            kinds = 2
        if kinds >= 2 or lx.SENSITIVE in g:
            who = lx.PERSON_NOUN in g or _CAPITALISED_PAIR.search(raw) is not None
            person = who and kinds >= 2
            sensitive = who and lx.SENSITIVE in g
    return complainant, young, suspect, person, sensitive


@contextmanager
def ungated() -> Iterator[None]:
    """The detector with the ages always read (no `may_hold_minor` gate)."""
    with mock.patch.object(Field, "may_hold_minor", lambda self: True):
        yield


def _hits(ctx: Context) -> list[tuple[str, tuple[tuple[str, str, int, int], ...]]]:
    return [
        (h.signal, tuple((e.field, e.text, e.span.start, e.span.end) for e in h.evidence if e.span))
        for h in DETECTOR.detect(ctx)
    ]


def _same(text: str, reply: str | None = None) -> None:
    for pack in PACKS:
        ctx = ctx_for(text, pack, reply)
        raw = lookalikes(text)
        g = ctx.grouped("text", text)
        for asked in (False, True):
            for before in (False, True):
                assert _gates(g, raw, asked, before) == _ungated_gates(g, raw, asked, before)
        gated = _hits(ctx)
        with ungated():
            assert gated == _hits(ctx_for(text, pack, reply)), text
        f = Field("text", ctx.normalised("text", text), g)
        if any(age < 18 for _, _, age in f.ages()):
            assert Field("text", ctx.normalised("text", text), g).may_hold_minor()


# Text made of what the gates and the ages read: names, ages, numbers set off by commas or
# brackets, role words of the packs' identity lexicons, units and crossings.
identity_ish = st.lists(
    st.sampled_from(
        [
            "Jayden",
            "Reyes",
            "Maria Lopez",
            "16",
            "17",
            "34",
            "016",
            "5",
            "(",
            ")",
            ",",
            ", ",
            " ",
            ".",
            "-year-old",
            "yo",
            "aged",
            "teen",
            "boy",
            "charged",
            "arrested",
            "victim",
            "witness",
            "suspect",
            "called police",
            "neighbour",
            "unit 4",
            "#3",
            "apt 12",
            "&",
            "Queen & Bathurst",
            "school",
            "works at",
            "lives on",
            "\n",
            "١٦",
            "l6",
        ]
    ),  # fmt: skip
    max_size=16,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.one_of(identity_ish, st.text(max_size=120)), st.one_of(st.none(), identity_ish))
def test_gated_identity_finds_what_the_ungated_finds(text: str, reply: str | None) -> None:
    _same(text, reply)


def test_gated_identity_on_the_development_posts() -> None:
    texts = labelled_texts()
    assert len(texts) > 300
    for text in texts:
        _same(text)


def test_may_hold_minor_reads_ages_without_names() -> None:
    pack = "toronto"
    for text, minor in (
        ("A 34-year-old man was charged.", False),
        ("Maria Lopez, 34, and Jay Reyes (19) were charged.", False),
        ("Jay Reyes, 16, was charged.", True),
        ("A 16yo was arrested.", True),
        ("Arrested at 10:30 on Main St; 2 officers hurt.", False),
        ("Arrested on Main St, 2 officers hurt.", True),  # ", 2 " may be an age after a name
    ):
        ctx = ctx_for(text, pack)
        f = Field("text", ctx.normalised("text", text), ctx.grouped("text", text))
        assert f.may_hold_minor() is minor, text
        assert f._names is None  # noqa: SLF001 - the names were not read
