"""People made known without a full name: met on duty and named with where they live, or
made guessable by hints about a call.

- `identity.private_person` (to confirm): members of the public met on duty
  (`identity_met_on_duty`: on patrol, on the beat, on a call) named by first name with the
  place they come from ("Ana and Rui from Kensington"). Friendly or not, the post shares who
  they are and where they live; whether they agreed is unknown, so a person confirms.
- `identity.guessable_person` (to confirm): a guessing game (`identity_guess`: guess which,
  no names but, hint) about a person police dealt with on duty (`identity_duty_act`: pulled
  over, gave a lift home, arrested). Whoever the person is, a public figure included, the
  hints point at them and share what police did with them.

Formal public updates and posts about a death stay quiet, as elsewhere in this detector.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.identity.evidence import ev
from socialpolicy.detectors.identity.field import Field, Span
from socialpolicy.detectors.identity.lexicons import (
    DUTY_ACT,
    GUESS,
    MET_ON_DUTY,
    NOT_NAME,
    OFFICER,
)

_GIVEN = r"[A-Z][a-z'’\-]+"
# One or two given names, then where they are from: "Gord and Linda from Leslieville",
# "Marco, from Little Italy". The place is one to three capitalised words.
_NAMED_FROM = re.compile(
    rf"(?<![\w@#.])({_GIVEN})(?:,? (?:and|&) ({_GIVEN}))?,? (?:from|of|over in|down in|up in) "
    rf"((?:the )?[A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+){{0,2}})"
)
GUESS_REACH = 200  # characters between the guessing game and the act it is about


def _inside(spans: list[Span], a: int, b: int) -> bool:
    return any(s[0] < b and a < s[1] for s in spans)


def met_on_duty(f: Field) -> Iterator[Hit]:
    """Private persons met on duty, named with the place they come from."""
    blocked = f.spans(NOT_NAME) + f.spans(OFFICER)
    for cue in f.spans(MET_ON_DUTY):
        s = f.sentence(cue[0])
        lo = f.sentence_bounds(max(0, s - 1))[0]
        hi = f.sentence_bounds(s + 1)[1]
        for m in _NAMED_FROM.finditer(f.raw, lo, hi):
            first = m.span(1)
            if f.sentence_bounds(f.sentence(first[0]))[0] == first[0]:
                continue  # a capitalised first word of a sentence may be any word
            if _inside(blocked, m.start(), m.end(2) if m.group(2) else m.end(1)):
                continue  # a rank, an organisation, a day: not a private person's name
            if _POLICE_PLACE.search(m.group(3)):
                continue  # "Mike from Traffic Services": a colleague from a unit
            if _TITLE_BEFORE.search(f.raw, max(0, first[0] - 8), first[0]):
                continue  # "Cst. Mike from Traffic"
            yield Hit("identity.private_person", (ev(f, *cue), ev(f, m.start(), m.end())))
            return


_POLICE_PLACE = re.compile(
    r"\b(?:Police|Division|Div|Service|Services|Unit|Squad|Traffic|Headquarters|HQ|Station|EPS|TPS)\b"
)
_TITLE_BEFORE = re.compile(r"\b(?:[A-Z][a-z]{1,4}\.|Dr|Mr|Mrs|Ms) $")


def guessable(f: Field) -> Iterator[Hit]:
    """A guessing game about a person police dealt with on duty."""
    acts = f.spans(DUTY_ACT)
    for g in f.spans(GUESS):
        act = next((a for a in acts if abs(a[0] - g[0]) <= GUESS_REACH), None)
        if act is not None:
            yield Hit("identity.guessable_person", (ev(f, *g), ev(f, *act)))
            return
