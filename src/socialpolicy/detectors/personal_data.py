"""Personal data detector: phone numbers, emails, addresses, birth dates, plates, SINs.

It reads the author's own words only (the post text, then each media caption and alt text),
on a light view of each field (`normalise.plain`: NFKC per character, invisible characters
dropped) so that digits, letter case and postal codes read as written, fullwidth digits
become ASCII and zero-width characters cannot split a number. Evidence spans index the
field as given.

The organisation's own public contacts (`ctx.resources.contacts`) are never personal data:
they raise `personal_data.allowlisted_contact` instead. Neither are phone numbers and emails
the post itself presents as the organisation's (see `_OrgContacts`): ones the account
publishes in its disclaimer, bio or url, and ones introduced by the pack's contact cues
(`org_contact_*` lexicons: "non-emergency line", "Crime Stoppers", "Corporate
Communications ... reach them at", an instruction such as "Seen her? Call ...").
See docs/detectors/personal-data.md.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import phonenumbers  # type: ignore[import-untyped,unused-ignore]
from email_validator import EmailNotValidError, validate_email

from socialpolicy.citations import Span
from socialpolicy.detectors.base import Hit, SignalSpec
from socialpolicy.detectors.context import Context, own_text_fields
from socialpolicy.evidence import Evidence
from socialpolicy.lexicons import Contact, ContactKind
from socialpolicy.normalise import NormalisedText, plain

__all__ = [
    "KINDS",
    "Allowlist",
    "PersonalDataDetector",
    "PersonalDataFinding",
    "find_personal_data",
]

KINDS: tuple[str, ...] = ("phone", "email", "address", "birth_date", "licence_plate", "sin")

_SIGNALS: tuple[SignalSpec, ...] = (
    SignalSpec(
        "personal_data.phone",
        "count",
        "Phone numbers (Canadian/US formats, vanity numbers like 416-222-TIPS, "
        "international numbers with +), other than the organisation's own.",
    ),
    SignalSpec(
        "personal_data.email", "count", "Valid email addresses other than the organisation's own."
    ),
    SignalSpec(
        "personal_data.address",
        "count",
        "Street addresses ('123 Main St', '1700, 10235 101 St NW') and Canadian "
        "postal codes, other than the organisation's own.",
    ),
    SignalSpec(
        "personal_data.birth_date",
        "count",
        "Full dates introduced as a birth date ('DOB 1990-04-12', 'born on "
        "March 3, 1988'); a bare date is not one.",
    ),
    SignalSpec(
        "personal_data.licence_plate",
        "count",
        "Licence plates introduced by a cue word ('plate ABC-1234').",
    ),
    SignalSpec(
        "personal_data.sin",
        "count",
        "Canadian social insurance numbers: 9 digits passing the Luhn check, "
        "grouped 3-3-3 or introduced by 'SIN' / 'social insurance'.",
    ),
    SignalSpec(
        "personal_data.any",
        "count",
        "All personal data found, every kind together (allowlisted contacts excluded).",
    ),
    SignalSpec("personal_data.kinds", "tags", "The kinds of personal data found.", tags=KINDS),
    SignalSpec(
        "personal_data.allowlisted_contact",
        "count",
        "The organisation's own public contacts seen in the text (never personal data).",
    ),
)


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


# --- allowlist ---------------------------------------------------------------------------

_STREET_WORDS = {
    "street": "st", "avenue": "ave", "av": "ave", "road": "rd", "boulevard": "blvd",
    "drive": "dr", "crescent": "cres", "court": "ct", "place": "pl", "lane": "ln",
    "terrace": "terr", "parkway": "pkwy", "highway": "hwy", "square": "sq", "circle": "cir",
    "trail": "trl", "north": "n", "south": "s", "east": "e", "west": "w", "northwest": "nw",
    "northeast": "ne", "southwest": "sw", "southeast": "se", "suite": "ste",
    "apartment": "apt", "saint": "st", "ontario": "on", "alberta": "ab",
}  # fmt: skip
# Canadian postal codes: found from their first digit (a pattern that starts with a digit
# class is scanned much faster than one starting with a lookbehind), then the district
# letter before it is checked.
_POSTAL_REST = re.compile(r"\d[abceghj-nprstv-z][ \-]?\d[abceghj-nprstv-z]\d(?![\w\-])", re.I)
_POSTAL_DISTRICTS = frozenset("abceghjklmnprstvxyABCEGHJKLMNPRSTVXY")


def _postal_codes(s: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, key) of each postal code ("M5G 2C3" -> "m5g2c3")."""
    for m in _POSTAL_REST.finditer(s):
        a = m.start() - 1
        if a < 0 or s[a] not in _POSTAL_DISTRICTS or _word_before(s, a):
            continue
        yield a, m.end(), (s[a : a + 3] + s[m.end() - 3 : m.end()]).lower()


def _word_before(s: str, a: int, also: str = "_-") -> bool:
    """Is `s[a]` glued to a word character (or one of `also`) before it?"""
    return a > 0 and (s[a - 1].isalnum() or s[a - 1] in also)


_SHORT_CODE = re.compile(r"[#*]?\d{2,6}")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def address_key(text: str) -> str:
    """A comparable form of an address: '40 College Street.' and '40 college st' agree."""
    words = re.findall(r"[^\W_]+", _fold(text))
    return " ".join(_STREET_WORDS.get(w, w) for w in words)


def phone_key(value: str) -> str | None:
    """E.164 form of a phone number ('+14165550199'), or None when it is not one."""
    try:
        number = phonenumbers.parse(phonenumbers.convert_alpha_characters_in_number(value), "CA")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def _url_key(value: str) -> str:
    v = _fold(value.strip())
    v = re.sub(r"^[a-z][a-z0-9+.-]*://", "", v)
    v = re.sub(r"^www\.", "", v)
    return v.rstrip("/")


@dataclass(frozen=True, slots=True)
class Allowlist:
    """The organisation's public contacts, in comparable forms."""

    phones: frozenset[str] = frozenset()  # E.164
    short_codes: tuple[str, ...] = ()  # "911", "#377"
    emails: frozenset[str] = frozenset()  # case-folded
    addresses: tuple[str, ...] = ()  # address_key forms
    postal_codes: frozenset[str] = frozenset()  # "m5g2j3"
    urls: tuple[str, ...] = ()  # without scheme and "www.", case-folded
    handles: tuple[str, ...] = ()  # "@torontopolice"

    @classmethod
    def from_contacts(cls, contacts: Sequence[Contact]) -> Allowlist:
        """Compiled once per contact list (a pack's contacts are fixed)."""
        hit = _ALLOW_CACHE.get(id(contacts))
        if hit is not None and hit[0] is contacts:
            return hit[1]
        allow = _allowlist(tuple(contacts))
        if len(_ALLOW_CACHE) >= 64:
            _ALLOW_CACHE.clear()
        # Keep `contacts` alive with its entry, so its id cannot be reused meanwhile.
        _ALLOW_CACHE[id(contacts)] = (contacts, allow)
        return allow

    def has_address(self, key: str) -> bool:
        """Does a street address (an `address_key`) belong to the organisation?"""
        padded = f" {key} "
        return any(padded in f" {a} " or f" {a} " in padded for a in self.addresses if a)


_ALLOW_CACHE: dict[int, tuple[Sequence[Contact], Allowlist]] = {}


def _allowlist(contacts: tuple[Contact, ...]) -> Allowlist:
    phones: set[str] = set()
    shorts: list[str] = []
    emails: set[str] = set()
    addresses: list[str] = []
    postal: set[str] = set()
    urls: list[str] = []
    handles: list[str] = []
    for c in contacts:
        value = plain(c.value).text.strip()
        if c.kind == ContactKind.PHONE:
            compact = re.sub(r"[\s.()\-]", "", value)
            if _SHORT_CODE.fullmatch(compact):
                shorts.append(compact)
            else:
                key = phone_key(value)
                if key:
                    phones.add(key)
        elif c.kind == ContactKind.EMAIL:
            emails.add(value.casefold())
        elif c.kind == ContactKind.ADDRESS:
            addresses.append(address_key(value))
            postal.update(key for _, _, key in _postal_codes(value))
        elif c.kind == ContactKind.URL:
            urls.append(_url_key(value))
        elif c.kind == ContactKind.HANDLE:
            handles.append("@" + value.lstrip("@").casefold())
    return Allowlist(
        frozenset(phones),
        tuple(dict.fromkeys(shorts)),
        frozenset(emails),
        tuple(addresses),
        frozenset(postal),
        tuple(dict.fromkeys(urls)),
        tuple(dict.fromkeys(handles)),
    )


# --- patterns ----------------------------------------------------------------------------

_DIGIT = re.compile(r"\d")
_VANITY_HINT = re.compile(r"\d[\s.\-][a-z]{3}", re.I)
# Substrings of lower-cased text that must occur for a birth date or a plate to be read.
_BIRTH_CUE = re.compile(r"dob|d\.o\.b|birth|born|ne le|né le|née|nee le|naissance")
_PLATE_CUE = re.compile(r"plate|licen|tag")
# Seven or more digits with at most three separator characters between them.
_PHONE_HINT = re.compile(r"\d(?:[\s().\-\u2010-\u2015/]{0,3}\d){6,}")
# The phone matcher (region CA, strict grouping) only accepts North American numbers
# (area code and exchange starting 2-9) or '+' international ones: a post with neither
# shape cannot hold a phone number, so the slow matcher is skipped (dates, counts, ids).
# The North American shape starts from its first digit (the lookbehind after it says no
# digit comes before): a pattern that starts with a lookbehind or an alternation is scanned
# several times slower. The '+' shape is tested only when the text has a '+'.
_NANP_SHAPE = re.compile(
    r"[2-9](?<!\d\d)\d{2}\)?[\s.\-\u2010-\u2015]{0,2}[2-9]\d{2}[\s.\-\u2010-\u2015]{0,2}\d{4}(?!\d)"
)
_PLUS_SHAPE = re.compile(r"\+\s?\d")


def _phone_shape(s: str) -> bool:
    return _NANP_SHAPE.search(s) is not None or ("+" in s and _PLUS_SHAPE.search(s) is not None)


_VANITY = re.compile(
    r"(?<![\w+])(?:\+?1[\s.\-]?)?(?:\(\d{3}\)|\d{3})[\s.\-]?(?:\d{3}|[a-z]{3})[\s.\-][a-z]{4}(?!\w)",
    re.I,
)
# Numbers that are identifiers or amounts, not phone numbers: "case 2025-1234567",
# "report #4165550199", "#4165550199", "$4165550199" (but "phone #416-555-0199" is a phone).
_ID_CUE = re.compile(
    r"(?:\b(?:case|file|incident|occurr?ence|report|ticket|ref|reference|claim|order|"
    r"invoice|tracking|badge|docket|event|complaint|account|acct|policy|serial|id|isbn|"
    r"dossier)\b\s*(?:no\b\.?|number|num\b\.?|#)?\s*[:#.]?\s*|\$\s*)$",
    re.I,
)
_PHONE_WORD_HASH = re.compile(r"\b(?:phone|tel|cell|mobile|fax|call|text|number)\.?\s*#$", re.I)
_EMAIL = re.compile(r"(?<![\w.+\-%])[\w.+\-%]+@[\w\-]+(?:\.[\w\-]+)+")
# A whitespace-delimited token that is a link: its digits are not personal data.
_URL_START = re.compile(r"(?:[a-z][a-z0-9+.\-]*://|www\.)", re.I)
_DOMAIN = re.compile(
    r"[\w\-]\.(?:com|org|net|ca|gov|edu|io|ly|co|info|biz|us|uk|fr|me|tv|app|news|link)"
    r"(?:[/:?#]|$)",
    re.I,
)
# A plainly written North American number, and what may not follow it for the fast path
# (an extension, more digits or letters glued on): the phone matcher reads those.
_CLEAN_NANP = re.compile(r"(?:\+?1[\s.\-]?)?(?:\(\d{3}\)|\d{3})[\s.\-]?\d{3}[\s.\-]?\d{4}")
_AFTER_NUMBER = re.compile(r"\s*(?:ext|x|#|poste)\.?\s*\d|[\w\-/]", re.IGNORECASE)
_NON_DIGIT = re.compile(r"\D")


@functools.lru_cache(maxsize=4096)
def _valid_ca_number(text: str) -> phonenumbers.PhoneNumber | None:
    """The number this text dials from Canada, if valid (numbers repeat across posts)."""
    try:
        number = phonenumbers.parse(text, "CA")
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


_BUSINESS_LINES = frozenset(
    (
        phonenumbers.PhoneNumberType.TOLL_FREE,
        phonenumbers.PhoneNumberType.PREMIUM_RATE,
        phonenumbers.PhoneNumberType.SHARED_COST,
    )
)


@functools.lru_cache(maxsize=4096)
def _number_facts(country_code: int, national: int, zeros: int) -> tuple[str, bool]:
    """(E.164 form, is it a business line: toll-free, premium or shared cost) of a number.

    Keyed by the parts that decide both, so that repeated numbers skip the metadata walk.
    """
    number = phonenumbers.PhoneNumber(
        country_code=country_code,
        national_number=national,
        italian_leading_zero=zeros > 0 or None,
        number_of_leading_zeros=zeros if zeros > 1 else None,
    )
    e164 = str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))
    return e164, phonenumbers.number_type(number) in _BUSINESS_LINES


@functools.lru_cache(maxsize=4096)
def _valid_email(address: str) -> bool:
    """Is this a syntactically valid email address (no DNS: this library runs offline)?"""
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


_WINDOW, _OVERLAP = 200, 60  # phone matcher windows over long runs of digits
_TOKEN_REACH = 300  # how far to look for the ends of the token around a candidate
_SIN = re.compile(r"(\d{3})([ \-])(\d{3})\2(\d{3})(?![\w\-]|\.\d)")  # + nothing glued before
_SIN_CUED = re.compile(
    r"(?:\bSIN\b|\bNAS\b|(?i:\bsocial\s+insurance(?:\s+number)?|\bnum[eé]ro\s+d'assurance\s+sociale))"
    r"(?i:\s*(?:#|no\b\.?|number|is|was|:)?\s*[:#]?\s*)"
    r"(\d{3}[ \-]?\d{3}[ \-]?\d{3})(?![\w\-]|\.\d)"
)

_STREET_TYPES = (
    "street|st|avenue|ave|av|road|rd|boulevard|blvd|drive|dr|crescent|cres|court|ct|place|pl|"
    "lane|ln|way|trail|trl|terrace|terr|parkway|pkwy|circle|cir|square|sq|highway|hwy|gate|"
    "grove|heights|hts|close|line|sideroad|row|gardens|gdns|mews|landing|common|green|wynd"
)
_ABBREVIATED = frozenset((
    "st", "ave", "av", "rd", "blvd", "dr", "cres", "ct", "pl", "ln", "trl", "terr", "pkwy",
    "cir", "sq", "hwy", "hts", "gdns",
))  # fmt: skip
# Street types that are also everyday words: only a capitalised one names a street.
_COMMON_WORD_TYPES = frozenset((
    "line", "way", "place", "court", "square", "circle", "grove", "heights", "close", "row",
    "gardens", "mews", "landing", "common", "green", "gate", "terrace", "trail", "drive",
))  # fmt: skip


def _trie(words: Sequence[str]) -> str:
    """A regex alternation of `words` as a prefix tree ("av(?:e(?:nue)?)?|..."): the regex
    engine tries alternatives one by one, so shared prefixes are read once, not per word."""
    tree: dict[str, Any] = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        alts = [re.escape(ch) + emit(node[ch]) for ch in sorted(node) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(tree)


_ADDRESS = re.compile(
    # A number not preceded by a digit (the lookbehind sits after the first digit so the
    # scan still starts from a digit class), + nothing else glued before (checked after).
    r"(?P<num>\d(?<!\d\d)\d{0,5}[a-z]?)\s+"
    r"(?P<name>(?:[\w'.\-]+\s+){1,3}?)"
    rf"(?P<type>{_trie(_STREET_TYPES.split('|'))})\b\.?"
    r"(?P<dir>\s+(?:nw|ne|sw|se|n|s|e|w|north|south|east|west)\b\.?)?"
    r"(?P<apt>\s*,?\s*(?:apt|apartment|unit|suite|ste|#)\.?\s*#?\s*\d+[a-z]?\b)?",
    re.I,
)
# "1700, 10235 101 St NW", "Suite 200, 40 College St", "#3 - 45 Elm Ave"
_UNIT_BEFORE = re.compile(
    r"(?:(?:suite|unit|apt|apartment|ste)\.?\s*#?\s*|#\s*)?\d{1,5}[a-z]?\s*[,\-]\s*$", re.I
)
# After a street address: ", Toronto, ON M5G 2C3" / ", Washington, DC 20500"
_ADDRESS_TAIL = re.compile(
    r"(?:\s*,?\s*[A-Z][\w'.\-]*(?:\s+[A-Z][\w'.\-]*){0,3})?\s*,?\s*"
    r"(?:(?:[A-Z]{2}|Ontario|Alberta|Quebec|Québec)\s*,?\s*)?"
    r"(?:(?P<fsa>[A-Z]\d[A-Z])[ \-]?(?P<ldu>\d[A-Z]\d)|(?P<zip>\d{5}(?:-\d{4})?))(?![\w\-])"
)
_NAME_STOPWORDS = frozenset((
    "the", "a", "an", "at", "in", "on", "of", "to", "for", "and", "or", "my", "your", "our",
    "their", "his", "her", "its", "this", "that", "these", "those", "is", "are", "was", "were",
    "be", "been", "with", "by", "from", "am", "pm", "times", "years", "days", "hours",
    "minutes", "people", "kids", "more", "than", "about", "over", "under", "just", "only",
))  # fmt: skip

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    "janvier": 1, "fevrier": 2, "février": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "aout": 8, "août": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "decembre": 12, "décembre": 12,
}  # fmt: skip
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_BIRTH = re.compile(
    r"\b(?P<cue>d\.?o\.?b\b\.?|date\s+of\s+birth|birth\s*date|born(?:\s+on)?|"
    r"birthday(?:\s+is)?|n[ée]e?\s+le|date\s+de\s+naissance)"
    r"[\s:,\-–]*(?:(?:is|was|on|the)\s+){0,2}"
    r"(?P<date>"
    r"(?P<iy>\d{4})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2})"
    r"|(?P<na>\d{1,2})[-/.](?P<nb>\d{1,2})[-/.](?P<ny>\d{4}|\d{2})"
    rf"|(?P<mm>{_MONTH})\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<my>\d{{4}})"
    rf"|(?P<dd>\d{{1,2}})(?:st|nd|rd|th|er)?\s+(?:of\s+)?(?P<dm>{_MONTH})\.?,?\s+(?P<dy>\d{{4}})"
    r")(?![\w\-/])",
    re.I,
)
_PLATE = re.compile(
    r"\b(?P<cue>licen[cs]e(?:\s+plates?)?|plates?|tag)"
    r"(?:\s*(?:number|no\b\.?|num\b\.?|#))?"
    r"(?:\s*[:#\-]|\s+(?:is|was|reads|of))?\s*#?\s*"
    r"(?P<plate>[a-z0-9]{1,4}(?:[ \-]?[a-z0-9]{1,4})?)(?![\w\-])",
    re.I,
)
_NOT_A_PLATE_CUE = re.compile(r"(?:driv(?:er|ers|er's|ing)|business|liquor|marriage)\s+$", re.I)


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _valid_date(year: int, month: int, day: int) -> bool:
    if not (1900 <= year <= date.today().year):
        return False
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


# --- scanning ----------------------------------------------------------------------------


class _Scan:
    """Findings in one field, in positions of its plain view."""

    def __init__(self, view: NormalisedText, allow: Allowlist, flag_toll_free: bool) -> None:
        self.view = view
        self.s = view.text
        self.allow = allow
        self.flag_toll_free = flag_toll_free
        self.found: list[PersonalDataFinding] = []
        self._taken: dict[str, list[tuple[int, int]]] = {}  # per kind, sorted, disjoint

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
            self.emails()
        # Cheap gates first: most posts have few digits and none of the cue words.
        digits = len(_DIGIT.findall(s))
        if digits:
            low = s.lower()
            if digits >= 7 and _phone_shape(s):
                self.phones(True)
            elif _VANITY_HINT.search(s):
                self.phones(False)
            self.short_codes()
            if digits >= 9:
                self.sins("SIN" in s or "NAS" in s or "surance" in low)
            self.addresses()
            if digits >= 5 and _BIRTH_CUE.search(low):
                self.birth_dates()
            if _PLATE_CUE.search(low):
                self.plates()
        if (self.allow.urls and "." in s) or (self.allow.handles and "@" in s):
            self.allowlisted_links()
        self.found.sort(key=lambda f: (f.start, f.end, f.kind))
        return self.found

    def emails(self) -> None:
        for m in _EMAIL.finditer(self.s):
            if not _valid_email(m.group()):
                continue
            value = m.group().casefold()
            self.add("email", m.start(), m.end(), value, value in self.allow.emails)

    def phones(self, numeric: bool) -> None:
        s = self.s
        windows: list[list[int]] = []
        for m in _PHONE_HINT.finditer(s) if numeric else ():
            if self._clean_phone(m.start(), m.end()):
                continue
            for start in range(m.start(), m.end(), _WINDOW - _OVERLAP):
                a = max(0, start - 20)
                b = min(len(s), min(m.end(), start + _WINDOW) + 20)
                if windows and a <= windows[-1][1] and b - windows[-1][0] <= _WINDOW + 40:
                    windows[-1][1] = b
                else:
                    windows.append([a, b])
        for a, b in windows:
            matcher = phonenumbers.PhoneNumberMatcher(
                s[a:b], "CA", leniency=phonenumbers.Leniency.STRICT_GROUPING
            )
            for pm in matcher:
                self.phone(a + pm.start, a + pm.end, pm.number)
        if _VANITY_HINT.search(s):
            for m in _VANITY.finditer(s):
                if not any(ch.isalpha() for ch in m.group()):
                    continue  # all digits: the phone matcher has read it
                number = _valid_ca_number(
                    phonenumbers.convert_alpha_characters_in_number(m.group())
                )
                if number is not None:
                    self.phone(m.start(), m.end(), number)

    def _clean_phone(self, a: int, b: int) -> bool:
        """A lone North American number written plainly ("416-555-0199", "(416) 555-0199",
        "+1 780 555 0123"): read it directly (cached by its digits) instead of running the
        phone matcher over a window. False: let the matcher read it."""
        s = self.s
        if a > 0 and s[a - 1] in "(+":
            a -= 1
        if a > 0 and (s[a - 1].isalnum() or s[a - 1] in "+#$/"):
            return False
        if _CLEAN_NANP.fullmatch(s, a, b) is None or _AFTER_NUMBER.match(s, b):
            return False
        number = _valid_ca_number(_NON_DIGIT.sub("", s[a:b]))
        if number is not None:
            self.phone(a, b, number)
        return True

    def phone(self, a: int, b: int, number: phonenumbers.PhoneNumber) -> None:
        if self.excluded(a, b) or self.id_number(a):
            return
        zeros = (number.number_of_leading_zeros or 1) if number.italian_leading_zero else 0
        value, business = _number_facts(number.country_code, number.national_number, zeros)
        if value in self.allow.phones:
            self.add("phone", a, b, value, allowlisted=True)
            return
        if business and not self.flag_toll_free:
            return  # business lines (1-800 ...), not a person's number
        self.add("phone", a, b, value)

    def short_codes(self) -> None:
        for code in self.allow.short_codes:
            if code not in self.s:
                continue
            pattern = r"(?<![\w#*\-])" + re.escape(code) + r"(?![\w\-]|\.\d)"
            for m in re.finditer(pattern, self.s):
                # "#377" looks like a hashtag; a bare "911" inside a URL is not the number
                if code[0] in "#*" or not self.excluded(m.start(), m.end()):
                    self.add("phone", m.start(), m.end(), code, allowlisted=True)

    def sins(self, cued: bool) -> None:
        s = self.s
        for m in _SIN_CUED.finditer(s) if cued else ():
            digits = re.sub(r"\D", "", m.group(1))
            if _luhn(digits):
                self.add("sin", m.start(), m.end(), digits)
        for m in _SIN.finditer(s):
            a, b = m.span()
            digits = m.group(1) + m.group(3) + m.group(4)
            if (
                not _word_before(s, a, "_-.")
                and _luhn(digits)
                and not self.excluded(a, b)
                and not self.id_number(a)
            ):
                self.add("sin", a, b, digits)

    def addresses(self) -> None:
        s = self.s
        streets: list[tuple[int, int]] = []
        for m in _ADDRESS.finditer(s):
            a, b = m.start(), m.end()
            if _word_before(s, a, "_#/.:$-") or not self._plausible_street(m):
                continue
            if self.excluded(a, b) or self.id_number(a):
                continue
            if b == m.end("type") + 1 and m.group("type").lower() not in _ABBREVIATED:
                b -= 1  # "12 Maple Way." : the period ends the sentence, not an abbreviation
            street = address_key(s[a : m.end("dir") if m.group("dir") else m.end("type")])
            unit = _UNIT_BEFORE.search(s[max(0, a - 30) : a])
            if unit:
                a -= len(unit.group())
            tail = _ADDRESS_TAIL.match(s, b)
            if tail:
                b = tail.end()
            streets.append((a, b))
            self.add("address", a, b, address_key(s[a:b]), self.allow.has_address(street))
        for a, b, key in _postal_codes(s):
            if any(x <= a and b <= y for x, y in streets) or self.excluded(a, b):
                continue
            self.add("address", a, b, key, key in self.allow.postal_codes)

    @staticmethod
    def _plausible_street(m: re.Match[str]) -> bool:
        words = m.group("name").split()
        street_type = m.group("type")
        abbreviated = street_type.lower() in _ABBREVIATED
        if street_type.lower() in _COMMON_WORD_TYPES and not street_type[0].isupper():
            return False  # "the non-emergency line", "on the way": words, not street types
        for w in words:
            core = w.strip(".'-")
            if not core or core.lower() in _NAME_STOPWORDS:
                return False
            if w.endswith(".") and len(core) > 3:
                return False  # a sentence ends inside: "14 Division. Non-emergency Line"
            if not (abbreviated or core[0].isupper() or core[0].isdigit()):
                return False  # "22 people at the court" is not an address
        return True

    def birth_dates(self) -> None:
        for m in _BIRTH.finditer(self.s):
            g = m.groupdict()
            if g["iy"]:
                ok = _valid_date(int(g["iy"]), int(g["im"]), int(g["id"]))
            elif g["ny"]:
                y = int(g["ny"])
                if len(g["ny"]) == 2:
                    y += 1900 if y > date.today().year % 100 else 2000
                a, b = int(g["na"]), int(g["nb"])
                ok = _valid_date(y, b, a) or _valid_date(y, a, b)  # d/m/y or m/d/y
            elif g["my"]:
                ok = _valid_date(int(g["my"]), _MONTHS[g["mm"].lower()], int(g["md"]))
            else:
                ok = _valid_date(int(g["dy"]), _MONTHS[g["dm"].lower()], int(g["dd"]))
            if ok:
                self.add("birth_date", m.start(), m.end(), re.sub(r"\s+", " ", m.group("date")))

    def plates(self) -> None:
        s = self.s
        for m in _PLATE.finditer(s):
            plate = m.group("plate")
            compact = re.sub(r"[ \-]", "", plate)
            if not (
                5 <= len(compact) <= 8
                and any(c.isdigit() for c in compact)
                and any(c.isalpha() for c in compact)
            ):
                continue
            if _NOT_A_PLATE_CUE.search(s[max(0, m.start() - 12) : m.start()]):
                continue  # a driver's licence number is not a plate
            self.add("licence_plate", m.start(), m.end(), compact.upper())

    def allowlisted_links(self) -> None:
        folded = self.s.casefold()
        if len(folded) != len(self.s):
            return  # case folding changed lengths: positions would not line up
        for url in self.allow.urls:
            if url not in folded:
                continue
            for m in re.finditer(
                r"(?<![\w.\-/@])(?:https?://)?(?:www\.)?" + re.escape(url) + r"(?![\w\-])", folded
            ):
                self.add("url", m.start(), m.end(), url, allowlisted=True)
        for handle in self.allow.handles:
            if handle not in folded:
                continue
            for m in re.finditer(r"(?<![\w@])" + re.escape(handle) + r"(?!\w)", folded):
                self.add("handle", m.start(), m.end(), handle, allowlisted=True)


def find_personal_data(
    raw: str, allowlist: Allowlist = Allowlist(), *, flag_toll_free: bool = False
) -> list[PersonalDataFinding]:
    """Personal data and allowlisted contacts in one text; positions index `raw`."""
    view = plain(raw)
    out = []
    for f in _Scan(view, allowlist, flag_toll_free).run():
        a, b = view.original_offsets(f.start, f.end)
        out.append(PersonalDataFinding(f.kind, a, b, f.value, f.allowlisted))
    return out


class PersonalDataDetector:
    """Raises `personal_data.*` signals for the author's own text, captions and alt texts.

    `flag_toll_free`: also count toll-free and premium numbers (1-800 ...) as personal
    data; by default they are business lines and only count when allowlisted.
    """

    name: str = "personal_data"
    signals: Sequence[SignalSpec] = _SIGNALS

    def __init__(self, *, flag_toll_free: bool = False) -> None:
        self.flag_toll_free = flag_toll_free

    def detect(self, ctx: Context) -> Iterator[Hit]:
        allow = Allowlist.from_contacts(ctx.resources.contacts)
        org = _OrgContacts(ctx)
        by_kind: dict[str, list[Evidence]] = {}
        for field, raw in own_text_fields(ctx):
            org_end = -1  # end of the last contact read as the organisation's, for chains
            for f in find_personal_data(raw, allow, flag_toll_free=self.flag_toll_free):
                ev = Evidence(
                    detector=self.name,
                    field=field,
                    text=raw[f.start : f.end],
                    span=Span(start=f.start, end=f.end),
                )
                if (
                    not f.allowlisted
                    and f.kind in ("phone", "email")
                    and (org.chained(raw, org_end, f.start) or org.is_org_contact(field, raw, f))
                ):
                    org_end = f.end
                    yield Hit("personal_data.allowlisted_contact", (ev,))
                    continue
                if f.allowlisted:
                    org_end = f.end
                    yield Hit("personal_data.allowlisted_contact", (ev,))
                    continue
                yield Hit(f"personal_data.{f.kind}", (ev,))
                yield Hit("personal_data.any", (ev,))
                by_kind.setdefault(f.kind, []).append(ev)
        for kind in KINDS:
            if kind in by_kind:
                yield Hit("personal_data.kinds", tuple(by_kind[kind]), tag=kind)


# --- the organisation's contacts, beyond contacts.yaml ------------------------------------

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


_CHAIN = re.compile(r"\s*(?:,|/|or|and|&|,\s*or)?\s*", re.IGNORECASE)


class _OrgContacts:
    """Is a phone number or email the organisation's own, by what the post and account say?

    (a) the account publishes it (disclaimer, bio, url); (b) the pack's cue lexicons
    introduce it. Everything is computed lazily: most posts have no contact at all.
    """

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self._published: frozenset[str] | None = None
        self._cue_spans: dict[str, list[tuple[str, int, int]]] = {}

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
            spans = self._cue_spans[field] = [
                (m.lexicon_id, *nt.original_offsets(m.start, m.end))
                for m in self.ctx.matches(field, raw)
                if m.lexicon_id in _ORG_LEXICONS
            ]
        if not spans:
            return False
        for lex, a, b in spans:
            if b > f.start:
                continue
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
                lu == ORG_UNITS and ub <= a and a - ub <= UNIT_REACH for lu, _, ub in spans
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
