"""Political detector: campaign solicitation, weighing in on elected officials, taking sides.

Three judgements, each from where pack lexicon matches sit relative to each other, each in
its own module:

- **solicitation** (`political_asks`): an ask for money or helpers, and a political
  beneficiary for it; clearly political (`political.solicitation`) or probably
  (`political.solicitation_hint`);
- **official opinion** (`political_officials`): a stance aimed at an elected official or
  their position; unambiguous (`political.official_opinion_explicit`) or probable;
- **partisan** (here): backing a candidate or party (`partisan_backing`) near a political
  reference other than the backing words themselves.

A sentence with `political_neutral` ("I won't weigh in", "whoever you vote for") neither
weighs in nor takes sides. The author's own words are judged (text, captions, alt texts);
the post replied to (its text and its author), and the author's other fields (a caption
naming the candidate), only supply context (`political_refs`). A pack without these
lexicons gets no hits.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from socialpolicy.detectors._windows import match_evidence, nearest, pick
from socialpolicy.detectors._windows import near as close_to
from socialpolicy.detectors.base import Hit, SignalSpec
from socialpolicy.detectors.context import Context, own_text_fields
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.political_asks import HINT, SOLICITATION, solicitations
from socialpolicy.detectors.political_officials import (
    EXPLICIT,
    OPINION,
    official_opinions,
    official_votes,
)
from socialpolicy.detectors.political_refs import (
    ADVOCACY,
    ANAPHOR,
    ASK,
    ASK_CHANNEL,
    ASK_NEED,
    ASK_STEM,
    BACKING,
    BODY,
    CALENDAR,
    CAMPAIGN_ASK,
    CONTEXT,
    GENERIC,
    HELPER,
    MATERIAL,
    NAME,
    NEUTRAL,
    NON_CAMPAIGN,
    OFFICIAL,
    PLACE,
    POSITION,
    REACTION,
    REPORT,
    STANCE,
    STANCE_SOFT,
    THANKS,
    VERDICT,
    VOTE_CALL,
    VOTE_SOFT,
    Field,
    reply_context,
    summary,
    title_names,
)
from socialpolicy.evidence import Evidence

LEXICONS = frozenset(
    {
        ASK,
        ASK_STEM,
        ASK_CHANNEL,
        ASK_NEED,
        HELPER,
        CAMPAIGN_ASK,
        MATERIAL,
        CONTEXT,
        CALENDAR,
        GENERIC,
        NON_CAMPAIGN,
        OFFICIAL,
        BODY,
        STANCE,
        STANCE_SOFT,
        VERDICT,
        REACTION,
        ADVOCACY,
        THANKS,
        POSITION,
        NEUTRAL,
        ANAPHOR,
        REPORT,
        BACKING,
        PLACE,
        VOTE_CALL,
        VOTE_SOFT,
    }
)
_ASKS = frozenset({ASK, ASK_STEM, ASK_CHANNEL, ASK_NEED, CAMPAIGN_ASK})
_SIDES = frozenset({STANCE, STANCE_SOFT, VERDICT, REACTION, THANKS, BACKING, VOTE_CALL, VOTE_SOFT})
_TRIGGERS = _ASKS | _SIDES  # the author's words that can start a finding
# What a finding can be about: a campaign, an official or body, a ward, campaign-only words.
_ANCHORS = frozenset({CONTEXT, GENERIC, MATERIAL, CAMPAIGN_ASK, OFFICIAL, BODY, PLACE})
# Words worth reading handles for ("@CllrHaines" beside a verdict, "@LiForCouncil" beside a
# money ask), and the money asks a link may carry the campaign for ("lopez4mayor.ca").
_STRONG = frozenset({STANCE, VERDICT, ASK, ASK_STEM, VOTE_CALL})
_MONEY = frozenset({ASK, ASK_STEM})

SIDE_WINDOW = 200  # chars between a backing word and its political reference


class PoliticalDetector:
    """Political solicitation, opinions on elected officials, partisan posts."""

    name: str = NAME
    signals: Sequence[SignalSpec] = (
        SignalSpec(
            SOLICITATION,
            "count",
            "Asks for money, donations or volunteers for a clearly political campaign (a "
            "candidate, a race, a party, 'for council'), nearby, in a link or in the post "
            "replied to.",
        ),
        SignalSpec(
            HINT,
            "count",
            "Asks that are probably for a political campaign: an ask beside an ambiguous "
            "campaign word, a ward or an official, or an invitation to a candidate's campaign "
            "(heuristic: a person confirms).",
        ),
        SignalSpec(
            OPINION,
            "count",
            "Sentences that weigh in on an elected official's opinions or political "
            "positions (approval or disapproval), unambiguous or probable.",
        ),
        SignalSpec(
            EXPLICIT,
            "count",
            "Sentences whose verdict is aimed at an elected official as a person, in the "
            "author's own statement: weighing in by itself.",
        ),
        SignalSpec(
            "political.partisan",
            "count",
            "Sentences that back a candidate or party, asking for nothing or not.",
        ),
        SignalSpec(
            "political.campaign_context",
            "flag",
            "The post, or the post replied to, is about an election campaign.",
        ),
    )

    def detect(self, ctx: Context) -> Iterator[Hit]:
        found: list[tuple[str, str, dict[str, list[LexiconMatch]]]] = []
        for field_name, raw in own_text_fields(ctx):
            groups = ctx.grouped(field_name, raw)
            if not LEXICONS.isdisjoint(groups):
                found.append((field_name, raw, groups))
        if not found:
            return  # the common case: nothing political at all
        if all(_TRIGGERS.isdisjoint(g) for _, _, g in found) or not (
            ctx.post.in_reply_to is not None
            or any(not _ANCHORS.isdisjoint(g) for _, _, g in found)
            or any("@" in raw and not _STRONG.isdisjoint(g) for _, raw, g in found)
            or (len(found) == 1 and "/" in found[0][1] and not _MONEY.isdisjoint(found[0][2]))
        ):
            # No ask, stance or backing; or nothing political it could be about (no official,
            # campaign or ward named, no post replied to, no handle or link to read): at most
            # the context flag. Most posts with a common word such as "need" stop here.
            yield from _context_flag(ctx, found, None)
            return
        fields = [Field(n, ctx.normalised(n, raw), g, ctx=ctx) for n, raw, g in found]
        reply, names = reply_context(ctx, LEXICONS)
        for f in fields:
            names |= title_names(f.nt, f.groups)
        frozen = frozenset(names)
        for f in fields:
            f.names = frozen
        # Each field's context: the post replied to, and the author's other fields (only
        # posts with captions or alt texts have those).
        summaries = [summary(f) for f in fields] if len(fields) > 1 else []
        for i, f in enumerate(fields):
            outside = reply
            for j, other in enumerate(summaries):
                if j != i:
                    outside = outside.merge(other)
            f.outside = outside
        yield from _context_flag(ctx, found, reply.campaign)
        for f in fields:
            if _TRIGGERS.isdisjoint(f.groups):
                continue
            if not _ASKS.isdisjoint(f.groups):
                yield from solicitations(ctx, f)
            if not _SIDES.isdisjoint(f.groups):
                yield from official_opinions(f)
                yield from official_votes(f)
                yield from _partisan(f)


def _context_flag(
    ctx: Context,
    found: list[tuple[str, str, dict[str, list[LexiconMatch]]]],
    reply: Evidence | None,
) -> Iterator[Hit]:
    for name, raw, g in found:
        words = pick(g, CONTEXT) if NON_CAMPAIGN in g else pick(g, CONTEXT, GENERIC)
        if words:
            yield Hit(
                "political.campaign_context",
                (match_evidence(NAME, name, ctx.normalised(name, raw), words[0]),),
            )
            return
    if reply is not None:
        yield Hit("political.campaign_context", (reply,))


def _partisan(f: Field) -> Iterator[Hit]:
    backing = pick(f.groups, BACKING)
    if not backing:
        return
    neutral = {f.sents.index(m.start) for m in f.groups.get(NEUTRAL, ())}
    political = f.political
    done: set[int] = set()
    for b in backing:
        s = f.sents.index(b.start)
        if s in done or s in neutral:
            continue
        # The reference must be more than the backing words ("vote for" is in both lists).
        # Only the references within reach are asked (every one per backing word was
        # quadratic); `nearest` looks no further.
        reach = close_to(political, b.start - SIDE_WINDOW, b.end + SIDE_WINDOW)
        apart = [p for p in reach if p.end <= b.start or p.start >= b.end]
        near = nearest(apart, b, SIDE_WINDOW)
        if near is not None and f.sents.index(near.start) in neutral:
            near = None
        ref = f.ev(near) if near is not None else (f.outside.campaign or f.outside.official)
        if ref is None:
            continue
        done.add(s)
        yield Hit("political.partisan", (f.ev(b), ref))
