"""The sentence-boundary patterns of `_windows.Sentences` and `_sentences.Sentences`, rewritten
so that each branch opens with a character set, find the same boundaries as the patterns led
by a lookbehind that they replaced (kept here), on generated text and on the labelled posts."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from _gate_posts import labelled_texts
from socialpolicy.detectors._sentences import _SENT_END
from socialpolicy.detectors._windows import _BOUNDARY, Sentences
from socialpolicy.normalise import normalise

# The patterns before the rewrite (session 9), the references the new ones must agree with.
_OLD = re.compile(
    r"(?<![.!?\u2026])[.!?\u2026]++[\"')\]]*+(?= |$)| (?=\d{1,2}[).] )| (?=[\u2022*\-] )"
)
_OLD_SENT_END = re.compile(r"(?<![.!?])[.!?]++(?=[\s\"')\]]|$)")

# Runs of marks, closing quotes and brackets, numbered items, bullets, and the characters
# normalisation folds (typographic quotes, NBSP, zero-width, newlines, emoji, elongations).
_PIECES = [
    ".", "!", "?", "\u2026", "...", "?!", '"', "'", ")", "]", "(", " ", "  ", "\n",
    "\u00a0", "\u200b", "\u201c", "\u201d", "\u2019", "\u2022", "*", "-", "1", "4",
    "12", "123", "1)", "2.", "a", "word", "sooo", "\U0001f600", "Sgt.",
]  # fmt: skip
TEXTS = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


def _agrees(text: str) -> None:
    for s in (text, normalise(text).text):
        assert [m.span() for m in _BOUNDARY.finditer(s)] == [m.span() for m in _OLD.finditer(s)]
        new = [m.span() for m in _SENT_END.finditer(s)]
        assert new == [m.span() for m in _OLD_SENT_END.finditer(s)]


@settings(max_examples=500, deadline=None)
@given(st.one_of(TEXTS, st.text(max_size=80)))
def test_same_boundaries_as_the_pattern_it_replaced(text: str) -> None:
    _agrees(text)


def test_same_boundaries_on_the_labelled_posts() -> None:
    for text in labelled_texts():
        _agrees(text)


def test_boundaries_after_runs_of_marks_numbers_and_bullets() -> None:
    text = 'Stop!!! He said "go." Then 4) we left \u2022 done'
    sents = Sentences(text)
    assert sents.bounds(0) == (0, text.index("!!!") + 3)
    assert sents.bounds(1) == (text.index("!!!") + 3, text.index('."') + 2)
    assert sents.index(text.index("we")) == 3  # "Then" ends at the numbered item
    assert sents.index(text.index("done")) == 4  # the bullet opens a sentence
