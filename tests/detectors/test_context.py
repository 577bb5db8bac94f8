"""Context: what every detector shares, computed once per field."""

from __future__ import annotations

from functools import cache

from hypothesis import given, settings
from hypothesis import strategies as st

from _policies import shared_policy
from socialpolicy.detectors.context import Context
from socialpolicy.inputs import Post
from socialpolicy.policy import Policy


@cache
def policy() -> Policy:
    return shared_policy("toronto")


def context(text: str) -> Context:
    pol = policy()
    post = Post.model_validate({"id": "c", "text": text, "created_at": "2025-06-01T12:00:00Z"})
    return Context(
        post=post, author=pol.pack.assumed_account, account_given=False, resources=pol._resources
    )


WORDS = ["call", "police", "you", "donate", "st", "the", "officer", "my", "u", "tps", "911", "."]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join))
def test_grouped_is_the_matches_by_lexicon_in_order(text: str) -> None:
    ctx = context(text)
    matches = ctx.matches("text", text)
    grouped = ctx.grouped("text", text)
    assert set(grouped) == {m.lexicon_id for m in matches}
    for lexicon, items in grouped.items():
        assert items == [m for m in matches if m.lexicon_id == lexicon]
    assert ctx.grouped("text", text) is grouped  # computed once per field


def test_grouped_keys_only_lexicons_that_matched() -> None:
    ctx = context("Please call the non-emergency line")
    grouped = ctx.grouped("text", "Please call the non-emergency line")
    assert grouped and all(grouped.values())
    assert context("zzz").grouped("text", "zzz") == {}


def test_model_tokens_are_read_once_per_stretch() -> None:
    from socialpolicy.models._ngrams import tokens

    text = "RT @a @b: I don't hate them. Call 911 now!"
    ctx = context(text)
    n = len(ctx.normalised("text", text).text)
    first = ctx.model_tokens("text", text, 0, n)
    assert first == tokens(ctx.normalised("text", text), 0, n)
    assert ctx.model_tokens("text", text, 0, n) is first
    assert ctx.known_model_tokens("text", 0, 5) is None
    assert ctx.model_tokens("text", text, 0, 5) == tokens(ctx.normalised("text", text), 0, 5)


def test_the_speech_layout_is_built_once_per_field() -> None:
    from socialpolicy.detectors.respect.speech import SpeechLayout

    text = 'He said "you are trash". I was told to leave.'
    ctx = context(text)
    layout = ctx.layout("text", text)
    assert ctx.layout("text", text) is layout
    fresh = SpeechLayout.build(ctx.normalised("text", text), ctx.matches("text", text))
    assert (layout.quotes, layout.cues) == (fresh.quotes, fresh.cues)


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet='ab "\u201c\u201d.', max_size=60),
    st.integers(0, 60),
    st.integers(0, 8),
)
def test_quotation_lookups_by_bisection_agree_with_asking_each(
    text: str, start: int, width: int
) -> None:
    """The layout finds the quotation holding or touching a stretch by bisection; asking
    every quotation gives the same answers."""
    from socialpolicy.detectors.respect.speech import SpeechLayout
    from socialpolicy.normalise import normalise

    layout = SpeechLayout.build(normalise(text), [])
    end = start + width
    holding = [(a, b) for a, b in layout.quotes if a <= start and end <= b]
    assert layout.quoted(start, end) == bool(holding)
    assert layout.enclosing_quote(start, end) in (holding or [None])
    touching = any(a < end and start < b for a, b in layout.quotes)
    assert layout.quote_overlaps(start, end) == touching


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join))
def test_grouping_in_c_is_the_pure_grouping(text: str) -> None:
    """`_cngrams.group_by_lexicon` (when built) groups like `_group_pure`: same keys in the same
    order, same lists; and a post's grouping is built once, whoever asks."""
    from socialpolicy.detectors import context as context_module

    ctx = context(text)
    matches = ctx.matches("text", text)
    got = context_module._group(matches)
    want = context_module._group_pure(matches)
    assert list(got) == list(want)
    assert got == want
    assert ctx.grouped("text", text) is ctx.grouped("text", text)
    assert ctx.grouped("text", text) == want
