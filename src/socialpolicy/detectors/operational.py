"""Operational detector: officer safety and investigation integrity (Toronto privacy).

A member leaking an operation differs from a Service account's public update in *what kind*
of detail it gives, not in mentioning police work: a planned time or position next to a
tactical cue ("staged up a block away, going in at 0445"), staffing gaps ("only two
cars on tonight"), evidence of an open case next to an insider cue or a pending action
("DNA came back to a familiar face 🤫, writing up the warrant now"). A past-tense
update ("officers executed a search warrant yesterday and arrested a 23-year-old man")
has none of these combinations.

Every word list is a pack lexicon (`ops_*`, `inv_*`); a pack without them gets no hits.
Only clock times ("0500", "5 am") are read with a regular expression, and only when an
operational cue matched first.

The module also holds the small helpers the other judgement detectors share (grouping
matches by lexicon, sentence positions, evidence spans).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence

from socialpolicy.detectors._windows import Groups, evidence
from socialpolicy.detectors.base import Hit, SignalSpec
from socialpolicy.detectors.context import Context, own_text_fields
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.evidence import Evidence
from socialpolicy.normalise import NormalisedText

# --- shared helpers -----------------------------------------------------------------------

# A sentence ends at . ! ? (or a run of them) before a space or the end, and at a newline.
_SENT_END = re.compile(r"[.!?]+(?=[\s\"')\]]|$)")
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


# --- the detector -------------------------------------------------------------------------

TACTICAL = "ops_tactical"
COVERT = "ops_covert"
TIMING = "ops_timing"
POSITION = "ops_position"
STAFFING = "ops_staffing"
SECURITY = "ops_security"
OFFICER_HOME = "ops_officer_home"
OFFICER_REF = "ops_officer_ref"
PUBLIC_UPDATE = "ops_public_update"
EVIDENCE = "inv_evidence"
INSIDER = "inv_insider"
TEASER = "inv_teaser"
PENDING = "inv_pending"
CASE = "inv_case"

LEXICONS = frozenset(
    {
        TACTICAL,
        COVERT,
        TIMING,
        POSITION,
        STAFFING,
        SECURITY,
        OFFICER_HOME,
        OFFICER_REF,
        PUBLIC_UPDATE,
        EVIDENCE,
        INSIDER,
        TEASER,
        PENDING,
        CASE,
    }
)
# Lexicons that can start a finding; the others only qualify one.
_TRIGGERS = frozenset(
    {TACTICAL, COVERT, STAFFING, SECURITY, OFFICER_HOME, EVIDENCE, INSIDER, PENDING}
)

# Clock times that plan an operation: "at 0500", "0500 hrs", "0530", "5 am", "5:30pm".
_CLOCK = re.compile(
    r"\b(?:at|@)\s*(?:[01]\d|2[0-3])[0-5]\d\b"
    r"|\b(?:[01]?\d|2[0-3])[0-5]\d\s*(?:h|hrs|hours)\b"
    r"|\b0\d{3}\b"
    r"|\b(?:1[0-2]|0?[1-9])(?::[0-5]\d)?\s*(?:am|pm|a\.m\.|p\.m\.)"
)

_NUMBER = re.compile(r"\d+")

# How far apart (characters) two cues may be and still describe one thing.
WINDOW = 160
SECURITY_REACH = 30  # from "door code" to the code itself
CASE_WINDOW = 240


class OperationalDetector:
    """Officer-safety and investigation-integrity cues, from pack lexicons."""

    name: str = "operational"
    signals: Sequence[SignalSpec] = (
        SignalSpec(
            "operational.officer_safety",
            "count",
            "Where or when officers are or will be deployed (a tactical cue with a planned "
            "time or position), or a staffing gap with its time.",
        ),
        SignalSpec(
            "operational.officer_safety_hint",
            "count",
            "A single operational cue that may expose officers (a tactical team or target "
            "with no time given, a staffing gap, where an officer lives): to confirm.",
        ),
        SignalSpec(
            "operational.investigation",
            "count",
            "Details of an open investigation: evidence or results next to an insider "
            "cue or a pending arrest, charge or warrant.",
        ),
        SignalSpec(
            "operational.investigation_hint",
            "count",
            "An insider cue or a pending arrest or charge about a case, without the "
            "evidence itself: to confirm.",
        ),
    )

    def detect(self, ctx: Context) -> Iterator[Hit]:
        for field, raw in own_text_fields(ctx):
            g = ctx.grouped(field, raw)
            if _TRIGGERS.isdisjoint(g):
                continue
            nt = ctx.normalised(field, raw)
            yield from self._officer_safety(field, nt, g)
            yield from self._investigation(field, nt, g)

    def _officer_safety(self, field: str, nt: NormalisedText, g: Groups) -> Iterator[Hit]:
        tactical, covert, staffing = g.get(TACTICAL, []), g.get(COVERT, []), g.get(STAFFING, [])
        when: list[LexiconMatch] = list(g.get(TIMING, []))
        if tactical or covert or staffing:
            when.extend(
                LexiconMatch("clock", m.group(), m.start(), m.end())
                for m in _CLOCK.finditer(nt.text)
            )
        where = g.get(POSITION, [])
        found = False
        for cue in tactical:
            t = first_near(when, cue, WINDOW)
            p = first_near(where, cue, WINDOW)
            other = next(
                (
                    m
                    for m in tactical
                    if m.term != cue.term
                    and near(m, cue, WINDOW)
                    and not near(m, (cue.start, cue.end), 0)
                ),
                None,
            )
            if t or p or other:
                found = True
                yield Hit(
                    "operational.officer_safety",
                    match_evidence(self.name, field, nt, (cue, t, p, other)),
                )
                break
        if not found:
            for cue in covert:
                t = first_near(when, cue, WINDOW)
                p = first_near(where, cue, WINDOW)
                if t and p:
                    found = True
                    yield Hit(
                        "operational.officer_safety",
                        match_evidence(self.name, field, nt, (cue, t, p)),
                    )
                    break
        for cue in staffing:
            t = first_near(when, cue, WINDOW)
            if t:
                found = True
                yield Hit(
                    "operational.officer_safety", match_evidence(self.name, field, nt, (cue, t))
                )
                break
        for cue in g.get(SECURITY, []):
            # "the door code is 4521", "we're on channel 7": the detail itself is given
            m = _NUMBER.search(nt.text, cue.end, cue.end + SECURITY_REACH)
            if m is not None:
                found = True
                yield Hit(
                    "operational.officer_safety",
                    (
                        *match_evidence(self.name, field, nt, (cue,)),
                        evidence(self.name, field, nt, m.start(), m.end()),
                    ),
                )
                break
        if found:
            return
        for cue in g.get(SECURITY, [])[:1]:
            yield Hit(
                "operational.officer_safety_hint", match_evidence(self.name, field, nt, (cue,))
            )
        if tactical and PUBLIC_UPDATE not in g:
            yield Hit(
                "operational.officer_safety_hint",
                match_evidence(self.name, field, nt, tactical[:1]),
            )
        if staffing:
            yield Hit(
                "operational.officer_safety_hint",
                match_evidence(self.name, field, nt, staffing[:1]),
            )
        refs = g.get(OFFICER_REF, [])
        for home in g.get(OFFICER_HOME, []):
            ref = first_near(refs, home, 60)
            if ref is not None:
                yield Hit(
                    "operational.officer_safety_hint",
                    match_evidence(self.name, field, nt, (ref, home)),
                )
                break

    def _investigation(self, field: str, nt: NormalisedText, g: Groups) -> Iterator[Hit]:
        ev, pending = g.get(EVIDENCE, []), g.get(PENDING, [])
        insider = g.get(INSIDER, []) + g.get(TEASER, [])
        for e in ev:
            # Evidence is a leak when told as an insider or with what comes next.
            i = first_near(insider, e, CASE_WINDOW)
            p = first_near(pending, e, CASE_WINDOW)
            if i is not None or p is not None:
                yield Hit(
                    "operational.investigation", match_evidence(self.name, field, nt, (e, i, p))
                )
                return
        for i in g.get(INSIDER, []):
            p = first_near(pending, i, CASE_WINDOW)
            if p is not None:
                yield Hit("operational.investigation", match_evidence(self.name, field, nt, (i, p)))
                return
        if pending:
            yield Hit(
                "operational.investigation_hint", match_evidence(self.name, field, nt, pending[:1])
            )
            return
        cases = g.get(CASE, [])
        for i in g.get(INSIDER, []):
            c = first_near(cases, i, CASE_WINDOW)
            if c is not None:
                yield Hit(
                    "operational.investigation_hint", match_evidence(self.name, field, nt, (c, i))
                )
                return
