"""The identity field's whole-text patterns skip to where they can match (issue 13).

A long post opens the identity detector's gates (a name, a digit) that most short posts of
the same words leave shut; behind them its unit-number and abbreviation patterns read the
whole field. Led by a word and `\\b`, they were tried at every position (165 and 130 ns per
character of a long post); now the unit numbers are tried only just before digits (counted)
and the abbreviation periods are found from the periods (the same text, by property).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _counted import CountedPattern
from socialpolicy.detectors.identity import field as field_module
from socialpolicy.normalise import normalise

# The abbreviation pattern as it was, led by the word: the reference for the period-led one.
_UP = field_module._UP  # noqa: SLF001
OLD_ABBREVIATION = re.compile(
    r"\b(?:Mr|Mrs|Ms|Mx|Dr|St|Ste|Cst|Const|Sgt|Det|Insp|Supt|PC|DC|Jr|Sr|No|Ave|Rd|Blvd)\."
    rf"|(?<![\w.])[{_UP}]\."
)

PIECES = st.sampled_from(
    [
        "Mr", "Mrs", "Ms", "Ste", "St", "Const", "Insp", "Blvd", "No", "no", "J", "É", "a", "x",
        ".", ". ", " ", "  ", "\n", "#", "4", "42", "3B", "12b", "unit", "Unit ", "apt", "apt ",
        "apartment", "neighbours", "neighbour", "from", " in ", "in", "at", "number ", "no. ",
        "#3", "pm", " am", "%", "km", "k", "m", "years", "'", "-", "\u0663", "\u212a",
    ]
)  # fmt: skip


@settings(max_examples=4000, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_locators_are_what_finditer_finds(raw: str) -> None:
    expected = [m.span() for m in field_module.LOCATOR.finditer(raw)]
    assert field_module.locators_in(raw) == expected


@settings(max_examples=4000, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_abbreviation_periods_are_blanked_as_before(raw: str) -> None:
    old = OLD_ABBREVIATION.sub(lambda m: m.group()[:-1] + " ", raw)
    assert field_module._ABBREVIATION_PERIOD.sub(" ", raw) == old  # noqa: SLF001


def test_unit_numbers_are_tried_only_before_digits(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = "Officers spoke with Maria Lopez about the break-in at unit 4B. " + (
        "Neighbours say the street has been quiet and safe for a long while now. " * 400
    )
    counted = CountedPattern(field_module.LOCATOR)
    monkeypatch.setattr(field_module, "LOCATOR", counted)
    at = raw.index("unit 4B")
    assert field_module.Field("text", normalise(raw), {}).locators() == [(at, at + 7)]
    # One run of digits: the positions within reach before it, not the whole text.
    assert counted.tried <= 18, f"tried at {counted.tried} positions of {len(raw)}"
