"""Operations and deployments told before they happen, or while they are live.

Four kinds of operation word, each with its own public life:

- **acts of an operation** (`ops_tactical`, or a verb of `ops_strike` on `ops_premises`: a
  raid, an entry, a takedown, a stakeout, "hitting three addresses"): a Service reports them
  after the fact and never announces them ahead. Told with an exact time to come ("tomorrow
  morning", "Thursday", "0445"), or with two of a time, a place and a not-for-the-public cue,
  or with a position relative to the target ("two blocks from the house") or a geotag, the
  operation is exposed: a breach by itself. A looser time ("this week", "will be") or a place
  alone is for a person to judge (forces announce weeks of action);
- **units** (`ops_team`: ETF, tactical team, drug squad): they also turn up at open houses
  and charity events, so a time and a place are not enough. A not-for-the-public cue with a
  time or place, or a live position, exposes them;
- **covert deployments** (`ops_covert`: plainclothes, undercover, unmarked cars): a Service
  may announce them as deterrence ("plain-clothes officers will be patrolling the festival":
  covert officers *patrolling* are judged as visible enforcement). Only a tip-off or
  inside-source cue with a time or place makes them a leak; a warning opener ("heads up")
  with a time or place, or a named place and a time, is for a person to judge;
- **visible enforcement** (`ops_enforcement`: checkpoints, RIDE, speed traps, patrols): announced
  publicly as deterrence all the time, often with "heads up". A tip-off to evade it, with its
  place and time, is a breach; so is a warning opener with an inside-source cue (a wink, "you
  didn't hear it from me") and its place and an exact time (a night and an hour: deterrence
  notices say "this weekend"); a tip-off or source cue with one of them is for a person to
  judge.

Reports of what already happened, and negated words ("there are no undercover officers"),
are not operations told ahead. In a reply, the operation may be named only in the post
replied to ("why are there ten cop cars at the mall?"): the answer's own time, place and
cues then decide, and only a not-for-the-public cue makes it a breach by itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.police_info.reading import (
    COVERT,
    ENFORCEMENT,
    HEADS_UP,
    SOURCE,
    TACTICAL,
    TEAM,
    TIPOFF,
    Cue,
    Finding,
    Reading,
)
from socialpolicy.evidence import Evidence

SAFETY = "officer_safety"
# The operation kinds, strongest first: a post that has several is judged by its strongest.
KINDS: tuple[tuple[str, str], ...] = (
    (TACTICAL, "operation_ahead"),
    (TEAM, "operation_ahead"),
    (COVERT, "covert_deployment"),
    (ENFORCEMENT, "enforcement_tipoff"),
)


@dataclass(frozen=True, slots=True)
class _Told:
    """What is told around one operation cue."""

    t: LexiconMatch | None  # a time to come
    p: Cue | None  # a place
    m: LexiconMatch | None  # a tip-off or not-for-the-public cue
    w: LexiconMatch | None  # that, or a warning opener official notices use too
    live: Cue | None = None  # a position relative to the target, or a geotag
    exact: bool = False  # the time is exact (tomorrow morning, Thursday, 0445)
    tip: LexiconMatch | None = None  # a tip-off to evade (not only a source)
    opener: LexiconMatch | None = None  # a warning opener (heads up, word to the wise)

    @property
    def count(self) -> int:
        return (self.t is not None) + (self.p is not None) + (self.m is not None)


def _judge(kind: str, x: _Told, public: bool) -> bool | None:
    """True: a breach by itself; False: for a person to judge; None: nothing to report."""
    when_or_where = x.t is not None or x.p is not None
    if kind == TACTICAL:
        if x.live is not None or (x.exact and x.t is not None) or x.count >= 2:
            return True
        return False if x.count or x.w is not None or not public else None
    if kind == TEAM:
        if x.live is not None or (x.m is not None and when_or_where):
            return True
        if x.m is not None or (x.w is not None and when_or_where):
            return False
        # a unit with a time and place may be a demo or an open house
        return False if x.t is not None and x.p is not None and not public else None
    if kind == COVERT:
        if x.m is not None and when_or_where:
            return True
        if x.m is not None or (x.w is not None and when_or_where):
            return False
        named = x.p is not None and x.p.match is not None
        # a time and a named place, in a post that is not a public notice or update
        return False if x.t is not None and named and not public else None
    # visible enforcement: only a tip-off to evade it, with its place and time, decides; or a
    # warning opener and an inside cue (a wink, "you didn't hear it from me") with its place
    # and an exact time (a night and an hour): "word to the wise, check stop on Whyte Saturday
    # around 11pm 😉". Deterrence notices say "this weekend", and "slow down 😉" opens nothing.
    if x.m is None:
        return None
    if (
        x.t is not None
        and x.p is not None
        and (x.tip is not None or (x.exact and x.opener is not None))
    ):
        return True
    return False if when_or_where else None


def _kind(r: Reading, lexicon: str, cue: LexiconMatch) -> str:
    """Covert officers *patrolling* are a deterrence announcement, judged as enforcement."""
    if lexicon == COVERT:
        a, b = r.clause(cue.start)
        if r.within(ENFORCEMENT, a, b):
            return ENFORCEMENT
    return lexicon


def operations(r: Reading) -> Iterator[Finding]:
    """Operations in the author's own words."""
    public = r.public()
    for lexicon, kind in KINDS:
        hint: Finding | None = None
        for cue in r.acts() if lexicon == TACTICAL else r.g.get(lexicon, ()):
            if r.negated(cue) or r.told_after(cue):
                continue
            judged = _kind(r, lexicon, cue)
            t, m = r.when(cue), r.marker(cue)
            x = _Told(
                t=t,
                p=r.where(cue),
                m=m,
                w=m or r.marker(cue, (HEADS_UP,)),
                live=r.relative_position(cue) if judged in (TACTICAL, TEAM) else None,
                exact=judged in (TACTICAL, ENFORCEMENT)
                and t is not None
                and r.when(cue, exact=True) is not None,
                tip=r.marker(cue, (TIPOFF,)) if judged == ENFORCEMENT and m is not None else None,
                opener=r.marker(cue, (HEADS_UP,))
                if judged == ENFORCEMENT and m is not None
                else None,
            )
            verdict = _judge(judged, x, public)
            if verdict is None:
                continue
            found = Finding(SAFETY, kind, verdict, (cue, x.t, x.live or x.p, x.m or x.w))
            if verdict:
                yield found
                return
            hint = hint or found
        if hint is not None:
            yield hint
            return


def operations_in_reply(r: Reading, asked: Evidence, lexicon: str) -> Iterator[Finding]:
    """An answer to a post that names an operation (`asked`, from the post replied to).

    The answer's own words must tell when or where, and only a not-for-the-public cue makes
    it a breach by itself: "it's tonight 😉" in reply to "why so many cops at the mall?".
    """
    t, p, m = r.when_any(), r.where_any(), r.marker_any()
    w = m or r.marker_any((HEADS_UP,))
    when_or_where = t is not None or p is not None
    if not ((w is not None and when_or_where) or (t is not None and p is not None)):
        return
    kind = dict(KINDS)[lexicon]
    strong = m is not None and when_or_where
    yield Finding(SAFETY, kind, strong, (t, p, w), (asked,))


def implied_operation(r: Reading) -> Iterator[Finding]:
    """No operation named, but a tip-off or inside-source cue with an exact time and a named
    place ("I'd stay away from Jane and Finch around 5 tomorrow if I were you 👀"): for a
    person to judge."""
    if r.public():
        return
    m = r.marker_any((TIPOFF, SOURCE))
    t = r.when_any(exact=True) if m is not None else None
    p = r.where_any() if t is not None else None
    if m is not None and t is not None and p is not None:
        yield Finding(SAFETY, "operation_ahead", False, (m, t, p))
