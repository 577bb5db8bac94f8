"""Police property or systems used for the member's own ends.

Toronto: "All interactions must be conducted as such." A member who hauls a couch in a
cruiser, or runs the plate of whoever took their parking spot, uses the Service's means for
themselves. The post names police property or a police system (`role_resources`: a cruiser,
a marked car, "ran the plate at work", the police database) and, in the same post, a
personal purpose (`role_personal_use`: a move, a couch, "my spot", "my ex"), in the author's
own words and not negated ("we never use the cruiser for errands").
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect import dedupe
from socialpolicy.detectors.role.conduct import negated
from socialpolicy.detectors.role.lexicons import PERSONAL_USE, RESOURCES
from socialpolicy.detectors.role.view import RoleField

__all__ = ["misuse"]


def misuse(f: RoleField, found: Mapping[str, Sequence[LexiconMatch]]) -> Iterator[Hit]:
    means = [m for m in dedupe(f.own(found.get(RESOURCES, []))) if not negated(f, m)]
    if not means:
        return
    purposes = [m for m in dedupe(f.own(found.get(PERSONAL_USE, []))) if not negated(f, m)]
    if purposes:
        m, p = means[0], purposes[0]
        yield Hit("role.misuse", (f.ev(m.start, m.end), f.ev(p.start, p.end)))
