"""Who called the police, complained, witnessed or tipped off: revealing them is a breach.

A complainant cue ("the complainant", "the caller was", "called it in", "our main witness")
with something that singles a person out within reach: a name, a reference ("your
neighbour", "upstairs", "the one with the ..."), a unit or house number, or where they live,
work or study ("works the pharmacy counter at ..."). Or any such answer to a post asking
"who called the cops?". Never when the author declines to say, and not in a formal appeal
("we are appealing for the witness ...").
"""

from __future__ import annotations

from collections.abc import Iterator

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.identity.evidence import ev
from socialpolicy.detectors.identity.field import Field, Span
from socialpolicy.detectors.identity.lexicons import (
    COMPLAINANT,
    PERSON_REF,
    PUBLIC,
    REFUSAL,
    RESIDENCE,
    SCHOOL,
    WORKPLACE,
)

REACH = 80  # characters between a complainant cue and what identifies the person


def _close(a: Span, b: Span, chars: int) -> bool:
    return b[0] - a[1] <= chars and a[0] - b[1] <= chars


def _identifiers(f: Field) -> list[Span]:
    """Names, references, unit numbers and where-they-live/work/study details."""
    out = list(f.spans(PERSON_REF)) + f.names() + f.locators()
    # A bare street is where something happened as often as where someone lives ("the caller
    # who reported the fire on Main St"): only details tied to the person count here.
    out += f.spans(RESIDENCE) + f.spans(WORKPLACE) + f.spans(SCHOOL) + f.schools()
    out.sort()
    return out


def complainants(f: Field, asked_who: bool) -> Iterator[Hit]:
    cues = f.spans(COMPLAINANT)
    if not cues and not asked_who:
        return
    ids = _identifiers(f)
    if not ids:
        return
    refusals = f.spans(REFUSAL)
    appeals = {f.sentence(a) for a, _ in f.spans(PUBLIC)}
    for cue in cues:
        if f.sentence(cue[0]) in appeals:
            continue  # "appealing for the witness who ..." asks the public, reveals no one
        who = next((i for i in ids if i != cue and _close(cue, i, REACH)), None)
        if who is None or any(_close(cue, r, REACH) for r in refusals):
            continue
        yield Hit("identity.complainant", (ev(f, *cue), ev(f, *who)))
        return
    # An answer to "who called?" that names or locates anyone reveals the complainant,
    # unless it declines to say.
    if asked_who and not refusals:
        yield Hit("identity.complainant", (ev(f, *ids[0]),))
