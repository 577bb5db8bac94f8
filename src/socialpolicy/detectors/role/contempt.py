"""Contempt for the people policed.

Toronto: "All interactions must be conducted as such." A member who calls the people they
police "dirtbags", "skels" or "tonight's customers" shows the contempt no member could show
on duty. The post has a contemptuous name for people (`role_contempt`, or the respect
detector's `dehumanising`: "animals", "scum") and, within
`JOB_REACH` characters, words of police work (`role_job`: a shift, a call, "we deal with",
booked), in the author's own words, not negated ("they're not dirtbags, they're people
in crisis") and not quoted or reported.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Mapping, Sequence

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect import dedupe
from socialpolicy.detectors.role.conduct import negated
from socialpolicy.detectors.role.lexicons import CONTEMPT, DEHUMANISING, JOB
from socialpolicy.detectors.role.view import RoleField

__all__ = ["contempt"]

JOB_REACH = 80  # characters between a contemptuous name and the words of the job


def contempt(f: RoleField, found: Mapping[str, Sequence[LexiconMatch]]) -> Iterator[Hit]:
    # The respect detector's dehumanising names ("animals", "vermin", "scum") are contempt
    # for the people policed too when the words of the job are near (issue 10, role).
    named = [*found.get(CONTEMPT, []), *found.get(DEHUMANISING, [])]
    names = [m for m in dedupe(f.own(named)) if not negated(f, m)]
    if not names:
        return
    jobs = f.own(found.get(JOB, []))
    job_starts = [j.start for j in jobs]  # in text order: the first within reach is found
    for m in names:
        i = bisect_left(job_starts, m.start - JOB_REACH)
        if i < len(jobs) and jobs[i].start <= m.start + JOB_REACH:
            j = jobs[i]
            yield Hit("role.contempt", (f.ev(m.start, m.end), f.ev(j.start, j.end)))
            return
