"""Solicitation for a political campaign (Edmonton 3e): an ask, and who it is for.

A solicitation is two things that may sit in different sentences, in a link, or in the post
replied to:

- **the ask**: for money (donate, chip in, every bit helps, tickets for a fundraiser dinner),
  for helpers (volunteers needed, help re-elect), "need" followed by helpers ("we need a few
  more drivers", "could use a few more doors knocked"), or an activity only campaigns ask for
  (door knocking, phone banks: `campaign_ask`) with an invitation ("DM me if you're in").
  Invitations and channels alone ("sign up", "swing by", "link in bio") ask weakly;
- **the beneficiary**: clearly political (`campaign_context`: re-electing someone, a race, a
  party, "for council"; a candidate's own campaign, "Dana Li's campaign"; a campaign-only
  activity or material with an electoral reference, "lawn signs ... Ward 6"), or probably
  political (the ambiguous words of `campaign_generic`, an official, a campaign-only activity
  alone; a ward only makes a campaign activity clearly political).

An ask for a clearly political beneficiary is a solicitation by itself
(`political.solicitation`); a weaker pairing is a probable one a person confirms
(`political.solicitation_hint`). A charity, a drive, an award, a public-safety campaign or
police volunteering in the field (`non_campaign_context`) leaves only the unambiguous words.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from socialpolicy.detectors._windows import near, nearest, pick
from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.political_refs import (
    ASK,
    ASK_CHANNEL,
    ASK_NEED,
    ASK_STEM,
    BODY,
    CAMPAIGN_ASK,
    CONTEXT,
    GENERIC,
    HELPER,
    MATERIAL,
    OFFICIAL,
    PLACE,
    Field,
    link_words,
)
from socialpolicy.evidence import Evidence

SOLICITATION = "political.solicitation"
HINT = "political.solicitation_hint"

ASK_WINDOW = 300  # chars between an ask and its beneficiary: a tweet, or a paragraph
NEED_WINDOW = 40  # "we need a few more door-knockers": the need and the helpers it names
ACTIVITY_WINDOW = 200  # a campaign activity and the invitation or electoral word beside it


@dataclass(frozen=True, slots=True)
class _Ask:
    evidence: Evidence
    at: LexiconMatch  # where the ask sits (for distances)
    strong: bool  # names money or helpers, not only a channel


def _asks(f: Field) -> list[_Ask]:
    """Every ask in the field, one per position."""
    g = f.groups
    out: list[_Ask] = []
    taken: set[int] = set()

    def add(m: LexiconMatch, strong: bool, ev: Evidence | None = None) -> None:
        if m.start not in taken:
            taken.add(m.start)
            out.append(_Ask(ev or f.ev(m), m, strong))

    for m in pick(g, ASK, ASK_STEM):
        add(m, True)
    activities = pick(g, CAMPAIGN_ASK)
    needs = g.get(ASK_NEED, ())
    if needs:
        # "we need drivers", "could use a few more doors knocked": the need names helpers.
        wanted = pick(g, HELPER, CAMPAIGN_ASK)
        for n in needs:
            # Only helpers ending right before the need or starting within the window after it
            # qualify; those lie in `near`'s slice, in the same order.
            for w in near(wanted, n.start - 1, n.end + NEED_WINDOW):
                if 0 <= w.start - n.end <= NEED_WINDOW:
                    add(n, True, f.ev(LexiconMatch(n.lexicon_id, n.term, n.start, w.end)))
                    break
                if 0 <= n.start - w.end <= 1:  # "drivers needed", "canvassers wanted"
                    add(w, True, f.ev(LexiconMatch(n.lexicon_id, n.term, w.start, n.end)))
                    break
    channels = g.get(ASK_CHANNEL, ())
    for m in channels:
        # An invitation beside an activity only campaigns ask for is an ask for volunteers.
        strong = nearest(activities, m, ACTIVITY_WINDOW) is not None
        add(m, strong)
    return out


def _apart(pool: list[LexiconMatch], ask: LexiconMatch, window: int) -> LexiconMatch | None:
    """The nearest beneficiary that is not the ask's own words ("support the campaign" names
    no one: its "campaign" is the ask)."""
    return nearest(pool, ask, window, apart=True)


@dataclass(slots=True)
class _Beneficiaries:
    strong: list[LexiconMatch]
    weak: list[LexiconMatch]


def _beneficiaries(f: Field) -> _Beneficiaries:
    g = f.groups
    strong = list(g.get(CONTEXT, ())) + f.campaign_handles
    weak: list[LexiconMatch] = []
    personal = f.personal_campaigns
    if f.non_campaign:
        # Only the unambiguous words survive a charity, a drive, an award in the post; a
        # candidate's own campaign is still probably political.
        weak.extend(personal)
    else:
        strong.extend(personal)
        electoral = pick(g, GENERIC, PLACE, OFFICIAL, BODY)
        campaign_only = pick(g, CAMPAIGN_ASK, MATERIAL)
        helped = f.helped_persons if campaign_only else []
        for m in campaign_only:
            # Lawn signs or door knocking with a ward, an office, an election or another
            # campaign-only thing named ("can't knock doors? ... through e-day"), or for a
            # person ("door-knockers for Sam": canvassing for someone is their campaign).
            clear = (
                nearest(electoral, m, ASK_WINDOW) is not None
                or nearest(campaign_only, m, ASK_WINDOW, apart=True) is not None
                or nearest(helped, m, ACTIVITY_WINDOW) is not None
            )
            (strong if clear else weak).append(m)
        places = pick(g, PLACE)
        for m in g.get(GENERIC, ()):
            # An election word with an electoral area is a race ("elected in Ward 5",
            # "Ward 9 candidate"); alone it may be anything's campaign.
            (strong if nearest(places, m, ASK_WINDOW) is not None else weak).append(m)
        # A ward alone is no beneficiary (a ward clean-up asks for volunteers too).
        weak.extend(pick(g, OFFICIAL))
    strong.sort(key=lambda m: (m.start, m.end))
    weak.sort(key=lambda m: (m.start, m.end))
    return _Beneficiaries(strong, weak)


def solicitations(ctx: Context, f: Field) -> Iterator[Hit]:
    """`political.solicitation` for an ask with a clearly political beneficiary,
    `political.solicitation_hint` for a probable one."""
    asks = _asks(f)
    if not asks:
        return
    ben = _beneficiaries(f)
    link_strong: Evidence | None = None
    for link in link_words(ctx, f):
        if CONTEXT in link.groups:
            link_strong = link.evidence  # "lopez4mayor.example.ca"
            break
    outside_strong = f.outside.campaign or link_strong
    outside_weak = f.outside.campaign_weak
    for ask in asks:
        near = nearest(ben.strong, ask.at, ASK_WINDOW)
        strong_ev = f.ev(near) if near is not None else outside_strong
        if strong_ev is not None and ask.strong:
            yield Hit(SOLICITATION, (ask.evidence, strong_ev))
            continue
        weak = _apart(ben.weak, ask.at, ASK_WINDOW)
        weak_ev = f.ev(weak) if weak is not None else outside_weak
        if ask.strong and weak_ev is not None:
            yield Hit(HINT, (ask.evidence, weak_ev))
        elif strong_ev is not None:
            # An invitation to a clearly political campaign ("swing by the campaign office").
            yield Hit(HINT, (ask.evidence, strong_ev))
