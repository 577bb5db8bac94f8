"""Dates of birth: a full date (day, month and year, not in the future) right after a cue
("DOB", "date of birth", "born on", "né le"). A bare date, a year alone or a date without a
year is not one."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from socialpolicy.detectors.personal_data._runs import finditer

_SPACE_RUN = re.compile(r"\s+")

if TYPE_CHECKING:
    from socialpolicy.detectors.personal_data._scan import Scan

# Substrings of lower-cased text that must occur for a birth date to be read.
BIRTH_CUE = re.compile(r"dob|d\.o\.b|birth|born|ne le|né le|née|nee le|naissance")


def birth_cue(low: str) -> bool:
    """`BIRTH_CUE.search(low)`, as substring tests (a few times cheaper than the search)."""
    return (
        "dob" in low or "d.o.b" in low or "birth" in low or "born" in low or "ne le" in low
        or "né le" in low or "née" in low or "nee le" in low or "naissance" in low
    )  # fmt: skip


def has_year_run(runs: Iterable[tuple[int, int]]) -> bool:
    """Can a birth date be read? Its year is a whole run of four digits (or two, "12/03/88")."""
    return any(b - a in (2, 4) for a, b in runs)


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
# Where a cue can start: a word opening with d, b or n (either case; no other character
# matches them case-insensitively). `_BIRTH` opens with `\b` and a word, so its `finditer`
# tried every position of a long text that held a cue and a year anywhere (71 ns per
# character); it is tried at these positions only.
_BIRTH_START = re.compile(r"[dbnDBN](?<!\w[dbnDBN])")


def _valid_date(year: int, month: int, day: int) -> bool:
    if not (1900 <= year <= date.today().year):
        return False
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def scan_birth_dates(scan: Scan) -> None:
    for m in finditer(_BIRTH, scan.s, [c.start() for c in _BIRTH_START.finditer(scan.s)]):
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
            scan.add("birth_date", m.start(), m.end(), _SPACE_RUN.sub(" ", m.group("date")))
