"""Lexicon detector: one `lexicon.<id>` count signal per pack lexicon, for policy writers."""

from __future__ import annotations

from collections.abc import Iterator

from socialpolicy.detectors.base import Hit, SignalSpec
from socialpolicy.detectors.context import Context, own_text_fields
from socialpolicy.evidence import Evidence


def lexicon_signal(lexicon_id: str) -> SignalSpec:
    return SignalSpec(
        f"lexicon.{lexicon_id}",
        "count",
        f"Terms of the pack lexicon '{lexicon_id}' in the author's own text.",
    )


class LexiconDetector:
    name = "lexicon"
    signals: tuple[SignalSpec, ...] = ()  # per pack: see lexicon_signal

    def detect(self, ctx: Context) -> Iterator[Hit]:
        wanted = ctx.resources.signal_lexicons
        if not wanted:
            return
        for field, raw in own_text_fields(ctx):
            # The shared lexicon pass says whether any wanted lexicon matched at all: most
            # fields have none, and then their matches (a dozen a post) go unread.
            if ctx.grouped(field, raw).keys().isdisjoint(wanted):
                continue
            nt = ctx.normalised(field, raw)
            for m in ctx.matches(field, raw):
                if m.lexicon_id not in wanted:
                    continue
                span = nt.to_original(m.start, m.end)
                yield Hit(
                    f"lexicon.{m.lexicon_id}",
                    (
                        Evidence(
                            detector=self.name,
                            field=field,
                            text=raw[span.start : span.end],
                            span=span,
                        ),
                    ),
                )
