"""Street addresses and Canadian postal codes.

A house number, one to three name words and a street type, with an optional direction and
unit ("123 Main St", "45 Elm Avenue, Apt 3", "1700, 10235 101 St NW"); a city, province and
postal or ZIP code that follow belong to the same finding. A postal code on its own counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from socialpolicy.detectors.personal_data._runs import finditer, search
from socialpolicy.detectors.personal_data._text import fold, word_before

_WORDS = re.compile(r"[^\W_]+")

if TYPE_CHECKING:
    from socialpolicy.detectors.personal_data._scan import Scan

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


def postal_codes(s: str, run_ends: Sequence[int] | None = None) -> Iterator[tuple[int, int, str]]:
    """(start, end, key) of each postal code ("M5G 2C3" -> "m5g2c3").

    `run_ends`: the ends of the text's digit runs; the code's first digit, which a letter
    follows, is the last of its run, so only those places are tried, and only when a
    district letter comes before it (no other code can start inside a rejected one).
    """
    starts = None
    if run_ends is not None:
        starts = [
            b - 1
            for b in run_ends
            if b >= 2 and s[b - 2] in _POSTAL_DISTRICTS and s[b : b + 1].isalpha()
        ]
    for m in finditer(_POSTAL_REST, s, starts):
        a = m.start() - 1
        if a < 0 or s[a] not in _POSTAL_DISTRICTS or word_before(s, a):
            continue
        yield a, m.end(), (s[a : a + 3] + s[m.end() - 3 : m.end()]).lower()


def address_key(text: str) -> str:
    """A comparable form of an address: '40 College Street.' and '40 college st' agree."""
    words = _WORDS.findall(fold(text))
    return " ".join(_STREET_WORDS.get(w, w) for w in words)


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
    r"(?P<apt>\s*+,?\s*+(?:apt|apartment|unit|suite|ste|#)\.?\s*+#?\s*+\d+[a-z]?\b)?",
    re.I,
)
# "1700, 10235 101 St NW", "Suite 200, 40 College St", "#3 - 45 Elm Ave"
_UNIT_BEFORE = re.compile(
    r"(?:(?:suite|unit|apt|apartment|ste)\.?\s*+#?\s*+|#\s*+)?\d{1,5}[a-z]?\s*+[,\-]\s*+$", re.I
)
# After a street address: ", Toronto, ON M5G 2C3" / ", Washington, DC 20500"
_ADDRESS_TAIL = re.compile(
    # possessive spaces: giving one back never helps, and is what made this cubic
    r"(?:\s*+,?\s*+[A-Z][\w'.\-]*+(?:\s++[A-Z][\w'.\-]*+){0,3})?\s*+,?\s*+"
    r"(?:(?:[A-Z]{2}|Ontario|Alberta|Quebec|Québec)\s*+,?\s*+)?"
    r"(?:(?P<fsa>[A-Z]\d[A-Z])[ \-]?(?P<ldu>\d[A-Z]\d)|(?P<zip>\d{5}(?:-\d{4})?))(?![\w\-])"
)
_NAME_STOPWORDS = frozenset((
    "the", "a", "an", "at", "in", "on", "of", "to", "for", "and", "or", "my", "your", "our",
    "their", "his", "her", "its", "this", "that", "these", "those", "is", "are", "was", "were",
    "be", "been", "with", "by", "from", "am", "pm", "times", "years", "days", "hours",
    "minutes", "people", "kids", "more", "than", "about", "over", "under", "just", "only",
    "a.m", "p.m", "near", "by", "off", "behind", "past", "around", "outside",
))  # fmt: skip


def scan_addresses(scan: Scan) -> None:
    s = scan.s
    runs = scan.runs
    # A house number is a whole run of at most six digits that a space or a letter follows
    # ("12 ", "12B "): most runs (times, dates, amounts) are not tried at all.
    starts = None
    if runs is not None:
        starts = [
            a
            for a, b in runs.spans
            if b - a <= 6 and (s[b : b + 1].isspace() or s[b : b + 1].isalpha())
        ]
    streets: list[tuple[int, int]] = []
    pos = 0
    while (m := search(_ADDRESS, s, pos, starts)) is not None:
        a, b = m.start(), m.end()
        # A rejected reading must not swallow the address after it: "unit 1207 at 2140
        # Kipling Ave" reads "1207 at 2140 Kipling Ave" first (not a street), then the next
        # number on.
        pos = m.end("num")
        if word_before(s, a, "_#/.:$-") or not _plausible_street(m):
            continue
        if scan.excluded(a, b) or scan.id_number(a):
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
        pos = b
        streets.append((a, b))
        scan.add("address", a, b, address_key(s[a:b]), scan.allow.has_address(street))
    for a, b, key in postal_codes(s, None if runs is None else runs.ends):
        if any(x <= a and b <= y for x, y in streets) or scan.excluded(a, b):
            continue
        scan.add("address", a, b, key, key in scan.allow.postal_codes)


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
