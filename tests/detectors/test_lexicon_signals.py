"""The lexicon detector: one `lexicon.<id>` count per pack signal lexicon, skipping fields
the shared lexicon pass found none of them in (docs/performance.md, "Session 8: cheaper
gates") with exactly the hits of reading every match."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from _gate_posts import labelled_texts
from _policies import shared_policy
from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.context import Context, own_text_fields
from socialpolicy.detectors.lexicon_signals import LexiconDetector
from socialpolicy.evidence import Evidence
from socialpolicy.inputs import Post
from socialpolicy.policy import Policy

DETECTOR = LexiconDetector()
PACKS = ("toronto", "edmonton")


@cache
def policy(pack: str) -> Policy:
    return shared_policy(pack)


def ctx_for(text: str, pack: str, caption: str | None = None) -> Context:
    data: dict[str, Any] = {"id": "t", "text": text, "created_at": "2025-06-01T12:00:00Z"}
    if caption is not None:
        data["media"] = [{"kind": "image", "caption": caption}]
    pol = policy(pack)
    return Context(
        post=Post.model_validate(data),
        author=pol.pack.assumed_account,
        account_given=False,
        resources=pol._resources,  # noqa: SLF001
    )


def _ungated(ctx: Context) -> Iterator[Hit]:
    """The detector before session 8: every match of every field read."""
    wanted = ctx.resources.signal_lexicons
    for field, raw in own_text_fields(ctx):
        nt = ctx.normalised(field, raw)
        for m in ctx.matches(field, raw):
            if m.lexicon_id in wanted:
                span = nt.to_original(m.start, m.end)
                ev = Evidence(
                    detector="lexicon", field=field, text=raw[span.start : span.end], span=span
                )
                yield Hit(f"lexicon.{m.lexicon_id}", (ev,))


def _same(text: str, caption: str | None = None) -> None:
    for pack in PACKS:
        got = list(DETECTOR.detect(ctx_for(text, pack, caption)))
        assert got == list(_ungated(ctx_for(text, pack, caption))), text


def _terms(pack: str) -> list[str]:
    pol = policy(pack)
    wanted = pol._resources.signal_lexicons  # noqa: SLF001
    return [t for lex in pol.pack.lexicons if lex.id in wanted for t in lex.terms[:5]]


words = st.lists(
    st.sampled_from([*_terms("edmonton"), *_terms("toronto"), "the", "council", "lol", " "]),
    max_size=8,
).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(st.one_of(words, st.text(max_size=80)), st.one_of(st.none(), words))
def test_gated_lexicon_hits_are_the_ungated_hits(text: str, caption: str | None) -> None:
    _same(text, caption)


def test_gated_lexicon_hits_on_the_development_posts() -> None:
    for text in labelled_texts():
        _same(text)


def test_signal_lexicon_counted() -> None:
    term = _terms("edmonton")[0]
    hits = list(DETECTOR.detect(ctx_for(f"About {term} today", "edmonton")))
    assert hits and all(h.signal.startswith("lexicon.") for h in hits)
