"""Othering: speaking of residents as a type set apart, without an insult.

An othering phrase (`othering`: "you people", "people like you", "your kind", "those people
always ...", "typical of them") in the author's own words, not negated, sets people apart as a
kind: intolerant (Toronto) and discriminating (Edmonton 3b) even when no word is rude.

So does a judgement of behaviour or worth (`group_judgements`: "have no respect for anyone",
"don't know how to behave", "bring crime") said of a group set apart: a group by origin,
religion, housing or drug use (`protected_groups`), a demonstrative group ("these people",
"those guys"), "people like that", or "they" standing for such a group (named after it in
apposition, or in the sentence before) or for people called names there ("Junkies on every
corner. They have zero respect for anyone."). The same words about one person or an act
("people who drive impaired can't be trusted with a licence") judge conduct, not a kind of
people.
"""

from __future__ import annotations

from collections.abc import Iterator

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect.aim import FieldView
from socialpolicy.detectors.respect.grammar import NEG, PRONOUNS, TOKEN
from socialpolicy.detectors.respect.lexicons import (
    GROUP_REFERENTS,
    INSULTS,
    OTHERING,
    PROTECTED_GROUPS,
)

__all__ = ["judgements", "othering"]

# The first word of a group referent that sets its people apart: "these people", "that lot".
_SET_APART = frozenset({"these", "those", "such", "you", "your", "their", "that", "this"})
# How many words may stand between the group and the judgement ("newcomers who moved here last
# year and still have no manners").
_MAX_GAP = 12


def othering(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    for m in found:
        if any(w in NEG for w in f.words_before(m)[-3:]):
            continue  # "not all of you people ..." is not a stereotype
        if f.layout.not_own(m) or f.answers_criminal_view():
            yield f.hit("respect.quoted", m)
            continue
        yield f.hit("respect.othering", m)
        yield f.target(m, True)


def judgements(f: FieldView, found: list[LexiconMatch]) -> Iterator[Hit]:
    """A judgement of behaviour or worth said of a group set apart."""
    for m in found:
        group = _group_before(f, m)
        if group is None:
            continue
        between = TOKEN.findall(f.text, group.end, m.start)
        before = TOKEN.findall(f.text, max(0, group.start - 20), group.start)[-2:]
        # A negation just before the judgement or the group denies it ("immigrants are not
        # a drain", "not all of those people ..."); one further back belongs to another verb
        # ("those people never clean up and have no respect").
        if len(between) > _MAX_GAP or any(w in NEG for w in between[-3:] + before):
            continue
        if f.layout.not_own(m) or f.answers_criminal_view():
            yield f.hit("respect.quoted", m)
            continue
        yield f.hit("respect.othering", m)
        yield f.target(m, True)


def _set_apart(f: FieldView, start: int, end: int) -> LexiconMatch | None:
    """The last group set apart within `[start, end)`: a protected group, a demonstrative
    group referent, or an othering phrase."""
    layout = f.layout
    best = None
    for g in layout.cues_in(PROTECTED_GROUPS, start, end):
        if not f.individual(g):  # "the woman we found" is one person
            best = g
    for c in layout.cues_in(GROUP_REFERENTS, start, end):
        words = c.term.split()
        if len(words) > 1 and words[0] in _SET_APART and (best is None or c.start > best.start):
            best = c
    for c in f.groups.get(OTHERING, ()):
        if start <= c.start and c.end <= end and (best is None or c.start > best.start):
            best = c
    return best


def _group_before(f: FieldView, m: LexiconMatch) -> LexiconMatch | None:
    s_start, _ = f.layout.sentence(m.start)
    group = _set_apart(f, s_start, m.start)
    if group is not None:
        return group
    # "they" standing for the group or the people named in the sentence before.
    pronoun = next(
        (c for c in f.layout.cues_in(GROUP_REFERENTS, s_start, m.start) if c.term in PRONOUNS),
        None,
    )
    if pronoun is None:
        return None
    # "They have no respect for anyone, the addicts.": the group named after, in apposition.
    _, s_end = f.layout.sentence(m.start)
    if _set_apart(f, m.end, s_end) is not None:
        return pronoun
    if s_start == 0:
        return None
    p_start, p_end = f.layout.sentence(s_start - 1)
    if _set_apart(f, p_start, p_end) is not None or any(
        p_start <= c.start and c.end <= p_end for c in f.groups.get(INSULTS, ())
    ):
        return pronoun
    return None
