"""Email addresses: anything shaped like one that `email-validator` accepts (syntax only)."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from email_validator import EmailNotValidError, validate_email

if TYPE_CHECKING:
    from socialpolicy.detectors.personal_data._scan import Scan

_EMAIL = re.compile(r"(?<![\w.+\-%])[\w.+\-%]++@[\w\-]++(?:\.[\w\-]++)+")  # possessive: linear
# The same shape read from each "@": the domain forwards, the local part backwards. A post
# with mentions has a few "@" and no email; trying `_EMAIL` at every position cost ~30x more.
_DOMAIN_AT = re.compile(r"@[\w\-]+(?:\.[\w\-]+)+")
_LOCAL_EXTRA = frozenset("_.+-%")


def email_spans(s: str) -> list[tuple[int, int]]:
    """Where `_EMAIL.finditer(s)` matches, found from each "@" (the same spans)."""
    out: list[tuple[int, int]] = []
    done = 0
    at = s.find("@")
    while at >= 0:
        m = _DOMAIN_AT.match(s, at)
        if m is not None:
            a = at
            while a > 0 and (s[a - 1].isalnum() or s[a - 1] in _LOCAL_EXTRA):
                a -= 1
            # a local part, not overlapping the previous address (finditer resumes there)
            if a < at and a >= done:
                out.append((a, m.end()))
                done = m.end()
                at = s.find("@", done)
                continue
        at = s.find("@", at + 1)
    return out


@functools.lru_cache(maxsize=4096)
def _valid_email(address: str) -> bool:
    """Is this a syntactically valid email address (no DNS: this library runs offline)?"""
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def scan_emails(scan: Scan) -> None:
    for a, b in email_spans(scan.s):
        address = scan.s[a:b]
        if not _valid_email(address):
            continue
        value = address.casefold()
        scan.add("email", a, b, value, scan.allow.has_email(value))
