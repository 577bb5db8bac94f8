"""The respect detector: runs each concept check over the author's own words."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.context import Context, own_text_fields
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect import attacks
from socialpolicy.detectors.respect.aim import FieldView
from socialpolicy.detectors.respect.dismissals import dismissals
from socialpolicy.detectors.respect.insults import insults, slurs
from socialpolicy.detectors.respect.lexicons import (
    DEHUMANISING,
    DISMISSIVE,
    ELIMINATIONIST,
    EPITHETS,
    EXCLUSION,
    HOSTILITY,
    INSULT_ADJECTIVES,
    INSULTS,
    PROFANITY,
    SLURS,
    THREATS,
    TRIGGERS,
)
from socialpolicy.detectors.respect.signals import SIGNALS
from socialpolicy.detectors.respect.speech import SpeechLayout, dedupe
from socialpolicy.detectors.respect.swearing import swearing
from socialpolicy.detectors.respect.threats import threats
from socialpolicy.normalise import NormalisedText

__all__ = ["RespectDetector"]


class RespectDetector:
    """Offensive, rude and discriminatory language aimed at people, and strong swearing."""

    name = "respect"
    signals = SIGNALS

    def detect(self, ctx: Context) -> Iterator[Hit]:
        is_reply = ctx.post.in_reply_to is not None
        for field, raw in own_text_fields(ctx):
            if TRIGGERS.isdisjoint(ctx.grouped(field, raw)):
                continue  # the common case: nothing rude in this field
            matches = ctx.matches(field, raw)
            nt = ctx.normalised(field, raw)
            yield from self._field(field, raw, nt, matches, is_reply)

    def _field(
        self,
        field: str,
        raw: str,
        nt: NormalisedText,
        matches: Sequence[LexiconMatch],
        is_reply: bool,
    ) -> Iterator[Hit]:
        f = FieldView(self.name, field, raw, nt, SpeechLayout.build(nt, matches), is_reply)
        by_lex: dict[str, list[LexiconMatch]] = {}
        for m in matches:
            if m.lexicon_id in TRIGGERS:
                by_lex.setdefault(m.lexicon_id, []).append(m)

        def found(*lexicons: str) -> list[LexiconMatch]:
            return dedupe([m for lex in lexicons for m in by_lex.get(lex, ())])

        # Order matters: the aimed findings come first, so that swearing they explain is not
        # counted again, and eliminationist phrases see whether the field attacks a group.
        yield from slurs(f, found(SLURS))
        yield from insults(f, found(INSULTS, INSULT_ADJECTIVES))
        yield from attacks.dehumanising(f, found(DEHUMANISING))
        yield from attacks.exclusion(f, found(EXCLUSION))
        yield from attacks.eliminationist(f, found(ELIMINATIONIST))
        yield from attacks.hostility(f, found(HOSTILITY))
        yield from threats(f, found(THREATS))
        yield from dismissals(f, found(DISMISSIVE), found(EPITHETS))
        yield from swearing(f, found(PROFANITY))
