"""One field as the role detector reads it: own words, sentences, evidence."""

from __future__ import annotations

from collections.abc import Sequence

from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect import SpeechLayout
from socialpolicy.evidence import Evidence
from socialpolicy.normalise import NormalisedText

__all__ = ["RoleField"]


class RoleField:
    def __init__(
        self, detector: str, field: str, raw: str, nt: NormalisedText, layout: SpeechLayout
    ) -> None:
        self.detector = detector
        self.field = field
        self.raw = raw
        self.nt = nt
        self.text = nt.text
        self.layout = layout

    def own(self, ms: Sequence[LexiconMatch]) -> list[LexiconMatch]:
        """The matches in the author's own words (not quoted or reported)."""
        return [m for m in ms if not self.layout.reported(m)]

    def sentence(self, pos: int) -> tuple[int, int]:
        return self.layout.sentence(pos)

    def ev(self, start: int, end: int) -> Evidence:
        span = self.nt.to_original(start, end)
        return Evidence(
            detector=self.detector,
            field=self.field,
            text=self.raw[span.start : span.end],
            span=span,
        )
