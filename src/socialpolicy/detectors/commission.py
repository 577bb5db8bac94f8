"""Commission detector: comments on Commission and Service activities, decisions misstated.

- **activity**: the author's own words refer to Commission or Service activities
  (`commission_activity`: the Commission, its meetings, votes and budget; EPS, the Chief).
- **critical comment**: disparaging or opinionated language (`commission_critical`: eye-rolls,
  "a joke", "rubber stamp", "reasonable", "should have") within a couple of sentences of such
  a reference, or in a reply to a post about them. This is what engages the Code of Conduct
  when a Commissioner comments from a personal account (Guidelines 4).
- **decisions** (`commission_decisions`): a Commission decision contradicted (the opposite of
  the announcement replied to, unanimity claimed over a split vote: the evidence shows it by
  itself) or misreported (recast, or announced before it is taken: a person confirms).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from socialpolicy.detectors._windows import nearest, pick
from socialpolicy.detectors.base import Hit, SignalSpec
from socialpolicy.detectors.commission_decisions import (
    ACTIVITY,
    AGAINST,
    CLAIM,
    CONTRADICTED,
    DECISION,
    DEFERRED,
    FOR,
    MISREPORTED,
    PREDETERMINED,
    PREJUDGED,
    RECAST,
    UNANIMITY,
    Text,
    contradicted,
    misreported,
)
from socialpolicy.detectors.commission_decisions import LEXICONS as DECISION_LEXICONS
from socialpolicy.detectors.context import Context, own_text_fields

CRITICAL = "commission_critical"

LEXICONS = frozenset({ACTIVITY, CRITICAL}) | DECISION_LEXICONS
# Words that can start a finding by themselves; outcome words start one only against the post
# replied to, and a decision word only in scare quotes. The rest (negations, fillers, future
# dates) only qualify these, so a post with none of them is skipped cheaply.
_STARTERS = frozenset({CRITICAL, RECAST, UNANIMITY, PREJUDGED, PREDETERMINED, CLAIM})
_AGAINST_REPLY = frozenset({FOR, AGAINST, DEFERRED})

COMMENT_WINDOW = 200  # chars between a critical word and the activity it is about
REPLY_FIELD = "in_reply_to.text"
NAME = "commission"


def _reply(ctx: Context) -> Text | None:
    """The post replied to, when it refers to Commission or Service activities."""
    target = ctx.post.in_reply_to
    if target is None or not target.text:
        return None
    groups = ctx.grouped(REPLY_FIELD, target.text)
    if ACTIVITY not in groups:
        return None
    return Text(REPLY_FIELD, ctx.normalised(REPLY_FIELD, target.text), groups)


class CommissionDetector:
    """Comments on Commission and Service activities; decisions contradicted or recast."""

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
            MISREPORTED,
            "count",
            "A Commission decision recast, or announced as made before it is taken "
            "(heuristic: a person confirms).",
        ),
        SignalSpec(
            CONTRADICTED,
            "count",
            "A Commission decision stated against the record in view: the opposite of the "
            "announcement replied to, or unanimity claimed over a split vote.",
        ),
    )

    def detect(self, ctx: Context) -> Iterator[Hit]:
        reply: Text | None = None
        reply_read = False
        for field, raw in own_text_fields(ctx):
            groups = ctx.grouped(field, raw)
            if LEXICONS.isdisjoint(groups):
                continue
            nt = ctx.normalised(field, raw)
            starts = not _STARTERS.isdisjoint(groups)
            if not starts:
                replying = ctx.post.in_reply_to is not None and (
                    not _AGAINST_REPLY.isdisjoint(groups) or any(ch.isdigit() for ch in raw)
                )
                quoted = DECISION in groups and ("'" in nt.text or '"' in nt.text)
                starts = replying or quoted
            if not starts and ACTIVITY not in groups:
                continue  # most posts: only the decision lexicons' fillers, nothing to read
            own = Text(field, nt, groups)
            activities = pick(groups, ACTIVITY)
            for a in activities:
                yield Hit("commission.activity", (own.ev(a),))
            if not starts:
                continue
            if not reply_read:
                reply, reply_read = _reply(ctx), True
            reply_ev = reply.ev(reply.groups[ACTIVITY][0]) if reply is not None else None
            for c in pick(groups, CRITICAL):
                near = nearest(activities, c, COMMENT_WINDOW)
                about = own.ev(near) if near is not None else reply_ev
                if about is None:
                    continue
                yield Hit("commission.critical_comment", (own.ev(c), about))
                break  # one comment per field is enough to engage the Code of Conduct
            in_view = own.ev(activities[0]) if activities else reply_ev
            found = list(contradicted(own, reply, in_view is not None))
            if found:
                yield from found
                continue
            yield from misreported(own, in_view, reply is not None and DECISION in reply.groups)
