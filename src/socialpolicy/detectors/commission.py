"""Commission detector: comments on Commission and Service activities, misreported decisions.

- **activity**: the author's own words refer to Commission or Service activities
  (`commission_activity`: the Commission, its meetings, votes and budget; EPS, the Chief).
- **critical comment**: disparaging or opinionated language (`commission_critical`: eye-rolls,
  "a joke", "rubber stamp", "reasonable", "should have") within a couple of sentences of such
  a reference, or in a reply to a post about them. This is what engages the Code of Conduct
  when a Commissioner comments from a personal account (Guidelines 4).
- **misreported decision**: recasting what was decided (`recast_cue`: "what actually passed",
  "basically voted to gut", "don't believe the spin") next to a decision (`decision_ref`), with
  the Commission in view (in the post, or in the post replied to). A heuristic for
  Guidelines 3 a): a person confirms. Stating a decision as recorded raises nothing.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from socialpolicy.detectors._windows import match_evidence, nearest, pick
from socialpolicy.detectors.base import Hit, SignalSpec
from socialpolicy.detectors.context import Context, own_text_fields
from socialpolicy.evidence import Evidence

ACTIVITY = "commission_activity"
CRITICAL = "commission_critical"
DECISION = "decision_ref"
RECAST = "recast_cue"

LEXICONS = frozenset({ACTIVITY, CRITICAL, DECISION, RECAST})

COMMENT_WINDOW = 200  # chars between a critical word and the activity it is about
RECAST_WINDOW = 120  # chars between a recasting word and the decision it recasts
REPLY_FIELD = "in_reply_to.text"
NAME = "commission"


def _reply_activity(ctx: Context) -> tuple[Evidence | None, bool]:
    """A Commission or Service activity in the post replied to; does that post report a decision?"""
    target = ctx.post.in_reply_to
    if target is None or not target.text:
        return None, False
    groups = ctx.grouped(REPLY_FIELD, target.text)
    if ACTIVITY not in groups:
        return None, False
    nt = ctx.normalised(REPLY_FIELD, target.text)
    return match_evidence(NAME, REPLY_FIELD, nt, groups[ACTIVITY][0]), DECISION in groups


class CommissionDetector:
    """Comments on Commission and Service activities; decisions recast."""

    name: str = NAME
    signals: Sequence[SignalSpec] = (
        SignalSpec(
            "commission.activity",
            "count",
            "References to Commission or Service activities in the author's own words.",
        ),
        SignalSpec(
            "commission.critical_comment",
            "count",
            "Disparaging or opinionated comments on Commission or Service activities.",
        ),
        SignalSpec(
            "commission.misreported_decision",
            "count",
            "A Commission decision recast or contradicted (heuristic: a person confirms).",
        ),
    )

    def detect(self, ctx: Context) -> Iterator[Hit]:
        reply: tuple[Evidence | None, bool] | None = None
        for field, raw in own_text_fields(ctx):
            groups = ctx.grouped(field, raw)
            if LEXICONS.isdisjoint(groups):
                continue
            nt = ctx.normalised(field, raw)
            activities = pick(groups, ACTIVITY)
            for a in activities:
                yield Hit("commission.activity", (match_evidence(self.name, field, nt, a),))
            if CRITICAL not in groups and RECAST not in groups:
                continue
            if reply is None:
                reply = _reply_activity(ctx)
            reply_ev, reply_decision = reply
            for c in pick(groups, CRITICAL):
                near = nearest(activities, c, COMMENT_WINDOW)
                about = match_evidence(self.name, field, nt, near) if near is not None else reply_ev
                if about is None:
                    continue
                yield Hit(
                    "commission.critical_comment", (match_evidence(self.name, field, nt, c), about)
                )
                break  # one comment per field is enough to engage the Code of Conduct
            decisions = pick(groups, DECISION)
            for r in pick(groups, RECAST):
                d = nearest(decisions, r, RECAST_WINDOW)
                if d is None and not reply_decision:
                    continue
                if not activities and reply_ev is None:
                    continue  # a decision, but not the Commission's or the Service's
                ev = [match_evidence(self.name, field, nt, r)]
                if d is not None:
                    ev.append(match_evidence(self.name, field, nt, d))
                elif reply_ev is not None:
                    ev.append(reply_ev)
                yield Hit("commission.misreported_decision", tuple(ev))
                break
