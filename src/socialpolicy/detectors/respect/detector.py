"""The respect detector: runs each concept check over the author's own words."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence

from socialpolicy.detectors.base import Hit
from socialpolicy.detectors.context import Context, own_text_fields
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.respect import (
    attacks,
    condescension,
    dismissals,
    harassment,
    insults,
    mockery,
    othering,
)
from socialpolicy.detectors.respect.aim import FieldView, ReplyContext
from socialpolicy.detectors.respect.lexicons import (
    ABUSIVE_COMMANDS,
    BELITTLING,
    BELONGING,
    BRUSH_OFFS,
    CONDESCENDING_ADDRESS,
    CONTEMPT_EMOJI,
    CRIMINAL_VIEWS,
    CURT,
    DEHUMANISING,
    DISMISSIVE,
    ELIMINATIONIST,
    EPITHET_NAMES,
    EPITHETS,
    EXCLUSION,
    GRIEVANCE,
    GROUP_JUDGEMENTS,
    HARASSMENT,
    HOSTILITY,
    IMPATIENCE,
    INSULT_ADJECTIVES,
    INSULTS,
    LAUGHTER,
    OTHERING,
    PATRONISING,
    PILE_ON,
    PILE_ON_CONTACT,
    PROFANITY,
    RETORTS,
    RIDICULE_IMAGES,
    SARCASM,
    SARCASTIC_PRAISE,
    SLURS,
    SNEERING,
    TAUNTS,
    THREATS,
    TRIGGERS,
    VIEW_HOLDERS,
    WRY_EMOJI,
)
from socialpolicy.detectors.respect.signals import SIGNALS
from socialpolicy.detectors.respect.speech import SpeechLayout, dedupe
from socialpolicy.detectors.respect.swearing import swearing
from socialpolicy.detectors.respect.threats import threats
from socialpolicy.normalise import NormalisedText

__all__ = ["RespectDetector"]

REPLY_FIELD = "in_reply_to.text"
# What a replied text must show to be a view that constitutes a criminal offence.
_LETTER = re.compile(r"[^\W\d_]")
_CRIMINAL = frozenset({"respect.threat", "respect.slur", "respect.identity_attack"})


class RespectDetector:
    """Offensive, rude and discriminatory language aimed at people, and strong swearing."""

    name = "respect"
    signals = SIGNALS

    def detect(self, ctx: Context) -> Iterator[Hit]:
        is_reply = ctx.post.in_reply_to is not None
        reply: ReplyContext | None = None
        for field, raw in own_text_fields(ctx):
            groups = ctx.grouped(field, raw)
            nt = ctx.normalised(field, raw)
            if (
                TRIGGERS.isdisjoint(groups)
                and not (is_reply and _reply_hint(nt.text, raw, groups))
                and not mockery.scare_quote_hint(nt.text, groups)
            ):
                continue  # the common case: nothing rude in this field
            if is_reply and reply is None:
                reply = self._reply(ctx)
            yield from self._field(field, raw, nt, ctx.layout(field, raw), groups, reply)

    def _reply(self, ctx: Context) -> ReplyContext:
        """The text replied to, and whether it constitutes a criminal offence by the same
        checks that judge the author's words."""
        target = ctx.post.in_reply_to
        assert target is not None
        raw = target.text
        groups = ctx.grouped(REPLY_FIELD, raw)
        nt = ctx.normalised(REPLY_FIELD, raw)
        criminal = False
        if not CRIMINAL_VIEWS.isdisjoint(groups):
            view = FieldView(self.name, REPLY_FIELD, raw, nt, ctx.layout(REPLY_FIELD, raw), groups)
            criminal = any(h.signal in _CRIMINAL for h in _attacks(view, groups))
        laughs = bool(groups.get(LAUGHTER))
        return ReplyContext(
            nt.text,
            criminal,
            asks="?" in raw and not laughs,
            grieves=bool(groups.get(GRIEVANCE)) and not laughs,
        )

    def _field(
        self,
        field: str,
        raw: str,
        nt: NormalisedText,
        layout: SpeechLayout,
        groups: Mapping[str, Sequence[LexiconMatch]],
        reply: ReplyContext | None,
    ) -> Iterator[Hit]:
        f = FieldView(self.name, field, raw, nt, layout, groups, reply)

        def found(*lexicons: str) -> list[LexiconMatch]:
            return dedupe([m for lex in lexicons for m in groups.get(lex, ())])

        # Order matters: the aimed findings come first, so that swearing they explain is not
        # counted again, and eliminationist phrases see whether the field attacks a group.
        yield from _attacks(f, groups)
        yield from insults.abusive_commands(f, found(ABUSIVE_COMMANDS))
        yield from dismissals.dismissals(f, found(DISMISSIVE, IMPATIENCE))
        yield from dismissals.curt(f, found(CURT))
        yield from dismissals.brush_offs(f, found(BRUSH_OFFS))
        yield from mockery.remarks(f, found(TAUNTS, SARCASM))
        yield from mockery.retorts(f, found(RETORTS))
        yield from mockery.sneers(f, found(SNEERING))
        yield from mockery.praise(f, found(SARCASTIC_PRAISE))
        yield from mockery.views(f, found(VIEW_HOLDERS))
        yield from mockery.epithets(f, found(EPITHETS))
        yield from mockery.labels(f, found(EPITHET_NAMES))
        yield from mockery.emoji(f, found(CONTEMPT_EMOJI))
        yield from mockery.emoji(f, found(WRY_EMOJI), wry=True)
        yield from mockery.mock_case(f)
        yield from mockery.laughs_at(f, found(LAUGHTER))
        yield from mockery.in_custody(f, groups)
        yield from mockery.memes(f, found(RIDICULE_IMAGES))
        yield from mockery.echoes(f)
        yield from mockery.spelling(f)
        yield from mockery.scare_quotes(f)
        yield from condescension.address(f, found(CONDESCENDING_ADDRESS))
        yield from condescension.instructions(f, found(PATRONISING))
        yield from condescension.belittling(f, found(BELITTLING))
        yield from harassment.harassment(f, found(HARASSMENT))
        yield from harassment.pile_on(f, found(PILE_ON), found(PILE_ON_CONTACT))
        yield from othering.othering(f, found(OTHERING))
        yield from othering.judgements(f, found(GROUP_JUDGEMENTS))
        yield from swearing(f, found(PROFANITY))


def _reply_hint(text: str, raw: str, groups: Mapping[str, Sequence[LexiconMatch]]) -> bool:
    """Cheap gate for what is rude only in a reply: laughter or a wry emoji, a spelling
    correction, a view echoed in mock case, or a curt word at the start of a sentence
    ("Blocked.", not "and")."""
    if groups.get(LAUGHTER) or groups.get(WRY_EMOJI) or "*" in raw:
        return True
    if mockery.mock_cased(raw):
        return True
    for m in groups.get(CURT, ()):
        before = text[max(0, m.start - 3) : m.start].rstrip()
        if not before or before[-1] in ".!?" or not _LETTER.search(before):
            return True
    return False


def _attacks(f: FieldView, groups: Mapping[str, Sequence[LexiconMatch]]) -> Iterator[Hit]:
    """Slurs, insults, identity attacks and threats: the checks that can decide by themselves
    (also run on the text replied to, to tell whether it constitutes a criminal offence)."""

    def found(*lexicons: str) -> list[LexiconMatch]:
        return dedupe([m for lex in lexicons for m in groups.get(lex, ())])

    yield from insults.slurs(f, found(SLURS))
    yield from insults.insults(f, found(INSULTS, INSULT_ADJECTIVES))
    yield from attacks.dehumanising(f, found(DEHUMANISING))
    yield from attacks.exclusion(f, found(EXCLUSION))
    yield from attacks.belonging(f, found(BELONGING))
    yield from attacks.eliminationist(f, found(ELIMINATIONIST))
    yield from attacks.hostility(f, found(HOSTILITY))
    yield from threats(f, found(THREATS))
