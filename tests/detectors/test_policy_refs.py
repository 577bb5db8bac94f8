"""References to a Service policy, procedure or decision (`policy_refs`): whose matter it is.
Wording written for these tests."""

from __future__ import annotations

import pytest

from socialpolicy.detectors.policy_refs import BARE, IMPLIED, references

from .test_policy_comment import ctx_for


def best(text: str) -> int | None:
    ctx = ctx_for(text)
    refs = references(ctx.normalised("text", text), ctx.grouped("text", text))
    return max((r.strength for r in refs), default=None)


@pytest.mark.parametrize(
    ("text", "strength"),
    [
        # another owner in the next sentence does not own the roster
        ("The new roster starts Monday. My kids are not amused.", IMPLIED),
        # ... but in the reference's own sentence it does
        ("My kids' school has a new roster for pickup.", None),
        # a practice of another body, named with "how they handle"
        ("My insurer changed how they handle claims.", None),
        # the same practice at work is a reference
        ("They changed how they handle found property.", IMPLIED),
        # a practice named with "they" and nothing tying it: bare
        ("The way they pick who gets the courses.", BARE),
    ],
)
def test_whose_matter(text: str, strength: int | None) -> None:
    assert best(text) == strength, text
