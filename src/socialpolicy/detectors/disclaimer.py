"""Reading an account's contact disclaimer / acceptable use statement (Edmonton 3f).

"Commissioner accounts should have a contact disclaimer and acceptable use information." A
disclaimer is a short text with two things to find:

1. **A contact route**: how to reach the account holder or the Commission. An email address,
   a phone number, a web address, or words that name a route (`disclaimer_contact`: "contact
   me", "reach me", "the Commission office", "a web form", "DM me"). A route given only for
   emergencies ("in an emergency call 911", "to report a crime dial 911 or the
   non-emergency line") reaches the police, not the account holder: a route with an
   emergency cue (`disclaimer_emergency`) shortly before it, in the same sentence, or an
   emergency number right after it, does not count.
2. **Acceptable use information**: rules for the audience's conduct, or how comments are
   moderated and what the account is not for. Written in plain words, so read by structure:
   - a moderation act (`disclaimer_moderation`: removed, deleted, hidden, blocked, muted,
     banned, reported) in the same sentence as what it acts on (`disclaimer_audience`:
     comments, replies, personal attacks, hate, spam, abusive accounts): "personal attacks,
     hate and spam are removed", "I reserve the right to block abusive accounts";
   - a conduct norm (`disclaimer_norms`: civil, respectful, courteous, on topic) with an
     imperative or modal in the same sentence ("keep it civil", "comments must stay
     respectful", "respectful discussion only"), or "no" before what is not allowed ("no
     personal attacks, no spam");
   - a named statement or usage limit (`disclaimer_acceptable_use`: acceptable use, house
     rules, comments are moderated, not monitored 24/7, not for emergencies).
   "Views are my own" says whose opinions the posts are, not how the audience may use the
   account: it is not acceptable use information.

Everything here reads the pack's lexicons (matched once per field by the Context) and a few
patterns for the shapes of addresses and numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from socialpolicy.detectors._windows import Sentences, evidence
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.evidence import Evidence
from socialpolicy.normalise import NormalisedText

FIELD = "account.disclaimer"
DETECTOR = "account"

CONTACT = "disclaimer_contact"
EMERGENCY = "disclaimer_emergency"
ACCEPTABLE_USE = "disclaimer_acceptable_use"
MODERATION = "disclaimer_moderation"
AUDIENCE = "disclaimer_audience"
NORMS = "disclaimer_norms"

# Shapes of a route (in normalised, case-folded text). One pass each, no nested quantifiers
# over overlapping classes.
# Linear: tried once per run of address characters, each part taken whole (possessive).
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)+")
_WEB = re.compile(r"https?://\S+|www\.\S+|\b[a-z0-9-]+\.(?:ca|com|org|net|gov|gc\.ca)(?:/\S*)?\b")
# North American numbers as people write them: 780-555-0100, (780) 555-0100, 780.555.0100,
# +1 780 555 0100, 1-800-555-0100. A three-digit emergency number is not a route.
_PHONE = re.compile(
    r"(?<![\w+])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-]?)\d{3}[\s.-]?\d{4}(?!\d)"
)
# What makes a conduct norm a rule rather than a description: an imperative or a modal
# ("keep it civil", "must stay respectful", "respectful discussion only"). Grammar, not
# vocabulary.
_IMPERATIVE = re.compile(
    r"\b(?:keep|be|stay|remain|must|should|please|only|expect|expected|ask|asked|require|"
    r"required)\b"
)
_NO_BEFORE = re.compile(r"\bno\s+$")

EMERGENCY_REACH = 40  # characters from an emergency cue to the route it redirects
EMERGENCY_NEXT = 4  # characters from a route word to the emergency number it names
NORM_REACH = 40  # characters between a norm and the imperative that makes it a rule


@dataclass(frozen=True, slots=True)
class DisclaimerReading:
    """What a disclaimer gives: evidence of a contact route and of acceptable use, if any."""

    contact: Evidence | None
    acceptable_use: Evidence | None


def read_disclaimer(ctx: Context, raw: str) -> DisclaimerReading:
    """Find a contact route and acceptable use information in the account's disclaimer."""
    nt = ctx.normalised(FIELD, raw)
    g = ctx.grouped(FIELD, raw)
    sents = Sentences.of(nt)
    return DisclaimerReading(_contact(nt, g, sents), _acceptable_use(nt, g, sents))


def _ev(nt: NormalisedText, start: int, end: int) -> Evidence:
    return evidence(DETECTOR, FIELD, nt, start, end)


def _contact(
    nt: NormalisedText, g: dict[str, list[LexiconMatch]], sents: Sentences
) -> Evidence | None:
    text = nt.text
    emergencies = g.get(EMERGENCY, [])

    def for_emergencies(start: int, end: int) -> bool:
        """An emergency cue shortly before the route in its sentence ("for emergencies call
        ..."), or the emergency number right after it ("call 911"): it reaches the police."""
        i = sents.index(start)
        for e in emergencies:
            if e.end <= start and start - e.end <= EMERGENCY_REACH and sents.index(e.start) == i:
                return True
            if 0 <= e.start - end <= EMERGENCY_NEXT:
                return True
        return False

    candidates: list[tuple[int, int]] = [m.span() for m in _EMAIL.finditer(text)]
    if not candidates:
        candidates = [m.span() for m in _WEB.finditer(text)]
    candidates += [m.span() for m in _PHONE.finditer(text)]
    candidates += [(m.start, m.end) for m in g.get(CONTACT, [])]
    candidates.sort()
    for start, end in candidates:
        if not for_emergencies(start, end):
            return _ev(nt, start, end)
    return None


def _acceptable_use(
    nt: NormalisedText, g: dict[str, list[LexiconMatch]], sents: Sentences
) -> Evidence | None:
    named = g.get(ACCEPTABLE_USE)
    if named:
        return _ev(nt, named[0].start, named[0].end)
    text = nt.text
    audience = g.get(AUDIENCE, [])
    # A moderation act and what it acts on, in one sentence.
    for m in g.get(MODERATION, []):
        i = sents.index(m.start)
        for a in audience:
            if sents.index(a.start) == i:
                lo, hi = min(a.start, m.start), max(a.end, m.end)
                return _ev(nt, lo, hi)
    # "no personal attacks", "no spam or ads": what is not allowed.
    for a in audience:
        if _NO_BEFORE.search(text, max(0, a.start - 4), a.start):
            return _ev(nt, a.start - 3, a.end)
    # A conduct norm made a rule by an imperative or modal nearby in its sentence.
    for n in g.get(NORMS, []):
        lo, hi = sents.bounds(sents.index(n.start))
        lo, hi = max(lo, n.start - NORM_REACH), min(hi, n.end + NORM_REACH)
        if _IMPERATIVE.search(text, lo, hi):
            return _ev(nt, n.start, n.end)
    return None
