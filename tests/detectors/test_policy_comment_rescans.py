"""The policy-comment detector's checks per match read only the span they ask about
(docs/performance.md, "Session 9: detspeed"): `_ends_with` and `_Quotes` must answer what the
slicing and counting they replace answered, on any text and span."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from socialpolicy.detectors.policy_comment import _ends_with, _Quotes

# Quotes, question marks, ellipses and the white space `rstrip` removes, among letters.
marked = st.lists(
    st.sampled_from(
        [
            '"',
            "?",
            "...",
            "\u2026",
            " ",
            "\n",
            "\t",
            "\u00a0",
            "\u2003",
            "\u200b",
            "a",
            "bc",
            "\u201c",
            "\u201d",
            "'",
            "😂",
            "7",
            ".",
            "!",
        ]
    ),  # fmt: skip
    max_size=24,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(marked, st.text(max_size=40)), st.integers(0, 45), st.integers(0, 45))
@example("why? ", 0, 5)
@example("wait...\u00a0 ", 0, 10)
@example("   ", 0, 3)
def test_ends_with_is_rstrip_endswith(text: str, a: int, b: int) -> None:
    lo, hi = min(a, b, len(text)), min(max(a, b), len(text))
    for suffix in ("?", ("...", "\u2026")):
        assert _ends_with(text, lo, hi, suffix) is text[lo:hi].rstrip().endswith(suffix)


@settings(max_examples=400, deadline=None)
@given(st.one_of(marked, st.text(max_size=40)), st.lists(st.integers(0, 45), max_size=6))
def test_quotes_odd_is_count(text: str, points: list[int]) -> None:
    quotes = _Quotes(text)
    for a in points:
        for b in points:
            lo, hi = min(a, b, len(text)), min(max(a, b), len(text))
            assert quotes.odd(lo, hi) is (text.count('"', lo, hi) % 2 == 1)


def test_irony_pass_on_a_field_without_hits_is_empty() -> None:
    """`_unironic` returns at once when the field gave no hit (the common case), even in a
    field with every mark of irony: there is nothing to turn around."""
    from socialpolicy.detectors.policy_comment import IRONY_EMOJI, SARCASM_CUES, _unironic
    from socialpolicy.normalise import normalise

    nt = normalise("Nothing says teamwork like a memo 🙃 /s")
    g = {k: [] for k in (SARCASM_CUES, *IRONY_EMOJI)}
    assert _unironic(iter(()), nt, g) == []
