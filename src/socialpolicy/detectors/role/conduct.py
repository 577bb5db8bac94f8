"""Conduct unbecoming in an interaction: what no member could say on duty.

- force (`role_force`: "crack some heads", "rough him up", "hope he resists", "a proper
  takedown") relished: in a sentence that looks forward to it (`role_relish`: "can't wait
  to", "gonna") or boasts of it in the first person, or in a post that laughs (`laughter`)
  or savours it (`role_savour`: "love this job", "never saw it coming", a fist); not negated
  ("we don't crack heads"), quoted or reported ("protesters say police cracked heads");
- force condoned (`role_condone`: "should have complied", "next time he listens", "play
  stupid games") about force used on someone (`role_force_done`: "pinned to the ground",
  "tased") that the text replied to tells of, or that the member's own post tells of;
- leverage (`role_leverage`: "I know your plate now", "hope I pull you over", "have you
  arrested") said to someone (in a reply, or with "you" or an @mention), or the member's own
  threat at a person the sentence names ("told my neighbour I'd have him arrested");
- the job left undone, as a boast (`role_neglect`: "slept through half my shift", "pretended
  I didn't hear the radio", "walked right past"), with a laugh or a mark of savouring in the
  post, or in the first person; not negated ("I never ignore the radio");
- the badge used for personal benefit (`role_perks`: "flashed my badge to skip the line");
- a favour (`role_favour`: "I'll see what I can do", "make it go away", "professional
  courtesy") about an enforcement matter (`role_enforcement`: a ticket, fine, charges, a
  plate) named in the post or in the text replied to; or a yes (`role_accept`: "say no
  more", "consider it done", a wink) in reply to a text asking such a favour (`role_ask` or
  `role_favour` beside an enforcement matter: "any way you can make my ticket disappear?").
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Container, Iterator, Mapping, Sequence

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect import dedupe
from socialpolicy.detectors.respect.grammar import NEG, TOKEN
from socialpolicy.detectors.respect.lexicons import PERSON_NOUNS, SECOND_PERSON, TARGET_PHRASES
from socialpolicy.detectors.role.lexicons import (
    ACCEPT,
    ASK,
    CONDONE,
    ENFORCEMENT,
    FAVOUR,
    FORCE,
    FORCE_DONE,
    LAUGHTER,
    LEVERAGE,
    NEGLECT,
    PERKS,
    RELISH,
    SAVOUR,
)
from socialpolicy.detectors.role.view import RoleField
from socialpolicy.evidence import Evidence

__all__ = [
    "condoned",
    "favour",
    "favour_granted",
    "force",
    "leverage",
    "negated",
    "neglect",
    "perks",
]


def negated(f: RoleField, m: LexiconMatch, relish: Container[int] = frozenset()) -> bool:
    """A negation shortly before `m` in its sentence ("we don't crack heads"); not the
    "can't" of "can't wait to" (`relish`: the positions the relish phrases cover)."""
    s_start, _ = f.sentence(m.start)
    lo = max(s_start, m.start - 40)
    words = TOKEN.finditer(f.text, lo, m.start)
    return any(w.group() in NEG and w.start() not in relish for w in words)


def force(f: RoleField, found: Mapping[str, Sequence[LexiconMatch]]) -> Iterator[Hit]:
    laughs = bool(found.get(LAUGHTER)) or bool(f.own(found.get(SAVOUR, [])))
    relish = found.get(RELISH, [])
    # Read once, looked up per match: the positions relish phrases cover, and their starts.
    covered = frozenset(i for r in relish for i in range(r.start, r.end))
    relish_starts = [r.start for r in relish]
    for m in dedupe(f.own(found.get(FORCE, []))):
        if negated(f, m, covered):
            continue
        s_start, s_end = f.sentence(m.start)
        if laughs or f.first_person(s_start, s_end) or _before(relish, relish_starts, s_start, m):
            yield Hit("role.force", (f.ev(m.start, m.end),))


def _before(
    relish: Sequence[LexiconMatch], starts: Sequence[int], s_start: int, m: LexiconMatch
) -> bool:
    """A relish phrase from `s_start` that ends before `m` starts ("can't wait to" ...)."""
    for i in range(bisect_left(starts, s_start), len(relish)):
        r = relish[i]
        if r.start >= m.start:
            return False
        if r.end <= m.start:
            return True
    return False


def condoned(
    f: RoleField,
    found: Mapping[str, Sequence[LexiconMatch]],
    reply_groups: Mapping[str, Sequence[LexiconMatch]] | None,
    reply_ev: Callable[[LexiconMatch], Evidence],
) -> Iterator[Hit]:
    """Force on a person said to be earned: "next time he listens the first time" replying to
    "they pinned my brother to the ground", or "tased him, should have complied" in one post.
    In the member's own post a shrug alone is not enough: it needs the words."""
    condones = [m for m in dedupe(f.own(found.get(CONDONE, []))) if not negated(f, m)]
    if not condones:
        return
    told = reply_groups.get(FORCE_DONE, []) if reply_groups else []
    if told:
        yield Hit("role.force", (reply_ev(told[0]), f.ev(condones[0].start, condones[0].end)))
        return
    done = f.own(found.get(FORCE_DONE, []))
    worded = [m for m in condones if any(c.isalpha() for c in f.text[m.start : m.end])]
    if done and worded:
        yield Hit(
            "role.force",
            (f.ev(done[0].start, done[0].end), f.ev(worded[0].start, worded[0].end)),
        )


def neglect(f: RoleField, found: Mapping[str, Sequence[LexiconMatch]]) -> Iterator[Hit]:
    """The job left undone, told as a boast: laughed at, savoured, or in the first person."""
    laughs = bool(found.get(LAUGHTER)) or bool(f.own(found.get(SAVOUR, [])))
    for m in dedupe(f.own(found.get(NEGLECT, []))):
        if negated(f, m):
            continue
        s_start, s_end = f.sentence(m.start)
        if laughs or f.first_person(s_start, s_end):
            yield Hit("role.neglect", (f.ev(m.start, m.end),))
            return


def leverage(
    f: RoleField, found: Mapping[str, Sequence[LexiconMatch]], is_reply: bool
) -> Iterator[Hit]:
    for m in dedupe(f.own(found.get(LEVERAGE, []))):
        if negated(f, m):
            continue
        s_start, s_end = f.sentence(m.start)
        said_to = is_reply or f.layout.has_you(s_start, s_end)
        # "told my neighbour I'd have him arrested": the member's own threat at a third person.
        mine = f.first_person(s_start, s_end, before=m.start) and (
            f.layout.cue(TARGET_PHRASES, s_start, s_end) is not None
            or f.layout.cue(PERSON_NOUNS, s_start, s_end) is not None
        )
        if said_to or mine:
            yield Hit("role.leverage", (f.ev(m.start, m.end),))


def favour(
    f: RoleField,
    found: Mapping[str, Sequence[LexiconMatch]],
    reply_groups: Mapping[str, Sequence[LexiconMatch]] | None,
) -> Iterator[Hit]:
    matter = bool(found.get(ENFORCEMENT)) or bool(reply_groups and reply_groups.get(ENFORCEMENT))
    if not matter:
        return
    addressed = reply_groups is not None or bool(found.get(SECOND_PERSON)) or "@" in f.text
    if not addressed:
        return
    for m in dedupe(f.own(found.get(FAVOUR, []))):
        if not negated(f, m):
            yield Hit("role.favour", (f.ev(m.start, m.end),))


def favour_granted(
    f: RoleField,
    found: Mapping[str, Sequence[LexiconMatch]],
    reply_groups: Mapping[str, Sequence[LexiconMatch]] | None,
    reply_ev: Callable[[LexiconMatch], Evidence],
) -> Iterator[Hit]:
    """A yes ("say no more 😉") to a text asking to bend enforcement ("can you make my
    ticket go away?"). A yes that the member negates or hedges ("can't, sorry") is not one."""
    if not reply_groups or not reply_groups.get(ENFORCEMENT) or found.get(FAVOUR):
        return
    asks = reply_groups.get(FAVOUR) or reply_groups.get(ASK, [])
    if not asks:
        return
    for m in dedupe(f.own(found.get(ACCEPT, []))):
        if not negated(f, m):
            yield Hit("role.favour", (reply_ev(asks[0]), f.ev(m.start, m.end)))
            return


def perks(f: RoleField, found: Mapping[str, Sequence[LexiconMatch]]) -> Iterator[Hit]:
    """Using the badge for personal benefit: a favour taken rather than given."""
    for m in dedupe(f.own(found.get(PERKS, []))):
        if not negated(f, m):
            yield Hit("role.favour", (f.ev(m.start, m.end),))
