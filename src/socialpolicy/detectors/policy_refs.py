"""References to a Service policy, procedure or decision, for the policy-comment detector.

Policies and procedures rarely come with the word "policy". A reference has a strength:

- **explicit**: a policy word (`policy_terms`: policy, procedure, protocol, stance, new rule,
  with common misspellings) tied to the Service by a Service body nearby (`policy_anchors`:
  the Service, TPS, HQ, management, the brass), by "our"/"we" around it, or by the Service
  matter it governs ("the uniform policy", "the policy on court time"); or an internal
  instruction word (`policy_internal_terms`: directive, standing orders, SOP) that needs no tie.
  A clear judgement of an explicit reference decides by itself.
- **implied** (a person confirms):
  - a Service matter (`policy_topics`: the shift schedule, body cams, the promotion process,
    paid duty, the dress code, call priorities) with "our"/"the new" just before it, or a
    decision, change, Service body or decision maker near it ("they changed the overtime
    rules", "whoever signed off on back-to-back nights");
  - a process word (`policy_process_terms`: rules, system, memo, rollout) next to a Service
    matter ("the paid duty system") or just after a Service body ("the Service's new rule");
  - a policy word with "the"/"new" before it or a decision near it ("that's the policy");
  - a Service body deciding or changing something (`policy_decision`, `policy_change`,
    `policy_cut`: "management changed ...", "the brass decided ...", "the Service is about to
    announce ..."), or doing something as a practice (`policy_service_acts`: "TPS doesn't
    respond to ...", "the Service only attends ...");
  - a decision about a unit or program (`policy_units`): a cut before it or a decision word
    near it ("scrapping the K9 unit", "the decision to cut the mounted unit");
  - how the Service does something (`policy_practice`: "how we respond to", "how calls are
    prioritised") with a decision, change or Service body near it;
  - a duty imposed on members (`policy_we_told`: "we've been told to");
  - whoever made a decision (`policy_decision_maker`: "whoever approved this ...") and a
    decision named as such ("the decision to outsource ...", "the call to close ...").
- **bare**: a Service matter, practice, policy word or Service body with nothing tying it to a
  decision. It counts only when clearly judged in its own sentence ("de-escalation training in
  four hours? a joke", "the brass are clueless").

A word in another sense nearby (`policy_other_sense`: an insurance policy, the Criminal Code,
the city's bylaw, a school's policy) is not a reference, nor is one the member gives another
owner just before it ("my landlord's new pet policy", "my gym's rules"; but "my division's
new policy" is the Service's).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from socialpolicy.detectors._windows import Groups, Sentences, nearest
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.normalise import NormalisedText

TERMS = "policy_terms"
INTERNAL = "policy_internal_terms"
PROCESS = "policy_process_terms"
ANCHORS = "policy_anchors"
TOPICS = "policy_topics"
UNITS = "policy_units"
CHANGE = "policy_change"
CUT = "policy_cut"
DECISION = "policy_decision"
MAKER = "policy_decision_maker"
OTHER = "policy_other_sense"
WE_TOLD = "policy_we_told"
PRACTICE = "policy_practice"
SERVICE_ACTS = "policy_service_acts"

# A field is read only when it has one of these (cheap: a set test on the lexicons found).
REF_LEXICONS = frozenset({TERMS, INTERNAL, PROCESS, TOPICS, UNITS, ANCHORS, WE_TOLD, PRACTICE})

# First-person plural around a policy word makes it the Service's ("our new policy", "we
# have a procedure"): grammar, not vocabulary, so it is not a lexicon.
_OURS = re.compile(r"\b(?:our|we|we're|we've|were|us|my unit's|my division's)\b")
# What makes a Service matter the Service's arrangement when it stands just before it: "our
# shift schedule", "the new dress code", "this new roster" (one word may come between:
# "our new 12-hour shifts").
_OWNED = re.compile(r"\b(?:our|new|latest|updated|revised)\s+(?:[\w'-]+\s+)?$")
# A definite policy word ("the policy", "that's the new rule"): someone's, probably the
# Service's, for a person to confirm.
_DEFINITE = re.compile(r"\b(?:the|this|that|these|those|new)\s+(?:[\w'-]+\s+)?$")
_CLAUSE_END = re.compile(r"[.!?;:]")
# Between a policy word and the Service matter it governs: "policy on", "procedure for the".
_ON = re.compile(r"\s+(?:on|for|about|regarding|around|re)\s+(?:the\s+|our\s+|new\s+)*$")

# "my landlord's new policy", "my gym's rules": a policy owned by someone the member names as
# their own other than the Service, which they call "our" (the owner word is checked against
# SERVICE_OWNERS: "my division's new policy" is the Service's).
_MY_OWNER = re.compile(r"\bmy\s+([\w-]+)(?:'s|s')\s+(?:[\w-]+\s+)?$")
SERVICE_OWNERS = frozenset(
    {
        "division",
        "unit",
        "platoon",
        "squad",
        "detachment",
        "sergeant",
        "sarge",
        "staff",
        "inspector",
        "superintendent",
        "supervisor",
        "boss",
        "team",
        "shift",
        "branch",
        "section",
        "service",
        "employer",
        "department",
        "dept",
        "force",
        "chief",
    }
)

ANCHOR_WINDOW = 40  # characters between a policy word and what makes it the Service's
TIE_WINDOW = 30  # characters between a Service matter and the decision or body tying it
ACTOR_WINDOW = 30  # characters from a Service body to what it decides or changes
MAKER_WINDOW = 60  # characters, within a sentence, from whoever decided to the matter decided
OWNED_REACH = 24  # characters before a Service matter searched for "our"/"the new"
PROCESS_REACH = 25  # characters before a process word searched for a Service body
UNIT_REACH = 25  # characters from a change to the unit or program it acts on
SENSE_WINDOW = 30  # characters between a policy word and another sense of it
ADJACENT = 2  # characters between a Service matter and the policy word naming it
GOVERNS_REACH = 16  # characters from a policy word to the Service matter it is "on"


EXPLICIT = 2  # a policy word tied to the Service: a clear judgement of it decides by itself
IMPLIED = 1  # a Service policy, procedure or decision named by its subject or its maker
BARE = 0  # a Service matter with nothing tying it to a decision: counts only when judged


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to a Service policy, procedure or decision at `text[start:end]`."""

    start: int
    end: int
    strength: int  # EXPLICIT, IMPLIED or BARE

    @property
    def explicit(self) -> bool:
        return self.strength == EXPLICIT


def _ours_after(text: str, end: int) -> bool:
    """ "our"/"we" shortly after a policy word, in the same clause ("the policy means we ...")."""
    tail = text[end : end + ANCHOR_WINDOW]
    stop = _CLAUSE_END.search(tail)
    return _OURS.search(tail[: stop.start()] if stop else tail) is not None


def _longest(pool: list[LexiconMatch]) -> int:
    return max((x.end - x.start for x in pool), default=0)


def references(nt: NormalisedText, g: Groups) -> list[Ref]:
    """Every reference to a Service policy, procedure or decision, in text order."""
    text = nt.text
    other = g.get(OTHER, [])
    anchors = g.get(ANCHORS, [])
    topics = g.get(TOPICS, [])
    makers = g.get(MAKER, [])
    decisions = g.get(DECISION, [])
    cuts = g.get(CUT, [])
    changes = g.get(CHANGE, [])
    acts = changes + cuts + decisions
    # In text order with their starts, for the checks that ask what starts within a reach of
    # a match: each looks at what is near, never the whole pool (linear on any input).
    # Service practices ("TPS doesn't respond to ...") count as acts of a Service body too.
    actors_in_order = sorted(acts + g.get(SERVICE_ACTS, []), key=lambda c: c.start)
    anchors_longest, cuts_longest = _longest(anchors), _longest(cuts)
    starts: dict[int, list[int]] = {}

    def starting(pool: list[LexiconMatch], lo: int, hi: int) -> list[LexiconMatch]:
        """The matches of `pool` (in text order) starting within `[lo, hi]`."""
        at = starts.get(id(pool))
        if at is None:
            at = starts[id(pool)] = [x.start for x in pool]
        return pool[bisect_left(at, lo) : bisect_right(at, hi)]

    sents: Sentences | None = None

    def same_sentence(a: LexiconMatch, b: LexiconMatch) -> bool:
        nonlocal sents
        if sents is None:
            sents = Sentences.of(nt)
        return sents.same(a.start, b.start)

    def near(pool: list[LexiconMatch], m: LexiconMatch, window: int) -> bool:
        p = nearest(pool, m, window)
        return p is not None and same_sentence(p, m)

    def near_act(m: LexiconMatch, window: int) -> bool:
        # `near(acts, ...)`, part by part: each part is in text order (indexed by `nearest`);
        # the nearest over the parts, the earlier part on a tie, is the nearest of `acts`.
        best: LexiconMatch | None = None
        best_d = window + 1
        for part in (changes, cuts, decisions):
            p = nearest(part, m, window)
            if p is not None:
                d = max(0, p.start - m.end, m.start - p.end)
                if d < best_d:
                    best, best_d = p, d
        return best is not None and same_sentence(best, m)

    def other_sense(m: LexiconMatch) -> bool:
        # Only in the reference's sentence: "the new roster is bad... just saying my kids
        # forgot what I look like" names the member's kids, not the roster's owner.
        o = nearest(other, m, SENSE_WINDOW) if other else None
        if o is not None and same_sentence(o, m):
            return True
        mine = _MY_OWNER.search(text, max(0, m.start - OWNED_REACH), m.start)
        return mine is not None and mine.group(1) not in SERVICE_OWNERS

    def before(pattern: re.Pattern[str], m: LexiconMatch) -> bool:
        return pattern.search(text, max(0, m.start - OWNED_REACH), m.start) is not None

    def governs(m: LexiconMatch) -> bool:
        """The policy word names the Service matter it governs: "the policy on court time"."""
        return any(
            0 < t.start - m.end <= GOVERNS_REACH and _ON.match(text, m.end, t.start) is not None
            for t in starting(topics, m.end + 1, m.end + GOVERNS_REACH)
        )

    def tied(m: LexiconMatch) -> bool:
        """A decision, change, Service body or decision maker near a Service matter."""
        return (
            near_act(m, TIE_WINDOW)
            or near(anchors, m, ANCHOR_WINDOW)
            or near(makers, m, MAKER_WINDOW)
        )

    out: list[Ref] = []
    for m in g.get(TERMS, []):
        if other_sense(m):
            continue
        if (
            nearest(anchors, m, ANCHOR_WINDOW) is not None
            or nearest(topics, m, ADJACENT) is not None
            or governs(m)
            or _OURS.search(text, max(0, m.start - ANCHOR_WINDOW), m.start)
            or _ours_after(text, m.end)
        ):
            out.append(Ref(m.start, m.end, EXPLICIT))
        elif before(_DEFINITE, m) or tied(m):
            out.append(Ref(m.start, m.end, IMPLIED))
        else:
            out.append(Ref(m.start, m.end, BARE))
    for m in g.get(INTERNAL, []):
        if not other_sense(m):
            out.append(Ref(m.start, m.end, EXPLICIT))
    for m in g.get(PROCESS, []):
        if other_sense(m):
            continue
        if nearest(topics, m, ADJACENT) is not None or any(
            0 <= m.start - a.end <= PROCESS_REACH and same_sentence(a, m)
            for a in starting(anchors, m.start - PROCESS_REACH - anchors_longest, m.start)
        ):
            out.append(Ref(m.start, m.end, IMPLIED))
    for m in topics:
        if other_sense(m):
            continue
        strength = IMPLIED if before(_OWNED, m) or tied(m) else BARE
        out.append(Ref(m.start, m.end, strength))
    for m in g.get(PRACTICE, []):
        if other_sense(m):
            continue  # "my insurer changed how they handle claims"
        out.append(Ref(m.start, m.end, IMPLIED if tied(m) else BARE))
    for a in anchors:
        # A Service body judged outright ("the brass are clueless", "management has no clue
        # what the road is like"): counts only with a clear judgement in its sentence.
        out.append(Ref(a.start, a.end, BARE))
    for a in anchors:
        # A Service body deciding or changing something: "management changed ...", "the
        # brass decided ...", "the Service is about to announce ...", or doing something as a
        # practice: "TPS doesn't respond to ...", "the Service only attends ...". The body is
        # the reference, so what surrounds the act ("is about to") stays free to be the comment.
        for c in starting(actors_in_order, a.end, a.end + ACTOR_WINDOW):
            if 0 <= c.start - a.end <= ACTOR_WINDOW and same_sentence(a, c):
                out.append(Ref(a.start, a.end, IMPLIED))
                break
    units = g.get(UNITS, [])
    if units and (cuts or decisions):
        for m in units:
            # A decision acting on a unit or program ("scrapping the K9 unit", "the decision
            # to cut the mounted unit"); a unit doing something ("the marine unit is closing
            # the beach") is not a decision about it.
            if near(decisions, m, TIE_WINDOW) or any(
                0 <= m.start - c.end <= UNIT_REACH and same_sentence(c, m)
                for c in starting(cuts, m.start - UNIT_REACH - cuts_longest, m.start)
            ):
                out.append(Ref(m.start, m.end, IMPLIED))
    for m in g.get(WE_TOLD, []):
        out.append(Ref(m.start, m.end, IMPLIED))
    for m in makers:
        # Whoever decided names a decision by its maker even when the matter goes unnamed
        # ("Whoever approved this has never answered a 911 call at 4am").
        out.append(Ref(m.start, m.end, IMPLIED))
    for m in decisions:
        # A decision named as such ("the decision to outsource the tow desk", "the call to
        # close the front counter"): what follows is what was decided.
        if text.startswith("the ", m.start) and text.find(" to", m.end - 3, m.end) >= 0:
            out.append(Ref(m.start, m.end, IMPLIED))
    out.sort(key=lambda r: (r.start, -r.strength))
    return out
