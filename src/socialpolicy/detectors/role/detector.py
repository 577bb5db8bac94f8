"""The role detector: disowning the role, and conduct unbecoming, in the author's words."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from functools import partial

from socialpolicy.detectors._windows import evidence
from socialpolicy.detectors.account import Identity
from socialpolicy.detectors.base import Hit, SignalSpec
from socialpolicy.detectors.context import Context, own_text_fields
from socialpolicy.detectors.matching import LexiconMatch, LexiconMatcher
from socialpolicy.detectors.role import conduct
from socialpolicy.detectors.role.contempt import contempt
from socialpolicy.detectors.role.disowning import disowning
from socialpolicy.detectors.role.lexicons import (
    ACCEPT,
    ASK,
    CREDENTIALS,
    NOUNS,
    OTHERS,
    POLICING_FRAME,
    PRESSURE,
    SAVOUR,
    SELF_CLAIM,
    TIME,
    TRIGGERS,
)
from socialpolicy.detectors.role.misuse import misuse
from socialpolicy.detectors.role.unbecoming import (
    ABOVE_THE_LAW,
    UNBECOMING,
    role_named,
    speed_named,
    unbecoming,
)
from socialpolicy.detectors.role.view import RoleField
from socialpolicy.evidence import Evidence

__all__ = ["RoleDetector"]

REPLY_FIELD = "in_reply_to.text"
IDENTIFIED = "role.identified"
CONTEXT = "role.context"
ROLE_PREFIX = "role_"  # the role lexicons' ids (policies/toronto/lexicons/role_*.yaml)
# Role lexicons of everyday words that say nothing of the role by themselves: times
# ("today", "tonight"), a yes ("sure"), relish ("nothing like", an emoji), pressure ("learn",
# "careful"), the policing frame's "please" and "never", and the people of a member's life.
GENERIC = frozenset({TIME, ACCEPT, SAVOUR, PRESSURE, POLICING_FRAME, OTHERS})
_NEGATION = re.compile(r"\b(?:not|ain'?t)\b")
_YOU = re.compile(r"\b(?:you|you're|youre|u|ur)\b")
# A role noun that names someone of the author's life, not the author: "wife of a cop",
# "proud mom of an officer", "married to a cop", "ex-cop".
_SOMEONE_ELSES = re.compile(
    r"\b(?:of|to|wife|husband|mom|mum|dad|son|daughter|sister|brother|retired|ex|former)\W+"
    r"(?:(?:a|an|the|my)\W+)?$"
)


def _is_vocabulary(lexicon: str) -> bool:
    """A `role_*` lexicon but the `GENERIC` ones."""
    return lexicon.startswith(ROLE_PREFIX) and lexicon not in GENERIC


# The vocabulary lexicons of the last pack's matcher (`_vocabulary`): one tuple, read and
# replaced whole, so safe across threads.
_last_vocabulary: tuple[LexiconMatcher, frozenset[str]] | None = None


def _vocabulary(matcher: LexiconMatcher) -> frozenset[str]:
    """The pack's lexicons that `_is_vocabulary` accepts, so that a field's matched lexicons
    are asked with one set test (in C) rather than one call per lexicon."""
    global _last_vocabulary
    last = _last_vocabulary
    if last is not None and last[0] is matcher:
        return last[1]
    got = frozenset(filter(_is_vocabulary, matcher.lexicon_ids))
    _last_vocabulary = (matcher, got)
    return got


# The last account identity read and its current evidence: most runs judge one account's
# posts in a row, and the view (hence the identity) is the same object for each (one tuple,
# read and replaced whole: safe across threads).
_last_known: tuple[Identity, tuple[Evidence, ...]] | None = None


def _account_known(ident: Identity, detector: str) -> tuple[Evidence, ...]:
    """The account's current evidence that it is a member's (not a previous name's)."""
    global _last_known
    last = _last_known
    if last is not None and last[0] is ident:
        return last[1]
    current = tuple(e for e in ident.evidence if not e.field.startswith("account.prev"))
    got = current or (
        Evidence(detector=detector, field="account.identifies_as_member", text="true"),
    )
    _last_known = (ident, got)
    return got


def _negated_noun(text: str, nouns: Sequence[LexiconMatch] | None) -> bool:
    """Cheap gate: a role noun with "not" just before it ("not a cop", "not your cop").
    Every `_NEGATION` match holds "not" or "ain": a text with neither is not searched."""
    return (
        bool(nouns)
        and ("not" in text or "ain" in text)
        and any(_NEGATION.search(text, max(0, n.start - 12), n.start) for n in nouns or ())
    )


class RoleDetector:
    """Signals a member saying they are, for now, not police, or acting as no member could."""

    name = "role"
    signals = (
        SignalSpec(
            "role.disowning",
            "count",
            "The author disowns the role: 'not speaking as a cop', 'not a cop today', "
            "'taking my badge off', 'I only work there', 'off the clock, so I say what I want'.",
        ),
        SignalSpec(
            "role.force",
            "count",
            "The author relishes force on people ('can't wait to crack some heads', 'hope "
            "he resists', 'nothing like a proper takedown, love this job').",
        ),
        SignalSpec(
            conduct.CONDONED,
            "count",
            "The author says force used on someone was earned: 'next time he listens' "
            "replying to a text that tells of it, 'tased him, should have complied'.",
        ),
        SignalSpec(
            "role.leverage",
            "count",
            "The author holds the powers of the role over a person: 'I know your plate "
            "now', 'hope I pull you over'.",
        ),
        SignalSpec(
            conduct.POLICE_THREAT,
            "count",
            "The author threatens a private person with police attention at their door, "
            "outright: 'one more time and there'll be a cruiser outside his house'.",
        ),
        SignalSpec(
            "role.favour",
            "count",
            "The author offers to bend enforcement as a favour ('DM me the ticket number, "
            "I'll see what I can do'), or uses the badge for personal benefit ('flashed my "
            "badge to skip the line').",
        ),
        SignalSpec(
            "role.misuse",
            "count",
            "The author uses police property or systems for their own ends: 'the cruiser "
            "doubles as a moving van', 'ran the plate of whoever took my spot'.",
        ),
        SignalSpec(
            "role.contempt",
            "count",
            "The author shows contempt for the people police deal with: 'same dirtbags "
            "every night shift', 'booked three of tonight's customers'.",
        ),
        SignalSpec(
            IDENTIFIED,
            "flag",
            "A reader knows the author is police: the account identifies as a member, the "
            "post names the author's role ('my badge', 'I'm a police officer', a media text "
            "showing officers), or the text replied to addresses the author as police.",
        ),
        SignalSpec(
            CONTEXT,
            "flag",
            "The post's words, or the text it replies to, touch the role: a word of any "
            "role lexicon (the badge, a shift, a ticket, a cruiser, 'off duty', force, a "
            "favour). A post about a family outing has none.",
        ),
        SignalSpec(
            UNBECOMING,
            "count",
            "The member's role is known (account or post) and the post shows conduct of the "
            "member's own that reflects on the Service: drunk or thrown out, impunity boasted "
            "('who's gonna arrest me'), or the role invoked over a person ('told her I'm a "
            "police officer and she had better ...').",
        ),
        SignalSpec(
            ABOVE_THE_LAW,
            "count",
            "Of `role.unbecoming`, the readings that show the breach by themselves: the "
            "member names the role to press a person or as a licence ('told her I'm a police "
            "officer and she had better ...', 'I'm a cop, speed limits are a suggestion'), or "
            "boasts that enforcement cannot reach them ('who's gonna pull over a cop?').",
        ),
        SignalSpec(
            "role.neglect",
            "count",
            "The author boasts of leaving the job undone: 'slept through half my shift lol', "
            "'pretended I didn't hear the radio'.",
        ),
    )

    def _role_known(self, ctx: Context) -> tuple[Evidence, ...]:
        """Evidence that a reader knows the author is police (empty: none): the account
        says so, a field of the post names the author's role, or the text replied to
        addresses the author as police."""
        ident = ctx.account_view().identity
        if ident.identifies:
            return _account_known(ident, self.name)
        bio = self._bio_names_role(ctx, ident.stated)
        if bio is not None:
            return (bio,)
        for field, raw in own_text_fields(ctx):
            found = ctx.grouped(field, raw)
            if CREDENTIALS in found or NOUNS in found or SELF_CLAIM in found:
                nt = ctx.normalised(field, raw)
                f = RoleField(self.name, field, raw, nt, partial(ctx.layout, field, raw))
                named = role_named(f, found)
                if named is not None:
                    return (f.ev(named.start, named.end),)
        target = ctx.post.in_reply_to
        if target is None or not target.text:
            return ()
        nt = ctx.normalised(REPLY_FIELD, target.text)
        groups = ctx.grouped(REPLY_FIELD, target.text)
        # "Aren't you a cop?", "can you make my ticket go away": the person answered knows.
        addressed = groups.get(NOUNS, []) if _YOU.search(nt.text) else []
        for m in [*addressed, *groups.get(ASK, [])]:
            return (evidence(self.name, REPLY_FIELD, nt, m.start, m.end),)
        return ()

    def _bio_names_role(self, ctx: Context, stated: bool) -> Evidence | None:
        """A role noun in the account's bio or display name ("Toronto cop. Car guy.",
        "Cst. Lee, 14 Div officer"), not someone else's ("wife of a cop"): readers of the
        post know the author is police even where the Service is not named (issue 10,
        always3). Not read where the account states it does not identify as a member."""
        if not ctx.account_given or stated:
            return None
        author = ctx.author
        for field, raw in (
            ("account.bio", author.bio),
            ("account.display_name", author.display_name),
        ):
            if not raw:
                continue
            nt = ctx.normalised(field, raw)
            for m in ctx.grouped(field, raw).get(NOUNS, []):
                if not _SOMEONE_ELSES.search(nt.text, max(0, m.start - 24), m.start):
                    return evidence(self.name, field, nt, m.start, m.end)
        return None

    def _role_context(self, ctx: Context) -> Evidence | None:
        """The first word of the role's vocabulary (a `role_*` lexicon but the `GENERIC`
        ones: its means, its work, its powers, the conduct this detector reads) in the
        author's words or the text replied to, or None: a post about a family outing or an
        alarm clock has none."""
        vocabulary = _vocabulary(ctx.resources.matcher)
        fields = ctx.own_texts()
        target = ctx.post.in_reply_to
        if target is not None and target.text:
            fields = (*fields, (REPLY_FIELD, target.text))
        for field, raw in fields:
            found = ctx.grouped(field, raw)
            if vocabulary.isdisjoint(found):
                continue  # most fields: no word of the role at all
            # The first of the field's lexicons (in `found`'s order) that is vocabulary: asked
            # of the few in both (one set operation in C) rather than of every lexicon found.
            # (`grouped` holds no empty list: a lexicon is a key only with a match.)
            held = vocabulary.intersection(found)
            lexicon = next(iter(held)) if len(held) == 1 else next(k for k in found if k in held)
            m = found[lexicon][0]
            return evidence(self.name, field, ctx.normalised(field, raw), m.start, m.end)
        return None

    def detect(self, ctx: Context) -> Iterator[Hit]:
        target = ctx.post.in_reply_to
        reads = ctx.reads
        # `role.identified` and `role.context` only where a rule reads them (no shipped rule
        # reads the first); whether the role is known is asked again below where conduct
        # needs it.
        known: tuple[Evidence, ...] | None = None
        if reads is None or IDENTIFIED in reads:
            known = self._role_known(ctx)
            if known:
                yield Hit(IDENTIFIED, known)
        if reads is None or CONTEXT in reads:
            touched = self._role_context(ctx)
            if touched is not None:
                yield Hit(CONTEXT, (touched,))
        for field, raw in own_text_fields(ctx):
            found = ctx.grouped(field, raw)
            nt = ctx.normalised(field, raw)
            if (
                TRIGGERS.isdisjoint(found)
                and not speed_named(nt.text)
                and not _negated_noun(nt.text, found.get(NOUNS))
                and (target is None or ACCEPT not in found)
            ):
                continue  # the common case
            # The layout when a check first needs it (`RoleField.layout`): a field past the gate
            # by one cue often holds nothing else the checks read.
            f = RoleField(self.name, field, raw, nt, partial(ctx.layout, field, raw))
            reply_groups = None if target is None else ctx.grouped(REPLY_FIELD, target.text)
            parent = (
                None
                if target is None or ACCEPT not in found
                else RoleField(
                    self.name,
                    REPLY_FIELD,
                    target.text,
                    ctx.normalised(REPLY_FIELD, target.text),
                    ctx.layout(REPLY_FIELD, target.text),
                )
            )

            def reply_ev(m: LexiconMatch) -> Evidence:
                assert target is not None
                pnt = ctx.normalised(REPLY_FIELD, target.text)
                return evidence(self.name, REPLY_FIELD, pnt, m.start, m.end)

            yield from disowning(f, found)
            yield from conduct.force(f, found)
            yield from conduct.condoned(f, found, reply_groups, reply_ev)
            yield from misuse(f, found)
            yield from contempt(f, found)
            yield from conduct.neglect(f, found, target is not None)
            yield from conduct.leverage(f, found, target is not None)
            yield from conduct.favour(f, found, reply_groups)
            yield from conduct.favour_granted(f, found, reply_groups, reply_ev)
            yield from conduct.perks(f, found)
            yield from conduct.perks_taken(f, found)
            yield from conduct.sent_to_the_door(f, found)
            yield from conduct.endorsed_force(f, found, parent, reply_groups)
            yield from conduct.withheld(f, found)
            if known is None:
                known = self._role_known(ctx)
            yield from unbecoming(f, found, bool(known))
