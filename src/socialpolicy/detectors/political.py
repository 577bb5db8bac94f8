"""Political detector: campaign solicitation, weighing in on elected officials, taking sides.

Three judgements, each from where pack lexicon matches sit relative to each other:

- **solicitation**: an ask for money or helpers (`political_ask`, `political_ask_stem`) within
  a few hundred characters of a campaign word (`campaign_context`; the ambiguous words of
  `campaign_generic` only when the post has no `non_campaign_context` such as a food bank or
  a blood drive), or in a reply to a post about a campaign. Asks only campaigns make
  (`campaign_ask`: canvassing, phone banks) need any political reference nearby, an elected
  office or a ward (`political_place`) included.
- **official opinion**: a stance (`political_stance`) in the same sentence as an elected
  official (`elected_official`), or in a reply to a post that names one; milder words
  (`political_stance_soft`) count only when a position (`political_position`: plan, motion,
  bill) is named in that sentence too. Thanking an official for coming is no stance.
- **partisan**: backing a candidate or party (`partisan_backing`) near any political reference.

A sentence with `political_neutral` ("I won't weigh in", "whoever you vote for") neither
weighs in nor takes sides. The author's own words are judged (text, captions, alt texts);
the post replied to, and the author's other fields (a caption naming the candidate), only
supply context. A pack without these lexicons gets no hits.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from socialpolicy.detectors._windows import Sentences, match_evidence, nearest, pick
from socialpolicy.detectors.base import Hit, SignalSpec
from socialpolicy.detectors.context import Context, own_text_fields
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.evidence import Evidence
from socialpolicy.normalise import NormalisedText

ASK = "political_ask"
ASK_STEM = "political_ask_stem"
CAMPAIGN_ASK = "campaign_ask"
CONTEXT = "campaign_context"
GENERIC = "campaign_generic"
NON_CAMPAIGN = "non_campaign_context"
OFFICIAL = "elected_official"
STANCE = "political_stance"
STANCE_SOFT = "political_stance_soft"
POSITION = "political_position"
NEUTRAL = "political_neutral"
BACKING = "partisan_backing"
PLACE = "political_place"

LEXICONS = frozenset(
    {
        ASK,
        ASK_STEM,
        CAMPAIGN_ASK,
        CONTEXT,
        GENERIC,
        NON_CAMPAIGN,
        OFFICIAL,
        STANCE,
        STANCE_SOFT,
        POSITION,
        NEUTRAL,
        BACKING,
        PLACE,
    }
)
_ASKS = frozenset({ASK, ASK_STEM, CAMPAIGN_ASK})
_SIDES = frozenset({STANCE, STANCE_SOFT, BACKING})
_TRIGGERS = _ASKS | _SIDES  # the author's words that can start a finding

ASK_WINDOW = 300  # chars between an ask and its campaign word: a tweet, or a paragraph of an email
SIDE_WINDOW = 200  # chars between a backing word and its political reference
OFFICIAL_WINDOW = 200  # a stance and its official: same sentence, and no further apart than this
REPLY_FIELD = "in_reply_to.text"
NAME = "political"


@dataclass(slots=True)
class _Outside:
    """Context from outside one field: the post replied to, and the author's other fields
    (a caption naming the candidate, the text asking for money). Never the asking words."""

    campaign: Evidence | None = None
    official: Evidence | None = None
    position: bool = False

    def merge(self, other: _Outside) -> _Outside:
        return _Outside(
            self.campaign or other.campaign,
            self.official or other.official,
            self.position or other.position,
        )


def _summary(field: str, nt: NormalisedText, groups: dict[str, list[LexiconMatch]]) -> _Outside:
    """What one field contributes as context to the others."""
    campaign = pick(groups, CONTEXT) or ([] if NON_CAMPAIGN in groups else pick(groups, GENERIC))
    officials = pick(groups, OFFICIAL)
    return _Outside(
        campaign=match_evidence(NAME, field, nt, campaign[0]) if campaign else None,
        official=match_evidence(NAME, field, nt, officials[0]) if officials else None,
        position=POSITION in groups,
    )


def _reply(ctx: Context) -> _Outside:
    target = ctx.post.in_reply_to
    if target is None or not target.text:
        return _Outside()
    groups = ctx.grouped(REPLY_FIELD, target.text)
    if LEXICONS.isdisjoint(groups):
        return _Outside()
    return _summary(REPLY_FIELD, ctx.normalised(REPLY_FIELD, target.text), groups)


@dataclass(slots=True)
class _Field:
    """One field of the author's own words, with its matches by lexicon."""

    name: str
    nt: NormalisedText
    groups: dict[str, list[LexiconMatch]]
    outside: _Outside  # the post replied to and the author's other fields

    def ev(self, m: LexiconMatch) -> Evidence:
        return match_evidence(NAME, self.name, self.nt, m)

    @property
    def contexts(self) -> list[LexiconMatch]:
        """Campaign words: unambiguous ones, and ambiguous ones unless e.g. a charity is named."""
        if NON_CAMPAIGN in self.groups:
            return pick(self.groups, CONTEXT)
        return pick(self.groups, CONTEXT, GENERIC)

    @property
    def political(self) -> list[LexiconMatch]:
        """Any political reference: campaign words, elected officials, wards and ridings."""
        return pick(self.groups, OFFICIAL, PLACE) + self.contexts


class PoliticalDetector:
    """Political solicitation, opinions on elected officials, partisan posts."""

    name: str = NAME
    signals: Sequence[SignalSpec] = (
        SignalSpec(
            "political.solicitation",
            "count",
            "Asks for money, donations or volunteers for a political campaign "
            "(an ask with a campaign context nearby or in the post replied to).",
        ),
        SignalSpec(
            "political.official_opinion",
            "count",
            "Sentences that weigh in on an elected official's opinions or political "
            "positions (approval or disapproval).",
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
        fields: list[tuple[str, NormalisedText, dict[str, list[LexiconMatch]]]] = []
        for field_name, raw in own_text_fields(ctx):
            groups = ctx.grouped(field_name, raw)
            if not LEXICONS.isdisjoint(groups):
                fields.append((field_name, ctx.normalised(field_name, raw), groups))
        if not fields:
            return  # the common case: nothing political at all
        if not any(_TRIGGERS.intersection(groups) for _, _, groups in fields):
            # Political words but no ask, stance or backing: only the context flag.
            yield from self._context_only(fields)
            return
        reply = _reply(ctx)
        summaries = [_summary(name, nt, groups) for name, nt, groups in fields]
        flagged = False
        for i, (field_name, nt, groups) in enumerate(fields):
            outside = reply
            for j, other in enumerate(summaries):
                if j != i:
                    outside = outside.merge(other)
            f = _Field(field_name, nt, groups, outside)
            if not flagged:
                contexts = f.contexts
                ev = f.ev(contexts[0]) if contexts else reply.campaign
                if ev is not None:
                    flagged = True
                    yield Hit("political.campaign_context", (ev,))
            if _ASKS.intersection(groups):
                yield from self._solicitation(f)
            if _SIDES.intersection(groups):
                sents = Sentences(nt.text)
                neutral = {sents.index(m.start) for m in groups.get(NEUTRAL, ())}
                yield from self._official_opinion(f, sents, neutral)
                yield from self._partisan(f, sents, neutral)

    def _context_only(
        self, fields: list[tuple[str, NormalisedText, dict[str, list[LexiconMatch]]]]
    ) -> Iterator[Hit]:
        for name, nt, groups in fields:
            contexts = (
                pick(groups, CONTEXT) if NON_CAMPAIGN in groups else pick(groups, CONTEXT, GENERIC)
            )
            if contexts:
                ev = match_evidence(NAME, name, nt, contexts[0])
                yield Hit("political.campaign_context", (ev,))
                return

    def _solicitation(self, f: _Field) -> Iterator[Hit]:
        seen: set[int] = set()
        contexts = f.contexts
        political = f.political
        for strong, asks in (
            (True, pick(f.groups, CAMPAIGN_ASK)),
            (False, pick(f.groups, ASK, ASK_STEM)),
        ):
            # Asks only campaigns make need any political reference; others a campaign word.
            pool = political if strong else contexts
            reply_ev = f.outside.campaign or (f.outside.official if strong else None)
            for ask in asks:
                if ask.start in seen:
                    continue  # one ask listed in two lexicons
                near = nearest(pool, ask, ASK_WINDOW)
                ctx_ev = f.ev(near) if near is not None else reply_ev
                if ctx_ev is None:
                    continue
                seen.add(ask.start)
                yield Hit("political.solicitation", (f.ev(ask), ctx_ev))

    def _official_opinion(self, f: _Field, sents: Sentences, neutral: set[int]) -> Iterator[Hit]:
        officials = pick(f.groups, OFFICIAL)
        if not officials and f.outside.official is None:
            return
        positions = pick(f.groups, POSITION)
        done: set[int] = set()
        for soft, stances in ((False, pick(f.groups, STANCE)), (True, pick(f.groups, STANCE_SOFT))):
            for st in stances:
                s = sents.index(st.start)
                if s in done or s in neutral:
                    continue
                same = [o for o in officials if sents.index(o.start) == s]
                official = nearest(same, st, OFFICIAL_WINDOW)
                if soft and not (
                    any(sents.index(p.start) == s for p in positions)
                    or (official is None and f.outside.position)
                ):
                    continue  # a mild word weighs in only on a named plan, motion or bill
                if official is not None:
                    off_ev = f.ev(official)
                elif f.outside.official is not None and not officials:
                    off_ev = f.outside.official  # a reply to (or caption naming) the official
                else:
                    continue
                done.add(s)
                yield Hit("political.official_opinion", (f.ev(st), off_ev))

    def _partisan(self, f: _Field, sents: Sentences, neutral: set[int]) -> Iterator[Hit]:
        backing = pick(f.groups, BACKING)
        if not backing:
            return
        political = f.political
        done: set[int] = set()
        for b in backing:
            s = sents.index(b.start)
            if s in done or s in neutral:
                continue
            near = nearest(political, b, SIDE_WINDOW)
            if near is not None and sents.index(near.start) in neutral:
                near = None
            ref = f.ev(near) if near is not None else (f.outside.campaign or f.outside.official)
            if ref is None:
                continue
            done.add(s)
            yield Hit("political.partisan", (f.ev(b), ref))
