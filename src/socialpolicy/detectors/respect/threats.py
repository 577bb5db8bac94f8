"""Threats and wishes of violence (`violent_wishes`) aimed at a person or group.

Not negated ("no one deserves to die"), not quoted or reported, and not in a sentence that
names a crime: "a man who threatened to kill his neighbour" reports one.
"""

from __future__ import annotations

from collections.abc import Iterator

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect.aim import FieldView
from socialpolicy.detectors.respect.grammar import NEG

__all__ = ["threats"]


def threats(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    for m in found:
        if not (f.is_reply or f.about_people(m)):
            continue
        if any(w in NEG for w in f.words_before(m)):
            continue  # "no one deserves to die"
        if f.layout.not_own(m) or f.crime_context(m):
            yield f.hit("respect.quoted", m)
            continue
        f.aimed(m)
        yield f.hit("respect.threat", m)
        yield f.target(m, not f.sentence_has_you(m))
