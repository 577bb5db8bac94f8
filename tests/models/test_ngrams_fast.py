"""The models' fast readings (session 9) read exactly what the general ones read, on generated
text and on the labelled development posts: the plain reading of a stretch with no negation in
C (`_cngrams.plain_tokens`) is `_plain_pure`, which is what `_read`'s clause-by-clause loop
gives; and that loop in C (`_cngrams.read_scopes`) gives the pure loop's two readings, negation
scopes and declarative denials included."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _gate_posts import labelled_texts
from socialpolicy.models import _ngrams
from socialpolicy.models._ngrams import _NEGATIONS, MENTION, _plain_pure, readings, tokens
from socialpolicy.models.offensive import load_offensive_model
from socialpolicy.normalise import normalise

needs_c = pytest.mark.skipif(
    _ngrams._PLAIN_C is None or _ngrams._SCOPES_C is None,
    reason="the C extension is not built here",
)

# Every branch of the plain reading: negations (words and "n't"), the retweet marker, mentions
# and their runs (across a dropped "rt" too), trailing and inner apostrophes, masks, emoji,
# underscores, links, entities, and the characters normalisation may leave or fold.
PIECES = [
    "i", "you", "hate", "them", "not", "no", "nor", "never", "don't", "can't'", "dont", "cannot",
    "rt", "RT", "rt'", "@bob", "@x_1", "@", "'", "kids'", "it's", "''", "o'", "f*ck", "*",
    ".", ",", "!", "?", '"', "“", "”", "’", "_", "a_", "😀", "☀", "➀", "🏻", "&amp;",
    "http://t.co/x", "www.x.ca", "é", "ß", "日本", "٣", "²", "\u00a0", "\u200b", "\u200d",
    "\n", "\n\n", "soooo", "nooooo", "2024", "1st",
    # what the negation loop tells apart: subjects, quantifiers, questions, comparisons,
    # conjunctions that end a denial, "but", and the second person (also as a word's tail)
    "they", "we", "he", "none", "nobody", "neither", "without", "why", "what's", "better",
    "more", "but", "and", "because", "if", "so", "your", "y'all", "ur", "aya", "kur", "animals",
    "stupid", "idiots", "scum", "trash", "care", "deserve", "shit", "~", "!", ":", ";", "(",
]  # fmt: skip
TEXTS = st.lists(
    st.tuples(st.sampled_from(PIECES), st.sampled_from(["", " ", "  ", "\n", "\u00a0"])),
    max_size=40,
).map(lambda parts: "".join(a + b for a, b in parts))
EDGY = st.text(
    alphabet=st.one_of(
        st.sampled_from("ab1é_*'@.,;:!?()[]\"#-/&$ \n\x00\u00a0\u2019\u200b😀☀➀❶🏻ß٣²日"),
        st.characters(),
    ),
    max_size=60,
)


def _general(text: str) -> list[str]:
    """The plain reading by `_read`'s loop (the fast path switched off)."""
    compiled, fast = _ngrams._C, _ngrams._plain_pure
    _ngrams._C = None
    _ngrams._plain_pure = lambda s: None  # type: ignore[assignment]
    try:
        return tokens(normalise(text))
    finally:
        _ngrams._C, _ngrams._plain_pure = compiled, fast  # type: ignore[assignment]


def _check(text: str) -> None:
    assert _ngrams._PLAIN_C is not None
    for s in (text, normalise(text).text):
        assert _ngrams._PLAIN_C(s, _NEGATIONS, MENTION) == _plain_pure(s)
    # Where the fast path answers, it is what the loop reads, with denial or without.
    nt = normalise(text)
    fast = _plain_pure(nt.text)
    if fast is not None and not nt.elongated and "&" not in nt.text and "/" not in nt.text:
        assert fast == _general(text)
        model = load_offensive_model()
        plain, denied = readings(nt, offensive=model.leans_offensive)
        assert plain == denied == fast


def _pure_readings(
    nt_text: str, keep: frozenset[str], offensive: Callable[[str], bool] | None
) -> tuple[list[str], list[str]]:
    """`readings` with the extension switched off (`_C` None: the pure loop)."""
    compiled = _ngrams._C
    _ngrams._C = None
    try:
        return readings(normalise(nt_text), keep=keep, offensive=offensive)
    finally:
        _ngrams._C = compiled


def _check_scopes(text: str, keep: frozenset[str]) -> None:
    model = load_offensive_model()
    nt = normalise(text)
    for offensive in (model.leans_offensive, None):
        got = readings(nt, keep=keep, offensive=offensive)
        assert got == _pure_readings(text, keep, offensive)
        assert (got[1] is got[0]) == (got[1] == got[0])  # a copy only where something is denied
    assert tokens(nt) == _pure_readings(text, keep, None)[0]


@needs_c
@settings(max_examples=400, deadline=None)
@given(st.one_of(TEXTS, EDGY))
def test_plain_tokens_in_c_are_the_pure_plain_reading(text: str) -> None:
    _check(text)


@needs_c
@settings(max_examples=400, deadline=None)
@given(
    st.one_of(TEXTS, EDGY),
    st.frozensets(st.sampled_from(["shit", "scum", "stupid", "you", "f*ck", "a"]), max_size=3),
)
def test_negation_scopes_in_c_are_the_pure_loop(text: str, keep: frozenset[str]) -> None:
    _check_scopes(text, keep)


@needs_c
def test_both_readings_on_the_labelled_posts() -> None:
    texts = labelled_texts()
    assert texts
    for text in texts:
        _check(text)
        _check_scopes(text, frozenset({"shit", "damn"}))


def test_a_negation_leaves_the_fast_path() -> None:
    for s in ("i do not know", "they don't care", "nobody said it", "we can't'"):
        assert _plain_pure(s) is None
        if _ngrams._PLAIN_C is not None:
            assert _ngrams._PLAIN_C(s, _NEGATIONS, MENTION) is None


def test_the_fast_path_folds_mentions_and_drops_the_retweet_marker() -> None:
    s = "rt @a rt @b: thanks kids' @c great work"
    want = [MENTION, "thanks", "kids", MENTION, "great", "work"]
    assert _plain_pure(s) == want
    if _ngrams._PLAIN_C is not None:
        assert _ngrams._PLAIN_C(s, _NEGATIONS, MENTION) == want
