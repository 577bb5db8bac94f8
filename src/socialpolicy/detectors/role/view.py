"""One field as the role detector reads it: own words, sentences, evidence."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence

from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect import SpeechLayout
from socialpolicy.detectors.respect.grammar import SELF, TOKEN
from socialpolicy.evidence import Evidence
from socialpolicy.normalise import NormalisedText

__all__ = ["RoleField"]


class RoleField:
    def __init__(
        self,
        detector: str,
        field: str,
        raw: str,
        nt: NormalisedText,
        layout: SpeechLayout | Callable[[], SpeechLayout],
    ) -> None:
        self.detector = detector
        self.field = field
        self.raw = raw
        self.nt = nt
        self.text = nt.text
        # A callable defers the speech layout until a check needs it: most fields whose
        # role word is read for `role.identified` never ask whose words it is.
        self._layout = layout
        # Per sentence, read once: its words (starts, ends) and where its first word of
        # `SELF` is, so that a check per match never rescans a long sentence.
        self._words: dict[int, tuple[list[int], list[int], int]] = {}

    @property
    def layout(self) -> SpeechLayout:
        got = self._layout
        if callable(got):
            got = self._layout = got()
        return got

    def own(self, ms: Sequence[LexiconMatch]) -> list[LexiconMatch]:
        """The matches in the author's own words (not quoted or reported)."""
        return [m for m in ms if not self.layout.reported(m)]

    def sentence(self, pos: int) -> tuple[int, int]:
        return self.layout.sentence(pos)

    def _sentence_words(self, s_start: int, s_end: int) -> tuple[list[int], list[int], int]:
        got = self._words.get(s_start)
        if got is None:
            starts: list[int] = []
            ends: list[int] = []
            first_self = -1
            for w in TOKEN.finditer(self.text, s_start, s_end):
                if first_self < 0 and w.group() in SELF:
                    first_self = len(starts)
                starts.append(w.start())
                ends.append(w.end())
            got = self._words[s_start] = (starts, ends, first_self)
        return got

    def first_person(self, s_start: int, s_end: int, before: int | None = None) -> bool:
        """A word of `SELF` in `text[s_start:s_end]`, or (with `before`) in
        `text[s_start:before]`: what `TOKEN.findall` on that span would find, read from the
        sentence's words (a word cut at `before` is read as cut)."""
        starts, ends, first = self._sentence_words(s_start, s_end)
        if before is None or before >= s_end:
            return first >= 0
        if first >= 0 and ends[first] <= before:
            return True
        i = bisect_right(starts, before - 1) - 1  # the word holding the last character
        if i >= 0 and ends[i] > before:
            cut = TOKEN.match(self.text, starts[i], before)
            return cut is not None and cut.group() in SELF
        return False

    def ev(self, start: int, end: int) -> Evidence:
        span = self.nt.to_original(start, end)
        return Evidence(
            detector=self.detector,
            field=self.field,
            text=self.raw[span.start : span.end],
            span=span,
        )
