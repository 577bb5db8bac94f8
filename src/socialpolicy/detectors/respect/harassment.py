"""Harassment short of violence: pursuing a person, or letting them know they are watched.

A harassment phrase (`harassment`: "I'll keep asking every day until ...", "I know where you
work", "you've been warned") counts when aimed at someone: in a reply, at an @mention in
its sentence, or in a post that opens with an @mention. In a post to everyone its "you" is
generic ("Speed checks on Main St all week. You have been warned."), so it aims at no one.
Threats of violence are `respect.threat`.

A pile-on (`pile_on`: "anyone who wants to tell her off", "let her know what you think") counts
when the post also gives readers a way to reach the person (`pile_on_contact`: "his number",
"her handle"; a phone number; an @mention): the author sends others at someone.
"""

from __future__ import annotations

from collections.abc import Iterator

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect.aim import FieldView

__all__ = ["harassment", "pile_on"]

PHONE_DIGITS = 7  # digits in a post that give a phone number to call


def harassment(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """Harassment phrases aimed at someone: in a reply, at an @mention in their sentence, or
    anywhere in a post that opens with an @mention ("@kel still waiting. I'll ask again
    tomorrow."): such a post is said to that person throughout."""
    for m in found:
        if not (f.is_reply or f.sentence_has_mention(m) or f.to_someone()):
            continue
        if f.layout.not_own(m):
            yield f.hit("respect.quoted", m)
            continue
        yield f.hit("respect.harassment", m)
        yield f.target(m, False)


def pile_on(
    f: FieldView, invitations: list[LexiconMatch], contacts: list[LexiconMatch]
) -> Iterator[Hit]:
    """Readers sent at a person the post gives a way to reach."""
    if not invitations:
        return
    reachable = bool(contacts) or "@" in f.text or sum(c.isdigit() for c in f.text) >= PHONE_DIGITS
    if not reachable:
        return
    for m in invitations:
        if f.layout.not_own(m):
            continue
        yield f.hit("respect.harassment", m)
        yield f.target(m, False)
        return
