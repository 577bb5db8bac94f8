"""Identity attacks: people spoken of as vermin, told they do not belong, wished gone, hated.

- a dehumanising word (`dehumanising`: "they are vermin") said of people;
- an exclusion phrase (`exclusion_phrases`: "go back where you came from") aimed at someone;
- an eliminationist phrase (`eliminationist`: "round them up") about a named group, or next
  to another attack on a group;
- hatred of a protected group (`hostility` followed by a `protected_groups` term: "I hate
  immigrants").
"""

from __future__ import annotations

from collections.abc import Iterator

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect.aim import Aim, FieldView
from socialpolicy.detectors.respect.grammar import YOU_REACH
from socialpolicy.detectors.respect.lexicons import GROUP_REFERENTS, PROTECTED_GROUPS

__all__ = ["dehumanising", "eliminationist", "exclusion", "hostility"]


def dehumanising(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """Dehumanising words said of people."""
    for m in found:
        aim = f.aim(m)
        if aim in (Aim.SELF, Aim.NEGATED) or not f.about_people(m):
            continue
        named_group = f.sentence_has(PROTECTED_GROUPS, m)
        if not (named_group or aim in (Aim.YOU, Aim.PREDICATE)):
            continue
        if f.layout.not_own(m) or (not named_group and f.crime_context(m)):
            yield f.hit("respect.quoted", m)
            continue
        f.group_attack = True
        f.aimed(m)
        yield f.hit("respect.identity_attack", m)
        yield f.target(m, aim is not Aim.YOU or named_group)


def exclusion(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """Exclusion phrases aimed at someone or at a group."""
    for m in found:
        s_start, _ = f.layout.sentence(m.start)
        # A protected group alone does not aim it: "newcomers can learn English at the
        # library" is a service, not an exclusion.
        # "you" before or inside the phrase: "if you refuse to learn English";
        # not "weapons are not welcome here, you'll be searched".
        addressed = (
            f.layout.has_you(max(s_start, m.start - YOU_REACH), m.end)
            or f.is_reply
            or f.sentence_has(GROUP_REFERENTS, m)
            or f.opens_sentence(m)
            or f.obliged_group(m)
        )
        if not addressed:
            continue
        if f.layout.not_own(m):
            yield f.hit("respect.quoted", m)
            continue
        f.group_attack = True
        f.aimed(m)
        yield f.hit("respect.identity_attack", m)
        yield f.target(m, True)


def eliminationist(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """Calls to get rid of people: only about a named group, or next to another attack."""
    for m in found:
        if not (f.group_attack or f.sentence_has(PROTECTED_GROUPS, m)):
            continue
        if f.layout.not_own(m):
            yield f.hit("respect.quoted", m)
            continue
        f.aimed(m)
        yield f.hit("respect.identity_attack", m)
        yield f.target(m, True)


def hostility(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """Hatred of a protected group: "I hate immigrants", "sick of all these refugees"."""
    for m in found:
        if f.group_after(m) is None:
            continue
        if f.layout.not_own(m):
            yield f.hit("respect.quoted", m)
            continue
        f.aimed(m)
        yield f.hit("respect.identity_attack", m)
        yield f.target(m, True)
