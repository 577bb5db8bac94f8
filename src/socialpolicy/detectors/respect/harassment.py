"""Harassment short of violence: pursuing a person, or letting them know they are watched.

A harassment phrase (`harassment`: "I'll keep asking every day until ...", "I know where you
work", "you've been warned") counts when aimed at someone: in a reply, or at an @mention in
its sentence. In a post to everyone its "you" is generic ("Speed checks on Main St all week.
You have been warned."), so it aims at no one. Threats of violence are `respect.threat`.
"""

from __future__ import annotations

from collections.abc import Iterator

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect.aim import FieldView

__all__ = ["harassment"]


def harassment(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    for m in found:
        if not (f.is_reply or f.sentence_has_mention(m)):
            continue
        if f.layout.not_own(m):
            yield f.hit("respect.quoted", m)
            continue
        yield f.hit("respect.harassment", m)
        yield f.target(m, False)
