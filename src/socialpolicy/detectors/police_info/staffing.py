"""Staffing: how thin the police are, where and when.

How many officers or cars are on a shift or in an area tells an offender when and where to
act. Three shapes carry it:

- a count with a limiter or a coverage phrase: "only 4 cars", "just two officers", "down
  to 3 units", "six cars covering all of the division", "two officers for the whole east end"
  (a count of extra officers on patrol, "50 extra officers this weekend", is deterrence and
  has neither);
- an absolute gap (`ops_no_cover`): nobody covering, no units available, no backup, shift
  change at a given time;
- a general gap (`ops_staffing`): short-staffed, skeleton crew, stretched thin.

A count or an absolute gap with its time, its area or a not-for-the-public cue is a breach
by itself; alone it is for a person to judge. A general gap is an everyday complaint: for a
person to judge, and a breach only with a not-for-the-public cue and a time or area.
Reports after the fact ("only two officers were on duty that night", in a review) are not
counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.police_info.reading import (
    AREA,
    Cue,
    Finding,
    Reading,
)

SAFETY = "officer_safety"
STAFFING = "ops_staffing"
NO_COVER = "ops_no_cover"
UNIT = "ops_unit"
COVERAGE = "ops_coverage"
LIMITER = "ops_limiter"

# A small count right before the unit word: "4 cars", "two officers", "a couple of units".
_COUNT = re.compile(
    r"\b(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|a couple(?: of)?|"
    r"a handful(?: of)?|a few)(?: [a-z]+)? $"
)
COUNT_REACH = 28  # characters before a unit word in which its count is read
LIMITER_REACH = 1  # "only 4 cars": the limiter right before the count
COVERAGE_REACH = 24  # characters after the unit word for "covering", "for the whole"


def _count(r: Reading, unit: LexiconMatch) -> LexiconMatch | None:
    """The count of a unit word when it says how thin coverage is, as one span."""
    text = r.nt.text
    m = _COUNT.search(text, max(0, unit.start - COUNT_REACH), unit.start)
    if m is None:
        return None
    start = m.start()
    # Only the limiters and coverage phrases that can reach the count are asked (asking every
    # one of the text per unit word was quadratic in a text of many).
    limiters = r.around(r.g.get(LIMITER, ()), start - LIMITER_REACH, start)
    limiter = next((x for x in limiters if 0 <= start - x.end <= LIMITER_REACH), None)
    if limiter is None and not any(
        0 <= c.start - unit.end <= COVERAGE_REACH
        for c in r.around(r.g.get(COVERAGE, ()), unit.end, unit.end + COVERAGE_REACH)
    ):
        return None
    if limiter is not None:
        start = limiter.start
    return LexiconMatch(UNIT, text[start : unit.end], start, unit.end)


def _area(r: Reading, cue: LexiconMatch) -> Cue | None:
    near = r.first_close(r.g.get(AREA, ()), cue)
    return Cue(match=near) if near is not None else r.where(cue)


def staffing(r: Reading) -> Iterator[Finding]:
    specific: list[LexiconMatch] = [c for u in r.g.get(UNIT, ()) if (c := _count(r, u))]
    specific += r.g.get(NO_COVER, ())
    hint: Finding | None = None
    for cue in specific:
        if r.told_after(cue):
            continue
        t, p, m = r.when(cue), _area(r, cue), r.marker(cue)
        if t is not None or p is not None or m is not None:
            yield Finding(SAFETY, "staffing", True, (cue, t, p, m))
            return
        hint = hint or Finding(SAFETY, "staffing", False, (cue,))
    for cue in r.g.get(STAFFING, ()):
        if r.told_after(cue):
            continue
        t, p, m = r.when(cue), _area(r, cue), r.marker(cue)
        if m is not None and (t is not None or p is not None):
            yield Finding(SAFETY, "staffing", True, (cue, t, p, m))
            return
        if not r.public():  # "short-staffed or not, thanks for your patience"
            hint = hint or Finding(SAFETY, "staffing", False, (cue, t, p))
    if hint is not None:
        yield hint
