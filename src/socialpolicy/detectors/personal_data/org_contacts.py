"""Contacts the post or the account presents as the organisation's, beyond contacts.yaml.

A phone number or email is the organisation's when the account publishes it (disclaimer,
bio, url) or when the pack's cue lexicons introduce it (`org_contact_*`: "non-emergency
line", "Crime Stoppers", "Corporate Communications ... reach them at", an instruction such
as "Seen her? Call ..."), or when it is chained to one of these.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable

from socialpolicy.detectors.context import Context
from socialpolicy.detectors.personal_data._scan import PersonalDataFinding, find_personal_data
from socialpolicy.normalise import plain

ORG_CUES = "org_contact_cues"
ORG_IMPERATIVE = "org_contact_imperative"
ORG_RELAY = "org_contact_relay"
ORG_UNITS = "org_units"
_ORG_LEXICONS = frozenset({ORG_CUES, ORG_IMPERATIVE, ORG_RELAY, ORG_UNITS})

CUE_REACH = 60  # characters from a contact cue to the number or email it introduces
IMPERATIVE_REACH = 20  # from "Call" / "Email" to the contact ("Email for more info: ...")
RELAY_REACH = 15  # from "reach them at" to the contact
UNIT_REACH = 150  # from a named unit to the "reach them at" that refers to it
_REACH = {ORG_CUES: CUE_REACH, ORG_IMPERATIVE: IMPERATIVE_REACH, ORG_RELAY: RELAY_REACH}
_MAX_REACH = max(_REACH.values())
CHAIN_GAP = 6  # "416-555-0100 or media@example.org": both the organisation's

# Between a cue and the contact: a private person's contact ("... call my brother at",
# "... call Maria at") or a sentence end means the cue no longer applies.
_PRIVATE_GAP = re.compile(
    r"(?i:\b(?:my|his|her|their|me|him)\b)|[.!](?:\s|$)|\b[A-Z][a-z]+\s+(?:at|on)\s*$"
)
# An instruction: the verb starts a sentence or follows "please", "you can", "or" ...
_INSTRUCTION_BEFORE = re.compile(
    r"(?:^|[.!?:;()\n\-–—]\s*|\b(?:please|pls|can|could|may|also|or|and|then|to|just|simply|"
    r"alternatively|free to|can you|could you)\s+)$",
    re.IGNORECASE,
)


def _instruction(raw: str, a: int, gap: str) -> bool:
    """Is the contact verb at `a` an instruction ("Seen her? Call ...", "you can email: ...")?

    A verb followed by a colon after punctuation or at the start is a label ("Personal info:
    Phone: ..."), which says nothing about whose contact it is.
    """
    m = _INSTRUCTION_BEFORE.search(raw[max(0, a - 16) : a])
    if m is None:
        return False
    return not gap.lstrip().startswith(":") or any(c.isalpha() for c in m.group())


@functools.lru_cache(maxsize=4096)
def _published_contacts(*texts: str | None) -> frozenset[str]:
    """Phone numbers and emails in an account's disclaimer, bio and url (accounts repeat)."""
    values: set[str] = set()
    for text in texts:
        if text:
            values.update(
                f.value
                for f in find_personal_data(text, flag_toll_free=True)
                if f.kind in ("phone", "email")
            )
    return frozenset(values)


class _CueSpans:
    """(lexicon, start, end) of the organisation-contact cues in a field, by end."""

    def __init__(self, spans: Iterable[tuple[str, int, int]]) -> None:
        self._spans = sorted(spans, key=lambda sp: sp[2])
        self._ends = [e for _, _, e in self._spans]

    def __bool__(self) -> bool:
        return bool(self._spans)

    def ending_in(self, lo: int, hi: int) -> list[tuple[str, int, int]]:
        """The spans whose end lies in [lo, hi]."""
        i = bisect.bisect_left(self._ends, lo)
        return self._spans[i : bisect.bisect_right(self._ends, hi)]


_CHAIN = re.compile(r"\s*(?:,|/|or|and|&|,\s*or)?\s*", re.IGNORECASE)


class OrgContacts:
    """Is a phone number or email the organisation's own, by what the post and account say?

    (a) the account publishes it (disclaimer, bio, url); (b) the pack's cue lexicons
    introduce it. Everything is computed lazily: most posts have no contact at all.
    """

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self._published: frozenset[str] | None = None
        self._cue_spans: dict[str, _CueSpans] = {}

    def published(self) -> frozenset[str]:
        """Phone numbers (E.164) and emails (case-folded) the account itself publishes."""
        if self._published is None:
            acc = self.ctx.author
            self._published = _published_contacts(acc.disclaimer, acc.bio, acc.url)
        return self._published

    def is_org_contact(self, field: str, raw: str, f: PersonalDataFinding) -> bool:
        if f.value in self.published():
            return True
        spans = self._cue_spans.get(field)
        if spans is None:
            nt = self.ctx.normalised(field, raw)
            grouped = self.ctx.grouped(field, raw)
            # The cue lexicons' own matches (shared groups): not every match of a long field.
            spans = self._cue_spans[field] = _CueSpans(
                (m.lexicon_id, *nt.original_offsets(m.start, m.end))
                for lexicon in _ORG_LEXICONS
                for m in grouped.get(lexicon, ())
            )
        if not spans:
            return False
        # Only cues ending within reach before the contact can introduce it: found by
        # bisection, so a text with many contacts and cues stays linear.
        for lex, a, b in spans.ending_in(f.start - _MAX_REACH, f.start):
            if f.start - b > _REACH.get(lex, -1):
                continue  # out of reach (or a unit name, which is not itself a cue)
            gap = plain(raw[b : f.start]).text  # "my" with a zero-width character inside is "my"
            if _PRIVATE_GAP.search(gap):
                continue
            if lex == ORG_CUES:
                return True
            if lex == ORG_IMPERATIVE and _instruction(raw, a, gap):
                return True
            if lex == ORG_RELAY and any(
                lu == ORG_UNITS for lu, _, _ in spans.ending_in(a - UNIT_REACH, a)
            ):
                return True
        return False

    @staticmethod
    def chained(raw: str, prev_end: int, start: int) -> bool:
        """Right after the organisation's contact: "416-555-0100 or media@example.org"."""
        return (
            prev_end >= 0
            and 0 <= start - prev_end <= CHAIN_GAP
            and _CHAIN.fullmatch(raw[prev_end:start]) is not None
        )
