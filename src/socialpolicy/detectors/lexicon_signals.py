"""Lexicon detector: one `lexicon.<id>` count signal per pack lexicon, for policy writers."""

from __future__ import annotations

from collections.abc import Iterator

from socialpolicy.detectors.base import Hit, SignalSpec
from socialpolicy.detectors.context import Context
from socialpolicy.evidence import Evidence


def lexicon_signal(lexicon_id: str) -> SignalSpec:
    return SignalSpec(
        f"lexicon.{lexicon_id}",
        "count",
        f"Terms of the pack lexicon '{lexicon_id}' in the author's own text.",
    )


def own_text_fields(ctx: Context) -> Iterator[tuple[str, str]]:
    """The fields holding the author's own words: text, then each caption and alt text."""
    yield "text", ctx.post.text
    for i, item in enumerate(ctx.post.media):
        if item.caption:
            yield f"media[{i}].caption", item.caption
        if item.alt_text:
            yield f"media[{i}].alt_text", item.alt_text


class LexiconDetector:
    name = "lexicon"
    signals: tuple[SignalSpec, ...] = ()  # per pack: see lexicon_signal

    def detect(self, ctx: Context) -> Iterator[Hit]:
        wanted = ctx.resources.signal_lexicons
        if not wanted:
            return
        for field, raw in own_text_fields(ctx):
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
