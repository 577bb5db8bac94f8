"""One scan of a field's digit runs, shared by the scanners of every digit-bearing kind.

A phone number, a SIN, a house number or a postal code can only start at a few places: the
start or the end of a run of digits of some length. Each scanner lists those places from
the runs found once per field and tries its regex there only (`finditer`, `search`),
instead of scanning the whole text; a kind whose shape needs a run the text lacks does not
run at all. `None` candidates mean the whole text is searched (the reference path tests
compare against).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence

_RUN = re.compile(r"\d+")  # \d as the scanners' patterns read it (any Unicode digit)
# The same runs in ASCII text, found faster: a pattern that starts with a character set (not
# a repeat, not a category) lets the engine skip ahead to the set's members (1.9 µs per
# tweet with a digit, against 3.0 for "[0-9]+" and 3.2 for "\d+").
_ASCII_RUN = re.compile(r"[0-9][0-9]*")


def _no_ascii_digit(s: str) -> bool:
    # Ten substring tests run at memchr speed; the regex engine steps through `s` one
    # character at a time (about three times slower on a tweet).
    return not (
        "0" in s or "1" in s or "2" in s or "3" in s or "4" in s
        or "5" in s or "6" in s or "7" in s or "8" in s or "9" in s
    )  # fmt: skip


class DigitRuns:
    """The runs of digits of one text: (start, end) in order (`spans`), and their total."""

    __slots__ = ("digits", "spans")

    def __init__(self, s: str) -> None:
        ascii_text = s.isascii()
        if ascii_text and _no_ascii_digit(s):
            self.spans: list[tuple[int, int]] = []
            self.digits = 0
            return
        self.spans = [m.span() for m in (_ASCII_RUN if ascii_text else _RUN).finditer(s)]
        self.digits = sum([b - a for a, b in self.spans])

    @property
    def starts(self) -> list[int]:
        return [a for a, _ in self.spans]

    @property
    def ends(self) -> list[int]:
        return [b for _, b in self.spans]


def finditer(
    pattern: re.Pattern[str], s: str, candidates: Sequence[int] | None
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(s)`, tried only at `candidates` (sorted; every position a match can
    start at must be one): the same matches, since finditer takes the leftmost match at or
    after the end of the previous one. Lookbehinds still see the text before a candidate."""
    if candidates is None:
        yield from pattern.finditer(s)
        return
    done = 0
    for c in candidates:
        if c < done:
            continue
        m = pattern.match(s, c)
        if m is not None:
            done = m.end()
            yield m


def search(
    pattern: re.Pattern[str], s: str, pos: int, candidates: Sequence[int] | None
) -> re.Match[str] | None:
    """`pattern.search(s, pos)`, tried only at `candidates` (as for `finditer`)."""
    if candidates is None:
        return pattern.search(s, pos)
    for i in range(bisect.bisect_left(candidates, pos), len(candidates)):
        if (m := pattern.match(s, candidates[i])) is not None:
            return m
    return None
