"""Whose is a phone number, email, address, birth date or plate the scan found?

The shape of a datum does not say whose it is. A privacy breach needs a private person's
data; the organisation's contacts (settled before this: `allowlist`, `org_contacts`), the
author's own and a public place's are not others' information. This module reads the
sentence around each datum and answers with a `Owner`:

- `PRIVATE`: the post ties it to a private person ("call his sister at ...", "the
  complainant lives at ...", a name right before it, a date of birth, a SIN), or, for a
  valid phone number or an email, nothing says it is anyone else's: a breach by itself;
- `UNCERTAIN`: only the shape is known (an address no one is said to live at, the author's
  own "text me at", an official account's bare number, a line offered to the reader in a
  post that speaks of someone): a person confirms;
- `NOT_PERSONAL`: a public place's address ("the open house at the community centre, 123
  Main St"), an organisation's line named as such ("Victim Services: 416-...", "call 14
  Division at ..."), a line offered to the reader in a post about no one ("📞 416-...",
  "416-..., 24/7"), a role mailbox (`info@`, `media@`), the date of birth of an adult in a
  formal charge announcement (public record).

The nearest cue before a datum says whose it is: "he appeared in court at 10 Armoury St" is
the court's address, "the clinic where her sister works, 416-..." the sister's number.

Cue words are pack lexicons (`pd_person_ref`, `pd_organisation`, `pd_org_mailbox`, and
`identity_public_record` for formal updates); a pack without them gets the defaults above.
"""

from __future__ import annotations

import enum
import re
from datetime import date

from socialpolicy.detectors._windows import Sentences, one_line
from socialpolicy.detectors.context import Context
from socialpolicy.detectors.personal_data._scan import PersonalDataFinding

_YEAR4 = re.compile(r"(?<!\d)\d{4}(?!\d)")
_YEAR2 = re.compile(r"(?<!\d)\d{2}(?!\d)")

PERSON_REF = "pd_person_ref"
ORGANISATION = "pd_organisation"
MAILBOX = "pd_org_mailbox"
PUBLIC_RECORD = "identity_public_record"
_LEXICONS = (PERSON_REF, ORGANISATION, MAILBOX, PUBLIC_RECORD)

REACH = 100  # characters before a datum in which its sentence can say whose it is
NAME_REACH = 40  # a name this close before a datum is its owner's ("Jane Roe, 416-...")
ADULT = 18


class Owner(enum.Enum):
    PRIVATE = "private"
    UNCERTAIN = "uncertain"
    NOT_PERSONAL = "not_personal"


# A person's name: two or three capitalised words, or an honorific and a surname. Only
# its presence right before a datum is read, so a rough pattern is enough.
_NAME = re.compile(
    r"\b(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?\s+[A-Z][a-z'’\-]+"
    r"|[A-Z][a-z'’\-]+(?:\s+[A-Z][a-z'’\-]+){1,2})\b"
)
# The author's own contact: "text me at", "my cell", "DM me".
_OWN = re.compile(r"\b(?:my|me|I|I'm|mine)\b")
# A phone sign before a number, or its hours after it: a line offered to the reader.
_PHONE_SIGN = re.compile("[\u260e\u2706\U0001f4de\U0001f4f1\U0001f4f2]")
_HOURS_AFTER = re.compile(r"\s*+[,(]?\s*+(?:24/7|24-7|24 hours|24h|open 24)", re.IGNORECASE)


class Ownership:
    """Judges the findings of one field; the work is done lazily, once per field."""

    def __init__(self, ctx: Context, field: str, raw: str) -> None:
        self.ctx = ctx
        self.field = field
        self.raw = raw
        self._spans: dict[str, list[tuple[int, int]]] | None = None
        self._mailboxes: frozenset[tuple[int, int]] | None = None
        self._sents: Sentences | None = None

    # -- context --------------------------------------------------------------------------

    def spans(self, lexicon: str) -> list[tuple[int, int]]:
        """Matches of a lexicon, in positions of the field as written."""
        if self._spans is None:
            self._spans = {lex: [] for lex in _LEXICONS}
            nt = self.ctx.normalised(self.field, self.raw)
            groups = self.ctx.grouped(self.field, self.raw)
            for lex in _LEXICONS:
                self._spans[lex] = [
                    nt.original_offsets(m.start, m.end) for m in groups.get(lex, ())
                ]
            org = self._spans[ORGANISATION]
            # "Victim Services": a person word inside an organisation's name is the name's.
            self._spans[PERSON_REF] = [
                p
                for p in self._spans[PERSON_REF]
                if not any(a <= p[0] and p[1] <= b for a, b in org)
            ]
        return self._spans[lexicon]

    def sentence_start(self, pos: int) -> int:
        if self._sents is None:
            self._sents = Sentences(one_line(self.raw))
        return self._sents.bounds(self._sents.index(pos))[0]

    def _last_before(self, lexicon: str, f: PersonalDataFinding) -> int:
        """End of the last match of `lexicon` earlier in the datum's sentence, within reach
        (-1: none)."""
        lo = max(self.sentence_start(f.start), f.start - REACH)
        return max((b for a, b in self.spans(lexicon) if lo <= a and b <= f.start), default=-1)

    def _tie(self, f: PersonalDataFinding) -> str | None:
        """Who the nearest cue before the datum ties it to: PERSON_REF ("call his sister at"),
        ORGANISATION ("he appeared in court at 10 Armoury St", "call 14 Division at"), or
        None. The nearer cue wins: the words right before a datum say whose it is."""
        person = self._last_before(PERSON_REF, f)
        org = self._last_before(ORGANISATION, f)
        if person < 0 and org < 0:
            return None
        return PERSON_REF if person > org else ORGANISATION

    def _offered(self, f: PersonalDataFinding) -> bool:
        """Is the contact offered to the reader as a line to use: after a phone sign ("📞
        416-..."), or followed by its hours ("416-..., 24/7")?"""
        return (
            _PHONE_SIGN.search(self.raw, max(0, f.start - 4), f.start) is not None
            or _HOURS_AFTER.match(self.raw, f.end) is not None
        )

    def _in_sentence(self, lexicon: str, f: PersonalDataFinding) -> bool:
        """A match of `lexicon` anywhere in the datum's sentence."""
        if self._sents is None:
            self._sents = Sentences(one_line(self.raw))
        lo, hi = self._sents.bounds(self._sents.index(f.start))
        return any(lo <= a and b <= hi for a, b in self.spans(lexicon))

    def _name_before(self, f: PersonalDataFinding) -> bool:
        lo = max(self.sentence_start(f.start), f.start - NAME_REACH)
        org = self.spans(ORGANISATION)
        for m in _NAME.finditer(self.raw, lo, f.start):
            if not any(a < m.end() and m.start() < b for a, b in org):
                return True
        return False

    def _own(self, f: PersonalDataFinding) -> bool:
        lo = max(self.sentence_start(f.start), f.start - REACH)
        return _OWN.search(self.raw, lo, f.start) is not None

    # -- judgement ------------------------------------------------------------------------

    def judge(self, f: PersonalDataFinding) -> Owner:
        if f.kind == "sin":
            return Owner.PRIVATE
        if f.kind == "birth_date":
            return self._birth_date(f)
        if f.kind in ("phone", "email"):
            return self._contact(f)
        if f.kind == "address":
            return self._address(f)
        if f.kind == "licence_plate":
            # A plate identifies its owner; a formal appeal ("stolen", "have you seen") or
            # charge announcement may publish it: then a person confirms.
            return Owner.UNCERTAIN if self._in_sentence(PUBLIC_RECORD, f) else Owner.PRIVATE
        return Owner.PRIVATE

    def _contact(self, f: PersonalDataFinding) -> Owner:
        if f.kind == "email" and self._role_mailbox(f):
            return Owner.NOT_PERSONAL
        tie = self._tie(f)
        if tie == PERSON_REF:
            return Owner.PRIVATE  # "call his sister at", "the complainant's cell is"
        if tie == ORGANISATION:
            return Owner.NOT_PERSONAL  # "Victim Services Toronto: 416-...", "call 14 Division at"
        if self._name_before(f):
            return Owner.PRIVATE  # "Jane Roe, 416-555-0199"
        if self._offered(f):
            # A line offered to the reader ("📞 416-...", "416-..., 24/7") is the author's or
            # an organisation's, unless someone is spoken of: then a person confirms.
            return Owner.UNCERTAIN if self.spans(PERSON_REF) else Owner.NOT_PERSONAL
        if self._own(f) or self.ctx.author.official:
            # The author's own line, or an official account's: not a third party's, as far
            # as the post shows; a person confirms.
            return Owner.UNCERTAIN
        return Owner.PRIVATE  # a valid number or email that is not the organisation's

    def _role_mailbox(self, f: PersonalDataFinding) -> bool:
        at = self.raw.find("@", f.start, f.end)
        if at <= 0:
            return False
        if self._mailboxes is None:  # a set: one look-up per email, not a pass over all
            self._mailboxes = frozenset(self.spans(MAILBOX))
        return (f.start, at) in self._mailboxes

    def _address(self, f: PersonalDataFinding) -> Owner:
        tie = self._tie(f)
        if tie == PERSON_REF:
            return Owner.PRIVATE  # "lives at", "her home", "the complainant, apt 4, ..."
        if tie == ORGANISATION:
            return Owner.NOT_PERSONAL  # a public place's or a business's ("court ... at 2201 ...")
        if self._in_sentence(PUBLIC_RECORD, f):
            return Owner.UNCERTAIN  # a formal update's address: whose, the update may say
        if self._name_before(f):
            return Owner.PRIVATE  # "Maria Fernandes, 2140 Kipling Ave"
        return Owner.UNCERTAIN  # a street address no one is said to live at

    def _birth_date(self, f: PersonalDataFinding) -> Owner:
        if self._in_sentence(PUBLIC_RECORD, f) and _adult(self.raw[f.start : f.end]):
            # An adult's date of birth in a charge announcement is public record; a young
            # person's never is (the Youth Criminal Justice Act protects their identity).
            return Owner.NOT_PERSONAL
        return Owner.PRIVATE


def _adult(text: str) -> bool:
    """Is the birth date in `text` (its year, written last or first) 18 or more years ago?"""
    years = _YEAR4.findall(text)
    if years:
        year = int(years[0])
    else:
        short = _YEAR2.findall(text)
        if not short:
            return False
        year = int(short[-1])
        year += 1900 if year > date.today().year % 100 else 2000
    return date.today().year - year > ADULT
