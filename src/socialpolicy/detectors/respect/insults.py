"""Name-calling: identity slurs, and insults aimed at a person or group.

A slur counts wherever the author uses it. An insult noun (`insults`) counts when it is
aimed (see `aim`); an insult adjective (`insult_adjectives`) only when said to "you", alone
as a reply, or of a protected group, never of a thing ("a stupid rule").
"""

from __future__ import annotations

from collections.abc import Iterator

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect.aim import Aim, FieldView
from socialpolicy.detectors.respect.lexicons import INSULT_ADJECTIVES, INSULTS, PROTECTED_GROUPS

__all__ = ["insults", "slurs"]


def slurs(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """Slurs: any use in the author's own words."""
    for m in found:
        if f.layout.not_own(m):
            yield f.hit("respect.quoted", m)
            continue
        f.aimed(m)
        yield f.hit("respect.slur", m)
        yield f.target(m, f.aim(m) is not Aim.YOU)


def insults(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """Insults: nouns by the full targeting grammar, adjectives only when addressed."""
    for m in found:
        if m.lexicon_id == INSULTS and f.layout.not_own(m):
            yield f.hit("respect.quoted", m)  # "someone called me a moron"
            continue
        aim = f.aim(m)
        if m.lexicon_id == INSULT_ADJECTIVES:
            # Said to "you", alone as a reply, or of a protected group ("women are
            # disgusting"); never of a thing ("a stupid rule").
            aimed = (
                aim is Aim.YOU
                or (f.is_reply and f.vocative(m, opening=True))
                or (aim is Aim.PREDICATE and f.group_before(m))
            )
        else:
            aimed = (
                aim in (Aim.YOU, Aim.PREDICATE, Aim.DEMONSTRATIVE)
                or f.vocative(m, opening=f.is_reply)
                or (f.is_reply and f.opens_sentence(m))
            )  # "Stfu and read it."
        if not aimed:
            continue
        if f.layout.not_own(m) or (aim is not Aim.YOU and f.crime_context(m)):
            yield f.hit("respect.quoted", m)
            continue
        f.aimed(m)
        yield f.hit("respect.insult_at_person", m)
        group = f.sentence_has(PROTECTED_GROUPS, m)
        if group:
            f.group_attack = True
            yield f.hit("respect.identity_attack", m)
        yield f.target(m, group)
