"""Young persons the law protects: an accused youth, a young victim or witness.

The Youth Criminal Justice Act forbids publishing the name of a young person dealt with
under it, "or any other information ... if it would identify the young person", and the
same for a young victim or witness. So a young person (an age under 18, or a youth word:
"teen", "kid", "grade 10") is identified when the post gives their name, or a detail that
points at them: the school they go to, the team they play for, where they live or work, a
unit number, or particulars (part of a name: "first name", "last initial"; a prior involvement
people know: "same kid from"). A young accused so identified raises `identity.youth_accused`; a young victim
or witness `identity.protected_youth`. Formal wording does not excuse it; a post that says
the youth cannot be named does not name them. Where an offence happened is not a detail of
the person ("assaulted at the mall"); what they attend is ("goes to Bloor CI"). A young
person who died is named by public updates and tributes with the family's agreement.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.identity.evidence import ev
from socialpolicy.detectors.identity.field import Field, Span
from socialpolicy.detectors.identity.lexicons import (
    ACCUSED,
    COMPLAINANT,
    DECEASED,
    NAME_PART,
    PRIOR,
    PUBLIC,
    REFUSAL,
    RESIDENCE,
    SCHOOL,
    SUSPECT,
    TEEN,
    VICTIM,
    VICTIM_AFTER,
    WORKPLACE,
    YOUTH,
)

# Part of a name counts when the name follows: "first name Malik", not "first name basis".
_CAPITAL_NEXT = re.compile(r"[\s:,'\"]*[A-Z]")


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def youth_cues(f: Field) -> list[Span]:
    """Ages under 18 and youth words, in text order. "Teenager" counts in a member's own
    words, not in a formal update naming someone: the Service names no young person there,
    so a "teenager" it names is 18 or 19."""
    teens = [] if PUBLIC in f.g else f.spans(TEEN)
    # Most texts give no age under 18: then the ages, and the names they need, go unread.
    ages = f.ages() if f.may_hold_minor() else []
    return sorted([(a, b) for a, b, age in ages if age < 18] + f.spans(YOUTH) + teens)


def _youth_of(f: Field, name: Span, youth: list[Span]) -> Span | None:
    """The youth cue that describes this named person, if any."""
    given = f.age_after(name)
    if given is not None:
        # an age right after the name decides: "X, 16," is a youth, "X (19)" or a date of
        # birth an adult
        age, span = given
        return span if 0 <= age < 18 else None
    s = f.sentence(name[0])
    for y in youth:
        # "16-year-old X", a youth cue in X's sentence, or in the one before it ("The 16yo
        # picked up for the robbery? X, ...")
        if 0 <= name[0] - y[1] <= 3 or s - 1 <= f.sentence(y[0]) <= s:
            return y
    return None


def _pointers(f: Field, youth: Span) -> list[Span]:
    """Details that point at a young person: where they study, play, live or work, a unit
    number; in the youth cue's sentence or the next one."""
    s = f.sentence(youth[0])
    lo = f.sentence_bounds(s)[0]
    hi = f.sentence_bounds(s + 1)[1]
    found = f.schools() + f.spans(SCHOOL) + f.spans(RESIDENCE) + f.spans(WORKPLACE) + f.locators()
    return sorted(d for d in found if lo <= d[0] and d[1] <= hi and not _overlaps(d, youth))


def young_persons(f: Field, accused_before: bool) -> Iterator[Hit]:
    """`accused_before`: the post replied to is about an arrest ("who got arrested?"), so a
    youth the answer identifies is the accused."""
    youth = youth_cues(f)
    if not youth:
        return
    if f.spans(REFUSAL):
        return  # "a 17-year-old, who cannot be named for legal reasons, ..."
    accused = f.spans(ACCUSED) + f.spans(SUSPECT)
    harmed = f.spans(VICTIM) + f.spans(VICTIM_AFTER) + f.spans(COMPLAINANT)
    # "a teenager died", "the murder of a 16-year-old": the youth is the victim
    victims = [y for y in youth if f.victim(y)]
    suspects = [y for y in youth if not f.victim(y)]

    def accused_near(pos: int) -> Span | None:
        s = f.sentence(pos)
        got = next((x for x in accused if s - 1 <= f.sentence(x[0]) <= s + 1), None)
        if got is None and accused_before:
            return (pos, pos)
        return got

    # A young accused, by name.
    for name in f.names():
        if f.victim(name):
            continue
        y = _youth_of(f, name, suspects)
        if y is None:
            continue
        acc = accused_near(name[0])
        if acc is not None:
            spans = sorted({name, y} | ({acc} if acc[0] < acc[1] else set()))
            yield Hit("identity.youth_accused", tuple(ev(f, *x) for x in spans))
            return
    # A young accused, by what points at them ("The kid charged ...? Grade 10, plays goalie
    # for the Runnymede CI team").
    for y in suspects:
        acc = accused_near(y[0])
        if acc is None:
            continue
        detail = next(iter(_pointers(f, y)), None)
        if detail is not None:
            spans = sorted({y, detail} | ({acc} if acc[0] < acc[1] else set()))
            yield Hit("identity.youth_accused", tuple(ev(f, *x) for x in spans))
            return
    # A young accused, by particulars ("the kid we grabbed is 16, first name Malik", "same
    # kid from last year's break-ins"): part of a name, or a prior involvement the people
    # around them know, in the youth cue's sentence or the two after it.
    particulars = [p for p in f.spans(NAME_PART) if _CAPITAL_NEXT.match(f.raw, p[1])]
    particulars += f.spans(PRIOR)
    for y in suspects if particulars else ():
        acc = accused_near(y[0])
        if acc is None:
            continue
        s = f.sentence(y[0])
        detail = next((p for p in particulars if s <= f.sentence(p[0]) <= s + 2), None)
        if detail is not None:
            spans = sorted({y, detail} | ({acc} if acc[0] < acc[1] else set()))
            yield Hit("identity.youth_accused", tuple(ev(f, *x) for x in spans))
            return
    # A young victim or witness, named or pointed at, outside a formal public update (which
    # names a victim with the family's agreement).
    if PUBLIC in f.g:
        return
    deceased = f.spans(DECEASED)
    for y in sorted(set(victims) | {y for y in youth if _near(f, y, harmed)}):
        if _near(f, y, accused) and not f.victim(y):
            continue  # the youth did it: judged above
        if _near(f, y, deceased):
            continue  # a young person who died, named by a public update or a tribute
        named = [n for n in f.names() if 0 <= n[0] - y[1] <= 3]
        detail = next(iter(named + _pointers(f, y)), None)
        if detail is not None:
            yield Hit("identity.protected_youth", tuple(ev(f, *x) for x in sorted({y, detail})))
            return


def _near(f: Field, y: Span, cues: list[Span]) -> bool:
    """A cue in the youth cue's sentence."""
    s = f.sentence(y[0])
    return any(f.sentence(c[0]) == s for c in cues)
