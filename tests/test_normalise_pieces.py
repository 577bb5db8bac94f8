"""A long text is normalised in pieces, each taking the fast path or not on its own (issue 13).

One character that needs the general path (an ellipsis, a variation selector), or one step
that changes the length (a tag, a spaced-out word), anywhere in a 100k post sent all of it
through that path: per-character Python work that short posts of the same words mostly skip.
Counted: the characters the general path and the length steps' edits are given, not time. And the
pieces joined are the text normalised whole, on arbitrary text.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialpolicy.normalise as normalise_module
from socialpolicy.normalise import NormalisedText, normalise, plain

WORDS = "Officers closed the road near the park today and asked drivers to avoid it. "


def _one_special(n: int) -> str:
    """`n` words' worth of plain sentences with an ellipsis and a variation selector near the
    start, a spaced-out word and a tag near the end."""
    body = WORDS * n
    return "Update\u2026 heads up \u2764\ufe0f " + body + " f u c k <b>this</b> end"


class _Counting:
    """Wraps a function of a text, summing the length of the texts it is given."""

    def __init__(self, fn: Callable[..., NormalisedText]) -> None:
        self.fn = fn
        self.chars = 0

    def __call__(self, raw: str, *rest: object) -> NormalisedText:
        self.chars += len(raw)
        return self.fn(raw, *rest)


@pytest.mark.parametrize("pure", [False, True])
def test_the_general_path_reads_only_the_pieces_that_need_it(
    monkeypatch: pytest.MonkeyPatch, pure: bool
) -> None:
    if pure:
        monkeypatch.setattr(normalise_module, "_C_FOLD", None)
    read: dict[int, int] = {}
    for n in (150, 1500):  # about 12k and 115k characters
        general = _Counting(normalise_module._general)  # noqa: SLF001
        steps = _Counting(normalise_module._apply_edits)  # type: ignore[arg-type]  # noqa: SLF001
        monkeypatch.setattr(normalise_module, "_general", general)
        monkeypatch.setattr(normalise_module, "_apply_edits", steps)
        normalise(_one_special(n))
        read[n] = general.chars + steps.chars
    # The same few special characters at both lengths: the same few pieces read (the whole
    # text, twice over, before).
    assert read[1500] <= read[150] + 1000, read
    assert read[1500] < 20_000, read


def test_plain_reads_only_the_pieces_that_need_it(monkeypatch: pytest.MonkeyPatch) -> None:
    read: dict[int, int] = {}
    for n in (150, 1500):
        # `lookalikes` is where `plain`'s slow path begins (after NFKC of each special).
        slow = _Counting(normalise_module.lookalikes)  # type: ignore[arg-type]
        monkeypatch.setattr(normalise_module, "lookalikes", slow)
        plain(_one_special(n))
        read[n] = slow.chars
    assert read[1500] <= read[150] + 1000, read
    assert read[1500] < 20_000, read


def test_a_long_text_is_cut_only_where_no_step_reaches_across() -> None:
    text = _one_special(300)
    cuts = normalise_module._cuts(text)  # noqa: SLF001
    assert len(cuts) >= len(text) // (2 * normalise_module._PIECE)  # noqa: SLF001
    for c in cuts:
        assert text[c - 1] == " " and text[c - 3 : c - 1].isalpha() and text[c : c + 2].isalpha()
        quiet = text[max(0, c - normalise_module._QUIET - 1) : c + normalise_module._QUIET]  # noqa: SLF001
        assert not set(quiet) & set("<>*_~")
    # markup everywhere: no cut, the text is read whole
    assert normalise_module._cuts("<b>bold</b> words " * 2000) == []  # noqa: SLF001


# Fragments that make every step work: markup, emphasis, spaced and elongated words, leet,
# lookalikes, invisibles, whitespace runs, emoji between words, ellipses, combining marks.
FRAGMENTS = st.sampled_from(
    [
        WORDS,
        WORDS * 8,
        "<b>bold</b> ",
        "<p>para</p>",
        "*soft* ",
        "_under_ ",
        "~str~ ",
        "f u c k ",
        "a.b.c.d ",
        "soooo goooood ",
        "d0nate n00b $hit sh!t ",
        "\u0456diot \u041c\u0430in St ",
        "Jay\u200bden ",
        "  \n\t  ",
        "you\U0001f44fare\U0001f44fwrong ",
        "wait\u2026 ",
        "cafe\u0301 ",
        "\u2764\ufe0f ",
        "\uff14\uff11\uff16 555 0199 ",
        "media@example.org ",
        "x",
        " ",
    ]
)
LONG_TEXTS = st.lists(FRAGMENTS, min_size=1, max_size=160).map("".join)


@settings(max_examples=150, deadline=None)
@given(LONG_TEXTS)
def test_the_pieces_joined_are_the_text_read_whole(text: str) -> None:
    assert normalise(text) == normalise_module._normalise_one(text)  # noqa: SLF001
    assert plain(text) == normalise_module._plain_one(text)  # noqa: SLF001


@settings(max_examples=60, deadline=None)
@given(LONG_TEXTS)
def test_the_pieces_joined_are_the_text_read_whole_in_python(text: str) -> None:
    whole = normalise_module._normalise_pure(text)  # noqa: SLF001
    fast = normalise_module._C_FOLD  # noqa: SLF001
    try:
        normalise_module._C_FOLD = None  # noqa: SLF001
        assert normalise(text) == whole
    finally:
        normalise_module._C_FOLD = fast  # noqa: SLF001
