"""Sentence windows over cached lexicon matches, for the judgement detectors.

The political, confidentiality and commission detectors decide by where lexicon matches sit
relative to each other (an ask near a campaign word, a stance in the same sentence as an
elected official). These helpers do that arithmetic on match positions; nothing here matches
words itself.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from socialpolicy.citations import trusted_span
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.evidence import Evidence, trusted_evidence
from socialpolicy.normalise import NormalisedText

# Sentence ends in normalised text (newlines are already spaces there): terminal punctuation
# followed by a space or the end, a numbered item ("... 4) Then we ..."), or a bullet.
# Linear: a run of marks is tried once, from its start, and taken whole with its closing
# quotes (possessive: giving any back could never leave a space after them). Each branch
# opens with a character set (the lookbehind that finds a run's start comes after its first
# mark), so the engine skips to the next mark or space instead of trying every position:
# half the time of the same pattern led by the lookbehind, the same boundaries.
_BOUNDARY = re.compile(
    r"[.!?\u2026](?<![.!?\u2026]{2})[.!?\u2026]*+[\"')\]]*+(?= |$)"
    r"| (?=\d{1,2}[).] |[\u2022*\-] )"
)


class Sentences:
    """Sentence boundaries of one normalised text, computed on demand."""

    __slots__ = ("_ends", "_length")

    def __init__(self, text: str) -> None:
        self._ends = [m.end() for m in _BOUNDARY.finditer(text)]
        self._length = len(text)

    @classmethod
    def of(cls, nt: NormalisedText) -> Sentences:
        """The sentences of `nt.text`, found once per normalised text and shared: a long post
        opens the gates of many detectors, each of which split the whole field again."""
        return nt.derive("sentences", lambda: cls(nt.text))

    def index(self, pos: int) -> int:
        """Index of the sentence holding position `pos`."""
        return bisect_right(self._ends, pos)

    def bounds(self, index: int) -> tuple[int, int]:
        """`(start, end)` of sentence `index` (the last one runs to the end of the text)."""
        n = len(self._ends)
        index = max(0, min(index, n))
        start = self._ends[index - 1] if index > 0 else 0
        end = self._ends[index] if index < n else self._length
        return start, end

    def same(self, a: int, b: int) -> bool:
        return self.index(a) == self.index(b)


Groups = dict[str, list[LexiconMatch]]


def one_line(text: str) -> str:
    """`text` with its line breaks, tabs and form feeds as spaces (same length, so positions
    hold): one `str.replace` per such character present. A translate table reads a text
    with any non-ASCII character (an emoji, a curly quote) character by character in Python
    terms, about 70 ns each: on a 100k post that was the identity detector's largest cost."""
    for c in "\n\r\t\f\v":
        if c in text:
            text = text.replace(c, " ")
    return text


def pick(groups: dict[str, list[LexiconMatch]], *ids: str) -> list[LexiconMatch]:
    """The matches of several lexicons, merged in text order."""
    if len(ids) == 1:
        return groups.get(ids[0], [])
    out = [m for i in ids for m in groups.get(i, ())]
    out.sort(key=lambda m: (m.start, m.end))
    return out


class _Positions:
    """The starts of a pool of matches in text order, and its longest match."""

    __slots__ = ("longest", "pool", "size", "starts")

    def __init__(self, pool: Sequence[LexiconMatch]) -> None:
        self.pool = pool  # held, so that its id is not reused while it is cached
        self.size = len(pool)
        starts = [p.start for p in pool]
        ordered = all(a <= b for a, b in zip(starts, starts[1:], strict=False))
        self.starts = starts if ordered else None
        self.longest = max((p.end - p.start for p in pool), default=0)


# Pools of this many matches or more are indexed once (by identity; the last few kept), so
# that a lookup per match of another pool costs what lies near it, not the whole pool: linear
# on a text that repeats pack terms. Shorter pools, almost every ordinary post's, are scanned.
# (At 32, a text with a few dozen matches per lexicon scanned whole pools per lookup: policy
# comment on repeated policy_topics cost 3x per character at 30k what it did at 3k.)
_INDEX_FROM = 8
_INDEXED = 64
_positions: dict[int, _Positions] = {}


def _near_slice(pool: Sequence[LexiconMatch], lo: int, hi: int) -> Sequence[LexiconMatch]:
    """The matches of `pool` that may lie within `[lo, hi]` (all of them if it is not in text
    order), in `pool`'s order."""
    got = _positions.get(id(pool))
    if got is None or got.pool is not pool or got.size != len(pool):
        if len(_positions) >= _INDEXED:
            try:
                _positions.pop(next(iter(_positions)), None)
            except (RuntimeError, StopIteration):  # another thread changed it meanwhile
                _positions.clear()
        got = _positions[id(pool)] = _Positions(pool)
    if got.starts is None:
        return pool
    return pool[bisect_left(got.starts, lo - got.longest) : bisect_right(got.starts, hi)]


def near(pool: Sequence[LexiconMatch], lo: int, hi: int) -> Sequence[LexiconMatch]:
    """The matches of `pool` that may touch `[lo, hi]` (a superset, in `pool`'s order): a
    slice of an indexed long pool, a short pool whole."""
    return _near_slice(pool, lo, hi) if len(pool) >= _INDEX_FROM else pool


def nearest(
    pool: Sequence[LexiconMatch], m: LexiconMatch, window: int, apart: bool = False
) -> LexiconMatch | None:
    """The match of `pool` closest to `m` (overlap counts as distance 0), within `window` chars;
    with `apart`, the closest that does not overlap `m` (is not its own words). The first in
    `pool`'s order wins a tie."""
    best: LexiconMatch | None = None
    best_d = window + 1
    for p in near(pool, m.start - window, m.end + window):
        if apart and p.end > m.start and p.start < m.end:
            continue
        d = max(0, p.start - m.end, m.start - p.end)
        if d < best_d:
            best, best_d = p, d
    return best


def in_sentence(pool: Sequence[LexiconMatch], sents: Sentences, index: int) -> list[LexiconMatch]:
    """The matches of `pool` that start in sentence `index`."""
    return [p for p in pool if sents.index(p.start) == index]


def evidence(detector: str, field: str, nt: NormalisedText, start: int, end: int) -> Evidence:
    """Evidence for `nt.text[start:end]`, quoting and locating what the author wrote.

    Built without validating again what the library computed (`trusted_span`,
    `trusted_evidence`): the same models, about one a post inside `evaluate`."""
    a, b = nt.original_offsets(start, end)
    return trusted_evidence(detector, field, nt.original[a:b], trusted_span(a, b))


def match_evidence(detector: str, field: str, nt: NormalisedText, m: LexiconMatch) -> Evidence:
    return evidence(detector, field, nt, m.start, m.end)


def nearest_in_sentence(
    pool: Sequence[LexiconMatch], sents: Sentences, index: int, m: LexiconMatch, window: int
) -> LexiconMatch | None:
    """`nearest(in_sentence(pool, sents, index), m, window)`, asking only the matches of
    `pool` within `window` of `m`: the one sentence of a run-on text holds every match, and
    listing them all for each match asked about was quadratic."""
    close = near(pool, m.start - window, m.end + window)
    return nearest([p for p in close if sents.index(p.start) == index], m, window)


def any_in_sentence(pool: Sequence[LexiconMatch], sents: Sentences, index: int) -> bool:
    """`bool(in_sentence(pool, sents, index))`, stopping at the first match found."""
    start, end = sents.bounds(index)
    return any(sents.index(p.start) == index for p in near(pool, start, end))
