"""The offensive detector's cheap test for a quotation (`_may_quote`) never says no where the
quotation pattern finds one, on generated text and on the labelled development posts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from _gate_posts import labelled_texts
from socialpolicy.detectors.offensive import _may_quote
from socialpolicy.detectors.respect.speech import _QUOTED, SpeechLayout
from socialpolicy.normalise import normalise

# Apostrophes inside, before and after words (also after "_", digits and other apostrophes),
# the other quotation marks, and the characters normalisation folds into them.
TEXTS = st.lists(
    st.sampled_from(
        [
            "it's",
            "we're",
            "kids'",
            "'",
            "''",
            "'hi'",
            "_'",
            "2'",
            "é'",
            "日'",
            '"',
            "«",
            "»",
            "“",
            "”",
            "‘",
            "’",
            " ",
            "\n",
            "\u00a0",
            "word",
            "a",
            "😀",
        ]
    ),  # fmt: skip
    max_size=30,
).map("".join)


def _agrees(text: str) -> None:
    for s in (text, normalise(text).text):
        if not _may_quote(s):
            assert _QUOTED.search(s) is None


@settings(max_examples=500, deadline=None)
@given(st.one_of(TEXTS, st.text(max_size=80)))
def test_no_quotation_where_the_cheap_test_says_none(text: str) -> None:
    _agrees(text)


def test_on_the_labelled_posts() -> None:
    for text in labelled_texts():
        _agrees(text)


def test_apostrophes_inside_words_are_no_quotation() -> None:
    assert not _may_quote("it's the kids' day, we're here")
    assert _may_quote("he said 'no' twice")
    assert _may_quote('a "quoted" word')


@settings(max_examples=300, deadline=None)
@given(st.one_of(TEXTS, st.text(max_size=80)))
def test_the_layout_finds_every_quotation_behind_the_cheap_test(text: str) -> None:
    nt = normalise(text)
    layout = SpeechLayout.build(nt, ())
    assert layout.quotes == tuple(m.span() for m in _QUOTED.finditer(nt.text))
