"""Licence plates: five to eight letters and digits, with at least one of each, right after
a cue ("plate", "licence plate", "tag"); a driver's, business, liquor or marriage licence
number is not a plate."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from socialpolicy.detectors.personal_data._runs import finditer

_PLATE_SEP = re.compile(r"[ \-]")

if TYPE_CHECKING:
    from socialpolicy.detectors.personal_data._scan import Scan


def plate_cue(low: str) -> bool:
    """Does lower-cased text hold a substring a plate's cue starts with? (Three substring
    tests are cheaper than one search of the alternation.)"""
    return "plate" in low or "licen" in low or "tag" in low


_PLATE = re.compile(
    r"\b(?P<cue>licen[cs]e(?:\s+plates?)?|plates?|tag)"
    r"(?:\s*+(?:number|no\b\.?|num\b\.?|#))?"
    r"(?:\s*+[:#\-]|\s++(?:is|was|reads|of))?\s*+#?\s*+"  # possessive: linear
    r"(?P<plate>[a-z0-9]{1,4}(?:[ \-]?[a-z0-9]{1,4})?)(?![\w\-])",
    re.I,
)
# Where `_PLATE` can start: a word opening with one of its cue words. Led by `\b` and a word,
# `finditer` tried every position of a long text once a cue substring was anywhere in it
# ("tag" is in "stage": 26 ns per character of police tweets); this finds the cue words at
# 11, led by their first letter (no character beyond ASCII folds to l, p or t under `re.I`),
# the word boundary looked behind at from past it, and `_PLATE` is tried there only.
_PLATE_START = re.compile(r"[lLpPtT](?<!\w[lLpPtT])(?i:(?<=l)icen[cs]e|(?<=p)lates?|(?<=t)ag)")
_NOT_A_PLATE_CUE = re.compile(r"(?:driv(?:er|ers|er's|ing)|business|liquor|marriage)\s+$", re.I)


def scan_plates(scan: Scan) -> None:
    s = scan.s
    for m in finditer(_PLATE, s, [c.start() for c in _PLATE_START.finditer(s)]):
        plate = m.group("plate")
        compact = _PLATE_SEP.sub("", plate)
        if not (
            5 <= len(compact) <= 8
            and any(c.isdigit() for c in compact)
            and any(c.isalpha() for c in compact)
        ):
            continue
        if _NOT_A_PLATE_CUE.search(s[max(0, m.start() - 12) : m.start()]):
            continue  # a driver's licence number is not a plate
        scan.add("licence_plate", m.start(), m.end(), compact.upper())
