"""Sentence numbering and span helpers shared by the identity, advisory and policy-comment
detectors (importable from `socialpolicy.detectors.operational`, where they first lived).

`Sentences` here numbers the sentences of a `NormalisedText` knowing common abbreviations
("Sgt. Lee", "Birchmount Rd.") and the original's newlines; the windows of the other
judgement detectors use `_windows.Sentences`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence

from socialpolicy.detectors._windows import evidence
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.evidence import Evidence
from socialpolicy.normalise import NormalisedText

# A sentence ends at . ! ? (or a run of them) before a space or the end, and at a newline.
# Linear: a match starts only where a run of marks starts, and the run is taken whole
# (possessive); giving marks back could never put a space after them. The pattern opens with
# the mark (the lookbehind that finds a run's start comes after it), so the engine skips to
# the next mark instead of trying every position: the same matches in 40% of the time.
_SENT_END = re.compile(r"[.!?](?<![.!?]{2})[.!?]*+(?=[\s\"')\]]|$)")
_NEWLINE = re.compile("\n")
# Abbreviations whose period does not end a sentence ("Sgt. Lee", "Birchmount Rd.").
_ABBREV = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "sgt",
        "cst",
        "det",
        "insp",
        "supt",
        "rd",
        "ave",
        "blvd",
        "no",
        "vs",
        "jr",
        "sr",
        "pc",
        "dc",
        "ft",
        "mt",
        "approx",
    }
)


class Sentences:
    """Sentence numbers for positions of a normalised text (newlines count as ends too)."""

    __slots__ = ("_ends",)

    def __init__(self, nt: NormalisedText) -> None:
        ends = _sentence_ends(nt.text)
        if "\n" in nt.original:
            ends = sorted(set(ends).union(_newlines(nt)))
        self._ends = ends

    @classmethod
    def of_text(cls, text: str) -> Sentences:
        """Sentences of a plain string (for detectors that work on the original text)."""
        self = cls.__new__(cls)
        ends = _sentence_ends(text)
        if "\n" in text:
            ends = sorted(set(ends).union(m.start() for m in _NEWLINE.finditer(text)))
        self._ends = ends
        return self

    def of(self, pos: int) -> int:
        """The sentence number of a position (0 for the first sentence)."""
        return bisect_right(self._ends, pos)

    def bounds(self, pos: int, length: int) -> tuple[int, int]:
        """`(start, end)` of the sentence holding `pos`, in a text of `length` characters."""
        i = bisect_right(self._ends, pos)
        start = self._ends[i - 1] if i > 0 else 0
        end = self._ends[i] if i < len(self._ends) else length
        return start, end


def _sentence_ends(text: str) -> list[int]:
    ends: list[int] = []
    for m in _SENT_END.finditer(text):
        if m.group() == ".":
            w = m.start()
            a = w
            while a > 0 and text[a - 1].isalpha():
                a -= 1
            if text[a:w].lower() in _ABBREV:
                continue
        ends.append(m.end())
    return ends


def _newlines(nt: NormalisedText) -> list[int]:
    """Positions in `nt.text` of the newlines of the original (normalisation made them spaces)."""
    starts = nt.starts
    return [
        m.start() if starts is None else bisect_right(starts, m.start())
        for m in _NEWLINE.finditer(nt.original)
    ]


def near(a: LexiconMatch | tuple[int, int], b: LexiconMatch | tuple[int, int], chars: int) -> bool:
    """True when two spans are at most `chars` characters apart (or overlap)."""
    a0, a1 = (a.start, a.end) if isinstance(a, LexiconMatch) else a
    b0, b1 = (b.start, b.end) if isinstance(b, LexiconMatch) else b
    return b0 - a1 <= chars and a0 - b1 <= chars


def first_near(
    items: Sequence[LexiconMatch], anchor: LexiconMatch | tuple[int, int], chars: int
) -> LexiconMatch | None:
    for m in items:
        if near(m, anchor, chars):
            return m
    return None


def match_evidence(
    detector: str, field: str, nt: NormalisedText, matches: Iterable[LexiconMatch | None]
) -> tuple[Evidence, ...]:
    return tuple(evidence(detector, field, nt, m.start, m.end) for m in matches if m is not None)
