"""Disowning the role: the member says that, for now, they are not police.

A post disowns the role when, in the author's own words, it

- uses a disowning phrase (`role_disowning`: "taking my badge off for this one", "as a
  private citizen", "off duty so ...");
- puts a role noun right after a negating opening (`role_negators` + `role_nouns`: "not
  speaking as" + "a TPS employee", "not wearing" + "my badge");
- negates a role noun for a time or for the person addressed (`role_nouns` after "not",
  then a `role_time` phrase: "not a cop today", "not police right now"; or "not your cop"),
  or next to being off duty (`role_off`, within a sentence or so either side: "off the clock
  = not a cop", "NOT the police when I'm off"), or with another role in its place ("as a
  dad, not a cop"): the role is claimed to be off, which a plain
  statement of fact ("I'm not a cop, I work in records") does not claim;
- claims to be a civilian for now (`role_civilian` after "I'm", with a `role_time` phrase or
  a claim of being off: "I'm a private citizen when I'm off", "just a regular guy today");
- distances the member from the duty the role carries (`role_distancing`: "I only work
  there", "the badge doesn't make me your babysitter", "not paid to deal with this");
- or claims licence from being off duty or speaking personally: a `role_state` phrase ("off
  the clock", "personal opinion") and a `role_licence` phrase ("I say what I want") in the
  same field.

A disclaimer alone ("views my own", "not speaking for the Service") is not disowning.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Mapping, Sequence
from itertools import islice

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect import dedupe
from socialpolicy.detectors.respect.grammar import TOKEN
from socialpolicy.detectors.role.lexicons import (
    CIVILIAN,
    DISOWNING,
    DISTANCING,
    LICENCE,
    NEGATORS,
    NOUNS,
    OFF,
    STATE,
    TIME,
)
from socialpolicy.detectors.role.view import RoleField

__all__ = ["disowning"]

_MAX_GAP = 1  # characters between a negator and its role noun: the single space
_NOT = frozenset({"not", "ain't", "aint"})
# Determiners between "not" and a bare role noun ("not your cop", "not the police").
_DETERMINERS = frozenset({"a", "an", "the", "your", "ur", "ya", "yer"})
_ADDRESSED = frozenset({"your", "ur", "ya", "yer"})
_I_AM = frozenset({"i'm", "im", "am"})
# Words after "civilian" that make it the member's job, not a claim: "a civilian member".
_STAFF = frozenset({"member", "members", "employee", "employees", "staff", "analyst", "worker"})
_TIME_REACH = 3  # words between a negated role noun and its time ("not a cop at all today")
_TIME_BEFORE = 40  # characters from a time phrase to the negation of the role after it
_OFF_REACH = 80  # characters between a negated role noun and the member being off duty
# "as a dad, not a cop", "here as a neighbour, not as police": another role put in place of
# the member's, just before the negated role noun.
# Possessive quantifiers: a run of spaces is read once (linear on any input).
_AS_OTHER = re.compile(
    r"\bas (?:a|an|your)\s++[\w'-]++(?:\s++[\w'-]++)?+\s*+[,;:-]?+\s*+(?:and\s++)?+$"
)


def disowning(f: RoleField, found: Mapping[str, Sequence[LexiconMatch]]) -> Iterator[Hit]:
    own = f.own
    for m in dedupe(own(found.get(DISOWNING, []))):
        yield Hit("role.disowning", (f.ev(m.start, m.end),))

    nouns = found.get(NOUNS, [])
    noun_starts = [r.start for r in nouns]  # in text order: each negator looks up its own
    for n in own(found.get(NEGATORS, [])):
        # The longest role noun starting right after the negator ("a TPS employee").
        best: LexiconMatch | None = None
        lo = bisect_right(noun_starts, n.end)
        hi = bisect_right(noun_starts, n.end + _MAX_GAP)
        for r in nouns[lo:hi]:
            if n.end < r.start <= n.end + _MAX_GAP and (best is None or r.end > best.end):
                best = r
        if best is not None:
            yield Hit("role.disowning", (f.ev(n.start, best.end),))

    yield from _negated_role(
        f, dedupe(own(list(nouns))), found.get(TIME, []), own(found.get(OFF, []))
    )
    off = bool(found.get(STATE)) or bool(found.get(LICENCE))
    yield from _civilian_claim(f, dedupe(own(found.get(CIVILIAN, []))), found.get(TIME, []), off)

    for m in dedupe(own(found.get(DISTANCING, []))):
        yield Hit("role.disowning", (f.ev(m.start, m.end),))

    states = own(found.get(STATE, []))
    licences = own(found.get(LICENCE, []))
    if states and licences:
        yield Hit(
            "role.disowning",
            (f.ev(states[0].start, states[0].end), f.ev(licences[0].start, licences[0].end)),
        )


def _civilian_claim(
    f: RoleField, civilians: list[LexiconMatch], times: Sequence[LexiconMatch], off: bool
) -> Iterator[Hit]:
    """ "I'm a private citizen when I'm off", "I'm just a regular guy today": the member
    claims to be a civilian for now. Said as a fact ("I'm a civilian member of TPS", "I'm a
    civilian, I work in records"), with no time and no claim of being off, it is not."""
    text = f.text
    time_starts = [t.start for t in times]
    for c in civilians:
        before = TOKEN.findall(text, max(0, c.start - 20), c.start)[-3:]
        if not any(w in _I_AM for w in before):
            continue
        after = TOKEN.findall(text, c.end, min(len(text), c.end + 20))[:1]
        if after and after[0] in _STAFF:
            continue  # "a civilian member", "a civilian employee"
        s_start, s_end = f.sentence(c.start)
        if off or bisect_left(time_starts, s_start) < bisect_left(time_starts, s_end):
            yield Hit("role.disowning", (f.ev(c.start, c.end),))


def _negated_role(
    f: RoleField,
    nouns: list[LexiconMatch],
    times: Sequence[LexiconMatch],
    offs: Sequence[LexiconMatch],
) -> Iterator[Hit]:
    """ "not (a|your|the) <role>" then a time ("today", "right now"), or "not your <role>",
    or next to the member being off duty ("off the clock = not a cop")."""
    text = f.text
    time_starts = [t.start for t in times]  # times and offs are in text order: looked up
    off_starts = [o.start for o in offs]  # around each noun, never scanned whole
    for r in nouns:
        before = TOKEN.findall(text, max(0, r.start - 16), r.start)[-2:]
        if not before:
            continue
        if before[-1] in _NOT:
            determiner = ""
        elif len(before) == 2 and before[0] in _NOT and before[1] in _DETERMINERS:
            determiner = before[1]
        else:
            continue
        start = text.rfind(before[0] if determiner else before[-1], 0, r.start)
        if determiner in _ADDRESSED or _AS_OTHER.search(text, max(0, start - 40), start):
            yield Hit("role.disowning", (f.ev(start, r.end),))
            continue
        s_start, s_end = f.sentence(r.start)
        t = _time_after(text, r, times, time_starts, s_end)
        if t is not None:
            yield Hit("role.disowning", (f.ev(start, t.end),))
            continue
        # The time before the negation, in a sentence the member says of themselves ("I'm a
        # dad on Saturdays, not a constable"); not "on Sundays, not a cop in sight".
        k = bisect_left(time_starts, max(s_start, start - _TIME_BEFORE)) if times else 0
        said_of_self = f.said_before(_I_AM, s_start, s_end, start)
        if said_of_self and k < len(times) and times[k].end <= start:
            yield Hit("role.disowning", (f.ev(times[k].start, r.end),))
            continue
        i = bisect_left(off_starts, r.start - _OFF_REACH)
        if i < len(offs) and offs[i].start <= r.start + _OFF_REACH:
            o = offs[i]
            yield Hit("role.disowning", (f.ev(o.start, o.end), f.ev(start, r.end)))


def _time_after(
    text: str,
    r: LexiconMatch,
    times: Sequence[LexiconMatch],
    time_starts: Sequence[int],
    s_end: int,
) -> LexiconMatch | None:
    """The first time phrase after the role noun `r`, in its sentence, with fewer than
    `_TIME_REACH` words between them. Only the times before the end of the `_TIME_REACH`-th
    word after `r` can qualify, so only those are looked at (linear on any input)."""
    words = list(islice(TOKEN.finditer(text, r.end), _TIME_REACH))
    limit = words[-1].end() if len(words) == _TIME_REACH else s_end
    for i in range(bisect_left(time_starts, r.end), len(times)):
        t = times[i]
        if t.start >= s_end or t.start > limit:
            return None
        if len(TOKEN.findall(text, r.end, t.start)) < _TIME_REACH:
            return t
    return None
