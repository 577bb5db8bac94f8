"""Normalising a long post tries its markup patterns only where a marker is (issue 13).

`_INNER` leads with a letter and the emphasis patterns with a lookbehind, so `finditer` tried
them at every position of the text: one ellipsis, emoji or asterisk in a long post (which
short posts of the same words mostly lack) cost a pass over all its letters. Counted: the
start positions each pattern is tried at, not time.
"""

from __future__ import annotations

import gc
import re
import sys
from collections.abc import Callable, Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import socialpolicy.normalise as normalise_module
from _counted import CountedPattern
from socialpolicy.normalise import normalise, plain

# An emoji right after a word (a symbol after a letter: `_INNER`'s hint), a lone asterisk
# after a space (an emphasis marker that may open one), in 30k characters of plain words.
LONG = (
    "Update\U0001f6a8 road closed * see the f*ck "
    + "officers closed the road near the park_lane exit today " * 550
)


@pytest.mark.parametrize("name", ["_INNER", "_EMPHASIS"])
def test_normalise_tries_markup_only_at_markers(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    counted = CountedPattern(getattr(normalise_module, name))
    monkeypatch.setattr(normalise_module, name, counted)
    normalise(LONG)
    assert counted.tried <= 5, f"{name} tried at {counted.tried} positions of {len(LONG)}"


def test_plain_tries_emphasis_only_at_markers(monkeypatch: pytest.MonkeyPatch) -> None:
    counted = CountedPattern(normalise_module._EMPHASIS_LETTERS)  # noqa: SLF001
    monkeypatch.setattr(normalise_module, "_EMPHASIS_LETTERS", counted)
    plain(LONG)
    assert counted.tried <= 5, f"tried at {counted.tried} positions of {len(LONG)}"


MARKUP = "ab\u00e9\u2026\U0001f92c\u2022|+^`~*_<>\n 1.'Z"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=MARKUP, max_size=40))
def test_the_markers_find_what_finditer_finds(s: str) -> None:
    def spans(found: Iterator[re.Match[str]]) -> list[tuple[int, int]]:
        return [m.span() for m in found]

    inner = normalise_module._INNER  # noqa: SLF001
    assert spans(normalise_module._inner_symbols(s)) == spans(inner.finditer(s))  # noqa: SLF001
    for pattern in (normalise_module._EMPHASIS, normalise_module._EMPHASIS_LETTERS):  # noqa: SLF001
        assert spans(normalise_module._emphases(pattern, s)) == spans(pattern.finditer(s))  # noqa: SLF001


def _blocks_held(make: Callable[[], object]) -> int:
    """Memory blocks still allocated after `make()`, its result held (integers are blocks)."""
    gc.collect()
    before = sys.getallocatedblocks()
    kept = make()
    gc.collect()
    after = sys.getallocatedblocks()
    del kept
    return after - before


@pytest.mark.parametrize("view", [normalise, plain])
def test_a_long_offset_map_makes_no_integer_per_character(view: Callable[[str], object]) -> None:
    """One character to map (a zero-width space: dropped) sends a long post down the path
    that builds offset maps; they were built from `range`, one new integer per character
    (30,000 here, kept by the map), while a short post without one keeps the identity."""
    text = "Officers closed the road near the park today. " * 650 + "\u200b done"
    view(text)  # the shared positions grown to this length once
    held = _blocks_held(lambda: view(text))
    assert held < len(text) // 10, f"{held} blocks held for {len(text)} characters"
