"""One field's scan: every kind of personal data in positions of its plain view.

The scanners of each kind live in their own modules; this one holds what they share (the
findings, the one-finding-per-stretch rule, links and identifiers that are not personal
data) and the order and cheap gates in which they run.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from socialpolicy.detectors.personal_data._runs import DigitRuns, _no_ascii_digit
from socialpolicy.detectors.personal_data.addresses import scan_addresses
from socialpolicy.detectors.personal_data.allowlist import Allowlist, scan_allowlisted_links
from socialpolicy.detectors.personal_data.birth_dates import (
    birth_cue,
    has_year_run,
    scan_birth_dates,
)
from socialpolicy.detectors.personal_data.emails import scan_emails
from socialpolicy.detectors.personal_data.phones import (
    _phone_shape,
    _vanity_hint,
    scan_phones,
    scan_short_codes,
)
from socialpolicy.detectors.personal_data.plates import plate_cue, scan_plates
from socialpolicy.detectors.personal_data.sin import scan_sins
from socialpolicy.normalise import NormalisedText, plain


@dataclass(frozen=True, slots=True)
class PersonalDataFinding:
    """One piece of personal data (or an allowlisted contact) in a field.

    `start`/`end` index the original field text; `value` is a comparable form
    (E.164 phone number, lower-case email, normalised address, digits).
    """

    kind: str  # one of KINDS, or "url" / "handle" for allowlisted contacts
    start: int
    end: int
    value: str
    allowlisted: bool = False


# Numbers that are identifiers or amounts, not phone numbers: "case 2025-1234567",
# "report #4165550199", "#4165550199", "$4165550199" (but "phone #416-555-0199" is a phone).
_ID_CUE = re.compile(
    r"(?:\b(?:case|file|incident|occurr?ence|report|ticket|ref|reference|claim|order|"
    r"invoice|tracking|badge|docket|event|complaint|account|acct|policy|serial|id|isbn|"
    r"dossier)\b\s*+(?:no\b\.?|number|num\b\.?|#)?\s*+[:#.]?\s*+|\$\s*+)$",  # possessive: linear
    re.I,
)
_PHONE_WORD_HASH = re.compile(r"\b(?:phone|tel|cell|mobile|fax|call|text|number)\.?\s*#$", re.I)
# A whitespace-delimited token that is a link: its digits are not personal data.
_URL_START = re.compile(r"(?:[a-z][a-z0-9+.\-]*://|www\.)", re.I)
_DOMAIN = re.compile(
    r"[\w\-]\.(?:com|org|net|ca|gov|edu|io|ly|co|info|biz|us|uk|fr|me|tv|app|news|link)"
    r"(?:[/:?#]|$)",
    re.I,
)
_TOKEN_REACH = 300  # how far to look for the ends of the token around a candidate


class Scan:
    """Findings in one field, in positions of its plain view."""

    def __init__(self, view: NormalisedText, allow: Allowlist, flag_toll_free: bool) -> None:
        self.view = view
        self.s = view.text
        self.allow = allow
        self.flag_toll_free = flag_toll_free
        self.found: list[PersonalDataFinding] = []
        self._taken: dict[str, list[tuple[int, int]]] = {}  # per kind, sorted, disjoint
        # The digit runs every digit-bearing kind starts from (set by `run`); None: each
        # scanner searches the whole text (the reference path the tests compare against).
        self.runs: DigitRuns | None = None

    def add(self, kind: str, a: int, b: int, value: str, allowlisted: bool = False) -> None:
        taken = self._taken.setdefault(kind, [])
        i = bisect.bisect_left(taken, (a, b))
        if (i > 0 and taken[i - 1][1] > a) or (i < len(taken) and taken[i][0] < b):
            return  # one finding per stretch of text and kind: the first reading wins
        taken.insert(i, (a, b))
        self.found.append(PersonalDataFinding(kind, a, b, value, allowlisted))

    def excluded(self, a: int, b: int) -> bool:
        """Inside a link, hashtag or mention: its digits are not personal data.

        Only the token around the candidate is read (bounded), so a long text with many
        candidates stays linear.
        """
        s = self.s
        lo = a
        while lo > 0 and a - lo < _TOKEN_REACH and not s[lo - 1].isspace():
            lo -= 1
        hi = b
        while hi < len(s) and hi - b < _TOKEN_REACH and not s[hi].isspace():
            hi += 1
        token = s[lo:hi]
        if _URL_START.match(token) or _DOMAIN.search(token):
            return True
        # Inside a hashtag or handle: "#yeg4165550199", "@user4165550199"
        return (
            token[:1] in ("#", "@")
            and lo + 1 < a
            and all(c.isalnum() or c == "_" for c in s[lo + 1 : a])
        )

    def id_number(self, a: int) -> bool:
        """Is the number at `a` introduced as an identifier or an amount?"""
        before = self.s[max(0, a - 40) : a]
        if _ID_CUE.search(before):
            return True
        # A '#' glued to the number marks an id ("#2025-1234567"), except "phone #416...".
        return before.endswith("#") and _PHONE_WORD_HASH.search(before) is None

    def run(self) -> list[PersonalDataFinding]:
        s = self.s
        if "@" in s:
            scan_emails(self)
        # Cheap gates first: most posts have few digits and none of the cue words. Each
        # digit threshold is the fewest digits a finding of that kind holds. The runs of
        # digits are found once; the scanners try their patterns only where those start.
        runs = self.runs = DigitRuns(s)
        digits = runs.digits
        if digits:
            low = s.lower()
            if digits >= 7 and _phone_shape(s, runs):
                scan_phones(self, True)
            elif digits >= 3 and _vanity_hint(s, runs):  # a vanity number has an area code
                scan_phones(self, False)
            scan_short_codes(self)
            if digits >= 9:
                scan_sins(self, "SIN" in s or "NAS" in s or "surance" in low)
            scan_addresses(self)
            if digits >= 5 and birth_cue(low) and has_year_run(runs.spans):
                scan_birth_dates(self)
            if plate_cue(low):
                scan_plates(self)
        if (self.allow.urls and "." in s) or (self.allow.handles and "@" in s):
            scan_allowlisted_links(self)
        self.found.sort(key=lambda f: (f.start, f.end, f.kind))
        return self.found


_NO_CONTACTS = Allowlist()


def _nothing_to_find(s: str, allow: Allowlist) -> bool:
    """`Scan.run` on the view `s` can find nothing: no '@' (no email, no allowlisted handle),
    no digit (no other kind; an ASCII text has no other digits) and none of the allowlisted
    urls in it. Half of all posts: they skip the scan's objects and its digit runs."""
    return (
        "@" not in s
        and s.isascii()
        and _no_ascii_digit(s)
        and not (allow.urls and "." in s and any(u in s.casefold() for u in allow.urls))
    )


def find_personal_data(
    raw: str,
    allowlist: Allowlist = _NO_CONTACTS,
    *,
    flag_toll_free: bool = False,
    view: NormalisedText | None = None,
) -> list[PersonalDataFinding]:
    """Personal data and allowlisted contacts in one text; positions index `raw`. `view` is
    `plain(raw)` when the caller has it already (a field's shared `plain_of`)."""
    if view is None:
        view = plain(raw)
    if _nothing_to_find(view.text, allowlist):
        return []
    out = []
    for f in Scan(view, allowlist, flag_toll_free).run():
        a, b = view.original_offsets(f.start, f.end)
        out.append(PersonalDataFinding(f.kind, a, b, f.value, f.allowlisted))
    return out
