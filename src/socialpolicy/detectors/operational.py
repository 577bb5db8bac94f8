"""Operational detector: police information whose release endangers officers or a case.

Toronto forbids "information that could cause an officer safety issue; or damage an
investigation's integrity"; Edmonton 3d forbids divulging "police information" to anyone
unauthorised. Both packs ship the same `ops_*` and `inv_*` lexicons, and this one detector
reads the same concepts for both (`socialpolicy.detectors.police_info`):

- operations and deployments told before they happen, or while live (`operations`);
- staffing: how thin police are, where and when (`staffing`);
- officers exposed: a covert officer pointed out, where an officer lives, security details
  (`officers`);
- case details not released: evidence, who is suspected, what happens next (`cases`).

The topic is never enough: police accounts report raids, patrols and warrants every day.
What decides is how the detail is told (its timing, its specificity, its source; see
`police_info.reading`). Each finding is either a breach by itself (`officer_safety`,
`investigation`) or for a person to confirm (`*_hint`); `operational.kinds` tags what kind
of detail it is.

Sentence helpers that other detectors import from here live in `_sentences`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from socialpolicy.detectors._sentences import (
    Sentences,
    first_near,
    match_evidence,
    near,
)
from socialpolicy.detectors._windows import evidence
from socialpolicy.detectors.base import Hit, SignalSpec
from socialpolicy.detectors.context import Context, own_text_fields
from socialpolicy.detectors.police_info.cases import cases
from socialpolicy.detectors.police_info.officers import (
    covert_officer,
    informant,
    officer_home,
    officer_named,
    security,
)
from socialpolicy.detectors.police_info.operations import (
    KINDS,
    implied_operation,
    operations,
    operations_in_reply,
)
from socialpolicy.detectors.police_info.reading import (
    AHEAD,
    COVERT,
    ENFORCEMENT,
    EVIDENCE,
    HEADS_UP,
    HEDGE,
    INFORMANT,
    INSIDER,
    LEXICONS,
    OFFICER_HOME,
    ONE_OF_OURS,
    PENDING,
    PERIOD,
    SECURITY,
    SOURCE,
    STRIKE,
    SUSPECT,
    SUSPECT_LEAD,
    TACTICAL,
    TEAM,
    TIMING,
    TIPOFF,
    Finding,
    Reading,
    geotag_evidence,
)
from socialpolicy.detectors.police_info.staffing import (
    COVERAGE,
    LIMITER,
    NO_COVER,
    STAFFING,
    UNIT,
    staffing,
)
from socialpolicy.evidence import Evidence

__all__ = [
    "LEXICONS",
    "KIND_TAGS",
    "OperationalDetector",
    "Sentences",
    "first_near",
    "match_evidence",
    "near",
]

# Lexicons that can start a finding, by concept; the others only qualify one.
_OPERATIONS = frozenset({TACTICAL, STRIKE, TEAM, COVERT, ENFORCEMENT})
_STAFFING = frozenset({STAFFING, NO_COVER})
_COUNTED = frozenset({LIMITER, COVERAGE})  # a count of units says something only with these
_OFFICERS = frozenset({COVERT, ONE_OF_OURS, OFFICER_HOME, SECURITY, INFORMANT})
_CASES = frozenset({EVIDENCE, SUSPECT, SUSPECT_LEAD, INSIDER, SOURCE, HEDGE, PENDING})
# (a theory of the case, inv_theory, counts only with an insider cue or a pending action)
_TRIGGERS = _OPERATIONS | _STAFFING | _OFFICERS | _CASES
# A tip-off or inside-source cue that may imply an operation when none is named.
_IMPLIED = frozenset({TIPOFF, SOURCE})
# What an answer must have for the operation named in the post replied to to matter.
_ANSWER_CUES = frozenset({TIMING, PERIOD, AHEAD, TIPOFF, HEADS_UP, SOURCE, HEDGE})
REPLY_FIELD = "in_reply_to.text"

KIND_TAGS: tuple[str, ...] = (
    "operation_ahead",
    "covert_deployment",
    "enforcement_tipoff",
    "staffing",
    "covert_officer",
    "officer_named",
    "informant",
    "officer_home",
    "security_detail",
    "case_evidence",
    "suspect",
    "pending_action",
    "insider",
)
_SIGNAL = {
    ("officer_safety", True): "operational.officer_safety",
    ("officer_safety", False): "operational.officer_safety_hint",
    ("investigation", True): "operational.investigation",
    ("investigation", False): "operational.investigation_hint",
}


def _geotag(ctx: Context) -> Evidence | None:
    for i, item in enumerate(ctx.post.media):
        if item.location is not None:
            return geotag_evidence(i, item.location.lat, item.location.lon)
    return None


def _asked(ctx: Context) -> tuple[Evidence, str] | None:
    """An operation named in the post replied to, and its lexicon."""
    target = ctx.post.in_reply_to
    if target is None or not target.text:
        return None
    g = ctx.grouped(REPLY_FIELD, target.text)
    for lexicon, _ in KINDS:
        got = g.get(lexicon)
        if got:
            nt = ctx.normalised(REPLY_FIELD, target.text)
            return evidence("operational", REPLY_FIELD, nt, got[0].start, got[0].end), lexicon
    return None


class OperationalDetector:
    """Police operational information: officer safety and investigation integrity."""

    name: str = "operational"
    signals: Sequence[SignalSpec] = (
        SignalSpec(
            "operational.officer_safety",
            "count",
            "Police information that exposes officers, told so that it is a breach by itself: "
            "an operation with its time, place or an inside source; a covert officer pointed "
            "out; how many officers cover an area and when; a door code with its number.",
        ),
        SignalSpec(
            "operational.officer_safety_hint",
            "count",
            "A detail that may expose officers, to confirm: an operation or a staffing gap "
            "without the time, place or source that would make it certain, where an officer "
            "lives, a security detail without the detail itself.",
        ),
        SignalSpec(
            "operational.investigation",
            "count",
            "Details of an open case told as inside knowledge or with what comes next: "
            "evidence or who is suspected, with an insider cue or a pending arrest, charge "
            "or warrant.",
        ),
        SignalSpec(
            "operational.investigation_hint",
            "count",
            "A hint about an open case, to confirm: a pending arrest or charge, an insider "
            "cue, evidence or a suspect, without what would make it certain.",
        ),
        SignalSpec(
            "operational.kinds",
            "tags",
            "What kind of police information was found (operation_ahead, staffing, "
            "covert_officer, case_evidence, ...).",
            KIND_TAGS,
        ),
    )

    def detect(self, ctx: Context) -> Iterator[Hit]:
        geotag: Evidence | None = None
        located = False
        for field, raw in own_text_fields(ctx):
            g = ctx.grouped(field, raw)
            counted = UNIT in g and not _COUNTED.isdisjoint(g)
            triggered = counted or not _TRIGGERS.isdisjoint(g)
            named_op = not _OPERATIONS.isdisjoint(g)
            # no operation named: the post replied to may name it, or a tip-off with an exact
            # time may imply one
            asked: tuple[Evidence, str] | None = None
            if (
                field == "text"
                and ctx.post.in_reply_to is not None
                and not named_op
                and not _ANSWER_CUES.isdisjoint(g)
            ):
                asked = _asked(ctx)
            implied = not named_op and not _IMPLIED.isdisjoint(g) and TIMING in g
            if not (triggered or asked or implied):
                continue
            if not located:
                located, geotag = True, _geotag(ctx)
            r = Reading(field, ctx.normalised(field, raw), g, geotag)
            found: list[Finding] = []
            if triggered:
                if not _OPERATIONS.isdisjoint(g):
                    found += operations(r)
                if counted or not _STAFFING.isdisjoint(g):
                    found += staffing(r)
                if not _OFFICERS.isdisjoint(g):
                    if COVERT in g or ONE_OF_OURS in g:
                        found += covert_officer(r)
                    if OFFICER_HOME in g:
                        found += officer_home(r)
                    if SECURITY in g:
                        found += security(r)
                    if INFORMANT in g:
                        found += informant(r)
                if not _CASES.isdisjoint(g):
                    found += officer_named(r)
                    found += cases(r)
            if asked is not None:
                found += operations_in_reply(r, asked[0], asked[1])
            elif implied and not found:
                found += implied_operation(r)
            yield from self._hits(r, found)

    @staticmethod
    def _hits(r: Reading, found: list[Finding]) -> Iterator[Hit]:
        strong = {f.concern for f in found if f.strong}
        for f in found:
            if not f.strong and f.concern in strong:
                continue  # the certain finding of the same duty says it already
            ev = f.extra + r.evidence(f.cues)
            yield Hit(_SIGNAL[(f.concern, f.strong)], ev)
            yield Hit("operational.kinds", ev, tag=f.kind)
