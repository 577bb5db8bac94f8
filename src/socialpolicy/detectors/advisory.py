"""Advisory detector: signals for Toronto's advice-level clauses.

- a question about the Service put to the member in the post being replied to ("why did
  TPS ...?", "will charges be laid ...?"), and whether the reply redirects to Corporate
  Communications or subject-matter experts (tps.official-response);
- doubt about whether the member may post: first-person doubt followed by a permission or
  posting word ("not entirely sure I'm supposed to share this"), or a standalone sign such as
  "don't tell my sergeant" (tps.questions-ask);
- a post meant to be temporary ("deleting this in an hour") (tps.internet-is-forever);
- a belief that the post is private ("my account is private now, so here goes", "just
  between us") (tps.public-space).

Visibility (followers-only, private, direct) is a post fact the rules read directly; this
detector does not turn it into a signal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from socialpolicy.detectors._windows import evidence
from socialpolicy.detectors.base import Hit, SignalSpec
from socialpolicy.detectors.context import Context, own_text_fields
from socialpolicy.detectors.matching import LexiconMatch
from socialpolicy.detectors.operational import Sentences, match_evidence
from socialpolicy.normalise import NormalisedText

QUESTION_TOPIC = "advisory_question_topic"
WHO_CALLED = "identity_who_called"  # "who called the cops?" asks about a person, not the Service
REDIRECT = "comms_redirect"
DOUBT = "advisory_doubt"
PERMISSION = "advisory_permission"
UNSURE = "advisory_unsure_post"
TEMPORARY = "advisory_temporary"
PRIVATE = "advisory_private_belief"

LEXICONS = frozenset({REDIRECT, DOUBT, PERMISSION, UNSURE, TEMPORARY, PRIVATE})

REPLY_FIELD = "in_reply_to.text"
DOUBT_WINDOW = 40  # characters from a doubt to the permission word that completes it

# A sentence that asks, though it has no question mark: it opens with an interrogative
# (after any @mentions). Grammar, not vocabulary.
_INTERROGATIVE = re.compile(
    r"\s*(?:@\w+\s+)*(?:why|how come|how|when|who|what|where|will|would|is|are|was|were|did|"
    r"does|do|can|could|has|have|any update|any news)\b"
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
            if REDIRECT in g and field == "text":
                yield Hit(
                    "advisory.redirected", match_evidence(self.name, field, nt, g[REDIRECT][:1])
                )
            for m in g.get(UNSURE, [])[:1]:
                yield Hit("advisory.unsure", match_evidence(self.name, field, nt, (m,)))
            if UNSURE not in g and DOUBT in g and PERMISSION in g:
                yield from self._doubt(field, nt, g[DOUBT], g[PERMISSION])
            for m in g.get(TEMPORARY, [])[:1]:
                yield Hit("advisory.temporary", match_evidence(self.name, field, nt, (m,)))
            for m in g.get(PRIVATE, [])[:1]:
                yield Hit("advisory.private_belief", match_evidence(self.name, field, nt, (m,)))

    def _doubt(
        self,
        field: str,
        nt: NormalisedText,
        doubts: list[LexiconMatch],
        permissions: list[LexiconMatch],
    ) -> Iterator[Hit]:
        sents = Sentences(nt)
        for d in doubts:
            for p in permissions:
                if (0 <= p.start - d.end <= DOUBT_WINDOW or p.start == d.start) and sents.of(
                    p.start
                ) == sents.of(d.start):
                    yield Hit("advisory.unsure", match_evidence(self.name, field, nt, (d, p)))
                    return

    def _service_question(self, ctx: Context, raw: str) -> Hit | None:
        """A question sentence in the reply target that names a Service-level topic."""
        matches = ctx.matches(REPLY_FIELD, raw)
        topics = [m for m in matches if m.lexicon_id == QUESTION_TOPIC]
        if not topics or any(m.lexicon_id == WHO_CALLED for m in matches):
            return None
        nt = ctx.normalised(REPLY_FIELD, raw)
        text = nt.text
        sents = Sentences(nt)
        for m in topics:
            start, end = sents.bounds(m.start, len(text))
            sentence = text[start:end]
            if "?" in sentence or _INTERROGATIVE.match(sentence):
                a, b = start, end
                while a < b and text[a] == " ":
                    a += 1
                return Hit(
                    "advisory.service_question", (evidence(self.name, REPLY_FIELD, nt, a, b),)
                )
        return None
