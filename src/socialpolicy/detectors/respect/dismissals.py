"""Rude or mocking dismissals of a person (`dismissive`: "nobody asked", "ok boomer";
`sarcastic_epithets` as a form of address: ", genius."), when addressed to someone."""

from __future__ import annotations

from collections.abc import Iterator

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect.aim import FieldView
from socialpolicy.detectors.respect.lexicons import TARGET_PHRASES

__all__ = ["dismissals"]


def dismissals(
    f: FieldView, dismissive: list[LexiconMatch], epithets: list[LexiconMatch]
) -> Iterator[Hit]:
    found = [
        m
        for m in dismissive
        if f.is_reply or f.sentence_has_you(m) or f.sentence_has(TARGET_PHRASES, m)
    ]
    found += [m for m in epithets if f.vocative(m, opening=f.is_reply)]
    for m in found:
        if f.layout.not_own(m):
            yield f.hit("respect.quoted", m)
            continue
        yield f.hit("respect.dismissive", m)
        yield f.target(m, False)
