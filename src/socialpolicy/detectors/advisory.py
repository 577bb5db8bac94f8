"""Advisory detector: signals for Toronto's advice-level clauses.

- a question about the Service put to the member in the post being replied to ("why did
  TPS ...?", "will charges be laid ...?"), and whether the reply redirects to Corporate
  Communications or subject-matter experts (tps.official-response);
- doubt about whether the member may post: first-person doubt followed by a permission or
  posting word ("not entirely sure I'm supposed to share this"), or a standalone sign such as
  "don't tell my sergeant" (tps.questions-ask);
- a member saying they were asked about a Service matter ("a reporter DM'd me asking about
  the shooting", "people keep asking me why we changed the towing rules") without redirecting
  (tps.official-response);
- a post meant to be temporary ("deleting this in an hour", "it's on my story, gone in 24
  hours"), or one taken back or said not to say what was meant ("deleted my last post, that
  came out wrong") (tps.internet-is-forever);
- a belief that the post is private ("my account is private now, so here goes", "just
  between us") (tps.public-space).

Visibility (followers-only, private, direct) is a post fact the rules read directly; this
detector does not turn it into a signal.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence

from socialpolicy.detectors._windows import Groups, Sentences, evidence
from socialpolicy.detectors.base import Hit, SignalSpec
from socialpolicy.detectors.context import Context, own_text_fields
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.evidence import Evidence
from socialpolicy.normalise import NormalisedText

QUESTION_TOPIC = "advisory_question_topic"
QUESTION_SERVICE = "advisory_question_service"
WHO_CALLED = "identity_who_called"  # "who called the cops?" asks about a person, not the Service
# A favour asked of the member ("any chance you know someone?", "can you get my ticket
# cancelled?"): a request the member should refuse, which the role detector reads, not a
# question for Corporate Communications. Read from the role pack's lexicons.
FAVOUR_ASK = "role_ask"
ENFORCEMENT = "role_enforcement"
REDIRECT = "comms_redirect"
POINTER = "comms_pointer"
DOUBT = "advisory_doubt"
PERMISSION = "advisory_permission"
UNSURE = "advisory_unsure_post"
TEMPORARY = "advisory_temporary"
PRIVATE = "advisory_private_belief"
TAKE_BACK = "advisory_take_back"
ASKED = "advisory_asked"

LEXICONS = frozenset({REDIRECT, DOUBT, PERMISSION, UNSURE, TEMPORARY, PRIVATE, TAKE_BACK, ASKED})

REPLY_FIELD = "in_reply_to.text"


def match_evidence(
    detector: str, field: str, nt: NormalisedText, matches: Iterable[LexiconMatch]
) -> tuple[Evidence, ...]:
    return tuple(evidence(detector, field, nt, m.start, m.end) for m in matches)


DOUBT_WINDOW = 40  # characters from a doubt to the permission word that completes it

# A sentence that asks, though it has no question mark: it opens with an interrogative
# (after any @mentions). Grammar, not vocabulary.
_INTERROGATIVE = re.compile(
    r"\s*(?:@\w+\s+)*(?:why|how come|how|when|who|what|where|will|would|is|are|was|were|did|"
    r"does|do|can|could|has|have|any update|any news)\b"
)
# A question about a person, not the Service: "are you ...", "did you ...", "is he ...",
# "what happened to your arm?", "what's going on with you?".
# ("you guys", "you all" ask the Service.) Grammar, not vocabulary.
_ABOUT_A_PERSON = re.compile(
    r"\b(?:are|were|did|do|does|have|has|is|was|will|would|can|could|should|shouldn't|shouldnt)"
    r"\s+(?:you|u|ya|he|she)\b"
    r"(?!\s+(?:guys|all|folks|people))"
    r"|\b(?:to|with)\s+(?:you|your|u|ur|him|her)\b(?!\s+(?:guys|all|folks|people|officers))"
)
# Asking the member to do something for the asker ("can you get my ticket cancelled?", "could
# you make it go away for me"): next to an enforcement matter, a favour, not a question about
# the Service. Grammar, not vocabulary.
# Two linear patterns, the second searched after the first ("can you" ... "my"): one pattern
# with ".*" between them would rescan the sentence from every "can you".
_ASK_YOU = re.compile(r"\b(?:can|could|would|will)\s+(?:you|u|ya)\b")
_MINE = re.compile(r"\b(?:my|me)\b")
# An ask without a question mark, anywhere in the sentence: "explain why nobody came", "tell
# me what happened", "care to explain". Grammar, not vocabulary.
_ASKS = re.compile(
    r"\b(?:explain|tell (?:me|us)|care to explain|i want to know|wanna know|want answers)\b"
)


class AdvisoryDetector:
    """Signals for the advisory clauses; every finding they feed is advice."""

    name: str = "advisory"
    signals: Sequence[SignalSpec] = (
        SignalSpec(
            "advisory.service_question",
            "flag",
            "The post replies to a question about the Service (its decisions, programs, "
            "policies, investigations, charges, releases).",
        ),
        SignalSpec(
            "advisory.redirected",
            "flag",
            "The post redirects to Corporate Communications or subject-matter experts.",
        ),
        SignalSpec(
            "advisory.asked_about_service",
            "flag",
            "The member says they were asked about a Service matter ('a reporter DM'd me "
            "asking about the shooting'): a question about the Service in the member's own words.",
        ),
        SignalSpec(
            "advisory.unsure",
            "count",
            "The author doubts whether they may post this ('not sure I'm allowed to...').",
        ),
        SignalSpec(
            "advisory.temporary",
            "count",
            "The author means the post to be temporary ('deleting this in an hour').",
        ),
        SignalSpec(
            "advisory.take_back",
            "count",
            "The author takes a post back or says it did not say what was meant ('deleted my "
            "last post, that came out wrong').",
        ),
        SignalSpec(
            "advisory.private_belief",
            "count",
            "The author believes the post is private or unseen ('only my followers "
            "see this', 'just between us').",
        ),
    )

    def detect(self, ctx: Context) -> Iterator[Hit]:
        reply = ctx.post.in_reply_to
        if reply is not None and reply.text:
            hit = self._service_question(ctx, reply.text)
            if hit is not None:
                yield hit
        for field, raw in own_text_fields(ctx):
            g = ctx.grouped(field, raw)
            if LEXICONS.isdisjoint(g):
                continue
            nt = ctx.normalised(field, raw)
            if field == "text":
                r = redirect(nt, g)
                if r is not None:
                    yield Hit("advisory.redirected", match_evidence(self.name, field, nt, r))
            for m in g.get(UNSURE, [])[:1]:
                yield Hit("advisory.unsure", match_evidence(self.name, field, nt, (m,)))
            if UNSURE not in g and DOUBT in g and PERMISSION in g:
                yield from self._doubt(field, nt, g[DOUBT], g[PERMISSION])
            for m in g.get(TEMPORARY, [])[:1]:
                yield Hit("advisory.temporary", match_evidence(self.name, field, nt, (m,)))
            for m in g.get(TAKE_BACK, [])[:1]:
                yield Hit("advisory.take_back", match_evidence(self.name, field, nt, (m,)))
            for m in g.get(PRIVATE, [])[:1]:
                yield Hit("advisory.private_belief", match_evidence(self.name, field, nt, (m,)))
            if field == "text" and ASKED in g:
                got = asked_about_service(nt, g)
                if got is not None:
                    yield Hit(
                        "advisory.asked_about_service", match_evidence(self.name, field, nt, got)
                    )

    def _doubt(
        self,
        field: str,
        nt: NormalisedText,
        doubts: list[LexiconMatch],
        permissions: list[LexiconMatch],
    ) -> Iterator[Hit]:
        sents = Sentences.of(nt)
        for d in doubts:
            for p in permissions:
                if (0 <= p.start - d.end <= DOUBT_WINDOW or p.start == d.start) and sents.same(
                    p.start, d.start
                ):
                    yield Hit("advisory.unsure", match_evidence(self.name, field, nt, (d, p)))
                    return

    def _service_question(self, ctx: Context, raw: str) -> Hit | None:
        got = service_question(ctx, raw)
        if got is None:
            return None
        nt = ctx.normalised(REPLY_FIELD, raw)
        return Hit("advisory.service_question", (evidence(self.name, REPLY_FIELD, nt, *got),))


# "For those asking, ...", "to everyone asking": the people who asked, not where to ask.
_ASKERS = frozenset({"those", "everyone", "anyone", "people", "folks", "all", "who", "y'all"})


def _audience(text: str, pointer: LexiconMatch) -> bool:
    """The pointing word names the askers ("for those asking"), not a destination."""
    if not text[pointer.start : pointer.end].startswith("ask"):
        return False
    before = text[max(0, pointer.start - 12) : pointer.start].split()
    return bool(before) and before[-1] in _ASKERS


def redirect(nt: NormalisedText, g: Groups) -> tuple[LexiconMatch, LexiconMatch] | None:
    """Where the post sends the person: a destination (`comms_redirect`: Corporate
    Communications, the investigators) and a pointing word (`comms_pointer`: ask, reach out
    to, they can give you) in one sentence. Naming the investigators alone is not a redirect."""
    destinations = g.get(REDIRECT)
    pointers = g.get(POINTER)
    if not destinations or not pointers:
        return None
    sents = Sentences.of(nt)
    # The first pointer of each sentence, found once: asking every pointer for every
    # destination was quadratic in a long text of both.
    first: dict[int, LexiconMatch] = {}
    for p in pointers:
        if not _audience(nt.text, p):
            first.setdefault(sents.index(p.start), p)
    for d in destinations:
        q = first.get(sents.index(d.start))
        if q is not None:
            return (d, q) if d.start <= q.start else (q, d)
    return None


def asked_about_service(nt: NormalisedText, g: Groups) -> tuple[LexiconMatch, LexiconMatch] | None:
    """The member reports being asked (`advisory_asked`: "asked me", "DM'd me asking", "keep
    asking why") about a Service-level topic (`advisory_question_topic`: a case, charges, a
    decision, a program) in the same sentence: the question the guideline says to redirect."""
    topics = g.get(QUESTION_TOPIC)
    if not topics:
        return None
    sents = Sentences.of(nt)
    # Only the first topic starting at or after the ask can share its sentence if any does
    # (topics come in the order of the text): asking every topic per ask was quadratic.
    starts = [t.start for t in topics]
    for a in g.get(ASKED, []):
        i = bisect_left(starts, a.start)
        if i < len(topics) and sents.same(a.start, topics[i].start):
            return a, topics[i]
    return None


def service_question(ctx: Context, raw: str) -> tuple[int, int] | None:
    """The sentence of the reply target (`in_reply_to.text`, given as `raw`) that asks about
    the Service: a question, or a request to explain, about a Service-level topic (a
    decision, a case, charges, a release), or about the Service itself unless it asks about a
    person ("Is he a police dog?", "Are you going to the police games?", "shouldn't you be
    setting an example?"). A favour asked of the member ("can you get my ticket cancelled?")
    is not a question about the Service. Positions are in its normalised text."""
    g = ctx.grouped(REPLY_FIELD, raw)
    topics = g.get(QUESTION_TOPIC, [])
    service = g.get(QUESTION_SERVICE, [])
    if not (topics or service) or WHO_CALLED in g:
        return None
    nt = ctx.normalised(REPLY_FIELD, raw)
    text = nt.text
    sents = Sentences.of(nt)
    favours = {sents.index(f.start) for f in g.get(FAVOUR_ASK, ())}
    for e in g.get(ENFORCEMENT, ()):
        i = sents.index(e.start)
        lo, hi = sents.bounds(i)
        ask = _ASK_YOU.search(text, lo, hi)
        if ask is not None and _MINE.search(text, ask.end(), hi) is not None:
            favours.add(i)
    for m, strong in [(t, True) for t in topics] + [(t, False) for t in service]:
        if sents.index(m.start) in favours:
            continue  # a favour asked of the member, not a question about the Service
        start, end = sents.bounds(sents.index(m.start))
        while start < end and text[start] == " ":
            start += 1
        if not (
            "?" in text[start:end]
            or _INTERROGATIVE.match(text, start)
            or _ASKS.search(text, start, end)
        ):
            continue
        if strong or not _ABOUT_A_PERSON.search(text, start, end):
            return start, end
    return None
