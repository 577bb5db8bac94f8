"""Where the author speaks in their own voice: quotation, reported speech, counter-speech.

Shared by the respect, role and offensive-language detectors: quoted stretches, and per
sentence whether a reporting cue, a naming verb ("called the officer a loser") or a
counter-speech cue ("calling people vermin is not okay") makes the words someone else's.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from socialpolicy.detectors._windows import Sentences
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect.grammar import MENTION, TOKEN
from socialpolicy.detectors.respect.lexicons import (
    COUNTER,
    CUES,
    NAMING,
    REPORTING,
    SECOND_PERSON,
    SPEECH,
)
from socialpolicy.normalise import NormalisedText

__all__ = ["SpeechLayout", "dedupe"]

# Speakers whose reported words still count: the author ("like I said, ..."), or a relative
# clause naming the target ("whoever said that is a moron").
_OWN_SPEAKER = frozenset({"i", "i'm", "im", "we", "we're", "who", "whoever", "that"})
_MAX_NAMING_GAP = 4  # words between "called" and the name: "called the officer a loser"
# Quoted stretches of normalised text (curly quotes are straight there): double quotes,
# guillemets, and single quotes that open after a non-word and close before one (so the
# apostrophes of "don't" and "kids'" neither open nor close a quote).
_QUOTED = re.compile(
    r'"[^"]{1,600}"|«[^»]{1,600}»|(?<![\w\'])\'(?:[^\']|(?<=\w)\'(?=\w)){1,400}\'(?![\w\'])'
)


@dataclass(frozen=True, slots=True)
class SpeechLayout:
    """Where in one normalised field the author speaks in their own voice.

    Shared with the role detector: quoted stretches, and per sentence whether a reporting
    cue or counter-speech cue makes later words someone else's.
    """

    text: str
    sentences: Sentences
    quotes: tuple[tuple[int, int], ...]
    cues: dict[str, list[LexiconMatch]]  # per cue lexicon, sorted by start
    starts: dict[str, list[int]]  # the same matches' starts, for bisection

    @classmethod
    def build(cls, nt: NormalisedText, matches: Sequence[LexiconMatch]) -> SpeechLayout:
        text = nt.text
        quotes = tuple(m.span() for m in _QUOTED.finditer(text)) if _has_quote(text) else ()
        cues: dict[str, list[LexiconMatch]] = {}
        for m in matches:  # the matcher returns them sorted by position
            if m.lexicon_id in CUES:
                cues.setdefault(m.lexicon_id, []).append(m)
        starts = {k: [m.start for m in v] for k, v in cues.items()}
        return cls(text, Sentences(text), quotes, cues, starts)

    def sentence(self, pos: int) -> tuple[int, int]:
        return self.sentences.bounds(self.sentences.index(pos))

    def quoted(self, start: int, end: int) -> bool:
        return any(a <= start and end <= b for a, b in self.quotes)

    def cue(self, lexicon_id: str, start: int, end: int) -> LexiconMatch | None:
        """The first match of a cue lexicon lying within `[start, end)`."""
        return next(self.cues_in(lexicon_id, start, end), None)

    def cues_in(self, lexicon_id: str, start: int, end: int) -> Iterator[LexiconMatch]:
        """The matches of a cue lexicon lying within `[start, end)`, in order."""
        pool = self.cues.get(lexicon_id)
        if not pool:
            return
        for i in range(bisect_left(self.starts[lexicon_id], start), len(pool)):
            c = pool[i]
            if c.start >= end:
                return
            if c.end <= end:
                yield c

    def last_cue(self, lexicon_id: str, start: int, end: int) -> LexiconMatch | None:
        """The last match of a cue lexicon lying within `[start, end)`."""
        pool = self.cues.get(lexicon_id)
        if not pool:
            return None
        i = bisect_left(self.starts[lexicon_id], end) - 1
        while i >= 0 and pool[i].start >= start:
            if pool[i].end <= end:
                return pool[i]
            i -= 1
        return None

    def reported(self, m: LexiconMatch, quotes: bool = True) -> bool:
        """Quoted, or after a reporting cue in its sentence ("was told ...", "called me ...").
        With `quotes=False`, only the reporting cues are asked about.

        A report whose words are in quotation marks ends with them: in 'I'm told I'm "a
        disgrace" because I gave Karen here a ticket', the words after the quote are the
        author's again.
        """
        if quotes and self.quotes and self.quoted(m.start, m.end):
            return True
        s_start, _ = self.sentence(m.start)
        for c in self.cues_in(REPORTING, s_start, m.start):
            if not self._closed_by_quote(c.end, m.start):
                return True
        for c in self.cues_in(SPEECH, s_start, m.start):
            before = TOKEN.findall(self.text, max(s_start, c.start - 12), c.start)
            if not (before and before[-1] in _OWN_SPEAKER) and not self._closed_by_quote(
                c.end, m.start
            ):
                return True
        naming = self.last_cue(NAMING, s_start, m.start)
        return (
            naming is not None
            and len(TOKEN.findall(self.text, naming.end, m.start)) <= _MAX_NAMING_GAP
        )

    def _closed_by_quote(self, start: int, end: int) -> bool:
        """A quotation opens and closes between a reporting cue and a later word."""
        return any(start <= a and b <= end for a, b in self.quotes)

    def not_own(self, m: LexiconMatch) -> bool:
        """Quoted, reported, or condemned in its sentence: not the author's own abuse."""
        if self.reported(m):
            return True
        s_start, s_end = self.sentence(m.start)
        return self.cue(COUNTER, s_start, s_end) is not None

    def has_you(self, start: int, end: int) -> bool:
        """A second-person word or an @mention within `[start, end)`."""
        if self.cue(SECOND_PERSON, start, end) is not None:
            return True
        return "@" in self.text and MENTION.search(self.text, start, end) is not None


def _has_quote(text: str) -> bool:
    return '"' in text or "'" in text or "«" in text


def dedupe(hits: list[LexiconMatch]) -> list[LexiconMatch]:
    """Longest first among overlapping hits ("son of a bitch" over "bitch")."""
    hits = sorted(hits, key=lambda m: (m.start, -(m.end - m.start)))
    out: list[LexiconMatch] = []
    last_end = -1
    for m in hits:
        if m.start >= last_end:
            out.append(m)
            last_end = m.end
        elif m.end > last_end:
            last_end = m.end
    return out
