"""Canadian social insurance numbers: nine digits passing the Luhn check, grouped 3-3-3 with
one separator or, in any grouping, after a cue ("SIN", "NAS", "social insurance number")."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from socialpolicy.detectors.personal_data._runs import finditer
from socialpolicy.detectors.personal_data._text import word_before

_NON_DIGIT = re.compile(r"\D")

if TYPE_CHECKING:
    from socialpolicy.detectors.personal_data._scan import Scan

_SIN = re.compile(r"(\d{3})([ \-])(\d{3})\2(\d{3})(?![\w\-]|\.\d)")  # + nothing glued before
_SIN_CUED = re.compile(
    r"(?:\bSIN\b|\bNAS\b|(?i:\bsocial\s+insurance(?:\s+number)?|\bnum[eé]ro\s+d'assurance\s+sociale))"
    r"(?i:\s*+(?:#|no\b\.?|number|is|was|:)?\s*+[:#]?\s*+)"  # possessive: linear
    r"(\d{3}[ \-]?\d{3}[ \-]?\d{3})(?![\w\-]|\.\d)"
)
# Where a cue can start: a word opening with the first letter of one (S, N, and the letters
# "s" and "n" match case-insensitively: s, S, the long s "ſ", n, N). `_SIN_CUED` opens with
# `\b` and a word, so its `finditer` tried every position of a long text once one cue word
# was anywhere in it (78 ns per character); it is tried at these positions only.
_SIN_CUE_START = re.compile(r"[SNsn\u017f](?<!\w[SNsn\u017f])")


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


def scan_sins(scan: Scan, cued: bool) -> None:
    s = scan.s
    cue_starts = [c.start() for c in _SIN_CUE_START.finditer(s)] if cued else []
    for m in finditer(_SIN_CUED, s, cue_starts):
        digits = _NON_DIGIT.sub("", m.group(1))
        if _luhn(digits):
            scan.add("sin", m.start(), m.end(), digits)
    # Grouped 3-3-3: it starts three digits before the end of a run that a space or a
    # hyphen follows.
    starts = None
    if scan.runs is not None:
        starts = [b - 3 for a, b in scan.runs.spans if b - a >= 3 and s[b : b + 1] in (" ", "-")]
    for m in finditer(_SIN, s, starts):
        a, b = m.span()
        digits = m.group(1) + m.group(3) + m.group(4)
        if (
            not word_before(s, a, "_-.")
            and _luhn(digits)
            and not scan.excluded(a, b)
            and not scan.id_number(a)
        ):
            scan.add("sin", a, b, digits)
