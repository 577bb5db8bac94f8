"""Strong swearing (`profanity`): at someone ("f*ck you", "f off") it is an insult;
otherwise it counts unless an aimed finding in its sentence already accounts for it."""

from __future__ import annotations

from collections.abc import Iterator

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect.aim import FieldView
from socialpolicy.detectors.respect.grammar import SWEAR_AT

__all__ = ["swearing"]


def swearing(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    for m in found:
        if f.layout.not_own(m, denial=False):
            yield f.hit("respect.quoted", m)
            continue
        if f.sentence_of(m.start) in f.aimed_sentences:
            continue
        if SWEAR_AT.match(f.text, m.end):
            f.aimed(m)
            yield f.hit("respect.insult_at_person", m)
            yield f.target(m, False)
            continue
        yield f.hit("respect.profanity", m)
