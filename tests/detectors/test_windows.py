"""Sentence windows over lexicon matches (`detectors/_windows.py`): the lookups that ask only
the matches near a position agree with asking every match."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from socialpolicy.detectors._windows import (
    Sentences,
    any_in_sentence,
    in_sentence,
    near,
    nearest,
    nearest_in_sentence,
    one_line,
)
from socialpolicy.detectors.matching import LexiconMatch

_SPANS = st.lists(st.tuples(st.integers(0, 80), st.integers(1, 6)), max_size=30)


def _pool(spans: list[tuple[int, int]], ordered: bool, length: int) -> list[LexiconMatch]:
    """Matches lying in a text of `length` characters, in text order or not."""
    spans = [(a % length, n) for a, n in spans]
    pool = [LexiconMatch("x", "t" * n, a, min(a + n, length)) for a, n in spans]
    return sorted(pool, key=lambda m: (m.start, m.end)) if ordered else pool


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab .", min_size=1, max_size=90),
    _SPANS,
    st.booleans(),
    st.integers(0, 85),
    st.integers(1, 5),
    st.integers(0, 30),
)
def test_lookups_near_a_match_agree_with_asking_every_match(
    text: str,
    spans: list[tuple[int, int]],
    ordered: bool,
    at: int,
    width: int,
    window: int,
) -> None:
    sents = Sentences(text)
    pool = _pool(spans, ordered, len(text))
    m = LexiconMatch("y", "t" * width, at, at + width)
    for index in range(-1, len(text) // 2 + 2):
        every = in_sentence(pool, sents, index)
        assert nearest_in_sentence(pool, sents, index, m, window) is nearest(every, m, window)
        assert any_in_sentence(pool, sents, index) == bool(every)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 90), _SPANS, st.booleans(), st.integers(0, 85), st.integers(1, 8))
def test_no_overlap_near_a_span_is_no_overlap_at_all(
    length: int, spans: list[tuple[int, int]], ordered: bool, at: int, width: int
) -> None:
    """Whether a span overlaps none of a pool, asked of the matches `near` it only (as the
    political detector asks of each campaign word), is the answer over the whole pool."""
    pool = _pool(spans, ordered, length)
    a, b = at, at + width

    def apart(p: LexiconMatch) -> bool:
        return b <= p.start or a >= p.end

    assert all(apart(p) for p in near(pool, a, b)) == all(apart(p) for p in pool)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 90),
    _SPANS,
    st.booleans(),
    st.integers(0, 85),
    st.integers(1, 8),
    st.integers(0, 30),
)
def test_the_nearest_apart_among_the_matches_near_is_the_nearest_apart(
    length: int, spans: list[tuple[int, int]], ordered: bool, at: int, width: int, window: int
) -> None:
    """The nearest match not overlapping `m`, looked for among the matches `near` it (as
    the political detector's partisan backing asks), is the one found among them all."""
    pool = _pool(spans, ordered, length)
    m = LexiconMatch("y", "t" * width, at, at + width)

    def apart(p: LexiconMatch) -> bool:
        return p.end <= m.start or p.start >= m.end

    close = near(pool, m.start - window, m.end + window)
    got = nearest([p for p in close if apart(p)], m, window)
    assert got is nearest([p for p in pool if apart(p)], m, window)


@given(st.text(alphabet=st.sampled_from(list("ab \n\r\t\f\v\u00a0\u2028é🙂.")), max_size=80))
def test_one_line_blanks_ascii_controls_as_a_translate_table_did(text: str) -> None:
    assert one_line(text) == text.translate(str.maketrans("\n\r\t\f\v", "     "))
