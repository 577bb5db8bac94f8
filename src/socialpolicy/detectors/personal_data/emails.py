"""Email addresses: anything shaped like one that `email-validator` accepts (syntax only)."""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from email_validator import EmailNotValidError, validate_email

if TYPE_CHECKING:
    from socialpolicy.detectors.personal_data._scan import Scan

_EMAIL = re.compile(r"(?<![\w.+\-%])[\w.+\-%]++@[\w\-]++(?:\.[\w\-]++)+")  # possessive: linear


@functools.lru_cache(maxsize=4096)
def _valid_email(address: str) -> bool:
    """Is this a syntactically valid email address (no DNS: this library runs offline)?"""
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


def scan_emails(scan: Scan) -> None:
    for m in _EMAIL.finditer(scan.s):
        if not _valid_email(m.group()):
            continue
        value = m.group().casefold()
        scan.add("email", m.start(), m.end(), value, scan.allow.has_email(value))
