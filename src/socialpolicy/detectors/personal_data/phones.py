"""Phone numbers: North American numbers (region CA, strict grouping), international
numbers written with '+', vanity numbers ("416-222-TIPS"), and the organisation's short
codes ("911", "#377").

Toll-free, premium and shared-cost numbers and vanity numbers are business lines, not a
person's number.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

import phonenumbers  # type: ignore[import-untyped,unused-ignore]

from socialpolicy.detectors.personal_data._runs import DigitRuns, finditer

if TYPE_CHECKING:
    from socialpolicy.detectors.personal_data._scan import Scan

SHORT_CODE = re.compile(r"[#*]?\d{2,6}")


def phone_key(value: str) -> str | None:
    """E.164 form of a phone number ('+14165550199'), or None when it is not one."""
    try:
        number = phonenumbers.parse(phonenumbers.convert_alpha_characters_in_number(value), "CA")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


_VANITY_HINT = re.compile(r"\d[\s.\-][A-Z]{3}")
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


def _phone_shape(s: str, runs: DigitRuns | None = None) -> bool:
    """Could `s` hold a phone number? With `runs`, the North American shape is tried only
    where it can start: a run of three digits or more, when the text holds its ten digits."""
    if runs is None:
        nanp = _NANP_SHAPE.search(s) is not None
    else:
        nanp = False
        if runs.digits >= 10:
            for a, b in runs.spans:
                if b - a >= 3 and _NANP_SHAPE.match(s, a) is not None:
                    nanp = True
                    break
    return nanp or ("+" in s and _PLUS_SHAPE.search(s) is not None)


def _vanity_hint(s: str, runs: DigitRuns | None) -> bool:
    """`_VANITY_HINT.search(s)`: with `runs`, tried at the last digit of each run only."""
    if runs is None:
        return _VANITY_HINT.search(s) is not None
    for _, b in runs.spans:
        c = s[b : b + 1]  # the separator after the run (\s is str.isspace in `re`)
        if (c.isspace() or c == "." or c == "-") and _VANITY_HINT.match(s, b - 1) is not None:
            return True
    return False


# Vanity numbers ("416-222-TIPS", "1-800-GOT-JUNK"): letter groups written in capitals, as
# advertised lines are. Ordinary words after a number are not one ("£23,406 pro rata"), and
# neither is a group of digits that continues an amount ("23,406").
_VANITY = re.compile(
    r"(?<![\w+])(?<!\d[,.])(?:\+?1[\s.\-]?)?(?:\(\d{3}\)|\d{3})[\s.\-]?(?:\d{3}|[A-Z]{3})"
    r"[\s.\-][A-Z]{4}(?!\w)"
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


_WINDOW, _OVERLAP = 200, 60  # phone matcher windows over long runs of digits


def scan_phones(scan: Scan, numeric: bool) -> None:
    s = scan.s
    windows: list[list[int]] = []
    # A hint starts at the first digit of a run (leftmost and greedy: never inside one).
    starts = None if scan.runs is None else scan.runs.starts
    for m in finditer(_PHONE_HINT, s, starts) if numeric else ():
        if _clean_phone(scan, m.start(), m.end()):
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
            _add_phone(scan, a + pm.start, a + pm.end, pm.number)
    if _vanity_hint(s, scan.runs):
        for m in _VANITY.finditer(s):
            if not any(ch.isalpha() for ch in m.group()):
                continue  # all digits: the phone matcher has read it
            number = _valid_ca_number(phonenumbers.convert_alpha_characters_in_number(m.group()))
            if number is not None:
                # An advertised line, like a toll-free one: never a private person's number.
                _add_phone(scan, m.start(), m.end(), number, business=True)


def _clean_phone(scan: Scan, a: int, b: int) -> bool:
    """A lone North American number written plainly ("416-555-0199", "(416) 555-0199",
    "+1 780 555 0123"): read it directly (cached by its digits) instead of running the
    phone matcher over a window. False: let the matcher read it."""
    s = scan.s
    if a > 0 and s[a - 1] in "(+":
        a -= 1
    if a > 0 and (s[a - 1].isalnum() or s[a - 1] in "+#$/"):
        return False
    if _CLEAN_NANP.fullmatch(s, a, b) is None or _AFTER_NUMBER.match(s, b):
        return False
    number = _valid_ca_number(_NON_DIGIT.sub("", s[a:b]))
    if number is not None:
        _add_phone(scan, a, b, number)
    return True


def _add_phone(
    scan: Scan, a: int, b: int, number: phonenumbers.PhoneNumber, *, business: bool = False
) -> None:
    if scan.excluded(a, b) or scan.id_number(a):
        return
    zeros = (number.number_of_leading_zeros or 1) if number.italian_leading_zero else 0
    value, business_line = _number_facts(number.country_code, number.national_number, zeros)
    business = business or business_line
    if value in scan.allow.phones:
        scan.add("phone", a, b, value, allowlisted=True)
        return
    if business and not scan.flag_toll_free:
        return  # business lines (1-800 ...), not a person's number
    scan.add("phone", a, b, value)


def scan_short_codes(scan: Scan) -> None:
    for code in scan.allow.short_codes:
        if code not in scan.s:
            continue
        for m in re.finditer(r"(?<![\w#*\-])" + re.escape(code) + r"(?![\w\-]|\.\d)", scan.s):
            # "#377" looks like a hashtag; a bare "911" inside a URL is not the number
            if code[0] in "#*" or not scan.excluded(m.start(), m.end()):
                scan.add("phone", m.start(), m.end(), code, allowlisted=True)
