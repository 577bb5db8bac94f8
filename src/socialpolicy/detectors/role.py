"""Role detector: a member disowning the role ("off duty, so I can say what I like").

Toronto: "You are always first and foremost a police officer or employee of the police
service. All interactions must be conducted as such." A post disowns the role when, in the
author's own words, it

- uses a disowning phrase (`role_disowning`: "taking my badge off for this one", "not a cop
  right now", "as a private citizen", "off duty so ...");
- puts a role noun right after a negating opening (`role_negators` + `role_nouns`: "not
  speaking as" + "a TPS employee", "not wearing" + "my badge");
- or claims licence from being off duty or speaking personally: a `role_state` phrase ("off
  the clock", "personal opinion") and a `role_licence` phrase ("I say what I want") in the
  same field.

A disclaimer alone ("views my own", "not speaking for the Service") is not disowning, and the
account's bio is never read: only the post's text, captions and alt texts. Quoted and
reported words ("he told me 'I'm off duty, I can say what I like'") are not the author's.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from socialpolicy.detectors.base import Hit, SignalSpec
from socialpolicy.detectors.context import Context, own_text_fields
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect import SpeechLayout, dedupe
from socialpolicy.evidence import Evidence
from socialpolicy.normalise import NormalisedText

__all__ = ["RoleDetector"]

DISOWNING = "role_disowning"
NEGATORS = "role_negators"
NOUNS = "role_nouns"
STATE = "role_state"
LICENCE = "role_licence"

_MAX_GAP = 1  # characters between a negator and its role noun: the single space


class RoleDetector:
    """Signals a member saying they are, for now, not police."""

    name = "role"
    signals = (
        SignalSpec(
            "role.disowning",
            "count",
            "The author disowns the role: 'not speaking as a cop', 'taking my badge off', "
            "'off the clock, so I say what I want'.",
        ),
    )

    def detect(self, ctx: Context) -> Iterator[Hit]:
        for field, raw in own_text_fields(ctx):
            found = ctx.grouped(field, raw)
            # Cheap exit: a complete phrase, a negator, or state and licence together.
            if not (
                DISOWNING in found or NEGATORS in found or (STATE in found and LICENCE in found)
            ):
                continue
            nt = ctx.normalised(field, raw)
            yield from self._field(field, raw, nt, ctx.matches(field, raw), found)

    def _field(
        self,
        field: str,
        raw: str,
        nt: NormalisedText,
        matches: Sequence[LexiconMatch],
        found: dict[str, list[LexiconMatch]],
    ) -> Iterator[Hit]:
        layout = SpeechLayout.build(nt, matches)

        def own(ms: Sequence[LexiconMatch]) -> list[LexiconMatch]:
            return [m for m in ms if not layout.reported(m)]

        def ev(start: int, end: int) -> Evidence:
            span = nt.to_original(start, end)
            return Evidence(
                detector=self.name, field=field, text=raw[span.start : span.end], span=span
            )

        for m in dedupe(own(found.get(DISOWNING, []))):
            yield Hit("role.disowning", (ev(m.start, m.end),))

        nouns = found.get(NOUNS, [])
        for n in own(found.get(NEGATORS, [])):
            # The longest role noun starting right after the negator ("a TPS employee").
            best: LexiconMatch | None = None
            for r in nouns:
                if n.end < r.start <= n.end + _MAX_GAP and (best is None or r.end > best.end):
                    best = r
            if best is not None:
                yield Hit("role.disowning", (ev(n.start, best.end),))

        states = own(found.get(STATE, []))
        licences = own(found.get(LICENCE, []))
        if states and licences:
            yield Hit(
                "role.disowning",
                (ev(states[0].start, states[0].end), ev(licences[0].start, licences[0].end)),
            )
