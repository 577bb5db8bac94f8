"""Othering: speaking of residents as a type set apart, without an insult.

An othering phrase (`othering`: "you people", "people like you", "your kind", "those people
always ...", "typical of them") in the author's own words, not negated, sets people apart as a
kind: intolerant (Toronto) and discriminating (Edmonton 3b) even when no word is rude.
"""

from __future__ import annotations

from collections.abc import Iterator

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect.aim import FieldView
from socialpolicy.detectors.respect.grammar import NEG

__all__ = ["othering"]


def othering(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    for m in found:
        if any(w in NEG for w in f.words_before(m)[-3:]):
            continue  # "not all of you people ..." is not a stereotype
        if f.layout.not_own(m) or f.answers_criminal_view():
            yield f.hit("respect.quoted", m)
            continue
        yield f.hit("respect.othering", m)
        yield f.target(m, True)
