"""Case details not released: what could damage an investigation's integrity.

An open case is damaged by what the people involved should not learn yet: the evidence or
its results (`inv_evidence`: DNA came back, the witness told us, the footage puts him at the
scene; `inv_theory`: they think it's connected to), who investigators suspect
(`inv_suspect`: we're looking at the landlord, he has no alibi; or a pointer of
`inv_suspect_lead` on a role of `inv_person_role`: it's the ex), and what happens next
(`inv_pending`: waiting on the warrant, charges coming). The Service releases some of this
itself, in its own words: appeals for witnesses and footage, charges laid (`inv_public`).

- evidence, a theory or a suspect told with an insider or not-for-the-public cue
  (`inv_insider`, `ops_source`, `ops_hedge`: we know who, between us, can't say much but, a
  wink) or with what happens next is a breach by itself; so is an insider cue with a pending
  action;
- a pending action alone, who is suspected, or an insider cue or evidence about a named kind
  of case, are for a person to judge, unless the post is the Service's own appeal or charge
  announcement, or tells how a closed case was solved.
"""

from __future__ import annotations

from collections.abc import Iterator

from socialpolicy.detectors.police_info.reading import (
    APPEAL,
    CASE,
    EVIDENCE,
    HEDGE,
    INSIDER,
    PENDING,
    SOURCE,
    TEASER,
    THEORY,
    Finding,
    Reading,
)

INVESTIGATION = "investigation"
CASE_REACH = 240  # characters between the details of one case


def cases(r: Reading) -> Iterator[Finding]:
    pending = r.g.get(PENDING, [])
    insider = r.get(INSIDER, SOURCE, HEDGE)
    appeal = APPEAL in r.g
    suspects = r.suspects()
    # a theory of the case counts like evidence here, never alone
    told = r.get(EVIDENCE, THEORY)
    teaser = r.g.get(TEASER, [])
    for found, kind in ((told, "case_evidence"), (suspects, "suspect")):
        for e in found:
            # told as an insider, or with what comes next
            i = r.first_close(insider, e, CASE_REACH, whole_short=True) or r.first_close(
                teaser, e, CASE_REACH, whole_short=True
            )
            p = r.first_close(pending, e, CASE_REACH, whole_short=True)
            if i is not None or p is not None:
                yield Finding(INVESTIGATION, kind, True, (e, i, p))
                return
    for i in insider:
        p = r.first_close(pending, i, CASE_REACH, whole_short=True)
        if p is not None:
            yield Finding(INVESTIGATION, "pending_action", True, (i, p))
            return
    if appeal:
        return  # the Service's own appeal or charge announcement
    if pending:
        yield Finding(INVESTIGATION, "pending_action", False, (pending[0],))
        return
    kinds = r.g.get(CASE, [])
    hints = (
        (suspects, "suspect"),
        (r.g.get(EVIDENCE, []), "case_evidence"),
        # a hedge alone ("can't say much about the case") is a refusal, not a hint
        (r.get(INSIDER, SOURCE), "insider"),
    )
    for found, kind in hints:
        for e in found:
            if r.told_after(e):
                continue  # how a closed case was solved
            # who is suspected is about a case by itself; evidence and insider cues need one
            c = r.first_close(kinds, e, CASE_REACH)
            if c is not None or kind == "suspect":
                yield Finding(INVESTIGATION, kind, False, (c, e))
                return
